/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: the _mta-sts TXT record (RFC 8461 §3.1) and the _smtp._tls
 * TLS-RPT TXT record (RFC 8460 §3).
 *
 * Both grammars are the same list of "name=value" fields after a version
 * tag:
 *
 *   record      = version 1*(field-delim field) [field-delim]
 *   field-delim = *WSP ";" *WSP
 *   ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 *   ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
 *
 * They differ only in the tag (%s"v=STSv1" / %s"v=TLSRPTv1"), the field
 * that is required (id / rua) and what that field's value must be. One
 * field parser below does both, driven by a descriptor per kind.
 *
 * Several records at one name form a set: senders drop those that do not
 * begin with the tag, and act as if there were no record unless exactly one
 * is left (RFC 8461 §3.1, RFC 8460 §3).
 */
#include "internal.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* The two kinds.                                                          */

typedef enum field_kind {
  F_EXT = 0, /* an extension: any well-formed name=value */
  F_VERSION, /* "v", which belongs first, as the tag */
  F_ID,      /* RFC 8461 §3.1 sts-id */
  F_RUA      /* RFC 8460 §3 tlsrpt-rua */
} field_kind;

typedef struct known_field {
  const char *name;
  size_t len; /* strlen(name) */
  field_kind kind;
} known_field;

typedef struct kind_desc {
  const char *tag;      /* the version field as the record starts with it */
  const char *version;  /* its value */
  const char *required; /* the field the record must hold */
  mtasts_diag_code missing;
  const known_field *known;
  size_t nknown;
  size_t tag_len, version_len; /* strlen of tag and version */
} kind_desc;

static const known_field sts_known[] = {{"v", 1, F_VERSION}, {"id", 2, F_ID}};
static const known_field tlsrpt_known[] = {{"v", 1, F_VERSION},
                                           {"rua", 3, F_RUA}};

static const kind_desc kinds[] = {
    /* RFC 8461 §3.1 */
    {"v=STSv1", "STSv1", "id", MTASTS_DIAG_STS_ID_MISSING, sts_known, 2, 7, 5},
    /* RFC 8460 §3 */
    {"v=TLSRPTv1", "TLSRPTv1", "rua", MTASTS_DIAG_TLSRPT_RUA_MISSING,
     tlsrpt_known, 2, 10, 8},
};

/* RFC 8461 §3.1: sts-id = %s"id=" 1*32(ALPHA / DIGIT); the same bound holds
 * for extension names (1 + 31 characters). */
#define ID_MAX 32
#define NAME_MAX_LEN 32

/* ---------------------------------------------------------------------- */
/* The result.                                                             */

struct mtasts_record {
  mtasts_i_alloc alloc;
  mtasts_kind kind;
  mtasts_diag *diags;
  size_t ndiags;
  int valid;
  long selected;
  mtasts_i_text text; /* the values, addressed by offset */
  size_t version;     /* offsets in text, or MT_NO_TEXT */
  size_t id;
  size_t *rua;
  size_t nrua, rua_cap;
  /* The extensions: the offset in text of each one's name, whose value
   * follows its NUL. 32-bit offsets (uint32_t) unless the text may reach
   * 4 GiB (ext_wide: size_t); this list is the only per-field index of a
   * record of many fields (see note_once). */
  void *ext;
  size_t next, ext_cap;
  unsigned char ext_wide;
  /* Set when text, rua or ext grew out of the parse's scratch storage into
   * an allocation of their own; otherwise they are inside the result's one
   * allocation, as are the diagnostics. */
  unsigned char own_text, own_rua, own_ext;
};

/* Where the values of a record go while it is parsed: on the stack, then
 * copied into the result's single allocation. A record too large for it
 * grows out of it (mtasts_i_grow_from), a few times for the whole parse. */
#define SCRATCH_RUA 8
#define SCRATCH_EXT 4
typedef struct scratch {
  char text[512];
  size_t rua[SCRATCH_RUA];
  size_t ext[SCRATCH_EXT]; /* SCRATCH_EXT offsets of either width */
} scratch;

static size_t ext_size(const mtasts_record *r) {
  return r->ext_wide ? sizeof(size_t) : sizeof(uint32_t);
}

static size_t ext_at(const mtasts_record *r, size_t i) {
  if (r->ext_wide)
    return ((const size_t *)r->ext)[i];
  return ((const uint32_t *)r->ext)[i];
}

/* ---------------------------------------------------------------------- */
/* The version tag.                                                        */

typedef enum tag_match {
  TAG_EXACT,   /* the tag, then ';', WSP or the end: a candidate */
  TAG_FIXABLE, /* the tag in the wrong case or with whitespace, then ';',
                  WSP or the end */
  TAG_BOTCHED, /* looks like the tag, but more text follows it */
  TAG_NONE     /* another kind of record */
} tag_match;

static int ends_tag(const char *t, size_t n, size_t i) {
  return i == n || t[i] == ';' || mtasts_i_is_wsp((unsigned char)t[i]);
}

static size_t skip_wsp(const char *t, size_t n, size_t i) {
  while (i < n && mtasts_i_is_wsp((unsigned char)t[i]))
    i++;
  return i;
}

/* WSP, or a control character where whitespace may stand. */
static int is_space_like(unsigned char c) {
  return mtasts_i_is_wsp(c) || mtasts_i_is_ctl(c);
}

/* 1 when t[i..n) starts with space and then a field, with no ';' first. */
static int field_without_delim(const char *t, size_t n, size_t i) {
  size_t k = i;
  while (k < n && is_space_like((unsigned char)t[k]))
    k++;
  return k > i && k < n && t[k] != ';';
}

/*
 * Compares the start of t[0..n) with the kind's tag. *end receives the end
 * of the (possibly botched) tag: for TAG_BOTCHED, the end of the token that
 * holds it (up to ';' or WSP).
 */
static tag_match match_tag(const kind_desc *d, const char *t, size_t n,
                           size_t *end) {
  size_t tl = d->tag_len, vl = d->version_len, i;
  *end = 0;
  if (n >= tl && memcmp(t, d->tag, tl) == 0 && ends_tag(t, n, tl)) {
    *end = tl;
    return TAG_EXACT;
  }
  /* Loosely: " V = stsv1" (RFC 7405 %s makes all of these errors). */
  i = skip_wsp(t, n, 0);
  if (i >= n || mtasts_i_lower((unsigned char)t[i]) != 'v')
    return TAG_NONE;
  i = skip_wsp(t, n, i + 1);
  if (i >= n || t[i] != '=')
    return TAG_NONE;
  i = skip_wsp(t, n, i + 1);
  if (n - i < vl || !mtasts_i_eq_nocase(t + i, vl, d->version, vl))
    return TAG_NONE;
  i += vl;
  if (ends_tag(t, n, i)) {
    *end = i;
    return TAG_FIXABLE;
  }
  while (!ends_tag(t, n, i))
    i++;
  *end = i;
  return TAG_BOTCHED;
}

/* ---------------------------------------------------------------------- */
/* Linting one record.                                                     */

typedef struct span {
  const char *p;
  size_t n;
} span;

/* Fields that may appear once are compared one by one up to this many; past
 * it they go into a hash set, so that a record of many fields stays linear. */
#define FIRST_FIXED 8
#define NEAR_FIXED 4

typedef struct lint {
  mtasts_record *res;
  scratch *sc;
  const kind_desc *d;
  mtasts_i_txt_ctx c;
  int take; /* copy the values into res: this is the selected record */
  int nomem;
  /* The first occurrence of each field that may appear once: the set's
   * element 2k is extension k of res (when take), 2k + 1 is first[k]. */
  mtasts_i_strset seen;
  struct once {
    span name, value;
  } * first;
  size_t nfirst, first_cap;
  size_t noted; /* nfirst + the extensions taken; past FIRST_FIXED, the set */
  size_t semis; /* ';' left after the current field, or SIZE_MAX unknown */
  size_t fields;
  int required_seen; /* the required field, spelt right */
  int ctl_reported;
  int id_taken;
  size_t rua_fields;
  int required_valid;  /* and one of them has a valid value */
  size_t non_ascii_at; /* the byte reported as txt-non-ascii, or SIZE_MAX */
  /* Known fields spelt in another case ("ID="): reported once it is known
   * whether the real field is there too. */
  struct near {
    size_t a, ne, vs, b;
    const char *name;
  } * near;
  size_t nnear, near_cap;
  struct once first_fixed[FIRST_FIXED];
  struct near near_fixed[NEAR_FIXED];
} lint;

const char *mtasts_i_txt_fix(const mtasts_i_txt_ctx *c, size_t a, size_t b,
                             const char *r, size_t rn, int whole, char *out) {
  const char *t = c->text;
  char rec[MT_HINT_MAX + 1];
  if (memchr(r, 0, rn))
    return NULL;
  if (!c->zone && !whole) {
    if (rn > MT_HINT_MAX)
      return NULL;
    memcpy(out, r, rn);
    out[rn] = '\0';
    mtasts_i_fix(c->sink, a, b - a);
    return out;
  }
  size_t n = a + rn + (c->len - b);
  if (n > MT_HINT_MAX || memchr(t, 0, a) || memchr(t + b, 0, c->len - b))
    return NULL;
  memcpy(rec, t, a);
  memcpy(rec + a, r, rn);
  memcpy(rec + a + rn, t + b, c->len - b);
  rec[n] = '\0';
  if (c->zone) {
    if (!mtasts_i_zone_quote(out, MT_HINT_MAX + 1, rec, n))
      return NULL;
  } else {
    memcpy(out, rec, n + 1);
  }
  mtasts_i_fix(c->sink, 0, c->given_len);
  return out;
}

/* The fix-it "name=value" over the field t[a..b). */
static const char *field_fix(const lint *L, size_t a, size_t b,
                             const char *name, size_t nn, const char *value,
                             size_t vn, char *out) {
  char f[MT_HINT_MAX + 1];
  if (nn + 1 + vn > MT_HINT_MAX)
    return NULL;
  memcpy(f, name, nn);
  f[nn] = '=';
  memcpy(f + nn + 1, value, vn);
  return mtasts_i_txt_fix(&L->c, a, b, f, nn + 1 + vn, 0, out);
}

static mtasts_i_where at(const lint *L, size_t off, size_t len) {
  return mtasts_i_txt_where(&L->c, off, len);
}

/* Skips WSP from i. Other control characters stand where whitespace may be;
 * they are skipped as well, and the first is reported (RFC 5234 CTL, which
 * the grammar allows nowhere). *wsp is set when real WSP was seen. */
static size_t skip_space(lint *L, size_t i, int *wsp) {
  const char *t = L->c.text;
  *wsp = 0;
  while (i < L->c.len) {
    unsigned char ch = (unsigned char)t[i];
    if (mtasts_i_is_wsp(ch)) {
      *wsp = 1;
    } else if (mtasts_i_is_ctl(ch)) {
      if (!L->ctl_reported) {
        char q[MT_QUOTE_MAX];
        L->ctl_reported = 1;
        mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_CONTROL_CHAR, at(L, i, 1),
                        NULL, "the record holds the control character %s",
                        mtasts_i_quote(q, sizeof q, t + i, 1));
      }
    } else {
      break;
    }
    i++;
  }
  return i;
}

/*
 * txt-version-invalid, unless the record begins with the exact tag and then
 * a delimiter or its end (RFC 8461 §3.1, RFC 8460 §3: the version comes
 * first, %s case-sensitive). m and end come from match_tag.
 */
static void report_tag(lint *L, tag_match m, size_t end) {
  const char *t = L->c.text, *tag = L->d->tag;
  size_t n = L->c.len;
  char q[MT_QUOTE_MAX], out[MT_HINT_MAX + 1];
  int no_delim = field_without_delim(t, n, end); /* "v=STSv1 id=1" */
  if (m == TAG_EXACT && !no_delim)
    return;
  if (m == TAG_NONE) {
    size_t tok = 0, off, len;
    while (!ends_tag(t, n, tok))
      tok++;
    if (tok > 2 && t[0] == 'v' && t[1] == '=' &&
        mtasts_i_unwrap(t + 2, tok - 2, &off, &len) &&
        mtasts_i_eq_lit(t + 2 + off, len, L->d->version)) {
      /* v="STSv1": the tag in template punctuation (see
       * report_template_debris); the hint is the record with the tag. */
      mtasts_i_report(
          L->c.sink, MTASTS_DIAG_TXT_VALUE_TEMPLATE_DEBRIS, at(L, 2, tok - 2),
          mtasts_i_txt_fix(&L->c, 0, tok, tag, strlen(tag), 1, out),
          "the version %s is wrapped in %c...%c, punctuation left from a "
          "template; senders look for '%s' exactly",
          mtasts_i_quote(q, sizeof q, t + 2, tok - 2), t[2], t[tok - 1], tag);
      return;
    }
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_VERSION_INVALID, at(L, 0, tok),
                    NULL,
                    "the record %s does not begin with the version tag '%s'",
                    mtasts_i_quote(q, sizeof q, t, n), tag);
    return;
  }
  if (m == TAG_BOTCHED) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_VERSION_INVALID, at(L, 0, end),
                    NULL,
                    "the record begins with %s, not with the version tag '%s'",
                    mtasts_i_quote(q, sizeof q, t, end), tag);
    return;
  }
  /* The fix is obvious: the exact tag, a ';' if one is missing, the rest. */
  char fixed[64];
  size_t tn = strlen(tag);
  memcpy(fixed, tag, tn);
  if (no_delim)
    fixed[tn++] = ';';
  const char *hint = mtasts_i_txt_fix(&L->c, 0, end, fixed, tn, 1, out);
  if (m == TAG_FIXABLE)
    mtasts_i_report(
        L->c.sink, MTASTS_DIAG_TXT_VERSION_INVALID, at(L, 0, end), hint,
        "the record must begin with '%s' exactly (case-sensitive, no "
        "whitespace); found %s",
        tag, mtasts_i_quote(q, sizeof q, t, end));
  else
    mtasts_i_report(
        L->c.sink, MTASTS_DIAG_TXT_VERSION_INVALID, at(L, 0, end), hint,
        "the version tag '%s' is followed by another field without ';' "
        "between them",
        tag);
}

/* RFC 8461 §3.1 sts-ext-name (RFC 8460 §3 tlsrpt-ext-name is the same).
 * Returns 1 when t[a..e) is a valid name. */
static int check_name(lint *L, size_t a, size_t e, size_t field_end) {
  const char *t = L->c.text;
  char q[MT_QUOTE_MAX], qc[MT_QUOTE_MAX];
  size_t n = e - a;
  if (n == 0) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_FIELD_NAME_INVALID, at(L, a, 0),
                    NULL, "the field %s has no name before '='",
                    mtasts_i_quote(q, sizeof q, t + a, field_end - a));
    return 0;
  }
  size_t bad = mtasts_i_ext_name_bad(t + a, n);
  if (bad == 0) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_FIELD_NAME_INVALID, at(L, a, n),
                    NULL, "the field name %s must begin with a letter or digit",
                    mtasts_i_quote(q, sizeof q, t + a, n));
    return 0;
  }
  if (bad < n) {
    mtasts_i_report(
        L->c.sink, MTASTS_DIAG_TXT_FIELD_NAME_INVALID, at(L, a, n), NULL,
        "the field name %s holds %s; names hold only letters, digits, "
        "'_', '-' and '.'",
        mtasts_i_quote(q, sizeof q, t + a, n),
        mtasts_i_quote(qc, sizeof qc, t + a + bad, 1));
    return 0;
  }
  if (n > NAME_MAX_LEN) {
    mtasts_i_report(
        L->c.sink, MTASTS_DIAG_TXT_FIELD_NAME_INVALID, at(L, a, n), NULL,
        "the field name %s has %zu characters; at most 32 are allowed",
        mtasts_i_quote(q, sizeof q, t + a, n), n);
    return 0;
  }
  return 1;
}

/* 1 when the whitespace at t[i] (inside a field that ends at b) is
 * followed by "name=": two fields with the ';' between them missing. */
static int missing_delim(const lint *L, size_t i, size_t b) {
  const char *t = L->c.text;
  while (i < b && mtasts_i_is_wsp((unsigned char)t[i]))
    i++;
  size_t s = i;
  while (i < b && (mtasts_i_is_alnum((unsigned char)t[i]) || t[i] == '_' ||
                   t[i] == '-' || t[i] == '.'))
    i++;
  return i > s && i < b && t[i] == '=' &&
         mtasts_i_is_alnum((unsigned char)t[s]);
}

/* Reports the field t[a..b) whose value holds whitespace at i before
 * another "name=" (RFC 8461 §3.1, RFC 8460 §3: fields are separated by
 * ';'), with the record with the ';' added as the hint. */
static void report_missing_delim(lint *L, mtasts_diag_code code, size_t a,
                                 size_t ne, size_t i) {
  char qn[MT_QUOTE_MAX], out[MT_HINT_MAX + 1];
  mtasts_i_report(
      L->c.sink, code, at(L, i, 1),
      mtasts_i_txt_fix(&L->c, i, i, ";", 1, 1, out),
      "a ';' is missing after the field %s: whitespace separates it "
      "from the next field",
      mtasts_i_quote(qn, sizeof qn, L->c.text + a, ne - a));
}

/* RFC 8461 §3.1 sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E). Returns 1 when
 * t[vs..b) is valid. */
static int check_ext_value(lint *L, size_t a, size_t ne, size_t vs, size_t b) {
  const char *t = L->c.text;
  char q[MT_QUOTE_MAX], qn[MT_QUOTE_MAX];
  if (vs == b) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_FIELD_VALUE_INVALID,
                    at(L, vs, 0), NULL, "the field %s has no value after '='",
                    mtasts_i_quote(qn, sizeof qn, t + a, ne - a));
    return 0;
  }
  for (size_t i = vs; i < b; i++) {
    unsigned char c = (unsigned char)t[i];
    const char *what;
    size_t len = 1;
    if (c >= 0x21 && c <= 0x7e && c != ';' && c != '=')
      continue;
    if (mtasts_i_is_wsp(c) && missing_delim(L, i, b)) {
      report_missing_delim(L, MTASTS_DIAG_TXT_FIELD_VALUE_INVALID, a, ne, i);
      return 0;
    }
    if (c >= 0x80 && i == L->non_ascii_at)
      return 0; /* reported once, as txt-non-ascii */
    if (c == '=')
      what = "'='";
    else if (mtasts_i_is_wsp(c))
      what = "whitespace (fields are separated by ';')";
    else if (c >= 0x80) {
      what = "a byte outside US-ASCII";
      len = mtasts_i_utf8_len((const unsigned char *)t + i, b - i);
      if (len == 0)
        len = 1;
    } else
      what = "a control character";
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_FIELD_VALUE_INVALID,
                    at(L, i, len), NULL,
                    "the value %s of the field %s holds %s",
                    mtasts_i_quote(q, sizeof q, t + vs, b - vs),
                    mtasts_i_quote(qn, sizeof qn, t + a, ne - a), what);
    return 0;
  }
  return 1;
}

/* RFC 8461 §3.1 sts-id: 1*32(ALPHA / DIGIT). Returns 1 when t[vs..b) is a
 * valid id; otherwise reports it against the field t[a..b). */
static int check_id(lint *L, size_t a, size_t vs, size_t b) {
  const char *t = L->c.text;
  char q[MT_QUOTE_MAX], qc[MT_QUOTE_MAX];
  size_t n = b - vs, bad = n, alnum = 0;
  for (size_t i = 0; i < n; i++) {
    if (mtasts_i_is_alnum((unsigned char)t[vs + i]))
      alnum++;
    else if (bad == n)
      bad = i;
  }
  if (n == 0) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_STS_ID_INVALID, at(L, a, b - a),
                    NULL,
                    "the id is empty; it must be 1 to 32 letters or digits");
    return 0;
  }
  if (bad < n && mtasts_i_is_wsp((unsigned char)t[vs + bad]) &&
      missing_delim(L, vs + bad, b)) {
    report_missing_delim(L, MTASTS_DIAG_STS_ID_INVALID, a, a + 2, vs + bad);
    return 0;
  }
  if (bad < n) {
    char idv[ID_MAX], out[MT_HINT_MAX + 1];
    size_t idn = 0;
    /* Dropping the punctuation is the obvious fix ("2024-01-01"); for
     * other bytes it is not. */
    int punct_only = 1;
    for (size_t i = vs; i < b; i++)
      if (!mtasts_i_is_alnum((unsigned char)t[i]) &&
          ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] >= 0x7f))
        punct_only = 0;
    const char *hint = NULL;
    if (punct_only && alnum >= 1 && alnum <= ID_MAX) {
      for (size_t i = vs; i < b; i++)
        if (mtasts_i_is_alnum((unsigned char)t[i]))
          idv[idn++] = t[i];
      hint = field_fix(L, a, b, "id", 2, idv, idn, out);
    }
    size_t clen = 1;
    if ((unsigned char)t[vs + bad] >= 0x80) {
      clen = mtasts_i_utf8_len((const unsigned char *)t + vs + bad, n - bad);
      if (clen == 0)
        clen = 1;
    }
    mtasts_i_report(L->c.sink, MTASTS_DIAG_STS_ID_INVALID, at(L, a, b - a),
                    hint,
                    "the id %s holds %s; only letters and digits are allowed",
                    mtasts_i_quote(q, sizeof q, t + vs, n),
                    mtasts_i_quote(qc, sizeof qc, t + vs + bad, clen));
    return 0;
  }
  if (n > ID_MAX) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_STS_ID_INVALID, at(L, a, b - a),
                    NULL,
                    "the id %s has %zu characters; at most 32 are allowed",
                    mtasts_i_quote(q, sizeof q, t + vs, n), n);
    return 0;
  }
  return 1;
}

/* 1 when the rua list t[off, off+len) is valid: checked by the one rua
 * checker into a sink that keeps no finding and counts the errors (a cap of
 * none drops every finding), so nothing is reported or allocated. */
static int rua_list_valid(const lint *L, size_t off, size_t len) {
  mtasts_i_sink quiet;
  mtasts_i_sink_init(&quiet, L->c.sink->alloc, NULL);
  quiet.max = 0;
  mtasts_i_txt_ctx c = L->c;
  c.sink = &quiet;
  mtasts_i_rua_check(&c, off, len, NULL, NULL);
  return quiet.errors == 0;
}

/*
 * RFC 8461 §3.1 sts-id and RFC 8460 §3 tlsrpt-rua give a value neither
 * brackets nor quotes, so "id=<20240101>" or "rua=<mailto:...>" keep the
 * punctuation of a template or of prose (mtasts_i_unwrap). When the value
 * inside is valid, the finding says so, with the field without it as the
 * hint. Returns 1 when reported; the field t[a..b) is then invalid.
 */
static int report_template_debris(lint *L, field_kind kind, size_t a, size_t ne,
                                  size_t vs, size_t b) {
  const char *t = L->c.text;
  size_t off, len;
  if (!mtasts_i_unwrap(t + vs, b - vs, &off, &len))
    return 0;
  size_t is = vs + off;
  int ok = 1;
  if (kind == F_ID) {
    for (size_t i = is; i < is + len; i++)
      ok &= mtasts_i_is_alnum((unsigned char)t[i]);
    ok = ok && len <= ID_MAX;
  } else {
    ok = rua_list_valid(L, is, len);
  }
  if (!ok)
    return 0;
  char q[MT_QUOTE_MAX], qn[MT_QUOTE_MAX], out[MT_HINT_MAX + 1];
  const char *hint = field_fix(L, a, b, t + a, ne - a, t + is, len, out);
  mtasts_i_report(
      L->c.sink, MTASTS_DIAG_TXT_VALUE_TEMPLATE_DEBRIS, at(L, vs, b - vs), hint,
      "the value %s of the field %s is wrapped in %c...%c, "
      "punctuation left from a template; senders take it as part "
      "of the value, which is valid without it",
      mtasts_i_quote(q, sizeof q, t + vs, b - vs),
      mtasts_i_quote(qn, sizeof qn, t + a, ne - a), t[vs], t[b - 1]);
  return 1;
}

/* ---- values of the selected record ---- */

static size_t add_text(lint *L, const char *p, size_t n) {
  size_t off = mtasts_i_text_add(&L->res->alloc, &L->res->text, p, n);
  if (off == MT_NO_TEXT)
    L->nomem = 1;
  return off;
}

static int take_rua(void *user, size_t off, size_t len) {
  lint *L = user;
  mtasts_record *r = L->res;
  void *v = r->rua;
  if (mtasts_i_grow_from(&r->alloc, &v, &r->rua_cap, r->nrua + 1,
                         sizeof *r->rua, L->sc->rua, 0) != 0) {
    L->nomem = 1;
    return -1;
  }
  r->rua = v;
  size_t o = add_text(L, L->c.text + off, len);
  if (o == MT_NO_TEXT)
    return -1;
  r->rua[r->nrua++] = o;
  return 0;
}

/* The number of ';' in the text from b on: one less than the most fields
 * that can follow, so that what holds one entry per field is sized once. */
static size_t semis_after(const lint *L, size_t b) {
  const char *t = L->c.text, *q;
  size_t n = 0;
  while (b < L->c.len && (q = memchr(t + b, ';', L->c.len - b)) != NULL) {
    n++;
    b = (size_t)(q - t) + 1;
  }
  return n;
}

/* Takes the extension t[a..ne) = t[vs..b) into the result. Returns 0, or -1
 * when out of memory. */
static int take_ext(lint *L, size_t a, size_t ne, size_t vs, size_t b) {
  mtasts_record *r = L->res;
  void *v = r->ext;
  if (r->next == r->ext_cap) {
    /* Out of the scratch storage: at once to the most extensions the
     * rest of the record can hold, and never past it. */
    size_t limit = r->ext == L->sc->ext ? r->next + 1 + semis_after(L, b) : 0;
    if (mtasts_i_grow_from(&r->alloc, &v, &r->ext_cap, r->next + 1, ext_size(r),
                           L->sc->ext, limit) != 0) {
      L->nomem = 1;
      return -1;
    }
  }
  r->ext = v;
  size_t name = add_text(L, L->c.text + a, ne - a);
  add_text(L, L->c.text + vs, b - vs); /* right after the name's NUL */
  if (L->nomem)
    return -1;
  if (r->ext_wide)
    ((size_t *)r->ext)[r->next++] = name;
  else
    ((uint32_t *)r->ext)[r->next++] = (uint32_t)name;
  return 0;
}

/* ---- one field ---- */

/* 1 when t[vs..b) is plainly a valid value of the known field name, so
 * that the field with its name corrected would be taken. */
static int plainly_valid_value(const lint *L, const char *name, size_t vs,
                               size_t b) {
  const char *t = L->c.text;
  if (strcmp(name, "id") == 0) {
    if (b == vs || b - vs > ID_MAX)
      return 0;
    for (size_t i = vs; i < b; i++)
      if (!mtasts_i_is_alnum((unsigned char)t[i]))
        return 0;
    return 1;
  }
  if (strcmp(name, "rua") == 0) /* one plain URI of a supported scheme */
    return b > vs && !memchr(t + vs, ',', b - vs) &&
           !memchr(t + vs, ' ', b - vs) &&
           ((b - vs > 7 && memcmp(t + vs, "mailto:", 7) == 0) ||
            (b - vs > 8 && memcmp(t + vs, "https://", 8) == 0));
  return 0;
}

/*
 * A known field spelt in another case ("ID=", "RUA="): senders that compare
 * names exactly ignore it (RFC 7405 %s), and RFC 8461 §3.1 and RFC 8460 §3
 * make it an extension, which is valid. It is an error only where the real
 * field is missing (reported as that, for the first one) or has no valid
 * value; beside a valid one it is a warning. The hint is offered only when
 * it would give the missing field a valid value.
 */
static void report_near(lint *L, const struct near *nr, int *stands_in) {
  const char *t = L->c.text;
  const char *name = nr->name;
  char q[MT_QUOTE_MAX], out[MT_HINT_MAX + 1];
  int required = strcmp(name, L->d->required) == 0;
  mtasts_i_quote(q, sizeof q, t + nr->a, nr->ne - nr->a);
  mtasts_i_where w = at(L, nr->a, nr->ne - nr->a);
  if (required && !L->required_seen && !*stands_in) {
    *stands_in = 1;
    const char *hint = plainly_valid_value(L, name, nr->vs, nr->b)
                           ? field_fix(L, nr->a, nr->b, name, strlen(name),
                                       t + nr->vs, nr->b - nr->vs, out)
                           : NULL;
    mtasts_i_report(L->c.sink, L->d->missing, w, hint,
                    "%s is missing; found %s (field names are case-sensitive)",
                    name, q);
    return;
  }
  int bad = required && !L->required_valid;
  mtasts_i_report_sev(
      L->c.sink, MTASTS_DIAG_TXT_FIELD_MISSPELT,
      bad ? MTASTS_SEVERITY_ERROR : MTASTS_SEVERITY_WARNING, w, NULL,
      "the field name %s is not '%s'; names are case-sensitive, so "
      "senders ignore this field%s",
      q, name,
      !bad               ? ""
      : L->required_seen ? ", and the real one is invalid"
                         : ", and the real one is missing");
}

/* Remembers the value of a field that may appear once and reports a
 * repeat (RFC 8461 §3.2: all but the first SHALL be ignored). Returns 1 when
 * this is the first occurrence of the name.
 *
 * An extension that is taken into the result is remembered there only (its
 * name and value are in the result's text): a record of many distinct
 * fields keeps one 4-byte offset and a hash slot per field beside the copy
 * of its text. */
static const char *noted_name(const lint *L, size_t k, size_t *n) {
  if (k & 1) {
    *n = L->first[k >> 1].name.n;
    return L->first[k >> 1].name.p;
  }
  const char *p = L->res->text.data + ext_at(L->res, k >> 1);
  *n = strlen(p); /* a valid name: at most 32 bytes */
  return p;
}

static const char *key_of_once(const void *ctx, size_t k, size_t *n) {
  return noted_name(ctx, k, n);
}

/* The set's element for the field named name[0..nn), or -1. */
static long find_once(lint *L, const char *name, size_t nn,
                      mtasts_i_strset_pos *pos) {
  if (L->noted > FIRST_FIXED)
    return mtasts_i_strset_find(&L->seen, name, nn, pos);
  for (size_t i = 0; i < L->nfirst; i++)
    if (L->first[i].name.n == nn && memcmp(L->first[i].name.p, name, nn) == 0)
      return (long)(2 * i + 1);
  for (size_t i = 0; L->take && i < L->res->next; i++) {
    const char *p = L->res->text.data + ext_at(L->res, i);
    if (strncmp(p, name, nn) == 0 && p[nn] == '\0')
      return (long)(2 * i);
  }
  return -1;
}

/* Notes element k, just added; from FIRST_FIXED + 1 on, in the set, which
 * is then sized for every field the record can still hold. */
static int note_new(lint *L, size_t k, const mtasts_i_strset_pos *pos,
                    size_t b) {
  L->noted++;
  if (L->noted <= FIRST_FIXED)
    return 0;
  if (L->noted == FIRST_FIXED + 1) {
    size_t most = L->noted + semis_after(L, b);
    mtasts_i_strset_init(&L->seen, &L->res->alloc, 0, key_of_once, L);
    if (most > SIZE_MAX / 2 - 2 ||
        mtasts_i_strset_reserve(&L->seen, most, 2 * most + 1) != 0)
      return -1;
    for (size_t i = 0; i < L->nfirst; i++) {
      mtasts_i_strset_pos p;
      if (mtasts_i_strset_find(&L->seen, L->first[i].name.p, L->first[i].name.n,
                               &p) != -1 ||
          mtasts_i_strset_insert(&L->seen, &p, 2 * i + 1) != 0)
        return -1;
    }
    for (size_t i = 0; L->take && i < L->res->next; i++) {
      mtasts_i_strset_pos p;
      size_t kn;
      const char *kp = noted_name(L, 2 * i, &kn);
      if (mtasts_i_strset_find(&L->seen, kp, kn, &p) != -1 ||
          mtasts_i_strset_insert(&L->seen, &p, 2 * i) != 0)
        return -1;
    }
    return 0;
  }
  return mtasts_i_strset_insert(&L->seen, pos, k);
}

/* take: a first occurrence is taken into the result's extensions. */
static int note_once(lint *L, const char *name, size_t nn, const char *value,
                     size_t vn, size_t a, size_t ne, size_t vs, size_t b,
                     int take) {
  mtasts_i_strset_pos pos;
  long prev = find_once(L, name, nn, &pos);
  if (prev == -1) {
    size_t k;
    if (take) {
      if (take_ext(L, a, ne, vs, b) != 0)
        return 0;
      k = 2 * (L->res->next - 1);
    } else {
      void *v = L->first;
      if (mtasts_i_grow_from(&L->res->alloc, &v, &L->first_cap, L->nfirst + 1,
                             sizeof *L->first, L->first_fixed, 0) != 0) {
        L->nomem = 1;
        return 0;
      }
      L->first = v;
      L->first[L->nfirst].name.p = name;
      L->first[L->nfirst].name.n = nn;
      L->first[L->nfirst].value.p = value;
      L->first[L->nfirst].value.n = vn;
      k = 2 * L->nfirst++ + 1;
    }
    if (note_new(L, k, &pos, b) != 0) {
      L->nomem = 1;
      return 0;
    }
    return 1;
  }
  /* The first value: a span, or NUL-terminated in the result's text,
   * compared over the new value's length only. */
  const char *fp;
  size_t fn;
  int same;
  if (prev & 1) {
    const span *f = &L->first[(size_t)prev >> 1].value;
    fp = f->p;
    fn = f->n;
    same = fn == vn && memcmp(fp, value, vn) == 0;
  } else {
    size_t pn;
    const char *pname = noted_name(L, (size_t)prev, &pn);
    fp = pname + pn + 1;
    same = 1;
    for (size_t i = 0; i < vn && same; i++)
      same = fp[i] != '\0' && fp[i] == value[i];
    same = same && fp[vn] == '\0';
    for (fn = 0; fn < MT_QUOTE_MAX && fp[fn]; fn++)
      ; /* all that a quote can show */
  }
  char q[MT_QUOTE_MAX], qf[MT_QUOTE_MAX], qn[MT_QUOTE_MAX];
  if (same)
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_DUPLICATE_FIELD, at(L, a, b - a),
                    NULL,
                    "the field %s is repeated with the same value; senders "
                    "ignore all but the first",
                    mtasts_i_quote(qn, sizeof qn, name, nn));
  else
    mtasts_i_report(
        L->c.sink, MTASTS_DIAG_TXT_DUPLICATE_FIELD_CONFLICT, at(L, a, b - a),
        NULL,
        "the field %s is repeated with the value %s after %s; senders "
        "differ in which one they use",
        mtasts_i_quote(qn, sizeof qn, name, nn),
        mtasts_i_quote(q, sizeof q, value, vn),
        mtasts_i_quote(qf, sizeof qf, fp, fn));
  return 0;
}

/* One field, t[a..b): not empty, no ';', no space at either end. */
static void lint_field(lint *L, size_t a, size_t b) {
  const char *t = L->c.text;
  char q[MT_QUOTE_MAX], out[MT_HINT_MAX + 1];
  const char *eq = memchr(t + a, '=', b - a);
  L->fields++;
  if (!eq) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_MISSING_EQUALS, at(L, a, b - a),
                    NULL, "the field %s is not name=value",
                    mtasts_i_quote(q, sizeof q, t + a, b - a));
    return;
  }
  size_t e = (size_t)(eq - t), ne = e, vs = e + 1;
  while (ne > a && mtasts_i_is_wsp((unsigned char)t[ne - 1]))
    ne--;
  vs = skip_wsp(t, b, vs);
  int spaced = ne < e || vs > e + 1;
  if (spaced)
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_SPACE_AROUND_EQUALS,
                    at(L, ne, vs - ne),
                    field_fix(L, a, b, t + a, ne - a, t + vs, b - vs, out),
                    "the field %s has whitespace around '='",
                    mtasts_i_quote(q, sizeof q, t + a, b - a));
  int name_ok = check_name(L, a, ne, b);

  const known_field *k = NULL;
  for (size_t i = 0; i < L->d->nknown; i++) {
    const char *kn = L->d->known[i].name;
    size_t kl = L->d->known[i].len;
    if (ne - a != kl)
      continue;
    if (memcmp(t + a, kn, kl) == 0) {
      k = &L->d->known[i];
      break;
    }
    if (mtasts_i_eq_nocase(t + a, kl, kn, kl)) {
      void *v = L->near;
      if (mtasts_i_grow_from(&L->res->alloc, &v, &L->near_cap, L->nnear + 1,
                             sizeof *L->near, L->near_fixed, 0) != 0) {
        L->nomem = 1;
        return;
      }
      L->near = v;
      struct near nr = {a, ne, vs, b, kn};
      L->near[L->nnear++] = nr;
      return;
    }
  }
  field_kind kind = k ? k->kind : F_EXT;
  /* id and rua are each the required field of their kind. */
  if (k && (k->kind == F_ID || k->kind == F_RUA))
    L->required_seen = 1;

  if (kind == F_RUA) {
    /* RFC 8460 §3: tlsrpt-field may repeat, and nothing says the first rua
     * wins (unlike RFC 8461 §3.2), so each one counts. */
    L->required_valid = 1;
    if (++L->rua_fields > 1)
      mtasts_i_report(
          L->c.sink, MTASTS_DIAG_TLSRPT_RUA_MULTIPLE, at(L, a, b - a), NULL,
          "the record has more than one rua field; reporters may use "
          "any or all of them");
    if (report_template_debris(L, F_RUA, a, ne, vs, b))
      return;
    if (mtasts_i_rua_check(&L->c, vs, b - vs,
                           L->take && !spaced ? take_rua : NULL, L) != 0)
      L->nomem = 1;
    return;
  }

  int value_ok = kind == F_ID
                     ? !report_template_debris(L, F_ID, a, ne, vs, b) &&
                           check_id(L, a, vs, b)
                     : check_ext_value(L, a, ne, vs, b);
  if (kind == F_ID && value_ok && !spaced)
    L->required_valid = 1;
  int take = kind == F_EXT && L->take && value_ok && !spaced;
  int first = name_ok &&
              note_once(L, t + a, ne - a, t + vs, b - vs, a, ne, vs, b, take);
  if (L->nomem || !name_ok || !value_ok || spaced)
    return;
  if (kind == F_ID && L->take && !L->id_taken) {
    L->id_taken = 1;
    L->res->id = add_text(L, t + vs, b - vs);
  }
  if (kind == F_EXT && first) {
    /* RFC 8461 §3.2, RFC 8460 §3: unknown fields SHALL be ignored. */
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_UNKNOWN_FIELD, at(L, a, ne - a),
                    NULL,
                    "the field %s is not known for this record and is ignored",
                    mtasts_i_quote(q, sizeof q, t + a, ne - a));
  }
}

/* After all fields: the required one (RFC 8461 §3.1 "sts-id record is
 * required", RFC 8460 §3 "tlsrpt-rua record is required"). */
static void lint_required(lint *L, int has_tag) {
  const kind_desc *d = L->d;
  if (L->fields == 0) {
    if (has_tag)
      mtasts_i_report(
          L->c.sink, MTASTS_DIAG_TXT_NO_FIELDS, mtasts_i_txt_where_all(&L->c),
          NULL,
          "the record has no field after its version tag; it needs at "
          "least %s=",
          d->required);
    return;
  }
  if (L->nnear) {
    int stands_in = 0;
    for (size_t i = 0; i < L->nnear; i++)
      report_near(L, &L->near[i], &stands_in);
    if (stands_in)
      return;
  }
  if (!L->required_seen)
    mtasts_i_report(L->c.sink, d->missing, mtasts_i_txt_where_all(&L->c), NULL,
                    "the record has no %s field", d->required);
}

/* The record t[0..n) without empty fields: of a run of ';' with only
 * whitespace between, the first is kept with the whitespace after the last.
 * Writes at most MT_HINT_MAX bytes into out; returns the length, or
 * MT_HINT_MAX + 1 when it does not fit. */
static size_t without_empty_fields(const char *t, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (o == MT_HINT_MAX)
      return MT_HINT_MAX + 1;
    out[o++] = t[i];
    if (t[i] != ';')
      continue;
    for (size_t k = i + 1;; k++) {
      while (k < n && mtasts_i_is_wsp((unsigned char)t[k]))
        k++;
      if (k == n || t[k] != ';')
        break;
      i = k; /* skip the empty field up to this ';' */
    }
  }
  return o;
}

/* The whole record (RFC 8461 §3.1, RFC 8460 §3), one linear pass. m and
 * tag_end: how it begins, from match_tag. */
static void lint_text(lint *L, tag_match m, size_t tag_end) {
  const char *t = L->c.text;
  size_t n = L->c.len;
  char out[MT_HINT_MAX + 1];
  int in_run = 0; /* reported the run of empty fields this ';' is in */
  int empty_hint_built = 0;
  const char *empty_hint = NULL;
  char empty_out[MT_HINT_MAX + 1];
  if (n == 0) {
    mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_EMPTY,
                    mtasts_i_txt_where_all(&L->c), NULL, "the record is empty");
    return;
  }
  /* RFC 8461 §3.1: "Records ... MUST be US-ASCII" (the grammar has no
   * other bytes either). Once per record. */
  size_t i = 0;
  for (; n - i >= 8; i += 8) { /* eight bytes at a time: any top bit set? */
    uint64_t x;
    memcpy(&x, t + i, sizeof x);
    if (x & 0x8080808080808080u)
      break;
  }
  for (; i < n; i++) {
    if ((unsigned char)t[i] >= 0x80) {
      char q[MT_QUOTE_MAX];
      size_t len = mtasts_i_utf8_len((const unsigned char *)t + i, n - i);
      if (len == 0)
        len = 1;
      L->non_ascii_at = i;
      mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_NON_ASCII, at(L, i, len), NULL,
                      "the record holds %s, which is not US-ASCII",
                      mtasts_i_quote(q, sizeof q, t + i, len));
      break;
    }
  }

  /* Fields follow the (possibly botched) tag, or start the record. */
  int has_tag = m != TAG_NONE, wsp;
  size_t pos = tag_end;
  report_tag(L, m, tag_end);
  if (m == TAG_EXACT) {
    /* The tag is the first "v" field; a later one repeats it. */
    note_once(L, "v", 1, L->d->version, L->d->version_len, 0, 1, 1, pos, 0);
    if (L->nomem)
      return;
  }
  /* need: a delimiter must come before the next field. */
  int need = has_tag, first_delim = 1, have_semi = 0;
  while (!L->nomem) {
    size_t ws = pos;
    pos = skip_space(L, pos, &wsp);
    if (pos == n) {
      if (need && wsp) {
        /* Whitespace is allowed only around ';' (field-delim). */
        mtasts_i_report(
            L->c.sink, MTASTS_DIAG_TXT_TRAILING_WHITESPACE, at(L, ws, n - ws),
            mtasts_i_txt_fix(&L->c, ws, n, "", 0, 1, out),
            "the record ends in whitespace without a ';' after the last "
            "field");
      }
      break;
    }
    if (t[pos] == ';') {
      if (need && has_tag && first_delim && wsp) {
        /* RFC 8461 EID 6285: senders look for "v=STSv1;" literally. */
        mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_SPACE_BEFORE_FIRST_DELIMITER,
                        at(L, ws, pos - ws),
                        mtasts_i_txt_fix(&L->c, ws, pos, "", 0, 1, out),
                        "whitespace between '%s' and ';' hides the record from "
                        "senders that look for '%s;'",
                        L->d->tag, L->d->tag);
      } else if (!need && !in_run) {
        /* One finding for a run of empty fields (";;;"), whose hint is the
         * record without any of them. */
        /* The hint is built once per record: a record of many runs
         * stays linear. */
        in_run = 1;
        if (have_semi && !empty_hint_built) {
          char fixed[MT_HINT_MAX + 1];
          size_t fn = without_empty_fields(t, n, fixed);
          empty_hint_built = 1;
          empty_hint = fn <= MT_HINT_MAX ? mtasts_i_txt_fix(&L->c, 0, n, fixed,
                                                            fn, 1, empty_out)
                                         : NULL;
        } else if (have_semi && empty_hint) {
          mtasts_i_fix(L->c.sink, 0, L->c.given_len);
        }
        mtasts_i_report(L->c.sink, MTASTS_DIAG_TXT_EMPTY_FIELD, at(L, pos, 1),
                        have_semi ? empty_hint : NULL,
                        "two delimiters stand with no field between them");
      }
      first_delim = 0;
      need = 0;
      have_semi = 1;
      pos++;
      continue;
    }
    /* A field runs to the next ';'; trailing space belongs to the
     * delimiter. A missing ';' after the tag was reported by report_tag. */
    const char *semi = memchr(t + pos, ';', n - pos);
    size_t end = semi ? (size_t)(semi - t) : n;
    while (end > pos && is_space_like((unsigned char)t[end - 1]))
      end--;
    lint_field(L, pos, end);
    pos = end;
    need = 1;
    in_run = 0;
  }
  if (!L->nomem)
    lint_required(L, has_tag);
}

/* ---------------------------------------------------------------------- */
/* The set of records.                                                     */

/* Lints record i of the set. Returns -1 when out of memory. */
static int lint_one(mtasts_record *res, scratch *sc, const kind_desc *d,
                    mtasts_i_sink *sink, const mtasts_txt *rec, size_t i,
                    size_t count, size_t *candidates) {
  lint L;
  mtasts_i_zone_text z;
  memset(&L, 0, offsetof(lint, first_fixed));
  memset(&z, 0, sizeof z);
  L.res = res;
  L.sc = sc;
  L.first = L.first_fixed;
  L.first_cap = FIRST_FIXED;
  L.near = L.near_fixed;
  L.near_cap = NEAR_FIXED;
  L.d = d;
  L.non_ascii_at = SIZE_MAX;
  L.c.sink = sink;
  L.c.text = L.c.given = rec->ptr ? rec->ptr : "";
  L.c.len = L.c.given_len = rec->len;
  L.c.line = (unsigned long)i + 1;
  if (rec->form == MTASTS_TXT_ZONE) {
    if (mtasts_i_zone_decode(&res->alloc, sink, L.c.line, L.c.given,
                             L.c.given_len, &z) != 0)
      return -1;
    if (z.strings == 0) {
      /* Nothing to lint: the syntax error says it all. */
      mtasts_i_zone_text_release(&res->alloc, &z);
      return 0;
    }
    L.c.text = z.text ? z.text : "";
    L.c.len = z.len;
    L.c.zone = &z;
  }
  if (L.c.len >= 8 && memcmp(L.c.text, "version:", 8) == 0) {
    /* A policy file given as a record: one finding instead of one per
     * field (RFC 8461 §3.2 is the policy, §3.1 the record). */
    mtasts_i_report(sink, MTASTS_DIAG_TXT_IS_POLICY,
                    mtasts_i_txt_where_all(&L.c), NULL,
                    "this is an MTA-STS policy file (version: ...), not a TXT "
                    "record; check it as a policy (mtasts-lint FILE)");
    mtasts_i_zone_text_release(&res->alloc, &z);
    return 0;
  }
  size_t end;
  tag_match m = match_tag(d, L.c.text, L.c.len, &end);
  if (count == 1 || m == TAG_EXACT) {
    /* A single record is linted as the one meant; of several, every
     * candidate is, and senders would take the first. */
    if (m == TAG_EXACT && (*candidates)++ == 0) {
      res->selected = (long)i;
      L.take = 1;
      /* Its values are parts of its fields with a NUL each, in place of
       * the '=', ';' or ',' after them (one more at the end): the text
       * never needs more than the record's length beyond the version. */
      res->text.limit = d->version_len + 1 + L.c.len + 1;
      res->ext_wide = res->text.limit > UINT32_MAX;
      res->version = add_text(&L, d->version, d->version_len);
    } else if (m == TAG_EXACT) {
      char q[MT_QUOTE_MAX];
      mtasts_i_report(
          sink, MTASTS_DIAG_TXT_SET_MULTIPLE, at(&L, 0, end), NULL,
          "record %ld already begins with %s; with more than one such "
          "record senders use none",
          res->selected + 1, mtasts_i_quote(q, sizeof q, d->tag, end));
    }
    if (!L.nomem)
      lint_text(&L, m, end);
    if (L.noted > FIRST_FIXED)
      mtasts_i_strset_release(&L.seen);
    if (L.first != L.first_fixed)
      mtasts_i_free(&res->alloc, L.first);
    if (L.near != L.near_fixed)
      mtasts_i_free(&res->alloc, L.near);
  } else if (m != TAG_NONE) {
    report_tag(&L, m, end);
  } else {
    char q[MT_QUOTE_MAX];
    mtasts_i_report(sink, MTASTS_DIAG_TXT_SET_OTHER_RECORD,
                    mtasts_i_txt_where_all(&L.c), NULL,
                    "the record %s does not begin with '%s' and is set aside",
                    mtasts_i_quote(q, sizeof q, L.c.text, L.c.len), d->tag);
  }
  if (rec->form == MTASTS_TXT_ZONE)
    mtasts_i_zone_text_release(&res->alloc, &z);
  return L.nomem ? -1 : 0;
}

/* Frees what the parse allocated outside the result's block. */
static void free_owned(mtasts_record *r) {
  if (r->own_text)
    mtasts_i_free(&r->alloc, r->text.data);
  if (r->own_rua)
    mtasts_i_free(&r->alloc, r->rua);
  if (r->own_ext)
    mtasts_i_free(&r->alloc, r->ext);
}

void mtasts_record_free(mtasts_record *r) {
  if (!r)
    return;
  mtasts_i_alloc m = r->alloc;
  free_owned(r);
  mtasts_i_free(&m, r);
}

/* n rounded up to a multiple of the alignment of mtasts_diag and size_t. */
static size_t round_up(size_t n) {
  size_t a = sizeof(void *) > sizeof(size_t) ? sizeof(void *) : sizeof(size_t);
  return (n + a - 1) / a * a;
}

/*
 * The result of the parse in b, whose values and diagnostics are still in
 * scratch storage or the sink, as one allocation: the struct, the rua and
 * extension arrays, the diagnostics with their text, and the values' text.
 * Arrays that grew into allocations of their own stay there. Returns NULL
 * when out of memory (b's own allocations are then freed).
 */
static mtasts_record *finish(mtasts_record *b, const scratch *sc,
                             mtasts_i_sink *sink) {
  b->own_text = b->text.data != sc->text;
  b->own_rua = b->rua != sc->rua;
  b->own_ext = b->ext != sc->ext;
  size_t rua_b = b->own_rua ? 0 : b->nrua * sizeof *b->rua;
  size_t ext_b = b->own_ext ? 0 : b->next * ext_size(b);
  size_t text_b = b->own_text ? 0 : b->text.len;
  size_t diag_b = mtasts_i_sink_bytes(sink);
  size_t o_rua = round_up(sizeof *b), o_ext = o_rua + rua_b,
         o_diag = round_up(o_ext + ext_b), o_text = o_diag + diag_b, total;
  mtasts_record *r = NULL;
  if (diag_b != SIZE_MAX && diag_b < SIZE_MAX / 2 &&
      !((total = o_text + text_b) < o_text))
    r = mtasts_i_malloc(&b->alloc, total);
  if (!r) {
    free_owned(b);
    return NULL;
  }
  char *base = (char *)r;
  *r = *b;
  if (!b->own_rua) {
    r->rua = (size_t *)(void *)(base + o_rua);
    if (rua_b)
      memcpy(r->rua, b->rua, rua_b);
  }
  if (!b->own_ext) {
    r->ext = base + o_ext;
    if (ext_b)
      memcpy(r->ext, b->ext, ext_b);
  }
  if (!b->own_text) {
    r->text.data = base + o_text;
    r->text.fixed = NULL;
    if (text_b)
      memcpy(r->text.data, b->text.data, text_b);
  }
  r->diags = mtasts_i_sink_write(sink, base + o_diag);
  r->ndiags = r->diags ? sink->n : 0;
  return r;
}

mtasts_status mtasts_record_parse(mtasts_kind kind, const mtasts_txt *records,
                                  size_t count, const mtasts_options *options,
                                  mtasts_record **out) {
#ifdef MTASTS_NO_FASTPATH
  return mtasts_i_record_parse(kind, records, count, options, 0, out);
#else
  return mtasts_i_record_parse(kind, records, count, options, 1, out);
#endif
}

/*
 * The result of a record the fast path accepted (lib/fastpath.c), in one
 * allocation: the struct, the rua array and the values' text, as the full
 * checker would give them (selected, valid, no finding). Returns NULL when
 * out of memory.
 */
static mtasts_record *take_fast(mtasts_kind kind, const mtasts_allocator *a,
                                const char *t, const mtasts_i_fast_record *f) {
  const kind_desc *d = &kinds[kind];
  size_t o_rua = round_up(sizeof(mtasts_record));
  size_t o_text = o_rua + f->nrua * sizeof(size_t);
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, a);
  mtasts_record *r = mtasts_i_malloc(&m, o_text + f->text);
  if (!r)
    return NULL;
  char *base = (char *)r, *text = base + o_text;
  memset(r, 0, sizeof *r);
  r->alloc = m;
  r->kind = kind;
  r->valid = 1;
  r->selected = 0;
  r->version = 0;
  memcpy(text, d->version, d->version_len + 1);
  size_t o = d->version_len + 1;
  r->id = MT_NO_TEXT;
  if (kind == MTASTS_RECORD_STS) {
    r->id = o;
    memcpy(text + o, t + f->id_off, f->id_len);
    text[o + f->id_len] = '\0';
    o += f->id_len + 1;
  } else {
    r->rua = (size_t *)(void *)(base + o_rua);
    for (size_t i = 0; i < f->nrua; i++) {
      r->rua[i] = o;
      memcpy(text + o, t + f->rua[i].off, f->rua[i].len);
      text[o + f->rua[i].len] = '\0';
      o += f->rua[i].len + 1;
    }
    r->nrua = r->rua_cap = f->nrua;
  }
  r->text.data = text;
  r->text.len = r->text.cap = o;
  return r;
}

mtasts_status mtasts_i_record_parse(mtasts_kind kind, const mtasts_txt *records,
                                    size_t count, const mtasts_options *options,
                                    int fast, mtasts_record **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  if ((!records && count > 0) ||
      (kind != MTASTS_RECORD_STS && kind != MTASTS_RECORD_TLSRPT))
    return MTASTS_ERR_INVALID_ARG;
  for (size_t i = 0; i < count; i++)
    if ((!records[i].ptr && records[i].len > 0) ||
        (records[i].form != MTASTS_TXT_RAW &&
         records[i].form != MTASTS_TXT_ZONE))
      return MTASTS_ERR_INVALID_ARG;

  mtasts_options opts;
  mtasts_status st = mtasts_i_options_read(options, &opts);
  if (st != MTASTS_OK)
    return st;
  mtasts_i_fast_record fr;
  if (fast && count == 1 && records[0].form == MTASTS_TXT_RAW &&
      records[0].ptr &&
      mtasts_i_record_fast(kind, records[0].ptr, records[0].len, &fr)) {
    *out = take_fast(kind, opts.allocator, records[0].ptr, &fr);
    return *out ? MTASTS_OK : MTASTS_ERR_NOMEM;
  }
  /* The result is built here, then moved into one allocation. */
  mtasts_record build, *res = &build;
  scratch sc;
  memset(res, 0, sizeof *res);
  mtasts_i_alloc_init(&res->alloc, opts.allocator);
  res->kind = kind;
  res->selected = -1;
  res->version = res->id = MT_NO_TEXT;
  res->text.data = sc.text;
  res->text.fixed = sc.text;
  res->text.cap = sizeof sc.text;
  res->rua = sc.rua;
  res->rua_cap = SCRATCH_RUA;
  res->ext = sc.ext;
  res->ext_cap = SCRATCH_EXT;

  const kind_desc *d = &kinds[kind];
  mtasts_i_sink sink;
  mtasts_i_sink_init(&sink, &res->alloc, &opts);
  size_t candidates = 0;
  int failed = 0;
  for (size_t i = 0; i < count && !failed; i++)
    failed =
        lint_one(res, &sc, d, &sink, &records[i], i, count, &candidates) != 0;
  if (!failed && count != 1 && candidates == 0) {
    /* RFC 8461 §3.1, RFC 8460 §3: no record left, so no policy. */
    mtasts_i_where w = {0, 0, 1, 1};
    if (count == 0)
      mtasts_i_report(&sink, MTASTS_DIAG_TXT_SET_NO_RECORD, w, NULL,
                      "there is no TXT record, so there is no record beginning "
                      "with '%s;'",
                      d->tag);
    else
      mtasts_i_report(&sink, MTASTS_DIAG_TXT_SET_NO_RECORD, w, NULL,
                      "none of the %zu records begins with '%s;'", count,
                      d->tag);
  }
  if (failed || mtasts_i_sink_prepare(&sink) != 0) {
    mtasts_i_sink_release(&sink);
    res->own_text = res->text.data != sc.text;
    res->own_rua = res->rua != sc.rua;
    res->own_ext = res->ext != sc.ext;
    free_owned(res);
    return MTASTS_ERR_NOMEM;
  }
  res->valid = sink.errors == 0;
  mtasts_record *r = finish(res, &sc, &sink);
  mtasts_i_sink_release(&sink);
  if (!r)
    return MTASTS_ERR_NOMEM;
  *out = r;
  return MTASTS_OK;
}

/* ---------------------------------------------------------------------- */
/* Accessors.                                                              */

mtasts_kind mtasts_record_kind(const mtasts_record *r) {
  return r ? r->kind : MTASTS_RECORD_STS;
}

int mtasts_record_valid(const mtasts_record *r) {
  return r ? r->valid : 0;
}

size_t mtasts_record_diag_count(const mtasts_record *r) {
  return r ? r->ndiags : 0;
}

const mtasts_diag *mtasts_record_diag(const mtasts_record *r, size_t i) {
  return r && i < r->ndiags ? &r->diags[i] : NULL;
}

long mtasts_record_selected(const mtasts_record *r) {
  return r ? r->selected : -1;
}

static const char *value_at(const mtasts_record *r, size_t off) {
  return off == MT_NO_TEXT ? NULL : r->text.data + off;
}

const char *mtasts_record_version(const mtasts_record *r) {
  return r ? value_at(r, r->version) : NULL;
}

const char *mtasts_record_id(const mtasts_record *r) {
  return r ? value_at(r, r->id) : NULL;
}

size_t mtasts_record_rua_count(const mtasts_record *r) {
  return r ? r->nrua : 0;
}

const char *mtasts_record_rua(const mtasts_record *r, size_t i) {
  return r && i < r->nrua ? value_at(r, r->rua[i]) : NULL;
}

size_t mtasts_record_extension_count(const mtasts_record *r) {
  return r ? r->next : 0;
}

const char *mtasts_record_extension_name(const mtasts_record *r, size_t i) {
  return r && i < r->next ? value_at(r, ext_at(r, i)) : NULL;
}

const char *mtasts_record_extension_value(const mtasts_record *r, size_t i) {
  if (!r || i >= r->next)
    return NULL;
  const char *name = value_at(r, ext_at(r, i));
  return name + strlen(name) + 1;
}
