#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the web page (generator and checker) into OUTDIR: the library's own
# sources and web/glue.c compiled to WebAssembly with emscripten, embedded in
# one JavaScript file (so that the page works from file://, where browsers
# do not fetch a separate .wasm), next to index.html, app.js and style.css.
#
# Usage: web/build.sh OUTDIR
# Needs emcc (Debian: apt-get install emscripten). The sources compiled are
# MTASTS_SOURCES of CMakeLists.txt, read here, so a new file of lib/ is
# picked up; the glue also uses mtasts-lint's JSON writer and mtasts-gen's
# presets and web server snippets from cli/.
set -eu
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Debian's emcc finds its JavaScript optimizer's modules through NODE_PATH.
if [ -d /usr/share/nodejs ]; then
  NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
  export NODE_PATH
fi
EMCC=${EMCC:-emcc}
command -v "$EMCC" >/dev/null 2>&1 || {
  echo "$0: $EMCC not found (Debian: apt-get install emscripten)" >&2
  exit 1
}
# Debian's emscripten comes with its system libraries built (a frozen
# cache), so EM_CACHE is left alone.

# The library's sources: the lines of set(MTASTS_SOURCES ...).
sources=$(sed -n '/^set(MTASTS_SOURCES/,/)/p' "$root/CMakeLists.txt" |
  sed -e 's/set(MTASTS_SOURCES//' -e 's/)//' | tr -s ' \t' '\n' | grep '\.c$')
[ -n "$sources" ] || {
  echo "$0: no MTASTS_SOURCES in CMakeLists.txt" >&2
  exit 1
}
version=$(sed -n 's/^project(mtasts VERSION \([0-9.]*\).*/\1/p' \
  "$root/CMakeLists.txt")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/include/mtasts"
IFS=. read -r major minor patch <<EOF
$version
EOF
sed -e "s/@PROJECT_VERSION_MAJOR@/$major/" -e "s/@PROJECT_VERSION_MINOR@/$minor/" \
  -e "s/@PROJECT_VERSION_PATCH@/$patch/" -e "s/@PROJECT_VERSION@/$version/" \
  "$root/include/mtasts/version.h.in" >"$tmp/include/mtasts/version.h"

set --
for s in $sources; do
  set -- "$@" "$root/$s"
done
exports='_web_check,_web_generate,_web_presets,_web_version,_malloc,_free'
# -Oz: the smallest code; SINGLE_FILE embeds the wasm in mtasts.js (base64),
# as file:// pages cannot fetch it; MODULARIZE gives a factory and no
# globals but createMtasts; no filesystem is needed.
(cd "$tmp" && "$EMCC" -std=c11 -Oz -Wall -Wextra -Werror \
  -DMTASTS_BUILDING -DMTASTS_STATIC \
  -I"$root/include" -I"$tmp/include" -I"$root/cli" \
  "$@" "$root/cli/output.c" "$root/cli/json.c" "$root/cli/gen_presets.c" \
  "$root/cli/gen_server.c" "$root/web/glue.c" \
  -sSINGLE_FILE=1 -sMODULARIZE=1 -sEXPORT_NAME=createMtasts \
  -sENVIRONMENT=web,node -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 \
  -sEXPORTED_FUNCTIONS="$exports" \
  -sEXPORTED_RUNTIME_METHODS=ccall,UTF8ToString,stringToUTF8,lengthBytesUTF8 \
  -o "$out/mtasts.js")

for f in index.html app.js style.css; do
  cp "$root/web/$f" "$out/$f"
done
echo "$0: built $out/index.html (libmtasts $version)"
