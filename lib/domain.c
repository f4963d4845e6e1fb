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
 * an address literal in brackets, something that looks like an IPv6 address
 * (at least two ':' and nothing but hex digits, ':' and '.'), or a dotted
 * quad, also when followed by a port or a trailing dot (`192.0.2.1:25` and
 * `192.0.2.1.` are reported as the address they are, not as a port or dot).
 */
static int is_ip_literal(const char *p, size_t n) {
  if (p[0] == '[')
    return 1;
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
/* Punycode (RFC 3492) and A-labels                                        */

/* RFC 3492 §5: parameter values for Punycode. */
enum {
  PC_BASE = 36,
  PC_TMIN = 1,
  PC_TMAX = 26,
  PC_SKEW = 38,
  PC_DAMP = 700,
  PC_INITIAL_BIAS = 72,
  PC_INITIAL_N = 128
};

/* The code point of the valid UTF-8 sequence p[0..len) (len from
 * mtasts_i_utf8_len). */
static uint32_t utf8_decode(const unsigned char *p, size_t len) {
  static const unsigned char lead_mask[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t cp = p[0] & lead_mask[len];
  for (size_t i = 1; i < len; i++)
    cp = (cp << 6) | (p[i] & 0x3f);
  return cp;
}

/* Code point of the character at p[*i] (valid UTF-8), advancing *i. ASCII
 * letters are lowered: the ASCII part of IDNA mapping. Non-ASCII letters are
 * not case-mapped; the full mapping (RFC 5895, UTS #46) is out of scope. */
static uint32_t next_cp(const unsigned char *p, size_t n, size_t *i) {
  size_t len = mtasts_i_utf8_len(p + *i, n - *i);
  uint32_t cp = utf8_decode(p + *i, len);
  *i += len;
  return cp < 0x80 ? mtasts_i_lower((unsigned char)cp) : cp;
}

/* RFC 3492 §6.1: bias adaptation. */
static uint32_t adapt(uint32_t delta, uint32_t numpoints, int firsttime) {
  delta = firsttime ? delta / PC_DAMP : delta / 2;
  delta += delta / numpoints;
  uint32_t k = 0;
  while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) / 2) {
    delta /= PC_BASE - PC_TMIN;
    k += PC_BASE;
  }
  return k + (PC_BASE - PC_TMIN + 1) * delta / (delta + PC_SKEW);
}

/* RFC 3492 §5: 0..25 are "a".."z", 26..35 are "0".."9". */
static char encode_digit(uint32_t d) {
  return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

/*
 * RFC 3492 §6.3: appends the Punycode form of the label p[0..n) (valid
 * UTF-8, with cps code points of which basic are ASCII) to dst[*o..limit).
 * Returns 0, or -1 when it does not fit or on overflow. The main loop runs
 * once per distinct non-basic code point, each time over the whole label,
 * so the caller bounds the label's size first.
 */
static int punycode(const unsigned char *p, size_t n, uint32_t cps,
                    uint32_t basic, char *dst, size_t *o, size_t limit) {
  size_t out = *o;
  /* Basic code points first, in order, then the delimiter. */
  for (size_t i = 0; i < n;) {
    uint32_t c = next_cp(p, n, &i);
    if (c < 0x80)
      dst[out++] = (char)c; /* room checked by the caller */
  }
  if (basic > 0)
    dst[out++] = '-';

  uint32_t cur = PC_INITIAL_N, delta = 0, bias = PC_INITIAL_BIAS;
  uint32_t h = basic;
  while (h < cps) {
    /* The smallest code point not yet handled. */
    uint32_t m = UINT32_MAX;
    for (size_t i = 0; i < n;) {
      uint32_t c = next_cp(p, n, &i);
      if (c >= cur && c < m)
        m = c;
    }
    if ((m - cur) > (UINT32_MAX - delta) / (h + 1))
      return -1;
    delta += (m - cur) * (h + 1);
    cur = m;
    for (size_t i = 0; i < n;) {
      uint32_t c = next_cp(p, n, &i);
      if (c < cur && ++delta == 0)
        return -1;
      if (c != cur)
        continue;
      /* Emit delta as a generalized variable-length integer. */
      uint32_t q = delta;
      for (uint32_t k = PC_BASE;; k += PC_BASE) {
        uint32_t t = k <= bias             ? PC_TMIN
                     : k >= bias + PC_TMAX ? PC_TMAX
                                           : k - bias;
        if (q < t)
          break;
        if (out >= limit)
          return -1;
        dst[out++] = encode_digit(t + (q - t) % (PC_BASE - t));
        q = (q - t) / (PC_BASE - t);
      }
      if (out >= limit)
        return -1;
      dst[out++] = encode_digit(q);
      bias = adapt(delta, h + 1, h == basic);
      delta = 0;
      h++;
    }
    delta++;
    cur++;
  }
  *o = out;
  return 0;
}

size_t mtasts_i_to_alabel(const char *p, size_t n, char *dst, size_t cap) {
  const unsigned char *u = (const unsigned char *)p;
  if (!p || !dst || cap == 0 || n == 0)
    return 0;
  /* RFC 3629 §4: the whole input must be UTF-8. */
  for (size_t i = 0; i < n;) {
    size_t len = mtasts_i_utf8_len(u + i, n - i);
    if (len == 0)
      return 0;
    i += len;
  }

  size_t o = 0, start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && p[i] != '.')
      continue;
    const unsigned char *lab = u + start;
    size_t len = i - start;
    uint32_t cps = 0, basic = 0;
    for (size_t j = 0; j < len; j++) {
      if ((lab[j] & 0xc0) != 0x80)
        cps++;
      if (lab[j] < 0x80)
        basic++;
    }
    if (start > 0) {
      if (o + 1 >= cap)
        return 0;
      dst[o++] = '.';
    }
    if (basic == cps) {
      /* An ASCII label: copied, lower-cased. */
      if (len >= cap - o)
        return 0;
      for (size_t j = 0; j < len; j++)
        dst[o++] = (char)mtasts_i_lower(lab[j]);
    } else {
      /*
       * A U-label. The A-label is "xn--", the basic code points, a "-" and
       * at least one digit a non-basic code point. An A-label is a DNS label
       * (RFC 5890 §2.3.2.1), at most 63 octets (RFC 1035 §2.3.4), so a label
       * that cannot fit in 63 is refused before the encoder's loop, which
       * keeps its cost per label bounded.
       */
      size_t limit = cap - 1; /* room for the NUL */
      if (limit - o > MT_LABEL_MAX)
        limit = o + MT_LABEL_MAX;
      if ((size_t)cps + (basic ? 1 : 0) + 4 > limit - o)
        return 0;
      memcpy(dst + o, "xn--", 4);
      o += 4;
      if (punycode(lab, len, cps, basic, dst, &o, limit) != 0)
        return 0;
    }
    start = i + 1;
  }
  dst[o] = '\0';
  return o;
}
