/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harness for mx pattern matching (RFC 8461 §4.1): mtasts_mx_match, and
 * mtasts_policy_parse with options.mx_hosts.
 *
 * Input: lines separated by '\n'. The first line is an mx pattern, the
 * second a host name, and every line from the second on is an MX host given
 * to the policy parser. The policy parsed is
 *
 *   version: STSv1 / mode: enforce / mx: <pattern> / max_age: 604800
 *
 * Invariants: matching ignores ASCII case on either side; a valid literal
 * pattern covers itself (with or without a trailing dot on the host) and a
 * valid wildcard covers exactly one more label; an invalid pattern covers
 * nothing; and what the policy reports for each host agrees with
 * mtasts_mx_match.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

static int match(const char *pattern, size_t plen, const char *host,
                 size_t hlen) {
  /* Exact-size copies, so that a read past either end is caught. */
  char *p = fu_dup(pattern, plen), *h = fu_dup(host, hlen);
  int m = mtasts_mx_match(p, plen, h, hlen);
  FU_CHECK(m == 0 || m == 1);
  free(p);
  free(h);
  return m;
}

/* A copy of p[0..n) with ASCII letters raised (upper) or lowered. */
static char *recase(const char *p, size_t n, int upper) {
  char *q = fu_dup(p, n);
  for (size_t i = 0; i < n; i++) {
    if (upper && q[i] >= 'a' && q[i] <= 'z')
      q[i] = (char)(q[i] - 32);
    else if (!upper && q[i] >= 'A' && q[i] <= 'Z')
      q[i] = (char)(q[i] + 32);
  }
  return q;
}

/* Whatever the bytes, case never changes the answer. */
static int check_pair(const char *pat, size_t plen, const char *host,
                      size_t hlen) {
  int m = match(pat, plen, host, hlen);
  char *up = recase(host, hlen, 1), *low = recase(host, hlen, 0);
  char *pup = recase(pat, plen, 1);
  FU_CHECK(match(pat, plen, up, hlen) == m);
  FU_CHECK(match(pat, plen, low, hlen) == m);
  FU_CHECK(match(pup, plen, host, hlen) == m);
  free(up);
  free(low);
  free(pup);
  return m;
}

/* Checks what a pattern the policy accepted as valid must cover. */
static void check_valid_pattern(const char *pat) {
  size_t n = strlen(pat);
  char *buf = malloc(n + 8);
  FU_CHECK(buf != NULL);
  if (n > 2 && pat[0] == '*' && pat[1] == '.') {
    /* "*." covers exactly one left-most label. */
    const char *base = pat + 2;
    size_t bn = n - 2;
    FU_CHECK(check_pair(pat, n, base, bn) == 0);
    memcpy(buf, "x.", 2);
    memcpy(buf + 2, base, bn);
    FU_CHECK(check_pair(pat, n, buf, bn + 2) == 1);
    buf[bn + 2] = '.';
    FU_CHECK(check_pair(pat, n, buf, bn + 3) == 1);
    memcpy(buf, "a.b.", 4);
    memcpy(buf + 4, base, bn);
    FU_CHECK(check_pair(pat, n, buf, bn + 4) == 0);
  } else {
    /* A literal pattern covers the same name, with or without the root
     * dot, and nothing below it. */
    FU_CHECK(check_pair(pat, n, pat, n) == 1);
    memcpy(buf, pat, n);
    buf[n] = '.';
    FU_CHECK(check_pair(pat, n, buf, n + 1) == 1);
    memcpy(buf, "x.", 2);
    memcpy(buf + 2, pat, n);
    FU_CHECK(check_pair(pat, n, buf, n + 2) == 0);
  }
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  const char *nl = memchr(in, '\n', size);
  size_t plen = nl ? (size_t)(nl - in) : size;
  const char *hosts = nl ? nl + 1 : in + size;
  size_t hosts_len = nl ? size - plen - 1 : 0;
  const char *nl2 = memchr(hosts, '\n', hosts_len);
  size_t hlen = nl2 ? (size_t)(nl2 - hosts) : hosts_len;

  int m = check_pair(in, plen, hosts, hlen);

  /* The MX hosts for the policy: every line from the second on. */
  size_t count = nl ? 1 : 0;
  for (size_t i = 0; i < hosts_len; i++)
    count += hosts[i] == '\n';
  mtasts_str *h = calloc(count ? count : 1, sizeof *h);
  FU_CHECK(h != NULL);
  for (size_t i = 0, start = 0; i < count; i++) {
    const char *e = memchr(hosts + start, '\n', hosts_len - start);
    size_t end = e ? (size_t)(e - hosts) : hosts_len;
    h[i].ptr = fu_dup(hosts + start, end - start);
    h[i].len = end - start;
    start = end + 1;
  }

  static const char head[] = "version: STSv1\nmode: enforce\nmx: ";
  static const char tail[] = "\nmax_age: 604800\n";
  size_t blen = sizeof head - 1 + plen + sizeof tail - 1;
  char *body = malloc(blen);
  FU_CHECK(body != NULL);
  memcpy(body, head, sizeof head - 1);
  memcpy(body + sizeof head - 1, in, plen);
  memcpy(body + sizeof head - 1 + plen, tail, sizeof tail - 1);

  mtasts_options o;
  mtasts_options_init(&o);
  o.mx_hosts = h;
  o.mx_host_count = count;
  mtasts_policy *p = fu_policy_checked(body, blen, &o);

  /* A CR inside the line can end it early (a bare CR), so the policy may
   * hold more than one pattern or a shorter one. */
  size_t mx = mtasts_policy_mx_count(p);
  for (size_t j = 0; j < mx; j++)
    check_valid_pattern(mtasts_policy_mx(p, j));
  /* For each host the policy names the first pattern that covers it, as
   * mtasts_mx_match sees it. */
  for (size_t i = 0; i < count; i++) {
    long first = -1;
    for (size_t j = 0; j < mx && first < 0; j++) {
      const char *pat = mtasts_policy_mx(p, j);
      if (match(pat, strlen(pat), h[i].ptr, h[i].len))
        first = (long)j;
    }
    FU_CHECK(mtasts_policy_mx_host_match(p, i) == first);
  }
  if (mx == 1) {
    const char *pat = mtasts_policy_mx(p, 0);
    if (strlen(pat) == plen && memcmp(pat, in, plen) == 0 && count > 0)
      FU_CHECK(mtasts_policy_mx_host_match(p, 0) == (m ? 0 : -1));
  } else if (mx == 0) {
    /* The pattern is not valid, so it covers nothing. Only the line's own
     * text is checked: the policy trims whitespace and a CR around it. */
    int trimmed =
        plen > 0 && (in[0] == ' ' || in[0] == '\t' || in[plen - 1] == ' ' ||
                     in[plen - 1] == '\t' || in[plen - 1] == '\r');
    if (!trimmed)
      FU_CHECK(m == 0);
  }
  mtasts_policy_free(p);

  free(body);
  for (size_t i = 0; i < count; i++)
    free((void *)h[i].ptr);
  free(h);
  return 0;
}
