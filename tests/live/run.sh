#!/bin/bash
# SPDX-License-Identifier: MIT
# mtasts-check against real servers, no fakes (issue 17).
#
# Usage: bash run.sh [PATH/TO/mtasts-check]
#        bash run.sh --shell   (the servers up, and a shell among them)
#
# In a network namespace of its own (unshare -n), on loopback, it starts:
#  - Knot DNS (knotd) on 127.0.0.53:53 with one zone per scenario, some
#    signed with ldns-signzone (DNSSEC secure), one signed and then altered
#    (bogus), one configured without a zone file (SERVFAIL);
#  - nginx on 127.0.1.N:443 (and one IPv6 address), one server block per
#    scenario, with certificates from a test CA made here with openssl
#    (valid, expired, wrong name, self-signed, expiring within 14 days);
#  - SMTP servers (python3-aiosmtpd) on 127.0.2.N:25 with STARTTLS and those
#    certificates, one without STARTTLS, one offering only TLS 1.0/1.1, and
#    a listener that accepts and never answers.
# It first proves the servers with real clients (kdig, unbound-host with
# the test's trust anchors, curl, openssl s_client), then runs
#   mtasts-check --format=json --resolver 127.0.0.53 --trust-anchor ANCHORS
#     --ca-file CA.pem --timeout 3 DOMAIN
# on each scenario's domain and asserts the ids, severities and sources
# listed in tests/live/expect (check.py). Without a tool, only the servers
# are proven.
#
# Needs root (a network namespace, ports 53, 443 and 25). Exit status 77
# (skipped) when not root or when a tool is missing: knotd, kdig (Debian
# knot, knot-dnsutils), ldns-keygen, ldns-signzone (ldnsutils), nginx,
# openssl, curl, unbound-host, ip, unshare, python3 with aiosmtpd
# (python3-aiosmtpd). Under CI=true each of these is a failure instead.
# Everything stops and is removed on exit; the whole run is bounded by
# MTASTS_LIVE_LIMIT seconds (170). MTASTS_LIVE_KEEP=1 keeps the directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)

skip() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL (CI=true, so not skipped): $*"
    exit 1
  fi
  echo "skipped: $*"
  exit 77
}

if [ -z "${MTASTS_LIVE_NS:-}" ]; then
  case ${1:-} in
  --shell | "") ;;
  -*)
    echo "usage: bash run.sh [PATH/TO/mtasts-check | --shell]" >&2
    exit 2
    ;;
  *)
    [ -x "$1" ] || { echo "FAIL: $1 is not an executable"; exit 1; }
    ;;
  esac
  [ "$(id -u)" = 0 ] ||
    skip "the live test needs root (a network namespace, ports 53, 443, 25)"
  PATH=$PATH:/usr/sbin:/sbin
  missing=""
  for t in knotd kdig ldns-keygen ldns-signzone nginx openssl curl \
    unbound-host ip unshare timeout setpriv; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
  done
  # Debian's python3, where python3-aiosmtpd lives.
  py=/usr/bin/python3
  [ -x "$py" ] || py=$(command -v python3 2>/dev/null || echo python3)
  "$py" -c 'import aiosmtpd' 2>/dev/null || missing="$missing python3-aiosmtpd"
  [ -z "$missing" ] || skip "missing:$missing"
  unshare -n true 2>/dev/null || skip "unshare -n fails here (no network namespaces)"
  tool=""
  if [ -n "${1:-}" ] && [ "$1" != --shell ]; then
    tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    set -- "$tool"
  fi
  limit=${MTASTS_LIVE_LIMIT:-170}
  export MTASTS_LIVE_NS=1 MTASTS_LIVE_PY=$py PATH
  if [ "${1:-}" = --shell ]; then
    exec unshare -n -- bash "$0" "$@"
  fi
  timeout -k 10 "$limit" unshare -n -- bash "$0" "$@"
  rc=$?
  [ $rc -eq 124 ] && echo "FAIL: the live test took more than $limit s"
  exit $rc
fi

# ---- From here on: inside the network namespace. ----
ip link set lo up || { echo "FAIL: ip link set lo up"; exit 1; }
py=$MTASTS_LIVE_PY
mode=${1:-}
tool=""
[ "$mode" = --shell ] || tool=$mode

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtasts-live.XXXXXX") || exit 1
chmod 755 "$tmp"
pids=""
child=""
# Servers and the tool die with this shell, even by SIGKILL (the last
# resort of the time limit): their parent-death signal.
orphan="setpriv --pdeathsig KILL"
cleanup() {
  for p in $pids $child; do
    kill "$p" 2>/dev/null
  done
  for p in $pids $child; do
    wait "$p" 2>/dev/null
  done
  pids=""
  if [ "${MTASTS_LIVE_KEEP:-}" = 1 ]; then
    echo "kept: $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

fail() {
  echo "FAIL: $*"
  exit 1
}

mkdir -p "$tmp/ca" "$tmp/zones" "$tmp/keys" "$tmp/www" "$tmp/knot" \
  "$tmp/nginx" "$tmp/out"

# ---- IPv6 on loopback: possible here? ----
v6=1
for a in fd00::1:14 fd00::2:1; do
  ip -6 addr add "$a/128" dev lo nodad 2>"$tmp/ip6.err" || v6=0
done
if [ $v6 = 0 ]; then
  echo "NOTE: no IPv6 on loopback here ($(cat "$tmp/ip6.err")): the IPv6" \
    "case (v6.test) is not run"
fi

# ---- Certificates: a test CA and leaves signed by it ----
cd "$tmp/ca" || exit 1
cat >ca.cnf <<EOF
[ ca ]
default_ca = testca
[ testca ]
dir = $tmp/ca
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
private_key = \$dir/ca.key
certificate = \$dir/ca.pem
default_md = sha256
policy = anything
unique_subject = no
x509_extensions = leaf
[ anything ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = \$ENV::SAN
EOF
: >index.txt
mkdir new
echo 1000 >serial
stamp() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
keyopts="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
# shellcheck disable=SC2086
openssl req -x509 $keyopts -keyout ca.key -out ca.pem -days 30 \
  -subj "/CN=mtasts live test CA" \
  -addext "basicConstraints=critical,CA:true" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
  fail "openssl: the test CA"
# leaf NAME START END DNS-NAME...: NAME.pem and NAME.key, signed by the CA.
leaf() {
  name=$1 start=$2 end=$3
  shift 3
  san=""
  for n in "$@"; do san="$san${san:+,}DNS:$n"; done
  # shellcheck disable=SC2086
  openssl req $keyopts -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=$1" 2>/dev/null || fail "openssl req: $name"
  if ! SAN=$san openssl ca -batch -notext -config ca.cnf -in "$name.csr" \
    -out "$name.pem" -startdate "$start" -enddate "$end" >"$name.log" 2>&1; then
    cat "$name.log"
    fail "openssl ca: $name"
  fi
}

# The scenarios' domains (each NAME.test), in the order they run.
domains="clean redirect notfound html notype charset large huge nohost
tworecords cname addrdiff v6 notcovered mxexpired mxwrongname mxselfsigned
nostarttls dane danebad bogus nullmx implicit timeout testing soon
httpsexpired httpswrongname httpsselfsigned unreach mxrefused mxcname
mxnoaddr nosts dnsfail tlsold notlsrpt"
# The valid certificate covers every scenario's policy host and MX names;
# the others cover only the names of the scenarios that use them.
names=""
for d in $domains; do
  names="$names mta-sts.$d.test mx.$d.test mx1.$d.test mx2.$d.test $d.test"
done
# shellcheck disable=SC2086
leaf good "$(stamp '-1 day')" "$(stamp '+30 days')" $names
leaf expired "$(stamp '-60 days')" "$(stamp '-30 days')" \
  mx.mxexpired.test mta-sts.httpsexpired.test
leaf wrongname "$(stamp '-1 day')" "$(stamp '+30 days')" \
  mail.other.example mta-sts.other.example
leaf soon "$(stamp '-60 days')" "$(stamp '+7 days')" \
  mx.soon.test mta-sts.soon.test
# shellcheck disable=SC2086
openssl req -x509 $keyopts -keyout selfsigned.key -out selfsigned.pem \
  -days 30 -subj "/CN=mx.mxselfsigned.test" \
  -addext "subjectAltName=DNS:mx.mxselfsigned.test,DNS:mta-sts.httpsselfsigned.test" \
  2>/dev/null || fail "openssl: the self-signed certificate"
cd "$tmp" || exit 1

# ---- Addresses ----
dns=127.0.0.53
smtp_good=127.0.2.1
smtp_expired=127.0.2.2
smtp_wrongname=127.0.2.3
smtp_selfsigned=127.0.2.4
smtp_soon=127.0.2.5
smtp_plain=127.0.2.6
smtp_silent=127.0.2.7
smtp_none=127.0.2.8 # nothing listens here
smtp_old=127.0.2.9
smtp_good6=fd00::2:1

# ---- Zones, policies, nginx server blocks ----
id=20240101000000
zonelist=""
signed=""
# zone DOMAIN: starts DOMAIN's zone file (then rr adds to it).
zone() {
  cur=$tmp/zones/$1.raw
  zonelist="$zonelist $1"
  cat >"$cur" <<EOF
\$ORIGIN $1.
\$TTL 300
@ SOA ns.$1. hostmaster.$1. 1 3600 600 86400 300
@ NS ns.$1.
ns A $dns
EOF
}
rr() { printf '%s\n' "$*" >>"$cur"; }
# std DOMAIN POLICY-ADDR MX-ADDR: the records of a deployment that works.
std() {
  rr "_mta-sts TXT \"v=STSv1; id=$id;\""
  rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@$1\""
  rr "mta-sts A $2"
  rr "@ MX 10 mx.$1."
  rr "mx A $3"
}
# policy DOMAIN MODE MX...: the policy body, CRLF line ends.
policy() {
  f=$tmp/www/$1.txt
  printf 'version: STSv1\r\nmode: %s\r\n' "$2" >"$f"
  d=$1
  shift 2
  for m in "$@"; do printf 'mx: %s\r\n' "$m" >>"$f"; done
  printf 'max_age: 604800\r\n' >>"$f"
}
# bigpolicy DOMAIN SIZE: a valid policy of at least SIZE bytes (mx lines).
bigpolicy() {
  policy "$1" enforce "mx.$1"
  "$py" - "$tmp/www/$1.txt" "$2" "$1" <<'EOF'
import sys
path, size, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "rb") as f:
    body = f.read()
i = 0
while len(body) < size:
    body += b"mx: h%05d.%s\r\n" % (i, d.encode())
    i += 1
with open(path, "wb") as f:
    f.write(body)
EOF
}
# site DOMAIN ADDR CERT KIND [BODY-FILE]: an nginx server block for the
# policy host mta-sts.DOMAIN on ADDR:443. KIND: ok, redirect, 404, html,
# notype, charset. Also notes what curl must see (the fixture check).
site() {
  d=$1 addr=$2 cert=$3 kind=$4 body=${5:-$tmp/www/$1.txt}
  case $addr in *:*) listen="[$addr]:443" ;; *) listen="$addr:443" ;; esac
  case $kind in
  ok) loc="types {} default_type text/plain; alias $body;"
    want="200 text/plain" ;;
  redirect) loc="return 301 https://www.$d/mta-sts.txt;" want="301 text/html" ;;
  404) loc="return 404;" want="404 text/html" ;;
  html) loc="types {} default_type text/html; alias $body;"
    want="200 text/html" ;;
  notype) loc="types {} default_type \"\"; alias $body;" want="200 -" ;;
  charset) loc="types {} default_type \"text/plain; charset=iso-8859-1\"; alias $body;"
    want="200 text/plain;charset=iso-8859-1" ;;
  *) fail "site: unknown kind $kind" ;;
  esac
  case $cert in good | soon) ;; *) want="fails $cert" ;; esac
  cat >>"$tmp/nginx/servers.conf" <<EOF
server {
    listen $listen ssl;
    server_name mta-sts.$d;
    ssl_certificate $tmp/ca/$cert.pem;
    ssl_certificate_key $tmp/ca/$cert.key;
    location = /.well-known/mta-sts.txt { $loc }
    location / { return 404; }
}
EOF
  case $want in 200*) want="$want $body" ;; esac
  echo "$d $addr $want" >>"$tmp/curl.expect"
}
# sign DOMAIN: the zone is signed (ldns-signzone), its DS a trust anchor.
sign() { signed="$signed $1"; }

# clean.test: everything right, DNSSEC-signed, with a TLS-RPT record.
zone clean.test
std clean.test 127.0.1.1 $smtp_good
policy clean.test enforce mx.clean.test
site clean.test 127.0.1.1 good ok
sign clean.test

# redirect.test: the policy URL answers 301 elsewhere.
zone redirect.test
std redirect.test 127.0.1.2 $smtp_good
policy redirect.test enforce mx.redirect.test
site redirect.test 127.0.1.2 good redirect

# notfound.test: 404.
zone notfound.test
std notfound.test 127.0.1.3 $smtp_good
site notfound.test 127.0.1.3 good 404

# html.test: Content-Type text/html.
zone html.test
std html.test 127.0.1.4 $smtp_good
policy html.test enforce mx.html.test
site html.test 127.0.1.4 good html

# notype.test: no Content-Type header at all.
zone notype.test
std notype.test 127.0.1.5 $smtp_good
policy notype.test enforce mx.notype.test
site notype.test 127.0.1.5 good notype

# charset.test: text/plain; charset=iso-8859-1.
zone charset.test
std charset.test 127.0.1.6 $smtp_good
policy charset.test enforce mx.charset.test
site charset.test 127.0.1.6 good charset

# large.test: a body between 64000 and 65536 bytes; huge.test: over 65536.
zone large.test
std large.test 127.0.1.7 $smtp_good
bigpolicy large.test 65000
site large.test 127.0.1.7 good ok
zone huge.test
std huge.test 127.0.1.8 $smtp_good
bigpolicy huge.test 70000
site huge.test 127.0.1.8 good ok

# nohost.test: the _mta-sts record, but no address for mta-sts.nohost.test.
zone nohost.test
rr "_mta-sts TXT \"v=STSv1; id=$id;\""
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@nohost.test\""
rr "@ MX 10 mx.nohost.test."
rr "mx A $smtp_good"

# tworecords.test: two v=STSv1 records.
zone tworecords.test
std tworecords.test 127.0.1.10 $smtp_good
rr "_mta-sts TXT \"v=STSv1; id=20240202000000;\""
policy tworecords.test enforce mx.tworecords.test
site tworecords.test 127.0.1.10 good ok

# cname.test: delegated to a provider by CNAME (RFC 8461 §8.2), both the
# record and the policy host; the provider's certificate covers
# mta-sts.cname.test.
zone cname.test
rr "_mta-sts CNAME cname._mta-sts.provider.test."
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@cname.test\""
rr "mta-sts CNAME policy.provider.test."
rr "@ MX 10 mx.cname.test."
rr "mx A $smtp_good"
policy cname.test enforce mx.cname.test
site cname.test 127.0.1.11 good ok
zone provider.test
rr "cname._mta-sts TXT \"v=STSv1; id=$id;\""
rr "policy A 127.0.1.11"
rr "smtp A $smtp_good"

# addrdiff.test: three addresses for the policy host; the third serves
# another body.
zone addrdiff.test
std addrdiff.test 127.0.1.12 $smtp_good
rr "mta-sts A 127.0.1.13"
rr "mta-sts A 127.0.1.39"
policy addrdiff.test testing mx.addrdiff.test
mv www/addrdiff.test.txt www/addrdiff.test.other
policy addrdiff.test enforce mx.addrdiff.test
site addrdiff.test 127.0.1.12 good ok
site addrdiff.test 127.0.1.13 good ok
site addrdiff.test 127.0.1.39 good ok "$tmp/www/addrdiff.test.other"

# v6.test: two IPv4 addresses and one IPv6 address for the policy host,
# the IPv6 one serves another body; the MX host has only an IPv6 address.
if [ $v6 = 1 ]; then
  zone v6.test
  rr "_mta-sts TXT \"v=STSv1; id=$id;\""
  rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@v6.test\""
  rr "mta-sts A 127.0.1.14"
  rr "mta-sts A 127.0.1.40"
  rr "mta-sts AAAA fd00::1:14"
  rr "@ MX 10 mx.v6.test."
  rr "mx AAAA $smtp_good6"
  policy v6.test testing mx.v6.test
  mv www/v6.test.txt www/v6.test.other
  policy v6.test enforce mx.v6.test
  site v6.test 127.0.1.14 good ok
  site v6.test 127.0.1.40 good ok
  site v6.test fd00::1:14 good ok "$tmp/www/v6.test.other"
fi

# notcovered.test: mx2 is not in the policy.
zone notcovered.test
std notcovered.test 127.0.1.15 $smtp_good
rr "@ MX 20 mx2.notcovered.test."
rr "mx2 A $smtp_good"
policy notcovered.test enforce mx.notcovered.test
site notcovered.test 127.0.1.15 good ok

# MX certificates: expired, wrong name, self-signed; no STARTTLS.
zone mxexpired.test
std mxexpired.test 127.0.1.16 $smtp_expired
policy mxexpired.test enforce mx.mxexpired.test
site mxexpired.test 127.0.1.16 good ok
zone mxwrongname.test
std mxwrongname.test 127.0.1.17 $smtp_wrongname
policy mxwrongname.test enforce mx.mxwrongname.test
site mxwrongname.test 127.0.1.17 good ok
zone mxselfsigned.test
std mxselfsigned.test 127.0.1.18 $smtp_selfsigned
policy mxselfsigned.test enforce mx.mxselfsigned.test
site mxselfsigned.test 127.0.1.18 good ok
zone nostarttls.test
std nostarttls.test 127.0.1.19 $smtp_plain
policy nostarttls.test enforce mx.nostarttls.test
site nostarttls.test 127.0.1.19 good ok

# dane.test: signed, with a TLSA record that matches the MX certificate;
# danebad.test: signed, with one that does not.
spki=$(openssl x509 -in ca/good.pem -noout -pubkey |
  openssl pkey -pubin -outform DER | openssl dgst -sha256 -r | cut -d' ' -f1)
[ ${#spki} = 64 ] || fail "the SPKI hash of the valid certificate"
zone dane.test
std dane.test 127.0.1.20 $smtp_good
rr "_25._tcp.mx TLSA 3 1 1 $spki"
policy dane.test enforce mx.dane.test
site dane.test 127.0.1.20 good ok
sign dane.test
zone danebad.test
std danebad.test 127.0.1.21 $smtp_good
rr "_25._tcp.mx TLSA 3 1 1 $(printf '%064d' 0 | tr 0 a)"
policy danebad.test enforce mx.danebad.test
site danebad.test 127.0.1.21 good ok
sign danebad.test

# bogus.test: signed, then the _mta-sts record altered (below).
zone bogus.test
std bogus.test 127.0.1.22 $smtp_good
policy bogus.test enforce mx.bogus.test
site bogus.test 127.0.1.22 good ok
sign bogus.test

# nullmx.test: MX 0 . (RFC 7505).
zone nullmx.test
rr "_mta-sts TXT \"v=STSv1; id=$id;\""
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@nullmx.test\""
rr "mta-sts A 127.0.1.23"
rr "@ MX 0 ."
policy nullmx.test enforce mx.nullmx.test
site nullmx.test 127.0.1.23 good ok

# implicit.test: no MX; the domain's own address runs SMTP.
zone implicit.test
rr "_mta-sts TXT \"v=STSv1; id=$id;\""
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@implicit.test\""
rr "mta-sts A 127.0.1.24"
rr "@ A $smtp_good"
policy implicit.test enforce implicit.test
site implicit.test 127.0.1.24 good ok

# timeout.test: the MX accepts the connection and never answers.
zone timeout.test
std timeout.test 127.0.1.25 $smtp_silent
policy timeout.test enforce mx.timeout.test
site timeout.test 127.0.1.25 good ok

# testing.test: mode testing, MX certificate for another name.
zone testing.test
std testing.test 127.0.1.26 $smtp_wrongname
policy testing.test testing mx.testing.test
site testing.test 127.0.1.26 good ok

# soon.test: the policy host's and the MX's certificates expire in 7 days.
zone soon.test
std soon.test 127.0.1.27 $smtp_soon
policy soon.test enforce mx.soon.test
site soon.test 127.0.1.27 soon ok

# The policy host's certificate: expired, wrong name, self-signed.
zone httpsexpired.test
std httpsexpired.test 127.0.1.28 $smtp_good
policy httpsexpired.test enforce mx.httpsexpired.test
site httpsexpired.test 127.0.1.28 expired ok
zone httpswrongname.test
std httpswrongname.test 127.0.1.29 $smtp_good
policy httpswrongname.test enforce mx.httpswrongname.test
site httpswrongname.test 127.0.1.29 wrongname ok
zone httpsselfsigned.test
std httpsselfsigned.test 127.0.1.30 $smtp_good
policy httpsselfsigned.test enforce mx.httpsselfsigned.test
site httpsselfsigned.test 127.0.1.30 selfsigned ok

# unreach.test: nothing listens on the policy host's address.
zone unreach.test
std unreach.test 127.0.1.31 $smtp_good

# mxrefused.test: nothing listens on the MX's port 25.
zone mxrefused.test
std mxrefused.test 127.0.1.32 $smtp_none
policy mxrefused.test enforce mx.mxrefused.test
site mxrefused.test 127.0.1.32 good ok

# mxcname.test: the MX target is a CNAME.
zone mxcname.test
rr "_mta-sts TXT \"v=STSv1; id=$id;\""
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@mxcname.test\""
rr "mta-sts A 127.0.1.33"
rr "@ MX 10 mx.mxcname.test."
rr "mx CNAME smtp.provider.test."
policy mxcname.test enforce mx.mxcname.test
site mxcname.test 127.0.1.33 good ok

# mxnoaddr.test: the MX host has no address.
zone mxnoaddr.test
rr "_mta-sts TXT \"v=STSv1; id=$id;\""
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@mxnoaddr.test\""
rr "mta-sts A 127.0.1.34"
rr "@ MX 10 mx.mxnoaddr.test."
policy mxnoaddr.test enforce mx.mxnoaddr.test
site mxnoaddr.test 127.0.1.34 good ok

# nosts.test: a policy and a TLS-RPT record, but no _mta-sts record.
zone nosts.test
rr "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@nosts.test\""
rr "mta-sts A 127.0.1.35"
rr "@ MX 10 mx.nosts.test."
rr "mx A $smtp_good"
policy nosts.test enforce mx.nosts.test
site nosts.test 127.0.1.35 good ok

# dnsfail.test: _mta-sts is a CNAME into broken.test, a zone the server
# has no data for (SERVFAIL).
zone dnsfail.test
std dnsfail.test 127.0.1.36 $smtp_good
sed -i '/^_mta-sts TXT/d' "$cur"
rr "_mta-sts CNAME _mta-sts.broken.test."
policy dnsfail.test enforce mx.dnsfail.test
site dnsfail.test 127.0.1.36 good ok

# tlsold.test: the MX offers only TLS 1.0 and 1.1.
zone tlsold.test
std tlsold.test 127.0.1.37 $smtp_old
policy tlsold.test enforce mx.tlsold.test
site tlsold.test 127.0.1.37 good ok

# notlsrpt.test: everything right but no TLS-RPT record.
zone notlsrpt.test
std notlsrpt.test 127.0.1.38 $smtp_good
sed -i '/^_smtp._tls/d' "$cur"
policy notlsrpt.test enforce mx.notlsrpt.test
site notlsrpt.test 127.0.1.38 good ok

# ---- Signing: ldns-signzone with one ECDSA key per zone (KSK flag, used
# for everything); the DS records are the trust anchors. ----
: >"$tmp/anchors"
for z in $zonelist; do
  case " $signed " in
  *" $z "*)
    k=$(cd keys && ldns-keygen -a ECDSAP256SHA256 -k "$z") ||
      fail "ldns-keygen $z"
    cat "keys/$k.ds" >>"$tmp/anchors"
    ldns-signzone -o "$z" -f "zones/$z.zone" "zones/$z.raw" "keys/$k" ||
      fail "ldns-signzone $z"
    ;;
  *) cp "zones/$z.raw" "zones/$z.zone" ;;
  esac
done
# bogus.test: the signed record altered after signing.
sed -i "s/\"v=STSv1; id=$id;\"/\"v=STSv1; id=20249999999999;\"/" \
  zones/bogus.test.zone
grep -q 'id=20249999999999' zones/bogus.test.zone ||
  fail "could not alter bogus.test's signed record"

# ---- Knot DNS ----
{
  cat <<EOF
server:
    rundir: "$tmp/knot"
    listen: $dns@53
log:
  - target: stderr
    any: warning
database:
    storage: "$tmp/knot"
template:
  - id: default
    storage: "$tmp/zones"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: broken.test
EOF
  for z in $zonelist; do printf '  - domain: %s\n' "$z"; done
} >knot/knot.conf
$orphan knotd -c knot/knot.conf 2>knot/knotd.log &
pids="$pids $!"
n=0
until kdig @$dns +time=1 +retry=0 SOA clean.test 2>/dev/null |
  grep -q 'status: NOERROR'; do
  n=$((n + 1))
  [ $n -lt 300 ] || { cat knot/knotd.log; fail "knotd does not answer"; }
  sleep 0.1
done

# ---- nginx ----
cat >nginx/nginx.conf <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events {
    worker_connections 256;
}
http {
    access_log off;
    client_body_temp_path $tmp/nginx;
    proxy_temp_path $tmp/nginx;
    fastcgi_temp_path $tmp/nginx;
    uwsgi_temp_path $tmp/nginx;
    scgi_temp_path $tmp/nginx;
    include $tmp/nginx/servers.conf;
}
EOF
$orphan nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
  >nginx/nginx.out 2>&1 &
pids="$pids $!"

# ---- SMTP ----
c=$tmp/ca
set -- tls $smtp_good "$c/good.pem" "$c/good.key" \
  tls $smtp_expired "$c/expired.pem" "$c/expired.key" \
  tls $smtp_wrongname "$c/wrongname.pem" "$c/wrongname.key" \
  tls $smtp_selfsigned "$c/selfsigned.pem" "$c/selfsigned.key" \
  tls $smtp_soon "$c/soon.pem" "$c/soon.key" \
  plain $smtp_plain silent $smtp_silent \
  old $smtp_old "$c/good.pem" "$c/good.key"
[ $v6 = 1 ] && set -- "$@" tls $smtp_good6 "$c/good.pem" "$c/good.key"
$orphan "$py" "$here/smtpd.py" "$tmp/smtpd.ready" "$@" >smtpd.log 2>&1 &
smtpd=$!
pids="$pids $smtpd"

n=0
while :; do
  up=1
  [ -f smtpd.ready ] || up=0
  curl -s -o /dev/null --max-time 1 -k https://127.0.1.1/ || up=0
  [ $up = 1 ] && break
  kill -0 "$smtpd" 2>/dev/null || { cat smtpd.log; fail "smtpd.py stopped"; }
  n=$((n + 1))
  [ $n -lt 300 ] ||
    { cat smtpd.log nginx/nginx.out nginx/error.log; fail "servers not up"; }
  sleep 0.1
done

if [ "$mode" = --shell ]; then
  echo "servers up in $tmp (dns $dns, anchors $tmp/anchors, CA $c/ca.pem)"
  bash -i
  exit 0
fi

# ---- The fixture, proven with real clients ----
bad=0
problem() {
  echo "FIXTURE: $*"
  bad=$((bad + 1))
}
cat >unbound.conf <<EOF
server:
  local-zone: "test." nodefault
forward-zone:
  name: "."
  forward-addr: $dns
EOF
# dnssec NAME TYPE WANT: unbound-host (libunbound) with the test's anchors.
dnssec() {
  got=$(unbound-host -C unbound.conf -f anchors -v -t "$2" "$1" 2>&1)
  case $got in
  *"($3)"*) ;;
  *) problem "unbound-host $2 $1: expected ($3), got: $got" ;;
  esac
}
dnssec _mta-sts.clean.test TXT secure
dnssec mx.clean.test A secure
dnssec _25._tcp.mx.dane.test TLSA secure
dnssec _mta-sts.bogus.test TXT "BOGUS (security failure)"
dnssec mta-sts.bogus.test A secure
dnssec _mta-sts.testing.test TXT insecure
dnssec _mta-sts.dnsfail.test TXT error
got=$(kdig @$dns +dnssec TXT _mta-sts.clean.test)
case $got in *RRSIG*) ;; *) problem "no RRSIG for _mta-sts.clean.test: $got" ;; esac
got=$(kdig @$dns +short TXT _mta-sts.tworecords.test | wc -l)
[ "$got" = 2 ] || problem "tworecords.test: $got TXT records"
got=$(kdig @$dns +short MX nullmx.test)
[ "$got" = "0 ." ] || problem "nullmx.test MX: $got"

# The policy hosts: status, Content-Type (curl's, spaces removed), and the
# certificate failures.
while read -r d addr w1 w2 body; do
  out=$(curl -sS --max-time 5 --cacert ca/ca.pem -o "out/$d.body" \
    --resolve "mta-sts.$d:443:$addr" -w '%{http_code} %{content_type}' \
    "https://mta-sts.$d/.well-known/mta-sts.txt" 2>&1)
  rc=$?
  if [ "$w1" = fails ]; then
    [ $rc != 0 ] || problem "curl mta-sts.$d [$addr]: no failure with the $w2 certificate"
    continue
  fi
  code=${out%% *}
  type=$(printf '%s' "${out#* }" | tr -d ' ')
  [ -n "$type" ] || type=-
  if [ $rc != 0 ] || [ "$code $type" != "$w1 $w2" ]; then
    problem "curl mta-sts.$d [$addr]: expected $w1 $w2, got rc $rc: $out"
  elif [ -n "$body" ] && ! cmp -s "$body" "out/$d.body"; then
    problem "curl mta-sts.$d [$addr]: not the body of $body"
  fi
done <curl.expect
headers=$(curl -sS -D - -o /dev/null --cacert ca/ca.pem \
  --resolve mta-sts.notype.test:443:127.0.1.5 \
  https://mta-sts.notype.test/.well-known/mta-sts.txt)
case $headers in
*[Cc]ontent-[Tt]ype*) problem "notype.test sends a Content-Type: $headers" ;;
esac
size=$(curl -s --cacert ca/ca.pem --resolve mta-sts.large.test:443:127.0.1.7 \
  https://mta-sts.large.test/.well-known/mta-sts.txt | wc -c)
if [ "$size" -le 64000 ] || [ "$size" -gt 65536 ]; then
  problem "large.test: $size bytes"
fi
size=$(curl -s --cacert ca/ca.pem --resolve mta-sts.huge.test:443:127.0.1.8 \
  https://mta-sts.huge.test/.well-known/mta-sts.txt | wc -c)
[ "$size" -gt 65536 ] || problem "huge.test: $size bytes"

# The MX hosts: openssl s_client -starttls smtp, verifying the name.
# smtp ADDR NAME WANT: WANT is a piece of s_client's output.
smtp() {
  got=$(timeout 5 openssl s_client -starttls smtp -connect "$1" \
    -servername "$2" -verify_hostname "$2" -CAfile ca/ca.pem -brief \
    </dev/null 2>&1)
  case $got in
  *"$3"*) ;;
  *) problem "s_client $1 ($2): expected '$3', got: $(printf '%s' "$got" | head -5)" ;;
  esac
}
smtp $smtp_good:25 mx.clean.test "Verification: OK"
smtp $smtp_expired:25 mx.mxexpired.test "certificate has expired"
smtp $smtp_wrongname:25 mx.mxwrongname.test "hostname mismatch"
smtp $smtp_selfsigned:25 mx.mxselfsigned.test "self-signed certificate"
smtp $smtp_soon:25 mx.soon.test "Verification: OK"
smtp $smtp_plain:25 mx.nostarttls.test "find STARTTLS"
smtp $smtp_none:25 mx.mxrefused.test "refused"
[ $v6 = 1 ] && smtp "[$smtp_good6]:25" mx.v6.test "Verification: OK"
# TLS 1.0/1.1 only: with the client's security level lowered, TLSv1.1.
got=$(timeout 5 openssl s_client -starttls smtp -connect $smtp_old:25 \
  -cipher DEFAULT@SECLEVEL=0 -tls1_1 -brief </dev/null 2>&1)
case $got in *"Protocol version: TLSv1.1"*) ;;
*) problem "tlsold.test: no TLS 1.1: $(printf '%s' "$got" | head -3)" ;; esac
# The silent listener: connects, and no banner within 2 s.
got=$("$py" - $smtp_silent <<'EOF'
import socket, sys
s = socket.create_connection((sys.argv[1], 25), timeout=2)
try:
    print("banner:", s.recv(100))
except socket.timeout:
    print("silent")
EOF
)
[ "$got" = silent ] || problem "silent listener: $got"

if [ $bad != 0 ]; then
  echo "FAIL: $bad problems with the test servers (not the tool)"
  for f in knot/knotd.log nginx/error.log smtpd.log; do
    echo "--- $f"
    tail -n 20 "$f"
  done
  exit 1
fi
echo "fixture: DNS (secure, insecure, bogus, SERVFAIL), HTTPS and SMTP servers proven in $SECONDS s"

if [ -z "$tool" ]; then
  echo "no mtasts-check given: the servers only"
  exit 0
fi

# ---- mtasts-check on every scenario ----
start=$(date +%s)
ran=""
for d in $domains; do
  d=$d.test
  if [ $v6 = 0 ] && [ "$d" = v6.test ]; then
    echo "not run: $d (no IPv6 on loopback)"
    continue
  fi
  ran="$ran $d"
  # In the background, so that a signal's trap runs at once.
  $orphan timeout -k 5 60 "$tool" --format=json --resolver $dns \
    --trust-anchor "$tmp/anchors" --ca-file "$c/ca.pem" --timeout 3 "$d" \
    >"out/$d.json" 2>"out/$d.err" &
  child=$!
  wait $child
  echo $? >"out/$d.rc"
  child=""
done
# --policy: the file about to be published (one more mx line, the same
# id), with the live state as what senders cached. Its results go under
# the name policy@clean.test.
printf 'version: STSv1\nmode: enforce\nmx: mx.clean.test\nmx: mx2.clean.test\nmax_age: 604800\n' \
  >out/new-policy.txt
$orphan timeout -k 5 60 "$tool" --format=json --resolver $dns \
  --trust-anchor "$tmp/anchors" --ca-file "$c/ca.pem" --timeout 3 --no-smtp \
  --policy out/new-policy.txt clean.test \
  >out/policy@clean.test.json 2>out/policy@clean.test.err &
child=$!
wait $child
echo $? >out/policy@clean.test.rc
child=""
ran="$ran policy@clean.test"
echo "mtasts-check: $(echo "$ran" | wc -w) runs in $(($(date +%s) - start)) s"
# shellcheck disable=SC2086
"$py" "$here/check.py" "$here/expect" "$tmp/out" $ran
