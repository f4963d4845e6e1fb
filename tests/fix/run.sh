#!/bin/sh
# SPDX-License-Identifier: MIT
# mtasts-lint --fix and --fix --diff, on every policy file of the test data
# and the examples, and on the policy examples of docs/diagnostics.md:
#
# - --fix never adds an error (the error ids and their counts, from
#   --format=json, before and after);
# - the --diff output, applied with patch(1), gives exactly what --fix
#   writes; --fix a second time changes nothing;
# - a CRLF file stays CRLF, the file's mode is kept, no temporary file is
#   left behind;
# and a few exact results, exit statuses and usage errors.
#
# Usage: sh run.sh PATH/TO/mtasts-lint SOURCE_DIR
set -u
if [ $# -ne 2 ]; then
  echo "usage: sh run.sh PATH/TO/mtasts-lint SOURCE_DIR" >&2
  exit 2
fi
lint=$1
case $lint in /*) ;; *) lint=$(pwd)/$lint ;; esac
src=$(cd "$2" && pwd) || exit 2
. "$src/tests/check.sh"
for tool in patch cmp awk; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIP: $tool is needed"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-fix.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
cd "$tmp" || exit 2

# The error-level ids of a policy file with their counts, one "COUNT ID" a
# line (the JSON output has one member a line, severity before id).
errors() {
  "$lint" --format=json "$@" 2>/dev/null |
    awk '/"severity": "error"/ { e = 1; next }
         e && /"id":/ { sub(/.*"id": "/, ""); sub(/".*/, ""); print }
         { e = 0 }' | sort | uniq -c | awk '{ print $2, $1 }'
}

# Errors in after ($2) that before ($1) did not have, as many times.
new_errors() {
  printf '%s\n' "$1" >"$tmp/e.before"
  printf '%s\n' "$2" | while read -r id n; do
    [ -n "$id" ] || continue
    b=$(awk -v id="$id" '$1 == id { print $2 }' "$tmp/e.before")
    [ "$n" -le "${b:-0}" ] || echo "$id: $n, was ${b:-0}"
  done
}

# Lines of a file that do not end with CR LF (the last line counts too).
bare_lf() {
  awk '!/\r$/ { n++ } END { print n + 0 }' "$1"
}

# check_file NAME FILE [OPTION...]: the properties above on a copy of FILE.
check_file() {
  name=$1
  file=$2
  shift 2
  rm -rf "$tmp/w" && mkdir "$tmp/w" && cd "$tmp/w" || exit 2
  cp "$file" orig.txt
  cp "$file" policy.txt
  chmod 640 policy.txt
  before=$(errors "$@" policy.txt)
  "$lint" --fix --diff "$@" policy.txt >diff.out 2>diff.err
  drc=$?
  "$lint" --fix "$@" policy.txt >fix.out 2>fix.err
  frc=$?
  after=$(errors "$@" policy.txt)
  check "$name: --fix adds no error" "$(new_errors "$before" "$after")"
  problem=
  if [ -s diff.out ]; then
    cp orig.txt patched.txt
    patch -s patched.txt <diff.out >patch.log 2>&1 ||
      problem="patch failed: $(cat patch.log)"
    [ -n "$problem" ] || cmp -s patched.txt policy.txt ||
      problem="the patched file differs from the --fix result"
  else
    cmp -s orig.txt policy.txt ||
      problem="empty diff, but --fix changed the file"
  fi
  check "$name: --diff applies with patch to the --fix result" "$problem"
  problem=
  if ! grep -Eiq '^[[:space:]]*(version|mode|mx|max_age)[[:space:]]*:' \
    orig.txt; then
    # No line is a policy field: --fix leaves the file alone (exit 2).
    [ "$drc" -eq 2 ] && [ "$frc" -eq 2 ] ||
      problem="not a policy: exit statuses $drc and $frc, expected 2"
    grep -q 'no line is a policy field' fix.err ||
      problem="$problem; no reason on stderr"
    cmp -s orig.txt policy.txt || problem="$problem; the file was changed"
    check "$name: not a policy, left alone" "$problem"
    cd "$tmp" || exit 2
    return
  fi
  expect=0
  if [ -s diff.out ] || [ -n "$after" ]; then expect=1; fi
  [ "$drc" -eq "$expect" ] ||
    problem="--fix --diff exit status $drc, expected $expect"
  expect=0
  [ -z "$after" ] || expect=1
  [ "$frc" -eq "$expect" ] ||
    problem="$problem --fix exit status $frc, expected $expect"
  grep -q 'fix.* applied' fix.err || problem="$problem; no count on stderr"
  check "$name: exit statuses and the count" "$problem"
  cp policy.txt once.txt
  "$lint" --fix "$@" policy.txt >/dev/null 2>&1
  cmp -s once.txt policy.txt
  check "$name: a second --fix changes nothing" \
    "$([ $? -eq 0 ] || diff once.txt policy.txt)"
  mode=$(ls -l policy.txt | cut -c1-10)
  check "$name: the mode is kept" \
    "$([ "$mode" = "-rw-r-----" ] || echo "mode $mode")"
  check "$name: no temporary file left" "$(ls -A | grep '^\.')"
  # The same file with CR LF line ends stays CR LF.
  if [ "$(bare_lf orig.txt)" -gt 0 ] && ! grep -q "$(printf '\r')" orig.txt
  then
    awk '{ printf "%s\r\n", $0 }' orig.txt >crlf.txt
    "$lint" --fix "$@" crlf.txt >/dev/null 2>&1
    check "$name: CRLF stays CRLF" \
      "$([ "$(bare_lf crlf.txt)" -eq 0 ] || cat -A crlf.txt 2>/dev/null)"
  fi
  cd "$tmp" || exit 2
}

# Every policy file of the test data and the examples.
for f in "$src"/tests/cli/inputs/*.txt "$src"/tests/data/known-good/*.txt \
  "$src"/examples/data/*.txt; do
  case $(basename "$f") in list-*) continue ;; esac
  check_file "${f#"$src"/}" "$f"
done

# The policy examples of docs/diagnostics.md (the escapes \t, \r, \xNN and
# \\ decoded, each line ending with LF, --mx=A,B as --mx options).
mkdir -p "$tmp/docs"
awk -v dir="$tmp/docs" '
  /^```policy/ { n++; f = sprintf("%s/%03d", dir, n); printf "" > (f ".esc")
                 mx = $0; sub(/^```policy ?/, "", mx); print mx > (f ".mx")
                 inb = 1; next }
  inb && /^```/ { inb = 0; close(f ".esc"); close(f ".mx"); next }
  inb { line = $0; out = ""
        while (match(line, /\\x[0-9A-Fa-f][0-9A-Fa-f]/)) {
          h = tolower(substr(line, RSTART + 2, 2))
          v = index("0123456789abcdef", substr(h, 1, 1)) * 16 - 16 + \
              index("0123456789abcdef", substr(h, 2, 1)) - 1
          out = out substr(line, 1, RSTART - 1) sprintf("\\0%o", v)
          line = substr(line, RSTART + 4) }
        print out line > (f ".esc") }' "$src/docs/diagnostics.md"
count=0
for esc in "$tmp"/docs/*.esc; do
  [ -e "$esc" ] || continue
  base=${esc%.esc}
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%b\n' "$line"
  done <"$esc" >"$base.txt"
  set --
  for mx in $(sed 's/^--mx=//; s/,/ /g' "$base.mx"); do
    set -- "$@" --mx "$mx"
  done
  check_file "docs/diagnostics.md example $(basename "$base")" "$base.txt" "$@"
  count=$((count + 1))
done
check "docs/diagnostics.md has policy examples" \
  "$([ "$count" -ge 40 ] || echo "only $count found")"

# Exact results.
fixed() {
  printf "$1" >one.txt
  "$lint" --fix one.txt >/dev/null 2>one.err
  rc=$?
  got=$(cat one.txt)
  want=$(printf "$2")
  [ "$got" = "$want" ] || printf 'got:\n%s\nwanted:\n%s\n' "$got" "$want"
  [ "$rc" -eq "${3:-0}" ] || echo "exit status $rc, expected ${3:-0}"
}
head='version: STSv1\nmode: enforce\nmx: mail.example.com\n'
check "Mode: enforce becomes mode: enforce" "$(fixed \
  'version: STSv1\nMode: enforce\nmx: mail.example.com\nmax_age: 604800\n' \
  "${head}max_age: 604800\n")"
check "a trailing dot is removed" "$(fixed \
  'version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 604800\n' \
  "${head}max_age: 604800\n")"
check "1 fix applied, on stderr" "$(grep -q 'one.txt: 1 fix applied' one.err ||
  cat one.err)"
check "max_age: 99999999 becomes the largest allowed" "$(fixed \
  "${head}max_age: 99999999\n" "${head}max_age: 31557600\n")"
check "a would-be comment has no fix and stays an error" "$(fixed \
  "${head}# a comment\nmax_age: 604800\n" \
  "${head}# a comment\nmax_age: 604800\n" 1)"
check "with -q only the errors are fixed" "$(printf \
  "${head}max_age: 86400\n" >q.txt; "$lint" --fix -q q.txt >/dev/null 2>&1;
  grep -q 'max_age: 86400' q.txt || echo 'the note was fixed')"

# Through a symbolic link the file it points to is fixed, and the link kept.
mkdir -p real
printf "${head}max_age: 99999999\n" >real/policy.txt
ln -s real/policy.txt link.txt
"$lint" --fix link.txt >/dev/null 2>&1
check "a symbolic link is kept, its target fixed" "$([ -L link.txt ] ||
  echo 'the link was replaced')$(grep -q 31557600 real/policy.txt ||
  echo 'the target was not fixed')"

printf "${head}max_age: 604800\n" >clean.txt
out=$("$lint" --fix --diff clean.txt 2>/dev/null)
rc=$?
check "--fix --diff on a clean file: no output, status 0" \
  "$([ -z "$out" ] && [ $rc -eq 0 ] || echo "status $rc: $out")"

# Usage errors: there is no file to edit, or --diff without --fix.
usage() {
  "$lint" "$@" </dev/null >usage.out 2>usage.err
  rc=$?
  [ $rc -eq 2 ] && grep -q 'fix\|diff' usage.err ||
    echo "status $rc: $(cat usage.err)"
}
check "--fix - is a usage error" "$(usage --fix -)"
check "--fix without a file is a usage error" "$(usage --fix)"
check "--fix --txt is a usage error" "$(usage --fix --txt 'v=STSv1; id=1')"
check "--fix --tlsrpt is a usage error" \
  "$(usage --fix --tlsrpt 'v=TLSRPTv1; rua=mailto:a@example.com')"
check "--fix --zone is a usage error" "$(usage --fix --zone x.zone)"
check "--diff without --fix is a usage error" "$(usage --diff clean.txt)"

check_summary
