/* SPDX-License-Identifier: MIT */
/*
 * What a sender fetched, judged offline: the HTTPS response of the policy
 * host (lib/http.c), a certificate's names (lib/certname.c) and a whole
 * live check (lib/live.c). Each case is a table row: the input, and the
 * findings expected with their id, source, line, column and severity.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An expected finding. A list ends with a NULL id. */
typedef struct t_exp {
  const char *id;
  const char *source; /* NULL: not checked */
  unsigned long line;
  unsigned long column;
  mtasts_severity severity;
} t_exp;

#define E MTASTS_SEVERITY_ERROR
#define W MTASTS_SEVERITY_WARNING
#define N MTASTS_SEVERITY_NOTE

/* Splits text at LF into lines (no LF after the last one is needed). */
static size_t split(const char *text, mtasts_txt *lines, size_t cap) {
  size_t n = 0;
  const char *p = text;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    ck_assert_uint_lt(n, cap);
    lines[n].ptr = p;
    lines[n].len = len;
    lines[n].form = MTASTS_TXT_RAW;
    n++;
    p += len + (e ? 1 : 0);
  }
  return n;
}

/* Asserts that the diagnostics are exactly the expected ones, in order. */
static void expect(const char *name, const mtasts_diag *const *v, size_t n,
                   const t_exp *want) {
  size_t m = 0;
  while (want[m].id)
    m++;
  int same = n == m;
  for (size_t i = 0; same && i < n; i++)
    same = strcmp(v[i]->id, want[i].id) == 0 && v[i]->line == want[i].line &&
           v[i]->column == want[i].column &&
           v[i]->severity == want[i].severity &&
           (!want[i].source ||
            (v[i]->source && strcmp(v[i]->source, want[i].source) == 0));
  if (same)
    return;
  char buf[8192];
  size_t o = 0;
  o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\n  expected:", name);
  for (size_t i = 0; i < m && o < sizeof buf; i++)
    o += (size_t)snprintf(buf + o, sizeof buf - o, "\n    %s %s@%lu:%lu %s",
                          want[i].id, want[i].source ? want[i].source : "*",
                          want[i].line, want[i].column,
                          mtasts_severity_name(want[i].severity));
  if (o < sizeof buf)
    o += (size_t)snprintf(buf + o, sizeof buf - o, "\n  got:");
  for (size_t i = 0; i < n && o < sizeof buf; i++)
    o += (size_t)snprintf(buf + o, sizeof buf - o, "\n    %s %s@%lu:%lu %s: %s",
                          v[i]->id, v[i]->source ? v[i]->source : "(null)",
                          v[i]->line, v[i]->column,
                          mtasts_severity_name(v[i]->severity), v[i]->message);
  ck_abort_msg("%s", buf);
}

/* ---------------------------------------------------------------------- */
/* mtasts_http_check                                                       */

#define URL "https://mta-sts.example.com/.well-known/mta-sts.txt"

#define GOOD_BODY                                                              \
  "version: STSv1\n"                                                           \
  "mode: enforce\n"                                                            \
  "mx: mx1.example.com\n"                                                      \
  "max_age: 604800"

typedef struct http_case {
  const char *name;
  const char *text; /* the tu_http_run form */
  size_t pad;
  unsigned flags;
  int valid;
  t_exp want[6];
} http_case;

static const http_case http_cases[] = {
    {"clean", "; content-type text/plain\n" GOOD_BODY, 0, 0, 1, {{NULL}}},
    {"charset utf-8, quoted, any case, spaces",
     "; content-type Text/PLAIN ;  CharSet=\"UTF-8\"\n" GOOD_BODY,
     0,
     0,
     1,
     {{NULL}}},
    {"charset us-ascii among other parameters",
     "; content-type text/plain; format=flowed; charset=us-ascii\n" GOOD_BODY,
     0,
     0,
     1,
     {{NULL}}},
    {"first charset counts",
     "; content-type text/plain;charset=utf-8;charset=latin1\n" GOOD_BODY,
     0,
     0,
     1,
     {{NULL}}},
    {"empty parameters are skipped",
     "; content-type text/plain;;\n" GOOD_BODY,
     0,
     0,
     1,
     {{NULL}}},
    {"charset latin1",
     "; content-type text/plain; charset=iso-8859-1\n" GOOD_BODY,
     0,
     0,
     1,
     {{"live-http-charset", URL, 1, 1, W}, {NULL}}},
    {"charset latin1, strict",
     "; content-type text/plain; charset=\"latin1\"\n" GOOD_BODY,
     0,
     MTASTS_OPT_STRICT,
     0,
     {{"live-http-charset", URL, 1, 1, E}, {NULL}}},
    {"text/html",
     "; content-type text/html; charset=utf-8\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, {NULL}}},
    {"octet-stream",
     "; content-type application/octet-stream\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, {NULL}}},
    {"no subtype",
     "; content-type text\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, {NULL}}},
    {"text/plain-ish prefix",
     "; content-type text/plainx\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, {NULL}}},
    {"empty content type",
     "; content-type \n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, {NULL}}},
    {"missing content type",
     GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type-missing", URL, 1, 1, E}, {NULL}}},
    {"redirect",
     "; status 301\n; location https://www.example.com/\n; content-type "
     "text/html\n<html>",
     0,
     0,
     0,
     {{"live-http-redirect", URL, 1, 1, E}, {NULL}}},
    {"redirect without location",
     "; status 302\n",
     0,
     0,
     0,
     {{"live-http-redirect", URL, 1, 1, E}, {NULL}}},
    {"404",
     "; status 404\n; content-type text/html\nnot found",
     0,
     0,
     0,
     {{"live-http-status", URL, 1, 1, E}, {NULL}}},
    {"no response",
     "; status 0\n",
     0,
     0,
     0,
     {{"live-http-status", URL, 1, 1, E}, {NULL}}},
    {"body lint at its line and column",
     "; content-type text/plain\nversion: STSv1\nmode: Enforce\nmx: "
     "mx1.example.com\nmax_age: 604800",
     0,
     0,
     0,
     {{"policy-mode-invalid", URL, 2, 7, E}, {NULL}}},
    {"body over 64000",
     "; content-type text/plain\n" GOOD_BODY "\nx-pad: a",
     64100,
     0,
     1,
     {{"live-http-body-large", URL, 1, 1, W},
      {"policy-unknown-field", URL, 5, 1, W},
      {NULL}}},
    {"body over 65536",
     "; content-type text/plain\n" GOOD_BODY "\nx-pad: a",
     65600,
     0,
     0,
     {{"live-http-body-too-large", URL, 1, 1, E},
      {"policy-unknown-field", URL, 5, 1, W},
      {NULL}}},
    {"body cut by the fetch",
     "; content-type text/plain\n; truncated\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-body-too-large", URL, 1, 1, E}, {NULL}}},
    {"several findings, response first",
     "; content-type text/html\nversion: STSv1\nmode: enforce\nmax_age: 1",
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E},
      {"policy-mx-missing", URL, 2, 7, E},
      {"policy-max-age-short", URL, 3, 10, W},
      {NULL}}},
};

START_TEST(test_http) {
  const http_case *c = &http_cases[_i];
  mtasts_txt lines[16];
  size_t n = split(c->text, lines, 16);
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = c->flags;
  mtasts_http_result *r = NULL;
  ck_assert_int_eq(tu_http_run(lines, n, c->pad, URL, &o, &r), MTASTS_OK);
  size_t dn = mtasts_http_result_diag_count(r);
  const mtasts_diag **v = calloc(dn + 1, sizeof *v);
  ck_assert_ptr_nonnull(v);
  for (size_t i = 0; i < dn; i++)
    v[i] = mtasts_http_result_diag(r, i);
  expect(c->name, v, dn, c->want);
  free(v);
  ck_assert_msg(mtasts_http_result_valid(r) == c->valid, "%s: valid %d",
                c->name, mtasts_http_result_valid(r));
  /* A 200 carries its parsed policy; any other status none. */
  const mtasts_policy *p = mtasts_http_result_policy(r);
  ck_assert_int_eq(p != NULL, strncmp(c->text, "; status", 8) != 0);
  mtasts_http_result_free(r);
}
END_TEST

START_TEST(test_http_values) {
  mtasts_http_response r;
  mtasts_http_response_init(&r);
  r.status = 200;
  r.content_type.ptr = "text/plain";
  r.content_type.len = 10;
  r.body.ptr = GOOD_BODY;
  r.body.len = strlen(GOOD_BODY);
  mtasts_http_result *res = NULL;
  /* No source: the findings' source is NULL. */
  r.content_type.len = 4;
  ck_assert_int_eq(mtasts_http_check(&r, NULL, NULL, &res), MTASTS_OK);
  ck_assert_uint_eq(mtasts_http_result_diag_count(res), 1);
  ck_assert_ptr_null(mtasts_http_result_diag(res, 0)->source);
  ck_assert_ptr_null(mtasts_http_result_diag(res, 1));
  const mtasts_policy *p = mtasts_http_result_policy(res);
  ck_assert_int_eq(mtasts_policy_mode(p), MTASTS_MODE_ENFORCE);
  ck_assert_str_eq(mtasts_policy_mx(p, 0), "mx1.example.com");
  /* The message quotes what was served. */
  ck_assert_ptr_nonnull(
      strstr(mtasts_http_result_diag(res, 0)->message, "'text'"));
  mtasts_http_result_free(res);

  /* The redirect's message names the status and the Location. */
  r.status = 308;
  r.location.ptr = "https://example.com/\x01";
  r.location.len = 21;
  ck_assert_int_eq(mtasts_http_check(&r, URL, NULL, &res), MTASTS_OK);
  const char *m = mtasts_http_result_diag(res, 0)->message;
  ck_assert_ptr_nonnull(strstr(m, "308"));
  ck_assert_ptr_nonnull(strstr(m, "'https://example.com/\\x01'"));
  ck_assert_ptr_null(mtasts_http_result_policy(res));
  mtasts_http_result_free(res);

  /* Arguments. */
  ck_assert_int_eq(mtasts_http_check(&r, URL, NULL, NULL),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_http_check(NULL, URL, NULL, &res),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(res);
  mtasts_http_response bad = r;
  bad.size = 0;
  ck_assert_int_eq(mtasts_http_check(&bad, URL, NULL, &res),
                   MTASTS_ERR_INVALID_ARG);
  bad = r;
  bad.body.ptr = NULL;
  ck_assert_int_eq(mtasts_http_check(&bad, URL, NULL, &res),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = 1u << 30;
  ck_assert_int_eq(mtasts_http_check(&r, URL, &o, &res),
                   MTASTS_ERR_INVALID_ARG);
  /* An older caller's smaller struct (only the first members) still
   * works: nothing here is newer than 1.1, so the size is the whole. */
  mtasts_http_result_free(NULL);
  ck_assert_int_eq(mtasts_http_result_valid(NULL), 0);
  ck_assert_uint_eq(mtasts_http_result_diag_count(NULL), 0);
  ck_assert_ptr_null(mtasts_http_result_diag(NULL, 0));
  ck_assert_ptr_null(mtasts_http_result_policy(NULL));
  mtasts_http_response_init_sized(NULL, sizeof r);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_cert_name_match                                                  */

typedef struct name_case {
  const char *host;
  const char *ids[4]; /* NULL-terminated */
  int match;
} name_case;

static const name_case name_cases[] = {
    {"mx1.example.com", {"mx1.example.com"}, 1},
    {"MX1.Example.COM", {"mx1.example.com"}, 1},
    {"mx1.example.com.", {"MX1.EXAMPLE.COM"}, 1},
    {"mx1.example.com", {"mx2.example.com", "mx1.example.com"}, 1},
    {"mx1.example.com", {"*.example.com"}, 1},
    {"mx1.example.com", {"*.EXAMPLE.com"}, 1},
    {"mta-sts.example.com", {"*.example.com"}, 1},
    /* A wildcard stands for exactly one label. */
    {"example.com", {"*.example.com"}, 0},
    {"a.mx1.example.com", {"*.example.com"}, 0},
    /* Only as the whole left-most label. */
    {"mx1.example.com", {"mx*.example.com"}, 0},
    {"mx1.example.com", {"*x1.example.com"}, 0},
    {"mx1.example.com", {"mx1.*.com"}, 0},
    {"mx1.example.com", {"*.*.com"}, 0},
    {"mx1.example.com", {"*"}, 0},
    /* Names that are no DNS-IDs or no hosts. */
    {"mx1.example.com", {"mx1.example.com."}, 0},
    {"mx1.example.com", {""}, 0},
    {"mx1.example.com", {"mx1.example.co"}, 0},
    {"mx1.example.com", {"192.0.2.1"}, 0},
    {"192.0.2.1", {"192.0.2.1"}, 0},
    {"*.example.com", {"*.example.com"}, 0},
    {"", {""}, 0},
    {"mx1.example.com", {NULL}, 0},
    {"mx1..example.com", {"mx1..example.com"}, 0},
};

START_TEST(test_cert_name) {
  const name_case *c = &name_cases[_i];
  mtasts_str ids[4] = {{NULL, 0}};
  size_t n = 0;
  for (; c->ids[n]; n++) {
    ids[n].ptr = c->ids[n];
    ids[n].len = strlen(c->ids[n]);
  }
  ck_assert_msg(mtasts_cert_name_match(c->host, strlen(c->host), ids, n) ==
                    c->match,
                "%s against %s: expected %d", c->host,
                n ? c->ids[0] : "nothing", c->match);
}
END_TEST

START_TEST(test_cert_name_edges) {
  mtasts_str ids[2] = {{NULL, 3}, {"mx.example.com", 14}};
  /* An entry without text is skipped; the next one still counts. */
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.com", 14, ids, 2), 1);
  ck_assert_int_eq(mtasts_cert_name_match(NULL, 14, ids, 2), 0);
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.com", 14, NULL, 2), 0);
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.com", 14, NULL, 0), 0);
  /* Lengths, not NULs, bound the names. */
  mtasts_str part = {"mx.example.com.evil", 14};
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.comX", 14, &part, 1), 1);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Allocation failures: each allocation fails in turn.                     */

START_TEST(test_http_allocation_failures) {
  mtasts_txt lines[8];
  size_t n =
      split("; content-type text/html\nversion: STSv1\nmode: x", lines, 8);
  for (size_t k = 1; k < 10000; k++) {
    tu_alloc a;
    memset(&a, 0, sizeof a);
    a.fail_at = k;
    mtasts_allocator al = tu_allocator(&a, (int)(k & 1));
    mtasts_options o;
    mtasts_options_init(&o);
    o.allocator = &al;
    mtasts_http_result *r = NULL;
    mtasts_status st = tu_http_run(lines, n, 0, URL, &o, &r);
    ck_assert(st == MTASTS_OK || st == MTASTS_ERR_NOMEM);
    if (st == MTASTS_OK)
      ck_assert_uint_ge(mtasts_http_result_diag_count(r), 3);
    else
      ck_assert_ptr_null(r);
    mtasts_http_result_free(r);
    ck_assert_int_eq(a.blocks, 0);
    if (a.attempts < k)
      return; /* every allocation has failed once */
  }
  ck_abort_msg("more than 10000 allocations");
}
END_TEST

int main(void) {
  Suite *s = suite_create("live");
  TCase *tc = tcase_create("live");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_http, 0,
                      (int)(sizeof http_cases / sizeof http_cases[0]));
  tcase_add_test(tc, test_http_values);
  tcase_add_loop_test(tc, test_cert_name, 0,
                      (int)(sizeof name_cases / sizeof name_cases[0]));
  tcase_add_test(tc, test_cert_name_edges);
  tcase_add_test(tc, test_http_allocation_failures);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
