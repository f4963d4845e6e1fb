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
      r.status = (unsigned)strtoul(v, NULL, 10);
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
