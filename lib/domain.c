/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: host names, mx patterns, pattern matching and A-labels.
 *
 * An mx value is `["*."] Domain` (RFC 8461 §3.2), where Domain is the
 * RFC 5321 §4.1.2 rule: labels of letters, digits and inner hyphens that
 * start and end with a letter or digit, joined by single dots. On top of the
 * grammar we apply the DNS limits of RFC 1035 §2.3.4 (63 octets a label, 253
 * characters a name in text form) and RFC 1123 §2.1 (a dotted quad is never a
 * host name). A wildcard is only ever the whole left-most label (RFC 8461
 * §4.1) and stands for exactly one label when matching.
 *
 * Every function here makes a constant number of passes over its input, so
 * it runs in linear time whatever the input looks like. Nothing allocates.
 */
#include "internal.h"

#include <string.h>

/* RFC 1035 §2.3.4: a label is at most 63 octets. */
#define MT_LABEL_MAX 63
/* RFC 1035 §3.1: 255 octets in wire form, i.e. 253 characters in text form
 * without the root dot. */
#define MT_NAME_MAX 253

static void set_issue(mtasts_i_domain_issue *issue, mtasts_diag_code code,
                      size_t off, size_t len) {
  if (issue) {
    issue->code = code;
    issue->off = off;
    issue->len = len;
  }
}

/* The span [*off, *off + *len) of the label of p[0..n) holding byte i. */
static void label_around(const char *p, size_t n, size_t i, size_t *off,
                         size_t *len) {
  size_t a = i, b = i;
  while (a > 0 && p[a - 1] != '.')
    a--;
  while (b < n && p[b] != '.')
    b++;
  *off = a;
  *len = b - a;
}

static int is_separator(unsigned char c) {
  return c == ' ' || c == '\t' || c == ',';
}

/* 1 when p[0..n) is one or more digits. */
static int all_digits(const char *p, size_t n) {
  if (n == 0)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!mtasts_i_is_digit((unsigned char)p[i]))
      return 0;
  return 1;
}

/* 1 when p[0..n) is a dotted quad: four non-empty all-digit labels. Any
 * number of digits counts (`10.0.0.300` is no host name either). */
static int is_dotted_quad(const char *p, size_t n) {
  size_t labels = 0, start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || p[i] == '.') {
      if (!all_digits(p + start, i - start))
        return 0;
      labels++;
      start = i + 1;
    }
  }
  return labels == 4;
}

/* Index of the ':' of a `:digits` suffix running to the end (a port), or n
 * when there is none. Only the first ':' counts: with a second one the value
 * is not host:port. */
static size_t port_start(const char *p, size_t n) {
  const char *c = memchr(p, ':', n);
  if (!c)
    return n;
  size_t i = (size_t)(c - p);
  return all_digits(p + i + 1, n - i - 1) ? i : n;
}

/*
 * 1 when p[0..n) is an IP address literal of some form (RFC 5321 §4.1.3):
 * an address literal in brackets ("[" dotted quad "]", "[IPv6:" ... "]", or
 * an IPv6 address in brackets as URIs write it, RFC 3986 §3.2.2; a host
 * name in brackets is template debris, no address), something that looks
 * like an IPv6 address (at least two ':' and nothing but hex digits, ':' and
 * '.'), or a dotted quad, also when followed by a port or a trailing dot
 * (`192.0.2.1:25` and `192.0.2.1.` are reported as the address they are,
 * not as a port or dot).
 */
static int is_ip_literal(const char *p, size_t n) {
  int bracketed = p[0] == '[';
  if (bracketed) {
    /* What follows the "]" (a port) does not change what is inside. */
    const char *close = memchr(p, ']', n);
    if (!close)
      return 0;
    n = (size_t)(close - p) - 1;
    p++;
    if ((n > 5 && mtasts_i_eq_nocase(p, 5, "IPv6:", 5)) || is_dotted_quad(p, n))
      return 1;
  }
  size_t colons = 0;
  int hexish = 1;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == ':')
      colons++;
    else if (!mtasts_i_is_hex(c) && c != '.')
      hexish = 0;
  }
  if (colons >= 2 && hexish)
    return 1;
  if (bracketed)
    return 0;
  size_t e = port_start(p, n);
  if (e > 1 && p[e - 1] == '.')
    e--;
  return is_dotted_quad(p, e);
}

/*
 * The rules shared by mx patterns and host names; p[0..n) has no trailing
 * dot when it is a host name (the caller strips it). Reports the first error
 * in a fixed order of priority, so that the message names the real problem
 * (`mail.example.com:25` is a port, not a bad character).
 */
int mtasts_i_name_check(const char *p, size_t n, int wildcard_ok,
                        mtasts_i_domain_issue *issue) {
  if (n == 0) {
    set_issue(issue, MTASTS_DIAG_POLICY_MX_EMPTY_LABEL, 0, 0);
    return 1;
  }

  /* RFC 8461 §3.2: an IDN must be given as A-labels; any byte >= 0x80 is
   * part of a U-label (or not UTF-8 at all). */
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)p[i] >= 0x80) {
      set_issue(issue, MTASTS_DIAG_POLICY_MX_U_LABEL, 0, n);
      return 1;
    }
  }

  /* RFC 8461 §3.2: one pattern per mx line. A space, tab or comma with text
   * on both sides separates two names; a stray one at either end is merely
   * a bad character, reported below. */
  size_t first = n, last = 0;
  for (size_t i = 0; i < n; i++) {
    if (!is_separator((unsigned char)p[i])) {
      if (first == n)
        first = i;
      last = i;
    }
  }
  for (size_t i = first + 1; first < n && i < last; i++) {
    if (is_separator((unsigned char)p[i])) {
      set_issue(issue, MTASTS_DIAG_POLICY_MX_MULTIPLE, i, 1);
      return 1;
    }
  }

  /* RFC 1123 §2.1, RFC 8461 §4.1: an MX is matched by name, never by
   * address. */
  if (is_ip_literal(p, n)) {
    set_issue(issue, MTASTS_DIAG_POLICY_MX_IP_ADDRESS, 0, n);
    return 1;
  }

  size_t port = port_start(p, n);
  if (port < n) {
    set_issue(issue, MTASTS_DIAG_POLICY_MX_PORT, port, n - port);
    return 1;
  }

  /* RFC 5321 §4.1.2: Domain has neither a trailing nor a leading dot. When
   * nothing but dots or a lone "*" precede the final dot, the leading dot or
   * the wildcard is the better description. */
  if (p[n - 1] == '.') {
    size_t k = n;
    while (k > 0 && p[k - 1] == '.')
      k--;
    if (!(k == 0 || (k == 1 && p[0] == '*'))) {
      set_issue(issue, MTASTS_DIAG_POLICY_MX_TRAILING_DOT, n - 1, 1);
      return 1;
    }
  }
  if (p[0] == '.') {
    set_issue(issue, MTASTS_DIAG_POLICY_MX_LEADING_DOT, 0, 1);
    return 1;
  }

  /* RFC 8461 §3.2 and §4.1: the only wildcard is a left-most label that is
   * exactly "*", followed by "." and the rest of the name. */
  size_t d0 = 0; /* where the Domain part starts */
  const char *star = memchr(p, '*', n);
  if (star) {
    size_t s = (size_t)(star - p);
    if (wildcard_ok && s == 0 && n >= 3 && p[1] == '.') {
      d0 = 2;
      star = memchr(p + 2, '*', n - 2);
      s = star ? (size_t)(star - p) : n;
    }
    if (s < n) {
      size_t off, len;
      label_around(p, n, s, &off, &len);
      set_issue(issue, MTASTS_DIAG_POLICY_MX_WILDCARD_INVALID, off, len);
      return 1;
    }
  }

  /* RFC 5321 §4.1.2: no empty label; span the dot that closes it. */
  for (size_t i = 1; i < n; i++) {
    if (p[i] == '.' && p[i - 1] == '.') {
      set_issue(issue, MTASTS_DIAG_POLICY_MX_EMPTY_LABEL, i, 1);
      return 1;
    }
  }

  /* RFC 5321 §4.1.2: letters, digits, hyphens and the dots between labels. */
  for (size_t i = d0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (!mtasts_i_is_alnum(c) && c != '-' && c != '.') {
      set_issue(issue, MTASTS_DIAG_POLICY_MX_INVALID_CHAR, i, 1);
      return 1;
    }
  }

  /* Now p[d0..n) is non-empty labels of letters, digits and hyphens. First
   * RFC 5321 §4.1.2 (Let-dig at both ends), then RFC 1035 §2.3.4 (63). */
  for (int pass = 0; pass < 2; pass++) {
    size_t start = d0;
    for (size_t i = d0; i <= n; i++) {
      if (i < n && p[i] != '.')
        continue;
      size_t len = i - start;
      if (pass == 0 && (p[start] == '-' || p[i - 1] == '-')) {
        set_issue(issue, MTASTS_DIAG_POLICY_MX_LABEL_HYPHEN, start, len);
        return 1;
      }
      if (pass == 1 && len > MT_LABEL_MAX) {
        set_issue(issue, MTASTS_DIAG_POLICY_MX_LABEL_TOO_LONG, start, len);
        return 1;
      }
      start = i + 1;
    }
  }

  /* RFC 1035 §3.1. For a wildcard pattern this leaves the Domain at most 251
   * characters, room for the one-character label the "*" stands for at
   * least (RFC 8461 §4.1). */
  if (n > MT_NAME_MAX) {
    set_issue(issue, MTASTS_DIAG_POLICY_MX_TOO_LONG, 0, n);
    return 1;
  }

  /* RFC 1123 §2.1 (and RFC 3696 §2): a top-level label is never all
   * digits, so `10.0.0.300` or `mail.123` cannot be a host name. */
  size_t tld = n;
  while (tld > d0 && p[tld - 1] != '.')
    tld--;
  if (all_digits(p + tld, n - tld)) {
    set_issue(issue, MTASTS_DIAG_POLICY_MX_IP_ADDRESS, 0, n);
    return 1;
  }
  return 0;
}

/* Byte classes of the fast path; 0 is any other byte. */
enum { NC_LOWER = 1, NC_UPPER = 2, NC_DIGIT = 4, NC_HYPHEN = 8 };

#define NC_4(c, k) [c] = k, [c + 1] = k, [c + 2] = k, [c + 3] = k
#define NC_8(c, k) NC_4(c, k), NC_4(c + 4, k)
static const unsigned char name_class[256] = {
    ['-'] = NC_HYPHEN,   NC_8('0', NC_DIGIT), ['8'] = NC_DIGIT,
    ['9'] = NC_DIGIT,    NC_8('A', NC_UPPER), NC_8('I', NC_UPPER),
    NC_8('Q', NC_UPPER), ['Y'] = NC_UPPER,    ['Z'] = NC_UPPER,
    NC_8('a', NC_LOWER), NC_8('i', NC_LOWER), NC_8('q', NC_LOWER),
    ['y'] = NC_LOWER,    ['z'] = NC_LOWER,
};
#undef NC_8
#undef NC_4

int mtasts_i_name_plainly_valid(const char *p, size_t n, int wildcard_ok) {
  size_t i = 0;
  unsigned labels = 0;
  if (wildcard_ok && n >= 3 && p[0] == '*' && p[1] == '.') {
    i = 2;
    labels = 1;
  }
  if (i == n || n > MT_NAME_MAX)
    return 0;
  int usual = MT_NAME_USUAL;
  size_t start = i;
  unsigned seen = 0; /* the classes met in the current label */
  for (;; i++) {
    unsigned k;
    while (i < n && (k = name_class[(unsigned char)p[i]]) != 0) {
      seen |= k;
      i++;
    }
    if (i < n && p[i] != '.')
      return 0;
    size_t len = i - start;
    if (len == 0 || len > MT_LABEL_MAX || p[start] == '-' || p[i - 1] == '-')
      return 0;
    /* Advice (mtasts_i_mx_pattern_advice) may have something to say about upper
     * case and about "??--" labels. */
    if ((seen & NC_UPPER) ||
        (len >= 4 && p[start + 2] == '-' && p[start + 3] == '-'))
      usual = 0;
    labels++;
    if (i == n) {
      /* RFC 1123 §2.1: no all-digit top label. */
      if (seen == NC_DIGIT)
        return 0;
      return MT_NAME_PLAIN | (labels >= 2 ? usual : 0);
    }
    start = i + 1;
    seen = 0;
  }
}

int mtasts_i_mx_pattern_check(const char *p, size_t n,
                              mtasts_i_domain_issue *issue) {
  if (!p)
    n = 0;
  if (mtasts_i_name_plainly_valid(p, n, 1))
    return 0;
  return mtasts_i_name_check(p, n, 1, issue);
}

int mtasts_i_host_check(const char *p, size_t n, mtasts_i_domain_issue *issue) {
  if (!p)
    n = 0;
  /* An MX exchange in DNS presentation form ends in the root dot; one is
   * accepted (a lone "." is still no name). */
  if (n > 1 && p[n - 1] == '.')
    n--;
  if (mtasts_i_name_plainly_valid(p, n, 0))
    return 0;
  return mtasts_i_name_check(p, n, 0, issue);
}

/* The public form of the host-name check (include/mtasts/mtasts.h). */
int mtasts_host_check(const char *name, size_t len, mtasts_name_issue *issue) {
  mtasts_i_domain_issue is;
  if (!name && len) {
    /* Nothing to read: describe it as an empty name. */
    name = "";
    len = 0;
  }
  const char *reason = NULL;
  if (mtasts_i_host_check(name, len, &is) == 0) {
    /* RFC 5890 §2.3.2.1, as for mx patterns: an xn-- label must be a real
     * A-label (checked with libidn2; without it, never reported). */
    size_t n = len && name[len - 1] == '.' ? len - 1 : len;
    if (!mtasts_i_fake_alabel(name, n, &is.off, &is.len))
      return 1;
    is.code = MTASTS_DIAG_POLICY_MX_FAKE_A_LABEL;
    reason = "has a label that starts with 'xn--' but is not a valid A-label";
  }
  if (issue) {
    mtasts_name_issue found;
    mtasts_name_issue_init(&found);
    found.code = is.code;
    found.offset = is.off;
    found.length = is.len;
    found.reason = reason ? reason
                   : len  ? mtasts_i_domain_reason(is.code, 1)
                          : "is empty";
    mtasts_i_issue_write(issue, &found);
  }
  return 0;
}

size_t mtasts_i_mx_pattern_advice(const char *p, size_t n,
                                  mtasts_i_domain_issue *out, size_t max) {
  size_t k = 0;
  if (!p || n == 0 || !out || max == 0)
    return 0;

  int dots = 0, upper = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '.')
      dots = 1;
    else if (c >= 'A' && c <= 'Z')
      upper = 1;
  }
  /* RFC 5321 §2.3.5: SMTP uses fully qualified names. A valid wildcard
   * always has a dot, so no dot means a single label. */
  if (!dots && k < max)
    set_issue(&out[k++], MTASTS_DIAG_POLICY_MX_SINGLE_LABEL, 0, n);

  /* RFC 5890 §2.3.1: "??--" labels are reserved, except for "xn--"
   * A-labels. Reported in position order; the whole-name upper-case note
   * goes right after whatever is reported at offset 0. */
  int upper_done = !upper;
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && p[i] != '.')
      continue;
    size_t len = i - start;
    if (start > 0 && !upper_done && k < max) {
      set_issue(&out[k++], MTASTS_DIAG_POLICY_MX_UPPERCASE, 0, n);
      upper_done = 1;
    }
    if (len >= 4 && p[start + 2] == '-' && p[start + 3] == '-' &&
        !mtasts_i_eq_nocase(p + start, 4, "xn--", 4) && k < max)
      set_issue(&out[k++], MTASTS_DIAG_POLICY_MX_RESERVED_LABEL, start, len);
    start = i + 1;
  }
  /* RFC 8461 §4.1 matching ignores case; lower case is the usual form. */
  if (!upper_done && k < max)
    set_issue(&out[k++], MTASTS_DIAG_POLICY_MX_UPPERCASE, 0, n);
  return k;
}

/* ---------------------------------------------------------------------- */
/* Wording                                                                 */

/* What each problem means, as the end of a sentence whose subject is the
 * name: one wording for an mx pattern (also used for MX hosts in policy
 * findings) and, where it differs (else NULL), one for a host name on its
 * own (mtasts_host_check). */
static const struct {
  mtasts_diag_code code;
  const char *pattern;
  const char *host;
} reasons[] = {
    {MTASTS_DIAG_POLICY_MX_TRAILING_DOT,
     "ends in a dot, which the policy grammar (RFC 5321 Domain) does "
     "not allow; senders differ: some strip the dot, others reject the "
     "whole policy",
     "ends in more than one dot"},
    {MTASTS_DIAG_POLICY_MX_LEADING_DOT,
     "starts with a dot; write '*.' for a wildcard", "starts with a dot"},
    {MTASTS_DIAG_POLICY_MX_U_LABEL,
     "holds non-ASCII text; internationalized names must be written "
     "as A-labels (xn--)",
     NULL},
    {MTASTS_DIAG_POLICY_MX_PORT,
     "carries a port; mx patterns are host names only", "carries a port"},
    {MTASTS_DIAG_POLICY_MX_MULTIPLE,
     "holds more than one name; give each pattern its own mx line",
     "holds a space or comma; give one name"},
    {MTASTS_DIAG_POLICY_MX_IP_ADDRESS,
     "is an IP address; mx patterns match MX host names, never "
     "addresses",
     "is an IP address"},
    {MTASTS_DIAG_POLICY_MX_WILDCARD_INVALID,
     "has a wildcard that is not the whole left-most label '*.'",
     "holds a wildcard"},
    {MTASTS_DIAG_POLICY_MX_EMPTY_LABEL, "has an empty label", NULL},
    {MTASTS_DIAG_POLICY_MX_INVALID_CHAR,
     "holds a character not allowed in host names (letters, digits, "
     "hyphens and dots only)",
     NULL},
    {MTASTS_DIAG_POLICY_MX_LABEL_HYPHEN,
     "has a label that starts or ends with a hyphen", NULL},
    {MTASTS_DIAG_POLICY_MX_LABEL_TOO_LONG,
     "has a label longer than 63 characters", NULL},
    {MTASTS_DIAG_POLICY_MX_TOO_LONG, "is longer than 253 characters", NULL},
};

const char *mtasts_i_domain_reason(mtasts_diag_code code, int host) {
  for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
    if (reasons[i].code == code) {
      if (host && reasons[i].host)
        return reasons[i].host;
      return reasons[i].pattern;
    }
  return "is not a valid host name";
}

int mtasts_mx_match(const char *pattern, size_t pattern_len, const char *host,
                    size_t host_len) {
  if ((!pattern && pattern_len) || (!host && host_len))
    return 0;
  if (mtasts_i_mx_pattern_check(pattern, pattern_len, NULL) != 0 ||
      mtasts_i_host_check(host, host_len, NULL) != 0)
    return 0;
  /* mtasts_i_host_check accepted it, so a trailing dot is the root dot. */
  if (host[host_len - 1] == '.')
    host_len--;

  /* RFC 8461 §4.1: "*." covers exactly one left-most label; compare labels
   * ignoring ASCII case (RFC 6125 §6.4.1, RFC 4343). */
  if (pattern[0] == '*') {
    const char *dot = memchr(host, '.', host_len);
    if (!dot)
      return 0;
    size_t rest = host_len - (size_t)(dot - host) - 1;
    return mtasts_i_eq_nocase(dot + 1, rest, pattern + 2, pattern_len - 2);
  }
  return mtasts_i_eq_nocase(pattern, pattern_len, host, host_len);
}

/* ---------------------------------------------------------------------- */
/* A-labels (RFC 5890, RFC 5891), with libidn2                             */

#ifdef MTASTS_HAVE_IDN2
#include <idn2.h>

/* IDNA2008 lookup (RFC 5891 §5) with the UTS #46 non-transitional mapping
 * (case folding, NFC), as browsers and mail software map names. */
enum { MT_IDN2_FLAGS = IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL };
/* IDNA2008 proper (RFC 5891 §5, RFC 5892 tables), on input already in NFC:
 * with IDN2_NFC_INPUT as well, ten CJK compatibility ideographs (U+2F868
 * and others) normalise to a valid label that the mapping refuses. */
enum { MT_IDN2_STRICT = IDN2_NO_TR46 };

/*
 * The A-label form of the UTF-8 name in, as the UTS #46 mapping gives it.
 * The mapping costs about 30,000 instructions a call (libidn2 2.3.3), the
 * strict lookup about 7,400, and wherever the strict lookup succeeds both
 * give the same result (test_domain's idna_strict_agrees, over every code
 * point, with the hyphen rule below): so the strict one is asked first, and the
 * mapping only for names it refuses (upper case, full-width forms and the other
 * code points the mapping exists for, DISALLOWED in IDNA2008).
 */
static int hyphen_at_label_end(const char *in) {
  for (size_t i = 0; in[i]; i++)
    if (in[i] == '-' &&
        (i == 0 || in[i - 1] == '.' || in[i + 1] == '.' || in[i + 1] == '\0'))
      return 1;
  return 0;
}

static int to_ascii(const char *in, char **out) {
  *out = NULL;
  /* RFC 5891 §4.2.3.1: no label begins or ends with '-'. libidn2's
   * strict lookup leaves that check to the mapping (it lets "a-" and
   * "-.b" through), so such names go to the mapping, which refuses them. */
  if (!hyphen_at_label_end(in) &&
      idn2_to_ascii_8z(in, out, MT_IDN2_STRICT) == IDN2_OK && *out)
    return IDN2_OK;
  idn2_free(*out);
  *out = NULL;
  return idn2_to_ascii_8z(in, out, MT_IDN2_FLAGS);
}

/* Room for a name of 253 octets of which every character takes 4 in UTF-8,
 * and its NUL. */
enum { MT_IDN_IN_MAX = 4 * 253 + 8 };

size_t mtasts_i_to_alabel(const char *p, size_t n, char *dst, size_t cap) {
  if (!p || !dst || cap == 0 || n == 0 || n >= MT_IDN_IN_MAX ||
      memchr(p, '\0', n))
    return 0;
  /* RFC 3629 §4: the whole input must be UTF-8. */
  for (size_t i = 0; i < n;) {
    size_t len = mtasts_i_utf8_len((const unsigned char *)p + i, n - i);
    if (len == 0)
      return 0;
    i += len;
  }
  char in[MT_IDN_IN_MAX];
  memcpy(in, p, n);
  in[n] = '\0';
  /* libidn2 allocates the result with malloc; idn2_free releases it. */
  char *out = NULL;
  if (to_ascii(in, &out) != IDN2_OK || !out) {
    idn2_free(out);
    return 0;
  }
  size_t k = strlen(out);
  size_t label = 0;
  int ok = k > 0 && k < cap;
  for (size_t i = 0; ok && i < k; i++) {
    /* RFC 1035 §2.3.4: no label is longer than 63 octets. */
    label = out[i] == '.' ? 0 : label + 1;
    if (label > MT_LABEL_MAX)
      ok = 0;
    /* Only a host name (letters, digits, hyphens; a wildcard as the whole
     * first label) is an A-label form worth showing: UTS #46 without its
     * STD3 rules lets other ASCII, control characters included, through. */
    unsigned char c = (unsigned char)out[i];
    if (!mtasts_i_is_alnum(c) && c != '-' && c != '.' &&
        !(c == '*' && i == 0 && k > 1 && out[1] == '.'))
      ok = 0;
  }
  if (ok) {
    for (size_t i = 0; i < k; i++)
      dst[i] = (char)mtasts_i_lower((unsigned char)out[i]);
    dst[k] = '\0';
  }
  idn2_free(out);
  return ok ? k : 0;
}

/* 1 when the ASCII label p[0..n) (at most 63 octets, starting "xn--") is a
 * real A-label: RFC 5890 §2.3.2.1 and RFC 5891 §5.4: it decodes to a valid
 * U-label that encodes back to the same A-label. */
static int real_alabel(const char *p, size_t n) {
  char in[MT_LABEL_MAX + 1];
  if (n > MT_LABEL_MAX)
    return 0;
  memcpy(in, p, n);
  in[n] = '\0';
  char *u = NULL, *a = NULL;
  int real = 0;
  if (idn2_to_unicode_8z8z(in, &u, 0) == IDN2_OK && u) {
    /* A U-label has at least one non-ASCII character. */
    int wide = 0;
    for (const char *c = u; *c; c++)
      if ((unsigned char)*c >= 0x80)
        wide = 1;
    if (wide && to_ascii(u, &a) == IDN2_OK && a &&
        mtasts_i_eq_nocase(a, strlen(a), p, n))
      real = 1;
  }
  idn2_free(u);
  idn2_free(a);
  return real;
}

int mtasts_i_fake_alabel(const char *p, size_t n, size_t *off, size_t *len) {
  size_t start = 0;
  for (size_t i = 0; p && i <= n; i++) {
    if (i < n && p[i] != '.')
      continue;
    size_t k = i - start;
    if (k >= 4 && mtasts_i_eq_nocase(p + start, 4, "xn--", 4) &&
        !real_alabel(p + start, k)) {
      *off = start;
      *len = k;
      return 1;
    }
    start = i + 1;
  }
  return 0;
}

#else /* !MTASTS_HAVE_IDN2 */

/* Without libidn2 there are no Unicode tables: no A-label is computed and
 * no xn-- label is checked. */
size_t mtasts_i_to_alabel(const char *p, size_t n, char *dst, size_t cap) {
  (void)p;
  (void)n;
  (void)dst;
  (void)cap;
  return 0;
}

int mtasts_i_fake_alabel(const char *p, size_t n, size_t *off, size_t *len) {
  (void)p;
  (void)n;
  (void)off;
  (void)len;
  return 0;
}
#endif
