#!/bin/bash
# SPDX-License-Identifier: MIT
# Instructions and allocations per parse, machine-independent figures for
# tests/bench/RESULTS.md. Builds nothing: give it a Release build directory
# in which bench_perf is built (cmake --build DIR --target bench_perf).
#
#   tests/bench/callgrind.sh BUILD_DIR [N]
#
# For each workload, bench_perf --loop parses the workload's inputs N and
# 2N times under valgrind --tool=callgrind; the difference of the two
# instruction totals divided by N times the number of inputs is the cost of
# one parse (the program's start-up and the inputs' set-up cancel out).
# Allocations and peak live bytes per parse come from a counting allocator
# passed through mtasts_options.allocator (bench_perf --allocs).
set -eu
build=${1:?usage: callgrind.sh BUILD_DIR [N]}
n=${2:-2000}
bench=$build/tests/bench_perf
[ -x "$bench" ] || { echo "no $bench: build the bench_perf target" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Total instructions of one run: bench_perf --loop WORKLOAD LOOPS.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" \
    "$bench" --loop "$1" "$2" >/dev/null 2>&1
  awk '/^(summary|totals):/ { print $2; exit }' "$tmp/out"
}

printf '%-10s %-46s %8s %12s %8s %10s\n' workload inputs parses \
  'instr/parse' allocs 'peak B'
for w in rfc:"RFC 8461 example policy (1)" \
  mixed:"mixed small policies (8, tests/bench/data)" \
  sts:"_mta-sts records (5)" sts1:"_mta-sts record, 'v=STSv1; id=...;' (1)" \
  tlsrpt:"TLS-RPT records (4)" tlsrpt1:"TLS-RPT record, mailto rua (1)"; do
  name=${w%%:*}
  desc=${w#*:}
  items=$(echo "$desc" | sed 's/.*(\([0-9]*\)[^(]*$/\1/')
  a=$(instructions "$name" "$n")
  b=$(instructions "$name" $((2 * n)))
  read -r allocs peak < <("$bench" --allocs "$name")
  awk -v a="$a" -v b="$b" -v n="$n" -v k="$items" -v w="$name" \
    -v d="$desc" -v al="$allocs" -v pk="$peak" 'BEGIN {
      printf "%-10s %-46s %8d %12.0f %8s %10s\n", w, d, n * k, (b - a) / (n * k), al, pk
    }'
done
