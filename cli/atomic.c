/* SPDX-License-Identifier: MIT */
/* Atomic file writes for mtasts-gen and mtasts-lint --fix. See atomic.h. */
/* POSIX.1-2008 with XSI: mkstemp, fchmod, fsync. */
#define _XOPEN_SOURCE 700

#include "atomic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_write_temp(const char *path, const char *data, size_t len, mode_t mode,
                   char **tmp) {
  *tmp = NULL;
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  size_t cap = strlen(path) + 16;
  char *name = malloc(cap);
  if (!name)
    return ENOMEM;
  /* ".NAME.XXXXXX" in the same directory, so that rename is atomic. */
  snprintf(name, cap, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
  int fd = mkstemp(name);
  if (fd < 0) {
    int err = errno;
    free(name);
    return err;
  }
  int err = 0;
  if (fchmod(fd, mode & 07777) != 0)
    err = errno;
  for (size_t off = 0; !err && off < len;) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0 && errno != EINTR)
      err = errno;
    else if (n > 0)
      off += (size_t)n;
  }
  if (!err && fsync(fd) != 0)
    err = errno;
  if (close(fd) != 0 && !err)
    err = errno;
  if (err) {
    unlink(name);
    free(name);
    return err;
  }
  *tmp = name;
  return 0;
}

int cli_replace_file(const char *path, const char *data, size_t len) {
  struct stat st;
  if (stat(path, &st) != 0)
    return errno;
  if (!S_ISREG(st.st_mode))
    return EINVAL;
  /* A symbolic link stays one: the file it points to is replaced. */
  char *real = NULL;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    real = realpath(path, NULL);
    if (!real)
      return errno;
    path = real;
    if (stat(path, &st) != 0) {
      int err = errno;
      free(real);
      return err;
    }
  }
  char *tmp;
  int err = cli_write_temp(path, data, len, st.st_mode, &tmp);
  if (!err) {
    if (rename(tmp, path) != 0) {
      err = errno;
      unlink(tmp);
    }
    free(tmp);
  }
  free(real);
  return err;
}
