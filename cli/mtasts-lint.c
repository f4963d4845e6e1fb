/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: lints MTA-STS policy files (RFC 8461 §3.2), _mta-sts TXT
 * records (RFC 8461 §3.1) and TLS-RPT records (RFC 8460 §3) with libmtasts.
 *
 * This file only handles options, input and the exit status; every rule
 * about the protocols comes from the library, and output.c formats what the
 * library returns.
 *
 * Scale: one input is held in memory at a time, and --files-from reads its
 * list one name at a time, so a scan of a million files runs in the memory
 * of one (all formats but SARIF, which holds its results until the end).
 *
 * Exit status: 0 no errors, 1 errors found, 2 usage or I/O error (2 wins).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <mtasts/mtasts.h>

#include "atomic.h"
#include "fix.h"
#include "git_show.h"
#include "input.h"
#include "json.h"
#include "options.h"
#include "output.h"
#include "zone_read.h"

#define PROG "mtasts-lint"

/* The longest name taken from a --files-from list: PATH_MAX of Linux
 * (limits.h is not included here: its MAX_INPUT is another thing). */
#define NAME_MAX_LEN 4096

/* The most that is read of one input; larger inputs are not linted. */
#define MAX_INPUT ((size_t)64 * 1024 * 1024)

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* Values of the options that have no short form. */
enum {
  OPT_COLOR = 256,
  OPT_DIFF,
  OPT_DOMAIN,
  OPT_FILES_FROM,
  OPT_FIX,
  OPT_FORMAT,
  OPT_MX,
  OPT_NO_FOLLOW,
  OPT_PREVIOUS_POLICY,
  OPT_PREVIOUS_ZONE,
  OPT_SINCE,
  OPT_STRICT,
  OPT_TLSRPT,
  OPT_TXT,
  OPT_VERSION,
  OPT_ZONE
};

static const struct option long_options[] = {
    {"color", required_argument, NULL, OPT_COLOR},
    {"diff", no_argument, NULL, OPT_DIFF},
    {"domain", required_argument, NULL, OPT_DOMAIN},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"fix", no_argument, NULL, OPT_FIX},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {"mx", required_argument, NULL, OPT_MX},
    {"no-follow", no_argument, NULL, OPT_NO_FOLLOW},
    {"null", no_argument, NULL, '0'},
    {"previous-policy", required_argument, NULL, OPT_PREVIOUS_POLICY},
    {"previous-zone", required_argument, NULL, OPT_PREVIOUS_ZONE},
    {"quiet", no_argument, NULL, 'q'},
    {"since", required_argument, NULL, OPT_SINCE},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"tlsrpt", required_argument, NULL, OPT_TLSRPT},
    {"txt", required_argument, NULL, OPT_TXT},
    {"version", no_argument, NULL, OPT_VERSION},
    {"zone", required_argument, NULL, OPT_ZONE},
    {NULL, 0, NULL, 0}};

/* A leading ':' makes getopt_long return ':' for a missing argument. */
static const char short_options[] = ":hq0";

static const char usage_text[] =
    "Usage: mtasts-lint [OPTIONS] [FILE...]\n"
    "       mtasts-lint --zone ZONEFILE [--domain NAME] [--previous-zone "
    "FILE]\n"
    "                   [--previous-policy FILE] [--since REV] [POLICY]\n"
    "Check MTA-STS policy files (RFC 8461), _mta-sts TXT records and TLS-RPT\n"
    "TXT records (RFC 8460) offline, and report every problem found.\n"
    "\n"
    "Each FILE is a policy file (/.well-known/mta-sts.txt); - is standard\n"
    "input, which is also read when no FILE, --files-from, --txt or --tlsrpt\n"
    "is given. Inputs larger than 64 MiB are not linted.\n"
    "\n"
    "Options:\n"
    "      --files-from LIST\n"
    "                       also lint the policy files named in LIST, one a\n"
    "                       line, taken as is (- is standard input); read one\n"
    "                       name at a time, so LIST may be of any length;\n"
    "                       repeatable\n"
    "  -0, --null           the names in LIST end with a NUL byte, as\n"
    "                       find -print0 writes them, not with a newline\n"
    "      --no-follow      refuse a policy FILE (or a name in LIST) that "
    "is a\n"
    "                       symbolic link, rather than read what it points "
    "to\n"
    "      --txt RECORD     lint an _mta-sts TXT record; repeat it to give "
    "the\n"
    "                       whole set of TXT records at the name. A RECORD "
    "that\n"
    "                       starts with \" is in zone-file form: \"v=STSv1; \" "
    "\"id=1\"\n"
    "      --tlsrpt RECORD  lint a _smtp._tls TLS-RPT record; repeatable, as "
    "--txt\n"
    "      --mx HOST        check that the mx patterns of each policy cover "
    "the\n"
    "                       MX host HOST; repeatable\n"
    "      --zone ZONEFILE  check a whole deployment: the zone file (RFC 1035\n"
    "                       master file) with the policy file POLICY, if "
    "given:\n"
    "                       the records at _mta-sts and _smtp._tls, MX\n"
    "                       coverage, the policy host's address\n"
    "      --domain NAME    the domain of the zone (default: the owner of its\n"
    "                       SOA record)\n"
    "      --previous-zone FILE, --previous-policy FILE\n"
    "                       the versions before the change, to check it\n"
    "                       against what senders may have cached\n"
    "      --since REV      take both previous versions from git revision "
    "REV\n"
    "                       (HEAD in a pre-commit hook); a file absent at REV\n"
    "                       has no previous version\n"
    "      --fix            apply the fixes the hints offer to each policy "
    "FILE,\n"
    "                       in place (never two that overlap, only those "
    "that\n"
    "                       add no error), then report what remains; the\n"
    "                       number applied is told on standard error\n"
    "      --diff           with --fix: print the changes as a unified "
    "diff\n"
    "                       instead of writing them (exit status 1 when the\n"
    "                       diff is not empty or errors remain)\n"
    "";

/* The rest of --help (C11 promises string literals of 4095 bytes). */
static const char usage_text2[] =
    "      --strict         report warnings as errors\n"
    "  -q, --quiet          report errors only\n"
    "      --format=FORMAT  text (the default): a FILE:LINE:COLUMN: line per\n"
    "                       finding; json: one object with every result;\n"
    "                       jsonl: one line of JSON per input, flushed as\n"
    "                       soon as it is linted (unreadable inputs too);\n"
    "                       sarif: SARIF 2.1.0, for code scanning; github:\n"
    "                       GitHub Actions annotations on the lines\n"
    "      --color=WHEN     colour the text: auto (the default: only on a\n"
    "                       terminal, and not when NO_COLOR is set), always\n"
    "                       or never\n"
    "  -h, --help           show this help and exit\n"
    "      --version        show the version and exit\n"
    "\n"
    "A record diagnostic's LINE is the record's position in the set.\n"
    "Exit status: 0 no errors, 1 errors found, 2 usage or I/O error (or a\n"
    "zone file that cannot be parsed).\n"
    "\n"
    "Examples:\n"
    "  mtasts-lint --mx mx1.example.com --mx mx2.example.com mta-sts.txt\n"
    "  mtasts-lint --txt 'v=STSv1; id=20240115120000' --format=json\n"
    "  mtasts-lint --format=sarif policies/*/mta-sts.txt > mtasts.sarif\n"
    "  mtasts-lint --zone zones/example.com.zone --since HEAD \\\n"
    "    mta-sts/example.com/mta-sts.txt\n"
    "  find . -name mta-sts.txt -print0 |\n"
    "    mtasts-lint --files-from - -0 --format=jsonl > results.jsonl\n"
    "  curl -s https://mta-sts.example.com/.well-known/mta-sts.txt | "
    "mtasts-lint\n";

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

/* Everything the command line says. The arrays point into argv. */
typedef struct config {
  out_format format;
  color_mode color;
  int quiet;
  unsigned flags; /* MTASTS_OPT_* */
  mtasts_str *mx;
  size_t mx_count;
  mtasts_txt *sts;
  size_t sts_count;
  mtasts_txt *tlsrpt;
  size_t tlsrpt_count;
  char **files; /* the FILE operands */
  size_t file_count;
  const char **lists; /* the --files-from lists, in order */
  size_t list_count;
  int null_names;   /* -0: the names in a list end with NUL, not LF */
  int read_stdin;   /* no operand: read a policy from stdin */
  const char *zone; /* --zone: check a deployment */
  const char *domain;
  const char *previous_zone;
  const char *previous_policy;
  const char *since;
  int no_follow; /* --no-follow: refuse policy files that are links */
  int fix;       /* --fix: apply the hints to the policy files */
  int diff;      /* --diff: show the fixes as a diff, do not write them */
} config;

/* What parse_args decided. */
enum { ARGS_RUN, ARGS_DONE, ARGS_USAGE, ARGS_NOMEM };

static int worse(int a, int b) {
  return a > b ? a : b;
}

/* "mtasts-lint: NAME: " on stderr, the name escaped (cli_name): a name
 * cannot start a line of its own there, which a terminal or a CI runner
 * would take as a command. */
static void name_prefix(const char *name) {
  fflush(stdout); /* keep stdout and stderr in order on a terminal */
  fputs(PROG ": ", stderr);
  cli_name_write(stderr, name);
  fputs(": ", stderr);
}

/* An I/O or resource problem with one input, on stderr. */
static void input_error(const char *name, const char *reason) {
  name_prefix(name);
  fprintf(stderr, "%s\n", reason);
}

/* ---------------------------------------------------------------------- */
/* Options                                                                 */

static mtasts_txt txt_value(const char *s) {
  mtasts_txt t;
  t.ptr = s;
  t.len = strlen(s);
  /* A value that starts with a quote is a record as a zone file shows it. */
  t.form = s[0] == '"' ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW;
  return t;
}

static int parse_args(int argc, char **argv, config *cfg) {
  /* Each repeatable option takes at least one argv entry. */
  size_t cap = argc > 0 ? (size_t)argc : 1;
  cfg->mx = malloc(cap * sizeof *cfg->mx);
  cfg->sts = malloc(cap * sizeof *cfg->sts);
  cfg->tlsrpt = malloc(cap * sizeof *cfg->tlsrpt);
  cfg->lists = malloc(cap * sizeof *cfg->lists);
  if (!cfg->mx || !cfg->sts || !cfg->tlsrpt || !cfg->lists)
    return ARGS_NOMEM;
  int stdin_lists = 0; /* the lists that are standard input */

  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) !=
         -1) {
    switch (c) {
    case 'h':
      fputs(usage_text, stdout);
      fputs(usage_text2, stdout);
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
    case OPT_FIX:
      cfg->fix = 1;
      break;
    case OPT_DIFF:
      cfg->diff = 1;
      break;
    case OPT_NO_FOLLOW:
      cfg->no_follow = 1;
      break;
    case OPT_FORMAT:
      if (out_format_parse(optarg, &cfg->format) != 0) {
        cli_usage_error(PROG, "unknown format '%s' (use " OUT_FORMAT_NAMES ")",
                        optarg);
        return ARGS_USAGE;
      }
      break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") == 0) {
        cfg->color = COLOR_AUTO;
      } else if (strcmp(optarg, "always") == 0) {
        cfg->color = COLOR_ALWAYS;
      } else if (strcmp(optarg, "never") == 0) {
        cfg->color = COLOR_NEVER;
      } else {
        cli_usage_error(PROG,
                        "unknown colour mode '%s' (use auto, always or never)",
                        optarg);
        return ARGS_USAGE;
      }
      break;
    case OPT_MX:
      cfg->mx[cfg->mx_count].ptr = optarg;
      cfg->mx[cfg->mx_count++].len = strlen(optarg);
      break;
    case OPT_TXT:
      cfg->sts[cfg->sts_count++] = txt_value(optarg);
      break;
    case OPT_TLSRPT:
      cfg->tlsrpt[cfg->tlsrpt_count++] = txt_value(optarg);
      break;
    case OPT_FILES_FROM:
      if (strcmp(optarg, "-") == 0 && stdin_lists++ > 0) {
        cli_usage_error(PROG, "standard input can be read only once: "
                              "'--files-from -' is given twice");
        return ARGS_USAGE;
      }
      cfg->lists[cfg->list_count++] = optarg;
      break;
    case '0':
      cfg->null_names = 1;
      break;
    case OPT_ZONE:
      cfg->zone = optarg;
      break;
    case OPT_DOMAIN:
      cfg->domain = optarg;
      break;
    case OPT_PREVIOUS_ZONE:
      cfg->previous_zone = optarg;
      break;
    case OPT_PREVIOUS_POLICY:
      cfg->previous_policy = optarg;
      break;
    case OPT_SINCE:
      cfg->since = optarg;
      break;
    default:
      cli_bad_option(PROG, long_options, short_options, c, argc, argv);
      return ARGS_USAGE;
    }
  }

  cfg->files = argv + optind;
  cfg->file_count = (size_t)(argc - optind);
  if (cfg->diff && !cfg->fix) {
    cli_usage_error(PROG, "--diff shows what --fix would change: give both");
    return ARGS_USAGE;
  }
  if (cfg->fix) {
    /* The fixes are written back to the file they were read from. */
    if (cfg->zone || cfg->sts_count || cfg->tlsrpt_count) {
      cli_usage_error(PROG, "--fix edits policy files: records (--txt, "
                            "--tlsrpt) and deployments (--zone) have no file "
                            "to edit");
      return ARGS_USAGE;
    }
    for (size_t i = 0; i < cfg->file_count; i++) {
      if (strcmp(cfg->files[i], "-") == 0) {
        cli_usage_error(PROG, "--fix edits policy files: standard input has "
                              "no file to edit");
        return ARGS_USAGE;
      }
    }
    if (cfg->file_count == 0 && cfg->list_count == 0) {
      cli_usage_error(PROG, "--fix edits policy files: give a FILE or "
                            "--files-from (standard input has no file to "
                            "edit)");
      return ARGS_USAGE;
    }
  }
  if (cfg->zone) {
    if (cfg->file_count > 1 || cfg->list_count || cfg->sts_count ||
        cfg->tlsrpt_count || cfg->mx_count) {
      cli_usage_error(PROG, "--zone takes one policy FILE at most, and no "
                            "--files-from, --txt, --tlsrpt or --mx");
      return ARGS_USAGE;
    }
    if (cfg->since && (cfg->previous_zone || cfg->previous_policy)) {
      cli_usage_error(PROG, "--since takes the previous versions from git: "
                            "give it or --previous-zone/--previous-policy");
      return ARGS_USAGE;
    }
    if (!zone_read_available()) {
      cli_usage_error(PROG, "--zone is not available: this mtasts-lint was "
                            "built without libzscanner (libknot-dev)");
      return ARGS_USAGE;
    }
    return ARGS_RUN;
  }
  if (cfg->domain || cfg->previous_zone || cfg->previous_policy || cfg->since) {
    cli_usage_error(PROG, "--domain, --previous-zone, --previous-policy and "
                          "--since go with --zone");
    return ARGS_USAGE;
  }
  if (stdin_lists > 0) {
    for (size_t i = 0; i < cfg->file_count; i++) {
      if (strcmp(cfg->files[i], "-") == 0) {
        cli_usage_error(PROG, "standard input can be read only once: "
                              "'--files-from -' and the FILE -");
        return ARGS_USAGE;
      }
    }
  }
  if (cfg->null_names && cfg->list_count == 0) {
    cli_usage_error(PROG, "-0 (--null) is for the lists of --files-from");
    return ARGS_USAGE;
  }
  if (cfg->file_count == 0 && cfg->list_count == 0 && cfg->sts_count == 0 &&
      cfg->tlsrpt_count == 0) {
    if (isatty(STDIN_FILENO)) {
      cli_usage_error(
          PROG,
          "nothing to lint: give a FILE, -, --files-from, --txt or --tlsrpt");
      return ARGS_USAGE;
    }
    cfg->read_stdin = 1;
  }
  if (cfg->mx_count > 0 && cfg->file_count == 0 && cfg->list_count == 0 &&
      !cfg->read_stdin) {
    cli_usage_error(PROG,
                    "--mx needs a policy FILE to check the hosts against");
    return ARGS_USAGE;
  }
  return ARGS_RUN;
}

/* ---------------------------------------------------------------------- */
/* Input                                                                   */

static const char *read_error_text(int err) {
  if (err == EFBIG)
    return "larger than 64 MiB, not linted";
  if (err == ENOMEM)
    return "out of memory";
  return strerror(err);
}

/* ---------------------------------------------------------------------- */
/* Linting                                                                 */

static void set_options(const config *cfg, mtasts_options *opt) {
  mtasts_options_init(opt);
  opt->flags = cfg->flags;
  opt->mx_hosts = cfg->mx;
  opt->mx_host_count = cfg->mx_count;
}

/* Lints one policy body; returns the exit status it calls for. */
static int lint_policy(const config *cfg, out_ctx *out, const char *name,
                       const char *buf, size_t len) {
  mtasts_options opt;
  mtasts_policy *policy = NULL;
  set_options(cfg, &opt);
  mtasts_status st = mtasts_policy_parse(buf, len, &opt, &policy);
  if (st != MTASTS_OK) {
    input_error(name, mtasts_status_name(st));
    out_error(out, name, LINT_POLICY, mtasts_status_name(st));
    return EXIT_TROUBLE;
  }
  lint_result r = {name,    LINT_POLICY,   policy, NULL,
                   cfg->mx, cfg->mx_count, NULL,   NULL};
  lint_source src = {buf, len, NULL, 0};
  out_result_source(out, &r, &src);
  int valid = lint_result_valid(&r);
  mtasts_policy_free(policy);
  return valid ? EXIT_CLEAN : EXIT_FINDINGS;
}

/*
 * --fix: applies the fixes of policy file path, then lints the result.
 * With --diff, writes the diff to standard output instead of the file, and
 * nothing else (out is NULL). The file is opened once (cli_edit_open: a
 * link resolved then, FIFOs, standard input and files this user may not
 * write refused) and replaced only if it is still the file read. Returns
 * the exit status it calls for.
 */
static int fix_file(const config *cfg, out_ctx *out, const char *path) {
  cli_edit e;
  char *buf;
  size_t len;
  const char *why;
  struct stat ls;
  if (cfg->no_follow && lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)) {
    static const char link[] = "is a symbolic link: not followed "
                               "(--no-follow)";
    input_error(path, link);
    if (out)
      out_error(out, path, LINT_POLICY, link);
    return EXIT_TROUBLE;
  }
  int err = cli_edit_open(path, MAX_INPUT, !cfg->diff, &e, &buf, &len, &why);
  if (err) {
    const char *reason = why ? why : read_error_text(err);
    input_error(path, reason);
    if (out)
      out_error(out, path, LINT_POLICY, reason);
    return EXIT_TROUBLE;
  }
  if (!fix_has_policy_field(buf, len)) {
    static const char none[] = "no line is a policy field (version, mode, "
                               "mx, max_age): not a policy, not edited";
    input_error(path, none);
    if (out)
      out_error(out, path, LINT_POLICY, none);
    cli_edit_close(&e);
    free(buf);
    return EXIT_TROUBLE;
  }
  mtasts_options opt;
  set_options(cfg, &opt);
  fix_result fr;
  mtasts_status st = fix_policy(
      buf, len, &opt,
      cfg->quiet ? MTASTS_SEVERITY_ERROR : MTASTS_SEVERITY_WARNING, &fr);
  if (st != MTASTS_OK) {
    input_error(path, mtasts_status_name(st));
    if (out)
      out_error(out, path, LINT_POLICY, mtasts_status_name(st));
    cli_edit_close(&e);
    free(buf);
    return EXIT_TROUBLE;
  }
  int changed = fr.len != len || memcmp(fr.text, buf, len) != 0;
  int status = EXIT_CLEAN;
  if (cfg->diff) {
    fflush(stdout);
    if (fix_write_diff(stdout, path, buf, len, fr.text, fr.len) != 0)
      status = EXIT_TROUBLE; /* main reports the write error */
    else if (changed)
      status = EXIT_FINDINGS;
    fflush(stdout);
    name_prefix(path);
    fprintf(stderr, "%zu fix%s in the diff", fr.applied,
            fr.applied == 1 ? "" : "es");
  } else {
    err = changed ? cli_edit_replace(&e, fr.text, fr.len, &why) : 0;
    if (err) {
      name_prefix(path);
      fprintf(stderr, "cannot write the fixes: %s\n",
              err < 0 ? why : strerror(err));
      /* What is reported is then the file as it is. */
      free(fr.text);
      fr.text = buf;
      fr.len = len;
      buf = NULL;
      status = EXIT_TROUBLE;
    } else {
      name_prefix(path);
      fprintf(stderr, "%zu fix%s applied", fr.applied,
              fr.applied == 1 ? "" : "es");
    }
  }
  if (status != EXIT_TROUBLE || cfg->diff) {
    if (fr.refused)
      fprintf(stderr, " (%zu left out: overlapping, or adding an error)",
              fr.refused);
    fputc('\n', stderr);
  }
  if (!cfg->diff && changed && status != EXIT_TROUBLE && e.st.st_nlink > 1) {
    /* rename(2) gives the name a new file: the other links keep the old. */
    name_prefix(path);
    fprintf(stderr,
            "note: it had %ju other hard link%s, which keep the text "
            "before the fixes\n",
            (uintmax_t)e.st.st_nlink - 1, e.st.st_nlink == 2 ? "" : "s");
  }
  cli_edit_close(&e);
  if (cfg->diff) {
    /* Errors that remain after the fixes make the status 1 too. */
    mtasts_policy *p = NULL;
    st = mtasts_policy_parse(fr.text, fr.len, &opt, &p);
    if (st != MTASTS_OK) {
      input_error(path, mtasts_status_name(st));
      status = EXIT_TROUBLE;
    } else {
      lint_result r = {path,    LINT_POLICY,   p,    NULL,
                       cfg->mx, cfg->mx_count, NULL, NULL};
      if (!lint_result_valid(&r))
        status = worse(status, EXIT_FINDINGS);
    }
    mtasts_policy_free(p);
  } else {
    status = worse(status, lint_policy(cfg, out, path, fr.text, fr.len));
  }
  free(fr.text);
  free(buf);
  return status;
}

/* Reads and lints one policy file: a FILE operand ("-" is stdin), or a
 * name from a list (from_list: taken as is). */
static int lint_file(const config *cfg, out_ctx *out, const char *path,
                     int from_list) {
  if (cfg->fix)
    return fix_file(cfg, out, path);
  int is_stdin = !from_list && strcmp(path, "-") == 0;
  const char *name = is_stdin ? "<stdin>" : path;
  char *buf;
  size_t len;
  int err = is_stdin
                ? cli_read_path(path, MAX_INPUT, &buf, &len)
                : cli_read_file_flags(path, cfg->no_follow ? O_NOFOLLOW : 0,
                                      MAX_INPUT, &buf, &len);
  if (err) {
    const char *reason = err == ELOOP && cfg->no_follow
                             ? "is a symbolic link: not followed (--no-follow)"
                             : read_error_text(err);
    input_error(name, reason);
    if (out)
      out_error(out, name, LINT_POLICY, reason);
    return EXIT_TROUBLE;
  }
  int status = lint_policy(cfg, out, name, buf, len);
  free(buf);
  return status;
}

/* Lints the set of TXT records of one kind given on the command line. */
static int lint_records(const config *cfg, out_ctx *out, lint_kind kind,
                        const mtasts_txt *txt, size_t count) {
  const char *name = kind == LINT_STS_RECORD ? "_mta-sts" : "_smtp._tls";
  mtasts_options opt;
  mtasts_record *rec = NULL;
  set_options(cfg, &opt);
  mtasts_status st = mtasts_record_parse(
      kind == LINT_STS_RECORD ? MTASTS_RECORD_STS : MTASTS_RECORD_TLSRPT, txt,
      count, &opt, &rec);
  if (st != MTASTS_OK) {
    input_error(name, mtasts_status_name(st));
    out_error(out, name, kind, mtasts_status_name(st));
    return EXIT_TROUBLE;
  }
  lint_result r = {name, kind, NULL, rec, NULL, 0, NULL, NULL};
  lint_source src = {NULL, 0, txt, count};
  out_result_source(out, &r, &src);
  int valid = lint_result_valid(&r);
  mtasts_record_free(rec);
  return valid ? EXIT_CLEAN : EXIT_FINDINGS;
}

/* A list that cannot be opened or read, on stderr. */
static void list_error(const char *list, int err) {
  name_prefix(list);
  fprintf(stderr, "cannot read the list of files: %s\n", strerror(err));
}

/* A problem with entry N of a list, on stderr. */
static void list_entry_error(const char *list, uintmax_t n,
                             const char *reason) {
  fflush(stdout);
  fputs(PROG ": ", stderr);
  cli_name_write(stderr, list);
  fprintf(stderr, ":%ju: %s\n", n, reason);
}

/*
 * Lints the policy files named in one --files-from list ("-": stdin), in
 * order. The list is streamed: one name is read (into a buffer of
 * PATH_MAX bytes; a longer one is skipped), linted, its result written,
 * and the buffer reused for the next name, so the memory used does not
 * grow with the list or with its names. A name ends with LF (with -0: NUL), or
 * with the end of the list; it is taken as is, spaces included. Returns
 * the exit status it calls for.
 */
static int lint_list(const config *cfg, out_ctx *out, const char *list) {
  int is_stdin = strcmp(list, "-") == 0;
  const char *lname = is_stdin ? "<stdin>" : list;
  FILE *fp = is_stdin ? stdin : fopen(list, "r");
  if (!fp) {
    list_error(lname, errno);
    return EXIT_TROUBLE;
  }
  int sep = cfg->null_names ? '\0' : '\n';
  int status = EXIT_CLEAN;
  int write_failed = 0;
  int err = 0;
  /* One name at a time, in a buffer of NAME_MAX_LEN bytes: a longer name is
   * no file name (open(2) would refuse it), so it is skipped up to the next
   * separator without being kept, and the memory stays constant. */
  char *name = malloc(NAME_MAX_LEN + 1);
  uintmax_t entry = 0;
  if (!name) {
    list_error(lname, ENOMEM);
    if (!is_stdin)
      fclose(fp);
    return EXIT_TROUBLE;
  }
  for (;;) {
    size_t len = 0;
    int c = EOF, too_long = 0, nul = 0;
    errno = 0;
    while ((c = getc(fp)) != EOF && c != sep) {
      if (len < NAME_MAX_LEN)
        name[len++] = (char)c;
      else
        too_long = 1;
      nul |= c == '\0';
    }
    if (c == EOF && ferror(fp)) {
      err = errno;
      break;
    }
    if (c == EOF && len == 0 && !too_long)
      break;
    entry++;
    name[len] = '\0';
    if (too_long) {
      list_entry_error(lname, entry,
                       "file name longer than PATH_MAX bytes in the list: "
                       "skipped");
      status = EXIT_TROUBLE;
    } else if (len == 0) {
      list_entry_error(lname, entry, "empty file name in the list");
      status = EXIT_TROUBLE;
    } else if (nul) {
      /* Only without -0, where NUL ends a name. */
      list_entry_error(lname, entry,
                       "file name with a NUL byte in the list (a list from "
                       "find -print0 needs -0)");
      status = EXIT_TROUBLE;
    } else {
      status = worse(status, lint_file(cfg, out, name, 1));
    }
    /* Output that cannot be written: stop; main reports it. */
    if (ferror(stdout)) {
      write_failed = 1;
      break;
    }
    if (c == EOF)
      break;
  }
  if (!write_failed && !feof(fp)) {
    list_error(lname, err ? err : EIO);
    status = EXIT_TROUBLE;
  }
  free(name);
  if (!is_stdin)
    fclose(fp);
  return status;
}

/* ---------------------------------------------------------------------- */
/* Deployments (--zone)                                                    */

/* Reads a policy file into revision rev of d; returns 0 or EXIT_TROUBLE. */
static int add_policy_file(mtasts_deployment *d, mtasts_revision rev,
                           const char *path) {
  char *buf;
  size_t len;
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  int err = cli_read_path(path, MAX_INPUT, &buf, &len);
  if (err) {
    input_error(name, read_error_text(err));
    return EXIT_TROUBLE;
  }
  mtasts_status st = mtasts_deployment_set_policy(d, rev, buf, len, name);
  free(buf);
  if (st != MTASTS_OK) {
    input_error(name, mtasts_status_name(st));
    return EXIT_TROUBLE;
  }
  return 0;
}

/* A deployment that cannot be checked: the reason (which starts with the
 * file and line) on stderr, and a line of its own in jsonl. */
static void deploy_error(out_ctx *out, const char *zone, const char *text) {
  fflush(stdout);
  fputs(PROG ": ", stderr);
  cli_name_write(stderr, text); /* it names files: escaped as names are */
  fputc('\n', stderr);
  out_error(out, zone, LINT_DEPLOYMENT, text);
}

/* What fetch_at_rev needs: the revision and the zone file's directory in
 * the work tree ("" or "zones/"). */
typedef struct rev_files {
  const char *rev;
  const char *dir;
} rev_files;

/* A file that the zone at the revision includes, from git too. */
static int fetch_at_rev(void *ctx, const char *path, char **buf, size_t *len,
                        char **shown, char *why, size_t cap) {
  const rev_files *rf = ctx;
  size_t dn = strlen(rf->dir), pn = strlen(path);
  char *full = malloc(dn + pn + 1);
  if (!full) {
    snprintf(why, cap, "out of memory");
    return -1;
  }
  memcpy(full, rf->dir, dn);
  memcpy(full + dn, path, pn + 1);
  int rc = git_show(rf->rev, full, MAX_INPUT, buf, len, shown, why, cap);
  free(full);
  return rc == GIT_SHOW_OK ? 0 : rc == GIT_SHOW_ABSENT ? 1 : -1;
}

/* The previous versions from git (--since REV). */
static int add_since(const config *cfg, out_ctx *out, mtasts_deployment *d,
                     const char *domain) {
  char why[512];
  char *buf, *shown;
  size_t len;
  int rc = git_show(cfg->since, cfg->zone, MAX_INPUT, &buf, &len, &shown, why,
                    sizeof why);
  if (rc == GIT_SHOW_ERROR) {
    input_error(cfg->zone, why);
    return EXIT_TROUBLE;
  }
  if (rc == GIT_SHOW_OK) {
    zone_error zerr;
    const char *slash = strrchr(cfg->zone, '/');
    size_t dn = slash ? (size_t)(slash - cfg->zone) + 1 : 0;
    char *dir = malloc(dn + 1);
    if (!dir) {
      free(buf);
      free(shown);
      input_error(cfg->zone, "out of memory");
      return EXIT_TROUBLE;
    }
    memcpy(dir, cfg->zone, dn);
    dir[dn] = '\0';
    rev_files rf = {cfg->since, dir};
    int zr =
        zone_read_text(buf, len, shown, domain, d, MTASTS_REVISION_PREVIOUS,
                       fetch_at_rev, &rf, NULL, &zerr);
    free(dir);
    free(buf);
    if (zr != 0) {
      free(shown);
      deploy_error(out, cfg->zone, zerr.text);
      return EXIT_TROUBLE;
    }
  }
  free(shown);
  if (cfg->file_count == 0 || strcmp(cfg->files[0], "-") == 0)
    return 0;
  rc = git_show(cfg->since, cfg->files[0], MAX_INPUT, &buf, &len, &shown, why,
                sizeof why);
  if (rc == GIT_SHOW_ERROR) {
    input_error(cfg->files[0], why);
    return EXIT_TROUBLE;
  }
  if (rc == GIT_SHOW_OK) {
    mtasts_status st = mtasts_deployment_set_policy(d, MTASTS_REVISION_PREVIOUS,
                                                    buf, len, shown);
    free(buf);
    if (st != MTASTS_OK) {
      free(shown);
      input_error(cfg->files[0], mtasts_status_name(st));
      return EXIT_TROUBLE;
    }
  }
  free(shown);
  return 0;
}

/* Reads the zone, the policy and the previous versions, and checks them as
 * one deployment; returns the exit status it calls for. */
static int lint_deployment(const config *cfg, out_ctx *out) {
  mtasts_options opt;
  set_options(cfg, &opt);
  mtasts_deployment *d = NULL;
  mtasts_deployment_result *res = NULL;
  char *domain = NULL;
  int status = EXIT_TROUBLE;
  zone_error zerr;
  if (mtasts_deployment_new(&opt, &d) != MTASTS_OK) {
    input_error(cfg->zone, "out of memory");
    return EXIT_TROUBLE;
  }
  if (zone_read(cfg->zone, cfg->zone, cfg->domain, d, MTASTS_REVISION_CURRENT,
                &domain, &zerr) != 0) {
    deploy_error(out, cfg->zone, zerr.text);
    goto done;
  }
  if (mtasts_deployment_set_domain(d, domain, strlen(domain)) != MTASTS_OK ||
      (cfg->file_count &&
       add_policy_file(d, MTASTS_REVISION_CURRENT, cfg->files[0]) != 0))
    goto done;
  if (cfg->previous_zone &&
      zone_read(cfg->previous_zone, cfg->previous_zone, domain, d,
                MTASTS_REVISION_PREVIOUS, NULL, &zerr) != 0) {
    deploy_error(out, cfg->zone, zerr.text);
    goto done;
  }
  if (cfg->previous_policy &&
      add_policy_file(d, MTASTS_REVISION_PREVIOUS, cfg->previous_policy) != 0)
    goto done;
  if (cfg->since && add_since(cfg, out, d, domain) != 0)
    goto done;
  mtasts_status st = mtasts_deployment_check(d, &res);
  if (st != MTASTS_OK) {
    input_error(cfg->zone, mtasts_status_name(st));
    goto done;
  }
  lint_result r = {cfg->zone, LINT_DEPLOYMENT, NULL, NULL, NULL, 0, res, NULL};
  r.policy = mtasts_deployment_result_policy(res, MTASTS_REVISION_CURRENT);
  out_result_source(out, &r, NULL);
  status = lint_result_valid(&r) ? EXIT_CLEAN : EXIT_FINDINGS;
done:
  mtasts_deployment_result_free(res);
  mtasts_deployment_free(d);
  free(domain);
  return status;
}

static int use_color(color_mode mode) {
  if (mode != COLOR_AUTO)
    return mode == COLOR_ALWAYS;
  /* https://no-color.org: any non-empty NO_COLOR turns colour off. */
  const char *no_color = getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && no_color[0]);
}

/* Lints every input in order; returns the exit status. */
static int run(const config *cfg) {
  out_ctx out;
  int status = EXIT_CLEAN;
  if (cfg->diff) {
    /* The output is the diff alone, which patch(1) applies. */
    for (size_t i = 0; i < cfg->file_count; i++)
      status = worse(status, lint_file(cfg, NULL, cfg->files[i], 0));
    for (size_t i = 0; i < cfg->list_count; i++)
      status = worse(status, lint_list(cfg, NULL, cfg->lists[i]));
    return status;
  }
  if (out_begin(&out, stdout, cfg->format, cfg->quiet, use_color(cfg->color),
                mtasts_version()) != 0) {
    fputs(PROG ": out of memory\n", stderr);
    return EXIT_TROUBLE;
  }
  if (cfg->zone) {
    status = lint_deployment(cfg, &out);
    if (out_end(&out) != 0) {
      fflush(stdout);
      fputs(PROG ": out of memory\n", stderr);
      status = EXIT_TROUBLE;
    }
    return status;
  }
  if (cfg->read_stdin)
    status = lint_file(cfg, &out, "-", 0);
  for (size_t i = 0; i < cfg->file_count; i++)
    status = worse(status, lint_file(cfg, &out, cfg->files[i], 0));
  for (size_t i = 0; i < cfg->list_count; i++)
    status = worse(status, lint_list(cfg, &out, cfg->lists[i]));
  if (cfg->sts_count)
    status = worse(status, lint_records(cfg, &out, LINT_STS_RECORD, cfg->sts,
                                        cfg->sts_count));
  if (cfg->tlsrpt_count)
    status = worse(status, lint_records(cfg, &out, LINT_TLSRPT_RECORD,
                                        cfg->tlsrpt, cfg->tlsrpt_count));
  if (out_end(&out) != 0) {
    fflush(stdout);
    fputs(PROG ": out of memory\n", stderr);
    status = EXIT_TROUBLE;
  }
  return status;
}

int main(int argc, char **argv) {
  config cfg;
  int status = EXIT_TROUBLE;
  memset(&cfg, 0, sizeof cfg);
  switch (parse_args(argc, argv, &cfg)) {
  case ARGS_RUN:
    status = run(&cfg);
    break;
  case ARGS_DONE:
    status = EXIT_CLEAN;
    break;
  case ARGS_NOMEM:
    fputs(PROG ": out of memory\n", stderr);
    break;
  default: /* ARGS_USAGE: already reported */
    break;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fputs(PROG ": write error on standard output\n", stderr);
    status = EXIT_TROUBLE;
  }
  free(cfg.mx);
  free(cfg.sts);
  free(cfg.tlsrpt);
  free(cfg.lists);
  return status;
}
