/* SPDX-License-Identifier: MIT */
/*
 * check_change: is it safe to publish a new MTA-STS policy? Checks the new
 * policy against the previous one, as senders that cached the previous one
 * will see the change (RFC 8461 §3.1, §5.1, §8.3), and against the
 * domain's MX hosts (§4.1).
 *
 *   usage: check_change NEW_POLICY OLD_POLICY NEW_ID OLD_ID MX_HOST...
 *
 *   check_change mta-sts.txt old/mta-sts.txt 20240301 20240101 mx1.example.org
 *
 * The records are those a zone parser would find (mtasts-lint --zone reads
 * a real zone file): "v=STSv1; id=NEW_ID" now and "v=STSv1; id=OLD_ID"
 * before, the same MX hosts in both, an address for the policy host and a
 * TLS-RPT record. Every finding names the input it is in.
 *
 * Exit status: 0 when nothing is an error, 1 when something is, 2 on a
 * usage or I/O error or when the library fails.
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
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* One revision: its policy file and the records of its zone ("zone" is the
 * source name the findings about records give). */
static int add_revision(mtasts_deployment *d, mtasts_revision rev,
                        const char *policy_path, const char *id, char **hosts,
                        int host_count) {
  size_t len;
  char *body = read_file(policy_path, &len);
  if (!body) {
    fprintf(stderr, "check_change: cannot read %s\n", policy_path);
    return -1;
  }
  char sts[128];
  snprintf(sts, sizeof sts, "v=STSv1; id=%s", id);
  mtasts_txt sts_txt = {sts, strlen(sts), MTASTS_TXT_RAW};
  const char *rpt = "v=TLSRPTv1; rua=mailto:tlsrpt@example.org";
  mtasts_txt rpt_txt = {rpt, strlen(rpt), MTASTS_TXT_RAW};
  int ok =
      mtasts_deployment_set_policy(d, rev, body, len, policy_path) ==
          MTASTS_OK &&
      mtasts_deployment_set_zone(d, rev, "zone") == MTASTS_OK &&
      mtasts_deployment_add_txt(d, rev, MTASTS_RECORD_STS, &sts_txt, "zone",
                                1) == MTASTS_OK &&
      mtasts_deployment_add_txt(d, rev, MTASTS_RECORD_TLSRPT, &rpt_txt, "zone",
                                2) == MTASTS_OK &&
      mtasts_deployment_add_policy_host_address(d, rev, "zone", 3) == MTASTS_OK;
  for (int i = 0; ok && i < host_count; i++)
    ok = mtasts_deployment_add_mx(d, rev, hosts[i], strlen(hosts[i]), "zone",
                                  (unsigned long)(4 + i)) == MTASTS_OK;
  free(body); /* the deployment keeps its own copy */
  return ok ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: check_change NEW_POLICY OLD_POLICY NEW_ID OLD_ID "
                    "MX_HOST...\n");
    return 2;
  }
  mtasts_deployment *d = NULL;
  if (mtasts_deployment_new(NULL, &d) != MTASTS_OK)
    return 2;
  mtasts_deployment_result *r = NULL;
  int status = 2;
  if (add_revision(d, MTASTS_REVISION_CURRENT, argv[1], argv[3], argv + 5,
                   argc - 5) == 0 &&
      add_revision(d, MTASTS_REVISION_PREVIOUS, argv[2], argv[4], argv + 5,
                   argc - 5) == 0 &&
      mtasts_deployment_check(d, &r) == MTASTS_OK) {
    size_t n = mtasts_deployment_result_diag_count(r);
    for (size_t i = 0; i < n; i++) {
      const mtasts_diag *g = mtasts_deployment_result_diag(r, i);
      printf("%s:%lu:%lu: %s: %s [%s]\n", g->source, g->line, g->column,
             mtasts_severity_name(g->severity), g->message, g->id);
    }
    if (n == 0)
      printf("no findings: safe to publish\n");
    status = mtasts_deployment_result_valid(r) ? 0 : 1;
  }
  mtasts_deployment_result_free(r);
  mtasts_deployment_free(d);
  return status;
}
