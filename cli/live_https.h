/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: the policy fetch, GET https://mta-sts.DOMAIN/.well-known/
 * mta-sts.txt, from one address of the policy host, with libcurl.
 *
 * As senders fetch it (RFC 8461 §3.3): SNI and Host are the policy host,
 * redirects are not followed, nothing is cached. The connection is pinned
 * to the address (CURLOPT_CONNECT_TO), so every address of the policy host
 * is fetched on its own. The body is read up to HTTPS_BODY_CAP bytes (the
 * rest is not read, and the response is marked truncated), and the whole
 * fetch is bounded in time.
 *
 * curl's own certificate check is off: the chain, the names and the dates
 * are read and verified by live_tls.c, so a bad certificate is a finding
 * while the body, which senders that do not check would take, is still
 * read and linted. One fetch per address gives both.
 */
#ifndef MTASTS_CLI_LIVE_HTTPS_H
#define MTASTS_CLI_LIVE_HTTPS_H

#include <stddef.h>

#include <mtasts/mtasts.h>
#include <openssl/ssl.h>

#include "live_tls.h"

/* One byte over RFC 8461's 64 KiB, so that a larger body is seen as such. */
#define HTTPS_BODY_CAP (65536 + 1)

typedef struct https_ctx https_ctx;

/* One per worker thread. store verifies the chains (not owned). */
https_ctx *https_ctx_new(X509_STORE *store, unsigned timeout_ms,
                         const char *user_agent);
void https_ctx_free(https_ctx *c);

/* What one fetch saw; tls and http point into the strings kept here. */
typedef struct https_fetch {
  mtasts_tls_observation tls;
  mtasts_http_response http;
  int have_response; /* http holds a response (a status line came) */
  tls_facts facts;
  char *body;
  size_t body_len;
  char *location;
  char *content_type;
} https_fetch;

/* Fetches the policy of domain from address (IPv4 or IPv6 text).
 * Returns 0, or -1 when memory ran out. Free f with https_fetch_free. */
int https_fetch_policy(https_ctx *c, const char *domain, const char *address,
                       https_fetch *f);
void https_fetch_free(https_fetch *f);

#endif
