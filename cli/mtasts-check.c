/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: checks domains live, as sending MTAs see them (RFC 8461
 * §3, §4, §5): the _mta-sts and TLS-RPT records, the policy fetched from
 * every address of the policy host, the MX records, and STARTTLS on every
 * address of every MX host.
 *
 * This file holds the options, the domain loop and the workers. The
 * network is in live_dns.c (libunbound), live_https.c (libcurl) and
 * live_smtp.c (OpenSSL); what they see goes to the library
 * (mtasts_live_add_*), whose mtasts_live_check judges it. No protocol rule
 * lives here; output.c prints what the library returns.
 *
 * Many domains: -j N workers, each with its own resolver, curl handle and
 * TLS context, check domains from the command line and --domains-from in
 * turn. At most 2N domains are in flight, and results are printed in input
 * order as soon as all before them are, so the memory used does not grow
 * with the length of the list.
 *
 * Exit status: 0 no errors, 1 errors found, 2 the check could not run (bad
 * arguments, no resolver reachable, a file that cannot be read).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <mtasts/mtasts.h>

#include "input.h"
#include "live_dns.h"
#include "live_https.h"
#include "live_smtp.h"
#include "live_tls.h"
#include "options.h"
#include "output.h"
#include "zone_read.h"

#define PROG "mtasts-check"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* Debian's copy of the root zone's trust anchor (dns-root-data). */
#define DEFAULT_TRUST_ANCHOR "/usr/share/dns/root.key"
#define DEFAULT_TIMEOUT 10
#define MAX_JOBS 256

/* Bounds on what one domain makes the tool do. */
#define MAX_MX_HOSTS 16
#define MAX_ADDRESSES 8 /* of the policy host, and of each MX host */
#define MAX_SMTP 32     /* connections to port 25, over all MX hosts */

/* The most read of a --policy or --zone file. */
#define MAX_FILE ((size_t)64 * 1024 * 1024)

enum {
  OPT_CA_FILE = 256,
  OPT_DOMAINS_FROM,
  OPT_FORMAT,
  OPT_NO_SMTP,
  OPT_POLICY,
  OPT_RESOLVER,
  OPT_STRICT,
  OPT_TIMEOUT,
  OPT_TRUST_ANCHOR,
  OPT_VERSION,
  OPT_ZONE
};

static const struct option long_options[] = {
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"domains-from", required_argument, NULL, OPT_DOMAINS_FROM},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {"jobs", required_argument, NULL, 'j'},
    {"no-smtp", no_argument, NULL, OPT_NO_SMTP},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"quiet", no_argument, NULL, 'q'},
    {"resolver", required_argument, NULL, OPT_RESOLVER},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"trust-anchor", required_argument, NULL, OPT_TRUST_ANCHOR},
    {"version", no_argument, NULL, OPT_VERSION},
    {"zone", required_argument, NULL, OPT_ZONE},
    {NULL, 0, NULL, 0}};

static const char short_options[] = ":hqj:";

static const char usage_text[] =
    "Usage: mtasts-check [OPTIONS] DOMAIN...\n"
    "       mtasts-check [OPTIONS] --domains-from LIST\n"
    "       mtasts-check [OPTIONS] --policy FILE [--zone ZONEFILE] DOMAIN\n"
    "Check the MTA-STS deployment of each DOMAIN live, as sending mail\n"
    "servers see it: the _mta-sts and TLS-RPT records (with their DNSSEC\n"
    "status), the policy fetched from every address of mta-sts.DOMAIN, the MX\n"
    "records, and STARTTLS with the certificate of every MX host address.\n"
    "\n"
    "Options:\n"
    "      --resolver ADDR[@PORT]\n"
    "                       send DNS queries to this resolver (default: the\n"
    "                       system's, from /etc/resolv.conf)\n"
    "      --trust-anchor FILE\n"
    "                       DNSSEC trust anchors (DS or DNSKEY records) to\n"
    "                       validate from (default: " DEFAULT_TRUST_ANCHOR
    ");\n"
    "                       none: validate nothing\n"
    "      --ca-file FILE   trust these CA certificates instead of the "
    "system's\n"
    "      --timeout SECONDS\n"
    "                       the most one network step may take (default "
    "10)\n"
    "      --no-smtp        do not connect to the MX hosts on port 25\n"
    "      --policy FILE    the policy about to be published: check it with\n"
    "                       the live state as the version senders cached\n"
    "      --zone ZONEFILE  with --policy: the zone about to be published\n"
    "                       (default: the records found live)\n"
    "      --domains-from LIST\n"
    "                       also check the domains in LIST, one a line (-\n"
    "                       is standard input), read as they are checked\n"
    "  -j, --jobs N         check N domains at once (default 1, at most "
    "256)\n"
    "      --strict         report warnings as errors\n"
    "  -q, --quiet          report errors only\n"
    "      --format=FORMAT  text (the default): a SOURCE:LINE:COLUMN: line "
    "per\n"
    "                       finding and a summary per domain; json: one\n"
    "                       object; jsonl: one line of JSON per domain;\n"
    "                       sarif: SARIF 2.1.0; github: GitHub Actions\n"
    "                       annotations\n"
    "  -h, --help           show this help and exit\n"
    "      --version        show the version and exit\n"
    "\n"
    "Exit status: 0 no errors, 1 errors found, 2 the check could not run\n"
    "(bad arguments, no resolver reachable).\n"
    "\n"
    "Examples:\n"
    "  mtasts-check example.com\n"
    "  mtasts-check --no-smtp --format=json example.com example.org\n"
    "  mtasts-check --policy mta-sts.txt --zone example.com.zone example.com\n"
    "  mtasts-check -j 8 --domains-from domains.txt --format=jsonl\n";

typedef struct config {
  out_format format;
  int quiet;
  unsigned flags; /* MTASTS_OPT_* */
  const char *resolver;
  const char *trust_anchor; /* NULL: validate nothing */
  const char *ca_file;
  unsigned timeout_ms;
  int no_smtp;
  const char *policy;
  const char *zone;
  const char *domains_from;
  unsigned jobs;
  char **domains;
  size_t domain_count;
  char ehlo[256];
  /* --policy: the file's bytes, read once. */
  char *policy_buf;
  size_t policy_len;
} config;

/* ---------------------------------------------------------------------- */
/* One domain                                                              */

/* One MX host address as the summary shows it. */
typedef struct mx_line {
  char host[256];
  char address[64];
  int checked;                /* a connection was tried */
  mtasts_tls_observation tls; /* the scalars only; no string is kept */
  char error[128];
} mx_line;

/* A domain in flight: queued, being checked, or done and waiting to be
 * printed. */
typedef struct job {
  char *domain;
  int state;   /* JOB_QUEUED, JOB_RUNNING, JOB_DONE */
  int trouble; /* the check could not run: why */
  char why[256];
  mtasts_live_result *live;
  mtasts_deployment_result *deploy;
  int port25_timed_out;
  mx_line *mx;
  size_t mx_count;
} job;

enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE };

/* What a worker thread owns. */
typedef struct worker {
  dns_ctx *dns;
  https_ctx *https;
  smtp_ctx *smtp;
} worker;

static void options_for(const config *cfg, mtasts_options *opt) {
  mtasts_options_init(opt);
  opt->flags = cfg->flags;
}

/* Frees the answers of q[0..n). */
static void free_queries(dns_query *q, size_t n) {
  for (size_t i = 0; i < n; i++)
    dns_answer_free(&q[i].answer);
}

/* Feeds the answers to the live check. */
static int add_answers(mtasts_live *live, dns_query *q, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (mtasts_live_add_dns(live, &q[i].answer) != MTASTS_OK)
      return -1;
  return 0;
}

/* The address records (A, then AAAA) of answers a and b, at most max. */
static size_t addresses(const mtasts_dns_answer *a, const mtasts_dns_answer *b,
                        const char **out, size_t max) {
  size_t n = 0;
  const mtasts_dns_answer *both[2] = {a, b};
  for (size_t k = 0; k < 2; k++)
    for (size_t i = 0; i < both[k]->record_count && n < max; i++)
      out[n++] = both[k]->records[i].ptr;
  return n;
}

/* A name built from parts, or -1 when it does not fit. */
static int make_name(char *buf, size_t cap, const char *a, const char *b) {
  int n = snprintf(buf, cap, "%s%s", a, b);
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/*
 * The policy senders cache from the live check (mtasts_live_result_policy:
 * the one most addresses serve, if senders accept it) in canonical text,
 * into *buf (malloc'ed; NULL when there is none). Returns -1 when out of
 * memory.
 */
static int served_policy(const mtasts_live_result *live, char **buf,
                         size_t *len) {
  *buf = NULL;
  *len = 0;
  const mtasts_policy *p = mtasts_live_result_policy(live);
  if (!p)
    return 0;
  size_t nmx = mtasts_policy_mx_count(p);
  size_t next = mtasts_policy_extension_count(p);
  mtasts_str *mx = calloc(nmx + 1, sizeof *mx);
  mtasts_extension *ext = calloc(next + 1, sizeof *ext);
  mtasts_policy_values v;
  mtasts_policy_values_init(&v);
  int rc = -1;
  if (mx && ext &&
      mtasts_policy_get_values(p, &v, mx, nmx, ext, next) == MTASTS_OK) {
    size_t need = mtasts_policy_write(&v, 0, NULL, 0);
    *buf = need ? malloc(need + 1) : NULL;
    if (*buf) {
      *len = mtasts_policy_write(&v, 0, *buf, need + 1);
      rc = 0;
    }
  }
  free(mx);
  free(ext);
  return rc;
}

/*
 * --policy: the deployment checks with the files as the current revision
 * and the live state as the previous one, which senders cached. Without
 * --zone, the current records are the live ones (only the policy
 * changes). Returns 0, or -1 with j->why.
 */
static int check_deployment(const config *cfg, job *j, dns_query *first,
                            const char *const *mx_hosts, size_t mx_count,
                            int null_mx, const char *url) {
  mtasts_options opt;
  options_for(cfg, &opt);
  mtasts_deployment *d = NULL;
  if (mtasts_deployment_new(&opt, &d) != MTASTS_OK) {
    snprintf(j->why, sizeof j->why, "out of memory");
    return -1;
  }
  int rc = -1;
  char *served = NULL;
  size_t served_len = 0;
  char src_sts[300], src_tlsrpt[300], src_mx[300], src_host[300];
  snprintf(src_sts, sizeof src_sts, "_mta-sts.%s/TXT", j->domain);
  snprintf(src_tlsrpt, sizeof src_tlsrpt, "_smtp._tls.%s/TXT", j->domain);
  snprintf(src_mx, sizeof src_mx, "%s/MX", j->domain);
  snprintf(src_host, sizeof src_host, "mta-sts.%s/A", j->domain);
  int st = mtasts_deployment_set_domain(d, j->domain, strlen(j->domain));
  for (int rev = cfg->zone ? 1 : 0; rev < 2 && st == MTASTS_OK; rev++) {
    mtasts_revision r = (mtasts_revision)rev;
    st = mtasts_deployment_set_zone(d, r, src_sts);
    for (int k = 0; k < 2 && st == MTASTS_OK; k++) {
      const mtasts_dns_answer *a = &first[k].answer;
      for (size_t i = 0; i < a->record_count && st == MTASTS_OK; i++) {
        mtasts_txt t = {a->records[i].ptr, a->records[i].len, MTASTS_TXT_RAW};
        st = mtasts_deployment_add_txt(
            d, r, k == 0 ? MTASTS_RECORD_STS : MTASTS_RECORD_TLSRPT, &t,
            k == 0 ? src_sts : src_tlsrpt, (unsigned long)i + 1);
      }
    }
    if (null_mx && st == MTASTS_OK)
      st = mtasts_deployment_add_mx(d, r, ".", 1, src_mx, 1);
    for (size_t i = 0; i < mx_count && st == MTASTS_OK; i++)
      st = mtasts_deployment_add_mx(d, r, mx_hosts[i], strlen(mx_hosts[i]),
                                    src_mx, (unsigned long)i + 1);
    if (st == MTASTS_OK &&
        (first[2].answer.record_count || first[3].answer.record_count))
      st = mtasts_deployment_add_policy_host_address(d, r, src_host, 1);
  }
  if (served_policy(j->live, &served, &served_len) != 0)
    st = MTASTS_ERR_NOMEM;
  if (st == MTASTS_OK && served)
    st = mtasts_deployment_set_policy(d, MTASTS_REVISION_PREVIOUS, served,
                                      served_len, url);
  if (st == MTASTS_OK)
    st = mtasts_deployment_set_policy(d, MTASTS_REVISION_CURRENT,
                                      cfg->policy_buf, cfg->policy_len,
                                      cfg->policy);
  if (st != MTASTS_OK) {
    snprintf(j->why, sizeof j->why, "%s", mtasts_status_name(st));
    goto done;
  }
  if (cfg->zone) {
    zone_error zerr;
    if (zone_read(cfg->zone, cfg->zone, j->domain, d, MTASTS_REVISION_CURRENT,
                  NULL, &zerr) != 0) {
      snprintf(j->why, sizeof j->why, "%.250s", zerr.text);
      goto done;
    }
  }
  if (mtasts_deployment_check(d, &j->deploy) != MTASTS_OK) {
    snprintf(j->why, sizeof j->why, "out of memory");
    goto done;
  }
  rc = 0;
done:
  free(served);
  mtasts_deployment_free(d);
  return rc;
}

/* Records one MX address for the summary. */
static void note_mx(job *j, const char *host, const char *address,
                    const smtp_probe *p) {
  mx_line *m = &j->mx[j->mx_count++];
  snprintf(m->host, sizeof m->host, "%s", host);
  snprintf(m->address, sizeof m->address, "%s", address);
  m->checked = p != NULL;
  if (!p)
    return;
  m->tls = p->tls;
  m->tls.dns_ids = NULL;
  m->tls.chain_error.ptr = m->tls.error.ptr = NULL;
  snprintf(m->error, sizeof m->error, "%.*s",
           (int)(p->tls.error.len < 127 ? p->tls.error.len : 127),
           p->tls.error.ptr ? p->tls.error.ptr : "");
}

/* Checks one domain; the result (or why it could not be checked) goes
 * into j. */
static void check_domain(const config *cfg, worker *w, job *j) {
  const char *D = j->domain;
  char n_sts[300], n_tlsrpt[300], n_host[300];
  mtasts_options opt;
  options_for(cfg, &opt);
  mtasts_live *live = NULL;
  dns_query first[7];
  size_t first_n = 5;
  dns_query *second = NULL;
  size_t second_n = 0;
  const char *mx_hosts[MAX_MX_HOSTS];
  char mx_names[MAX_MX_HOSTS][256];
  size_t mx_count = 0;
  int null_mx = 0;
  char url[340];

  memset(first, 0, sizeof first);
  if (make_name(n_sts, sizeof n_sts, "_mta-sts.", D) ||
      make_name(n_tlsrpt, sizeof n_tlsrpt, "_smtp._tls.", D) ||
      make_name(n_host, sizeof n_host, "mta-sts.", D)) {
    j->trouble = 1;
    snprintf(j->why, sizeof j->why, "the domain name is too long");
    return;
  }
  snprintf(url, sizeof url, "https://%s/.well-known/mta-sts.txt", n_host);
  if (mtasts_live_new(&opt, &live) != MTASTS_OK ||
      mtasts_live_set_domain(live, D, strlen(D)) != MTASTS_OK ||
      (cfg->policy &&
       mtasts_live_set_file_policy(live, cfg->policy_buf, cfg->policy_len,
                                   cfg->policy) != MTASTS_OK)) {
    j->trouble = 1;
    snprintf(j->why, sizeof j->why, "not a domain name the check can use");
    goto done;
  }

  /* What a sender looks up first (RFC 8461 §3.1, §3.3, §4; RFC 8460 §3). */
  first[0] = (dns_query){.name = n_sts, .type = DNS_TYPE_TXT};
  first[1] = (dns_query){.name = n_tlsrpt, .type = DNS_TYPE_TXT};
  first[2] = (dns_query){.name = n_host, .type = DNS_TYPE_A};
  first[3] = (dns_query){.name = n_host, .type = DNS_TYPE_AAAA};
  first[4] = (dns_query){.name = D, .type = DNS_TYPE_MX};
  dns_lookup_many(w->dns, first, first_n);
  const mtasts_dns_answer *mx = &first[4].answer;
  if (mx->outcome == MTASTS_DNS_ANSWER) {
    for (size_t i = 0; i < mx->record_count && mx_count < MAX_MX_HOSTS; i++) {
      /* "PREF EXCHANGE.": the host, without the final dot. */
      const char *sp = strchr(mx->records[i].ptr, ' ');
      if (!sp)
        continue;
      size_t hl = strlen(sp + 1);
      if (hl && sp[hl] == '.')
        hl--;
      if (hl == 0) {
        null_mx = 1; /* RFC 7505 */
        continue;
      }
      if (hl >= sizeof mx_names[0])
        continue;
      memcpy(mx_names[mx_count], sp + 1, hl);
      mx_names[mx_count][hl] = '\0';
      mx_hosts[mx_count] = mx_names[mx_count];
      mx_count++;
    }
  } else if (mx->outcome == MTASTS_DNS_NXDOMAIN ||
             mx->outcome == MTASTS_DNS_NODATA) {
    /* No MX: the implicit MX, the domain's own addresses (RFC 5321
     * §5.1). */
    first[5] = (dns_query){.name = D, .type = DNS_TYPE_A};
    first[6] = (dns_query){.name = D, .type = DNS_TYPE_AAAA};
    dns_lookup_many(w->dns, first + 5, 2);
    first_n = 7;
    if (first[5].answer.record_count || first[6].answer.record_count)
      mx_hosts[mx_count++] = D;
  }
  if (add_answers(live, first, first_n) != 0)
    goto nomem;

  /* Each MX host: its addresses and its TLSA records (RFC 8461 §2). */
  int explicit_mx = first_n == 5;
  char(*tlsa_names)[300] = NULL;
  if (mx_count) {
    second = calloc(mx_count * 3, sizeof *second);
    tlsa_names = calloc(mx_count, sizeof *tlsa_names);
    if (!second || !tlsa_names) {
      free(tlsa_names);
      goto nomem;
    }
    for (size_t i = 0; i < mx_count; i++) {
      if (make_name(tlsa_names[i], sizeof tlsa_names[i], "_25._tcp.",
                    mx_hosts[i]) != 0)
        snprintf(tlsa_names[i], sizeof tlsa_names[i], "%s", mx_hosts[i]);
      if (explicit_mx) {
        second[second_n++] =
            (dns_query){.name = mx_hosts[i], .type = DNS_TYPE_A};
        second[second_n++] =
            (dns_query){.name = mx_hosts[i], .type = DNS_TYPE_AAAA};
      }
      second[second_n++] =
          (dns_query){.name = tlsa_names[i], .type = DNS_TYPE_TLSA};
    }
    dns_lookup_many(w->dns, second, second_n);
    if (add_answers(live, second, second_n) != 0) {
      free(tlsa_names);
      goto nomem;
    }
  }

  /* The policy, from every address of the policy host (RFC 8461 §3.3). */
  const char *addrs[MAX_ADDRESSES];
  size_t na =
      addresses(&first[2].answer, &first[3].answer, addrs, MAX_ADDRESSES);
  for (size_t i = 0; i < na; i++) {
    https_fetch f;
    if (https_fetch_policy(w->https, D, addrs[i], &f) != 0 ||
        mtasts_live_add_fetch(live, addrs[i], &f.tls,
                              f.have_response ? &f.http : NULL) != MTASTS_OK) {
      https_fetch_free(&f);
      free(tlsa_names);
      goto nomem;
    }
    https_fetch_free(&f);
  }

  /* STARTTLS on every address of every MX host (RFC 8461 §4.2). */
  size_t lines = 0;
  for (size_t i = 0; i < mx_count; i++) {
    size_t base = explicit_mx ? i * 3 : i;
    lines += explicit_mx
                 ? second[base].answer.record_count +
                       second[base + 1].answer.record_count
                 : first[5].answer.record_count + first[6].answer.record_count;
  }
  j->mx =
      calloc(lines ? (lines < MAX_SMTP ? lines : MAX_SMTP) : 1, sizeof *j->mx);
  if (!j->mx) {
    free(tlsa_names);
    goto nomem;
  }
  size_t smtp_done = 0;
  for (size_t i = 0; i < mx_count && smtp_done < MAX_SMTP; i++) {
    const mtasts_dns_answer *a4, *a6, *tlsa;
    size_t base = explicit_mx ? i * 3 : i;
    a4 = explicit_mx ? &second[base].answer : &first[5].answer;
    a6 = explicit_mx ? &second[base + 1].answer : &first[6].answer;
    tlsa = &second[explicit_mx ? base + 2 : base].answer;
    int dane = tlsa->outcome == MTASTS_DNS_ANSWER &&
               tlsa->dnssec == MTASTS_DNSSEC_SECURE && tlsa->record_count;
    const char *ma[MAX_ADDRESSES];
    size_t mn = addresses(a4, a6, ma, MAX_ADDRESSES);
    for (size_t k = 0; k < mn && smtp_done < MAX_SMTP; k++, smtp_done++) {
      if (cfg->no_smtp) {
        note_mx(j, mx_hosts[i], ma[k], NULL);
        continue;
      }
      smtp_probe p;
      if (smtp_probe_host(w->smtp, mx_hosts[i], ma[k], 25,
                          dane ? tlsa->records : NULL,
                          dane ? tlsa->record_count : 0, &p) != 0) {
        free(tlsa_names);
        goto nomem;
      }
      p.tls.tlsa_present = dane;
      if (p.tls.timed_out)
        j->port25_timed_out = 1;
      note_mx(j, mx_hosts[i], ma[k], &p);
      mtasts_status st = mtasts_live_add_smtp(
          live, mx_hosts[i], strlen(mx_hosts[i]), ma[k], &p.tls);
      smtp_probe_free(&p);
      if (st != MTASTS_OK) {
        free(tlsa_names);
        goto nomem;
      }
    }
  }
  if (mtasts_live_check(live, &j->live) != MTASTS_OK) {
    free(tlsa_names);
    goto nomem;
  }
  if (cfg->policy &&
      check_deployment(cfg, j, first, mx_hosts, mx_count, null_mx, url) != 0)
    j->trouble = 1;
  free(tlsa_names);
  goto done;
nomem:
  j->trouble = 1;
  snprintf(j->why, sizeof j->why, "out of memory");
done:
  free_queries(first, first_n);
  if (second) {
    free_queries(second, second_n);
    free(second);
  }
  mtasts_live_free(live);
}

/* ---------------------------------------------------------------------- */
/* Printing a domain's result                                              */

static const char *tls_version_name(unsigned v) {
  switch (v) {
  case 0x0300:
    return "SSL 3.0";
  case 0x0301:
    return "TLS 1.0";
  case 0x0302:
    return "TLS 1.1";
  case 0x0303:
    return "TLS 1.2";
  case 0x0304:
    return "TLS 1.3";
  }
  return "TLS";
}

/* The worst severity of the findings at source, or -1 for none. */
static int worst_at(const lint_result *r, const char *source) {
  int worst = -1;
  size_t n = mtasts_live_result_diag_count(r->live);
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = mtasts_live_result_diag(r->live, i);
    if (d && d->source && strcmp(d->source, source) == 0) {
      /* error 0, warning 1, note 2: keep the most severe. */
      if (worst < 0 || (int)d->severity < worst)
        worst = (int)d->severity;
    }
  }
  return worst;
}

/* The text summary: what was found, in a few lines a person reads at a
 * glance, and what senders will do. */
static void print_summary(const lint_result *r, const job *j, FILE *fp) {
  const mtasts_policy *p = mtasts_live_result_policy(r->live);
  const mtasts_record *rec =
      mtasts_live_result_record(r->live, MTASTS_RECORD_STS);
  const char *id = rec ? mtasts_record_id(rec) : NULL;
  fprintf(fp, "%s: ", j->domain);
  if (p) {
    uint64_t max_age;
    fprintf(fp, "mode %s", mtasts_mode_name(mtasts_policy_mode(p)));
    if (mtasts_policy_max_age(p, &max_age))
      fprintf(fp, ", max_age %" PRIu64, max_age);
  } else {
    fputs("no policy", fp);
  }
  fprintf(fp, ", id %s\n", id ? id : "(no record)");
  time_t now = time(NULL);
  for (size_t i = 0; i < j->mx_count; i++) {
    const mx_line *m = &j->mx[i];
    char src[400];
    snprintf(src, sizeof src, "%s:25 [%s]", m->host, m->address);
    fprintf(fp, "  %s: ", src);
    if (!m->checked) {
      fputs("not checked (--no-smtp)\n", fp);
      continue;
    }
    if (m->tls.handshake_done) {
      fprintf(fp, "%s", tls_version_name(m->tls.tls_version));
      if (m->tls.not_after) {
        time_t t = (time_t)m->tls.not_after;
        struct tm tm;
        char date[32] = "?";
        if (gmtime_r(&t, &tm))
          strftime(date, sizeof date, "%Y-%m-%d", &tm);
        long days = (long)((m->tls.not_after - (int64_t)now) / 86400);
        fprintf(fp, ", certificate expires %s (%ld day%s)", date, days,
                days == 1 || days == -1 ? "" : "s");
      }
    } else if (!m->tls.connected) {
      fputs(m->tls.timed_out ? "no connection (time-out)" : "no connection",
            fp);
    } else if (!m->tls.smtp_answered) {
      fputs("no SMTP answer", fp);
    } else if (!m->tls.starttls_offered) {
      fputs("no STARTTLS", fp);
    } else {
      fputs("TLS handshake failed", fp);
    }
    int worst = worst_at(r, src);
    fprintf(fp, ": %s\n",
            worst < 0 ? "ok" : mtasts_severity_name((mtasts_severity)worst));
  }
  const char *verdict = mtasts_live_result_verdict(r->live);
  if (verdict)
    fprintf(fp, "%s: %s\n", j->domain, verdict);
}

/* ---------------------------------------------------------------------- */
/* The workers                                                             */

typedef struct pool {
  const config *cfg;
  pthread_mutex_t lock;
  pthread_cond_t work; /* a job was queued, or the end */
  pthread_cond_t done; /* a job is done */
  job *ring;           /* cap jobs; head..head+count in flight */
  size_t cap, head, count;
  int stop;
  int setup_failed; /* a worker could not set up: why */
  char why[300];
} pool;

static void *worker_main(void *arg) {
  pool *pl = arg;
  const config *cfg = pl->cfg;
  worker w = {NULL, NULL, NULL};
  char why[300] = "";
  X509_STORE *store = tls_store_new(cfg->ca_file, why, sizeof why);
  if (store) {
    w.dns = dns_ctx_new(cfg->resolver, cfg->trust_anchor, cfg->timeout_ms, why,
                        sizeof why);
    w.https = https_ctx_new(store, cfg->timeout_ms, PROG);
    if (w.dns)
      w.smtp = smtp_ctx_new(store, cfg->timeout_ms, cfg->ehlo, why, sizeof why);
    if (!w.https && !why[0])
      snprintf(why, sizeof why, "cannot set up curl");
  }
  int ok = store && w.dns && w.https && w.smtp;
  pthread_mutex_lock(&pl->lock);
  if (!ok && !pl->setup_failed) {
    pl->setup_failed = 1;
    snprintf(pl->why, sizeof pl->why, "%s", why);
  }
  for (;;) {
    job *j = NULL;
    for (size_t i = 0; ok && i < pl->count && !j; i++) {
      job *c = &pl->ring[(pl->head + i) % pl->cap];
      if (c->state == JOB_QUEUED)
        j = c;
    }
    if (!j) {
      if (pl->stop || !ok)
        break;
      pthread_cond_wait(&pl->work, &pl->lock);
      continue;
    }
    j->state = JOB_RUNNING;
    pthread_mutex_unlock(&pl->lock);
    check_domain(cfg, &w, j);
    pthread_mutex_lock(&pl->lock);
    j->state = JOB_DONE;
    pthread_cond_broadcast(&pl->done);
  }
  pthread_cond_broadcast(&pl->done);
  pthread_mutex_unlock(&pl->lock);
  smtp_ctx_free(w.smtp);
  https_ctx_free(w.https);
  dns_ctx_free(w.dns);
  X509_STORE_free(store);
  return NULL;
}

/* The output side of a run. */
typedef struct printer {
  const config *cfg;
  out_ctx out;
  int status;
  int port25_note; /* the port 25 note was given */
} printer;

static int worse(int a, int b) {
  return a > b ? a : b;
}

/* Prints a finished job and frees what it holds. */
static void print_job(printer *pr, job *j) {
  const config *cfg = pr->cfg;
  if (j->trouble && !j->live) {
    fflush(stdout);
    fprintf(stderr, PROG ": %s: %s\n", j->domain, j->why);
    out_error(&pr->out, j->domain, LINT_LIVE, j->why);
    pr->status = worse(pr->status, EXIT_TROUBLE);
  } else if (j->live) {
    lint_result r;
    memset(&r, 0, sizeof r);
    r.input = j->domain;
    r.kind = LINT_LIVE;
    r.live = j->live;
    r.policy = mtasts_live_result_policy(j->live);
    out_result(&pr->out, &r);
    pr->status =
        worse(pr->status, lint_result_valid(&r) ? EXIT_CLEAN : EXIT_FINDINGS);
    if (j->deploy) {
      lint_result dr;
      memset(&dr, 0, sizeof dr);
      dr.input = cfg->policy;
      dr.kind = LINT_DEPLOYMENT;
      dr.deployment = j->deploy;
      dr.policy =
          mtasts_deployment_result_policy(j->deploy, MTASTS_REVISION_CURRENT);
      out_result(&pr->out, &dr);
      pr->status = worse(pr->status,
                         lint_result_valid(&dr) ? EXIT_CLEAN : EXIT_FINDINGS);
    }
    /* The summary last, after every finding of the domain. */
    if (cfg->format == OUT_TEXT && !cfg->quiet)
      print_summary(&r, j, pr->out.json.fp);
    if (j->trouble) {
      fflush(stdout);
      fprintf(stderr, PROG ": %s: %s\n", j->domain, j->why);
      pr->status = worse(pr->status, EXIT_TROUBLE);
    }
    if (j->port25_timed_out && !pr->port25_note) {
      pr->port25_note = 1;
      fflush(stdout);
      fprintf(stderr,
              PROG ": note: connections to port 25 timed out; outbound port "
                   "25 is often blocked on this kind of network (ask the "
                   "provider, or use --no-smtp)\n");
    }
  }
  mtasts_live_result_free(j->live);
  mtasts_deployment_result_free(j->deploy);
  free(j->mx);
  free(j->domain);
  memset(j, 0, sizeof *j);
}

/* Prints the finished jobs at the head of the ring, in order. Called with
 * the lock held; drops it while printing. */
static void print_ready(pool *pl, printer *pr) {
  while (pl->count && pl->ring[pl->head].state == JOB_DONE) {
    job j = pl->ring[pl->head];
    pl->head = (pl->head + 1) % pl->cap;
    pl->count--;
    pthread_mutex_unlock(&pl->lock);
    print_job(pr, &j);
    pthread_mutex_lock(&pl->lock);
  }
}

/* Takes domain (malloc'd) into the ring; waits for room, printing what is
 * done meanwhile. Returns -1 when the workers could not start. */
static int submit(pool *pl, printer *pr, char *domain) {
  pthread_mutex_lock(&pl->lock);
  for (;;) {
    print_ready(pl, pr);
    if (pl->setup_failed) {
      pthread_mutex_unlock(&pl->lock);
      free(domain);
      return -1;
    }
    if (pl->count < pl->cap)
      break;
    pthread_cond_wait(&pl->done, &pl->lock);
  }
  job *j = &pl->ring[(pl->head + pl->count) % pl->cap];
  memset(j, 0, sizeof *j);
  j->domain = domain;
  j->state = JOB_QUEUED;
  pl->count++;
  pthread_cond_signal(&pl->work);
  pthread_mutex_unlock(&pl->lock);
  return 0;
}

/* A domain as given: one final dot dropped, and a check that it is a host
 * name. Returns the copy to check, or NULL with the reason printed. */
static char *take_domain(printer *pr, const char *given, size_t len,
                         const char *where) {
  if (len && given[len - 1] == '.')
    len--;
  mtasts_name_issue issue;
  mtasts_name_issue_init(&issue);
  if (len == 0 || !mtasts_host_check(given, len, &issue)) {
    fflush(stdout);
    fprintf(stderr, PROG ": %s'%.*s' is not a domain name%s%s\n", where,
            (int)len, given, len ? ": it " : "", len ? issue.reason : "");
    out_error(&pr->out, given, LINT_LIVE, "not a domain name");
    pr->status = worse(pr->status, EXIT_TROUBLE);
    return NULL;
  }
  char *d = malloc(len + 1);
  if (d) {
    memcpy(d, given, len);
    d[len] = '\0';
  }
  return d;
}

/* Reads the --domains-from list, one name a line (blank lines and '#'
 * comments skipped), and submits each. */
static int submit_list(pool *pl, printer *pr, const char *list) {
  int is_stdin = strcmp(list, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen(list, "r");
  if (!fp) {
    fflush(stdout);
    fprintf(stderr, PROG ": %s: cannot read the list of domains: %s\n", list,
            strerror(errno));
    pr->status = EXIT_TROUBLE;
    return 0;
  }
  char *line = NULL;
  size_t cap = 0;
  uintmax_t n = 0;
  int rc = 0;
  ssize_t got;
  while ((got = getline(&line, &cap, fp)) >= 0) {
    n++;
    size_t len = (size_t)got;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                   line[len - 1] == ' ' || line[len - 1] == '\t'))
      len--;
    size_t start = 0;
    while (start < len && (line[start] == ' ' || line[start] == '\t'))
      start++;
    if (start == len || line[start] == '#')
      continue;
    char where[64];
    snprintf(where, sizeof where, "%s:%ju: ", is_stdin ? "<stdin>" : list, n);
    char *d = take_domain(pr, line + start, len - start, where);
    if (d && submit(pl, pr, d) != 0) {
      rc = -1;
      break;
    }
    if (ferror(stdout))
      break;
  }
  free(line);
  if (!is_stdin)
    fclose(fp);
  return rc;
}

static int run(const config *cfg) {
  printer pr;
  memset(&pr, 0, sizeof pr);
  pr.cfg = cfg;
  int color = cfg->format == OUT_TEXT && isatty(STDOUT_FILENO) &&
              !(getenv("NO_COLOR") && getenv("NO_COLOR")[0]);
  if (out_begin_tool(&pr.out, stdout, cfg->format, cfg->quiet, color, PROG,
                     mtasts_version()) != 0) {
    fputs(PROG ": out of memory\n", stderr);
    return EXIT_TROUBLE;
  }
  pool pl;
  memset(&pl, 0, sizeof pl);
  pl.cfg = cfg;
  pl.cap = (size_t)cfg->jobs * 2;
  pl.ring = calloc(pl.cap, sizeof *pl.ring);
  pthread_t *threads = calloc(cfg->jobs, sizeof *threads);
  size_t started = 0;
  if (!pl.ring || !threads) {
    free(pl.ring);
    free(threads);
    fputs(PROG ": out of memory\n", stderr);
    return EXIT_TROUBLE;
  }
  pthread_mutex_init(&pl.lock, NULL);
  pthread_cond_init(&pl.work, NULL);
  pthread_cond_init(&pl.done, NULL);
  for (; started < cfg->jobs; started++)
    if (pthread_create(&threads[started], NULL, worker_main, &pl) != 0)
      break;
  int failed = started == 0;
  for (size_t i = 0; !failed && i < cfg->domain_count; i++) {
    char *d = take_domain(&pr, cfg->domains[i], strlen(cfg->domains[i]), "");
    if (d && submit(&pl, &pr, d) != 0)
      failed = 1;
  }
  if (!failed && cfg->domains_from && submit_list(&pl, &pr, cfg->domains_from))
    failed = 1;
  pthread_mutex_lock(&pl.lock);
  pl.stop = 1;
  pthread_cond_broadcast(&pl.work);
  while (pl.count) {
    print_ready(&pl, &pr);
    if (pl.count == 0)
      break;
    if (pl.setup_failed && started) {
      /* Workers that could not set up left; none may be left to run the
       * queued jobs. Those are dropped. */
      int running = 0;
      for (size_t i = 0; i < pl.count; i++)
        running |= pl.ring[(pl.head + i) % pl.cap].state == JOB_RUNNING;
      if (!running) {
        for (size_t i = 0; i < pl.count; i++) {
          job *j = &pl.ring[(pl.head + i) % pl.cap];
          if (j->state == JOB_QUEUED) {
            j->state = JOB_DONE;
            j->trouble = 1;
            snprintf(j->why, sizeof j->why, "not checked");
          }
        }
        continue;
      }
    }
    pthread_cond_wait(&pl.done, &pl.lock);
  }
  pthread_mutex_unlock(&pl.lock);
  for (size_t i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  if (pl.setup_failed || started == 0) {
    fflush(stdout);
    fprintf(stderr, PROG ": %s\n",
            started ? pl.why : "cannot start the worker threads");
    pr.status = EXIT_TROUBLE;
  }
  pthread_cond_destroy(&pl.work);
  pthread_cond_destroy(&pl.done);
  pthread_mutex_destroy(&pl.lock);
  free(threads);
  free(pl.ring);
  if (out_end(&pr.out) != 0) {
    fflush(stdout);
    fputs(PROG ": out of memory\n", stderr);
    pr.status = EXIT_TROUBLE;
  }
  return pr.status;
}

/* ---------------------------------------------------------------------- */
/* Options                                                                 */

enum { ARGS_RUN, ARGS_DONE, ARGS_USAGE };

/* A whole number in [lo, hi], or -1. */
static long number(const char *s, long lo, long hi) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (s[0] < '0' || s[0] > '9' || *end || errno || v < lo || v > hi)
    return -1;
  return v;
}

static int parse_args(int argc, char **argv, config *cfg) {
  cfg->timeout_ms = DEFAULT_TIMEOUT * 1000;
  cfg->jobs = 1;
  cfg->trust_anchor = DEFAULT_TRUST_ANCHOR;
  int default_anchor = 1;
  opterr = 0;
  int c;
  long v;
  while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'h':
      fputs(usage_text, stdout);
      return ARGS_DONE;
    case OPT_VERSION:
      printf(PROG " %s\n", mtasts_version());
      return ARGS_DONE;
    case 'q':
      cfg->quiet = 1;
      break;
    case OPT_STRICT:
      cfg->flags |= MTASTS_OPT_STRICT;
      break;
    case OPT_FORMAT:
      if (out_format_parse(optarg, &cfg->format) != 0) {
        cli_usage_error(PROG, "unknown format '%s' (use " OUT_FORMAT_NAMES ")",
                        optarg);
        return ARGS_USAGE;
      }
      break;
    case OPT_RESOLVER: {
      char addr[64];
      unsigned port;
      if (dns_parse_resolver(optarg, addr, sizeof addr, &port) != 0) {
        cli_usage_error(PROG,
                        "--resolver takes an IP address and an optional "
                        "port, ADDR[@PORT]: '%s'",
                        optarg);
        return ARGS_USAGE;
      }
      cfg->resolver = optarg;
      break;
    }
    case OPT_TRUST_ANCHOR:
      default_anchor = 0;
      cfg->trust_anchor = strcmp(optarg, "none") == 0 ? NULL : optarg;
      break;
    case OPT_CA_FILE:
      cfg->ca_file = optarg;
      break;
    case OPT_TIMEOUT:
      if ((v = number(optarg, 1, 3600)) < 0) {
        cli_usage_error(
            PROG, "--timeout takes whole seconds from 1 to 3600: '%s'", optarg);
        return ARGS_USAGE;
      }
      cfg->timeout_ms = (unsigned)v * 1000;
      break;
    case OPT_NO_SMTP:
      cfg->no_smtp = 1;
      break;
    case OPT_POLICY:
      cfg->policy = optarg;
      break;
    case OPT_ZONE:
      cfg->zone = optarg;
      break;
    case OPT_DOMAINS_FROM:
      if (cfg->domains_from) {
        cli_usage_error(PROG, "--domains-from is given twice");
        return ARGS_USAGE;
      }
      cfg->domains_from = optarg;
      break;
    case 'j':
      if ((v = number(optarg, 1, MAX_JOBS)) < 0) {
        cli_usage_error(PROG, "-j takes a number from 1 to %d: '%s'", MAX_JOBS,
                        optarg);
        return ARGS_USAGE;
      }
      cfg->jobs = (unsigned)v;
      break;
    default:
      cli_bad_option(PROG, long_options, short_options, c, argc, argv);
      return ARGS_USAGE;
    }
  }
  cfg->domains = argv + optind;
  cfg->domain_count = (size_t)(argc - optind);
  if (cfg->domain_count == 0 && !cfg->domains_from) {
    cli_usage_error(PROG, "no DOMAIN to check");
    return ARGS_USAGE;
  }
  for (size_t i = 0; i < cfg->domain_count; i++) {
    const char *d = cfg->domains[i];
    size_t len = strlen(d);
    mtasts_name_issue issue;
    mtasts_name_issue_init(&issue);
    if (len && d[len - 1] == '.')
      len--;
    if (len == 0 || !mtasts_host_check(d, len, &issue)) {
      cli_usage_error(PROG, "'%s' is not a domain name%s%s", d,
                      len ? ": it " : "", len ? issue.reason : "");
      return ARGS_USAGE;
    }
  }
  if (cfg->zone && !cfg->policy) {
    cli_usage_error(PROG, "--zone goes with --policy");
    return ARGS_USAGE;
  }
  if (cfg->policy && (cfg->domain_count != 1 || cfg->domains_from)) {
    cli_usage_error(PROG, "--policy checks one DOMAIN: give exactly one, "
                          "and no --domains-from");
    return ARGS_USAGE;
  }
  if (cfg->zone && !zone_read_available()) {
    cli_usage_error(PROG, "--zone is not available: this mtasts-check was "
                          "built without libzscanner (libknot-dev)");
    return ARGS_USAGE;
  }
  if (cfg->trust_anchor && access(cfg->trust_anchor, R_OK) != 0) {
    if (default_anchor) {
      /* Without dns-root-data, there is nothing to validate from. */
      fprintf(stderr,
              PROG ": %s: %s; DNSSEC is not validated (install "
                   "dns-root-data, or give --trust-anchor)\n",
              cfg->trust_anchor, strerror(errno));
      cfg->trust_anchor = NULL;
    } else {
      cli_usage_error(PROG, "--trust-anchor %s: %s", cfg->trust_anchor,
                      strerror(errno));
      return ARGS_USAGE;
    }
  }
  if (cfg->ca_file && access(cfg->ca_file, R_OK) != 0) {
    cli_usage_error(PROG, "--ca-file %s: %s", cfg->ca_file, strerror(errno));
    return ARGS_USAGE;
  }
  return ARGS_RUN;
}

/* The name given in EHLO: this host's name when it is a domain name, else
 * an address literal (RFC 5321 §4.1.3). */
static void ehlo_name(config *cfg) {
  char host[256];
  if (gethostname(host, sizeof host) == 0 &&
      (host[sizeof host - 1] = '\0', strchr(host, '.') != NULL) &&
      mtasts_host_check(host, strlen(host), NULL))
    snprintf(cfg->ehlo, sizeof cfg->ehlo, "%s", host);
  else
    snprintf(cfg->ehlo, sizeof cfg->ehlo, "[127.0.0.1]");
}

int main(int argc, char **argv) {
  config cfg;
  memset(&cfg, 0, sizeof cfg);
  switch (parse_args(argc, argv, &cfg)) {
  case ARGS_DONE:
    return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
  case ARGS_USAGE:
    return EXIT_TROUBLE;
  default:
    break;
  }
  if (cfg.policy) {
    int err =
        cli_read_path(cfg.policy, MAX_FILE, &cfg.policy_buf, &cfg.policy_len);
    if (err) {
      fprintf(stderr, PROG ": %s: %s\n", cfg.policy, strerror(err));
      return EXIT_TROUBLE;
    }
  }
  /* Is there a resolver at all? Without one, every domain would look
   * broken; say what is wrong here instead. */
  char why[300];
  if (dns_probe(cfg.resolver, cfg.timeout_ms, why, sizeof why) != 0) {
    fprintf(stderr, PROG ": no resolver reachable: %s\n", why);
    free(cfg.policy_buf);
    return EXIT_TROUBLE;
  }
  ehlo_name(&cfg);
  /* A peer that closes the connection while we write must not end the
   * process (SSL_write writes with write(2)). */
  signal(SIGPIPE, SIG_IGN);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    fputs(PROG ": cannot initialise libcurl\n", stderr);
    free(cfg.policy_buf);
    return EXIT_TROUBLE;
  }
  int status = run(&cfg);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fputs(PROG ": write error on standard output\n", stderr);
    status = EXIT_TROUBLE;
  }
  curl_global_cleanup();
  free(cfg.policy_buf);
  return status;
}
