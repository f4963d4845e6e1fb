/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the fast path of the policy parser (RFC 8461 §3.2).
 *
 * Most policies are well formed: four kinds of line, each written the
 * usual way. For those, the full checker (lib/policy.c) spends most of
 * its time getting ready for findings that never come. The fast path is
 * one pass over the bytes that accepts only a policy on which the full
 * checker has nothing at all to say, not even a note, and produces its
 * values; at the first byte it does not expect it gives up, and the full
 * checker starts again from the beginning. So the result is the full
 * checker's on every input: the fast path either gives exactly what it
 * would give (values and no finding) or nothing.
 *
 * What it accepts, line by line, each ended by LF or CRLF like the first
 * (the last may have no end):
 *
 *   version: STSv1                 on the first line, once
 *   mode: enforce|testing|none     once
 *   max_age: DIGITS                once, 86400 to 31557600, no leading 0
 *   mx: NAME                       at most MT_FAST_MX, no repeat
 *
 * with exactly one space after the colon, printable ASCII only, and NAME
 * a host name of two labels or more in lower case (letters, digits, inner
 * hyphens, labels of 1 to 63 octets, 253 in all, a top label not all
 * digits, no "??--" label), optionally after "*.", whose base is then no
 * public suffix. Together: mx at least once, mode "none" only with
 * max_age 86400, mode "enforce" only with max_age 604800 or more, and the
 * body at most 64000 bytes. Anything else (any other field, whitespace,
 * a repeat, a caller's MX hosts to check) is the full checker's.
 *
 * Disabled with -DMTASTS_FASTPATH=OFF, to run the test suite through the
 * full checker alone; fuzz/fuzz_fastpath.c compares the two.
 */
#include "internal.h"

/* The rules the fast path relies on, as the full checker has them: RFC
 * 8461 §3.2 max_age limit, the advice of one day and one week, and the
 * 64 kilobytes of §3.3. */
#define FAST_MAX_AGE_LIMIT 31557600u
#define FAST_ONE_DAY 86400u
#define FAST_ONE_WEEK 604800u
#define FAST_SIZE_ADVICE 64000u
/* RFC 1035 §2.3.4 with RFC 5321 §4.1.2: labels and names. */
#define FAST_LABEL_MAX 63
#define FAST_NAME_MAX 253
/* RFC 8461 §3.1: sts-id = 1*32(ALPHA / DIGIT). */
#define FAST_ID_MAX 32

/* Byte classes of a host name in its usual form. */
enum { FC_LOWER = 1, FC_DIGIT = 2, FC_HYPHEN = 4 };
#define FC_4(c, k) [c] = k, [c + 1] = k, [c + 2] = k, [c + 3] = k
#define FC_8(c, k) FC_4(c, k), FC_4(c + 4, k)
static const unsigned char fast_class[256] = {
    ['-'] = FC_HYPHEN,   FC_8('0', FC_DIGIT), ['8'] = FC_DIGIT,
    ['9'] = FC_DIGIT,    FC_8('a', FC_LOWER), FC_8('i', FC_LOWER),
    FC_8('q', FC_LOWER), ['y'] = FC_LOWER,    ['z'] = FC_LOWER,
};

/* The eight bytes at p, and the first n (< 8) of them with the others
 * zero: literals read so fold into constants, in the machine's order. */
static inline uint64_t load8(const char *p) {
  uint64_t x;
  memcpy(&x, p, sizeof x);
  return x;
}
static inline uint64_t load_n(const char *p, size_t n) {
  uint64_t x = 0;
  memcpy(&x, p, n);
  return x;
}

/*
 * The host name or mx pattern at v (len bytes available): the length of
 * the name, which ends at the first byte that is neither a letter, digit,
 * hyphen nor dot, when it is a usual name as described above (with a
 * leading "*." only when wild is set), else 0; *dot is where its first dot
 * after a leading "*." is (0: none). The caller checks the byte after it.
 */
static inline size_t fast_name(const char *v, size_t len, int wild,
                               size_t *dot) {
  const unsigned char *p = (const unsigned char *)v;
  size_t i = 0, labels = 0, start = 0;
  *dot = 0;
  if (wild && len >= 2 && p[0] == '*' && p[1] == '.') {
    i = 2;
    labels = 1;
  }
  for (;;) {
    start = i;
    /* The label's letters, digits and hyphens, four at a time. */
    while (len - i >= 4 && fast_class[p[i]] && fast_class[p[i + 1]] &&
           fast_class[p[i + 2]] && fast_class[p[i + 3]])
      i += 4;
    while (i < len && fast_class[p[i]])
      i++;
    size_t n = i - start;
    if (n == 0 || n > FAST_LABEL_MAX || p[start] == '-' || p[i - 1] == '-' ||
        (n >= 4 && p[start + 2] == '-' && p[start + 3] == '-'))
      return 0;
    labels++;
    if (i < len && p[i] == '.') {
      if (!*dot && i > 1)
        *dot = i;
      i++;
      continue;
    }
    break;
  }
  if (labels < 2 || i > FAST_NAME_MAX)
    return 0;
  /* RFC 1123 §2.1: the top label is not all digits. */
  for (size_t k = start; k < i; k++)
    if (!(fast_class[p[k]] & FC_DIGIT))
      return i;
  return 0;
}

int mtasts_i_policy_fast(const char *buf, size_t len,
                         mtasts_i_fast_policy *out) {
  if (len < 14 || len > FAST_SIZE_ADVICE)
    return 0;
  const char *p = buf, *e = buf + len;
  int ending = 0; /* 1 LF, 2 CRLF */
  int have_mode = 0, have_age = 0;
  size_t nmx = 0, text = 0;
  uint64_t age = 0;
  if (load8(p) != load8("version:") || load_n(p + 8, 6) != load_n(" STSv1", 6))
    return 0;
  p += 14;
  for (;;) {
    /* p is at the end of a value: the line end, or the input's end. */
    if (p == e)
      break;
    int end;
    if (*p == '\n') {
      end = 1;
      p++;
    } else if (*p == '\r' && e - p >= 2 && p[1] == '\n') {
      end = 2;
      p += 2;
    } else {
      return 0;
    }
    if (ending != end) {
      if (ending)
        return 0;
      ending = end;
    }
    if (p == e)
      break;
    size_t rem = (size_t)(e - p);
    if (rem > 4 && load_n(p, 4) == load_n("mx: ", 4)) {
      if (nmx == MT_FAST_MX)
        return 0;
      const char *v = p + 4;
      size_t dot, n = fast_name(v, rem - 4, 1, &dot);
      /* The value ends at the line end (or the input's). */
      if (n == 0 || (n < rem - 4 && v[n] != '\n' && v[n] != '\r'))
        return 0;
      if (v[0] == '*') {
        /* RFC 8461 §4.1: no wildcard over a public suffix. */
        int sure = mtasts_i_suffix_usual(v + 2, n - 2, dot ? dot - 2 : n - 2);
        if (sure < 0 ? mtasts_i_public_suffix(v + 2, n - 2) : sure)
          return 0;
      }
      for (size_t i = 0; i < nmx; i++)
        if (out->mx[i].len == n && memcmp(buf + out->mx[i].off, v, n) == 0)
          return 0;
      out->mx[nmx].off = (size_t)(v - buf);
      out->mx[nmx].len = n;
      nmx++;
      text += n + 1;
      p = v + n;
    } else if (rem > 9 && load8(p) == load8("max_age:") && p[8] == ' ') {
      const char *v = p + 9;
      size_t vr = rem - 9, d = 0;
      if (have_age || v[0] == '0')
        return 0;
      have_age = 1;
      while (d < vr && d <= 10 && mtasts_i_is_digit((unsigned char)v[d])) {
        age = age * 10 + (uint64_t)(v[d] - '0');
        d++;
      }
      if (d == 0 || d > 10 || age < FAST_ONE_DAY || age > FAST_MAX_AGE_LIMIT)
        return 0;
      p = v + d;
    } else if (rem > 6 && load_n(p, 6) == load_n("mode: ", 6)) {
      const char *v = p + 6;
      size_t vr = rem - 6;
      if (have_mode)
        return 0;
      have_mode = 1;
      if (vr >= 7 && load_n(v, 7) == load_n("enforce", 7)) {
        out->mode = MTASTS_MODE_ENFORCE;
        p = v + 7;
      } else if (vr >= 7 && load_n(v, 7) == load_n("testing", 7)) {
        out->mode = MTASTS_MODE_TESTING;
        p = v + 7;
      } else if (vr >= 4 && load_n(v, 4) == load_n("none", 4)) {
        out->mode = MTASTS_MODE_NONE;
        p = v + 4;
      } else {
        return 0;
      }
    } else {
      return 0;
    }
  }
  if (!have_mode || !have_age || nmx == 0 ||
      (out->mode == MTASTS_MODE_NONE && age > FAST_ONE_DAY) ||
      (out->mode == MTASTS_MODE_ENFORCE && age < FAST_ONE_WEEK))
    return 0;
  out->max_age = age;
  out->nmx = nmx;
  out->text = text;
  return 1;
}

/* ---------------------------------------------------------------------- */
/* The TXT records (RFC 8461 §3.1, RFC 8460 §3).                           */

/*
 * A single record in raw form, on which lib/record.c has nothing to say:
 *
 *   v=STSv1;    *WSP id=1*32(ALPHA / DIGIT)  [*WSP ";" *WSP]
 *   v=TLSRPTv1; *WSP rua=URI *(*WSP "," *WSP URI) [*WSP ";" *WSP]
 *
 * (the tag right before its ';', since whitespace there hides the record
 * from some senders, RFC 8461 EID 6285), with URI one of
 *
 *   mailto:LOCAL@NAME        LOCAL letters, digits, ".", "_", "+", "-"
 *   https://NAME[/PATH]      PATH bytes a URI holds unencoded (RFC 3986
 *                            §2), but '%', '!', '#', '[', ']', ',', ';'
 *
 * and NAME a usual host name as the policy's mx takes it, without "*.".
 * No extension, no second id or rua field, no empty field: each of those
 * gives a finding, so the full checker takes the record.
 */

/* Bytes of a mailto local part and of an https path that the fast path
 * takes (see above). */
enum { FU_LOCAL = 1, FU_PATH = 2, FU_ALNUM = 4 };
#define FU_AN (FU_LOCAL | FU_PATH | FU_ALNUM)
#define FU_LP (FU_LOCAL | FU_PATH)
static const unsigned char fast_uri[256] = {
    ['.'] = FU_LP,    ['_'] = FU_LP,    ['+'] = FU_LP,    ['-'] = FU_LP,
    FC_8('0', FU_AN), ['8'] = FU_AN,    ['9'] = FU_AN,    FC_8('a', FU_AN),
    FC_8('i', FU_AN), FC_8('q', FU_AN), ['y'] = FU_AN,    ['z'] = FU_AN,
    FC_8('A', FU_AN), FC_8('I', FU_AN), FC_8('Q', FU_AN), ['Y'] = FU_AN,
    ['Z'] = FU_AN,    ['/'] = FU_PATH,  ['?'] = FU_PATH,  ['='] = FU_PATH,
    ['&'] = FU_PATH,  ['~'] = FU_PATH,  [':'] = FU_PATH,  ['@'] = FU_PATH,
    ['$'] = FU_PATH,  ['\''] = FU_PATH, ['('] = FU_PATH,  [')'] = FU_PATH,
    ['*'] = FU_PATH,
};

/* The first i from i on (at most n) whose byte is not of class k. */
static inline size_t fast_run(const unsigned char *p, size_t n, size_t i,
                              unsigned k) {
  while (n - i >= 4 && (fast_uri[p[i]] & fast_uri[p[i + 1]] &
                        fast_uri[p[i + 2]] & fast_uri[p[i + 3]] & k))
    i += 4;
  while (i < n && (fast_uri[p[i]] & k))
    i++;
  return i;
}

/* The URI at u (len bytes available): its length when it is one the fast
 * path takes, ending at ',', ';', WSP or the end, else 0. */
static size_t fast_uri_at(const char *u, size_t len) {
  const unsigned char *p = (const unsigned char *)u;
  size_t i, dot, n;
  if (len > 7 && load_n(u, 7) == load_n("mailto:", 7)) {
    i = fast_run(p, len, 7, FU_LOCAL);
    if (i == 7 || i == len || p[i] != '@')
      return 0;
    i++;
    n = fast_name(u + i, len - i, 0, &dot);
    if (n == 0)
      return 0;
    i += n;
  } else if (len > 8 && load8(u) == load8("https://")) {
    n = fast_name(u + 8, len - 8, 0, &dot);
    if (n == 0)
      return 0;
    i = 8 + n;
    if (i < len && p[i] == '/')
      i = fast_run(p, len, i, FU_PATH);
  } else {
    return 0;
  }
  if (i < len && p[i] != ',' && p[i] != ';' && p[i] != ' ' && p[i] != '\t')
    return 0;
  return i;
}

static size_t fast_skip_wsp(const char *t, size_t n, size_t i) {
  while (i < n && (t[i] == ' ' || t[i] == '\t'))
    i++;
  return i;
}

int mtasts_i_record_fast(mtasts_kind kind, const char *t, size_t n,
                         mtasts_i_fast_record *out) {
  size_t i;
  out->nrua = 0;
  if (kind == MTASTS_RECORD_STS) {
    if (n < 12 || load8(t) != load8("v=STSv1;"))
      return 0;
    i = fast_skip_wsp(t, n, 8);
    if (n - i < 4 || load_n(t + i, 3) != load_n("id=", 3))
      return 0;
    size_t v = i + 3;
    i = fast_run((const unsigned char *)t, n, v, FU_ALNUM);
    if (i == v || i - v > FAST_ID_MAX)
      return 0;
    out->id_off = v;
    out->id_len = i - v;
    out->text = (i - v + 1) + sizeof "STSv1";
  } else {
    if (n < 16 || load8(t) != load8("v=TLSRPT") ||
        load_n(t + 8, 3) != load_n("v1;", 3))
      return 0;
    i = fast_skip_wsp(t, n, 11);
    if (n - i < 5 || load_n(t + i, 4) != load_n("rua=", 4))
      return 0;
    i += 4;
    out->text = sizeof "TLSRPTv1";
    for (;;) {
      size_t u = fast_uri_at(t + i, n - i);
      if (u == 0 || out->nrua == MT_FAST_RUA)
        return 0;
      out->rua[out->nrua].off = i;
      out->rua[out->nrua].len = u;
      out->nrua++;
      out->text += u + 1;
      size_t after = i + u;
      i = fast_skip_wsp(t, n, after);
      if (i == n || t[i] != ',') {
        /* Not a list: whitespace after the last URI belongs to the end,
         * where it is allowed only before a ';'. */
        i = after;
        break;
      }
      i = fast_skip_wsp(t, n, i + 1);
    }
  }
  /* The end, or *WSP ";" *WSP and the end: anything after is another
   * field, which the full checker reads. */
  if (i < n) {
    i = fast_skip_wsp(t, n, i);
    if (i == n || t[i] != ';')
      return 0;
    i = fast_skip_wsp(t, n, i + 1);
  }
  return i == n;
}
