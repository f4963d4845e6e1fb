#!/bin/sh
# SPDX-License-Identifier: MIT
# The nginx snippet of mtasts-gen, tested for real.
#
# Usage: sh nginx.sh PATH/TO/mtasts-gen
#
# Generates a policy with --output-dir and --server nginx, starts Debian's
# nginx in the foreground (not as a daemon, one process, which keeps the
# user it was started as) on a free port of 127.0.0.1 with the generated
# server block, and fetches the policy with curl. The only changes to the
# snippet: its two listen lines become one plain-HTTP listen on loopback,
# and its two ssl_ lines are dropped, as there is no certificate here.
# Checks: status 200, Content-Type exactly text/plain, no redirect, and a
# body byte-identical to the generated file, with CRLF and with LF line
# ends; other paths answer 404, never a redirect. nginx is always stopped.
#
# Exit status 77 (reported by ctest as skipped) when nginx or curl is
# missing: .ci/run installs both.
set -u

if [ $# -ne 1 ]; then
  echo "usage: sh nginx.sh PATH/TO/mtasts-gen" >&2
  exit 2
fi
gen=$1
case $gen in
/*) ;;
*) gen=$(pwd)/$gen ;;
esac

nginx=$(command -v nginx 2>/dev/null || true)
[ -n "$nginx" ] || [ ! -x /usr/sbin/nginx ] || nginx=/usr/sbin/nginx
if [ -z "$nginx" ] || ! command -v curl >/dev/null 2>&1; then
  echo "SKIP: nginx and curl are needed (Debian packages nginx and curl)"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-nginx.XXXXXX") || exit 2
pid=""
stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=""
  fi
}
trap 'stop; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
# nginx may read the files as another user when started as root.
chmod 755 "$tmp"

SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
site=$tmp/site
policy=$site/.well-known/mta-sts.txt
# The files are created with the permissions of the umask.
umask 022

if ! "$gen" --domain example.com --preset google-workspace \
  --rua mailto:tlsrpt@example.com --server nginx --output-dir "$site"; then
  echo "FAIL: mtasts-gen exited with status $?"
  exit 1
fi
snippet=$site/mta-sts.nginx.conf

# The snippet as generated must have the lines this test changes.
listens=$(grep -c '^    listen .*443 ssl;$' "$snippet")
ssls=$(grep -c '^    ssl_certificate' "$snippet")
if [ "$listens" != 2 ] || [ "$ssls" != 2 ]; then
  echo "FAIL: expected 2 listen and 2 ssl_ lines in the snippet:"
  cat "$snippet"
  exit 1
fi

# start PORT: starts nginx on 127.0.0.1:PORT; returns 0 once it answers,
# 1 when it could not start (the port is taken, or worse).
start() {
  sed -e '/^    listen /d' -e '/^    ssl_/d' \
    -e "s/^server {\$/server {\\
    listen 127.0.0.1:$1;/" "$snippet" >"$tmp/server.conf"
  cat >"$tmp/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {
    worker_connections 16;
}
http {
    access_log off;
    client_body_temp_path $tmp/temp;
    proxy_temp_path $tmp/temp;
    fastcgi_temp_path $tmp/temp;
    uwsgi_temp_path $tmp/temp;
    scgi_temp_path $tmp/temp;
    include $tmp/server.conf;
}
EOF
  : >"$tmp/error.log"
  "$nginx" -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" \
    >>"$tmp/nginx.out" 2>&1 &
  pid=$!
  tries=0
  while [ $tries -lt 100 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null
      pid=""
      return 1
    fi
    if curl -s --noproxy '*' --max-time 2 -o /dev/null \
      "http://127.0.0.1:$1/"; then
      return 0
    fi
    sleep 0.1
    tries=$((tries + 1))
  done
  stop
  return 1
}

# A free port: try a few from a range that depends on this process.
port=""
n=0
while [ $n -lt 20 ]; do
  candidate=$((20000 + ($$ * 7 + n * 1009) % 40000))
  if start "$candidate"; then
    port=$candidate
    break
  fi
  if ! grep -q 'Address already in use' "$tmp/error.log" "$tmp/nginx.out"; then
    echo "FAIL: nginx did not start:"
    cat "$tmp/nginx.out" "$tmp/error.log" "$tmp/server.conf"
    exit 1
  fi
  n=$((n + 1))
done
if [ -z "$port" ]; then
  echo "FAIL: no free port for nginx"
  exit 1
fi

passed=0
failed=0
check() {
  if [ -z "$2" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL: %s%s\n' "$1" "$2"
  fi
}

# fetch PATH: status|type|redirects|redirect URL, body in $tmp/body.
fetch() {
  curl -sS --noproxy '*' --max-time 5 -H 'Host: mta-sts.example.com' \
    -o "$tmp/body" -D "$tmp/headers" \
    -w '%{http_code}|%{content_type}|%{num_redirects}|%{redirect_url}' \
    "http://127.0.0.1:$port$1"
}

fetch_policy() {
  problems=""
  got=$(fetch /.well-known/mta-sts.txt)
  [ "$got" = "200|text/plain|0|" ] || problems="$problems
status|Content-Type|redirects|redirect URL: $got (expected 200|text/plain|0|)"
  grep -qi '^location:' "$tmp/headers" && problems="$problems
a Location header: $(grep -i '^location:' "$tmp/headers")"
  cmp -s "$policy" "$tmp/body" || problems="$problems
the body is not the generated file:
$(od -c "$tmp/body" | head -20)"
  check "GET /.well-known/mta-sts.txt ($1)" "$problems"
}

grep -q "$(printf '\r')\$" "$policy" || check "CRLF" "
the generated policy does not end its lines in CRLF"
fetch_policy CRLF

# Regenerate with LF into the same directory (files are replaced by
# rename): nginx serves the new bytes.
if "$gen" --domain example.com --preset google-workspace --lf \
  --rua mailto:tlsrpt@example.com --server nginx --output-dir "$site"; then
  grep -q "$(printf '\r')" "$policy" && check "LF" "
the generated policy has CR bytes with --lf"
  fetch_policy LF
else
  check "LF" "
mtasts-gen --lf exited with status $?"
fi

# Nothing else is served, and nothing redirects.
for path in / /.well-known /.well-known/ /.well-known/mta-sts.txt/ \
  /mta-sts.txt /dns.zone /mta-sts.nginx.conf; do
  got=$(fetch "$path")
  [ "$got" = "404|text/html|0|" ] || check "GET $path" "
status|Content-Type|redirects|redirect URL: $got (expected 404, no redirect)"
  [ "$got" = "404|text/html|0|" ] && check "GET $path" ""
done

stop
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
