#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The CLI against cat, with hyperfine (issue 6, "Performance"):
#   A. `mtasts-lint FILES...` over NFILES (10,000) small policy files in one
#      invocation, against `cat FILES...` over the same files;
#   B. `mtasts-lint FILE` on one file (the RFC 8461 §3.2 example), against
#      `cat FILE`.
# Targets: A at most 2x cat, B at most 1.5x cat. Prints the medians and the
# ratios, of wall time (the targets) and of CPU time (user + system, less
# sensitive to other work on the machine). `wc -l` over the same files runs
# too, for information: it reads every byte and counts newlines, the CLI
# counterpart of bench_perf's memchr baseline.
#
# The files are made in a temporary directory (removed on exit) from the
# eight small policies of tests/bench/data/ (the same texts bench_perf
# uses; four valid, four with errors or warnings), file i from policy
# i mod 8 with one extra, distinct mx line, so every file differs.
#
# How the argument list is passed: hyperfine runs each command without a
# shell (-N), so no shell start-up and no glob expansion is timed; the
# command line is the program and the file names, short names relative to
# the temporary directory ("0.txt" ... "9999.txt", about 89 KB). Linux
# caps one argument string at 128 KiB (MAX_ARG_STRLEN), and hyperfine
# receives the whole command line as one argument; when it would not fit
# (a larger NFILES), both commands run as `xargs -a LIST PROGRAM` instead:
# xargs reads the names from a file and packs as many as fit on each
# command line (128 KiB each), so the program runs a few times, and the
# script says how many.
#
# Usage: tests/bench/cli.sh BUILD_DIR
#   BUILD_DIR: a build tree with mtasts-lint built (cli/mtasts-lint)
# Environment (all optional):
#   NFILES=10000   number of files for A
#   CPU=0          the core to pin to (taskset -c CPU)
#   MIN_RUNS=20    hyperfine --min-runs for A (B uses 10 times as many)
set -eu -o pipefail

NFILES=${NFILES:-10000}
CPU=${CPU:-0}
MIN_RUNS=${MIN_RUNS:-20}

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=files.sh
. "$here/files.sh"
build=$(cd "$1" && pwd)
lint=$build/cli/mtasts-lint
if [ ! -x "$lint" ]; then
  echo "$0: $lint not found; build it: cmake --build $build --target mtasts-lint" >&2
  exit 2
fi
cat=$(command -v cat)
wc=$(command -v wc)

# hyperfine from Debian, installed if missing (needs root then).
if ! command -v hyperfine >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: hyperfine is not installed; as root: apt-get install hyperfine" >&2
    exit 2
  fi
  echo "installing hyperfine (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends hyperfine >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# --- The files --------------------------------------------------------------
make_files "$tmp" "$NFILES"
bytes=$(cd "$tmp/files" && xargs -a "$tmp/list" cat | wc -c)
with_errors=$(cd "$tmp/files" && {
  xargs -a "$tmp/list" "$lint" --color=never -q 2>/dev/null || true
} | awk -F: '/: error: / { print $1 }' | sort -u | wc -l)
echo "files: $NFILES small policies, $bytes bytes in all; $with_errors with errors (mtasts-lint -q)"

pin=()
if command -v taskset >/dev/null 2>&1; then
  pin=(taskset -c "$CPU")
  where="core $CPU (taskset)"
else
  where="any core (no taskset)"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(hyperfine --version), pinned to $where"

# --- A. Many files in one invocation ------------------------------------------
names=$(tr '\n' ' ' <"$tmp/list")
if [ $((${#lint} + ${#names} + 2)) -lt 131072 ]; then
  lint_many="$lint --color=never $names"
  cat_many="$cat $names"
  wc_many="$wc -l $names"
  how="one invocation each, the $NFILES names on the command line"
else
  lint_many="xargs -a $tmp/list $lint --color=never"
  cat_many="xargs -a $tmp/list $cat"
  wc_many="xargs -a $tmp/list $wc -l"
  runs=$(cd "$tmp/files" && xargs -a "$tmp/list" sh -c 'echo $#' sh | wc -l)
  how="xargs -a LIST: $runs invocations each (the list is over 128 KiB)"
fi
# Where mtasts-lint has --files-from (issue 6, "Scale"), time that form
# too: the same files, the names read from the list instead of argv.
extra=()
if "$lint" --help 2>&1 | grep -q -- '--files-from'; then
  extra=(-n "mtasts-lint --files-from $NFILES files"
    "$lint --color=never --files-from $tmp/list")
fi
echo
echo "== A: $NFILES files ($how)"
# -N: no shell; -i: mtasts-lint exits 1 when it finds errors; --output=pipe:
# both programs really write their output (to a pipe hyperfine drains).
(cd "$tmp/files" && ${pin[@]+"${pin[@]}"} hyperfine -N -i --style basic \
  --output=pipe --warmup 3 --min-runs "$MIN_RUNS" \
  --export-csv "$tmp/many.csv" \
  -n "mtasts-lint $NFILES files" "$lint_many" \
  -n "cat $NFILES files" "$cat_many" \
  -n "wc -l $NFILES files" "$wc_many" ${extra[@]+"${extra[@]}"})

# --- B. One file --------------------------------------------------------------
one=$here/data/01-rfc8461-example.txt
echo
echo "== B: one file ($(basename "$one"))"
${pin[@]+"${pin[@]}"} hyperfine -N -i --style basic --output=pipe \
  --warmup 20 --min-runs $((MIN_RUNS * 10)) --export-csv "$tmp/one.csv" \
  -n "mtasts-lint 1 file" "$lint --color=never $one" \
  -n "cat 1 file" "$cat $one" \
  -n "wc -l 1 file" "$wc -l $one"

# --- Ratios -------------------------------------------------------------------
# From hyperfine's CSV (command,mean,stddev,median,user,system,min,max):
# wall FILE NAME prints the median wall time; cpu FILE NAME the mean user +
# system time, in seconds.
wall() {
  awk -F, -v c="$2" 'NR > 1 && $1 == c { print $4 }' "$1"
}
cpu() {
  awk -F, -v c="$2" 'NR > 1 && $1 == c { print $5 + $6 }' "$1"
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
}
ms() {
  awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }'
}
echo
echo "== mtasts-lint against cat and wc -l (wall: median; CPU: mean user+system; ms)"
printf '%-16s %-5s %12s %10s %10s %10s %10s %8s
' run time mtasts-lint cat \
  "wc -l" "vs cat" "vs wc -l" target
row() { # LABEL CSV SUFFIX TARGET
  for kind in wall cpu; do
    l=$($kind "$2" "mtasts-lint $3")
    c=$($kind "$2" "cat $3")
    w=$($kind "$2" "wc -l $3")
    t=$4
    [ "$kind" = wall ] || t=""
    printf '%-16s %-5s %12s %10s %10s %10s %10s %8s\n' "$1" "$kind" \
      "$(ms "$l")" "$(ms "$c")" "$(ms "$w")" "$(ratio "$l" "$c")" \
      "$(ratio "$l" "$w")" "$t"
  done
}
row "$NFILES files" "$tmp/many.csv" "$NFILES files" "<= 2x"
row "1 file" "$tmp/one.csv" "1 file" "<= 1.5x"
if [ ${#extra[@]} -gt 0 ]; then
  f=$(wall "$tmp/many.csv" "mtasts-lint --files-from $NFILES files")
  echo "mtasts-lint --files-from LIST: $(ms "$f") ms wall, $(ratio "$f" \
    "$(wall "$tmp/many.csv" "cat $NFILES files")") cat"
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
