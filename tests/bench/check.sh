#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mtasts-check over many domains (issue 17): domains per second with
# --domains-from and -j N against the local test servers of tests/live
# (knotd, nginx, aiosmtpd on loopback in a network namespace), and the
# peak memory (maximum resident set) of each run, which must not grow with
# the length of the list. Figures only: it never passes or fails on time.
#
# The list holds NDOMAINS (default 400) names, taken in turn from the
# scenarios that answer at once (no time-outs): a clean domain, a CNAME
# delegation, two policy host addresses, an MX host not covered, DANE, an
# implicit MX, a null MX, a redirect, a text/html policy. Each domain
# costs 5 to 8 DNS lookups, one HTTPS fetch per policy host address and
# one SMTP session with STARTTLS per MX address. A second list, 4x as
# long, is run at the highest -j to show that memory stays flat.
#
# Usage: tests/bench/check.sh PATH/TO/mtasts-check [NDOMAINS [JOBS...]]
#        (as root; JOBS defaults to "1 2 4 8")
# Needs tests/live/run.sh (its --shell mode starts the servers) and GNU
# time (/usr/bin/time, Debian package time).
set -u
here=$(cd "$(dirname "$0")" && pwd)
live=$here/../live/run.sh
if [ $# -lt 1 ]; then
  echo "usage: tests/bench/check.sh PATH/TO/mtasts-check [NDOMAINS [JOBS...]]" >&2
  exit 2
fi
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
n=${2:-400}
shift
[ $# -gt 0 ] && shift
jobs=${*:-1 2 4 8}
[ -f "$live" ] || { echo "skipped: $live is missing"; exit 77; }
[ -x /usr/bin/time ] || { echo "skipped: /usr/bin/time is missing"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "skipped: needs root (tests/live)"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-bench-check.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
scenarios="clean cname twoaddr notcovered dane implicit nullmx redirect html"
make_list() { # COUNT FILE
  i=0
  while [ $i -lt "$1" ]; do
    for s in $scenarios; do
      [ $i -lt "$1" ] || break
      echo "$s.test"
      i=$((i + 1))
    done
  done >"$2"
}
make_list "$n" "$work/list"
make_list $((n * 4)) "$work/list4"

# The commands run in the shell that tests/live/run.sh --shell opens among
# the servers; the newest mtasts-live.* directory is theirs.
cat >"$work/cmds" <<CMDS
A=\$(ls -td "\${TMPDIR:-/tmp}"/mtasts-live.*/ | head -1)
opts="--resolver 127.0.0.53 --trust-anchor \$A/anchors --ca-file \$A/ca/ca.pem --timeout 3 --format=jsonl"
run() { # LIST JOBS
  /usr/bin/time -f "%e %M" -o "$work/time" "$tool" \$opts -j "\$2" \
    --domains-from "\$1" >"$work/out" 2>"$work/err"
  lines=\$(wc -l <"$work/out")
  # The last line: GNU time puts "Command exited with non-zero status 1"
  # before it when domains have errors (the exit status 1 of a finding).
  read -r secs kb <<<"\$(tail -n 1 "$work/time")"
  awk -v n="\$lines" -v s="\$secs" -v j="\$2" -v kb="\$kb" \
    'BEGIN { printf "RESULT -j %-3s %6d domains in %7.2f s: %8.1f domains/s, max RSS %6d KiB\n", j, n, s, (s > 0 ? n / s : 0), kb }'
}
for j in $jobs; do run "$work/list" \$j; done
last=\$(echo $jobs | awk '{ print \$NF }')
run "$work/list4" \$last
exit
CMDS
echo "mtasts-check: $n domains (and $((n * 4)) at the highest -j), against tests/live's servers"
MTASTS_LIVE_LIMIT=${MTASTS_LIVE_LIMIT:-1200} bash "$live" --shell \
  <"$work/cmds" 2>&1 | sed -n 's/^RESULT //p'
