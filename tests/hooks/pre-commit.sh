#!/bin/sh
# SPDX-License-Identifier: MIT
# The mtasts-lint hook of .pre-commit-hooks.yaml, run for real by the
# pre-commit framework (Debian package pre-commit, which .ci/run installs),
# offline: the hook repository is a local git repository holding this
# source tree's .pre-commit-hooks.yaml, and mtasts-lint is the built one,
# on PATH (the hook is language: system).
#
# In a throwaway repository of policies: a commit of a broken mta-sts.txt is
# refused with the diagnostic shown, then accepted once the policy is fixed;
# other files are not linted; `files:` in the configuration adds other
# paths; and the `repo: local` configuration of docs/ci.md works the same.
#
# Usage: sh pre-commit.sh PATH/TO/mtasts-lint SOURCE_DIR
#
# Exit status 77 (reported by ctest as skipped) when pre-commit is not
# installed, except under CI (CI=true), where that is a failure.
set -u

. "$(dirname "$0")/common.sh"

need_pre_commit
# The hook repository (this tree's .pre-commit-hooks.yaml) and a
# repository of policies that runs its mtasts-lint hook.
hook_repository "$tmp/policies" mtasts-lint
git add .pre-commit-config.yaml
git commit -q -m "pre-commit configuration" || exit 2
if pre-commit install >"$tmp/out" 2>&1 && [ -x .git/hooks/pre-commit ]; then
  pass "pre-commit install"
else
  cat "$tmp/out"
  fail "pre-commit install"
  finish
fi

# A broken policy, and a file that is not a policy: only the policy counts.
broken_policy example.com/mta-sts.txt
printf 'not a policy\n' >notes.txt
git add example.com/mta-sts.txt notes.txt
commit_refused "a broken mta-sts.txt" example.com/mta-sts.txt
if grep -q notes.txt "$tmp/out"; then
  fail "notes.txt was linted"
else
  pass "files not named mta-sts.txt are not linted"
fi

fixed_policy example.com/mta-sts.txt
git add example.com/mta-sts.txt
commit_accepted "the fixed mta-sts.txt"

# Other paths, with files: in the configuration.
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: mtasts-lint
        files: (^|/)mta-sts\.txt$|^policies/.*\.txt$
YAML
git add .pre-commit-config.yaml
commit_accepted "files: in the configuration"
broken_policy policies/example.net.txt
git add policies/example.net.txt
commit_refused "a broken policies/example.net.txt" policies/example.net.txt
fixed_policy policies/example.net.txt
git add policies/example.net.txt
commit_accepted "the fixed policies/example.net.txt"

# The `repo: local` configuration of docs/ci.md, with no hook repository.
cat >.pre-commit-config.yaml <<'YAML'
repos:
  - repo: local
    hooks:
      - id: mtasts-lint
        name: mtasts-lint
        entry: mtasts-lint --
        language: system
        files: (^|/)mta-sts\.txt$
YAML
git add .pre-commit-config.yaml
commit_accepted "the repo: local configuration"
broken_policy example.org/mta-sts.txt
git add example.org/mta-sts.txt
commit_refused "repo: local, a broken example.org/mta-sts.txt" \
  example.org/mta-sts.txt
fixed_policy example.org/mta-sts.txt
git add example.org/mta-sts.txt
commit_accepted "repo: local, the fixed policy"

finish
