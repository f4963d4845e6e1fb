#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Side-by-side throughput of libmtasts and two peers on the same inputs, in
# the same run, on the same core:
#   - libmtasts: the build's bench_perf (its workloads 1 and 2: the RFC 8461
#     §3.2 example policy, and the mixed small policies);
#   - postfix-mta-sts-resolver (Debian package): its parser
#     utils.parse_mta_sts_policy, alone and with the resolver's checks
#     (driver: peer_postfix.py);
#   - mailauth (npm package, pinned): parsePolicy of lib/mta-sts.js, strict
#     and lax (driver: peer_mailauth.js).
# The peers parse the files of tests/bench/data/, which hold the very texts
# that bench.c embeds, one policy per file (checked below against bench.c).
#
# It installs the peers itself: the Debian package with apt-get (needs root
# unless it is already installed), mailauth with npm into BUILD_DIR/peers/.
# Nothing else is fetched, so it works with only the Debian and npm
# registries reachable. Figures are medians of REPS repetitions, each after
# an untimed warm-up pass, pinned to one core with taskset when present.
#
# Usage: tests/bench/peers.sh BUILD_DIR
#   BUILD_DIR: a configured build tree (Release) with bench_perf and
#   mtasts-lint built: cmake --build BUILD_DIR --target bench_perf mtasts-lint
# Environment (all optional):
#   REPS=7             timed repetitions per figure (median reported)
#   CPU=0              the core to pin to (taskset -c CPU)
#   MAILAUTH_VERSION   the mailauth version to install (default 7.1.0, the
#                      current release, which has a strict parser; 4.13.3,
#                      the newest that declares node 20, has none. 7.1.0
#                      declares node >= 22.19, but lib/mta-sts.js needs
#                      only node built-ins and runs on node 20)
#   RFC_LOOPS=200000   rounds over the RFC example (as bench.c)
#   MIXED_LOOPS=25000  rounds over the 8 mixed policies (as bench.c)
set -eu -o pipefail

REPS=${REPS:-7}
CPU=${CPU:-0}
MAILAUTH_VERSION=${MAILAUTH_VERSION:-7.1.0}
RFC_LOOPS=${RFC_LOOPS:-200000}
MIXED_LOOPS=${MIXED_LOOPS:-25000}

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
bench=$build/tests/bench_perf
lint=$build/cli/mtasts-lint
for exe in "$bench" "$lint"; do
  if [ ! -x "$exe" ]; then
    echo "$0: $exe not found; build it first:" >&2
    echo "  cmake --build $build --target bench_perf mtasts-lint" >&2
    exit 2
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The inputs: the RFC example alone, and all eight in bench.c's order.
rfc_file=$here/data/01-rfc8461-example.txt
mixed_files=("$here"/data/[0-9][0-9]-*.txt)

# --- 1. The data files must hold exactly bench.c's small_policies[] -------
# Compile the array out of bench.c and compare byte for byte, so the peers
# never parse different texts from bench_perf's. Skipped without a compiler.
if command -v cc >/dev/null 2>&1; then
  {
    printf '#include <stdio.h>\n#include <string.h>\n'
    sed -n '/^static const char \*const small_policies\[\] = {/,/^};/p' \
      "$here/bench.c"
    cat <<'EOF'
int main(void) {
  size_t n = sizeof small_policies / sizeof small_policies[0];
  for (size_t i = 0; i < n; i++) {
    char name[32];
    snprintf(name, sizeof name, "%02zu.txt", i + 1);
    FILE *f = fopen(name, "wb");
    if (!f || fwrite(small_policies[i], 1, strlen(small_policies[i]), f) !=
                  strlen(small_policies[i]) || fclose(f) != 0)
      return 1;
  }
  return 0;
}
EOF
  } >"$tmp/extract.c"
  cc -std=c11 -o "$tmp/extract" "$tmp/extract.c" 2>"$tmp/cc.log" || {
    cat "$tmp/cc.log" >&2
    echo "$0: could not compile small_policies[] out of bench.c" >&2
    exit 1
  }
  (cd "$tmp" && ./extract)
  bench_files=("$tmp"/[0-9][0-9].txt)
  n_bench=${#bench_files[@]}
  if [ "$n_bench" -ne "${#mixed_files[@]}" ]; then
    echo "$0: bench.c has $n_bench small policies, data/ has ${#mixed_files[@]}" >&2
    exit 1
  fi
  for f in "${mixed_files[@]}"; do
    n=$(basename "$f" | cut -c1-2)
    if ! cmp -s "$tmp/$n.txt" "$f"; then
      echo "$0: $f differs from small_policies[$((10#$n - 1))] in bench.c" >&2
      exit 1
    fi
  done
  echo "inputs: data/ matches bench.c's small_policies[] (${#mixed_files[@]} files)"
else
  echo "inputs: no cc, data/ not checked against bench.c" >&2
fi

# --- 2. Install the peers --------------------------------------------------
# postfix-mta-sts-resolver: Debian's package puts the module under
# /usr/lib/python3/dist-packages, seen by Debian's /usr/bin/python3 (not by
# a pyenv or venv python3). Note that installing it also enables its
# mta-sts-daemon service (which listens on 127.0.0.1:8461 where an init
# system starts it); this script does not use or stop it.
py=/usr/bin/python3
if ! "$py" -c 'import postfix_mta_sts_resolver.utils' 2>/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: postfix-mta-sts-resolver is not installed; as root:" >&2
    echo "  apt-get install postfix-mta-sts-resolver" >&2
    exit 2
  fi
  echo "installing postfix-mta-sts-resolver (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postfix-mta-sts-resolver \
    >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; exit 1; }
fi
postfix_version=$(dpkg-query -W -f '${Version}' postfix-mta-sts-resolver \
  2>/dev/null || echo unknown)

# mailauth: node and npm from Debian if missing, then the pinned version
# into BUILD_DIR/peers/mailauth (kept between runs; reinstalled when the
# pin changes). --engine-strict=false: see MAILAUTH_VERSION above.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: node and npm are needed; as root: apt-get install nodejs npm" >&2
    exit 2
  fi
  echo "installing nodejs and npm (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm \
    >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; exit 1; }
fi
prefix=$build/peers/mailauth
mta_sts_js=$prefix/node_modules/mailauth/lib/mta-sts.js
installed=$(node -p "require('$prefix/node_modules/mailauth/package.json').version" \
  2>/dev/null || true)
if [ "$installed" != "$MAILAUTH_VERSION" ]; then
  echo "installing mailauth@$MAILAUTH_VERSION (npm) into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save \
    --engine-strict=false --loglevel=error "mailauth@$MAILAUTH_VERSION" \
    >"$tmp/npm.log" 2>&1 || { cat "$tmp/npm.log" >&2; exit 1; }
fi
[ -f "$mta_sts_js" ] || { echo "$0: $mta_sts_js missing" >&2; exit 1; }

# --- 3. One core ----------------------------------------------------------
pin=()
if command -v taskset >/dev/null 2>&1; then
  pin=(taskset -c "$CPU")
  where="core $CPU (taskset)"
else
  where="any core (no taskset)"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runtimes: $("$py" --version 2>&1), node $(node --version)"
echo "peers: postfix-mta-sts-resolver $postfix_version, mailauth $MAILAUTH_VERSION"
echo "pinned to $where, median of $REPS repetitions"
echo

# --- 4. What each one makes of the inputs (no timing) --------------------
echo "== verdicts on the inputs"
printf '%-29s %-18s %-15s %-31s %s\n' file "libmtasts (E/W/N)" \
  "postfix+checks" "mailauth strict" "mailauth lax"
"$py" "$here/peer_postfix.py" show 1 1 "${mixed_files[@]}" >"$tmp/pf.show"
node "$here/peer_mailauth.js" "$mta_sts_js" show 1 1 "${mixed_files[@]}" \
  >"$tmp/ma.show"
tab=$(printf '\t')
for f in "${mixed_files[@]}"; do
  out=$("$lint" --color=never "$f" 2>&1 || true)
  e=$(printf '%s\n' "$out" | grep -c ': error: ' || true)
  w=$(printf '%s\n' "$out" | grep -c ': warning: ' || true)
  n=$(printf '%s\n' "$out" | grep -c ': note: ' || true)
  pf=$(grep -F "$f$tab" "$tmp/pf.show" | cut -f2 | cut -d' ' -f1)
  mas=$(grep -F "$f$tab" "$tmp/ma.show" | cut -f2 | sed 's/^strict: //')
  mal=$(grep -F "$f$tab" "$tmp/ma.show" | cut -f3 | sed 's/^lax: //')
  printf '%-29s %-18s %-15s %-31s %s\n' "$(basename "$f")" "$e/$w/$n" "$pf" \
    "$mas" "$mal"
done
echo

# --- 5. The timed runs, one after the other, same core --------------------
echo "== bench_perf (libmtasts)"
${pin[@]+"${pin[@]}"} "$bench" "$REPS" | tee "$tmp/bench.out"
echo

# The figure before "policies/s" on bench_perf's line for a workload.
lib_figure() {
  awk -v w="$1" 'index($0, w) == 1 {
    for (i = 1; i < NF; i++) if ($(i + 1) == "policies/s") { print $i; exit } }' \
    "$tmp/bench.out"
}
lib_rfc=$(lib_figure "RFC 8461 example policy")
lib_mixed=$(lib_figure "mixed small policies")
if [ -z "$lib_rfc" ] || [ -z "$lib_mixed" ]; then
  echo "$0: could not read bench_perf's policies/s figures" >&2
  exit 1
fi

# peer NAME COMMAND...: runs a driver, prints and records its figure.
results=()
peer() {
  name=$1
  shift
  line=$(${pin[@]+"${pin[@]}"} "$@")
  echo "  ${name#*|}: $line"
  results+=("$name|${line%% *}")
}

echo "== peers, workload 1: RFC 8461 example policy ($RFC_LOOPS parses)"
peer "rfc|postfix-mta-sts-resolver parse" \
  "$py" "$here/peer_postfix.py" parse "$RFC_LOOPS" "$REPS" "$rfc_file"
peer "rfc|postfix-mta-sts-resolver parse+checks" \
  "$py" "$here/peer_postfix.py" validate "$RFC_LOOPS" "$REPS" "$rfc_file"
peer "rfc|mailauth strict" \
  node "$here/peer_mailauth.js" "$mta_sts_js" strict "$RFC_LOOPS" "$REPS" "$rfc_file"
peer "rfc|mailauth lax" \
  node "$here/peer_mailauth.js" "$mta_sts_js" lax "$RFC_LOOPS" "$REPS" "$rfc_file"
echo "== peers, workload 2: mixed small policies ($MIXED_LOOPS x ${#mixed_files[@]} parses)"
peer "mixed|postfix-mta-sts-resolver parse" \
  "$py" "$here/peer_postfix.py" parse "$MIXED_LOOPS" "$REPS" "${mixed_files[@]}"
peer "mixed|postfix-mta-sts-resolver parse+checks" \
  "$py" "$here/peer_postfix.py" validate "$MIXED_LOOPS" "$REPS" "${mixed_files[@]}"
peer "mixed|mailauth strict" \
  node "$here/peer_mailauth.js" "$mta_sts_js" strict "$MIXED_LOOPS" "$REPS" "${mixed_files[@]}"
peer "mixed|mailauth lax" \
  node "$here/peer_mailauth.js" "$mta_sts_js" lax "$MIXED_LOOPS" "$REPS" "${mixed_files[@]}"
echo

# --- 6. The table ---------------------------------------------------------
echo "== libmtasts against each peer (policies per second; ratio = libmtasts / peer)"
printf '%-26s %-42s %14s %10s\n' workload implementation policies/s ratio
for wl in rfc mixed; do
  if [ "$wl" = rfc ]; then
    label="RFC 8461 example policy" lib=$lib_rfc
  else
    label="mixed small policies" lib=$lib_mixed
  fi
  printf '%-26s %-42s %14s %10s\n' "$label" "libmtasts (bench_perf)" "$lib" ""
  for r in "${results[@]}"; do
    IFS='|' read -r w name fig <<<"$r"
    [ "$w" = "$wl" ] || continue
    printf '%-26s %-42s %14s %9.1fx\n' "" "$name" "$fig" \
      "$(awk -v a="$lib" -v b="$fig" 'BEGIN { print a / b }')"
  done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
