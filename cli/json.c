/* SPDX-License-Identifier: MIT */
/*
 * JSON output shared by the command-line tools (json.h).
 */
#include "json.h"

#include <inttypes.h>
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
      if (len == 0) {
        fputs("\\ufffd", fp);
        i++;
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
