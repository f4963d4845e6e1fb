/* SPDX-License-Identifier: MIT */
/* Atomic file writes for mtasts-gen and mtasts-lint --fix. See atomic.h. */
/* POSIX.1-2008 with XSI (fchmod, fsync), and getrandom where there is one. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#include "input.h"

/* ---------------------------------------------------------------------- */
/* Temporary files, removed on a signal                                    */

/*
 * The temporary files that exist now, for the signal handler: the only
 * state of the tools that lives outside a call, as a handler can reach
 * nothing else. An entry is filled before it is marked used, and a tool
 * has at most three temporary files at a time (mtasts-gen).
 */
#define MAX_PENDING 4
#define TEMP_NAME_SIZE 16 /* ".mtasts-XXXXXX" and its NUL */

static struct {
  volatile sig_atomic_t used;
  int dirfd;
  char name[TEMP_NAME_SIZE];
} pending[MAX_PENDING];
static volatile sig_atomic_t handlers_set;

static void on_signal(int sig) {
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending[i].used)
      unlinkat(pending[i].dirfd, pending[i].name, 0);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void set_handlers(void) {
  if (handlers_set)
    return;
  handlers_set = 1;
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction sa, old;
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue; /* ignored by whoever started the tool: leave it so */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(sigs[i], &sa, NULL);
  }
}

/* The slot of a new pending file, or -1. */
static int pending_add(int dirfd, const char *name) {
  for (int i = 0; i < MAX_PENDING; i++) {
    if (!pending[i].used) {
      pending[i].dirfd = dirfd;
      memcpy(pending[i].name, name, TEMP_NAME_SIZE);
      pending[i].used = 1;
      return i;
    }
  }
  return -1;
}

static void pending_remove(int dirfd, const char *name) {
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending[i].used && pending[i].dirfd == dirfd &&
        strcmp(pending[i].name, name) == 0)
      pending[i].used = 0;
}

/* Random letters and digits for a temporary name. */
static void random_suffix(char *out, size_t n) {
  static const char set[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char r[16];
  size_t got = 0;
#if defined(__linux__)
  ssize_t k = getrandom(r, n, GRND_NONBLOCK);
  if (k > 0)
    got = (size_t)k;
#endif
  if (got < n) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
                 ((uint64_t)getpid() << 40) ^ (uint64_t)(uintptr_t)out;
    for (size_t i = got; i < n; i++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      r[i] = (unsigned char)x;
    }
  }
  for (size_t i = 0; i < n; i++)
    out[i] = set[r[i] % (sizeof set - 1)];
}

/* Creates ".mtasts-XXXXXX" in dirfd (mode 0600) and registers it for the
 * signal handler; name receives it. Returns the descriptor, or -1 with
 * errno set. */
static int temp_create(int dirfd, char name[TEMP_NAME_SIZE]) {
  set_handlers();
  for (int attempt = 0; attempt < 100; attempt++) {
    memcpy(name, ".mtasts-", 8);
    random_suffix(name + 8, 6);
    name[14] = '\0';
    int fd = openat(dirfd, name,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      if (pending_add(dirfd, name) < 0) {
        unlinkat(dirfd, name, 0);
        close(fd);
        errno = EMFILE;
        return -1;
      }
      return fd;
    }
    if (errno != EEXIST)
      return -1;
  }
  errno = EEXIST;
  return -1;
}

static void temp_remove(int dirfd, const char *name) {
  unlinkat(dirfd, name, 0);
  pending_remove(dirfd, name);
}

/* Writes data to fd and syncs it; returns 0 or an errno value. */
static int write_all(int fd, const char *data, size_t len) {
  for (size_t off = 0; off < len;) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0 && errno != EINTR)
      return errno;
    if (n > 0)
      off += (size_t)n;
  }
  return fsync(fd) != 0 ? errno : 0;
}

/* ---------------------------------------------------------------------- */
/* mtasts-gen: files by name                                               */

/* The directory part of path ("." when there is none), malloc'd. */
static char *dir_of(const char *path, const char **base) {
  const char *slash = strrchr(path, '/');
  size_t n = slash ? (size_t)(slash - path) : 0;
  if (slash && n == 0)
    n = 1; /* "/name" */
  char *dir = malloc(n + 2);
  if (!dir)
    return NULL;
  if (slash) {
    memcpy(dir, path, n);
    dir[n] = '\0';
  } else {
    strcpy(dir, ".");
  }
  if (base)
    *base = slash ? slash + 1 : path;
  return dir;
}

int cli_write_temp(const char *path, const char *data, size_t len, mode_t mode,
                   char **tmp) {
  *tmp = NULL;
  char *dir = dir_of(path, NULL);
  if (!dir)
    return ENOMEM;
  size_t dn = strlen(dir);
  char *full = malloc(dn + 1 + TEMP_NAME_SIZE);
  int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!full || dirfd < 0) {
    int err = full ? errno : ENOMEM;
    free(full);
    free(dir);
    if (dirfd >= 0)
      close(dirfd);
    return err;
  }
  char name[TEMP_NAME_SIZE];
  int fd = temp_create(dirfd, name);
  int err = fd < 0 ? errno : 0;
  if (!err && fchmod(fd, mode & 07777) != 0)
    err = errno;
  if (!err)
    err = write_all(fd, data, len);
  if (fd >= 0 && close(fd) != 0 && !err)
    err = errno;
  if (err) {
    if (fd >= 0)
      temp_remove(dirfd, name);
    close(dirfd);
    free(full);
    free(dir);
    return err;
  }
  /* The handler needs a directory descriptor that stays open until the
   * file is renamed or removed; this one does, and is closed then. */
  snprintf(full, dn + 1 + TEMP_NAME_SIZE, "%s/%s", dir, name);
  free(dir);
  *tmp = full;
  return 0;
}

/* The pending entry of the temporary file named full, after the last '/'. */
static int pending_of(const char *full, int *dirfd, const char **name) {
  const char *slash = strrchr(full, '/');
  const char *base = slash ? slash + 1 : full;
  for (int i = 0; i < MAX_PENDING; i++) {
    if (pending[i].used && strcmp(pending[i].name, base) == 0) {
      *dirfd = pending[i].dirfd;
      *name = pending[i].name;
      return i;
    }
  }
  return -1;
}

int cli_commit_temp(char *tmp, const char *path) {
  int err = rename(tmp, path) != 0 ? errno : 0;
  int dirfd;
  const char *name;
  int i = pending_of(tmp, &dirfd, &name);
  if (err)
    unlink(tmp);
  if (i >= 0) {
    pending[i].used = 0;
    close(dirfd);
  }
  return err;
}

void cli_drop_temp(char *tmp) {
  int dirfd;
  const char *name;
  int i = pending_of(tmp, &dirfd, &name);
  unlink(tmp);
  if (i >= 0) {
    pending[i].used = 0;
    close(dirfd);
  }
}

/* ---------------------------------------------------------------------- */
/* mtasts-lint --fix: one file, resolved once                              */

/* 1 when path names an open file descriptor rather than a file: standard
 * input and the like, whose "file" is whatever the shell redirected. */
static int names_descriptor(const char *p) {
  return strncmp(p, "/proc/", 6) == 0 || strncmp(p, "/dev/fd/", 8) == 0 ||
         strcmp(p, "/dev/stdin") == 0 || strcmp(p, "/dev/stdout") == 0 ||
         strcmp(p, "/dev/stderr") == 0;
}

/* 1 when path, or a symbolic link it leads through as its last component,
 * names a descriptor (/dev/stdin -> /proc/self/fd/0 -> the redirected
 * file). */
static int through_descriptor(const char *path) {
  char cur[PATH_MAX], next[PATH_MAX];
  if (strlen(path) >= sizeof cur)
    return 0;
  strcpy(cur, path);
  for (int hop = 0; hop < 40; hop++) {
    if (names_descriptor(cur))
      return 1;
    ssize_t n = readlink(cur, next, sizeof next - 1);
    if (n < 0)
      return 0;
    next[n] = '\0';
    if (next[0] == '/') {
      memcpy(cur, next, (size_t)n + 1);
    } else {
      char *slash = strrchr(cur, '/');
      size_t dn = slash ? (size_t)(slash - cur) + 1 : 0;
      if (dn + (size_t)n + 1 > sizeof cur)
        return 0;
      memcpy(cur + dn, next, (size_t)n + 1);
    }
  }
  return 0;
}

/* 1 when st is the file open as standard input, output or error. */
static int is_std_stream(const struct stat *st) {
  for (int fd = 0; fd <= 2; fd++) {
    struct stat s;
    if (fstat(fd, &s) == 0 && s.st_dev == st->st_dev && s.st_ino == st->st_ino)
      return 1;
  }
  return 0;
}

int cli_edit_open(const char *path, size_t max, int write, cli_edit *e,
                  char **buf, size_t *len, const char **why) {
  memset(e, 0, sizeof *e);
  e->dirfd = -1;
  *buf = NULL;
  *len = 0;
  *why = NULL;
  if (through_descriptor(path)) {
    *why = "names an open file descriptor (standard input or the like), not "
           "a file to edit";
    return -1;
  }
  /* A symbolic link is resolved here, once; from now on the file is named
   * by the directory kept open and a name without '/' in it. */
  struct stat ls;
  char *real = NULL;
  if (lstat(path, &ls) != 0)
    return errno;
  if (S_ISLNK(ls.st_mode)) {
    real = realpath(path, NULL);
    if (!real)
      return errno;
    path = real;
  }
  const char *base;
  char *dir = dir_of(path, &base);
  if (!dir) {
    free(real);
    return ENOMEM;
  }
  e->base = strdup(base);
  e->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int err = !e->base ? ENOMEM : e->dirfd < 0 ? errno : 0;
  free(dir);
  free(real);
  if (err) {
    cli_edit_close(e);
    return err;
  }
  /* O_NOFOLLOW: a symbolic link put in its place since is not followed;
   * O_NONBLOCK: a FIFO does not hang the open. */
  int fd = openat(e->dirfd, e->base,
                  O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    cli_edit_close(e);
    if (err == ELOOP) {
      *why = "was replaced by a symbolic link while being opened; not edited";
      return -1;
    }
    return err;
  }
  if (fstat(fd, &e->st) != 0) {
    err = errno;
  } else if (!S_ISREG(e->st.st_mode)) {
    *why = S_ISFIFO(e->st.st_mode)
               ? "is a FIFO, not a regular file: --fix edits regular files"
           : S_ISDIR(e->st.st_mode)
               ? "is a directory: --fix edits regular files"
               : "is not a regular file: --fix edits regular files";
  } else if (is_std_stream(&e->st)) {
    *why = "is open as standard input or output: --fix does not edit it";
  } else if (write && (e->st.st_mode & 0222) == 0) {
    *why = "is read-only (no write permission bit): not edited";
  } else if (write && faccessat(e->dirfd, e->base, W_OK, AT_EACCESS) != 0) {
    *why = errno == EACCES || errno == EPERM || errno == EROFS
               ? "cannot be written by this user: not edited"
               : NULL;
    err = *why ? 0 : errno;
  } else {
    err = cli_read_fd(fd, max, buf, len);
  }
  close(fd);
  if (err || *why) {
    cli_edit_close(e);
    return err ? err : -1;
  }
  return 0;
}

/* 1 when the entry still names the file read, unchanged. */
static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
         a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
         a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int cli_edit_replace(cli_edit *e, const char *data, size_t len,
                     const char **why) {
  *why = NULL;
  char name[TEMP_NAME_SIZE];
  int fd = temp_create(e->dirfd, name);
  if (fd < 0)
    return errno;
  int err = 0;
  mode_t mode = e->st.st_mode & 07777;
  /* The owner and group of the original, when this user may give them;
   * else no set-user-ID or set-group-ID bit on a file of another owner. */
  if (e->st.st_uid != geteuid() || e->st.st_gid != getegid()) {
    if (fchown(fd, e->st.st_uid, e->st.st_gid) != 0)
      (void)!fchown(fd, (uid_t)-1, e->st.st_gid);
  }
  struct stat t;
  if (fstat(fd, &t) != 0)
    err = errno;
  else if (t.st_uid != e->st.st_uid || t.st_gid != e->st.st_gid)
    mode &= ~(mode_t)(S_ISUID | S_ISGID);
  if (!err && fchmod(fd, mode) != 0)
    err = errno;
  if (!err)
    err = write_all(fd, data, len);
  if (close(fd) != 0 && !err)
    err = errno;
#ifdef MTASTS_TEST_HOOKS
  /* Test builds only (mtasts-lint-test, never installed): a command run
   * between the write and the check, so that a test can change the file
   * there, deterministically (tests/security/fix-swap.sh). */
  const char *hook = getenv("MTASTS_TEST_BEFORE_REPLACE");
  if (!err && hook)
    (void)!system(hook);
#endif
  struct stat now;
  if (!err && fstatat(e->dirfd, e->base, &now, AT_SYMLINK_NOFOLLOW) != 0)
    err = errno;
  if (!err && !same_file(&now, &e->st)) {
    *why = "changed or was replaced after it was read: not edited (run "
           "again)";
    err = -1;
  }
  if (!err && renameat(e->dirfd, name, e->dirfd, e->base) != 0)
    err = errno;
  if (err) {
    temp_remove(e->dirfd, name);
    return err;
  }
  pending_remove(e->dirfd, name);
  (void)fsync(e->dirfd);
  return 0;
}

void cli_edit_close(cli_edit *e) {
  if (e->dirfd >= 0)
    close(e->dirfd);
  e->dirfd = -1;
  free(e->base);
  e->base = NULL;
}
