/* SPDX-License-Identifier: MIT */
/*
 * Reporting command-line mistakes, shared by mtasts-lint and mtasts-gen so
 * that both tools word them alike.
 */
#ifndef MTASTS_CLI_OPTIONS_H
#define MTASTS_CLI_OPTIONS_H

#include <getopt.h>

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PRINTF_LIKE(fmt, args)
#endif

/* "PROG: MESSAGE" and a pointer to --help, on stderr. */
void cli_usage_error(const char *prog, const char *fmt, ...) PRINTF_LIKE(2, 3);

/*
 * Reports the option getopt_long refused (c is what it returned: '?' or
 * ':'). The caller sets opterr to 0, so getopt printed nothing; it left the
 * option's value in optopt: a long option's value, a short option's
 * character, or 0 for an unknown long option, which is argv[optind - 1].
 * shortopts is the string given to getopt_long, starting with ':'.
 */
void cli_bad_option(const char *prog, const struct option *longopts,
                    const char *shortopts, int c, int argc, char **argv);

#endif
