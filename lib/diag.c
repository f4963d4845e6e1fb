/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the diagnostics catalogue, the diagnostic sink, and the small
 * public functions that describe the library itself.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Catalogue, generated from <mtasts/diagnostics.h>.                       */

typedef struct catalogue_entry {
  const char *id;
  mtasts_severity severity;
  const char *reference;
  const char *summary;
  const char *url; /* NULL when the rule names no RFC */
} catalogue_entry;

/* The RFC Editor's address of RFC rfc, section sec ("" for none), built
 * from the literals at compile time. */
#define RFC_URL(rfc, sec)                                                      \
  (sizeof(rfc) == 1   ? NULL                                                   \
   : sizeof(sec) == 1 ? "https://www.rfc-editor.org/rfc/rfc" rfc               \
                      : "https://www.rfc-editor.org/rfc/rfc" rfc               \
                        "#section-" sec)

static const catalogue_entry catalogue[] = {
#define MT_X_ENTRY(name, id, sev, ref, rfc, sec, summary)                      \
  {id, MTASTS_SEVERITY_##sev, ref, summary, RFC_URL(rfc, sec)},
    MTASTS_DIAGNOSTICS(MT_X_ENTRY)
#undef MT_X_ENTRY
};

#define CATALOGUE_SIZE (sizeof catalogue / sizeof catalogue[0])

static const catalogue_entry *entry(mtasts_diag_code code) {
  return ((size_t)code < CATALOGUE_SIZE) ? &catalogue[code] : NULL;
}

size_t mtasts_diag_code_count(void) {
  return CATALOGUE_SIZE;
}

const char *mtasts_diag_code_id(mtasts_diag_code code) {
  const catalogue_entry *e = entry(code);
  return e ? e->id : NULL;
}

mtasts_severity mtasts_diag_code_severity(mtasts_diag_code code) {
  const catalogue_entry *e = entry(code);
  return e ? e->severity : MTASTS_SEVERITY_NOTE;
}

const char *mtasts_diag_code_reference(mtasts_diag_code code) {
  const catalogue_entry *e = entry(code);
  return e ? e->reference : NULL;
}

const char *mtasts_diag_code_summary(mtasts_diag_code code) {
  const catalogue_entry *e = entry(code);
  return e ? e->summary : NULL;
}

const char *mtasts_diag_code_url(mtasts_diag_code code) {
  const catalogue_entry *e = entry(code);
  return e ? e->url : NULL;
}

long mtasts_diag_code_from_id(const char *id, size_t len) {
  if (!id)
    return -1;
  for (size_t i = 0; i < CATALOGUE_SIZE; i++)
    if (mtasts_i_eq_lit(id, len, catalogue[i].id))
      return (long)i;
  return -1;
}

/* ---------------------------------------------------------------------- */
/* Small descriptive functions.                                            */

const char *mtasts_version(void) {
  return MTASTS_VERSION_STRING;
}

unsigned long mtasts_version_number(void) {
  return MTASTS_VERSION_NUMBER;
}

const char *mtasts_status_name(mtasts_status status) {
  switch (status) {
  case MTASTS_OK:
    return "ok";
  case MTASTS_ERR_NOMEM:
    return "out of memory";
  case MTASTS_ERR_INVALID_ARG:
    return "invalid argument";
  }
  return "unknown status";
}

const char *mtasts_severity_name(mtasts_severity severity) {
  switch (severity) {
  case MTASTS_SEVERITY_NOTE:
    return "note";
  case MTASTS_SEVERITY_WARNING:
    return "warning";
  case MTASTS_SEVERITY_ERROR:
    return "error";
  }
  return "unknown";
}

/* ---------------------------------------------------------------------- */
/* Quoting input text for messages.                                        */

const char *mtasts_i_quote(char *dst, size_t cap, const char *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)p;
  size_t o = 0, i = 0;
  /* Room for the closing quote, "..." and the NUL. */
  size_t limit = cap - 6;
  dst[o++] = '\'';
  while (i < n) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
      /* Printable ASCII stands for itself: the usual case, byte by byte
       * without the escape buffer. */
      if (o + 1 > limit) {
        memcpy(dst + o, "...", 3);
        o += 3;
        break;
      }
      dst[o++] = (char)c;
      i++;
      continue;
    }
    char esc[8];
    size_t elen, used = 1;
    if (c == '\'' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      elen = 2;
    } else if (c == '\t') {
      memcpy(esc, "\\t", 2);
      elen = 2;
    } else if (mtasts_i_is_ctl(c)) {
      esc[0] = '\\';
      esc[1] = 'x';
      esc[2] = hex[c >> 4];
      esc[3] = hex[c & 15];
      elen = 4;
    } else if (c < 0x80) {
      esc[0] = (char)c;
      elen = 1;
    } else if ((used = mtasts_i_utf8_len(s + i, n - i)) != 0 &&
               !mtasts_i_utf8_unsafe(s + i, used)) {
      memcpy(esc, s + i, used);
      elen = used;
    } else {
      /* Not UTF-8, a C1 control or a bidi control: its bytes one by one. */
      used = 1;
      esc[0] = '\\';
      esc[1] = 'x';
      esc[2] = hex[c >> 4];
      esc[3] = hex[c & 15];
      elen = 4;
    }
    if (o + elen > limit) {
      memcpy(dst + o, "...", 3);
      o += 3;
      break;
    }
    memcpy(dst + o, esc, elen);
    o += elen;
    i += used;
  }
  dst[o++] = '\'';
  dst[o] = '\0';
  return dst;
}

/* ---------------------------------------------------------------------- */
/* The sink.                                                               */

void mtasts_i_sink_init(mtasts_i_sink *s, const mtasts_i_alloc *m,
                        const mtasts_options *o) {
  memset(s, 0, offsetof(mtasts_i_sink, v_first));
  s->v = s->v_first;
  s->cap = sizeof s->v_first / sizeof s->v_first[0];
  s->text.data = s->text_first;
  s->text.fixed = s->text_first;
  s->text.cap = sizeof s->text_first;
  s->alloc = m;
  s->max = (o && o->max_diagnostics) ? o->max_diagnostics
                                     : MTASTS_DEFAULT_MAX_DIAGNOSTICS;
  s->strict = o && (o->flags & MTASTS_OPT_STRICT);
}

void mtasts_i_sink_release(mtasts_i_sink *s) {
  if (s->v != s->v_first)
    mtasts_i_free(s->alloc, s->v);
  if (s->text.data != s->text_first)
    mtasts_i_free(s->alloc, s->text.data);
  s->v = s->v_first;
  s->text.data = s->text_first;
  s->text.len = s->n = 0;
  s->cap = sizeof s->v_first / sizeof s->v_first[0];
  s->text.cap = sizeof s->text_first;
}

size_t mtasts_i_vformat(char *out, size_t cap, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  size_t o = 0;
  const char *f = fmt;
  for (; *f; f++) {
    char num[24], *end = num + sizeof num;
    const char *part;
    size_t len;
    if (*f != '%') { /* a run of text up to the next conversion */
      const char *pct = strchr(f, '%');
      part = f;
      len = pct ? (size_t)(pct - f) : strlen(f);
      f += len - 1;
    } else if (f[1] == '%') {
      part = f++;
      len = 1;
    } else if (f[1] == 's') {
      part = va_arg(ap, const char *);
      len = strlen(part);
      f++;
    } else if (f[1] == 'z' && f[2] == 'u') {
      part = mtasts_i_decimal(end, va_arg(ap, size_t));
      len = (size_t)(end - part);
      f += 2;
    } else if (f[1] == 'l' && f[2] == 'u') {
      part = mtasts_i_decimal(end, va_arg(ap, unsigned long));
      len = (size_t)(end - part);
      f += 2;
    } else if (f[1] == 'l' && f[2] == 'd') {
      long v = va_arg(ap, long);
      char *p = mtasts_i_decimal(end, v < 0 ? 0ULL - (unsigned long long)v
                                            : (unsigned long long)v);
      if (v < 0)
        *--p = '-';
      part = p;
      len = (size_t)(end - part);
      f += 2;
    } else if (f[1] == '0' && f[2] == '2' && f[3] == 'X') {
      static const char hex[] = "0123456789ABCDEF";
      unsigned v = va_arg(ap, unsigned);
      char *p = end;
      do {
        *--p = hex[v & 15];
        v >>= 4;
      } while (v);
      if (end - p < 2)
        *--p = '0';
      part = p;
      len = (size_t)(end - part);
      f += 3;
    } else {
      /* Not one of ours: stdio does it all. */
      int n = vsnprintf(out, cap, fmt, again);
      va_end(again);
      if (n < 0) {
        out[0] = '\0';
        return 0;
      }
      return (size_t)n < cap ? (size_t)n : cap - 1;
    }
    if (len > cap - 1 - o) {
      /* Cut short at a character boundary, never before a UTF-8
       * continuation byte, so that a message stays valid UTF-8. */
      len = cap - 1 - o;
      while (len > 0 && ((unsigned char)part[len] & 0xC0) == 0x80)
        len--;
      memcpy(out + o, part, len);
      o += len;
      break;
    }
    memcpy(out + o, part, len);
    o += len;
  }
  out[o] = '\0';
  va_end(again);
  return o;
}

/* 1 when p[0..n) is valid UTF-8 with no control character but TAB. */
static int is_text(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  for (size_t i = 0; i < n;) {
    if (u[i] < 0x80) {
      if (mtasts_i_is_ctl(u[i]) && u[i] != '\t')
        return 0;
      i++;
      continue;
    }
    size_t k = mtasts_i_utf8_len(u + i, n - i);
    if (k == 0)
      return 0;
    i += k;
  }
  return 1;
}

void mtasts_i_vreport(mtasts_i_sink *s, mtasts_diag_code code,
                      mtasts_severity sev, mtasts_i_where w, const char *hint,
                      const char *fmt, va_list ap) {
  if (s->strict && sev == MTASTS_SEVERITY_WARNING)
    sev = MTASTS_SEVERITY_ERROR;
  if (sev == MTASTS_SEVERITY_ERROR)
    s->errors++;
  if (s->n >= s->max) {
    s->fix_set = 0;
    s->dropped++;
    if (sev == MTASTS_SEVERITY_ERROR)
      s->dropped_errors++;
    return;
  }
  if (s->nomem) {
    s->fix_set = 0;
    return;
  }
  void *v = s->v;
  if (mtasts_i_grow_from(s->alloc, &v, &s->cap, s->n + 1, sizeof *s->v,
                         s->v_first, 0) != 0) {
    s->nomem = 1;
    return;
  }
  s->v = v;
  mtasts_i_diag_rec *d = &s->v[s->n];
  d->code = code;
  d->severity = sev;
  d->offset = w.off;
  d->length = w.len;
  d->line = w.line;
  d->column = w.col;
  d->seq = s->n;
  if (s->text.cap - s->text.len > MT_MESSAGE_MAX) {
    /* Room for the longest message: formatted in place, not copied. */
    d->message = s->text.len;
    s->text.len +=
        mtasts_i_vformat(s->text.data + s->text.len, MT_MESSAGE_MAX, fmt, ap) +
        1;
  } else {
    char msg[MT_MESSAGE_MAX];
    size_t len = mtasts_i_vformat(msg, sizeof msg, fmt, ap);
    d->message = mtasts_i_text_add(s->alloc, &s->text, msg, len);
  }
  d->hint = MT_NO_TEXT;
  /* The bytes the hint replaces: the span given with mtasts_i_fix, else the
   * parser's default (the current line of a policy). */
  d->fix_off = s->fix_set ? s->fix_off : s->line_off;
  d->fix_len = s->fix_set ? s->fix_len : s->line_len;
  s->fix_set = 0;
  if (d->message == MT_NO_TEXT) {
    s->nomem = 1;
    return;
  }
  if (hint) {
    size_t hl = strlen(hint);
    /* A hint is text to paste: one line of valid UTF-8 (a line that is
     * inserted ends with its line end). One built from broken input is
     * left out rather than passed on broken. */
    size_t body = hl;
    if (body && hint[body - 1] == '\n')
      body -= body > 1 && hint[body - 2] == '\r' ? 2 : 1;
    if (hl <= MT_HINT_MAX && is_text(hint, body)) {
      d->hint = mtasts_i_text_add(s->alloc, &s->text, hint, hl);
      if (d->hint == MT_NO_TEXT) {
        s->nomem = 1;
        return;
      }
    }
  }
  s->n++;
}

void mtasts_i_fix(mtasts_i_sink *s, size_t off, size_t len) {
  s->fix_set = 1;
  s->fix_off = off;
  s->fix_len = len;
}

void mtasts_i_report(mtasts_i_sink *s, mtasts_diag_code code, mtasts_i_where w,
                     const char *hint, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  mtasts_i_vreport(s, code, mtasts_diag_code_severity(code), w, hint, fmt, ap);
  va_end(ap);
}

void mtasts_i_report_sev(mtasts_i_sink *s, mtasts_diag_code code,
                         mtasts_severity sev, mtasts_i_where w,
                         const char *hint, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  mtasts_i_vreport(s, code, sev, w, hint, fmt, ap);
  va_end(ap);
}

static int rec_before(const mtasts_i_diag_rec *a, const mtasts_i_diag_rec *b) {
  if (a->line != b->line)
    return a->line < b->line;
  if (a->column != b->column)
    return a->column < b->column;
  return a->seq < b->seq;
}

/*
 * Stable merge sort by line, column and emission order, with a scratch
 * array of the same size: O(n log n) whatever the order the findings came
 * in (a caller may raise the cap to millions). Returns -1 when the scratch
 * array cannot be had.
 */
static int sort_recs(const mtasts_i_alloc *m, mtasts_i_diag_rec *v, size_t n) {
  size_t first_out = 1; /* most lists arrive in order: no scratch then */
  while (first_out < n && !rec_before(&v[first_out], &v[first_out - 1]))
    first_out++;
  if (first_out >= n)
    return 0;
  if (n <= 16) {
    /* A few findings: insertion sort in place, without scratch. */
    for (size_t i = first_out; i < n; i++) {
      mtasts_i_diag_rec r = v[i];
      size_t j = i;
      for (; j > 0 && rec_before(&r, &v[j - 1]); j--)
        v[j] = v[j - 1];
      v[j] = r;
    }
    return 0;
  }
  mtasts_i_diag_rec *tmp = mtasts_i_calloc(m, n, sizeof *tmp);
  if (!tmp)
    return -1;
  mtasts_i_diag_rec *src = v, *dst = tmp;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        dst[k++] = rec_before(&src[j], &src[i]) ? src[j++] : src[i++];
      while (i < mid)
        dst[k++] = src[i++];
      while (j < hi)
        dst[k++] = src[j++];
    }
    mtasts_i_diag_rec *t = src;
    src = dst;
    dst = t;
  }
  if (src != v)
    memcpy(v, src, n * sizeof *v);
  mtasts_i_free(m, tmp);
  return 0;
}

int mtasts_i_sink_prepare(mtasts_i_sink *s) {
  if (s->nomem)
    return -1;
  if (sort_recs(s->alloc, s->v, s->n) != 0)
    return -1;
  if (s->dropped) {
    /* Appended after sorting so that it comes last. */
    mtasts_i_where w = {0, 0, 1, 1};
    if (s->n) {
      w.line = s->v[s->n - 1].line;
      w.col = s->v[s->n - 1].column;
      w.off = s->v[s->n - 1].offset;
    }
    size_t dropped = s->dropped, dropped_errors = s->dropped_errors;
    s->max = s->n + 1;
    /* An error among the dropped findings keeps the list truthful: the
     * result is invalid, so the note that stands for them is an error. */
    mtasts_severity sev =
        dropped_errors ? MTASTS_SEVERITY_ERROR : MTASTS_SEVERITY_NOTE;
    int strict = s->strict;
    s->strict = 0;
    mtasts_i_report_sev(
        s, MTASTS_DIAG_TOO_MANY_DIAGNOSTICS, sev, w, NULL,
        "%zu more findings are not reported (%zu of them errors); "
        "the limit is %zu",
        dropped, dropped_errors, s->n);
    s->strict = strict;
    if (sev == MTASTS_SEVERITY_ERROR)
      s->errors--; /* already counted when they were dropped */
    if (s->nomem)
      return -1;
  }
  return 0;
}

size_t mtasts_i_sink_bytes(const mtasts_i_sink *s) {
  if (!s->n)
    return 0;
  if (s->n > (SIZE_MAX - s->text.len) / sizeof(mtasts_diag))
    return SIZE_MAX;
  return s->n * sizeof(mtasts_diag) + s->text.len;
}

mtasts_diag *mtasts_i_sink_write(const mtasts_i_sink *s, void *dst) {
  if (!s->n)
    return NULL;
  /* The array, then the text. */
  mtasts_diag *d = dst;
  char *text = (char *)(d + s->n);
  memcpy(text, s->text.data, s->text.len);
  for (size_t i = 0; i < s->n; i++) {
    const mtasts_i_diag_rec *r = &s->v[i];
    d[i].code = r->code;
    d[i].severity = r->severity;
    d[i].offset = r->offset;
    d[i].length = r->length;
    d[i].line = r->line;
    d[i].column = r->column;
    d[i].id = mtasts_diag_code_id(r->code);
    d[i].reference = mtasts_diag_code_reference(r->code);
    d[i].message = text + r->message;
    d[i].hint = r->hint == MT_NO_TEXT ? NULL : text + r->hint;
    d[i].fix_offset = d[i].hint ? r->fix_off : 0;
    d[i].fix_length = d[i].hint ? r->fix_len : 0;
    d[i].source = NULL;
  }
  return d;
}

int mtasts_i_sink_finish(mtasts_i_sink *s, mtasts_diag **out, size_t *out_n) {
  *out = NULL;
  *out_n = 0;
  if (mtasts_i_sink_prepare(s) != 0)
    return -1;
  size_t bytes = mtasts_i_sink_bytes(s);
  if (!bytes)
    return 0;
  if (bytes == SIZE_MAX)
    return -1;
  void *block = mtasts_i_malloc(s->alloc, bytes);
  if (!block)
    return -1;
  *out = mtasts_i_sink_write(s, block);
  *out_n = s->n;
  return 0;
}
