#!/bin/sh
# SPDX-License-Identifier: MIT
# The static library's symbols: a program that links libmtasts.a sees every
# global symbol of its objects, hidden visibility or not. So every global
# symbol they define starts with mtasts_ (the public API, and the internal
# names, which use the mtasts_i_ prefix), and none can collide with a
# program's own names.
#
# Usage: sh static-symbols.sh OBJECT...   (the objects of libmtasts.a)
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u
if [ $# -eq 0 ]; then
  echo "usage: sh static-symbols.sh OBJECT..." >&2
  exit 2
fi
if ! command -v nm >/dev/null 2>&1; then
  echo "SKIP: nm is needed (Debian package binutils)"
  exit 77
fi
. "$checklib"

# Defined global symbols: "ADDRESS TYPE NAME" with an upper-case TYPE.
defined=$(nm -g --defined-only "$@" 2>/dev/null | awk 'NF == 3 { print $3 }' |
  sort -u)
count=$(printf '%s\n' "$defined" | grep -c .)
echo "$count global symbols in $# objects"
check "the objects define global symbols" \
  "$([ "$count" -gt 0 ] || echo 'none found')"
foreign=$(printf '%s\n' "$defined" | grep -v '^mtasts_' | sed 's/^/  /')
check "every global symbol of the static library starts with mtasts_" \
  "$foreign"
check_summary
