/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the Check suites: run an input through the library and
 * compare its diagnostics with an expected list of (id, line, column); and
 * an allocator that counts what the library allocates and fails on request.
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

/*
 * An allocator for the library's mtasts_allocator that counts calls, live
 * blocks and bytes, and the peak, and makes chosen attempts fail. Zero it
 * (memset or {0}) before use; tu_allocator gives the mtasts_allocator.
 */
typedef struct tu_alloc {
  /* Failure: attempt number fail_at (1-based, counted in attempts) returns
   * NULL (0: none), and with sticky every attempt after it too. */
  size_t attempts; /* malloc and realloc calls, failed ones included */
  size_t fail_at;
  int sticky;
  size_t calls; /* malloc and realloc calls that succeeded */
  long blocks;  /* blocks allocated and not freed */
  size_t live;  /* bytes allocated and not freed */
  size_t peak;  /* the most live bytes at any time, a realloc counted as
                   holding the old and the new block together */
} tu_alloc;

/* The allocator over a; without realloc (with_realloc 0) the library
 * copies into a new block instead. */
mtasts_allocator tu_allocator(tu_alloc *a, int with_realloc);

/*
 * An HTTP response in the form of docs/diagnostics.md's http examples:
 * lines starting with "; " before the body set the status ("; status N",
 * 200 when absent), the Location ("; location URL"), the Content-Type
 * ("; content-type VALUE"; none when absent) and body_truncated
 * ("; truncated"); the other lines are the body, each ending with LF.
 * pad, when not 0, extends the body to pad bytes by repeating the last
 * byte of its last line. Checks it with mtasts_http_check at source and returns
 * its status.
 */
mtasts_status tu_http_run(const mtasts_txt *lines, size_t n, size_t pad,
                          const char *source, const mtasts_options *options,
                          mtasts_http_result **out);

/*
 * A live check of example.com in the form of docs/diagnostics.md's live
 * examples: parts, each starting with one of these lines, whose lines
 * count from 1 after it:
 *   "; domain NAME"      the domain (example.com when absent)
 *   "; dns NAME TYPE [OUTCOME] [DNSSEC] [cname]"  a DNS answer (TYPE A,
 *        AAAA, MX, TXT or TLSA; OUTCOME answer, nxdomain, nodata,
 *        servfail or timeout; DNSSEC unchecked, secure, insecure or bogus;
 *        cname: reached through a CNAME); its records follow, one a line
 *   "; fetch ADDRESS [FLAG...]"  the policy fetched from one address; the
 *        body follows, each line ending with LF. Flags: refused, timeout,
 *        tlsfail, untrusted, expired, future, expires=DAYS (90), names=A,B
 *        (the DNS-IDs; mta-sts.<domain>), error=TEXT (the connection's
 *        error message), status=N (200), type=VALUE
 *        (text/plain; "none" for no header), location=URL, truncated,
 *        noresponse
 *   "; smtp HOST ADDRESS [FLAG...]"  a connection to HOST:25. Flags:
 *        refused, timeout, silent, nostarttls, tlsfail, tls=0xNNNN
 *        (0x0304), untrusted, expired, future, expires=DAYS, names=A,B
 *        (HOST), error=TEXT, tlsa, tlsa-mismatch
 *   "; file SOURCE"      the local policy file; its lines follow
 * Runs mtasts_live_check and returns the first status that is not
 * MTASTS_OK.
 */
mtasts_status tu_live_run(const mtasts_txt *lines, size_t n,
                          const mtasts_options *options,
                          mtasts_live_result **out);

/* Runs the suite and returns the process exit status. */
int tu_run(Suite *s);

#endif
