/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fuzz harnesses: the libFuzzer entry point's prototype, a
 * check macro that aborts, and the invariants that every policy parse must
 * satisfy (used by fuzz_policy and fuzz_mx).
 */
#ifndef MTASTS_FUZZ_UTIL_H
#define MTASTS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <mtasts/mtasts.h>

/* The entry point every harness defines (libFuzzer's interface). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints where an invariant failed and aborts, so that libFuzzer (or the
 * replay test) reports the input as a crash. */
void fu_fail(const char *file, int line, const char *what);

#define FU_CHECK(cond)                                                         \
  do {                                                                         \
    if (!(cond))                                                               \
      fu_fail(__FILE__, __LINE__, #cond);                                      \
  } while (0)

/* A malloc'd copy of p[0..n) of exactly n bytes (at least 1 allocated), so
 * that AddressSanitizer catches any read outside the span. Aborts on
 * failure. */
char *fu_dup(const void *p, size_t n);

/*
 * 1 when s is valid UTF-8 (RFC 3629 §4: no overlong form, surrogate or code
 * point above U+10FFFF) holding no control character (C0 or DEL), TAB
 * excepted when allow_tab is set. The library promises UTF-8 strings
 * (mtasts.h), and values it took from a field it found malformed must not
 * reach the caller.
 */
int fu_text_ok(const char *s, int allow_tab);

/* Options from a harness's option byte: bit 0 strict, bit 1 a small
 * diagnostic limit of 1 + bits 2-3. */
void fu_options(unsigned opt, mtasts_options *o);

/* The number of diagnostics a result may hold under these options: the
 * limit plus one too-many-diagnostics entry. */
size_t fu_diag_limit(const mtasts_options *o);

/* Checks the invariants of one diagnostic whose offset and length point into
 * a text of input_len bytes. */
void fu_check_diag(const mtasts_diag *d, size_t input_len);

/* 1 when both diagnostics say the same thing at the same place. */
int fu_same_diag(const mtasts_diag *a, const mtasts_diag *b);

/* Checks that diagnostic b, found in strict mode, is diagnostic a found
 * without it, with a warning raised to an error and nothing else changed. */
void fu_check_strict_pair(const mtasts_diag *a, const mtasts_diag *b);

/*
 * Parses a policy and checks every invariant: each diagnostic (span, line,
 * column, strings, id), the cap, valid == no error, the required values of a
 * valid policy, identical results from a second parse, strict mode only
 * raising severities, and for a policy with no diagnostic at all, that its
 * canonical form parses back to the same values. Returns the first result;
 * the caller frees it.
 */
mtasts_policy *fu_policy_checked(const char *buf, size_t len,
                                 const mtasts_options *o);

#endif
