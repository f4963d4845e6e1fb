#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every test of the project: builds with gcc and with clang (warnings
# are errors), with AddressSanitizer and UndefinedBehaviorSanitizer, runs the
# whole ctest suite in each build, and runs the Check suites under valgrind;
# then the thread test under ThreadSanitizer, each fuzz harness for a minute
# (MTASTS_FUZZ_SECONDS), and the coverage of lib/ with its figures; and the
# Debian packages, built, checked with lintian, installed and tested.
# Usage: tests/run-all.sh   (build trees go to _build-tests/, or $MTASTS_TEST_BUILD)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${MTASTS_TEST_BUILD:-$root/_build-tests}
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
steps=0
summary=
failures=

# Each step's output goes to the terminal and to $out/steps/N.log; the end
# of the run names the steps that failed, with their durations and the last
# lines of their logs, so that a truncated CI log still says what failed.
step() {
  name=$1
  shift
  steps=$((steps + 1))
  log=$out/steps/$steps.log
  echo "==> $name"
  start=$(date +%s)
  # The step runs in an if (errexit off inside it, as the functions
  # expect); its status goes through a file, as tee takes the pipe's.
  { if "$@"; then rc=0; else rc=1; fi; echo "$rc" >"$log.rc"; } 2>&1 |
    tee "$log"
  seconds=$(($(date +%s) - start))
  if [ "$(cat "$log.rc" 2>/dev/null)" = 0 ]; then
    passed=$((passed + 1))
    summary="$summary
  passed  ${seconds}s  $name"
  else
    failed=$((failed + 1))
    failures="$failures $steps"
    echo "==> $name FAILED"
    summary="$summary
  FAILED  ${seconds}s  $name  ($log)"
    echo "$name" >"$log.name"
  fi
}

build_and_test() {
  dir=$out/$1
  shift
  cmake -S "$root" -B "$dir" -DMTASTS_WERROR=ON "$@" >"$dir.log" 2>&1 ||
    { cat "$dir.log"; return 1; }
  cmake --build "$dir" -j "$jobs" || return 1
  # The web page's browser test runs once, in its own step below.
  (cd "$dir" && ctest --no-tests=error --output-on-failure -j "$jobs" -LE web)
}

# The web page (web/build.sh) in headless Chromium, against the tools of the
# gcc build; under CI=true a missing emcc, chromium or npm ci is a failure.
web() {
  rc=0
  sh "$root/tests/web/run.sh" "$out/gcc/cli/mtasts-lint" \
    "$out/gcc/cli/mtasts-gen" "$out/web" || rc=$?
  # 77: skipped, as the tools are missing (never under CI=true).
  [ "$rc" -eq 77 ] && echo "web: skipped" && rc=0
  return "$rc"
}

memcheck() {
  dir=$out/gcc
  status=0
  for t in "$dir"/tests/test_*; do
    [ -x "$t" ] || continue
    echo "valgrind $(basename "$t")"
    # CK_FORK=no keeps each Check test in the process valgrind watches.
    # MTASTS_TEST_SCALE=100: the hostile-input suite at a hundredth of its
    # sizes (1 MB for 100 MB), as valgrind runs some 50 times slower.
    if ! (cd "$dir/tests" && CK_FORK=no MTASTS_SOURCE_DIR=$root \
      MTASTS_TEST_SCALE=100 valgrind -q --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=all "$t" >"$t.valgrind.log" 2>&1); then
      cat "$t.valgrind.log"
      status=1
    fi
  done
  return $status
}

# The library without its optional dependencies (libidn2, libpsl): the
# Check suites only, in a gcc build of their own.
bare() {
  dir=$out/bare
  cmake -S "$root" -B "$dir" -DMTASTS_WERROR=ON -DCMAKE_C_COMPILER=gcc \
    -DMTASTS_WITH_IDN2=OFF -DMTASTS_WITH_PSL=OFF -DMTASTS_BUILD_CLI=OFF \
    -DMTASTS_BUILD_EXAMPLES=OFF >"$dir.log" 2>&1 || { cat "$dir.log"; return 1; }
  cmake --build "$dir" -j "$jobs" || return 1
  (cd "$dir" && ctest --no-tests=error --output-on-failure -j "$jobs" \
    -R '^(core|domain|policy|record|docs|write|deploy|threads)$')
}

# The thread test under ThreadSanitizer (clang), in a build of its own.
tsan() {
  dir=$out/tsan
  cmake -S "$root" -B "$dir" -DMTASTS_WERROR=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=Debug -DMTASTS_SANITIZE=thread -DMTASTS_BUILD_CLI=OFF \
    -DMTASTS_BUILD_EXAMPLES=OFF >"$dir.log" 2>&1 || { cat "$dir.log"; return 1; }
  cmake --build "$dir" -j "$jobs" --target test_threads || return 1
  # CK_FORK=no: the threads run in the process TSan watches; any report
  # fails the run.
  (cd "$dir/tests" && CK_FORK=no TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
    ./test_threads)
}

# Each libFuzzer harness for MTASTS_FUZZ_SECONDS (60) seconds, with its
# dictionary, from a copy of its corpus and its regressions. Any crash,
# leak, timeout or out-of-memory fails the run; what it wrote is kept in
# $out/fuzz/artifacts-HARNESS/.
fuzz() {
  dir=$out/fuzz
  seconds=${MTASTS_FUZZ_SECONDS:-60}
  cmake -S "$root" -B "$dir" -DMTASTS_WERROR=ON -DCMAKE_C_COMPILER=clang \
    -DMTASTS_FUZZ=ON -DMTASTS_BUILD_TESTS=OFF -DMTASTS_BUILD_CLI=OFF \
    -DMTASTS_BUILD_EXAMPLES=OFF >"$dir.log" 2>&1 || { cat "$dir.log"; return 1; }
  harnesses=$(cat "$dir/fuzz/harnesses.txt")
  # shellcheck disable=SC2086
  cmake --build "$dir" -j "$jobs" --target $harnesses || return 1
  status=0
  for h in $harnesses; do
    rm -rf "$dir/corpus-$h" "$dir/artifacts-$h"
    mkdir -p "$dir/corpus-$h" "$dir/artifacts-$h"
    cp "$root/fuzz/corpus/$h/"* "$dir/corpus-$h/"
    echo "fuzz $h for $seconds s"
    # A harness has a regressions folder once a finding has been kept in it
    # (git keeps no empty folder).
    set -- "$dir/corpus-$h"
    if [ -d "$root/fuzz/regressions/$h" ]; then
      set -- "$@" "$root/fuzz/regressions/$h"
    fi
    if ! "$dir/fuzz/$h" -max_total_time="$seconds" -timeout=25 \
      -print_final_stats=1 -dict="$root/fuzz/$h.dict" \
      -artifact_prefix="$dir/artifacts-$h/" "$@" >"$dir/$h.log" 2>&1; then
      tail -n 60 "$dir/$h.log"
      status=1
    fi
    grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|peak_rss_mb)' \
      "$dir/$h.log"
    if [ -n "$(ls -A "$dir/artifacts-$h")" ]; then
      echo "fuzz $h: findings in $dir/artifacts-$h/:"
      ls "$dir/artifacts-$h"
      status=1
    fi
  done
  return $status
}

# Line and branch coverage of lib/ (gcc --coverage, gcovr): runs the suite
# once more and prints the figures; fails below 99% of lines or 95% of
# branches (tests/coverage.sh).
coverage() {
  dir=$out/coverage
  cmake -S "$root" -B "$dir" -DMTASTS_WERROR=ON -DCMAKE_C_COMPILER=gcc \
    -DMTASTS_COVERAGE=ON >"$dir.log" 2>&1 || { cat "$dir.log"; return 1; }
  cmake --build "$dir" -j "$jobs" || return 1
  cmake --build "$dir" --target coverage
}

# The Debian packages (tests/deb/run.sh): built in a copy of the tree,
# lintian, installed, then their autopkgtests, which include the Python
# tests against the installed python3-mtasts. DEB_BUILD_OPTIONS=nocheck:
# the build would run the whole ctest suite again (some six minutes on two
# cores), which the steps above already ran. Skipped (77) when not root,
# never under CI=true.
deb() {
  rc=0
  DEB_BUILD_OPTIONS=nocheck sh "$root/tests/deb/run.sh" "$out/deb" || rc=$?
  [ "$rc" -eq 77 ] && echo "deb: skipped" && rc=0
  return "$rc"
}

rm -rf "$out/steps"
mkdir -p "$out/steps"
step "gcc -Werror" build_and_test gcc -DCMAKE_C_COMPILER=gcc
step "clang -Werror" build_and_test clang -DCMAKE_C_COMPILER=clang
step "without libidn2 and libpsl" bare
# The sanitizers make the hostile-input suite's 100 MB inputs some four
# times slower: a quarter of the sizes keeps every shape.
MTASTS_TEST_SCALE=4
export MTASTS_TEST_SCALE
step "ASan+UBSan" build_and_test asan -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=Debug -DMTASTS_SANITIZE=address,undefined
unset MTASTS_TEST_SCALE
if command -v valgrind >/dev/null 2>&1; then
  step "valgrind memcheck" memcheck
else
  step "valgrind memcheck (valgrind not installed)" false
fi
step "web page in Chromium" web
step "Debian packages" deb
step "ThreadSanitizer: thread test" tsan
step "libFuzzer: each harness" fuzz
if command -v gcovr >/dev/null 2>&1; then
  step "coverage of lib/" coverage
else
  step "coverage of lib/ (gcovr not installed)" false
fi
for n in $failures; do
  echo "==> the end of the log of the failed step: $(cat "$out/steps/$n.log.name")"
  tail -n 50 "$out/steps/$n.log"
done
echo "==> steps$summary"
echo "test builds: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
