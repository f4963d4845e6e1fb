#!/bin/sh
# SPDX-License-Identifier: MIT
# The plain git hook examples/pre-commit, installed as .git/hooks/pre-commit
# of a throwaway repository of policies: a commit of a broken mta-sts.txt is
# refused with the diagnostic shown, then accepted once the fix is staged;
# it lints what is staged, not the working tree; other files are not
# linted; git config mtasts.files adds other paths and mtasts.args passes
# options; MTASTS_LINT names the program.
#
# Usage: sh git-hook.sh PATH/TO/mtasts-lint SOURCE_DIR
set -u

. "$(dirname "$0")/common.sh"

repo=$tmp/policies
git init -q "$repo"
cd "$repo" || exit 2
cp "$src/examples/pre-commit" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
printf 'policies\n' >README
git add README
commit_accepted "a commit without policies"

broken_policy example.com/mta-sts.txt
printf 'not a policy\n' >notes.txt
git add example.com/mta-sts.txt notes.txt
commit_refused "a broken mta-sts.txt" example.com/mta-sts.txt
if grep -q notes.txt "$tmp/out"; then
  fail "notes.txt was linted"
else
  pass "files not named mta-sts.txt are not linted"
fi

# The fix in the working tree only: what is staged is still broken.
fixed_policy example.com/mta-sts.txt
commit_refused "the fix not staged" example.com/mta-sts.txt
git add example.com/mta-sts.txt
commit_accepted "the fix staged"

# The staged policy is fine, the working tree's is not: accepted.
git rm -q --cached notes.txt
broken_policy example.com/mta-sts.txt
printf 'x\n' >>README
git add README
commit_accepted "a broken policy in the working tree only"
git checkout -q -- example.com/mta-sts.txt

# Other paths, with git config mtasts.files.
git config mtasts.files '(^|/)mta-sts\.txt$|^policies/.*\.txt$'
broken_policy "policies/example net.txt"
git add "policies/example net.txt"
commit_refused "mtasts.files: a broken policies/example net.txt" \
  "policies/example net.txt"
fixed_policy "policies/example net.txt"
git add "policies/example net.txt"
commit_accepted "mtasts.files: the fixed policy"

# Options with git config mtasts.args: --strict refuses a warning.
mkdir -p example.org
printf 'version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 3600\n' \
  >example.org/mta-sts.txt
git add example.org/mta-sts.txt
git config mtasts.args --strict
if git commit -q -m strict >"$tmp/out" 2>&1; then
  cat "$tmp/out"
  fail "mtasts.args --strict: a warning was accepted"
elif grep -q "example.org/mta-sts.txt:4:10: error: .*\[policy-max-age-short\]" "$tmp/out"; then
  pass "mtasts.args --strict: a warning refuses the commit"
else
  cat "$tmp/out"
  fail "mtasts.args --strict: refused without the diagnostic"
fi
git config --unset mtasts.args
commit_accepted "without --strict, the warning passes"

# MTASTS_LINT names the program; a missing one refuses the commit.
broken_policy example.net/mta-sts.txt
git add example.net/mta-sts.txt
if MTASTS_LINT=$tmp/no-such-lint git commit -q -m missing >"$tmp/out" 2>&1; then
  fail "MTASTS_LINT names a missing program: the commit was accepted"
elif grep -q "no-such-lint not found" "$tmp/out"; then
  pass "MTASTS_LINT names a missing program: refused, and said why"
else
  cat "$tmp/out"
  fail "MTASTS_LINT names a missing program: no message"
fi
saved_path=$PATH
PATH=${PATH#"$lint_dir":}
MTASTS_LINT=$lint
export MTASTS_LINT
commit_refused "MTASTS_LINT, mtasts-lint not on PATH" example.net/mta-sts.txt
PATH=$saved_path
unset MTASTS_LINT

finish
