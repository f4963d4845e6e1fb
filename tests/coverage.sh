#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the ctest suite of a build configured with -DMTASTS_COVERAGE=ON and
# prints the line and branch coverage of lib/ (the `coverage` target calls
# this). The figures are printed whether or not a test failed. Fails when a
# test failed, or lib/ has less than 99% of its lines or 95% of its
# branches covered.
#
# Usage: tests/coverage.sh BUILD_DIR SOURCE_DIR [GCOVR [GCOV]]
set -u
build=$1
src=$(cd "$2" && pwd)
gcovr=${3:-gcovr}
gcov=${4:-gcov}
cd "$build" || exit 2
# Counts from an earlier run would add up.
find . -name '*.gcda' -exec rm -f {} +
# The hostile-input suite at a tenth of its sizes: coverage needs its shapes,
# not its megabytes, and this build is not optimised.
MTASTS_TEST_SCALE=${MTASTS_TEST_SCALE:-10} ctest --output-on-failure \
  -j "$(nproc 2>/dev/null || echo 2)"
status=$?
common="--root $src --object-directory $build --filter $src/lib/ --gcov-executable $gcov"
echo "==> coverage of lib/: lines not run"
# shellcheck disable=SC2086
"$gcovr" $common --txt || status=$?
echo "==> coverage of lib/: branches"
# shellcheck disable=SC2086
"$gcovr" $common --branches --txt || status=$?
echo "==> coverage of lib/ (at least 99% of lines and 95% of branches)"
# shellcheck disable=SC2086
# The report goes to a scratch file, never to /dev/null: a tool that
# replaces its output file would replace the device.
summary=$(mktemp)
"$gcovr" $common --print-summary --txt "$summary" --fail-under-line 99 \
  --fail-under-branch 95 || {
  echo "coverage of lib/ is below 99% of lines or 95% of branches"
  status=1
}
rm -f "$summary"
exit $status
