#!/bin/sh
# SPDX-License-Identifier: MIT
# The web page in a real browser: builds the site with web/build.sh, then
# drives headless Chromium with puppeteer-core (tests/web/test.mjs) and
# compares the page with mtasts-lint and mtasts-gen.
# Usage: tests/web/run.sh MTASTS-LINT MTASTS-GEN OUTDIR
# Exit 77 (skip) when emcc, chromium, node or tests/web/node_modules (npm ci)
# is missing, except under CI=true, where that is a failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lint=$1
gen=$2
out=$3
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
missing=
command -v emcc >/dev/null 2>&1 || missing="$missing emcc(emscripten)"
[ -n "$chromium" ] || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing node"
[ -d "$here/node_modules/puppeteer-core" ] ||
  missing="$missing puppeteer-core(cd tests/web && npm ci)"
if [ -n "$missing" ]; then
  echo "web: missing:$missing"
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi
mkdir -p "$out"
"$root/web/build.sh" "$out/site"
# The size the browser downloads, compressed.
size=$(cat "$out/site/mtasts.js" "$out/site/app.js" "$out/site/index.html" \
  "$out/site/style.css" | gzip -9 | wc -c)
echo "web: the page is $size bytes with gzip -9 (mtasts.js, app.js, index.html, style.css)"
MTASTS_SITE=$out/site MTASTS_LINT=$lint MTASTS_GEN=$gen \
  MTASTS_SOURCE_DIR=$root MTASTS_ARTIFACTS=$out/artifacts CHROMIUM=$chromium \
  node "$here/test.mjs"
