#!/bin/sh
# SPDX-License-Identifier: MIT
# Tests of mtasts-gen.
#
# Usage: sh run.sh PATH/TO/mtasts-gen PATH/TO/mtasts-lint SOURCE_DIR
#
# Five groups, each case counted once:
#
# 1. Golden cases, cases/NAME.args: the arguments, one per line, in which
#    @SRC@ stands for SOURCE_DIR and @TMP@ for the case's own empty working
#    directory, where the tool runs. Expected results, compared byte for
#    byte (@TMP@ standing for that directory in what the tool printed):
#      cases/NAME.out     standard output (required; empty for none)
#      cases/NAME.status  exit status (required)
#      cases/NAME.err     standard error (optional; absent means empty)
#      cases/NAME.tree/   the files the tool left in its working directory
#                         (optional; absent means none)
#    cases/NAME.env holds VAR=VALUE lines to set and -VAR lines to unset;
#    cases/NAME.stdin is standard input (else /dev/null).
#    SOURCE_DATE_EPOCH is 1700000000 (2023-11-14T22:13:20Z) unless a case
#    says otherwise. With MTASTS_GEN_UPDATE=1 the .out, .err and .tree of
#    the cases that differ are rewritten; review them with git diff.
# 2. Round trips, roundtrip.txt: each option set is generated with CRLF and
#    with LF into a directory. The policy must be the canonical text of the
#    expected values, and mtasts-lint --strict --format=json must find no
#    diagnostic at all in it and in both records, and read back exactly the
#    expected values.
# 3. --from on every file of tests/data/known-good: with no option the
#    policy comes back byte for byte (with --lf; with CRLF line ends
#    without it); each option changes its own line and nothing else.
# 4. Without SOURCE_DATE_EPOCH the id is the current UTC time.
# 5. Presets: each preset's policy covers the MX hosts of its provider.
set -u
# No globbing: values such as *.example.com are split into words below.
set -f

if [ $# -ne 3 ]; then
  echo "usage: sh run.sh PATH/TO/mtasts-gen PATH/TO/mtasts-lint SOURCE_DIR" >&2
  exit 2
fi
abs() {
  case $1 in
  /*) printf '%s\n' "$1" ;;
  *) printf '%s/%s\n' "$(pwd)" "$1" ;;
  esac
}
gen=$(abs "$1")
lint=$(abs "$2")
src=$(cd "$3" && pwd) || exit 2
here=$src/tests/gen

unset NO_COLOR POSIXLY_CORRECT
LC_ALL=C
SOURCE_DATE_EPOCH=1700000000
DEFAULT_ID=20231114221320
export LC_ALL SOURCE_DATE_EPOCH

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-gen.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

CR=$(printf '\r')
NL=$(printf '\n_')
NL=${NL%_}

. "$src/tests/check.sh"
# report NAME PROBLEMS: a check (tests/check.sh); PROBLEMS is built a line
# at a time, each led by a newline, which the listing does not need.
report() {
  check "$1" "${2#"$NL"}"
}

# ---------------------------------------------------------------- golden

golden() {
  name=$1
  work=$tmp/case/$name
  rm -rf "$tmp/case"
  mkdir -p "$work"
  problems=""
  set --
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(printf '%s\n' "$line" | sed -e "s|@SRC@|$src|g" -e "s|@TMP@|$work|g")
    set -- "$@" "$line"
  done <"$here/cases/$name.args"
  (
    if [ -f "$here/cases/$name.env" ]; then
      while IFS= read -r kv || [ -n "$kv" ]; do
        case $kv in
        -*) unset "${kv#-}" ;;
        *=*) export "$kv" ;;
        esac
      done <"$here/cases/$name.env"
    fi
    stdin=/dev/null
    [ -f "$here/cases/$name.stdin" ] && stdin=$here/cases/$name.stdin
    cd "$work" && exec "$gen" "$@" <"$stdin" >"$tmp/out.raw" 2>"$tmp/err.raw"
  )
  status=$?
  sed -e "s|$work|@TMP@|g" -e "s|$src|@SRC@|g" "$tmp/out.raw" >"$tmp/out"
  sed -e "s|$work|@TMP@|g" -e "s|$src|@SRC@|g" "$tmp/err.raw" >"$tmp/err"

  if [ "$status" != "$(cat "$here/cases/$name.status" 2>/dev/null)" ]; then
    problems="$problems
exit status $status, expected $(cat "$here/cases/$name.status" 2>/dev/null)"
  fi
  for stream in out err; do
    expected=$here/cases/$name.$stream
    [ -f "$expected" ] || expected=/dev/null
    if [ "$stream" = out ] && [ ! -f "$here/cases/$name.out" ]; then
      [ "${MTASTS_GEN_UPDATE:-0}" = 1 ] && cp "$tmp/out" "$here/cases/$name.out"
      problems="$problems
cases/$name.out is missing"
    elif ! cmp -s "$expected" "$tmp/$stream"; then
      if [ "${MTASTS_GEN_UPDATE:-0}" = 1 ]; then
        if [ "$stream" = err ] && [ ! -s "$tmp/err" ]; then
          rm -f "$here/cases/$name.err"
        else
          cp "$tmp/$stream" "$here/cases/$name.$stream"
        fi
      fi
      problems="$problems
standard $stream differs:
$(diff -u "$expected" "$tmp/$stream" | sed '1,2d')"
    fi
  done
  # The files the tool left behind.
  tree=$here/cases/$name.tree
  mkdir -p "$tmp/left"
  rm -rf "$tmp/left"
  cp -R "$work" "$tmp/left"
  find "$tmp/left" -type f | while IFS= read -r f; do
    sed "s|$work|@TMP@|g" "$f" >"$f.sub" && mv "$f.sub" "$f"
  done
  if [ -d "$tree" ]; then
    d=$(diff -r "$tree" "$tmp/left" 2>&1) || problems="$problems
files differ:
$d"
  elif [ -n "$(ls -A "$tmp/left")" ]; then
    problems="$problems
files left in the working directory: $(cd "$tmp/left" && find . -type f)"
  fi
  if [ "${MTASTS_GEN_UPDATE:-0}" = 1 ] && [ -n "$problems" ] &&
    [ -n "$(ls -A "$tmp/left")" ]; then
    rm -rf "$tree"
    cp -R "$tmp/left" "$tree"
  fi
  report "$name" "$problems"
}

set +f
set -- "$here"/cases/*.args
set -f
for args in "$@"; do
  [ -f "$args" ] || continue
  name=${args##*/}
  golden "${name%.args}"
done

# ------------------------------------------------------------ round trips

# json_list INDENT ITEMS: the lines of a JSON array of strings as
# mtasts-lint prints it (ITEMS comma-separated), after '"key": '.
json_list() {
  if [ -z "$2" ]; then
    printf '[]'
    return
  fi
  printf '[\n'
  first=1
  old_ifs=$IFS
  IFS=,
  for item in $2; do
    [ $first = 1 ] || printf ',\n'
    first=0
    printf '%s  "%s"' "$1" "$item"
  done
  IFS=$old_ifs
  printf '\n%s]' "$1"
}

# expected_lint POLICYFILE MODE MAX_AGE MX ID RUA: mtasts-lint's JSON for
# the policy and the two records, with no diagnostic.
expected_lint() {
  cat <<EOF
{
  "tool": "mtasts-lint",
  "version": "$("$lint" --version | sed 's/^mtasts-lint //')",
  "results": [
    {
      "input": "$1",
      "kind": "policy",
      "valid": true,
      "policy": {
        "version": "STSv1",
        "mode": "$2",
        "max_age": $3,
        "mx": $(json_list "        " "$4"),
        "extensions": []
      },
      "diagnostics": []
    },
    {
      "input": "_mta-sts",
      "kind": "sts-record",
      "valid": true,
      "record": {
        "version": "STSv1",
        "selected": 1,
        "id": "$5",
        "extensions": []
      },
      "diagnostics": []
EOF
  if [ -n "$6" ]; then
    cat <<EOF
    },
    {
      "input": "_smtp._tls",
      "kind": "tlsrpt-record",
      "valid": true,
      "record": {
        "version": "TLSRPTv1",
        "selected": 1,
        "rua": $(json_list "        " "$6"),
        "extensions": []
      },
      "diagnostics": []
EOF
  fi
  printf '    }\n  ]\n}\n'
}

# canonical MODE MAX_AGE MX EOL: the policy text of these values.
canonical() {
  printf 'version: STSv1%s\n' "$4"
  printf 'mode: %s%s\n' "$1" "$4"
  old_ifs=$IFS
  IFS=,
  for m in $3; do
    printf 'mx: %s%s\n' "$m" "$4"
  done
  IFS=$old_ifs
  printf 'max_age: %s%s\n' "$2" "$4"
}

# record_value ZONEFILE NAME: the quoted value of the TXT record at NAME.
record_value() {
  sed -n "s/^$2 IN TXT //p" "$1"
}

round_trip() {
  name=$1 args=$2 mode=$3 max_age=$4 mx=$5 rua=$6 id=${7:-$DEFAULT_ID}
  for le in crlf lf; do
    problems=""
    out=$tmp/rt
    rm -rf "$out"
    if [ $le = lf ]; then
      eol="" lf=--lf
    else
      eol=$CR lf=""
    fi
    # The option set is split on spaces on purpose (globbing is off).
    # shellcheck disable=SC2086
    "$gen" --domain example.com $args $lf --output-dir "$out" \
      >"$tmp/out" 2>"$tmp/err"
    status=$?
    [ $status = 0 ] || problems="$problems
exit status $status"
    [ -s "$tmp/out" ] && problems="$problems
standard output: $(cat "$tmp/out")"
    [ -s "$tmp/err" ] && problems="$problems
standard error: $(cat "$tmp/err")"
    policy=$out/.well-known/mta-sts.txt
    canonical "$mode" "$max_age" "$mx" "$eol" >"$tmp/policy"
    cmp -s "$tmp/policy" "$policy" || problems="$problems
the policy is not the canonical text:
$(diff -u "$tmp/policy" "$policy" | sed '1,2d')"
    sts=$(record_value "$out/dns.zone" '_mta-sts\.example\.com\.')
    [ "$sts" = "\"v=STSv1; id=$id\"" ] || problems="$problems
_mta-sts record: $sts"
    set -- --strict --format=json "$policy" --txt "$sts"
    if [ -n "$rua" ]; then
      tlsrpt=$(record_value "$out/dns.zone" '_smtp\._tls\.example\.com\.')
      [ "$tlsrpt" = "\"v=TLSRPTv1; rua=$rua\"" ] || problems="$problems
_smtp._tls record: $tlsrpt"
      set -- "$@" --tlsrpt "$tlsrpt"
    elif grep -q '^_smtp\._tls' "$out/dns.zone"; then
      problems="$problems
a TLS-RPT record without --rua"
    fi
    "$lint" "$@" >"$tmp/lint" 2>&1
    status=$?
    expected_lint "$policy" "$mode" "$max_age" "$mx" "$id" "$rua" \
      >"$tmp/lint.expected"
    [ $status = 0 ] || problems="$problems
mtasts-lint exit status $status"
    cmp -s "$tmp/lint.expected" "$tmp/lint" || problems="$problems
mtasts-lint does not read back the values with no diagnostic:
$(diff -u "$tmp/lint.expected" "$tmp/lint" | sed '1,2d')"
    report "round trip $name ($le)" "$problems"
  done
}

while IFS='|' read -r name args mode max_age mx rua id; do
  case $name in
  '' | '#'*) continue ;;
  esac
  round_trip "$name" "$args" "$mode" "$max_age" "$mx" "$rua" "$id"
done <"$here/roundtrip.txt"

# ----------------------------------------------------------------- --from

# from_case NAME FILE EXPECTED OPTIONS...: --from FILE with OPTIONS must
# write exactly EXPECTED.
from_case() {
  name=$1 file=$2 expected=$3
  shift 3
  problems=""
  rm -rf "$tmp/from"
  "$gen" --domain example.com --from "$file" "$@" --output-dir "$tmp/from" \
    >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ $status = 0 ] || problems="$problems
exit status $status: $(cat "$tmp/err")"
  [ -s "$tmp/err" ] && problems="$problems
standard error: $(cat "$tmp/err")"
  cmp -s "$expected" "$tmp/from/.well-known/mta-sts.txt" || problems="$problems
$(diff -u "$expected" "$tmp/from/.well-known/mta-sts.txt" | sed '1,2d')"
  report "$name" "$problems"
}

set +f
set -- "$src"/tests/data/known-good/*.txt
set -f
for f in "$@"; do
  base=${f##*/}
  from_case "--from $base --lf: the same bytes" "$f" "$f" --lf
  sed "s/\$/$CR/" "$f" >"$tmp/crlf"
  from_case "--from $base: CRLF" "$f" "$tmp/crlf"
  sed 's/^mode: .*/mode: testing/' "$f" >"$tmp/expected"
  from_case "--from $base --mode testing" "$f" "$tmp/expected" --lf \
    --mode testing
  sed 's/^max_age: .*/max_age: 1209600/' "$f" >"$tmp/expected"
  from_case "--from $base --max-age 2w" "$f" "$tmp/expected" --lf \
    --max-age 2w
  sed -e '/^mx: /d' -e 's/^mode: .*/&\nmx: mx1.example.org\nmx: *.mx.example.org/' \
    "$f" >"$tmp/expected"
  from_case "--from $base --mx (replaces every mx)" "$f" "$tmp/expected" \
    --lf --mx mx1.example.org --mx '*.mx.example.org'
  sed -e '/^mx: /d' -e 's/^mode: .*/mode: enforce\nmx: *.mail.protection.outlook.com/' \
    -e 's/^max_age: .*/max_age: 31557600/' "$f" >"$tmp/expected"
  from_case "--from $base --preset microsoft-365 --mode enforce --max-age" \
    "$f" "$tmp/expected" --lf --preset microsoft-365 --mode enforce \
    --max-age 31557600
  # The id changes; the policy does not.
  problems=""
  "$gen" --domain example.com --from "$f" --id 20250101T1200 >"$tmp/out" \
    2>"$tmp/err" || problems="exit status $?"
  grep -q '^_mta-sts\.example\.com\. IN TXT "v=STSv1; id=20250101T1200"$' \
    "$tmp/out" || problems="$problems
no record with the new id"
  report "--from $base --id: a new id" "$problems"
done

# ------------------------------------------------------ the default id

# Without SOURCE_DATE_EPOCH the id is the current UTC time, YYYYMMDDHHMMSS.
problems=""
before=$(date -u +%Y%m%d%H%M%S)
id=$(env -u SOURCE_DATE_EPOCH "$gen" --domain example.com --mx mx.example.com |
  sed -n 's/^_mta-sts\.example\.com\. IN TXT "v=STSv1; id=\([0-9]*\)"$/\1/p')
after=$(date -u +%Y%m%d%H%M%S)
case $id in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9])
  [ "$before" -le "$id" ] && [ "$id" -le "$after" ] ||
    problems="the id $id is not between $before and $after"
  ;;
*) problems="the id '$id' is not 14 digits" ;;
esac
report "the default id is the UTC time" "$problems"

# ---------------------------------------------------------------- presets

# preset_covers PRESET HOST...: the enforce policy of PRESET covers every
# HOST with no diagnostic.
preset_covers() {
  preset=$1
  shift
  problems=""
  rm -rf "$tmp/preset"
  "$gen" --domain example.com --preset "$preset" --mode enforce \
    --output-dir "$tmp/preset" >"$tmp/out" 2>&1 || problems="exit status $?"
  for h in "$@"; do
    set -- "$@" --mx "$h"
    shift
  done
  "$lint" --strict "$@" "$tmp/preset/.well-known/mta-sts.txt" >"$tmp/lint" 2>&1 ||
    problems="$problems
$(cat "$tmp/lint")"
  [ -s "$tmp/lint" ] && problems="$problems
$(cat "$tmp/lint")"
  report "preset $preset covers its MX hosts" "$problems"
}

# Google Workspace: the single MX host of new domains, the five of the
# older set and the googlemail.com hosts of the oldest (support.google.com
# /a/answer/174125).
preset_covers google-workspace smtp.google.com aspmx.l.google.com \
  alt1.aspmx.l.google.com alt2.aspmx.l.google.com alt3.aspmx.l.google.com \
  alt4.aspmx.l.google.com aspmx2.googlemail.com aspmx3.googlemail.com \
  aspmx4.googlemail.com aspmx5.googlemail.com
# Microsoft 365: <domain-with-dashes>.mail.protection.outlook.com.
preset_covers microsoft-365 example-com.mail.protection.outlook.com \
  contoso-onmicrosoft-com.mail.protection.outlook.com

# Each host that --list-presets shows is covered too.
"$gen" --list-presets >"$tmp/presets" 2>&1
while IFS= read -r line; do
  case $line in
  [!\ ]*:\ *) p=${line%%:*} ;;
  *"covers MX hosts such as "*)
    hosts=$(printf '%s\n' "${line#*such as }" | tr -d ',')
    # shellcheck disable=SC2086 # one host per word
    preset_covers "$p" $hosts
    ;;
  esac
done <"$tmp/presets"

check_summary && [ "$passed" -gt 0 ]
