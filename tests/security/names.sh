#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 20, item 5: names are escaped everywhere they are shown. A
# directory name holding a newline and "::error file=..." or
# "::add-mask::" would forge GitHub workflow commands on stdout or stderr
# (which the runner reads too); ESC and CR would drive a terminal. 1.0.0
# printed names raw in text, on stderr in every format (unreadable files,
# --fix summaries, zone errors) and in $INCLUDE errors. Also: C1 controls
# and bidi overrides in valid UTF-8 reach messages escaped, and JSON keeps
# names that are not UTF-8 exact (input_bytes), so two files never print
# the same input.
. "$(dirname "$0")/common.sh"

cd "$tmp" || exit 2
nl='
'
esc=$(printf '\033')
cr=$(printf '\r')
evil="d${nl}::add-mask::secret${nl}::error file=forged.txt::forged${esc}[31m${cr}"
mkdir "$evil"
broken_policy "$evil/mta-sts.txt"
mkdir "$evil/unreadable.txt" # a directory: "Is a directory" on stderr

# forged LINES-FILE: lines that start a workflow command not ours, or hold
# ESC or CR.
forged() {
  grep -n -e '^::add-mask::' -e '^::error file=forged' -e "$esc" -e "$cr" "$1"
}

for fmt in text github json jsonl sarif; do
  "$lint" --format=$fmt "$evil/mta-sts.txt" "$evil/unreadable.txt" \
    >"$tmp/out" 2>"$tmp/err"
  check "$fmt: stdout forges nothing" "$(forged "$tmp/out")"
  check "$fmt: stderr forges nothing" "$(forged "$tmp/err")"
done
"$lint" "$evil/mta-sts.txt" >"$tmp/out" 2>&1
check "text: the name shown with \\xNN escapes" \
  "$(grep -q 'd\\x0A::add-mask::secret\\x0A::error file=forged.txt::forged\\x1B\[31m\\x0D/mta-sts.txt:3:21: error' "$tmp/out" || cat "$tmp/out")"

# --fix and --fix --diff summaries, on stderr.
cp "$evil/mta-sts.txt" "$tmp/keep"
"$lint" --fix --format=github "$evil/mta-sts.txt" >"$tmp/out" 2>"$tmp/err"
check "--fix: the summary forges nothing" "$(forged "$tmp/err")$(forged "$tmp/out")"
cp "$tmp/keep" "$evil/mta-sts.txt"
"$lint" --fix --diff "$evil/mta-sts.txt" >"$tmp/out" 2>"$tmp/err"
check "--fix --diff: stdout and stderr forge nothing" \
  "$(forged "$tmp/err")$(forged "$tmp/out")"

# --files-from: the list's name and entries.
printf '%s\n' "$evil/nothing-here" >"$tmp/list"
"$lint" --files-from "$tmp/list" >"$tmp/out" 2>"$tmp/err"
check "--files-from: a missing entry's name forges nothing" "$(forged "$tmp/err")"

# Zones and $INCLUDE names (when this build reads zone files).
if ! "$lint" --zone /dev/null 2>&1 | grep -q 'without libzscanner'; then
  cp "$src/tests/zone/inputs/bind.zone" "$evil/z.zone" 2>/dev/null ||
    printf '$ORIGIN example.com.\n@ 3600 IN SOA ns host 1 2 3 4 5\n' >"$evil/z.zone"
  printf '$INCLUDE "%s"\n' "i${esc}]0;title${esc}\\\\" >>"$evil/z.zone"
  "$lint" --zone "$evil/z.zone" --format=github >"$tmp/out" 2>"$tmp/err"
  check "--zone: a zone error names the files escaped" \
    "$(forged "$tmp/err")$(grep -q 'd\\x0A::add-mask' "$tmp/err" || cat "$tmp/err")"
fi

# C1 controls and bidi overrides inside a policy reach messages escaped.
printf 'version: STSv1\nmode: enforce\nmx: mail.ex\342\200\256elpmaxe\302\233.com\nmax_age: 604800\n' >bidi.txt
"$lint" bidi.txt >"$tmp/out" 2>&1
problem=
if grep -q "$(printf '\342\200\256')" "$tmp/out" ||
  grep -q "$(printf '\302\233')" "$tmp/out"; then
  problem="raw: $(cat -v "$tmp/out")"
fi
grep -q '\\xe2\\x80\\xae' "$tmp/out" || problem="$problem; no \\xe2\\x80\\xae"
check "messages escape U+202E and C1 controls" "$problem"

# JSON: two names that differ only in bytes that are not UTF-8.
n1=$(printf 'p\377.txt')
n2=$(printf 'p\376.txt')
broken_policy "$n1"
broken_policy "$n2"
"$lint" --format=jsonl "$n1" "$n2" >"$tmp/out"
problem=
python3 - "$tmp/out" <<'PY' || problem="JSON lines lose the names"
import base64, json, sys
names = [json.loads(l) for l in open(sys.argv[1])]
raw = [base64.b64decode(o["input_bytes"]) for o in names]
assert raw == [b"p\xff.txt", b"p\xfe.txt"], raw
PY
check "jsonl: input_bytes holds each name exactly" "$problem"
"$lint" --format=json "$n1" >"$tmp/out"
check "json: input_bytes too" \
  "$(grep -q '"input_bytes": "cP8udHh0"' "$tmp/out" || cat "$tmp/out")"
"$lint" --format=json bidi.txt >"$tmp/out"
check "json: a UTF-8 name has no input_bytes" \
  "$(grep 'input_bytes' "$tmp/out")"
# Usage errors quote what was typed: an option's value with a newline, ESC
# or CR is shown escaped, on one line (1.1.0 before this fix printed it raw).
for tool in "$lint" "$gen" "$tools/mtasts-check"; do
  [ -x "$tool" ] || continue
  "$tool" --format="x${nl}::error file=forged.txt::forged${esc}[31m${cr}" \
    example.com >"$tmp/out" 2>"$tmp/err"
  rc=$?
  problem=$(forged "$tmp/err")
  [ "$rc" -eq 2 ] || problem="$problem; exit $rc"
  grep -qF "'x\\x0A::error file=forged.txt::forged\\x1B[31m\\x0D'" \
    "$tmp/err" || problem="$problem; $(cat -v "$tmp/err")"
  check "$(basename "$tool"): a usage error escapes the value it quotes" \
    "$problem"
done
finish
