/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: a live check of one domain, judged offline (RFC 8461 §3.1,
 * §3.3, §4, §4.2, §5; the rules L1-L12 of the project's spec §6).
 *
 * The caller looked the domain up, fetched the policy from every address
 * of the policy host and connected to every MX host; this file is fed what
 * it saw (DNS answers, TLS observations, HTTP responses) and says what
 * senders make of it. The single-text rules stay where they are: the
 * response and its body go through mtasts_http_check (lib/http.c), and the
 * records, the MX coverage and the parts that must exist together through
 * the deployment checks (lib/deploy.c), fed with the live state. What is
 * left here is what only the network shows: lookups that failed, the
 * policy host's addresses and certificates, and each MX host's STARTTLS.
 *
 * Every finding is reported into the sink of the source it is about ("NAME/
 * TYPE", the URL, "URL [ADDRESS]", "HOST:25 [ADDRESS]"), as in deploy.c;
 * the result joins the lists of the sinks, of the fetched response and of
 * the deployment check, source by source.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The first published layouts (1.1): the end of their last member. */
#define ANSWER_MIN_SIZE                                                        \
  (offsetof(mtasts_dns_answer, record_count) + sizeof(size_t))
#define TLS_MIN_SIZE                                                           \
  (offsetof(mtasts_tls_observation, error) + sizeof(mtasts_str))

/* RFC 8461 §3.3, §4.2 leave renewal to the operator; two weeks is the
 * warning the project's spec (L8) sets. */
#define EXPIRY_WARNING (14 * 86400)

enum { T_A = 1, T_MX = 15, T_TXT = 16, T_AAAA = 28, T_TLSA = 52 };

/* Bytes of the live object's text. */
typedef struct live_span {
  size_t off, len;
} live_span;

typedef struct live_answer {
  live_span name; /* without its root dot */
  unsigned type;
  mtasts_dns_outcome outcome;
  mtasts_dnssec dnssec;
  size_t cname_count;
  size_t first, count; /* records: spans[first, first + count) */
} live_answer;

typedef struct live_tls {
  mtasts_tls_observation o; /* pointers cleared; the spans below instead */
  live_span chain_error, error;
  size_t first, count; /* DNS-IDs: spans[first, first + count) */
} live_tls;

typedef struct live_fetch {
  live_span address;
  live_tls tls;
  int has_response;
  mtasts_http_response r; /* pointers cleared; the spans below instead */
  int has_location, has_type;
  live_span location, type, body;
} live_fetch;

typedef struct live_smtp {
  live_span host, address;
  live_tls tls;
} live_smtp;

#define LIST(T)                                                                \
  struct {                                                                     \
    T *v;                                                                      \
    size_t n, cap;                                                             \
  }

struct mtasts_live {
  mtasts_i_alloc alloc;
  mtasts_options options; /* mx_hosts cleared */
  mtasts_i_text text;     /* every string given, NUL-terminated */
  LIST(live_span) spans;
  LIST(live_answer) answers;
  LIST(live_fetch) fetches;
  LIST(live_smtp) smtp;
  int has_domain, has_file;
  live_span domain, file, file_source;
};

struct mtasts_live_result {
  mtasts_i_alloc alloc;
  mtasts_diag **finished; /* one array per source (mtasts_i_sink_finish) */
  size_t finished_count;
  mtasts_http_result *http;      /* the response senders use, or NULL */
  mtasts_deployment_result *dep; /* the deployment check of the live state */
  const mtasts_policy *policy;   /* in http, or NULL */
  mtasts_diag *diags;            /* the joined list, then the names */
  size_t diag_count;
  int valid;
  char *verdict;
};

/* ---------------------------------------------------------------------- */
/* Feeding                                                                 */

void mtasts_dns_answer_init_sized(mtasts_dns_answer *a, size_t size) {
  if (!a || size < sizeof(size_t))
    return;
  memset(a, 0, size);
  memcpy(a, &size, sizeof size);
}

void mtasts_tls_observation_init_sized(mtasts_tls_observation *o, size_t size) {
  if (!o || size < sizeof(size_t))
    return;
  memset(o, 0, size);
  memcpy(o, &size, sizeof size);
  /* Unknown until said otherwise. */
  o->tlsa_match = -1;
}

mtasts_status mtasts_live_new(const mtasts_options *options,
                              mtasts_live **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  mtasts_options opts;
  mtasts_status st = mtasts_i_options_read(options, &opts);
  if (st != MTASTS_OK)
    return st;
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, opts.allocator);
  mtasts_live *l = mtasts_i_calloc(&m, 1, sizeof *l);
  if (!l)
    return MTASTS_ERR_NOMEM;
  l->alloc = m;
  l->options = opts;
  l->options.mx_hosts = NULL;
  l->options.mx_host_count = 0;
  *out = l;
  return MTASTS_OK;
}

void mtasts_live_free(mtasts_live *l) {
  if (!l)
    return;
  mtasts_i_alloc m = l->alloc;
  mtasts_i_free(&m, l->spans.v);
  mtasts_i_free(&m, l->answers.v);
  mtasts_i_free(&m, l->fetches.v);
  mtasts_i_free(&m, l->smtp.v);
  mtasts_i_free(&m, l->text.data);
  mtasts_i_free(&m, l);
}

/* Copies p[0..n) into the text; -1 when out of memory. */
static int keep(mtasts_live *l, const char *p, size_t n, live_span *out) {
  size_t off = mtasts_i_text_add(&l->alloc, &l->text, p ? p : "", n);
  if (off == MT_NO_TEXT)
    return -1;
  out->off = off;
  out->len = n;
  return 0;
}

/* Copies strings as spans; *first is where they start. */
static int keep_all(mtasts_live *l, const mtasts_str *v, size_t n,
                    size_t *first) {
  *first = l->spans.n;
  if (mtasts_i_grow(&l->alloc, (void **)&l->spans.v, &l->spans.cap,
                    l->spans.n + n, sizeof *l->spans.v) != 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (keep(l, v[i].ptr, v[i].len, &l->spans.v[l->spans.n++]) != 0)
      return -1;
  return 0;
}

static int strs_ok(const mtasts_str *v, size_t n) {
  if (n && !v)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!v[i].ptr && v[i].len)
      return 0;
  return 1;
}

/* One name without its root dot. */
static size_t no_root(const char *p, size_t n) {
  return n > 1 && p[n - 1] == '.' ? n - 1 : n;
}

mtasts_status mtasts_live_set_domain(mtasts_live *l, const char *domain,
                                     size_t len) {
  if (!l || !domain || mtasts_i_host_check(domain, len, NULL) != 0)
    return MTASTS_ERR_INVALID_ARG;
  if (keep(l, domain, no_root(domain, len), &l->domain) != 0)
    return MTASTS_ERR_NOMEM;
  l->has_domain = 1;
  return MTASTS_OK;
}

mtasts_status mtasts_live_add_dns(mtasts_live *l, const mtasts_dns_answer *a) {
  mtasts_dns_answer in;
  if (!l || !a || mtasts_i_sized_read(&in, sizeof in, a, ANSWER_MIN_SIZE) ||
      (!in.name.ptr && in.name.len) || !strs_ok(in.cnames, in.cname_count) ||
      !strs_ok(in.records, in.record_count) ||
      in.outcome > MTASTS_DNS_TIMEOUT || in.dnssec > MTASTS_DNSSEC_BOGUS)
    return MTASTS_ERR_INVALID_ARG;
  if (mtasts_i_grow(&l->alloc, (void **)&l->answers.v, &l->answers.cap,
                    l->answers.n + 1, sizeof *l->answers.v) != 0)
    return MTASTS_ERR_NOMEM;
  live_answer *x = &l->answers.v[l->answers.n];
  memset(x, 0, sizeof *x);
  x->type = in.type;
  x->outcome = in.outcome;
  x->dnssec = in.dnssec;
  x->cname_count = in.cname_count;
  if (keep(l, in.name.ptr, no_root(in.name.ptr, in.name.len), &x->name) ||
      keep_all(l, in.records, in.record_count, &x->first))
    return MTASTS_ERR_NOMEM;
  x->count = in.record_count;
  l->answers.n++;
  return MTASTS_OK;
}

/* Reads and copies a TLS observation. */
static mtasts_status keep_tls(mtasts_live *l, const mtasts_tls_observation *o,
                              live_tls *t) {
  memset(t, 0, sizeof *t);
  if (!o || mtasts_i_sized_read(&t->o, sizeof t->o, o, TLS_MIN_SIZE) ||
      !strs_ok(t->o.dns_ids, t->o.dns_id_count) ||
      (!t->o.chain_error.ptr && t->o.chain_error.len) ||
      (!t->o.error.ptr && t->o.error.len))
    return MTASTS_ERR_INVALID_ARG;
  if (keep(l, t->o.chain_error.ptr, t->o.chain_error.len, &t->chain_error) ||
      keep(l, t->o.error.ptr, t->o.error.len, &t->error) ||
      keep_all(l, t->o.dns_ids, t->o.dns_id_count, &t->first))
    return MTASTS_ERR_NOMEM;
  t->count = t->o.dns_id_count;
  t->o.dns_ids = NULL;
  t->o.chain_error.ptr = t->o.error.ptr = NULL;
  return MTASTS_OK;
}

mtasts_status mtasts_live_add_fetch(mtasts_live *l, const char *address,
                                    const mtasts_tls_observation *tls,
                                    const mtasts_http_response *response) {
  if (!l || !address || !tls)
    return MTASTS_ERR_INVALID_ARG;
  live_fetch f;
  memset(&f, 0, sizeof f);
  if (response) {
    mtasts_http_response_init(&f.r);
    /* Read as mtasts_http_check reads it; it checks the rest. */
    size_t have;
    memcpy(&have, response, sizeof have);
    if (have < offsetof(mtasts_http_response, body_truncated) + sizeof(int))
      return MTASTS_ERR_INVALID_ARG;
    memcpy(&f.r, response, have < sizeof f.r ? have : sizeof f.r);
    f.r.size = sizeof f.r;
    if ((!f.r.body.ptr && f.r.body.len) ||
        (!f.r.location.ptr && f.r.location.len) ||
        (!f.r.content_type.ptr && f.r.content_type.len))
      return MTASTS_ERR_INVALID_ARG;
    f.has_response = 1;
    f.has_location = f.r.location.ptr != NULL;
    f.has_type = f.r.content_type.ptr != NULL;
  }
  mtasts_status st = keep_tls(l, tls, &f.tls);
  if (st != MTASTS_OK)
    return st;
  if (keep(l, address, strlen(address), &f.address) ||
      keep(l, f.r.location.ptr, f.r.location.len, &f.location) ||
      keep(l, f.r.content_type.ptr, f.r.content_type.len, &f.type) ||
      keep(l, f.r.body.ptr, f.r.body.len, &f.body))
    return MTASTS_ERR_NOMEM;
  f.r.location.ptr = f.r.content_type.ptr = f.r.body.ptr = NULL;
  if (mtasts_i_grow(&l->alloc, (void **)&l->fetches.v, &l->fetches.cap,
                    l->fetches.n + 1, sizeof *l->fetches.v) != 0)
    return MTASTS_ERR_NOMEM;
  l->fetches.v[l->fetches.n++] = f;
  return MTASTS_OK;
}

mtasts_status mtasts_live_add_smtp(mtasts_live *l, const char *mx_host,
                                   size_t mx_host_len, const char *address,
                                   const mtasts_tls_observation *tls) {
  if (!l || (!mx_host && mx_host_len) || !address || !tls)
    return MTASTS_ERR_INVALID_ARG;
  live_smtp s;
  mtasts_status st = keep_tls(l, tls, &s.tls);
  if (st != MTASTS_OK)
    return st;
  if (keep(l, mx_host, no_root(mx_host, mx_host_len), &s.host) ||
      keep(l, address, strlen(address), &s.address))
    return MTASTS_ERR_NOMEM;
  if (mtasts_i_grow(&l->alloc, (void **)&l->smtp.v, &l->smtp.cap, l->smtp.n + 1,
                    sizeof *l->smtp.v) != 0)
    return MTASTS_ERR_NOMEM;
  l->smtp.v[l->smtp.n++] = s;
  return MTASTS_OK;
}

mtasts_status mtasts_live_set_file_policy(mtasts_live *l, const char *buf,
                                          size_t len, const char *source) {
  if (!l || (!buf && len) || !source)
    return MTASTS_ERR_INVALID_ARG;
  if (keep(l, buf, len, &l->file) ||
      keep(l, source, strlen(source), &l->file_source))
    return MTASTS_ERR_NOMEM;
  l->has_file = 1;
  return MTASTS_OK;
}

/* ---------------------------------------------------------------------- */
/* Checking: the state of one check                                        */

/* What a lookup of one role said. */
typedef enum { LK_NONE, LK_MISSING, LK_FAILED, LK_FOUND } lookup;

/* An MX host: from an MX record, or the domain itself (implicit MX). */
typedef struct live_host {
  mtasts_str name;
  unsigned long line; /* of its MX record in the answer */
  int failed;         /* a by-mode finding, for the verdict */
  int tlsa;
} live_host;

/* An answer in the index sorted by name. */
typedef struct name_ix {
  mtasts_str name;
  size_t i;
} name_ix;

typedef struct live_check {
  const mtasts_live *l;
  mtasts_live_result *res;
  mtasts_i_alloc *alloc;
  int nomem;
  /* Sources: names in one text, a set to find them, a sink each. */
  mtasts_i_text names;
  size_t *name_off;
  mtasts_i_sink **sinks;
  size_t nsrc, src_cap;
  mtasts_i_strset set;
  const char *dom; /* the domain, NUL-terminated (a valid host name) */
  char url[300];   /* the policy URL */
  size_t url_src, sts_src, rpt_src, mx_src;
  /* What was found. */
  lookup sts, rpt, mx, phost;
  const live_answer *sts_a, *rpt_a, *mx_a;
  const live_answer *phost_a; /* the policy host's A answer (else AAAA) */
  name_ix *ix;                /* answers by name */
  live_host *hosts;
  size_t nhosts;
  size_t ref;                /* the fetch senders use, or SIZE_MAX */
  int usable;                /* senders accept that fetch's policy */
  mtasts_mode mode;          /* its mode, UNSET when not usable */
  mtasts_http_result **http; /* per fetch with a response */
} live_check;

static mtasts_str str_of(const mtasts_live *l, live_span s) {
  mtasts_str r = {l->text.data + s.off, s.len};
  return r;
}

static const char *name_key(const void *ctx, size_t i, size_t *n) {
  const live_check *c = ctx;
  const char *s = c->names.data + c->name_off[i];
  *n = strlen(s);
  return s;
}

/*
 * The index of the source "A P1 B P2 C": a, b and c as they are, p1 and p2
 * escaped (mtasts_i_text_add_safe); added on first use. SIZE_MAX when out
 * of memory.
 */
static size_t source(live_check *c, const char *a, mtasts_str p1, const char *b,
                     mtasts_str p2, const char *cc) {
  size_t start = c->names.len;
  const char *lit[3] = {a, b, cc};
  const mtasts_str *part[2] = {&p1, &p2};
  for (int k = 0; k < 3; k++) {
    size_t off = mtasts_i_text_add(c->alloc, &c->names, lit[k], strlen(lit[k]));
    if (off == MT_NO_TEXT)
      goto nomem;
    c->names.len--; /* the NUL; the next piece follows */
    if (k < 2) {
      if (mtasts_i_text_add_safe(c->alloc, &c->names, part[k]->ptr,
                                 part[k]->len) == MT_NO_TEXT)
        goto nomem;
      c->names.len--;
    }
  }
  if (mtasts_i_text_add(c->alloc, &c->names, "", 0) == MT_NO_TEXT)
    goto nomem;
  const char *s = c->names.data + start;
  mtasts_i_strset_pos pos;
  long found = mtasts_i_strset_find(&c->set, s, strlen(s), &pos);
  if (found >= 0) {
    c->names.len = start; /* known: drop the copy */
    return (size_t)found;
  }
  size_t cap = c->src_cap;
  if (mtasts_i_grow(c->alloc, (void **)&c->name_off, &c->src_cap, c->nsrc + 1,
                    sizeof *c->name_off) != 0)
    goto nomem;
  if (c->src_cap != cap) {
    /* The sinks grow with the names; new slots are empty. */
    mtasts_i_sink **v = mtasts_i_realloc(c->alloc, c->sinks, cap * sizeof *v,
                                         c->src_cap * sizeof *v);
    if (!v) {
      c->src_cap = cap;
      goto nomem;
    }
    memset(v + cap, 0, (c->src_cap - cap) * sizeof *v);
    c->sinks = v;
  }
  c->name_off[c->nsrc] = start;
  if (mtasts_i_strset_insert(&c->set, &pos, c->nsrc) != 0)
    goto nomem;
  return c->nsrc++;
nomem:
  c->nomem = 1;
  return SIZE_MAX;
}

static const mtasts_str no_str = {"", 0};

static size_t source_lit(live_check *c, const char *name) {
  return source(c, name, no_str, "", no_str, "");
}

static void report(live_check *c, size_t src, mtasts_diag_code code,
                   mtasts_severity sev, unsigned long line, const char *fmt,
                   ...) MT_PRINTF(6, 7);

/* Reports a finding at line (column 1) of a source. */
static void report(live_check *c, size_t src, mtasts_diag_code code,
                   mtasts_severity sev, unsigned long line, const char *fmt,
                   ...) {
  if (src == SIZE_MAX)
    return;
  if (!c->sinks[src]) {
    mtasts_i_sink *s = mtasts_i_malloc(c->alloc, sizeof *s);
    if (!s) {
      c->nomem = 1;
      return;
    }
    mtasts_i_sink_init(s, c->alloc, &c->l->options);
    c->sinks[src] = s;
  }
  mtasts_i_where w = {0, 0, line ? line : 1, 1};
  va_list ap;
  va_start(ap, fmt);
  mtasts_i_vreport(c->sinks[src], code, sev, w, NULL, fmt, ap);
  va_end(ap);
}

#define SEV(code) mtasts_diag_code_severity(MTASTS_DIAG_##code)

/*
 * RFC 8461 §5: what an MX failure does depends on the mode of the policy
 * senders hold. enforce: they refuse mail to the host (error); testing:
 * they deliver and report (warning); none: nothing (note). Without a
 * usable policy, a warning: senders that cached one still apply it. The
 * same reading as deploy-mx-not-covered, with none and "no policy" told
 * apart.
 */
static mtasts_severity by_mode(const live_check *c) {
  switch (c->mode) {
  case MTASTS_MODE_ENFORCE:
    return MTASTS_SEVERITY_ERROR;
  case MTASTS_MODE_NONE:
    return MTASTS_SEVERITY_NOTE;
  default:
    return MTASTS_SEVERITY_WARNING;
  }
}

/* The end of a sentence on what senders do about a failing MX host. */
static const char *mode_effect(const live_check *c) {
  switch (c->mode) {
  case MTASTS_MODE_ENFORCE:
    return "senders that apply the enforce policy refuse to deliver mail to "
           "it";
  case MTASTS_MODE_TESTING:
    return "under the testing policy senders deliver anyway and report the "
           "failure";
  case MTASTS_MODE_NONE:
    return "under mode none senders deliver as without MTA-STS";
  default:
    return "senders that cached an enforce policy refuse to deliver mail to "
           "it";
  }
}

/* Names compared ignoring ASCII case (RFC 4343). */
static int name_cmp(mtasts_str a, mtasts_str b) {
  size_t n = a.len < b.len ? a.len : b.len;
  for (size_t i = 0; i < n; i++) {
    unsigned char x = mtasts_i_lower((unsigned char)a.ptr[i]);
    unsigned char y = mtasts_i_lower((unsigned char)b.ptr[i]);
    if (x != y)
      return x < y ? -1 : 1;
  }
  return a.len < b.len ? -1 : a.len > b.len;
}

static int ix_cmp(const void *pa, const void *pb) {
  const name_ix *a = pa, *b = pb;
  int r = name_cmp(a->name, b->name);
  return r ? r : (a->i > b->i) - (a->i < b->i);
}

static int host_cmp(const void *pa, const void *pb) {
  const live_host *a = pa, *b = pb;
  int r = name_cmp(a->name, b->name);
  return r ? r : (a->line > b->line) - (a->line < b->line);
}

/* The first entry of the index whose name is name, or SIZE_MAX. */
static size_t ix_find(const live_check *c, mtasts_str name) {
  size_t lo = 0, hi = c->l->answers.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (name_cmp(c->ix[mid].name, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->l->answers.n && name_cmp(c->ix[lo].name, name) == 0 ? lo
                                                                     : SIZE_MAX;
}

static live_host *host_find(const live_check *c, mtasts_str name) {
  size_t lo = 0, hi = c->nhosts;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (name_cmp(c->hosts[mid].name, name) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->nhosts && name_cmp(c->hosts[lo].name, name) == 0
             ? &c->hosts[lo]
             : NULL;
}

static const char *type_name(unsigned type, char *buf) {
  switch (type) {
  case T_A:
    return "A";
  case T_MX:
    return "MX";
  case T_TXT:
    return "TXT";
  case T_AAAA:
    return "AAAA";
  case T_TLSA:
    return "TLSA";
  }
  char *p = mtasts_i_decimal(buf + 24, type);
  buf[24] = '\0';
  memcpy(p - 4, "TYPE", 4);
  return p - 4;
}

static size_t answer_source(live_check *c, const live_answer *a) {
  char t[32];
  return source(c, "", str_of(c->l, a->name), "/", no_str,
                type_name(a->type, t));
}

/* 1 when the name of a is the literal prefix followed by the domain. */
static int answer_is(const live_check *c, const live_answer *a,
                     const char *prefix, unsigned type) {
  if (a->type != type)
    return 0;
  size_t pn = strlen(prefix), dn = strlen(c->dom);
  mtasts_str n = str_of(c->l, a->name);
  return n.len == pn + dn && mtasts_i_eq_nocase(n.ptr, pn, prefix, pn) &&
         mtasts_i_eq_nocase(n.ptr + pn, dn, c->dom, dn);
}

static int failed(const live_answer *a) {
  return a->dnssec == MTASTS_DNSSEC_BOGUS ||
         a->outcome == MTASTS_DNS_SERVFAIL || a->outcome == MTASTS_DNS_TIMEOUT;
}

static lookup lookup_of(const live_answer *a) {
  if (!a)
    return LK_NONE;
  if (failed(a))
    return LK_FAILED;
  return a->outcome == MTASTS_DNS_ANSWER && a->count ? LK_FOUND : LK_MISSING;
}

/* ---------------------------------------------------------------------- */
/* DNS (L1, L2, L7, L10)                                                   */

/* RFC 8461 §3.1, §5.1; RFC 4035 §5.5: a lookup senders cannot complete.
 * What it costs depends on what was looked up. */
static void check_answers(live_check *c) {
  const mtasts_live *l = c->l;
  for (size_t i = 0; i < l->answers.n; i++) {
    const live_answer *a = &l->answers.v[i];
    const char *what;
    if (answer_is(c, a, "_mta-sts.", T_TXT)) {
      if (!c->sts_a)
        c->sts_a = a;
      what = "senders cannot tell whether the domain uses MTA-STS: those "
             "with a cached policy keep applying it, the others deliver as "
             "without MTA-STS";
    } else if (answer_is(c, a, "_smtp._tls.", T_TXT)) {
      if (!c->rpt_a)
        c->rpt_a = a;
      what = "senders cannot learn where to send TLS reports";
    } else if (answer_is(c, a, "mta-sts.", T_A) ||
               answer_is(c, a, "mta-sts.", T_AAAA)) {
      /* Any address will do; a failure hides a missing one. */
      lookup k = lookup_of(a);
      if (k > c->phost)
        c->phost = k;
      if (!c->phost_a || (c->phost_a->type != T_A && a->type == T_A))
        c->phost_a = a;
      what = "senders cannot fetch the policy: those with a cached policy "
             "keep applying it";
    } else if (answer_is(c, a, "", T_MX)) {
      if (!c->mx_a)
        c->mx_a = a;
      what = "senders cannot find the domain's mail servers and defer mail";
    } else if (a->type == T_TLSA) {
      what = "DANE senders defer mail to this host";
    } else {
      what = "senders cannot use this answer";
    }
    if (a->dnssec == MTASTS_DNSSEC_BOGUS)
      report(c, answer_source(c, a), MTASTS_DIAG_LIVE_DNSSEC_BOGUS,
             SEV(LIVE_DNSSEC_BOGUS), 1,
             "the answer fails DNSSEC validation (bogus); validating "
             "resolvers return nothing, so %s",
             what);
    else if (failed(a))
      report(c, answer_source(c, a), MTASTS_DIAG_LIVE_DNS_FAILURE,
             SEV(LIVE_DNS_FAILURE), 1, "the lookup %s; %s",
             a->outcome == MTASTS_DNS_TIMEOUT ? "timed out"
                                              : "failed (server failure)",
             what);
  }
  c->sts = lookup_of(c->sts_a);
  c->rpt = lookup_of(c->rpt_a);
  c->mx = lookup_of(c->mx_a);
  /* RFC 8461 §10.2: without DNSSEC an attacker can strip the record; the
   * RFC accepts it (trust on first use). */
  if (c->sts == LK_FOUND && c->sts_a->dnssec == MTASTS_DNSSEC_INSECURE)
    report(c, c->sts_src, MTASTS_DIAG_LIVE_DNSSEC_INSECURE,
           SEV(LIVE_DNSSEC_INSECURE), 1,
           "the _mta-sts.%s answer is not DNSSEC-signed; an attacker on the "
           "path can hide it from senders that hold no cached policy",
           c->dom);
}

/* The exchange of an MX record "PREFERENCE EXCHANGE", without its root
 * dot ("." stays "."); len 0 when the record has no exchange. */
static mtasts_str mx_exchange(mtasts_str r) {
  size_t i = 0;
  while (i < r.len && mtasts_i_is_digit((unsigned char)r.ptr[i]))
    i++;
  while (i < r.len && mtasts_i_is_wsp((unsigned char)r.ptr[i]))
    i++;
  size_t e = r.len;
  while (e > i && mtasts_i_is_wsp((unsigned char)r.ptr[e - 1]))
    e--;
  mtasts_str x = {r.ptr + i, no_root(r.ptr + i, e - i)};
  return x;
}

/* RFC 8461 §4, RFC 7505, RFC 5321 §5.1: the MX hosts senders use. */
static int collect_hosts(live_check *c) {
  const mtasts_live *l = c->l;
  size_t n = c->mx == LK_FOUND ? c->mx_a->count : 1;
  c->hosts = mtasts_i_calloc(c->alloc, n, sizeof *c->hosts);
  if (!c->hosts)
    return -1;
  if (c->mx == LK_MISSING) {
    mtasts_str d = {c->dom, strlen(c->dom)};
    c->hosts[c->nhosts++] = (live_host){d, 1, 0, 0};
    report(c, c->mx_src, MTASTS_DIAG_LIVE_MX_IMPLICIT, SEV(LIVE_MX_IMPLICIT), 1,
           "%s has no MX record, so senders deliver to its own address "
           "records (the implicit MX), and the policy must cover the host %s",
           c->dom, c->dom);
  }
  if (c->mx != LK_FOUND)
    return 0;
  for (size_t k = 0; k < c->mx_a->count; k++) {
    mtasts_str x = mx_exchange(str_of(l, l->spans.v[c->mx_a->first + k]));
    if (x.len == 1 && x.ptr[0] == '.') {
      report(c, c->mx_src, MTASTS_DIAG_LIVE_MX_NULL, SEV(LIVE_MX_NULL),
             (unsigned long)k + 1,
             "%s has a null MX (RFC 7505): it accepts no mail, so senders "
             "deliver nothing and its MTA-STS policy has nothing to protect",
             c->dom);
      continue;
    }
    if (x.len == 0)
      continue; /* not an MX record: nothing to deliver to */
    c->hosts[c->nhosts++] = (live_host){x, (unsigned long)k + 1, 0, 0};
  }
  qsort(c->hosts, c->nhosts, sizeof *c->hosts, host_cmp);
  return 0;
}

/* L7, L9: each MX host's addresses and TLSA records, as answered. */
static void check_hosts(live_check *c) {
  const mtasts_live *l = c->l;
  char q[MT_QUOTE_MAX], key[300];
  int implicit = c->mx != LK_FOUND;
  for (size_t h = 0; h < c->nhosts; h++) {
    live_host *host = &c->hosts[h];
    if (h > 0 && name_cmp(c->hosts[h - 1].name, host->name) == 0)
      continue; /* the same host twice */
    int given = 0, found = 0, lost = 0, cname = 0;
    size_t at = ix_find(c, host->name);
    for (; at != SIZE_MAX && at < l->answers.n &&
           name_cmp(c->ix[at].name, host->name) == 0;
         at++) {
      const live_answer *a = &l->answers.v[c->ix[at].i];
      if (a->type != T_A && a->type != T_AAAA)
        continue;
      given = 1;
      found |= lookup_of(a) == LK_FOUND;
      lost |= failed(a);
      cname |= a->cname_count > 0;
    }
    const char *hq =
        mtasts_i_quote(q, sizeof q, host->name.ptr, host->name.len);
    /* RFC 2181 §10.3: an MX exchange must not be an alias. */
    if (cname && !implicit)
      report(c, c->mx_src, MTASTS_DIAG_LIVE_MX_CNAME, SEV(LIVE_MX_CNAME),
             host->line,
             "MX host %s is a CNAME (RFC 2181 §10.3); senders differ in "
             "whether they follow it, and those that match the name against "
             "the policy and the certificate use %s, not the target",
             hq, hq);
    if (given && !found && !lost) {
      host->failed = 1;
      report(c, c->mx_src, MTASTS_DIAG_LIVE_MX_NO_ADDRESS, by_mode(c),
             host->line,
             "MX host %s has no A or AAAA record, so no sender "
             "can deliver to it",
             hq);
    }
    /* RFC 8461 §2: DANE senders use DANE, not MTA-STS, for this host. */
    if (host->name.len + 9 < sizeof key) {
      memcpy(key, "_25._tcp.", 9);
      memcpy(key + 9, host->name.ptr, host->name.len);
      mtasts_str k = {key, host->name.len + 9};
      for (size_t t = ix_find(c, k);
           t != SIZE_MAX && t < l->answers.n && name_cmp(c->ix[t].name, k) == 0;
           t++) {
        const live_answer *a = &l->answers.v[c->ix[t].i];
        if (a->type == T_TLSA && a->dnssec == MTASTS_DNSSEC_SECURE &&
            lookup_of(a) == LK_FOUND)
          host->tlsa = 1;
      }
    }
  }
}

/* ---------------------------------------------------------------------- */
/* Certificates (B2, C9)                                                   */

static void days(char *buf, size_t cap, int64_t s) {
  uint64_t d = (uint64_t)(s < 0 ? -s : s) / 86400;
  char *p = mtasts_i_decimal(buf + cap - 1, d);
  buf[cap - 1] = '\0';
  memmove(buf, p, strlen(p) + 1);
  strcat(buf, d == 1 ? " day" : " days");
}

/*
 * The certificate findings of one TLS connection: chain, name and dates.
 * host is the name it must cover; codes are the policy host's or the MX
 * host's. Returns 1 when a sender accepts the certificate.
 */
static int check_cert(live_check *c, size_t src, const live_tls *t,
                      mtasts_str host, int smtp, mtasts_severity sev,
                      const char *effect) {
  const mtasts_live *l = c->l;
  const mtasts_tls_observation *o = &t->o;
  char q[MT_QUOTE_MAX], d[48];
  int ok = 1;
  const char *hq = mtasts_i_quote(q, sizeof q, host.ptr, host.len);
  if (!o->chain_valid) {
    mtasts_str e = str_of(l, t->chain_error);
    char eq[MT_QUOTE_MAX];
    report(c, src,
           smtp ? MTASTS_DIAG_LIVE_SMTP_CERT_UNTRUSTED
                : MTASTS_DIAG_LIVE_HTTPS_CERT_UNTRUSTED,
           sev, 1, "the certificate does not chain to a trusted root (%s); %s",
           e.len ? mtasts_i_quote(eq, sizeof eq, e.ptr, e.len)
                 : "no reason given",
           effect);
    ok = 0;
  }
  /* Builds the DNS-ID list only here, where it is read. */
  mtasts_str ids[16];
  size_t n = 0, i = 0;
  int match = 0;
  while (!match && i < t->count) {
    for (n = 0; n < 16 && i < t->count; n++, i++)
      ids[n] = str_of(l, l->spans.v[t->first + i]);
    match = mtasts_cert_name_match(host.ptr, host.len, ids, n);
  }
  if (!match) {
    report(c, src,
           smtp ? MTASTS_DIAG_LIVE_SMTP_CERT_NAME_MISMATCH
                : MTASTS_DIAG_LIVE_HTTPS_CERT_NAME_MISMATCH,
           sev, 1,
           "the certificate has no DNS-ID (subjectAltName) for %s%s; %s", hq,
           t->count ? "" : " (it has none at all)", effect);
    ok = 0;
  }
  if (o->now < o->not_before || o->now > o->not_after) {
    int early = o->now < o->not_before;
    days(d, sizeof d, early ? o->not_before - o->now : o->now - o->not_after);
    report(c, src,
           smtp ? MTASTS_DIAG_LIVE_SMTP_CERT_EXPIRED
                : MTASTS_DIAG_LIVE_HTTPS_CERT_EXPIRED,
           sev, 1, "the certificate %s %s%s; %s",
           early ? "becomes valid in" : "expired", d, early ? "" : " ago",
           effect);
    ok = 0;
  } else if (o->not_after - o->now < EXPIRY_WARNING) {
    days(d, sizeof d, o->not_after - o->now);
    report(c, src, MTASTS_DIAG_LIVE_CERT_EXPIRING_SOON,
           SEV(LIVE_CERT_EXPIRING_SOON), 1,
           "the certificate for %s expires in %s; once it has, %s", hq, d,
           effect);
  }
  return ok;
}

/* ---------------------------------------------------------------------- */
/* The policy host (L2-L6)                                                 */

static int tls_up(const live_tls *t) {
  return t->o.connected && t->o.handshake_done;
}

/* 1 when senders accept the certificate (no finding is reported). */
static int cert_ok(const live_check *c, const live_tls *t) {
  const mtasts_live *l = c->l;
  const mtasts_tls_observation *o = &t->o;
  if (!o->chain_valid || o->now < o->not_before || o->now > o->not_after)
    return 0;
  char host[300];
  size_t dn = strlen(c->dom);
  memcpy(host, "mta-sts.", 8);
  memcpy(host + 8, c->dom, dn + 1);
  for (size_t i = 0; i < t->count; i++) {
    mtasts_str id = str_of(l, l->spans.v[t->first + i]);
    if (mtasts_cert_name_match(host, dn + 8, &id, 1))
      return 1;
  }
  return 0;
}

static int same_body(const mtasts_live *l, const live_fetch *a,
                     const live_fetch *b) {
  return a->body.len == b->body.len &&
         memcmp(l->text.data + a->body.off, l->text.data + b->body.off,
                a->body.len) == 0;
}

/* IPv4 dotted-quad text as a number; 0 when it is not one. */
static int ipv4_value(mtasts_str a, unsigned long *v) {
  unsigned long x = 0, part = 0;
  int dots = 0, digits = 0;
  for (size_t i = 0; i < a.len; i++) {
    unsigned char ch = (unsigned char)a.ptr[i];
    if (mtasts_i_is_digit(ch) && digits < 3) {
      part = part * 10 + (unsigned long)(ch - '0');
      digits++;
    } else if (ch == '.' && digits && dots < 3 && part < 256) {
      x = x * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return 0;
    }
  }
  if (dots != 3 || !digits || part > 255)
    return 0;
  *v = x * 256 + part;
  return 1;
}

/* Addresses in a fixed order, whatever order DNS gave them in: IPv4 by
 * value, then any other text (IPv6) byte by byte. */
static int addr_cmp(mtasts_str a, mtasts_str b) {
  unsigned long x, y;
  int a4 = ipv4_value(a, &x), b4 = ipv4_value(b, &y);
  if (a4 != b4)
    return a4 ? -1 : 1;
  if (a4)
    return (x > y) - (x < y);
  size_t n = a.len < b.len ? a.len : b.len;
  int r = n ? memcmp(a.ptr, b.ptr, n) : 0;
  return r ? r : (a.len > b.len) - (a.len < b.len);
}

/* One response as the choice of the reference sees it. */
typedef struct answer_ix {
  unsigned status;
  mtasts_str body, address;
  size_t i; /* the fetch */
} answer_ix;

/* Same answer (status, then body) together; within it, address order. */
static int answer_cmp(const void *pa, const void *pb) {
  const answer_ix *a = pa, *b = pb;
  if (a->status != b->status)
    return a->status < b->status ? -1 : 1;
  if (a->body.len != b->body.len)
    return a->body.len < b->body.len ? -1 : 1;
  int r = a->body.len ? memcmp(a->body.ptr, b->body.ptr, a->body.len) : 0;
  if (r)
    return r;
  r = addr_cmp(a->address, b->address);
  return r ? r : (a->i > b->i) - (a->i < b->i);
}

/* 1 when a sender accepts fetch i: a TLS connection it trusts, a response
 * without error and a valid policy. */
static int acceptable(const live_check *c, size_t i) {
  const live_fetch *f = &c->l->fetches.v[i];
  const mtasts_policy *p = mtasts_http_result_policy(c->http[i]);
  return tls_up(&f->tls) && cert_ok(c, &f->tls) &&
         mtasts_http_result_valid(c->http[i]) && p && mtasts_policy_valid(p);
}

/*
 * RFC 8461 §3.3: senders pick any address of the policy host. Runs
 * mtasts_http_check on every response and picks the reference, the answer
 * (status and body) that most addresses give; the others are the odd ones
 * out (check_fetches). On a tie the answer of the first address in address
 * order wins, so the outcome does not depend on the order DNS gave the
 * addresses in. Within the answer, the first address that a sender
 * accepts (else the first) is the fetch senders use.
 */
static mtasts_status check_responses(live_check *c) {
  const mtasts_live *l = c->l;
  c->ref = SIZE_MAX;
  answer_ix *v = mtasts_i_calloc(c->alloc, l->fetches.n + 1, sizeof *v);
  if (!v)
    return MTASTS_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < l->fetches.n; i++) {
    const live_fetch *f = &l->fetches.v[i];
    if (!f->has_response)
      continue;
    mtasts_http_response r = f->r;
    r.body = str_of(l, f->body);
    if (f->has_location)
      r.location = str_of(l, f->location);
    if (f->has_type)
      r.content_type = str_of(l, f->type);
    mtasts_status st = mtasts_http_check(&r, c->url, &l->options, &c->http[i]);
    if (st != MTASTS_OK) {
      mtasts_i_free(c->alloc, v);
      return st;
    }
    v[n++] = (answer_ix){f->r.status, r.body, str_of(l, f->address), i};
  }
  qsort(v, n, sizeof *v, answer_cmp);
  /* The longest run of one answer; on a tie, the run whose first address
   * comes first. */
  size_t best = 0, best_len = 0;
  for (size_t s = 0, e; s < n; s = e) {
    for (e = s + 1; e < n && v[e].status == v[s].status &&
                    v[e].body.len == v[s].body.len &&
                    (!v[s].body.len ||
                     memcmp(v[e].body.ptr, v[s].body.ptr, v[s].body.len) == 0);
         e++)
      ;
    if (e - s > best_len ||
        (e - s == best_len && addr_cmp(v[s].address, v[best].address) < 0)) {
      best = s;
      best_len = e - s;
    }
  }
  for (size_t k = best; k < best + best_len && c->ref == SIZE_MAX; k++)
    if (acceptable(c, v[k].i))
      c->ref = v[k].i;
  if (c->ref != SIZE_MAX) {
    c->usable = 1;
    c->mode = mtasts_policy_mode(mtasts_http_result_policy(c->http[c->ref]));
  } else if (n) {
    c->ref = v[best].i;
  }
  mtasts_i_free(c->alloc, v);
  return MTASTS_OK;
}

/* L3: every address of the policy host, its connection and certificate,
 * and whether it serves what the others serve. */
static void check_fetches(live_check *c) {
  const mtasts_live *l = c->l;
  char q[MT_QUOTE_MAX], url[320];
  memcpy(url, c->url, strlen(c->url));
  memcpy(url + strlen(c->url), " [", 3);
  char host[300];
  memcpy(host, "mta-sts.", 8);
  memcpy(host + 8, c->dom, strlen(c->dom) + 1);
  mtasts_str hs = {host, strlen(host)};
  const live_fetch *ref = c->ref == SIZE_MAX ? NULL : &l->fetches.v[c->ref];
  const mtasts_str ra = ref ? str_of(l, ref->address) : no_str;
  char rq[MT_QUOTE_MAX];
  mtasts_i_quote(rq, sizeof rq, ra.ptr, ra.len);
  /* The addresses' sources in address order, so that the findings come in
   * the same order whatever order DNS gave. */
  answer_ix *v = mtasts_i_calloc(c->alloc, l->fetches.n + 1, sizeof *v);
  if (!v) {
    c->nomem = 1;
    return;
  }
  for (size_t i = 0; i < l->fetches.n; i++)
    v[i] = (answer_ix){0, no_str, str_of(l, l->fetches.v[i].address), i};
  qsort(v, l->fetches.n, sizeof *v, answer_cmp);
  for (size_t i = 0; i < l->fetches.n; i++)
    source(c, url, v[i].address, "]", no_str, "");
  mtasts_i_free(c->alloc, v);
  for (size_t i = 0; i < l->fetches.n; i++) {
    const live_fetch *f = &l->fetches.v[i];
    size_t src = source(c, url, str_of(l, f->address), "]", no_str, "");
    const live_tls *t = &f->tls;
    if (!tls_up(t)) {
      mtasts_str e = str_of(l, t->error);
      const char *why = !t->o.connected
                            ? (t->o.timed_out ? "timed out" : "was refused")
                            : "failed in the TLS handshake";
      if (ref)
        report(c, src, MTASTS_DIAG_LIVE_POLICY_ADDRESS_DIFFERS,
               SEV(LIVE_POLICY_ADDRESS_DIFFERS), 1,
               "the connection to port 443 %s%s%s while %s serves the "
               "policy; senders that pick this address get no policy",
               why, e.len ? ": " : "",
               e.len ? mtasts_i_quote(q, sizeof q, e.ptr, e.len) : "", rq);
      else
        report(c, src, MTASTS_DIAG_LIVE_POLICY_HOST_UNREACHABLE,
               SEV(LIVE_POLICY_HOST_UNREACHABLE), 1,
               "the connection to port 443 %s%s%s; senders get no policy "
               "from this address",
               why, e.len ? ": " : "",
               e.len ? mtasts_i_quote(q, sizeof q, e.ptr, e.len) : "");
      continue;
    }
    check_cert(c, src, t, hs, 0, MTASTS_SEVERITY_ERROR,
               "senders refuse to fetch the policy over this connection");
    if (!f->has_response) {
      /* The connection was made, the transfer failed. */
      mtasts_str e = str_of(l, t->error);
      if (ref)
        report(c, src, MTASTS_DIAG_LIVE_POLICY_ADDRESS_DIFFERS,
               SEV(LIVE_POLICY_ADDRESS_DIFFERS), 1,
               "no HTTP response came back over the TLS connection%s%s while "
               "%s serves the policy; senders that pick this address get no "
               "policy",
               e.len ? ": " : "",
               e.len ? mtasts_i_quote(q, sizeof q, e.ptr, e.len) : "", rq);
      else
        report(c, src, MTASTS_DIAG_LIVE_HTTP_STATUS, SEV(LIVE_HTTP_STATUS), 1,
               "no HTTP response came back over the TLS connection%s%s; "
               "senders get no policy from this address",
               e.len ? ": " : "",
               e.len ? mtasts_i_quote(q, sizeof q, e.ptr, e.len) : "");
      continue;
    }
    if (!ref || f == ref)
      continue;
    int ref_ok = mtasts_http_result_valid(c->http[c->ref]);
    if (f->r.status != ref->r.status)
      report(c, src, MTASTS_DIAG_LIVE_POLICY_ADDRESS_DIFFERS,
             SEV(LIVE_POLICY_ADDRESS_DIFFERS), 1,
             "this address answers with status %lu where %s answers with "
             "%lu; senders pick any address, so some get another answer",
             (unsigned long)f->r.status, rq, (unsigned long)ref->r.status);
    else if (!same_body(l, f, ref))
      report(c, src, MTASTS_DIAG_LIVE_POLICY_ADDRESS_DIFFERS,
             SEV(LIVE_POLICY_ADDRESS_DIFFERS), 1,
             "this address serves another body (%zu bytes) than %s (%zu "
             "bytes); senders pick any address, so some cache another policy",
             f->body.len, rq, ref->body.len);
    else if (ref_ok && !mtasts_http_result_valid(c->http[i]))
      report(c, src, MTASTS_DIAG_LIVE_POLICY_ADDRESS_DIFFERS,
             SEV(LIVE_POLICY_ADDRESS_DIFFERS), 1,
             "this address serves the policy with headers senders refuse "
             "(see the findings of %s at it) where %s serves it well",
             rq, rq);
  }
}

/* The byte at *i of s, a CRLF read as one LF (RFC 8461 §3.2: both end a
 * line); advances *i. -1 at the end. */
static int next_byte(mtasts_str s, size_t *i) {
  if (*i >= s.len)
    return -1;
  unsigned char ch = (unsigned char)s.ptr[(*i)++];
  if (ch == '\r' && *i < s.len && s.ptr[*i] == '\n') {
    (*i)++;
    return '\n';
  }
  return ch;
}

/* live-policy-differs-from-file: a pure compare of the texts, line ends
 * (LF or CRLF, which senders read alike) aside, reported at the first line
 * of the file that differs. */
static void check_file(live_check *c) {
  const mtasts_live *l = c->l;
  if (!l->has_file || c->ref == SIZE_MAX)
    return;
  const live_fetch *ref = &l->fetches.v[c->ref];
  if (ref->r.status != 200)
    return;
  mtasts_str a = str_of(l, l->file), b = str_of(l, ref->body);
  unsigned long line = 1;
  size_t i = 0, k = 0;
  int x, y;
  while ((x = next_byte(a, &i)) == (y = next_byte(b, &k))) {
    if (x < 0)
      return; /* the same policy */
    line += x == '\n';
  }
  size_t src = source(c, "", str_of(l, l->file_source), "", no_str, "");
  report(c, src, MTASTS_DIAG_LIVE_POLICY_DIFFERS_FROM_FILE,
         SEV(LIVE_POLICY_DIFFERS_FROM_FILE), line,
         "the policy served at %s differs from this file from line %lu on; "
         "senders use the served one until it is replaced and the id "
         "changes",
         c->url, line);
}

/* ---------------------------------------------------------------------- */
/* MX hosts over SMTP (L8, L9)                                             */

static void check_smtp(live_check *c) {
  const mtasts_live *l = c->l;
  char q[MT_QUOTE_MAX], v[MT_DECIMAL_MAX + 8];
  mtasts_severity sev = by_mode(c);
  const char *effect = mode_effect(c);
  for (size_t i = 0; i < l->smtp.n; i++) {
    const live_smtp *s = &l->smtp.v[i];
    const live_tls *t = &s->tls;
    const mtasts_tls_observation *o = &t->o;
    mtasts_str host = str_of(l, s->host);
    size_t src = source(c, "", host, ":25 [", str_of(l, s->address), "]");
    live_host *h = host_find(c, host);
    mtasts_str e = str_of(l, t->error);
    const char *eq = e.len ? mtasts_i_quote(q, sizeof q, e.ptr, e.len) : "";
    int bad = 1;
    if (!o->connected)
      /* Not by mode: the checking machine's network is as likely. */
      report(c, src, MTASTS_DIAG_LIVE_SMTP_UNREACHABLE,
             SEV(LIVE_SMTP_UNREACHABLE), 1,
             "the connection to port 25 %s%s%s; outbound port 25 is often "
             "blocked on the network the check runs from, so this may not "
             "be the host's fault",
             o->timed_out ? "timed out" : "was refused", e.len ? ": " : "", eq);
    else if (!o->smtp_answered)
      report(c, src, MTASTS_DIAG_LIVE_SMTP_NO_ANSWER, sev, 1,
             "the host accepted the connection but sent no SMTP greeting or "
             "EHLO answer in time; %s",
             effect);
    else if (!o->starttls_offered)
      report(c, src, MTASTS_DIAG_LIVE_SMTP_NO_STARTTLS, sev, 1,
             "the EHLO answer does not offer STARTTLS; %s", effect);
    else if (!o->handshake_done)
      report(c, src, MTASTS_DIAG_LIVE_SMTP_TLS_FAILED, sev, 1,
             "the TLS handshake after STARTTLS failed%s%s; %s",
             e.len ? ": " : "", eq, effect);
    else
      bad = !check_cert(c, src, t, host, 1, sev, effect);
    if (o->handshake_done && o->tls_version && o->tls_version < 0x0303) {
      /* RFC 8996: TLS 1.0 and 1.1 are deprecated. */
      const char *name = o->tls_version == 0x0302   ? "TLS 1.1"
                         : o->tls_version == 0x0301 ? "TLS 1.0"
                                                    : NULL;
      if (!name) {
        char *p = mtasts_i_decimal(v + sizeof v - 1, o->tls_version);
        v[sizeof v - 1] = '\0';
        name = p;
      }
      report(c, src, MTASTS_DIAG_LIVE_SMTP_TLS_OLD, SEV(LIVE_SMTP_TLS_OLD), 1,
             "the host negotiates %s, which RFC 8996 deprecates; senders "
             "that require TLS 1.2 fail to deliver over it",
             name);
    }
    /* RFC 7672 §2.2, RFC 8461 §2: a DANE sender fails this host, whatever
     * MTA-STS says. */
    if (o->handshake_done && o->tlsa_present && o->tlsa_match == 0)
      report(c, src, MTASTS_DIAG_LIVE_DANE_TLSA_MISMATCH,
             SEV(LIVE_DANE_TLSA_MISMATCH), 1,
             "the certificate chain matches none of the TLSA records at "
             "_25._tcp.%s; DANE senders refuse to deliver mail to this host, "
             "and MTA-STS cannot override that",
             mtasts_i_quote(q, sizeof q, host.ptr, host.len));
    if (h) {
      h->failed |= bad && o->connected;
      h->tlsa |= o->tlsa_present;
    }
  }
  for (size_t k = 0; k < c->nhosts; k++) {
    live_host *h = &c->hosts[k];
    if (!h->tlsa || (k > 0 && name_cmp(c->hosts[k - 1].name, h->name) == 0))
      continue;
    size_t src = source(c, "_25._tcp.", h->name, "/TLSA", no_str, "");
    report(c, src, MTASTS_DIAG_LIVE_DANE_TLSA_PRESENT,
           SEV(LIVE_DANE_TLSA_PRESENT), 1,
           "%s has DNSSEC-signed TLSA records: DANE senders use DANE for it "
           "and not MTA-STS (RFC 8461 §2), so both must hold",
           mtasts_i_quote(q, sizeof q, h->name.ptr, h->name.len));
  }
}

/* ---------------------------------------------------------------------- */
/* The deployment checks of the live state (L12)                           */

static mtasts_status check_deployment(live_check *c) {
  const mtasts_live *l = c->l;
  mtasts_deployment *d = NULL;
  mtasts_status st = mtasts_deployment_new(&l->options, &d);
  if (st != MTASTS_OK)
    return st;
  const char *sts = c->names.data + c->name_off[c->sts_src];
  const char *rpt = c->names.data + c->name_off[c->rpt_src];
  const char *mx = c->names.data + c->name_off[c->mx_src];
  mtasts_i_deployment_quiet_policy(d);
  st = mtasts_deployment_set_domain(d, c->dom, strlen(c->dom));
  if (st == MTASTS_OK)
    st = mtasts_deployment_set_zone(d, MTASTS_REVISION_CURRENT, sts);
  const live_answer *txt[2] = {c->sts == LK_FOUND ? c->sts_a : NULL,
                               c->rpt == LK_FOUND ? c->rpt_a : NULL};
  for (int k = 0; k < 2; k++)
    for (size_t i = 0; txt[k] && i < txt[k]->count && st == MTASTS_OK; i++) {
      mtasts_str r = str_of(l, l->spans.v[txt[k]->first + i]);
      mtasts_txt t = {r.ptr, r.len, MTASTS_TXT_RAW};
      st = mtasts_deployment_add_txt(d, MTASTS_REVISION_CURRENT, (mtasts_kind)k,
                                     &t, k ? rpt : sts, (unsigned long)i + 1);
    }
  for (size_t i = 0; i < c->nhosts && st == MTASTS_OK; i++)
    st = mtasts_deployment_add_mx(d, MTASTS_REVISION_CURRENT,
                                  c->hosts[i].name.ptr, c->hosts[i].name.len,
                                  mx, c->hosts[i].line);
  int connected = 0;
  for (size_t i = 0; i < l->fetches.n; i++)
    connected |= l->fetches.v[i].tls.o.connected;
  /* A failed lookup is live-dns-failure, not a missing address. */
  if (st == MTASTS_OK &&
      (c->phost == LK_FOUND || c->phost == LK_FAILED || connected))
    st = mtasts_deployment_add_policy_host_address(d, MTASTS_REVISION_CURRENT,
                                                   sts, 1);
  const live_fetch *ref = c->ref == SIZE_MAX ? NULL : &l->fetches.v[c->ref];
  if (st == MTASTS_OK && ref && ref->r.status == 200) {
    mtasts_str b = str_of(l, ref->body);
    b.len = mtasts_i_http_lint_len(b.ptr, b.len, ref->r.body_truncated);
    if (b.len || !ref->r.body_truncated)
      st = mtasts_deployment_set_policy(d, MTASTS_REVISION_CURRENT, b.ptr,
                                        b.len, c->url);
  }
  if (st == MTASTS_OK)
    st = mtasts_deployment_check(d, &c->res->dep);
  mtasts_deployment_free(d);
  return st;
}

/*
 * Stand-ins. The deployment checks (lib/deploy.c) judge what a zone and a
 * policy file say, and say "the zone has no ...". The live check saw the
 * DNS answers and the fetches, so it knows more: whether a name does not
 * exist or its lookup failed, and why no policy came back. Where it does,
 * its own finding stands in for the deployment's, which is left out of the
 * live result:
 *
 *   deploy-policy-without-record   live-sts-record-missing (NXDOMAIN or
 *                                  NODATA), live-dns-failure or
 *                                  live-dnssec-bogus (the lookup failed)
 *   deploy-no-tlsrpt               live-tlsrpt-missing (RFC 8460 §3: a
 *                                  warning in a live check, the spec's
 *                                  L11), or the lookup's failure
 *   deploy-policy-host-no-address  the same id, reported here at the
 *                                  policy host's lookup (mta-sts.<domain>/A)
 *                                  from what it answered, or its failure
 *   deploy-record-without-policy   the finding that says why no policy
 *                                  was fetched: the policy host's address
 *                                  (above), its connection
 *                                  (live-policy-host-unreachable,
 *                                  live-https-cert-*) or its answer
 *                                  (live-http-*)
 *
 * A lookup that was not made (not fed) stands in for nothing: the
 * deployment's finding is dropped when it would claim what was not seen,
 * and kept (record without policy) when nothing was fetched at all.
 */
static int superseded(const live_check *c, const mtasts_diag *d) {
  switch (d->code) {
  case MTASTS_DIAG_DEPLOY_POLICY_WITHOUT_RECORD:
  case MTASTS_DIAG_DEPLOY_NO_TLSRPT:
  case MTASTS_DIAG_DEPLOY_POLICY_HOST_NO_ADDRESS:
    return 1;
  case MTASTS_DIAG_DEPLOY_RECORD_WITHOUT_POLICY:
    return c->phost == LK_MISSING || c->phost == LK_FAILED ||
           c->l->fetches.n > 0;
  default:
    return 0;
  }
}

/* The live findings that stand in for the deployment's (above). */
static void check_parts(live_check *c) {
  const mtasts_live *l = c->l;
  const live_fetch *ref = c->ref == SIZE_MAX ? NULL : &l->fetches.v[c->ref];
  int served = ref && ref->r.status == 200;
  int connected = 0;
  for (size_t i = 0; i < l->fetches.n; i++)
    connected |= l->fetches.v[i].tls.o.connected;
  /* RFC 8461 §3.1 (L1): a policy or a TLS-RPT record says MTA-STS was
   * meant. */
  if (c->sts == LK_MISSING && (served || c->rpt == LK_FOUND))
    report(c, c->sts_src, MTASTS_DIAG_LIVE_STS_RECORD_MISSING,
           SEV(LIVE_STS_RECORD_MISSING), 1,
           "there is no _mta-sts.%s TXT record (%s) although %s; senders "
           "never look for the policy and deliver as if %s had no MTA-STS",
           c->dom,
           c->sts_a->outcome == MTASTS_DNS_NXDOMAIN ? "no such name"
                                                    : "no TXT record there",
           served ? "a policy is served at the policy URL"
                  : "a TLS-RPT record is published",
           c->dom);
  /* RFC 8461 §3.3 (L2): the record sends senders to a host that does not
   * resolve. */
  if (c->sts == LK_FOUND && c->phost == LK_MISSING && !connected)
    report(c, answer_source(c, c->phost_a),
           MTASTS_DIAG_DEPLOY_POLICY_HOST_NO_ADDRESS,
           SEV(DEPLOY_POLICY_HOST_NO_ADDRESS), 1,
           "mta-sts.%s has no A or AAAA record (%s), so senders cannot fetch "
           "the policy from %s: those without a cached policy deliver as if "
           "%s had no MTA-STS, those that cached one keep applying it until "
           "its max_age runs out",
           c->dom,
           c->phost_a->outcome == MTASTS_DNS_NXDOMAIN ? "no such name"
                                                      : "no address there",
           c->url, c->dom);
  /* RFC 8460 §3, RFC 8461 §6 (L11): without TLS-RPT nobody hears of the
   * failures MTA-STS causes. */
  if (c->rpt == LK_MISSING && (c->sts == LK_FOUND || served))
    report(c, c->rpt_src, MTASTS_DIAG_LIVE_TLSRPT_MISSING,
           SEV(LIVE_TLSRPT_MISSING), 1,
           "there is no _smtp._tls.%s TXT record (%s) although %s publishes "
           "MTA-STS; senders send no TLS reports, so the failures the "
           "policy causes (mail refused under enforce) go unseen",
           c->dom,
           c->rpt_a->outcome == MTASTS_DNS_NXDOMAIN ? "no such name"
                                                    : "no TLS-RPT record there",
           c->dom);
}

/* ---------------------------------------------------------------------- */
/* The verdict                                                             */

/* Appends to the verdict (cap MT_MESSAGE_MAX * 2). */
static void say(char *v, const char *fmt, ...) MT_PRINTF(2, 3);

static void say(char *v, const char *fmt, ...) {
  size_t n = strlen(v);
  va_list ap;
  va_start(ap, fmt);
  mtasts_i_vformat(v + n, 2 * MT_MESSAGE_MAX - n, fmt, ap);
  va_end(ap);
}

static void say_age(char *v, const mtasts_policy *p) {
  uint64_t s;
  if (!p || !mtasts_policy_max_age(p, &s))
    say(v, "until its max_age runs out");
  else if (s >= 86400)
    say(v, "for up to %lu day%s", (unsigned long)(s / 86400),
        s / 86400 == 1 ? "" : "s");
  else
    say(v, "for up to %lu seconds", (unsigned long)s);
}

static int covered(const mtasts_policy *p, mtasts_str host) {
  for (size_t i = 0; i < mtasts_policy_mx_count(p); i++) {
    const char *pat = mtasts_policy_mx(p, i);
    if (mtasts_mx_match(pat, strlen(pat), host.ptr, host.len))
      return 1;
  }
  return 0;
}

/* The hosts that pass (pass 1) or fail, "a, b and c". */
static void say_hosts(live_check *c, char *v, const mtasts_policy *p,
                      int pass) {
  char q[MT_QUOTE_MAX];
  size_t n = 0, total = 0;
  for (size_t k = 0; k < c->nhosts; k++)
    total += (!c->hosts[k].failed && covered(p, c->hosts[k].name)) == pass &&
             !(k > 0 && name_cmp(c->hosts[k - 1].name, c->hosts[k].name) == 0);
  for (size_t k = 0; k < c->nhosts && n < 8; k++) {
    const live_host *h = &c->hosts[k];
    if ((!h->failed && covered(p, h->name)) != pass ||
        (k > 0 && name_cmp(c->hosts[k - 1].name, h->name) == 0))
      continue;
    n++;
    const char *sep = n == 1 ? "" : (n == total || n == 8) ? " and " : ", ";
    if (mtasts_i_host_check(h->name.ptr, h->name.len, NULL) == 0)
      say(v, "%s%.*s", sep, (int)h->name.len, h->name.ptr);
    else
      say(v, "%s%s", sep,
          mtasts_i_quote(q, sizeof q, h->name.ptr, h->name.len));
  }
  if (total > n)
    say(v, " (and %zu more)", total - n);
}

static int make_verdict(live_check *c) {
  char *v = mtasts_i_calloc(c->alloc, 1, 2 * MT_MESSAGE_MAX);
  if (!v)
    return -1;
  c->res->verdict = v;
  const char *d = c->dom;
  const mtasts_record *rec =
      mtasts_deployment_result_record(c->res->dep, 0, MTASTS_RECORD_STS);
  const char *id =
      rec && mtasts_record_valid(rec) ? mtasts_record_id(rec) : NULL;
  const mtasts_policy *p = mtasts_http_result_policy(c->res->http);
  int has_null = c->mx == LK_FOUND && c->nhosts == 0;
  if (has_null) {
    say(v,
        "%s accepts no mail (null MX), so senders deliver nothing to it "
        "whatever its MTA-STS policy says",
        d);
    return 0;
  }
  if (c->sts == LK_FAILED) {
    say(v,
        "senders cannot tell whether %s uses MTA-STS: those that cached "
        "a policy keep applying it, the others deliver as if it had no "
        "MTA-STS",
        d);
    return 0;
  }
  if (!id || !c->usable) {
    say(v, "senders without a cached policy deliver as if %s had no MTA-STS; ",
        d);
    if (id) {
      say(v, "senders that cached id %s keep %s it ", id,
          p && mtasts_policy_mode(p) == MTASTS_MODE_ENFORCE ? "enforcing"
                                                            : "applying");
      say_age(v, p);
    } else {
      say(v, "senders that cached a policy earlier keep applying it until "
             "its max_age runs out");
    }
    return 0;
  }
  uint64_t s = 0;
  mtasts_policy_max_age(p, &s);
  mtasts_mode mode = mtasts_policy_mode(p);
  char tail[2 * MT_MESSAGE_MAX];
  tail[0] = '\0';
  say(tail, " (%s, max_age %lu %s)", mtasts_mode_name(mode),
      (unsigned long)(s >= 86400 ? s / 86400 : s),
      s >= 86400 ? (s / 86400 == 1 ? "day" : "days") : "seconds");
  if (mode == MTASTS_MODE_NONE) {
    say(v,
        "senders deliver to %s as if it had no MTA-STS and drop the "
        "policies they cached%s",
        d, tail);
    return 0;
  }
  if (mode == MTASTS_MODE_TESTING) {
    say(v, "senders that support MTA-STS deliver to %s as before and %s%s", d,
        c->rpt == LK_FOUND
            ? "report TLS failures to its TLS-RPT addresses"
            : "report nothing, since it publishes no TLS-RPT record",
        tail);
    return 0;
  }
  if (c->nhosts == 0) {
    /* The MX lookup failed or was not given. */
    say(v,
        "senders that support MTA-STS deliver to %s only to MX hosts the "
        "policy covers, over TLS with a valid certificate%s",
        d, tail);
    return 0;
  }
  size_t pass = 0, fail = 0;
  for (size_t k = 0; k < c->nhosts; k++) {
    int ok = !c->hosts[k].failed && covered(p, c->hosts[k].name);
    pass += ok;
    fail += !ok;
  }
  if (pass && !fail) {
    say(v, "senders that support MTA-STS deliver to ");
    say_hosts(c, v, p, 1);
    say(v, " only over TLS with a valid certificate%s", tail);
  } else if (pass) {
    say(v, "senders that support MTA-STS deliver to ");
    say_hosts(c, v, p, 1);
    say(v, " only over TLS with a valid certificate and refuse to deliver "
           "to ");
    say_hosts(c, v, p, 0);
    say(v, "%s", tail);
  } else {
    say(v,
        "senders that support MTA-STS refuse to deliver mail to %s: no "
        "MX host passes%s",
        d, tail);
  }
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Joining the findings                                                    */

typedef struct live_entry {
  mtasts_diag diag;
  size_t source;
  size_t seq;
} live_entry;

static int entry_cmp(const void *pa, const void *pb) {
  const live_entry *a = pa, *b = pb;
  if (a->source != b->source)
    return a->source < b->source ? -1 : 1;
  if (a->diag.line != b->diag.line)
    return a->diag.line < b->diag.line ? -1 : 1;
  if (a->diag.column != b->diag.column)
    return a->diag.column < b->diag.column ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static mtasts_status join(live_check *c) {
  mtasts_live_result *res = c->res;
  /* The deployment's sources are names of this check: look them up first
   * (they exist: they were given from here). */
  size_t nd = res->dep ? mtasts_deployment_result_diag_count(res->dep) : 0;
  size_t nh = res->http ? mtasts_http_result_diag_count(res->http) : 0;
  size_t *dsrc = mtasts_i_calloc(c->alloc, nd + 1, sizeof *dsrc);
  if (!dsrc)
    return MTASTS_ERR_NOMEM;
  for (size_t i = 0; i < nd; i++) {
    const mtasts_diag *d = mtasts_deployment_result_diag(res->dep, i);
    dsrc[i] = superseded(c, d) ? SIZE_MAX : source_lit(c, d->source);
  }
  res->finished = mtasts_i_calloc(c->alloc, c->nsrc + 1, sizeof *res->finished);
  size_t *fn = mtasts_i_calloc(c->alloc, c->nsrc + 1, sizeof *fn);
  mtasts_status st = MTASTS_ERR_NOMEM;
  live_entry *e = NULL;
  if (!res->finished || !fn || c->nomem)
    goto out;
  res->finished_count = c->nsrc;
  size_t total = nd + nh;
  for (size_t s = 0; s < c->nsrc; s++) {
    if (c->sinks[s] &&
        mtasts_i_sink_finish(c->sinks[s], &res->finished[s], &fn[s]) != 0)
      goto out;
    total += fn[s];
  }
  if (total > SIZE_MAX / sizeof *e ||
      total > (SIZE_MAX - c->names.len - 1) / sizeof(mtasts_diag))
    goto out;
  e = mtasts_i_malloc(c->alloc, (total ? total : 1) * sizeof *e);
  if (!e)
    goto out;
  size_t n = 0;
  for (size_t s = 0; s < c->nsrc; s++)
    for (size_t i = 0; i < fn[s]; i++, n++)
      e[n] = (live_entry){res->finished[s][i], s, n};
  for (size_t i = 0; i < nh; i++, n++)
    e[n] = (live_entry){*mtasts_http_result_diag(res->http, i), c->url_src, n};
  for (size_t i = 0; i < nd; i++)
    if (dsrc[i] != SIZE_MAX) {
      e[n] =
          (live_entry){*mtasts_deployment_result_diag(res->dep, i), dsrc[i], n};
      n++;
    }
  qsort(e, n, sizeof *e, entry_cmp);
  res->diags =
      mtasts_i_malloc(c->alloc, n * sizeof *res->diags + c->names.len + 1);
  if (!res->diags)
    goto out;
  char *text = (char *)(res->diags + n);
  memcpy(text, c->names.data, c->names.len);
  res->valid = 1;
  for (size_t i = 0; i < n; i++) {
    res->diags[i] = e[i].diag;
    res->diags[i].source = text + c->name_off[e[i].source];
    if (res->diags[i].severity == MTASTS_SEVERITY_ERROR)
      res->valid = 0;
  }
  res->diag_count = n;
  st = MTASTS_OK;
out:
  mtasts_i_free(c->alloc, e);
  mtasts_i_free(c->alloc, fn);
  mtasts_i_free(c->alloc, dsrc);
  return st;
}

/* ---------------------------------------------------------------------- */
/* The check                                                               */

static mtasts_status run(live_check *c) {
  const mtasts_live *l = c->l;
  /* Sources in the order a person reads them: the record, the policy,
   * TLS-RPT, the MX records; the rest as they come. */
  mtasts_str dom = {c->dom, strlen(c->dom)};
  c->sts_src = source(c, "_mta-sts.", dom, "/TXT", no_str, "");
  c->url_src = source_lit(c, c->url);
  c->rpt_src = source(c, "_smtp._tls.", dom, "/TXT", no_str, "");
  c->mx_src = source(c, "", dom, "/MX", no_str, "");
  c->ix = mtasts_i_calloc(c->alloc, l->answers.n + 1, sizeof *c->ix);
  c->http = mtasts_i_calloc(c->alloc, l->fetches.n + 1, sizeof *c->http);
  if (c->nomem || !c->ix || !c->http)
    return MTASTS_ERR_NOMEM;
  for (size_t i = 0; i < l->answers.n; i++)
    c->ix[i] = (name_ix){str_of(l, l->answers.v[i].name), i};
  qsort(c->ix, l->answers.n, sizeof *c->ix, ix_cmp);

  check_answers(c);
  mtasts_status st = check_responses(c);
  if (st != MTASTS_OK)
    return st;
  if (collect_hosts(c) != 0)
    return MTASTS_ERR_NOMEM;
  check_hosts(c);
  check_fetches(c);
  check_file(c);
  check_smtp(c);
  check_parts(c);
  st = check_deployment(c);
  if (st != MTASTS_OK)
    return st;
  /* The result keeps the response senders use. */
  if (c->ref != SIZE_MAX) {
    c->res->http = c->http[c->ref];
    c->http[c->ref] = NULL;
    const mtasts_policy *p = mtasts_http_result_policy(c->res->http);
    c->res->policy = p && mtasts_policy_valid(p) ? p : NULL;
  }
  if (make_verdict(c) != 0)
    return MTASTS_ERR_NOMEM;
  return join(c);
}

mtasts_status mtasts_live_check(const mtasts_live *l,
                                mtasts_live_result **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  if (!l || !l->has_domain)
    return MTASTS_ERR_INVALID_ARG;
  mtasts_i_alloc m = l->alloc;
  mtasts_live_result *res = mtasts_i_calloc(&m, 1, sizeof *res);
  if (!res)
    return MTASTS_ERR_NOMEM;
  res->alloc = m;
  live_check c;
  memset(&c, 0, sizeof c);
  c.l = l;
  c.res = res;
  c.alloc = &res->alloc;
  c.dom = l->text.data + l->domain.off;
  c.mode = MTASTS_MODE_UNSET;
  /* The domain is a valid host name, at most 253 bytes. */
  memcpy(c.url, "https://mta-sts.", 16);
  memcpy(c.url + 16, c.dom, l->domain.len);
  memcpy(c.url + 16 + l->domain.len, "/.well-known/mta-sts.txt", 25);
  mtasts_i_strset_init(&c.set, c.alloc, 0, name_key, &c);
  mtasts_status st = run(&c);
  if (c.sinks) {
    for (size_t s = 0; s < c.nsrc; s++) {
      if (c.sinks[s]) {
        if (c.sinks[s]->nomem)
          st = MTASTS_ERR_NOMEM;
        mtasts_i_sink_release(c.sinks[s]);
        mtasts_i_free(c.alloc, c.sinks[s]);
      }
    }
  }
  if (c.http)
    for (size_t i = 0; i < l->fetches.n; i++)
      mtasts_http_result_free(c.http[i]);
  mtasts_i_strset_release(&c.set);
  mtasts_i_free(c.alloc, c.sinks);
  mtasts_i_free(c.alloc, c.name_off);
  mtasts_i_free(c.alloc, c.names.data);
  mtasts_i_free(c.alloc, c.ix);
  mtasts_i_free(c.alloc, c.hosts);
  mtasts_i_free(c.alloc, c.http);
  if (st != MTASTS_OK) {
    mtasts_live_result_free(res);
    return st;
  }
  *out = res;
  return MTASTS_OK;
}

void mtasts_live_result_free(mtasts_live_result *r) {
  if (!r)
    return;
  mtasts_i_alloc m = r->alloc;
  if (r->finished)
    for (size_t s = 0; s < r->finished_count; s++)
      mtasts_i_free(&m, r->finished[s]);
  mtasts_i_free(&m, r->finished);
  mtasts_http_result_free(r->http);
  mtasts_deployment_result_free(r->dep);
  mtasts_i_free(&m, r->diags);
  mtasts_i_free(&m, r->verdict);
  mtasts_i_free(&m, r);
}

int mtasts_live_result_valid(const mtasts_live_result *r) {
  return r ? r->valid : 0;
}

size_t mtasts_live_result_diag_count(const mtasts_live_result *r) {
  return r ? r->diag_count : 0;
}

const mtasts_diag *mtasts_live_result_diag(const mtasts_live_result *r,
                                           size_t i) {
  return r && i < r->diag_count ? &r->diags[i] : NULL;
}

const mtasts_policy *mtasts_live_result_policy(const mtasts_live_result *r) {
  return r ? r->policy : NULL;
}

const mtasts_record *mtasts_live_result_record(const mtasts_live_result *r,
                                               mtasts_kind kind) {
  return r && r->dep ? mtasts_deployment_result_record(
                           r->dep, MTASTS_REVISION_CURRENT, kind)
                     : NULL;
}

const char *mtasts_live_result_verdict(const mtasts_live_result *r) {
  return r && r->verdict ? r->verdict : "";
}
