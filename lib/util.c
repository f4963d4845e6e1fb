/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: memory, text buffers, string comparison and UTF-8 decoding.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *default_malloc(size_t size, void *user) {
  (void)user;
  return malloc(size);
}

static void *default_realloc(void *p, size_t size, void *user) {
  (void)user;
  return realloc(p, size);
}

static void default_free(void *p, void *user) {
  (void)user;
  free(p);
}

void mtasts_i_alloc_init(mtasts_i_alloc *m, const mtasts_allocator *user) {
  /* mtasts_i_options_read refused an allocator without malloc_fn or free_fn. */
  if (user) {
    m->a = *user;
  } else {
    m->a.malloc_fn = default_malloc;
    m->a.realloc_fn = default_realloc;
    m->a.free_fn = default_free;
    m->a.user = NULL;
  }
}

void *mtasts_i_malloc(const mtasts_i_alloc *m, size_t size) {
  return m->a.malloc_fn(size ? size : 1, m->a.user);
}

void *mtasts_i_calloc(const mtasts_i_alloc *m, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  size_t total = count * size;
  void *p = mtasts_i_malloc(m, total);
  if (p && total > 0)
    memset(p, 0, total);
  return p;
}

void *mtasts_i_realloc(const mtasts_i_alloc *m, void *p, size_t old_size,
                       size_t size) {
  if (!size)
    size = 1;
  if (m->a.realloc_fn)
    return m->a.realloc_fn(p, size, m->a.user);
  void *q = m->a.malloc_fn(size, m->a.user);
  if (!q)
    return NULL;
  if (p) {
    memcpy(q, p, old_size < size ? old_size : size);
    m->a.free_fn(p, m->a.user);
  }
  return q;
}

void mtasts_i_free(const mtasts_i_alloc *m, void *p) {
  if (p)
    m->a.free_fn(p, m->a.user);
}

int mtasts_i_grow(const mtasts_i_alloc *m, void **pv, size_t *cap, size_t need,
                  size_t elem_size) {
  return mtasts_i_grow_from(m, pv, cap, need, elem_size, NULL, 0);
}

int mtasts_i_grow_more(const mtasts_i_alloc *m, void **pv, size_t *cap,
                       size_t need, size_t elem_size, const void *fixed,
                       size_t limit) {
  if (need <= *cap)
    return 0;
  /* By half as much again: amortised linear, and at most a third of the
   * capacity is unused. */
  size_t ncap = *cap >= 8 ? *cap : 8;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 3 * 2)
      return -1;
    ncap += ncap / 2;
  }
  if (limit && (ncap > limit || (*pv && *pv == fixed)))
    /* Out of the first storage, a buffer whose bound is known takes it
     * at once: one allocation, and no moment holding an old and a new
     * block, which would double the peak of a large input. */
    ncap = limit > need ? limit : need;
  if (ncap > SIZE_MAX / elem_size)
    return -1;
  void *q;
  if (*pv && *pv == fixed) {
    q = mtasts_i_malloc(m, ncap * elem_size);
    if (q)
      memcpy(q, *pv, *cap * elem_size);
  } else {
    q = mtasts_i_realloc(m, *pv, *cap * elem_size, ncap * elem_size);
  }
  if (!q)
    return -1;
  *pv = q;
  *cap = ncap;
  return 0;
}

size_t mtasts_i_text_add_more(const mtasts_i_alloc *m, mtasts_i_text *t,
                              const char *p, size_t n) {
  if (n >= SIZE_MAX - t->len - 1)
    return MT_NO_TEXT;
  void *data = t->data;
  if (mtasts_i_grow_from(m, &data, &t->cap, t->len + n + 1, 1, t->fixed,
                         t->limit) != 0)
    return MT_NO_TEXT;
  t->data = data;
  return mtasts_i_text_add(m, t, p, n); /* there is room now */
}

int mtasts_i_eq_nocase(const char *a, size_t na, const char *b, size_t nb) {
  if (na != nb)
    return 0;
  for (size_t i = 0; i < na; i++)
    if (mtasts_i_lower((unsigned char)a[i]) !=
        mtasts_i_lower((unsigned char)b[i]))
      return 0;
  return 1;
}

int mtasts_i_eq_lit(const char *a, size_t na, const char *s) {
  size_t ns = strlen(s);
  return na == ns && (na == 0 || memcmp(a, s, na) == 0);
}

int mtasts_i_utf8_unsafe(const unsigned char *p, size_t k) {
  if (k == 2)
    return p[0] == 0xC2 && p[1] <= 0x9F; /* C1 controls */
  if (k == 3 && p[0] == 0xE2)
    return (p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
           (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9);
  return 0;
}

size_t mtasts_i_utf8_len(const unsigned char *p, size_t n) {
  if (n == 0)
    return 0;
  unsigned char c = p[0];
  if (c < 0x80)
    return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* above U+10FFFF */
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (p[i] < 0x80 || p[i] > 0xBF)
      return 0;
  return len;
}

int mtasts_i_one_edit(const char *a, size_t na, const char *b, size_t nb) {
  if (na > nb + 1 || nb > na + 1)
    return 0;
  size_t i = 0;
  while (i < na && i < nb && a[i] == b[i])
    i++;
  if (na == nb) {
    if (i == na)
      return 1;
    if (memcmp(a + i + 1, b + i + 1, na - i - 1) == 0)
      return 1; /* substitution */
    return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           memcmp(a + i + 2, b + i + 2, na - i - 2) == 0;
  }
  if (na > nb) /* deletion from a */
    return memcmp(a + i + 1, b + i, na - i - 1) == 0;
  return memcmp(a + i, b + i + 1, nb - i - 1) == 0;
}

size_t mtasts_i_text_add_safe(const mtasts_i_alloc *m, mtasts_i_text *t,
                              const char *p, size_t n) {
  size_t start = t->len, i = 0;
  static const char hex[] = "0123456789ABCDEF";
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    size_t k = c >= 0x80
                   ? mtasts_i_utf8_len((const unsigned char *)p + i, n - i)
               : (c >= 0x20 && c < 0x7f && c != '\\') ? 1
                                                      : 0;
    if (k > 1 && mtasts_i_utf8_unsafe((const unsigned char *)p + i, k))
      k = 0; /* a C1 or bidi control: its first byte as \xNN, and so on */
    char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    /* Appended in pieces: each piece adds a NUL, which the next one
     * overwrites. */
    size_t off =
        k ? mtasts_i_text_add(m, t, p + i, k) : mtasts_i_text_add(m, t, esc, 4);
    if (off == MT_NO_TEXT)
      return MT_NO_TEXT;
    t->len--; /* drop the NUL */
    i += k ? k : 1;
  }
  if (mtasts_i_text_add(m, t, "", 0) == MT_NO_TEXT)
    return MT_NO_TEXT;
  return start;
}
