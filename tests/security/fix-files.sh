#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 20, items 2, 6 and 11: which file --fix replaces.
#
# Item 2, the swap between the read and the write: made deterministic with
# mtasts-lint-test, the test build whose MTASTS_TEST_BEFORE_REPLACE command
# runs after the fixed text is written to the temporary file and before the
# directory entry is checked and renamed over; the command swaps the policy
# for a symbolic link to a secret file, as an attacker who can write the
# directory would during the seconds a large file takes. A run that races
# a real writer would pass or fail by chance; this one always takes the
# path the attack needs. 1.0.0 resolved the name again at that point and
# replaced the secret with the fixed text. Also: a link to a file that is
# not a policy is left alone.
#
# Item 6: --fix --diff quotes names as git does, so a name holding a newline
# and a hunk cannot make patch -p1 create another file.
#
# Item 11: --fix /dev/stdin, a FIFO, a name of 250 bytes, SIGTERM during
# --fix (the temporary file removed), hard links (told on stderr).
. "$(dirname "$0")/common.sh"

cd "$tmp" || exit 2

# --- Item 2: swapped for a link between the read and the write ---------
mkdir swap && cd swap || exit 2
printf 'root:x:0:0:secret\n' >secret
chmod 600 secret
broken_policy policy.txt
MTASTS_TEST_BEFORE_REPLACE='mv policy.txt policy.old && ln -s secret policy.txt' \
  "$lint_test" --fix policy.txt >/dev/null 2>"$tmp/err"
rc=$?
problem=
[ $rc -eq 2 ] || problem="exit status $rc"
[ "$(cat secret)" = "root:x:0:0:secret" ] ||
  problem="$problem; the secret was replaced: $(cat secret)"
[ -L policy.txt ] || problem="$problem; the link was replaced"
grep -q 'changed or was replaced after it was read' "$tmp/err" ||
  problem="$problem; stderr: $(cat "$tmp/err")"
check "a policy swapped for a link after the read is not replaced" "$problem"
check "no temporary file left after the refusal" "$(leftovers .)"

# Changed in place after the read (same inode): refused too.
rm -f policy.txt policy.old
broken_policy policy.txt
MTASTS_TEST_BEFORE_REPLACE='echo "mx: other.example.com" >>policy.txt' \
  "$lint_test" --fix policy.txt >/dev/null 2>"$tmp/err"
rc=$?
check "a policy changed after the read is not replaced" \
  "$([ $rc -eq 2 ] && grep -q 'other.example.com' policy.txt || echo "rc $rc: $(cat policy.txt)")"

# A link given on the command line is resolved once: its target is fixed,
# the link kept.
rm -f policy.txt
broken_policy real.txt
ln -s real.txt link.txt
"$lint" --fix link.txt >/dev/null 2>&1
check "a link to a policy: the target fixed, the link kept" \
  "$(is_fixed real.txt)$([ -L link.txt ] || echo 'link replaced')"

# A link to a file that is not a policy (a copy of /etc/passwd).
printf 'root:x:0:0:root:/root:/bin/sh\n  daemon:x:1:1::/:/bin/false\n' >passwd
cp passwd passwd.orig
ln -s passwd mta-sts.txt
"$lint" --fix mta-sts.txt >/dev/null 2>"$tmp/err"
rc=$?
problem=
[ $rc -eq 2 ] || problem="exit status $rc"
cmp -s passwd passwd.orig || problem="$problem; changed: $(cat passwd)"
grep -q 'no line is a policy field' "$tmp/err" ||
  problem="$problem; stderr: $(cat "$tmp/err")"
check "a file with no policy field is left alone" "$problem"
"$lint" --fix --diff mta-sts.txt >"$tmp/out" 2>/dev/null
check "... and --diff shows no change for it" "$(cat "$tmp/out")"
cd "$tmp" || exit 2

# --- Item 6: --diff headers ----------------------------------------------
mkdir -p diff/work && cd diff/work || exit 2
nl='
'
evil="x${nl}+++ b/pwned.txt${nl}@@ -0,0 +1 @@${nl}+owned${nl}"
mkdir -p "$evil"
broken_policy "$evil/mta-sts.txt"
cp -R . ../orig
"$lint" --fix --diff "$evil/mta-sts.txt" >"$tmp/patch" 2>/dev/null
rc=$?
cd ../orig || exit 2
patch -s -p1 <"$tmp/patch" >"$tmp/patch.log" 2>&1
prc=$?
problem=
[ $rc -eq 1 ] || problem="exit status $rc"
[ ! -e pwned.txt ] || problem="$problem; patch created pwned.txt"
[ $prc -eq 0 ] || problem="$problem; patch failed: $(cat "$tmp/patch.log")"
[ -z "$(is_fixed "$evil/mta-sts.txt")" ] ||
  problem="$problem; the fix was not applied by patch"
check "--diff quotes a name with a newline; patch -p1 applies the fix only" \
  "$problem"
head -1 "$tmp/patch" | grep -q '^--- "a/x\\n+++ b/pwned.txt\\n' ||
  problem="header: $(head -2 "$tmp/patch")"
check "--diff header quoted as git quotes it" "$problem"
cd "$tmp" || exit 2

# --- Item 11 --------------------------------------------------------------
mkdir misc && cd misc || exit 2
broken_policy f.txt
cp f.txt f.orig
"$lint" --fix /dev/stdin <f.txt >/dev/null 2>"$tmp/err"
rc=$?
check "--fix /dev/stdin is refused and the redirected file kept" \
  "$([ $rc -eq 2 ] && cmp -s f.txt f.orig && grep -q 'open file descriptor' "$tmp/err" || echo "rc $rc: $(cat "$tmp/err")")"

mkfifo fifo.txt
timeout 10 "$lint" --fix fifo.txt >/dev/null 2>"$tmp/err"
rc=$?
check "--fix of a FIFO is refused, without hanging" \
  "$([ $rc -eq 2 ] && grep -q 'is a FIFO, not a regular file' "$tmp/err" || echo "rc $rc: $(cat "$tmp/err")")"

long=$(printf '%0250d' 0 | tr 0 p).txt
broken_policy "$long"
"$lint" --fix "$long" >/dev/null 2>"$tmp/err"
rc=$?
check "a name of 254 bytes is fixed" \
  "$([ $rc -eq 0 ] || echo "rc $rc: $(cat "$tmp/err")")$(is_fixed "$long")"

# SIGTERM while the temporary file exists: it is removed.
broken_policy t.txt
cp t.txt t.orig
MTASTS_TEST_BEFORE_REPLACE='kill -TERM $PPID; sleep 5' \
  "$lint_test" --fix t.txt >/dev/null 2>&1
rc=$?
problem=
[ $rc -eq 143 ] || problem="exit status $rc (not killed by SIGTERM)"
cmp -s t.txt t.orig || problem="$problem; the file was replaced"
[ -z "$(leftovers .)" ] || problem="$problem; left: $(leftovers .)"
check "SIGTERM during --fix removes the temporary file" "$problem"

# Hard links: the name gets the fix, the other link keeps the old text,
# which --fix tells.
broken_policy h.txt
ln h.txt h2.txt
"$lint" --fix h.txt >/dev/null 2>"$tmp/err"
check "a hard link: told on stderr" \
  "$(grep -q 'had 1 other hard link' "$tmp/err" || cat "$tmp/err")$(is_fixed h.txt)"
check "no temporary file left" "$(leftovers .)"
finish
