/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harness for mtasts_deployment_*: a whole deployment, the parts of a
 * zone and a policy, now and before (lib/deploy.c).
 *
 * Input: one option byte, then lines ('\n'), each a tag and its text:
 *   Z z  the current (Z) or previous (z) revision has a zone
 *   S s  a _mta-sts TXT record (zone form when the text starts with '"')
 *   T t  a _smtp._tls TXT record
 *   M m  the target host of an MX record
 *   A a  the policy host has an address
 *   P p  a line of the policy (the policy exists once a line is given)
 *   D    the domain
 * Upper case is the current revision, lower case the previous one; other
 * lines are skipped. A part's line is its line in the input, and its source
 * one of three names, by that line.
 *   option bit 0  MTASTS_OPT_STRICT
 *   option bit 1  a small max_diagnostics: 1 + bits 2..3
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

static const char *const sources[] = {"zone.db", "inc/more.db", "mta-sts.txt"};

static int known_source(const char *s) {
  for (size_t i = 0; i < 3; i++)
    if (s == NULL || strcmp(s, sources[i]) == 0)
      return s != NULL;
  return 0;
}

/* Builds the deployment; returns NULL when a call fails (out of memory is
 * not expected here). */
static mtasts_deployment *build(const char *buf, size_t len,
                                const mtasts_options *o, char **policy,
                                size_t *plen) {
  mtasts_deployment *d = NULL;
  FU_CHECK(mtasts_deployment_new(o, &d) == MTASTS_OK);
  int has_policy[2] = {0, 0};
  size_t at = 0;
  unsigned long line = 0;
  while (at < len) {
    size_t e = at;
    while (e < len && buf[e] != '\n')
      e++;
    line++;
    if (e > at) {
      char tag = buf[at];
      const char *text = buf + at + 1;
      size_t n = e - at - 1;
      mtasts_revision rev = (tag >= 'a' && tag <= 'z')
                                ? MTASTS_REVISION_PREVIOUS
                                : MTASTS_REVISION_CURRENT;
      const char *src = sources[line % 3];
      mtasts_status st = MTASTS_OK;
      switch (tag) {
      case 'Z':
      case 'z':
        st = mtasts_deployment_set_zone(d, rev, src);
        break;
      case 'S':
      case 's':
      case 'T':
      case 't': {
        mtasts_txt t = {text, n,
                        n && text[0] == '"' ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW};
        st = mtasts_deployment_add_txt(d, rev,
                                       (tag == 'S' || tag == 's')
                                           ? MTASTS_RECORD_STS
                                           : MTASTS_RECORD_TLSRPT,
                                       &t, src, line);
        break;
      }
      case 'M':
      case 'm':
        st = mtasts_deployment_add_mx(d, rev, text, n, src, line);
        break;
      case 'A':
      case 'a':
        st = mtasts_deployment_add_policy_host_address(d, rev, src, line);
        break;
      case 'P':
      case 'p': {
        char *b = realloc(policy[rev], plen[rev] + n + 1);
        FU_CHECK(b != NULL);
        memcpy(b + plen[rev], text, n);
        plen[rev] += n;
        b[plen[rev]++] = '\n';
        policy[rev] = b;
        has_policy[rev] = 1;
        break;
      }
      case 'D':
        st = mtasts_deployment_set_domain(d, text, n);
        break;
      default:
        break;
      }
      FU_CHECK(st == MTASTS_OK);
    }
    at = e + 1;
  }
  for (int r = 0; r < 2; r++)
    if (has_policy[r])
      FU_CHECK(mtasts_deployment_set_policy(d, (mtasts_revision)r, policy[r],
                                            plen[r],
                                            "mta-sts.txt") == MTASTS_OK);
  return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  unsigned opt = data[0];
  char *buf = fu_dup(data + 1, size - 1);
  size_t len = size - 1;
  mtasts_options o;
  fu_options(opt, &o);
  char *policy[2] = {NULL, NULL};
  size_t plen[2] = {0, 0};
  mtasts_deployment *d = build(buf, len, &o, policy, plen);
  mtasts_deployment_result *r = NULL, *again = NULL;
  FU_CHECK(mtasts_deployment_check(d, &r) == MTASTS_OK);
  size_t n = mtasts_deployment_result_diag_count(r);
  int errors = 0;
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *g = mtasts_deployment_result_diag(r, i);
    FU_CHECK(g != NULL);
    /* Every finding names one of the sources it was given. */
    FU_CHECK(known_source(g->source));
    FU_CHECK(g->line >= 1 && g->column >= 1);
    FU_CHECK(g->id && g->message && g->reference);
    FU_CHECK(fu_text_ok(g->message, 0));
    FU_CHECK(mtasts_diag_code_from_id(g->id, strlen(g->id)) == (int)g->code);
    errors |= g->severity == MTASTS_SEVERITY_ERROR;
    /* Grouped by source in the order given, in line order within one. */
    if (i > 0) {
      const mtasts_diag *p = mtasts_deployment_result_diag(r, i - 1);
      if (strcmp(p->source, g->source) == 0)
        FU_CHECK(p->line < g->line ||
                 (p->line == g->line && p->column <= g->column));
    }
  }
  FU_CHECK(mtasts_deployment_result_diag(r, n) == NULL);
  FU_CHECK(mtasts_deployment_result_valid(r) == !errors);
  /* A check changes nothing: a second one says the same. */
  FU_CHECK(mtasts_deployment_check(d, &again) == MTASTS_OK);
  FU_CHECK(mtasts_deployment_result_diag_count(again) == n);
  for (size_t i = 0; i < n; i++)
    FU_CHECK(fu_same_diag(mtasts_deployment_result_diag(r, i),
                          mtasts_deployment_result_diag(again, i)));
  mtasts_deployment_result_free(again);
  mtasts_deployment_result_free(r);
  mtasts_deployment_free(d);
  free(policy[0]);
  free(policy[1]);
  free(buf);
  return 0;
}
