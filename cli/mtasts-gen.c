/* SPDX-License-Identifier: MIT */
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mtasts/mtasts.h>

#include "gen.h"
#include "gen_server.h"
#include "json.h"

/* ---------------------------------------------------------------------- */
/* The run                                                                 */

/*
 * The absolute path that --output-dir DIR will have once created: the real
 * path of its longest part that exists, then the rest as written. NULL
 * when out of memory or nothing of it can be resolved.
 */
static char *path_to_be(const char *dir) {
  size_t n = strlen(dir);
  char *p = strdup(dir);
  if (!p)
    return NULL;
  for (;;) {
    char *real = realpath(n ? p : ".", NULL);
    if (real) {
      const char *rest = dir + n;
      while (*rest == '/')
        rest++;
      size_t rn = strlen(real), tn = strlen(rest);
      char *out = malloc(rn + tn + 2);
      if (out) {
        memcpy(out, real, rn);
        out[rn] = '/';
        memcpy(out + rn + 1, rest, tn + 1);
        if (!tn)
          out[rn] = '\0';
      }
      free(real);
      free(p);
      return out;
    }
    if (n == 0)
      break;
    while (n > 0 && p[n - 1] != '/')
      n--; /* drop the last component */
    while (n > 1 && p[n - 1] == '/')
      n--;
    if (n == 1 && p[0] == '/') {
      p[1] = '\0';
    } else {
      p[n] = '\0';
      if (n > 0 && p[n - 1] == '/')
        p[--n] = '\0';
    }
  }
  free(p);
  return NULL;
}

/* Builds, writes and prints; returns the exit status. */
static int run(const config *cfg) {
  gen g;
  char **files = NULL;
  size_t nfiles = 0;
  memset(&g, 0, sizeof g);
  g.cfg = cfg;
  int rc = gen_build(&g);
  if (rc == 0 && cfg->server != SERVER_NONE) {
    if (cfg->output_dir) {
      /* The path is checked before anything is created. */
      char *future = path_to_be(cfg->output_dir);
      if (future && !gen_server_path_ok(future)) {
        char *shown = cli_name(future);
        gen_fail("%s: the path holds characters that cannot stand in a "
                 "server configuration; choose another --output-dir",
                 shown ? shown : "--output-dir");
        free(shown);
        free(future);
        gen_release(&g);
        return EXIT_TROUBLE;
      }
      free(future);
      int err = gen_make_dirs(cfg->output_dir);
      g.root = err ? NULL : realpath(cfg->output_dir, NULL);
      if (!g.root) {
        gen_fail("%s: %s", cfg->output_dir, strerror(err ? err : errno));
        rc = EXIT_TROUBLE;
      } else if (!gen_server_path_ok(g.root)) {
        gen_fail("%s: the path holds characters that cannot stand in a server "
                 "configuration; choose another --output-dir",
                 g.root);
        rc = EXIT_TROUBLE;
      }
    }
    if (rc == 0 && !(g.server = gen_build_server(&g))) {
      gen_fail("out of memory");
      rc = EXIT_TROUBLE;
    }
  }
  if (rc == 0 && cfg->output_dir)
    rc = gen_write_files(&g, &files, &nfiles);
  if (rc == 0) {
    if (cfg->format == FORMAT_JSON) {
      gen_print_json(&g, files, nfiles);
    } else if (!cfg->output_dir) {
      gen_print_text(&g);
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
  switch (gen_parse_args(argc, argv, &cfg)) {
  case ARGS_RUN:
    if (cfg.list_presets) {
      gen_list_presets(stdout);
      status = EXIT_OK;
    } else {
      status = run(&cfg);
    }
    break;
  case ARGS_DONE:
    status = EXIT_OK;
    break;
  case ARGS_NOMEM:
    gen_fail("out of memory");
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
