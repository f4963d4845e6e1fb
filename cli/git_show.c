/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: files at a git revision. git runs with an argument vector
 * (fork and execvp, no shell), so neither the revision nor the path is
 * ever interpreted by a shell. git runs in the repository that holds the
 * file (git -C DIR, DIR its real directory: a submodule, or a repository
 * reached through a symbolic link), and the path is taken from the top of
 * that work tree, which is what "REV:PATH" means to git.
 */
#define _XOPEN_SOURCE 700 /* realpath */

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

/* The real location of path: its directory resolved (realpath), then its
 * last component as it is, so that a file that is a symbolic link is
 * looked up as what git tracks, the link. malloc'd; NULL with errno. */
static char *real_location(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
  if (!dir)
    return NULL;
  char *rdir = realpath(dir, NULL);
  free(dir);
  if (!rdir)
    return NULL;
  if (strcmp(base, "") == 0 || strcmp(base, ".") == 0 ||
      strcmp(base, "..") == 0) {
    free(rdir);
    errno = EISDIR;
    return NULL;
  }
  char *full = malloc(strlen(rdir) + strlen(base) + 2);
  if (full)
    sprintf(full, "%s%s%s", rdir, strcmp(rdir, "/") == 0 ? "" : "/", base);
  free(rdir);
  return full;
}

/* How the tree of a revision holds a path (git ls-tree): its mode, or 0
 * when it has no such entry; -1 when git fails. */
static long tree_mode(const char *top, const char *rev, const char *rel) {
  char *out;
  size_t n;
  char *argv[] = {"git",       "-C", (char *)top, "ls-tree", "-z",
                  (char *)rev, "--", (char *)rel, NULL};
  if (run_git(argv, 1 << 16, &out, &n) != 0) {
    free(out);
    return -1;
  }
  long mode = 0;
  if (n > 0)
    mode = strtol(out, NULL, 8);
  free(out);
  return mode;
}

/* 1 when git tracks rel in the index of the repository at top. */
static int tracked(const char *top, const char *rel) {
  char *out;
  size_t n;
  char *argv[] = {"git",         "-C", (char *)top, "ls-files", "-z",
                  "--full-name", "--", (char *)rel, NULL};
  int rc = run_git(argv, 1 << 16, &out, &n);
  free(out);
  return rc == 0 && n > 0;
}

int git_show(const char *rev, const char *path, size_t max, char **out,
             size_t *out_len, char **shown, char *why, size_t cap) {
  *out = NULL;
  *out_len = 0;
  *shown = NULL;
  /* git runs in the repository that holds the file (a submodule, or one
   * reached through a symbolic link), at the file's real location. */
  char *real = real_location(path);
  if (!real) {
    snprintf(why, cap, "%s: %s", path, strerror(errno));
    return GIT_SHOW_ERROR;
  }
  char *dir = strndup(real, (size_t)(strrchr(real, '/') - real) + 1);
  char *top_argv[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", NULL};
  char *top = dir ? git_line(top_argv) : NULL;
  free(dir);
  size_t tn = top ? strlen(top) : 0;
  if (!top || strncmp(real, top, tn) != 0 || real[tn] != '/') {
    snprintf(why, cap, "%s: not inside a git work tree", path);
    free(top);
    free(real);
    return GIT_SHOW_ERROR;
  }
  char *rel = strdup(real + tn + 1);
  free(real);
  char *commit = malloc(strlen(rev) + 16);
  if (!rel || !commit) {
    free(rel);
    free(commit);
    free(top);
    snprintf(why, cap, "out of memory");
    return GIT_SHOW_ERROR;
  }
  sprintf(commit, "%s^{commit}", rev);
  char *verify[] = {"git",      "-C",      top,    "rev-parse",
                    "--verify", "--quiet", commit, NULL};
  char *id = git_line(verify);
  free(commit);
  if (!id) {
    snprintf(why, cap,
             "--since %s: not a revision of the git repository %s (or git "
             "cannot be run)",
             rev, top);
    free(rel);
    free(top);
    return GIT_SHOW_ERROR;
  }
  free(id);
  /* A symbolic link at the revision (mode 120000) is followed inside the
   * repository, as the work tree's link would be; a few hops at most. */
  long mode = 0;
  for (int hop = 0;; hop++) {
    if (normalise(rel) != 0 || rel[0] == '\0') {
      snprintf(why, cap,
               "%s: at %s, a symbolic link leads outside the repository", path,
               rev);
      mode = -2;
      break;
    }
    mode = tree_mode(top, rev, rel);
    if (mode != 0120000)
      break;
    char *lspec = malloc(strlen(rev) + strlen(rel) + 2);
    char *target = NULL;
    size_t ln = 0;
    if (lspec) {
      sprintf(lspec, "%s:%s", rev, rel);
      char *blob[] = {"git", "-C", top, "cat-file", "blob", lspec, NULL};
      if (run_git(blob, 4096, &target, &ln) != 0) {
        free(target);
        target = NULL;
      }
      free(lspec);
    }
    char *tt = target ? realloc(target, ln + 1) : NULL;
    if (!tt || hop >= 8 || ln == 0 || tt[0] == '/' || memchr(tt, '\0', ln)) {
      free(tt ? tt : target);
      snprintf(why, cap,
               "%s: at %s, a symbolic link that cannot be followed inside "
               "the repository",
               path, rev);
      mode = -2;
      break;
    }
    tt[ln] = '\0';
    char *slash = strrchr(rel, '/');
    size_t dn = slash ? (size_t)(slash - rel) + 1 : 0;
    char *next = malloc(dn + ln + 1);
    if (next) {
      memcpy(next, rel, dn);
      memcpy(next + dn, tt, ln + 1);
    }
    free(tt);
    free(rel);
    rel = next;
    if (!rel) {
      free(top);
      snprintf(why, cap, "out of memory");
      return GIT_SHOW_ERROR;
    }
  }
  if (mode < 0 || (mode != 0 && (mode & 0170000) != 0100000)) {
    if (mode == -1)
      snprintf(why, cap, "%s: git cannot read revision %s", path, rev);
    else if (mode > 0)
      snprintf(why, cap, "%s: at %s, not a file (a %s)", path, rev,
               mode == 0160000 ? "submodule" : "directory");
    free(rel);
    free(top);
    return GIT_SHOW_ERROR;
  }
  char *spec = malloc(strlen(rev) + strlen(rel) + 2);
  if (!spec) {
    free(rel);
    free(top);
    snprintf(why, cap, "out of memory");
    return GIT_SHOW_ERROR;
  }
  sprintf(spec, "%s:%s", rev, rel);
  if (mode == 0) {
    /* Absent at the revision: new, when the repository tracks it now;
     * else it is not the repository's file, and nothing is known of it. */
    int is_tracked = tracked(top, rel);
    free(rel);
    if (!is_tracked) {
      snprintf(why, cap,
               "%s: not tracked by the git repository %s, so its version at "
               "%s is not known (git add it, or give the previous version "
               "with --previous-zone/--previous-policy)",
               path, top, rev);
      free(spec);
      free(top);
      return GIT_SHOW_ERROR;
    }
    free(top);
    *shown = spec;
    return GIT_SHOW_ABSENT;
  }
  free(rel);
  char *show[] = {"git", "-C", top, "cat-file", "blob", spec, NULL};
  int rc = run_git(show, max, out, out_len);
  free(top);
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
