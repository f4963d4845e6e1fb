#!/bin/sh
# SPDX-License-Identifier: MIT
# The ABI check: the shared library just built against the stored ABI of
# the last release (tests/abi/libmtasts.abi, written by abidw).
# - An incompatible change (a function removed, a type changed in a way
#   that breaks callers) fails, unless the SONAME changed with it.
# - Additions (new functions, new diagnostic codes) are compatible: they
#   are listed, and pass.
# The ABI policy this enforces is docs/abi.md.
#
# Usage: sh abidiff.sh PATH/TO/libmtasts.so BASELINE.abi PUBLIC-HEADERS-DIR
#        sh abidiff.sh --update PATH/TO/libmtasts.so BASELINE.abi HEADERS-DIR
#   (--update writes the baseline: only when a release is made)
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

update=0
if [ "${1:-}" = "--update" ]; then
  update=1
  shift
fi
if [ $# -ne 3 ]; then
  echo "usage: sh abidiff.sh [--update] LIB BASELINE.abi HEADERS-DIR" >&2
  exit 2
fi
lib=$1
baseline=$2
headers=$3
for tool in abidw abidiff readelf; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIP: $tool is needed (Debian package abigail-tools)"
    # CI installs it (.ci/run): there, a missing tool is a failure.
    [ "${CI:-}" = true ] && exit 1
    exit 77
  fi
done

if [ $update -eq 1 ]; then
  abidw --headers-dir "$headers" --no-corpus-path --out-file "$baseline" \
    "$lib" || exit 1
  echo "wrote $baseline"
  exit 0
fi

. "$checklib"

soname() {
  readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'
}
new_soname=$(soname "$lib")
old_soname=$(sed -n "s/.*<abi-corpus [^>]*soname='\([^']*\)'.*/\1/p" \
  "$baseline" | head -n 1)
echo "baseline SONAME $old_soname, built SONAME $new_soname"
check "the baseline names its SONAME" \
  "$([ -n "$old_soname" ] || echo "no soname in $baseline")"

suppr=$(dirname "$0")/suppressions.abignore
report=$(abidiff --headers-dir2 "$headers" --suppressions "$suppr" \
  "$baseline" "$lib" 2>&1)
status=$?
printf '%s\n' "$report" | sed 's/^/  /'
# abidiff's status is a bit field: 1 tool error, 2 usage error, 4 ABI
# changed, 8 incompatible ABI change (a symbol removed). A changed function
# or variable (a parameter added, a struct grown in a way the suppressions
# do not allow) only sets 4, so the summary lines are read as well: any
# function or variable removed or changed breaks callers; added ones and
# added enumerators (which abidiff counts as harmless) do not.
broken=$(printf '%s\n' "$report" |
  sed -n 's/.*changes summary: \([0-9]*\) Removed, \([0-9]*\) Changed.*/\1 \2/p' |
  awk '{ n += $1 + $2 } END { print n + 0 }')
problem=""
if [ $((status & 3)) -ne 0 ]; then
  problem="abidiff failed (status $status)"
elif { [ $((status & 8)) -ne 0 ] || [ "$broken" -gt 0 ]; } &&
  [ "$new_soname" = "$old_soname" ]; then
  problem="an incompatible ABI change under the same SONAME $new_soname:
  bump MTASTS_SOVERSION (a major release, docs/abi.md) or undo the change"
fi
check "no incompatible ABI change without a new SONAME" "$problem"
check_summary
