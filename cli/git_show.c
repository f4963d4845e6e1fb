/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: files at a git revision. git runs with an argument vector
 * (fork and execvp, no shell), so neither the revision nor the path is
 * ever interpreted by a shell. A path is taken relative to the top of the
 * work tree (git rev-parse --show-prefix), which is what "REV:PATH" means
 * to git.
 */
#define _POSIX_C_SOURCE 200809L

#include "git_show.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "input.h"

/*
 * Runs git with argv (argv[0] is "git"), its standard output read into
 * *out (up to max bytes) and its standard error discarded. Returns git's
 * exit status, or -1 when it cannot be run or read.
 */
static int run_git(char *const argv[], size_t max, char **out,
                   size_t *out_len) {
  int fds[2];
  *out = NULL;
  *out_len = 0;
  if (pipe(fds) != 0)
    return -1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, STDIN_FILENO);
      dup2(null, STDERR_FILENO);
    }
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execvp("git", argv);
    _exit(127);
  }
  close(fds[1]);
  int err = cli_read_fd(fds[0], max, out, out_len);
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      free(*out);
      *out = NULL;
      return -1;
    }
  }
  if (err) {
    free(*out);
    *out = NULL;
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Normalises a path from the top of the work tree in place: "." and empty
 * components dropped, ".." taking one back, as "REV:PATH" needs (git does
 * not resolve them there). Returns 0, or -1 when it goes above the top.
 */
static int normalise(char *p) {
  size_t o = 0, i = 0, n = strlen(p);
  while (i < n) {
    size_t e = i;
    while (e < n && p[e] != '/')
      e++;
    size_t k = e - i;
    if (k == 0 || (k == 1 && p[i] == '.')) {
      /* nothing */
    } else if (k == 2 && p[i] == '.' && p[i + 1] == '.') {
      if (o == 0)
        return -1;
      o--;
      while (o > 0 && p[o - 1] != '/')
        o--;
    } else {
      memmove(p + o, p + i, k);
      o += k;
      p[o++] = '/';
    }
    i = e + 1;
  }
  p[o > 0 ? o - 1 : 0] = '\0';
  return 0;
}

/* Drops the line end git prints after a value. */
static void chomp(char *s, size_t *n) {
  while (*n > 0 && (s[*n - 1] == '\n' || s[*n - 1] == '\r'))
    (*n)--;
  s[*n] = '\0';
}

/* Output of a one-line git query, NUL-terminated; NULL on failure. */
static char *git_line(char *const argv[]) {
  char *out;
  size_t n;
  int rc = run_git(argv, 1 << 20, &out, &n);
  if (rc != 0) {
    free(out);
    return NULL;
  }
  char *s = realloc(out, n + 1);
  if (!s) {
    free(out);
    return NULL;
  }
  chomp(s, &n);
  return s;
}

int git_show(const char *rev, const char *path, size_t max, char **out,
             size_t *out_len, char **shown, char *why, size_t cap) {
  *out = NULL;
  *out_len = 0;
  *shown = NULL;
  char *commit = malloc(strlen(rev) + 16);
  if (!commit) {
    snprintf(why, cap, "out of memory");
    return GIT_SHOW_ERROR;
  }
  sprintf(commit, "%s^{commit}", rev);
  char *verify[] = {"git", "rev-parse", "--verify", "--quiet", commit, NULL};
  char *id = git_line(verify);
  free(commit);
  if (!id) {
    snprintf(why, cap,
             "--since %s: not a revision of a git repository here (or git "
             "cannot be run)",
             rev);
    return GIT_SHOW_ERROR;
  }
  free(id);
  /* The path from the top of the work tree. */
  char *rel = NULL;
  if (path[0] == '/') {
    char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
    char *top = git_line(top_argv);
    size_t tn = top ? strlen(top) : 0;
    if (top && strncmp(path, top, tn) == 0 && path[tn] == '/')
      rel = strdup(path + tn + 1);
    free(top);
  } else {
    char *prefix_argv[] = {"git", "rev-parse", "--show-prefix", NULL};
    char *prefix = git_line(prefix_argv);
    if (prefix) {
      const char *p = path;
      rel = malloc(strlen(prefix) + strlen(p) + 1);
      if (rel)
        sprintf(rel, "%s%s", prefix, p);
    }
    free(prefix);
  }
  if (!rel || normalise(rel) != 0 || rel[0] == '\0') {
    free(rel);
    snprintf(why, cap, "%s: not inside the git work tree", path);
    return GIT_SHOW_ERROR;
  }
  char *spec = malloc(strlen(rev) + strlen(rel) + 2);
  if (!spec) {
    free(rel);
    snprintf(why, cap, "out of memory");
    return GIT_SHOW_ERROR;
  }
  sprintf(spec, "%s:%s", rev, rel);
  free(rel);
  char *exists[] = {"git", "cat-file", "-e", spec, NULL};
  char *dummy;
  size_t dn;
  int rc = run_git(exists, 16, &dummy, &dn);
  free(dummy);
  if (rc != 0) {
    if (rc < 0) {
      snprintf(why, cap, "%s: git cannot be run", spec);
      free(spec);
      return GIT_SHOW_ERROR;
    }
    *shown = spec;
    return GIT_SHOW_ABSENT;
  }
  char *show[] = {"git", "cat-file", "blob", spec, NULL};
  rc = run_git(show, max, out, out_len);
  if (rc != 0) {
    free(*out);
    *out = NULL;
    snprintf(why, cap, "%s: git cannot read it", spec);
    free(spec);
    return GIT_SHOW_ERROR;
  }
  *shown = spec;
  return GIT_SHOW_OK;
}
