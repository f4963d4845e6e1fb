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

void mt_alloc_init(mt_alloc *m, const mtasts_allocator *user) {
  if (user && user->malloc_fn && user->free_fn) {
    m->a = *user;
  } else {
    m->a.malloc_fn = default_malloc;
    m->a.realloc_fn = default_realloc;
    m->a.free_fn = default_free;
    m->a.user = NULL;
  }
}

void *mt_malloc(const mt_alloc *m, size_t size) {
  return m->a.malloc_fn(size ? size : 1, m->a.user);
}

void *mt_calloc(const mt_alloc *m, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  size_t total = count * size;
  void *p = mt_malloc(m, total);
  if (p && total > 0)
    memset(p, 0, total);
  return p;
}

void *mt_realloc(const mt_alloc *m, void *p, size_t old_size, size_t size) {
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

void mt_free(const mt_alloc *m, void *p) {
  if (p)
    m->a.free_fn(p, m->a.user);
}

int mt_grow(const mt_alloc *m, void **pv, size_t *cap, size_t need,
            size_t elem_size) {
  return mt_grow_from(m, pv, cap, need, elem_size, NULL, 0);
}

int mt_grow_more(const mt_alloc *m, void **pv, size_t *cap, size_t need,
                 size_t elem_size, const void *fixed, size_t limit) {
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
  if (limit && ncap > limit)
    ncap = limit > need ? limit : need;
  if (ncap > SIZE_MAX / elem_size)
    return -1;
  void *q;
  if (*pv && *pv == fixed) {
    q = mt_malloc(m, ncap * elem_size);
    if (q)
      memcpy(q, *pv, *cap * elem_size);
  } else {
    q = mt_realloc(m, *pv, *cap * elem_size, ncap * elem_size);
  }
  if (!q)
    return -1;
  *pv = q;
  *cap = ncap;
  return 0;
}

size_t mt_text_add_more(const mt_alloc *m, mt_text *t, const char *p,
                        size_t n) {
  if (n >= SIZE_MAX - t->len - 1)
    return MT_NO_TEXT;
  void *data = t->data;
  if (mt_grow_from(m, &data, &t->cap, t->len + n + 1, 1, t->fixed, t->limit) !=
      0)
    return MT_NO_TEXT;
  t->data = data;
  return mt_text_add(m, t, p, n); /* there is room now */
}

int mt_eq_nocase(const char *a, size_t na, const char *b, size_t nb) {
  if (na != nb)
    return 0;
  for (size_t i = 0; i < na; i++)
    if (mt_lower((unsigned char)a[i]) != mt_lower((unsigned char)b[i]))
      return 0;
  return 1;
}

int mt_eq_lit(const char *a, size_t na, const char *s) {
  size_t ns = strlen(s);
  return na == ns && (na == 0 || memcmp(a, s, na) == 0);
}

size_t mt_utf8_len(const unsigned char *p, size_t n) {
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

int mt_one_edit(const char *a, size_t na, const char *b, size_t nb) {
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
