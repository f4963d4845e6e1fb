#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 20, items 3 and 8: the hooks of .pre-commit-hooks.yaml, run by the
# real pre-commit framework (offline: the hook repository is this tree's
# .pre-commit-hooks.yaml in a local git repository; mtasts-lint is the
# built one, on PATH).
#
# Item 3: a committed file named --files-from=lst/mta-sts.txt matches the
# hooks' pattern; 1.0.0's entries (no --) took it as the option, and the
# fixing hook rewrote the files the list named outside the repository.
#
# Item 8: the deployment hook runs when only a file the zone includes
# changes (1.0.0: "(no files to check) Skipped", so a new uncovered MX in
# zones/mx.inc was committed), and a domain directory with a space in its
# name is one argument.
tools=$(cd "$1" && pwd) || exit 2
set -- "$tools/mtasts-lint" "$2"
. "$(dirname "$0")/../hooks/common.sh"

need_pre_commit

# --- Item 3 ---------------------------------------------------------------
outside=$tmp/outside
mkdir -p "$outside"
printf 'version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 604800\n' \
  >"$outside/victim.txt"
cp "$outside/victim.txt" "$tmp/victim.orig"

for hook in mtasts-lint-fix mtasts-lint; do
  hook_repository "$tmp/repo-$hook" "$hook"
  git add .pre-commit-config.yaml
  git commit -q -m config || exit 2
  pre-commit install >/dev/null 2>&1 || fail "$hook: pre-commit install"
  mkdir lst
  printf '%s\n' "$outside/victim.txt" >lst/mta-sts.txt
  fixed_policy ./--files-from=lst/mta-sts.txt
  git add -- lst/mta-sts.txt ./--files-from=lst/mta-sts.txt
  git commit -q -m "a file named like an option" >"$tmp/out" 2>&1
  if cmp -s "$tmp/victim.orig" "$outside/victim.txt" &&
    ! grep -q 'victim.txt:[0-9]' "$tmp/out"; then
    pass "$hook: a file named --files-from=LIST stays a file name"
  else
    sed 's/^/    | /' "$tmp/out"
    fail "$hook: the list was read: $(cat "$outside/victim.txt")"
  fi
  cd "$tmp" || exit 2
done

# --- Item 8 ---------------------------------------------------------------
hook_repository "$tmp/deploy" mtasts-lint-deployment
mkdir -p zones mta-sts/example.com
{
  printf '$ORIGIN example.com.\n$TTL 3600\n'
  printf '@ IN SOA ns1 hostmaster ( 2024010101 3600 900 604800 300 )\n'
  printf '  IN NS ns1\nns1 IN A 192.0.2.1\nmta-sts IN A 192.0.2.2\n'
  printf '_mta-sts IN TXT "v=STSv1; id=1"\n'
  printf '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\n'
  printf '$INCLUDE mx.inc\n'
} >zones/example.com.zone
printf '@ IN MX 10 mx1.example.com.\n' >zones/mx.inc
printf 'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n' \
  >mta-sts/example.com/mta-sts.txt
git add -A
commit_ok() {
  if git commit -q -m "$1" >"$tmp/out" 2>&1; then
    pass "$1: accepted"
  else
    sed 's/^/    | /' "$tmp/out"
    fail "$1: refused"
  fi
}
commit_ok "a zone that includes mx.inc, and its policy"
pre-commit install >/dev/null 2>&1 || fail "deploy: pre-commit install"

printf '@ IN MX 20 mx2.example.com.\n' >>zones/mx.inc
git add zones/mx.inc
if git commit -q -m "an uncovered MX in mx.inc" >"$tmp/out" 2>&1; then
  sed 's/^/    | /' "$tmp/out"
  fail "a new uncovered MX in zones/mx.inc was committed"
elif grep -q "deploy-mx-not-covered" "$tmp/out" && ! grep -q Skipped "$tmp/out"; then
  pass "a change to zones/mx.inc alone runs the hook, which refuses it"
else
  sed 's/^/    | /' "$tmp/out"
  fail "refused, but not for the uncovered MX"
fi
git checkout -q -- zones/mx.inc 2>/dev/null || git reset -q --hard

# A domain directory with a space: the policy path is one argument.
mkdir -p "mta-sts/my zone"
sed 's/example\.com\./example.org./' zones/example.com.zone >"zones/my zone.zone"
printf 'version: STSv1\nmode: enforce\nmx: other.example.org\nmax_age: 604800\n' \
  >"mta-sts/my zone/mta-sts.txt"
git add -A
if git commit -q -m "a directory with a space" >"$tmp/out" 2>&1; then
  fail "a policy with an uncovered MX under 'mta-sts/my zone' was accepted"
elif grep -q "mta-sts/my zone/mta-sts.txt:3:1: error: MX host" "$tmp/out"; then
  pass "'mta-sts/my zone/mta-sts.txt' is checked as one file"
else
  sed 's/^/    | /' "$tmp/out"
  fail "'mta-sts/my zone/mta-sts.txt' was not checked as one file"
fi
finish
