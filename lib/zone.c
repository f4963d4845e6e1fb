/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: TXT records in zone-file presentation form.
 *
 * A TXT RR's RDATA is one or more <character-string>s (RFC 1035 §3.3), each
 * at most 255 octets. In a zone file each is written as a quoted string
 * where "\X" stands for X and "\DDD" for the octet with decimal value DDD
 * (RFC 1035 §5.1). RFC 8461 §3.1 and RFC 8460 §3 (after RFC 7208 §3.3) join
 * the strings of one record with nothing between them before parsing it.
 *
 * This file decodes the presentation form into the joined text and keeps,
 * for every 64th joined byte, where it was written (the others are found
 * from there by reading the escapes again), so that findings about the
 * joined text point into the text the user gave.
 */
#include "internal.h"

#include <string.h>

/* The value of a \DDD escape at p[0..n) (p[0] is the backslash), or -1. */
static int ddd_value(const char *p, size_t n) {
  if (n < 4)
    return -1;
  int v = 0;
  for (size_t i = 1; i <= 3; i++) {
    if (!mtasts_i_is_digit((unsigned char)p[i]))
      return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v <= 255 ? v : -1;
}

size_t mtasts_i_zone_char_len(const char *given, size_t given_len, size_t at) {
  if (at >= given_len || given[at] != '\\')
    return 1;
  if (ddd_value(given + at, given_len - at) >= 0)
    return 4;
  return at + 1 < given_len ? 2 : 1;
}

/* Where the joined byte after the one written at given[g] is written:
 * past its escape, then past a closing quote, anything outside quotes and
 * the next opening quote (and past empty strings), as the decoder read
 * them. */
static size_t zone_next(const char *given, size_t n, size_t g) {
  g += mtasts_i_zone_char_len(given, n, g);
  while (g < n && given[g] == '"') {
    const char *q = ++g < n ? memchr(given + g, '"', n - g) : NULL;
    g = q ? (size_t)(q - given) + 1 : n;
  }
  return g;
}

size_t mtasts_i_zone_pos(const mtasts_i_zone_text *z, const char *given,
                         size_t n, size_t i) {
  if (!z->marks)
    return i < z->len ? z->start + i : z->len ? z->end : z->start;
  if (i >= z->len)
    return z->len ? z->end : z->marks[0];
  size_t g = z->marks[i / MT_ZONE_MARK];
  for (size_t k = i - i % MT_ZONE_MARK; k < i; k++)
    g = zone_next(given, n, g);
  return g;
}

mtasts_i_where mtasts_i_txt_where(const mtasts_i_txt_ctx *c, size_t off,
                                  size_t len) {
  mtasts_i_where w;
  w.line = c->line;
  if (!c->zone) {
    w.off = off;
    w.len = len;
  } else {
    w.off = mtasts_i_zone_pos(c->zone, c->given, c->given_len, off);
    w.len = 0;
    if (len > 0) {
      size_t last =
          mtasts_i_zone_pos(c->zone, c->given, c->given_len, off + len - 1);
      w.len =
          last + mtasts_i_zone_char_len(c->given, c->given_len, last) - w.off;
    }
  }
  w.col = (unsigned long)w.off + 1;
  return w;
}

mtasts_i_where mtasts_i_txt_where_all(const mtasts_i_txt_ctx *c) {
  mtasts_i_where w = {0, c->given_len, c->line, 1};
  return w;
}

void mtasts_i_zone_text_release(const mtasts_i_alloc *m,
                                mtasts_i_zone_text *z) {
  mtasts_i_free(m, z->owned);
  mtasts_i_free(m, z->marks);
  memset(z, 0, sizeof *z);
}

/* A finding about the presentation text p[off, off+len). */
static mtasts_i_where zone_where(unsigned long line, size_t off, size_t len) {
  mtasts_i_where w = {off, len, line, (unsigned long)off + 1};
  return w;
}

/*
 * 1 when p[0..n) is one closed quoted string without a backslash, with
 * nothing but whitespace around it: z then takes its inside as the joined
 * text, in place, and the decoder would find nothing else to report than
 * its length. Most records are written so.
 */
static int zone_plain(const char *p, size_t n, mtasts_i_zone_text *z) {
  size_t i = 0;
  while (i < n && mtasts_i_is_wsp((unsigned char)p[i]))
    i++;
  if (i == n || p[i] != '"')
    return 0;
  const char *close = memchr(p + i + 1, '"', n - i - 1);
  if (!close || memchr(p + i + 1, '\\', (size_t)(close - p) - i - 1))
    return 0;
  for (size_t k = (size_t)(close - p) + 1; k < n; k++)
    if (!mtasts_i_is_wsp((unsigned char)p[k]))
      return 0;
  z->start = i + 1;
  z->text = p + z->start;
  z->len = (size_t)(close - p) - z->start;
  z->end = (size_t)(close - p);
  z->strings = 1;
  return 1;
}

int mtasts_i_zone_decode(const mtasts_i_alloc *m, mtasts_i_sink *s,
                         unsigned long line, const char *p, size_t n,
                         mtasts_i_zone_text *z) {
  memset(z, 0, sizeof *z);
  char q[MT_QUOTE_MAX];
  if (zone_plain(p, n, z)) {
    /* One string without escapes: its bytes are the joined text. */
    if (z->len > ZONE_STRING_MAX)
      mtasts_i_report(
          s, MTASTS_DIAG_TXT_STRING_TOO_LONG,
          zone_where(line, z->start - 1, z->len + 2), NULL,
          "the string %s holds %zu octets; one string holds at most 255, "
          "so split it into several",
          mtasts_i_quote(q, sizeof q, p + z->start - 1, z->len + 2), z->len);
    return 0;
  }
  /* The joined text is never longer than the presentation text. */
  char *text = z->owned = mtasts_i_malloc(m, n);
  z->text = text;
  z->marks = mtasts_i_calloc(m, n / MT_ZONE_MARK + 1, sizeof *z->marks);
  if (!z->owned || !z->marks) {
    mtasts_i_zone_text_release(m, z);
    return -1;
  }
  size_t i = 0, o = 0, last = 0;
  int separated = 1; /* whitespace (or the start) since the last string */
  int outside = 0;   /* text outside quotes was reported */
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    if (mtasts_i_is_wsp(c)) {
      separated = 1;
      i++;
      continue;
    }
    if (c != '"') {
      /* Unquoted text up to the next quoted string (RFC 1035 §5.1 allows
       * unquoted strings in general zone files, but a TXT record that holds
       * ';' and spaces must be quoted; take it as a mistake). */
      size_t start = i, end;
      while (i < n && p[i] != '"')
        i++;
      end = i;
      while (end > start && mtasts_i_is_wsp((unsigned char)p[end - 1]))
        end--;
      mtasts_i_report(s, MTASTS_DIAG_TXT_ZONE_SYNTAX,
                      zone_where(line, start, end - start), NULL,
                      "found %s outside quotes",
                      mtasts_i_quote(q, sizeof q, p + start, end - start));
      outside = separated = 1;
      continue;
    }
    if (!separated)
      mtasts_i_report(s, MTASTS_DIAG_TXT_ZONE_SYNTAX, zone_where(line, i, 1),
                      NULL, "quoted strings must be separated by whitespace");
    size_t start = i++, octets = 0;
    int closed = 0;
    if (z->strings == 0)
      z->marks[0] = i;
    while (i < n) {
      c = (unsigned char)p[i];
      if (c == '"') {
        closed = 1;
        i++;
        break;
      }
      if (o % MT_ZONE_MARK == 0)
        z->marks[o / MT_ZONE_MARK] = i;
      last = i;
      if (c == '\\') {
        if (i + 1 >= n) {
          i = n; /* a lone backslash: reported as unterminated below */
          break;
        }
        int v = ddd_value(p + i, n - i);
        if (v >= 0) {
          text[o++] = (char)v;
          i += 4;
        } else {
          if (mtasts_i_is_digit((unsigned char)p[i + 1])) {
            /* "\D" not followed by two more digits, or above 255: keep the
             * digit as if it were "\X" and go on. */
            size_t k = i + 1;
            while (k < n && k < i + 4 && mtasts_i_is_digit((unsigned char)p[k]))
              k++;
            mtasts_i_report(
                s, MTASTS_DIAG_TXT_ZONE_SYNTAX, zone_where(line, i, k - i),
                NULL,
                "the escape %s is not \\DDD with three digits and a "
                "value up to 255",
                mtasts_i_quote(q, sizeof q, p + i, k - i));
          }
          text[o++] = p[i + 1];
          i += 2;
        }
      } else {
        text[o++] = (char)c;
        i++;
      }
      octets++;
    }
    if (!closed)
      mtasts_i_report(s, MTASTS_DIAG_TXT_ZONE_SYNTAX,
                      zone_where(line, start, n - start), NULL,
                      "the quoted string %s has no closing quote",
                      mtasts_i_quote(q, sizeof q, p + start, n - start));
    if (octets > ZONE_STRING_MAX) {
      mtasts_i_report(
          s, MTASTS_DIAG_TXT_STRING_TOO_LONG,
          zone_where(line, start, i - start), NULL,
          "the string %s holds %zu octets; one string holds at most 255, "
          "so split it into several",
          mtasts_i_quote(q, sizeof q, p + start, i - start), octets);
    }
    z->strings++;
    separated = 0;
  }
  if (z->strings == 0 && !outside) {
    mtasts_i_report(s, MTASTS_DIAG_TXT_ZONE_SYNTAX, zone_where(line, 0, n),
                    NULL, "the record %s holds no quoted string",
                    mtasts_i_quote(q, sizeof q, p, n));
  }
  /* The end of the joined text: just past its last byte as written. */
  if (o > 0)
    z->end = last + mtasts_i_zone_char_len(p, n, last);
  z->len = o;
  return 0;
}

/* Appends k bytes to dst[*o..cap), keeping room for the NUL. */
static int put(char *dst, size_t cap, size_t *o, const char *b, size_t k) {
  if (cap - *o <= k)
    return -1;
  memcpy(dst + *o, b, k);
  *o += k;
  return 0;
}

size_t mtasts_i_zone_quote(char *dst, size_t cap, const char *p, size_t n) {
  size_t o = 0;
  if (cap == 0 || put(dst, cap, &o, "\"", 1) != 0)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    char b[4];
    size_t k = 0;
    if (i > 0 && i % ZONE_STRING_MAX == 0 && put(dst, cap, &o, "\" \"", 3))
      return 0;
    if (c == '"' || c == '\\') {
      b[k++] = '\\';
      b[k++] = (char)c;
    } else if (c < 0x20 || c >= 0x7f) {
      b[k++] = '\\';
      b[k++] = (char)('0' + c / 100);
      b[k++] = (char)('0' + c / 10 % 10);
      b[k++] = (char)('0' + c % 10);
    } else {
      b[k++] = (char)c;
    }
    if (put(dst, cap, &o, b, k) != 0)
      return 0;
  }
  if (put(dst, cap, &o, "\"", 1) != 0)
    return 0;
  dst[o] = '\0';
  return o;
}
