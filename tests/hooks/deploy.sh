#!/bin/sh
# SPDX-License-Identifier: MIT
# The mtasts-lint-deployment hook of .pre-commit-hooks.yaml, run for real by
# the pre-commit framework (Debian package pre-commit), offline, in a
# throwaway repository in the layout of docs/deployment.md: zones/DOMAIN.zone
# and mta-sts/DOMAIN/mta-sts.txt. The hook checks each zone with its policy
# and the change since HEAD:
#   - the first commit of a deployment is accepted;
#   - a commit that changes the policy but not the id is refused, with
#     deploy-id-not-changed shown at the zone's line of the record;
#   - a commit that adds an MX host the enforce policy does not cover is
#     refused, with deploy-mx-not-covered shown;
#   - the fixed commit (the policy covers the host, the id is new) is
#     accepted.
#
# Usage: sh deploy.sh PATH/TO/mtasts-lint SOURCE_DIR
#
# Exit status 77 (skipped) when pre-commit is not installed or mtasts-lint
# cannot read zone files, except under CI (CI=true), where that is a failure.
set -u

. "$(dirname "$0")/common.sh"

need_pre_commit
printf 'x' | "$lint" --zone /dev/null >/dev/null 2>"$tmp/zone-err"
if grep -q 'built without libzscanner' "$tmp/zone-err"; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: mtasts-lint was built without libzscanner (.ci/run installs libknot-dev)"
    exit 1
  fi
  echo "SKIP: mtasts-lint was built without libzscanner (libknot-dev)"
  exit 77
fi
hook_repository "$tmp/dns" mtasts-lint-deployment
pre-commit install >"$tmp/out" 2>&1 || {
  cat "$tmp/out"
  fail "pre-commit install"
  finish
}

# zone MX-LINES ID: writes zones/example.com.zone and the file it includes.
zone() {
  mkdir -p zones
  {
    printf '$ORIGIN example.com.\n$TTL 3600\n'
    printf '@ IN SOA ns1 hostmaster ( 2024010101 3600 900 604800 300 )\n'
    printf '  IN NS ns1\n'
    printf '%s\n' "$1"
    printf 'ns1 IN A 192.0.2.1\nmta-sts IN A 192.0.2.2\n'
    printf '_mta-sts IN TXT "v=STSv1; id=%s"\n' "$2"
    printf '$INCLUDE inc/tlsrpt.inc\n'
  } >zones/example.com.zone
  # Shared records in an included file, which --since reads from git too.
  mkdir -p zones/inc
  printf '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"\n' \
    >zones/inc/tlsrpt.inc
}
# policy MX-PATTERN-LINES: writes mta-sts/example.com/mta-sts.txt.
policy() {
  mkdir -p mta-sts/example.com
  printf 'version: STSv1\nmode: enforce\n%s\nmax_age: 604800\n' "$1" \
    >mta-sts/example.com/mta-sts.txt
}

# expect_refused WHAT TEXT...: the commit fails and its output holds each
# TEXT.
expect_refused() {
  what=$1
  shift
  before=$(git rev-parse -q --verify HEAD)
  if git commit -q -m "$what" >"$tmp/out" 2>&1; then
    cat "$tmp/out"
    fail "$what: the commit was accepted"
    return
  fi
  for t in "$@"; do
    if ! grep -F -q -- "$t" "$tmp/out"; then
      cat "$tmp/out"
      fail "$what: refused, but '$t' is not shown"
      return
    fi
  done
  if [ "$(git rev-parse -q --verify HEAD)" != "$before" ]; then
    fail "$what: refused, yet a commit was made"
  else
    pass "$what: refused, with the finding"
    sed 's/^/    | /' "$tmp/out"
  fi
}

zone '@ IN MX 10 mx1' 20240101
policy 'mx: mx1.example.com'
git add .pre-commit-config.yaml zones mta-sts
commit_accepted "the first deployment"

# The policy changes (a second pattern) and the id does not.
policy 'mx: mx1.example.com
mx: mx2.example.com'
git add mta-sts
expect_refused "a policy change without a new id" \
  "zones/example.com.zone:8:11: error: the policy's mx changed" \
  "[deploy-id-not-changed]"
git reset -q --hard HEAD

# A new MX host that the enforce policy does not cover.
zone '@ IN MX 10 mx1
@ IN MX 20 mx2' 20240101
git add zones
expect_refused "an MX host the enforce policy does not cover" \
  "mta-sts/example.com/mta-sts.txt:3:1: error: MX host 'mx2.example.com' (zones/example.com.zone:6)" \
  "[deploy-mx-not-covered]" "[deploy-new-mx-under-enforce]"

# Fixed: the policy covers the host and is published with a new id. The
# hook still warns that senders may hold the old policy for 7 days.
zone '@ IN MX 10 mx1
@ IN MX 20 mx2' 20240201
policy 'mx: mx1.example.com
mx: mx2.example.com'
git add zones mta-sts
commit_accepted "the fixed commit"

# A new domain: its files are absent at HEAD, so it has no previous version.
mkdir -p zones mta-sts/example.net
sed -e 's/example\.com/example.net/g' zones/example.com.zone \
  >zones/example.net.zone
sed -e 's/example\.com/example.net/g' mta-sts/example.com/mta-sts.txt \
  >mta-sts/example.net/mta-sts.txt
git add zones mta-sts
commit_accepted "a new domain (no previous version)"
finish
