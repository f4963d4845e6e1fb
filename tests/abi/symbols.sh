#!/bin/sh
# SPDX-License-Identifier: MIT
# The shared library's ABI surface:
# - every symbol it exports (nm -D --defined-only) starts with mtasts_, so
#   that nothing internal leaks (the library is built with hidden visibility
#   and marks its API with MTASTS_EXPORT);
# - every function <mtasts/mtasts.h> declares with MTASTS_EXPORT is exported;
# - its SONAME is libmtasts.so.MTASTS_SOVERSION, apart from the release.
#
# Usage: sh symbols.sh PATH/TO/libmtasts.so PATH/TO/mtasts.h SOVERSION
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

if [ $# -ne 3 ]; then
  echo "usage: sh symbols.sh PATH/TO/libmtasts.so PATH/TO/mtasts.h SOVERSION" >&2
  exit 2
fi
lib=$1
header=$2
sover=$3
for tool in nm readelf; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIP: $tool is needed (Debian package binutils)"
    exit 77
  fi
done

. "$checklib"

# "ADDRESS TYPE NAME", or "TYPE NAME" for absolute symbols; keep the name.
# Versioned names (name@VERSION) keep their base name.
exported=$(nm -D --defined-only "$lib" | awk '{ print $NF }' | sed 's/@.*//' |
  sort -u)
count=$(printf '%s\n' "$exported" | grep -c .)
echo "$count exported symbols"
check "exports something" "$([ "$count" -gt 0 ] || echo 'no symbol at all')"

foreign=$(printf '%s\n' "$exported" | grep -v '^mtasts_' | sed 's/^/  /')
check "every exported symbol starts with mtasts_" "$foreign"

missing=""
for fn in $(grep -o 'MTASTS_EXPORT[^(]*(' "$header" |
  sed 's/.*[ *]\([a-z_0-9]*\)($/\1/'); do
  printf '%s\n' "$exported" | grep -qx "$fn" || missing="$missing $fn"
done
check "every MTASTS_EXPORT function of the header is exported" \
  "${missing:+not exported:$missing}"

soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
check "SONAME is libmtasts.so.$sover" \
  "$([ "$soname" = "libmtasts.so.$sover" ] || echo "  SONAME is '$soname'")"

check_summary
