/* SPDX-License-Identifier: MIT */
/*
 * What an MTA that fetches MTA-STS policies itself asks the library after
 * its fetch: does the response give a policy senders accept, and does the
 * certificate of the policy host (or of an MX host) cover the host name?
 *
 *   check_fetch STATUS CONTENT-TYPE BODY-FILE [HOST DNS-ID...]
 *
 * CONTENT-TYPE "-" stands for no header. Prints the findings and, with
 * HOST, whether the DNS-IDs cover it. Exit status: 0 when the policy is
 * accepted (and the names match), 1 when not, 2 on a usage or I/O error.
 */
#include <mtasts/mtasts.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *more = realloc(buf, cap * 2);
    if (!more) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = more;
    cap *= 2;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 4 || argc == 5) {
    fprintf(stderr,
            "usage: %s STATUS CONTENT-TYPE BODY-FILE [HOST DNS-ID...]\n",
            argv[0]);
    return 2;
  }
  size_t len = 0;
  char *body = read_file(argv[3], &len);
  if (!body) {
    fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[3]);
    return 2;
  }
  /* What the fetch saw. The struct grows in later versions; _init sets its
   * size so that the library reads only what this program has. */
  mtasts_http_response r;
  mtasts_http_response_init(&r);
  r.status = (unsigned)strtoul(argv[1], NULL, 10);
  if (strcmp(argv[2], "-") != 0) {
    r.content_type.ptr = argv[2];
    r.content_type.len = strlen(argv[2]);
  }
  r.body.ptr = body;
  r.body.len = len;

  const char *url = "https://mta-sts.example.com/.well-known/mta-sts.txt";
  mtasts_http_result *res = NULL;
  if (mtasts_http_check(&r, url, NULL, &res) != MTASTS_OK) {
    free(body);
    return 2;
  }
  for (size_t i = 0; i < mtasts_http_result_diag_count(res); i++) {
    const mtasts_diag *d = mtasts_http_result_diag(res, i);
    printf("%s:%lu:%lu: %s: %s [%s]\n", d->source, d->line, d->column,
           mtasts_severity_name(d->severity), d->message, d->id);
  }
  int ok = mtasts_http_result_valid(res);
  const mtasts_policy *p = mtasts_http_result_policy(res);
  if (ok && p)
    printf("policy accepted: mode %s, %zu mx pattern(s)\n",
           mtasts_mode_name(mtasts_policy_mode(p)), mtasts_policy_mx_count(p));

  if (argc > 5) {
    size_t n = (size_t)argc - 5;
    mtasts_str *ids = calloc(n, sizeof *ids);
    if (!ids) {
      mtasts_http_result_free(res);
      free(body);
      return 2;
    }
    for (size_t i = 0; i < n; i++) {
      ids[i].ptr = argv[5 + i];
      ids[i].len = strlen(argv[5 + i]);
    }
    int match = mtasts_cert_name_match(argv[4], strlen(argv[4]), ids, n);
    printf("%s: %s\n", argv[4],
           match ? "covered by the certificate"
                 : "not covered by the certificate");
    ok = ok && match;
    free(ids);
  }
  mtasts_http_result_free(res);
  free(body);
  return ok ? 0 : 1;
}
