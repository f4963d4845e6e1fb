/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: the facts of a TLS connection, read with OpenSSL (see
 * live_tls.h).
 */
#include "live_tls.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* The most DNS-IDs of one certificate kept. */
#define MAX_DNS_IDS 256

X509_STORE *tls_store_new(const char *ca_file, char *why, size_t cap) {
  X509_STORE *store = X509_STORE_new();
  if (!store) {
    snprintf(why, cap, "out of memory");
    return NULL;
  }
  int ok = ca_file ? X509_STORE_load_file(store, ca_file)
                   : X509_STORE_set_default_paths(store);
  if (!ok) {
    char err[200];
    tls_error_text(err, sizeof err);
    snprintf(why, cap, "%s: cannot read the certificates: %s",
             ca_file ? ca_file : "the system's trust store", err);
    X509_STORE_free(store);
    return NULL;
  }
  return store;
}

void tls_error_text(char *buf, size_t cap) {
  unsigned long e = ERR_get_error();
  if (!e) {
    snprintf(buf, cap, "unknown error");
    return;
  }
  const char *reason = ERR_reason_error_string(e);
  if (reason)
    snprintf(buf, cap, "%s", reason);
  else
    ERR_error_string_n(e, buf, cap);
  ERR_clear_error();
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int64_t asn1_time_unix(const ASN1_TIME *t) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (!t || !ASN1_TIME_to_tm(t, &tm))
    return 0;
  return days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1,
                         tm.tm_mday) *
             86400 +
         tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

/* The leaf's validity period is the library's to judge (expired, not yet
 * valid, expiring soon); every other error stands. */
static int verify_cb(int ok, X509_STORE_CTX *ctx) {
  if (!ok && X509_STORE_CTX_get_error_depth(ctx) == 0) {
    int e = X509_STORE_CTX_get_error(ctx);
    if (e == X509_V_ERR_CERT_HAS_EXPIRED || e == X509_V_ERR_CERT_NOT_YET_VALID)
      return 1;
  }
  return ok;
}

static void read_dns_ids(X509 *leaf, tls_facts *f) {
  GENERAL_NAMES *names =
      X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
  if (!names)
    return;
  int n = sk_GENERAL_NAME_num(names);
  f->dns_ids = calloc(n > 0 ? (size_t)n : 1, sizeof *f->dns_ids);
  for (int i = 0; f->dns_ids && i < n && f->dns_id_count < MAX_DNS_IDS; i++) {
    const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
    if (g->type != GEN_DNS)
      continue;
    const ASN1_IA5STRING *s = g->d.dNSName;
    int len = ASN1_STRING_length(s);
    if (len < 0 || len > 1024)
      continue;
    char *p = malloc((size_t)len + 1);
    if (!p)
      break;
    memcpy(p, ASN1_STRING_get0_data(s), (size_t)len);
    p[len] = '\0';
    f->dns_ids[f->dns_id_count].ptr = p;
    f->dns_ids[f->dns_id_count].len = (size_t)len;
    f->dns_id_count++;
  }
  GENERAL_NAMES_free(names);
}

void tls_facts_read(SSL *ssl, X509_STORE *store, mtasts_tls_observation *o,
                    tls_facts *f) {
  o->handshake_done = 1;
  o->tls_version = (unsigned)SSL_version(ssl);
  o->now = (int64_t)time(NULL);
  X509 *leaf = SSL_get1_peer_certificate(ssl);
  if (!leaf) {
    snprintf(f->chain_error, sizeof f->chain_error, "no certificate");
    o->chain_error.ptr = f->chain_error;
    o->chain_error.len = strlen(f->chain_error);
    return;
  }
  o->not_before = asn1_time_unix(X509_get0_notBefore(leaf));
  o->not_after = asn1_time_unix(X509_get0_notAfter(leaf));
  read_dns_ids(leaf, f);
  o->dns_ids = f->dns_ids;
  o->dns_id_count = f->dns_id_count;

  X509_STORE_CTX *ctx = X509_STORE_CTX_new();
  int ok = 0;
  if (ctx &&
      X509_STORE_CTX_init(ctx, store, leaf, SSL_get_peer_cert_chain(ssl))) {
    X509_STORE_CTX_set_default(ctx, "ssl_server");
    X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
    ok = X509_verify_cert(ctx) == 1;
    if (!ok)
      snprintf(f->chain_error, sizeof f->chain_error, "%s",
               X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
  } else {
    snprintf(f->chain_error, sizeof f->chain_error,
             "cannot verify: out of memory");
  }
  X509_STORE_CTX_free(ctx);
  X509_free(leaf);
  o->chain_valid = ok;
  if (!ok) {
    o->chain_error.ptr = f->chain_error;
    o->chain_error.len = strlen(f->chain_error);
  }
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The data a TLSA record's selector and matching type name for cert: the
 * whole certificate or its SubjectPublicKeyInfo (DER), as is or hashed
 * (RFC 6698 §2.1.2, §2.1.3). Returns its length in out, 0 on failure. */
static size_t tlsa_data(X509 *cert, unsigned selector, unsigned mtype,
                        unsigned char *out, size_t cap) {
  unsigned char *der = NULL;
  int len = selector == 0   ? i2d_X509(cert, &der)
            : selector == 1 ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der)
                            : -1;
  size_t n = 0;
  if (len > 0) {
    unsigned int dl = 0;
    if (mtype == 0 && (size_t)len <= cap) {
      memcpy(out, der, (size_t)len);
      n = (size_t)len;
    } else if ((mtype == 1 || mtype == 2) &&
               EVP_Digest(der, (size_t)len, out, &dl,
                          mtype == 1 ? EVP_sha256() : EVP_sha512(), NULL)) {
      n = dl;
    }
  }
  OPENSSL_free(der);
  return n;
}

int tls_tlsa_match(SSL *ssl, const mtasts_str *tlsa, size_t count) {
  STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
  int usable = 0;
  if (!chain)
    return -1;
  static const size_t cap = 16384;
  unsigned char *want = malloc(cap), *have = malloc(cap);
  int match = 0;
  for (size_t i = 0; want && have && i < count && !match; i++) {
    unsigned usage, selector, mtype;
    int used = 0;
    if (sscanf(tlsa[i].ptr, "%u %u %u %n", &usage, &selector, &mtype, &used) !=
            3 ||
        usage > 3 || selector > 1 || mtype > 2)
      continue;
    size_t wn = 0;
    int bad = 0;
    for (size_t k = (size_t)used; k < tlsa[i].len; k += 2) {
      int hi = hex_value(tlsa[i].ptr[k]);
      int lo = k + 1 < tlsa[i].len ? hex_value(tlsa[i].ptr[k + 1]) : -1;
      if (hi < 0 || lo < 0 || wn >= cap) {
        bad = 1;
        break;
      }
      want[wn++] = (unsigned char)(hi << 4 | lo);
    }
    if (bad || wn == 0)
      continue;
    usable = 1;
    /* PKIX-EE (1) and DANE-EE (3) name the server's certificate; PKIX-TA
     * (0) and DANE-TA (2) a certificate that issued it. */
    int from = usage == 1 || usage == 3 ? 0 : 1;
    int to = usage == 1 || usage == 3 ? 1 : sk_X509_num(chain);
    for (int c = from; c < to && !match; c++) {
      size_t hn =
          tlsa_data(sk_X509_value(chain, c), selector, mtype, have, cap);
      match = hn == wn && memcmp(have, want, wn) == 0;
    }
  }
  free(want);
  free(have);
  return match ? 1 : usable ? 0 : -1;
}

void tls_facts_free(tls_facts *f) {
  for (size_t i = 0; i < f->dns_id_count; i++)
    free((char *)f->dns_ids[i].ptr);
  free(f->dns_ids);
  f->dns_ids = NULL;
  f->dns_id_count = 0;
  f->chain_error[0] = '\0';
  f->error[0] = '\0';
}
