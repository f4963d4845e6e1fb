#!/bin/sh
# SPDX-License-Identifier: MIT
# The fixing hook of .pre-commit-hooks.yaml, mtasts-lint-fix (entry
# mtasts-lint --fix), run for real by the pre-commit framework, offline, as
# pre-commit.sh does: a commit of a broken policy is refused and the file is
# fixed in the work tree, as the framework's own fixing hooks do; once the
# fix is staged, the next commit passes. A policy with an error that has no
# fix is refused with the diagnostic, and left as it was.
#
# Usage: sh fix.sh PATH/TO/mtasts-lint SOURCE_DIR
#
# Exit status 77 (reported by ctest as skipped) when pre-commit is not
# installed, except under CI (CI=true), where that is a failure.
set -u

. "$(dirname "$0")/common.sh"

need_pre_commit
hook_repository "$tmp/policies" mtasts-lint-fix
git add .pre-commit-config.yaml
git commit -q -m "pre-commit configuration" || exit 2
if pre-commit install >"$tmp/out" 2>&1 && [ -x .git/hooks/pre-commit ]; then
  pass "pre-commit install"
else
  cat "$tmp/out"
  fail "pre-commit install"
  finish
fi

# A broken policy: the commit is refused, and the file is fixed.
broken_policy example.com/mta-sts.txt
chmod 640 example.com/mta-sts.txt
git add example.com/mta-sts.txt
before=$(git rev-parse HEAD)
if git commit -q -m "a broken policy" >"$tmp/out" 2>&1; then
  cat "$tmp/out"
  fail "a broken policy: the commit was accepted"
elif [ "$(git rev-parse HEAD)" != "$before" ]; then
  fail "a broken policy: refused, yet a commit was made"
elif ! grep -q 'files were modified by this hook' "$tmp/out" ||
  ! grep -q 'example.com/mta-sts.txt: 1 fix applied' "$tmp/out"; then
  cat "$tmp/out"
  fail "a broken policy: refused, but not for the fix"
else
  pass "a broken policy: refused, the file fixed"
  sed 's/^/    | /' "$tmp/out"
fi
fixed_policy "$tmp/expected"
if cmp -s "$tmp/expected" example.com/mta-sts.txt; then
  pass "the fixed file is the policy without the trailing dot"
else
  cat example.com/mta-sts.txt
  fail "the file is not the fixed policy"
fi
mode=$(ls -l example.com/mta-sts.txt | cut -c1-10)
if [ "$mode" = "-rw-r-----" ]; then
  pass "the fixed file keeps its mode"
else
  fail "the fixed file has mode $mode"
fi
git add example.com/mta-sts.txt
commit_accepted "the fixed policy, staged"

# An error with no fix (a would-be comment): refused with the diagnostic,
# the file unchanged.
printf 'version: STSv1\nmode: enforce\n# backup MX below\nmx: mail.example.com\nmax_age: 604800\n' \
  >example.org.txt
mkdir -p example.org && mv example.org.txt example.org/mta-sts.txt
cp example.org/mta-sts.txt "$tmp/comment"
git add example.org/mta-sts.txt
if git commit -q -m "a comment" >"$tmp/out" 2>&1; then
  cat "$tmp/out"
  fail "an error with no fix: the commit was accepted"
elif ! grep -q 'example.org/mta-sts.txt:3:1: error: .*\[policy-hash-comment\]' \
  "$tmp/out"; then
  cat "$tmp/out"
  fail "an error with no fix: refused, without the diagnostic"
elif ! cmp -s "$tmp/comment" example.org/mta-sts.txt; then
  fail "an error with no fix: the file was changed"
else
  pass "an error with no fix: refused with the diagnostic, file unchanged"
fi

finish
