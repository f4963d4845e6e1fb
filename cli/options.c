/* SPDX-License-Identifier: MIT */
/* Reporting command-line mistakes (see options.h). */
#define _POSIX_C_SOURCE 200809L

#include "options.h"

#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_usage_error(const char *prog, const char *fmt, ...) {
  va_list ap;
  fflush(stdout); /* keep stdout and stderr in order on a terminal */
  fprintf(stderr, "%s: ", prog);
  /* The message quotes what was typed (an option's value, a name read
   * from a list), which may hold ESC, CR or a newline: it is written as
   * names are, one line with control bytes escaped. */
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (msg) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cli_name_write(stderr, msg);
    free(msg);
  } else {
    fputs("out of memory", stderr);
  }
  fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
}

static const char *long_name(const struct option *longopts, int val) {
  for (const struct option *lo = longopts; lo->name; lo++)
    if (lo->val == val)
      return lo->name;
  return "?";
}

void cli_bad_option(const char *prog, const struct option *longopts,
                    const char *shortopts, int c, int argc, char **argv) {
  if (c == ':') {
    /* Only long options take an argument. */
    cli_usage_error(prog, "option '--%s' needs an argument",
                    long_name(longopts, optopt));
  } else if (optopt >= 256 || (optopt != 0 && strchr(shortopts + 1, optopt))) {
    /* A known option refused only because of a value: --strict=yes. */
    cli_usage_error(prog, "option '--%s' takes no argument",
                    long_name(longopts, optopt));
  } else if (optopt != 0) {
    cli_usage_error(prog, "unknown option '-%c'", optopt);
  } else {
    /* An unknown or ambiguous long option; name it without its value. */
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    size_t len = strcspn(arg, "=");
    size_t matches = 0;
    for (const struct option *lo = longopts; lo->name; lo++)
      if (len > 2 && strncmp(lo->name, arg + 2, len - 2) == 0)
        matches++;
    int shown = len < 60 ? (int)len : 60;
    cli_usage_error(prog, "%s option '%.*s'",
                    matches > 1 ? "ambiguous" : "unknown", shown, arg);
  }
}
