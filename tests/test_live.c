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

/* The end of a list of expected findings. */
#define T_END                                                                  \
  { NULL, NULL, 0, 0, MTASTS_SEVERITY_NOTE }

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
    {"clean", "; content-type text/plain\n" GOOD_BODY, 0, 0, 1, {T_END}},
    {"charset utf-8, quoted, any case, spaces",
     "; content-type Text/PLAIN ;  CharSet=\"UTF-8\"\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"charset us-ascii among other parameters",
     "; content-type text/plain; format=flowed; charset=us-ascii\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"first charset counts",
     "; content-type text/plain;charset=utf-8;charset=latin1\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"empty parameters are skipped",
     "; content-type text/plain;;\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"charset latin1",
     "; content-type text/plain; charset=iso-8859-1\n" GOOD_BODY,
     0,
     0,
     1,
     {{"live-http-charset", URL, 1, 1, W}, T_END}},
    {"charset latin1, strict",
     "; content-type text/plain; charset=\"latin1\"\n" GOOD_BODY,
     0,
     MTASTS_OPT_STRICT,
     0,
     {{"live-http-charset", URL, 1, 1, E}, T_END}},
    {"text/html",
     "; content-type text/html; charset=utf-8\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"octet-stream",
     "; content-type application/octet-stream\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"no subtype",
     "; content-type text\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"text/plain-ish prefix",
     "; content-type text/plainx\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"empty content type",
     "; content-type \n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"empty subtype",
     "; content-type text/; charset=utf-8\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"no parameter after the type: ignored",
     "; content-type text/plain , charset=latin1\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"a parameter without a value ends the parameters",
     "; content-type text/plain; charset; charset=latin1\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"an unterminated quoted charset is none",
     "; content-type text/plain; charset=\"latin1\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"a quoted-pair in the charset",
     "; content-type text/plain; charset=\"utf\\-8\"\n" GOOD_BODY,
     0,
     0,
     1,
     {{"live-http-charset", URL, 1, 1, W}, T_END}},
    {"missing content type",
     GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type-missing", URL, 1, 1, E}, T_END}},
    {"redirect",
     "; status 301\n; location https://www.example.com/\n; content-type "
     "text/html\n<html>",
     0,
     0,
     0,
     {{"live-http-redirect", URL, 1, 1, E}, T_END}},
    {"redirect without location",
     "; status 302\n",
     0,
     0,
     0,
     {{"live-http-redirect", URL, 1, 1, E}, T_END}},
    {"404",
     "; status 404\n; content-type text/html\nnot found",
     0,
     0,
     0,
     {{"live-http-status", URL, 1, 1, E}, T_END}},
    {"no response",
     "; status 0\n",
     0,
     0,
     0,
     {{"live-http-status", URL, 1, 1, E}, T_END}},
    {"body lint at its line and column",
     "; content-type text/plain\nversion: STSv1\nmode: Enforce\nmx: "
     "mx1.example.com\nmax_age: 604800",
     0,
     0,
     0,
     {{"policy-mode-invalid", URL, 2, 7, E}, T_END}},
    {"body over 64000",
     "; content-type text/plain\n" GOOD_BODY "\nx-pad: a",
     64100,
     0,
     1,
     {{"live-http-body-large", URL, 1, 1, W},
      {"policy-unknown-field", URL, 5, 1, W},
      T_END}},
    {"body over 65536",
     "; content-type text/plain\n" GOOD_BODY "\nx-pad: a",
     65600,
     0,
     0,
     {{"live-http-body-too-large", URL, 1, 1, E},
      {"policy-unknown-field", URL, 5, 1, W},
      T_END}},
    {"body cut by the fetch",
     "; content-type text/plain\n; truncated\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-body-too-large", URL, 1, 1, E}, T_END}},
    {"no slash: no media type",
     "; content-type text plain\n" GOOD_BODY,
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E}, T_END}},
    {"a parameter without a value ends the parameters",
     "; content-type text/plain; charset; charset=latin1\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"a parameter name at the end",
     "; content-type text/plain; charset\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"an empty charset",
     "; content-type text/plain; charset=\n" GOOD_BODY,
     0,
     0,
     1,
     {{"live-http-charset", URL, 1, 1, W}, T_END}},
    {"a quoted charset that never ends",
     "; content-type text/plain; charset=\"latin1\\\n" GOOD_BODY,
     0,
     0,
     1,
     {T_END}},
    {"an empty body",
     "; content-type text/plain\n",
     0,
     0,
     0,
     {{"policy-empty", URL, 1, 1, E}, T_END}},
    {"several findings, response first",
     "; content-type text/html\nversion: STSv1\nmode: enforce\nmax_age: 1",
     0,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E},
      {"policy-mx-missing", URL, 2, 7, E},
      {"policy-max-age-short", URL, 3, 10, W},
      T_END}},
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
  bad = r;
  bad.location.ptr = NULL;
  ck_assert_int_eq(mtasts_http_check(&bad, URL, NULL, &res),
                   MTASTS_ERR_INVALID_ARG);
  bad = r;
  bad.content_type.ptr = NULL;
  ck_assert_int_eq(mtasts_http_check(&bad, URL, NULL, &res),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(res);
  /* No pointer with no length is no text: a 404 without a body, a
   * Location or a Content-Type. */
  bad = r;
  bad.status = 404;
  bad.body.ptr = bad.location.ptr = bad.content_type.ptr = NULL;
  bad.body.len = bad.location.len = bad.content_type.len = 0;
  ck_assert_int_eq(mtasts_http_check(&bad, URL, NULL, &res), MTASTS_OK);
  ck_assert_uint_eq(mtasts_http_result_diag_count(res), 1);
  ck_assert_str_eq(mtasts_http_result_diag(res, 0)->id, "live-http-status");
  ck_assert_ptr_null(mtasts_http_result_policy(res));
  mtasts_http_result_free(res);
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
  /* An empty host, with or without text, is no host any name matches. */
  ck_assert_int_eq(mtasts_cert_name_match(NULL, 0, ids, 2), 0);
  ck_assert_int_eq(mtasts_cert_name_match("", 0, ids, 2), 0);
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.com", 14, NULL, 2), 0);
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.com", 14, NULL, 0), 0);
  /* Lengths, not NULs, bound the names. */
  mtasts_str part = {"mx.example.com.evil", 14};
  ck_assert_int_eq(mtasts_cert_name_match("mx.example.comX", 14, &part, 1), 1);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_live_*: whole scenarios (tu_live_run's form, testutil.h)         */

#define STS "_mta-sts.example.com/TXT"
#define RPT "_smtp._tls.example.com/TXT"
#define MXS "example.com/MX"
#define AT10 URL " [192.0.2.10]"
#define AT11 URL " [192.0.2.11]"
#define MX1 "mx1.example.com:25 [192.0.2.25]"

#define D_STS "; dns _mta-sts.example.com TXT\nv=STSv1; id=20240101\n"
#define D_RPT                                                                  \
  "; dns _smtp._tls.example.com TXT\nv=TLSRPTv1; "                             \
  "rua=mailto:tlsrpt@example.com\n"
#define D_HOST "; dns mta-sts.example.com A\n192.0.2.10\n"
#define D_MX "; dns example.com MX\n10 mx1.example.com.\n"
#define D_MX1 "; dns mx1.example.com A\n192.0.2.25\n"
#define BODY(mode)                                                             \
  "version: STSv1\nmode: " mode "\nmx: mx1.example.com\nmax_age: 604800\n"
#define F_GOOD "; fetch 192.0.2.10\n" BODY("enforce")
#define S_GOOD "; smtp mx1.example.com 192.0.2.25\n"
/* Everything but the policy fetch and the SMTP connection. */
#define DNS D_STS D_RPT D_HOST D_MX D_MX1
#define CLEAN DNS F_GOOD S_GOOD

typedef struct live_case {
  const char *name;
  const char *text;
  unsigned flags;
  int valid;
  t_exp want[8];
  const char *verdict; /* NULL: not checked */
} live_case;

static const live_case live_cases[] = {
    {"AAAA and TLSA lookups fail",
     CLEAN "; dns mx1.example.com AAAA servfail\n"
           "; dns _25._tcp.mx1.example.com TLSA timeout\n",
     0,
     0,
     {{"live-dns-failure", "mx1.example.com/AAAA", 1, 1, E},
      {"live-dns-failure", "_25._tcp.mx1.example.com/TLSA", 1, 1, E},
      T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"MX records: spaces, no exchange, a host twice",
     D_STS D_RPT D_HOST "; dns example.com MX\n10 mx1.example.com.  \n20\n30 "
                        "mx1.example.com\n" D_MX1 F_GOOD S_GOOD,
     0,
     1,
     {T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"an unknown old TLS version",
     DNS F_GOOD "; smtp mx1.example.com 192.0.2.25 tls=0x0300\n",
     0,
     1,
     {{"live-smtp-tls-old", MX1, 1, 1, W}, T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"max_age under a day",
     DNS "; fetch 192.0.2.10\nversion: STSv1\nmode: enforce\nmx: "
         "mx1.example.com\nmax_age: 3600\n" S_GOOD,
     0,
     1,
     {{"policy-max-age-short", URL, 4, 10, W}, T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 3600 seconds)"},
    {"addresses of both families, the same answer",
     D_STS D_RPT
     "; dns mta-sts.example.com A\n192.0.2.10\n1.2.3.256\n"
     "; dns mta-sts.example.com AAAA\n2001:db8::10\n2001:db8::1\n" D_MX D_MX1
         F_GOOD
     "; fetch 2001:db8::10\n" BODY("enforce") "; fetch 2001:db8::1\n" BODY(
         "enforce") "; fetch 1.2.3.256\n" BODY("enforce") S_GOOD,
     0,
     1,
     {T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"an MX host that is no host name",
     D_STS D_RPT D_HOST "; dns example.com MX\n10 -mx.example.com.\n" F_GOOD,
     0,
     0,
     {{"deploy-mx-not-covered", URL, 3, 1, E}, T_END},
     "senders that support MTA-STS refuse to deliver mail to example.com: no "
     "MX host passes (enforce, max_age 7 days)"},
    {"clean",
     CLEAN,
     0,
     1,
     {T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    /* DNS */
    {"_mta-sts lookup fails",
     "; dns _mta-sts.example.com TXT servfail\n" D_RPT D_HOST D_MX D_MX1 F_GOOD
         S_GOOD,
     0,
     0,
     {{"live-dns-failure", STS, 1, 1, E}, T_END},
     "senders cannot tell whether example.com uses MTA-STS: those that cached "
     "a policy keep applying it, the others deliver as if it had no MTA-STS"},
    {"MX lookup times out",
     D_STS D_RPT D_HOST "; dns example.com MX timeout\n" F_GOOD,
     0,
     0,
     {{"live-dns-failure", MXS, 1, 1, E}, T_END},
     "senders that support MTA-STS deliver to example.com only to MX hosts "
     "the policy covers, over TLS with a valid certificate (enforce, max_age "
     "7 days)"},
    {"bogus TLS-RPT answer, no deploy-no-tlsrpt",
     D_STS "; dns _smtp._tls.example.com TXT servfail bogus\n" D_HOST D_MX D_MX1
         F_GOOD S_GOOD,
     0,
     0,
     {{"live-dnssec-bogus", RPT, 1, 1, E}, T_END},
     NULL},
    {"insecure _mta-sts",
     "; dns _mta-sts.example.com TXT insecure\nv=STSv1; id=20240101\n" D_RPT
         D_HOST D_MX D_MX1 F_GOOD S_GOOD,
     0,
     1,
     {{"live-dnssec-insecure", STS, 1, 1, N}, T_END},
     NULL},
    {"no _mta-sts record while a policy is served",
     "; dns _mta-sts.example.com TXT nxdomain\n" D_RPT D_HOST D_MX D_MX1 F_GOOD
         S_GOOD,
     0,
     1,
     {{"live-sts-record-missing", STS, 1, 1, W}, T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached a policy earlier keep applying it until "
     "its max_age runs out"},
    {"no _mta-sts record, only TLS-RPT",
     "; dns _mta-sts.example.com TXT nodata\n" D_RPT D_MX D_MX1,
     0,
     1,
     {{"live-sts-record-missing", STS, 1, 1, W}, T_END},
     NULL},
    {"no MTA-STS at all",
     "; dns _mta-sts.example.com TXT nxdomain\n; dns "
     "_smtp._tls.example.com TXT nxdomain\n" D_MX D_MX1,
     0,
     1,
     {T_END},
     NULL},
    {"two v=STSv1 records",
     "; dns _mta-sts.example.com TXT\nv=STSv1; id=1\nv=STSv1; id=2\n" D_RPT
         D_HOST D_MX D_MX1 F_GOOD S_GOOD,
     0,
     0,
     {{"txt-set-multiple", STS, 2, 1, E}, T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached a policy earlier keep applying it until "
     "its max_age runs out"},
    {"record without a policy host",
     D_STS D_RPT "; dns mta-sts.example.com A nxdomain\n; dns "
                 "mta-sts.example.com AAAA nxdomain\n" D_MX D_MX1 S_GOOD,
     0,
     0,
     /* Stands in for deploy-record-without-policy: why no policy came. */
     {{"deploy-policy-host-no-address", "mta-sts.example.com/A", 1, 1, E},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep applying it until its "
     "max_age runs out"},
    {"_mta-sts through a CNAME is fine",
     "; dns _mta-sts.example.com TXT cname\nv=STSv1; id=20240101\n" D_RPT
     "; dns mta-sts.example.com A cname\n192.0.2.10\n" D_MX D_MX1 F_GOOD S_GOOD,
     0,
     1,
     {T_END},
     NULL},
    {"no TLS-RPT record",
     D_STS "; dns _smtp._tls.example.com TXT nxdomain\n" D_HOST D_MX D_MX1
         F_GOOD S_GOOD,
     0,
     1,
     {{"live-tlsrpt-missing", RPT, 1, 1, W}, T_END},
     NULL},
    {"no TLS-RPT record (NODATA), testing",
     D_STS "; dns _smtp._tls.example.com TXT nodata\n" D_HOST D_MX D_MX1
           "; fetch 192.0.2.10\n" BODY("testing") S_GOOD,
     0,
     1,
     {{"live-tlsrpt-missing", RPT, 1, 1, W}, T_END},
     "senders that support MTA-STS deliver to example.com as before and "
     "report nothing, since it publishes no TLS-RPT record (testing, max_age "
     "7 days)"},
    {"no TLS-RPT record, strict",
     D_STS "; dns _smtp._tls.example.com TXT nxdomain\n" D_HOST D_MX D_MX1
         F_GOOD S_GOOD,
     MTASTS_OPT_STRICT,
     0,
     {{"live-tlsrpt-missing", RPT, 1, 1, E}, T_END},
     NULL},
    {"TLS-RPT lookup not made: nothing said of it",
     D_STS D_HOST D_MX D_MX1 F_GOOD S_GOOD,
     0,
     1,
     {T_END},
     NULL},
    {"policy host without AAAA, with A",
     DNS "; dns mta-sts.example.com AAAA nodata\n" F_GOOD S_GOOD,
     0,
     1,
     {T_END},
     NULL},
    {"policy host with neither, only AAAA looked up",
     D_STS D_RPT "; dns mta-sts.example.com AAAA nodata\n" D_MX D_MX1 S_GOOD,
     0,
     0,
     {{"deploy-policy-host-no-address", "mta-sts.example.com/AAAA", 1, 1, E},
      T_END},
     NULL},
    {"policy host lookup fails: the failure, not a missing address",
     D_STS D_RPT "; dns mta-sts.example.com A servfail\n" D_MX D_MX1 S_GOOD,
     0,
     0,
     {{"live-dns-failure", "mta-sts.example.com/A", 1, 1, E}, T_END},
     NULL},
    {"nothing fetched: the record without a policy stays",
     DNS S_GOOD,
     0,
     1,
     {{"deploy-record-without-policy", STS, 1, 1, W}, T_END},
     NULL},
    {"TLS up, no HTTP response",
     DNS "; fetch 192.0.2.10 noresponse\n" S_GOOD,
     0,
     0,
     {{"live-http-status", AT10, 1, 1, E}, T_END},
     NULL},
    {"TLS up, no HTTP response, another address serves",
     CLEAN "; fetch 192.0.2.11 noresponse\n",
     0,
     0,
     {{"live-policy-address-differs", AT11, 1, 1, E}, T_END},
     NULL},
    /* MX */
    {"null MX",
     D_STS D_RPT D_HOST "; dns example.com MX\n0 .\n" F_GOOD,
     0,
     1,
     {{"live-mx-null", MXS, 1, 1, N}, T_END},
     "example.com accepts no mail (null MX), so senders deliver nothing to it "
     "whatever its MTA-STS policy says"},
    {"implicit MX, covered",
     D_STS D_RPT D_HOST "; dns example.com MX nodata\n; dns example.com "
                        "A\n192.0.2.30\n; fetch 192.0.2.10\nversion: "
                        "STSv1\nmode: enforce\nmx: example.com\nmax_age: "
                        "86400\n; smtp example.com 192.0.2.30\n",
     0,
     1,
     {{"policy-max-age-enforce-short", URL, 4, 10, N},
      {"live-mx-implicit", MXS, 1, 1, N},
      T_END},
     "senders that support MTA-STS deliver to example.com only over TLS with "
     "a valid certificate (enforce, max_age 1 day)"},
    {"implicit MX, not covered",
     D_STS D_RPT D_HOST "; dns example.com MX nxdomain\n" F_GOOD,
     0,
     0,
     {{"deploy-mx-not-covered", URL, 3, 1, E},
      {"live-mx-implicit", MXS, 1, 1, N},
      T_END},
     "senders that support MTA-STS refuse to deliver mail to example.com: no "
     "MX host passes (enforce, max_age 7 days)"},
    {"MX host is a CNAME",
     D_STS D_RPT D_HOST D_MX
     "; dns mx1.example.com A cname\n192.0.2.25\n" F_GOOD S_GOOD,
     0,
     0,
     {{"live-mx-cname", MXS, 1, 1, E}, T_END},
     NULL},
    {"MX host without address, enforce",
     D_STS D_RPT D_HOST
     "; dns example.com MX\n10 mx1.example.com.\n20 mx2.example.com.\n" D_MX1
     "; dns mx2.example.com A nxdomain\n; dns mx2.example.com AAAA "
     "nxdomain\n; fetch 192.0.2.10\nversion: STSv1\nmode: enforce\nmx: "
     "*.example.com\nmax_age: 604800\n" S_GOOD,
     0,
     0,
     {{"live-mx-no-address", MXS, 2, 1, E}, T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate and refuse to deliver to mx2.example.com "
     "(enforce, max_age 7 days)"},
    {"MX host without address, testing",
     D_STS D_RPT D_HOST D_MX "; dns mx1.example.com A nodata\n; fetch "
                             "192.0.2.10\n" BODY("testing"),
     0,
     1,
     {{"live-mx-no-address", MXS, 1, 1, W}, T_END},
     "senders that support MTA-STS deliver to example.com as before and "
     "report TLS failures to its TLS-RPT addresses (testing, max_age 7 days)"},
    {"MX host without address, none",
     D_STS D_RPT D_HOST D_MX "; dns mx1.example.com A nodata\n; fetch "
                             "192.0.2.10\n" BODY("none"),
     0,
     1,
     {{"policy-mode-none-long-max-age", URL, 4, 10, W},
      {"live-mx-no-address", MXS, 1, 1, N},
      T_END},
     "senders deliver to example.com as if it had no MTA-STS and drop the "
     "policies they cached (none, max_age 7 days)"},
    {"MX host without address, no policy",
     D_STS D_RPT D_HOST D_MX "; dns mx1.example.com A nodata\n; fetch "
                             "192.0.2.10 status=404\n",
     0,
     0,
     {{"live-http-status", URL, 1, 1, E},
      {"live-mx-no-address", MXS, 1, 1, W},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep applying it until its "
     "max_age runs out"},
    {"MX host not covered",
     D_STS D_RPT D_HOST
     "; dns example.com MX\n10 mx1.example.com.\n20 mx3.example.net.\n" D_MX1
         F_GOOD S_GOOD,
     0,
     0,
     {{"deploy-mx-not-covered", URL, 3, 1, E}, T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate and refuse to deliver to mx3.example.net "
     "(enforce, max_age 7 days)"},
    /* The policy host */
    {"policy host unreachable",
     D_STS D_RPT D_HOST D_MX D_MX1 "; fetch 192.0.2.10 refused\n; fetch "
                                   "192.0.2.11 timeout\n" S_GOOD,
     0,
     0,
     {{"live-policy-host-unreachable", AT10, 1, 1, E},
      {"live-policy-host-unreachable", AT11, 1, 1, E},
      T_END},
     NULL},
    {"one address fails, one serves another body",
     CLEAN "; fetch 192.0.2.11 tlsfail\n; fetch 192.0.2.12\n" BODY("testing"),
     0,
     0,
     {{"live-policy-address-differs", AT11, 1, 1, E},
      {"live-policy-address-differs", URL " [192.0.2.12]", 1, 1, E},
      T_END},
     NULL},
    {"an address serves a 404",
     CLEAN "; fetch 192.0.2.11 status=404\n",
     0,
     0,
     {{"live-policy-address-differs", AT11, 1, 1, E}, T_END},
     NULL},
    {"an address serves text/html",
     CLEAN "; fetch 192.0.2.11 type=text/html\n" BODY("enforce"),
     0,
     0,
     {{"live-policy-address-differs", AT11, 1, 1, E}, T_END},
     NULL},
    {"the first address is bad, the second serves",
     DNS "; fetch 192.0.2.10 untrusted\n" BODY("enforce") F_GOOD S_GOOD,
     0,
     0,
     {{"live-https-cert-untrusted", AT10, 1, 1, E}, T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"policy host certificate for another name, expired",
     DNS "; fetch 192.0.2.10 names=www.example.com expired\n" BODY("enforce")
         S_GOOD,
     0,
     0,
     {{"live-https-cert-name-mismatch", AT10, 1, 1, E},
      {"live-https-cert-expired", AT10, 1, 1, E},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep enforcing it for up to 7 "
     "days"},
    {"policy host certificate by wildcard, expiring soon",
     DNS "; fetch 192.0.2.10 names=*.example.com expires=5\n" BODY("enforce")
         S_GOOD,
     0,
     1,
     {{"live-cert-expiring-soon", AT10, 1, 1, W}, T_END},
     NULL},
    {"redirect, body of the response at the URL",
     DNS
     "; fetch 192.0.2.10 status=301 location=https://www.example.com/\n" S_GOOD,
     0,
     0,
     {{"live-http-redirect", URL, 1, 1, E}, T_END},
     NULL},
    {"body findings at their line",
     DNS "; fetch 192.0.2.10\nversion: STSv1\nmode: enforce\nmx: "
         "mx1.example.com\nmax_age: 604800\nmx: mx1.example.com\n" S_GOOD,
     0,
     1,
     {{"policy-mx-duplicate", URL, 5, 5, W}, T_END},
     NULL},
    {"served policy differs from the file",
     CLEAN "; file mta-sts.txt\n"
           "version: STSv1\nmode: enforce\nmx: "
           "mx1.example.com\nmx: mx2.example.com\nmax_age: 604800\n",
     0,
     1,
     {{"live-policy-differs-from-file", "mta-sts.txt", 4, 1, N}, T_END},
     NULL},
    {"the same file",
     CLEAN "; file mta-sts.txt\n" BODY("enforce"),
     0,
     1,
     {T_END},
     NULL},
    {"the same file with CRLF line ends",
     CLEAN "; file mta-sts.txt\nversion: STSv1\r\nmode: enforce\r\nmx: "
           "mx1.example.com\r\nmax_age: 604800\r",
     0,
     1,
     {T_END},
     NULL},
    {"the file has one more line",
     CLEAN "; file mta-sts.txt\n" BODY("enforce") "x-note: new\n",
     0,
     1,
     {{"live-policy-differs-from-file", "mta-sts.txt", 5, 1, N}, T_END},
     NULL},
    /* MX hosts over SMTP */
    {"port 25 unreachable",
     DNS F_GOOD "; smtp mx1.example.com 192.0.2.25 timeout\n",
     0,
     1,
     {{"live-smtp-unreachable", MX1, 1, 1, W}, T_END},
     NULL},
    {"no answer, enforce",
     DNS F_GOOD "; smtp mx1.example.com 192.0.2.25 silent\n",
     0,
     0,
     {{"live-smtp-no-answer", MX1, 1, 1, E}, T_END},
     "senders that support MTA-STS refuse to deliver mail to example.com: no "
     "MX host passes (enforce, max_age 7 days)"},
    {"no STARTTLS, testing",
     DNS "; fetch 192.0.2.10\n" BODY(
         "testing") "; smtp mx1.example.com 192.0.2.25 nostarttls\n",
     0,
     1,
     {{"live-smtp-no-starttls", MX1, 1, 1, W}, T_END},
     NULL},
    {"no STARTTLS, testing, strict",
     DNS "; fetch 192.0.2.10\n" BODY(
         "testing") "; smtp mx1.example.com 192.0.2.25 nostarttls\n",
     MTASTS_OPT_STRICT,
     0,
     {{"live-smtp-no-starttls", MX1, 1, 1, E}, T_END},
     NULL},
    {"handshake fails, none",
     DNS "; fetch 192.0.2.10\n" BODY(
         "none") "; smtp mx1.example.com 192.0.2.25 tlsfail\n",
     0,
     1,
     {{"policy-mode-none-long-max-age", URL, 4, 10, W},
      {"live-smtp-tls-failed", MX1, 1, 1, N},
      T_END},
     NULL},
    {"TLS 1.0 and a self-signed certificate",
     DNS F_GOOD "; smtp mx1.example.com 192.0.2.25 tls=0x0301 untrusted\n",
     0,
     0,
     {{"live-smtp-cert-untrusted", MX1, 1, 1, E},
      {"live-smtp-tls-old", MX1, 1, 1, W},
      T_END},
     NULL},
    {"MX certificate for another name, not yet valid",
     DNS F_GOOD
     "; smtp mx1.example.com 192.0.2.25 names=mx.example.org,*.*.example.com "
     "future\n",
     0,
     0,
     {{"live-smtp-cert-name-mismatch", MX1, 1, 1, E},
      {"live-smtp-cert-expired", MX1, 1, 1, E},
      T_END},
     NULL},
    {"MX certificate expired, no policy",
     DNS "; smtp mx1.example.com 192.0.2.25 expired\n",
     0,
     1,
     {{"deploy-record-without-policy", STS, 1, 1, W},
      {"live-smtp-cert-expired", MX1, 1, 1, W},
      T_END},
     NULL},
    {"MX certificate expiring soon",
     DNS F_GOOD "; smtp mx1.example.com 192.0.2.25 expires=3\n",
     0,
     1,
     {{"live-cert-expiring-soon", MX1, 1, 1, W}, T_END},
     NULL},
    {"DANE: TLSA present (DNS) and a mismatch",
     CLEAN "; dns _25._tcp.mx1.example.com TLSA secure\n3 1 1 AB12\n; smtp "
           "mx1.example.com 192.0.2.26 tlsa-mismatch\n",
     0,
     0,
     {{"live-dane-tlsa-mismatch", "mx1.example.com:25 [192.0.2.26]", 1, 1, E},
      {"live-dane-tlsa-present", "_25._tcp.mx1.example.com/TLSA", 1, 1, N},
      T_END},
     NULL},
    {"DANE: insecure TLSA is no DANE",
     CLEAN "; dns _25._tcp.mx1.example.com TLSA insecure\n3 1 1 AB12\n",
     0,
     1,
     {T_END},
     NULL},
    {"an answer of another type fails",
     CLEAN "; dns example.com 99 servfail\n",
     0,
     0,
     {{"live-dns-failure", "example.com/TYPE99", 1, 1, E}, T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"a second answer for a name: the first counts",
     D_STS "; dns _mta-sts.example.com TXT servfail\n" D_RPT
           "; dns _smtp._tls.example.com TXT timeout\n" D_HOST D_MX
           "; dns example.com MX servfail\n" D_MX1 F_GOOD S_GOOD,
     0,
     0,
     {{"live-dns-failure", STS, 1, 1, E},
      {"live-dns-failure", RPT, 1, 1, E},
      {"live-dns-failure", MXS, 1, 1, E},
      T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"the policy host's A answer counts, not its AAAA",
     D_STS D_RPT "; dns mta-sts.example.com AAAA nodata\n"
                 "; dns mta-sts.example.com A nxdomain\n" D_MX D_MX1,
     0,
     0,
     {{"deploy-policy-host-no-address", "mta-sts.example.com/A", 1, 1, E},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep applying it until its "
     "max_age runs out"},
    {"the policy host has no address, yet was reached",
     D_STS D_RPT
     "; dns mta-sts.example.com A nxdomain\n" D_MX D_MX1 F_GOOD S_GOOD,
     0,
     1,
     {T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"no records at all while a policy is served",
     "; dns _mta-sts.example.com TXT nxdomain\n"
     "; dns _smtp._tls.example.com TXT nodata\n" D_HOST D_MX D_MX1 F_GOOD
         S_GOOD,
     0,
     1,
     {{"live-sts-record-missing", STS, 1, 1, W},
      {"live-tlsrpt-missing", RPT, 1, 1, W},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached a policy earlier keep applying it until "
     "its max_age runs out"},
    {"implicit MX through a CNAME",
     D_STS D_RPT D_HOST "; dns example.com MX nodata\n"
                        "; dns example.com A cname\n192.0.2.25\n"
                        "; fetch 192.0.2.10\nversion: STSv1\nmode: "
                        "enforce\nmx: example.com\nmax_age: 604800\n",
     0,
     1,
     {{"live-mx-implicit", MXS, 1, 1, N}, T_END},
     "senders that support MTA-STS deliver to example.com only over TLS with "
     "a valid certificate (enforce, max_age 7 days)"},
    {"DANE: a signed answer without TLSA records is no DANE",
     CLEAN "; dns _25._tcp.mx1.example.com TLSA secure nodata\n"
           "; dns _25._tcp.mx1.example.com A secure\n192.0.2.99\n",
     0,
     1,
     {T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"an MX host of one letter",
     D_STS D_RPT D_HOST "; dns example.com MX\n10 a.\n" F_GOOD,
     0,
     0,
     {{"deploy-mx-not-covered", URL, 3, 1, E}, T_END},
     "senders that support MTA-STS refuse to deliver mail to example.com: no "
     "MX host passes (enforce, max_age 7 days)"},
    {"ten MX hosts: the verdict names eight",
     D_STS D_RPT D_HOST "; dns example.com MX\n10 mx1.example.com.\n"
                        "10 mx2.example.com.\n10 mx3.example.com.\n"
                        "10 mx4.example.com.\n10 mx5.example.com.\n"
                        "10 mx6.example.com.\n10 mx7.example.com.\n"
                        "10 mx8.example.com.\n10 mx9.example.com.\n"
                        "10 mx0.example.com.\n"
                        "; fetch 192.0.2.10\nversion: STSv1\nmode: "
                        "enforce\nmx: *.example.com\nmax_age: 86400\n",
     0,
     1,
     {{"policy-max-age-enforce-short", URL, 4, 10, N}, T_END},
     "senders that support MTA-STS deliver to mx0.example.com, "
     "mx1.example.com, mx2.example.com, mx3.example.com, mx4.example.com, "
     "mx5.example.com, mx6.example.com and mx7.example.com (and 2 more) only "
     "over TLS with a valid certificate (enforce, max_age 1 day)"},
    {"policy refused for its type, a cached one lasts seconds",
     DNS "; fetch 192.0.2.10 type=text/html\nversion: STSv1\nmode: "
         "testing\nmx: mx1.example.com\nmax_age: 3600\n" S_GOOD,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E},
      {"policy-max-age-short", URL, 4, 10, W},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep applying it for up to "
     "3600 seconds"},
    {"policy refused for its type, a cached one has no max_age",
     DNS "; fetch 192.0.2.10 type=text/html\nversion: STSv1\nmode: "
         "enforce\nmx: mx1.example.com\n" S_GOOD,
     0,
     0,
     {{"live-http-content-type", URL, 1, 1, E},
      {"policy-max-age-missing", URL, 1, 1, E},
      T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep enforcing it until its "
     "max_age runs out"},
    {"errors of the connections, quoted",
     DNS F_GOOD "; fetch 192.0.2.11 noresponse error=reset\n"
                "; fetch 192.0.2.12 refused error=no-route\n"
                "; smtp mx1.example.com 192.0.2.25 refused error=no-route\n",
     0,
     0,
     {{"live-policy-address-differs", AT11, 1, 1, E},
      {"live-policy-address-differs", URL " [192.0.2.12]", 1, 1, E},
      {"live-smtp-unreachable", MX1, 1, 1, W},
      T_END},
     "senders that support MTA-STS deliver to mx1.example.com only over TLS "
     "with a valid certificate (enforce, max_age 7 days)"},
    {"no response, with the error",
     DNS "; fetch 192.0.2.10 noresponse error=reset\n" S_GOOD,
     0,
     0,
     {{"live-http-status", AT10, 1, 1, E}, T_END},
     "senders without a cached policy deliver as if example.com had no "
     "MTA-STS; senders that cached id 20240101 keep applying it until its "
     "max_age runs out"},
};

START_TEST(test_live) {
  const live_case *c = &live_cases[_i];
  mtasts_txt lines[64];
  size_t n = split(c->text, lines, 64);
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = c->flags;
  mtasts_live_result *r = NULL;
  ck_assert_int_eq(tu_live_run(lines, n, &o, &r), MTASTS_OK);
  size_t dn = mtasts_live_result_diag_count(r);
  const mtasts_diag **v = calloc(dn + 1, sizeof *v);
  ck_assert_ptr_nonnull(v);
  for (size_t i = 0; i < dn; i++)
    v[i] = mtasts_live_result_diag(r, i);
  expect(c->name, v, dn, c->want);
  free(v);
  ck_assert_msg(mtasts_live_result_valid(r) == c->valid, "%s: valid %d",
                c->name, mtasts_live_result_valid(r));
  if (c->verdict)
    ck_assert_msg(strcmp(mtasts_live_result_verdict(r), c->verdict) == 0,
                  "%s: verdict\n  %s\nexpected\n  %s", c->name,
                  mtasts_live_result_verdict(r), c->verdict);
  mtasts_live_result_free(r);
}
END_TEST

/* What the messages say, where the ids alone do not tell: the error text
 * of a failed connection quoted, and the wording for an answer of a type
 * the check does not know. Each text is found in a message, in order. */
typedef struct says_case {
  const char *text;
  const char *says[4];
} says_case;

static const says_case says_cases[] = {
    {DNS F_GOOD "; fetch 192.0.2.11 noresponse error=reset\n"
                "; fetch 192.0.2.12 refused error=no-route\n"
                "; smtp mx1.example.com 192.0.2.25 refused error=no-route\n",
     {"no HTTP response came back over the TLS connection: 'reset' while "
      "'192.0.2.10' serves the policy",
      "the connection to port 443 was refused: 'no-route' while '192.0.2.10' "
      "serves the policy",
      "the connection to port 25 was refused: 'no-route'; outbound"}},
    {DNS "; fetch 192.0.2.10 noresponse error=reset\n" S_GOOD,
     {"no HTTP response came back over the TLS connection: 'reset'; senders "
      "get no policy from this address"}},
    {CLEAN "; dns example.com 99 servfail\n",
     {"the lookup failed (server failure); senders cannot use this answer"}},
    {D_STS D_RPT "; dns mta-sts.example.com AAAA nodata\n"
                 "; dns mta-sts.example.com A nxdomain\n" D_MX D_MX1,
     {"has no A or AAAA record (no such name)"}},
};

START_TEST(test_live_says) {
  const says_case *c = &says_cases[_i];
  mtasts_txt lines[64];
  size_t n = split(c->text, lines, 64);
  mtasts_live_result *r = NULL;
  ck_assert_int_eq(tu_live_run(lines, n, NULL, &r), MTASTS_OK);
  size_t dn = mtasts_live_result_diag_count(r), d = 0;
  for (size_t k = 0; k < 4 && c->says[k]; k++, d++) {
    while (d < dn &&
           !strstr(mtasts_live_result_diag(r, d)->message, c->says[k]))
      d++;
    ck_assert_msg(d < dn, "case %d: no message says \"%s\"", _i, c->says[k]);
  }
  mtasts_live_result_free(r);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* A body cut by the fetch's cap: linted up to its last complete line      */

typedef struct cut_case {
  const char *name;
  const char *body; /* as read: the fetch stopped after its last byte */
  int has_policy;
  t_exp want[4];
} cut_case;

static const cut_case cut_cases[] = {
    /* The cap fell between the CR and the LF of a line end: no
     * policy-bare-cr at the cut. */
    {"cut inside a CRLF",
     "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: "
     "604800\r\nx-pad: aaaa\r",
     1,
     {{"live-http-body-too-large", URL, 1, 1, E}, T_END}},
    /* The cap fell inside a line: the part line is not linted (no
     * policy-unknown-field or bad value at line 5); findings before it
     * are. */
    {"cut inside a line, a finding before it",
     "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 60\nmax_a",
     1,
     {{"live-http-body-too-large", URL, 1, 1, E},
      {"policy-max-age-short", URL, 4, 10, W},
      T_END}},
    /* A field cut off the end is not reported missing from what was read
     * when its line was complete. */
    {"cut right after a line end",
     "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n",
     1,
     {{"live-http-body-too-large", URL, 1, 1, E}, T_END}},
    /* No complete line at all: nothing to lint, no policy. */
    {"cut before the first line end",
     "version: STSv1 and more than a line can hold",
     0,
     {{"live-http-body-too-large", URL, 1, 1, E}, T_END}},
};

START_TEST(test_http_cut) {
  const cut_case *c = &cut_cases[_i];
  mtasts_http_response r;
  mtasts_http_response_init(&r);
  r.status = 200;
  r.content_type.ptr = "text/plain";
  r.content_type.len = 10;
  r.body.ptr = c->body;
  r.body.len = strlen(c->body);
  r.body_truncated = 1;
  mtasts_http_result *res = NULL;
  ck_assert_int_eq(mtasts_http_check(&r, URL, NULL, &res), MTASTS_OK);
  size_t n = mtasts_http_result_diag_count(res);
  const mtasts_diag *v[8];
  ck_assert_uint_le(n, 8);
  for (size_t i = 0; i < n; i++)
    v[i] = mtasts_http_result_diag(res, i);
  expect(c->name, v, n, c->want);
  ck_assert_int_eq(mtasts_http_result_valid(res), 0);
  ck_assert_int_eq(mtasts_http_result_policy(res) != NULL, c->has_policy);
  /* The message says how much was checked. */
  ck_assert_ptr_nonnull(strstr(v[0]->message, "last complete line"));
  mtasts_http_result_free(res);

  /* Not cut, the same bytes are linted whole: the last line counts. */
  r.body_truncated = 0;
  ck_assert_int_eq(mtasts_http_check(&r, URL, NULL, &res), MTASTS_OK);
  ck_assert_ptr_nonnull(mtasts_http_result_policy(res));
  mtasts_http_result_free(res);
}
END_TEST

/* The same through a whole live check: the deployment checks see the same
 * complete lines (the cut "mx: mx2.exa" is no MX pattern, and mx1 stays
 * covered). */
START_TEST(test_live_cut) {
  static const char body[] = "version: STSv1\r\nmode: enforce\r\nmx: "
                             "mx1.example.com\r\nmax_age: 604800\r\nmx: "
                             "mx2.exa";
  mtasts_txt lines[16];
  size_t n = split(D_STS D_RPT D_MX D_MX1, lines, 16);
  mtasts_live *l = NULL;
  ck_assert_int_eq(mtasts_live_new(NULL, &l), MTASTS_OK);
  ck_assert_int_eq(mtasts_live_set_domain(l, "example.com", 11), MTASTS_OK);
  mtasts_live_result *r = NULL;
  /* Feed the DNS part through tu_live_run's reader by hand: one record a
   * line after its head. */
  for (size_t i = 0; i + 1 < n; i += 2) {
    mtasts_dns_answer a;
    mtasts_dns_answer_init(&a);
    const char *h = lines[i].ptr + 6; /* "; dns " */
    const char *sp = memchr(h, ' ', lines[i].len - 6);
    ck_assert_ptr_nonnull(sp);
    a.name.ptr = h;
    a.name.len = (size_t)(sp - h);
    a.type = strncmp(sp + 1, "TXT", 3) == 0  ? 16
             : strncmp(sp + 1, "MX", 2) == 0 ? 15
                                             : 1;
    mtasts_str rec = {lines[i + 1].ptr, lines[i + 1].len};
    a.records = &rec;
    a.record_count = 1;
    ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_OK);
  }
  mtasts_str ids[1] = {{"mta-sts.example.com", 19}};
  mtasts_tls_observation o;
  mtasts_tls_observation_init(&o);
  o.connected = o.handshake_done = o.chain_valid = 1;
  o.tls_version = 0x0304;
  o.dns_ids = ids;
  o.dns_id_count = 1;
  o.now = 1700000000;
  o.not_before = o.now - 86400;
  o.not_after = o.now + 90 * 86400;
  mtasts_http_response resp;
  mtasts_http_response_init(&resp);
  resp.status = 200;
  resp.content_type.ptr = "text/plain";
  resp.content_type.len = 10;
  resp.body.ptr = body;
  resp.body.len = sizeof body - 1;
  resp.body_truncated = 1;
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.10", &o, &resp),
                   MTASTS_OK);
  ck_assert_int_eq(mtasts_live_check(l, &r), MTASTS_OK);
  const mtasts_diag *v[8];
  size_t dn = mtasts_live_result_diag_count(r);
  ck_assert_uint_le(dn, 8);
  for (size_t i = 0; i < dn; i++)
    v[i] = mtasts_live_result_diag(r, i);
  static const t_exp want[] = {{"live-http-body-too-large", URL, 1, 1, E},
                               T_END};
  expect("cut body in a live check", v, dn, want);
  mtasts_live_result_free(r);
  mtasts_live_free(l);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* The reference answer of the policy host: the one most addresses give,  */
/* whatever order DNS listed them in                                       */

/* Feeds the fetches of addrs[order[0..n)] (body b[k] for address k) and
 * returns the result. */
static mtasts_live_result *run_order(const char *const *addrs,
                                     const char *const *bodies,
                                     const size_t *order, size_t n) {
  char text[4096];
  size_t o = (size_t)snprintf(text, sizeof text, "%s", DNS);
  for (size_t k = 0; k < n; k++)
    o += (size_t)snprintf(text + o, sizeof text - o, "; fetch %s\n%s",
                          addrs[order[k]], bodies[order[k]]);
  snprintf(text + o, sizeof text - o, "%s", S_GOOD);
  mtasts_txt lines[64];
  size_t nl = split(text, lines, 64);
  mtasts_live_result *r = NULL;
  ck_assert_int_eq(tu_live_run(lines, nl, NULL, &r), MTASTS_OK);
  return r;
}

/* The sources of the live-policy-address-differs findings, joined. */
static void odd_ones(const mtasts_live_result *r, char *buf, size_t cap) {
  buf[0] = '\0';
  size_t o = 0;
  for (size_t i = 0; i < mtasts_live_result_diag_count(r); i++) {
    const mtasts_diag *d = mtasts_live_result_diag(r, i);
    if (strcmp(d->id, "live-policy-address-differs") == 0)
      o += (size_t)snprintf(buf + o, cap - o, "%s;", d->source);
  }
}

START_TEST(test_live_reference_order) {
  static const size_t perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                     {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  char got[512];
  /* Two addresses agree, one is odd: the odd one is named, in every
   * order, and the policy is the one the two serve. */
  {
    const char *addrs[3] = {"192.0.2.10", "192.0.2.11", "192.0.2.12"};
    const char *bodies[3] = {BODY("testing"), BODY("enforce"), BODY("enforce")};
    for (size_t p = 0; p < 6; p++) {
      mtasts_live_result *r = run_order(addrs, bodies, perms[p], 3);
      odd_ones(r, got, sizeof got);
      ck_assert_msg(strcmp(got, AT10 ";") == 0, "order %zu: %s", p, got);
      ck_assert_int_eq(mtasts_policy_mode(mtasts_live_result_policy(r)),
                       MTASTS_MODE_ENFORCE);
      mtasts_live_result_free(r);
    }
  }
  /* The majority wins even when its answer is refused (a 404) and the
   * odd one serves a policy: senders mostly get no policy. */
  {
    const char *addrs[3] = {"192.0.2.10", "192.0.2.11", "192.0.2.12"};
    const char *bodies[3] = {BODY("enforce"), "", ""};
    for (size_t p = 0; p < 6; p++) {
      char text[4096];
      size_t o = (size_t)snprintf(text, sizeof text, "%s", DNS);
      for (size_t k = 0; k < 3; k++) {
        size_t a = perms[p][k];
        o += (size_t)snprintf(text + o, sizeof text - o, "; fetch %s%s\n%s",
                              addrs[a], a ? " status=404" : "", bodies[a]);
      }
      mtasts_txt lines[64];
      size_t nl = split(text, lines, 64);
      mtasts_live_result *r = NULL;
      ck_assert_int_eq(tu_live_run(lines, nl, NULL, &r), MTASTS_OK);
      odd_ones(r, got, sizeof got);
      ck_assert_msg(strcmp(got, AT10 ";") == 0, "404 order %zu: %s", p, got);
      ck_assert_ptr_null(mtasts_live_result_policy(r));
      mtasts_live_result_free(r);
    }
  }
  /* A tie: the answer of the first address in address order (by value:
   * 192.0.2.9 before 192.0.2.10, IPv4 before IPv6) is the reference. */
  {
    const char *addrs[3] = {"192.0.2.10", "192.0.2.9", "2001:db8::1"};
    const char *bodies[3] = {BODY("enforce"), BODY("testing"), BODY("none")};
    for (size_t p = 0; p < 6; p++) {
      mtasts_live_result *r = run_order(addrs, bodies, perms[p], 3);
      odd_ones(r, got, sizeof got);
      ck_assert_msg(strcmp(got, AT10 ";" URL " [2001:db8::1];") == 0,
                    "tie order %zu: %s", p, got);
      ck_assert_int_eq(mtasts_policy_mode(mtasts_live_result_policy(r)),
                       MTASTS_MODE_TESTING);
      mtasts_live_result_free(r);
    }
  }
  /* Text that only looks like a dotted quad (an empty part, a part over
   * 255, a fifth part, a trailing dot) is ordered as text, byte by byte,
   * after every real IPv4 address: on a tie of all, 198.51.100.7 is the
   * reference. */
  {
    static const char *const addrs[5] = {"1..2.3", "256.1.2.3", "1.2.3.4.5",
                                         "1.2.3.", "198.51.100.7"};
    static const char *const bodies[5] = {BODY("enforce"), BODY("none"),
                                          BODY("enforce") "\n",
                                          "\n" BODY("none"), BODY("testing")};
    static const size_t orders[3][5] = {
        {0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 4, 0, 3, 1}};
    for (size_t p = 0; p < 3; p++) {
      mtasts_live_result *r = run_order(addrs, bodies, orders[p], 5);
      odd_ones(r, got, sizeof got);
      ck_assert_msg(strcmp(got, URL " [1..2.3];" URL " [1.2.3.];" URL
                                    " [1.2.3.4.5];" URL " [256.1.2.3];") == 0,
                    "dotted order %zu: %s", p, got);
      ck_assert_int_eq(mtasts_policy_mode(mtasts_live_result_policy(r)),
                       MTASTS_MODE_TESTING);
      mtasts_live_result_free(r);
    }
  }
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

/* Every call on a live check under a failing allocator: each allocation
 * fails in turn, and the check either works or says NOMEM, leaking
 * nothing. */
START_TEST(test_live_allocation_failures) {
  mtasts_txt lines[64];
  size_t n = split(
      D_STS D_RPT D_HOST
      "; dns example.com MX\n10 mx1.example.com.\n20 mx2.example.com.\n"
      "; dns mx2.example.com A servfail\n" D_MX1
      "; fetch 192.0.2.10 type=text/html\n" BODY(
          "enforce") "; fetch 192.0.2.11 untrusted\n" BODY("testing") "; smtp "
                                                                      "mx1."
                                                                      "example."
                                                                      "com "
                                                                      "192.0.2."
                                                                      "25 "
                                                                      "tls="
                                                                      "0x0301 "
                                                                      "expires="
                                                                      "2\n"
                                                                      "; smtp "
                                                                      "mx2."
                                                                      "example."
                                                                      "com "
                                                                      "192.0.2."
                                                                      "26 "
                                                                      "tlsa-"
                                                                      "mismatch"
                                                                      "\n"
                                                                      "; file "
                                                                      "mta-sts."
                                                                      "txt\nver"
                                                                      "sion: "
                                                                      "STSv1\n",
      lines, 64);
  size_t full = 0;
  for (size_t k = 1; k < 100000; k++) {
    tu_alloc a;
    memset(&a, 0, sizeof a);
    a.fail_at = k;
    mtasts_allocator al = tu_allocator(&a, (int)(k & 1));
    mtasts_options o;
    mtasts_options_init(&o);
    o.allocator = &al;
    mtasts_live_result *r = NULL;
    mtasts_status st = tu_live_run(lines, n, &o, &r);
    ck_assert_msg(st == MTASTS_OK || st == MTASTS_ERR_NOMEM, "status %d",
                  (int)st);
    if (st == MTASTS_OK) {
      if (!full)
        full = mtasts_live_result_diag_count(r);
      ck_assert_uint_eq(mtasts_live_result_diag_count(r), full);
    } else {
      ck_assert_ptr_null(r);
    }
    mtasts_live_result_free(r);
    ck_assert_int_eq(a.blocks, 0);
    if (a.attempts < k) {
      ck_assert_uint_gt(full, 5);
      return;
    }
  }
  ck_abort_msg("more than 100000 allocations");
}
END_TEST

/* Each feeding call under a failing allocator: each allocation fails in
 * turn; the call it falls in says NOMEM, every other call works, and
 * nothing leaks. The strings are long enough that each copy grows the
 * text store. */
START_TEST(test_live_feed_failures) {
  /* Order 1: the SMTP connection and the file first, so that their
   * copies are the ones that grow the text store. */
  int order = _i;
  static const char big[] =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  int full = 0;
  for (size_t k = 1; k < 10000; k++) {
    tu_alloc a;
    memset(&a, 0, sizeof a);
    a.fail_at = k;
    mtasts_allocator al = tu_allocator(&a, (int)(k & 1));
    mtasts_options o;
    mtasts_options_init(&o);
    o.allocator = &al;
    mtasts_live *l = NULL;
    mtasts_status st = mtasts_live_new(&o, &l);
    if (st != MTASTS_OK) {
      ck_assert_int_eq(st, MTASTS_ERR_NOMEM);
      ck_assert_ptr_null(l);
      ck_assert_uint_eq(k, 1);
      continue;
    }
    mtasts_status sts[9];
    size_t ns = 0;
    if (order == 1) {
      mtasts_tls_observation t1;
      mtasts_tls_observation_init(&t1);
      sts[ns++] = mtasts_live_set_file_policy(l, big, sizeof big - 1, big);
      sts[ns++] = mtasts_live_add_smtp(l, big, 63, big, &t1);
    }
    sts[ns++] = mtasts_live_set_domain(l, "example.com", 11);
    mtasts_str recs[2] = {{big, sizeof big - 1}, {big, 100}};
    mtasts_dns_answer d;
    mtasts_dns_answer_init(&d);
    d.name.ptr = big;
    d.name.len = 63;
    d.type = 16;
    d.records = recs;
    d.record_count = 2;
    sts[ns++] = mtasts_live_add_dns(l, &d);
    mtasts_tls_observation t;
    mtasts_tls_observation_init(&t);
    t.dns_ids = recs;
    t.dns_id_count = 2;
    t.error.ptr = big;
    t.error.len = sizeof big - 1;
    t.chain_error.ptr = big;
    t.chain_error.len = sizeof big - 1;
    mtasts_http_response resp;
    mtasts_http_response_init(&resp);
    resp.status = 200;
    resp.body.ptr = big;
    resp.body.len = sizeof big - 1;
    resp.content_type.ptr = big;
    resp.content_type.len = 100;
    resp.location.ptr = big;
    resp.location.len = 150;
    sts[ns++] = mtasts_live_add_fetch(l, big, &t, &resp);
    sts[ns++] = mtasts_live_add_fetch(l, "192.0.2.1", &t, NULL);
    sts[ns++] = mtasts_live_add_smtp(l, big, 63, big, &t);
    sts[ns++] = mtasts_live_add_smtp(l, "mx.example.com", 14, "192.0.2.2", &t);
    sts[ns++] = mtasts_live_set_file_policy(l, big, sizeof big - 1, big);
    size_t nomem = 0;
    for (size_t i = 0; i < ns; i++) {
      ck_assert_msg(sts[i] == MTASTS_OK || sts[i] == MTASTS_ERR_NOMEM,
                    "call %zu: status %d", i, (int)sts[i]);
      nomem += sts[i] == MTASTS_ERR_NOMEM;
    }
    /* The one failed attempt fell in one call, or after them all. */
    ck_assert_uint_eq(nomem, a.attempts >= k ? 1 : 0);
    mtasts_live_free(l);
    ck_assert_int_eq(a.blocks, 0);
    if (a.attempts < k) {
      full = 1;
      break;
    }
  }
  ck_assert_int_eq(full, 1);
}
END_TEST

/* Every refused argument of the feeding calls, one at a time, on a check
 * that stays empty; and the accessors on no result. */
START_TEST(test_live_arguments) {
  mtasts_live *l = NULL;
  ck_assert_int_eq(mtasts_live_new(NULL, &l), MTASTS_OK);
  ck_assert_int_eq(mtasts_live_set_domain(NULL, "example.com", 11),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_set_domain(l, NULL, 11), MTASTS_ERR_INVALID_ARG);
  mtasts_dns_answer a;
  mtasts_dns_answer_init(&a);
  ck_assert_int_eq(mtasts_live_add_dns(NULL, &a), MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_add_dns(l, NULL), MTASTS_ERR_INVALID_ARG);
  a.name.len = 3; /* a length without text */
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  mtasts_dns_answer_init(&a);
  mtasts_str hole = {NULL, 1};
  a.cnames = &hole;
  a.cname_count = 1;
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  mtasts_dns_answer_init(&a);
  a.dnssec = (mtasts_dnssec)9;
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  /* Too small to hold what 1.1 defined. */
  mtasts_dns_answer_init_sized(&a, 4);
  mtasts_dns_answer_init_sized(&a, sizeof(size_t));
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);

  mtasts_tls_observation o;
  mtasts_tls_observation_init_sized(&o, 4);
  mtasts_tls_observation_init_sized(&o, sizeof(size_t));
  ck_assert_int_eq(mtasts_live_add_smtp(l, "mx", 2, "192.0.2.1", &o),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_tls_observation_init(&o);
  o.chain_error.len = 2;
  ck_assert_int_eq(mtasts_live_add_smtp(l, "mx", 2, "192.0.2.1", &o),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_tls_observation_init(&o);
  o.error.len = 2;
  ck_assert_int_eq(mtasts_live_add_smtp(l, "mx", 2, "192.0.2.1", &o),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_tls_observation_init(&o);
  ck_assert_int_eq(mtasts_live_add_smtp(NULL, "mx", 2, "192.0.2.1", &o),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_add_smtp(l, "mx", 2, NULL, &o),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_add_smtp(l, "mx", 2, "192.0.2.1", NULL),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_add_fetch(NULL, "192.0.2.1", &o, NULL),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_http_response resp;
  mtasts_http_response_init_sized(&resp, 4);
  mtasts_http_response_init_sized(&resp, sizeof(size_t));
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", &o, &resp),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_http_response_init(&resp);
  resp.location.len = 1;
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", &o, &resp),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_http_response_init(&resp);
  resp.content_type.len = 1;
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", &o, &resp),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_http_response_init(&resp);
  o.error.len = 2;
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", &o, &resp),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_set_file_policy(NULL, "x", 1, "f"),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_set_file_policy(l, NULL, 1, "f"),
                   MTASTS_ERR_INVALID_ARG);
  /* No text with no length is no text, not a refusal. */
  mtasts_tls_observation_init(&o);
  ck_assert_int_eq(mtasts_live_add_smtp(l, NULL, 0, "192.0.2.1", &o),
                   MTASTS_OK);
  ck_assert_int_eq(mtasts_live_set_file_policy(l, NULL, 0, "f"), MTASTS_OK);
  /* Still no domain: the check is refused. */
  mtasts_live_result *r = (mtasts_live_result *)&a;
  ck_assert_int_eq(mtasts_live_check(l, &r), MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(mtasts_live_check(NULL, &r), MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  mtasts_live_free(l);

  ck_assert_ptr_null(mtasts_live_result_diag(NULL, 0));
  ck_assert_ptr_null(mtasts_live_result_policy(NULL));
  ck_assert_ptr_null(mtasts_live_result_record(NULL, MTASTS_RECORD_STS));
}
END_TEST

START_TEST(test_live_api) {
  mtasts_live *l = NULL;
  mtasts_live_result *r = NULL;
  ck_assert_int_eq(mtasts_live_new(NULL, NULL), MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_new(NULL, &l), MTASTS_OK);
  /* No domain yet, or not a host name. */
  ck_assert_int_eq(mtasts_live_check(l, &r), MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(mtasts_live_set_domain(l, "a..b", 4),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_set_domain(l, "example.com.", 12), MTASTS_OK);
  mtasts_dns_answer a;
  mtasts_dns_answer_init(&a);
  a.records = NULL;
  a.record_count = 1;
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  a.record_count = 0;
  a.outcome = (mtasts_dns_outcome)9;
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  a.size = 0;
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  mtasts_tls_observation o;
  mtasts_tls_observation_init(&o);
  ck_assert_int_eq(o.tlsa_match, -1);
  ck_assert_int_eq(mtasts_live_add_fetch(l, NULL, &o, NULL),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", NULL, NULL),
                   MTASTS_ERR_INVALID_ARG);
  o.dns_id_count = 2;
  ck_assert_int_eq(mtasts_live_add_smtp(l, "mx", 2, "192.0.2.1", &o),
                   MTASTS_ERR_INVALID_ARG);
  o.dns_id_count = 0;
  mtasts_http_response resp;
  mtasts_http_response_init(&resp);
  resp.body.len = 3;
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", &o, &resp),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_live_set_file_policy(l, "x", 1, NULL),
                   MTASTS_ERR_INVALID_ARG);
  /* Nothing fed but the domain: no finding, no policy, no record. */
  ck_assert_int_eq(mtasts_live_check(l, &r), MTASTS_OK);
  ck_assert_uint_eq(mtasts_live_result_diag_count(r), 0);
  ck_assert_int_eq(mtasts_live_result_valid(r), 1);
  ck_assert_ptr_null(mtasts_live_result_policy(r));
  ck_assert_ptr_null(mtasts_live_result_record(r, MTASTS_RECORD_STS));
  ck_assert_ptr_null(mtasts_live_result_diag(r, 0));
  ck_assert_ptr_nonnull(strstr(mtasts_live_result_verdict(r), "example.com"));
  mtasts_live_result_free(r);
  /* More refused arguments: options, strings without text, a host
   * length without a host, and nowhere to put the result. */
  mtasts_options bad;
  mtasts_options_init(&bad);
  bad.flags = 1u << 30;
  mtasts_live *l2 = (mtasts_live *)&bad;
  ck_assert_int_eq(mtasts_live_new(&bad, &l2), MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(l2);
  mtasts_str holes[2] = {{"a", 1}, {NULL, 2}};
  mtasts_dns_answer_init(&a);
  a.records = holes;
  a.record_count = 2;
  ck_assert_int_eq(mtasts_live_add_dns(l, &a), MTASTS_ERR_INVALID_ARG);
  a.records = NULL;
  a.record_count = 0;
  ck_assert_int_eq(mtasts_live_add_smtp(l, NULL, 2, "192.0.2.1", &o),
                   MTASTS_ERR_INVALID_ARG);
  o.dns_ids = holes;
  o.dns_id_count = 2;
  ck_assert_int_eq(mtasts_live_add_fetch(l, "192.0.2.1", &o, NULL),
                   MTASTS_ERR_INVALID_ARG);
  o.dns_ids = NULL;
  o.dns_id_count = 0;
  ck_assert_int_eq(mtasts_live_check(l, NULL), MTASTS_ERR_INVALID_ARG);
  /* None of the refused calls fed anything. */
  ck_assert_int_eq(mtasts_live_check(l, &r), MTASTS_OK);
  ck_assert_uint_eq(mtasts_live_result_diag_count(r), 0);
  mtasts_live_result_free(r);
  mtasts_live_free(l);
  mtasts_live_free(NULL);
  mtasts_live_result_free(NULL);
  ck_assert_int_eq(mtasts_live_result_valid(NULL), 0);
  ck_assert_uint_eq(mtasts_live_result_diag_count(NULL), 0);
  ck_assert_str_eq(mtasts_live_result_verdict(NULL), "");
  mtasts_dns_answer_init_sized(NULL, 8);
  mtasts_tls_observation_init_sized(NULL, 8);
}
END_TEST

/* The result's accessors and the caller's strings: the library keeps
 * copies, and names from the network are escaped in sources. */
START_TEST(test_live_values) {
  mtasts_txt lines[64];
  size_t n = split(CLEAN, lines, 64);
  mtasts_live_result *r = NULL;
  ck_assert_int_eq(tu_live_run(lines, n, NULL, &r), MTASTS_OK);
  const mtasts_policy *p = mtasts_live_result_policy(r);
  ck_assert_ptr_nonnull(p);
  ck_assert_int_eq(mtasts_policy_mode(p), MTASTS_MODE_ENFORCE);
  ck_assert_str_eq(
      mtasts_record_id(mtasts_live_result_record(r, MTASTS_RECORD_STS)),
      "20240101");
  ck_assert_uint_eq(mtasts_record_rua_count(
                        mtasts_live_result_record(r, MTASTS_RECORD_TLSRPT)),
                    1);
  mtasts_live_result_free(r);

  mtasts_live *l = NULL;
  ck_assert_int_eq(mtasts_live_new(NULL, &l), MTASTS_OK);
  ck_assert_int_eq(mtasts_live_set_domain(l, "example.com", 11), MTASTS_OK);
  mtasts_tls_observation o;
  mtasts_tls_observation_init(&o);
  char host[] = "mx\x01.example.com";
  ck_assert_int_eq(
      mtasts_live_add_smtp(l, host, sizeof host - 1, "2001:db8::1", &o),
      MTASTS_OK);
  host[0] = 'X'; /* the library holds its own copy */
  ck_assert_int_eq(mtasts_live_check(l, &r), MTASTS_OK);
  ck_assert_uint_eq(mtasts_live_result_diag_count(r), 1);
  ck_assert_str_eq(mtasts_live_result_diag(r, 0)->source,
                   "mx\\x01.example.com:25 [2001:db8::1]");
  mtasts_live_result_free(r);
  mtasts_live_free(l);
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
  tcase_add_loop_test(tc, test_live, 0,
                      (int)(sizeof live_cases / sizeof live_cases[0]));
  tcase_add_loop_test(tc, test_http_cut, 0,
                      (int)(sizeof cut_cases / sizeof cut_cases[0]));
  tcase_add_loop_test(tc, test_live_says, 0,
                      (int)(sizeof says_cases / sizeof says_cases[0]));
  tcase_add_test(tc, test_live_cut);
  tcase_add_test(tc, test_live_reference_order);
  tcase_add_loop_test(tc, test_live_feed_failures, 0, 2);
  tcase_add_test(tc, test_live_api);
  tcase_add_test(tc, test_live_arguments);
  tcase_add_test(tc, test_live_values);
  tcase_add_test(tc, test_live_allocation_failures);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
