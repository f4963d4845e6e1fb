/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the hash of the public-suffix filter (lib/suffix.c), shared
 * with the program that builds the filter's table at build time
 * (cmake/suffix_table.c), so that both hash a name the same way.
 */
#ifndef MTASTS_SUFFIX_H
#define MTASTS_SUFFIX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* What a table entry stands for: a name that a rule of the list makes a
 * public suffix by itself ("co.uk", and "foo.bar" of "*.foo.bar"), or the
 * parent of a wildcard rule ("foo.bar" of "*.foo.bar"). */
#define MT_SUFFIX_EXACT 0u
#define MT_SUFFIX_WILD 0x9e3779b9u

/* A hash of p[0..n), seeded by kind, eight bytes at a time (the last ones
 * padded with zeros); never 0, the empty slot. The table is built on the
 * machine that uses it (not when cross-compiling), so the byte order of
 * the words is the same for both. */
static inline uint32_t mtasts_i_suffix_hash(const char *p, size_t n,
                                            uint32_t kind) {
  uint64_t h = 0x9e3779b97f4a7c15u ^ kind ^ n;
  for (;;) {
    uint64_t w = 0;
    size_t k = n < 8 ? n : 8;
    memcpy(&w, p, k);
    h = (h ^ w) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
    if (n <= 8)
      break;
    p += 8;
    n -= 8;
  }
  uint32_t r = (uint32_t)(h ^ (h >> 29));
  return r ? r : 1u;
}

#endif /* MTASTS_SUFFIX_H */
