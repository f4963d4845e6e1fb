/*
 * mtasts-gen: generates an MTA-STS policy file (RFC 8461 §3.2), its _mta-sts
 * TXT record (RFC 8461 §3.1), a TLS-RPT record (RFC 8460 §3) and a web
 * server snippet that serves the policy (RFC 8461 §3.3), all from a few
 * options or a provider preset.
 *
 * It never prints anything that libmtasts would reject. Each artefact is
 * written by the library's writers, parsed back by the library's parsers,
 * and compared with the values it was built from. Any diagnostic of
 * severity error or warning stops it: the diagnostics go to standard error
 * in the compiler style of mtasts-lint, nothing goes to standard output,
 * and the exit status is 2. So everything it prints passes
 * `mtasts-lint --strict`. Notes (advice, such as a max_age under a week in
 * enforce mode) are shown on standard error and do not stop it. The one
 * exception: the extension fields of a --from policy are kept, and the
 * library's warning that senders ignore them is shown without stopping.
 *
 * Option syntax (durations, the SOURCE_DATE_EPOCH number, names of modes,
 * presets and servers) is read here; every protocol rule is the library's.
 *
 * Exit status: 0 done, 2 usage error, invalid values or I/O error.
 */
/* POSIX.1-2008 with XSI, for realpath. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <mtasts/mtasts.h>

#include "gen_server.h"
#include "json.h"
#include "input.h"
#include "options.h"
#include "output.h"

#define PROG "mtasts-gen"

enum { EXIT_OK = 0, EXIT_TROUBLE = 2 };

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
/* Presets                                                                 */

typedef struct preset {
  const char *name;
  const char *title;
  const char *mx[6];    /* the mx patterns, NULL-terminated */
  const char *hosts[6]; /* MX hosts they cover, NULL-terminated (shown) */
  int needs_mx;         /* --mx is required */
} preset;

static const preset presets[] = {
    /*
     * Google Workspace Admin Help, "Google Workspace MX record values"
     * (https://support.google.com/a/answer/174125): domains set up since
     * 2023 have the single MX host smtp.google.com; older ones have
     * aspmx.l.google.com and alt1 to alt4.aspmx.l.google.com, and the
     * oldest also aspmx2 to aspmx5.googlemail.com. A wildcard covers
     * exactly one label (RFC 8461 §4.1), so aspmx.l.google.com and its alt
     * hosts need a pattern each.
     */
    {"google-workspace",
     "Google Workspace (Gmail)",
     {"smtp.google.com", "aspmx.l.google.com", "*.aspmx.l.google.com",
      "*.googlemail.com", NULL},
     {"smtp.google.com", "aspmx.l.google.com", "alt1.aspmx.l.google.com",
      "aspmx2.googlemail.com", NULL},
     0},
    /*
     * Microsoft Learn, "Enhancing mail flow with MTA-STS"
     * (https://learn.microsoft.com/purview/enhancing-mail-flow-with-mta-sts):
     * the MX host of a domain in Exchange Online is
     * <domain-with-dashes>.mail.protection.outlook.com, and microsoft.com
     * itself publishes exactly this pattern.
     */
    {"microsoft-365",
     "Microsoft 365 (Exchange Online)",
     {"*.mail.protection.outlook.com", NULL},
     {"example-com.mail.protection.outlook.com", NULL},
     0},
    /* Your own MX hosts: the patterns come from --mx. */
    {"self-hosted",
     "your own mail servers (give each MX host with --mx)",
     {NULL},
     {NULL},
     1},
};

#define NPRESETS (sizeof presets / sizeof presets[0])

static const preset *find_preset(const char *name) {
  for (size_t i = 0; i < NPRESETS; i++)
    if (strcmp(presets[i].name, name) == 0)
      return &presets[i];
  return NULL;
}

static void list_presets(FILE *fp) {
  for (size_t i = 0; i < NPRESETS; i++) {
    const preset *p = &presets[i];
    fprintf(fp, "%s: %s\n", p->name, p->title);
    for (size_t k = 0; p->mx[k]; k++)
      fprintf(fp, "    mx: %s\n", p->mx[k]);
    if (p->hosts[0]) {
      fputs("    covers MX hosts such as", fp);
      for (size_t k = 0; p->hosts[k]; k++)
        fprintf(fp, "%s %s", k ? "," : "", p->hosts[k]);
      fputc('\n', fp);
    }
  }
}

/* ---------------------------------------------------------------------- */
/* Options                                                                 */

enum {
  OPT_DOMAIN = 256,
  OPT_FORMAT,
  OPT_FROM,
  OPT_ID,
  OPT_LF,
  OPT_LIST_PRESETS,
  OPT_MAX_AGE,
  OPT_MODE,
  OPT_MX,
  OPT_OUTPUT_DIR,
  OPT_PRESET,
  OPT_RUA,
  OPT_SERVER,
  OPT_VERSION
};

static const struct option long_options[] = {
    {"domain", required_argument, NULL, OPT_DOMAIN},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"from", required_argument, NULL, OPT_FROM},
    {"help", no_argument, NULL, 'h'},
    {"id", required_argument, NULL, OPT_ID},
    {"lf", no_argument, NULL, OPT_LF},
    {"list-presets", no_argument, NULL, OPT_LIST_PRESETS},
    {"max-age", required_argument, NULL, OPT_MAX_AGE},
    {"mode", required_argument, NULL, OPT_MODE},
    {"mx", required_argument, NULL, OPT_MX},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"preset", required_argument, NULL, OPT_PRESET},
    {"rua", required_argument, NULL, OPT_RUA},
    {"server", required_argument, NULL, OPT_SERVER},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

/* A leading ':' makes getopt_long return ':' for a missing argument. */
static const char short_options[] = ":h";

static const char usage_text[] =
    "Usage: mtasts-gen --domain DOMAIN [OPTIONS]\n"
    "Generate an MTA-STS policy file (RFC 8461), its _mta-sts TXT record, a\n"
    "TLS-RPT record (RFC 8460) and a web server snippet that serves the "
    "policy.\n"
    "Everything is checked with libmtasts first; nothing invalid is "
    "printed.\n"
    "\n"
    "Values:\n"
    "      --domain DOMAIN      the policy domain, e.g. example.com "
    "(required)\n"
    "      --mode MODE          enforce, testing (the default) or none\n"
    "      --mx PATTERN         an MX host or *.parent pattern; repeatable\n"
    "      --preset NAME        a provider's mx patterns (--mx adds more); "
    "see\n"
    "                           --list-presets\n"
    "      --max-age DURATION   seconds, or a number with s, m, h, d or w "
    "(1d, 1w,\n"
    "                           365d); default 1w in enforce mode, else 1d\n"
    "      --rua URI            where TLS reports go (mailto: or https:); "
    "repeatable;\n"
    "                           without it there is no TLS-RPT record\n"
    "      --id ID              the _mta-sts id (1 to 32 letters or digits);\n"
    "                           default: the UTC time as YYYYMMDDHHMMSS, "
    "taken from\n"
    "                           SOURCE_DATE_EPOCH when that is set\n"
    "      --from FILE          start from this policy (- is standard input) "
    "and\n"
    "                           change what the options give; --mx and "
    "--preset\n"
    "                           replace its mx patterns\n"
    "\n"
    "Output:\n"
    "      --lf                 end the policy's lines with LF, not CRLF\n"
    "      --server SERVER      add a snippet for nginx, apache or caddy\n"
    "      --output-dir DIR     write DIR/.well-known/mta-sts.txt, "
    "DIR/dns.zone\n"
    "                           (and the snippet) instead of printing them\n"
    "      --format=FORMAT      text (the default) or json: one object with\n"
    "                           everything\n"
    "      --list-presets       show the presets and their patterns, and exit\n"
    "  -h, --help               show this help and exit\n"
    "      --version            show the version and exit\n"
    "\n"
    "Exit status: 0 done, 2 usage error, invalid values or I/O error.\n"
    "\n"
    "Examples:\n"
    "  mtasts-gen --domain example.com --preset google-workspace \\\n"
    "             --rua mailto:tlsrpt@example.com\n"
    "  mtasts-gen --domain example.com --from mta-sts.txt --mode enforce\n";

typedef enum out_kind { FORMAT_TEXT = 0, FORMAT_JSON = 1 } out_kind;

/* Everything the command line says. Strings point into argv. */
typedef struct config {
  const char *domain;
  int have_mode;
  mtasts_mode mode;
  int have_max_age;
  uint64_t max_age;
  const char **mx;
  size_t mx_count;
  const char **rua;
  size_t rua_count;
  const char *id;
  const preset *preset;
  const char *from;
  const char *output_dir;
  out_kind format;
  gen_server server;
  int lf;
  int list_presets;
} config;

enum { ARGS_RUN, ARGS_DONE, ARGS_USAGE, ARGS_NOMEM };

static void fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Any other error, on stderr. */
static void fail(const char *fmt, ...) {
  va_list ap;
  fputs(PROG ": ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/*
 * Reads a duration: a number of seconds, or a number followed by s, m, h,
 * d or w. Returns 0, or -1 when text is not one, or -2 when it does not fit
 * in 64 bits. Whether the value is a valid max_age is the library's call.
 */
static int parse_duration(const char *text, uint64_t *out) {
  static const struct {
    char unit;
    uint64_t seconds;
  } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 604800}};
  const char *p = text;
  uint64_t v = 0, mult = 1;
  int overflow = 0;
  if (*p < '0' || *p > '9')
    return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    unsigned d = (unsigned)(*p - '0');
    if (v > (UINT64_MAX - d) / 10)
      overflow = 1;
    else
      v = v * 10 + d;
  }
  if (*p) {
    size_t i = 0;
    while (i < sizeof units / sizeof units[0] && units[i].unit != *p)
      i++;
    if (i == sizeof units / sizeof units[0] || p[1])
      return -1;
    mult = units[i].seconds;
  }
  if (overflow || v > UINT64_MAX / mult)
    return -2;
  *out = v * mult;
  return 0;
}

static int parse_mode(const char *text, mtasts_mode *out) {
  static const mtasts_mode modes[] = {MTASTS_MODE_ENFORCE, MTASTS_MODE_TESTING,
                                      MTASTS_MODE_NONE};
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    if (strcmp(text, mtasts_mode_name(modes[i])) == 0) {
      *out = modes[i];
      return 0;
    }
  }
  return -1;
}

static int parse_args(int argc, char **argv, config *cfg) {
  size_t cap = argc > 0 ? (size_t)argc : 1;
  cfg->mx = malloc(cap * sizeof *cfg->mx);
  cfg->rua = malloc(cap * sizeof *cfg->rua);
  if (!cfg->mx || !cfg->rua)
    return ARGS_NOMEM;

  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'h':
      fputs(usage_text, stdout);
      return ARGS_DONE;
    case OPT_VERSION:
      printf(PROG " %s\n", mtasts_version());
      return ARGS_DONE;
    case OPT_LIST_PRESETS:
      cfg->list_presets = 1;
      break;
    case OPT_DOMAIN:
      cfg->domain = optarg;
      break;
    case OPT_MODE:
      if (parse_mode(optarg, &cfg->mode) != 0) {
        cli_usage_error(
            PROG, "unknown mode '%s' (use enforce, testing or none)", optarg);
        return ARGS_USAGE;
      }
      cfg->have_mode = 1;
      break;
    case OPT_MX:
      cfg->mx[cfg->mx_count++] = optarg;
      break;
    case OPT_RUA:
      cfg->rua[cfg->rua_count++] = optarg;
      break;
    case OPT_MAX_AGE: {
      int rc = parse_duration(optarg, &cfg->max_age);
      if (rc == -1) {
        cli_usage_error(PROG,
                        "--max-age '%s' is not a duration: give seconds, or a "
                        "number with s, m, h, d or w (86400, 1d, 1w)",
                        optarg);
        return ARGS_USAGE;
      }
      if (rc == -2) {
        cli_usage_error(PROG, "--max-age '%s' is too large", optarg);
        return ARGS_USAGE;
      }
      cfg->have_max_age = 1;
      break;
    }
    case OPT_ID:
      cfg->id = optarg;
      break;
    case OPT_PRESET:
      cfg->preset = find_preset(optarg);
      if (!cfg->preset) {
        cli_usage_error(PROG,
                        "unknown preset '%s' (use google-workspace, "
                        "microsoft-365 or self-hosted; see --list-presets)",
                        optarg);
        return ARGS_USAGE;
      }
      break;
    case OPT_FROM:
      cfg->from = optarg;
      break;
    case OPT_OUTPUT_DIR:
      if (!optarg[0]) {
        cli_usage_error(PROG, "--output-dir needs a directory");
        return ARGS_USAGE;
      }
      cfg->output_dir = optarg;
      break;
    case OPT_FORMAT:
      if (strcmp(optarg, "text") == 0) {
        cfg->format = FORMAT_TEXT;
      } else if (strcmp(optarg, "json") == 0) {
        cfg->format = FORMAT_JSON;
      } else {
        cli_usage_error(PROG, "unknown format '%s' (use text or json)", optarg);
        return ARGS_USAGE;
      }
      break;
    case OPT_SERVER:
      cfg->server = gen_server_from_name(optarg);
      if (cfg->server == SERVER_NONE) {
        cli_usage_error(
            PROG, "unknown server '%s' (use nginx, apache or caddy)", optarg);
        return ARGS_USAGE;
      }
      break;
    case OPT_LF:
      cfg->lf = 1;
      break;
    default:
      cli_bad_option(PROG, long_options, short_options, c, argc, argv);
      return ARGS_USAGE;
    }
  }
  if (optind < argc) {
    cli_usage_error(PROG, "unexpected argument '%s'", argv[optind]);
    return ARGS_USAGE;
  }
  if (cfg->list_presets)
    return ARGS_RUN;
  if (!cfg->domain) {
    cli_usage_error(PROG, "--domain is required");
    return ARGS_USAGE;
  }
  if (cfg->preset && cfg->preset->needs_mx && cfg->mx_count == 0) {
    cli_usage_error(PROG, "--preset %s needs at least one --mx",
                    cfg->preset->name);
    return ARGS_USAGE;
  }
  return ARGS_RUN;
}

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
      fail("SOURCE_DATE_EPOCH '%.40s' is not a number of seconds since "
           "1970-01-01 (decimal digits, at most %" PRIu64 ")",
           sde, LAST_EPOCH);
      return -1;
    }
  } else {
    time_t now = time(NULL);
    if (now == (time_t)-1 || now < 0 || (uint64_t)now > LAST_EPOCH) {
      fail("cannot read the clock for the id; give --id");
      return -1;
    }
    secs = (uint64_t)now;
  }
  format_id(secs, out);
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Input                                                                   */

/* ---------------------------------------------------------------------- */
/* Building and checking                                                   */

/* A string being built in memory. */
typedef struct mem {
  char *ptr;
  size_t len;
} mem;

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

/* Everything that is generated. */
typedef struct gen {
  const config *cfg;
  char domain[256]; /* without a trailing dot */
  char id[15];      /* the default id; --id is used as given */
  /* The policy: its values, and the arrays they point to. */
  mtasts_policy_values values;
  mtasts_str *mx;
  mtasts_extension *ext;
  mtasts_str *rua;
  char *from_text;         /* the --from file */
  mtasts_policy *from;     /* its parse; the values point into it */
  mem policy;              /* the policy file */
  mem sts, sts_zone;       /* the _mta-sts record: text, zone form */
  mem tlsrpt, tlsrpt_zone; /* the TLS-RPT record, when there is --rua */
  char *zone;              /* dns.zone */
  char *server;            /* the snippet, when there is --server */
  char *root;              /* the absolute --output-dir */
  int stop;                /* a blocking diagnostic was found */
} gen;

static void gen_release(gen *g) {
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
  lint_result res = {name, kind, p, r, NULL, 0};
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
    fail("the policy does not read back as the values given (does a value "
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
static const char *record_id(const gen *g) {
  return g->cfg->id ? g->cfg->id : g->id;
}

static int sts_reads_back(const gen *g, const mtasts_record *r) {
  const char *id = mtasts_record_id(r);
  if (id && strcmp(id, record_id(g)) == 0)
    return 1;
  fail("the _mta-sts record does not read back with the id given");
  return 0;
}

static int tlsrpt_reads_back(const gen *g, const mtasts_record *r) {
  size_t n = mtasts_record_rua_count(r);
  int same = n == g->cfg->rua_count;
  for (size_t i = 0; same && i < n; i++)
    same = str_eq(mtasts_record_rua(r, i), &g->rua[i]);
  if (!same)
    fail("the TLS-RPT record reads back with %zu URIs, not the %zu given; "
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
    fail("%s: %s", name, err == EFBIG ? "larger than 64 MiB" : strerror(err));
    return EXIT_TROUBLE;
  }
  if (mtasts_policy_parse(g->from_text, len, NULL, &g->from) != MTASTS_OK) {
    fail("out of memory");
    return EXIT_TROUBLE;
  }
  if (!mtasts_policy_valid(g->from)) {
    show(name, LINT_POLICY, g->from, NULL);
    fail("%s is not a valid policy; fix it first (see mtasts-lint)", name);
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
    fail("out of memory");
    return EXIT_TROUBLE;
  }
  mtasts_policy_values_init(v);
  v->mode = MTASTS_MODE_TESTING;
  if (g->from && mtasts_policy_get_values(g->from, v, g->mx, nmx, g->ext,
                                          from_ext) != MTASTS_OK) {
    fail("cannot take the values of %s", cfg->from);
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
  if (!mtasts_host_check(d, n, &is)) {
    fail("--domain '%.*s' is not a valid host name: it %s [%s]",
         (int)(n < 300 ? n : 300), d, is.reason, mtasts_diag_code_id(is.code));
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

static char *build_server(const gen *g) {
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  if (!fp)
    return NULL;
  gen_server_write(fp, g->cfg->server, g->domain, g->root);
  return close_mem(fp, &text);
}

/* ---------------------------------------------------------------------- */
/* Writing files                                                           */

/* mkdir -p. Returns 0 or an errno value. */
static int make_dirs(const char *path) {
  char *p = strdup(path);
  if (!p)
    return ENOMEM;
  int err = 0;
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s != '\0')
      continue;
    char c = *s;
    *s = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
      err = errno;
    else if (c == '\0' || s[1] == '\0') {
      struct stat st;
      if (stat(p, &st) != 0)
        err = errno;
      else if (!S_ISDIR(st.st_mode))
        err = ENOTDIR;
    }
    *s = c;
    if (err || c == '\0')
      break;
  }
  free(p);
  return err;
}

/* A file being written next to its final name, then renamed over it. */
typedef struct pending {
  char *path; /* the final name */
  char *tmp;  /* the temporary file, or NULL once renamed */
} pending;

static char *join(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *s = malloc(na + nb + 2);
  if (s) {
    memcpy(s, a, na);
    s[na] = '/';
    memcpy(s + na + 1, b, nb + 1);
  }
  return s;
}

/* Writes data into a new temporary file beside path (0644 less the umask).
 * Returns 0 or an errno value. */
static int write_tmp(pending *f, const char *path, const char *data,
                     size_t len) {
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  f->path = strdup(path);
  f->tmp = malloc(strlen(path) + 16);
  if (!f->path || !f->tmp)
    return ENOMEM;
  /* ".NAME.XXXXXX" in the same directory, so that rename is atomic. */
  sprintf(f->tmp, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
  int fd = mkstemp(f->tmp);
  if (fd < 0) {
    int err = errno;
    free(f->tmp);
    f->tmp = NULL;
    return err;
  }
  mode_t mask = umask(0);
  umask(mask);
  int err = 0;
  if (fchmod(fd, 0644 & ~mask) != 0)
    err = errno;
  for (size_t off = 0; !err && off < len;) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0 && errno != EINTR)
      err = errno;
    else if (n > 0)
      off += (size_t)n;
  }
  if (!err && fsync(fd) != 0)
    err = errno;
  if (close(fd) != 0 && !err)
    err = errno;
  return err;
}

/* Writes the files of --output-dir: each into a temporary file first, then
 * all renamed into place. Returns 0, or an exit status after reporting. */
static int write_files(const gen *g, char ***written, size_t *nwritten) {
  const config *cfg = g->cfg;
  const char *dir = cfg->output_dir;
  pending f[3];
  size_t n = 0;
  int err = 0;
  const char *bad = dir;
  memset(f, 0, sizeof f);
  char *wk = join(dir, ".well-known");
  if (!wk)
    err = ENOMEM;
  if (!err && (err = make_dirs(wk)) != 0)
    bad = wk;
  struct {
    char *path;
    const char *data;
    size_t len;
  } out[3];
  size_t nout = 0;
  if (!err) {
    out[nout].path = join(wk, "mta-sts.txt");
    out[nout].data = g->policy.ptr;
    out[nout++].len = g->policy.len;
    out[nout].path = join(dir, "dns.zone");
    out[nout].data = g->zone;
    out[nout++].len = strlen(g->zone);
    if (g->server) {
      out[nout].path = join(dir, gen_server_file(cfg->server));
      out[nout].data = g->server;
      out[nout++].len = strlen(g->server);
    }
  }
  for (size_t i = 0; !err && i < nout; i++) {
    if (!out[i].path) {
      err = ENOMEM;
      break;
    }
    err = write_tmp(&f[n++], out[i].path, out[i].data, out[i].len);
    if (err)
      bad = out[i].path;
  }
  for (size_t i = 0; !err && i < n; i++) {
    if (rename(f[i].tmp, f[i].path) != 0) {
      err = errno;
      bad = f[i].path;
    } else {
      free(f[i].tmp);
      f[i].tmp = NULL;
    }
  }
  if (err)
    fail("%s: %s", bad, strerror(err));
  *written = NULL;
  *nwritten = 0;
  if (!err) {
    *written = calloc(nout, sizeof **written);
    if (*written) {
      for (size_t i = 0; i < nout; i++) {
        (*written)[i] = out[i].path;
        out[i].path = NULL;
      }
      *nwritten = nout;
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (f[i].tmp)
      unlink(f[i].tmp);
    free(f[i].tmp);
    free(f[i].path);
  }
  for (size_t i = 0; i < nout; i++)
    free(out[i].path);
  free(wk);
  return err ? EXIT_TROUBLE : 0;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */

/* A small writer: two-space indent, one member or element per line. */
typedef struct jw {
  FILE *fp;
  unsigned depth;
  size_t count[8];
} jw;

static void jw_item(jw *w, const char *key) {
  if (w->depth > 0) {
    if (w->count[w->depth - 1]++ > 0)
      fputc(',', w->fp);
    fputc('\n', w->fp);
    for (unsigned i = 0; i < w->depth; i++)
      fputs("  ", w->fp);
  }
  if (key) {
    json_string_n(w->fp, key, strlen(key));
    fputs(": ", w->fp);
  }
}

static void jw_open(jw *w, const char *key, char bracket) {
  jw_item(w, key);
  fputc(bracket, w->fp);
  w->count[w->depth++] = 0;
}

static void jw_close(jw *w, char bracket) {
  w->depth--;
  if (w->count[w->depth] > 0) {
    fputc('\n', w->fp);
    for (unsigned i = 0; i < w->depth; i++)
      fputs("  ", w->fp);
  }
  fputc(bracket, w->fp);
}

static void jw_strn(jw *w, const char *key, const char *s, size_t n) {
  jw_item(w, key);
  if (s)
    json_string_n(w->fp, s, n);
  else
    fputs("null", w->fp);
}

static void jw_str(jw *w, const char *key, const char *s) {
  jw_strn(w, key, s, s ? strlen(s) : 0);
}

static void jw_record(jw *w, const char *prefix, const gen *g, const mem *txt,
                      const mem *zone) {
  char name[300];
  snprintf(name, sizeof name, "%s.%s.", prefix, g->domain);
  jw_open(w, NULL, '{');
  jw_str(w, "name", name);
  jw_str(w, "type", "TXT");
  jw_strn(w, "value", txt->ptr, txt->len);
  jw_strn(w, "zone", zone->ptr, zone->len);
  jw_close(w, '}');
}

static void print_json(const gen *g, char **files, size_t nfiles) {
  const mtasts_policy_values *v = &g->values;
  jw w;
  char url[400];
  memset(&w, 0, sizeof w);
  w.fp = stdout;
  snprintf(url, sizeof url, "https://mta-sts.%s/.well-known/mta-sts.txt",
           g->domain);
  jw_open(&w, NULL, '{');
  jw_str(&w, "tool", PROG);
  jw_str(&w, "version", mtasts_version());
  jw_str(&w, "domain", g->domain);
  jw_str(&w, "policy_url", url);
  jw_open(&w, "policy", '{');
  jw_str(&w, "version", "STSv1");
  jw_str(&w, "mode", mtasts_mode_name(v->mode));
  jw_item(&w, "max_age");
  fprintf(w.fp, "%" PRIu64, v->max_age);
  jw_open(&w, "mx", '[');
  for (size_t i = 0; i < v->mx_count; i++)
    jw_strn(&w, NULL, v->mx[i].ptr, v->mx[i].len);
  jw_close(&w, ']');
  jw_open(&w, "extensions", '[');
  for (size_t i = 0; i < v->extension_count; i++) {
    jw_open(&w, NULL, '{');
    jw_strn(&w, "name", v->extensions[i].name.ptr, v->extensions[i].name.len);
    jw_strn(&w, "value", v->extensions[i].value.ptr,
            v->extensions[i].value.len);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');
  jw_str(&w, "line_ending", g->cfg->lf ? "lf" : "crlf");
  jw_strn(&w, "text", g->policy.ptr, g->policy.len);
  jw_close(&w, '}');
  jw_str(&w, "id", record_id(g));
  jw_open(&w, "records", '[');
  jw_record(&w, "_mta-sts", g, &g->sts, &g->sts_zone);
  if (g->tlsrpt.ptr)
    jw_record(&w, "_smtp._tls", g, &g->tlsrpt, &g->tlsrpt_zone);
  jw_close(&w, ']');
  jw_str(&w, "zone", g->zone);
  if (g->server) {
    jw_open(&w, "server", '{');
    jw_str(&w, "name", gen_server_name(g->cfg->server));
    jw_str(&w, "config", g->server);
    jw_close(&w, '}');
  } else {
    jw_str(&w, "server", NULL);
  }
  if (g->cfg->output_dir) {
    jw_open(&w, "files", '[');
    for (size_t i = 0; i < nfiles; i++)
      jw_str(&w, NULL, files[i]);
    jw_close(&w, ']');
  }
  jw_close(&w, '}');
  fputc('\n', w.fp);
}

/* ---------------------------------------------------------------------- */
/* The run                                                                 */

/* Writes the policy and the records with the library's writers. Returns 0,
 * or -1 when out of memory. */
static int write_artefacts(gen *g) {
  const config *cfg = g->cfg;
  unsigned flags = cfg->lf ? MTASTS_WRITE_LF : 0;
  const char *id = record_id(g);
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
static int build(gen *g) {
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
    fail("out of memory");
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
    fail("out of memory");
    return EXIT_TROUBLE;
  }
  if (g->stop) {
    fail("nothing was generated, because of the problems above");
    return EXIT_TROUBLE;
  }
  g->zone = build_zone(g);
  if (!g->zone) {
    fail("out of memory");
    return EXIT_TROUBLE;
  }
  return 0;
}

static int run(const config *cfg) {
  gen g;
  char **files = NULL;
  size_t nfiles = 0;
  memset(&g, 0, sizeof g);
  g.cfg = cfg;
  int rc = build(&g);
  if (rc == 0 && cfg->server != SERVER_NONE) {
    if (cfg->output_dir) {
      int err = make_dirs(cfg->output_dir);
      g.root = err ? NULL : realpath(cfg->output_dir, NULL);
      if (!g.root) {
        fail("%s: %s", cfg->output_dir, strerror(err ? err : errno));
        rc = EXIT_TROUBLE;
      } else if (!gen_server_path_ok(g.root)) {
        fail("%s: the path holds characters that cannot stand in a server "
             "configuration; choose another --output-dir",
             g.root);
        rc = EXIT_TROUBLE;
      }
    }
    if (rc == 0 && !(g.server = build_server(&g))) {
      fail("out of memory");
      rc = EXIT_TROUBLE;
    }
  }
  if (rc == 0 && cfg->output_dir)
    rc = write_files(&g, &files, &nfiles);
  if (rc == 0) {
    if (cfg->format == FORMAT_JSON) {
      print_json(&g, files, nfiles);
    } else if (!cfg->output_dir) {
      fwrite(g.policy.ptr, 1, g.policy.len, stdout);
      fputc('\n', stdout);
      fputs(g.zone, stdout);
      if (g.server) {
        fputc('\n', stdout);
        fputs(g.server, stdout);
      }
    }
  }
  for (size_t i = 0; i < nfiles; i++)
    free(files[i]);
  free(files);
  gen_release(&g);
  return rc;
}

int main(int argc, char **argv) {
  config cfg;
  int status = EXIT_TROUBLE;
  memset(&cfg, 0, sizeof cfg);
  switch (parse_args(argc, argv, &cfg)) {
  case ARGS_RUN:
    if (cfg.list_presets) {
      list_presets(stdout);
      status = EXIT_OK;
    } else {
      status = run(&cfg);
    }
    break;
  case ARGS_DONE:
    status = EXIT_OK;
    break;
  case ARGS_NOMEM:
    fail("out of memory");
    break;
  default: /* ARGS_USAGE: already reported */
    break;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fputs(PROG ": write error on standard output\n", stderr);
    status = EXIT_TROUBLE;
  }
  free(cfg.mx);
  free(cfg.rua);
  return status;
}
