#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark (figures, never a test): records per second reading a zone of a
# million records with mtasts-lint --zone, next to libzscanner alone on the
# same file (bench_zone_scan), and the peak memory of each (GNU time).
#
# Usage: sh tests/bench/zone.sh BUILD_DIR [RECORDS]
set -eu
build=$1
n=${2:-1000000}
lint=$build/cli/mtasts-lint
scan=$build/tests/bench_zone_scan
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-zone-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A zone in the shape of a large hosting zone: a few records that MTA-STS
# depends on, and N others (A, AAAA, MX, TXT, CNAME under many names).
awk -v n="$n" 'BEGIN {
  print "$ORIGIN example.com.\n$TTL 3600"
  print "@ IN SOA ns1 hostmaster ( 2024010101 3600 900 604800 300 )"
  print "@ IN MX 10 mx1\n@ IN MX 20 mx2"
  print "mta-sts IN A 192.0.2.2"
  print "_mta-sts IN TXT \"v=STSv1; id=20240101\""
  print "_smtp._tls IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\""
  for (i = 0; i < n - 6; i++) {
    k = i % 5
    if (k == 0) printf "host%d IN A 198.51.%d.%d\n", i, (i / 256) % 256, i % 256
    else if (k == 1) printf "host%d IN AAAA 2001:db8::%x\n", i - 1, i % 65536
    else if (k == 2) printf "host%d IN MX 10 mx%d.example.net.\n", i - 2, i % 7
    else if (k == 3) printf "host%d IN TXT \"v=spf1 ip4:198.51.100.%d -all\" \"x\"\n", i - 3, i % 256
    else printf "alias%d IN CNAME host%d\n", i, i - 4
  }
}' >"$tmp/big.zone"
printf 'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 604800\n' >"$tmp/policy.txt"
echo "zone: $n records, $(wc -c <"$tmp/big.zone") bytes"

tm=""
if [ -x /usr/bin/time ]; then tm="/usr/bin/time -f %M"; fi

echo "libzscanner alone:"
$tm "$scan" "$tmp/big.zone" example.com. 2>"$tmp/scan.err"
[ -n "$tm" ] && echo "  peak memory: $(tail -1 "$tmp/scan.err") KiB"

echo "mtasts-lint --zone:"
start=$(date +%s.%N)
$tm "$lint" --zone "$tmp/big.zone" "$tmp/policy.txt" 2>"$tmp/lint.err" ||
  { cat "$tmp/lint.err"; exit 1; }
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$n" \
  'BEGIN { printf "%d records in %.3f s: %.0f records/s\n", n, e - s, n / (e - s) }'
[ -n "$tm" ] && echo "  peak memory: $(tail -1 "$tmp/lint.err") KiB"
