#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the Python module's tests (pytest) against a given libmtasts.so.1
# and mtasts-lint, with the module from the source tree.
#
# Usage: sh run.sh SOURCE_DIR PATH/TO/libmtasts.so.1 PATH/TO/mtasts-lint
#
# The Python used is $MTASTS_PYTHON, else the first of python3 and
# /usr/bin/python3 that has pytest (Debian: python3-pytest). Without one,
# the test is skipped (exit status 77), except under CI=true.
set -u
if [ $# -ne 3 ]; then
  echo "usage: sh run.sh SOURCE_DIR PATH/TO/libmtasts.so.1 PATH/TO/mtasts-lint" >&2
  exit 2
fi
src=$(cd "$1" && pwd) || exit 2

python=""
for p in ${MTASTS_PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pytest' 2>/dev/null; then
    python=$p
    break
  fi
done
if [ -z "$python" ]; then
  echo "SKIP: no python3 with pytest (Debian: apt-get install python3-pytest)"
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi

MTASTS_LIBRARY=$2
MTASTS_LINT=$3
MTASTS_SOURCE_DIR=$src
PYTHONPATH=$src/python${PYTHONPATH:+:$PYTHONPATH}
PYTHONDONTWRITEBYTECODE=1
export MTASTS_LIBRARY MTASTS_LINT MTASTS_SOURCE_DIR PYTHONPATH PYTHONDONTWRITEBYTECODE
# -p no:cacheprovider: nothing is written into the source tree.
exec "$python" -m pytest -q -p no:cacheprovider "$src/python/tests"
