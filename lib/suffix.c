/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: is a name a public suffix? (RFC 8461 §4.1: a wildcard over a
 * public suffix covers hosts its owner does not control.)
 *
 * The answer is libpsl's, from its built-in list. libpsl walks its list
 * for each question (a few thousand instructions), and the question is
 * asked of every wildcard pattern, whose base is almost never a public
 * suffix. A filter answers "no" first where it can: a table of the hashes
 * of every name that some rule of the list makes a public suffix, built
 * from the same list file at build time (cmake/suffix_table.c). A name in
 * no rule cannot be a public suffix (libpsl says "yes" to a name of two
 * labels or more only when a rule names it, or names its parent as a
 * wildcard's base), so "not in the table" is a sure "no"; anything else,
 * and any name with an "xn--" label (the list's IDN rules are not in the
 * table), is asked of libpsl. The table is trusted only when the list it
 * was built from is the one libpsl has built in (the same SHA-1), so a
 * libpsl with a newer list gets every question. The table is constant
 * data: there is no state, and any thread may ask.
 */
#include "internal.h"

#ifdef MTASTS_HAVE_PSL
#include <libpsl.h>
#endif
#ifdef MTASTS_HAVE_SUFFIX_TABLE
#include "suffix.h"
#include "suffix_table.h"
#endif

int mtasts_i_suffix_filter(const char *b, size_t n) {
  size_t dot = n;
  for (size_t i = 0; i < n; i++) {
    if (b[i] == '.' && dot == n)
      dot = i;
    /* An "xn--" label: the list's IDN rules are not in the table. */
    if ((i == 0 || b[i - 1] == '.') && n - i >= 4 && b[i + 2] == '-' &&
        b[i + 3] == '-')
      return -1;
  }
  return mtasts_i_suffix_usual(b, n, dot);
}

int mtasts_i_suffix_usual(const char *b, size_t n, size_t dot) {
#ifdef MTASTS_HAVE_SUFFIX_TABLE
  if (strcmp(psl_builtin_sha1sum(), MT_SUFFIX_SHA1) != 0)
    return -1;
  if (dot == n)
    return 1; /* one label: libpsl's implicit "*" rule */
  const size_t mask = ((size_t)1 << MT_SUFFIX_BITS) - 1;
  uint32_t h = mtasts_i_suffix_hash(b, n, MT_SUFFIX_EXACT);
  for (size_t i = h & mask; suffix_slots[i]; i = (i + 1) & mask)
    if (suffix_slots[i] == h)
      return -1;
  h = mtasts_i_suffix_hash(b + dot + 1, n - dot - 1, MT_SUFFIX_WILD);
  for (size_t i = h & mask; suffix_slots[i]; i = (i + 1) & mask)
    if (suffix_slots[i] == h)
      return -1;
  return 0;
#else
  (void)b;
  (void)n;
  (void)dot;
  return -1;
#endif
}

int mtasts_i_public_suffix(const char *b, size_t n) {
#ifdef MTASTS_HAVE_PSL
  const psl_ctx_t *psl = psl_builtin();
  char name[256];
  if (psl && n < sizeof name) {
    for (size_t i = 0; i < n; i++)
      name[i] = (char)mtasts_i_lower((unsigned char)b[i]);
    name[n] = '\0';
    int sure = mtasts_i_suffix_filter(name, n);
    if (sure >= 0)
      return sure;
    return psl_is_public_suffix2(psl, name, PSL_TYPE_ANY) != 0;
  }
#endif
  return memchr(b, '.', n) == NULL;
}
