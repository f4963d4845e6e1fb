/* SPDX-License-Identifier: MIT */
/*
 * Differential test of one policy line against a reference grammar.
 *
 * The reference below is RFC 8461 §3.2's ABNF for one line, written out
 * plainly and on its own (it shares no code with lib/), with the prose
 * limits of the known fields' values. Generated lines whose names are one
 * edit away from a known field's name (insertion, deletion, substitution,
 * transposition, case), with every class of character in the name and in
 * the value, are put into an otherwise valid policy. The library must
 * report an error on the line exactly when the reference rejects the line,
 * or when the line is a known field with an invalid value: a near miss
 * of a field name may never hide a line that breaks the grammar, and a line
 * that keeps to it is never an error.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* The reference grammar (RFC 8461 §3.2, RFC 5234 B.1, RFC 3629 §4,        */
/* RFC 5321 §4.1.2).                                                       */

/* ALPHA = %x41-5A / %x61-7A; DIGIT = %x30-39 */
static int ref_alpha(unsigned char c) {
  return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A);
}
static int ref_digit(unsigned char c) {
  return c >= 0x30 && c <= 0x39;
}
/* WSP = SP / HTAB */
static int ref_wsp(unsigned char c) {
  return c == 0x20 || c == 0x09;
}
static int ref_tail(unsigned char c) {
  return c >= 0x80 && c <= 0xBF;
}

/* Length of the UTF8-2 / UTF8-3 / UTF8-4 at p[0..n), or 0. */
static size_t ref_utf8(const unsigned char *p, size_t n) {
  unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF)
    return n >= 2 && ref_tail(p[1]) ? 2 : 0;
  if (n >= 3 && ref_tail(p[2])) {
    if (c == 0xE0)
      return p[1] >= 0xA0 && p[1] <= 0xBF ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
      return ref_tail(p[1]) ? 3 : 0;
    if (c == 0xED)
      return p[1] >= 0x80 && p[1] <= 0x9F ? 3 : 0;
  }
  if (n >= 4 && ref_tail(p[2]) && ref_tail(p[3])) {
    if (c == 0xF0)
      return p[1] >= 0x90 && p[1] <= 0xBF ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3)
      return ref_tail(p[1]) ? 4 : 0;
    if (c == 0xF4)
      return p[1] >= 0x80 && p[1] <= 0x8F ? 4 : 0;
  }
  return 0;
}

/* sts-policy-vchar = %x21-7E / UTF8-2 / UTF8-3 / UTF8-4: its length at p,
 * or 0. */
static size_t ref_vchar(const unsigned char *p, size_t n) {
  if (p[0] >= 0x21 && p[0] <= 0x7E)
    return 1;
  return ref_utf8(p, n);
}

/* sts-policy-ext-name = (sts-policy-alphanum)
 *                       *31(sts-policy-alphanum / "_" / "-" / ".") */
static int ref_ext_name(const unsigned char *p, size_t n) {
  if (n < 1 || n > 32 || !(ref_alpha(p[0]) || ref_digit(p[0])))
    return 0;
  for (size_t i = 1; i < n; i++)
    if (!(ref_alpha(p[i]) || ref_digit(p[i]) || p[i] == '_' || p[i] == '-' ||
          p[i] == '.'))
      return 0;
  return 1;
}

/* sts-policy-ext-value = sts-policy-vchar
 *                        [*(%x20 / sts-policy-vchar) sts-policy-vchar] */
static int ref_ext_value(const unsigned char *p, size_t n) {
  if (n == 0 || p[0] == 0x20 || p[n - 1] == 0x20)
    return 0;
  for (size_t i = 0; i < n;) {
    if (p[i] == 0x20) {
      i++;
      continue;
    }
    size_t k = ref_vchar(p + i, n - i);
    if (k == 0)
      return 0;
    i += k;
  }
  return 1;
}

/*
 * One line as "sts-policy-field *WSP" with sts-policy-field the extension
 * alternative, which every known field's line also matches (RFC 8461 §3.2):
 *   sts-policy-ext-name ":" *WSP sts-policy-ext-value *WSP
 * A name holds no ':', so the name is what comes before the first ':'; a
 * value starts and ends with a vchar, so it is what is left between the
 * whitespace after ':' and the whitespace at the end. Sets the name and
 * value when the line matches.
 */
static int ref_line(const unsigned char *p, size_t n, size_t *name_len,
                    size_t *v_off, size_t *v_len) {
  const unsigned char *colon = memchr(p, ':', n);
  if (!colon)
    return 0;
  size_t nn = (size_t)(colon - p), vs = nn + 1, ve = n;
  while (vs < n && ref_wsp(p[vs]))
    vs++;
  while (ve > vs && ref_wsp(p[ve - 1]))
    ve--;
  *name_len = nn;
  *v_off = vs;
  *v_len = ve - vs;
  return ref_ext_name(p, nn) && ref_ext_value(p + vs, ve - vs);
}

/* RFC 5321 §4.1.2 Domain = sub-domain *("." sub-domain), sub-domain =
 * Let-dig [Ldh-str], with RFC 1035 §2.3.4 (63 octets a label, 253 in all)
 * and RFC 1123 §2.1 (the top label is not all digits). */
static int ref_domain(const unsigned char *p, size_t n) {
  if (n == 0 || n > 253)
    return 0;
  size_t start = 0;
  int all_digits = 1;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && p[i] != '.') {
      if (!(ref_alpha(p[i]) || ref_digit(p[i]) || p[i] == '-'))
        return 0;
      if (!ref_digit(p[i]))
        all_digits = 0;
      continue;
    }
    size_t len = i - start;
    if (len == 0 || len > 63 || p[start] == '-' || p[i - 1] == '-')
      return 0;
    if (i < n)
      all_digits = 1;
    start = i + 1;
  }
  return !all_digits;
}

/* The value of a known field (RFC 8461 §3.2): 1 when valid, -1 when the
 * name is no known field. */
static int ref_known_value(const unsigned char *name, size_t nn,
                           const unsigned char *v, size_t n) {
#define IS(lit) (nn == sizeof lit - 1 && memcmp(name, lit, nn) == 0)
#define VAL(lit) (n == sizeof lit - 1 && memcmp(v, lit, n) == 0)
  if (IS("version"))
    return VAL("STSv1");
  if (IS("mode"))
    return VAL("testing") || VAL("enforce") || VAL("none");
  if (IS("max_age")) { /* 1*10(DIGIT), at most 31557600 */
    unsigned long long s = 0;
    if (n < 1 || n > 10)
      return 0;
    for (size_t i = 0; i < n; i++) {
      if (!ref_digit(v[i]))
        return 0;
      s = s * 10 + (unsigned)(v[i] - '0');
    }
    return s <= 31557600u;
  }
  if (IS("mx")) /* ["*."] Domain */
    return n >= 2 && v[0] == '*' && v[1] == '.' ? ref_domain(v + 2, n - 2)
                                                : ref_domain(v, n);
  return -1;
#undef IS
#undef VAL
}

/* ---------------------------------------------------------------------- */
/* Generated lines.                                                        */

typedef struct bytes {
  const char *p;
  size_t n;
} bytes;

#define B(s)                                                                   \
  { s, sizeof s - 1 }

/* One of each class of character: letters, digits, the name punctuation,
 * ':' '#' '!' '\', space, TAB, other controls, DEL, UTF-8 and bytes that
 * are not UTF-8. */
static const bytes classes[] = {
    B("a"),  B("Z"),        B("7"),    B("_"),    B("-"),
    B("."),  B(":"),        B("#"),    B("!"),    B("\\"),
    B(" "),  B("\t"),       B("\x01"), B("\x1f"), B("\x7f"),
    B("\0"), B("\xc3\xa9"), B("\xff"), B("\xc3"), B("\xe2\x82\xac"),
};

/* Values, of every class too, and valid and invalid ones for each field. */
static const bytes values[] = {
    B("STSv1"),
    B("stsv1"),
    B("enforce"),
    B("testing"),
    B("none"),
    B("604800"),
    B("31557601"),
    B("00086400"),
    B("12345678901"),
    B("mail.example.org"),
    B("*.example.org"),
    B("MAIL.example.org"),
    B("mail.example.org."),
    B("1.2.3.4"),
    B("a-.example.org"),
    B("a"),
    B("a b"),
    B("a  b"),
    B("a\tb"),
    B("a\x01z"),
    B("a\x7fz"),
    B("a\0z"),
    B("\xc3\xa9"),
    B("m\xc3\xa9.example.org"),
    B("\xf0\x9f\x98\x80"),
    B("\xed\xa0\x80"),
    B("\xc0\xaf"),
    B("\xff"),
    B("#x"),
    B("a #b"),
    B("a!b"),
    B("a\\b"),
    B("a:b"),
    B("a_b.c-d"),
    B("[mail.example.org]"),
    B("\"enforce\""),
    B("<604800>"),
    B("'STSv1'"),
    B(""),
};

static const char *const delims[] = {": ", ":", ":\t", ":  "};

static const char *const known_names[] = {"version", "mode", "max_age", "mx"};

typedef struct run {
  size_t lines, errors, mismatches;
} run;

/* Puts name: value as the last line of a valid policy (without the field
 * of that name, when it is a known field) and compares the library's
 * verdict on that line with the reference's. */
static void check_line(run *r, const char *name, size_t nn, const bytes *v,
                       size_t variant) {
  /* In the order of known_names. */
  static const char *const base[] = {"version: STSv1\n", "mode: enforce\n",
                                     "max_age: 604800\n",
                                     "mx: mail.example.com\n"};
  char in[256], line[128];
  size_t ln = 0, n = 0;
  const char *d = delims[variant % 4];
  size_t dn = strlen(d);
  ck_assert(nn + dn + v->n + 1 < sizeof line);
  memcpy(line, name, nn);
  ln = nn;
  memcpy(line + ln, d, dn);
  ln += dn;
  memcpy(line + ln, v->p, v->n);
  ln += v->n;
  if (variant % 3 == 0 && v->n) /* trailing whitespace is allowed */
    line[ln++] = ' ';

  unsigned long at = 1;
  for (size_t i = 0; i < 4; i++) {
    size_t kn = strlen(known_names[i]);
    if (kn == nn && memcmp(name, known_names[i], kn) == 0)
      continue;
    memcpy(in + n, base[i], strlen(base[i]));
    n += strlen(base[i]);
    at++;
  }
  memcpy(in + n, line, ln);
  n += ln;
  in[n++] = '\n';

  size_t rn, vo, vl;
  const unsigned char *u = (const unsigned char *)line;
  int matches = ref_line(u, ln, &rn, &vo, &vl);
  int expect_error = !matches || ref_known_value(u, rn, u + vo, vl) == 0;

  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, n, NULL, &p), MTASTS_OK);
  int got_error = 0;
  const char *first = NULL;
  for (size_t k = 0; k < mtasts_policy_diag_count(p); k++) {
    const mtasts_diag *dg = mtasts_policy_diag(p, k);
    if (dg->line == at && dg->severity == MTASTS_SEVERITY_ERROR) {
      got_error = 1;
      first = first ? first : dg->id;
    }
  }
  r->lines++;
  r->errors += (size_t)expect_error;
  if (got_error != expect_error) {
    char q[512];
    size_t o = 0;
    for (size_t i = 0; i < ln && o + 5 < sizeof q; i++) {
      unsigned char c = (unsigned char)line[i];
      o += (size_t)snprintf(
          q + o, sizeof q - o,
          c >= 0x20 && c < 0x7f && c != '\\' ? "%c" : "\\x%02X", c);
    }
    if (r->mismatches++ < 20)
      fprintf(stderr, "line '%s': reference %s, library %s%s\n", q,
              expect_error ? "error" : "no error",
              got_error ? "error " : "no error", first ? first : "");
  }
  mtasts_policy_free(p);
}

/* Every name one edit away from name k (and name k itself), each with
 * every value. */
static void check_near(run *r, const char *known) {
  size_t kn = strlen(known), variant = 0;
  char name[64];
  size_t nv = sizeof values / sizeof values[0];
  size_t nc = sizeof classes / sizeof classes[0];
#define ALL_VALUES(nm, len)                                                    \
  for (size_t j = 0; j < nv; j++)                                              \
  check_line(r, nm, len, &values[j], variant++)
  ALL_VALUES(known, kn);
  for (size_t i = 0; i <= kn; i++) /* insertion */
    for (size_t c = 0; c < nc; c++) {
      memcpy(name, known, i);
      memcpy(name + i, classes[c].p, classes[c].n);
      memcpy(name + i + classes[c].n, known + i, kn - i);
      ALL_VALUES(name, kn + classes[c].n);
    }
  for (size_t i = 0; i < kn; i++) { /* substitution */
    for (size_t c = 0; c < nc; c++) {
      memcpy(name, known, i);
      memcpy(name + i, classes[c].p, classes[c].n);
      memcpy(name + i + classes[c].n, known + i + 1, kn - i - 1);
      ALL_VALUES(name, kn - 1 + classes[c].n);
    }
    memcpy(name, known, i); /* deletion */
    memcpy(name + i, known + i + 1, kn - i - 1);
    ALL_VALUES(name, kn - 1);
    memcpy(name, known, kn); /* case of one letter */
    if (ref_alpha((unsigned char)name[i])) {
      name[i] = (char)(name[i] ^ 0x20);
      ALL_VALUES(name, kn);
    }
    if (i + 1 < kn) { /* transposition */
      memcpy(name, known, kn);
      name[i] = known[i + 1];
      name[i + 1] = known[i];
      ALL_VALUES(name, kn);
    }
  }
  for (size_t i = 0; i < kn; i++) /* all in upper case */
    name[i] =
        ref_alpha((unsigned char)known[i]) ? (char)(known[i] ^ 0x20) : known[i];
  ALL_VALUES(name, kn);
#undef ALL_VALUES
}

START_TEST(test_differential) {
  run r = {0, 0, 0};
  for (size_t k = 0; k < sizeof known_names / sizeof known_names[0]; k++)
    check_near(&r, known_names[k]);
  fprintf(stderr, "lookalike: %zu lines, %zu of them errors, %zu mismatches\n",
          r.lines, r.errors, r.mismatches);
  /* Both verdicts occur, so the comparison means something. */
  ck_assert_uint_gt(r.errors, r.lines / 10);
  ck_assert_uint_lt(r.errors, r.lines - r.lines / 10);
  ck_assert_msg(r.mismatches == 0, "%zu lines judged otherwise (see stderr)",
                r.mismatches);
}
END_TEST

/* The reference itself, on lines whose verdict is plain from the RFC. */
START_TEST(test_reference) {
  static const struct {
    const char *line;
    int ok;
  } cases[] = {
      {"mx: mail.example.com", 1},
      {"foo: a b  c", 1},
      {"foo:\tx \t", 1},
      {"f.o-o_1: \xc3\xa9", 1},
      {"foo: a\tb", 0},
      {"foo:", 0},
      {"foo: \xc0\xaf", 0},
      {"-foo: a", 0},
      {"fo o: a", 0},
      {" foo: a", 0},
      {"foo : a", 0},
      {"foo a", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t nn, vo, vl;
    const unsigned char *u = (const unsigned char *)cases[i].line;
    ck_assert_msg(ref_line(u, strlen(cases[i].line), &nn, &vo, &vl) ==
                      cases[i].ok,
                  "'%s'", cases[i].line);
  }
  ck_assert_int_eq(ref_known_value((const unsigned char *)"mx", 2,
                                   (const unsigned char *)"*.a.b", 5),
                   1);
  ck_assert_int_eq(ref_known_value((const unsigned char *)"mx", 2,
                                   (const unsigned char *)"a.123", 5),
                   0);
  ck_assert_int_eq(ref_known_value((const unsigned char *)"MX", 2,
                                   (const unsigned char *)"a", 1),
                   -1);
}
END_TEST

int main(void) {
  Suite *s = suite_create("lookalike");
  TCase *tc = tcase_create("lookalike");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, test_reference);
  tcase_add_test(tc, test_differential);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
