#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 20, items 4, 7 and 10: reading zone files.
#
# Item 4: 15 files of a few hundred bytes, each including the next ten
# times, 14 deep: about 10^14 includes, which 1.0.0 never finished. Now the
# run stops at 10,000 includes with a clear error (exit 2), in seconds.
#
# Item 7: an included file is opened first, then where the opened file
# lies is checked. Deterministic with mtasts-lint-test: its
# MTASTS_TEST_BEFORE_INCLUDE_OPEN command runs just before the open, and
# points the link, which named a file inside the zone's directory until
# then, at a file outside. 1.0.0 checked the link's target, then opened the
# name again, and so read the outside file (3 in 57 runs with a real
# racing writer); a racing test would pass by chance.
#
# Item 10: a FIFO zone is read whole (1.0.0 stopped at the first short read
# and found nothing); a FIFO or a device $INCLUDE is refused at once
# (1.0.0 hung, or read a device whole); --zone /dev/stdin works.
. "$(dirname "$0")/common.sh"

if "$lint" --zone /dev/null 2>&1 | grep -q 'without libzscanner'; then
  echo "skipped: this mtasts-lint was built without libzscanner"
  exit 77
fi
cd "$tmp" || exit 2
head='$ORIGIN example.com.
@ 3600 IN SOA ns.example.com. host.example.com. 1 7200 3600 1209600 3600
@ IN MX 10 mx1.example.com.
_mta-sts IN TXT "v=STSv1; id=1"
mta-sts IN A 192.0.2.1
'

# --- Item 4 ----------------------------------------------------------------
mkdir fan && cd fan || exit 2
printf '%s$INCLUDE f0.inc\n' "$head" >z.zone
i=0
while [ $i -lt 15 ]; do
  : >f$i.inc
  if [ $i -lt 14 ]; then
    k=0
    while [ $k -lt 10 ]; do
      echo "\$INCLUDE f$((i + 1)).inc" >>f$i.inc
      k=$((k + 1))
    done
  fi
  i=$((i + 1))
done
start=$(date +%s)
timeout 120 "$lint" --zone z.zone >/dev/null 2>"$tmp/err"
rc=$?
took=$(($(date +%s) - start))
problem=
[ $rc -eq 2 ] || problem="exit status $rc"
grep -q 'includes files more than 10000 times' "$tmp/err" ||
  problem="$problem; stderr: $(cat "$tmp/err")"
[ $took -le 60 ] || problem="$problem; took $took s"
check "an include fan-out stops at 10,000 includes (exit 2, ${took} s)" \
  "$problem"
cd "$tmp" || exit 2

# --- Item 7 ----------------------------------------------------------------
mkdir -p race/zones && cd race || exit 2
printf 'mx-outside.example.net\n' >outside.inc
printf '@ IN MX 20 mx2.example.com.\n' >zones/inside.inc
ln -s inside.inc zones/mx.inc
printf '%s$INCLUDE mx.inc\n' "$head" >zones/z.zone
"$lint_test" --zone zones/z.zone >/dev/null 2>"$tmp/err"
check "a link inside the directory is followed" \
  "$(grep 'INCLUDE' "$tmp/err")"
MTASTS_TEST_BEFORE_INCLUDE_OPEN='ln -sf ../outside.inc zones/mx.inc' \
  "$lint_test" --zone zones/z.zone >"$tmp/out" 2>"$tmp/err"
rc=$?
problem=
[ $rc -eq 2 ] || problem="exit status $rc"
grep -q 'mx.inc is refused: it is outside' "$tmp/err" ||
  problem="$problem; stderr: $(cat "$tmp/err")"
! grep -q 'mx-outside' "$tmp/out" "$tmp/err" ||
  problem="$problem; the outside file was read"
check "a link changed to outside before the open is refused" "$problem"
cd "$tmp" || exit 2

# --- Item 10 ---------------------------------------------------------------
mkdir fifo && cd fifo || exit 2
printf '%s' "$head" >plain.zone
# A policy that does not cover mx1: an error to find.
printf 'version: STSv1\nmode: enforce\nmx: other.example.com\nmax_age: 604800\n' >p.txt
"$lint" --zone plain.zone --format=json p.txt >"$tmp/expect" 2>/dev/null
grep -q deploy-mx-not-covered "$tmp/expect" || echo "no finding in $(cat "$tmp/expect")"
mkfifo zone.fifo
(cat plain.zone >zone.fifo &)
timeout 20 "$lint" --zone zone.fifo --format=json p.txt >"$tmp/out" 2>"$tmp/err"
rc=$?
sed 's/zone.fifo/plain.zone/' "$tmp/out" >"$tmp/out2"
check "a FIFO zone is read whole (the same findings as the file)" \
  "$([ $rc -eq 1 ] && cmp -s "$tmp/expect" "$tmp/out2" || echo "rc $rc: $(cat "$tmp/err")")"

timeout 20 "$lint" --zone /dev/stdin --format=json p.txt <plain.zone >"$tmp/out" 2>"$tmp/err"
rc=$?
sed 's|/dev/stdin|plain.zone|' "$tmp/out" >"$tmp/out2"
check "--zone /dev/stdin works" \
  "$([ $rc -eq 1 ] && cmp -s "$tmp/expect" "$tmp/out2" || echo "rc $rc: $(cat "$tmp/err")")"

mkfifo inc.fifo
printf '%s$INCLUDE inc.fifo\n' "$head" >f.zone
timeout 20 "$lint" --zone f.zone >/dev/null 2>"$tmp/err"
rc=$?
check "a FIFO \$INCLUDE is refused at once" \
  "$([ $rc -eq 2 ] && grep -q 'inc.fifo: refused: it is a FIFO' "$tmp/err" || echo "rc $rc: $(cat "$tmp/err")")"

ln -s /dev/zero dev.inc
printf '%s$INCLUDE dev.inc\n' "$head" >d.zone
timeout 20 "$lint" --zone d.zone >/dev/null 2>"$tmp/err"
rc=$?
check "a device \$INCLUDE (through a link) is refused at once" \
  "$([ $rc -eq 2 ] && grep -q 'dev.inc' "$tmp/err" || echo "rc $rc: $(cat "$tmp/err")")"
finish
