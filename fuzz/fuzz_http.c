/* SPDX-License-Identifier: MIT */
/*
 * Fuzz harness for mtasts_http_check (lib/http.c) and
 * mtasts_cert_name_match (lib/certname.c).
 *
 * Input: one option byte, then lines ('\n'):
 *   line 1  the HTTP status, in decimal
 *   line 2  the Content-Type header (none when the option says so)
 *   line 3  the Location header (none when empty)
 *   the rest the body
 *   option bit 0  MTASTS_OPT_STRICT
 *   option bit 1  a small max_diagnostics: 1 + bits 2..3
 *   option bit 4  no Content-Type header
 *   option bit 5  body_truncated
 * Line 2 is also matched, as a host, against the DNS-IDs of line 3 split
 * at commas.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

#define URL "https://mta-sts.example.com/.well-known/mta-sts.txt"

/* The next line of buf[*at..len), without its LF. */
static mtasts_str next_line(const char *buf, size_t len, size_t *at) {
  mtasts_str s = {buf + *at, 0};
  while (*at < len && buf[*at] != '\n') {
    (*at)++;
    s.len++;
  }
  if (*at < len)
    (*at)++;
  return s;
}

static void check_names(mtasts_str host, mtasts_str list) {
  mtasts_str ids[16];
  size_t n = 0, start = 0;
  for (size_t i = 0; i <= list.len && n < 16; i++)
    if (i == list.len || list.ptr[i] == ',') {
      ids[n].ptr = list.ptr + start;
      ids[n].len = i - start;
      n++;
      start = i + 1;
    }
  int m = mtasts_cert_name_match(host.ptr, host.len, ids, n);
  FU_CHECK(m == 0 || m == 1);
  /* One DNS-ID at a time gives the same answer (any of them matches). */
  int any = 0;
  for (size_t i = 0; i < n; i++)
    any |= mtasts_cert_name_match(host.ptr, host.len, &ids[i], 1);
  FU_CHECK(any == m);
  /* RFC 6125 §6.4.1: case is ignored. */
  char *upper = fu_dup(host.ptr, host.len);
  for (size_t i = 0; i < host.len; i++)
    if (upper[i] >= 'a' && upper[i] <= 'z')
      upper[i] = (char)(upper[i] - 32);
  FU_CHECK(mtasts_cert_name_match(upper, host.len, ids, n) == m);
  free(upper);
  /* A match needs a valid host name. */
  if (m)
    FU_CHECK(mtasts_host_check(host.ptr, host.len, NULL) == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  unsigned opt = data[0];
  char *buf = fu_dup(data + 1, size - 1);
  size_t len = size - 1, at = 0;
  mtasts_str status = next_line(buf, len, &at);
  mtasts_str type = next_line(buf, len, &at);
  mtasts_str location = next_line(buf, len, &at);
  mtasts_http_response r;
  mtasts_http_response_init(&r);
  for (size_t i = 0; i < status.len && i < 6; i++)
    if (status.ptr[i] >= '0' && status.ptr[i] <= '9')
      r.status = r.status * 10 + (unsigned)(status.ptr[i] - '0');
  if (!(opt & 16))
    r.content_type = type;
  if (location.len)
    r.location = location;
  r.body.ptr = buf + at;
  r.body.len = len - at;
  r.body_truncated = (opt & 32) != 0;
  mtasts_options o;
  fu_options(opt, &o);

  mtasts_http_result *res = NULL, *again = NULL;
  FU_CHECK(mtasts_http_check(&r, URL, &o, &res) == MTASTS_OK);
  size_t n = mtasts_http_result_diag_count(res);
  int errors = 0;
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = mtasts_http_result_diag(res, i);
    /* Spans are in the body; the response's findings are at its start. */
    fu_check_diag(d, r.body.len);
    FU_CHECK(d->source && strcmp(d->source, URL) == 0);
    errors |= d->severity == MTASTS_SEVERITY_ERROR;
  }
  FU_CHECK(mtasts_http_result_diag(res, n) == NULL);
  FU_CHECK(mtasts_http_result_valid(res) == !errors);
  /* Only a 200 is linted, and of a cut body only its complete lines: one
   * without any LF has no policy (mtasts.h). */
  int whole_line = !r.body_truncated || memchr(r.body.ptr, '\n', r.body.len);
  FU_CHECK((mtasts_http_result_policy(res) != NULL) ==
           (r.status == 200 && whole_line));
  /* The same again. */
  FU_CHECK(mtasts_http_check(&r, URL, &o, &again) == MTASTS_OK);
  FU_CHECK(mtasts_http_result_diag_count(again) == n);
  for (size_t i = 0; i < n; i++)
    FU_CHECK(fu_same_diag(mtasts_http_result_diag(res, i),
                          mtasts_http_result_diag(again, i)));
  mtasts_http_result_free(res);
  mtasts_http_result_free(again);

  check_names(type, location);
  free(buf);
  return 0;
}
