/* SPDX-License-Identifier: MIT */
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

/* x with the ASCII upper-case letters among its eight bytes made lower
 * case: a byte is 0x41-0x5a when, with its top bit cleared, adding 0x3f
 * sets the top bit and adding 0x25 does not, and its own top bit is clear.
 * Nothing carries between bytes, as each sum stays below 0x100. */
static uint64_t fold8(uint64_t x) {
  const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
  uint64_t t = x & ~tops;
  uint64_t upper = (t + 0x3f * ones) & ~(t + 0x25 * ones) & ~x & tops;
  return x | (upper >> 2);
}

static uint64_t siphash13(uint64_t k0, uint64_t k1, const unsigned char *p,
                          size_t n, int fold) {
  uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
  uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
  uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
  uint64_t v3 = 0x7465646279746573ULL ^ k1;
  size_t i = 0;
  /* The words are read in the host's byte order: the hash only decides
   * where keys go in the table. */
  for (; i + 8 <= n; i += 8) {
    uint64_t m;
    memcpy(&m, p + i, 8);
    if (fold)
      m = fold8(m);
    v3 ^= m;
    SIPROUND;
    v0 ^= m;
  }
  uint64_t b = 0;
  memcpy(&b, p + i, n - i);
  if (fold)
    b = fold8(b);
  b |= ((uint64_t)n) << 56;
  v3 ^= b;
  SIPROUND;
  v0 ^= b;
  v2 ^= 0xff;
  SIPROUND;
  SIPROUND;
  SIPROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

void mtasts_i_strset_init(mtasts_i_strset *s, const mtasts_i_alloc *m,
                          int fold_case, mtasts_i_strset_key_fn key,
                          const void *ctx) {
  memset(s, 0, sizeof *s);
  s->alloc = m;
  s->fold_case = fold_case;
  s->key = key;
  s->ctx = ctx;
  /* Run-time addresses differ between runs under ASLR. */
  uintptr_t a = (uintptr_t)s, b = (uintptr_t)&mtasts_i_strset_init;
  s->k0 = (uint64_t)a * 0x9E3779B97F4A7C15ULL ^ (uint64_t)b;
  s->k1 = (uint64_t)b * 0xC2B2AE3D27D4EB4FULL ^ (uint64_t)a;
}

void mtasts_i_strset_release(mtasts_i_strset *s) {
  mtasts_i_free(s->alloc, s->slots);
  s->slots = NULL;
  s->cap = s->n = 0;
}

static uint64_t hash(const mtasts_i_strset *s, const char *p, size_t n) {
  return siphash13(s->k0, s->k1, (const unsigned char *)p, n, s->fold_case);
}

/*
 * A slot holds index + 1 in its low s->bits bits (every index is kept below
 * 2^bits) and, above them, the top bits of the key's hash: a probe that
 * meets another key stops at this tag, mostly without reading that key.
 * The table need not be a power of two: a probe starts where the low 32
 * bits of the hash, scaled to the capacity, say.
 */
static uint32_t slot_value(unsigned bits, size_t index, uint64_t h) {
  uint32_t v = (uint32_t)(index + 1);
  if (bits < 32)
    v |= (uint32_t)(h >> (32 + bits)) << bits;
  return v;
}

static size_t slot_index(unsigned bits, uint32_t v) {
  return (size_t)(bits < 32 ? v & ((UINT32_C(1) << bits) - 1) : v) - 1;
}

static int slot_tag_is(unsigned bits, uint32_t v, uint64_t h) {
  return bits >= 32 || v >> bits == (uint32_t)(h >> (32 + bits));
}

static size_t slot_start(size_t cap, uint64_t h) {
  if (cap <= UINT32_MAX)
    return (size_t)(((h & UINT32_MAX) * (uint64_t)cap) >> 32);
  return (size_t)(h % cap);
}

static size_t slot_next(size_t cap, size_t j) {
  return j + 1 == cap ? 0 : j + 1;
}

/* The first empty slot from where h starts. The table is never full. */
static size_t empty_slot(const uint32_t *slots, size_t cap, uint64_t h) {
  size_t j = slot_start(cap, h);
  while (slots[j])
    j = slot_next(cap, j);
  return j;
}

/* The fewest bits that hold n + 1, and at least 4. */
static unsigned bits_for(size_t n) {
  unsigned b = 4;
  while (b < 32 && ((size_t)1 << b) <= n + 1)
    b++;
  return b;
}

/* Moves the elements into a table of ncap slots whose indices take nbits.
 * The slots keep only part of each hash, so each key is hashed again. */
static int rehash(mtasts_i_strset *s, size_t ncap, unsigned nbits) {
  if (ncap > SIZE_MAX / sizeof *s->slots)
    return -1;
  uint32_t *ns = mtasts_i_calloc(s->alloc, ncap, sizeof *ns);
  if (!ns)
    return -1;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->slots[i])
      continue;
    size_t index = slot_index(s->bits, s->slots[i]), kn;
    const char *k = s->key(s->ctx, index, &kn);
    uint64_t h = hash(s, k, kn);
    ns[empty_slot(ns, ncap, h)] = slot_value(nbits, index, h);
  }
  mtasts_i_free(s->alloc, s->slots);
  s->slots = ns;
  s->cap = ncap;
  s->bits = nbits;
  return 0;
}

/* Room for three slots in four used. */
static size_t cap_for(size_t n) {
  size_t c = n / 3 * 4 + n % 3 * 2 + 1;
  return c < 16 ? 16 : c;
}

int mtasts_i_strset_reserve(mtasts_i_strset *s, size_t n, size_t max_index) {
  if (n >= UINT32_MAX - 1 || max_index >= UINT32_MAX - 1)
    return -1;
  size_t ncap = cap_for(n);
  unsigned nbits = bits_for(max_index > ncap ? max_index : ncap);
  if (ncap <= s->cap && nbits <= s->bits)
    return 0;
  return rehash(s, ncap > s->cap ? ncap : s->cap,
                nbits > s->bits ? nbits : s->bits);
}

long mtasts_i_strset_find(const mtasts_i_strset *s, const char *p, size_t n,
                          mtasts_i_strset_pos *pos) {
  if (s->cap == 0 && !pos)
    return -1;
  uint64_t h = hash(s, p, n);
  if (pos)
    pos->h = h;
  if (s->cap == 0)
    return -1;
  for (size_t j = slot_start(s->cap, h); s->slots[j];
       j = slot_next(s->cap, j)) {
    if (!slot_tag_is(s->bits, s->slots[j], h))
      continue;
    size_t index = slot_index(s->bits, s->slots[j]), kn;
    const char *k = s->key(s->ctx, index, &kn);
    if (kn == n &&
        (s->fold_case ? mtasts_i_eq_nocase(k, kn, p, n) : memcmp(k, p, n) == 0))
      return (long)index;
  }
  return -1;
}

int mtasts_i_strset_insert(mtasts_i_strset *s, const mtasts_i_strset_pos *pos,
                           size_t index) {
  if (index >= UINT32_MAX - 1)
    return -1;
  /* At most three quarters of the slots are used: probes stay short (2.5
   * slots on average for a key that is there, 8.5 for one that is not,
   * most of them settled by the tag) in a table of 4 to 5.3 bytes per
   * element (10.7 for a moment while it doubles, unless it was reserved
   * at its size); and index + 1 must fit below the tag. */
  if ((s->n + 1) * 4 > s->cap * 3) {
    size_t ncap = s->cap ? s->cap * 2 : 16;
    if (ncap < s->cap ||
        rehash(s, ncap, bits_for(ncap > index ? ncap : index)) != 0)
      return -1;
  } else if (s->bits < 32 && index + 1 >= (size_t)1 << s->bits) {
    if (rehash(s, s->cap, bits_for(index)) != 0)
      return -1;
  }
  s->slots[empty_slot(s->slots, s->cap, pos->h)] =
      slot_value(s->bits, index, pos->h);
  s->n++;
  return 0;
}
