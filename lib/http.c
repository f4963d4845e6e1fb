/* SPDX-License-Identifier: MIT */
/*
 * libmtasts: one HTTPS response of the policy host, judged as senders judge
 * it (RFC 8461 §3.2, §3.3).
 *
 * The caller fetched https://mta-sts.<domain>/.well-known/mta-sts.txt
 * itself; this file applies the rules to what came back: the status (200
 * only, no redirect followed), the media type, the size, and for a 200 the
 * body, linted by the policy parser. The findings about the response come
 * first (line 1, column 1: they are about the whole body), then the body's,
 * at their line and column.
 */
#include "internal.h"

#include <string.h>

/* RFC 8461 §3.3: senders MAY cap the body at 64 kilobytes; the RFC leaves
 * 64000 or 65536 open, so the first is advice and the second the limit. */
#define BODY_ADVICE 64000u
#define BODY_LIMIT 65536u

/* The first published layout of mtasts_http_response: the end of its last
 * member. */
#define RESPONSE_MIN_SIZE                                                      \
  (offsetof(mtasts_http_response, body_truncated) + sizeof(int))

struct mtasts_http_result {
  mtasts_i_alloc alloc;
  mtasts_policy *policy; /* the body of a 200, or NULL */
  mtasts_diag *own;      /* the response's findings (mtasts_i_sink_finish) */
  mtasts_diag *diags;    /* the joined list, then the source name */
  size_t diag_count;
  int valid;
};

/*
 * A body cut by the fetch's cap ends inside a line (or between the CR and
 * the LF of a line end) that the server did not send that way: linting it
 * would report the cut as the policy's fault. Only the complete lines are
 * linted, the bytes up to the last LF; a cut body without any LF has no
 * complete line and nothing is linted. live-http-body-too-large says the
 * body was cut.
 */
size_t mtasts_i_http_lint_len(const char *body, size_t len, int truncated) {
  if (!truncated)
    return len;
  while (len > 0 && body[len - 1] != '\n')
    len--;
  return len;
}

void mtasts_http_response_init_sized(mtasts_http_response *r, size_t size) {
  if (!r || size < sizeof(size_t))
    return;
  memset(r, 0, size);
  memcpy(r, &size, sizeof size);
}

/* RFC 9110 §5.6.2: tchar. */
static int is_tchar(unsigned char c) {
  return mtasts_i_is_alnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static size_t skip_ows(const char *p, size_t n, size_t i) {
  while (i < n && mtasts_i_is_wsp((unsigned char)p[i]))
    i++;
  return i;
}

static size_t skip_token(const char *p, size_t n, size_t i) {
  while (i < n && is_tchar((unsigned char)p[i]))
    i++;
  return i;
}

/*
 * The media type of a Content-Type value (RFC 9110 §8.3.1: type "/" subtype
 * *( OWS ";" OWS [ parameter ] ), names and the charset compared ignoring
 * case) and its charset parameter. Returns 0 when the value does not start
 * with a media type; otherwise 1, with *plain set when it is text/plain and
 * *cs, *cs_len the charset's value (quotes removed, *cs NULL when there is
 * none). A parameter that cannot be read ends the parameters: senders
 * ignore every parameter but charset (RFC 8461 §3.2).
 */
static int media_type(const char *p, size_t n, int *plain, const char **cs,
                      size_t *cs_len) {
  *cs = NULL;
  *cs_len = 0;
  size_t i = skip_ows(p, n, 0), t = i;
  i = skip_token(p, n, i);
  size_t type_len = i - t;
  if (type_len == 0 || i >= n || p[i] != '/')
    return 0;
  size_t s = ++i;
  i = skip_token(p, n, i);
  if (i == s)
    return 0;
  *plain = mtasts_i_eq_nocase(p + t, type_len, "text", 4) &&
           mtasts_i_eq_nocase(p + s, i - s, "plain", 5);
  for (;;) {
    i = skip_ows(p, n, i);
    if (i >= n)
      return 1;
    if (p[i] != ';')
      return 1; /* what follows is no parameter: ignored */
    i = skip_ows(p, n, i + 1);
    size_t name = i;
    i = skip_token(p, n, i);
    size_t name_len = i - name;
    if (name_len == 0)
      continue; /* ";;" or a trailing ";" */
    if (i >= n || p[i] != '=')
      return 1;
    const char *v = p + ++i;
    size_t vl;
    if (i < n && p[i] == '"') {
      /* quoted-string, without its quotes; a quoted-pair stays as two
       * bytes, which no charset name holds. */
      size_t e = ++i;
      while (e < n && p[e] != '"')
        e += p[e] == '\\' && e + 1 < n ? 2 : 1;
      if (e >= n)
        return 1;
      v = p + i;
      vl = e - i;
      i = e + 1;
    } else {
      size_t e = skip_token(p, n, i);
      vl = e - i;
      i = e;
    }
    if (!*cs && mtasts_i_eq_nocase(p + name, name_len, "charset", 7)) {
      *cs = v;
      *cs_len = vl;
    }
  }
}

/* RFC 8461 §3.2, §3.3: what a sender makes of the response, into s. */
static void check_response(mtasts_i_sink *s, const mtasts_http_response *r) {
  mtasts_i_where w = {0, 0, 1, 1};
  char q[MT_QUOTE_MAX];
  if (r->status == 0) {
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_STATUS, w, NULL,
                    "no HTTP response was received, so senders get no policy "
                    "from this URL");
    return;
  }
  if (r->status >= 300 && r->status <= 399) {
    /* RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed". */
    mtasts_i_report(
        s, MTASTS_DIAG_LIVE_HTTP_REDIRECT, w, NULL,
        "the policy URL answers with status %lu and %s%s; senders "
        "do not follow redirects, so they get no policy from it",
        (unsigned long)r->status,
        r->location.ptr ? "Location " : "no Location header",
        r->location.ptr
            ? mtasts_i_quote(q, sizeof q, r->location.ptr, r->location.len)
            : "");
    return;
  }
  if (r->status != 200) {
    /* RFC 8461 §3.3: a policy is valid only with HTTP status 200. */
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_STATUS, w, NULL,
                    "the policy URL answers with status %lu; senders accept "
                    "only 200, so they get no policy from it",
                    (unsigned long)r->status);
    return;
  }
  /* RFC 8461 §3.2: senders SHOULD check for text/plain; parameters other
   * than charset=utf-8 or charset=us-ascii are ignored. */
  const mtasts_str *ct = &r->content_type;
  int plain = 0;
  const char *cs;
  size_t cs_len;
  if (!ct->ptr)
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_CONTENT_TYPE_MISSING, w, NULL,
                    "the policy is served without a Content-Type header; "
                    "senders that check for text/plain refuse it");
  else if (!media_type(ct->ptr, ct->len, &plain, &cs, &cs_len) || !plain)
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_CONTENT_TYPE, w, NULL,
                    "the policy is served as %s, not text/plain; senders "
                    "that check the media type refuse it",
                    mtasts_i_quote(q, sizeof q, ct->ptr, ct->len));
  else if (cs && !mtasts_i_eq_nocase(cs, cs_len, "utf-8", 5) &&
           !mtasts_i_eq_nocase(cs, cs_len, "us-ascii", 8))
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_CHARSET, w, NULL,
                    "the policy is served with charset %s; RFC 8461 names "
                    "only utf-8 and us-ascii, and a sender may refuse or "
                    "misread another",
                    mtasts_i_quote(q, sizeof q, cs, cs_len));
  if (r->body_truncated)
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_BODY_TOO_LARGE, w, NULL,
                    "the body is longer than the %zu bytes read, over 65536; "
                    "senders that stop at 64 kilobytes read a cut policy "
                    "(only its first %zu bytes, up to the last complete "
                    "line, were checked)",
                    r->body.len,
                    mtasts_i_http_lint_len(r->body.ptr, r->body.len, 1));
  else if (r->body.len > BODY_LIMIT)
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_BODY_TOO_LARGE, w, NULL,
                    "the body is %zu bytes, over 65536; senders that stop "
                    "at 64 kilobytes read a cut policy",
                    r->body.len);
  else if (r->body.len > BODY_ADVICE)
    mtasts_i_report(s, MTASTS_DIAG_LIVE_HTTP_BODY_LARGE, w, NULL,
                    "the body is %zu bytes, over 64000; senders that stop at "
                    "64000 bytes read a cut policy",
                    r->body.len);
}

void mtasts_http_result_free(mtasts_http_result *res) {
  if (!res)
    return;
  mtasts_i_alloc m = res->alloc;
  mtasts_policy_free(res->policy);
  mtasts_i_free(&m, res->own);
  mtasts_i_free(&m, res->diags);
  mtasts_i_free(&m, res);
}

/* Joins the response's findings and the body's into res->diags, with the
 * source name after the array. */
static int join(mtasts_http_result *res, size_t own_n, const char *source) {
  size_t pn = res->policy ? mtasts_policy_diag_count(res->policy) : 0;
  size_t sn = source ? strlen(source) + 1 : 0;
  size_t n = own_n + pn;
  if (n > (SIZE_MAX - sn) / sizeof(mtasts_diag))
    return -1;
  res->diags = mtasts_i_malloc(&res->alloc, n * sizeof *res->diags + sn + 1);
  if (!res->diags)
    return -1;
  char *name = source ? (char *)(res->diags + n) : NULL;
  if (name)
    memcpy(name, source, sn);
  size_t k = 0;
  for (size_t i = 0; i < own_n; i++)
    res->diags[k++] = res->own[i];
  for (size_t i = 0; i < pn; i++) {
    const mtasts_diag *d = mtasts_policy_diag(res->policy, i);
    /* live-http-body-large and -too-large say this of the response. */
    if (d->code != MTASTS_DIAG_POLICY_TOO_LARGE)
      res->diags[k++] = *d;
  }
  res->valid = 1;
  for (size_t i = 0; i < k; i++) {
    res->diags[i].source = name;
    if (res->diags[i].severity == MTASTS_SEVERITY_ERROR)
      res->valid = 0;
  }
  res->diag_count = k;
  return 0;
}

mtasts_status mtasts_http_check(const mtasts_http_response *response,
                                const char *source,
                                const mtasts_options *options,
                                mtasts_http_result **out) {
  if (!out)
    return MTASTS_ERR_INVALID_ARG;
  *out = NULL;
  mtasts_http_response r;
  mtasts_options opts;
  if (!response ||
      mtasts_i_sized_read(&r, sizeof r, response, RESPONSE_MIN_SIZE) != 0 ||
      (!r.body.ptr && r.body.len) || (!r.location.ptr && r.location.len) ||
      (!r.content_type.ptr && r.content_type.len))
    return MTASTS_ERR_INVALID_ARG;
  mtasts_status st = mtasts_i_options_read(options, &opts);
  if (st != MTASTS_OK)
    return st;
  opts.mx_hosts = NULL;
  opts.mx_host_count = 0;
  mtasts_i_alloc m;
  mtasts_i_alloc_init(&m, opts.allocator);
  mtasts_http_result *res = mtasts_i_calloc(&m, 1, sizeof *res);
  if (!res)
    return MTASTS_ERR_NOMEM;
  res->alloc = m;
  size_t lint =
      mtasts_i_http_lint_len(r.body.ptr, r.body.len, r.body_truncated);
  if (r.status == 200 && (lint || !r.body_truncated)) {
    st = mtasts_policy_parse(r.body.ptr, lint, &opts, &res->policy);
    if (st != MTASTS_OK) {
      mtasts_http_result_free(res);
      return st;
    }
  }
  mtasts_i_sink sink;
  mtasts_i_sink_init(&sink, &res->alloc, &opts);
  check_response(&sink, &r);
  size_t own_n = 0;
  int failed = mtasts_i_sink_finish(&sink, &res->own, &own_n) != 0 ||
               join(res, own_n, source) != 0;
  mtasts_i_sink_release(&sink);
  if (failed) {
    mtasts_http_result_free(res);
    return MTASTS_ERR_NOMEM;
  }
  *out = res;
  return MTASTS_OK;
}

int mtasts_http_result_valid(const mtasts_http_result *res) {
  return res ? res->valid : 0;
}

size_t mtasts_http_result_diag_count(const mtasts_http_result *res) {
  return res ? res->diag_count : 0;
}

const mtasts_diag *mtasts_http_result_diag(const mtasts_http_result *res,
                                           size_t i) {
  return res && i < res->diag_count ? &res->diags[i] : NULL;
}

const mtasts_policy *mtasts_http_result_policy(const mtasts_http_result *res) {
  return res ? res->policy : NULL;
}
