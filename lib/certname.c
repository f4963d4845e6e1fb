/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: a certificate's names against a host (RFC 6125 §6.4, as RFC
 * 8461 §3.3 and §4.2 apply it to the policy host and to MX hosts).
 *
 * Only DNS-IDs (subjectAltName dNSName entries) count; the subject's CN is
 * never used (RFC 6125 §6.4.4 leaves it to the application, and RFC 8461
 * names DNS-IDs only). A DNS-ID matches as an mx pattern does (RFC 8461
 * §4.1): labels compared ignoring ASCII case, and "*." as the whole
 * left-most label standing for exactly one label (RFC 6125 §6.4.3, without
 * the partial-label wildcards it allows and RFC 8461 does not). So the one
 * matcher of the library, mtasts_mx_match, is the rule here too: a DNS-ID
 * that is not a valid pattern ("mx*.example.com", "*.*.example.com", an IP
 * address) matches nothing.
 */
#include "internal.h"

int mtasts_cert_name_match(const char *host, size_t host_len,
                           const mtasts_str *dns_ids, size_t count) {
  if ((!host && host_len) || (!dns_ids && count))
    return 0;
  for (size_t i = 0; i < count; i++)
    if (dns_ids[i].ptr &&
        mtasts_mx_match(dns_ids[i].ptr, dns_ids[i].len, host, host_len))
      return 1;
  return 0;
}
