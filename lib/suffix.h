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

/* What a table entry stands for: a name that a rule of the list makes a
 * public suffix by itself ("co.uk", and "foo.bar" of "*.foo.bar"), or the
 * parent of a wildcard rule ("foo.bar" of "*.foo.bar"). */
#define MT_SUFFIX_EXACT 0u
#define MT_SUFFIX_WILD 0x9e3779b9u

/* FNV-1a (32 bits) of p[0..n), seeded by kind; never 0, the empty slot. */
static inline uint32_t mtasts_i_suffix_hash(const char *p, size_t n,
                                            uint32_t kind) {
  uint32_t h = 2166136261u ^ kind;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= 16777619u;
  }
  return h ? h : 1u;
}

#endif /* MTASTS_SUFFIX_H */
