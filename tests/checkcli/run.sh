#!/bin/sh
# SPDX-License-Identifier: MIT
# mtasts-check without a network: option mistakes and "no resolver
# reachable" exit with status 2 and say what is wrong, never status 0 or 1
# (which would read as a verdict on the domain).
#
# Usage: sh run.sh PATH/TO/mtasts-check
#
# The resolver cases run inside an empty network namespace (unshare -n, as
# root); where that is not possible they are reported as not run, and the
# test exits 77 (skipped) after the option checks when nothing else ran.
checklib=$(cd "$(dirname "$0")/.." && pwd)/check.sh
set -u
if [ $# -ne 1 ]; then
  echo "usage: sh run.sh PATH/TO/mtasts-check" >&2
  exit 2
fi
tool=$1
. "$checklib"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-checkcli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS PATTERN ARGS...: the tool exits with STATUS and its
# standard error matches PATTERN (grep -E); nothing on standard output.
expect() {
  name=$1 want=$2 pattern=$3
  shift 3
  "$tool" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  problem=""
  [ "$rc" -eq "$want" ] || problem="exit status $rc, expected $want"
  grep -Eq -- "$pattern" "$tmp/err" ||
    problem="$problem${problem:+; }stderr does not match /$pattern/: $(cat "$tmp/err")"
  [ ! -s "$tmp/out" ] ||
    problem="$problem${problem:+; }stdout not empty: $(head -3 "$tmp/out")"
  check "$name" "$problem"
}

expect "no domain" 2 "^mtasts-check: no DOMAIN to check$"
expect "unknown option" 2 "unrecognized|unknown option.*--bogus" --bogus x.example
expect "unknown format" 2 "unknown format 'xml'" --format=xml x.example
expect "resolver not an address" 2 "--resolver takes an IP address" \
  --resolver dns.example x.example
expect "resolver port out of range" 2 "--resolver takes an IP address" \
  --resolver 127.0.0.1@70000 x.example
expect "resolver empty port" 2 "--resolver takes an IP address" \
  --resolver 127.0.0.1@ x.example
expect "timeout zero" 2 "--timeout takes whole seconds" --timeout 0 x.example
expect "timeout not a number" 2 "--timeout takes whole seconds" \
  --timeout 1.5 x.example
expect "jobs zero" 2 "-j takes a number from 1 to 256" -j 0 x.example
expect "jobs too many" 2 "-j takes a number from 1 to 256" -j 257 x.example
expect "jobs missing" 2 "requires an argument|needs a value|-j" -j
expect "zone without policy" 2 "--zone goes with --policy" \
  --zone z.zone x.example
expect "policy with two domains" 2 "--policy checks one DOMAIN" \
  --policy p.txt x.example y.example
expect "policy with a list" 2 "--policy checks one DOMAIN" \
  --policy p.txt --domains-from - x.example
expect "two lists" 2 "--domains-from is given twice" \
  --domains-from a --domains-from b
expect "missing trust anchor" 2 "--trust-anchor $tmp/none: No such file" \
  --trust-anchor "$tmp/none" x.example
expect "missing CA file" 2 "--ca-file $tmp/none: No such file" \
  --ca-file "$tmp/none" x.example
expect "not a domain name" 2 "'bad\.\.example' is not a domain name" \
  bad..example
expect "an address is not a domain" 2 "'192.0.2.1' is not a domain name" \
  192.0.2.1

"$tool" --help >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--help exits 0 with the usage" \
  "$([ $rc -eq 0 ] && grep -q '^Usage: mtasts-check' "$tmp/out" || echo "status $rc: $(head -2 "$tmp/out")")"
"$tool" --version >"$tmp/out" 2>&1
check "--version" \
  "$(grep -Eq '^mtasts-check [0-9]+\.[0-9]+\.[0-9]+' "$tmp/out" || cat "$tmp/out")"

# No resolver: in an empty network namespace, a closed port on loopback
# (ICMP port unreachable) and an address with no route at all. Both must
# end at once with status 2 and "no resolver reachable", before any
# domain is judged.
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
  for case in "127.0.0.1@53:lo" "192.0.2.53:none"; do
    resolver=${case%:*} lo=${case#*:}
    start=$(date +%s)
    unshare -n sh -c '[ "$1" = lo ] && ip link set lo up
      shift; exec "$@"' sh "$lo" "$tool" --resolver "$resolver" \
      --timeout 5 --format=json example.com >"$tmp/out" 2>"$tmp/err"
    rc=$?
    took=$(($(date +%s) - start))
    problem=""
    [ $rc -eq 2 ] || problem="exit status $rc, expected 2"
    grep -q "^mtasts-check: no resolver reachable: " "$tmp/err" ||
      problem="$problem; stderr: $(cat "$tmp/err")"
    [ ! -s "$tmp/out" ] || problem="$problem; stdout: $(head -3 "$tmp/out")"
    [ "$took" -le 4 ] || problem="$problem; took $took s"
    check "no resolver reachable at $resolver (lo: $lo): status 2" "$problem"
  done
  # The system's resolvers, none reachable: the same.
  unshare -n "$tool" --timeout 2 example.com >"$tmp/out" 2>"$tmp/err"
  rc=$?
  check "no system resolver reachable: status 2" \
    "$([ $rc -eq 2 ] && grep -q 'no resolver reachable' "$tmp/err" || echo "status $rc: $(cat "$tmp/err")")"
else
  echo "not run: the no-resolver cases need root and unshare -n"
  if [ "${CI:-}" = true ]; then
    check "the no-resolver cases run under CI" "not root, or no unshare -n"
  fi
fi

check_summary
