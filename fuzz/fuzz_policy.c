/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harness for mtasts_policy_parse (RFC 8461 §3.2 policy bodies).
 *
 * Input: one option byte, then the policy body.
 *   bit 0      MTASTS_OPT_STRICT
 *   bit 1      set a small max_diagnostics: 1 + bits 2..4 (1 to 8)
 * The seeds start with '0' (defaults), '1' (strict) or '2' (at most 5
 * diagnostics), so that they stay readable.
 *
 * The invariants are in fuzz_util.c (fu_policy_checked). The body is also
 * given to mtasts_diag_code_from_id, the other public function that reads
 * (pointer, length) input.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mtasts_options o;
  mtasts_options_init(&o);
  if (size == 0) {
    /* No option byte: the empty policy, which may be passed as NULL. */
    mtasts_policy_free(fu_policy_checked(NULL, 0, &o));
    return 0;
  }
  unsigned char opt = data[0];
  if (opt & 1u)
    o.flags |= MTASTS_OPT_STRICT;
  if (opt & 2u)
    o.max_diagnostics = 1u + ((opt >> 2) & 7u);

  /* An exact copy, so that a read past the body is caught. */
  char *body = fu_dup(data + 1, size - 1);
  mtasts_policy_free(fu_policy_checked(body, size - 1, &o));

  /* The catalogue look-up reads (pointer, length) input too: it finds the
   * body only when the body is exactly an id. */
  int code = mtasts_diag_code_from_id(body, size - 1);
  if (code >= 0) {
    const char *id = mtasts_diag_code_id((mtasts_diag_code)code);
    FU_CHECK(id != NULL && strlen(id) == size - 1 &&
             memcmp(id, body, size - 1) == 0);
  }
  free(body);
  return 0;
}
