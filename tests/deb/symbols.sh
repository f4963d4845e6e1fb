#!/bin/sh
# SPDX-License-Identifier: MIT
# debian/ is in step with the library:
# - debian/libmtasts1.symbols lists exactly the symbols libmtasts.so
#   exports (nm -D), under SONAME libmtasts.so.MTASTS_SOVERSION, and every
#   function of the ABI baseline tests/abi/libmtasts.abi, so that
#   dpkg-shlibdeps gives every program the right dependency on libmtasts1.
#   A new function needs its line (dpkg-gensymbols prints it;
#   docs/install.md says how);
# - debian/changelog's upstream version is the project's.
#
# Usage: sh symbols.sh PATH/TO/libmtasts.so SOURCE_DIR SOVERSION
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

if [ $# -ne 3 ]; then
  echo "usage: sh symbols.sh PATH/TO/libmtasts.so SOURCE_DIR SOVERSION" >&2
  exit 2
fi
lib=$1
src=$2
sover=$3
symbols=$src/debian/libmtasts1.symbols
baseline=$src/tests/abi/libmtasts.abi
if ! command -v nm >/dev/null 2>&1; then
  echo "SKIP: nm is needed (Debian package binutils)"
  exit 77
fi

. "$checklib"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-symbols.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

nm -D --defined-only "$lib" | awk '{ print $NF }' | sed 's/@.*//' |
  sort -u >"$tmp/exported"
# " name@Base version" lines; the header line and "* Field:" lines aside.
sed -n 's/^ \([A-Za-z0-9_]*\)@Base .*/\1/p' "$symbols" | sort -u >"$tmp/listed"
sed -n "s/.*<elf-symbol name='\([A-Za-z0-9_]*\)'.*/\1/p" "$baseline" |
  sort -u >"$tmp/baseline"

check "the symbols file lists symbols" \
  "$([ -s "$tmp/listed" ] || echo "  no symbol in $symbols")"
check "the baseline lists symbols" \
  "$([ -s "$tmp/baseline" ] || echo "  no symbol in $baseline")"
check "the symbols file is for libmtasts.so.$sover in libmtasts$sover" \
  "$(head -n 1 "$symbols" |
    grep -qx "libmtasts.so.$sover libmtasts$sover #MINVER#" ||
    echo "  its first line: $(head -n 1 "$symbols")")"
check "every exported symbol is in the symbols file" \
  "$(comm -23 "$tmp/exported" "$tmp/listed" | sed 's/^/  missing: /')"
check "every symbol of the symbols file is exported" \
  "$(comm -13 "$tmp/exported" "$tmp/listed" | sed 's/^/  not exported: /')"
check "every symbol of the ABI baseline is in the symbols file" \
  "$(comm -23 "$tmp/baseline" "$tmp/listed" | sed 's/^/  missing: /')"

# The package's upstream version is the project's.
project=$(sed -n 's/^project(mtasts VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
debian=$(sed -n '1s/^libmtasts (\([^-]*\)-[^)]*).*/\1/p' "$src/debian/changelog")
check "debian/changelog's version ($debian) is the project's ($project)" \
  "$([ -n "$project" ] && [ "$debian" = "$project" ] ||
    echo "  debian/changelog: '$debian', CMakeLists.txt: '$project'")"

check_summary
