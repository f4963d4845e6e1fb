#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden tests for mtasts-lint.
#
# Usage: sh run.sh PATH/TO/mtasts-lint PATH/TO/tests/cli
#
# Each case is cases/NAME.args: the arguments, one per line (an empty line is
# an empty argument), so that values with spaces and quotes survive. A line
# "<STDIN FILE" gives the file to read on standard input instead; so does a
# cases/NAME.stdin file. Without either, standard input is /dev/null.
# The expected results are:
#   cases/NAME.out     exact standard output (required; empty for none)
#   cases/NAME.status  exit status (required)
#   cases/NAME.err     exact standard error (optional; absent means empty)
# The tool runs in this directory, so input names are relative paths such as
# inputs/good.txt, with NO_COLOR unset and the default --color (standard
# output is a file, so there is no colour unless a case asks for it).
# With MTASTS_CLI_UPDATE=1 the runner rewrites the .out file of each case
# whose standard output differs; review the change with git diff.
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh run.sh PATH/TO/mtasts-lint PATH/TO/tests/cli" >&2
  exit 2
fi
tool=$1
case $tool in
/*) ;;
*) tool=$(pwd)/$tool ;;
esac
cd "$2" || exit 2

unset NO_COLOR POSIXLY_CORRECT
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

. "$checklib"
NL=$(printf '\n_')
NL=${NL%_}

for args in cases/*.args; do
  [ -f "$args" ] || continue
  name=${args#cases/}
  name=${name%.args}
  problems=""

  stdin=/dev/null
  [ -f "cases/$name.stdin" ] && stdin=cases/$name.stdin
  set --
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    "<STDIN "*) stdin=${line#<STDIN } ;;
    *) set -- "$@" "$line" ;;
    esac
  done <"$args"

  "$tool" "$@" <"$stdin" >"$tmp/out" 2>"$tmp/err"
  status=$?

  if [ ! -f "cases/$name.status" ]; then
    problems="$problems
cases/$name.status is missing (exit status was $status)"
  elif [ "$status" != "$(cat "cases/$name.status")" ]; then
    problems="$problems
exit status $status, expected $(cat "cases/$name.status")"
  fi

  if [ ! -f "cases/$name.out" ]; then
    problems="$problems
cases/$name.out is missing"
  elif ! cmp -s "cases/$name.out" "$tmp/out"; then
    [ "${MTASTS_CLI_UPDATE:-0}" = 1 ] && cp "$tmp/out" "cases/$name.out"
    problems="$problems
standard output differs:
$(diff -u "cases/$name.out" "$tmp/out" | sed '1,2d')"
  fi

  if [ -f "cases/$name.err" ]; then
    experr=cases/$name.err
  else
    experr=/dev/null
  fi
  if ! cmp -s "$experr" "$tmp/err"; then
    problems="$problems
standard error differs:
$(diff -u "$experr" "$tmp/err" | sed '1,2d')"
  fi

  # Each problem is led by a newline, which the listing does not need.
  check "$name" "${problems#"$NL"}"
done

check_summary && [ "$passed" -gt 0 ]
