/* SPDX-License-Identifier: MIT */
/*
 * JSON output shared by the command-line tools (json.h).
 */
#include "json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/*
 * Length of the valid UTF-8 sequence (RFC 3629 §4) at s, with n bytes
 * available, or 0. Used only to keep the JSON valid whatever the bytes are:
 * a byte that does not start a valid sequence is written as U+FFFD.
 */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned char c = s[0], lo = 0x80, hi = 0xBF;
  size_t need;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0)
      lo = 0xA0; /* no overlong forms */
    else if (c == 0xED)
      hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F; /* nothing above U+10FFFF */
  } else {
    return 0;
  }
  if (n <= need || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t k = 2; k <= need; k++)
    if (s[k] < 0x80 || s[k] > 0xBF)
      return 0;
  return need + 1;
}

/* The code point of the valid sequence s[0..len) when it is a C1 control
 * or a bidirectional override or isolate, else 0. */
static unsigned unsafe_char(const unsigned char *s, size_t len) {
  if (len == 2 && s[0] == 0xC2 && s[1] <= 0x9F)
    return s[1];
  if (len == 3 && s[0] == 0xE2 &&
      ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
       (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)))
    return 0x2000u | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
  return 0;
}

int json_utf8_valid(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  for (size_t i = 0; i < n;) {
    size_t len = utf8_seq(s + i, n - i);
    if (!len)
      return 0;
    i += len;
  }
  return 1;
}

char *cli_name(const char *name) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *s = (const unsigned char *)name;
  size_t n = strlen(name);
  char *out = malloc(4 * n + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t len = s[i] >= 0x20 && s[i] < 0x7F ? 1
                 : s[i] >= 0x80              ? utf8_seq(s + i, n - i)
                                             : 0;
    if (len > 1 && unsafe_char(s + i, len))
      len = 0;
    if (len) {
      memcpy(out + o, s + i, len);
      o += len;
      i += len;
    } else {
      out[o++] = '\\';
      out[o++] = 'x';
      out[o++] = hex[s[i] >> 4];
      out[o++] = hex[s[i] & 15];
      i++;
    }
  }
  out[o] = '\0';
  return out;
}

void cli_name_write(FILE *fp, const char *name) {
  char *e = cli_name(name);
  fputs(e ? e : "(out of memory)", fp);
  free(e);
}

void json_string_n(FILE *fp, const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  size_t i = 0;
  fputc('"', fp);
  while (i < n) {
    unsigned char c = s[i];
    if (c == '"' || c == '\\') {
      fputc('\\', fp);
      fputc(c, fp);
      i++;
    } else if (c == '\n' || c == '\r' || c == '\t') {
      fputc('\\', fp);
      fputc(c == '\n' ? 'n' : c == '\r' ? 'r' : 't', fp);
      i++;
    } else if (c < 0x20 || c == 0x7F) {
      fprintf(fp, "\\u%04x", (unsigned)c);
      i++;
    } else {
      size_t len = utf8_seq(s + i, n - i);
      unsigned u = len ? unsafe_char(s + i, len) : 0;
      if (len == 0) {
        fputs("\\ufffd", fp);
        i++;
      } else if (u) {
        fprintf(fp, "\\u%04x", u);
        i += len;
      } else {
        fwrite(s + i, 1, len, fp);
        i += len;
      }
    }
  }
  fputc('"', fp);
}

/* ---------------------------------------------------------------------- */
/* The writer                                                              */

static void newline_indent(json_writer *w) {
  fputc('\n', w->fp);
  for (unsigned i = 0; i < w->depth; i++)
    fputs("  ", w->fp);
}

void json_item(json_writer *w, const char *key) {
  if (w->depth > 0) {
    if (w->count[w->depth - 1]++ > 0)
      fputc(',', w->fp);
    if (!w->compact)
      newline_indent(w);
  }
  if (key) {
    json_string_n(w->fp, key, strlen(key));
    fputs(w->compact ? ":" : ": ", w->fp);
  }
}

void json_open(json_writer *w, const char *key, char bracket) {
  json_item(w, key);
  fputc(bracket, w->fp);
  w->count[w->depth++] = 0;
}

void json_close(json_writer *w, char bracket) {
  w->depth--;
  if (w->count[w->depth] > 0 && !w->compact)
    newline_indent(w);
  fputc(bracket, w->fp);
}

void json_strn(json_writer *w, const char *key, const char *s, size_t n) {
  json_item(w, key);
  if (s)
    json_string_n(w->fp, s, n);
  else
    fputs("null", w->fp);
}

void json_str(json_writer *w, const char *key, const char *s) {
  json_strn(w, key, s, s ? strlen(s) : 0);
}

void json_uint(json_writer *w, const char *key, uint64_t v) {
  json_item(w, key);
  fprintf(w->fp, "%" PRIu64, v);
}

void json_null(json_writer *w, const char *key) {
  json_item(w, key);
  fputs("null", w->fp);
}

void json_bool(json_writer *w, const char *key, int b) {
  json_item(w, key);
  fputs(b ? "true" : "false", w->fp);
}

/* p[0..n) in base64 (RFC 4648 §4), as a JSON string. */
static void json_base64(FILE *fp, const char *p, size_t n) {
  static const char b64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *s = (const unsigned char *)p;
  fputc('"', fp);
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)s[i] << 16;
    if (i + 1 < n)
      v |= (unsigned)s[i + 1] << 8;
    if (i + 2 < n)
      v |= s[i + 2];
    fputc(b64[(v >> 18) & 63], fp);
    fputc(b64[(v >> 12) & 63], fp);
    fputc(i + 1 < n ? b64[(v >> 6) & 63] : '=', fp);
    fputc(i + 2 < n ? b64[v & 63] : '=', fp);
  }
  fputc('"', fp);
}

void json_name(json_writer *w, const char *key, const char *name) {
  json_str(w, key, name);
  if (!name || json_utf8_valid(name, strlen(name)))
    return;
  char bkey[64];
  snprintf(bkey, sizeof bkey, "%s_bytes", key);
  json_item(w, bkey);
  json_base64(w->fp, name, strlen(name));
}
