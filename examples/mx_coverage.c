/*
 * mx_coverage: which mx pattern of an MTA-STS policy covers each MX host
 * (RFC 8461 §4.1).
 *
 *   usage: mx_coverage POLICY_FILE MX_HOST...
 *
 *   mx_coverage mta-sts.txt mx1.example.org mx3.relay.example.org
 *
 * A sender delivers only to MX hosts that a pattern covers: a literal pattern
 * covers its own name, "*.example.org" exactly one more label on the left.
 * Give every host of the domain's MX records, backups included.
 *
 * Exit status: 0 when the policy is valid and covers every host, 1 when it
 * does not, 2 on a usage or I/O error or when the library fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mtasts/mtasts.h>

/* Reads a whole file into a malloc'd buffer; returns NULL on failure. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s POLICY_FILE MX_HOST...\n", argv[0]);
    return 2;
  }
  size_t len = 0;
  char *body = read_file(argv[1], &len);
  if (!body) {
    perror(argv[1]);
    return 2;
  }

  /* The hosts travel in the options as (pointer, length) pairs; the library
   * reads them during the call only. */
  size_t host_count = (size_t)argc - 2;
  mtasts_str *hosts = calloc(host_count, sizeof *hosts);
  if (!hosts) {
    free(body);
    fputs("out of memory\n", stderr);
    return 2;
  }
  for (size_t i = 0; i < host_count; i++) {
    hosts[i].ptr = argv[i + 2];
    hosts[i].len = strlen(argv[i + 2]);
  }
  mtasts_options options;
  mtasts_options_init(&options);
  options.mx_hosts = hosts;
  options.mx_host_count = host_count;

  mtasts_policy *policy = NULL;
  mtasts_status status = mtasts_policy_parse(body, len, &options, &policy);
  free(body);
  free(hosts);
  if (status != MTASTS_OK) {
    fprintf(stderr, "%s: %s\n", argv[1], mtasts_status_name(status));
    return 2;
  }

  /* The policy's own findings first, so that a rejected pattern is
   * explained (a malformed mx line covers nothing). Findings about the
   * hosts (mx-host-not-covered, mx-host-invalid) are among them. */
  for (size_t i = 0; i < mtasts_policy_diag_count(policy); i++) {
    const mtasts_diag *d = mtasts_policy_diag(policy, i);
    printf("%s:%lu:%lu: %s: %s [%s]\n", argv[1], d->line, d->column,
           mtasts_severity_name(d->severity), d->message, d->id);
  }

  int all_covered = 1;
  for (size_t i = 0; i < host_count; i++) {
    long m = mtasts_policy_mx_host_match(policy, i);
    if (m >= 0) {
      printf("%s: covered by mx: %s\n", argv[i + 2],
             mtasts_policy_mx(policy, (size_t)m));
    } else {
      printf("%s: not covered by any mx pattern\n", argv[i + 2]);
      all_covered = 0;
    }
  }

  int ok = all_covered && mtasts_policy_valid(policy);
  mtasts_policy_free(policy);
  return ok ? 0 : 1;
}
