/* SPDX-License-Identifier: MIT */
/* Reading whole inputs with a size limit (see input.h). */
#define _POSIX_C_SOURCE 200809L

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first read buffer; it doubles up to max + 1. */
static const size_t first_chunk = (size_t)64 * 1024;

int cli_read_fd(int fd, size_t max, char **out, size_t *out_len) {
  char *buf = NULL;
  size_t len = 0, cap = 0;
  struct stat st;
  *out = NULL;
  *out_len = 0;
  if (fstat(fd, &st) != 0)
    return errno;
  if (S_ISDIR(st.st_mode))
    return EISDIR;
  if (S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size > max)
    return EFBIG;
  for (;;) {
    if (len == cap) {
      if (cap > max) {
        free(buf);
        return EFBIG;
      }
      size_t ncap = cap ? cap * 2 : first_chunk;
      if (ncap > max + 1)
        ncap = max + 1;
      char *nbuf = realloc(buf, ncap);
      if (!nbuf) {
        free(buf);
        return ENOMEM;
      }
      buf = nbuf;
      cap = ncap;
    }
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      int err = errno;
      free(buf);
      return err;
    }
    if (n == 0)
      break;
    len += (size_t)n;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

int cli_read_file(const char *path, size_t max, char **out, size_t *out_len) {
  return cli_read_file_flags(path, 0, max, out, out_len);
}

int cli_read_file_flags(const char *path, int oflags, size_t max, char **out,
                        size_t *out_len) {
  int fd;
  *out = NULL;
  *out_len = 0;
  do
    fd = open(path, O_RDONLY | O_CLOEXEC | oflags);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return errno;
  int err = cli_read_fd(fd, max, out, out_len);
  close(fd);
  return err;
}

int cli_read_path(const char *path, size_t max, char **out, size_t *out_len) {
  if (strcmp(path, "-") == 0)
    return cli_read_fd(STDIN_FILENO, max, out, out_len);
  return cli_read_file(path, max, out, out_len);
}
