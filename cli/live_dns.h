/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: DNS lookups with libunbound, a validating resolver, so that
 * every answer carries its DNSSEC status (secure, insecure, bogus).
 *
 * One dns_ctx per worker thread (a ub_ctx is not shared). Lookups are sent
 * together (dns_lookup_many) and waited for up to the time-out; what did
 * not come back by then is a TIMEOUT. Each answer is handed over as an
 * mtasts_dns_answer that owns its strings (dns_answer_free).
 */
#ifndef MTASTS_CLI_LIVE_DNS_H
#define MTASTS_CLI_LIVE_DNS_H

#include <stddef.h>

#include <mtasts/mtasts.h>

enum {
  DNS_TYPE_A = 1,
  DNS_TYPE_NS = 2,
  DNS_TYPE_CNAME = 5,
  DNS_TYPE_MX = 15,
  DNS_TYPE_TXT = 16,
  DNS_TYPE_AAAA = 28,
  DNS_TYPE_TLSA = 52
};

typedef struct dns_ctx dns_ctx;

/*
 * A resolver: resolver is "ADDR[@PORT]" to forward every query to, or NULL
 * for the system's (/etc/resolv.conf). trust_anchor is a file of DS or
 * DNSKEY records (zone-file form) that validation starts from, or NULL to
 * validate nothing (every answer is then MTASTS_DNSSEC_UNCHECKED).
 * timeout_ms bounds each dns_lookup_many. Returns NULL with a reason in why
 * (cap bytes) when the resolver cannot be set up.
 */
dns_ctx *dns_ctx_new(const char *resolver, const char *trust_anchor,
                     unsigned timeout_ms, char *why, size_t cap);
void dns_ctx_free(dns_ctx *c);

/* One lookup: name and type in, the answer out (owned: dns_answer_free). */
typedef struct dns_query {
  const char *name; /* without a trailing dot */
  unsigned type;
  mtasts_dns_answer answer;
  /* Internal: the lookup is pending. */
  int pending;
  int async_id;
} dns_query;

/* Runs the n lookups at once and waits for all of them, at most the
 * time-out. Returns 0, or -1 when memory ran out (answers are then
 * SERVFAIL). */
int dns_lookup_many(dns_ctx *c, dns_query *q, size_t n);
void dns_answer_free(mtasts_dns_answer *a);

/*
 * Whether a resolver answers at all: sends one query (". NS") to resolver
 * ("ADDR[@PORT]"), or to each nameserver of /etc/resolv.conf when it is
 * NULL, and waits for any reply up to timeout_ms. Returns 0 when one
 * replied (whatever the reply said), else -1 with the reason in why.
 */
int dns_probe(const char *resolver, unsigned timeout_ms, char *why, size_t cap);

/* Splits "ADDR[@PORT]" (ADDR an IPv4 or IPv6 address): 0, or -1 when it is
 * not that form. */
int dns_parse_resolver(const char *s, char *addr, size_t addr_cap,
                       unsigned *port);

#endif
