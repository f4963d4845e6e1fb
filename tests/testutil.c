/* SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tu_compare(const mtasts_diag *const *diags, size_t n,
               const tu_diag *expected, char *buf, size_t cap) {
  size_t m = 0;
  while (expected[m].id)
    m++;
  int same = (n == m);
  for (size_t i = 0; same && i < n; i++)
    same = strcmp(diags[i]->id, expected[i].id) == 0 &&
           diags[i]->line == expected[i].line &&
           diags[i]->column == expected[i].column;
  if (same)
    return 1;
  size_t o = 0;
  o += (size_t)snprintf(buf + o, cap - o, "expected:");
  for (size_t i = 0; i < m && o < cap; i++)
    o += (size_t)snprintf(buf + o, cap - o, " %s@%lu:%lu", expected[i].id,
                          expected[i].line, expected[i].column);
  if (o < cap)
    o += (size_t)snprintf(buf + o, cap - o, "\n  got:");
  for (size_t i = 0; i < n && o < cap; i++)
    o += (size_t)snprintf(buf + o, cap - o, " %s@%lu:%lu (%s)", diags[i]->id,
                          diags[i]->line, diags[i]->column, diags[i]->message);
  return 0;
}

void tu_policy(const char *name, const char *in, size_t len,
               const mtasts_options *options, int valid,
               const tu_diag *expected) {
  mtasts_policy *p = NULL;
  mtasts_status st = mtasts_policy_parse(in, len, options, &p);
  ck_assert_msg(st == MTASTS_OK, "%s: status %d", name, (int)st);
  size_t n = mtasts_policy_diag_count(p);
  const mtasts_diag **d = calloc(n + 1, sizeof *d);
  ck_assert_ptr_nonnull(d);
  for (size_t i = 0; i < n; i++)
    d[i] = mtasts_policy_diag(p, i);
  char buf[8192];
  int ok = tu_compare(d, n, expected, buf, sizeof buf);
  int v = mtasts_policy_valid(p);
  free(d);
  mtasts_policy_free(p);
  ck_assert_msg(ok, "%s:\n  %s", name, buf);
  if (valid >= 0)
    ck_assert_msg(v == valid, "%s: valid is %d, expected %d", name, v, valid);
}

void tu_records(const char *name, mtasts_kind kind, const mtasts_txt *records,
                size_t count, const mtasts_options *options, int valid,
                const tu_diag *expected) {
  mtasts_record *r = NULL;
  mtasts_status st = mtasts_record_parse(kind, records, count, options, &r);
  ck_assert_msg(st == MTASTS_OK, "%s: status %d", name, (int)st);
  size_t n = mtasts_record_diag_count(r);
  const mtasts_diag **d = calloc(n + 1, sizeof *d);
  ck_assert_ptr_nonnull(d);
  for (size_t i = 0; i < n; i++)
    d[i] = mtasts_record_diag(r, i);
  char buf[8192];
  int ok = tu_compare(d, n, expected, buf, sizeof buf);
  int v = mtasts_record_valid(r);
  free(d);
  mtasts_record_free(r);
  ck_assert_msg(ok, "%s:\n  %s", name, buf);
  if (valid >= 0)
    ck_assert_msg(v == valid, "%s: valid is %d, expected %d", name, v, valid);
}

void tu_record(const char *name, mtasts_kind kind, const char *text, int valid,
               const tu_diag *expected) {
  mtasts_txt t = {text, strlen(text), MTASTS_TXT_RAW};
  tu_records(name, kind, &t, 1, NULL, valid, expected);
}

char *tu_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap)
      break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  fclose(f);
  if (buf)
    *len = n;
  return buf;
}

int tu_run(Suite *s) {
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---------------------------------------------------------------------- */
/* The counting, failing allocator                                         */

/* 1 when this allocation attempt is to fail. */
static int tu_fails(tu_alloc *c) {
  c->attempts++;
  return c->fail_at &&
         (c->attempts == c->fail_at || (c->sticky && c->attempts > c->fail_at));
}

/* Each block carries its size in front, aligned for any type. */
#define TU_HDR 16u

static void *tu_malloc(size_t size, void *user) {
  tu_alloc *c = user;
  if (tu_fails(c) || size > SIZE_MAX - TU_HDR)
    return NULL;
  unsigned char *b = malloc(size + TU_HDR);
  if (!b)
    return NULL;
  memcpy(b, &size, sizeof size);
  c->calls++;
  c->blocks++;
  c->live += size;
  if (c->live > c->peak)
    c->peak = c->live;
  return b + TU_HDR;
}

static void *tu_realloc(void *ptr, size_t size, void *user) {
  tu_alloc *c = user;
  if (!ptr)
    return tu_malloc(size, user);
  if (tu_fails(c) || size > SIZE_MAX - TU_HDR)
    return NULL;
  unsigned char *b = (unsigned char *)ptr - TU_HDR;
  size_t old;
  memcpy(&old, b, sizeof old);
  unsigned char *q = realloc(b, size + TU_HDR);
  if (!q)
    return NULL;
  memcpy(q, &size, sizeof size);
  c->calls++;
  if (c->live + size > c->peak)
    c->peak = c->live + size;
  c->live = c->live - old + size;
  return q + TU_HDR;
}

static void tu_free(void *ptr, void *user) {
  tu_alloc *c = user;
  if (!ptr)
    return;
  unsigned char *b = (unsigned char *)ptr - TU_HDR;
  size_t old;
  memcpy(&old, b, sizeof old);
  c->live -= old;
  c->blocks--;
  free(b);
}

mtasts_allocator tu_allocator(tu_alloc *a, int with_realloc) {
  mtasts_allocator m;
  m.malloc_fn = tu_malloc;
  m.realloc_fn = with_realloc ? tu_realloc : NULL;
  m.free_fn = tu_free;
  m.user = a;
  return m;
}

/* The number in w[0..n) (the words are not NUL-terminated). */
static unsigned long tu_num(const char *w, size_t n, int base) {
  char b[32];
  if (n >= sizeof b)
    n = sizeof b - 1;
  memcpy(b, w, n);
  b[n] = '\0';
  return strtoul(b, NULL, base);
}

/* 1 when the line p[0..n) starts with the text s; *rest is then after it. */
static int tu_starts(const char *p, size_t n, const char *s, const char **rest,
                     size_t *rest_n) {
  size_t k = strlen(s);
  if (n < k || memcmp(p, s, k) != 0)
    return 0;
  *rest = p + k;
  *rest_n = n - k;
  return 1;
}

mtasts_status tu_http_run(const mtasts_txt *lines, size_t n, size_t pad,
                          const char *source, const mtasts_options *options,
                          mtasts_http_result **out) {
  mtasts_http_response r;
  mtasts_http_response_init(&r);
  r.status = 200;
  size_t total = pad + 1;
  for (size_t i = 0; i < n; i++)
    total += lines[i].len + 1;
  char *body = malloc(total);
  ck_assert_ptr_nonnull(body);
  size_t o = 0, i = 0;
  for (; i < n; i++) {
    const char *v;
    size_t vn;
    const char *p = lines[i].ptr;
    size_t k = lines[i].len;
    if (tu_starts(p, k, "; status ", &v, &vn)) {
      r.status = (unsigned)tu_num(v, vn, 10);
    } else if (tu_starts(p, k, "; location ", &v, &vn)) {
      r.location.ptr = v;
      r.location.len = vn;
    } else if (tu_starts(p, k, "; content-type ", &v, &vn)) {
      r.content_type.ptr = v;
      r.content_type.len = vn;
    } else if (tu_starts(p, k, "; truncated", &v, &vn) && vn == 0) {
      r.body_truncated = 1;
    } else {
      break;
    }
  }
  for (; i < n; i++) {
    memcpy(body + o, lines[i].ptr, lines[i].len);
    o += lines[i].len;
    body[o++] = '\n';
  }
  if (pad > o && o > 1) {
    /* The last line grows before its LF. */
    memset(body + o - 1, body[o - 2], pad - o + 1);
    body[pad - 1] = '\n';
    o = pad;
  }
  r.body.ptr = body;
  r.body.len = o;
  mtasts_status st = mtasts_http_check(&r, source, options, out);
  free(body);
  return st;
}

/* ---------------------------------------------------------------------- */
/* Live checks in the form of the docs' live examples                      */

#define TU_NOW 1700000000 /* the time of every observation */

typedef struct tu_part {
  int kind; /* 'd' dns, 'f' fetch, 's' smtp, 'F' file */
  const char *head;
  size_t head_len;
  mtasts_str rec[64]; /* dns records */
  size_t nrec;
  char *body;
  size_t body_len;
} tu_part;

/* The next space-separated word of *p (up to end), or 0 when none. */
static int tu_word(const char **p, const char *end, const char **w, size_t *n) {
  while (*p < end && **p == ' ')
    (*p)++;
  if (*p >= end)
    return 0;
  *w = *p;
  while (*p < end && **p != ' ')
    (*p)++;
  *n = (size_t)(*p - *w);
  return 1;
}

static int tu_is(const char *w, size_t n, const char *s) {
  return n == strlen(s) && memcmp(w, s, n) == 0;
}

/* Splits "A,B" into at most 8 DNS-IDs. */
static size_t tu_names(const char *v, size_t n, mtasts_str *ids) {
  size_t k = 0, start = 0;
  for (size_t i = 0; i <= n && k < 8; i++)
    if (i == n || v[i] == ',') {
      ids[k].ptr = v + start;
      ids[k].len = i - start;
      k++;
      start = i + 1;
    }
  return k;
}

/* Reads TLS flags into o (ids: room for 8). Returns 1 when w was one. */
static int tu_tls_flag(const char *w, size_t n, mtasts_tls_observation *o,
                       mtasts_str *ids) {
  if (tu_is(w, n, "refused")) {
    o->connected = 0;
  } else if (tu_is(w, n, "timeout")) {
    o->connected = 0;
    o->timed_out = 1;
  } else if (tu_is(w, n, "tlsfail")) {
    o->handshake_done = 0;
    o->error.ptr = "handshake failure";
    o->error.len = 17;
  } else if (tu_is(w, n, "untrusted")) {
    o->chain_valid = 0;
    o->chain_error.ptr = "self-signed certificate";
    o->chain_error.len = 23;
  } else if (tu_is(w, n, "expired")) {
    o->not_after = TU_NOW - 3 * 86400;
  } else if (tu_is(w, n, "future")) {
    o->not_before = TU_NOW + 2 * 86400;
  } else if (n > 8 && memcmp(w, "expires=", 8) == 0) {
    o->not_after = TU_NOW + 86400 * (int64_t)tu_num(w + 8, n - 8, 10);
  } else if (n > 6 && memcmp(w, "names=", 6) == 0) {
    o->dns_id_count = tu_names(w + 6, n - 6, ids);
  } else if (n > 6 && memcmp(w, "error=", 6) == 0) {
    o->error.ptr = w + 6;
    o->error.len = n - 6;
  } else {
    return 0;
  }
  return 1;
}

static void tu_tls_init(mtasts_tls_observation *o, mtasts_str *ids,
                        const char *host, size_t host_len) {
  mtasts_tls_observation_init(o);
  o->connected = o->smtp_answered = o->starttls_offered = 1;
  o->handshake_done = o->chain_valid = 1;
  o->tls_version = 0x0304;
  o->not_before = TU_NOW - 30 * 86400;
  o->not_after = TU_NOW + 90 * 86400;
  o->now = TU_NOW;
  ids[0].ptr = host;
  ids[0].len = host_len;
  o->dns_ids = ids;
  o->dns_id_count = 1;
}

static mtasts_status tu_live_part(mtasts_live *l, const tu_part *p,
                                  const char *dom) {
  const char *q = p->head, *end = p->head + p->head_len, *w;
  size_t wn;
  tu_word(&q, end, &w, &wn); /* ";" */
  tu_word(&q, end, &w, &wn); /* the kind */
  if (p->kind == 'F')
    return MTASTS_OK;
  if (p->kind == 'd') {
    mtasts_dns_answer a;
    mtasts_dns_answer_init(&a);
    static const mtasts_str alias = {"alias.example.net", 17};
    ck_assert(tu_word(&q, end, &w, &wn));
    a.name.ptr = w;
    a.name.len = wn;
    ck_assert(tu_word(&q, end, &w, &wn));
    a.type = tu_is(w, wn, "A")      ? 1
             : tu_is(w, wn, "MX")   ? 15
             : tu_is(w, wn, "TXT")  ? 16
             : tu_is(w, wn, "AAAA") ? 28
             : tu_is(w, wn, "TLSA") ? 52
                                    : (unsigned)tu_num(w, wn, 10);
    while (tu_word(&q, end, &w, &wn)) {
      if (tu_is(w, wn, "nxdomain"))
        a.outcome = MTASTS_DNS_NXDOMAIN;
      else if (tu_is(w, wn, "nodata"))
        a.outcome = MTASTS_DNS_NODATA;
      else if (tu_is(w, wn, "servfail"))
        a.outcome = MTASTS_DNS_SERVFAIL;
      else if (tu_is(w, wn, "timeout"))
        a.outcome = MTASTS_DNS_TIMEOUT;
      else if (tu_is(w, wn, "secure"))
        a.dnssec = MTASTS_DNSSEC_SECURE;
      else if (tu_is(w, wn, "insecure"))
        a.dnssec = MTASTS_DNSSEC_INSECURE;
      else if (tu_is(w, wn, "bogus"))
        a.dnssec = MTASTS_DNSSEC_BOGUS;
      else if (tu_is(w, wn, "cname")) {
        a.cnames = &alias;
        a.cname_count = 1;
      } else
        ck_abort_msg("unknown dns word '%.*s'", (int)wn, w);
    }
    a.records = p->rec;
    a.record_count = p->nrec;
    return mtasts_live_add_dns(l, &a);
  }
  mtasts_tls_observation o;
  mtasts_str ids[8];
  char addr[64], host[256];
  const char *h = NULL;
  size_t hn = 0;
  if (p->kind == 's') {
    ck_assert(tu_word(&q, end, &h, &hn) && hn < sizeof host);
    memcpy(host, h, hn);
    host[hn] = '\0';
  } else {
    snprintf(host, sizeof host, "mta-sts.%s", dom);
    hn = strlen(host);
  }
  ck_assert(tu_word(&q, end, &w, &wn) && wn < sizeof addr);
  memcpy(addr, w, wn);
  addr[wn] = '\0';
  tu_tls_init(&o, ids, host, hn);
  mtasts_http_response r;
  mtasts_http_response_init(&r);
  r.status = 200;
  r.content_type.ptr = "text/plain";
  r.content_type.len = 10;
  r.body.ptr = p->body;
  r.body.len = p->body_len;
  int response = 1;
  while (tu_word(&q, end, &w, &wn)) {
    if (tu_tls_flag(w, wn, &o, ids))
      continue;
    if (p->kind == 's') {
      if (tu_is(w, wn, "silent"))
        o.smtp_answered = 0;
      else if (tu_is(w, wn, "nostarttls"))
        o.starttls_offered = 0;
      else if (wn > 4 && memcmp(w, "tls=", 4) == 0)
        o.tls_version = (unsigned)tu_num(w + 4, wn - 4, 16);
      else if (tu_is(w, wn, "tlsa"))
        o.tlsa_present = o.tlsa_match = 1;
      else if (tu_is(w, wn, "tlsa-mismatch")) {
        o.tlsa_present = 1;
        o.tlsa_match = 0;
      } else
        ck_abort_msg("unknown smtp flag '%.*s'", (int)wn, w);
    } else if (wn > 7 && memcmp(w, "status=", 7) == 0) {
      r.status = (unsigned)tu_num(w + 7, wn - 7, 10);
    } else if (tu_is(w, wn, "type=none")) {
      r.content_type.ptr = NULL;
      r.content_type.len = 0;
    } else if (wn > 5 && memcmp(w, "type=", 5) == 0) {
      r.content_type.ptr = w + 5;
      r.content_type.len = wn - 5;
    } else if (wn > 9 && memcmp(w, "location=", 9) == 0) {
      r.location.ptr = w + 9;
      r.location.len = wn - 9;
    } else if (tu_is(w, wn, "truncated")) {
      r.body_truncated = 1;
    } else if (tu_is(w, wn, "noresponse")) {
      response = 0;
    } else {
      ck_abort_msg("unknown fetch flag '%.*s'", (int)wn, w);
    }
  }
  if (p->kind == 's')
    return mtasts_live_add_smtp(l, host, hn, addr, &o);
  if (!o.connected || !o.handshake_done)
    response = 0;
  return mtasts_live_add_fetch(l, addr, &o, response ? &r : NULL);
}

mtasts_status tu_live_run(const mtasts_txt *lines, size_t n,
                          const mtasts_options *options,
                          mtasts_live_result **out) {
  tu_part *parts = calloc(n + 1, sizeof *parts);
  ck_assert_ptr_nonnull(parts);
  size_t np = 0;
  const char *dom = "example.com";
  char dom_buf[256];
  tu_part *cur = NULL;
  for (size_t i = 0; i < n; i++) {
    const char *p = lines[i].ptr;
    size_t k = lines[i].len;
    const char *rest;
    size_t rn;
    if (tu_starts(p, k, "; domain ", &rest, &rn)) {
      ck_assert_uint_lt(rn, sizeof dom_buf);
      memcpy(dom_buf, rest, rn);
      dom_buf[rn] = '\0';
      dom = dom_buf;
      cur = NULL;
      continue;
    }
    int kind = tu_starts(p, k, "; dns ", &rest, &rn)     ? 'd'
               : tu_starts(p, k, "; fetch ", &rest, &rn) ? 'f'
               : tu_starts(p, k, "; smtp ", &rest, &rn)  ? 's'
               : tu_starts(p, k, "; file ", &rest, &rn)  ? 'F'
                                                         : 0;
    if (kind) {
      cur = &parts[np++];
      cur->kind = kind;
      cur->head = p;
      cur->head_len = k;
      continue;
    }
    ck_assert_msg(cur != NULL, "a line outside a part: %.*s", (int)k, p);
    if (cur->kind == 'd') {
      ck_assert_uint_lt(cur->nrec, 64);
      cur->rec[cur->nrec].ptr = p;
      cur->rec[cur->nrec++].len = k;
    } else {
      char *b = realloc(cur->body, cur->body_len + k + 1);
      ck_assert_ptr_nonnull(b);
      memcpy(b + cur->body_len, p, k);
      b[cur->body_len + k] = '\n';
      cur->body = b;
      cur->body_len += k + 1;
    }
  }
  mtasts_live *l = NULL;
  *out = NULL;
  mtasts_status st = mtasts_live_new(options, &l);
  if (st == MTASTS_OK)
    st = mtasts_live_set_domain(l, dom, strlen(dom));
  for (size_t i = 0; i < np && st == MTASTS_OK; i++) {
    st = tu_live_part(l, &parts[i], dom);
    if (st == MTASTS_OK && parts[i].kind == 'F') {
      char src[256];
      const char *h = parts[i].head + 7;
      size_t hn = parts[i].head_len - 7;
      ck_assert_uint_lt(hn, sizeof src);
      memcpy(src, h, hn);
      src[hn] = '\0';
      st =
          mtasts_live_set_file_policy(l, parts[i].body, parts[i].body_len, src);
    }
  }
  if (st == MTASTS_OK)
    st = mtasts_live_check(l, out);
  mtasts_live_free(l);
  for (size_t i = 0; i < np; i++)
    free(parts[i].body);
  free(parts);
  return st;
}
