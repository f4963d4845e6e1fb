/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the policy file parser (RFC 8461 §3.2).
 *
 * One pass over the body, line by line. Each line is checked at the byte
 * level (UTF-8, control characters), then split into name and value and
 * handed to the rule for its field. Findings that need the whole body
 * (missing fields, a misspelt field standing in for a missing one, mode and
 * max_age together, MX coverage) are made once the last line has been read.
 */
#include "internal.h"

#include <string.h>

/* RFC 8461 §3.2: "max_age" is at most 31557600 seconds. */
#define MAX_AGE_LIMIT 31557600u
#define ONE_DAY 86400u
#define ONE_WEEK 604800u
/* RFC 8461 §3.3 suggests senders cap the body at 64 kilobytes. */
#define SIZE_ADVICE 64000u

/* How many mx patterns are checked for repeats without a hash set. */
#define MX_SMALL 16
/* The mx patterns and the bytes of text kept inside the result itself. */
#define MX_FIRST 8
#define TEXT_FIRST 4096

/* The fields RFC 8461 §3.2 defines. */
enum field { F_VERSION, F_MODE, F_MAX_AGE, F_MX, F_COUNT, F_NONE = -1 };

static const char *const field_names[F_COUNT] = {"version", "mode", "max_age",
                                                 "mx"};
static const char *const field_examples[F_COUNT] = {
    "version: STSv1", "mode: testing", "max_age: 604800",
    "mx: mail.example.com"};

/* Where a field stood: enough to report against it after the scan. */
typedef struct field_pos {
  unsigned long line;
  size_t line_start;
  size_t line_end;  /* the end of the line's text, before its line end */
  size_t line_next; /* the start of the next line */
  size_t name_off, name_len;
  size_t value_off, value_len;
} field_pos;

struct mtasts_policy {
  mtasts_i_alloc alloc;
  mtasts_diag *diags;
  size_t ndiags;
  size_t errors;
  /* Parsed values; strings are offsets into text. */
  mtasts_i_text text;
  int has_version;
  mtasts_mode mode;
  int has_max_age;
  uint64_t max_age;
  size_t *mx; /* offsets of valid patterns; mx_first until there are more */
  size_t nmx, cap_mx;
  size_t *ext; /* pairs of offsets: name, value */
  size_t next, cap_ext;
  long *host_match;
  size_t nhosts;
  size_t mx_first[MX_FIRST];
  /* The start of the text: the whole of it for a small policy, so that a
   * parse without findings makes one allocation. */
  char text_first[];
};

/* How a near miss's line breaks the extension grammar (RFC 8461 §3.2). */
enum broken {
  NM_VALID, /* a valid extension */
  NM_NAME,  /* sts-policy-ext-name: a byte not allowed, or too long */
  NM_EMPTY, /* no sts-policy-ext-value */
  NM_TAB,   /* a TAB inside the value */
  NM_BYTES  /* a control character or invalid UTF-8, reported already */
};

/* A line whose name is a near miss of a known field ("MX", "max-age"). */
typedef struct near_miss {
  field_pos f;
  enum field fld;
  enum broken broken;
  size_t bad_off, bad_len; /* the offending bytes (NM_NAME, NM_TAB) */
} near_miss;

typedef struct parser {
  mtasts_policy *p;
  const char *buf;
  size_t len;
  const mtasts_options *opts;
  /* Current line. */
  unsigned long line;
  size_t line_start;
  size_t line_next;  /* where the next line starts */
  size_t body_start; /* past a byte order mark */
  /* Fields seen: first occurrence, and whether any line tried the field
   * (a broken line counts, so that it is not also reported missing). */
  int seen[F_COUNT];
  int attempted[F_COUNT];
  field_pos first[F_COUNT];
  /* Whether some line's name is a near miss of each field; the lines are
   * in near[], resolved after the scan. */
  int has_misspelt[F_COUNT];
  struct near_miss *near;
  size_t nnear, near_cap;
  int mode_valid;
  int repeat; /* checking a repeated field: no hint, it would conflict */
  unsigned long first_field_line;
  size_t field_lines;
  /* Line ends: 1 LF, 2 CRLF. */
  int first_end;
  int mixed_reported;
  mtasts_i_strset ext_names;  /* of the extensions in p->ext */
  mtasts_i_strset near_names; /* of the valid near misses in near[] */
  mtasts_i_strset mx_seen;    /* of the patterns in p->mx, past the first few */
  uint32_t *mx_line;          /* with mx_seen: the line of each pattern */
  size_t mx_line_cap;
  size_t nsmall; /* patterns in small[] */
  /* Not zeroed from here on: each entry is read only once it is set. */
  mtasts_i_sink sink; /* set up by mtasts_i_sink_init */
  /* The first patterns, before they move into mx_seen. */
  struct {
    size_t off, len;
    unsigned long line;
  } small[MX_SMALL];
} parser;

/* ---------------------------------------------------------------------- */
/* Reporting helpers.                                                      */

static mtasts_i_where at(const parser *ps, size_t off, size_t len) {
  mtasts_i_where w = {off, len, ps->line, off - ps->line_start + 1};
  return w;
}

static mtasts_i_where at_pos(const field_pos *f, size_t off, size_t len) {
  mtasts_i_where w = {off, len, f->line, off - f->line_start + 1};
  return w;
}

static const mtasts_i_where start_of_body = {0, 0, 1, 1};

/* Builds "name: value" into buf; returns buf, or NULL when too long. */
static const char *field_hint(char *buf, size_t cap, const char *name,
                              size_t name_len, const char *value,
                              size_t value_len) {
  /* A NUL would cut the hint short: no hint is better than a wrong one. */
  if (name_len + value_len + 3 > cap || memchr(name, 0, name_len) ||
      memchr(value, 0, value_len))
    return NULL;
  memcpy(buf, name, name_len);
  memcpy(buf + name_len, ": ", 2);
  memcpy(buf + name_len + 2, value, value_len);
  buf[name_len + 2 + value_len] = '\0';
  return buf;
}

/* ---------------------------------------------------------------------- */
/* Field names.                                                            */

static enum field known_field(const char *name, size_t n) {
  switch (n) {
  case 2:
    return memcmp(name, "mx", 2) == 0 ? F_MX : F_NONE;
  case 4:
    return memcmp(name, "mode", 4) == 0 ? F_MODE : F_NONE;
  case 7:
    return memcmp(name, "version", 7) == 0   ? F_VERSION
           : memcmp(name, "max_age", 7) == 0 ? F_MAX_AGE
                                             : F_NONE;
  default:
    return F_NONE;
  }
}

/* RFC 8461 §3.2 sts-policy-ext-name: alphanumeric, then up to 31 of
 * alphanumerics, "_", "-" and ".". Returns the offset of the first bad byte,
 * or n when the name is valid (a name over 32 characters is bad at 32). */
static size_t name_error_at(const char *name, size_t n) {
  size_t bad = mtasts_i_ext_name_bad(name, n);
  if (bad < n)
    return bad;
  return n > 32 ? 32 : n;
}

/* Lower-cases the name and drops separators, into out (cap bytes). Returns
 * the folded length, or cap when it does not fit. */
static size_t fold_name(const char *name, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c == '_' || c == '-' || c == '.' || c == ' ' || c == '\t')
      continue;
    if (o == cap)
      return cap;
    out[o++] = (char)mtasts_i_lower(c);
  }
  return o;
}

/*
 * The known field a name was probably meant to be (RFC 8461 §3.2 names are
 * case-sensitive, so "Mode" or "max-age" are ignored by senders), or F_NONE.
 */
static enum field misspelling_of(const char *name, size_t n) {
  char folded[40];
  size_t fn = fold_name(name, n, folded, sizeof folded);
  if (fn == sizeof folded || fn == 0)
    return F_NONE;
  static const char *const canon[F_COUNT] = {"version", "mode", "maxage", "mx"};
  for (int f = 0; f < F_COUNT; f++)
    if (mtasts_i_eq_lit(folded, fn, canon[f]))
      return (enum field)f;
  /* "max", "maxa", "maxag" are cut-short forms of max_age, not of mx. */
  if (fn >= 3 && fn < 6 && memcmp(folded, "maxage", fn) == 0)
    return F_MAX_AGE;
  if (fn < 2)
    return F_NONE;
  for (int f = 0; f < F_COUNT; f++)
    if (mtasts_i_one_edit(folded, fn, canon[f], strlen(canon[f])))
      return (enum field)f;
  return F_NONE;
}

/* ---------------------------------------------------------------------- */
/* Storing values.                                                         */

static int store_mx(parser *ps, const char *v, size_t n) {
  mtasts_policy *p = ps->p;
  void *arr = p->mx;
  if (mtasts_i_grow_from(&p->alloc, &arr, &p->cap_mx, p->nmx + 1, sizeof *p->mx,
                         p->mx_first, 0) != 0)
    return -1;
  p->mx = arr;
  size_t off = mtasts_i_text_add(&p->alloc, &p->text, v, n);
  if (off == MT_NO_TEXT)
    return -1;
  p->mx[p->nmx++] = off;
  return 0;
}

static int store_ext(parser *ps, const char *name, size_t nn, const char *v,
                     size_t vn) {
  mtasts_policy *p = ps->p;
  void *arr = p->ext;
  if (mtasts_i_grow(&p->alloc, &arr, &p->cap_ext, 2 * (p->next + 1),
                    sizeof *p->ext) != 0)
    return -1;
  p->ext = arr;
  size_t a = mtasts_i_text_add(&p->alloc, &p->text, name, nn);
  size_t b = a == MT_NO_TEXT ? MT_NO_TEXT
                             : mtasts_i_text_add(&p->alloc, &p->text, v, vn);
  if (b == MT_NO_TEXT)
    return -1;
  p->ext[2 * p->next] = a;
  p->ext[2 * p->next + 1] = b;
  p->next++;
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Field rules.                                                            */

/* 1 when v[0..n) is a valid value of the known field fld, so that the line
 * with the name corrected would be taken by senders. */
static int valid_value_for(enum field fld, const char *v, size_t n) {
  mtasts_i_domain_issue is;
  switch (fld) {
  case F_VERSION:
    return mtasts_i_eq_lit(v, n, "STSv1");
  case F_MODE:
    return mtasts_i_eq_lit(v, n, "enforce") ||
           mtasts_i_eq_lit(v, n, "testing") || mtasts_i_eq_lit(v, n, "none");
  case F_MAX_AGE: {
    uint64_t secs = 0;
    if (n == 0 || n > 10)
      return 0;
    for (size_t i = 0; i < n; i++) {
      if (!mtasts_i_is_digit((unsigned char)v[i]))
        return 0;
      secs = secs * 10 + (uint64_t)(v[i] - '0');
    }
    return secs <= MAX_AGE_LIMIT;
  }
  case F_MX:
    return n > 0 && (mtasts_i_name_plainly_valid(v, n, 1) ||
                     mtasts_i_name_check(v, n, 1, &is) == 0);
  default:
    return 0;
  }
}

/* 1 when the pattern v[0..n) is already listed (ignoring case). */
static int mx_listed(const parser *ps, const char *v, size_t n) {
  if (ps->nsmall <= MX_SMALL) {
    for (size_t i = 0; i < ps->nsmall && i < MX_SMALL; i++)
      if (mtasts_i_eq_nocase(ps->buf + ps->small[i].off, ps->small[i].len, v,
                             n))
        return 1;
    if (ps->nsmall < MX_SMALL)
      return 0;
  }
  return mtasts_i_strset_find(&ps->mx_seen, v, n, NULL) >= 0;
}

/*
 * The value of field fld that v[0..n) stands for: 1 with [*off, *off +
 * *len) the whole value when it is valid as it is, or its inside when it
 * is wrapped in template punctuation (mtasts_i_unwrap) and valid without
 * it; else 0. The one place where a value is judged fixable, for the
 * template-debris finding and for the hints of near misses.
 */
static int fixed_value_for(enum field fld, const char *v, size_t n, size_t *off,
                           size_t *len) {
  if (valid_value_for(fld, v, n)) {
    *off = 0;
    *len = n;
    return 1;
  }
  return mtasts_i_unwrap(v, n, off, len) &&
         valid_value_for(fld, v + *off, *len);
}

/*
 * RFC 8461 §3.2 gives no known field's value brackets or quotes, so
 * "[mail.example.com]", "\"enforce\"" or "<604800>" are invalid values, as
 * senders read them; when the value inside is valid, the finding says that
 * the punctuation is left over from a template and the hint is the line
 * without it (none for a repeated field, nor for an mx pattern already
 * listed: either would only repeat a line). Returns 1 when reported.
 */
static int report_template_debris(parser *ps, enum field fld,
                                  const field_pos *f) {
  const char *v = ps->buf + f->value_off;
  size_t off, len;
  if (!mtasts_i_unwrap(v, f->value_len, &off, &len) ||
      !valid_value_for(fld, v + off, len))
    return 0;
  const char *name = field_names[fld];
  char q[MT_QUOTE_MAX], hbuf[MT_HINT_MAX + 1];
  const char *hint =
      ps->repeat || (fld == F_MX && mx_listed(ps, v + off, len))
          ? NULL
          : field_hint(hbuf, sizeof hbuf, name, strlen(name), v + off, len);
  mtasts_i_report(
      &ps->sink, MTASTS_DIAG_POLICY_VALUE_TEMPLATE_DEBRIS,
      at(ps, f->value_off, f->value_len), hint,
      "%s %s is wrapped in %c...%c, punctuation left from a template; "
      "senders take it as part of the value, which is valid "
      "without it",
      name, mtasts_i_quote(q, sizeof q, v, f->value_len), v[0],
      v[f->value_len - 1]);
  return 1;
}

static void check_version(parser *ps, const field_pos *f) {
  const char *v = ps->buf + f->value_off;
  if (mtasts_i_eq_lit(v, f->value_len, "STSv1")) {
    ps->p->has_version = 1;
    return;
  }
  if (report_template_debris(ps, F_VERSION, f))
    return;
  char q[MT_QUOTE_MAX];
  int only_case = mtasts_i_eq_nocase(v, f->value_len, "STSv1", 5);
  mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_VERSION_INVALID,
                  at(ps, f->value_off, f->value_len),
                  ps->repeat ? NULL : "version: STSv1",
                  "version %s is not 'STSv1'%s",
                  mtasts_i_quote(q, sizeof q, v, f->value_len),
                  only_case ? " (the value is case-sensitive)" : "");
}

/* 1 when value (n bytes) is probably a misspelling of word: the same
 * ignoring case, one edit away, or sharing its first four letters. */
static int probably_meant(const char *value, size_t n, const char *word) {
  char lower[16];
  size_t wn = strlen(word);
  if (n == 0 || n >= sizeof lower)
    return 0;
  for (size_t i = 0; i < n; i++)
    lower[i] = (char)mtasts_i_lower((unsigned char)value[i]);
  size_t common = 0;
  while (common < n && common < wn && lower[common] == word[common])
    common++;
  return mtasts_i_one_edit(lower, n, word, wn) || common >= 4;
}

/* RFC 8461 §3.2: sts-policy-mode-value = "testing" / "enforce" / "none". */
const char *mtasts_mode_name(mtasts_mode mode) {
  switch (mode) {
  case MTASTS_MODE_ENFORCE:
    return "enforce";
  case MTASTS_MODE_TESTING:
    return "testing";
  case MTASTS_MODE_NONE:
    return "none";
  case MTASTS_MODE_UNSET:
    break;
  }
  return NULL;
}

static void check_mode(parser *ps, const field_pos *f) {
  static const mtasts_mode modes[] = {MTASTS_MODE_ENFORCE, MTASTS_MODE_TESTING,
                                      MTASTS_MODE_NONE};
  const char *v = ps->buf + f->value_off;
  const char *hint = NULL;
  int only_case = 0;
  char hbuf[32];
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    const char *name = mtasts_mode_name(modes[i]);
    if (mtasts_i_eq_lit(v, f->value_len, name)) {
      ps->p->mode = modes[i];
      ps->mode_valid = 1;
      return;
    }
    if (!hint && probably_meant(v, f->value_len, name)) {
      only_case = mtasts_i_eq_nocase(v, f->value_len, name, strlen(name));
      hint = field_hint(hbuf, sizeof hbuf, "mode", 4, name, strlen(name));
    }
  }
  if (report_template_debris(ps, F_MODE, f))
    return;
  char q[MT_QUOTE_MAX];
  mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MODE_INVALID,
                  at(ps, f->value_off, f->value_len), ps->repeat ? NULL : hint,
                  "mode %s is not one of 'enforce', 'testing', 'none'%s",
                  mtasts_i_quote(q, sizeof q, v, f->value_len),
                  only_case ? " (the value is case-sensitive)" : "");
}

static void check_max_age(parser *ps, const field_pos *f) {
  const char *v = ps->buf + f->value_off;
  size_t n = f->value_len, digits = 0;
  while (digits < n && mtasts_i_is_digit((unsigned char)v[digits]))
    digits++;
  char q[MT_QUOTE_MAX], hbuf[48];
  mtasts_i_where w = at(ps, f->value_off, n);
  /* RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT). */
  if (digits != n || n > 10) {
    if (report_template_debris(ps, F_MAX_AGE, f))
      return;
    const char *hint = NULL;
    /* "86400s": the number is already in seconds. Other units ("7d", "1e6")
     * have no obvious fix a hint could show. */
    if (digits > 0 && digits <= 10 && digits + 1 == n && v[digits] == 's')
      hint = field_hint(hbuf, sizeof hbuf, "max_age", 7, v, digits);
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MAX_AGE_INVALID, w,
                    ps->repeat ? NULL : hint,
                    "max_age %s is not a number of seconds of 1 to 10 digits",
                    mtasts_i_quote(q, sizeof q, v, n));
    return;
  }
  uint64_t secs = 0;
  for (size_t i = 0; i < n; i++)
    secs = secs * 10 + (uint64_t)(v[i] - '0');
  ps->p->has_max_age = 1;
  ps->p->max_age = secs;
  if (n > 1 && v[0] == '0') {
    size_t z = 0;
    while (z + 1 < n && v[z] == '0')
      z++;
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MAX_AGE_LEADING_ZERO, w,
                    field_hint(hbuf, sizeof hbuf, "max_age", 7, v + z, n - z),
                    "max_age %s has leading zeros, which some parsers read as "
                    "octal",
                    mtasts_i_quote(q, sizeof q, v, n));
  }
  if (secs > MAX_AGE_LIMIT)
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MAX_AGE_TOO_LARGE, w,
                    "max_age: 31557600",
                    "max_age %s is above the maximum of 31557600 seconds (one "
                    "year); senders reject the policy",
                    mtasts_i_quote(q, sizeof q, v, n));
  else if (secs == 0)
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_MAX_AGE_ZERO, w, "max_age: 604800",
        "max_age is 0, so senders do not cache the policy and it gives "
        "no protection between fetches");
  else if (secs < ONE_DAY)
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MAX_AGE_SHORT, w,
                    "max_age: 604800",
                    "max_age %s is less than one day (86400); RFC 8461 expects "
                    "weeks or more",
                    mtasts_i_quote(q, sizeof q, v, n));
}

/* Reports an invalid mx pattern, with the corrected line as the hint where
 * the fix is clear. */
static void report_mx_issue(parser *ps, const field_pos *f,
                            const mtasts_i_domain_issue *is) {
  const char *v = ps->buf + f->value_off;
  size_t n = f->value_len;
  char q[MT_QUOTE_MAX], hbuf[300], fixed[260];
  const char *hint = NULL;
  switch (is->code) {
  case MTASTS_DIAG_POLICY_MX_TRAILING_DOT: {
    size_t k = n;
    while (k > 0 && v[k - 1] == '.')
      k--;
    hint = field_hint(hbuf, sizeof hbuf, "mx", 2, v, k);
    break;
  }
  case MTASTS_DIAG_POLICY_MX_LEADING_DOT: {
    size_t k = 0;
    while (k < n && v[k] == '.')
      k++;
    if (k < n && n - k + 2 < sizeof fixed) {
      memcpy(fixed, "*.", 2);
      memcpy(fixed + 2, v + k, n - k);
      hint = field_hint(hbuf, sizeof hbuf, "mx", 2, fixed, n - k + 2);
    }
    break;
  }
  case MTASTS_DIAG_POLICY_MX_U_LABEL: {
    size_t k = mtasts_i_to_alabel(v, n, fixed, sizeof fixed);
    if (k)
      hint = field_hint(hbuf, sizeof hbuf, "mx", 2, fixed, k);
    break;
  }
  case MTASTS_DIAG_POLICY_MX_PORT: {
    /* "[mail.example.com]:25": the host without its brackets too. */
    size_t io = 0, il = is->off;
    mtasts_i_unwrap(v, is->off, &io, &il);
    hint = field_hint(hbuf, sizeof hbuf, "mx", 2, v + io, il);
    break;
  }
  default:
    break;
  }
  mtasts_i_report(&ps->sink, is->code, at(ps, f->value_off + is->off, is->len),
                  hint, "mx pattern %s %s", mtasts_i_quote(q, sizeof q, v, n),
                  mtasts_i_domain_reason(is->code, 0));
}

/* Keys of the sets: the stored values, NUL-terminated in the text. */
static const char *key_of_mx(const void *ctx, size_t i, size_t *n) {
  const mtasts_policy *p = ctx;
  const char *k = p->text.data + p->mx[i];
  *n = strlen(k);
  return k;
}

/* The parent domain of a wildcard pattern ("*.example.com": example.com). */
static const char *key_of_wildcard(const void *ctx, size_t i, size_t *n) {
  const char *k = key_of_mx(ctx, i, n);
  *n -= 2;
  return k + 2;
}

static const char *key_of_near(const void *ctx, size_t i, size_t *n) {
  const parser *ps = ctx;
  *n = ps->near[i].f.name_len;
  return ps->buf + ps->near[i].f.name_off;
}

static const char *key_of_ext(const void *ctx, size_t i, size_t *n) {
  const mtasts_policy *p = ctx;
  const char *k = p->text.data + p->ext[2 * i];
  *n = strlen(k);
  return k;
}

/* Lines are kept in 32 bits; past that (an input of more than 4 GiB) the
 * line shown for an earlier pattern stops at the largest. */
static uint32_t line32(unsigned long line) {
  return line < UINT32_MAX ? (uint32_t)line : UINT32_MAX;
}

/*
 * At most how many mx fields the body holds from offset from on: the lines
 * whose name starts "mx" (after any leading whitespace), and no more than
 * one in MX_LINE_MIN bytes, so that the room taken for them stays well
 * below the input. A sizing guess only: a line that ends in a bare CR is
 * not counted, and patterns past the guess grow the arrays as usual.
 */
#define MX_LINE_MIN 12
static size_t mx_lines_from(const char *b, size_t from, size_t len) {
  size_t n = 0;
  for (size_t i = from; i < len;) {
    while (i < len && mtasts_i_is_wsp((unsigned char)b[i]))
      i++;
    if (len - i >= 2 && b[i] == 'm' && b[i + 1] == 'x')
      n++;
    const char *lf = i < len ? memchr(b + i, '\n', len - i) : NULL;
    if (!lf)
      break;
    i = (size_t)(lf - b) + 1;
  }
  size_t most = (len - from) / MX_LINE_MIN;
  return n < most ? n : most;
}

/*
 * The line an equal pattern (ignoring case) stood on, or -1 when it is new
 * (it is then stored as p->mx[p->nmx]), or -2 when out of memory. A policy
 * usually has a handful of patterns: those are compared directly, and only
 * a long list goes into the hash set, which keeps the check linear without
 * a hash per pattern in the common case.
 */
static long mx_seen_before(parser *ps, const char *v, size_t n) {
  mtasts_policy *p = ps->p;
  if (ps->nsmall < MX_SMALL) {
    for (size_t i = 0; i < ps->nsmall; i++)
      if (mtasts_i_eq_nocase(ps->buf + ps->small[i].off, ps->small[i].len, v,
                             n))
        return (long)ps->small[i].line;
    ps->small[ps->nsmall].off = (size_t)(v - ps->buf);
    ps->small[ps->nsmall].len = n;
    ps->small[ps->nsmall].line = ps->line;
    ps->nsmall++;
    return store_mx(ps, v, n) == 0 ? -1 : -2;
  }
  mtasts_i_strset_pos pos;
  if (ps->nsmall == MX_SMALL) {
    /* The first patterns are p->mx[0..MX_SMALL), in the same order. The
     * offsets, the lines and the set are sized once for the patterns the
     * rest of the body can hold, so that none of them holds an old and a
     * new block while it grows. */
    size_t want = p->nmx + 1 + mx_lines_from(ps->buf, ps->line_next, ps->len);
    void *arr = p->mx, *lines = NULL;
    if (mtasts_i_grow_from(&p->alloc, &arr, &p->cap_mx, want, sizeof *p->mx,
                           p->mx_first, want) != 0)
      return -2;
    p->mx = arr;
    if (mtasts_i_grow_more(&p->alloc, &lines, &ps->mx_line_cap, want,
                           sizeof *ps->mx_line, NULL, want) != 0)
      return -2;
    ps->mx_line = lines;
    if (mtasts_i_strset_reserve(&ps->mx_seen, want, want) != 0)
      return -2;
    for (size_t i = 0; i < MX_SMALL; i++) {
      ps->mx_line[i] = line32(ps->small[i].line);
      mtasts_i_strset_find(&ps->mx_seen, ps->buf + ps->small[i].off,
                           ps->small[i].len, &pos);
      if (mtasts_i_strset_insert(&ps->mx_seen, &pos, i) != 0)
        return -2;
    }
    ps->nsmall++; /* from now on, only the set */
  }
  long prev = mtasts_i_strset_find(&ps->mx_seen, v, n, &pos);
  if (prev >= 0)
    return (long)ps->mx_line[prev];
  void *lines = ps->mx_line;
  if (mtasts_i_grow(&p->alloc, &lines, &ps->mx_line_cap, p->nmx + 1,
                    sizeof *ps->mx_line) != 0)
    return -2;
  ps->mx_line = lines;
  ps->mx_line[p->nmx] = line32(ps->line);
  if (store_mx(ps, v, n) != 0 ||
      mtasts_i_strset_insert(&ps->mx_seen, &pos, p->nmx - 1) != 0)
    return -2;
  return -1;
}

/* 1 when the base b[0..n) of a wildcard pattern (a valid name) is a public
 * suffix (lib/suffix.c). */
static int wildcard_over_suffix(const char *b, size_t n) {
  return mtasts_i_public_suffix(b, n);
}

/* Advice on a valid mx pattern that is not in the usual form (single
 * label, upper case, "??--" label). Out of the hot path: most patterns
 * need none. */
static MT_COLD void report_mx_advice(parser *ps, const field_pos *f) {
  const char *v = ps->buf + f->value_off;
  size_t n = f->value_len;
  char q[MT_QUOTE_MAX];
  mtasts_i_domain_issue advice[8];
  size_t na = mtasts_i_mx_pattern_advice(v, n, advice, 8);
  if (na)
    mtasts_i_quote(q, sizeof q, v, n);
  for (size_t i = 0; i < na; i++) {
    mtasts_i_where w = at(ps, f->value_off + advice[i].off, advice[i].len);
    switch (advice[i].code) {
    case MTASTS_DIAG_POLICY_MX_SINGLE_LABEL:
      mtasts_i_report(&ps->sink, advice[i].code, w, NULL,
                      "mx pattern %s is a single label; MX hosts have fully "
                      "qualified names",
                      q);
      break;
    case MTASTS_DIAG_POLICY_MX_UPPERCASE: {
      char lower[260], hbuf[300];
      const char *hint = NULL;
      if (n < sizeof lower) {
        for (size_t k = 0; k < n; k++)
          lower[k] = (char)mtasts_i_lower((unsigned char)v[k]);
        hint = field_hint(hbuf, sizeof hbuf, "mx", 2, lower, n);
      }
      mtasts_i_report(&ps->sink, advice[i].code, w, hint,
                      "mx pattern %s has upper-case letters; matching ignores "
                      "case, but lower case is the usual form",
                      q);
      break;
    }
    default: {
      char part[MT_QUOTE_MAX];
      mtasts_i_report(
          &ps->sink, advice[i].code, w, NULL,
          "label %s of mx pattern %s has '--' in its third and fourth "
          "places but is not an A-label",
          mtasts_i_quote(part, sizeof part, v + advice[i].off, advice[i].len),
          q);
      break;
    }
    }
  }
  /* RFC 5890 §2.3.2.1: an xn-- label must be a real A-label, the encoding
   * of a valid U-label; senders compare the A-labels of MX hosts, which are
   * real, so a fake one never matches (needs libidn2). */
  size_t foff, flen;
  if (mtasts_i_fake_alabel(v, n, &foff, &flen)) {
    char part[MT_QUOTE_MAX];
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MX_FAKE_A_LABEL,
                    at(ps, f->value_off + foff, flen), NULL,
                    "label %s of mx pattern %s starts with 'xn--' but is not "
                    "a valid A-label (it does not decode to a valid U-label "
                    "that encodes back to it), so no MX host matches it",
                    mtasts_i_quote(part, sizeof part, v + foff, flen),
                    mtasts_i_quote(q, sizeof q, v, n));
  }
}

/* RFC 8461 §4.1: "*.com" matches every host one label under the suffix,
 * which no domain owner controls. */
static MT_COLD void report_mx_public_suffix(parser *ps, const field_pos *f) {
  const char *v = ps->buf + f->value_off;
  size_t n = f->value_len;
  char q[MT_QUOTE_MAX];
  mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MX_WILDCARD_PUBLIC_SUFFIX,
                  at(ps, f->value_off, n), NULL,
                  "mx pattern %s covers every host one label under the public "
                  "suffix '%.*s', which is not yours",
                  mtasts_i_quote(q, sizeof q, v, n), (int)(n - 2), v + 2);
}

static MT_COLD void report_mx_duplicate(parser *ps, const field_pos *f,
                                        long dup) {
  const char *v = ps->buf + f->value_off;
  size_t n = f->value_len;
  char q[MT_QUOTE_MAX];
  mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MX_DUPLICATE,
                  at(ps, f->value_off, n), NULL,
                  "mx pattern %s is already listed on line %ld",
                  mtasts_i_quote(q, sizeof q, v, n), dup);
}

static int check_mx(parser *ps, const field_pos *f) {
  const char *v = ps->buf + f->value_off;
  size_t n = f->value_len;
  mtasts_i_domain_issue is;
  int plain = mtasts_i_name_plainly_valid(v, n, 1);
  if (!plain && mtasts_i_name_check(v, n, 1, &is) != 0) {
    if (!report_template_debris(ps, F_MX, f))
      report_mx_issue(ps, f, &is);
    return 0;
  }
  if (!(plain & MT_NAME_USUAL))
    report_mx_advice(ps, f);
  if (n > 2 && v[0] == '*' && v[1] == '.' && wildcard_over_suffix(v + 2, n - 2))
    report_mx_public_suffix(ps, f);
  long dup = mx_seen_before(ps, v, n);
  if (dup == -2)
    return -1;
  if (dup >= 0)
    report_mx_duplicate(ps, f, dup);
  return 0;
}

/* A repeated non-mx field: RFC 8461 §3.2 keeps the first, but common
 * implementations keep the last, so differing values are an error. */
static void check_version(parser *ps, const field_pos *f);
static void check_mode(parser *ps, const field_pos *f);
static void check_max_age(parser *ps, const field_pos *f);

static void report_duplicate(parser *ps, enum field fld, const field_pos *f) {
  const field_pos *first = &ps->first[fld];
  /* The repeated line's own value is checked too ("mode: enforced" after
   * "mode: testing"): only an invalid one is reported, the checks take
   * nothing then. */
  const char *v = ps->buf + f->value_off;
  size_t digits = 0;
  while (digits < f->value_len && mtasts_i_is_digit((unsigned char)v[digits]))
    digits++;
  ps->repeat = 1;
  if (fld == F_VERSION && !mtasts_i_eq_lit(v, f->value_len, "STSv1"))
    check_version(ps, f);
  else if (fld == F_MODE && !mtasts_i_eq_lit(v, f->value_len, "enforce") &&
           !mtasts_i_eq_lit(v, f->value_len, "testing") &&
           !mtasts_i_eq_lit(v, f->value_len, "none"))
    check_mode(ps, f);
  else if (fld == F_MAX_AGE && (digits != f->value_len || digits > 10))
    check_max_age(ps, f);
  ps->repeat = 0;
  const char *a = ps->buf + first->value_off, *b = ps->buf + f->value_off;
  char q[MT_QUOTE_MAX], q2[MT_QUOTE_MAX];
  mtasts_i_where w =
      at(ps, f->name_off, f->value_off + f->value_len - f->name_off);
  if (first->value_len == f->value_len && memcmp(a, b, f->value_len) == 0)
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_DUPLICATE_FIELD, w, NULL,
        "field '%s' is repeated with the same value as on line %lu; "
        "remove the repetition",
        field_names[fld], first->line);
  else
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_DUPLICATE_FIELD_CONFLICT, w, NULL,
        "field '%s' is repeated: %s here, %s on line %lu; RFC 8461 "
        "senders use the first, others the last",
        field_names[fld], mtasts_i_quote(q, sizeof q, b, f->value_len),
        mtasts_i_quote(q2, sizeof q2, a, first->value_len), first->line);
}

/* The offset in the value of a '#' that looks like the start of a comment
 * (at the start or after whitespace), or n. */
static size_t comment_at(const char *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (v[i] == '#' && (i == 0 || mtasts_i_is_wsp((unsigned char)v[i - 1])))
      return i;
  return n;
}

static int known_field_line(parser *ps, enum field fld, const field_pos *f) {
  ps->attempted[fld] = 1;
  size_t hash = comment_at(ps->buf + f->value_off, f->value_len);
  if (hash < f->value_len) {
    /* RFC 8461 §3.2: no comments, so senders take "enforce # note" as the
     * value. The hint is the line without the would-be comment. */
    size_t k = hash;
    while (k > 0 &&
           mtasts_i_is_wsp((unsigned char)ps->buf[f->value_off + k - 1]))
      k--;
    char hbuf[MT_HINT_MAX + 1];
    const char *name = field_names[fld];
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_HASH_COMMENT,
        at(ps, f->value_off + hash, f->value_len - hash),
        k ? field_hint(hbuf, sizeof hbuf, name, strlen(name),
                       ps->buf + f->value_off, k)
          : NULL,
        "'#' starts no comment in a policy: senders read the rest of "
        "the line as part of the %s value",
        name);
    return 0;
  }
  if (f->value_len == 0) {
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_VALUE_EMPTY,
                    at(ps, f->name_off, f->name_len), field_examples[fld],
                    "field '%s' has no value", field_names[fld]);
    return 0;
  }
  if (fld == F_MX)
    return check_mx(ps, f);
  if (ps->seen[fld]) {
    report_duplicate(ps, fld, f);
    return 0;
  }
  ps->seen[fld] = 1;
  ps->first[fld] = *f;
  switch (fld) {
  case F_VERSION:
    check_version(ps, f);
    if (f->line != ps->first_field_line)
      mtasts_i_report(
          &ps->sink, MTASTS_DIAG_POLICY_VERSION_NOT_FIRST,
          at(ps, f->name_off, f->name_len), NULL,
          "version is on line %lu, not the first line; some providers' "
          "checkers expect it first",
          f->line);
    break;
  case F_MODE:
    check_mode(ps, f);
    break;
  case F_MAX_AGE:
    check_max_age(ps, f);
    break;
  default:
    break;
  }
  return 0;
}

static int near_miss_line(parser *ps, enum field fld, const field_pos *f,
                          enum broken broken, size_t bad_off, size_t bad_len);

/* An extension field: RFC 8461 §3.2 sts-policy-ext-value is visible
 * characters or UTF-8 with spaces between them; no TAB or control. near:
 * the known field its name is a near miss of, or F_NONE; a near miss's
 * grammar errors are reported with it, once the body is known. */
static int extension_line(parser *ps, const field_pos *f, int malformed,
                          enum field near) {
  const char *name = ps->buf + f->name_off, *v = ps->buf + f->value_off;
  char q[MT_QUOTE_MAX];
  if (f->value_len == 0) {
    if (near != F_NONE)
      return near_miss_line(ps, near, f, NM_EMPTY, f->name_off, f->name_len);
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_VALUE_EMPTY,
                    at(ps, f->name_off, f->name_len), NULL,
                    "field %s has no value",
                    mtasts_i_quote(q, sizeof q, name, f->name_len));
    return 0;
  }
  const char *tab = memchr(v, '\t', f->value_len);
  if (tab) {
    if (near != F_NONE)
      return near_miss_line(ps, near, f, NM_TAB, (size_t)(tab - ps->buf), 1);
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_EXTENSION_VALUE_INVALID,
        at(ps, (size_t)(tab - ps->buf), 1), NULL,
        "the value of field %s holds a TAB; only spaces may separate "
        "words in a value",
        mtasts_i_quote(q, sizeof q, name, f->name_len));
    return 0;
  }
  mtasts_i_quote(q, sizeof q, name, f->name_len);
  mtasts_i_strset_pos pos;
  if (near != F_NONE) {
    /* Reported once the body is known; a repeat is found here, among the
     * near misses, which are kept apart from the other extensions (they
     * are reported against the field they look like, and no name is
     * both). */
    long prev = malformed ? -1
                          : mtasts_i_strset_find(&ps->near_names, name,
                                                 f->name_len, &pos);
    if (near_miss_line(ps, near, f, malformed ? NM_BYTES : NM_VALID, 0, 0) != 0)
      return -1;
    if (malformed)
      return 0;
    if (prev < 0)
      return mtasts_i_strset_insert(&ps->near_names, &pos, ps->nnear - 1);
    const field_pos *pf = &ps->near[prev].f;
    mtasts_diag_code code =
        pf->value_len == f->value_len &&
                memcmp(ps->buf + pf->value_off, v, f->value_len) == 0
            ? MTASTS_DIAG_POLICY_DUPLICATE_FIELD
            : MTASTS_DIAG_POLICY_DUPLICATE_FIELD_CONFLICT;
    mtasts_i_report(&ps->sink, code, at(ps, f->name_off, f->name_len), NULL,
                    "field %s is repeated (line %lu); RFC 8461 senders use "
                    "only the first",
                    q, pf->line);
    return 0;
  }
  mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_UNKNOWN_FIELD,
                  at(ps, f->name_off, f->name_len), NULL,
                  "unknown field %s; senders ignore it", q);
  if (malformed)
    return 0;
  long prev = mtasts_i_strset_find(&ps->ext_names, name, f->name_len, &pos);
  if (prev >= 0) {
    const char *pv = ps->p->text.data + ps->p->ext[2 * (size_t)prev + 1];
    mtasts_diag_code code = mtasts_i_eq_lit(v, f->value_len, pv)
                                ? MTASTS_DIAG_POLICY_DUPLICATE_FIELD
                                : MTASTS_DIAG_POLICY_DUPLICATE_FIELD_CONFLICT;
    mtasts_i_report(&ps->sink, code, at(ps, f->name_off, f->name_len), NULL,
                    "field %s is repeated; RFC 8461 senders use only the first",
                    q);
    return 0;
  }
  if (store_ext(ps, name, f->name_len, v, f->value_len) != 0 ||
      mtasts_i_strset_insert(&ps->ext_names, &pos, ps->p->next - 1) != 0)
    return -1;
  return 0;
}

/* A near miss of a known field: kept, and judged once the whole body is
 * known (resolve_fields). broken says how the line breaks the extension
 * grammar, at the bytes [bad_off, bad_off + bad_len). */
static int near_miss_line(parser *ps, enum field fld, const field_pos *f,
                          enum broken broken, size_t bad_off, size_t bad_len) {
  void *v = ps->near;
  if (mtasts_i_grow(&ps->p->alloc, &v, &ps->near_cap, ps->nnear + 1,
                    sizeof *ps->near) != 0)
    return -1;
  ps->near = v;
  ps->near[ps->nnear].f = *f;
  ps->near[ps->nnear].fld = fld;
  ps->near[ps->nnear].broken = broken;
  ps->near[ps->nnear].bad_off = bad_off;
  ps->near[ps->nnear].bad_len = bad_len;
  ps->nnear++;
  ps->has_misspelt[fld] = 1;
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Lines.                                                                  */

/* Byte-level checks of one line (RFC 8461 §3.2 with RFC 3629): reports the
 * first invalid UTF-8 sequence and the first control character other than
 * TAB. Returns the offset of the first such byte, or e when there is none. */
static size_t check_bytes(parser *ps, size_t s, size_t e) {
  const unsigned char *b = (const unsigned char *)ps->buf;
  size_t i = s;
  int bad_utf8 = 0, bad_ctl = 0;
  size_t first_bad = e;
  while (i < e && !(bad_utf8 && bad_ctl)) {
    if (e - i >= 8 && mtasts_i_printable8(b + i)) { /* the usual case */
      i += 8;
      continue;
    }
    unsigned char c = b[i];
    if (c >= 0x20 && c < 0x7f) { /* printable ASCII */
      i++;
      continue;
    }
    if (c < 0x80) {
      if (!bad_ctl && mtasts_i_is_ctl(c) && c != '\t') {
        bad_ctl = 1;
        if (first_bad == e)
          first_bad = i;
        mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_CONTROL_CHAR,
                        at(ps, i, 1), NULL,
                        "control character 0x%02X in the line", c);
      }
      i++;
      continue;
    }
    size_t k = mtasts_i_utf8_len(b + i, e - i);
    if (k == 0) {
      if (!bad_utf8) {
        bad_utf8 = 1;
        if (first_bad == e)
          first_bad = i;
        mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_INVALID_UTF8,
                        at(ps, i, 1), NULL,
                        "byte 0x%02X does not begin a valid UTF-8 sequence", c);
      }
      k = 1;
    }
    i += k;
  }
  return first_bad;
}

/* 1 when b[s..e) is all printable ASCII, the usual line: a word at a time,
 * the last word overlapping the one before when the length is not a
 * multiple of 8. */
static int plain_bytes(const unsigned char *b, size_t s, size_t e) {
  size_t i = s;
  while (e - i >= 8 && mtasts_i_printable8(b + i))
    i += 8;
  if (i == e)
    return 1;
  if (e - i < 8 && e - s >= 8)
    return mtasts_i_printable8(b + e - 8);
  for (; i < e; i++)
    if (b[i] < 0x20 || b[i] > 0x7e)
      return 0;
  return 1;
}

/* One line, b[s..e) without its end; plain: plain_bytes said so. */
static int handle_line(parser *ps, size_t s, size_t e, int plain) {
  const char *b = ps->buf;
  /* A hint about this line is the whole line, fixed: it replaces the
   * line's text (not its line end). */
  ps->sink.line_off = s;
  ps->sink.line_len = e - s;
  size_t bad = plain ? e : check_bytes(ps, s, e);
  size_t t = e; /* end without trailing whitespace */
  while (t > s && mtasts_i_is_wsp((unsigned char)b[t - 1]))
    t--;
  if (t == s) {
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_BLANK_LINE, at(ps, s, e - s), NULL,
        "blank line; the policy grammar has no empty lines, and some "
        "senders reject the whole policy");
    return 0;
  }
  if (t < e)
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_TRAILING_WHITESPACE,
                    at(ps, t, e - t), NULL, "the line ends in whitespace");
  ps->field_lines++;
  if (ps->field_lines == 1)
    ps->first_field_line = ps->line;
  size_t ns = s;
  while (mtasts_i_is_wsp((unsigned char)b[ns]))
    ns++;
  if (ns > s) {
    char hbuf[MT_HINT_MAX + 1];
    const char *hint = NULL;
    if (t - ns <= MT_HINT_MAX && !memchr(b + ns, 0, t - ns)) {
      memcpy(hbuf, b + ns, t - ns);
      hbuf[t - ns] = '\0';
      hint = hbuf;
    }
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_LEADING_WHITESPACE, at(ps, s, ns - s),
        hint,
        "the line starts with whitespace; senders do not read it as "
        "a field");
  }
  if (b[ns] == '#') {
    /* RFC 8461 §3.2 has no comments: to senders this is a field named
     * "#..." (invalid) or a line that is no field. */
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_HASH_COMMENT,
                    at(ps, ns, t - ns), NULL,
                    "the line starts with '#', but the policy grammar has no "
                    "comments; senders read it as a broken field: remove it");
    return 0;
  }
  const char *colon = memchr(b + ns, ':', t - ns);
  if (!colon) {
    /* "mode enforce": a known name and a value with no colon between. */
    size_t w = ns;
    while (w < t && !mtasts_i_is_wsp((unsigned char)b[w]))
      w++;
    enum field fld = known_field(b + ns, w - ns);
    char hbuf[MT_HINT_MAX + 1];
    const char *hint = NULL;
    if (fld != F_NONE) {
      ps->attempted[fld] = 1;
      size_t vs = w;
      while (vs < t && mtasts_i_is_wsp((unsigned char)b[vs]))
        vs++;
      hint = field_hint(hbuf, sizeof hbuf, b + ns, w - ns, b + vs, t - vs);
    }
    char q[MT_QUOTE_MAX];
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MISSING_COLON,
                    at(ps, ns, t - ns), hint,
                    "line %s is not a 'name: value' field",
                    mtasts_i_quote(q, sizeof q, b + ns, t - ns));
    return 0;
  }
  field_pos f;
  f.line = ps->line;
  f.line_start = ps->line_start;
  f.line_end = e;
  f.line_next = ps->line_next;
  f.name_off = ns;
  size_t ne = (size_t)(colon - b);
  size_t vs = ne + 1;
  while (vs < t && mtasts_i_is_wsp((unsigned char)b[vs]))
    vs++;
  f.value_off = vs;
  f.value_len = t - vs;
  size_t nt = ne;
  while (nt > ns && mtasts_i_is_wsp((unsigned char)b[nt - 1]))
    nt--;
  f.name_len = nt - ns;
  if (nt < ne) {
    char hbuf[MT_HINT_MAX + 1];
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_SPACE_BEFORE_COLON, at(ps, nt, ne - nt),
        field_hint(hbuf, sizeof hbuf, b + ns, f.name_len, b + vs, f.value_len),
        "whitespace before the colon; the name must be followed "
        "directly by ':'");
  }
  enum field fld = known_field(b + ns, f.name_len);
  if (fld != F_NONE)
    return known_field_line(ps, fld, &f);
  /* Anything else is an extension by the grammar, a near miss of a known
   * field's name ("MX", "max-age", "m#") included: it gets every check an
   * extension gets, and a near miss is judged once the whole body is known
   * (resolve_fields), its grammar errors with it. */
  fld = misspelling_of(b + ns, f.name_len);
  size_t name_bad = name_error_at(b + ns, f.name_len);
  if (fld != F_NONE && (name_bad < f.name_len || f.name_len == 0))
    return near_miss_line(ps, fld, &f, NM_NAME, ns + name_bad,
                          f.name_len - name_bad);
  if (name_bad < f.name_len || f.name_len == 0) {
    char q[MT_QUOTE_MAX];
    const char *why = f.name_len == 0  ? "is empty"
                      : name_bad == 32 ? "is longer than 32 characters"
                      : name_bad == 0
                          ? "must start with a letter or digit"
                          : "may hold only letters, digits, '_', '-' and '.'";
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_FIELD_NAME_INVALID,
                    at(ps, ns + (name_bad < f.name_len ? name_bad : 0),
                       name_bad < f.name_len ? f.name_len - name_bad : 0),
                    NULL, "field name %s %s",
                    mtasts_i_quote(q, sizeof q, b + ns, f.name_len), why);
    return 0;
  }
  /* A value with a control character or invalid UTF-8 (reported above) is
   * not a sts-policy-ext-value, so it is not taken. */
  return extension_line(ps, &f, bad < e && bad >= f.value_off, fld);
}

/* ---------------------------------------------------------------------- */
/* Near misses of field names.                                            */

/* 1 when a valid line of field fld was taken (its value is in the result). */
static int field_taken(const parser *ps, enum field fld) {
  switch (fld) {
  case F_VERSION:
    return ps->p->has_version;
  case F_MODE:
    return ps->mode_valid;
  case F_MAX_AGE:
    return ps->p->has_max_age;
  default:
    return ps->p->nmx > 0;
  }
}

/* The grammar error of a near miss's line, which names the field it looks
 * like; q is its name, quoted. */
static void report_broken_near_miss(parser *ps, const near_miss *nm,
                                    const char *q, const char *hint) {
  const field_pos *f = &nm->f;
  const char *name = field_names[nm->fld];
  const char *n = ps->buf + f->name_off;
  mtasts_i_where w = at_pos(f, nm->bad_off, nm->bad_len);
  if (hint)
    mtasts_i_fix(&ps->sink, f->line_start, f->line_end - f->line_start);
  switch (nm->broken) {
  case NM_NAME: {
    size_t bad = nm->bad_off - f->name_off;
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_FIELD_NAME_INVALID, w, hint,
        "field name %s %s; it looks like '%s', but senders reject or "
        "ignore this line",
        q,
        f->name_len > 32 && mtasts_i_ext_name_bad(n, f->name_len) == f->name_len
            ? "is longer than 32 characters"
        : bad == 0 ? "must start with a letter or digit"
                   : "may hold only letters, digits, '_', '-' and '.'",
        name);
    break;
  }
  case NM_EMPTY:
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_VALUE_EMPTY, w, hint,
                    "field %s has no value; it looks like '%s', but senders "
                    "reject or ignore this line",
                    q, name);
    break;
  default:
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_EXTENSION_VALUE_INVALID, w,
                    hint,
                    "the value of field %s holds a TAB; only spaces may "
                    "separate words in a value (the name looks like '%s', "
                    "but senders reject or ignore this line)",
                    q, name);
    break;
  }
}

/*
 * One near miss of a field name (RFC 8461 §3.2: names are case-sensitive
 * and unknown fields are ignored, so "MX" or "max-age" is an extension).
 * It is an error only where it stands for a required field that is missing
 * (reported as that missing field, for the first one) or for a field whose
 * own line is invalid; otherwise a valid extension that merely looks like a
 * field ("more", "mx2") is a warning. The hint, the line with the name
 * corrected, is offered only when that line would be valid and would not
 * repeat a field that may appear once or an mx pattern already listed.
 *
 * A near miss is an extension first: a line that breaks the extension
 * grammar (a name with '#' or a space, an empty value, a TAB in the value)
 * is an error as such, whatever field it looks like; its message names that
 * field, and the hint is offered on the same terms.
 */
static void report_near_miss(parser *ps, const near_miss *nm,
                             const int *required,
                             const mtasts_diag_code *missing, int *hinted) {
  const field_pos *f = &nm->f;
  enum field fld = nm->fld;
  const char *name = field_names[fld];
  const char *v = ps->buf + f->value_off;
  char q[MT_QUOTE_MAX], hbuf[MT_HINT_MAX + 1];
  mtasts_i_quote(q, sizeof q, ps->buf + f->name_off, f->name_len);
  int only_case = mtasts_i_eq_nocase(ps->buf + f->name_off, f->name_len, name,
                                     strlen(name));
  int is_missing = required[fld] && !ps->attempted[fld];
  int taken = field_taken(ps, fld);
  const char *hint = NULL;
  size_t voff, vlen;
  if (fixed_value_for(fld, v, f->value_len, &voff, &vlen) &&
      (fld == F_MX ? !mx_listed(ps, v + voff, vlen)
                   : !ps->attempted[fld] && !hinted[fld]))
    hint = field_hint(hbuf, sizeof hbuf, name, strlen(name), v + voff, vlen);
  mtasts_i_where w = at_pos(f, f->name_off, f->name_len);
  int stands_in = is_missing && !hinted[fld] && !ps->attempted[fld];
  if (stands_in) {
    /* The first near miss of a missing field stands for it. */
    hinted[fld] = 1;
    mtasts_i_fix(&ps->sink, f->line_start, f->line_end - f->line_start);
    mtasts_i_report(&ps->sink, missing[fld], w, hint,
                    "'%s' is missing; found %s%s", name, q,
                    only_case ? " (field names are case-sensitive)"
                              : ", a misspelling that senders ignore");
    if (nm->broken == NM_VALID || nm->broken == NM_BYTES)
      return;
    hint = NULL; /* given with the missing field */
  }
  if (hint)
    hinted[fld] = 1;
  if (nm->broken != NM_VALID && nm->broken != NM_BYTES) {
    report_broken_near_miss(ps, nm, q, hint);
    return;
  }
  if (stands_in)
    return;
  mtasts_i_fix(&ps->sink, f->line_start, f->line_end - f->line_start);
  const char *why = only_case ? "field names are case-sensitive, so"
                              : "it is an unknown field, so";
  if (is_missing)
    mtasts_i_report_sev(
        &ps->sink, MTASTS_DIAG_POLICY_FIELD_MISSPELT, MTASTS_SEVERITY_ERROR, w,
        hint,
        "%s looks like '%s', which is missing; %s senders ignore "
        "this line",
        q, name, why);
  else if (ps->attempted[fld] && !taken)
    mtasts_i_report_sev(
        &ps->sink, MTASTS_DIAG_POLICY_FIELD_MISSPELT, MTASTS_SEVERITY_ERROR, w,
        hint,
        "%s looks like '%s', whose own line is invalid; %s senders "
        "ignore this line",
        q, name, why);
  else
    mtasts_i_report_sev(
        &ps->sink, MTASTS_DIAG_POLICY_FIELD_MISSPELT, MTASTS_SEVERITY_WARNING,
        w, hint, "%s looks like '%s'; %s senders ignore this line%s", q, name,
        why, fld == F_MX ? " and the host on it is not covered" : "");
}

/* ---------------------------------------------------------------------- */
/* After the last line.                                                    */

/*
 * Missing fields, and the first misspelling of each field: where the field
 * itself is missing, the misspelling is reported as the missing field
 * ("'mode' is missing; found 'Mode'"), so the author sees one finding at the
 * line they wrote.
 */
static void resolve_fields(parser *ps) {
  static const mtasts_diag_code missing[F_COUNT] = {
      MTASTS_DIAG_POLICY_VERSION_MISSING, MTASTS_DIAG_POLICY_MODE_MISSING,
      MTASTS_DIAG_POLICY_MAX_AGE_MISSING, MTASTS_DIAG_POLICY_MX_MISSING};
  int required[F_COUNT], hinted[F_COUNT] = {0};
  for (int i = 0; i < F_COUNT; i++)
    /* mx is required only when the mode is known and not none. */
    required[i] =
        i != F_MX || (ps->mode_valid && ps->p->mode != MTASTS_MODE_NONE);
  for (size_t k = 0; k < ps->nnear; k++)
    report_near_miss(ps, &ps->near[k], required, missing, hinted);
  for (int i = 0; i < F_COUNT; i++) {
    enum field fld = (enum field)i;
    const char *name = field_names[fld];
    if (!required[fld] || ps->attempted[fld] || ps->has_misspelt[fld])
      continue;
    if (fld == F_MX) {
      const field_pos *mode = &ps->first[F_MODE];
      mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MX_MISSING,
                      at_pos(mode, mode->value_off, mode->value_len), NULL,
                      "mode '%s' needs at least one mx field",
                      mtasts_mode_name(ps->p->mode));
    } else {
      /* The hint is a line to insert at the start of the body, with the
       * line end the body uses. */
      char ins[64];
      size_t k = strlen(field_examples[fld]);
      memcpy(ins, field_examples[fld], k);
      memcpy(ins + k, ps->first_end == 2 ? "\r\n" : "\n\0",
             3); /* with the NUL */
      mtasts_i_fix(&ps->sink, ps->body_start, 0);
      mtasts_i_report(&ps->sink, missing[fld], start_of_body, ins,
                      "the required field '%s' is missing", name);
    }
  }
}

static void check_combinations(parser *ps) {
  mtasts_policy *p = ps->p;
  const field_pos *mode = &ps->first[F_MODE];
  const field_pos *age = &ps->first[F_MAX_AGE];
  mtasts_i_where mode_at = at_pos(mode, mode->value_off, mode->value_len);
  if (ps->mode_valid && p->mode == MTASTS_MODE_NONE && !ps->attempted[F_MX] &&
      !ps->has_misspelt[F_MX])
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MODE_NONE_WITHOUT_MX, mode_at,
                    NULL,
                    "mode 'none' with no mx field is valid, but some senders "
                    "reject a policy without mx");
  if (ps->mode_valid && p->has_max_age) {
    char q[MT_QUOTE_MAX];
    mtasts_i_where age_at = at_pos(age, age->value_off, age->value_len);
    size_t age_line = age->line_end - age->line_start;
    if (p->mode == MTASTS_MODE_NONE && p->max_age > ONE_DAY &&
        p->max_age <= MAX_AGE_LIMIT) {
      mtasts_i_fix(&ps->sink, age->line_start, age_line);
      mtasts_i_report(
          &ps->sink, MTASTS_DIAG_POLICY_MODE_NONE_LONG_MAX_AGE, age_at,
          "max_age: 86400",
          "mode 'none' should be published with a short max_age (one "
          "day) so that it can be withdrawn, not %s",
          mtasts_i_quote(q, sizeof q, ps->buf + age->value_off,
                         age->value_len));
    }
    if (p->mode == MTASTS_MODE_ENFORCE && p->max_age >= ONE_DAY &&
        p->max_age < ONE_WEEK) {
      mtasts_i_fix(&ps->sink, age->line_start, age_line);
      mtasts_i_report(
          &ps->sink, MTASTS_DIAG_POLICY_MAX_AGE_ENFORCE_SHORT, age_at,
          "max_age: 604800",
          "max_age %s is less than one week in enforce mode; longer "
          "values protect better against downgrade attacks",
          mtasts_i_quote(q, sizeof q, ps->buf + age->value_off,
                         age->value_len));
    }
  }
}

/*
 * RFC 8461 §4.1: each given MX host must match some valid pattern. Exact
 * patterns and the parents of wildcard patterns go into two sets, so each
 * host is one or two look-ups.
 */
static int check_hosts(parser *ps) {
  const mtasts_options *o = ps->opts;
  mtasts_policy *p = ps->p;
  if (!o || !o->mx_host_count)
    return 0;
  if (!o->mx_hosts)
    return 0;
  p->host_match = mtasts_i_calloc(&p->alloc, o->mx_host_count, sizeof(long));
  if (!p->host_match)
    return -1;
  p->nhosts = o->mx_host_count;
  mtasts_i_strset exact, wild;
  mtasts_i_strset_init(&exact, &p->alloc, 1, key_of_mx, p);
  mtasts_i_strset_init(&wild, &p->alloc, 1, key_of_wildcard, p);
  int rc = 0;
  /* The patterns are distinct (ignoring case), so each is new to its set. */
  for (size_t i = 0; i < p->nmx && rc == 0; i++) {
    const char *pat = p->text.data + p->mx[i];
    size_t n = strlen(pat);
    int w = n > 2 && pat[0] == '*';
    mtasts_i_strset *set = w ? &wild : &exact;
    mtasts_i_strset_pos pos;
    if (mtasts_i_strset_find(set, pat + (w ? 2 : 0), n - (w ? 2 : 0), &pos) <
            0 &&
        mtasts_i_strset_insert(set, &pos, i) != 0)
      rc = -1;
  }
  const field_pos *mode = &ps->first[F_MODE];
  mtasts_i_where where = ps->mode_valid
                             ? at_pos(mode, mode->value_off, mode->value_len)
                             : start_of_body;
  mtasts_severity sev = p->mode == MTASTS_MODE_ENFORCE
                            ? MTASTS_SEVERITY_ERROR
                            : MTASTS_SEVERITY_WARNING;
  for (size_t i = 0; i < p->nhosts && rc == 0; i++) {
    const char *h = o->mx_hosts[i].ptr;
    size_t n = h ? o->mx_hosts[i].len : 0;
    char q[MT_QUOTE_MAX];
    mtasts_i_quote(q, sizeof q, h, n);
    p->host_match[i] = -1;
    mtasts_i_domain_issue is;
    if (mtasts_i_host_check(h, n, &is) != 0) {
      /* Not in the body: located at its start, the message names which of
       * the given hosts it is. A U-label gets its A-label (RFC 5891 §5),
       * the form senders compare. */
      char alabel[260] = "";
      size_t k = 0;
      if (is.code == MTASTS_DIAG_POLICY_MX_U_LABEL)
        k = mtasts_i_to_alabel(h, n, alabel, sizeof alabel);
      mtasts_i_report(
          &ps->sink, MTASTS_DIAG_MX_HOST_INVALID, start_of_body, NULL,
          "the given MX host %zu of %zu, %s, is not a valid host name: "
          "it %s%s%.*s%s",
          i + 1, p->nhosts, q, mtasts_i_domain_reason(is.code, 0),
          k ? "; its A-label form is '" : "", (int)k, alabel, k ? "'" : "");
      continue;
    }
    size_t foff, flen;
    int fake = mtasts_i_fake_alabel(h, n, &foff, &flen);
    if (fake) {
      /* RFC 5890 §2.3.2.1: not the A-label of any name, so no sender ever
       * looks it up or compares it. The name is well-formed, so its
       * coverage is still told as mtasts_mx_match sees it, but a miss is
       * not reported again (adding it to the policy is no fix). */
      char part[MT_QUOTE_MAX];
      mtasts_i_report(
          &ps->sink, MTASTS_DIAG_MX_HOST_INVALID, start_of_body, NULL,
          "the given MX host %zu of %zu, %s, is not a valid host name: its "
          "label %s starts with 'xn--' but is not a valid A-label",
          i + 1, p->nhosts, q,
          mtasts_i_quote(part, sizeof part, h + foff, flen));
    }
    if (n && h[n - 1] == '.')
      n--;
    long best = mtasts_i_strset_find(&exact, h, n, NULL);
    const char *dot = memchr(h, '.', n);
    if (dot && dot > h) {
      size_t rest = n - (size_t)(dot - h) - 1;
      long wi = mtasts_i_strset_find(&wild, dot + 1, rest, NULL);
      if (wi >= 0 && (best < 0 || wi < best))
        best = wi;
    }
    p->host_match[i] = best;
    if (best >= 0 || fake)
      continue;
    /* A wildcard a few labels up explains the miss: it covers one label. */
    const char *near = NULL;
    for (const char *d = dot; d && !near;) {
      const char *next = memchr(d + 1, '.', n - (size_t)(d + 1 - h));
      if (next) {
        size_t rest = n - (size_t)(next - h) - 1;
        long wi = mtasts_i_strset_find(&wild, next + 1, rest, NULL);
        if (wi >= 0)
          near = p->text.data + p->mx[wi];
      }
      d = next;
    }
    /* The hint is an mx line for the host, inserted before the mode line
     * (or at the start of the body), with the body's line end. */
    char hbuf[300], lower[256];
    const char *hint = NULL;
    if (n + 2 < sizeof lower) {
      for (size_t k = 0; k < n; k++)
        lower[k] = (char)mtasts_i_lower((unsigned char)h[k]);
      size_t k = n;
      if (ps->first_end == 2)
        lower[k++] = '\r';
      lower[k++] = '\n';
      hint = field_hint(hbuf, sizeof hbuf, "mx", 2, lower, k);
      mtasts_i_fix(&ps->sink,
                   ps->mode_valid ? mode->line_start : ps->body_start, 0);
    }
    if (near)
      mtasts_i_report_sev(&ps->sink, MTASTS_DIAG_MX_HOST_NOT_COVERED, sev,
                          where, hint,
                          "MX host %s is not covered: '%s' matches exactly one "
                          "label, not several",
                          q, near);
    else
      mtasts_i_report_sev(
          &ps->sink, MTASTS_DIAG_MX_HOST_NOT_COVERED, sev, where, hint,
          "MX host %s matches no mx pattern; %s", q,
          p->mode == MTASTS_MODE_ENFORCE
              ? "senders will not deliver to it"
              : "in enforce mode senders would not deliver to it");
  }
  mtasts_i_strset_release(&exact);
  mtasts_i_strset_release(&wild);
  return rc;
}

/* ---------------------------------------------------------------------- */
/* The scan.                                                               */

static int scan(parser *ps) {
  const char *b = ps->buf;
  size_t len = ps->len, s = 0;
  if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_BOM, at(ps, 0, 3), NULL,
        "the policy starts with a UTF-8 byte order mark; senders then "
        "do not see the first field's name");
    s = 3;
  }
  ps->body_start = s;
  /* A TXT record where the policy should be: one finding says so, rather
   * than one per missing field (RFC 8461 §3.1 is the record, §3.2 the
   * policy). */
  int sts = len - s >= 7 && memcmp(b + s, "v=STSv1", 7) == 0;
  if (sts || (len - s >= 10 && memcmp(b + s, "v=TLSRPTv1", 10) == 0)) {
    mtasts_i_report(
        &ps->sink, MTASTS_DIAG_POLICY_IS_TXT_RECORD, start_of_body, NULL,
        "this is %s TXT record, not an MTA-STS policy file; check it "
        "as a TXT record (mtasts-lint %s)",
        sts ? "an _mta-sts" : "a _smtp._tls TLS-RPT",
        sts ? "--txt" : "--tlsrpt");
    return 0;
  }
  if (s == len) {
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_EMPTY, start_of_body, NULL,
                    "the policy is empty");
    return 0;
  }
  if (len > SIZE_ADVICE) {
    /* Reported against the first line; finding the line of byte 64000
     * would need a second pass for a finding about the whole file. */
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_TOO_LARGE, start_of_body,
                    NULL,
                    "the policy is %zu bytes; senders may stop reading at 64 "
                    "kilobytes",
                    len);
  }
  /* The next LF at or after s (len when none). It is searched for again
   * only once s has passed it, so lines ended by bare CRs do not rescan the
   * rest of the input each time. */
  size_t next_lf = 0;
  int lf_known = 0;
  while (s < len) {
    size_t e = s;
    /* Find the line end: LF, or a CR (CRLF, or a bare CR). */
    if (!lf_known || next_lf < s) {
      const char *p = memchr(b + s, '\n', len - s);
      next_lf = p ? (size_t)(p - b) : len;
      lf_known = 1;
    }
    const char *lf = next_lf < len ? b + next_lf : NULL;
    size_t lim = next_lf;
    /* The usual line is printable ASCII up to its LF or CRLF, which rules
     * out a CR inside it; others are searched for one. */
    size_t stop = lim;
    if (lf && stop > s && b[stop - 1] == '\r')
      stop--;
    int plain = plain_bytes((const unsigned char *)b, s, stop);
    const char *cr = plain ? NULL : memchr(b + s, '\r', lim - s);
    int end; /* 0 EOF, 1 LF, 2 CRLF, 3 bare CR */
    size_t next;
    if (plain && stop < lim) {
      e = stop;
      end = 2;
      next = lim + 1;
    } else if (cr) {
      e = (size_t)(cr - b);
      if (e + 1 < len && b[e + 1] == '\n') {
        end = 2;
        next = e + 2;
      } else {
        end = 3;
        next = e + 1;
      }
    } else if (lf) {
      e = lim;
      end = 1;
      next = e + 1;
    } else {
      e = len;
      end = 0;
      next = len;
    }
    ps->line_next = next;
    if (handle_line(ps, s, e, plain) != 0)
      return -1;
    if (end == 3) {
      mtasts_i_report(
          &ps->sink, MTASTS_DIAG_POLICY_BARE_CR, at(ps, e, 1), NULL,
          "the line ends in CR without LF; lines end in LF or CRLF");
    } else if (end == 1 || end == 2) {
      if (!ps->first_end)
        ps->first_end = end;
      else if (end != ps->first_end && !ps->mixed_reported) {
        ps->mixed_reported = 1;
        mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_MIXED_LINE_ENDINGS,
                        at(ps, e, end == 2 ? 2 : 1), NULL,
                        "this line ends in %s but the first line in %s",
                        end == 2 ? "CRLF" : "LF",
                        ps->first_end == 2 ? "CRLF" : "LF");
      }
    }
    s = next;
    ps->line++;
    ps->line_start = s;
  }
  if (ps->field_lines == 0) {
    mtasts_i_report(&ps->sink, MTASTS_DIAG_POLICY_EMPTY, start_of_body, NULL,
                    "the policy has no fields");
    return 0;
  }
  resolve_fields(ps);
  check_combinations(ps);
  return check_hosts(ps);
}

mtasts_status mtasts_policy_parse(const char *buf, size_t len,
                                  const mtasts_options *options,
                                  mtasts_policy **out) {
#ifdef MTASTS_NO_FASTPATH
  return mtasts_i_policy_parse(buf, len, options, 0, out);
#else
  return mtasts_i_policy_parse(buf, len, options, 1, out);
#endif
}

/* A policy the fast path accepted (lib/fastpath.c): its values, and no
 * finding, as the full checker would give them. */
_Static_assert(MT_FAST_MX <= MX_FIRST, "the fast path's mx fit the result");
static void take_fast(mtasts_policy *p, const char *buf,
                      const mtasts_i_fast_policy *fp) {
  p->has_version = 1;
  p->mode = fp->mode;
  p->has_max_age = 1;
  p->max_age = fp->max_age;
  for (size_t i = 0; i < fp->nmx; i++)
    p->mx[i] =
        mtasts_i_text_add(&p->alloc, &p->text, buf + fp->mx[i].off,
                          fp->mx[i].len); /* fits: text.cap >= fp->text */
  p->nmx = fp->nmx;
}

mtasts_status mtasts_i_policy_parse(const char *buf, size_t len,
                                    const mtasts_options *options, int fast,
                                    mtasts_policy **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  if (!buf && len)
    return MTASTS_ERR_INVALID_ARG;
  mtasts_options opts;
  mtasts_status st = mtasts_i_options_read(options, &opts);
  if (st != MTASTS_OK)
    return st;
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, opts.allocator);
  /* The values are parts of lines, at most one value or one name and value
   * (with the colon between) per line, so the text never needs more than
   * len + 1 bytes with its NULs. It starts inside the result. */
  size_t text_max = len < SIZE_MAX ? len + 1 : len;
  size_t first = text_max < TEXT_FIRST ? text_max : TEXT_FIRST;
  mtasts_policy *p = mtasts_i_malloc(&m, sizeof *p + first);
  if (!p)
    return MTASTS_ERR_NOMEM;
  memset(p, 0, sizeof *p);
  p->alloc = m;
  p->text.data = p->text_first;
  p->text.fixed = p->text_first;
  p->text.cap = first;
  p->text.limit = text_max;
  p->mx = p->mx_first;
  p->cap_mx = MX_FIRST;
  mtasts_i_fast_policy fp;
  if (fast && opts.mx_host_count == 0 && mtasts_i_policy_fast(buf, len, &fp) &&
      fp.text <= first) {
    take_fast(p, buf, &fp);
    *out = p;
    return MTASTS_OK;
  }
  parser ps;
  memset(&ps, 0, offsetof(parser, sink));
  ps.p = p;
  ps.buf = buf ? buf : "";
  ps.len = len;
  ps.opts = &opts;
  ps.line = 1;
  mtasts_i_sink_init(&ps.sink, &p->alloc, &opts);
  mtasts_i_strset_init(&ps.ext_names, &p->alloc, 0, key_of_ext, p);
  mtasts_i_strset_init(&ps.near_names, &p->alloc, 0, key_of_near, &ps);
  mtasts_i_strset_init(&ps.mx_seen, &p->alloc, 1, key_of_mx, p);
  int rc = scan(&ps);
  mtasts_i_strset_release(&ps.ext_names);
  mtasts_i_strset_release(&ps.near_names);
  mtasts_i_strset_release(&ps.mx_seen);
  mtasts_i_free(&p->alloc, ps.mx_line);
  mtasts_i_free(&p->alloc, ps.near);
  if (rc == 0 && !ps.sink.nomem) {
    p->errors = ps.sink.errors;
    rc = mtasts_i_sink_finish(&ps.sink, &p->diags, &p->ndiags);
  } else {
    rc = -1;
  }
  mtasts_i_sink_release(&ps.sink);
  if (rc != 0) {
    mtasts_policy_free(p);
    return MTASTS_ERR_NOMEM;
  }
  p->errors = ps.sink.errors;
  *out = p;
  return MTASTS_OK;
}

void mtasts_policy_free(mtasts_policy *p) {
  if (!p)
    return;
  mtasts_i_alloc m = p->alloc;
  mtasts_i_free(&m, p->diags);
  if (p->text.data != p->text_first)
    mtasts_i_free(&m, p->text.data);
  if (p->mx != p->mx_first)
    mtasts_i_free(&m, p->mx);
  mtasts_i_free(&m, p->ext);
  mtasts_i_free(&m, p->host_match);
  mtasts_i_free(&m, p);
}

/* ---------------------------------------------------------------------- */
/* Accessors.                                                              */

int mtasts_policy_valid(const mtasts_policy *p) {
  return p && p->errors == 0;
}

size_t mtasts_policy_diag_count(const mtasts_policy *p) {
  return p ? p->ndiags : 0;
}

const mtasts_diag *mtasts_policy_diag(const mtasts_policy *p, size_t i) {
  return (p && i < p->ndiags) ? &p->diags[i] : NULL;
}

const char *mtasts_policy_version(const mtasts_policy *p) {
  return (p && p->has_version) ? "STSv1" : NULL;
}

mtasts_mode mtasts_policy_mode(const mtasts_policy *p) {
  return p ? p->mode : MTASTS_MODE_UNSET;
}

int mtasts_policy_max_age(const mtasts_policy *p, uint64_t *seconds) {
  if (!p || !p->has_max_age)
    return 0;
  if (seconds)
    *seconds = p->max_age;
  return 1;
}

size_t mtasts_policy_mx_count(const mtasts_policy *p) {
  return p ? p->nmx : 0;
}

const char *mtasts_policy_mx(const mtasts_policy *p, size_t i) {
  return (p && i < p->nmx) ? p->text.data + p->mx[i] : NULL;
}

size_t mtasts_policy_extension_count(const mtasts_policy *p) {
  return p ? p->next : 0;
}

const char *mtasts_policy_extension_name(const mtasts_policy *p, size_t i) {
  return (p && i < p->next) ? p->text.data + p->ext[2 * i] : NULL;
}

const char *mtasts_policy_extension_value(const mtasts_policy *p, size_t i) {
  return (p && i < p->next) ? p->text.data + p->ext[2 * i + 1] : NULL;
}

long mtasts_policy_mx_host_match(const mtasts_policy *p, size_t i) {
  return (p && i < p->nhosts) ? p->host_match[i] : -1;
}
