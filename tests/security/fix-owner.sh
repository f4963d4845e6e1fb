#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 20, item 1: --fix keeps the owner and group of the file it
# replaces, or drops the set-id bits when it cannot; it refuses files the
# caller may not write. Run as root with a second user, nobody (setpriv).
# Before the fix, root's --fix of nobody's 4755 policy made a root-owned
# setuid file, and nobody could replace a 0444 file of its own.
. "$(dirname "$0")/common.sh"
need_root

d=$tmp/shared
mkdir "$d" && chmod 1777 "$d"

# Root fixes a policy that nobody owns, mode 4755: same owner, same mode.
broken_policy "$d/a.txt"
chown nobody:nogroup "$d/a.txt" && chmod 4755 "$d/a.txt"
"$lint" --fix "$d/a.txt" >/dev/null 2>"$tmp/err"
check "root's --fix of nobody's file: fixed" "$(is_fixed "$d/a.txt")"
got=$(stat -c '%U:%G %a' "$d/a.txt")
check "root's --fix keeps owner, group and mode (4755)" \
  "$([ "$got" = "nobody:nogroup 4755" ] || echo "now $got")"

# nobody fixes root's file that it may write (mode 6777): the owner cannot
# be kept, so the set-id bits go. (A directory without the sticky bit, in
# which nobody may replace root's entries.)
d2=$tmp/open
mkdir "$d2" && chmod 777 "$d2"
broken_policy "$d2/b.txt"
chmod 6777 "$d2/b.txt"
as_nobody "$lint" --fix "$d2/b.txt" >/dev/null 2>"$tmp/err"
got=$(stat -c '%U %a' "$d2/b.txt")
check "nobody's --fix of root's 6777 file: no set-id bit on nobody's file" \
  "$([ "$got" = "nobody 777" ] || echo "now $got; $(cat "$tmp/err")")"

# nobody may not write root's 0644 file (in a directory it may write):
# refused, unchanged, exit 2.
broken_policy "$d/c.txt"
chmod 644 "$d/c.txt"
cp "$d/c.txt" "$tmp/c.orig"
as_nobody "$lint" --fix "$d/c.txt" >/dev/null 2>"$tmp/err"
rc=$?
problem=
[ $rc -eq 2 ] || problem="exit status $rc"
cmp -s "$tmp/c.orig" "$d/c.txt" || problem="$problem; the file was replaced"
[ "$(stat -c %U "$d/c.txt")" = root ] || problem="$problem; owner changed"
grep -q 'cannot be written by this user' "$tmp/err" ||
  problem="$problem; stderr: $(cat "$tmp/err")"
check "nobody's --fix of root's 0644 file is refused" "$problem"

# A 0444 file of nobody's own: read-only, refused (root too).
broken_policy "$d/e.txt"
chown nobody "$d/e.txt" && chmod 444 "$d/e.txt"
cp "$d/e.txt" "$tmp/e.orig"
as_nobody "$lint" --fix "$d/e.txt" >/dev/null 2>"$tmp/err"
rc1=$?
"$lint" --fix "$d/e.txt" >/dev/null 2>>"$tmp/err"
rc2=$?
problem=
[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] || problem="exit statuses $rc1 $rc2"
cmp -s "$tmp/e.orig" "$d/e.txt" || problem="$problem; the file was replaced"
grep -q 'read-only' "$tmp/err" || problem="$problem; $(cat "$tmp/err")"
check "a 0444 file is refused (owner and root)" "$problem"

check "no temporary file left" "$(leftovers "$d")"
finish
