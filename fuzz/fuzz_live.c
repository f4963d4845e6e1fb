/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harness for mtasts_live_*: a live check of example.com
 * (lib/live.c, and through it lib/http.c and lib/deploy.c).
 *
 * Input: one option byte, then lines ('\n'), each a tag and its text:
 *   Q  a DNS answer: four characters, then the name: the type (T TXT,
 *      M MX, A A, 6 AAAA, L TLSA, else its byte value), the outcome ('0' +
 *      mtasts_dns_outcome), the DNSSEC status ('0' + mtasts_dnssec), '1'
 *      when reached through a CNAME
 *   R  a record of the last answer
 *   F  a fetch: two hex digits of flags (below), a status of three digits,
 *      then the address
 *   C  the Content-Type of the last fetch
 *   B  a line of the body of the last fetch
 *   S  an SMTP connection: two hex digits of flags, then "HOST ADDRESS"
 *   N  a DNS-ID of the last fetch's or connection's certificate
 *   P  a line of the local policy file
 * Flags: 1 connected, 2 answered and STARTTLS offered, 4 handshake, 8 chain
 * valid, 16 expired, 32 expires within days, 64 TLS 1.0 (SMTP) / a
 * response (fetch), 128 TLSA present and not matched.
 *   option bit 0  MTASTS_OPT_STRICT
 *   option bit 1  a small max_diagnostics: 1 + bits 2..3
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1700000000

typedef struct conn {
  mtasts_tls_observation o;
  mtasts_http_response r;
  mtasts_str ids[8];
  int smtp, response;
  const char *addr, *host;
  size_t addr_len, host_len;
  char *body;
  size_t body_len;
} conn;

typedef struct answer {
  mtasts_dns_answer a;
  mtasts_str rec[32];
} answer;

static int hex(char c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : 0;
}

static char *cstr(const char *p, size_t n) {
  char *s = malloc(n + 1);
  FU_CHECK(s != NULL);
  memcpy(s, p, n);
  s[n] = '\0';
  return s;
}

static void add_conn(mtasts_live *l, conn *c) {
  char *addr = cstr(c->addr, c->addr_len);
  c->o.dns_ids = c->ids;
  mtasts_status st;
  if (c->smtp) {
    st = mtasts_live_add_smtp(l, c->host, c->host_len, addr, &c->o);
  } else {
    c->r.body.ptr = c->body;
    c->r.body.len = c->body_len;
    st = mtasts_live_add_fetch(l, addr, &c->o, c->response ? &c->r : NULL);
  }
  FU_CHECK(st == MTASTS_OK);
  free(addr);
  free(c->body);
}

static mtasts_live *build(const char *buf, size_t len,
                          const mtasts_options *o) {
  mtasts_live *l = NULL;
  FU_CHECK(mtasts_live_new(o, &l) == MTASTS_OK);
  FU_CHECK(mtasts_live_set_domain(l, "example.com", 11) == MTASTS_OK);
  static const mtasts_str alias = {"alias.example.net", 17};
  answer *ans = calloc(1, sizeof *ans);
  conn *c = calloc(1, sizeof *c);
  FU_CHECK(ans && c);
  int have_ans = 0, have_conn = 0;
  char *file = NULL;
  size_t file_len = 0;
  int has_file = 0;
  size_t at = 0;
  while (at < len) {
    size_t e = at;
    while (e < len && buf[e] != '\n')
      e++;
    char tag = e > at ? buf[at] : 0;
    const char *t = buf + at + 1;
    size_t n = e > at ? e - at - 1 : 0;
    if (tag == 'Q' && n >= 4) {
      if (have_ans)
        FU_CHECK(mtasts_live_add_dns(l, &ans->a) == MTASTS_OK);
      memset(ans, 0, sizeof *ans);
      mtasts_dns_answer_init(&ans->a);
      ans->a.type = t[0] == 'T'   ? 16
                    : t[0] == 'M' ? 15
                    : t[0] == 'A' ? 1
                    : t[0] == '6' ? 28
                    : t[0] == 'L' ? 52
                                  : (unsigned char)t[0];
      ans->a.outcome = (mtasts_dns_outcome)((unsigned)(t[1] - '0') % 5);
      ans->a.dnssec = (mtasts_dnssec)((unsigned)(t[2] - '0') % 4);
      if (t[3] == '1') {
        ans->a.cnames = &alias;
        ans->a.cname_count = 1;
      }
      ans->a.name.ptr = t + 4;
      ans->a.name.len = n - 4;
      ans->a.records = ans->rec;
      have_ans = 1;
    } else if (tag == 'R' && have_ans && ans->a.record_count < 32) {
      ans->rec[ans->a.record_count].ptr = t;
      ans->rec[ans->a.record_count++].len = n;
    } else if ((tag == 'F' && n >= 5) || (tag == 'S' && n >= 3)) {
      if (have_conn)
        add_conn(l, c);
      memset(c, 0, sizeof *c);
      unsigned f = (unsigned)(hex(t[0]) * 16 + hex(t[1]));
      mtasts_tls_observation_init(&c->o);
      mtasts_http_response_init(&c->r);
      c->o.connected = f & 1;
      c->o.timed_out = !(f & 1) && (f & 2);
      c->o.smtp_answered = c->o.starttls_offered = (f & 2) != 0;
      c->o.handshake_done = (f & 4) != 0;
      c->o.chain_valid = (f & 8) != 0;
      c->o.now = NOW;
      c->o.not_before = NOW - 86400;
      c->o.not_after = f & 16 ? NOW - 1 : f & 32 ? NOW + 86400 : NOW + 9000000;
      c->smtp = tag == 'S';
      c->o.tls_version = c->smtp && (f & 64) ? 0x0301 : 0x0304;
      c->o.tlsa_present = (f & 128) != 0;
      c->o.tlsa_match = f & 128 ? 0 : -1;
      c->response = !c->smtp && (f & 64);
      if (c->smtp) {
        const char *sp = memchr(t + 2, ' ', n - 2);
        c->host = t + 2;
        c->host_len = sp ? (size_t)(sp - c->host) : n - 2;
        c->addr = sp ? sp + 1 : t + n;
        c->addr_len = sp ? (size_t)(t + n - sp - 1) : 0;
      } else {
        for (int k = 2; k < 5; k++)
          c->r.status = c->r.status * 10 + (unsigned)hex(t[k]) % 10;
        c->addr = t + 5;
        c->addr_len = n - 5;
      }
      have_conn = 1;
    } else if (tag == 'C' && have_conn) {
      c->r.content_type.ptr = t;
      c->r.content_type.len = n;
    } else if (tag == 'N' && have_conn && c->o.dns_id_count < 8) {
      c->ids[c->o.dns_id_count].ptr = t;
      c->ids[c->o.dns_id_count++].len = n;
    } else if ((tag == 'B' && have_conn) || tag == 'P') {
      char **b = tag == 'B' ? &c->body : &file;
      size_t *bl = tag == 'B' ? &c->body_len : &file_len;
      char *nb = realloc(*b, *bl + n + 1);
      FU_CHECK(nb != NULL);
      memcpy(nb + *bl, t, n);
      nb[*bl + n] = '\n';
      *b = nb;
      *bl += n + 1;
      has_file |= tag == 'P';
    }
    at = e + 1;
  }
  if (have_ans)
    FU_CHECK(mtasts_live_add_dns(l, &ans->a) == MTASTS_OK);
  if (have_conn)
    add_conn(l, c);
  if (has_file)
    FU_CHECK(mtasts_live_set_file_policy(l, file, file_len, "mta-sts.txt") ==
             MTASTS_OK);
  free(file);
  free(ans);
  free(c);
  return l;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  unsigned opt = data[0];
  char *buf = fu_dup(data + 1, size - 1);
  size_t len = size - 1;
  mtasts_options o;
  fu_options(opt, &o);
  mtasts_live *l = build(buf, len, &o);
  mtasts_live_result *r = NULL, *again = NULL;
  FU_CHECK(mtasts_live_check(l, &r) == MTASTS_OK);
  size_t n = mtasts_live_result_diag_count(r);
  int errors = 0;
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = mtasts_live_result_diag(r, i);
    /* Spans are in a body or a record, both parts of the input. */
    fu_check_diag(d, len);
    /* Every finding names what was checked: one line of UTF-8. */
    FU_CHECK(d->source != NULL && fu_text_ok(d->source, 0));
    errors |= d->severity == MTASTS_SEVERITY_ERROR;
  }
  FU_CHECK(mtasts_live_result_diag(r, n) == NULL);
  FU_CHECK(mtasts_live_result_valid(r) == !errors);
  FU_CHECK(fu_text_ok(mtasts_live_result_verdict(r), 0));
  FU_CHECK(strstr(mtasts_live_result_verdict(r), "example.com") != NULL ||
           strstr(mtasts_live_result_verdict(r), "deliver to") != NULL);
  const mtasts_policy *p = mtasts_live_result_policy(r);
  FU_CHECK(p == NULL || mtasts_policy_valid(p));
  /* Checking twice gives the same result. */
  FU_CHECK(mtasts_live_check(l, &again) == MTASTS_OK);
  FU_CHECK(mtasts_live_result_diag_count(again) == n);
  for (size_t i = 0; i < n; i++) {
    FU_CHECK(fu_same_diag(mtasts_live_result_diag(r, i),
                          mtasts_live_result_diag(again, i)));
    FU_CHECK(strcmp(mtasts_live_result_diag(r, i)->source,
                    mtasts_live_result_diag(again, i)->source) == 0);
  }
  FU_CHECK(strcmp(mtasts_live_result_verdict(r),
                  mtasts_live_result_verdict(again)) == 0);
  mtasts_live_result_free(r);
  mtasts_live_result_free(again);
  mtasts_live_free(l);
  free(buf);
  return 0;
}
