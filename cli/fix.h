/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint --fix: applies the fix-its the library offers to a policy
 * file, and shows the change as a unified diff.
 *
 * The library decides what a fix is (each diagnostic's hint and the bytes
 * it replaces, fix_offset and fix_length); this file only chooses which to
 * apply: never two whose spans overlap, and only fixes after which the
 * library reports no error that it did not report before.
 */
#ifndef MTASTS_CLI_FIX_H
#define MTASTS_CLI_FIX_H

#include <stddef.h>
#include <stdio.h>

#include <mtasts/mtasts.h>

typedef struct fix_result {
  char *text; /* the fixed body (malloc'd, NUL-terminated), or NULL */
  size_t len;
  size_t applied; /* fixes applied */
  size_t refused; /* fixes left out: they overlapped, or made a new error */
} fix_result;

/*
 * Applies the fixes of policy body buf[0..len) (parsed with options), in
 * rounds: a round applies every fix of one parse whose span overlaps none
 * before it, when together they add no error; otherwise it applies them one
 * at a time, each only when it adds no error. Stops when a round applies
 * nothing. Only the fixes of findings of severity least or above are
 * applied: a note's hint is advice (a longer max_age), not a repair. Returns
 * MTASTS_OK and fills *out (out->text is set even when nothing changed), or the
 * status of a parse that failed.
 */
mtasts_status fix_policy(const char *buf, size_t len,
                         const mtasts_options *options, mtasts_severity least,
                         fix_result *out);

/*
 * 1 when some line of buf[0..len) is a policy field: its name (before the
 * first ':', blanks around it ignored, any case) is version, mode, mx or
 * max_age (RFC 8461 §3.2). --fix leaves a file without one alone: it is not
 * a policy (a link to another file, a file named by mistake), and the fixes
 * would make it one.
 */
int fix_has_policy_field(const char *buf, size_t len);

/*
 * Writes a unified diff (diff -u form, 3 lines of context) that turns a
 * into b, labelled "a/NAME" and "b/NAME". A name with a control character,
 * a '"', a '\' or a byte above 0x7F is quoted as git quotes it: the whole
 * label between double quotes, with \n, \t, \", \\ and \NNN (octal)
 * escapes, which patch(1) reads back; so no name can end a header line or
 * start a hunk. Writes nothing when they are equal. Returns 0, or -1 when
 * writing failed.
 */
int fix_write_diff(FILE *fp, const char *name, const char *a, size_t alen,
                   const char *b, size_t blen);

#endif
