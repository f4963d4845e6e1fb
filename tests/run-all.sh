#!/bin/sh
# Runs every test of the project: builds with gcc and with clang (warnings
# are errors), with AddressSanitizer and UndefinedBehaviorSanitizer, runs the
# whole ctest suite in each build, and runs the Check suites under valgrind.
# Usage: tests/run-all.sh   (build trees go to _build-tests/, or $MTASTS_TEST_BUILD)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${MTASTS_TEST_BUILD:-$root/_build-tests}
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0

step() {
  name=$1
  shift
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "==> $name FAILED"
  fi
}

build_and_test() {
  dir=$out/$1
  shift
  cmake -S "$root" -B "$dir" -DMTASTS_WERROR=ON "$@" >"$dir.log" 2>&1 ||
    { cat "$dir.log"; return 1; }
  cmake --build "$dir" -j "$jobs" || return 1
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
}

memcheck() {
  dir=$out/gcc
  status=0
  for t in "$dir"/tests/test_*; do
    [ -x "$t" ] || continue
    echo "valgrind $(basename "$t")"
    # CK_FORK=no keeps each Check test in the process valgrind watches.
    if ! (cd "$dir/tests" && CK_FORK=no MTASTS_SOURCE_DIR=$root \
      valgrind -q --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=all "$t" >"$t.valgrind.log" 2>&1); then
      cat "$t.valgrind.log"
      status=1
    fi
  done
  return $status
}

mkdir -p "$out"
step "gcc -Werror" build_and_test gcc -DCMAKE_C_COMPILER=gcc
step "clang -Werror" build_and_test clang -DCMAKE_C_COMPILER=clang
step "ASan+UBSan" build_and_test asan -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=Debug -DMTASTS_SANITIZE=address,undefined
if command -v valgrind >/dev/null 2>&1; then
  step "valgrind memcheck" memcheck
else
  echo "==> valgrind not installed"
  failed=$((failed + 1))
fi
echo "test builds: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
