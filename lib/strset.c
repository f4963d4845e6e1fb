/*
 * libmtasts: a keyed hash set of byte strings.
 *
 * Used to find repeated fields and mx patterns in linear time. The hash is
 * SipHash-1-3 with a key taken from run-time addresses, so that input cannot
 * be crafted to collide and turn the scan quadratic. The key only decides the
 * layout of the table, never a result.
 */
#include "internal.h"

#include <string.h>

struct mt_strset_slot {
  const char *p;
  size_t n;
  uint64_t h;
  long payload;
  int used;
};

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                               \
  do {                                                                         \
    v0 += v1;                                                                  \
    v1 = ROTL(v1, 13);                                                         \
    v1 ^= v0;                                                                  \
    v0 = ROTL(v0, 32);                                                         \
    v2 += v3;                                                                  \
    v3 = ROTL(v3, 16);                                                         \
    v3 ^= v2;                                                                  \
    v0 += v3;                                                                  \
    v3 = ROTL(v3, 21);                                                         \
    v3 ^= v0;                                                                  \
    v2 += v1;                                                                  \
    v1 = ROTL(v1, 17);                                                         \
    v1 ^= v2;                                                                  \
    v2 = ROTL(v2, 32);                                                         \
  } while (0)

static uint64_t siphash13(uint64_t k0, uint64_t k1, const unsigned char *p,
                          size_t n, int fold) {
  uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
  uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
  uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
  uint64_t v3 = 0x7465646279746573ULL ^ k1;
  uint64_t b = ((uint64_t)n) << 56;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t m = 0;
    for (int j = 0; j < 8; j++) {
      unsigned char c = fold ? mt_lower(p[i + j]) : p[i + j];
      m |= (uint64_t)c << (8 * j);
    }
    v3 ^= m;
    SIPROUND;
    v0 ^= m;
  }
  for (int j = 0; i < n; i++, j++) {
    unsigned char c = fold ? mt_lower(p[i]) : p[i];
    b |= (uint64_t)c << (8 * j);
  }
  v3 ^= b;
  SIPROUND;
  v0 ^= b;
  v2 ^= 0xff;
  SIPROUND;
  SIPROUND;
  SIPROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

void mt_strset_init(mt_strset *s, const mt_alloc *m, int fold_case) {
  memset(s, 0, sizeof *s);
  s->alloc = m;
  s->fold_case = fold_case;
  /* Run-time addresses differ between runs under ASLR. */
  uintptr_t a = (uintptr_t)s, b = (uintptr_t)&mt_strset_init;
  s->k0 = (uint64_t)a * 0x9E3779B97F4A7C15ULL ^ (uint64_t)b;
  s->k1 = (uint64_t)b * 0xC2B2AE3D27D4EB4FULL ^ (uint64_t)a;
}

void mt_strset_release(mt_strset *s) {
  mt_free(s->alloc, s->slots);
  s->slots = NULL;
  s->cap = s->n = 0;
}

static int same(const mt_strset *s, const struct mt_strset_slot *slot,
                const char *p, size_t n, uint64_t h) {
  if (slot->h != h || slot->n != n)
    return 0;
  return s->fold_case ? mt_eq_nocase(slot->p, slot->n, p, n)
                      : memcmp(slot->p, p, n) == 0;
}

static int rehash(mt_strset *s) {
  size_t ncap = s->cap ? s->cap * 2 : 16;
  if (ncap > SIZE_MAX / sizeof(struct mt_strset_slot))
    return -1;
  struct mt_strset_slot *ns = mt_calloc(s->alloc, ncap, sizeof *ns);
  if (!ns)
    return -1;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->slots[i].used)
      continue;
    size_t j = (size_t)s->slots[i].h & (ncap - 1);
    while (ns[j].used)
      j = (j + 1) & (ncap - 1);
    ns[j] = s->slots[i];
  }
  mt_free(s->alloc, s->slots);
  s->slots = ns;
  s->cap = ncap;
  return 0;
}

/* The slot holding the string, or the empty slot where it would go. The
 * table is never full (at most half its slots are used). */
static size_t probe(const mt_strset *s, const char *p, size_t n, uint64_t h) {
  size_t j = (size_t)h & (s->cap - 1);
  while (s->slots[j].used && !same(s, &s->slots[j], p, n, h))
    j = (j + 1) & (s->cap - 1);
  return j;
}

static uint64_t hash(const mt_strset *s, const char *p, size_t n) {
  return siphash13(s->k0, s->k1, (const unsigned char *)p, n, s->fold_case);
}

long mt_strset_find(const mt_strset *s, const char *p, size_t n) {
  if (s->cap == 0)
    return -1;
  const struct mt_strset_slot *slot = &s->slots[probe(s, p, n, hash(s, p, n))];
  return slot->used ? slot->payload : -1;
}

long mt_strset_add(mt_strset *s, const char *p, size_t n, long payload) {
  if ((s->n + 1) * 2 > s->cap && rehash(s) != 0)
    return -2;
  uint64_t h = hash(s, p, n);
  struct mt_strset_slot *slot = &s->slots[probe(s, p, n, h)];
  if (slot->used)
    return slot->payload;
  slot->used = 1;
  slot->p = p;
  slot->n = n;
  slot->h = h;
  slot->payload = payload;
  s->n++;
  return -1;
}
