# SPDX-License-Identifier: MIT
# Shared by the hook tests (sourced): a throwaway home and git identity, the
# built mtasts-lint first on PATH, and the check helpers.
#
# Sets: tmp (removed at exit), lint_dir (holds the mtasts-lint link), src.

if [ $# -ne 2 ]; then
  echo "usage: sh $(basename "$0") PATH/TO/mtasts-lint SOURCE_DIR" >&2
  exit 2
fi
lint=$1
case $lint in /*) ;; *) lint=$(pwd)/$lint ;; esac
src=$(cd "$2" && pwd) || exit 2

if ! command -v git >/dev/null 2>&1; then
  echo "SKIP: git is needed"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-hooks.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

# No configuration of the user's or the machine's (hooksPath, signing...).
HOME=$tmp/home
XDG_CONFIG_HOME=$tmp/home/.config
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test
GIT_AUTHOR_EMAIL=test@example.org
GIT_COMMITTER_NAME=test
GIT_COMMITTER_EMAIL=test@example.org
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME \
  GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

lint_dir=$tmp/bin
mkdir -p "$lint_dir"
ln -s "$lint" "$lint_dir/mtasts-lint"
PATH=$lint_dir:$PATH
export PATH

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  echo "ok: $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
}

# A policy with one error (a trailing dot, line 3, column 21), and fixed.
broken_policy() {
  mkdir -p "$(dirname "$1")"
  printf 'version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 604800\n' >"$1"
}
fixed_policy() {
  mkdir -p "$(dirname "$1")"
  printf 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n' >"$1"
}

# commit_refused WHAT PATH: `git commit` fails, shows the diagnostic for
# PATH, and makes no commit.
commit_refused() {
  before=$(git rev-parse -q --verify HEAD)
  if git commit -q -m "$1" >"$tmp/out" 2>&1; then
    cat "$tmp/out"
    fail "$1: the commit was accepted"
  elif ! grep -F -q "$2:3:21: error: mx pattern 'mail.example.com.' ends in a dot" "$tmp/out" ||
    ! grep -F -q "[policy-mx-trailing-dot]" "$tmp/out"; then
    cat "$tmp/out"
    fail "$1: refused, but without the diagnostic for $2"
  elif [ "$(git rev-parse -q --verify HEAD)" != "$before" ]; then
    fail "$1: refused, yet a commit was made"
  else
    pass "$1: refused, with the diagnostic"
    sed 's/^/    | /' "$tmp/out"
  fi
}

# commit_accepted WHAT
commit_accepted() {
  before=$(git rev-parse -q --verify HEAD)
  if git commit -q -m "$1" >"$tmp/out" 2>&1 &&
    [ "$(git rev-parse -q --verify HEAD)" != "$before" ]; then
    pass "$1: accepted"
  else
    cat "$tmp/out"
    fail "$1: refused"
  fi
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# need_pre_commit: the pre-commit framework must be installed; without it
# the test is skipped (77), or fails under CI (CI=true), where .ci/run
# installs it. Its cache goes to $tmp.
need_pre_commit() {
  if ! command -v pre-commit >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
      echo "FAIL: pre-commit is not installed (.ci/run installs it)"
      exit 1
    fi
    echo "SKIP: pre-commit is needed (Debian package pre-commit)"
    exit 77
  fi
  echo "$(pre-commit --version)"
  PRE_COMMIT_HOME=$tmp/cache
  export PRE_COMMIT_HOME
}

# hook_repository DIR HOOK_ID...: the hook repository (this tree's
# .pre-commit-hooks.yaml, committed; sets hooks and rev), then a new git
# repository DIR whose .pre-commit-config.yaml runs those hooks from it; the
# shell is left in DIR.
hook_repository() {
  hooks=$tmp/hooks-repo
  if [ ! -d "$hooks" ]; then
    git init -q "$hooks"
    cp "$src/.pre-commit-hooks.yaml" "$hooks/"
    (cd "$hooks" && git add .pre-commit-hooks.yaml && git commit -q -m hooks) ||
      exit 2
  fi
  rev=$(git -C "$hooks" rev-parse HEAD)
  repo=$1
  shift
  git init -q "$repo"
  cd "$repo" || exit 2
  {
    printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n' "$hooks" "$rev"
    for id in "$@"; do
      printf '      - id: %s\n' "$id"
    done
  } >.pre-commit-config.yaml
}
