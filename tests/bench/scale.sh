#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mtasts-lint over very many files (issue 6, "Scale"): files per second of
#   a. one process:  mtasts-lint --files-from LIST --format=jsonl
#   b. xargs:        xargs -P 1 and -P 2 -n 5000 mtasts-lint --format=jsonl
#                    (names one a line), and xargs -0 -P 2 (NUL-terminated)
#   c. split:        the list cut in two with split -n l/2, one
#                    mtasts-lint --files-from PART per part at once (as one
#                    would spread a scan over machines)
#   d. GNU parallel: parallel --pipe -N 5000 -j 2 mtasts-lint --files-from -,
#                    and parallel --pipe-part -a LIST --block SIZE (blocks
#                    of about 5000 names); installed with apt-get when
#                    missing and possible, else skipped
# Every run writes its jsonl to a file in the temporary directory; the
# script checks that each has one line per file and the same lines as run
# a (in another order), and shows the exit status of each: mtasts-lint
# exits 1 as some files have errors, xargs 123 ("an invocation exited with
# 1 to 125"), parallel the number of jobs that failed.
#
# The files are made in a temporary directory (removed on exit) from the
# eight small policies of tests/bench/data/ as tests/bench/cli.sh does:
# file i is policy i mod 8 with one extra, distinct mx line. The runs read
# them from the page cache (they were just written). Wall clock of bash's
# `time`, the best of REPS runs; the CPU time (user + system) of that run is
# shown too. The machine's load is printed, as other jobs skew the figures.
#
# Usage: tests/bench/scale.sh BUILD_DIR
#   BUILD_DIR: a build tree with mtasts-lint built (cli/mtasts-lint)
# Environment (all optional):
#   NFILES=100000  number of files
#   CHUNK=5000     names per process for xargs -n and parallel -N
#   REPS=1         runs of each command; the fastest counts
set -u -o pipefail

NFILES=${NFILES:-100000}
CHUNK=${CHUNK:-5000}
REPS=${REPS:-1}

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=files.sh
. "$here/files.sh"
build=$(cd "$1" && pwd) || exit 2
lint=$build/cli/mtasts-lint
if [ ! -x "$lint" ]; then
  echo "$0: $lint not found; build it: cmake --build $build --target mtasts-lint" >&2
  exit 2
fi
if ! "$lint" --help | grep -q -- '--files-from'; then
  echo "$0: this mtasts-lint has no --files-from" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# --- The files --------------------------------------------------------------
make_files "$tmp" "$NFILES"
tr '\n' '\0' <"$tmp/list" >"$tmp/list0"
bytes=$(cd "$tmp/files" && xargs -a "$tmp/list" cat | wc -c)
echo "files: $NFILES small policies ($bytes bytes in all), $CHUNK names per process"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load at the start: $(cut -d' ' -f1-3 /proc/loadavg); busiest processes:"
ps -eo pcpu=,comm= --sort=-pcpu | head -n 3 | sed 's/^/  /'

# GNU parallel: from Debian when missing, if apt-get works (root).
parallel_ok=0
if command -v parallel >/dev/null 2>&1; then
  parallel_ok=1
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing GNU parallel (apt-get install parallel)"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends parallel >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends parallel >/dev/null 2>&1; }; then
    parallel_ok=1
  fi
fi
[ $parallel_ok -eq 1 ] || echo "GNU parallel is not installed and could not be: skipped"

# --- The runs ------------------------------------------------------------------
# measure NAME COMMAND: runs COMMAND (a shell command, in the files'
# directory, its output to $tmp/out) REPS times; prints the best wall time,
# the files per second, the CPU time, the exit status and the checks.
reference=""
TIMEFORMAT='%R %U %S'
printf '\n%-44s %8s %10s %8s %6s  %s\n' run "wall s" "files/s" "CPU s" status check
measure() {
  local name=$1 cmd=$2 best="" cpu="" status="" r
  for ((r = 0; r < REPS; r++)); do
    local t
    t=$( { time (cd "$tmp/files" && (eval "$cmd") >"$tmp/out" 2>"$tmp/err"
      echo $? >"$tmp/status"); } 2>&1) || true
    read -r wall user sys <<<"$t"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
      status=$(cat "$tmp/status")
    fi
  done
  local lines check
  lines=$(wc -l <"$tmp/out" | tr -d ' ')
  sum=$(sort "$tmp/out" | cksum)
  if [ "$lines" -ne "$NFILES" ]; then
    check="FAIL: $lines lines"
  elif [ -s "$tmp/err" ]; then
    check="FAIL: $(head -n 1 "$tmp/err")"
  elif [ -z "$reference" ]; then
    reference=$sum
    check="ok ($lines lines)"
  elif [ "$sum" = "$reference" ]; then
    check="ok, same lines"
  else
    check="FAIL: not the lines of the first run"
  fi
  printf '%-44s %8s %10s %8s %6s  %s\n' "$name" "$best" \
    "$(awk -v n="$NFILES" -v t="$best" 'BEGIN { printf "%.0f", n / t }')" \
    "$cpu" "$status" "$check"
}

measure "a. 1 process, --files-from LIST" \
  "\"$lint\" --format=jsonl --files-from \"$tmp/list\""
measure "b. xargs -P 1 -n $CHUNK" \
  "xargs -P 1 -n $CHUNK \"$lint\" --format=jsonl <\"$tmp/list\""
measure "b. xargs -P 2 -n $CHUNK" \
  "xargs -P 2 -n $CHUNK \"$lint\" --format=jsonl <\"$tmp/list\""
measure "b. xargs -0 -P 2 -n $CHUNK" \
  "xargs -0 -P 2 -n $CHUNK \"$lint\" --format=jsonl <\"$tmp/list0\""
split -n l/2 "$tmp/list" "$tmp/part."
# Both parts at once, each to its own file; the status is the worse one.
measure "c. split -n l/2, 2 x --files-from PART" \
  "pids=''; for p in \"$tmp\"/part.??; do
     \"$lint\" --format=jsonl --files-from \"\$p\" >\"\$p.jsonl\" & pids=\"\$pids \$!\"
   done
   worst=0; for pid in \$pids; do wait \$pid; s=\$?; [ \$s -gt \$worst ] && worst=\$s; done
   cat \"$tmp\"/part.??.jsonl; exit \$worst"
if [ $parallel_ok -eq 1 ]; then
  measure "d. parallel --pipe -N $CHUNK -j 2" \
    "parallel --will-cite --pipe -N $CHUNK -j 2 \"$lint\" --format=jsonl --files-from - <\"$tmp/list\""
  # --pipe-part cuts the list file in blocks of bytes (at line ends)
  # without passing it through parallel: much less overhead than -N.
  block=$(($(wc -c <"$tmp/list") * CHUNK / NFILES + 1))
  measure "d. parallel --pipe-part --block $block -j 2" \
    "parallel --will-cite --pipe-part -a \"$tmp/list\" --block $block -j 2 \"$lint\" --format=jsonl --files-from -"
fi
echo
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
