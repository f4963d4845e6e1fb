#!/bin/sh
# SPDX-License-Identifier: MIT
# libmtasts inside another CMake project (tests/embed/consumer), in each way
# such a project takes it in: add_subdirectory of the source tree,
# FetchContent with SOURCE_DIR, FetchContent with a file:// URL of an
# archive of the tree, and find_package of an installed libmtasts. Each way,
# the consumer's program links mtasts::mtasts, is built and run. Embedded,
# libmtasts must also behave as a guest:
#   - it builds the library only (no tools, tests or examples), and only the
#     kind the parent asked for with BUILD_SHARED_LIBS (static when unset);
#   - it sets no build type, and installs nothing (MTASTS_INSTALL is off);
#   - its C standard, warnings and MTASTS_WERROR reach its own sources, and
#     not the parent's (checked in compile_commands.json).
#
# Usage: sh run.sh SOURCE_DIR C_COMPILER
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh run.sh SOURCE_DIR C_COMPILER" >&2
  exit 2
fi
src=$(cd "$1" && pwd) || exit 2
cc=$2
here=$(cd "$(dirname "$0")" && pwd)
consumer=$here/consumer
jobs=$(nproc 2>/dev/null || echo 2)
. "$here/../check.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-embed.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

version=$(sed -n 's/^project(mtasts VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
expected="version $version
good: valid 1, diagnostics 0
bad: valid 0, first diagnostic policy-mx-trailing-dot"

# Runs a command quietly; prints its output when it fails. Sets $problem.
quiet() {
  if "$@" >"$tmp/log" 2>&1; then
    problem=""
  else
    problem=$(tail -n 40 "$tmp/log")
  fi
}

# The compile command of the first entry of compile_commands.json whose
# file ends with $2, in build tree $1.
command_of() {
  python3 - "$1/compile_commands.json" "$2" <<'PY' 2>/dev/null
import json, sys
for entry in json.load(open(sys.argv[1])):
    if entry["file"].endswith(sys.argv[2]):
        print(entry.get("command") or " ".join(entry["arguments"]))
        break
PY
}

# build NAME MODE SOURCE [cmake options...]: configures, builds and runs the
# consumer; returns 1 when a step failed (and counted as failed).
build() {
  name=$1
  b=$tmp/$name
  mode=$2
  source=$3
  shift 3
  quiet cmake -S "$consumer" -B "$b" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_INSTALL_PREFIX="$b-prefix" \
    -DMTASTS_EMBED="$mode" -DMTASTS_EMBED_SOURCE="$source" "$@"
  check "$name: configure" "$problem"
  [ -z "$problem" ] || return 1
  quiet cmake --build "$b" -j "$jobs"
  check "$name: build" "$problem"
  [ -z "$problem" ] || return 1
  out=$("$b/consumer" 2>&1)
  check "$name: the program runs and the library answers" \
    "$([ "$out" = "$expected" ] || printf 'got:\n%s\nexpected:\n%s' "$out" "$expected")"
}

# guest NAME KIND: the checks of an embedded build; KIND is static or shared.
guest() {
  name=$1
  b=$tmp/$name
  kind=$2
  libs=$(cd "$b" && find . -name 'libmtasts*.so*' -o -name 'libmtasts*.a' |
    sed 's|.*/||' | sort | tr '\n' ' ')
  case "$kind:$libs" in
  static:"libmtasts.a ") problem="" ;;
  shared:libmtasts.so*) problem=$(printf '%s' "$libs" | grep -o 'libmtasts\.a') ;;
  *) problem="built: $libs" ;;
  esac
  check "$name: only the $kind library is built ($libs)" "$problem"

  extra=$(cd "$b" && find . -type f \( -name mtasts-lint -o -name mtasts-gen \
    -o -name 'test_*' -o -name lint_policy -o -name 'fuzz_*' \) -perm -u+x)
  check "$name: no tool, test or example is built" "$extra"

  bt=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$b/CMakeCache.txt")
  check "$name: the parent's build type is left alone (empty)" \
    "$([ -z "$bt" ] || echo "CMAKE_BUILD_TYPE became '$bt'")"

  own=$(command_of "$b" /lib/util.c)
  main=$(command_of "$b" /consumer/main.c)
  problem=""
  case "$own" in *-std=c11*-Wshadow* | *-Wshadow*-std=c11*) ;;
  *) problem="lib/util.c: $own" ;; esac
  case "$main" in *-std=c99* | *-std=gnu99*) ;; *) problem="$problem
main.c lost its C99: $main" ;; esac
  case "$main" in *-Wshadow* | *-Werror* | *-std=c11* | *-fsanitize*)
    problem="$problem
main.c got libmtasts's flags: $main" ;;
  esac
  check "$name: C11 and warnings for libmtasts, the parent's flags for main.c" \
    "$problem"

  quiet cmake --install "$b"
  installed=$(cd "$b-prefix" 2>/dev/null && find . -type f | sort | tr '\n' ' ')
  check "$name: cmake --install installs the parent's program only" \
    "$problem$([ "$installed" = "./bin/consumer " ] || echo "installed: $installed")"
}

# ------------------------------------------------------------ add_subdirectory
if build subdirectory subdirectory "$src" -DMTASTS_WERROR=ON; then
  guest subdirectory static
  case "$(command_of "$tmp/subdirectory" /lib/util.c)" in
  *-Werror*) problem="" ;;
  *) problem="no -Werror on lib/util.c" ;;
  esac
  check "subdirectory: MTASTS_WERROR reaches libmtasts's sources" "$problem"
fi
if build subdirectory-shared subdirectory "$src" -DBUILD_SHARED_LIBS=ON; then
  guest subdirectory-shared shared
fi

# ------------------------------------------------------------ FetchContent
if build fetch-dir fetch-dir "$src"; then
  guest fetch-dir static
fi

# An archive of the tree as it is (tracked and new files, not build trees).
mkdir -p "$tmp/archive/mtasts"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -co --exclude-standard -z |
    xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' sh |
    tar cf - -T -) | tar xf - -C "$tmp/archive/mtasts"
else
  (cd "$src" && tar cf - --exclude='./_build*' --exclude='./build*' .) |
    tar xf - -C "$tmp/archive/mtasts"
fi
tar czf "$tmp/mtasts.tar.gz" -C "$tmp/archive" mtasts
rm -rf "$tmp/archive"
if build fetch-url fetch-url "file://$tmp/mtasts.tar.gz"; then
  guest fetch-url static
fi

# ------------------------------------------------------------ find_package
lib=$tmp/library
quiet cmake -S "$src" -B "$lib" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_INSTALL_PREFIX="$tmp/installed" -DMTASTS_BUILD_TESTS=OFF \
  -DMTASTS_BUILD_CLI=OFF -DMTASTS_BUILD_EXAMPLES=OFF
[ -z "$problem" ] && quiet cmake --build "$lib" -j "$jobs"
[ -z "$problem" ] && quiet cmake --install "$lib"
check "find_package: build and install libmtasts" "$problem"
if [ -z "$problem" ]; then
  build find_package find_package "" -DCMAKE_PREFIX_PATH="$tmp/installed"
fi

check_summary
