/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen: the artefacts. Each is written by the library's writers,
 * parsed back by the library's parsers and compared with the values it
 * was built from; any error or warning stops the run (see mtasts-gen.c).
 */
/* POSIX.1-2008 with XSI: open_memstream, mkstemp, fchmod, fsync, realpath. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "input.h"
#include "output.h"

/* The most of a --from policy that is read. */
#define MAX_FROM_SIZE ((size_t)64 * 1024 * 1024)

/* Default max_age: one week when enforcing (RFC 8461 §3.2 advises weeks or
 * more), one day while testing or withdrawing (mode none), so that the
 * policy can still be changed quickly. */
#define DEFAULT_MAX_AGE_ENFORCE UINT64_C(604800)
#define DEFAULT_MAX_AGE_OTHER UINT64_C(86400)

/* 9999-12-31T23:59:59Z: the last second whose id has 14 digits. */
#define LAST_EPOCH UINT64_C(253402300799)

/* ---------------------------------------------------------------------- */
/* The id (RFC 8461 §3.1: 1 to 32 letters or digits; the library checks). */

/* Days since 1970-01-01 to a civil date (the proleptic Gregorian
 * calendar), for days >= 0. */
static void civil_from_days(uint64_t days, unsigned *y, unsigned *m,
                            unsigned *d) {
  uint64_t z = days + 719468; /* days since 0000-03-01 */
  uint64_t era = z / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (unsigned)(era * 400 + yoe) + (*m <= 2);
}

/* Writes v as n decimal digits at p, with leading zeros. */
static void put_digits(char *p, unsigned v, int n) {
  while (n-- > 0) {
    p[n] = (char)('0' + v % 10);
    v /= 10;
  }
}

/* Writes secs (<= LAST_EPOCH) as YYYYMMDDHHMMSS in UTC into out[15]. */
static void format_id(uint64_t secs, char out[15]) {
  unsigned y, mo, d;
  unsigned sod = (unsigned)(secs % 86400);
  civil_from_days(secs / 86400, &y, &mo, &d);
  put_digits(out, y, 4);
  put_digits(out + 4, mo, 2);
  put_digits(out + 6, d, 2);
  put_digits(out + 8, sod / 3600, 2);
  put_digits(out + 10, sod / 60 % 60, 2);
  put_digits(out + 12, sod % 60, 2);
  out[14] = '\0';
}

/*
 * The default id: SOURCE_DATE_EPOCH when it is set (reproducible builds:
 * a decimal number of seconds since 1970-01-01 UTC), else the current time.
 * Returns 0, or -1 after reporting a bad SOURCE_DATE_EPOCH or clock.
 */
static int default_id(char out[15]) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  uint64_t secs = 0;
  if (sde) {
    int ok = sde[0] != '\0';
    for (const char *p = sde; ok && *p; p++) {
      ok = *p >= '0' && *p <= '9';
      if (ok && secs <= LAST_EPOCH) /* stays far below UINT64_MAX */
        secs = secs * 10 + (uint64_t)(*p - '0');
    }
    if (!ok || secs > LAST_EPOCH) {
      gen_fail("SOURCE_DATE_EPOCH '%.40s' is not a number of seconds since "
               "1970-01-01 (decimal digits, at most %" PRIu64 ")",
               sde, LAST_EPOCH);
      return -1;
    }
  } else {
    time_t now = time(NULL);
    if (now == (time_t)-1 || now < 0 || (uint64_t)now > LAST_EPOCH) {
      gen_fail("cannot read the clock for the id; give --id");
      return -1;
    }
    secs = (uint64_t)now;
  }
  format_id(secs, out);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Building and checking                                                   */

/* Makes room for a text of need bytes and its NUL. Returns 0 or -1. */
static int mem_alloc(mem *m, size_t need) {
  m->ptr = need ? malloc(need + 1) : NULL;
  m->len = m->ptr ? need : 0;
  return m->ptr ? 0 : -1;
}

/* The zone-file form of txt. Returns 0 or -1. */
static int write_zone(mem *zone, const mem *txt) {
  size_t need = mtasts_txt_zone_write(txt->ptr, txt->len, NULL, 0);
  if (mem_alloc(zone, need) != 0)
    return -1;
  mtasts_txt_zone_write(txt->ptr, txt->len, zone->ptr, need + 1);
  return 0;
}

void gen_release(gen *g) {
  free(g->mx);
  free(g->ext);
  free(g->rua);
  free(g->from_text);
  mtasts_policy_free(g->from);
  free(g->policy.ptr);
  free(g->sts.ptr);
  free(g->sts_zone.ptr);
  free(g->tlsrpt.ptr);
  free(g->tlsrpt_zone.ptr);
  free(g->zone);
  free(g->server);
  free(g->root);
}

/* Prints a parse's diagnostics on stderr, as mtasts-lint prints them. */
static void show(const char *name, lint_kind kind, const mtasts_policy *p,
                 const mtasts_record *r) {
  out_ctx o;
  lint_result res = {name, kind, p, r, NULL, 0, NULL, NULL};
  fflush(stdout);
  out_begin(&o, stderr, OUT_TEXT, 0, 0, mtasts_version());
  out_result(&o, &res);
  out_end(&o);
}

/*
 * Whether a diagnostic of generated output stops mtasts-gen: errors and
 * warnings do, notes do not. keep_unknown: the policy holds the extension
 * fields of a --from policy, whose warning that senders ignore them does
 * not stop it either.
 */
static int blocks(const mtasts_diag *d, int keep_unknown) {
  if (d->severity == MTASTS_SEVERITY_NOTE)
    return 0;
  if (keep_unknown && d->code == MTASTS_DIAG_POLICY_UNKNOWN_FIELD &&
      d->severity == MTASTS_SEVERITY_WARNING)
    return 0;
  return 1;
}

static int str_eq(const char *s, const mtasts_str *v) {
  return s && strlen(s) == v->len && memcmp(s, v->ptr, v->len) == 0;
}

/* The values the policy reads back as are the ones it was written from. */
static int policy_reads_back(const mtasts_policy *p,
                             const mtasts_policy_values *v) {
  uint64_t age;
  if (mtasts_policy_mode(p) != v->mode || !mtasts_policy_max_age(p, &age) ||
      age != v->max_age || mtasts_policy_mx_count(p) != v->mx_count ||
      mtasts_policy_extension_count(p) != v->extension_count)
    return 0;
  for (size_t i = 0; i < v->mx_count; i++)
    if (!str_eq(mtasts_policy_mx(p, i), &v->mx[i]))
      return 0;
  for (size_t i = 0; i < v->extension_count; i++)
    if (!str_eq(mtasts_policy_extension_name(p, i), &v->extensions[i].name) ||
        !str_eq(mtasts_policy_extension_value(p, i), &v->extensions[i].value))
      return 0;
  return 1;
}

/* Parses the policy that was written and reports what stops it. Returns -1
 * when out of memory. */
static int check_policy(gen *g) {
  mtasts_policy *p = NULL;
  if (mtasts_policy_parse(g->policy.ptr, g->policy.len, NULL, &p) != MTASTS_OK)
    return -1;
  int stop = 0;
  for (size_t i = 0; i < mtasts_policy_diag_count(p); i++)
    stop |= blocks(mtasts_policy_diag(p, i), g->values.extension_count > 0);
  if (mtasts_policy_diag_count(p))
    show("mta-sts.txt", LINT_POLICY, p, NULL);
  if (!stop && !policy_reads_back(p, &g->values)) {
    gen_fail("the policy does not read back as the values given (does a value "
             "hold a line break?)");
    stop = 1;
  }
  mtasts_policy_free(p);
  g->stop |= stop;
  return 0;
}

/* Parses a record in zone-file form and reports what stops it; check
 * compares the values read back. Returns -1 when out of memory. */
static int check_record(gen *g, mtasts_kind kind, const mem *zone,
                        const char *name,
                        int (*check)(const gen *, const mtasts_record *)) {
  mtasts_record *r = NULL;
  mtasts_txt t = {zone->ptr, zone->len, MTASTS_TXT_ZONE};
  if (mtasts_record_parse(kind, &t, 1, NULL, &r) != MTASTS_OK)
    return -1;
  int stop = 0;
  for (size_t i = 0; i < mtasts_record_diag_count(r); i++)
    stop |= blocks(mtasts_record_diag(r, i), 0);
  if (mtasts_record_diag_count(r))
    show(name, kind == MTASTS_RECORD_STS ? LINT_STS_RECORD : LINT_TLSRPT_RECORD,
         NULL, r);
  if (!stop && !check(g, r))
    stop = 1;
  mtasts_record_free(r);
  g->stop |= stop;
  return 0;
}

/* The id of the records: --id, or the default. */
const char *gen_record_id(const gen *g) {
  return g->cfg->id ? g->cfg->id : g->id;
}

static int sts_reads_back(const gen *g, const mtasts_record *r) {
  const char *id = mtasts_record_id(r);
  if (id && strcmp(id, gen_record_id(g)) == 0)
    return 1;
  gen_fail("the _mta-sts record does not read back with the id given");
  return 0;
}

static int tlsrpt_reads_back(const gen *g, const mtasts_record *r) {
  size_t n = mtasts_record_rua_count(r);
  int same = n == g->cfg->rua_count;
  for (size_t i = 0; same && i < n; i++)
    same = str_eq(mtasts_record_rua(r, i), &g->rua[i]);
  if (!same)
    gen_fail("the TLS-RPT record reads back with %zu URIs, not the %zu given; "
             "give each URI its own --rua, with ',' and ';' percent-encoded "
             "(RFC 8460 section 3)",
             n, g->cfg->rua_count);
  return same;
}

/* Reads the --from policy; its errors stop everything. Returns 0, or an
 * exit status. */
static int load_from(gen *g) {
  const char *path = g->cfg->from;
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  size_t len = 0;
  int err = cli_read_path(path, MAX_FROM_SIZE, &g->from_text, &len);
  if (err) {
    gen_fail("%s: %s", name,
             err == EFBIG ? "larger than 64 MiB" : strerror(err));
    return EXIT_TROUBLE;
  }
  if (mtasts_policy_parse(g->from_text, len, NULL, &g->from) != MTASTS_OK) {
    gen_fail("out of memory");
    return EXIT_TROUBLE;
  }
  if (!mtasts_policy_valid(g->from)) {
    show(name, LINT_POLICY, g->from, NULL);
    gen_fail("%s is not a valid policy; fix it first (see mtasts-lint)", name);
    return EXIT_TROUBLE;
  }
  return 0;
}

/* Sets g->values from the --from policy and the options. Returns 0, or an
 * exit status. */
static int build_values(gen *g) {
  const config *cfg = g->cfg;
  mtasts_policy_values *v = &g->values;
  size_t from_mx = g->from ? mtasts_policy_mx_count(g->from) : 0;
  size_t from_ext = g->from ? mtasts_policy_extension_count(g->from) : 0;
  size_t preset_mx = 0;
  if (cfg->preset)
    while (cfg->preset->mx[preset_mx])
      preset_mx++;
  size_t nmx = from_mx + preset_mx + cfg->mx_count;
  g->mx = calloc(nmx ? nmx : 1, sizeof *g->mx);
  g->ext = calloc(from_ext ? from_ext : 1, sizeof *g->ext);
  g->rua = calloc(cfg->rua_count ? cfg->rua_count : 1, sizeof *g->rua);
  if (!g->mx || !g->ext || !g->rua) {
    gen_fail("out of memory");
    return EXIT_TROUBLE;
  }
  mtasts_policy_values_init(v);
  v->mode = MTASTS_MODE_TESTING;
  if (g->from && mtasts_policy_get_values(g->from, v, g->mx, nmx, g->ext,
                                          from_ext) != MTASTS_OK) {
    gen_fail("cannot take the values of %s", cfg->from);
    return EXIT_TROUBLE;
  }
  if (cfg->have_mode)
    v->mode = cfg->mode;
  if (cfg->have_max_age)
    v->max_age = cfg->max_age;
  else if (!g->from)
    v->max_age = v->mode == MTASTS_MODE_ENFORCE ? DEFAULT_MAX_AGE_ENFORCE
                                                : DEFAULT_MAX_AGE_OTHER;
  /* The preset, then --mx: both replace the mx patterns of --from. */
  if (cfg->preset || cfg->mx_count) {
    size_t n = 0;
    for (size_t i = 0; i < preset_mx; i++) {
      g->mx[n].ptr = cfg->preset->mx[i];
      g->mx[n++].len = strlen(cfg->preset->mx[i]);
    }
    for (size_t i = 0; i < cfg->mx_count; i++) {
      g->mx[n].ptr = cfg->mx[i];
      g->mx[n++].len = strlen(cfg->mx[i]);
    }
    v->mx = n ? g->mx : NULL;
    v->mx_count = n;
  }
  for (size_t i = 0; i < cfg->rua_count; i++) {
    g->rua[i].ptr = cfg->rua[i];
    g->rua[i].len = strlen(cfg->rua[i]);
  }
  return 0;
}

/* Checks --domain with the library's host name rules. */
static int check_domain(gen *g) {
  const char *d = g->cfg->domain;
  size_t n = strlen(d);
  mtasts_name_issue is;
  mtasts_name_issue_init(&is);
  if (!mtasts_host_check(d, n, &is)) {
    gen_fail("--domain '%.*s' is not a valid host name: it %s [%s]",
             (int)(n < 300 ? n : 300), d, is.reason,
             mtasts_diag_code_id(is.code));
    return EXIT_TROUBLE;
  }
  /* A name written as in a zone file ends in the root dot; drop it. */
  if (d[n - 1] == '.')
    n--;
  memcpy(g->domain, d, n);
  g->domain[n] = '\0';
  return 0;
}

/* Closes an open_memstream file; returns its text, or NULL on failure
 * (open_memstream sets *text only when the file is flushed or closed). */
static char *close_mem(FILE *fp, char **text) {
  int bad = ferror(fp);
  if (fclose(fp) != 0 || bad) {
    free(*text);
    return NULL;
  }
  return *text;
}

static char *build_zone(const gen *g) {
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  if (!fp)
    return NULL;
  fprintf(fp,
          "; MTA-STS (RFC 8461) and TLS reporting (RFC 8460) for %s.\n"
          "; Publish a new id whenever the policy changes.\n"
          "_mta-sts.%s. IN TXT %s\n",
          g->domain, g->domain, g->sts_zone.ptr);
  if (g->tlsrpt_zone.ptr)
    fprintf(fp, "_smtp._tls.%s. IN TXT %s\n", g->domain, g->tlsrpt_zone.ptr);
  else
    fputs("; No TLS-RPT record: give --rua mailto:ADDRESS to receive reports "
          "of\n; failed TLS connections.\n",
          fp);
  fprintf(fp,
          "; mta-sts.%s needs an address record (A and AAAA, or a\n"
          "; CNAME) and a certificate valid for that name: senders fetch\n"
          "; https://mta-sts.%s/.well-known/mta-sts.txt and check both.\n",
          g->domain, g->domain);
  return close_mem(fp, &text);
}

char *gen_build_server(const gen *g) {
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  if (!fp)
    return NULL;
  gen_server_write(fp, g->cfg->server, g->domain, g->root);
  return close_mem(fp, &text);
}

/* Writes the policy and the records with the library's writers. Returns 0,
 * or -1 when out of memory. */
static int write_artefacts(gen *g) {
  const config *cfg = g->cfg;
  unsigned flags = cfg->lf ? MTASTS_WRITE_LF : 0;
  const char *id = gen_record_id(g);
  size_t need = mtasts_policy_write(&g->values, flags, NULL, 0);
  if (mem_alloc(&g->policy, need) != 0)
    return -1;
  mtasts_policy_write(&g->values, flags, g->policy.ptr, need + 1);
  need = mtasts_sts_record_write(id, strlen(id), NULL, 0);
  if (mem_alloc(&g->sts, need) != 0)
    return -1;
  mtasts_sts_record_write(id, strlen(id), g->sts.ptr, need + 1);
  if (write_zone(&g->sts_zone, &g->sts) != 0)
    return -1;
  if (cfg->rua_count == 0)
    return 0;
  need = mtasts_tlsrpt_record_write(g->rua, cfg->rua_count, NULL, 0);
  if (mem_alloc(&g->tlsrpt, need) != 0)
    return -1;
  mtasts_tlsrpt_record_write(g->rua, cfg->rua_count, g->tlsrpt.ptr, need + 1);
  return write_zone(&g->tlsrpt_zone, &g->tlsrpt);
}

/* Builds every artefact; returns 0, or an exit status after reporting. */
int gen_build(gen *g) {
  const config *cfg = g->cfg;
  int rc;
  if ((rc = check_domain(g)) != 0)
    return rc;
  if (!cfg->id && default_id(g->id) != 0)
    return EXIT_TROUBLE;
  if (cfg->from && (rc = load_from(g)) != 0)
    return rc;
  if ((rc = build_values(g)) != 0)
    return rc;

  if (write_artefacts(g) != 0) {
    gen_fail("out of memory");
    return EXIT_TROUBLE;
  }
  char sts_name[300], tlsrpt_name[300];
  snprintf(sts_name, sizeof sts_name, "_mta-sts.%s", g->domain);
  snprintf(tlsrpt_name, sizeof tlsrpt_name, "_smtp._tls.%s", g->domain);
  if (check_policy(g) != 0 ||
      check_record(g, MTASTS_RECORD_STS, &g->sts_zone, sts_name,
                   sts_reads_back) != 0 ||
      (cfg->rua_count && check_record(g, MTASTS_RECORD_TLSRPT, &g->tlsrpt_zone,
                                      tlsrpt_name, tlsrpt_reads_back) != 0)) {
    gen_fail("out of memory");
    return EXIT_TROUBLE;
  }
  if (g->stop) {
    gen_fail("nothing was generated, because of the problems above");
    return EXIT_TROUBLE;
  }
  g->zone = build_zone(g);
  if (!g->zone) {
    gen_fail("out of memory");
    return EXIT_TROUBLE;
  }
  return 0;
}
