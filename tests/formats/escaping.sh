#!/bin/sh
# SPDX-License-Identifier: MIT
# File names that the output formats must escape, which the golden tests in
# tests/cli cannot hold (a repository should not carry such names):
# - github: '%', CR and LF as %25, %0D and %0A, and in the file= property
#   also ',' and ':' as %2C and %3A (a message keeps its ',' and ':');
# - sarif: the path as a URI reference, percent-encoded; an absolute path as
#   a file: URI.
#
# Usage: sh escaping.sh PATH/TO/mtasts-lint
set -u

if [ $# -ne 1 ]; then
  echo "usage: sh escaping.sh PATH/TO/mtasts-lint" >&2
  exit 2
fi
lint=$1
case $lint in /*) ;; *) lint=$(pwd)/$lint ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-escaping.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0
# check WHAT EXPECTED ACTUAL
check() {
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1))
    echo "ok: $1"
  else
    failed=$((failed + 1))
    printf 'FAIL: %s\nexpected: %s\n  actual: %s\n' "$1" "$2" "$3"
  fi
}

cr=$(printf '\r')
name="a,b:c%d e$cr
f.txt"
printf 'x\n' >"$tmp/$name"
cd "$tmp" || exit 2

out=$("$lint" --format=github "$name" | head -n 1)
check "github: the file= property" \
  "::error file=a%2Cb%3Ac%25d e%0D%0Af.txt,line=1,col=1,title=policy-missing-colon::line 'x' is not a 'name: value' field" \
  "$out"

out=$("$lint" --format=sarif "$name" | grep -m 1 '"uri"' | sed 's/^ *//')
check "sarif: a relative path" \
  '"uri": "a,b%3Ac%25d%20e%0D%0Af.txt"' "$out"

out=$("$lint" --format=sarif "$tmp/$name" | grep -m 1 '"uri"' | sed 's/^ *//')
expected=$(printf '%s' "$tmp" | sed 's/%/%25/g; s/ /%20/g')
check "sarif: an absolute path" \
  "\"uri\": \"file://$expected/a,b%3Ac%25d%20e%0D%0Af.txt\"" "$out"

out=$("$lint" --format=github - <"$tmp/$name" | head -n 1)
check "github: standard input" \
  "::error file=<stdin>,line=1,col=1,title=policy-missing-colon::line 'x' is not a 'name: value' field" \
  "$out"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
