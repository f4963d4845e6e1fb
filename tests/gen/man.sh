#!/bin/sh
# SPDX-License-Identifier: MIT
# The man page of mtasts-gen: it renders without a single groff warning (at
# the default width and at 64 to 200 columns, as man(1) would), and it
# documents every option that `mtasts-gen --help` lists.
#
# Usage: sh man.sh PATH/TO/docs/mtasts-gen.1 PATH/TO/mtasts-gen
#
# Exit status 77 (reported by ctest as skipped) when groff is missing:
# .ci/run installs it (Debian package groff-base).
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh man.sh PATH/TO/docs/mtasts-gen.1 PATH/TO/mtasts-gen" >&2
  exit 2
fi
page=$1
gen=$2
if ! command -v groff >/dev/null 2>&1; then
  echo "SKIP: groff is needed (Debian package groff-base)"
  exit 77
fi

. "$checklib"

for width in default 64 80 100 200; do
  if [ $width = default ]; then
    set --
  else
    # man(1) sets the line length in ens, and the title length with it.
    set -- -rLL=${width}n -rLT=${width}n
  fi
  warnings=$(LC_ALL=C.UTF-8 groff -ww -man -Tutf8 "$@" "$page" 2>&1 >/dev/null)
  check "groff -ww -man -Tutf8 at width $width" "$warnings"
done

# Every long option of --help is in the page (written \-\-name in roff).
missing=""
for opt in $("$gen" --help | grep -o -e '--[a-z][a-z-]*' | sort -u); do
  roff=$(printf '%s\n' "$opt" | sed 's/-/\\\\-/g')
  grep -q -e "$roff" "$page" || missing="$missing $opt"
done
check "every option of --help is documented" "${missing:+missing:$missing}"

check_summary
