#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the Debian packages of debian/ and tests them as installed:
#
#   1. copies the source tree (git's files, or all but build trees) to
#      WORKDIR/src, so that the build leaves the source tree untouched;
#   2. dpkg-buildpackage -us -uc -b there: libmtasts1, libmtasts-dev,
#      mtasts-tools, python3-mtasts;
#   3. lintian on the .changes: any error or warning fails (the
#      informational tags are shown);
#   4. installs the packages (apt-get install ./*.deb; needs root);
#   5. runs the autopkgtests of debian/tests against them (autopkgtest
#      --no-built-binaries ... -- null: on this machine, with the installed
#      packages): a program built through pkg-config and through CMake's
#      find_package, the tools on the examples, and the Python tests
#      (python/tests) against the installed python3-mtasts;
#   6. prints each package's size and a summary of its contents.
#
# Usage: sh tests/deb/run.sh [WORKDIR]   (default: _build-deb in the tree)
#
# DEB_BUILD_OPTIONS is passed on: tests/run-all.sh sets nocheck, as it runs
# the whole upstream suite in its other steps; without it the build runs
# ctest too. Exit status 77 (skip) when not root or the Debian tools are
# missing, except under CI=true, where that fails.
set -u
# Debian's tools only, as on a build daemon: no python3 or cmake of a
# user's own earlier in PATH.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$root/_build-deb}

skip() {
  echo "SKIP: $1"
  [ "${CI:-}" = true ] && exit 1
  exit 77
}
for tool in dpkg-buildpackage dh lintian autopkgtest apt-get; do
  command -v $tool >/dev/null 2>&1 ||
    skip "$tool is missing (Debian: devscripts-free set: dpkg-dev debhelper lintian autopkgtest)"
done
[ "$(id -u)" -eq 0 ] || skip "installing the packages needs root"

version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
upstream=${version%-*}
arch=$(dpkg --print-architecture)
src=$work/src/libmtasts-$upstream
rm -rf "$work"
mkdir -p "$src" || exit 2

# 1. The copy: what git tracks plus new files it does not ignore, or, out
# of git, everything but build trees.
echo "==> copying the source tree to $src"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf -) | tar -xf - -C "$src" || exit 2
else
  (cd "$root" && tar --exclude='./_build*' --exclude='./build*' \
    --exclude=./.git -cf - .) | tar -xf - -C "$src" || exit 2
fi

# 2. The build.
echo "==> dpkg-buildpackage -us -uc -b (DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-})"
start=$(date +%s)
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log"
  echo "FAIL: dpkg-buildpackage (log: $work/build.log)"
  exit 1
fi
echo "built in $(($(date +%s) - start)) s"
changes=$work/src/libmtasts_${version}_$arch.changes
debs=$(ls "$work"/src/*.deb)
failed=0

# 3. lintian: no error, no warning.
echo "==> lintian"
lintian --info --display-info --fail-on error,warning "$changes" ||
  { echo "FAIL: lintian reports errors or warnings"; failed=$((failed + 1)); }

# 4. Install.
echo "==> apt-get install ./*.deb"
if ! (cd "$work/src" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall \
  --no-install-recommends $(for d in $debs; do echo "./${d##*/}"; done)) \
  >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  echo "FAIL: apt-get install"
  exit 1
fi

# 5. The autopkgtests, against the installed packages.
echo "==> autopkgtest (installed packages, this machine)"
autopkgtest --no-built-binaries --output-dir "$work/autopkgtest" \
  "$src" -- null || {
  echo "FAIL: autopkgtest"
  failed=$((failed + 1))
}

# 6. What was built.
echo "==> packages"
for d in $debs; do
  name=$(dpkg-deb -f "$d" Package)
  files=$(dpkg-deb -c "$d" | grep -vc '^d')
  echo "$name $(dpkg-deb -f "$d" Version) $(dpkg-deb -f "$d" Architecture):" \
    "$(stat -c %s "$d") bytes, Installed-Size $(dpkg-deb -f "$d" Installed-Size) KiB," \
    "$files files"
  dpkg-deb -c "$d" | grep -v '^d' | awk '{ print "    " $6 ($7 == "->" ? " -> " $8 : "") }' |
    grep -v '/usr/share/doc/.*/examples/data/' | head -n 25
done

[ "$failed" -eq 0 ]
