/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen --output-dir: the files are each written to a temporary file
 * beside their final name, synced, then all renamed into place, so that a
 * web server never serves half a policy.
 */
/* POSIX.1-2008 with XSI: strdup, umask (the temporary files: atomic.c). */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "atomic.h"
#include "gen.h"

/* mkdir -p. Returns 0 or an errno value. */
int gen_make_dirs(const char *path) {
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
  f->path = strdup(path);
  if (!f->path)
    return ENOMEM;
  mode_t mask = umask(0);
  umask(mask);
  return cli_write_temp(path, data, len, 0644 & ~mask, &f->tmp);
}

/* Writes the files of --output-dir: each into a temporary file first, then
 * all renamed into place. Returns 0, or an exit status after reporting. */
int gen_write_files(const gen *g, char ***written, size_t *nwritten) {
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
  if (!err && (err = gen_make_dirs(wk)) != 0)
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
    err = cli_commit_temp(f[i].tmp, f[i].path);
    if (err)
      bad = f[i].path;
    free(f[i].tmp);
    f[i].tmp = NULL;
  }
  if (err)
    gen_fail("%s: %s", bad, strerror(err));
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
      cli_drop_temp(f[i].tmp);
    free(f[i].tmp);
    free(f[i].path);
  }
  for (size_t i = 0; i < nout; i++)
    free(out[i].path);
  free(wk);
  return err ? EXIT_TROUBLE : 0;
}
