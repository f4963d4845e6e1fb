/*
 * Helpers shared by the Check suites: run an input through the library and
 * compare its diagnostics with an expected list of (id, line, column).
 */
#ifndef MTASTS_TESTUTIL_H
#define MTASTS_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include <mtasts/mtasts.h>

/* One expected diagnostic. A list ends with an entry whose id is NULL. */
typedef struct tu_diag {
  const char *id;
  unsigned long line;
  unsigned long column;
} tu_diag;

/*
 * Parses a policy and asserts that its diagnostics are exactly the expected
 * ones, in order. options may be NULL. valid is the expected result of
 * mtasts_policy_valid (-1: do not check). Fails the current Check test with a
 * listing of both lists on any difference.
 */
void tu_policy(const char *name, const char *in, size_t len,
               const mtasts_options *options, int valid,
               const tu_diag *expected);

/* The same for a set of TXT records of one kind. */
void tu_records(const char *name, mtasts_kind kind, const mtasts_txt *records,
                size_t count, const mtasts_options *options, int valid,
                const tu_diag *expected);

/* Convenience: one raw record given as a C string. */
void tu_record(const char *name, mtasts_kind kind, const char *text, int valid,
               const tu_diag *expected);

/* Compares a diagnostic array with an expected list; returns 1 when equal,
 * else 0 and writes a description of both into buf. */
int tu_compare(const mtasts_diag *const *diags, size_t n,
               const tu_diag *expected, char *buf, size_t cap);

/* Reads a whole file into a malloc'd buffer; NULL on failure. */
char *tu_read_file(const char *path, size_t *len);

/* Runs the suite and returns the process exit status. */
int tu_run(Suite *s);

#endif
