/* SPDX-License-Identifier: MIT */
/*
 * A main for the fuzz harnesses when libFuzzer is not used: runs
 * LLVMFuzzerTestOneInput once on every file named on the command line, and on
 * every file under every directory named there (in name order; names that
 * start with '.' are skipped). Arguments that start with '-' are ignored, so
 * libFuzzer-style flags do no harm.
 *
 * Exit status: 0 when every input ran (a harness aborts on a violated
 * invariant), 1 when a path could not be read, 2 on a usage error.
 */
#define _POSIX_C_SOURCE 200809L

#include "fuzz_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Runs the harness on one file; returns 0, or -1 when it cannot be read. */
static int run_file(const char *path, size_t *runs) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  int bad = ferror(f) || !buf;
  fclose(f);
  if (bad) {
    fprintf(stderr, "replay: %s: read error\n", path);
    free(buf);
    return -1;
  }
  /* An exact-size copy, so that a read past the input is caught under
   * AddressSanitizer as it would be by libFuzzer. */
  uint8_t *data = (uint8_t *)fu_dup(buf, n);
  free(buf);
  LLVMFuzzerTestOneInput(data, n);
  free(data);
  (*runs)++;
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, size_t *runs);

/* Runs every entry of a directory, in name order. */
static int run_dir(const char *path, size_t *runs) {
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while (rc == 0 && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = -1;
        break;
      }
      names = nn;
    }
    size_t len = strlen(path) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) {
      rc = -1;
      break;
    }
    snprintf(names[n], len, "%s/%s", path, e->d_name);
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    if (rc == 0)
      rc = run_path(names[i], runs);
    free(names[i]);
  }
  free(names);
  return rc;
}

static int run_path(const char *path, size_t *runs) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  return S_ISDIR(st.st_mode) ? run_dir(path, runs) : run_file(path, runs);
}

int main(int argc, char **argv) {
  size_t runs = 0;
  int paths = 0, rc = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-')
      continue;
    paths++;
    if (run_path(argv[i], &runs) != 0)
      rc = 1;
  }
  if (!paths) {
    fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  printf("replayed %zu inputs\n", runs);
  return rc;
}
