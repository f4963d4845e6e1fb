/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: the policy fetch with libcurl (see live_https.h).
 */
#include "live_https.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

/* The longest header value kept (Location, Content-Type). */
#define MAX_HEADER_VALUE 2048

struct https_ctx {
  CURL *curl;
  X509_STORE *store;
  unsigned timeout_ms;
  const char *user_agent;
};

https_ctx *https_ctx_new(X509_STORE *store, unsigned timeout_ms,
                         const char *user_agent) {
  https_ctx *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->curl = curl_easy_init();
  if (!c->curl) {
    free(c);
    return NULL;
  }
  c->store = store;
  c->timeout_ms = timeout_ms;
  c->user_agent = user_agent;
  return c;
}

void https_ctx_free(https_ctx *c) {
  if (!c)
    return;
  curl_easy_cleanup(c->curl);
  free(c);
}

/* The state of one transfer, for the callbacks. */
typedef struct xfer {
  https_ctx *c;
  https_fetch *f;
  int tls_read; /* the TLS facts were read */
  int nomem;
} xfer;

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg) {
  xfer *x = arg;
  https_fetch *f = x->f;
  size_t n = size * nmemb;
  size_t room = HTTPS_BODY_CAP - f->body_len;
  if (!f->body) {
    f->body = malloc(HTTPS_BODY_CAP);
    if (!f->body) {
      x->nomem = 1;
      return 0;
    }
  }
  if (n > room) {
    /* The cap: keep what fits and stop reading (curl ends the transfer
     * with CURLE_WRITE_ERROR). */
    memcpy(f->body + f->body_len, data, room);
    f->body_len += room;
    f->http.body_truncated = 1;
    return 0;
  }
  memcpy(f->body + f->body_len, data, n);
  f->body_len += n;
  return n;
}

/* A copy of a header's value (surrounding blanks and the line end cut),
 * or NULL when memory ran out. */
static char *header_value(const char *v, size_t n) {
  while (n && (*v == ' ' || *v == '\t')) {
    v++;
    n--;
  }
  while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
               v[n - 1] == '\t'))
    n--;
  if (n > MAX_HEADER_VALUE)
    n = MAX_HEADER_VALUE;
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, v, n);
    p[n] = '\0';
  }
  return p;
}

/* The TLS facts, read while the connection is up (curl's SSL pointer is
 * valid only during the transfer). */
static void read_tls(xfer *x) {
  if (x->tls_read)
    return;
  x->tls_read = 1;
  const struct curl_tlssessioninfo *info = NULL;
  if (curl_easy_getinfo(x->c->curl, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK ||
      !info || info->backend != CURLSSLBACKEND_OPENSSL || !info->internals)
    return;
  tls_facts_read((SSL *)info->internals, x->c->store, &x->f->tls, &x->f->facts);
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *arg) {
  xfer *x = arg;
  https_fetch *f = x->f;
  size_t n = size * nmemb;
  read_tls(x);
  if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
    /* A new response (after a 1xx): its headers replace the others. */
    free(f->location);
    free(f->content_type);
    f->location = f->content_type = NULL;
    f->have_response = 1;
    return n;
  }
  char **slot = NULL;
  size_t skip = 0;
  if (n > 9 && strncasecmp(data, "location:", 9) == 0) {
    slot = &f->location;
    skip = 9;
  } else if (n > 13 && strncasecmp(data, "content-type:", 13) == 0) {
    slot = &f->content_type;
    skip = 13;
  }
  if (slot && !*slot) { /* the first of repeated headers */
    *slot = header_value(data + skip, n - skip);
    if (!*slot)
      x->nomem = 1;
  }
  return n;
}

int https_fetch_policy(https_ctx *c, const char *domain, const char *address,
                       https_fetch *f) {
  memset(f, 0, sizeof *f);
  mtasts_tls_observation_init(&f->tls);
  mtasts_http_response_init(&f->http);
  char url[600], connect_to[700], errbuf[CURL_ERROR_SIZE] = "";
  int v6 = strchr(address, ':') != NULL;
  snprintf(url, sizeof url, "https://mta-sts.%s/.well-known/mta-sts.txt",
           domain);
  snprintf(connect_to, sizeof connect_to, "mta-sts.%s:443:%s%s%s:443", domain,
           v6 ? "[" : "", address, v6 ? "]" : "");
  struct curl_slist *pin = curl_slist_append(NULL, connect_to);
  if (!pin)
    return -1;
  xfer x = {c, f, 0, 0};
  CURL *h = c->curl;
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_CONNECT_TO, pin);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)c->timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)c->timeout_ms);
  curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
  CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(pin);

  curl_off_t connect_us = 0;
  curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  f->tls.connected = connect_us > 0 || f->have_response;
  f->tls.timed_out = !f->tls.connected && rc == CURLE_OPERATION_TIMEDOUT;
  int complete =
      rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && f->http.body_truncated);
  if (!complete) {
    snprintf(f->facts.error, sizeof f->facts.error, "%s",
             errbuf[0] ? errbuf : curl_easy_strerror(rc));
    f->tls.error.ptr = f->facts.error;
    f->tls.error.len = strlen(f->facts.error);
  }
  if (f->have_response && complete) {
    f->http.status = (unsigned)status;
    if (f->location) {
      f->http.location.ptr = f->location;
      f->http.location.len = strlen(f->location);
    }
    if (f->content_type) {
      f->http.content_type.ptr = f->content_type;
      f->http.content_type.len = strlen(f->content_type);
    }
    f->http.body.ptr = f->body ? f->body : "";
    f->http.body.len = f->body_len;
  } else {
    f->have_response = 0;
  }
  return x.nomem ? -1 : 0;
}

void https_fetch_free(https_fetch *f) {
  tls_facts_free(&f->facts);
  free(f->body);
  free(f->location);
  free(f->content_type);
  memset(f, 0, sizeof *f);
}
