#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages mtasts-lint(1), mtasts-gen(1) and libmtasts(3):
# - they render without a single groff warning (groff -ww), at the default
#   width and at 64 to 200 columns, as man(1) would;
# - mtasts-lint.1 documents every option and every format that
#   `mtasts-lint --help` lists, and --help fits an 80-column terminal and
#   shows examples;
# - mtasts-gen.1 documents every option that `mtasts-gen --help` lists;
# - libmtasts.3 names every function that <mtasts/mtasts.h> exports;
# - mtasts-check.1 (when mtasts-check is built and given) documents every
#   option of `mtasts-check --help`, whose lines fit 80 columns;
# - they carry the project's version.
#
# Usage: sh run.sh SOURCE_DIR PATH/TO/mtasts-lint PATH/TO/mtasts-gen
#                  [PATH/TO/mtasts-check]
#
# Exit status 77 (reported by ctest as skipped) when groff is missing:
# .ci/run installs it (Debian package groff-base).
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

if [ $# -ne 3 ] && [ $# -ne 4 ]; then
  echo "usage: sh run.sh SOURCE_DIR PATH/TO/mtasts-lint PATH/TO/mtasts-gen" \
    "[PATH/TO/mtasts-check]" >&2
  exit 2
fi
src=$1
lint=$2
gen=$3
checktool=${4:-}
if ! command -v groff >/dev/null 2>&1; then
  echo "SKIP: groff is needed (Debian package groff-base)"
  exit 77
fi
lint1=$src/docs/mtasts-lint.1
lib3=$src/docs/libmtasts.3
gen1=$src/docs/mtasts-gen.1
check1=$src/docs/mtasts-check.1
header=$src/include/mtasts/mtasts.h

. "$checklib"

for page in "$lint1" "$gen1" "$lib3" "$check1"; do
  for width in default 64 80 100 200; do
    if [ $width = default ]; then
      set --
    else
      # man(1) sets the line length in ens, and the title length with it.
      set -- -rLL=${width}n -rLT=${width}n
    fi
    warnings=$(LC_ALL=C.UTF-8 groff -ww -man -Tutf8 "$@" "$page" 2>&1 >/dev/null)
    check "$(basename "$page"): groff -ww at width $width" "$warnings"
  done
done

help=$("$lint" --help)

# Every option of --help is in the page, written \-\-name (or \-q).
missing=""
for opt in $(printf '%s\n' "$help" | grep -o -e '--[a-z][a-z-]*' -e ' -[a-z],' |
  tr -d ' ,' | sort -u); do
  roff=$(printf '%s\n' "$opt" | sed 's/-/\\\\-/g')
  grep -q -e "^\.B.* $roff\( \|\$\|=\)" -e "^\.B.* $roff\" " "$lint1" ||
    missing="$missing $opt"
done
check "mtasts-lint.1 documents every option of --help" \
  "${missing:+missing:$missing}"

# Every output format is in --help and in the page's OUTPUT FORMATS.
missing=""
formats=$(sed -n '/^\.SH OUTPUT FORMATS/,/^\.SH /{/^\.TP/{n;s/^\.B //p;};}' "$lint1")
for f in text json sarif github; do
  printf '%s\n' "$formats" | grep -qx "$f" || missing="$missing $f(page)"
  printf '%s\n' "$help" | grep -q -w "$f" || missing="$missing $f(--help)"
done
check "the formats are in --help and in OUTPUT FORMATS" \
  "${missing:+missing:$missing}"

long=$(printf '%s\n' "$help" | awk 'length($0) > 79 { print "  " $0 }')
check "--help fits 80 columns" "$long"
printf '%s\n' "$help" | grep -q '^Examples:' && printf '%s\n' "$help" |
  grep -q '^  mtasts-lint '
check "--help shows examples" "$([ $? -eq 0 ] || echo 'no Examples: section')"

# Every long option of mtasts-gen --help is in its page (written \-\-name).
missing=""
for opt in $("$gen" --help | grep -o -e '--[a-z][a-z-]*' | sort -u); do
  roff=$(printf '%s\n' "$opt" | sed 's/-/\\\\-/g')
  grep -q -e "$roff" "$gen1" || missing="$missing $opt"
done
check "mtasts-gen.1 documents every option of --help" \
  "${missing:+missing:$missing}"

# Every exported function is in libmtasts.3, as .BR name ().
missing=""
for fn in $(grep -o 'MTASTS_EXPORT[^(]*(' "$header" |
  sed 's/.*[ *]\([a-z_0-9]*\)($/\1/'); do
  grep -q "^\.BR $fn ()" "$lib3" || missing="$missing $fn"
done
check "libmtasts.3 documents every exported function" \
  "${missing:+missing:$missing}"

# mtasts-check: every option of --help in its page, written \-\-name (or
# \-j), and --help fits 80 columns.
if [ -n "$checktool" ]; then
  chelp=$("$checktool" --help)
  missing=""
  for opt in $(printf '%s\n' "$chelp" | grep -o -e '--[a-z][a-z-]*' -e ' -[a-z],' |
    tr -d ' ,' | sort -u); do
    roff=$(printf '%s\n' "$opt" | sed 's/-/\\\\-/g')
    grep -q -e "^\.B.* $roff\( \|\$\|=\)" -e "^\.B.* $roff\" " "$check1" ||
      missing="$missing $opt"
  done
  check "mtasts-check.1 documents every option of --help" \
    "${missing:+missing:$missing}"
  long=$(printf '%s\n' "$chelp" | awk 'length($0) > 79 { print "  " $0 }')
  check "mtasts-check --help fits 80 columns" "$long"
fi

version=$(sed -n 's/^project(mtasts VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
wrong=""
for page in "$lint1" "$gen1" "$lib3" "$check1"; do
  grep -q "^\.TH .* \"libmtasts $version\" " "$page" ||
    wrong="$wrong $(basename "$page")"
done
check "the pages carry version $version" "${wrong:+not in:$wrong}"

check_summary
