/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harness of the fast paths (lib/fastpath.c): a policy or a TXT
 * record parsed with the fast path and by the full checker alone must give
 * the same result, value for value and finding for finding.
 *
 * Input: one option byte, then the policy body or the one record.
 *   bit 0      MTASTS_OPT_STRICT
 *   bit 1      a policy: one MX host to check, "mail.example.com" (the
 *              fast path leaves a parse with hosts to the full checker);
 *              a record: in zone-file form (which the fast path leaves
 *              to the full checker too)
 *   bit 2      a record rather than a policy
 *   bit 3      with bit 2: a TLS-RPT record, else an _mta-sts record
 * The seeds start with '0' (a policy), '4' (an _mta-sts record) or '<' (a
 * TLS-RPT record), so that they stay readable; most are well-formed, the
 * fast path's input, for the fuzzer to mutate into near misses.
 *
 * It calls the library's internal entry point, so it links the library's
 * objects rather than the shared library.
 */
#include "fuzz_util.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* 1 when both strings are NULL or equal. */
static int same_str(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void same_policy(const mtasts_policy *a, const mtasts_policy *b) {
  FU_CHECK(mtasts_policy_valid(a) == mtasts_policy_valid(b));
  FU_CHECK(same_str(mtasts_policy_version(a), mtasts_policy_version(b)));
  FU_CHECK(mtasts_policy_mode(a) == mtasts_policy_mode(b));
  uint64_t sa = 0, sb = 0;
  FU_CHECK(mtasts_policy_max_age(a, &sa) == mtasts_policy_max_age(b, &sb));
  FU_CHECK(sa == sb);
  size_t n = mtasts_policy_mx_count(a);
  FU_CHECK(n == mtasts_policy_mx_count(b));
  for (size_t i = 0; i < n; i++)
    FU_CHECK(same_str(mtasts_policy_mx(a, i), mtasts_policy_mx(b, i)));
  n = mtasts_policy_extension_count(a);
  FU_CHECK(n == mtasts_policy_extension_count(b));
  for (size_t i = 0; i < n; i++) {
    FU_CHECK(same_str(mtasts_policy_extension_name(a, i),
                      mtasts_policy_extension_name(b, i)));
    FU_CHECK(same_str(mtasts_policy_extension_value(a, i),
                      mtasts_policy_extension_value(b, i)));
  }
  n = mtasts_policy_diag_count(a);
  FU_CHECK(n == mtasts_policy_diag_count(b));
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *da = mtasts_policy_diag(a, i);
    const mtasts_diag *db = mtasts_policy_diag(b, i);
    FU_CHECK(fu_same_diag(da, db));
    FU_CHECK(da->fix_offset == db->fix_offset &&
             da->fix_length == db->fix_length);
  }
  for (size_t i = 0; i < 2; i++)
    FU_CHECK(mtasts_policy_mx_host_match(a, i) ==
             mtasts_policy_mx_host_match(b, i));
}

static void same_record(const mtasts_record *a, const mtasts_record *b) {
  FU_CHECK(mtasts_record_kind(a) == mtasts_record_kind(b));
  FU_CHECK(mtasts_record_valid(a) == mtasts_record_valid(b));
  FU_CHECK(mtasts_record_selected(a) == mtasts_record_selected(b));
  FU_CHECK(same_str(mtasts_record_version(a), mtasts_record_version(b)));
  FU_CHECK(same_str(mtasts_record_id(a), mtasts_record_id(b)));
  size_t n = mtasts_record_rua_count(a);
  FU_CHECK(n == mtasts_record_rua_count(b));
  for (size_t i = 0; i < n; i++)
    FU_CHECK(same_str(mtasts_record_rua(a, i), mtasts_record_rua(b, i)));
  n = mtasts_record_extension_count(a);
  FU_CHECK(n == mtasts_record_extension_count(b));
  for (size_t i = 0; i < n; i++) {
    FU_CHECK(same_str(mtasts_record_extension_name(a, i),
                      mtasts_record_extension_name(b, i)));
    FU_CHECK(same_str(mtasts_record_extension_value(a, i),
                      mtasts_record_extension_value(b, i)));
  }
  n = mtasts_record_diag_count(a);
  FU_CHECK(n == mtasts_record_diag_count(b));
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *da = mtasts_record_diag(a, i);
    const mtasts_diag *db = mtasts_record_diag(b, i);
    FU_CHECK(fu_same_diag(da, db));
    FU_CHECK(da->fix_offset == db->fix_offset &&
             da->fix_length == db->fix_length);
  }
}

/* The record data[0..size) both ways. */
static void records(unsigned char opt, const mtasts_options *o,
                    const uint8_t *data, size_t size) {
  mtasts_kind kind = opt & 8u ? MTASTS_RECORD_TLSRPT : MTASTS_RECORD_STS;
  char *text = fu_dup(data, size);
  mtasts_txt t = {text, size, opt & 2u ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW};
  mtasts_record *fast = NULL, *full = NULL;
  FU_CHECK(mtasts_i_record_parse(kind, &t, 1, o, 1, &fast) == MTASTS_OK);
  FU_CHECK(mtasts_i_record_parse(kind, &t, 1, o, 0, &full) == MTASTS_OK);
  same_record(fast, full);
  mtasts_record_free(fast);
  mtasts_record_free(full);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mtasts_options o;
  mtasts_options_init(&o);
  if (size == 0)
    return 0;
  unsigned char opt = data[0];
  if (opt & 1u)
    o.flags |= MTASTS_OPT_STRICT;
  if (opt & 4u) {
    records(opt, &o, data + 1, size - 1);
    return 0;
  }
  static const mtasts_str host = {"mail.example.com", 16};
  if (opt & 2u) {
    o.mx_hosts = &host;
    o.mx_host_count = 1;
  }
  /* An exact copy, so that a read past the body is caught. */
  char *body = fu_dup(data + 1, size - 1);
  mtasts_policy *fast = NULL, *full = NULL;
  FU_CHECK(mtasts_i_policy_parse(body, size - 1, &o, 1, &fast) == MTASTS_OK);
  FU_CHECK(mtasts_i_policy_parse(body, size - 1, &o, 0, &full) == MTASTS_OK);
  same_policy(fast, full);
  mtasts_policy_free(fast);
  mtasts_policy_free(full);
  free(body);
  return 0;
}
