/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: one MX host address on port 25, as a sending MTA sees it:
 * connect, the banner, EHLO, STARTTLS, the TLS handshake with SNI set to
 * the MX host name (RFC 8461 §4.2), the certificate, QUIT.
 *
 * Every step is bounded: the connection, each reply and the handshake by
 * the time-out, each reply by SMTP_MAX_REPLY bytes. A reply is read as
 * RFC 5321 §4.2 writes it: lines "CODE-text" continued up to "CODE text".
 */
#ifndef MTASTS_CLI_LIVE_SMTP_H
#define MTASTS_CLI_LIVE_SMTP_H

#include <stddef.h>

#include <mtasts/mtasts.h>
#include <openssl/ssl.h>

#include "live_tls.h"

/* The most bytes of one reply (all its lines) read. */
#define SMTP_MAX_REPLY 16384

typedef struct smtp_ctx smtp_ctx;

/* One per worker thread. store verifies the chains (not owned); ehlo_name
 * is the name this machine gives in EHLO. */
smtp_ctx *smtp_ctx_new(X509_STORE *store, unsigned timeout_ms,
                       const char *ehlo_name, char *why, size_t cap);
void smtp_ctx_free(smtp_ctx *c);

typedef struct smtp_probe {
  mtasts_tls_observation tls;
  tls_facts facts;
} smtp_probe;

/*
 * Talks to mx_host at address (IPv4 or IPv6 text) on port. tlsa (count
 * records, NUL-terminated "U S M HEX") are the secure TLSA records of the
 * host, matched against the chain presented; count 0 for none. Returns 0,
 * or -1 when memory ran out. Free p with smtp_probe_free.
 */
int smtp_probe_host(smtp_ctx *c, const char *mx_host, const char *address,
                    unsigned port, const mtasts_str *tlsa, size_t count,
                    smtp_probe *p);
void smtp_probe_free(smtp_probe *p);

#endif
