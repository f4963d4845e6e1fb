/* SPDX-License-Identifier: MIT */
/*
 * Invariants shared by the fuzz harnesses. Every check aborts on failure so
 * that the fuzzer keeps the input as a crash.
 */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fu_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
  fflush(stderr);
  abort();
}

char *fu_dup(const void *p, size_t n) {
  char *q = malloc(n ? n : 1);
  FU_CHECK(q != NULL);
  if (n)
    memcpy(q, p, n);
  return q;
}

int fu_text_ok(const char *s, int allow_tab) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned char c = *p;
    if (c < 0x80) {
      /* allow_tab 2: a hint, which may end with a line end (a line to
       * insert). */
      if (allow_tab == 2 &&
          ((c == '\n' && !p[1]) || (c == '\r' && p[1] == '\n' && !p[2])))
        return 1;
      if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f)
        return 0;
      p++;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    } else {
      return 0;
    }
    /* A NUL ends the string, and fails the range test below. */
    if (p[1] < lo || p[1] > hi)
      return 0;
    for (size_t i = 2; i < len; i++)
      if (p[i] < 0x80 || p[i] > 0xBF)
        return 0;
    p += len;
  }
  return 1;
}

size_t fu_diag_limit(const mtasts_options *o) {
  size_t max = (o && o->max_diagnostics) ? o->max_diagnostics
                                         : MTASTS_DEFAULT_MAX_DIAGNOSTICS;
  return max + 1;
}

void fu_check_diag(const mtasts_diag *d, size_t input_len) {
  FU_CHECK(d != NULL);
  FU_CHECK((size_t)d->code < (size_t)MTASTS_DIAG_COUNT_);
  FU_CHECK(d->severity == MTASTS_SEVERITY_NOTE ||
           d->severity == MTASTS_SEVERITY_WARNING ||
           d->severity == MTASTS_SEVERITY_ERROR);
  /* The span lies inside the input (written so that it cannot overflow). */
  FU_CHECK(d->offset <= input_len);
  FU_CHECK(d->length <= input_len - d->offset);
  FU_CHECK(d->line >= 1);
  FU_CHECK(d->column >= 1);
  FU_CHECK(d->id != NULL);
  FU_CHECK(d->message != NULL);
  FU_CHECK(d->reference != NULL);
  FU_CHECK(strcmp(d->id, mtasts_diag_code_id(d->code)) == 0);
  /* Messages quote input through an escaping quoter: one line of UTF-8.
   * A hint is the corrected text, so it is UTF-8 too (a TAB may stay). */
  FU_CHECK(fu_text_ok(d->message, 0));
  FU_CHECK(d->hint == NULL || fu_text_ok(d->hint, 2));
}

static int same_str(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

int fu_same_diag(const mtasts_diag *a, const mtasts_diag *b) {
  return a->code == b->code && a->severity == b->severity &&
         a->offset == b->offset && a->length == b->length &&
         a->line == b->line && a->column == b->column &&
         same_str(a->message, b->message) && same_str(a->hint, b->hint);
}

void fu_check_strict_pair(const mtasts_diag *a, const mtasts_diag *b) {
  FU_CHECK(a->code == b->code && a->offset == b->offset &&
           a->length == b->length && a->line == b->line &&
           a->column == b->column);
  if (a->code == MTASTS_DIAG_TOO_MANY_DIAGNOSTICS) {
    /* Its weight follows the dropped findings, which strict may raise. */
    FU_CHECK(b->severity >= a->severity);
    return;
  }
  FU_CHECK(b->severity == (a->severity == MTASTS_SEVERITY_WARNING
                               ? MTASTS_SEVERITY_ERROR
                               : a->severity));
  FU_CHECK(strcmp(a->message, b->message) == 0);
  FU_CHECK(same_str(a->hint, b->hint));
}

/* 1 when both policies hold the same parsed values. */
static int same_values(const mtasts_policy *a, const mtasts_policy *b) {
  if (!same_str(mtasts_policy_version(a), mtasts_policy_version(b)) ||
      mtasts_policy_mode(a) != mtasts_policy_mode(b))
    return 0;
  uint64_t ma = 0, mb = 0;
  int ha = mtasts_policy_max_age(a, &ma), hb = mtasts_policy_max_age(b, &mb);
  if (ha != hb || (ha && ma != mb))
    return 0;
  size_t n = mtasts_policy_mx_count(a);
  if (n != mtasts_policy_mx_count(b))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!same_str(mtasts_policy_mx(a, i), mtasts_policy_mx(b, i)))
      return 0;
  n = mtasts_policy_extension_count(a);
  if (n != mtasts_policy_extension_count(b))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!same_str(mtasts_policy_extension_name(a, i),
                  mtasts_policy_extension_name(b, i)) ||
        !same_str(mtasts_policy_extension_value(a, i),
                  mtasts_policy_extension_value(b, i)))
      return 0;
  return 1;
}

static mtasts_policy *parse(const char *buf, size_t len,
                            const mtasts_options *o) {
  mtasts_policy *p = NULL;
  mtasts_status st = mtasts_policy_parse(buf, len, o, &p);
  FU_CHECK(st == MTASTS_OK);
  FU_CHECK(p != NULL);
  return p;
}

/* The invariants that concern one result on its own. */
static void check_one(const mtasts_policy *p, size_t len,
                      const mtasts_options *o) {
  size_t n = mtasts_policy_diag_count(p);
  FU_CHECK(n <= fu_diag_limit(o));
  int errors = 0;
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = mtasts_policy_diag(p, i);
    fu_check_diag(d, len);
    errors |= d->severity == MTASTS_SEVERITY_ERROR;
  }
  FU_CHECK(mtasts_policy_diag(p, n) == NULL);
  FU_CHECK(mtasts_policy_valid(p) == !errors);

  /* The values a sender would use. */
  const char *version = mtasts_policy_version(p);
  FU_CHECK(version == NULL || strcmp(version, "STSv1") == 0);
  mtasts_mode mode = mtasts_policy_mode(p);
  FU_CHECK(mode == MTASTS_MODE_UNSET || mtasts_mode_name(mode) != NULL);
  size_t mx = mtasts_policy_mx_count(p);
  for (size_t i = 0; i < mx; i++) {
    FU_CHECK(mtasts_policy_mx(p, i) != NULL);
    FU_CHECK(fu_text_ok(mtasts_policy_mx(p, i), 0));
  }
  FU_CHECK(mtasts_policy_mx(p, mx) == NULL);
  /* A value is taken only from a well-formed field (mtasts.h): RFC 8461
   * §3.2 sts-policy-ext-value is VCHAR or UTF-8 with inner spaces. */
  size_t ext = mtasts_policy_extension_count(p);
  for (size_t i = 0; i < ext; i++) {
    FU_CHECK(mtasts_policy_extension_name(p, i) != NULL);
    FU_CHECK(mtasts_policy_extension_value(p, i) != NULL);
    FU_CHECK(fu_text_ok(mtasts_policy_extension_name(p, i), 0));
    FU_CHECK(fu_text_ok(mtasts_policy_extension_value(p, i), 0));
  }
  FU_CHECK(mtasts_policy_extension_name(p, ext) == NULL);
  FU_CHECK(mtasts_policy_extension_value(p, ext) == NULL);
  size_t hosts = o ? o->mx_host_count : 0;
  for (size_t i = 0; i < hosts; i++) {
    long m = mtasts_policy_mx_host_match(p, i);
    FU_CHECK(m >= -1 && m < (long)mx);
  }
  FU_CHECK(mtasts_policy_mx_host_match(p, hosts) == -1);

  /* A valid policy has every required field (RFC 8461 §3.2). */
  if (mtasts_policy_valid(p)) {
    uint64_t age;
    FU_CHECK(version != NULL);
    FU_CHECK(mode != MTASTS_MODE_UNSET);
    FU_CHECK(mtasts_policy_max_age(p, &age) == 1);
    FU_CHECK(age <= 31557600u);
    FU_CHECK(mode == MTASTS_MODE_NONE || mx > 0);
  }
}

/* Appends s to the growing buffer *buf. */
static void append(char **buf, size_t *len, size_t *cap, const char *s) {
  size_t n = strlen(s);
  if (*len + n + 1 > *cap) {
    size_t ncap = (*len + n + 1) * 2;
    char *q = realloc(*buf, ncap);
    FU_CHECK(q != NULL);
    *buf = q;
    *cap = ncap;
  }
  memcpy(*buf + *len, s, n + 1);
  *len += n;
}

/* Prints a policy back in canonical form (RFC 8461 §3.2 field order of the
 * RFC's example) and checks that it parses to the same values. */
static void check_round_trip(const mtasts_policy *p) {
  char *buf = NULL, num[32];
  size_t len = 0, cap = 0;
  uint64_t age = 0;
  append(&buf, &len, &cap, "version: ");
  append(&buf, &len, &cap, mtasts_policy_version(p));
  append(&buf, &len, &cap, "\nmode: ");
  append(&buf, &len, &cap, mtasts_mode_name(mtasts_policy_mode(p)));
  append(&buf, &len, &cap, "\n");
  for (size_t i = 0; i < mtasts_policy_mx_count(p); i++) {
    append(&buf, &len, &cap, "mx: ");
    append(&buf, &len, &cap, mtasts_policy_mx(p, i));
    append(&buf, &len, &cap, "\n");
  }
  FU_CHECK(mtasts_policy_max_age(p, &age) == 1);
  snprintf(num, sizeof num, "max_age: %llu\n", (unsigned long long)age);
  append(&buf, &len, &cap, num);
  for (size_t i = 0; i < mtasts_policy_extension_count(p); i++) {
    append(&buf, &len, &cap, mtasts_policy_extension_name(p, i));
    append(&buf, &len, &cap, ": ");
    append(&buf, &len, &cap, mtasts_policy_extension_value(p, i));
    append(&buf, &len, &cap, "\n");
  }
  mtasts_policy *q = parse(buf, len, NULL);
  check_one(q, len, NULL);
  FU_CHECK(mtasts_policy_valid(q));
  FU_CHECK(same_values(p, q));
  mtasts_policy_free(q);
  free(buf);
}

/* Strict mode turns warnings into errors and changes nothing else. */
static void check_strict(const mtasts_policy *p, const char *buf, size_t len,
                         const mtasts_options *o) {
  mtasts_options so;
  if (o)
    so = *o;
  else
    mtasts_options_init(&so);
  so.flags |= MTASTS_OPT_STRICT;
  mtasts_policy *s = parse(buf, len, &so);
  check_one(s, len, &so);
  size_t n = mtasts_policy_diag_count(p);
  FU_CHECK(mtasts_policy_diag_count(s) == n);
  for (size_t i = 0; i < n; i++)
    fu_check_strict_pair(mtasts_policy_diag(p, i), mtasts_policy_diag(s, i));
  FU_CHECK(mtasts_policy_valid(s) <= mtasts_policy_valid(p));
  FU_CHECK(same_values(p, s));
  mtasts_policy_free(s);
}

mtasts_policy *fu_policy_checked(const char *buf, size_t len,
                                 const mtasts_options *o) {
  mtasts_policy *p = parse(buf, len, o);
  check_one(p, len, o);

  /* The same input gives the same result. */
  mtasts_policy *q = parse(buf, len, o);
  size_t n = mtasts_policy_diag_count(p);
  FU_CHECK(mtasts_policy_diag_count(q) == n);
  for (size_t i = 0; i < n; i++)
    FU_CHECK(fu_same_diag(mtasts_policy_diag(p, i), mtasts_policy_diag(q, i)));
  FU_CHECK(mtasts_policy_valid(p) == mtasts_policy_valid(q));
  FU_CHECK(same_values(p, q));
  mtasts_policy_free(q);

  if (!o || !(o->flags & MTASTS_OPT_STRICT))
    check_strict(p, buf, len, o);

  if (mtasts_policy_valid(p) && n == 0)
    check_round_trip(p);
  return p;
}

void fu_options(unsigned opt, mtasts_options *o) {
  mtasts_options_init(o);
  if (opt & 1)
    o->flags |= MTASTS_OPT_STRICT;
  if (opt & 2)
    o->max_diagnostics = 1 + ((opt >> 2) & 3);
}
