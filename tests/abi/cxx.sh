#!/bin/sh
# SPDX-License-Identifier: MIT
# The public header compiles as C++ with every C++ compiler found (g++,
# clang++, or $CXX), as C++11 and C++17 with -Wall -Wextra -pedantic
# -Werror; with the compiler that matches the library's, the program is also
# linked against the library and run (extern "C" linkage).
#
# Usage: sh cxx.sh SOURCE_DIR INCLUDE_DIR LIBRARY C_COMPILER_ID [LINK_FLAGS|none]
#   INCLUDE_DIR  the build's include directory (generated version.h)
#   LIBRARY      libmtasts.so or libmtasts.a of the build
#   LINK_FLAGS   extra flags to link with the library (e.g. --coverage), or
#                "none" to compile only (sanitizer builds: their runtime
#                belongs to the C compiler)
#
# No C++ compiler is needed to build libmtasts; without one this test is
# skipped (exit status 77).
set -u

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
  echo "usage: sh cxx.sh SOURCE_DIR INCLUDE_DIR LIBRARY C_COMPILER_ID [LINK_FLAGS|none]" >&2
  exit 2
fi
src=$1
inc=$2
lib=$3
cc_id=$4
link=${5:-}

compilers=""
for c in ${CXX:-} g++ clang++; do
  command -v "$c" >/dev/null 2>&1 || continue
  case " $compilers " in *" $c "*) ;; *) compilers="$compilers $c" ;; esac
done
if [ -z "$compilers" ]; then
  echo "SKIP: no C++ compiler (g++ or clang++)"
  exit 77
fi
# The C++ compiler whose runtime and flags match the library's build.
case $cc_id in
Clang) linker=clang++ ;;
*) linker=g++ ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-cxx.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0
for cxx in $compilers; do
  for std in c++11 c++17; do
    what="$cxx -std=$std"
    if "$cxx" -std=$std -Wall -Wextra -pedantic -Werror -I"$src/include" \
      -I"$inc" -c "$src/tests/abi/header.cpp" -o "$tmp/header.o" \
      >"$tmp/log" 2>&1; then
      passed=$((passed + 1))
      echo "ok: $what compiles <mtasts/mtasts.h>"
    else
      failed=$((failed + 1))
      cat "$tmp/log"
      echo "FAIL: $what"
      continue
    fi
    [ "$link" = none ] && continue
    [ "$(basename "$cxx")" = "$linker" ] || [ "$cxx" = "${CXX:-}" ] || continue
    # shellcheck disable=SC2086 # LINK_FLAGS is a list of flags
    if "$cxx" -o "$tmp/header" "$tmp/header.o" "$lib" $link \
      -Wl,-rpath,"$(dirname "$lib")" >"$tmp/log" 2>&1 &&
      "$tmp/header" >"$tmp/log" 2>&1; then
      passed=$((passed + 1))
      echo "ok: $what links against $(basename "$lib") and runs"
    else
      failed=$((failed + 1))
      cat "$tmp/log"
      echo "FAIL: $what: link and run"
    fi
  done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
