#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 20, item 9: --since REV runs git in the repository that holds the
# file. 1.0.0 ran git in the current directory: through a symbolic link to
# the zones' repository, or from a superproject where that repository is a
# submodule, the files counted as new (exit 0, deploy-id-not-changed
# missed); a policy committed as a symbolic link had its link text parsed
# as the previous policy (a false error); an untracked file counted as new.
. "$(dirname "$0")/common.sh"

if "$lint" --zone /dev/null 2>&1 | grep -q 'without libzscanner'; then
  echo "skipped: this mtasts-lint was built without libzscanner"
  exit 77
fi
if ! command -v git >/dev/null 2>&1; then
  echo "skipped: git is needed"
  exit 77
fi
HOME=$tmp/home
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test
GIT_AUTHOR_EMAIL=test@example.org
GIT_COMMITTER_NAME=test
GIT_COMMITTER_EMAIL=test@example.org
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
  GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# The zones' repository: a policy, then a change of it without a new id.
z=$tmp/zones-repo
git init -q "$z"
mkdir -p "$z/zones" "$z/mta-sts/example.com"
{
  printf '$ORIGIN example.com.\n$TTL 3600\n'
  printf '@ IN SOA ns1 hostmaster ( 1 3600 900 604800 300 )\n'
  printf '@ IN MX 10 mx1.example.com.\nmta-sts IN A 192.0.2.2\n'
  printf '_mta-sts IN TXT "v=STSv1; id=1"\n'
  printf '_smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"\n'
} >"$z/zones/example.com.zone"
pol=$z/mta-sts/example.com/mta-sts.txt
printf 'version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n' >"$pol"
git -C "$z" add -A && git -C "$z" commit -q -m one || exit 2
sed 's/testing/enforce/' "$pol" >"$pol.new" && mv "$pol.new" "$pol"

# In the repository itself: the missing new id is found.
(cd "$z" && "$lint" --zone zones/example.com.zone --since HEAD \
  mta-sts/example.com/mta-sts.txt) >"$tmp/expect" 2>&1
check "in the repository: deploy-id-not-changed" \
  "$(grep -q deploy-id-not-changed "$tmp/expect" || cat "$tmp/expect")"

# Through a symbolic link to the repository.
mkdir "$tmp/elsewhere"
ln -s "$z" "$tmp/elsewhere/link"
(cd "$tmp/elsewhere" && "$lint" --zone link/zones/example.com.zone \
  --since HEAD link/mta-sts/example.com/mta-sts.txt) >"$tmp/out" 2>&1
check "through a symbolic link: deploy-id-not-changed" \
  "$(grep -q deploy-id-not-changed "$tmp/out" || cat "$tmp/out")"

# From a superproject where the zones' repository is a submodule.
s=$tmp/super
git init -q "$s"
git -C "$s" submodule -q add "$z" sub 2>/dev/null || exit 2
git -C "$s" commit -q -m sub || exit 2
cp "$pol" "$s/sub/mta-sts/example.com/mta-sts.txt"
(cd "$s" && "$lint" --zone sub/zones/example.com.zone --since HEAD \
  sub/mta-sts/example.com/mta-sts.txt) >"$tmp/out" 2>&1
check "from a superproject (submodule): deploy-id-not-changed" \
  "$(grep -q deploy-id-not-changed "$tmp/out" || cat "$tmp/out")"

# A policy committed as a symbolic link: followed inside the repository,
# so the previous policy is the file's text, not the link's.
l=$tmp/link-repo
git init -q "$l"
cp -R "$z/zones" "$l/"
mkdir -p "$l/mta-sts/example.com" "$l/policies"
printf 'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n' \
  >"$l/policies/example.com.txt"
ln -s ../../policies/example.com.txt "$l/mta-sts/example.com/mta-sts.txt"
git -C "$l" add -A && git -C "$l" commit -q -m one || exit 2
(cd "$l" && "$lint" --zone zones/example.com.zone --since HEAD \
  mta-sts/example.com/mta-sts.txt) >"$tmp/out" 2>&1
rc=$?
check "a policy committed as a link: no false error" \
  "$([ $rc -eq 0 ] || cat "$tmp/out")"

# A link at the revision that leads out of the repository: refused.
ln -sf ../../../outside.txt "$l/mta-sts/example.com/mta-sts.txt"
printf 'version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n' \
  >"$tmp/outside.txt"
git -C "$l" add -A && git -C "$l" commit -q -m two || exit 2
(cd "$l" && "$lint" --zone zones/example.com.zone --since HEAD \
  mta-sts/example.com/mta-sts.txt) >"$tmp/out" 2>&1
rc=$?
check "a link at the revision that leads out is refused (exit 2)" \
  "$([ $rc -eq 2 ] && grep -q 'symbolic link' "$tmp/out" || echo "rc $rc: $(cat "$tmp/out")")"

# Not tracked is not new.
u=$tmp/untracked
git init -q "$u"
cp -R "$z/zones" "$u/"
git -C "$u" commit -q --allow-empty -m empty || exit 2
(cd "$u" && "$lint" --zone zones/example.com.zone --since HEAD) \
  >"$tmp/out" 2>&1
rc=$?
check "an untracked zone is not taken as new (exit 2, said so)" \
  "$([ $rc -eq 2 ] && grep -q 'not tracked by the git repository' "$tmp/out" || echo "rc $rc: $(cat "$tmp/out")")"
git -C "$u" add zones
(cd "$u" && "$lint" --zone zones/example.com.zone --since HEAD) \
  >"$tmp/out" 2>&1
rc=$?
check "a zone added to the index is new (no previous version)" \
  "$([ $rc -ne 2 ] || cat "$tmp/out")"
finish
