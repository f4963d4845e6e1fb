# SPDX-License-Identifier: MIT
# Sourced by the tests of tests/security: the tools under test, a
# throwaway directory ($tmp, removed at exit) and the check helpers of
# tests/check.sh.
#
# Usage of a test: sh TEST.sh TOOLS_DIR SOURCE_DIR
#   TOOLS_DIR holds mtasts-lint, mtasts-lint-test (the test build with its
#   hooks) and mtasts-gen.
set -u
if [ $# -lt 2 ]; then
  echo "usage: sh $(basename "$0") TOOLS_DIR SOURCE_DIR" >&2
  exit 2
fi
tools=$(cd "$1" && pwd) || exit 2
src=$(cd "$2" && pwd) || exit 2
lint=$tools/mtasts-lint
lint_test=$tools/mtasts-lint-test
gen=$tools/mtasts-gen
. "$src/tests/check.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-security.XXXXXX") || exit 2
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

# need_root: the test runs a second, unprivileged user (setpriv), so it
# needs root; without it, it is skipped (ctest: exit status 77).
need_root() {
  if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
    echo "skipped: needs root (and setpriv)"
    exit 77
  fi
}

# as_nobody CMD...: runs CMD as the user nobody, group nogroup.
as_nobody() {
  setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

# A policy with one fixable error (a trailing dot on line 3) and fixed.
broken_policy() {
  printf 'version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 604800\n' >"$1"
}
fixed_text() {
  printf 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n'
}

# is_fixed FILE: empty when FILE holds the fixed policy.
is_fixed() {
  fixed_text >"$tmp/.fixed"
  cmp -s "$tmp/.fixed" "$1" || echo "$1 is not the fixed policy: $(cat "$1")"
}

# leftovers DIR: the temporary files --fix left in DIR.
leftovers() {
  ls -A "$1" | grep '^\.mtasts-' || true
}

finish() {
  check_summary
  exit $?
}
