#!/bin/sh
# SPDX-License-Identifier: MIT
# mtasts-lint --format=sarif writes logs that are valid against the OASIS
# SARIF 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json, draft-07, as
# published by the SARIF technical committee), checked with a real JSON
# schema validator: ajv-cli with ajv-formats (npm), which .ci/run installs.
#
# Usage: sh sarif-schema.sh PATH/TO/mtasts-lint PATH/TO/tests
#
# The logs cover every input of the CLI golden tests, records in both
# forms, stdin, an absolute path, names that need percent-encoding, and a
# clean run (no result, no rule). A broken log must be refused, so that a
# validator that checks nothing cannot pass.
#
# Exit status 77 (reported by ctest as skipped) when ajv is not installed,
# except under CI (CI=true), where that is a failure. AJV names another
# validator command.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh sarif-schema.sh PATH/TO/mtasts-lint PATH/TO/tests" >&2
  exit 2
fi
lint=$1
case $lint in /*) ;; *) lint=$(pwd)/$lint ;; esac
tests=$(cd "$2" && pwd) || exit 2
schema=$tests/data/sarif-schema-2.1.0.json
ajv=${AJV:-ajv}

if ! command -v "$ajv" >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $ajv is not installed (.ci/run installs ajv-cli and ajv-formats)"
    exit 1
  fi
  echo "SKIP: $ajv is needed: npm install -g ajv-cli@5.0.0 ajv-formats@3.0.1"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-sarif.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
mkdir "$tmp/logs" "$tmp/bad"

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  echo "ok: $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
}

# Writes the log of `mtasts-lint --format=sarif ARGS` to logs/NAME.json and
# checks the exit status: 0 clean, 1 findings (never 2).
n=0
log() {
  name=$1
  shift
  n=$((n + 1))
  (cd "$tests/cli" && "$lint" --format=sarif "$@") >"$tmp/logs/$name.json" \
    2>"$tmp/err" </dev/null
  rc=$?
  if [ $rc -le 1 ] && [ ! -s "$tmp/err" ]; then
    pass "$name: exit status $rc"
  else
    cat "$tmp/err"
    fail "$name: exit status $rc"
  fi
}

log policies $(cd "$tests/cli" && ls inputs/*.txt inputs/*.bin)
log clean inputs/good.txt
log strict --strict inputs/warning.txt inputs/mixed.txt
log quiet -q inputs/mixed.txt
log mx --mx mx1.example.com --mx other.example.net inputs/good.txt
log records --txt 'v=STSv1; id=20240101' --txt '"v=STSv1; " "id=2-"' \
  --tlsrpt 'v=TLSRPTv1; rua=mailto:tls@example.com,tls@example.com' \
  --tlsrpt '"v=TLSRPTv1; rua=https://r\195\164.example/"'
log absolute "$tests/cli/inputs/errors.txt"
log known-good $(ls "$tests"/data/known-good/*)
# A deployment (--zone): findings in several files, when this mtasts-lint
# reads zone files.
if ! "$lint" --zone /dev/null 2>&1 | grep -q 'without libzscanner'; then
  log deployment --zone ../zone/inputs/export.zone \
    --previous-zone ../zone/inputs/prev/bind.zone \
    --previous-policy ../zone/inputs/prev/policy.txt ../zone/inputs/policy.txt
fi
# Names that a URI must percent-encode: space, '%', ':', '#', '?', a
# non-ASCII letter, a line feed.
odd="$tmp/dir with space/50% of a:b#c?d é
x.txt"
mkdir -p "$tmp/dir with space"
cp "$tests/cli/inputs/errors.txt" "$odd"
log odd-name "$odd"
(cd "$tmp/dir with space" && "$lint" --format=sarif ./*.txt) \
  >"$tmp/logs/odd-relative.json" 2>/dev/null
n=$((n + 1))
# Standard input.
"$lint" --format=sarif - <"$tests/cli/inputs/errors.txt" \
  >"$tmp/logs/stdin.json" 2>/dev/null
n=$((n + 1))

# Every log is valid.
if "$ajv" validate --spec=draft7 -c ajv-formats --all-errors --errors=text \
  -s "$schema" -d "$tmp/logs/*.json" >"$tmp/out" 2>&1; then
  valid=$(grep -c ' valid$' "$tmp/out")
  if [ "$valid" -eq "$n" ]; then
    pass "all $n logs are valid SARIF 2.1.0"
  else
    cat "$tmp/out"
    fail "$valid logs reported valid, expected $n"
  fi
else
  cat "$tmp/out"
  fail "the validator refused a log"
fi

# The logs that were validated carry fixes (§3.55), in the policy file.
if grep -q '"deletedRegion"' "$tmp/logs/policies.json" &&
  grep -q '"insertedContent"' "$tmp/logs/policies.json" &&
  grep -q '"byteLength"' "$tmp/logs/policies.json"; then
  pass "the validated logs carry fixes with replacements"
else
  fail "no fixes in the SARIF of inputs/*.txt"
fi

# The validator refuses logs that break the schema: a level SARIF does not
# have, a URI with a raw space, a result without a message.
sed 's/"level": "error"/"level": "fatal"/' "$tmp/logs/policies.json" \
  >"$tmp/bad/level.json"
sed 's|"uri": "inputs/errors.txt"|"uri": "inputs/err ors.txt"|' \
  "$tmp/logs/policies.json" >"$tmp/bad/uri.json"
sed 's/"message": {/"massage": {/' "$tmp/logs/policies.json" \
  >"$tmp/bad/message.json"
if "$ajv" validate --spec=draft7 -c ajv-formats --errors=text -s "$schema" \
  -d "$tmp/bad/*.json" >"$tmp/out" 2>&1; then
  cat "$tmp/out"
  fail "the validator accepts every broken log"
else
  for bad in level uri message; do
    if cmp -s "$tmp/bad/$bad.json" "$tmp/logs/policies.json"; then
      fail "the broken log $bad.json is not broken"
    elif grep -q "^$tmp/bad/$bad.json invalid" "$tmp/out"; then
      pass "the validator refuses a broken log ($bad)"
    else
      cat "$tmp/out"
      fail "the validator accepts a broken log ($bad)"
    fi
  done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
