/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: writing policies and records, for generators.
 *
 * The writers put values into the canonical text of a policy file (RFC 8461
 * §3.2), an _mta-sts record (RFC 8461 §3.1), a TLS-RPT record (RFC 8460 §3)
 * and a TXT record in zone-file form (RFC 1035 §5.1). They check nothing:
 * a generator parses what they wrote with the rest of the library, so every
 * rule stays where it is.
 *
 * Every writer follows snprintf: it writes what fits into the caller's
 * buffer, always NUL-terminated when cap > 0, and returns the length of the
 * complete text. Nothing allocates.
 */
#include "internal.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* An output buffer with the snprintf contract.                            */

typedef struct out {
  char *buf;
  size_t cap;
  size_t len; /* the length of the whole text, even past cap */
} out;

static void out_init(out *o, char *buf, size_t cap) {
  o->buf = cap ? buf : NULL;
  o->cap = o->buf ? cap : 0;
  o->len = 0;
}

static void out_put(out *o, const char *p, size_t n) {
  if (n == 0) /* p may then be NULL, which memcpy never accepts */
    return;
  if (o->len < o->cap) {
    size_t room = o->cap - 1 - o->len; /* keep a byte for the NUL */
    memcpy(o->buf + o->len, p, n < room ? n : room);
  }
  o->len += n;
}

static void out_lit(out *o, const char *s) {
  out_put(o, s, strlen(s));
}

static void out_u64(out *o, uint64_t v) {
  char digits[MT_DECIMAL_MAX], *end = digits + sizeof digits;
  char *start = mtasts_i_decimal(end, v);
  out_put(o, start, (size_t)(end - start));
}

/* NUL-terminates the text (cut short when it does not fit) and returns the
 * length of the whole text. */
static size_t out_finish(out *o) {
  if (o->cap)
    o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
  return o->len;
}

/* 1 when s may be read: non-NULL, or empty. */
static int str_ok(const mtasts_str *s) {
  return s->ptr || s->len == 0;
}

/* ---------------------------------------------------------------------- */
/* Policy files (RFC 8461 §3.2).                                           */

size_t mtasts_policy_write(const mtasts_policy_values *values, unsigned flags,
                           char *buf, size_t cap) {
  mtasts_policy_values vals;
  if (mtasts_i_values_read(values, &vals) ||
      (flags & ~(unsigned)MTASTS_WRITE_LF))
    return 0;
  const mtasts_policy_values *v = &vals;
  const char *mode = mtasts_mode_name(v->mode);
  if (!mode || (v->mx_count && !v->mx) ||
      (v->extension_count && !v->extensions))
    return 0;
  for (size_t i = 0; i < v->mx_count; i++)
    if (!str_ok(&v->mx[i]))
      return 0;
  for (size_t i = 0; i < v->extension_count; i++)
    if (!str_ok(&v->extensions[i].name) || !str_ok(&v->extensions[i].value))
      return 0;

  /* sts-policy-term = LF / CRLF; the prose says CRLF (erratum 6253). */
  const char *eol = (flags & MTASTS_WRITE_LF) ? "\n" : "\r\n";
  out o;
  out_init(&o, buf, cap);
  /* The order of RFC 8461 §3.2's example; field order is free, but some
   * checkers expect version first. */
  out_lit(&o, "version: STSv1");
  out_lit(&o, eol);
  out_lit(&o, "mode: ");
  out_lit(&o, mode);
  out_lit(&o, eol);
  for (size_t i = 0; i < v->mx_count; i++) {
    out_lit(&o, "mx: ");
    out_put(&o, v->mx[i].ptr, v->mx[i].len);
    out_lit(&o, eol);
  }
  out_lit(&o, "max_age: ");
  out_u64(&o, v->max_age);
  out_lit(&o, eol);
  for (size_t i = 0; i < v->extension_count; i++) {
    const mtasts_extension *e = &v->extensions[i];
    out_put(&o, e->name.ptr, e->name.len);
    out_lit(&o, ": ");
    out_put(&o, e->value.ptr, e->value.len);
    out_lit(&o, eol);
  }
  return out_finish(&o);
}

mtasts_status mtasts_policy_get_values(const mtasts_policy *p,
                                       mtasts_policy_values *values,
                                       mtasts_str *mx, size_t mx_cap,
                                       mtasts_extension *extensions,
                                       size_t extension_cap) {
  if (!p || !values)
    return MTASTS_ERR_INVALID_ARG;
  size_t nmx = mtasts_policy_mx_count(p);
  size_t next = mtasts_policy_extension_count(p);
  if ((nmx && (!mx || mx_cap < nmx)) ||
      (next && (!extensions || extension_cap < next)))
    return MTASTS_ERR_INVALID_ARG;
  mtasts_policy_values v;
  mtasts_policy_values_init(&v);
  v.mode = mtasts_policy_mode(p);
  if (!mtasts_policy_max_age(p, &v.max_age))
    v.max_age = 0;
  for (size_t i = 0; i < nmx; i++) {
    mx[i].ptr = mtasts_policy_mx(p, i);
    mx[i].len = strlen(mx[i].ptr);
  }
  for (size_t i = 0; i < next; i++) {
    mtasts_extension *e = &extensions[i];
    e->name.ptr = mtasts_policy_extension_name(p, i);
    e->name.len = strlen(e->name.ptr);
    e->value.ptr = mtasts_policy_extension_value(p, i);
    e->value.len = strlen(e->value.ptr);
  }
  v.mx = nmx ? mx : NULL;
  v.mx_count = nmx;
  v.extensions = next ? extensions : NULL;
  v.extension_count = next;
  return mtasts_i_values_write(values, &v) ? MTASTS_ERR_INVALID_ARG : MTASTS_OK;
}

/* ---------------------------------------------------------------------- */
/* TXT records (RFC 8461 §3.1, RFC 8460 §3).                               */

size_t mtasts_sts_record_write(const char *id, size_t id_len, char *buf,
                               size_t cap) {
  if (!id)
    return 0;
  out o;
  out_init(&o, buf, cap);
  /* sts-version, then one sts-field-delim ("; ", the form of the RFC's
   * examples) and sts-id; no trailing delimiter. */
  out_lit(&o, "v=STSv1; id=");
  out_put(&o, id, id_len);
  return out_finish(&o);
}

size_t mtasts_tlsrpt_record_write(const mtasts_str *rua, size_t count,
                                  char *buf, size_t cap) {
  if (!rua || count == 0)
    return 0;
  for (size_t i = 0; i < count; i++)
    if (!str_ok(&rua[i]))
      return 0;
  out o;
  out_init(&o, buf, cap);
  /* tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri): one rua
   * field with every URI, as RFC 8460 §3 leaves several rua fields to
   * reporters' discretion. */
  out_lit(&o, "v=TLSRPTv1; rua=");
  for (size_t i = 0; i < count; i++) {
    if (i)
      out_lit(&o, ",");
    out_put(&o, rua[i].ptr, rua[i].len);
  }
  return out_finish(&o);
}

size_t mtasts_txt_zone_write(const char *text, size_t len, char *buf,
                             size_t cap) {
  if (!text && len)
    return 0;
  /* mtasts_i_zone_quote (lib/zone.c) owns the escaping and splits the text
   * every 255 octets into quoted strings joined by one space. It needs room for
   * all of it, so it quotes one 255-octet piece at a time here: the pieces
   * joined by a space are exactly its output for the whole text. */
  char piece[ZONE_STRING_MAX * 4 + 3]; /* \DDD for each octet, quotes, NUL */
  out o;
  out_init(&o, buf, cap);
  size_t at = 0;
  do {
    size_t n = len - at < ZONE_STRING_MAX ? len - at : ZONE_STRING_MAX;
    size_t k =
        mtasts_i_zone_quote(piece, sizeof piece, text ? text + at : "", n);
    if (at)
      out_lit(&o, " ");
    out_put(&o, piece, k);
    at += n;
  } while (at < len);
  return out_finish(&o);
}
