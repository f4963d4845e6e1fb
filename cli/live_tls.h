/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: what a TLS connection showed, read with OpenSSL, for the
 * policy host (live_https.c) and the MX hosts (live_smtp.c) alike.
 *
 * The certificate chain is verified here, once, with one trust store (the
 * system's, or --ca-file), whatever carried the connection: curl fetches
 * with its own verification off so that a bad certificate is a finding
 * with the body still read, and the same code judges the SMTP chains.
 */
#ifndef MTASTS_CLI_LIVE_TLS_H
#define MTASTS_CLI_LIVE_TLS_H

#include <stddef.h>

#include <mtasts/mtasts.h>
#include <openssl/ssl.h>

/* The strings an mtasts_tls_observation points to. */
typedef struct tls_facts {
  mtasts_str *dns_ids;
  size_t dns_id_count;
  char chain_error[160];
  char error[256];
} tls_facts;

/* The trust store: the system's default paths, or ca_file alone. NULL with
 * a reason in why when the file cannot be read. */
X509_STORE *tls_store_new(const char *ca_file, char *why, size_t cap);

/*
 * Fills o (handshake_done, tls_version, chain_valid and chain_error,
 * dns_ids, not_before, not_after, now) from the completed handshake of ssl,
 * verifying the peer's chain against store as a TLS server certificate.
 * The leaf's own validity dates are left to the library (not_before,
 * not_after), so that an expired certificate of a trusted issuer is
 * reported as expired, not as untrusted. The strings are kept in f.
 */
void tls_facts_read(SSL *ssl, X509_STORE *store, mtasts_tls_observation *o,
                    tls_facts *f);

/*
 * Whether the chain that ssl presented matches one of the TLSA records
 * ("USAGE SELECTOR MTYPE HEX", RFC 6698 §2.1): 1 yes, 0 no, -1 when no
 * record could be used.
 */
int tls_tlsa_match(SSL *ssl, const mtasts_str *tlsa, size_t count);

/* Frees the strings of f and empties it. */
void tls_facts_free(tls_facts *f);

/* The error of the last failed OpenSSL call, as text, into buf. */
void tls_error_text(char *buf, size_t cap);

#endif
