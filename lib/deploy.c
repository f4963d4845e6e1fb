/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: a whole deployment.
 *
 * MTA-STS breaks mail through the relations between its parts more often
 * than through one part alone: the policy's mx patterns and the zone's MX
 * records (RFC 8461 §4.1), the _mta-sts record's id and the policy it
 * stands for (§3.1), the policy host and its address (§3.3), and a change
 * against the copy of the previous policy that senders cached (§5.1, §8.3).
 * This file checks those relations. The single-text rules stay where they
 * are (policy.c, record.c): this file runs those parsers on the parts and
 * places their findings at the file and line each part came from.
 *
 * Every finding is reported into the sink of the source it points at (one
 * sink per source name), so that each keeps the sink's order, cap and
 * strict handling; the result joins the lists, source by source.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* One TXT record, MX host or address, as the caller gave it. Offsets are
 * into the deployment's text. */
typedef struct dep_item {
  size_t text; /* the record's text or the host name */
  size_t len;
  mtasts_txt_form form;
  size_t source; /* index in the deployment's sources */
  unsigned long line;
} dep_item;

typedef struct dep_list {
  dep_item *v;
  size_t n, cap;
} dep_list;

typedef struct dep_rev {
  int has_zone;
  size_t zone_source;
  dep_list txt[2]; /* by mtasts_kind */
  dep_list mx;
  dep_list address;
  int has_policy;
  size_t policy, policy_len; /* the body, in the text */
  size_t policy_source;
} dep_rev;

struct mtasts_deployment {
  mtasts_i_alloc alloc;
  mtasts_options options; /* mx_hosts cleared */
  mtasts_i_text text;     /* every string, NUL-terminated */
  size_t *sources;        /* offsets of the source names, in order given */
  size_t *safe_sources;   /* the same names, escaped for messages */
  size_t source_count, source_cap;
  int has_domain;
  size_t domain;
  dep_rev rev[2];
  int quiet_policy; /* mtasts_i_deployment_quiet_policy */
};

struct mtasts_deployment_result {
  mtasts_i_alloc alloc;
  mtasts_policy *policy[2];
  mtasts_record *record[2][2];
  mtasts_diag **finished; /* one array per source, from mtasts_i_sink_finish */
  size_t *finished_n;
  size_t finished_count;
  mtasts_diag *diags; /* the joined list; then the source names */
  size_t diag_count;
  int valid;
};

/* ---------------------------------------------------------------------- */
/* Building a deployment                                                   */

mtasts_status mtasts_deployment_new(const mtasts_options *options,
                                    mtasts_deployment **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  mtasts_options opts;
  mtasts_status st = mtasts_i_options_read(options, &opts);
  if (st != MTASTS_OK)
    return st;
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, opts.allocator);
  mtasts_deployment *d = mtasts_i_calloc(&m, 1, sizeof *d);
  if (!d)
    return MTASTS_ERR_NOMEM;
  d->alloc = m;
  d->options = opts;
  d->options.mx_hosts = NULL;
  d->options.mx_host_count = 0;
  *out = d;
  return MTASTS_OK;
}

void mtasts_deployment_free(mtasts_deployment *d) {
  if (!d)
    return;
  mtasts_i_alloc m = d->alloc;
  for (int r = 0; r < 2; r++) {
    mtasts_i_free(&m, d->rev[r].txt[0].v);
    mtasts_i_free(&m, d->rev[r].txt[1].v);
    mtasts_i_free(&m, d->rev[r].mx.v);
    mtasts_i_free(&m, d->rev[r].address.v);
  }
  mtasts_i_free(&m, d->sources);
  mtasts_i_free(&m, d->safe_sources);
  mtasts_i_free(&m, d->text.data);
  mtasts_i_free(&m, d);
}

static int valid_rev(mtasts_revision rev) {
  return rev == MTASTS_REVISION_CURRENT || rev == MTASTS_REVISION_PREVIOUS;
}

static size_t add_safe(mtasts_deployment *d, const char *p, size_t n) {
  return mtasts_i_text_add_safe(&d->alloc, &d->text, p, n);
}

/* The index of a source name, added on first use; (size_t)-1 on failure. */
static size_t source_index(mtasts_deployment *d, const char *source) {
  size_t n = strlen(source);
  for (size_t i = 0; i < d->source_count; i++) {
    const char *s = d->text.data + d->sources[i];
    if (strlen(s) == n && memcmp(s, source, n) == 0)
      return i;
  }
  size_t cap = d->source_cap;
  if (mtasts_i_grow(&d->alloc, (void **)&d->sources, &d->source_cap,
                    d->source_count + 1, sizeof *d->sources) != 0)
    return (size_t)-1;
  if (d->source_cap != cap &&
      mtasts_i_grow(&d->alloc, (void **)&d->safe_sources, &cap, d->source_cap,
                    sizeof *d->safe_sources) != 0) {
    d->source_cap = cap < d->source_cap ? cap : d->source_cap;
    return (size_t)-1;
  }
  size_t off = mtasts_i_text_add(&d->alloc, &d->text, source, n);
  if (off == MT_NO_TEXT)
    return (size_t)-1;
  size_t safe = add_safe(d, source, n);
  if (safe == MT_NO_TEXT)
    return (size_t)-1;
  d->sources[d->source_count] = off;
  d->safe_sources[d->source_count] = safe;
  return d->source_count++;
}

static mtasts_status add_item(mtasts_deployment *d, dep_list *l, const char *p,
                              size_t n, mtasts_txt_form form,
                              const char *source, unsigned long line) {
  if (!source || (!p && n))
    return MTASTS_ERR_INVALID_ARG;
  size_t src = source_index(d, source);
  if (src == (size_t)-1)
    return MTASTS_ERR_NOMEM;
  if (mtasts_i_grow(&d->alloc, (void **)&l->v, &l->cap, l->n + 1,
                    sizeof *l->v) != 0)
    return MTASTS_ERR_NOMEM;
  size_t off = mtasts_i_text_add(&d->alloc, &d->text, p ? p : "", n);
  if (off == MT_NO_TEXT)
    return MTASTS_ERR_NOMEM;
  dep_item *it = &l->v[l->n++];
  it->text = off;
  it->len = n;
  it->form = form;
  it->source = src;
  it->line = line ? line : 1;
  return MTASTS_OK;
}

mtasts_status mtasts_deployment_set_domain(mtasts_deployment *d,
                                           const char *domain, size_t len) {
  if (!d || (!domain && len))
    return MTASTS_ERR_INVALID_ARG;
  if (len && domain[len - 1] == '.')
    len--;
  /* Only ever shown in messages. */
  size_t off = add_safe(d, domain ? domain : "", len);
  if (off == MT_NO_TEXT)
    return MTASTS_ERR_NOMEM;
  d->domain = off;
  d->has_domain = 1;
  return MTASTS_OK;
}

void mtasts_i_deployment_quiet_policy(mtasts_deployment *d) {
  d->quiet_policy = 1;
}

mtasts_status mtasts_deployment_set_zone(mtasts_deployment *d,
                                         mtasts_revision rev,
                                         const char *source) {
  if (!d || !valid_rev(rev) || !source)
    return MTASTS_ERR_INVALID_ARG;
  size_t src = source_index(d, source);
  if (src == (size_t)-1)
    return MTASTS_ERR_NOMEM;
  d->rev[rev].has_zone = 1;
  d->rev[rev].zone_source = src;
  return MTASTS_OK;
}

mtasts_status mtasts_deployment_add_txt(mtasts_deployment *d,
                                        mtasts_revision rev, mtasts_kind kind,
                                        const mtasts_txt *txt,
                                        const char *source,
                                        unsigned long line) {
  if (!d || !valid_rev(rev) || !txt ||
      (kind != MTASTS_RECORD_STS && kind != MTASTS_RECORD_TLSRPT) ||
      (txt->form != MTASTS_TXT_RAW && txt->form != MTASTS_TXT_ZONE))
    return MTASTS_ERR_INVALID_ARG;
  return add_item(d, &d->rev[rev].txt[kind], txt->ptr, txt->len, txt->form,
                  source, line);
}

mtasts_status mtasts_deployment_add_mx(mtasts_deployment *d,
                                       mtasts_revision rev, const char *host,
                                       size_t len, const char *source,
                                       unsigned long line) {
  if (!d || !valid_rev(rev))
    return MTASTS_ERR_INVALID_ARG;
  return add_item(d, &d->rev[rev].mx, host, len, MTASTS_TXT_RAW, source, line);
}

mtasts_status mtasts_deployment_add_policy_host_address(mtasts_deployment *d,
                                                        mtasts_revision rev,
                                                        const char *source,
                                                        unsigned long line) {
  if (!d || !valid_rev(rev))
    return MTASTS_ERR_INVALID_ARG;
  return add_item(d, &d->rev[rev].address, "", 0, MTASTS_TXT_RAW, source, line);
}

mtasts_status mtasts_deployment_set_policy(mtasts_deployment *d,
                                           mtasts_revision rev, const char *buf,
                                           size_t len, const char *source) {
  if (!d || !valid_rev(rev) || !source || (!buf && len))
    return MTASTS_ERR_INVALID_ARG;
  size_t src = source_index(d, source);
  if (src == (size_t)-1)
    return MTASTS_ERR_NOMEM;
  size_t off = mtasts_i_text_add(&d->alloc, &d->text, buf ? buf : "", len);
  if (off == MT_NO_TEXT)
    return MTASTS_ERR_NOMEM;
  dep_rev *r = &d->rev[rev];
  r->has_policy = 1;
  r->policy = off;
  r->policy_len = len;
  r->policy_source = src;
  return MTASTS_OK;
}

/* ---------------------------------------------------------------------- */
/* Checking: the state of one check                                        */

typedef struct dep_check {
  const mtasts_deployment *d;
  mtasts_i_alloc *alloc;
  mtasts_i_sink **sinks; /* by source index, created on first use */
  int nomem;
  const mtasts_policy *policy[2];
  const mtasts_record *record[2][2];
} dep_check;

static const char *dep_str(const mtasts_deployment *d, size_t off) {
  return d->text.data + off;
}

/* A source's name as messages show it. */
static const char *source_name(const dep_check *c, size_t src) {
  return dep_str(c->d, c->d->safe_sources[src]);
}

static mtasts_i_sink *sink_for(dep_check *c, size_t src) {
  if (!c->sinks[src]) {
    mtasts_i_sink *s = mtasts_i_malloc(c->alloc, sizeof *s);
    if (!s) {
      c->nomem = 1;
      return NULL;
    }
    mtasts_i_sink_init(s, c->alloc, &c->d->options);
    c->sinks[src] = s;
  }
  return c->sinks[src];
}

static void dep_report(dep_check *c, size_t src, mtasts_diag_code code,
                       mtasts_severity sev, mtasts_i_where w, const char *fmt,
                       ...) MT_PRINTF(6, 7);

static void dep_report(dep_check *c, size_t src, mtasts_diag_code code,
                       mtasts_severity sev, mtasts_i_where w, const char *fmt,
                       ...) {
  mtasts_i_sink *s = sink_for(c, src);
  if (!s)
    return;
  /* mtasts_i_vreport raises a warning to an error under MTASTS_OPT_STRICT only
   * for the catalogue's own severity; do the same for an explicit one. */
  if (s->strict && sev == MTASTS_SEVERITY_WARNING)
    sev = MTASTS_SEVERITY_ERROR;
  va_list ap;
  va_start(ap, fmt);
  mtasts_i_vreport(s, code, sev, w, NULL, fmt, ap);
  va_end(ap);
}

static mtasts_i_where at_line(unsigned long line) {
  mtasts_i_where w = {0, 0, line ? line : 1, 1};
  return w;
}

static size_t fmt_into(char *buf, size_t cap, const char *fmt, ...)
    MT_PRINTF(3, 4);

static size_t fmt_into(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t n = mtasts_i_vformat(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

/* "604800 seconds (7 days)", "3600 seconds (1 hour)", into buf. */
static const char *duration(char *buf, size_t cap, int known, uint64_t s) {
  if (!known) {
    fmt_into(buf, cap, "its max_age");
    return buf;
  }
  uint64_t days = s / 86400, hours = (s % 86400) / 3600;
  if (days && hours)
    fmt_into(buf, cap, "%lu seconds (%lu day%s %lu hour%s)", (unsigned long)s,
             (unsigned long)days, days == 1 ? "" : "s", (unsigned long)hours,
             hours == 1 ? "" : "s");
  else if (days)
    fmt_into(buf, cap, "%lu seconds (%lu day%s)", (unsigned long)s,
             (unsigned long)days, days == 1 ? "" : "s");
  else if (hours)
    fmt_into(buf, cap, "%lu seconds (%lu hour%s)", (unsigned long)s,
             (unsigned long)hours, hours == 1 ? "" : "s");
  else
    fmt_into(buf, cap, "%lu seconds", (unsigned long)s);
  return buf;
}

/* ---------------------------------------------------------------------- */
/* Where things are                                                        */

/*
 * The line of the first (or, with last, the last) field of a policy body
 * whose name is the literal name, or 0. A locator for findings, not a
 * rule: the policy's own parse has already reported what is wrong with
 * its lines.
 */
static unsigned long policy_field_line(const char *p, size_t n,
                                       const char *name, int last) {
  size_t k = strlen(name);
  unsigned long line = 1, found = 0;
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && p[e] != '\n')
      e++;
    size_t j = i + k;
    if (e - i > k && memcmp(p + i, name, k) == 0) {
      while (j < e && mtasts_i_is_wsp((unsigned char)p[j]))
        j++;
      if (j < e && p[j] == ':') {
        found = line;
        if (!last)
          return found;
      }
    }
    i = e + 1;
    line++;
  }
  return found;
}

/* Where a policy field is, for a finding in the current policy: the line
 * of the field, or of the mode, or line 1. */
static mtasts_i_where policy_where(const dep_check *c, const char *name,
                                   int last) {
  const dep_rev *r = &c->d->rev[MTASTS_REVISION_CURRENT];
  const char *p = dep_str(c->d, r->policy);
  unsigned long line = policy_field_line(p, r->policy_len, name, last);
  if (!line)
    line = policy_field_line(p, r->policy_len, "mode", 0);
  return at_line(line);
}

/* The record of the set senders use, or the first one. */
static const dep_item *sts_item(const dep_check *c, mtasts_revision rev) {
  const dep_list *l = &c->d->rev[rev].txt[MTASTS_RECORD_STS];
  if (l->n == 0)
    return NULL;
  const mtasts_record *rec = c->record[rev][MTASTS_RECORD_STS];
  long sel = rec ? mtasts_record_selected(rec) : -1;
  return sel >= 0 && (size_t)sel < l->n ? &l->v[sel] : &l->v[0];
}

/* Where the id of the selected record is: its "id=" text as given. */
static mtasts_i_where id_where(const dep_check *c, const dep_item *it) {
  const char *t = dep_str(c->d, it->text);
  mtasts_i_where w = at_line(it->line);
  w.len = it->len;
  for (size_t i = 0; i + 3 <= it->len; i++) {
    if (memcmp(t + i, "id=", 3) == 0 &&
        (i == 0 || !mtasts_i_is_alnum((unsigned char)t[i - 1]))) {
      size_t e = i + 3;
      while (e < it->len && mtasts_i_is_alnum((unsigned char)t[e]))
        e++;
      w.off = i;
      w.len = e - i;
      w.col = (unsigned long)i + 1;
      break;
    }
  }
  return w;
}

/* Where a finding about something missing from a zone goes: the _mta-sts
 * record when there is one, else line 1 of the zone. */
static void zone_anchor(const dep_check *c, size_t *src, mtasts_i_where *w) {
  const dep_item *it = sts_item(c, MTASTS_REVISION_CURRENT);
  if (it) {
    *src = it->source;
    *w = at_line(it->line);
  } else {
    *src = c->d->rev[MTASTS_REVISION_CURRENT].zone_source;
    *w = at_line(1);
  }
}

static const char *domain_name(const dep_check *c) {
  return c->d->has_domain ? dep_str(c->d, c->d->domain) : "<domain>";
}

/* ---------------------------------------------------------------------- */
/* Comparing policies                                                      */

static const char *mx_key(const void *ctx, size_t i, size_t *n) {
  const char *s = mtasts_policy_mx((const mtasts_policy *)ctx, i);
  *n = strlen(s);
  return s;
}

static const char *ext_key(const void *ctx, size_t i, size_t *n) {
  const char *s = mtasts_policy_extension_name((const mtasts_policy *)ctx, i);
  *n = strlen(s);
  return s;
}

/* A set of the policy's mx patterns (fold_case) or extension names, in
 * *s. Returns 0, or -1 when out of memory. */
static int policy_set(mtasts_i_alloc *m, const mtasts_policy *p, int ext,
                      mtasts_i_strset *s) {
  mtasts_i_strset_init(s, m, !ext, ext ? ext_key : mx_key, p);
  size_t n = ext ? mtasts_policy_extension_count(p) : mtasts_policy_mx_count(p);
  for (size_t i = 0; i < n; i++) {
    size_t k;
    const char *key = ext ? ext_key(p, i, &k) : mx_key(p, i, &k);
    mtasts_i_strset_pos pos;
    if (mtasts_i_strset_find(s, key, k, &pos) < 0 &&
        mtasts_i_strset_insert(s, &pos, i) != 0) {
      mtasts_i_strset_release(s);
      return -1;
    }
  }
  return 0;
}

/* How two policies differ in the values senders use (RFC 8461 §3.2: mode,
 * max_age, the set of mx patterns, ignoring case and order, RFC 8461 §4.1,
 * and the extensions). Writes what changed into buf ("" when nothing did).
 * Returns 0, or -1 when out of memory. */
static int policy_changes(mtasts_i_alloc *m, const mtasts_policy *a,
                          const mtasts_policy *b, char *buf, size_t cap) {
  size_t at = 0;
  buf[0] = '\0';
#define ADD_CHANGE(what)                                                       \
  do {                                                                         \
    if (at < cap)                                                              \
      at += fmt_into(buf + at, cap - at, "%s%s", at ? ", " : "", what);        \
  } while (0)
  if (mtasts_policy_mode(a) != mtasts_policy_mode(b))
    ADD_CHANGE("mode");
  uint64_t ma = 0, mb = 0;
  int ha = mtasts_policy_max_age(a, &ma), hb = mtasts_policy_max_age(b, &mb);
  if (ha != hb || ma != mb)
    ADD_CHANGE("max_age");
  /* The mx sets: equal when each pattern of one is in the other. */
  mtasts_i_strset sa, sb;
  if (policy_set(m, a, 0, &sa) != 0)
    return -1;
  if (policy_set(m, b, 0, &sb) != 0) {
    mtasts_i_strset_release(&sa);
    return -1;
  }
  int mx_differ = 0;
  for (size_t i = 0; !mx_differ && i < mtasts_policy_mx_count(a); i++) {
    const char *s = mtasts_policy_mx(a, i);
    mx_differ = mtasts_i_strset_find(&sb, s, strlen(s), NULL) < 0;
  }
  for (size_t i = 0; !mx_differ && i < mtasts_policy_mx_count(b); i++) {
    const char *s = mtasts_policy_mx(b, i);
    mx_differ = mtasts_i_strset_find(&sa, s, strlen(s), NULL) < 0;
  }
  mtasts_i_strset_release(&sa);
  mtasts_i_strset_release(&sb);
  if (mx_differ)
    ADD_CHANGE("mx");
  /* Extensions: the same names with the same values. */
  size_t na = mtasts_policy_extension_count(a);
  int ext_differ = na != mtasts_policy_extension_count(b);
  if (!ext_differ && na) {
    if (policy_set(m, b, 1, &sb) != 0)
      return -1;
    for (size_t i = 0; !ext_differ && i < na; i++) {
      const char *name = mtasts_policy_extension_name(a, i);
      long j = mtasts_i_strset_find(&sb, name, strlen(name), NULL);
      ext_differ =
          j < 0 || strcmp(mtasts_policy_extension_value(a, i),
                          mtasts_policy_extension_value(b, (size_t)j)) != 0;
    }
    mtasts_i_strset_release(&sb);
  }
  if (ext_differ)
    ADD_CHANGE("extensions");
#undef ADD_CHANGE
  return 0;
}

/*
 * The mx patterns of a policy indexed for coverage (RFC 8461 §4.1): exact
 * patterns in one set, the parents of wildcard patterns ("*.example.com"
 * as "example.com") in another, both ignoring case; so each host is one or
 * two look-ups, and a zone of h hosts against p patterns costs O(h + p).
 */
typedef struct mx_index {
  mtasts_i_strset exact, wild;
} mx_index;

static const char *wild_key(const void *ctx, size_t i, size_t *n) {
  const char *s = mtasts_policy_mx((const mtasts_policy *)ctx, i);
  *n = strlen(s) - 2;
  return s + 2;
}

/* Returns 0, or -1 when out of memory (nothing to release then). */
static int mx_index_build(mtasts_i_alloc *m, const mtasts_policy *p,
                          mx_index *x) {
  mtasts_i_strset_init(&x->exact, m, 1, mx_key, p);
  mtasts_i_strset_init(&x->wild, m, 1, wild_key, p);
  for (size_t i = 0, count = mtasts_policy_mx_count(p); i < count; i++) {
    const char *pat = mtasts_policy_mx(p, i);
    size_t n = strlen(pat);
    int w = n > 2 && pat[0] == '*' && pat[1] == '.';
    mtasts_i_strset *set = w ? &x->wild : &x->exact;
    mtasts_i_strset_pos pos;
    if (mtasts_i_strset_find(set, pat + (w ? 2 : 0), n - (w ? 2 : 0), &pos) <
            0 &&
        mtasts_i_strset_insert(set, &pos, i) != 0) {
      mtasts_i_strset_release(&x->exact);
      mtasts_i_strset_release(&x->wild);
      return -1;
    }
  }
  return 0;
}

/* 1 when host (one trailing dot ignored) is covered by a pattern of the
 * index: equal to an exact one, or a wildcard's parent after its first
 * label (which is not empty), as mtasts_mx_match decides. */
static int policy_covers(const mx_index *x, const char *host, size_t n) {
  if (n && host[n - 1] == '.')
    n--;
  if (mtasts_i_strset_find(&x->exact, host, n, NULL) >= 0)
    return 1;
  const char *dot = memchr(host, '.', n);
  return dot && dot > host &&
         mtasts_i_strset_find(&x->wild, dot + 1, n - (size_t)(dot - host) - 1,
                              NULL) >= 0;
}

static int is_null_mx(const char *h, size_t n) {
  return n == 0 || (n == 1 && h[0] == '.');
}

/* MX hosts of a list as set keys: the name without its root dot. */
typedef struct host_ctx {
  const mtasts_deployment *d;
  const dep_list *l;
} host_ctx;

static const char *host_key(const void *ctx, size_t i, size_t *n) {
  const host_ctx *hc = ctx;
  const char *h = dep_str(hc->d, hc->l->v[i].text);
  size_t k = hc->l->v[i].len;
  if (k > 1 && h[k - 1] == '.')
    k--;
  *n = k;
  return h;
}

/* ---------------------------------------------------------------------- */
/* The checks                                                              */

/* RFC 8461 §4.1: in enforce mode, senders deliver only to MX hosts that an
 * mx pattern covers; check every host of the zone (§8.4: a backup MX that
 * is not covered shows only when the primary fails). */
static void check_mx_coverage(dep_check *c) {
  const dep_rev *r = &c->d->rev[MTASTS_REVISION_CURRENT];
  const mtasts_policy *p = c->policy[MTASTS_REVISION_CURRENT];
  if (!r->has_zone || !p)
    return;
  mtasts_mode mode = mtasts_policy_mode(p);
  mtasts_severity sev = mode == MTASTS_MODE_ENFORCE ? MTASTS_SEVERITY_ERROR
                                                    : MTASTS_SEVERITY_WARNING;
  mtasts_i_where w = policy_where(c, "mx", 1);
  char q[MT_QUOTE_MAX];
  mx_index x;
  if (mx_index_build(c->alloc, p, &x) != 0) {
    c->nomem = 1;
    return;
  }
  for (size_t i = 0; i < r->mx.n; i++) {
    const dep_item *it = &r->mx.v[i];
    const char *h = dep_str(c->d, it->text);
    size_t foff, flen;
    if (mtasts_i_fake_alabel(h, it->len, &foff, &flen)) {
      /* RFC 5890 §2.3.2.1: not the A-label of any name, so it matches no
       * sender's comparison (needs libidn2). */
      char part[MT_QUOTE_MAX];
      dep_report(c, it->source, MTASTS_DIAG_POLICY_MX_FAKE_A_LABEL,
                 MTASTS_SEVERITY_ERROR, at_line(it->line),
                 "MX host %s has the label %s, which starts with 'xn--' but "
                 "is not a valid A-label",
                 mtasts_i_quote(q, sizeof q, h, it->len),
                 mtasts_i_quote(part, sizeof part, h + foff, flen));
    }
    if (is_null_mx(h, it->len) || policy_covers(&x, h, it->len))
      continue;
    dep_report(c, r->policy_source, MTASTS_DIAG_DEPLOY_MX_NOT_COVERED, sev, w,
               "MX host %s (%s:%lu) is not covered by any mx pattern of the "
               "policy%s",
               mtasts_i_quote(q, sizeof q, h, it->len),
               source_name(c, it->source), it->line,
               mode == MTASTS_MODE_ENFORCE
                   ? ", so senders refuse to deliver mail to it"
                   : "; in enforce mode senders would refuse mail to it");
  }
  mtasts_i_strset_release(&x.exact);
  mtasts_i_strset_release(&x.wild);
}

/* The parts that must exist together: the _mta-sts record (RFC 8461 §3.1),
 * the policy host's address (§3.3), the policy; and TLS-RPT (RFC 8460 §3,
 * RFC 8461 §6), without which failures go unreported. */
static void check_parts(dep_check *c) {
  const dep_rev *r = &c->d->rev[MTASTS_REVISION_CURRENT];
  if (!r->has_zone)
    return;
  int has_record = r->txt[MTASTS_RECORD_STS].n > 0;
  if (!has_record && !r->has_policy)
    return; /* the domain does not use MTA-STS */
  const char *dom = domain_name(c);
  const char *zone = source_name(c, r->zone_source);
  size_t src;
  mtasts_i_where w;
  zone_anchor(c, &src, &w);
  if (r->address.n == 0)
    dep_report(c, src, MTASTS_DIAG_DEPLOY_POLICY_HOST_NO_ADDRESS,
               MTASTS_SEVERITY_ERROR, w,
               "the zone has no A, AAAA or CNAME record for mta-sts.%s, so "
               "senders cannot fetch the policy from "
               "https://mta-sts.%s/.well-known/mta-sts.txt",
               dom, dom);
  if (has_record && !r->has_policy) {
    const dep_item *it = sts_item(c, MTASTS_REVISION_CURRENT);
    dep_report(c, it->source, MTASTS_DIAG_DEPLOY_RECORD_WITHOUT_POLICY,
               MTASTS_SEVERITY_WARNING, at_line(it->line),
               "the zone publishes an _mta-sts record for %s but no policy "
               "file was given, so its mx patterns and id cannot be checked; "
               "senders that find no policy act as if there were none",
               dom);
  }
  if (!has_record && r->has_policy)
    dep_report(c, r->policy_source, MTASTS_DIAG_DEPLOY_POLICY_WITHOUT_RECORD,
               MTASTS_SEVERITY_WARNING, at_line(1),
               "the zone %s has no _mta-sts.%s TXT record, so senders never "
               "fetch this policy",
               zone, dom);
  if (r->txt[MTASTS_RECORD_TLSRPT].n == 0)
    dep_report(c, src, MTASTS_DIAG_DEPLOY_NO_TLSRPT, MTASTS_SEVERITY_NOTE, w,
               "the zone has no _smtp._tls.%s TLS-RPT record, so senders do "
               "not report the failures this policy causes",
               dom);
}

/* The change against the previous revision, as senders that cached the
 * previous policy see it (RFC 8461 §3.1, §5.1, §8.3). */
static int check_change(dep_check *c) {
  const mtasts_deployment *d = c->d;
  const dep_rev *cur = &d->rev[MTASTS_REVISION_CURRENT];
  const dep_rev *prev = &d->rev[MTASTS_REVISION_PREVIOUS];
  const mtasts_policy *pp = c->policy[MTASTS_REVISION_PREVIOUS];
  const mtasts_policy *cp = c->policy[MTASTS_REVISION_CURRENT];
  if (!pp && !prev->has_zone)
    return 0;
  char q[MT_QUOTE_MAX], q2[MT_QUOTE_MAX], age[96];
  uint64_t old_age = 0, new_age = 0;
  int old_known = pp && mtasts_policy_max_age(pp, &old_age);
  mtasts_mode old_mode = pp ? mtasts_policy_mode(pp) : MTASTS_MODE_UNSET;
  duration(age, sizeof age, old_known, old_age);
  const char *prev_name =
      pp ? source_name(c, prev->policy_source) : "the previous policy";

  /* The id must change with the policy (RFC 8461 §3.1). */
  const mtasts_record *prec = c->record[MTASTS_REVISION_PREVIOUS][0];
  const mtasts_record *crec = c->record[MTASTS_REVISION_CURRENT][0];
  const char *pid = prec ? mtasts_record_id(prec) : NULL;
  const char *cid = crec ? mtasts_record_id(crec) : NULL;
  const dep_item *sts = sts_item(c, MTASTS_REVISION_CURRENT);
  if (pp && cp && pid && cid && sts) {
    char changes[128];
    if (policy_changes(c->alloc, pp, cp, changes, sizeof changes) != 0)
      return -1;
    int same_id = strcmp(pid, cid) == 0;
    mtasts_i_where w = id_where(c, sts);
    if (changes[0] && same_id)
      dep_report(c, sts->source, MTASTS_DIAG_DEPLOY_ID_NOT_CHANGED,
                 MTASTS_SEVERITY_ERROR, w,
                 "the policy's %s changed (%s against %s) but the id is still "
                 "%s, so senders that cached the previous policy keep it for "
                 "up to %s",
                 changes, source_name(c, cur->policy_source), prev_name,
                 mtasts_i_quote(q, sizeof q, cid, strlen(cid)), age);
    if (!changes[0] && !same_id) {
      const char *pb = dep_str(d, prev->policy), *cb = dep_str(d, cur->policy);
      int bytes_same = prev->policy_len == cur->policy_len &&
                       memcmp(pb, cb, cur->policy_len) == 0;
      dep_report(c, sts->source, MTASTS_DIAG_DEPLOY_ID_CHANGED_POLICY_SAME,
                 MTASTS_SEVERITY_NOTE, w,
                 "the id changed from %s to %s but the policy's values did "
                 "not%s; senders fetch the same policy again",
                 mtasts_i_quote(q, sizeof q, pid, strlen(pid)),
                 mtasts_i_quote(q2, sizeof q2, cid, strlen(cid)),
                 bytes_same ? "" : " (only its text did)");
    }
    /* RFC 8461 §3.1 calls the id opaque; a cache that folds case would
     * see no change (spec §4 #23). */
    if (!same_id && mtasts_i_eq_nocase(pid, strlen(pid), cid, strlen(cid)))
      dep_report(c, sts->source, MTASTS_DIAG_DEPLOY_ID_CASE_ONLY,
                 MTASTS_SEVERITY_WARNING, w,
                 "the new id %s differs from the previous id %s only in "
                 "letter case; a sender that compares ids ignoring case sees "
                 "no change",
                 mtasts_i_quote(q, sizeof q, cid, strlen(cid)),
                 mtasts_i_quote(q2, sizeof q2, pid, strlen(pid)));
  }

  /* A new MX host that the cached enforce policy does not cover: senders
   * holding it refuse mail to that host (RFC 8461 §5.1, §4.1). */
  if (pp && old_mode == MTASTS_MODE_ENFORCE && cur->has_zone) {
    /* The previous zone's hosts, without their root dot, ignoring case. */
    mtasts_i_strset old_hosts;
    host_ctx hc = {d, &prev->mx};
    mtasts_i_strset_init(&old_hosts, c->alloc, 1, host_key, &hc);
    for (size_t j = 0; j < prev->mx.n; j++) {
      size_t on;
      const char *oh = host_key(&hc, j, &on);
      mtasts_i_strset_pos pos;
      if (mtasts_i_strset_find(&old_hosts, oh, on, &pos) < 0 &&
          mtasts_i_strset_insert(&old_hosts, &pos, j) != 0) {
        mtasts_i_strset_release(&old_hosts);
        return -1;
      }
    }
    mx_index x;
    if (mx_index_build(c->alloc, pp, &x) != 0) {
      mtasts_i_strset_release(&old_hosts);
      return -1;
    }
    for (size_t i = 0; i < cur->mx.n; i++) {
      const dep_item *it = &cur->mx.v[i];
      const char *h = dep_str(d, it->text);
      size_t hn = it->len;
      if (is_null_mx(h, hn))
        continue;
      if (h[hn - 1] == '.')
        hn--;
      int was_there = mtasts_i_strset_find(&old_hosts, h, hn, NULL) >= 0;
      if (was_there || policy_covers(&x, h, hn))
        continue;
      dep_report(c, it->source, MTASTS_DIAG_DEPLOY_NEW_MX_UNDER_ENFORCE,
                 MTASTS_SEVERITY_WARNING, at_line(it->line),
                 "MX host %s is new and the previous policy (%s, mode "
                 "enforce) does not cover it: senders that cached that policy "
                 "refuse mail to this host for up to %s; add the host to the "
                 "policy, publish it with a new id, wait that long, then "
                 "change the MX records",
                 mtasts_i_quote(q, sizeof q, h, hn), prev_name, age);
    }
    mtasts_i_strset_release(&x.exact);
    mtasts_i_strset_release(&x.wild);
    mtasts_i_strset_release(&old_hosts);
  }

  if (pp && cp) {
    mtasts_mode new_mode = mtasts_policy_mode(cp);
    if (old_mode == MTASTS_MODE_ENFORCE &&
        (new_mode == MTASTS_MODE_TESTING || new_mode == MTASTS_MODE_NONE))
      dep_report(c, cur->policy_source, MTASTS_DIAG_DEPLOY_MODE_DOWNGRADED,
                 MTASTS_SEVERITY_WARNING, policy_where(c, "mode", 0),
                 "the mode goes from enforce to %s: senders that cached the "
                 "previous policy (%s) keep enforcing it until they fetch "
                 "this one after the id changes, and for up to %s when they "
                 "cannot fetch it",
                 mtasts_mode_name(new_mode), prev_name, age);
    if (old_known && mtasts_policy_max_age(cp, &new_age) && new_age < old_age) {
      char nage[96];
      dep_report(c, cur->policy_source, MTASTS_DIAG_DEPLOY_MAX_AGE_SHORTENED,
                 MTASTS_SEVERITY_NOTE, policy_where(c, "max_age", 0),
                 "max_age goes down from %s to %s: senders that cached the "
                 "previous policy (%s) may keep it for up to the old %s",
                 age, duration(nage, sizeof nage, 1, new_age), prev_name, age);
    }
    mtasts_i_strset now;
    if (policy_set(c->alloc, cp, 0, &now) != 0)
      return -1;
    size_t n = mtasts_policy_mx_count(pp);
    mtasts_i_where w = policy_where(c, "mx", 1);
    for (size_t i = 0; i < n; i++) {
      const char *pat = mtasts_policy_mx(pp, i);
      if (mtasts_i_strset_find(&now, pat, strlen(pat), NULL) >= 0)
        continue;
      dep_report(c, cur->policy_source, MTASTS_DIAG_DEPLOY_MX_PATTERN_REMOVED,
                 MTASTS_SEVERITY_NOTE, w,
                 "mx pattern %s of the previous policy (%s) is removed: "
                 "senders that cached that policy still deliver to hosts it "
                 "covers for up to %s, so keep them able to receive mail "
                 "until then",
                 mtasts_i_quote(q, sizeof q, pat, strlen(pat)), prev_name, age);
    }
    mtasts_i_strset_release(&now);
  }

  /* RFC 8461 §8.3: to stop using MTA-STS, publish mode none with a new id,
   * wait for the old max_age, then remove the record and the policy. */
  int old_active = pp && old_mode != MTASTS_MODE_NONE;
  if (old_active && !cur->has_policy)
    dep_report(c, prev->policy_source, MTASTS_DIAG_DEPLOY_POLICY_REMOVED,
               MTASTS_SEVERITY_WARNING, at_line(1),
               "the policy (mode %s) is removed: senders that cached it keep "
               "applying it for up to %s; publish it with mode none and a new "
               "id first, and remove it after that time (RFC 8461 §8.3)",
               old_mode == MTASTS_MODE_UNSET ? "unset"
                                             : mtasts_mode_name(old_mode),
               age);
  if ((old_active || !pp) && prev->has_zone && cur->has_zone &&
      prev->txt[MTASTS_RECORD_STS].n > 0 && cur->txt[MTASTS_RECORD_STS].n == 0)
    dep_report(c, cur->zone_source, MTASTS_DIAG_DEPLOY_RECORD_REMOVED,
               MTASTS_SEVERITY_WARNING, at_line(1),
               "the _mta-sts.%s record is removed (it was at %s:%lu): senders "
               "that cached the policy keep applying it for up to %s and can "
               "no longer learn of a change; publish mode none with a new id "
               "first (RFC 8461 §8.3)",
               domain_name(c),
               source_name(c, prev->txt[MTASTS_RECORD_STS].v[0].source),
               prev->txt[MTASTS_RECORD_STS].v[0].line, age);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Parsing the parts and joining the findings                              */

static mtasts_status parse_parts(const mtasts_deployment *d,
                                 mtasts_deployment_result *res) {
  for (int rv = 0; rv < 2; rv++) {
    const dep_rev *r = &d->rev[rv];
    if (r->has_policy) {
      mtasts_status st = mtasts_policy_parse(
          dep_str(d, r->policy), r->policy_len, &d->options, &res->policy[rv]);
      if (st != MTASTS_OK)
        return st;
    }
    for (int k = 0; k < 2; k++) {
      const dep_list *l = &r->txt[k];
      if (l->n == 0)
        continue;
      mtasts_txt *set = mtasts_i_malloc(&res->alloc, l->n * sizeof *set);
      if (!set)
        return MTASTS_ERR_NOMEM;
      for (size_t i = 0; i < l->n; i++) {
        set[i].ptr = dep_str(d, l->v[i].text);
        set[i].len = l->v[i].len;
        set[i].form = l->v[i].form;
      }
      mtasts_status st = mtasts_record_parse((mtasts_kind)k, set, l->n,
                                             &d->options, &res->record[rv][k]);
      mtasts_i_free(&res->alloc, set);
      if (st != MTASTS_OK)
        return st;
    }
  }
  return MTASTS_OK;
}

/* An entry of the joined list before sorting. */
typedef struct dep_entry {
  mtasts_diag diag;
  size_t source; /* index in the deployment's sources */
  size_t seq;
} dep_entry;

static int entry_cmp(const void *pa, const void *pb) {
  const dep_entry *a = pa, *b = pb;
  if (a->source != b->source)
    return a->source < b->source ? -1 : 1;
  if (a->diag.line != b->diag.line)
    return a->diag.line < b->diag.line ? -1 : 1;
  if (a->diag.column != b->diag.column)
    return a->diag.column < b->diag.column ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static mtasts_status join(const mtasts_deployment *d, dep_check *c,
                          mtasts_deployment_result *res) {
  const dep_rev *cur = &d->rev[MTASTS_REVISION_CURRENT];
  size_t total = 0;
  const mtasts_policy *pol =
      d->quiet_policy ? NULL : res->policy[MTASTS_REVISION_CURRENT];
  if (pol)
    total += mtasts_policy_diag_count(pol);
  for (int k = 0; k < 2; k++)
    if (res->record[0][k])
      total += mtasts_record_diag_count(res->record[0][k]);
  res->finished =
      mtasts_i_calloc(&res->alloc, d->source_count + 1, sizeof *res->finished);
  res->finished_n = mtasts_i_calloc(&res->alloc, d->source_count + 1,
                                    sizeof *res->finished_n);
  if (!res->finished || !res->finished_n)
    return MTASTS_ERR_NOMEM;
  res->finished_count = d->source_count;
  for (size_t s = 0; s < d->source_count; s++) {
    if (!c->sinks[s])
      continue;
    if (mtasts_i_sink_finish(c->sinks[s], &res->finished[s],
                             &res->finished_n[s]) != 0)
      return MTASTS_ERR_NOMEM;
    total += res->finished_n[s];
  }
  /* The source names follow the array, in one allocation. */
  size_t names = d->text.len;
  if (total > (SIZE_MAX - names) / sizeof(mtasts_diag) ||
      total > SIZE_MAX / sizeof(dep_entry))
    return MTASTS_ERR_NOMEM;
  dep_entry *e = mtasts_i_malloc(&res->alloc, total ? total * sizeof *e : 1);
  if (!e)
    return MTASTS_ERR_NOMEM;
  size_t n = 0;
  if (pol) {
    for (size_t i = 0; i < mtasts_policy_diag_count(pol); i++) {
      e[n].diag = *mtasts_policy_diag(pol, i);
      e[n].source = cur->policy_source;
      e[n].seq = n;
      n++;
    }
  }
  for (int k = 0; k < 2; k++) {
    const mtasts_record *rec = res->record[0][k];
    const dep_list *l = &cur->txt[k];
    if (!rec)
      continue;
    for (size_t i = 0; i < mtasts_record_diag_count(rec); i++) {
      e[n].diag = *mtasts_record_diag(rec, i);
      /* line is the record's place in the set: make it the zone's. */
      unsigned long at = e[n].diag.line;
      const dep_item *it = at >= 1 && at <= l->n ? &l->v[at - 1] : &l->v[0];
      e[n].diag.line = it->line;
      e[n].source = it->source;
      e[n].seq = n;
      n++;
    }
  }
  for (size_t s = 0; s < d->source_count; s++) {
    for (size_t i = 0; i < res->finished_n[s]; i++) {
      e[n].diag = res->finished[s][i];
      e[n].source = s;
      e[n].seq = n;
      n++;
    }
  }
  qsort(e, n, sizeof *e, entry_cmp);
  res->diags = mtasts_i_malloc(&res->alloc, n * sizeof *res->diags + names + 1);
  if (!res->diags) {
    mtasts_i_free(&res->alloc, e);
    return MTASTS_ERR_NOMEM;
  }
  char *text = (char *)(res->diags + n);
  if (names)
    memcpy(text, d->text.data, names);
  res->valid = 1;
  for (size_t i = 0; i < n; i++) {
    res->diags[i] = e[i].diag;
    res->diags[i].source = text + d->sources[e[i].source];
    if (res->diags[i].severity == MTASTS_SEVERITY_ERROR)
      res->valid = 0;
  }
  res->diag_count = n;
  mtasts_i_free(&res->alloc, e);
  return MTASTS_OK;
}

mtasts_status mtasts_deployment_check(const mtasts_deployment *d,
                                      mtasts_deployment_result **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  if (!d)
    return MTASTS_ERR_INVALID_ARG;
  mtasts_i_alloc m = d->alloc;
  mtasts_deployment_result *res = mtasts_i_calloc(&m, 1, sizeof *res);
  if (!res)
    return MTASTS_ERR_NOMEM;
  res->alloc = m;
  dep_check c;
  memset(&c, 0, sizeof c);
  c.d = d;
  c.alloc = &res->alloc;
  mtasts_status st = parse_parts(d, res);
  if (st == MTASTS_OK) {
    c.sinks =
        mtasts_i_calloc(&res->alloc, d->source_count + 1, sizeof *c.sinks);
    if (!c.sinks)
      st = MTASTS_ERR_NOMEM;
  }
  if (st == MTASTS_OK) {
    for (int rv = 0; rv < 2; rv++) {
      c.policy[rv] = res->policy[rv];
      c.record[rv][0] = res->record[rv][0];
      c.record[rv][1] = res->record[rv][1];
    }
    check_mx_coverage(&c);
    check_parts(&c);
    if (check_change(&c) != 0)
      st = MTASTS_ERR_NOMEM;
  }
  if (st == MTASTS_OK) {
    for (size_t s = 0; s < d->source_count; s++)
      if (c.sinks[s] && c.sinks[s]->nomem)
        c.nomem = 1;
    if (c.nomem)
      st = MTASTS_ERR_NOMEM;
  }
  if (st == MTASTS_OK)
    st = join(d, &c, res);
  if (c.sinks) {
    for (size_t s = 0; s < d->source_count; s++) {
      if (c.sinks[s]) {
        mtasts_i_sink_release(c.sinks[s]);
        mtasts_i_free(&res->alloc, c.sinks[s]);
      }
    }
    mtasts_i_free(&res->alloc, c.sinks);
  }
  if (st != MTASTS_OK) {
    mtasts_deployment_result_free(res);
    return st;
  }
  *out = res;
  return MTASTS_OK;
}

void mtasts_deployment_result_free(mtasts_deployment_result *r) {
  if (!r)
    return;
  mtasts_i_alloc m = r->alloc;
  for (int rv = 0; rv < 2; rv++) {
    mtasts_policy_free(r->policy[rv]);
    mtasts_record_free(r->record[rv][0]);
    mtasts_record_free(r->record[rv][1]);
  }
  if (r->finished) {
    for (size_t s = 0; s < r->finished_count; s++)
      mtasts_i_free(&m, r->finished[s]);
  }
  mtasts_i_free(&m, r->finished);
  mtasts_i_free(&m, r->finished_n);
  mtasts_i_free(&m, r->diags);
  mtasts_i_free(&m, r);
}

int mtasts_deployment_result_valid(const mtasts_deployment_result *r) {
  return r ? r->valid : 0;
}

size_t mtasts_deployment_result_diag_count(const mtasts_deployment_result *r) {
  return r ? r->diag_count : 0;
}

const mtasts_diag *
mtasts_deployment_result_diag(const mtasts_deployment_result *r, size_t i) {
  return r && i < r->diag_count ? &r->diags[i] : NULL;
}

const mtasts_policy *
mtasts_deployment_result_policy(const mtasts_deployment_result *r,
                                mtasts_revision rev) {
  return r && valid_rev(rev) ? r->policy[rev] : NULL;
}

const mtasts_record *
mtasts_deployment_result_record(const mtasts_deployment_result *r,
                                mtasts_revision rev, mtasts_kind kind) {
  if (!r || !valid_rev(rev) ||
      (kind != MTASTS_RECORD_STS && kind != MTASTS_RECORD_TLSRPT))
    return NULL;
  return r->record[rev][kind];
}
