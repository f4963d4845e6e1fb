#!/bin/sh
# SPDX-License-Identifier: MIT
# Every source file of the project (C and C++, headers, CMake, shell,
# Python, JavaScript, Makefiles, and any script that starts with #!) names
# its licence with an SPDX-License-Identifier line among its first three
# lines, and that licence is the one of LICENSE (MIT).
#
# Usage: sh spdx.sh SOURCE_DIR [--list]
#
# The files are those git tracks when SOURCE_DIR is a git work tree (so a
# new file is caught once it is added), else every file under SOURCE_DIR
# apart from build trees (_build*, build*). Test data is not source: the
# directories of inputs, cases, corpora and regressions are left out.
# With --list, prints the files it checks and exits.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: sh spdx.sh SOURCE_DIR [--list]" >&2
  exit 2
fi
src=$(cd "$1" && pwd) || exit 2
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
. "$checklib"

list_files() {
  if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$src" ls-files
  else
    (cd "$src" && find . -type d \( -name '_build*' -o -name 'build*' \
      -o -name .git \) -prune -o -type f -print | sed 's|^\./||' | sort)
  fi
}

# The files that must carry the line: by name, or by a #! first line.
sources() {
  list_files | while IFS= read -r f; do
    case "$f" in
    fuzz/corpus/* | fuzz/regressions/* | */cases/* | */inputs/* | \
      tests/data/* | tests/bench/data/* | examples/data/*) continue ;;
    *.c | *.h | *.cpp | *.in | *.cmake | */CMakeLists.txt | CMakeLists.txt | \
      *.sh | *.py | *.js | Makefile | */Makefile) printf '%s\n' "$f" ;;
    *) [ -f "$src/$f" ] && [ "$(head -c 2 "$src/$f")" = '#!' ] &&
      printf '%s\n' "$f" ;;
    esac
  done
}

if [ "${2:-}" = --list ]; then
  sources
  exit 0
fi

files=$(sources)
count=$(printf '%s\n' "$files" | grep -c .)
# At least the library's own sources: an empty list is a broken test.
check "found the source files ($count)" \
  "$([ "$count" -ge 20 ] || echo "only $count files found under $src")"

missing=""
for f in $files; do
  head -n 3 "$src/$f" | grep -q 'SPDX-License-Identifier: MIT\( \|$\|\*/\)' ||
    missing="$missing
  $f"
done
check "every source file has an SPDX-License-Identifier: MIT line" \
  "${missing:+without one:$missing}"

grep -q '^MIT License' "$src/LICENSE" 2>/dev/null &&
  grep -q 'The libmtasts authors' "$src/LICENSE"
check "LICENSE holds the MIT licence of the libmtasts authors" \
  "$([ $? -eq 0 ] || echo "no MIT licence in $src/LICENSE")"

check_summary
