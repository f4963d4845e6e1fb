#!/bin/sh
# SPDX-License-Identifier: MIT
# mtasts-lint at scale: --files-from streams its list and --format=jsonl
# writes one valid JSON object per input, as soon as it is linted.
#
# - A list of 20,000 entries (six names over and over, one of them missing)
#   gives exactly 20,000 lines of jsonl, in the order of the list, one
#   message on stderr per missing entry and exit status 2; so does the same
#   list as NUL-terminated names on standard input (-0).
# - Memory does not grow with the list: the peak RSS of a run over 200,000
#   entries stays under 16 MB and within 512 KB of that of a run over
#   20,000. The peak is that of /usr/bin/time -f %M (Debian package time);
#   without it, VmHWM of /proc/PID/status, read while mtasts-lint waits for
#   more of a list it reads from a FIFO, after the last name given has been
#   linted (which also shows that results come out before the list ends).
#   The check is skipped in a sanitizer build (third argument), whose
#   allocator keeps freed memory in quarantine, and when neither way works.
# - Every line of the jsonl is valid JSON (python3 json.loads), and, over
#   the first 2,000 entries with --mx and records, the lines are the
#   elements of "results" of --format=json, members in the same order;
#   skipped without python3.
#
# Usage: sh stream.sh PATH/TO/mtasts-lint PATH/TO/tests/cli [sanitize=VALUE]
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: sh stream.sh PATH/TO/mtasts-lint PATH/TO/tests/cli [sanitize=VALUE]" >&2
  exit 2
fi
tool=$1
case $tool in
/*) ;;
*) tool=$(pwd)/$tool ;;
esac
cd "$2" || exit 2
sanitize=${3:-sanitize=}
sanitize=${sanitize#sanitize=}

LC_ALL=C
export LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-stream.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

. "$checklib"

# A list of N entries cycling over NAMES.
make_list() { # N FILE NAMES
  awk -v n="$1" -v names="$3" 'BEGIN {
    k = split(names, f, " ")
    for (i = 0; i < n; i++) print f[i % k + 1]
  }' >"$2"
}
policies="inputs/good.txt inputs/errors.txt inputs/warning.txt inputs/utf8.txt inputs/binary.bin"

# --- Every entry gives one line ----------------------------------------------
make_list 20000 "$tmp/list" "$policies inputs/no-such-file.txt"
tr '\n' '\0' <"$tmp/list" >"$tmp/list.0"

counts() { # NAME STATUS
  lines=$(wc -l <"$tmp/out" | tr -d ' ')
  errs=$(grep -c ': No such file or directory$' "$tmp/err")
  problem=""
  [ "$lines" -eq 20000 ] || problem="$lines lines of output for 20000 entries"
  [ "$errs" -eq 3333 ] ||
    problem="$problem${problem:+; }$errs messages on stderr, expected 3333"
  [ "$2" -eq 2 ] || problem="$problem${problem:+; }exit status $2, expected 2"
  check "$1" "$problem"
}
"$tool" --files-from "$tmp/list" --format=jsonl >"$tmp/out" 2>"$tmp/err"
counts "20,000 entries: one jsonl line each" $?
cp "$tmp/out" "$tmp/list.jsonl"
"$tool" --format=jsonl --files-from - -0 <"$tmp/list.0" >"$tmp/out" 2>"$tmp/err"
counts "the same, NUL-terminated on standard input (-0)" $?
problem=""
cmp -s "$tmp/out" "$tmp/list.jsonl" || problem="the outputs differ"
check "the same output with -0" "$problem"

# --- The peak RSS does not grow with the list --------------------------------
# peak N: runs mtasts-lint --format=jsonl over a list of N existing policy
# files; sets rss (KB, empty when unknown) and problem (the lines are not N).
rss_way=""
if [ -n "$sanitize" ]; then
  echo "note: sanitizer build ($sanitize): the peak RSS is not checked"
elif [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$tmp/rss" true 2>/dev/null; then
  rss_way="/usr/bin/time -f %M"
elif [ -r /proc/self/status ] && grep -q '^VmHWM:' /proc/self/status &&
  mkfifo "$tmp/probe" 2>/dev/null; then
  rss_way="VmHWM of /proc/PID/status"
else
  echo "note: no /usr/bin/time and no /proc: the peak RSS is not checked"
fi

comm=$(basename "$tool" | cut -c1-15) # the name in /proc/PID/status
peak() {
  make_list "$1" "$tmp/plist" "$policies"
  rss=""
  problem=""
  if [ "$rss_way" = "/usr/bin/time -f %M" ]; then
    /usr/bin/time -f %M -o "$tmp/rss" "$tool" --format=jsonl \
      --files-from "$tmp/plist" >"$tmp/out" 2>"$tmp/err"
    rss=$(tail -n 1 "$tmp/rss")
    lines=$(wc -l <"$tmp/out" | tr -d ' ')
    [ "$lines" -eq "$1" ] || problem="$lines lines of output for $1 entries"
    return
  fi
  # The list comes through a FIFO, then a last name that is missing: once
  # its message is on stderr, every entry has been linted, and mtasts-lint
  # waits for more of the list until the FIFO is closed.
  rm -f "$tmp/fifo"
  mkfifo "$tmp/fifo" || return
  "$tool" --format=jsonl --files-from - <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  {
    cat "$tmp/plist"
    echo inputs/end-of-list
    i=0
    while [ ! -s "$tmp/err" ] && [ $i -lt 1200 ]; do
      sleep 0.05
      i=$((i + 1))
    done
    # $pid is mtasts-lint itself, not a shell that waits for it.
    if grep -q "^Name:[[:space:]]*$comm\$" "/proc/$pid/status" 2>/dev/null; then
      rss=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$pid/status")
    fi
  } >"$tmp/fifo"
  wait "$pid"
  lines=$(wc -l <"$tmp/out" | tr -d ' ')
  [ "$lines" -eq $(($1 + 1)) ] || problem="$lines lines of output for $1 entries and one missing"
}

if [ -n "$rss_way" ]; then
  peak 20000
  rss_small=$rss
  [ -z "$problem" ] || check "20,000 policies" "$problem"
  peak 200000
  rss_large=$rss
  [ -z "$problem" ] || check "200,000 policies" "$problem"
  echo "peak RSS ($rss_way): 20,000 entries ${rss_small:-?} KB, 200,000 entries ${rss_large:-?} KB"
  problem=""
  if [ -z "$rss_small" ] || [ -z "$rss_large" ]; then
    problem="no figure"
  elif [ "$rss_large" -gt 16384 ]; then
    problem="the peak, $rss_large KB, is over 16 MB"
  elif [ "$rss_large" -gt $((rss_small + 512)) ]; then
    problem="the peak grows with the list: $rss_small KB, then $rss_large KB"
  fi
  check "the peak RSS does not grow with the list" "$problem"
fi

# --- Valid JSON, the elements of --format=json --------------------------------
if command -v python3 >/dev/null 2>&1; then
  head -n 2000 "$tmp/list" >"$tmp/list2k"
  set -- --mx mail.example.com --files-from "$tmp/list2k" --txt 'v=STSv1; id=1' \
    --txt '"v=STSv1; " "id=2"' --tlsrpt 'v=TLSRPTv1; rua=mailto:a@example.com'
  "$tool" --format=jsonl "$@" >"$tmp/mixed.jsonl" 2>/dev/null
  "$tool" --format=json "$@" >"$tmp/mixed.json" 2>/dev/null
  problem=$(python3 -c '
import json, sys
names = [l.rstrip("\n") for l in open(sys.argv[1])]
def lines(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith("\n"):
                print("%s:%d: no newline at the end" % (path, n))
            try:
                out.append(json.loads(line))
            except ValueError as e:
                print("%s:%d: not JSON: %s" % (path, n, e))
                sys.exit(0)
    return out
plain = lines(sys.argv[2])
if [o.get("input") for o in plain] != names:
    print("the inputs are not in the order of the list")
mixed = lines(sys.argv[3])
for o in plain + mixed:
    if "error" in o and list(o) != ["input", "kind", "error"]:
        print("an error line with the members %s" % list(o))
with open(sys.argv[4], encoding="utf-8") as f:
    results = json.load(f)["results"]
linted = [o for o in mixed if "error" not in o]
if linted != results or [list(o) for o in linted] != [list(o) for o in results]:
    print("the jsonl lines differ from the elements of results in --format=json")
' "$tmp/list" "$tmp/list.jsonl" "$tmp/mixed.jsonl" "$tmp/mixed.json" 2>&1)
  check "every jsonl line is JSON, as the elements of --format=json" "$problem"
else
  echo "SKIP: the JSON check needs python3"
fi

check_summary
