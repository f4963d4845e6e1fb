/* SPDX-License-Identifier: MIT */
/*
 * Check suite for the foundation: the diagnostics catalogue, the version,
 * the small descriptive functions, the internal helpers (quoting, UTF-8,
 * the hash set, growing buffers, the diagnostic sink), NULL arguments, and
 * allocation failure in every parse.
 */
#include "testutil.h"

#include "internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Comparing results.                                                      */

static int same_str(const char *a, const char *b) {
  return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

static void assert_same_diag(const char *name, size_t i, const mtasts_diag *a,
                             const mtasts_diag *b) {
  ck_assert_msg(a && b, "%s: diagnostic %zu missing", name, i);
  ck_assert_msg(a->code == b->code && a->severity == b->severity &&
                    a->offset == b->offset && a->length == b->length &&
                    a->line == b->line && a->column == b->column &&
                    same_str(a->message, b->message) &&
                    same_str(a->hint, b->hint) && same_str(a->id, b->id) &&
                    same_str(a->reference, b->reference),
                "%s: diagnostic %zu differs: %s@%lu:%lu '%s' vs %s@%lu:%lu "
                "'%s'",
                name, i, a->id, a->line, a->column, a->message, b->id, b->line,
                b->column, b->message);
}

static void assert_same_policy(const char *name, const mtasts_policy *a,
                               const mtasts_policy *b) {
  size_t n = mtasts_policy_diag_count(a);
  ck_assert_msg(mtasts_policy_diag_count(b) == n, "%s: %zu vs %zu findings",
                name, n, mtasts_policy_diag_count(b));
  for (size_t i = 0; i < n; i++)
    assert_same_diag(name, i, mtasts_policy_diag(a, i),
                     mtasts_policy_diag(b, i));
  ck_assert_int_eq(mtasts_policy_valid(a), mtasts_policy_valid(b));
  ck_assert(same_str(mtasts_policy_version(a), mtasts_policy_version(b)));
  ck_assert_int_eq(mtasts_policy_mode(a), mtasts_policy_mode(b));
  uint64_t x = 0, y = 0;
  ck_assert_int_eq(mtasts_policy_max_age(a, &x), mtasts_policy_max_age(b, &y));
  ck_assert(x == y);
  n = mtasts_policy_mx_count(a);
  ck_assert_uint_eq(mtasts_policy_mx_count(b), n);
  for (size_t i = 0; i < n; i++)
    ck_assert(same_str(mtasts_policy_mx(a, i), mtasts_policy_mx(b, i)));
  n = mtasts_policy_extension_count(a);
  ck_assert_uint_eq(mtasts_policy_extension_count(b), n);
  for (size_t i = 0; i < n; i++) {
    ck_assert(same_str(mtasts_policy_extension_name(a, i),
                       mtasts_policy_extension_name(b, i)));
    ck_assert(same_str(mtasts_policy_extension_value(a, i),
                       mtasts_policy_extension_value(b, i)));
  }
}

static void assert_same_record(const char *name, const mtasts_record *a,
                               const mtasts_record *b) {
  size_t n = mtasts_record_diag_count(a);
  ck_assert_msg(mtasts_record_diag_count(b) == n, "%s: %zu vs %zu findings",
                name, n, mtasts_record_diag_count(b));
  for (size_t i = 0; i < n; i++)
    assert_same_diag(name, i, mtasts_record_diag(a, i),
                     mtasts_record_diag(b, i));
  ck_assert_int_eq(mtasts_record_valid(a), mtasts_record_valid(b));
  ck_assert_int_eq(mtasts_record_selected(a), mtasts_record_selected(b));
  ck_assert(same_str(mtasts_record_version(a), mtasts_record_version(b)));
  ck_assert(same_str(mtasts_record_id(a), mtasts_record_id(b)));
  n = mtasts_record_rua_count(a);
  ck_assert_uint_eq(mtasts_record_rua_count(b), n);
  for (size_t i = 0; i < n; i++)
    ck_assert(same_str(mtasts_record_rua(a, i), mtasts_record_rua(b, i)));
  n = mtasts_record_extension_count(a);
  ck_assert_uint_eq(mtasts_record_extension_count(b), n);
  for (size_t i = 0; i < n; i++) {
    ck_assert(same_str(mtasts_record_extension_name(a, i),
                       mtasts_record_extension_name(b, i)));
    ck_assert(same_str(mtasts_record_extension_value(a, i),
                       mtasts_record_extension_value(b, i)));
  }
}

/* ---------------------------------------------------------------------- */
/* Catalogue                                                               */

static int is_kebab_case(const char *s) {
  /* [a-z0-9]+(-[a-z0-9]+)* */
  if (!*s)
    return 0;
  int after_hyphen = 1;
  for (; *s; s++) {
    if (*s == '-') {
      if (after_hyphen)
        return 0;
      after_hyphen = 1;
    } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
      after_hyphen = 0;
    } else {
      return 0;
    }
  }
  return !after_hyphen;
}

START_TEST(catalogue_entries) {
  size_t n = mtasts_diag_code_count();
  ck_assert_uint_eq(n, (size_t)MTASTS_DIAG_COUNT_);
  ck_assert_uint_gt(n, 0);
  for (size_t i = 0; i < n; i++) {
    mtasts_diag_code c = (mtasts_diag_code)i;
    const char *id = mtasts_diag_code_id(c);
    ck_assert_ptr_nonnull(id);
    ck_assert_msg(is_kebab_case(id), "id '%s' is not kebab-case", id);
    const char *ref = mtasts_diag_code_reference(c);
    const char *sum = mtasts_diag_code_summary(c);
    ck_assert_msg(ref && *ref, "%s: empty reference", id);
    ck_assert_msg(sum && *sum, "%s: empty summary", id);
    mtasts_severity sev = mtasts_diag_code_severity(c);
    ck_assert(sev == MTASTS_SEVERITY_NOTE || sev == MTASTS_SEVERITY_WARNING ||
              sev == MTASTS_SEVERITY_ERROR);
    ck_assert_int_eq(mtasts_diag_code_from_id(id, strlen(id)), (int)i);
    for (size_t j = 0; j < i; j++)
      ck_assert_msg(strcmp(id, mtasts_diag_code_id((mtasts_diag_code)j)) != 0,
                    "id '%s' is used twice", id);
  }
}
END_TEST

START_TEST(catalogue_lookups) {
  ck_assert_str_eq(mtasts_diag_code_id(MTASTS_DIAG_TOO_MANY_DIAGNOSTICS),
                   "too-many-diagnostics");
  ck_assert_int_eq(mtasts_diag_code_from_id("too-many-diagnostics", 20),
                   MTASTS_DIAG_TOO_MANY_DIAGNOSTICS);
  /* Unknown ids, including prefixes, other cases and NULL. */
  ck_assert_int_eq(mtasts_diag_code_from_id("no-such-id", 10), -1);
  ck_assert_int_eq(mtasts_diag_code_from_id("", 0), -1);
  ck_assert_int_eq(mtasts_diag_code_from_id(NULL, 0), -1);
  ck_assert_int_eq(mtasts_diag_code_from_id("policy-empt", 11), -1);
  ck_assert_int_eq(mtasts_diag_code_from_id("POLICY-EMPTY", 12), -1);
  /* The length counts, not a NUL. */
  ck_assert_int_eq(mtasts_diag_code_from_id("policy-empty-x", 12),
                   MTASTS_DIAG_POLICY_EMPTY);
  ck_assert_int_eq(mtasts_diag_code_from_id("policy-empty", 13), -1);
  /* Codes outside the catalogue. */
  mtasts_diag_code out = (mtasts_diag_code)MTASTS_DIAG_COUNT_;
  ck_assert_ptr_null(mtasts_diag_code_id(out));
  ck_assert_ptr_null(mtasts_diag_code_reference(out));
  ck_assert_ptr_null(mtasts_diag_code_summary(out));
  ck_assert_ptr_null(mtasts_diag_code_url(out));
  ck_assert_int_eq(mtasts_diag_code_severity(out), MTASTS_SEVERITY_NOTE);
}
END_TEST

/* The link of each rule agrees with its prose reference: the first RFC and
 * section the reference names, and no link for the library's own rules. */
START_TEST(catalogue_urls) {
  ck_assert_str_eq(mtasts_diag_code_url(MTASTS_DIAG_POLICY_MX_TRAILING_DOT),
                   "https://www.rfc-editor.org/rfc/rfc8461#section-3.2");
  ck_assert_str_eq(mtasts_diag_code_url(MTASTS_DIAG_TLSRPT_RUA_MAILTO_QUERY),
                   "https://www.rfc-editor.org/rfc/rfc6068#section-2");
  ck_assert_ptr_null(mtasts_diag_code_url(MTASTS_DIAG_TOO_MANY_DIAGNOSTICS));
  for (size_t i = 0; i < mtasts_diag_code_count(); i++) {
    mtasts_diag_code c = (mtasts_diag_code)i;
    const char *ref = mtasts_diag_code_reference(c);
    const char *url = mtasts_diag_code_url(c);
    if (strncmp(ref, "RFC ", 4) != 0) {
      ck_assert_msg(url == NULL, "%s: a link without an RFC",
                    mtasts_diag_code_id(c));
      continue;
    }
    ck_assert_msg(url != NULL, "%s: no link", mtasts_diag_code_id(c));
    /* "RFC NNNN §S.S" -> ".../rfcNNNN#section-S.S" */
    char want[128];
    size_t digits = strspn(ref + 4, "0123456789");
    const char *sec = ref + 4 + digits;
    size_t seclen = 0;
    if (strncmp(sec, " \xC2\xA7", 3) == 0) {
      sec += 3;
      seclen = strspn(sec, "0123456789.");
    }
    if (seclen)
      snprintf(want, sizeof want,
               "https://www.rfc-editor.org/rfc/rfc%.*s#section-%.*s",
               (int)digits, ref + 4, (int)seclen, sec);
    else
      snprintf(want, sizeof want, "https://www.rfc-editor.org/rfc/rfc%.*s",
               (int)digits, ref + 4);
    ck_assert_str_eq(url, want);
  }
  ck_assert_ptr_null(mtasts_diag_code_id((mtasts_diag_code)-1));
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Version and descriptive functions                                       */

START_TEST(version) {
  ck_assert_str_eq(mtasts_version(), MTASTS_VERSION_STRING);
  ck_assert_uint_eq(mtasts_version_number(), MTASTS_VERSION_NUMBER);
  char buf[64];
  snprintf(buf, sizeof buf, "%d.%d.%d", MTASTS_VERSION_MAJOR,
           MTASTS_VERSION_MINOR, MTASTS_VERSION_PATCH);
  ck_assert_str_eq(mtasts_version(), buf);
  ck_assert_uint_eq(MTASTS_VERSION_NUMBER, MTASTS_VERSION_MAJOR * 10000UL +
                                               MTASTS_VERSION_MINOR * 100UL +
                                               MTASTS_VERSION_PATCH);
}
END_TEST

START_TEST(names) {
  ck_assert_str_eq(mtasts_status_name(MTASTS_OK), "ok");
  ck_assert_str_eq(mtasts_status_name(MTASTS_ERR_NOMEM), "out of memory");
  ck_assert_str_eq(mtasts_status_name(MTASTS_ERR_INVALID_ARG),
                   "invalid argument");
  ck_assert_ptr_nonnull(mtasts_status_name((mtasts_status)99));
  ck_assert_str_eq(mtasts_severity_name(MTASTS_SEVERITY_NOTE), "note");
  ck_assert_str_eq(mtasts_severity_name(MTASTS_SEVERITY_WARNING), "warning");
  ck_assert_str_eq(mtasts_severity_name(MTASTS_SEVERITY_ERROR), "error");
  ck_assert_ptr_nonnull(mtasts_severity_name((mtasts_severity)99));
  ck_assert_str_eq(mtasts_mode_name(MTASTS_MODE_ENFORCE), "enforce");
  ck_assert_str_eq(mtasts_mode_name(MTASTS_MODE_TESTING), "testing");
  ck_assert_str_eq(mtasts_mode_name(MTASTS_MODE_NONE), "none");
  ck_assert_ptr_null(mtasts_mode_name(MTASTS_MODE_UNSET));
  ck_assert_ptr_null(mtasts_mode_name((mtasts_mode)99));
}
END_TEST

START_TEST(options_init) {
  mtasts_options o;
  memset(&o, 0xA5, sizeof o);
  mtasts_options_init(&o);
  ck_assert_uint_eq(o.flags, 0);
  ck_assert_uint_eq(o.max_diagnostics, 0);
  ck_assert_ptr_null(o.allocator);
  ck_assert_ptr_null(o.mx_hosts);
  ck_assert_uint_eq(o.mx_host_count, 0);
  ck_assert_uint_eq(o.size, sizeof o);
  mtasts_options_init(NULL); /* accepted, does nothing */
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Structs the caller allocates: sizes, unknown flags, half allocators.    */

static void *plain_malloc(size_t n, void *user) {
  (void)user;
  return malloc(n);
}

static void plain_free(void *p, void *user) {
  (void)user;
  free(p);
}

static mtasts_status parse_with(const mtasts_options *o) {
  static const char body[] = "version: STSv1\nmode: none\nmax_age: 86400\n";
  static const mtasts_txt rec = {"v=STSv1; id=1", 13, MTASTS_TXT_RAW};
  mtasts_policy *p = NULL;
  mtasts_record *r = NULL;
  mtasts_status a = mtasts_policy_parse(body, sizeof body - 1, o, &p);
  mtasts_status b = mtasts_record_parse(MTASTS_RECORD_STS, &rec, 1, o, &r);
  ck_assert_int_eq(a, b); /* one rule for both entry points */
  ck_assert(a == MTASTS_OK ? p && r : !p && !r);
  mtasts_policy_free(p);
  mtasts_record_free(r);
  return a;
}

START_TEST(options_checked) {
  mtasts_options o;
  mtasts_options_init(&o);
  ck_assert_int_eq(parse_with(&o), MTASTS_OK);
  ck_assert_int_eq(parse_with(NULL), MTASTS_OK);

  /* Never set up: size 0. */
  memset(&o, 0, sizeof o);
  ck_assert_int_eq(parse_with(&o), MTASTS_ERR_INVALID_ARG);

  /* A flag this version does not know. */
  mtasts_options_init(&o);
  o.flags = MTASTS_OPT_STRICT | (1u << 7);
  ck_assert_int_eq(parse_with(&o), MTASTS_ERR_INVALID_ARG);
  o.flags = MTASTS_OPT_STRICT;
  ck_assert_int_eq(parse_with(&o), MTASTS_OK);

  /* Half-filled allocators are refused; realloc_fn may be left out. */
  mtasts_allocator a = {plain_malloc, NULL, NULL, NULL};
  o.allocator = &a;
  ck_assert_int_eq(parse_with(&o), MTASTS_ERR_INVALID_ARG);
  a.malloc_fn = NULL;
  a.free_fn = plain_free;
  ck_assert_int_eq(parse_with(&o), MTASTS_ERR_INVALID_ARG);
  a.malloc_fn = plain_malloc;
  ck_assert_int_eq(parse_with(&o), MTASTS_OK);
}
END_TEST

START_TEST(options_from_a_later_version) {
  /* A program built against a later header passes a larger struct: the
   * members this library knows are read, the rest are ignored. */
  struct {
    mtasts_options o;
    unsigned char later[32];
  } big;
  memset(&big, 0xA5, sizeof big);
  mtasts_options_init_sized(&big.o, sizeof big);
  ck_assert_uint_eq(big.o.size, sizeof big);
  ck_assert_uint_eq(big.later[31], 0); /* zeroed up to its size */
  big.o.max_diagnostics = 1;
  static const char body[] = "Version: STSv1\nmode: bogus\n";
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(body, sizeof body - 1, &big.o, &p),
                   MTASTS_OK);
  /* max_diagnostics was read: one finding and the limit note. */
  ck_assert_uint_eq(mtasts_policy_diag_count(p), 2);
  mtasts_policy_free(p);

  /* A size below the first published layout was never set up. */
  mtasts_options small;
  mtasts_options_init_sized(&small, sizeof small - sizeof(size_t));
  ck_assert_int_eq(parse_with(&small), MTASTS_ERR_INVALID_ARG);
}
END_TEST

START_TEST(values_and_issue_sizes) {
  static const char body[] = "version: STSv1\nmode: testing\n"
                             "mx: a.example.com\nmax_age: 86400\n";
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(body, sizeof body - 1, NULL, &p),
                   MTASTS_OK);
  mtasts_str mx[1];
  struct {
    mtasts_policy_values v;
    unsigned char later[16];
  } big;
  /* Not set up: refused, and left untouched. */
  memset(&big, 0, sizeof big);
  ck_assert_int_eq(mtasts_policy_get_values(p, &big.v, mx, 1, NULL, 0),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(big.v.mode, MTASTS_MODE_UNSET);
  ck_assert_uint_eq(mtasts_policy_write(&big.v, MTASTS_WRITE_LF, NULL, 0), 0);
  /* Set up for a later, larger layout: filled as far as this version
   * knows, the bytes past it left alone. */
  memset(&big, 0xA5, sizeof big);
  mtasts_policy_values_init_sized(&big.v, sizeof big);
  memset(big.later, 0xA5, sizeof big.later);
  ck_assert_int_eq(mtasts_policy_get_values(p, &big.v, mx, 1, NULL, 0),
                   MTASTS_OK);
  ck_assert_uint_eq(big.v.size, sizeof big);
  ck_assert_int_eq(big.v.mode, MTASTS_MODE_TESTING);
  ck_assert_uint_eq(big.later[0], 0xA5);
  char out[256];
  size_t n = mtasts_policy_write(&big.v, MTASTS_WRITE_LF, out, sizeof out);
  ck_assert_uint_eq(n, sizeof body - 1);
  ck_assert_str_eq(out, "version: STSv1\nmode: testing\n"
                        "mx: a.example.com\nmax_age: 86400\n");
  /* An unknown write flag. */
  ck_assert_uint_eq(mtasts_policy_write(&big.v, 1u << 5, out, sizeof out), 0);
  mtasts_policy_free(p);

  mtasts_name_issue is;
  memset(&is, 0, sizeof is); /* size 0: nothing is written */
  ck_assert_int_eq(mtasts_host_check("a..b", 4, &is), 0);
  ck_assert_ptr_null(is.reason);
  mtasts_name_issue_init(&is);
  ck_assert_int_eq(mtasts_host_check("a..b", 4, &is), 0);
  ck_assert_ptr_nonnull(is.reason);
  ck_assert_uint_eq(is.size, sizeof is);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_i_quote */

static const char *quote(char *dst, size_t cap, const char *s, size_t n) {
  return mtasts_i_quote(dst, cap, s, n);
}

START_TEST(quote_escapes) {
  static const struct {
    const char *in;
    size_t len;
    const char *out;
  } rows[] = {
      {"abc", 3, "'abc'"},
      {"", 0, "''"},
      {"it's", 4, "'it\\'s'"},
      {"a\\b", 3, "'a\\\\b'"},
      {"a\tb", 3, "'a\\tb'"},
      {"\x01", 1, "'\\x01'"},
      {"\x7f", 1, "'\\x7f'"},
      {"a\0b", 3, "'a\\x00b'"},
      {"\r\n", 2, "'\\x0d\\x0a'"},
      {"\xff", 1, "'\\xff'"},
      {"caf\xc3\xa9", 5, "'caf\xc3\xa9'"},           /* valid UTF-8 is kept */
      {"\xf0\x9d\x84\x9e", 4, "'\xf0\x9d\x84\x9e'"}, /* 4 bytes */
      {"\xc3", 1, "'\\xc3'"},                        /* truncated */
      {"\xe2\x98", 2, "'\\xe2\\x98'"},               /* truncated */
      {"\xc0\x80", 2, "'\\xc0\\x80'"},               /* overlong */
      {"\xed\xa0\x80", 3, "'\\xed\\xa0\\x80'"},      /* surrogate */
      {"\xf4\x90\x80\x80", 4, "'\\xf4\\x90\\x80\\x80'"}, /* > U+10FFFF */
      {"\"x\"", 3, "'\"x\"'"},
  };
  char buf[MT_QUOTE_MAX];
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    ck_assert_str_eq(quote(buf, sizeof buf, rows[i].in, rows[i].len),
                     rows[i].out);
}
END_TEST

START_TEST(quote_truncates) {
  char big[300];
  memset(big, 'a', sizeof big);
  char buf[MT_QUOTE_MAX];
  const char *q = quote(buf, 16, big, sizeof big);
  ck_assert_ptr_eq(q, buf);
  ck_assert_str_eq(q, "'aaaaaaaaa...'");
  q = quote(buf, sizeof buf, big, sizeof big);
  size_t n = strlen(q);
  ck_assert_uint_lt(n, sizeof buf);
  ck_assert_str_eq(q + n - 4, "...'");
  /* Text that fits is not shortened. */
  q = quote(buf, sizeof buf, big, 40);
  ck_assert_uint_eq(strlen(q), 42);
  ck_assert_ptr_null(strstr(q, "..."));
  /* A multi-byte character is never cut in half. */
  char wide[200];
  for (size_t i = 0; i < sizeof wide; i += 2)
    memcpy(wide + i, "\xc3\xa4", 2);
  for (size_t cap = 16; cap < 40; cap++) {
    q = quote(buf, cap, wide, sizeof wide);
    const unsigned char *u = (const unsigned char *)q + 1;
    size_t len = strlen(q) - 5; /* without the quotes and "..." */
    for (size_t i = 0; i < len;) {
      size_t k = mtasts_i_utf8_len(u + i, len - i);
      ck_assert_msg(k == 2, "cap %zu: split character at %zu", cap, i);
      i += k;
    }
  }
}
END_TEST

START_TEST(quote_bounds) {
  /* Random bytes at every capacity: always terminated, quoted, never past
   * cap. A canary after cap must survive. */
  uint32_t x = 12345;
  unsigned char in[300];
  char buf[200];
  for (int round = 0; round < 200; round++) {
    size_t n = (size_t)round * 3 % sizeof in;
    for (size_t i = 0; i < n; i++) {
      x = x * 1103515245u + 12345u;
      in[i] = (unsigned char)(x >> 16);
      if (round % 3 == 0)
        in[i] &= 0x7f; /* mostly ASCII: more text per escape */
    }
    for (size_t cap = 16; cap <= 128; cap++) {
      memset(buf, 0x5A, sizeof buf);
      const char *q = quote(buf, cap, (const char *)in, n);
      size_t len = strlen(q);
      size_t past = cap;
      while (past < sizeof buf && buf[past] == 0x5A)
        past++;
      if (len >= cap || len < 2 || q[0] != '\'' || q[len - 1] != '\'' ||
          past != sizeof buf)
        ck_abort_msg("round %d, cap %zu: '%s' (%zu bytes), wrote past cap: %d",
                     round, cap, q, len, past != sizeof buf);
    }
  }
}
END_TEST

/* The word-at-a-time test agrees with the byte test for every byte value
 * at every place of a word, next to each value at the edges of the range
 * (the carries and borrows between bytes). */
START_TEST(printable8) {
  static const unsigned char next[] = {0x61, 0x00, 0x1f, 0x20,
                                       0x7e, 0x7f, 0x80, 0xff};
  unsigned char w[8];
  for (int pos = 0; pos < 8; pos++)
    for (int v = 0; v < 256; v++)
      for (size_t x = 0; x < sizeof next; x++) {
        memset(w, 0x61, sizeof w);
        w[pos] = (unsigned char)v;
        w[(pos + 1) % 8] = next[x];
        int want = 1;
        for (int k = 0; k < 8; k++)
          if (w[k] < 0x20 || w[k] > 0x7e)
            want = 0;
        ck_assert_msg(mtasts_i_printable8(w) == want,
                      "0x%02X at %d, then 0x%02X", v, pos, next[x]);
      }
}
END_TEST

START_TEST(utf8_len) {
  static const struct {
    const char *in;
    size_t len;
    size_t want;
  } rows[] = {
      {"A", 1, 1},
      {"\x00", 1, 1},
      {"\x7f", 1, 1},
      {"", 0, 0},
      /* two bytes */
      {"\xc2\x80", 2, 2},
      {"\xdf\xbf", 2, 2},
      {"\xc3\xa9zz", 4, 2},
      {"\xc0\x80", 2, 0}, /* overlong */
      {"\xc1\xbf", 2, 0}, /* overlong */
      {"\xc2", 1, 0},     /* truncated */
      {"\xc2\x41", 2, 0}, /* bad continuation */
      {"\xc2\xc0", 2, 0},
      /* three bytes */
      {"\xe0\xa0\x80", 3, 3},
      {"\xe0\x80\x80", 3, 0}, /* overlong */
      {"\xe0\x9f\xbf", 3, 0}, /* overlong */
      {"\xe1\x80\x80", 3, 3},
      {"\xec\xbf\xbf", 3, 3},
      {"\xed\x80\x80", 3, 3},
      {"\xed\x9f\xbf", 3, 3},
      {"\xed\xa0\x80", 3, 0}, /* surrogate U+D800 */
      {"\xed\xbf\xbf", 3, 0}, /* surrogate U+DFFF */
      {"\xee\x80\x80", 3, 3},
      {"\xef\xbf\xbf", 3, 3},
      {"\xe1\x80", 2, 0},     /* truncated */
      {"\xe1\x80\x41", 3, 0}, /* bad continuation */
      {"\xe1\x41\x80", 3, 0},
      /* four bytes */
      {"\xf0\x90\x80\x80", 4, 4},
      {"\xf0\x80\x80\x80", 4, 0}, /* overlong */
      {"\xf0\x8f\xbf\xbf", 4, 0}, /* overlong */
      {"\xf1\x80\x80\x80", 4, 4},
      {"\xf3\xbf\xbf\xbf", 4, 4},
      {"\xf4\x80\x80\x80", 4, 4},
      {"\xf4\x8f\xbf\xbf", 4, 4}, /* U+10FFFF */
      {"\xf4\x90\x80\x80", 4, 0}, /* above U+10FFFF */
      {"\xf5\x80\x80\x80", 4, 0},
      {"\xf0\x90\x80", 3, 0},     /* truncated */
      {"\xf0\x90\x80\x41", 4, 0}, /* bad continuation */
      /* never a first byte */
      {"\x80", 1, 0},
      {"\xbf", 1, 0},
      {"\xf8\x88\x80\x80\x80", 5, 0},
      {"\xfe", 1, 0},
      {"\xff", 1, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    ck_assert_msg(mtasts_i_utf8_len((const unsigned char *)rows[i].in,
                                    rows[i].len) == rows[i].want,
                  "row %zu", i);
  /* The length given is respected even when more bytes follow. */
  ck_assert_uint_eq(mtasts_i_utf8_len((const unsigned char *)"\xe2\x98\x95", 2),
                    0);
  ck_assert_uint_eq(mtasts_i_utf8_len((const unsigned char *)"\xe2\x98\x95", 3),
                    3);
}
END_TEST

START_TEST(string_compare) {
  ck_assert(mtasts_i_eq_nocase("MaX_Age", 7, "max_age", 7));
  ck_assert(!mtasts_i_eq_nocase("max_age", 7, "max_ag", 6));
  ck_assert(!mtasts_i_eq_nocase("\xc3\xa4", 2, "\xc3\x84", 2)); /* ASCII only */
  ck_assert(mtasts_i_eq_nocase("", 0, "", 0));
  ck_assert(mtasts_i_eq_lit("mode", 4, "mode"));
  ck_assert(!mtasts_i_eq_lit("Mode", 4, "mode"));
  ck_assert(!mtasts_i_eq_lit("modes", 4 + 1, "mode"));
  ck_assert(mtasts_i_eq_lit("", 0, ""));
  ck_assert(mtasts_i_eq_lit(NULL, 0, ""));
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_i_strset */

/* The caller's side of a set: the keys, in the order they were added. */
typedef struct test_keys {
  const char **p;
  size_t *n;
  size_t count, cap;
} test_keys;

static const char *test_key(const void *ctx, size_t i, size_t *n) {
  const test_keys *k = ctx;
  ck_assert_uint_lt(i, k->count); /* the set only asks for added keys */
  *n = k->n[i];
  return k->p[i];
}

static void test_keys_init(test_keys *k, size_t cap) {
  k->p = malloc(cap * sizeof *k->p);
  k->n = malloc(cap * sizeof *k->n);
  ck_assert(k->p && k->n);
  k->count = 0;
  k->cap = cap;
}

static void test_keys_free(test_keys *k) {
  free(k->p);
  free(k->n);
}

/* The index of an equal key, or -1 after adding it, or -2 when the set
 * ran out of memory (the key is then not added). */
static long test_add(mtasts_i_strset *s, test_keys *k, const char *p,
                     size_t n) {
  mtasts_i_strset_pos pos;
  long prev = mtasts_i_strset_find(s, p, n, &pos);
  if (prev >= 0)
    return prev;
  ck_assert_uint_lt(k->count, k->cap);
  k->p[k->count] = p;
  k->n[k->count] = n;
  if (mtasts_i_strset_insert(s, &pos, k->count) != 0)
    return -2;
  k->count++;
  return -1;
}

START_TEST(strset_basic) {
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, NULL);
  mtasts_i_strset s;
  test_keys k;
  test_keys_init(&k, 16);
  mtasts_i_strset_init(&s, &m, 0, test_key, &k);
  ck_assert_int_eq(mtasts_i_strset_find(&s, "abc", 3, NULL),
                   -1); /* empty set */
  ck_assert_int_eq(test_add(&s, &k, "abc", 3), -1);
  ck_assert_int_eq(test_add(&s, &k, "abc", 3), 0);
  ck_assert_int_eq(test_add(&s, &k, "ABC", 3), -1); /* case counts */
  ck_assert_int_eq(test_add(&s, &k, "ab", 2), -1);  /* a prefix */
  ck_assert_int_eq(test_add(&s, &k, "ab\0c", 4), -1);
  ck_assert_int_eq(test_add(&s, &k, "ab\0c", 4), 3);
  ck_assert_int_eq(test_add(&s, &k, "", 0), -1);
  ck_assert_int_eq(test_add(&s, &k, "", 0), 4);
  ck_assert_uint_eq(s.n, 5);
  ck_assert_int_eq(mtasts_i_strset_find(&s, "ABC", 3, NULL), 1);
  ck_assert_int_eq(mtasts_i_strset_find(&s, "abd", 3, NULL), -1);
  mtasts_i_strset_release(&s);

  k.count = 0;
  mtasts_i_strset_init(&s, &m, 1, test_key, &k);
  ck_assert_int_eq(test_add(&s, &k, "Mode", 4), -1);
  ck_assert_int_eq(test_add(&s, &k, "mode", 4), 0);
  ck_assert_int_eq(test_add(&s, &k, "MODE", 4), 0);
  ck_assert_int_eq(test_add(&s, &k, "mod", 3), -1);
  /* Only ASCII letters fold; the bytes next to the letters do not. */
  ck_assert_int_eq(test_add(&s, &k, "\xc3\xa4", 2), -1);
  ck_assert_int_eq(test_add(&s, &k, "\xc3\x84", 2), -1);
  ck_assert_int_eq(test_add(&s, &k, "@[", 2), -1);
  ck_assert_int_eq(test_add(&s, &k, "`{", 2), -1);
  ck_assert_int_eq(test_add(&s, &k, "\xc1\xda", 2), -1);
  ck_assert_int_eq(test_add(&s, &k, "\xe1\xfa", 2), -1);
  /* Longer than one hash block, differing only in case. */
  ck_assert_int_eq(test_add(&s, &k, "mail.example.COM", 16), -1);
  ck_assert_int_eq(test_add(&s, &k, "MAIL.EXAMPLE.com", 16), 8);
  ck_assert_int_eq(test_add(&s, &k, "mAil.eXample.cOmAZ@[", 20), -1);
  ck_assert_int_eq(test_add(&s, &k, "MaIL.ExAMPLE.CoMaz@[", 20), 9);
  ck_assert_int_eq(test_add(&s, &k, "MaIL.ExAMPLE.CoMaz`[", 20), -1);
  mtasts_i_strset_release(&s);
  test_keys_free(&k);
}
END_TEST

START_TEST(strset_many) {
  enum { N = 100000, W = 16 };
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, NULL);
  char *keys = malloc((size_t)N * W);
  ck_assert_ptr_nonnull(keys);
  for (int fold = 0; fold <= 1; fold++) {
    mtasts_i_strset s;
    test_keys k;
    test_keys_init(&k, N);
    mtasts_i_strset_init(&s, &m, fold, test_key, &k);
    for (long i = 0; i < N; i++) {
      char *key = keys + (size_t)i * W;
      int n = snprintf(key, W, "key-%ld", i);
      ck_assert_int_eq(test_add(&s, &k, key, (size_t)n), -1);
    }
    ck_assert_uint_eq(s.n, N);
    /* At most three quarters of the slots are used. */
    ck_assert_uint_ge(s.cap * 3, 4 * (size_t)N);
    ck_assert_uint_lt(s.cap, 4 * (size_t)N);
    for (long i = 0; i < N; i++) {
      char probe[W];
      int n = snprintf(probe, sizeof probe, fold ? "KEY-%ld" : "key-%ld", i);
      ck_assert_int_eq(mtasts_i_strset_find(&s, probe, (size_t)n, NULL), i);
    }
    ck_assert_uint_eq(s.n, N);
    mtasts_i_strset_release(&s);
    test_keys_free(&k);
  }
  free(keys);
}
END_TEST

START_TEST(strset_nomem) {
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, 1);
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, &a);
  mtasts_i_strset s;
  test_keys k;
  test_keys_init(&k, 4);
  mtasts_i_strset_init(&s, &m, 0, test_key, &k);
  f.fail_at = 1;
  ck_assert_int_eq(test_add(&s, &k, "abc", 3), -2);
  ck_assert_uint_eq(s.n, 0);
  /* The set is still usable afterwards. */
  ck_assert_int_eq(test_add(&s, &k, "abc", 3), -1);
  ck_assert_int_eq(test_add(&s, &k, "abc", 3), 0);
  mtasts_i_strset_release(&s);
  ck_assert_int_eq(f.blocks, 0);
  test_keys_free(&k);
}
END_TEST

/* Keys made from their index ("k" and its digits), written into the
 * caller's scratch buffer: the set reads each key before it asks for the
 * next one. */
static const char *index_key(const void *ctx, size_t i, size_t *n) {
  char *buf = *(char *const *)ctx;
  *n = (size_t)snprintf(buf, 32, "k%zu", i);
  return buf;
}

static int index_add(mtasts_i_strset *s, size_t index) {
  char key[32];
  int n = snprintf(key, sizeof key, "k%zu", index);
  mtasts_i_strset_pos pos;
  ck_assert_int_eq(mtasts_i_strset_find(s, key, (size_t)n, &pos), -1);
  return mtasts_i_strset_insert(s, &pos, index);
}

static long index_find(const mtasts_i_strset *s, size_t index) {
  char key[32];
  int n = snprintf(key, sizeof key, "k%zu", index);
  return mtasts_i_strset_find(s, key, (size_t)n, NULL);
}

/* Indices far apart: a slot keeps index + 1 below the hash tag, so the
 * width of the indices decides how much of the tag is left. */
START_TEST(strset_wide_indices) {
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, NULL);
  char scratch[32];
  char *sp = scratch;
  mtasts_i_strset s;
  mtasts_i_strset_init(&s, &m, 0, index_key, &sp);
  /* Sizes and indices that a slot cannot hold are refused, the set
   * untouched. */
  ck_assert_int_eq(mtasts_i_strset_reserve(&s, UINT32_MAX - 1, 4), -1);
  ck_assert_int_eq(mtasts_i_strset_reserve(&s, 4, UINT32_MAX - 1), -1);
  ck_assert_uint_eq(s.cap, 0);
  /* Indices up to 2^31 take all 32 bits of a slot: no tag is left, and
   * every probe compares the keys themselves. */
  const size_t big = (size_t)1 << 31;
  ck_assert_int_eq(mtasts_i_strset_reserve(&s, 4, 100), 0);
  ck_assert_uint_eq(s.bits, 7);
  ck_assert_uint_eq(s.cap, 16);
  /* Wider indices at the same size: the table is laid out again. */
  ck_assert_int_eq(mtasts_i_strset_reserve(&s, 4, big), 0);
  ck_assert_uint_eq(s.bits, 32);
  ck_assert_uint_eq(s.cap, 16);
  const uint32_t *slots = s.slots;
  /* Reserving what it has changes nothing. */
  ck_assert_int_eq(mtasts_i_strset_reserve(&s, 4, big), 0);
  ck_assert_ptr_eq(s.slots, slots);
  const size_t idx[4] = {0, 7, big - 1, big};
  for (size_t i = 0; i < 4; i++)
    ck_assert_int_eq(index_add(&s, idx[i]), 0);
  ck_assert_ptr_eq(s.slots, slots); /* reserved: no table moved */
  for (size_t i = 0; i < 4; i++)
    ck_assert_int_eq(index_find(&s, idx[i]), (long)idx[i]);
  ck_assert_int_eq(index_find(&s, 8), -1);
  ck_assert_int_eq(index_find(&s, big + 1), -1);
  /* An index whose index + 1 would reach the empty marks is refused. */
  mtasts_i_strset_pos pos;
  ck_assert_int_eq(mtasts_i_strset_find(&s, "k4294967294", 11, &pos), -1);
  ck_assert_int_eq(mtasts_i_strset_insert(&s, &pos, UINT32_MAX - 1), -1);
  ck_assert_uint_eq(s.n, 4);
  mtasts_i_strset_release(&s);

  /* A far index in a table with room to spare: the table is laid out
   * again for wider indices, at the same size, and keeps every key. */
  mtasts_i_strset_init(&s, &m, 0, index_key, &sp);
  ck_assert_int_eq(index_add(&s, 0), 0);
  ck_assert_int_eq(index_add(&s, 1), 0);
  ck_assert_uint_eq(s.cap, 16);
  ck_assert_uint_eq(s.bits, 5);
  ck_assert_int_eq(index_add(&s, 1000), 0);
  ck_assert_uint_eq(s.cap, 16);
  ck_assert_uint_eq(s.bits, 10);
  ck_assert_int_eq(index_find(&s, 0), 0);
  ck_assert_int_eq(index_find(&s, 1), 1);
  ck_assert_int_eq(index_find(&s, 1000), 1000);
  ck_assert_int_eq(index_find(&s, 999), -1);
  mtasts_i_strset_release(&s);

  /* The same when the new layout cannot be allocated: the insertion is
   * refused and the set keeps what it had. */
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, 1);
  mtasts_i_alloc fm;
  mtasts_i_alloc_init(&fm, &a);
  mtasts_i_strset_init(&s, &fm, 0, index_key, &sp);
  ck_assert_int_eq(index_add(&s, 0), 0);
  ck_assert_int_eq(index_add(&s, 1), 0);
  f.fail_at = f.attempts + 1;
  ck_assert_int_eq(index_add(&s, 1000), -1);
  ck_assert_uint_eq(s.n, 2);
  ck_assert_uint_eq(s.bits, 5);
  ck_assert_int_eq(index_find(&s, 0), 0);
  ck_assert_int_eq(index_find(&s, 1), 1);
  ck_assert_int_eq(index_find(&s, 1000), -1);
  mtasts_i_strset_release(&s);
  ck_assert_int_eq(f.blocks, 0);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Zone-file strings: quoting into a small buffer, escapes, positions     */

START_TEST(zone_quote_limits) {
  char out[600], text[300];
  memset(text, 'a', sizeof text);
  /* No room at all, or none for the opening quote and the NUL. */
  ck_assert_uint_eq(mtasts_i_zone_quote(out, 0, "a", 1), 0);
  ck_assert_uint_eq(mtasts_i_zone_quote(out, 1, "a", 1), 0);
  /* 300 octets are two strings, 255 and 45, joined by '" "'. */
  ck_assert_uint_eq(mtasts_i_zone_quote(out, sizeof out, text, 300), 305);
  ck_assert_int_eq(memcmp(out + 255, "a\" \"a", 5), 0);
  ck_assert_str_eq(out + 259,
                   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"");
  /* Room for the first string but not for the break after it. */
  ck_assert_uint_eq(mtasts_i_zone_quote(out, 258, text, 300), 0);
  ck_assert_uint_eq(mtasts_i_zone_quote(out, 306, text, 300), 305);
  ck_assert_uint_eq(mtasts_i_zone_quote(out, 305, text, 300), 0);
}
END_TEST

START_TEST(zone_escapes_and_positions) {
  /* What one joined byte stands for in the presentation text. */
  const char *g = "a\\059\\;\\";
  size_t gn = strlen(g);
  ck_assert_uint_eq(mtasts_i_zone_char_len(g, gn, 0), 1);
  ck_assert_uint_eq(mtasts_i_zone_char_len(g, gn, 1), 4);  /* \059 */
  ck_assert_uint_eq(mtasts_i_zone_char_len(g, gn, 5), 2);  /* \; */
  ck_assert_uint_eq(mtasts_i_zone_char_len(g, gn, 7), 1);  /* a lone \ */
  ck_assert_uint_eq(mtasts_i_zone_char_len(g, gn, gn), 1); /* past the end */

  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, NULL);
  mtasts_i_sink s;
  mtasts_i_sink_init(&s, &m, NULL);
  static const struct {
    const char *given;
    const char *text; /* joined */
    size_t pos[4];    /* where joined bytes 0..len are written */
  } cases[] = {
      /* One string without escapes: no map, the bytes are in place. */
      {"\"ab\"", "ab", {1, 2, 3}},
      {"\"\"", "", {1}},
      /* An escape: a map, and positions read through it. */
      {"\"a\\059b\"", "a;b", {1, 2, 6, 7}},
      /* Two empty strings: a map, and nothing joined. */
      {"\"\" \"\"", "", {1}},
      /* Two strings: the end is just past the last byte of the last. */
      {"\"a\" \"b\"", "ab", {1, 5, 6}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mtasts_i_zone_text z;
    const char *p = cases[i].given;
    size_t n = strlen(p), len = strlen(cases[i].text);
    ck_assert_int_eq(mtasts_i_zone_decode(&m, &s, 1, p, n, &z), 0);
    ck_assert_uint_eq(z.len, len);
    ck_assert_int_eq(memcmp(z.text, cases[i].text, len), 0);
    for (size_t k = 0; k <= len; k++)
      ck_assert_msg(mtasts_i_zone_pos(&z, p, n, k) == cases[i].pos[k],
                    "%s: byte %zu at %zu, not %zu", p, k,
                    mtasts_i_zone_pos(&z, p, n, k), cases[i].pos[k]);
    mtasts_i_zone_text_release(&m, &z);
  }
  ck_assert_uint_eq(s.n, 0); /* no finding on any of them */
  mtasts_i_sink_release(&s);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* mtasts_i_grow and mtasts_i_text_add */

static void grow_case(int with_realloc) {
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, with_realloc);
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, &a);
  void *pv = NULL;
  size_t cap = 0;
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, 1, sizeof(int)), 0);
  ck_assert_ptr_nonnull(pv);
  ck_assert_uint_eq(cap, 8);
  int *v = pv;
  for (int i = 0; i < 8; i++)
    v[i] = i * 7;
  void *before = pv;
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, 8, sizeof(int)), 0);
  ck_assert_ptr_eq(pv, before); /* enough room: nothing happens */
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, 9, sizeof(int)), 0);
  ck_assert_uint_eq(cap, 12); /* by half */
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, 100, sizeof(int)), 0);
  ck_assert_uint_eq(cap, 135); /* 12, 18, 27, 40, 60, 90, 135 */
  v = pv;
  for (int i = 0; i < 8; i++)
    ck_assert_int_eq(v[i], i * 7); /* kept while growing */

  /* Failure and overflow leave the array as it was. */
  before = pv;
  f.fail_at = f.attempts + 1;
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, 136, sizeof(int)), -1);
  ck_assert_ptr_eq(pv, before);
  ck_assert_uint_eq(cap, 135);
  f.fail_at = 0;
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, SIZE_MAX, 1), -1);
  ck_assert_int_eq(mtasts_i_grow(&m, &pv, &cap, SIZE_MAX / 16 + 1, 16), -1);
  ck_assert_ptr_eq(pv, before);
  ck_assert_uint_eq(cap, 135);
  v = pv;
  for (int i = 0; i < 8; i++)
    ck_assert_int_eq(v[i], i * 7);
  mtasts_i_free(&m, pv);
  ck_assert_int_eq(f.blocks, 0);
}

/* An array that starts in storage it does not own moves into an allocation
 * of its own, keeping its elements, and stays within its limit. */
static void grow_from_case(int with_realloc) {
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, with_realloc);
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, &a);
  int fixed[4] = {1, 2, 3, 4};
  void *pv = fixed;
  size_t cap = 4;
  ck_assert_int_eq(mtasts_i_grow_from(&m, &pv, &cap, 4, sizeof(int), fixed, 0),
                   0);
  ck_assert_ptr_eq(pv, fixed);
  ck_assert_uint_eq(f.attempts, 0);
  f.fail_at = 1;
  ck_assert_int_eq(mtasts_i_grow_from(&m, &pv, &cap, 5, sizeof(int), fixed, 0),
                   -1);
  ck_assert_ptr_eq(pv, fixed);
  ck_assert_uint_eq(cap, 4);
  f.fail_at = 0;
  /* Leaving the fixed storage with a limit takes the whole limit at once:
   * no second allocation while both blocks are held. */
  ck_assert_int_eq(mtasts_i_grow_from(&m, &pv, &cap, 5, sizeof(int), fixed, 10),
                   0);
  ck_assert_ptr_ne(pv, fixed);
  ck_assert_uint_eq(cap, 10);
  ck_assert_uint_eq(f.calls, 1);
  int *v = pv;
  for (int i = 0; i < 4; i++)
    ck_assert_int_eq(v[i], i + 1);
  ck_assert_int_eq(mtasts_i_grow_from(&m, &pv, &cap, 9, sizeof(int), fixed, 10),
                   0);
  ck_assert_uint_eq(cap, 10);
  ck_assert_uint_eq(f.calls, 1);
  /* A need past the limit still gets its room. */
  ck_assert_int_eq(
      mtasts_i_grow_from(&m, &pv, &cap, 11, sizeof(int), fixed, 10), 0);
  ck_assert_uint_eq(cap, 11);
  v = pv;
  for (int i = 0; i < 4; i++)
    ck_assert_int_eq(v[i], i + 1);
  mtasts_i_free(&m, pv);
  ck_assert_int_eq(f.blocks, 0);
}

START_TEST(grow) {
  grow_case(1);
  grow_case(0);
  grow_from_case(1);
  grow_from_case(0);
}
END_TEST

START_TEST(text_add) {
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, 1);
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, &a);
  mtasts_i_text t = {0};
  ck_assert_uint_eq(mtasts_i_text_add(&m, &t, "abc", 3), 0);
  ck_assert_uint_eq(mtasts_i_text_add(&m, &t, "", 0), 4);
  ck_assert_uint_eq(mtasts_i_text_add(&m, &t, "xyz", 3), 5);
  ck_assert_uint_eq(t.len, 9);
  ck_assert_str_eq(t.data, "abc");
  ck_assert_str_eq(t.data + 4, "");
  ck_assert_str_eq(t.data + 5, "xyz");

  /* Many strings: every offset stays right while the buffer moves. */
  size_t offs[2000];
  char s[16];
  for (int i = 0; i < 2000; i++) {
    int n = snprintf(s, sizeof s, "s%d", i);
    offs[i] = mtasts_i_text_add(&m, &t, s, (size_t)n);
    ck_assert_uint_ne(offs[i], MT_NO_TEXT);
  }
  for (int i = 0; i < 2000; i++) {
    snprintf(s, sizeof s, "s%d", i);
    ck_assert_str_eq(t.data + offs[i], s);
  }

  /* Failure and overflow leave the text as it was. */
  char big[4096];
  memset(big, 'b', sizeof big);
  while (t.len + sizeof big + 1 <= t.cap) /* fill: the next add must grow */
    ck_assert_uint_ne(mtasts_i_text_add(&m, &t, big, sizeof big), MT_NO_TEXT);
  f.fail_at = f.attempts + 1;
  size_t len = t.len;
  ck_assert_uint_eq(mtasts_i_text_add(&m, &t, big, sizeof big), MT_NO_TEXT);
  ck_assert_uint_eq(t.len, len);
  ck_assert_uint_eq(mtasts_i_text_add(&m, &t, big, SIZE_MAX), MT_NO_TEXT);
  ck_assert_uint_eq(t.len, len);
  ck_assert_str_eq(t.data + offs[1999], "s1999");
  mtasts_i_free(&m, t.data);
  ck_assert_int_eq(f.blocks, 0);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* The diagnostic sink                                                     */

/* mtasts_i_vformat gives what vsnprintf gives, for its own conversions and for
 * the ones it hands on, and cuts at the same place. */
static void format_both(size_t cap, const char *fmt, ...) MT_PRINTF(2, 3);
static void format_both(size_t cap, const char *fmt, ...) {
  char want[600], got[600];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(want, cap, fmt, ap);
  va_end(ap);
  va_start(ap, fmt);
  size_t len = mtasts_i_vformat(got, cap, fmt, ap);
  va_end(ap);
  ck_assert_str_eq(got, want);
  ck_assert_uint_eq(len, (size_t)n < cap ? (size_t)n : cap - 1);
}

START_TEST(vformat) {
  static const size_t caps[] = {1, 2, 5, 16, 512};
  for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
    size_t cap = caps[c];
    format_both(cap, "plain text");
    format_both(cap, "100%% sure");
    format_both(cap, "a %s b %s", "'x'", "");
    format_both(cap, "%zu|%zu|%zu", (size_t)0, (size_t)7, SIZE_MAX);
    format_both(cap, "%lu|%lu", 0UL, ULONG_MAX);
    format_both(cap, "%ld|%ld|%ld|%ld", 0L, -1L, LONG_MIN, LONG_MAX);
    format_both(cap, "0x%02X 0x%02X 0x%02X 0x%02X", 0u, 9u, 0xABu, 0x1FFu);
    format_both(cap, "handed on: %d %5s %x", -42, "ab", 255u);
    format_both(cap, "mixed %s then %d then %zu", "q", 3, (size_t)12);
  }
}
END_TEST

typedef struct sink_out {
  mtasts_i_alloc m;
  mtasts_diag *d;
  size_t n;
} sink_out;

static mtasts_i_where at(unsigned long line, unsigned long col) {
  mtasts_i_where w = {(size_t)(line * 100 + col), 1, line, col};
  return w;
}

static void finish(mtasts_i_sink *s, sink_out *out) {
  ck_assert_int_eq(mtasts_i_sink_finish(s, &out->d, &out->n), 0);
  mtasts_i_sink_release(s);
}

static void release(sink_out *out) {
  mtasts_i_free(&out->m, out->d);
}

START_TEST(sink_fields) {
  sink_out o = {0};
  mtasts_i_alloc_init(&o.m, NULL);
  mtasts_i_sink s;
  mtasts_i_sink_init(&s, &o.m, NULL);
  mtasts_i_where w = {7, 3, 2, 5};
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_MX_TRAILING_DOT, w, "mx: a.example",
                  "pattern %s ends in a dot", "'a.example.'");
  char long_hint[MT_HINT_MAX + 2];
  memset(long_hint, 'h', sizeof long_hint - 1);
  long_hint[sizeof long_hint - 1] = '\0';
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_UNKNOWN_FIELD, at(3, 1), long_hint,
                  "%s", "x");
  char long_msg[MT_MESSAGE_MAX * 2];
  memset(long_msg, 'm', sizeof long_msg - 1);
  long_msg[sizeof long_msg - 1] = '\0';
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_MX_UPPERCASE, at(4, 1), NULL, "%s",
                  long_msg);
  finish(&s, &o);
  ck_assert_uint_eq(o.n, 3);
  const mtasts_diag *d = &o.d[0];
  ck_assert_int_eq(d->code, MTASTS_DIAG_POLICY_MX_TRAILING_DOT);
  ck_assert_int_eq(d->severity, MTASTS_SEVERITY_ERROR);
  ck_assert_uint_eq(d->offset, 7);
  ck_assert_uint_eq(d->length, 3);
  ck_assert_uint_eq(d->line, 2);
  ck_assert_uint_eq(d->column, 5);
  ck_assert_str_eq(d->id, "policy-mx-trailing-dot");
  ck_assert_str_eq(d->message, "pattern 'a.example.' ends in a dot");
  ck_assert_str_eq(d->hint, "mx: a.example");
  ck_assert_str_eq(d->reference, mtasts_diag_code_reference(
                                     MTASTS_DIAG_POLICY_MX_TRAILING_DOT));
  ck_assert_int_eq(o.d[1].severity, MTASTS_SEVERITY_WARNING);
  ck_assert_ptr_null(o.d[1].hint); /* too long to keep */
  ck_assert_int_eq(o.d[2].severity, MTASTS_SEVERITY_NOTE);
  ck_assert_uint_eq(strlen(o.d[2].message), MT_MESSAGE_MAX - 1);
  release(&o);
}
END_TEST

START_TEST(sink_empty) {
  sink_out o = {0};
  mtasts_i_alloc_init(&o.m, NULL);
  mtasts_i_sink s;
  mtasts_i_sink_init(&s, &o.m, NULL);
  finish(&s, &o);
  ck_assert_uint_eq(o.n, 0);
  ck_assert_ptr_null(o.d);
  release(&o);
}
END_TEST

START_TEST(sink_strict) {
  mtasts_options opt;
  mtasts_options_init(&opt);
  opt.flags = MTASTS_OPT_STRICT;
  sink_out o = {0};
  mtasts_i_alloc_init(&o.m, NULL);
  mtasts_i_sink s;
  mtasts_i_sink_init(&s, &o.m, &opt);
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_MX_UPPERCASE, at(1, 1), NULL, "note");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_UNKNOWN_FIELD, at(2, 1), NULL,
                  "warning");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(3, 1), NULL, "error");
  mtasts_i_report_sev(&s, MTASTS_DIAG_MX_HOST_NOT_COVERED,
                      MTASTS_SEVERITY_WARNING, at(4, 1), NULL,
                      "explicit warning");
  mtasts_i_report_sev(&s, MTASTS_DIAG_MX_HOST_NOT_COVERED, MTASTS_SEVERITY_NOTE,
                      at(5, 1), NULL, "explicit note");
  finish(&s, &o);
  ck_assert_uint_eq(o.n, 5);
  ck_assert_int_eq(o.d[0].severity, MTASTS_SEVERITY_NOTE);
  ck_assert_int_eq(o.d[1].severity, MTASTS_SEVERITY_ERROR);
  ck_assert_int_eq(o.d[2].severity, MTASTS_SEVERITY_ERROR);
  ck_assert_int_eq(o.d[3].severity, MTASTS_SEVERITY_ERROR);
  ck_assert_int_eq(o.d[4].severity, MTASTS_SEVERITY_NOTE);
  release(&o);

  /* Without strict, severities stay as given. */
  mtasts_i_alloc_init(&o.m, NULL);
  mtasts_i_sink_init(&s, &o.m, NULL);
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_UNKNOWN_FIELD, at(2, 1), NULL,
                  "warning");
  mtasts_i_report_sev(&s, MTASTS_DIAG_MX_HOST_NOT_COVERED,
                      MTASTS_SEVERITY_WARNING, at(4, 1), NULL,
                      "explicit warning");
  finish(&s, &o);
  ck_assert_int_eq(o.d[0].severity, MTASTS_SEVERITY_WARNING);
  ck_assert_int_eq(o.d[1].severity, MTASTS_SEVERITY_WARNING);
  release(&o);
}
END_TEST

START_TEST(sink_sorts) {
  sink_out o = {0};
  mtasts_i_alloc_init(&o.m, NULL);
  mtasts_i_sink s;
  mtasts_i_sink_init(&s, &o.m, NULL);
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(3, 1), NULL, "e");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(1, 5), NULL, "c");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(1, 2), NULL, "a");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(1, 2), NULL, "b");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(2, 1), NULL, "d");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(1, 2), NULL, "b2");
  mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(10, 1), NULL, "f");
  finish(&s, &o);
  static const char *const order[] = {"a", "b", "b2", "c", "d", "e", "f"};
  ck_assert_uint_eq(o.n, 7);
  for (size_t i = 0; i < 7; i++)
    ck_assert_str_eq(o.d[i].message, order[i]);
  release(&o);
}
END_TEST

/* Runs a sink limited to 3 findings on the given severities, reported at
 * lines 5, 4, 3, ... (so that sorting reverses the kept ones). */
static void capped(int strict, const mtasts_diag_code *codes, size_t n,
                   sink_out *o) {
  mtasts_options opt;
  mtasts_options_init(&opt);
  opt.max_diagnostics = 3;
  opt.flags = strict ? MTASTS_OPT_STRICT : 0;
  mtasts_i_alloc_init(&o->m, NULL);
  mtasts_i_sink s;
  mtasts_i_sink_init(&s, &o->m, &opt);
  for (size_t i = 0; i < n; i++)
    mtasts_i_report(&s, codes[i], at(10 - i, 1), NULL, "finding %zu", i);
  finish(&s, o);
}

START_TEST(sink_cap) {
  const mtasts_diag_code note = MTASTS_DIAG_POLICY_MX_UPPERCASE;
  const mtasts_diag_code warning = MTASTS_DIAG_POLICY_UNKNOWN_FIELD;
  const mtasts_diag_code error = MTASTS_DIAG_POLICY_EMPTY;
  sink_out o = {0};

  /* Dropped notes and warnings: the extra entry is a note. */
  const mtasts_diag_code soft[] = {error, note, warning, warning, note};
  capped(0, soft, 5, &o);
  ck_assert_uint_eq(o.n, 4);
  /* The first three reported are kept, sorted by line. */
  ck_assert_str_eq(o.d[0].message, "finding 2");
  ck_assert_str_eq(o.d[1].message, "finding 1");
  ck_assert_str_eq(o.d[2].message, "finding 0");
  ck_assert_int_eq(o.d[3].code, MTASTS_DIAG_TOO_MANY_DIAGNOSTICS);
  ck_assert_str_eq(o.d[3].id, "too-many-diagnostics");
  ck_assert_int_eq(o.d[3].severity, MTASTS_SEVERITY_NOTE);
  ck_assert_ptr_nonnull(strstr(o.d[3].message, "2 more"));
  /* It comes last, where the last kept finding is. */
  ck_assert_uint_eq(o.d[3].line, o.d[2].line);
  ck_assert_uint_eq(o.d[3].column, o.d[2].column);
  release(&o);

  /* A dropped error makes it an error, so that the result stays invalid. */
  const mtasts_diag_code hard[] = {note, note, note, warning, error, note};
  capped(0, hard, 6, &o);
  ck_assert_uint_eq(o.n, 4);
  for (size_t i = 0; i < 3; i++)
    ck_assert_int_ne(o.d[i].severity, MTASTS_SEVERITY_ERROR);
  ck_assert_int_eq(o.d[3].code, MTASTS_DIAG_TOO_MANY_DIAGNOSTICS);
  ck_assert_int_eq(o.d[3].severity, MTASTS_SEVERITY_ERROR);
  ck_assert_ptr_nonnull(strstr(o.d[3].message, "3 more"));
  release(&o);

  /* In strict mode a dropped warning is an error too. */
  const mtasts_diag_code strict[] = {note, note, note, note, warning};
  capped(1, strict, 5, &o);
  ck_assert_int_eq(o.d[3].severity, MTASTS_SEVERITY_ERROR);
  release(&o);
  capped(0, strict, 5, &o);
  ck_assert_int_eq(o.d[3].severity, MTASTS_SEVERITY_NOTE);
  release(&o);

  /* Exactly at the limit: nothing is dropped, no extra entry. */
  capped(0, hard, 3, &o);
  ck_assert_uint_eq(o.n, 3);
  for (size_t i = 0; i < 3; i++)
    ck_assert_int_ne(o.d[i].code, MTASTS_DIAG_TOO_MANY_DIAGNOSTICS);
  release(&o);
}
END_TEST

START_TEST(sink_nomem) {
  /* Fail each allocation in turn: finish fails, and nothing leaks. */
  for (size_t n = 1;; n++) {
    tu_alloc f = {0};
    f.fail_at = n;
    mtasts_allocator a = tu_allocator(&f, n % 2);
    sink_out o = {0};
    mtasts_i_alloc_init(&o.m, &a);
    mtasts_options opt;
    mtasts_options_init(&opt);
    opt.max_diagnostics = 40;
    mtasts_i_sink s;
    mtasts_i_sink_init(&s, &o.m, &opt);
    for (int i = 0; i < 50; i++)
      mtasts_i_report(&s, MTASTS_DIAG_POLICY_EMPTY, at(1, (unsigned long)i + 1),
                      "hint", "finding %d", i);
    int rc = mtasts_i_sink_finish(&s, &o.d, &o.n);
    mtasts_i_sink_release(&s);
    if (rc != 0) {
      ck_assert_ptr_null(o.d);
    } else {
      ck_assert_uint_lt(f.attempts, n); /* only when nothing failed */
      ck_assert_uint_eq(o.n, 41);
    }
    release(&o);
    ck_assert_int_eq(f.blocks, 0);
    if (rc == 0)
      break;
  }
}
END_TEST

/* ---------------------------------------------------------------------- */
/* NULL arguments                                                          */

START_TEST(null_policy) {
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(NULL, 0, NULL, &p), MTASTS_OK);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_ge(mtasts_policy_diag_count(p), 1); /* the policy is empty */
  ck_assert_int_eq(mtasts_policy_valid(p), 0);
  mtasts_policy_free(p);

  p = (mtasts_policy *)&p; /* must be reset to NULL */
  ck_assert_int_eq(mtasts_policy_parse(NULL, 5, NULL, &p),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(mtasts_policy_parse("mode: none\n", 11, NULL, NULL),
                   MTASTS_ERR_INVALID_ARG);

  /* MX hosts that are not there. */
  mtasts_options o;
  mtasts_options_init(&o);
  o.mx_host_count = 2;
  p = (mtasts_policy *)&p;
  ck_assert_int_eq(mtasts_policy_parse("mode: none\n", 11, &o, &p),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(p);
  /* A host without text: refused, or taken as an empty name. */
  mtasts_str host = {NULL, 4};
  o.mx_hosts = &host;
  o.mx_host_count = 1;
  p = (mtasts_policy *)&p;
  mtasts_status st = mtasts_policy_parse("mode: none\n", 11, &o, &p);
  ck_assert(st == MTASTS_OK || st == MTASTS_ERR_INVALID_ARG);
  ck_assert(st == MTASTS_OK ? p != NULL : p == NULL);
  mtasts_policy_free(p);
}
END_TEST

START_TEST(null_records) {
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_STS, NULL, 0, NULL, &r),
                   MTASTS_OK);
  ck_assert_ptr_nonnull(r);
  ck_assert_int_eq(mtasts_record_valid(r), 0); /* no record at the name */
  ck_assert_int_eq(mtasts_record_selected(r), -1);
  mtasts_record_free(r);

  r = (mtasts_record *)&r;
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_STS, NULL, 2, NULL, &r),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  mtasts_txt t = {"v=STSv1; id=1", 13, MTASTS_TXT_RAW};
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_TLSRPT, &t, 1, NULL, NULL),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_txt bad[2] = {{"v=STSv1; id=1", 13, MTASTS_TXT_RAW},
                       {NULL, 3, MTASTS_TXT_RAW}};
  r = (mtasts_record *)&r;
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_STS, bad, 2, NULL, &r),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
}
END_TEST

START_TEST(null_accessors) {
  uint64_t age = 7;
  mtasts_policy_free(NULL);
  ck_assert_int_eq(mtasts_policy_valid(NULL), 0);
  ck_assert_uint_eq(mtasts_policy_diag_count(NULL), 0);
  ck_assert_ptr_null(mtasts_policy_diag(NULL, 0));
  ck_assert_ptr_null(mtasts_policy_version(NULL));
  ck_assert_int_eq(mtasts_policy_mode(NULL), MTASTS_MODE_UNSET);
  ck_assert_int_eq(mtasts_policy_max_age(NULL, &age), 0);
  ck_assert_uint_eq(mtasts_policy_mx_count(NULL), 0);
  ck_assert_ptr_null(mtasts_policy_mx(NULL, 0));
  ck_assert_uint_eq(mtasts_policy_extension_count(NULL), 0);
  ck_assert_ptr_null(mtasts_policy_extension_name(NULL, 0));
  ck_assert_ptr_null(mtasts_policy_extension_value(NULL, 0));
  ck_assert_int_eq(mtasts_policy_mx_host_match(NULL, 0), -1);

  mtasts_record_free(NULL);
  (void)mtasts_record_kind(NULL);
  ck_assert_int_eq(mtasts_record_valid(NULL), 0);
  ck_assert_uint_eq(mtasts_record_diag_count(NULL), 0);
  ck_assert_ptr_null(mtasts_record_diag(NULL, 0));
  ck_assert_int_eq(mtasts_record_selected(NULL), -1);
  ck_assert_ptr_null(mtasts_record_version(NULL));
  ck_assert_ptr_null(mtasts_record_id(NULL));
  ck_assert_uint_eq(mtasts_record_rua_count(NULL), 0);
  ck_assert_ptr_null(mtasts_record_rua(NULL, 0));
  ck_assert_uint_eq(mtasts_record_extension_count(NULL), 0);
  ck_assert_ptr_null(mtasts_record_extension_name(NULL, 0));
  ck_assert_ptr_null(mtasts_record_extension_value(NULL, 0));

  ck_assert_int_eq(mtasts_mx_match(NULL, 0, NULL, 0), 0);
  ck_assert_int_eq(mtasts_mx_match(NULL, 0, "mail.example.com", 16), 0);
}
END_TEST

START_TEST(out_of_range) {
  static const char body[] = "version: STSv1\nmode: enforce\n"
                             "mx: mail.example.com\nmax_age: 604800\n";
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(body, sizeof body - 1, NULL, &p),
                   MTASTS_OK);
  ck_assert_ptr_null(mtasts_policy_diag(p, mtasts_policy_diag_count(p)));
  ck_assert_ptr_null(mtasts_policy_mx(p, mtasts_policy_mx_count(p)));
  ck_assert_ptr_null(mtasts_policy_mx(p, (size_t)-1));
  ck_assert_ptr_null(
      mtasts_policy_extension_name(p, mtasts_policy_extension_count(p)));
  ck_assert_int_eq(mtasts_policy_mx_host_match(p, 0), -1);
  mtasts_policy_free(p);

  mtasts_txt t = {"v=TLSRPTv1; rua=mailto:a@example.com", 36, MTASTS_TXT_RAW};
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(MTASTS_RECORD_TLSRPT, &t, 1, NULL, &r),
                   MTASTS_OK);
  ck_assert_ptr_null(mtasts_record_diag(r, mtasts_record_diag_count(r)));
  ck_assert_ptr_null(mtasts_record_rua(r, mtasts_record_rua_count(r)));
  ck_assert_ptr_null(
      mtasts_record_extension_value(r, mtasts_record_extension_count(r)));
  mtasts_record_free(r);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Allocation failure                                                      */

/* Upper bound on the allocations of one parse of the small inputs here. */
#define MAX_ALLOCATIONS 100000u

/* One parse to repeat under allocation failure: a policy or a record set. */
typedef struct nomem_case {
  const char *name;
  int is_policy;
  const char *buf; /* policy */
  size_t len;
  mtasts_kind kind; /* record set */
  const mtasts_txt *records;
  size_t count;
  const mtasts_options *options; /* NULL: defaults */
} nomem_case;

/* Parses c with the given allocator (NULL: the default); *out is the result,
 * set to a non-NULL value first to see that a failure resets it. */
static mtasts_status nomem_parse(const nomem_case *c, mtasts_allocator *a,
                                 void **out) {
  mtasts_options o;
  if (c->options)
    o = *c->options;
  else
    mtasts_options_init(&o);
  if (a)
    o.allocator = a;
  mtasts_status st;
  if (c->is_policy) {
    mtasts_policy *p = (mtasts_policy *)out;
    st = mtasts_policy_parse(c->buf, c->len, &o, &p);
    *out = p;
  } else {
    mtasts_record *r = (mtasts_record *)out;
    st = mtasts_record_parse(c->kind, c->records, c->count, &o, &r);
    *out = r;
  }
  return st;
}

static void nomem_free(const nomem_case *c, void *result) {
  if (c->is_policy)
    mtasts_policy_free(result);
  else
    mtasts_record_free(result);
}

/*
 * Parses with the N-th allocation failing (or every one from the N-th on),
 * for N = 1, 2, ... until a parse needs fewer than N allocations; with and
 * without realloc_fn. Each call must either fail with MTASTS_ERR_NOMEM, leave
 * *out NULL and free everything, or succeed with the same result as a parse
 * that had all the memory it wanted.
 */
static void nomem(const nomem_case *c) {
  void *ref = NULL;
  ck_assert_int_eq(nomem_parse(c, NULL, &ref), MTASTS_OK);
  for (int variant = 0; variant < 4; variant++) {
    int with_realloc = variant & 1, sticky = variant >> 1;
    size_t n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
      tu_alloc f = {0};
      f.fail_at = n;
      f.sticky = sticky;
      mtasts_allocator a = tu_allocator(&f, with_realloc);
      void *res = NULL;
      mtasts_status st = nomem_parse(c, &a, &res);
      if (st == MTASTS_ERR_NOMEM) {
        ck_assert_msg(res == NULL, "%s: allocation %zu: *out not NULL", c->name,
                      n);
        ck_assert_msg(f.blocks == 0, "%s: allocation %zu: %ld blocks leaked",
                      c->name, n, f.blocks);
        ck_assert_msg(f.attempts >= n, "%s: NOMEM with no failed allocation",
                      c->name);
        continue;
      }
      ck_assert_msg(st == MTASTS_OK, "%s: allocation %zu: status %d", c->name,
                    n, (int)st);
      ck_assert_ptr_nonnull(res);
      ck_assert_msg(f.attempts < n,
                    "%s: allocation %zu failed, yet the parse succeeded",
                    c->name, n);
      ck_assert_msg(f.attempts > 0, "%s: the allocator was not used", c->name);
      if (c->is_policy)
        assert_same_policy(c->name, ref, res);
      else
        assert_same_record(c->name, ref, res);
      nomem_free(c, res);
      ck_assert_msg(f.blocks == 0, "%s: %ld blocks left after free", c->name,
                    f.blocks);
      break;
    }
    ck_assert_uint_lt(n, MAX_ALLOCATIONS);
  }
  nomem_free(c, ref);
}

static void nomem_policy(const char *name, const char *buf, size_t len,
                         const mtasts_options *o) {
  nomem_case c = {name, 1, buf, len, MTASTS_RECORD_STS, NULL, 0, o};
  nomem(&c);
}

static void nomem_records(const char *name, mtasts_kind kind,
                          const mtasts_txt *t, size_t count,
                          const mtasts_options *o) {
  nomem_case c = {name, 0, NULL, 0, kind, t, count, o};
  nomem(&c);
}

/* A buffer of `lines` copies of line, malloc'd. */
static char *repeat(const char *line, size_t lines, size_t *len) {
  size_t n = strlen(line);
  char *b = malloc(n * lines + 1);
  ck_assert_ptr_nonnull(b);
  for (size_t i = 0; i < lines; i++)
    memcpy(b + i * n, line, n);
  *len = n * lines;
  return b;
}

START_TEST(nomem_policies) {
  static const char rfc[] = "version: STSv1\nmode: enforce\n"
                            "mx: mail.example.com\nmx: *.example.net\n"
                            "mx: backupmx.example.com\nmax_age: 604800\n";
  nomem_policy("rfc", rfc, sizeof rfc - 1, NULL);
  nomem_policy("empty", NULL, 0, NULL);

  static const char messy[] =
      "\xef\xbb\xbfversion: STSv1\r\nMode: enforce\nmode : testing\n"
      "mx: MAIL.example.com.\nmx: *.example.net\nmx: *.example.net\n"
      "mx: m\xc3\xa4il.example\nmx: 192.0.2.1\nmax_age: 0604800\n"
      "max_age: 31557601\nfoo_bar: some value\nfoo: a\tb\n\n"
      "# comment\n  version: STSv1\rmax-age: 1\n";
  nomem_policy("messy", messy, sizeof messy - 1, NULL);

  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = MTASTS_OPT_STRICT;
  nomem_policy("messy strict", messy, sizeof messy - 1, &o);

  /* With MX hosts, covered and not. */
  mtasts_str hosts[] = {{"mail.example.com", 16},
                        {"a.example.net", 13},
                        {"other.example.org", 17},
                        {"bad..host", 9}};
  mtasts_options_init(&o);
  o.mx_hosts = hosts;
  o.mx_host_count = 4;
  nomem_policy("hosts", rfc, sizeof rfc - 1, &o);

  /* Many findings: past the default limit, and past a small one. */
  size_t len;
  char *many = repeat("bad line\n", 400, &len);
  nomem_policy("many", many, len, NULL);
  mtasts_options_init(&o);
  o.max_diagnostics = 3;
  nomem_policy("many, limit 3", many, len, &o);
  free(many);
}
END_TEST

START_TEST(nomem_record_sets) {
  mtasts_txt sts = {"v=STSv1; id=20160831085700Z;", 0, MTASTS_TXT_RAW};
  sts.len = strlen(sts.ptr);
  nomem_records("sts", MTASTS_RECORD_STS, &sts, 1, NULL);
  nomem_records("no record", MTASTS_RECORD_STS, NULL, 0, NULL);

  mtasts_txt rpt = {"v=TLSRPTv1; rua=mailto:a@example.com , "
                    "https://r.example.net/x; rua=mailto:b@example.net; "
                    "ext=1",
                    0, MTASTS_TXT_RAW};
  rpt.len = strlen(rpt.ptr);
  nomem_records("tlsrpt", MTASTS_RECORD_TLSRPT, &rpt, 1, NULL);

  mtasts_txt set[] = {
      {"\"v=STSv1; \" \"id=1\"", 0, MTASTS_TXT_ZONE},
      {"\"v=spf1 -all\"", 0, MTASTS_TXT_ZONE},
      {"\"v=STSv1; id=2; foo=a b;;\"", 0, MTASTS_TXT_ZONE},
      {"\"unterminated", 0, MTASTS_TXT_ZONE},
  };
  for (size_t i = 0; i < 4; i++)
    set[i].len = strlen(set[i].ptr);
  nomem_records("zone set", MTASTS_RECORD_STS, set, 4, NULL);

  mtasts_txt bad[] = {
      {"V=STSv1 ; id=2024-01-01; ID=x; id=; foo=a=b; _x=1; \x01;", 0,
       MTASTS_TXT_RAW},
      {"v=TLSRPTv1; rua=postmaster@example.com,,http://x/,mailto:a!10m", 0,
       MTASTS_TXT_RAW},
  };
  for (size_t i = 0; i < 2; i++)
    bad[i].len = strlen(bad[i].ptr);
  nomem_records("bad sts", MTASTS_RECORD_STS, &bad[0], 1, NULL);
  nomem_records("bad tlsrpt", MTASTS_RECORD_TLSRPT, &bad[1], 1, NULL);

  /* Many findings in one record, past a small limit. */
  size_t len;
  char *many = repeat("; a b", 300, &len);
  char *rec = malloc(len + 7);
  ck_assert_ptr_nonnull(rec);
  memcpy(rec, "v=STSv1", 7);
  memcpy(rec + 7, many, len);
  free(many);
  many = rec;
  len += 7;
  mtasts_txt m = {many, len, MTASTS_TXT_RAW};
  nomem_records("many", MTASTS_RECORD_STS, &m, 1, NULL);
  mtasts_options o;
  mtasts_options_init(&o);
  o.max_diagnostics = 3;
  o.flags = MTASTS_OPT_STRICT;
  nomem_records("many, limit 3", MTASTS_RECORD_STS, &m, 1, &o);
  free(many);
}
END_TEST

/* ---------------------------------------------------------------------- */

static Suite *core_suite(void) {
  Suite *s = suite_create("core");
  TCase *tc = tcase_create("catalogue");
  tcase_add_test(tc, catalogue_entries);
  tcase_add_test(tc, catalogue_lookups);
  tcase_add_test(tc, catalogue_urls);
  suite_add_tcase(s, tc);

  tc = tcase_create("describe");
  tcase_add_test(tc, version);
  tcase_add_test(tc, names);
  tcase_add_test(tc, options_init);
  tcase_add_test(tc, options_checked);
  tcase_add_test(tc, options_from_a_later_version);
  tcase_add_test(tc, values_and_issue_sizes);
  suite_add_tcase(s, tc);

  tc = tcase_create("text");
  tcase_add_test(tc, quote_escapes);
  tcase_add_test(tc, quote_truncates);
  tcase_add_test(tc, quote_bounds);
  tcase_add_test(tc, printable8);
  tcase_add_test(tc, vformat);
  tcase_add_test(tc, utf8_len);
  tcase_add_test(tc, string_compare);
  suite_add_tcase(s, tc);

  tc = tcase_create("memory");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, strset_basic);
  tcase_add_test(tc, strset_many);
  tcase_add_test(tc, strset_nomem);
  tcase_add_test(tc, strset_wide_indices);
  tcase_add_test(tc, zone_quote_limits);
  tcase_add_test(tc, zone_escapes_and_positions);
  tcase_add_test(tc, grow);
  tcase_add_test(tc, text_add);
  suite_add_tcase(s, tc);

  tc = tcase_create("sink");
  tcase_add_test(tc, sink_fields);
  tcase_add_test(tc, sink_empty);
  tcase_add_test(tc, sink_strict);
  tcase_add_test(tc, sink_sorts);
  tcase_add_test(tc, sink_cap);
  tcase_add_test(tc, sink_nomem);
  suite_add_tcase(s, tc);

  tc = tcase_create("api");
  tcase_add_test(tc, null_policy);
  tcase_add_test(tc, null_records);
  tcase_add_test(tc, null_accessors);
  tcase_add_test(tc, out_of_range);
  suite_add_tcase(s, tc);

  tc = tcase_create("nomem");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, nomem_policies);
  tcase_add_test(tc, nomem_record_sets);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return tu_run(core_suite());
}
