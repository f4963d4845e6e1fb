/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen: the command line. Option syntax (durations, the names of
 * modes, presets and servers) is read here; whether a value is valid for
 * MTA-STS is the library's call (gen_build.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

#include "gen.h"

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

/* Any other error, on stderr. */
void gen_fail(const char *fmt, ...) {
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

int gen_parse_args(int argc, char **argv, config *cfg) {
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
      cfg->preset = gen_find_preset(optarg);
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
