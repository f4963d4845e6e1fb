/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the structs callers allocate, and how the library reads them.
 *
 * mtasts_options, mtasts_policy_values and mtasts_name_issue start with a
 * size member that their _init function sets to the size the caller was
 * compiled with. A library of a later version, whose structs have more
 * members, reads only the bytes the caller has (the rest keep their
 * defaults) and writes only the bytes the caller has. A struct whose size
 * is smaller than the first published layout was never initialised, and
 * the call is refused.
 */
#include "internal.h"

#include <stddef.h>
#include <string.h>

/* The sizes of the first published layouts (1.0): the end of their last
 * member. */
#define OPTIONS_MIN_SIZE                                                       \
  (offsetof(mtasts_options, mx_host_count) + sizeof(size_t))
#define VALUES_MIN_SIZE                                                        \
  (offsetof(mtasts_policy_values, extension_count) + sizeof(size_t))
#define ISSUE_MIN_SIZE                                                         \
  (offsetof(mtasts_name_issue, reason) + sizeof(const char *))

/* Every flag this version knows. */
#define OPTIONS_KNOWN_FLAGS ((unsigned)MTASTS_OPT_STRICT)

static void init_sized(void *p, size_t size) {
  if (!p || size < sizeof(size_t))
    return;
  memset(p, 0, size);
  memcpy(p, &size, sizeof size);
}

void mtasts_options_init_sized(mtasts_options *options, size_t size) {
  init_sized(options, size);
}

void mtasts_policy_values_init_sized(mtasts_policy_values *values,
                                     size_t size) {
  init_sized(values, size);
}

void mtasts_name_issue_init_sized(mtasts_name_issue *issue, size_t size) {
  init_sized(issue, size);
}

int mtasts_i_sized_read(void *dst, size_t dst_size, const void *src,
                        size_t min_size) {
  size_t have;
  memcpy(&have, src, sizeof have);
  if (have < min_size)
    return -1;
  memset(dst, 0, dst_size);
  memcpy(dst, src, have < dst_size ? have : dst_size);
  memcpy(dst, &dst_size, sizeof dst_size);
  return 0;
}

int mtasts_i_sized_write(void *dst, const void *src, size_t src_size,
                         size_t min_size) {
  size_t have;
  memcpy(&have, dst, sizeof have);
  if (have < min_size)
    return -1;
  /* Everything after the size member, as far as the caller has room. */
  memcpy((char *)dst + sizeof have, (const char *)src + sizeof have,
         (have < src_size ? have : src_size) - sizeof have);
  return 0;
}

mtasts_status mtasts_i_options_read(const mtasts_options *in,
                                    mtasts_options *out) {
  if (!in) {
    mtasts_options_init(out);
    return MTASTS_OK;
  }
  if (mtasts_i_sized_read(out, sizeof *out, in, OPTIONS_MIN_SIZE))
    return MTASTS_ERR_INVALID_ARG;
  if (out->flags & ~OPTIONS_KNOWN_FLAGS)
    return MTASTS_ERR_INVALID_ARG;
  const mtasts_allocator *a = out->allocator;
  if (a && (!a->malloc_fn || !a->free_fn))
    return MTASTS_ERR_INVALID_ARG;
  if (out->mx_host_count) {
    if (!out->mx_hosts)
      return MTASTS_ERR_INVALID_ARG;
    for (size_t i = 0; i < out->mx_host_count; i++)
      if (!out->mx_hosts[i].ptr && out->mx_hosts[i].len)
        return MTASTS_ERR_INVALID_ARG;
  }
  return MTASTS_OK;
}

int mtasts_i_values_read(const mtasts_policy_values *in,
                         mtasts_policy_values *out) {
  return in ? mtasts_i_sized_read(out, sizeof *out, in, VALUES_MIN_SIZE) : -1;
}

int mtasts_i_values_write(mtasts_policy_values *dst,
                          const mtasts_policy_values *src) {
  return mtasts_i_sized_write(dst, src, sizeof *src, VALUES_MIN_SIZE);
}

int mtasts_i_issue_write(mtasts_name_issue *dst, const mtasts_name_issue *src) {
  return mtasts_i_sized_write(dst, src, sizeof *src, ISSUE_MIN_SIZE);
}
