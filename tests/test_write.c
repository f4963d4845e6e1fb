/*
 * Tests for lib/write.c: the policy and record writers, the zone-file
 * writer, mtasts_policy_get_values and mtasts_host_check.
 *
 * The central test is the round trip: values are written, the text is
 * parsed by the library, it must come back with no diagnostic at all and
 * with exactly the values written, and writing those values again must
 * give the same bytes.
 */
#include "internal.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An mtasts_str of a string literal. */
/* clang-format off */
#define S(lit) {lit, sizeof lit - 1}
/* clang-format on */

/* Writes with the two-call idiom into a malloc'd string; *len gets the
 * length. Fails the test when the two calls disagree. */
static char *policy_text(const mtasts_policy_values *v, unsigned flags,
                         size_t *len) {
  size_t n = mtasts_policy_write(v, flags, NULL, 0);
  ck_assert_uint_gt(n, 0);
  char *buf = malloc(n + 1);
  ck_assert_ptr_nonnull(buf);
  ck_assert_uint_eq(mtasts_policy_write(v, flags, buf, n + 1), n);
  ck_assert_uint_eq(strlen(buf), n);
  *len = n;
  return buf;
}

static int str_is(const char *s, const mtasts_str *v) {
  return s && strlen(s) == v->len && memcmp(s, v->ptr, v->len) == 0;
}

/* ---------------------------------------------------------------------- */
/* The exact canonical form.                                               */

static const mtasts_str sample_mx[] = {
    S("mail.example.com"), S("*.example.net"), S("backupmx.example.com")};

static mtasts_policy_values sample_values(void) {
  mtasts_policy_values v;
  mtasts_policy_values_init(&v);
  v.mode = MTASTS_MODE_ENFORCE;
  v.max_age = 604800;
  v.mx = sample_mx;
  v.mx_count = 3;
  return v;
}

START_TEST(test_policy_canonical) {
  /* RFC 8461 §3.2's example, byte for byte. */
  static const char lf[] = "version: STSv1\n"
                           "mode: enforce\n"
                           "mx: mail.example.com\n"
                           "mx: *.example.net\n"
                           "mx: backupmx.example.com\n"
                           "max_age: 604800\n";
  static const char crlf[] = "version: STSv1\r\n"
                             "mode: enforce\r\n"
                             "mx: mail.example.com\r\n"
                             "mx: *.example.net\r\n"
                             "mx: backupmx.example.com\r\n"
                             "max_age: 604800\r\n";
  mtasts_policy_values v = sample_values();
  size_t n;
  char *t = policy_text(&v, MTASTS_WRITE_LF, &n);
  ck_assert_str_eq(t, lf);
  free(t);
  t = policy_text(&v, 0, &n);
  ck_assert_str_eq(t, crlf);
  free(t);

  /* Extensions come last, in order; mode none without mx. */
  static const mtasts_extension ext[] = {{S("foo"), S("bar baz")},
                                         {S("x-y.z"), S("1")}};
  mtasts_policy_values_init(&v);
  v.mode = MTASTS_MODE_NONE;
  v.max_age = 0;
  v.extensions = ext;
  v.extension_count = 2;
  t = policy_text(&v, MTASTS_WRITE_LF, &n);
  ck_assert_str_eq(t, "version: STSv1\nmode: none\nmax_age: 0\n"
                      "foo: bar baz\nx-y.z: 1\n");
  free(t);

  /* The largest max_age a uint64_t holds is written in full. */
  mtasts_policy_values_init(&v);
  v.mode = MTASTS_MODE_TESTING;
  v.max_age = UINT64_MAX;
  t = policy_text(&v, MTASTS_WRITE_LF, &n);
  ck_assert_str_eq(t, "version: STSv1\nmode: testing\n"
                      "max_age: 18446744073709551615\n");
  free(t);
}
END_TEST

/* The snprintf contract, for every cap from 0 to past the end. */
START_TEST(test_policy_snprintf) {
  mtasts_policy_values v = sample_values();
  size_t n;
  char *full = policy_text(&v, 0, &n);
  char buf[256];
  ck_assert_uint_lt(n, sizeof buf - 2);
  for (size_t cap = 0; cap <= n + 2; cap++) {
    memset(buf, '#', sizeof buf);
    ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, cap), n);
    if (cap == 0) {
      ck_assert_int_eq(buf[0], '#');
      continue;
    }
    size_t kept = cap - 1 < n ? cap - 1 : n;
    ck_assert_msg(memcmp(buf, full, kept) == 0, "cap %zu: wrong prefix", cap);
    ck_assert_int_eq(buf[kept], '\0');
    ck_assert_int_eq(buf[kept + 1], '#'); /* nothing written past it */
  }
  /* cap 0 never touches the buffer, so it may be NULL. */
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, NULL, 0), n);
  free(full);
}
END_TEST

START_TEST(test_policy_bad_arguments) {
  char buf[64] = "untouched";
  mtasts_policy_values v = sample_values();
  ck_assert_uint_eq(mtasts_policy_write(NULL, 0, buf, sizeof buf), 0);
  v.mode = MTASTS_MODE_UNSET;
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  v.mode = (mtasts_mode)42;
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  v = sample_values();
  v.mx = NULL;
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  mtasts_str bad_mx[] = {{NULL, 3}};
  v.mx = bad_mx;
  v.mx_count = 1;
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  v = sample_values();
  v.extension_count = 1;
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  mtasts_extension bad_ext[] = {{S("a"), {NULL, 1}}};
  v.extensions = bad_ext;
  ck_assert_uint_eq(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  ck_assert_str_eq(buf, "untouched");
  /* An empty string given as NULL is fine (the parser then objects). */
  mtasts_str empty_mx[] = {{NULL, 0}};
  v = sample_values();
  v.mx = empty_mx;
  v.mx_count = 1;
  ck_assert_uint_gt(mtasts_policy_write(&v, 0, buf, sizeof buf), 0);
  mtasts_policy_values_init(NULL);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Round trips.                                                            */

typedef struct rt_row {
  const char *name;
  mtasts_mode mode;
  uint64_t max_age;
  mtasts_str mx[6];
  size_t nmx;
} rt_row;

static const rt_row rt_rows[] = {
    {"RFC 8461 §3.2 example",
     MTASTS_MODE_ENFORCE,
     604800,
     {S("mail.example.com"), S("*.example.net"), S("backupmx.example.com")},
     3},
    {"Appendix A",
     MTASTS_MODE_TESTING,
     1296000,
     {S("mx1.example.com"), S("mx2.example.com"), S("mx.backup-example.com")},
     3},
    {"google-workspace preset",
     MTASTS_MODE_ENFORCE,
     1209600,
     {S("smtp.google.com"), S("aspmx.l.google.com"), S("*.aspmx.l.google.com"),
      S("*.googlemail.com")},
     4},
    {"microsoft-365 preset",
     MTASTS_MODE_TESTING,
     86400,
     {S("*.mail.protection.outlook.com")},
     1},
    {"one wildcard, maximum max_age",
     MTASTS_MODE_ENFORCE,
     31557600,
     {S("*.mx.example.org")},
     1},
    {"mode none with one mx",
     MTASTS_MODE_NONE,
     86400,
     {S("mx.example.org")},
     1},
    {"A-label and digits",
     MTASTS_MODE_TESTING,
     604800,
     {S("xn--mil-qla.example"), S("mx-01.example.co.uk"), S("1mx.example")},
     3},
    {"enforce, one week and a second",
     MTASTS_MODE_ENFORCE,
     604801,
     {S("a.b.c.d.example.com")},
     1},
    {"long label (63)",
     MTASTS_MODE_TESTING,
     86401,
     {S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
        "example")},
     1},
};

/* Writes the values, parses the text, and checks the round trip. expect
 * lists the diagnostics the text must produce (none for pure values). */
static void round_trip(const char *name, const mtasts_policy_values *v,
                       unsigned flags, const tu_diag *expect) {
  size_t len;
  char *text = policy_text(v, flags, &len);
  tu_policy(name, text, len, NULL, 1, expect);
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(text, len, NULL, &p), MTASTS_OK);
  ck_assert_str_eq(mtasts_policy_version(p), "STSv1");
  mtasts_str mx[8];
  mtasts_extension ext[8];
  mtasts_policy_values back;
  ck_assert_int_eq(mtasts_policy_get_values(p, &back, mx, 8, ext, 8),
                   MTASTS_OK);
  ck_assert_msg(back.mode == v->mode, "%s: mode", name);
  ck_assert_msg(back.max_age == v->max_age, "%s: max_age", name);
  ck_assert_msg(back.mx_count == v->mx_count, "%s: mx count", name);
  for (size_t i = 0; i < v->mx_count; i++)
    ck_assert_msg(str_is(mtasts_policy_mx(p, i), &v->mx[i]), "%s: mx %zu", name,
                  i);
  ck_assert_msg(back.extension_count == v->extension_count,
                "%s: extension count", name);
  for (size_t i = 0; i < v->extension_count; i++) {
    ck_assert(str_is(back.extensions[i].name.ptr, &v->extensions[i].name));
    ck_assert(str_is(back.extensions[i].value.ptr, &v->extensions[i].value));
  }
  /* The values read back write the same bytes. */
  size_t len2;
  char *again = policy_text(&back, flags, &len2);
  ck_assert_uint_eq(len2, len);
  ck_assert_msg(memcmp(again, text, len) == 0, "%s: not canonical", name);
  free(again);
  mtasts_policy_free(p);
  free(text);
}

START_TEST(test_policy_round_trip) {
  static const tu_diag none[] = {{NULL, 0, 0}};
  const rt_row *r = &rt_rows[_i];
  mtasts_policy_values v;
  mtasts_policy_values_init(&v);
  v.mode = r->mode;
  v.max_age = r->max_age;
  v.mx = r->mx;
  v.mx_count = r->nmx;
  round_trip(r->name, &v, 0, none);
  round_trip(r->name, &v, MTASTS_WRITE_LF, none);
}
END_TEST

START_TEST(test_policy_round_trip_extensions) {
  /* Extensions are valid, and the library warns that senders ignore
   * them; nothing else. */
  static const mtasts_extension ext[] = {{S("foo"), S("bar")},
                                         {S("note_1"), S("a value: with; =")},
                                         {S("x"), S("caf\xc3\xa9")}};
  static const tu_diag warned[] = {{"policy-unknown-field", 7, 1},
                                   {"policy-unknown-field", 8, 1},
                                   {"policy-unknown-field", 9, 1},
                                   {NULL, 0, 0}};
  mtasts_policy_values v = sample_values();
  v.extensions = ext;
  v.extension_count = 3;
  round_trip("extensions", &v, 0, warned);
  round_trip("extensions", &v, MTASTS_WRITE_LF, warned);
}
END_TEST

/* The writer checks nothing: the parser finds what is wrong. */
START_TEST(test_policy_invalid_values_parse) {
  static const mtasts_str trailing_dot[] = {S("mail.example.com.")};
  static const mtasts_str injected[] = {S("a.example\nmode: none")};
  mtasts_policy_values v;
  size_t len;
  char *t;

  mtasts_policy_values_init(&v);
  v.mode = MTASTS_MODE_ENFORCE;
  v.max_age = 604800;
  t = policy_text(&v, 0, &len);
  static const tu_diag no_mx[] = {{"policy-mx-missing", 2, 7}, {NULL, 0, 0}};
  tu_policy("enforce without mx", t, len, NULL, 0, no_mx);
  free(t);

  v.mx = trailing_dot;
  v.mx_count = 1;
  v.max_age = 31557601;
  t = policy_text(&v, 0, &len);
  static const tu_diag bad[] = {{"policy-mx-trailing-dot", 3, 21},
                                {"policy-max-age-too-large", 4, 10},
                                {NULL, 0, 0}};
  tu_policy("trailing dot, max_age over the limit", t, len, NULL, 0, bad);
  free(t);

  /* A line break in a value makes another field: the parse shows it. */
  v.mx = injected;
  v.max_age = 604800;
  t = policy_text(&v, MTASTS_WRITE_LF, &len);
  static const tu_diag inj[] = {{"policy-duplicate-field-conflict", 4, 1},
                                {NULL, 0, 0}};
  tu_policy("line break in an mx value", t, len, NULL, 0, inj);
  free(t);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_policy_get_values.                                               */

START_TEST(test_get_values) {
  static const char body[] = "version: STSv1\nmode: testing\n"
                             "mx: a.example.com\nmx: *.b.example.com\n"
                             "max_age: 86400\nfoo: bar\n";
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(body, sizeof body - 1, NULL, &p),
                   MTASTS_OK);
  mtasts_policy_values v, untouched;
  mtasts_str mx[2];
  mtasts_extension ext[1];
  memset(&untouched, 0x5a, sizeof untouched);
  v = untouched;
  /* Arrays too small or missing, NULL arguments. */
  ck_assert_int_eq(mtasts_policy_get_values(p, &v, mx, 1, ext, 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_policy_get_values(p, &v, NULL, 0, ext, 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_policy_get_values(p, &v, mx, 2, ext, 0),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_policy_get_values(p, NULL, mx, 2, ext, 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_policy_get_values(NULL, &v, mx, 2, ext, 1),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert(memcmp(&v, &untouched, sizeof v) == 0);

  ck_assert_int_eq(mtasts_policy_get_values(p, &v, mx, 2, ext, 1), MTASTS_OK);
  ck_assert_int_eq(v.mode, MTASTS_MODE_TESTING);
  ck_assert(v.max_age == 86400);
  ck_assert_uint_eq(v.mx_count, 2);
  ck_assert_ptr_eq(v.mx, mx);
  ck_assert_str_eq(v.mx[0].ptr, "a.example.com");
  ck_assert_uint_eq(v.mx[1].len, strlen("*.b.example.com"));
  ck_assert_uint_eq(v.extension_count, 1);
  ck_assert_str_eq(v.extensions[0].name.ptr, "foo");
  ck_assert_str_eq(v.extensions[0].value.ptr, "bar");
  size_t len;
  char *t = policy_text(&v, MTASTS_WRITE_LF, &len);
  ck_assert_str_eq(t, body);
  free(t);
  mtasts_policy_free(p);

  /* A policy without mx or extensions needs no arrays; a missing max_age
   * reads as 0. */
  static const char none[] = "version: STSv1\nmode: none\n";
  ck_assert_int_eq(mtasts_policy_parse(none, sizeof none - 1, NULL, &p),
                   MTASTS_OK);
  ck_assert_int_eq(mtasts_policy_get_values(p, &v, NULL, 0, NULL, 0),
                   MTASTS_OK);
  ck_assert_int_eq(v.mode, MTASTS_MODE_NONE);
  ck_assert(v.max_age == 0);
  ck_assert_ptr_null(v.mx);
  ck_assert_ptr_null(v.extensions);
  mtasts_policy_free(p);
}
END_TEST

/* Every known-good policy is in canonical form: parse, take the values,
 * write with LF, and the bytes are the file's. */
START_TEST(test_known_good_canonical) {
  static const char *const files[] = {
      "google-workspace.txt", "microsoft-365.txt", "self-hosted.txt",
      "rfc8461-section-3.2.txt", "wildcard-backup.txt"};
  const char *root = getenv("MTASTS_SOURCE_DIR");
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/tests/data/known-good/%s",
             root ? root : ".", files[i]);
    size_t len = 0;
    char *buf = tu_read_file(path, &len);
    ck_assert_msg(buf != NULL, "cannot read %s", path);
    mtasts_policy *p = NULL;
    ck_assert_int_eq(mtasts_policy_parse(buf, len, NULL, &p), MTASTS_OK);
    mtasts_str mx[16];
    mtasts_extension ext[4];
    mtasts_policy_values v;
    ck_assert_int_eq(mtasts_policy_get_values(p, &v, mx, 16, ext, 4),
                     MTASTS_OK);
    size_t n;
    char *t = policy_text(&v, MTASTS_WRITE_LF, &n);
    ck_assert_msg(n == len && memcmp(t, buf, n) == 0, "%s is not canonical",
                  files[i]);
    free(t);
    mtasts_policy_free(p);
    free(buf);
  }
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Records.                                                                */

START_TEST(test_sts_record) {
  char buf[64];
  static const char *const ids[] = {"1", "20231114221320",
                                    "12345678901234567890123456789012", "AbC9"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    size_t n = mtasts_sts_record_write(ids[i], strlen(ids[i]), buf, sizeof buf);
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_uint_eq(n, 12 + strlen(ids[i]));
    ck_assert(memcmp(buf, "v=STSv1; id=", 12) == 0);
    static const tu_diag none[] = {{NULL, 0, 0}};
    tu_record(ids[i], MTASTS_RECORD_STS, buf, 1, none);
    mtasts_txt t = {buf, n, MTASTS_TXT_RAW};
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_STS, &t, 1, NULL, &r),
                     MTASTS_OK);
    ck_assert_str_eq(mtasts_record_id(r), ids[i]);
    mtasts_record_free(r);
  }
  /* Invalid ids are written as given; the parser rejects them. */
  size_t n = mtasts_sts_record_write("2024-01-01", 10, buf, sizeof buf);
  ck_assert_str_eq(buf, "v=STSv1; id=2024-01-01");
  ck_assert_uint_eq(n, 22);
  static const tu_diag bad[] = {{"sts-id-invalid", 1, 10}, {NULL, 0, 0}};
  tu_record("bad id", MTASTS_RECORD_STS, buf, 0, bad);
  /* The id is (ptr, len): no NUL needed. */
  ck_assert_uint_eq(mtasts_sts_record_write("123456", 3, buf, sizeof buf), 15);
  ck_assert_str_eq(buf, "v=STSv1; id=123");
  /* snprintf contract and arguments. */
  ck_assert_uint_eq(mtasts_sts_record_write("abc", 3, NULL, 0), 15);
  ck_assert_uint_eq(mtasts_sts_record_write("abc", 3, buf, 5), 15);
  ck_assert_str_eq(buf, "v=ST");
  ck_assert_uint_eq(mtasts_sts_record_write(NULL, 0, buf, sizeof buf), 0);
}
END_TEST

START_TEST(test_tlsrpt_record) {
  char buf[512];
  static const mtasts_str one[] = {S("mailto:tlsrpt@example.com")};
  static const mtasts_str three[] = {S("mailto:a@example.com"),
                                     S("https://reports.example.net/v1/tlsrpt"),
                                     S("mailto:b+tls@example.org")};
  static const tu_diag none[] = {{NULL, 0, 0}};
  size_t n = mtasts_tlsrpt_record_write(one, 1, buf, sizeof buf);
  ck_assert_str_eq(buf, "v=TLSRPTv1; rua=mailto:tlsrpt@example.com");
  ck_assert_uint_eq(n, strlen(buf));
  tu_record("one", MTASTS_RECORD_TLSRPT, buf, 1, none);
  n = mtasts_tlsrpt_record_write(three, 3, buf, sizeof buf);
  ck_assert_str_eq(buf, "v=TLSRPTv1; rua=mailto:a@example.com,"
                        "https://reports.example.net/v1/tlsrpt,"
                        "mailto:b+tls@example.org");
  tu_record("three", MTASTS_RECORD_TLSRPT, buf, 1, none);
  mtasts_txt t = {buf, n, MTASTS_TXT_RAW};
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_TLSRPT, &t, 1, NULL, &r),
                   MTASTS_OK);
  ck_assert_uint_eq(mtasts_record_rua_count(r), 3);
  for (size_t i = 0; i < 3; i++)
    ck_assert(str_is(mtasts_record_rua(r, i), &three[i]));
  mtasts_record_free(r);
  /* Written as given; the parser rejects what is not a URI. */
  static const mtasts_str bad[] = {S("tlsrpt@example.com")};
  mtasts_tlsrpt_record_write(bad, 1, buf, sizeof buf);
  static const tu_diag no_scheme[] = {{"tlsrpt-rua-no-scheme", 1, 17},
                                      {NULL, 0, 0}};
  tu_record("no scheme", MTASTS_RECORD_TLSRPT, buf, 0, no_scheme);
  /* Arguments and the snprintf contract. */
  ck_assert_uint_eq(mtasts_tlsrpt_record_write(NULL, 1, buf, sizeof buf), 0);
  ck_assert_uint_eq(mtasts_tlsrpt_record_write(one, 0, buf, sizeof buf), 0);
  static const mtasts_str null_uri[] = {{NULL, 4}};
  ck_assert_uint_eq(mtasts_tlsrpt_record_write(null_uri, 1, buf, sizeof buf),
                    0);
  ck_assert_uint_eq(mtasts_tlsrpt_record_write(three, 3, NULL, 0), n);
  ck_assert_uint_eq(mtasts_tlsrpt_record_write(three, 3, buf, 1), n);
  ck_assert_str_eq(buf, "");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Zone-file form.                                                         */

static char *zone_text(const char *text, size_t len, size_t *out_len) {
  size_t n = mtasts_txt_zone_write(text, len, NULL, 0);
  char *buf = malloc(n + 1);
  ck_assert_ptr_nonnull(buf);
  ck_assert_uint_eq(mtasts_txt_zone_write(text, len, buf, n + 1), n);
  *out_len = n;
  return buf;
}

START_TEST(test_zone_write) {
  size_t n;
  char *z = zone_text("v=STSv1; id=1", 13, &n);
  ck_assert_str_eq(z, "\"v=STSv1; id=1\"");
  free(z);
  z = zone_text("", 0, &n);
  ck_assert_str_eq(z, "\"\"");
  free(z);
  z = zone_text(NULL, 0, &n);
  ck_assert_str_eq(z, "\"\"");
  free(z);
  /* RFC 1035 §5.1 escapes. */
  z = zone_text("a\"b\\c\x01\x7f\xc3\xa9", 9, &n);
  ck_assert_str_eq(z, "\"a\\\"b\\\\c\\001\\127\\195\\169\"");
  free(z);
  ck_assert_uint_eq(mtasts_txt_zone_write(NULL, 1, NULL, 0), 0);
}
END_TEST

/* Long text splits every 255 octets, exactly as mtasts_i_zone_quote does, and
 * reads back as the same record. */
START_TEST(test_zone_long) {
  static const size_t lengths[] = {254, 255, 256, 510, 511, 700, 2000};
  for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
    size_t len = lengths[k];
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < len; i++)
      text[i] = (i % 97 == 5) ? '"' : (char)('a' + i % 26);
    size_t n;
    char *z = zone_text(text, len, &n);
    size_t cap = 4 * len + 3 * (len / 255 + 1) + 8;
    char *ref = malloc(cap);
    ck_assert_ptr_nonnull(ref);
    ck_assert_uint_eq(mtasts_i_zone_quote(ref, cap, text, len), n);
    ck_assert_str_eq(z, ref);
    size_t strings = 1;
    for (size_t i = 0; i + 2 < n; i++)
      strings += z[i] == '"' && z[i + 1] == ' ' && z[i + 2] == '"';
    ck_assert_uint_eq(strings, (len + 254) / 255);
    /* Every cap gives the prefix of the full text. */
    char *cut = malloc(n + 1);
    ck_assert_ptr_nonnull(cut);
    for (size_t c = 1; c <= n + 1; c += 37) {
      ck_assert_uint_eq(mtasts_txt_zone_write(text, len, cut, c), n);
      ck_assert_uint_eq(strlen(cut), c - 1 < n ? c - 1 : n);
      ck_assert(memcmp(cut, z, strlen(cut)) == 0);
    }
    free(cut);
    free(ref);
    free(z);
    free(text);
  }
}
END_TEST

START_TEST(test_zone_round_trip) {
  /* A TLS-RPT record longer than one character-string. */
  mtasts_str rua[12];
  char uris[12][48];
  for (size_t i = 0; i < 12; i++) {
    snprintf(uris[i], sizeof uris[i], "mailto:tls-reports-%02zu@example.com",
             i);
    rua[i].ptr = uris[i];
    rua[i].len = strlen(uris[i]);
  }
  char rec[1024];
  size_t n = mtasts_tlsrpt_record_write(rua, 12, rec, sizeof rec);
  ck_assert_uint_gt(n, 255);
  ck_assert_uint_lt(n, sizeof rec);
  size_t zn;
  char *z = zone_text(rec, n, &zn);
  mtasts_txt t = {z, zn, MTASTS_TXT_ZONE};
  static const tu_diag none[] = {{NULL, 0, 0}};
  tu_records("zone form", MTASTS_RECORD_TLSRPT, &t, 1, NULL, 1, none);
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_TLSRPT, &t, 1, NULL, &r),
                   MTASTS_OK);
  ck_assert_uint_eq(mtasts_record_rua_count(r), 12);
  for (size_t i = 0; i < 12; i++)
    ck_assert(str_is(mtasts_record_rua(r, i), &rua[i]));
  mtasts_record_free(r);
  free(z);

  /* The _mta-sts record in zone form. */
  n = mtasts_sts_record_write("20240115120000", 14, rec, sizeof rec);
  z = zone_text(rec, n, &zn);
  ck_assert_str_eq(z, "\"v=STSv1; id=20240115120000\"");
  t.ptr = z;
  t.len = zn;
  tu_records("sts zone form", MTASTS_RECORD_STS, &t, 1, NULL, 1, none);
  free(z);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Host names.                                                             */

typedef struct host_row {
  const char *name;
  int valid;
  const char *id; /* the issue's id when invalid */
  size_t offset;
} host_row;

static const host_row host_rows[] = {
    {"example.com", 1, NULL, 0},
    {"example.com.", 1, NULL, 0},
    {"EXAMPLE.com", 1, NULL, 0},
    {"localhost", 1, NULL, 0}, /* a single label is advice, not an error */
    {"xn--mil-qla.example", 1, NULL, 0},
    {"", 0, "policy-mx-empty-label", 0},
    {".", 0, "policy-mx-leading-dot", 0},
    {"example.com..", 0, "policy-mx-trailing-dot", 11},
    {".example.com", 0, "policy-mx-leading-dot", 0},
    {"a..example", 0, "policy-mx-empty-label", 2},
    {"exa mple.com", 0, "policy-mx-multiple", 3},
    {"a_b.example", 0, "policy-mx-invalid-char", 1},
    {"-a.example", 0, "policy-mx-label-hyphen", 0},
    {"*.example.com", 0, "policy-mx-wildcard-invalid", 0},
    {"192.0.2.1", 0, "policy-mx-ip-address", 0},
    {"example.com:25", 0, "policy-mx-port", 11},
    {"b\xc3\xbc"
     "cher.example",
     0, "policy-mx-u-label", 0},
};

START_TEST(test_host_check) {
  const host_row *r = &host_rows[_i];
  mtasts_name_issue is;
  memset(&is, 0, sizeof is);
  int valid = mtasts_host_check(r->name, strlen(r->name), &is);
  ck_assert_msg(valid == r->valid, "'%s': valid %d", r->name, valid);
  ck_assert_int_eq(mtasts_host_check(r->name, strlen(r->name), NULL), valid);
  if (valid)
    return;
  ck_assert_msg(strcmp(mtasts_diag_code_id(is.code), r->id) == 0,
                "'%s': %s, expected %s", r->name, mtasts_diag_code_id(is.code),
                r->id);
  ck_assert_msg(is.offset == r->offset, "'%s': offset %zu", r->name, is.offset);
  ck_assert_ptr_nonnull(is.reason);
  ck_assert_uint_gt(strlen(is.reason), 0);
}
END_TEST

START_TEST(test_host_check_arguments) {
  mtasts_name_issue is;
  ck_assert_int_eq(mtasts_host_check(NULL, 3, &is), 0);
  ck_assert_str_eq(is.reason, "is empty");
  ck_assert_int_eq(mtasts_host_check(NULL, 0, NULL), 0);
  /* (ptr, len): only len bytes are read. */
  ck_assert_int_eq(mtasts_host_check("example.com junk", 11, NULL), 1);
  /* Each code has its own reason. */
  ck_assert_int_eq(mtasts_host_check("a_b.example", 11, &is), 0);
  ck_assert_str_eq(is.reason, "holds a character not allowed in host names "
                              "(letters, digits, hyphens and dots only)");
}
END_TEST

int main(void) {
  Suite *s = suite_create("write");
  TCase *tc = tcase_create("write");
  tcase_add_test(tc, test_policy_canonical);
  tcase_add_test(tc, test_policy_snprintf);
  tcase_add_test(tc, test_policy_bad_arguments);
  tcase_add_loop_test(tc, test_policy_round_trip, 0,
                      (int)(sizeof rt_rows / sizeof rt_rows[0]));
  tcase_add_test(tc, test_policy_round_trip_extensions);
  tcase_add_test(tc, test_policy_invalid_values_parse);
  tcase_add_test(tc, test_get_values);
  tcase_add_test(tc, test_known_good_canonical);
  tcase_add_test(tc, test_sts_record);
  tcase_add_test(tc, test_tlsrpt_record);
  tcase_add_test(tc, test_zone_write);
  tcase_add_test(tc, test_zone_long);
  tcase_add_test(tc, test_zone_round_trip);
  tcase_add_loop_test(tc, test_host_check, 0,
                      (int)(sizeof host_rows / sizeof host_rows[0]));
  tcase_add_test(tc, test_host_check_arguments);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
