/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the rua list of a TLS-RPT record (RFC 8460 §3).
 *
 *   tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
 *   tlsrpt-uri = URI    ; RFC 3986; ',', '!' and ';' MUST be encoded
 *
 * "Two URI schemes are supported" (RFC 8460 §3): mailto (RFC 6068), whose
 * address must be local@domain, and https, which needs a host (RFC 3986
 * §3.2). The scheme is case-insensitive (RFC 3986 §3.1).
 */
#include "internal.h"

#include <string.h>

/* RFC 3986 §2.2 and §2.3: bytes a URI holds without percent-encoding. '%'
 * (pct-encoded) is handled on its own. */
static int uri_char(unsigned char c) {
  /* One bit a byte, for the 128 ASCII bytes: ALPHA, DIGIT and
   * "-._~!$&'()*+,;=:/?#[]@". */
  static const uint32_t set[4] = {
      0x00000000u, /* 0x00-0x1f: none */
      0xafffffdau, /* 0x20-0x3f: ! # $ & ' ( ) * + , - . / 0-9 : ; = ? */
      0xafffffffu, /* 0x40-0x5f: @ A-Z [ ] _ */
      0x47fffffeu, /* 0x60-0x7f: a-z ~ */
  };
  return c < 0x80 && (set[c >> 5] >> (c & 31) & 1u);
}

/* uri_char without '!' and '#', which the character check looks at more
 * closely: the bytes it passes over at once, one entry a byte. */
static const unsigned char uri_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* 1 when p[0..n) equals the lower-case letters lit[0..n) ignoring case. */
static int eq_letters(const char *p, const char *lit, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)p[i] | 0x20) != (unsigned char)lit[i])
      return 0;
  return 1;
}

/* RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
static int scheme_ok(const char *p, size_t n) {
  if (n == 0 || !mtasts_i_is_alpha((unsigned char)p[0]))
    return 0;
  for (size_t i = 1; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (!mtasts_i_is_alnum(c) && c != '+' && c != '-' && c != '.')
      return 0;
  }
  return 1;
}

/* RFC 3986 §3.2.2: IPv4address, four dec-octets. */
static int ipv4_ok(const char *p, size_t n) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    size_t start = i;
    unsigned v = 0;
    while (i < n && mtasts_i_is_digit((unsigned char)p[i]) && i - start < 3)
      v = v * 10 + (unsigned)(p[i++] - '0');
    if (i == start || v > 255 || (i - start > 1 && p[start] == '0'))
      return 0;
    if (part < 3) {
      if (i >= n || p[i] != '.')
        return 0;
      i++;
    }
  }
  return i == n;
}

/* The inside of an IP-literal (RFC 3986 §3.2.2), loosely: hex digits, ':'
 * and '.', with at least one ':'. */
static int ip_literal_ok(const char *p, size_t n) {
  int colon = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == ':')
      colon = 1;
    else if (!mtasts_i_is_hex(c) && c != '.')
      return 0;
  }
  return colon;
}

static int host_name_ok(const char *p, size_t n) {
  mtasts_i_domain_issue issue;
  return n > 0 && mtasts_i_host_check(p, n, &issue) == 0;
}

/* The hint that replaces text[a, a+n) (one URI) with p1 followed by p2,
 * through the one TXT fix-it builder; h has MT_HINT_MAX + 1 bytes. */
static const char *hint2(const mtasts_i_txt_ctx *c, size_t a, size_t n, char *h,
                         const char *p1, size_t n1, const char *p2, size_t n2) {
  char r[MT_HINT_MAX + 1];
  if (n1 + n2 > MT_HINT_MAX)
    return NULL;
  memcpy(r, p1, n1);
  memcpy(r + n1, p2, n2);
  return mtasts_i_txt_fix(c, a, a + n, r, n1 + n2, 0, h);
}

/* The rua field over the list text[off, end) without its empty entries
 * ("rua=a,,b," gives "rua=a,b"), from the field's name on; NULL when no
 * entry is left. */
static const char *list_fix(const mtasts_i_txt_ctx *c, size_t off, size_t end,
                            char *h) {
  const char *t = c->text;
  char r[MT_HINT_MAX + 1];
  size_t o = 0, fs = off;
  /* The field's name: "rua", then '=' with any whitespace around it. */
  while (fs > 0 && mtasts_i_is_wsp((unsigned char)t[fs - 1]))
    fs--;
  if (fs == 0 || t[fs - 1] != '=')
    return NULL;
  fs--;
  while (fs > 0 && mtasts_i_is_wsp((unsigned char)t[fs - 1]))
    fs--;
  if (fs < 3)
    return NULL;
  fs -= 3;
  memcpy(r, "rua=", 4);
  o = 4;
  for (size_t i = off; i < end;) {
    size_t e = i;
    while (e < end && t[e] != ',')
      e++;
    size_t a = i, b = e;
    while (a < b && mtasts_i_is_wsp((unsigned char)t[a]))
      a++;
    while (b > a && mtasts_i_is_wsp((unsigned char)t[b - 1]))
      b--;
    if (a < b) {
      if (o + (b - a) + 1 > MT_HINT_MAX)
        return NULL;
      if (o > 4)
        r[o++] = ',';
      memcpy(r + o, t + a, b - a);
      o += b - a;
    }
    i = e + 1;
  }
  if (o == 4)
    return NULL;
  return mtasts_i_txt_fix(c, fs, end, r, o, 0, h);
}

/* The hint of the empty entries of one list, built once (at the first
 * one) so that a long list of commas stays linear. */
typedef struct list_hint {
  int built;
  const char *hint;
  size_t fix_off, fix_len;
  char h[MT_HINT_MAX + 1];
} list_hint;

static void empty_entry(const mtasts_i_txt_ctx *c, size_t off, size_t end,
                        size_t i, size_t e, list_hint *lh) {
  /* Each empty entry gets the same hint: the whole field without any of
   * them, so that applying one fixes all. */
  if (!lh->built) {
    lh->built = 1;
    lh->hint = list_fix(c, off, end, lh->h);
    lh->fix_off = c->sink->fix_off;
    lh->fix_len = c->sink->fix_len;
  } else if (lh->hint) {
    mtasts_i_fix(c->sink, lh->fix_off, lh->fix_len);
  }
  const char *hint = lh->hint;
  if (e < end)
    mtasts_i_report(
        c->sink, MTASTS_DIAG_TLSRPT_RUA_EMPTY_URI, mtasts_i_txt_where(c, e, 1),
        hint,
        i == off ? "the rua list starts with ','"
                 : "the rua list has two commas with no URI between them");
  else if (i > off)
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_EMPTY_URI,
                    mtasts_i_txt_where(c, i - 1, 1), hint,
                    "the rua list ends with ','");
  else
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_EMPTY_URI,
                    mtasts_i_txt_where(c, off, 0), hint, "rua has no URI");
}

/* What is wrong with one addr-spec p[0..n) of a mailto URI, or NULL. */
static const char *address_problem(const char *p, size_t n) {
  const char *at = memchr(p, '@', n);
  if (n == 0)
    return "has no address";
  if (!at)
    return "has no '@' in its address";
  if (at == p)
    return "has an empty local part before '@'";
  if (memchr(p, '[', (size_t)(at - p)) || memchr(p, ']', (size_t)(at - p)))
    return "has '[' or ']' in the local part of its address";
  const char *d = at + 1;
  size_t dn = (size_t)(p + n - d);
  if (dn == 0)
    return "has no domain after '@'";
  if (d[0] == '[')
    return dn >= 3 && d[dn - 1] == ']' && !memchr(d + 1, '[', dn - 2) &&
                   !memchr(d + 1, ']', dn - 2)
               ? NULL
               : "has a bad address literal as its domain";
  /* RFC 5322 §3.4.1 dot-atom: no dot at the end of the domain (host
   * names elsewhere may end in the root's dot, an address may not). */
  if (d[dn - 1] == '.')
    return "has a dot at the end of its domain, which an address cannot "
           "have (RFC 5322 dot-atom)";
  if (!host_name_ok(d, dn))
    return "does not have a valid host name as its domain";
  return NULL;
}

/* mailto:addr[%2Caddr...][?hfields] (RFC 6068 §2: several addresses are
 * separated by commas, which RFC 8460 §3 requires to be encoded as %2C).
 * u[0..n) is the URI, the addresses start at u[from]. */
static int check_mailto(const mtasts_i_txt_ctx *c, size_t a, size_t n,
                        size_t from) {
  const char *u = c->text + a;
  char q[MT_QUOTE_MAX], h[MT_HINT_MAX + 1];
  const char *why = NULL;
  const char *qp = memchr(u + from, '?', n - from);
  size_t qm = qp ? (size_t)(qp - u) : n;
  size_t start = from;
  for (size_t i = from; !why;) {
    /* The next "%2C" (any case) before the query, or the query. */
    const char *pct = memchr(u + i, '%', qm - i);
    size_t k = pct ? (size_t)(pct - u) : qm;
    if (k < qm &&
        !(k + 3 <= qm && u[k + 1] == '2' && (u[k + 2] | 0x20) == 'c')) {
      i = k + 1;
      continue;
    }
    why = address_problem(u + start, k - start);
    if (k >= qm)
      break;
    start = i = k + 3;
  }
  if (why) {
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_MAILTO_INVALID,
                    mtasts_i_txt_where(c, a, n), NULL, "the mailto URI %s %s",
                    mtasts_i_quote(q, sizeof q, u, n), why);
    return 0;
  }
  if (qm < n)
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_MAILTO_QUERY,
                    mtasts_i_txt_where(c, a + qm, n - qm),
                    hint2(c, a, n, h, u, qm, "", 0),
                    "the mailto URI %s carries header fields after '?', which "
                    "reporters may ignore",
                    mtasts_i_quote(q, sizeof q, u, n));
  return 1;
}

/* https://host[:port][/path][?query][#fragment] (RFC 3986 §3). */
static int check_https(const mtasts_i_txt_ctx *c, size_t a, size_t n,
                       size_t from) {
  const char *u = c->text + a;
  char q[MT_QUOTE_MAX], qh[MT_QUOTE_MAX];
  const char *why = NULL;
  size_t i = from + 2, h0 = from + 2, h1 = 0, port = 0;
  if (n - from < 2 || u[from] != '/' || u[from + 1] != '/') {
    why = "does not start with https://";
  } else {
    while (i < n && u[i] != '/' && u[i] != '?' && u[i] != '#')
      i++;
    /* The authority is u[h0..i). */
    h1 = i;
    if (memchr(u + h0, '@', i - h0)) {
      why = "carries user information before '@'";
    } else if (h0 < i && u[h0] == '[') {
      const char *close = memchr(u + h0, ']', i - h0);
      if (!close || !ip_literal_ok(u + h0 + 1, (size_t)(close - u) - h0 - 1))
        why = "has a bad IP address literal as its host";
      else if ((h1 = (size_t)(close - u) + 1) < i && u[h1] != ':')
        why = "has text after the IP address literal";
      else if (h1 < i)
        port = h1 + 1;
    } else {
      const char *colon = memchr(u + h0, ':', i - h0);
      if (colon) {
        h1 = (size_t)(colon - u);
        port = h1 + 1;
      }
      if (h1 == h0)
        why = "has no host";
      else if (!ipv4_ok(u + h0, h1 - h0) && !host_name_ok(u + h0, h1 - h0))
        why = "does not have a valid host name";
    }
    if (!why && port) {
      unsigned long v = 0;
      size_t k = port;
      while (k < i && k - port < 5 && mtasts_i_is_digit((unsigned char)u[k]))
        v = v * 10 + (unsigned long)(u[k++] - '0');
      if (k == port || k != i || v > 65535)
        why = "has a port that is not a number from 0 to 65535";
    }
    if (!why && (memchr(u + i, '[', n - i) || memchr(u + i, ']', n - i)))
      why = "has '[' or ']' outside the host";
  }
  if (why) {
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_HTTPS_INVALID,
                    mtasts_i_txt_where(c, a, n), NULL, "the https URI %s %s",
                    mtasts_i_quote(q, sizeof q, u, n), why);
    return 0;
  }
  /* A single-label host ("https://com") is a valid URI but no reporter's
   * idea of a report endpoint (RFC 5321 §2.3.5 wants fully qualified
   * names), as for a single-label mx pattern. */
  if (u[h0] != '[' && !memchr(u + h0, '.', h1 - h0))
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_HTTPS_SINGLE_LABEL,
                    mtasts_i_txt_where(c, a + h0, h1 - h0), NULL,
                    "the https URI %s has the single-label host %s; report "
                    "endpoints have fully qualified names",
                    mtasts_i_quote(q, sizeof q, u, n),
                    mtasts_i_quote(qh, sizeof qh, u + h0, h1 - h0));
  return 1;
}

/* One entry of the list, text[a, a+n), n > 0. Returns 1 when it is valid. */
static int check_uri(const mtasts_i_txt_ctx *c, size_t a, size_t n) {
  const char *u = c->text + a;
  char q[MT_QUOTE_MAX], h[MT_HINT_MAX + 1];
  const char *colon = memchr(u, ':', n);
  size_t sn = colon ? (size_t)(colon - u) : 0;
  if (!colon || !scheme_ok(u, sn)) {
    /* A bare address is the usual mistake (RFC 8460 §3 needs a URI), also
     * in the brackets or quotes of a template or of mail
     * ("<a@example.com>"), which the hint drops (mtasts_i_unwrap). */
    size_t io = 0, il = n;
    mtasts_i_unwrap(u, n, &io, &il);
    /* The hint is offered only when it is a valid entry itself: an
     * address whose bytes a URI holds as they are ("[a@example.com", cut
     * from a template, gets none). */
    int plain = !colon && !address_problem(u + io, il);
    for (size_t i = 0; plain && i < il; i++)
      plain = uri_char((unsigned char)u[io + i]);
    const char *hint =
        plain ? hint2(c, a, n, h, "mailto:", 7, u + io, il) : NULL;
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_NO_SCHEME,
                    mtasts_i_txt_where(c, a, n), hint,
                    "the rua entry %s is not a URI with a scheme such as "
                    "mailto: or https:",
                    mtasts_i_quote(q, sizeof q, u, n));
    return 0;
  }
  int mailto = sn == 6 && eq_letters(u, "mailto", 6);
  if (!mailto && !(sn == 5 && eq_letters(u, "https", 5))) {
    /* "http:" and mistyped schemes ("htps", "mailo": one edit away). */
    char low[8];
    const char *meant = NULL;
    if (sn < sizeof low) {
      for (size_t i = 0; i < sn; i++)
        low[i] = (char)mtasts_i_lower((unsigned char)u[i]);
      if (mtasts_i_eq_lit(low, sn, "http") ||
          mtasts_i_one_edit(low, sn, "https", 5))
        meant = "https";
      else if (mtasts_i_one_edit(low, sn, "mailto", 6))
        meant = "mailto";
    }
    const char *hint =
        meant ? hint2(c, a, n, h, meant, strlen(meant), u + sn, n - sn) : NULL;
    char qs[MT_QUOTE_MAX];
    mtasts_i_report(
        c->sink, MTASTS_DIAG_TLSRPT_RUA_UNSUPPORTED_SCHEME,
        mtasts_i_txt_where(c, a, sn), hint,
        "the rua URI %s uses the scheme %s; only mailto and https are "
        "supported",
        mtasts_i_quote(q, sizeof q, u, n),
        mtasts_i_quote(qs, sizeof qs, u, sn));
    return 0;
  }
  for (size_t i = 0; i < sn; i++) {
    if (mtasts_i_lower((unsigned char)u[i]) != (unsigned char)u[i]) {
      const char *hint =
          hint2(c, a, n, h, mailto ? "mailto" : "https", sn, u + sn, n - sn);
      mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_SCHEME_CASE,
                      mtasts_i_txt_where(c, a, sn), hint,
                      "the scheme of the rua URI %s is not in lower case",
                      mtasts_i_quote(q, sizeof q, u, n));
      break;
    }
  }
  /* Characters (RFC 3986 §2; RFC 8460 §3 for '!'). */
  size_t bang = n, bad = n, bad_len = 1;
  int fragment = 0;
  for (size_t i = sn + 1; i < n && (bang == n || bad == n); i++) {
    unsigned char ch = (unsigned char)u[i];
    if (uri_plain[ch])
      continue;
    if (ch == '%') {
      if (i + 2 < n && mtasts_i_is_hex((unsigned char)u[i + 1]) &&
          mtasts_i_is_hex((unsigned char)u[i + 2])) {
        i += 2;
      } else if (bad == n) {
        bad = i;
        bad_len = i + 2 < n ? 3 : n - i;
      }
    } else if (ch == '!') {
      if (bang == n)
        bang = i;
    } else if (!uri_char(ch) || (ch == '#' && fragment)) {
      if (bad == n) {
        bad = i;
        bad_len = ch >= 0x80
                      ? mtasts_i_utf8_len((const unsigned char *)u + i, n - i)
                      : 1;
        if (bad_len == 0)
          bad_len = 1;
      }
    }
    if (ch == '#')
      fragment = 1;
  }
  if (bang < n) {
    const char *hint = NULL;
    char enc[MT_HINT_MAX + 1];
    size_t o = 0, i;
    for (i = 0; i < n && o + 3 <= MT_HINT_MAX; i++) {
      if (u[i] == '!') {
        memcpy(enc + o, "%21", 3);
        o += 3;
      } else {
        enc[o++] = u[i];
      }
    }
    const char *at = memchr(u, '@', n);
    if (mailto && at && at < u + bang)
      /* "a@example.com!10m": a DMARC-style size limit (RFC 7489 §6.4),
       * which RFC 8460 has not; encoding it would spoil the domain. */
      hint = mtasts_i_txt_fix(c, a, a + n, u, bang, 0, h);
    else if (i == n)
      hint = mtasts_i_txt_fix(c, a, a + n, enc, o, 0, h);
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_UNENCODED_CHAR,
                    mtasts_i_txt_where(c, a + bang, 1), hint,
                    "the rua URI %s holds '!', which must be encoded as %%21",
                    mtasts_i_quote(q, sizeof q, u, n));
  }
  if (bad < n) {
    char qb[MT_QUOTE_MAX];
    mtasts_i_report(c->sink, MTASTS_DIAG_TLSRPT_RUA_INVALID_URI,
                    mtasts_i_txt_where(c, a + bad, bad_len), NULL,
                    u[bad] == '%'
                        ? "the rua URI %s holds the bad percent-escape %s"
                        : "the rua URI %s holds %s, which a URI cannot hold "
                          "unencoded",
                    mtasts_i_quote(q, sizeof q, u, n),
                    mtasts_i_quote(qb, sizeof qb, u + bad, bad_len));
  }
  if (bang < n || bad < n)
    return 0;
  return mailto ? check_mailto(c, a, n, sn + 1) : check_https(c, a, n, sn + 1);
}

int mtasts_i_rua_check(const mtasts_i_txt_ctx *c, size_t off, size_t len,
                       int (*take)(void *user, size_t off, size_t len),
                       void *user) {
  const char *t = c->text;
  size_t end = off + len, i = off;
  list_hint lh;
  lh.built = 0;
  for (;;) {
    const char *comma = memchr(t + i, ',', end - i);
    size_t e = comma ? (size_t)(comma - t) : end;
    size_t a = i, b = e;
    while (a < b && mtasts_i_is_wsp((unsigned char)t[a]))
      a++;
    while (b > a && mtasts_i_is_wsp((unsigned char)t[b - 1]))
      b--;
    if (a == b) {
      empty_entry(c, off, end, i, e, &lh);
    } else if (check_uri(c, a, b - a) && take) {
      int r = take(user, a, b - a);
      if (r)
        return r;
    }
    if (e == end)
      return 0;
    i = e + 1;
  }
}
