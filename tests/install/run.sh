#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs libmtasts as a distribution package would, moves the installed
# tree elsewhere (everything must be relocatable), then builds examples/
# against it as a user's program would, twice: with CMake's find_package
# (shared, then static) and with pkg-config; and runs what it built.
#
# Usage: sh run.sh SOURCE_DIR C_COMPILER
#
# The build is a fresh one of SOURCE_DIR with the given compiler and no
# sanitizer (a program of a user's would not link one), configured with
# prefix /usr, so that GNUInstallDirs picks Debian's multiarch libdir
# (lib/x86_64-linux-gnu): the deepest libdir the package files must handle.
set -u

if [ $# -ne 2 ]; then
  echo "usage: sh run.sh SOURCE_DIR C_COMPILER" >&2
  exit 2
fi
src=$(cd "$1" && pwd) || exit 2
cc=$2
jobs=$(nproc 2>/dev/null || echo 2)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  echo "ok: $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
}
# Runs a command quietly; on failure shows its output and fails the check.
run() {
  what=$1
  shift
  if "$@" >"$tmp/log" 2>&1; then
    pass "$what"
  else
    cat "$tmp/log"
    fail "$what"
    return 1
  fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# ------------------------------------------------------------ build, install
run "configure the library (prefix /usr)" \
  cmake -S "$src" -B "$tmp/build" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DMTASTS_BUILD_TESTS=OFF -DMTASTS_BUILD_EXAMPLES=OFF -DMTASTS_WERROR=ON ||
  finish
run "build the library and tools" cmake --build "$tmp/build" -j "$jobs" ||
  finish
run "cmake --install into a staging directory" \
  env DESTDIR="$tmp/stage" cmake --install "$tmp/build" || finish

# The installed tree moves: nothing may hold the path it was installed to.
mv "$tmp/stage/usr" "$tmp/moved" || exit 2
prefix=$tmp/moved
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$tmp/build/CMakeCache.txt")
echo "libdir: $libdir"

missing=""
for f in include/mtasts/mtasts.h include/mtasts/diagnostics.h \
  include/mtasts/export.h include/mtasts/version.h \
  "$libdir/libmtasts.so" "$libdir/libmtasts.a" \
  "$libdir/cmake/mtasts/mtastsConfig.cmake" \
  "$libdir/cmake/mtasts/mtastsConfigVersion.cmake" \
  "$libdir/cmake/mtasts/mtastsTargets.cmake" \
  "$libdir/pkgconfig/mtasts.pc" \
  bin/mtasts-lint share/man/man1/mtasts-lint.1 share/man/man3/libmtasts.3; do
  [ -e "$prefix/$f" ] || missing="$missing $f"
done
# mtasts-gen and its page come together.
if [ -e "$prefix/bin/mtasts-gen" ] || [ -e "$prefix/share/man/man1/mtasts-gen.1" ]; then
  for f in bin/mtasts-gen share/man/man1/mtasts-gen.1; do
    [ -e "$prefix/$f" ] || missing="$missing $f"
  done
fi
if [ -z "$missing" ]; then
  pass "every file is installed"
else
  fail "not installed:$missing"
fi
(cd "$prefix" && find . ! -type d | sort | sed "s|^\./|  |")

# The SONAME follows MTASTS_SOVERSION, not the release.
sover=$(sed -n 's/^set(MTASTS_SOVERSION \([0-9]*\)).*/\1/p' "$src/CMakeLists.txt")
soname=$(readelf -d "$prefix/$libdir/libmtasts.so" 2>/dev/null |
  sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$soname" = "libmtasts.so.$sover" ] &&
  [ -e "$prefix/$libdir/$soname" ]; then
  pass "SONAME $soname, and the link to it is installed"
else
  fail "SONAME '$soname', expected libmtasts.so.$sover beside the library"
fi

if grep -rl "$tmp/stage" "$prefix" >"$tmp/log" 2>/dev/null; then
  cat "$tmp/log"
  fail "installed files name the staging directory"
else
  pass "no installed file names the staging directory"
fi

# The tools run from the moved tree without LD_LIBRARY_PATH ($ORIGIN rpath).
version=$(sed -n 's/^project(mtasts VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
out=$(env -u LD_LIBRARY_PATH "$prefix/bin/mtasts-lint" --version 2>&1)
if [ "$out" = "mtasts-lint $version" ]; then
  pass "installed mtasts-lint runs: $out"
else
  fail "installed mtasts-lint --version: $out"
fi
if env -u LD_LIBRARY_PATH "$prefix/bin/mtasts-lint" "$src/examples/data/policy.txt"; then
  pass "installed mtasts-lint lints a policy"
else
  fail "installed mtasts-lint on examples/data/policy.txt"
fi

# --------------------------------------------------------- find_package
for kind in shared static; do
  opt=OFF
  [ $kind = static ] && opt=ON
  b=$tmp/examples-cmake-$kind
  run "find_package ($kind): configure examples/" \
    cmake -S "$src/examples" -B "$b" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" -DMTASTS_EXAMPLES_STATIC=$opt \
    -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" || continue
  run "find_package ($kind): build examples/" cmake --build "$b" -j "$jobs" ||
    continue
  needed=$(readelf -d "$b/lint_policy" | grep -c 'NEEDED.*libmtasts')
  if [ $kind = shared ] && [ "$needed" -eq 1 ]; then
    pass "find_package (shared): the examples load libmtasts.so.$sover"
  elif [ $kind = static ] && [ "$needed" -eq 0 ]; then
    pass "find_package (static): the examples hold the library"
  else
    fail "find_package ($kind): $needed NEEDED entries for libmtasts"
  fi
  run "find_package ($kind): run the examples (ctest)" \
    ctest --test-dir "$b" --output-on-failure
done

# The version file: same major version only.
for want in "1.0 found" "$version found" "2.0 not-found" "0.9 not-found"; do
  req=${want% *}
  expect=${want#* }
  mkdir -p "$tmp/version-$req"
  cat >"$tmp/version-$req/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.16)
project(version_check LANGUAGES C)
find_package(mtasts $req QUIET)
if(mtasts_FOUND)
  message(STATUS "result: found \${mtasts_VERSION}")
else()
  message(STATUS "result: not-found")
endif()
EOF
  got=$(cmake -S "$tmp/version-$req" -B "$tmp/version-$req/build" \
    -DCMAKE_PREFIX_PATH="$prefix" 2>&1 | sed -n 's/^-- result: //p')
  case "$expect:$got" in
  found:found*) pass "find_package(mtasts $req): $got" ;;
  not-found:not-found) pass "find_package(mtasts $req): not found" ;;
  *) fail "find_package(mtasts $req): '$got', expected $expect" ;;
  esac
done

# ------------------------------------------------------------- pkg-config
PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
export PKG_CONFIG_PATH
unset PKG_CONFIG_LIBDIR
pc_version=$(pkg-config --modversion mtasts 2>&1)
pc_libdir=$(pkg-config --variable=libdir mtasts 2>&1)
pc_cflags=$(pkg-config --cflags mtasts 2>&1)
if [ "$pc_version" = "$version" ] &&
  [ "$(cd "$pc_libdir" 2>/dev/null && pwd -P)" = "$(cd "$prefix/$libdir" && pwd -P)" ]; then
  pass "pkg-config finds mtasts $pc_version in the moved tree: $pc_cflags"
else
  fail "pkg-config: version '$pc_version', libdir '$pc_libdir'"
fi
b=$tmp/examples-pkg-config
mkdir -p "$b"
if run "pkg-config: build examples/ with examples/Makefile" \
  make -C "$b" -f "$src/examples/Makefile" CC="$cc" \
  CFLAGS="-O2 -Wall -Wextra -Werror"; then
  # Runs an example: expected status, a text its output must hold, command.
  check_example() {
    want=$1
    text=$2
    shift 2
    out=$(LD_LIBRARY_PATH=$pc_libdir "$@" 2>&1)
    rc=$?
    if [ $rc -eq "$want" ] && printf '%s\n' "$out" | grep -F -q -e "$text"; then
      pass "pkg-config: $(basename "$1") (status $rc, '$text')"
    else
      printf '%s\n' "$out"
      fail "pkg-config: $(basename "$1"): status $rc, expected $want and '$text'"
    fi
  }
  data=$src/examples/data
  check_example 0 "mx: *.relay.example.org" "$b/lint_policy" "$data/policy.txt"
  check_example 1 "[policy-max-age-too-large]" "$b/lint_policy" \
    "$data/broken-policy.txt"
  check_example 0 "_smtp._tls: rua mailto:tls-reports@example.org" \
    "$b/check_records" "v=STSv1; id=20240301T1200" \
    "v=TLSRPTv1; rua=mailto:tls-reports@example.org"
  check_example 1 "a.b.relay.example.org: not covered by any mx pattern" \
    "$b/mx_coverage" "$data/policy.txt" mx1.example.org a.b.relay.example.org
fi

finish
