/* SPDX-License-Identifier: MIT */
/*
 * Whole deployments (lib/deploy.c): the zone's records, the policy and the
 * change from the previous version, each finding at its source, line and
 * column.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One version of a deployment, as a zone parser and a file reader would
 * hand it over. Lists end with a NULL text. */
typedef struct t_txt {
  const char *text; /* zone form when it starts with '"' */
  unsigned long line;
} t_txt;

typedef struct t_mx {
  const char *host;
  unsigned long line;
} t_mx;

typedef struct t_rev {
  const char *zone;   /* the zone's source name, or NULL: no zone */
  const char *policy; /* the policy body, or NULL: no policy */
  t_txt sts[4];
  t_txt tlsrpt[3];
  t_mx mx[5];
  unsigned long address; /* line of mta-sts.<domain>'s A record, 0: none */
} t_rev;

/* An expected finding. A list ends with a NULL id. */
typedef struct t_exp {
  const char *id;
  const char *source;
  unsigned long line;
  unsigned long column;
} t_exp;

#define ZONE "zones/example.com.zone"
#define POLICY "mta-sts/example.com/mta-sts.txt"
#define OLD_POLICY "HEAD:mta-sts/example.com/mta-sts.txt"

static const char good_policy[] = "version: STSv1\n"
                                  "mode: enforce\n"
                                  "mx: mx1.example.com\n"
                                  "mx: *.backup.example.net\n"
                                  "max_age: 604800\n";

static void feed(mtasts_deployment *d, mtasts_revision rev, const t_rev *r,
                 const char *policy_source) {
  if (r->zone) {
    ck_assert_int_eq(mtasts_deployment_set_zone(d, rev, r->zone), MTASTS_OK);
    for (const t_txt *t = r->sts; t->text; t++) {
      mtasts_txt x = {t->text, strlen(t->text),
                      t->text[0] == '"' ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW};
      ck_assert_int_eq(mtasts_deployment_add_txt(d, rev, MTASTS_RECORD_STS, &x,
                                                 r->zone, t->line),
                       MTASTS_OK);
    }
    for (const t_txt *t = r->tlsrpt; t->text; t++) {
      mtasts_txt x = {t->text, strlen(t->text),
                      t->text[0] == '"' ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW};
      ck_assert_int_eq(mtasts_deployment_add_txt(d, rev, MTASTS_RECORD_TLSRPT,
                                                 &x, r->zone, t->line),
                       MTASTS_OK);
    }
    for (const t_mx *m = r->mx; m->host; m++)
      ck_assert_int_eq(mtasts_deployment_add_mx(
                           d, rev, m->host, strlen(m->host), r->zone, m->line),
                       MTASTS_OK);
    if (r->address)
      ck_assert_int_eq(mtasts_deployment_add_policy_host_address(
                           d, rev, r->zone, r->address),
                       MTASTS_OK);
  }
  if (r->policy)
    ck_assert_int_eq(mtasts_deployment_set_policy(
                         d, rev, r->policy, strlen(r->policy), policy_source),
                     MTASTS_OK);
}

/* Checks a deployment and compares its findings with the expected ones, in
 * order; valid: the expected mtasts_deployment_result_valid, or -1. */
static void t_check(const char *name, const t_rev *cur, const t_rev *prev,
                    unsigned flags, int valid, const t_exp *exp) {
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = flags;
  mtasts_deployment *d = NULL;
  ck_assert_int_eq(mtasts_deployment_new(&o, &d), MTASTS_OK);
  ck_assert_int_eq(mtasts_deployment_set_domain(d, "example.com.", 12),
                   MTASTS_OK);
  feed(d, MTASTS_REVISION_CURRENT, cur, POLICY);
  if (prev)
    feed(d, MTASTS_REVISION_PREVIOUS, prev, OLD_POLICY);
  mtasts_deployment_result *r = NULL;
  ck_assert_int_eq(mtasts_deployment_check(d, &r), MTASTS_OK);
  mtasts_deployment_free(d); /* the result owns what it points to */
  size_t n = mtasts_deployment_result_diag_count(r), m = 0;
  while (exp[m].id)
    m++;
  char buf[8192];
  size_t at = 0;
  int same = n == m;
  for (size_t i = 0; same && i < n; i++) {
    const mtasts_diag *g = mtasts_deployment_result_diag(r, i);
    same = strcmp(g->id, exp[i].id) == 0 && g->source &&
           strcmp(g->source, exp[i].source) == 0 && g->line == exp[i].line &&
           g->column == exp[i].column;
  }
  if (!same) {
    at += (size_t)snprintf(buf + at, sizeof buf - at, "expected:");
    for (size_t i = 0; i < m && at < sizeof buf; i++)
      at += (size_t)snprintf(buf + at, sizeof buf - at, "\n    %s %s:%lu:%lu",
                             exp[i].id, exp[i].source, exp[i].line,
                             exp[i].column);
    if (at < sizeof buf)
      at += (size_t)snprintf(buf + at, sizeof buf - at, "\n  got:");
    for (size_t i = 0; i < n && at < sizeof buf; i++) {
      const mtasts_diag *g = mtasts_deployment_result_diag(r, i);
      at += (size_t)snprintf(
          buf + at, sizeof buf - at, "\n    %s %s:%lu:%lu %s", g->id,
          g->source ? g->source : "(null)", g->line, g->column, g->message);
    }
  }
  int v = mtasts_deployment_result_valid(r);
  mtasts_deployment_result_free(r);
  ck_assert_msg(same, "%s:\n  %s", name, buf);
  if (valid >= 0)
    ck_assert_msg(v == valid, "%s: valid %d, expected %d", name, v, valid);
}

/* The message of the first finding with id, copied into buf. */
static const char *t_message(const t_rev *cur, const t_rev *prev,
                             const char *id, char *buf, size_t cap) {
  mtasts_deployment *d = NULL;
  mtasts_deployment_result *r = NULL;
  ck_assert_int_eq(mtasts_deployment_new(NULL, &d), MTASTS_OK);
  ck_assert_int_eq(mtasts_deployment_set_domain(d, "example.com", 11),
                   MTASTS_OK);
  feed(d, MTASTS_REVISION_CURRENT, cur, POLICY);
  if (prev)
    feed(d, MTASTS_REVISION_PREVIOUS, prev, OLD_POLICY);
  ck_assert_int_eq(mtasts_deployment_check(d, &r), MTASTS_OK);
  buf[0] = '\0';
  for (size_t i = 0; i < mtasts_deployment_result_diag_count(r); i++) {
    const mtasts_diag *g = mtasts_deployment_result_diag(r, i);
    if (strcmp(g->id, id) == 0) {
      snprintf(buf, cap, "%s", g->message);
      break;
    }
  }
  mtasts_deployment_result_free(r);
  mtasts_deployment_free(d);
  return buf;
}

/* A complete, healthy deployment. */
#define GOOD_ZONE                                                              \
  .zone = ZONE, .sts = {{"\"v=STSv1; id=20240101\"", 12}},                     \
  .tlsrpt = {{"\"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"", 13}},           \
  .mx = {{"mx1.example.com.", 6}, {"mx.backup.example.net.", 7}}, .address = 9

START_TEST(test_clean) {
  t_rev cur = {GOOD_ZONE, .policy = good_policy};
  t_check("clean", &cur, NULL, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
  /* The same as the previous version: nothing to say either. */
  t_check("unchanged", &cur, &cur, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_mx_not_covered) {
  t_rev cur = {GOOD_ZONE, .policy = good_policy};
  cur.mx[2] = (t_mx){"mx3.example.com.", 8};
  /* At the last mx line of the policy, naming the zone's line. */
  t_check(
      "enforce", &cur, NULL, 0, 0,
      (t_exp[]){{"deploy-mx-not-covered", POLICY, 4, 1}, {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&cur, NULL, "deploy-mx-not-covered", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "mx3.example.com") && strstr(msg, ZONE ":8") &&
                    strstr(msg, "refuse"),
                "%s", msg);
  /* testing mode: a warning. */
  cur.policy = "version: STSv1\nmode: testing\nmx: mx1.example.com\n"
               "max_age: 86400\n";
  t_check("testing", &cur, NULL, 0, 1,
          (t_exp[]){{"deploy-mx-not-covered", POLICY, 3, 1},
                    {"deploy-mx-not-covered", POLICY, 3, 1},
                    {NULL, NULL, 0, 0}});
  /* A null MX (RFC 7505) is never checked; case is ignored. */
  t_rev nul = {GOOD_ZONE, .policy = good_policy};
  nul.mx[0] = (t_mx){".", 6};
  nul.mx[1] = (t_mx){"MX1.Example.COM.", 7};
  t_check("null", &nul, NULL, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
}
END_TEST

/* An MX host with a fake A-label (needs libidn2): an error at its line. */
START_TEST(test_mx_fake_a_label) {
  t_rev cur = {GOOD_ZONE, .policy = "version: STSv1\nmode: enforce\n"
                                    "mx: *.example.com\nmax_age: 604800\n"};
  cur.mx[0] = (t_mx){"xn--aca-jja.example.com.", 6};
  cur.mx[1] = (t_mx){"xn--aca-6ma.example.com.", 7};
#ifdef MTASTS_HAVE_IDN2
  t_check(
      "fake", &cur, NULL, 0, 0,
      (t_exp[]){{"policy-mx-fake-a-label", ZONE, 6, 1}, {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&cur, NULL, "policy-mx-fake-a-label", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "'xn--aca-jja'"), "%s", msg);
#else
  t_check("fake, without libidn2", &cur, NULL, 0, 1,
          (t_exp[]){{NULL, NULL, 0, 0}});
  fprintf(stderr, "deploy: built without libidn2: the fake A-label test is "
                  "skipped\n");
#endif
}
END_TEST

START_TEST(test_parts) {
  t_rev noaddr = {GOOD_ZONE, .policy = good_policy};
  noaddr.address = 0;
  t_check("no address", &noaddr, NULL, 0, 0,
          (t_exp[]){{"deploy-policy-host-no-address", ZONE, 12, 1},
                    {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&noaddr, NULL, "deploy-policy-host-no-address", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "mta-sts.example.com"), "%s", msg);

  t_rev nopol = {GOOD_ZONE};
  t_check("record without policy", &nopol, NULL, 0, 1,
          (t_exp[]){{"deploy-record-without-policy", ZONE, 12, 1},
                    {NULL, NULL, 0, 0}});

  t_rev norec = {GOOD_ZONE, .policy = good_policy};
  norec.sts[0] = (t_txt){NULL, 0};
  t_check("policy without record", &norec, NULL, 0, 1,
          (t_exp[]){{"deploy-policy-without-record", POLICY, 1, 1},
                    {NULL, NULL, 0, 0}});

  t_rev notls = {GOOD_ZONE, .policy = good_policy};
  notls.tlsrpt[0] = (t_txt){NULL, 0};
  t_check("no tlsrpt", &notls, NULL, 0, 1,
          (t_exp[]){{"deploy-no-tlsrpt", ZONE, 12, 1}, {NULL, NULL, 0, 0}});

  /* A zone without MTA-STS at all: nothing is required of it. */
  t_rev none = {.zone = ZONE, .mx = {{"mx9.example.org.", 3}}};
  t_check("no mta-sts", &none, NULL, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
  /* Neither record nor address: both found at line 1 of the zone. */
  t_rev bare = {
      .zone = ZONE, .policy = good_policy, .mx = {{"mx1.example.com", 3}}};
  t_check("bare zone", &bare, NULL, 0, 0,
          (t_exp[]){{"deploy-policy-host-no-address", ZONE, 1, 1},
                    {"deploy-no-tlsrpt", ZONE, 1, 1},
                    {"deploy-policy-without-record", POLICY, 1, 1},
                    {NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_single_text_at_zone_line) {
  /* The record rules, at the zone's line and the column in the zone form. */
  t_rev cur = {GOOD_ZONE, .policy = good_policy};
  cur.sts[0] = (t_txt){"\"v=STSv1; \" \"id=2024-01\"", 20};
  cur.tlsrpt[0] = (t_txt){"v=TLSRPTv1; rua=http://r.example.com/", 21};
  t_check("records", &cur, NULL, 0, 0,
          (t_exp[]){{"sts-id-invalid", ZONE, 20, 14},
                    {"tlsrpt-rua-unsupported-scheme", ZONE, 21, 17},
                    {NULL, NULL, 0, 0}});
  /* Two STS records: the second one's findings at its own line. */
  t_rev two = {GOOD_ZONE, .policy = good_policy};
  two.sts[1] = (t_txt){"\"v=STSv1; id=2\"", 31};
  t_check("two records", &two, NULL, 0, 0,
          (t_exp[]){{"txt-set-multiple", ZONE, 31, 2}, {NULL, NULL, 0, 0}});
  /* The policy rules, in the policy file. */
  t_rev pol = {GOOD_ZONE,
               .policy = "version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
                         "mx: *.backup.example.net\nmax_age: 604800\n\n"};
  t_check("policy", &pol, NULL, 0, 0,
          (t_exp[]){{"policy-blank-line", POLICY, 6, 1}, {NULL, NULL, 0, 0}});
}
END_TEST

static const char changed_policy[] = "version: STSv1\n"
                                     "mode: enforce\n"
                                     "mx: mx1.example.com\n"
                                     "mx: *.backup.example.net\n"
                                     "mx: mx3.example.com\n"
                                     "max_age: 604800\n";

START_TEST(test_id_not_changed) {
  t_rev prev = {GOOD_ZONE, .policy = good_policy};
  t_rev cur = {GOOD_ZONE, .policy = changed_policy};
  /* At the id in the record as given ("v=STSv1; id=...", column 11). */
  t_check(
      "id same", &cur, &prev, 0, 0,
      (t_exp[]){{"deploy-id-not-changed", ZONE, 12, 11}, {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&cur, &prev, "deploy-id-not-changed", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "mx") && strstr(msg, OLD_POLICY) &&
                    strstr(msg, "604800 seconds (7 days)"),
                "%s", msg);
  /* A new id: clean. */
  cur.sts[0] = (t_txt){"\"v=STSv1; id=20240202\"", 12};
  t_check("id new", &cur, &prev, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
  /* CRLF line ends and another order are not a change of the policy. */
  cur.policy = "version: STSv1\r\nmode: enforce\r\nmx: *.backup.example.net\r\n"
               "mx: MX1.example.com\r\nmax_age: 604800\r\n";
  t_check("same values", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-id-changed-policy-same", ZONE, 12, 11},
                    {"policy-mx-uppercase", POLICY, 4, 5},
                    {NULL, NULL, 0, 0}});
  t_message(&cur, &prev, "deploy-id-changed-policy-same", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "only its text"), "%s", msg);
  cur.policy = "version: STSv1\r\nmode: enforce\r\nmx: *.backup.example.net\r\n"
               "mx: MX1.example.com\r\nmax_age: 604800\r\n";
  /* An extension counts as a value. */
  cur.policy = "version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
               "mx: *.backup.example.net\nmax_age: 604800\nx-note: a\n";
  cur.sts[0] = prev.sts[0];
  t_check("extension", &cur, &prev, 0, 0,
          (t_exp[]){{"deploy-id-not-changed", ZONE, 12, 11},
                    {"policy-unknown-field", POLICY, 6, 1},
                    {NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_id_case_only) {
  t_rev prev = {GOOD_ZONE, .policy = good_policy};
  prev.sts[0] = (t_txt){"\"v=STSv1; id=abc1\"", 12};
  t_rev cur = {GOOD_ZONE, .policy = changed_policy};
  cur.sts[0] = (t_txt){"\"v=STSv1; id=ABC1\"", 12};
  t_check("case", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-id-case-only", ZONE, 12, 11}, {NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_new_mx_under_enforce) {
  t_rev prev = {GOOD_ZONE, .policy =
                               "version: STSv1\nmode: enforce\n"
                               "mx: mx1.example.com\nmx: *.backup.example.net\n"
                               "max_age: 1209600\n"};
  t_rev cur = {GOOD_ZONE, .policy = changed_policy};
  cur.sts[0] = (t_txt){"\"v=STSv1; id=20240202\"", 12};
  cur.mx[2] = (t_mx){"mx3.example.com.", 8};
  t_check("new host", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-new-mx-under-enforce", ZONE, 8, 1},
                    {"deploy-max-age-shortened", POLICY, 6, 1},
                    {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&cur, &prev, "deploy-new-mx-under-enforce", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "1209600 seconds (14 days)") &&
                    strstr(msg, "new id") && strstr(msg, "then change"),
                "%s", msg);
  /* A host that was there before is not new; testing mode is no risk. */
  prev.mx[2] = (t_mx){"MX3.example.com", 30};
  t_check("old host", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-max-age-shortened", POLICY, 6, 1},
                    {NULL, NULL, 0, 0}});
  prev.mx[2] = (t_mx){NULL, 0};
  prev.policy = "version: STSv1\nmode: testing\nmx: mx1.example.com\n"
                "mx: *.backup.example.net\nmax_age: 604800\n";
  t_check("testing", &cur, &prev, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_downgrades) {
  t_rev prev = {GOOD_ZONE, .policy =
                               "version: STSv1\nmode: enforce\n"
                               "mx: mx1.example.com\nmx: mx2.example.com\n"
                               "mx: *.backup.example.net\nmax_age: 86400\n"};
  t_rev cur = {GOOD_ZONE, .policy =
                              "version: STSv1\nmode: testing\n"
                              "mx: mx1.example.com\nmx: *.backup.example.net\n"
                              "max_age: 3600\n"};
  cur.sts[0] = (t_txt){"\"v=STSv1; id=20240202\"", 12};
  t_check("downgrade", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-mode-downgraded", POLICY, 2, 1},
                    {"deploy-mx-pattern-removed", POLICY, 4, 1},
                    {"deploy-max-age-shortened", POLICY, 5, 1},
                    {"policy-max-age-short", POLICY, 5, 10},
                    {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&cur, &prev, "deploy-mode-downgraded", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "86400 seconds (1 day)") && strstr(msg, "testing"),
                "%s", msg);
  t_message(&cur, &prev, "deploy-mx-pattern-removed", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "mx2.example.com"), "%s", msg);
  /* --strict makes the warnings errors. */
  t_check("strict", &cur, &prev, MTASTS_OPT_STRICT, 0,
          (t_exp[]){{"deploy-mode-downgraded", POLICY, 2, 1},
                    {"deploy-mx-pattern-removed", POLICY, 4, 1},
                    {"deploy-max-age-shortened", POLICY, 5, 1},
                    {"policy-max-age-short", POLICY, 5, 10},
                    {NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_removed) {
  t_rev prev = {GOOD_ZONE, .policy = good_policy};
  t_rev cur = {.zone = ZONE,
               .tlsrpt = {{"\"v=TLSRPTv1; rua=mailto:t@example.com\"", 13}},
               .mx = {{"mx1.example.com.", 6}}};
  t_check("both removed", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-record-removed", ZONE, 1, 1},
                    {"deploy-policy-removed", OLD_POLICY, 1, 1},
                    {NULL, NULL, 0, 0}});
  /* After mode none, removing them is the right thing. */
  prev.policy = "version: STSv1\nmode: none\nmx: mx1.example.com\n"
                "max_age: 86400\n";
  t_check("after none", &cur, &prev, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});
}
END_TEST

START_TEST(test_api_edges) {
  mtasts_deployment *d = NULL;
  mtasts_deployment_result *r = NULL;
  ck_assert_int_eq(mtasts_deployment_new(NULL, NULL), MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_deployment_check(NULL, &r), MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(mtasts_deployment_new(NULL, &d), MTASTS_OK);
  ck_assert_int_eq(mtasts_deployment_set_zone(d, (mtasts_revision)2, "z"),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(
      mtasts_deployment_add_mx(d, MTASTS_REVISION_CURRENT, "a", 1, NULL, 1),
      MTASTS_ERR_INVALID_ARG);
  mtasts_txt t = {"v=STSv1; id=1", 13, MTASTS_TXT_RAW};
  ck_assert_int_eq(mtasts_deployment_add_txt(d, MTASTS_REVISION_CURRENT,
                                             (mtasts_kind)7, &t, "z", 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(
      mtasts_deployment_set_policy(d, MTASTS_REVISION_CURRENT, NULL, 3, "p"),
      MTASTS_ERR_INVALID_ARG);
  /* An empty deployment has nothing to report. */
  ck_assert_int_eq(mtasts_deployment_check(d, &r), MTASTS_OK);
  ck_assert_uint_eq(mtasts_deployment_result_diag_count(r), 0);
  ck_assert_int_eq(mtasts_deployment_result_valid(r), 1);
  ck_assert_ptr_null(mtasts_deployment_result_diag(r, 0));
  ck_assert_ptr_null(
      mtasts_deployment_result_policy(r, MTASTS_REVISION_CURRENT));
  mtasts_deployment_result_free(r);
  /* The parsed parts are there to read. */
  ck_assert_int_eq(mtasts_deployment_set_policy(d, MTASTS_REVISION_CURRENT,
                                                good_policy,
                                                strlen(good_policy), "p"),
                   MTASTS_OK);
  ck_assert_int_eq(mtasts_deployment_add_txt(d, MTASTS_REVISION_CURRENT,
                                             MTASTS_RECORD_STS, &t, "z", 4),
                   MTASTS_OK);
  ck_assert_int_eq(mtasts_deployment_check(d, &r), MTASTS_OK);
  const mtasts_policy *p =
      mtasts_deployment_result_policy(r, MTASTS_REVISION_CURRENT);
  ck_assert_ptr_nonnull(p);
  ck_assert_int_eq(mtasts_policy_mode(p), MTASTS_MODE_ENFORCE);
  const mtasts_record *rec = mtasts_deployment_result_record(
      r, MTASTS_REVISION_CURRENT, MTASTS_RECORD_STS);
  ck_assert_str_eq(mtasts_record_id(rec), "1");
  ck_assert_ptr_null(mtasts_deployment_result_record(
      r, MTASTS_REVISION_PREVIOUS, MTASTS_RECORD_STS));
  mtasts_deployment_result_free(r);
  mtasts_deployment_free(d);
  mtasts_deployment_free(NULL);
  mtasts_deployment_result_free(NULL);
}
END_TEST

/* Paths that the other tests leave: a changed extension under the same id,
 * the wording of durations, a null MX under a cached enforce policy, and
 * arguments that are refused. */
START_TEST(test_more_edges) {
  const char *with_ext = "version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
                         "mx: *.backup.example.net\nmax_age: 604800\n"
                         "x-note: a\n";
  t_rev prev = {GOOD_ZONE, .policy = with_ext};
  t_rev cur = {GOOD_ZONE,
               .policy = "version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
                         "mx: *.backup.example.net\nmax_age: 604800\n"
                         "x-note: b\n"};
  /* The same extension with another value is a change of the policy. */
  t_check("extension value", &cur, &prev, 0, 0,
          (t_exp[]){{"deploy-id-not-changed", ZONE, 12, 11},
                    {"policy-unknown-field", POLICY, 6, 1},
                    {NULL, NULL, 0, 0}});
  char msg[512];
  t_message(&cur, &prev, "deploy-id-not-changed", msg, sizeof msg);
  ck_assert_msg(strstr(msg, "extensions"), "%s", msg);
  /* The same extension and value: no change, so a new id says so. */
  cur.policy = with_ext;
  cur.sts[0] = (t_txt){"\"v=STSv1; id=20240202\"", 12};
  t_check("extension same", &cur, &prev, 0, 1,
          (t_exp[]){{"deploy-id-changed-policy-same", ZONE, 12, 11},
                    {"policy-unknown-field", POLICY, 6, 1},
                    {NULL, NULL, 0, 0}});

  /* Durations in days and hours, hours, and seconds. */
  static const struct {
    const char *old_age, *new_age, *words;
  } ages[] = {{"90000", "3600", "90000 seconds (1 day 1 hour)"},
              {"180000", "3600", "180000 seconds (2 days 2 hours)"},
              {"7200", "60", "7200 seconds (2 hours)"},
              {"3600", "60", "3600 seconds (1 hour)"},
              {"1800", "60", "1800 seconds"}};
  for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
    char po[256], pc[256];
    snprintf(po, sizeof po,
             "version: STSv1\nmode: enforce\nmx: mx1.example.com\n"
             "mx: *.backup.example.net\nmax_age: %s\n",
             ages[i].old_age);
    snprintf(pc, sizeof pc,
             "version: STSv1\nmode: testing\nmx: mx1.example.com\n"
             "mx: *.backup.example.net\nmax_age: %s\n",
             ages[i].new_age);
    t_rev a = {GOOD_ZONE, .policy = po}, b = {GOOD_ZONE, .policy = pc};
    b.sts[0] = (t_txt){"\"v=STSv1; id=20240303\"", 12};
    t_message(&b, &a, "deploy-mode-downgraded", msg, sizeof msg);
    ck_assert_msg(strstr(msg, ages[i].words), "%s: %s", ages[i].words, msg);
  }

  /* A null MX (RFC 7505) is no host a cached policy must cover. */
  t_rev nprev = {GOOD_ZONE, .policy = good_policy};
  t_rev ncur = {GOOD_ZONE, .policy = good_policy};
  ncur.mx[2] = (t_mx){".", 8};
  t_check("null mx", &ncur, &nprev, 0, 1, (t_exp[]){{NULL, NULL, 0, 0}});

  /* Arguments. */
  mtasts_deployment *d = NULL;
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = 0x80000000u;
  ck_assert_int_eq(mtasts_deployment_new(&o, &d), MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(d);
  ck_assert_int_eq(mtasts_deployment_new(NULL, &d), MTASTS_OK);
  ck_assert_int_eq(mtasts_deployment_set_domain(NULL, "a", 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_deployment_set_domain(d, NULL, 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_deployment_set_domain(d, NULL, 0), MTASTS_OK);
  ck_assert_int_eq(
      mtasts_deployment_add_policy_host_address(d, (mtasts_revision)5, "z", 1),
      MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_deployment_add_policy_host_address(
                       NULL, MTASTS_REVISION_CURRENT, "z", 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(
      mtasts_deployment_set_policy(d, (mtasts_revision)5, "x", 1, "p"),
      MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_deployment_check(d, NULL), MTASTS_ERR_INVALID_ARG);
  mtasts_deployment_result *r = NULL;
  ck_assert_int_eq(mtasts_deployment_check(d, &r), MTASTS_OK);
  ck_assert_ptr_null(mtasts_deployment_result_record(r, MTASTS_REVISION_CURRENT,
                                                     (mtasts_kind)9));
  ck_assert_ptr_null(mtasts_deployment_result_record(r, (mtasts_revision)3,
                                                     MTASTS_RECORD_STS));
  ck_assert_ptr_null(mtasts_deployment_result_record(
      NULL, MTASTS_REVISION_CURRENT, MTASTS_RECORD_STS));
  ck_assert_ptr_null(mtasts_deployment_result_policy(r, (mtasts_revision)3));
  ck_assert_int_eq(mtasts_deployment_result_valid(NULL), 0);
  ck_assert_uint_eq(mtasts_deployment_result_diag_count(NULL), 0);
  mtasts_deployment_result_free(r);
  mtasts_deployment_free(d);
}
END_TEST

/* The single-text parses leave source NULL. */
START_TEST(test_source_null_elsewhere) {
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse("x", 1, NULL, &p), MTASTS_OK);
  ck_assert_uint_gt(mtasts_policy_diag_count(p), 0);
  ck_assert_ptr_null(mtasts_policy_diag(p, 0)->source);
  mtasts_policy_free(p);
}
END_TEST

/* Allocation failures: each allocation of a full check fails in turn. */
typedef struct fail_state {
  long countdown;
  int failed;
} fail_state;

static void *f_malloc(size_t n, void *u) {
  fail_state *f = u;
  if (f->countdown-- == 0) {
    f->failed = 1;
    return NULL;
  }
  return malloc(n);
}
static void *f_realloc(void *p, size_t n, void *u) {
  fail_state *f = u;
  if (f->countdown-- == 0) {
    f->failed = 1;
    return NULL;
  }
  return realloc(p, n);
}
static void f_free(void *p, void *u) {
  (void)u;
  free(p);
}

START_TEST(test_allocation_failures) {
  t_rev prev = {GOOD_ZONE, .policy = good_policy};
  t_rev cur = {GOOD_ZONE, .policy = changed_policy};
  cur.mx[2] = (t_mx){"mx4.example.com.", 8};
  for (long k = 0; k < 10000; k++) {
    fail_state f = {k, 0};
    mtasts_allocator a = {f_malloc, f_realloc, f_free, &f};
    mtasts_options o;
    mtasts_options_init(&o);
    o.allocator = &a;
    mtasts_deployment *d = NULL;
    mtasts_deployment_result *r = NULL;
    mtasts_status st = mtasts_deployment_new(&o, &d);
    int ok = st == MTASTS_OK;
    /* Build by hand: feed() asserts success. */
    if (ok) {
      mtasts_txt t = {cur.sts[0].text, strlen(cur.sts[0].text),
                      MTASTS_TXT_ZONE};
      ok = mtasts_deployment_set_zone(d, MTASTS_REVISION_CURRENT, ZONE) ==
               MTASTS_OK &&
           mtasts_deployment_add_txt(d, MTASTS_REVISION_CURRENT,
                                     MTASTS_RECORD_STS, &t, ZONE,
                                     12) == MTASTS_OK &&
           mtasts_deployment_add_txt(d, MTASTS_REVISION_PREVIOUS,
                                     MTASTS_RECORD_STS, &t, ZONE,
                                     12) == MTASTS_OK &&
           mtasts_deployment_set_zone(d, MTASTS_REVISION_PREVIOUS, ZONE) ==
               MTASTS_OK &&
           mtasts_deployment_add_mx(d, MTASTS_REVISION_CURRENT,
                                    "mx4.example.com", 15, ZONE,
                                    8) == MTASTS_OK &&
           mtasts_deployment_set_policy(d, MTASTS_REVISION_CURRENT, cur.policy,
                                        strlen(cur.policy),
                                        POLICY) == MTASTS_OK &&
           mtasts_deployment_set_policy(d, MTASTS_REVISION_PREVIOUS,
                                        prev.policy, strlen(prev.policy),
                                        OLD_POLICY) == MTASTS_OK;
    }
    if (ok) {
      st = mtasts_deployment_check(d, &r);
      ck_assert(st == MTASTS_OK || st == MTASTS_ERR_NOMEM);
      if (st == MTASTS_OK)
        ck_assert_uint_gt(mtasts_deployment_result_diag_count(r), 0);
      else
        ck_assert_ptr_null(r);
    }
    mtasts_deployment_result_free(r);
    mtasts_deployment_free(d);
    if (!f.failed)
      return; /* every allocation has failed once */
  }
  ck_abort_msg("more than 10000 allocations");
}
END_TEST

int main(void) {
  Suite *s = suite_create("deploy");
  TCase *tc = tcase_create("deploy");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_clean);
  tcase_add_test(tc, test_mx_not_covered);
  tcase_add_test(tc, test_mx_fake_a_label);
  tcase_add_test(tc, test_parts);
  tcase_add_test(tc, test_single_text_at_zone_line);
  tcase_add_test(tc, test_id_not_changed);
  tcase_add_test(tc, test_id_case_only);
  tcase_add_test(tc, test_new_mx_under_enforce);
  tcase_add_test(tc, test_downgrades);
  tcase_add_test(tc, test_removed);
  tcase_add_test(tc, test_api_edges);
  tcase_add_test(tc, test_more_edges);
  tcase_add_test(tc, test_source_null_elsewhere);
  tcase_add_test(tc, test_allocation_failures);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
