/* SPDX-License-Identifier: MIT */
/*
 * Tests for lib/domain.c: mx pattern and host name checks, advice, matching
 * (RFC 8461 §3.2, §4.1) and A-label conversion (RFC 3492).
 */
#include "internal.h"
#include "testutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A row's length when the input is a C string. */
#define STR ((size_t)-1)
/* The expected code of a valid input. */
#define VALID (-1)

#define C(name) ((int)MTASTS_DIAG_POLICY_MX_##name)

static size_t row_len(const char *in, size_t len) {
  return len == STR ? strlen(in) : len;
}

static const char *code_id(int code) {
  if (code == VALID)
    return "valid";
  const char *id = mtasts_diag_code_id((mtasts_diag_code)code);
  return id ? id : "?";
}

/* One check: input, expected code (or VALID) and span. */
typedef struct check_row {
  const char *in;
  size_t len;
  int code;
  size_t off, span;
} check_row;

typedef int (*check_fn)(const char *, size_t, mtasts_i_domain_issue *);

static void run_check_rows(const char *what, check_fn fn, const check_row *rows,
                           size_t count) {
  for (size_t i = 0; i < count; i++) {
    const check_row *r = &rows[i];
    size_t n = row_len(r->in, r->len);
    mtasts_i_domain_issue is = {MTASTS_DIAG_TOO_MANY_DIAGNOSTICS, 999, 999};
    int bad = fn(r->in, n, &is);
    char q[MT_QUOTE_MAX];
    mtasts_i_quote(q, sizeof q, r->in, n);
    if (r->code == VALID) {
      ck_assert_msg(bad == 0, "%s %s: expected valid, got %s %zu/%zu", what, q,
                    code_id((int)is.code), is.off, is.len);
    } else {
      ck_assert_msg(bad == 1 && (int)is.code == r->code && is.off == r->off &&
                        is.len == r->span,
                    "%s %s: expected %s %zu/%zu, got %d %s %zu/%zu", what, q,
                    code_id(r->code), r->off, r->span, bad,
                    bad ? code_id((int)is.code) : "valid", is.off, is.len);
    }
  }
}

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  ck_assert_ptr_nonnull(d);
  return memcpy(d, s, n);
}

/* Builds names from repeated parts into a static-size buffer. */
static char *repeat(char *dst, const char *prefix, char c, size_t count,
                    const char *suffix) {
  size_t o = strlen(prefix);
  memcpy(dst, prefix, o);
  memset(dst + o, c, count);
  o += count;
  strcpy(dst + o, suffix);
  return dst;
}

/* ---------------------------------------------------------------------- */
/* mtasts_i_mx_pattern_check */

static const check_row pattern_rows[] = {
    /* Valid (RFC 8461 §3.2 example, §5 vectors, provider patterns). */
    {"mail.example.com", STR, VALID, 0, 0},
    {"*.example.net", STR, VALID, 0, 0},
    {"backupmx.example.com", STR, VALID, 0, 0},
    {"*.example.com", STR, VALID, 0, 0},
    {"aspmx.l.google.com", STR, VALID, 0, 0},
    {"*.mail.protection.outlook.com", STR, VALID, 0, 0},
    {"xn--mil-qla.example", STR, VALID, 0, 0},
    {"MAIL.Example.COM", STR, VALID, 0, 0},
    {"localhost", STR, VALID, 0, 0},          /* valid; advice: single label */
    {"ab--cd.example.com", STR, VALID, 0, 0}, /* advice: reserved */
    {"123.example.com", STR, VALID, 0, 0},
    {"mx-1.a-b.example", STR, VALID, 0, 0},
    {"a.b", STR, VALID, 0, 0},
    {"*.a", STR, VALID, 0, 0},
    {"mail.example.123a", STR, VALID, 0, 0},
    {"1.2.3.4.example", STR, VALID, 0, 0},
    {"cafe.be", STR, VALID, 0, 0},

    /* Priority 1: empty. */
    {"", STR, C(EMPTY_LABEL), 0, 0},
    /* 2: non-ASCII (RFC 8461 §3.2: A-labels only). */
    {"mäil.example", STR, C(U_LABEL), 0, 13},
    {"mäil.example.com:25", STR, C(U_LABEL), 0, 20},
    {"mail.example.com\xff", STR, C(U_LABEL), 0, 17},
    /* 3: several names on one line. */
    {"a.example.com, b.example.com", STR, C(MULTIPLE), 13, 1},
    {"a.example.com,b.example.com", STR, C(MULTIPLE), 13, 1},
    {"a.example.com b.example.com", STR, C(MULTIPLE), 13, 1},
    {"a.example.com\tb.example.com", STR, C(MULTIPLE), 13, 1},
    {"mail .example.com", STR, C(MULTIPLE), 4, 1},
    /* A trailing or lone comma separates nothing: a bad character. */
    {"mail.example.com,", STR, C(INVALID_CHAR), 16, 1},
    {",mail.example.com", STR, C(INVALID_CHAR), 0, 1},
    {",", STR, C(INVALID_CHAR), 0, 1},
    /* 4: IP literals (RFC 1123 §2.1, C7). */
    {"192.0.2.1", STR, C(IP_ADDRESS), 0, 9},
    {"212.114.86.56", STR, C(IP_ADDRESS), 0, 13},
    {"10.0.0.300", STR, C(IP_ADDRESS), 0, 10},
    {"[192.0.2.1]", STR, C(IP_ADDRESS), 0, 11},
    {"[IPv6:2001:db8::1]", STR, C(IP_ADDRESS), 0, 18},
    {"2001:db8::1", STR, C(IP_ADDRESS), 0, 11},
    {"::1", STR, C(IP_ADDRESS), 0, 3},
    {"::ffff:192.0.2.1", STR, C(IP_ADDRESS), 0, 16},
    {"192.0.2.1:25", STR, C(IP_ADDRESS), 0, 12}, /* an address, with port */
    {"192.0.2.1.", STR, C(IP_ADDRESS), 0, 10},   /* an address, with dot */
    /* 5: a port. */
    {"mail.example.com:25", STR, C(PORT), 16, 3},
    {"mail.example.com:587", STR, C(PORT), 16, 4},
    {"cafe.be:25", STR, C(PORT), 7, 3}, /* hex letters, one ':': a port */
    {"a_b.example.com:25", STR, C(PORT), 15, 3},
    {"mail.example.com:", STR, C(INVALID_CHAR), 16, 1},
    {"mail.example.com:smtp", STR, C(INVALID_CHAR), 16, 1},
    {"mail.example.com:25:26", STR, C(INVALID_CHAR), 16, 1},
    {"https://mail.example.com", STR, C(INVALID_CHAR), 5, 1},
    /* 6: trailing dot. */
    {"mail.example.com.", STR, C(TRAILING_DOT), 16, 1},
    {"mail.example.com..", STR, C(TRAILING_DOT), 17, 1},
    {"*.example.com.", STR, C(TRAILING_DOT), 13, 1},
    {".mail.example.com.", STR, C(TRAILING_DOT), 17, 1},
    {"-a.example.com.", STR, C(TRAILING_DOT), 14, 1},
    {"a..b.", STR, C(TRAILING_DOT), 4, 1},
    /* 7: leading dot (the draft-era ".example.net"). */
    {".example.com", STR, C(LEADING_DOT), 0, 1},
    {".", STR, C(LEADING_DOT), 0, 1},
    {"..", STR, C(LEADING_DOT), 0, 1},
    /* 8: wildcards (C2). */
    {"*", STR, C(WILDCARD_INVALID), 0, 1},
    {"*.", STR, C(WILDCARD_INVALID), 0, 1},
    {"*example.com", STR, C(WILDCARD_INVALID), 0, 8},
    {"mx*.example.com", STR, C(WILDCARD_INVALID), 0, 3},
    {"*.*.example.com", STR, C(WILDCARD_INVALID), 2, 1},
    {"mail.*.example.com", STR, C(WILDCARD_INVALID), 5, 1},
    {"**.example.com", STR, C(WILDCARD_INVALID), 0, 2},
    {"*.example.*", STR, C(WILDCARD_INVALID), 10, 1},
    {"mx*.a_b", STR, C(WILDCARD_INVALID), 0, 3},
    /* 9: empty labels. */
    {"a..b", STR, C(EMPTY_LABEL), 2, 1},
    {"mail..example.com", STR, C(EMPTY_LABEL), 5, 1},
    {"*..example.com", STR, C(EMPTY_LABEL), 2, 1},
    {"*..", STR, C(EMPTY_LABEL), 2, 1},
    {"*.a..b", STR, C(EMPTY_LABEL), 4, 1},
    /* 10: characters outside letters, digits, hyphens and dots. */
    {"mail_1.example.com", STR, C(INVALID_CHAR), 4, 1},
    {"mail/x.example.com", STR, C(INVALID_CHAR), 4, 1},
    {"user@example.com", STR, C(INVALID_CHAR), 4, 1},
    {"mail!.example.com", STR, C(INVALID_CHAR), 4, 1},
    {"mail.example.com\r", STR, C(INVALID_CHAR), 16, 1},
    {"mail.exam\0ple.com", 17, C(INVALID_CHAR), 9, 1},
    {"*.a_b.example", STR, C(INVALID_CHAR), 3, 1},
    {"mail[1].example.com", STR, C(INVALID_CHAR), 4, 1},
    {"a_b.-c", STR, C(INVALID_CHAR), 1, 1},
    /* 11: hyphens at either end of a label. */
    {"-mx.example.com", STR, C(LABEL_HYPHEN), 0, 3},
    {"mx-.example.com", STR, C(LABEL_HYPHEN), 0, 3},
    {"mail.-example.com", STR, C(LABEL_HYPHEN), 5, 8},
    {"mail.example-", STR, C(LABEL_HYPHEN), 5, 8},
    {"-", STR, C(LABEL_HYPHEN), 0, 1},
    {"*.-x.example.com", STR, C(LABEL_HYPHEN), 2, 2},
    /* 14: an all-digit top-level label is no host name. */
    {"mail.123", STR, C(IP_ADDRESS), 0, 8},
    {"1.2.3.4.5", STR, C(IP_ADDRESS), 0, 9},
    {"*.192.0.2.1", STR, C(IP_ADDRESS), 0, 11},
    {"12345", STR, C(IP_ADDRESS), 0, 5},
};

START_TEST(test_pattern_table) {
  run_check_rows("pattern", mtasts_i_mx_pattern_check, pattern_rows,
                 sizeof pattern_rows / sizeof pattern_rows[0]);
}
END_TEST

/* RFC 1035 §2.3.4 limits: 63 octets a label, 253 characters a name. */
START_TEST(test_pattern_lengths) {
  char buf[600];
  char l63[64], l64[65];
  repeat(l63, "", 'a', 63, "");
  repeat(l64, "", 'a', 64, "");
  check_row rows[12];
  size_t k = 0;

  snprintf(buf, sizeof buf, "%s.example", l63);
  rows[k++] = (check_row){dupstr(buf), STR, VALID, 0, 0};
  snprintf(buf, sizeof buf, "%s.example", l64);
  rows[k++] = (check_row){dupstr(buf), STR, C(LABEL_TOO_LONG), 0, 64};
  snprintf(buf, sizeof buf, "mail.%s", l64);
  rows[k++] = (check_row){dupstr(buf), STR, C(LABEL_TOO_LONG), 5, 64};
  snprintf(buf, sizeof buf, "*.%s.com", l64);
  rows[k++] = (check_row){dupstr(buf), STR, C(LABEL_TOO_LONG), 2, 64};
  /* A hyphen problem anywhere comes before a length problem. */
  snprintf(buf, sizeof buf, "%s.-a", l64);
  rows[k++] = (check_row){dupstr(buf), STR, C(LABEL_HYPHEN), 65, 2};

  /* 253 characters: 63.63.63.61 */
  snprintf(buf, sizeof buf, "%s.%s.%s.%.61s", l63, l63, l63, l63);
  ck_assert_uint_eq(strlen(buf), 253);
  rows[k++] = (check_row){dupstr(buf), STR, VALID, 0, 0};
  /* 254 characters. */
  snprintf(buf, sizeof buf, "%s.%s.%s.%.62s", l63, l63, l63, l63);
  rows[k++] = (check_row){dupstr(buf), STR, C(TOO_LONG), 0, 254};
  /* "*." and a 251-character Domain: 253 in all, room for one label. */
  snprintf(buf, sizeof buf, "*.%s.%s.%s.%.59s", l63, l63, l63, l63);
  ck_assert_uint_eq(strlen(buf), 253);
  rows[k++] = (check_row){dupstr(buf), STR, VALID, 0, 0};
  snprintf(buf, sizeof buf, "*.%s.%s.%s.%.60s", l63, l63, l63, l63);
  rows[k++] = (check_row){dupstr(buf), STR, C(TOO_LONG), 0, 254};

  run_check_rows("pattern length", mtasts_i_mx_pattern_check, rows, k);
  for (size_t i = 0; i < k; i++)
    free((void *)rows[i].in);
}
END_TEST

/* Every mx value of the known-good example policies is valid, and needs no
 * advice. */
static const char *examples_dir(char *buf, size_t cap) {
  const char *root = getenv("MTASTS_SOURCE_DIR");
  snprintf(buf, cap, "%s/tests/data/known-good", root && *root ? root : ".");
  return buf;
}

START_TEST(test_pattern_examples) {
  static const char *const files[] = {
      "google-workspace.txt", "microsoft-365.txt", "rfc8461-section-3.2.txt",
      "self-hosted.txt", "wildcard-backup.txt"};
  char dirbuf[1024], path[1200];
  const char *dir = examples_dir(dirbuf, sizeof dirbuf);
  size_t total = 0;
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[f]);
    size_t len = 0;
    char *text = tu_read_file(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    size_t found = 0;
    for (size_t i = 0; i < len;) {
      size_t e = i;
      while (e < len && text[e] != '\n')
        e++;
      if (e - i > 3 && memcmp(text + i, "mx:", 3) == 0) {
        size_t a = i + 3, b = e;
        while (a < b && mtasts_i_is_wsp((unsigned char)text[a]))
          a++;
        while (b > a && (mtasts_i_is_wsp((unsigned char)text[b - 1]) ||
                         text[b - 1] == '\r'))
          b--;
        mtasts_i_domain_issue is;
        ck_assert_msg(mtasts_i_mx_pattern_check(text + a, b - a, &is) == 0,
                      "%s: %.*s: %s", files[f], (int)(b - a), text + a,
                      code_id((int)is.code));
        mtasts_i_domain_issue adv[4];
        ck_assert_msg(mtasts_i_mx_pattern_advice(text + a, b - a, adv, 4) == 0,
                      "%s: %.*s: advice %s", files[f], (int)(b - a), text + a,
                      code_id((int)adv[0].code));
        found++;
      }
      i = e + 1;
    }
    ck_assert_msg(found > 0, "%s: no mx line", files[f]);
    total += found;
    free(text);
  }
  ck_assert_uint_eq(total, 10);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_i_mx_pattern_advice */

typedef struct advice_row {
  const char *in;
  size_t max;
  size_t count;
  mtasts_i_domain_issue want[4];
} advice_row;

#define A(name, off, len)                                                      \
  { MTASTS_DIAG_POLICY_MX_##name, off, len }

static const advice_row advice_rows[] = {
    {"mail.example.com", 4, 0, {{0}}},
    {"*.example.com", 4, 0, {{0}}},
    {"xn--mil-qla.example", 4, 0, {{0}}},
    {"a--b.example.com", 4, 0, {{0}}},   /* "--" in places 2-3 */
    {"abc--d.example.com", 4, 0, {{0}}}, /* "--" in places 4-5 */
    {"localhost", 4, 1, {A(SINGLE_LABEL, 0, 9)}},
    {"mail", 4, 1, {A(SINGLE_LABEL, 0, 4)}},
    {"Mail.example.com", 4, 1, {A(UPPERCASE, 0, 16)}},
    {"mail.EXAMPLE.COM", 4, 1, {A(UPPERCASE, 0, 16)}},
    {"*.Example.com", 4, 1, {A(UPPERCASE, 0, 13)}},
    {"XN--MIL-QLA.example", 4, 1, {A(UPPERCASE, 0, 19)}},
    {"LOCALHOST", 4, 2, {A(SINGLE_LABEL, 0, 9), A(UPPERCASE, 0, 9)}},
    {"ab--c.example.com", 4, 1, {A(RESERVED_LABEL, 0, 5)}},
    {"mail.ab--c.example.com", 4, 1, {A(RESERVED_LABEL, 5, 5)}},
    {"*.ab--c.com", 4, 1, {A(RESERVED_LABEL, 2, 5)}},
    {"ab--c", 4, 2, {A(SINGLE_LABEL, 0, 5), A(RESERVED_LABEL, 0, 5)}},
    {"mail.example.zz--top", 4, 1, {A(RESERVED_LABEL, 13, 7)}},
    {"Ab--c.Cd--e.com",
     4,
     3,
     {A(RESERVED_LABEL, 0, 5), A(UPPERCASE, 0, 15), A(RESERVED_LABEL, 6, 5)}},
    {"mail.Ab--c.com", 4, 2, {A(UPPERCASE, 0, 14), A(RESERVED_LABEL, 5, 5)}},
    /* The cap on the number written. */
    {"Ab--c.Cd--e.com", 1, 1, {A(RESERVED_LABEL, 0, 5)}},
    {"Ab--c.Cd--e.com", 2, 2, {A(RESERVED_LABEL, 0, 5), A(UPPERCASE, 0, 15)}},
    {"LOCALHOST", 0, 0, {{0}}},
};

START_TEST(test_advice_table) {
  for (size_t i = 0; i < sizeof advice_rows / sizeof advice_rows[0]; i++) {
    const advice_row *r = &advice_rows[i];
    size_t n = strlen(r->in);
    ck_assert_msg(mtasts_i_mx_pattern_check(r->in, n, NULL) == 0, "%s: invalid",
                  r->in);
    mtasts_i_domain_issue got[4];
    memset(got, 0, sizeof got);
    size_t k = mtasts_i_mx_pattern_advice(r->in, n, got, r->max);
    ck_assert_msg(k == r->count, "%s: %zu findings, expected %zu", r->in, k,
                  r->count);
    for (size_t j = 0; j < k; j++)
      ck_assert_msg(
          got[j].code == r->want[j].code && got[j].off == r->want[j].off &&
              got[j].len == r->want[j].len,
          "%s #%zu: got %s %zu/%zu, expected %s %zu/%zu", r->in, j,
          code_id((int)got[j].code), got[j].off, got[j].len,
          code_id((int)r->want[j].code), r->want[j].off, r->want[j].len);
  }
  /* Defensive arguments. */
  mtasts_i_domain_issue one;
  ck_assert_uint_eq(mtasts_i_mx_pattern_advice(NULL, 3, &one, 1), 0);
  ck_assert_uint_eq(mtasts_i_mx_pattern_advice("mail", 4, NULL, 1), 0);
  ck_assert_uint_eq(mtasts_i_mx_pattern_advice("", 0, &one, 1), 0);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_i_host_check */

static const check_row host_rows[] = {
    {"mail.example.com", STR, VALID, 0, 0},
    {"mail.example.com.", STR, VALID, 0, 0}, /* the root dot */
    {"MAIL.EXAMPLE.COM.", STR, VALID, 0, 0},
    {"localhost", STR, VALID, 0, 0},
    {"xn--mil-qla.example.", STR, VALID, 0, 0},
    /* Only one root dot is dropped; the dot before it is reported. */
    {"mail.example.com..", STR, C(TRAILING_DOT), 16, 1},
    {"", STR, C(EMPTY_LABEL), 0, 0},
    {".", STR, C(LEADING_DOT), 0, 1},
    {"..", STR, C(LEADING_DOT), 0, 1},
    {".example.com", STR, C(LEADING_DOT), 0, 1},
    {"*.example.com", STR, C(WILDCARD_INVALID), 0, 1},
    {"*", STR, C(WILDCARD_INVALID), 0, 1},
    {"mail.*.example.com", STR, C(WILDCARD_INVALID), 5, 1},
    {"mx*.example.com.", STR, C(WILDCARD_INVALID), 0, 3},
    {"192.0.2.1", STR, C(IP_ADDRESS), 0, 9},
    {"192.0.2.1.", STR, C(IP_ADDRESS), 0, 9},
    {"[2001:db8::1]", STR, C(IP_ADDRESS), 0, 13},
    {"mail.123.", STR, C(IP_ADDRESS), 0, 8},
    {"mail.example.com:25", STR, C(PORT), 16, 3},
    {"mail_x.example.com", STR, C(INVALID_CHAR), 4, 1},
    {" mail.example.com", STR, C(INVALID_CHAR), 0, 1},
    {"mail.example.com ", STR, C(INVALID_CHAR), 16, 1},
    {"a.example.com b.example.com", STR, C(MULTIPLE), 13, 1},
    {"mäil.example.", STR, C(U_LABEL), 0, 13},
    {"a..b.", STR, C(EMPTY_LABEL), 2, 1},
    {"-mx.example.com.", STR, C(LABEL_HYPHEN), 0, 3},
};

START_TEST(test_host_table) {
  run_check_rows("host", mtasts_i_host_check, host_rows,
                 sizeof host_rows / sizeof host_rows[0]);
  /* 253 characters plus the root dot is still a valid name. */
  char l63[64], buf[300];
  repeat(l63, "", 'a', 63, "");
  snprintf(buf, sizeof buf, "%s.%s.%s.%.61s.", l63, l63, l63, l63);
  ck_assert_int_eq(mtasts_i_host_check(buf, strlen(buf), NULL), 0);
  snprintf(buf, sizeof buf, "%s.%s.%s.%.62s.", l63, l63, l63, l63);
  mtasts_i_domain_issue is;
  ck_assert_int_eq(mtasts_i_host_check(buf, strlen(buf), &is), 1);
  ck_assert_int_eq(is.code, MTASTS_DIAG_POLICY_MX_TOO_LONG);
  ck_assert_uint_eq(is.len, 254);
  ck_assert_int_eq(mtasts_i_host_check(NULL, 0, &is), 1);
  ck_assert_int_eq(mtasts_i_mx_pattern_check(NULL, 0, &is), 1);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_mx_match                                                         */

typedef struct match_row {
  const char *pattern;
  const char *host;
  int want;
} match_row;

static const match_row match_rows[] = {
    /* RFC 8461 §5 matching table. */
    {"*.example.com", "mail.example.com", 1},
    {"*.example.com", "example.com", 0},
    {"*.example.com", "a.b.example.com", 0},
    {"*.example.com", "MAIL.EXAMPLE.COM", 1},
    {"mail.example.com", "mail.example.com", 1},
    {"mail.example.com", "example.com", 0},
    {"mail.example.com", "a.b.example.com", 0},
    {"mail.example.com", "MAIL.EXAMPLE.COM", 1},
    /* One trailing (root) dot on the host is ignored. */
    {"mail.example.com", "mail.example.com.", 1},
    {"*.example.com", "mail.example.com.", 1},
    {"mail.example.com", "mail.example.com..", 0},
    {"*.example.com", "example.com.", 0},
    /* A pattern with a trailing dot is invalid and covers nothing. */
    {"mail.example.com.", "mail.example.com.", 0},
    {"mail.example.com.", "mail.example.com", 0},
    {"*.example.com.", "mail.example.com", 0},
    /* Case on either side. */
    {"MAIL.Example.COM", "mail.example.com", 1},
    {"*.EXAMPLE.com", "Mx1.example.COM", 1},
    /* Wildcards cover one non-empty label, never zero or a suffix. */
    {"*.example.com", "xexample.com", 0},
    {"*.example.com", ".example.com", 0},
    {"*.example.com", "mail.example.co", 0},
    {"*.example.com", "mail.example.com.au", 0},
    {"*.com", "example.com", 1},
    {"*.com", "com", 0},
    {"*.localhost", "localhost", 0},
    {"*.mail.protection.outlook.com",
     "contoso-com.mail.protection.outlook.com.", 1},
    {"*.mx.microsoft", "icewolf-li.h-v1.mx.microsoft", 0},
    {"*.googlemail.com", "alt1.gmail-smtp-in.l.googlemail.com", 0},
    /* Literal patterns are exact. */
    {"mail.example.com", "mail2.example.com", 0},
    {"mail.example.com", "ail.example.com", 0},
    {"example.com", "mail.example.com", 0},
    {"localhost", "localhost", 1},
    {"localhost", "localhost.", 1},
    /* Hosts that are no host names match nothing. */
    {"*.example.com", "*.example.com", 0},
    {"mail.example.com", "mail.example.com:25", 0},
    {"mail.example.com", " mail.example.com", 0},
    {"*.0.2.1", "192.0.2.1", 0},
    {"mail.example.com", "", 0},
    {"mail.example.com", ".", 0},
    /* Invalid patterns match nothing. */
    {"", "mail.example.com", 0},
    {"", "", 0},
    {"*", "mail", 0},
    {"*.*.example.com", "a.b.example.com", 0},
    {".example.com", "mail.example.com", 0},
    {"mail.example.com:25", "mail.example.com", 0},
    {"mail_1.example.com", "mail_1.example.com", 0},
    {"192.0.2.1", "192.0.2.1", 0},
    {"mäil.example", "mäil.example", 0},
    {"mäil.example", "xn--mil-qla.example", 0},
    {"xn--mil-qla.example", "XN--MIL-QLA.EXAMPLE.", 1},
};

/* Brackets: only an address literal is an address (RFC 5321 §4.1.3); a
 * host name in brackets is a bad character. The public check also names a
 * fake A-label (with libidn2), and every code has a reason. */
START_TEST(test_brackets_and_public_check) {
  static const struct {
    const char *name;
    mtasts_diag_code code;
  } rows[] = {
      {"[mail.example.com]", MTASTS_DIAG_POLICY_MX_INVALID_CHAR},
      {"[mail.example.com", MTASTS_DIAG_POLICY_MX_INVALID_CHAR},
      {"[1.2.3]", MTASTS_DIAG_POLICY_MX_INVALID_CHAR},
      {"[]", MTASTS_DIAG_POLICY_MX_INVALID_CHAR},
      {"[192.0.2.1]", MTASTS_DIAG_POLICY_MX_IP_ADDRESS},
      {"[192.0.2.1]:25", MTASTS_DIAG_POLICY_MX_IP_ADDRESS},
      {"[IPv6:2001:db8::1]", MTASTS_DIAG_POLICY_MX_IP_ADDRESS},
      {"[ipv6:::1]", MTASTS_DIAG_POLICY_MX_IP_ADDRESS},
      {"[2001:db8::1]", MTASTS_DIAG_POLICY_MX_IP_ADDRESS},
      {"[a.example]:25", MTASTS_DIAG_POLICY_MX_PORT},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    mtasts_name_issue is;
    mtasts_name_issue_init(&is);
    ck_assert_int_eq(mtasts_host_check(rows[i].name, strlen(rows[i].name), &is),
                     0);
    ck_assert_msg(is.code == rows[i].code, "%s: code %d, expected %d",
                  rows[i].name, (int)is.code, (int)rows[i].code);
    ck_assert_ptr_nonnull(is.reason);
  }
  ck_assert_str_eq(mtasts_i_domain_reason(MTASTS_DIAG_POLICY_EMPTY, 1),
                   "is not a valid host name");
#ifdef MTASTS_HAVE_IDN2
  mtasts_name_issue is;
  mtasts_name_issue_init(&is);
  const char *fake = "mx.xn--aca-jja.example.";
  ck_assert_int_eq(mtasts_host_check(fake, strlen(fake), &is), 0);
  ck_assert_int_eq(is.code, MTASTS_DIAG_POLICY_MX_FAKE_A_LABEL);
  ck_assert_uint_eq(is.offset, 3);
  ck_assert_uint_eq(is.length, 11);
  ck_assert_ptr_nonnull(strstr(is.reason, "xn--"));
  const char *real = "mx.xn--aca-6ma.example.";
  ck_assert_int_eq(mtasts_host_check(real, strlen(real), &is), 1);
#endif
}
END_TEST

START_TEST(test_match_table) {
  for (size_t i = 0; i < sizeof match_rows / sizeof match_rows[0]; i++) {
    const match_row *r = &match_rows[i];
    int got = mtasts_mx_match(r->pattern, strlen(r->pattern), r->host,
                              strlen(r->host));
    ck_assert_msg(got == r->want, "'%s' vs '%s': got %d, expected %d",
                  r->pattern, r->host, got, r->want);
  }
  /* NULL pointers. */
  ck_assert_int_eq(mtasts_mx_match(NULL, 5, "a.com", 5), 0);
  ck_assert_int_eq(mtasts_mx_match("a.com", 5, NULL, 5), 0);
  ck_assert_int_eq(mtasts_mx_match(NULL, 0, NULL, 0), 0);
  ck_assert_int_eq(mtasts_mx_match("a.com", 5, NULL, 0), 0);
  /* Lengths are honoured: no NUL is needed or read. */
  ck_assert_int_eq(mtasts_mx_match("a.comX", 5, "A.COMY", 5), 1);
  ck_assert_int_eq(mtasts_mx_match("*.a.com", 7, "x.a.com.Z", 8), 1);
  ck_assert_int_eq(mtasts_mx_match("a.com", 5, "a.com\0", 6), 0);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_i_to_alabel and mtasts_i_fake_alabel (libidn2) */

#ifdef MTASTS_HAVE_IDN2
#include <idn2.h>

/* UTF-8 of code point cp at out; returns its length. */
static size_t put_utf8(unsigned long cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/*
 * lib/domain.c asks libidn2 for IDNA2008 proper (NFC_INPUT | NO_TR46)
 * first and for the UTS #46 non-transitional mapping only when that
 * refuses. That is the same as asking for the mapping only if, wherever
 * the strict call succeeds, the mapped call succeeds with the same result.
 * Checked here for every code point but the surrogates, alone and as the
 * middle of the label "a" cp "b", through libidn2 both ways.
 */
START_TEST(test_idna_strict_agrees) {
  /* Without NFC_INPUT: with it, U+2F868 and nine other compatibility
   * ideographs pass the strict call and not the mapping. */
  const int strict = IDN2_NO_TR46;
  const int mapped = IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL;
  unsigned long accepted = 0;
  for (unsigned long cp = 1; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    for (int form = 0; form < 2; form++) {
      char in[8];
      size_t n = 0;
      if (form)
        in[n++] = 'a';
      n += put_utf8(cp, in + n);
      if (form)
        in[n++] = 'b';
      in[n] = '\0';
      char *s = NULL, *m = NULL;
      /* A label that begins or ends with '-' never goes to the strict
       * call (RFC 5891 §4.2.3.1, which only the mapping checks). */
      if (in[0] == '-' || in[n - 1] == '-')
        continue;
      int rs = idn2_to_ascii_8z(in, &s, strict);
      if (rs == IDN2_OK && s) {
        accepted++;
        int rm = idn2_to_ascii_8z(in, &m, mapped);
        /* Both callers fold ASCII case (the strict call keeps an ASCII
         * capital, the mapping lowers it). */
        ck_assert_msg(rm == IDN2_OK && m &&
                          mtasts_i_eq_nocase(s, strlen(s), m, strlen(m)),
                      "U+%04lX (form %d): strict '%s', mapped %d '%s'", cp,
                      form, s, rm, m ? m : "(none)");
      }
      idn2_free(s);
      idn2_free(m);
    }
  }
  /* The strict call is not vacuous: it accepts the letters, digits and
   * scripts of IDNA2008 (PVALID), tens of thousands of them. */
  ck_assert_uint_gt(accepted, 100000);
}
END_TEST

typedef struct alabel_row {
  const char *in;
  size_t cap;
  const char *want; /* NULL: 0 is expected */
} alabel_row;

static const alabel_row alabel_rows[] = {
    {"mäil.example", 256, "xn--mil-qla.example"},
    /* RFC 5891 §4.2.3.1: the strict lookup of libidn2 lets these through,
     * the mapping does not, and neither do we. */
    {"ä-.example", 256, NULL},
    {"-ä.example", 256, NULL},
    {"-.mäil.example", 256, NULL},
    {"ab-.mäil", 256, NULL},
    {"a--b.ä", 256, "a--b.xn--4ca"},
    {"bücher.example", 256, "xn--bcher-kva.example"},
    {"münchen.de", 256, "xn--mnchen-3ya.de"},
    {"ü", 256, "xn--tda"},
    {"äää", 256, "xn--4caaa"},
    /* UTS #46 mapping: non-ASCII capitals are folded before encoding
     * ("Ñ" would give xn--aca-jja, which is not a valid A-label). */
    {"Ñaca.com", 256, "xn--aca-6ma.com"},
    {"MÄIL.example", 256, "xn--mil-qla.example"},
    /* Non-transitional: "ß" is kept, not mapped to "ss". */
    {"faß.de", 256, "xn--fa-hia.de"},
    /* Full-width letters map to ASCII. */
    {"ＡＢＣ.example", 256, "abc.example"},
    /* IDNA2008 disallows symbols such as emoji and "؟" (RFC 5892). */
    {"a😀b.example", 256, NULL},
    {"ليهمابتكلموشعربي؟", 256, NULL},
    /* RFC 3492 §7.1 samples (B), (G), (J), (L); ASCII lowered. */
    {"他们为什么不说中文", 256, "xn--ihqwcrb4cv8a8dqg056pqjye"},
    {"почемужеонинеговорятпорусски", 256,
     "xn--b1abfaaepdrnnbgefbadotcwatmq2g4l"},
    {"PorquénopuedensimplementehablarenEspañol", 256,
     "xn--porqunopuedensimplementehablarenespaol-fmd56a"},
    {"3年B組金八先生", 256, "xn--3b-ww4c5e180e575a65lsy2b"},
    {"Mäil.EXAMPLE", 256, "xn--mil-qla.example"},
    {"example.com", 256, "example.com"},
    {"EXAMPLE.Com", 256, "example.com"},
    {"mail.bücher.example", 256, "mail.xn--bcher-kva.example"},
    {"*.mäil.example", 256, "*.xn--mil-qla.example"},
    /* UTS #46 without STD3 rules lets control characters and other ASCII
     * through; what is not a host name is no A-label form (found by
     * fuzz_mx: an --mx host "L-QL\x01.EXäil.example" put \x01 into a
     * message). */
    {"l-ql\x01.exäil.example", 256, NULL},
    {"a(b.exäil.example", 256, NULL},
    {"a.*.mäil.example", 256, NULL},
    {"mäil.", 256, "xn--mil-qla."},
    /* Exactly enough room (19 characters and the NUL), and one less. */
    {"mäil.example", 20, "xn--mil-qla.example"},
    {"mäil.example", 19, NULL},
    {"mäil.example", 12, NULL},
    {"mäil", 4, NULL},
    {"example.com", 12, "example.com"},
    {"example.com", 11, NULL},
    {"example.com", 1, NULL},
    /* Not UTF-8: a stray byte, truncated, overlong, a surrogate. */
    {"m\xff"
     "il.example",
     256, NULL},
    {"m\xc3", 256, NULL},
    {"\xc0\xaf.example", 256, NULL},
    {"\xed\xa0\x80.example", 256, NULL},
    {"\xf4\x90\x80\x80", 256, NULL},
    {"", 256, NULL},
};

START_TEST(test_alabel_table) {
  for (size_t i = 0; i < sizeof alabel_rows / sizeof alabel_rows[0]; i++) {
    const alabel_row *r = &alabel_rows[i];
    char dst[256];
    memset(dst, 'X', sizeof dst);
    ck_assert(r->cap <= sizeof dst);
    size_t got = mtasts_i_to_alabel(r->in, strlen(r->in), dst, r->cap);
    if (!r->want) {
      ck_assert_msg(got == 0, "'%s' cap %zu: expected 0, got %zu", r->in,
                    r->cap, got);
      continue;
    }
    ck_assert_msg(got == strlen(r->want) && dst[got] == '\0' &&
                      strcmp(dst, r->want) == 0,
                  "'%s' cap %zu: expected '%s', got %zu '%.*s'", r->in, r->cap,
                  r->want, got, (int)(got < 256 ? got : 0), dst);
    /* Never a byte past cap. */
    for (size_t j = r->cap; j < sizeof dst; j++)
      ck_assert_msg(dst[j] == 'X', "'%s': wrote past cap", r->in);
  }
  char dst[8];
  ck_assert_uint_eq(mtasts_i_to_alabel(NULL, 3, dst, sizeof dst), 0);
  ck_assert_uint_eq(mtasts_i_to_alabel("a.b", 3, NULL, 8), 0);
  ck_assert_uint_eq(mtasts_i_to_alabel("a.b", 3, dst, 0), 0);
  /* The length is honoured. */
  ck_assert_uint_eq(mtasts_i_to_alabel("a.bc", 3, dst, sizeof dst), 3);
  ck_assert_str_eq(dst, "a.b");
  /* Invalid UTF-8 past the length is not read; a NUL inside is refused. */
  ck_assert_uint_eq(mtasts_i_to_alabel("ab\xff", 2, dst, sizeof dst), 2);
  ck_assert_uint_eq(mtasts_i_to_alabel("a\0b", 3, dst, sizeof dst), 0);
}
END_TEST

/* An A-label is a DNS label (RFC 5890 §2.3.2.1): at most 63 octets. */
START_TEST(test_alabel_label_limit) {
  char in[400], dst[1024];
  size_t best = 0;
  for (size_t k = 40; k < 70; k++) {
    repeat(in, "", 'a', k, "ä");
    size_t got = mtasts_i_to_alabel(in, strlen(in), dst, sizeof dst);
    if (got) {
      ck_assert_uint_le(got, 63);
      best = k;
    }
  }
  ck_assert_uint_gt(best, 50);
  /* 60 non-ASCII letters can never make a 63-octet label. */
  in[0] = '\0';
  for (int k = 0; k < 60; k++)
    strcat(in, "ä");
  ck_assert_uint_eq(mtasts_i_to_alabel(in, strlen(in), dst, sizeof dst), 0);
  /* A name longer than any name is refused before libidn2 sees it. */
  char huge[2000];
  memset(huge, 'a', sizeof huge);
  ck_assert_uint_eq(mtasts_i_to_alabel(huge, sizeof huge, dst, sizeof dst), 0);
}
END_TEST

typedef struct fake_row {
  const char *name;
  int fake;
  size_t off, len; /* of the fake label */
} fake_row;

static const fake_row fake_rows[] = {
    {"xn--mil-qla.example", 0, 0, 0},
    {"XN--MIL-QLA.EXAMPLE", 0, 0, 0},
    {"mx.xn--aca-6ma.com", 0, 0, 0},
    {"*.xn--bcher-kva.example", 0, 0, 0},
    {"mail.example.com", 0, 0, 0},
    {"xn-mail.example", 0, 0, 0},
    /* Decodes to "Ñaca": a capital, which no A-label holds. */
    {"mx.xn--aca-jja.com", 1, 3, 11},
    /* Decodes to nothing non-ASCII, or not at all. */
    {"xn--abc.example", 1, 0, 7},
    {"xn--mail.example", 1, 0, 8},
    {"mx.xn--zz", 1, 3, 6},
    /* Decodes to an emoji, which IDNA2008 disallows. */
    {"xn--bcher-kva23980g.example", 1, 0, 19},
    /* Longer than any label (RFC 1035 §2.3.4): no A-label. */
    {"mx.xn--abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij.com",
     1, 3, 64},
    /* The first fake label is the one named. */
    {"xn--mil-qla.xn--abc.xn--zz", 1, 12, 7},
};

START_TEST(test_fake_alabel_table) {
  for (size_t i = 0; i < sizeof fake_rows / sizeof fake_rows[0]; i++) {
    const fake_row *r = &fake_rows[i];
    size_t off = 99, len = 99;
    int got = mtasts_i_fake_alabel(r->name, strlen(r->name), &off, &len);
    ck_assert_msg(got == r->fake, "'%s': expected %d, got %d", r->name, r->fake,
                  got);
    if (r->fake) {
      ck_assert_uint_eq(off, r->off);
      ck_assert_uint_eq(len, r->len);
    }
  }
}
END_TEST
#else
/* Without libidn2 there is no A-label and no xn-- check. */
START_TEST(test_no_idn2) {
  char dst[64];
  size_t off = 0, len = 0;
  ck_assert_uint_eq(mtasts_i_to_alabel("mäil.example", 13, dst, sizeof dst), 0);
  ck_assert_int_eq(mtasts_i_fake_alabel("xn--abc.example", 15, &off, &len), 0);
  fprintf(stderr, "domain: built without libidn2: the A-label and fake "
                  "A-label tests are skipped\n");
}
END_TEST
#endif

/* ---------------------------------------------------------------------- */
/* Pathological inputs: every function stays linear (Check's per-test     */
/* timeout catches a quadratic pass over a megabyte).                     */

#define BIG (1u << 20)

static char *big_fill(const char *unit) {
  size_t u = strlen(unit);
  char *b = malloc(BIG);
  ck_assert_ptr_nonnull(b);
  for (size_t i = 0; i < BIG; i++)
    b[i] = unit[i % u];
  return b;
}

/* The fast path never accepts what the full check rejects, and accepts what
 * it accepts: every string of up to five characters over an alphabet that
 * reaches each rule, with and without a wildcard allowed. */
START_TEST(test_fast_path_agrees) {
  static const char alphabet[] = "a1-.*:_Z";
  const size_t k = sizeof alphabet - 1;
  char buf[8];
  size_t checked = 0;
  for (size_t n = 0; n <= 5; n++) {
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
      total *= k;
    for (size_t code = 0; code < total; code++) {
      size_t c = code;
      for (size_t i = 0; i < n; i++, c /= k)
        buf[i] = alphabet[c % k];
      for (int w = 0; w <= 1; w++) {
        mtasts_i_domain_issue is;
        int full_valid = mtasts_i_name_check(buf, n, w, &is) == 0;
        int fast = mtasts_i_name_plainly_valid(buf, n, w);
        ck_assert_msg((fast != 0) == full_valid,
                      "'%.*s' (wildcard %d): fast %d, full %d", (int)n, buf, w,
                      fast, full_valid);
        /* "Usual" lets the policy parser skip the advice: it must be
         * given exactly when the advice has nothing to say (this alphabet
         * has no "xn--" label, the one case the fast path leaves to it). */
        if (w && full_valid) {
          mtasts_i_domain_issue adv[4];
          int quiet = mtasts_i_mx_pattern_advice(buf, n, adv, 4) == 0;
          ck_assert_msg(((fast & MT_NAME_USUAL) != 0) == quiet,
                        "'%.*s': usual %d, advice quiet %d", (int)n, buf,
                        fast & MT_NAME_USUAL, quiet);
        }
        checked++;
      }
    }
  }
  ck_assert_uint_gt(checked, 70000);
}
END_TEST

START_TEST(test_pathological) {
  struct {
    const char *unit;
    int code;
  } cases[] = {
      {"a", C(LABEL_TOO_LONG)},      {"a.", C(TRAILING_DOT)},
      {"abc.", C(TRAILING_DOT)},     {"*", C(WILDCARD_INVALID)},
      {"-", C(LABEL_HYPHEN)},        {".", C(LEADING_DOT)},
      {"a-", C(LABEL_HYPHEN)},       {"1.", C(TRAILING_DOT)},
      {"ab--", C(LABEL_HYPHEN)},     {"*.", C(TRAILING_DOT)},
      {"a:", C(IP_ADDRESS)},         {"1", C(LABEL_TOO_LONG)},
      {"ab--cde.", C(TRAILING_DOT)}, {"_", C(INVALID_CHAR)},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    char *b = big_fill(cases[c].unit);
    mtasts_i_domain_issue is;
    ck_assert_int_eq(mtasts_i_mx_pattern_check(b, BIG, &is), 1);
    ck_assert_msg((int)is.code == cases[c].code, "'%s'*: got %s", cases[c].unit,
                  code_id((int)is.code));
    mtasts_i_host_check(b, BIG, &is);
    mtasts_i_domain_issue adv[8];
    mtasts_i_mx_pattern_advice(b, BIG, adv, 8);
    ck_assert_int_eq(mtasts_mx_match(b, BIG, b, BIG), 0);
    char dst[512];
    mtasts_i_to_alabel(b, BIG, dst, sizeof dst);
    free(b);
  }
  /* Long labels separated by dots, no trailing dot: too long a name. */
  char *b = big_fill("abc.");
  b[BIG - 1] = 'd';
  mtasts_i_domain_issue is;
  ck_assert_int_eq(mtasts_i_mx_pattern_check(b, BIG, &is), 1);
  ck_assert_int_eq(is.code, MTASTS_DIAG_POLICY_MX_TOO_LONG);
  /* Advice over a long name of reserved labels, capped. */
  memcpy(b, "*.", 2);
  mtasts_i_domain_issue adv[3];
  ck_assert_uint_eq(mtasts_i_mx_pattern_advice(b, BIG, adv, 3), 0);
  free(b);
  b = big_fill("ab--c.");
  ck_assert_uint_eq(mtasts_i_mx_pattern_advice(b, BIG - 1, adv, 3), 3);
  free(b);
  /* Many-separator input. */
  b = big_fill(", ");
  b[0] = 'a';
  b[BIG - 1] = 'b';
  ck_assert_int_eq(mtasts_i_mx_pattern_check(b, BIG, &is), 1);
  ck_assert_int_eq(is.code, MTASTS_DIAG_POLICY_MX_MULTIPLE);
  free(b);
  /* One huge U-label, and many small ones: longer than any name, refused
   * at once. */
  b = big_fill("ä");
  char *dst = malloc(4 * BIG);
  ck_assert_ptr_nonnull(dst);
  ck_assert_uint_eq(mtasts_i_to_alabel(b, BIG, dst, 4 * BIG), 0);
  free(b);
  b = big_fill("中文.");
  ck_assert_uint_eq(mtasts_i_to_alabel(b, BIG - BIG % 7, dst, 4 * BIG), 0);
  free(b);
  free(dst);
}
END_TEST

#ifdef MTASTS_HAVE_PSL
#include <libpsl.h>

/* Counts of the suffix comparison: names compared, and those the filter
 * answered without libpsl. */
typedef struct suffix_count {
  size_t names, decided;
} suffix_count;

/* The library's answer for a valid ASCII name against libpsl asked
 * directly, and the filter's own answer, when it gives one, too. */
static void suffix_agrees(const char *name, size_t n, suffix_count *c) {
  char lower[256];
  if (n == 0 || n >= sizeof lower)
    return;
  for (size_t i = 0; i < n; i++)
    lower[i] = (char)mtasts_i_lower((unsigned char)name[i]);
  lower[n] = '\0';
  int want = psl_is_public_suffix2(psl_builtin(), lower, PSL_TYPE_ANY) != 0;
  int got = mtasts_i_public_suffix(name, n);
  ck_assert_msg(got == want, "public suffix '%.*s': libpsl %d, library %d",
                (int)n, name, want, got);
  int sure = mtasts_i_suffix_filter(lower, n);
  ck_assert_msg(sure == -1 || sure == want,
                "public suffix '%.*s': libpsl %d, filter %d", (int)n, name,
                want, sure);
  c->names++;
  c->decided += sure != -1;
}

/* 1 when p[0..n) is a name the check would pass to the filter: ASCII
 * letters, digits, hyphens and dots, no empty label. */
static int plain_name(const char *p, size_t n) {
  if (n == 0 || p[0] == '.' || p[n - 1] == '.')
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)p[i];
    if (!mtasts_i_is_alnum(ch) && ch != '-' && ch != '.')
      return 0;
    if (ch == '.' && p[i + 1] == '.')
      return 0;
  }
  return 1;
}

/* Every rule of the list libpsl was built from, as the rule's name, one
 * and two labels below it, its parent, upper-cased, and generated names
 * under its top label: the filter in front of libpsl must never change
 * its answer. */
/* A name longer than any name (255) is not looked up in the list: it is a
 * suffix only when it is one label. */
START_TEST(test_public_suffix_long) {
  char b[300];
  memset(b, 'a', sizeof b);
  ck_assert_int_eq(mtasts_i_public_suffix(b, sizeof b), 1);
  b[150] = '.';
  ck_assert_int_eq(mtasts_i_public_suffix(b, sizeof b), 0);
  /* The same label under the limit goes to the list: "com" is a suffix. */
  ck_assert_int_eq(mtasts_i_public_suffix("com", 3), 1);
  ck_assert_int_eq(mtasts_i_public_suffix("example.com", 11), 0);
}
END_TEST

START_TEST(test_public_suffix_filter) {
  suffix_count c = {0, 0};
  const char *path = psl_builtin_filename();
  size_t len = 0;
  char *list = path && *path ? tu_read_file(path, &len) : NULL;
  size_t rules = 0;
  for (size_t s = 0; list && s < len;) {
    const char *e = memchr(list + s, '\n', len - s);
    size_t ln = e ? (size_t)(e - list) - s : len - s;
    const char *r = list + s;
    s += ln + 1;
    if (ln == 0 || (ln >= 2 && r[0] == '/' && r[1] == '/'))
      continue;
    while (ln && (r[ln - 1] == '\r' || r[ln - 1] == ' '))
      ln--;
    if (*r == '!')
      r++, ln--;
    else if (ln > 2 && r[0] == '*' && r[1] == '.')
      r += 2, ln -= 2;
    if (!plain_name(r, ln) || ln > 200)
      continue;
    rules++;
    char b[256];
    static const char *const below[] = {"", "x.", "www.", "a.b.", "xn--a."};
    for (size_t k = 0; k < sizeof below / sizeof below[0]; k++) {
      size_t bn = strlen(below[k]);
      memcpy(b, below[k], bn);
      memcpy(b + bn, r, ln);
      suffix_agrees(b, bn + ln, &c);
      for (size_t i = 0; i < bn + ln; i++)
        b[i] = (char)toupper((unsigned char)b[i]);
      suffix_agrees(b, bn + ln, &c);
    }
    const char *dot = memchr(r, '.', ln);
    if (dot)
      suffix_agrees(dot + 1, ln - (size_t)(dot + 1 - r), &c);
  }
  free(list);
  /* Generated names over common and rare top labels. */
  static const char *const tops[] = {"com",     "net", "org",     "uk",
                                     "jp",      "ck",  "io",      "de",
                                     "example", "zz",  "xn--p1ai"};
  static const char *const mids[] = {"co",    "example",  "github", "kawasaki",
                                     "www",   "blogspot", "ac",     "mail",
                                     "xn--a", "a-b",      "0",      "appspot"};
  char b[256];
  for (size_t t = 0; t < sizeof tops / sizeof tops[0]; t++) {
    suffix_agrees(tops[t], strlen(tops[t]), &c);
    for (size_t m = 0; m < sizeof mids / sizeof mids[0]; m++) {
      int k = snprintf(b, sizeof b, "%s.%s", mids[m], tops[t]);
      suffix_agrees(b, (size_t)k, &c);
      for (size_t m2 = 0; m2 < sizeof mids / sizeof mids[0]; m2++) {
        k = snprintf(b, sizeof b, "%s.%s.%s", mids[m2], mids[m], tops[t]);
        suffix_agrees(b, (size_t)k, &c);
      }
    }
  }
  ck_assert_uint_gt(c.names, 1000);
#ifdef MTASTS_HAVE_SUFFIX_TABLE
  /* The filter is on when libpsl's list is the one it was built from: it
   * then answers most questions itself, and the usual one with a "no". */
  if (list && strcmp(psl_builtin_sha1sum(), "") != 0 &&
      mtasts_i_suffix_filter("com", 3) == 1) {
    ck_assert_int_eq(mtasts_i_suffix_filter("example.net", 11), 0);
    ck_assert_int_eq(mtasts_i_suffix_filter("github.io", 9), -1);
    ck_assert_int_eq(mtasts_i_suffix_filter("xn--p1ai", 8), -1);
    ck_assert_uint_gt(c.decided, c.names / 2);
    ck_assert_uint_gt(rules, 5000);
  } else {
    fprintf(stderr, "test_public_suffix_filter: the filter is off (libpsl's "
                    "list differs from the one it was built from)\n");
  }
#endif
}
END_TEST
#endif

static Suite *domain_suite(void) {
  Suite *s = suite_create("domain");
  TCase *tc = tcase_create("core");
  /* A safety net, not a measure: the exhaustive and megabyte-sized cases
   * take seconds in the coverage build on a loaded machine. */
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_pattern_table);
  tcase_add_test(tc, test_brackets_and_public_check);
  tcase_add_test(tc, test_pattern_lengths);
  tcase_add_test(tc, test_pattern_examples);
  tcase_add_test(tc, test_advice_table);
  tcase_add_test(tc, test_host_table);
  tcase_add_test(tc, test_match_table);
#ifdef MTASTS_HAVE_IDN2
  tcase_add_test(tc, test_idna_strict_agrees);
  tcase_add_test(tc, test_alabel_table);
  tcase_add_test(tc, test_alabel_label_limit);
  tcase_add_test(tc, test_fake_alabel_table);
#else
  tcase_add_test(tc, test_no_idn2);
#endif
  tcase_add_test(tc, test_fast_path_agrees);
  tcase_add_test(tc, test_pathological);
#ifdef MTASTS_HAVE_PSL
  tcase_add_test(tc, test_public_suffix_filter);
  tcase_add_test(tc, test_public_suffix_long);
#endif
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return tu_run(domain_suite());
}
