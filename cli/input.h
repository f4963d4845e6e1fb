/* SPDX-License-Identifier: MIT */
/*
 * Reading a whole input with a size limit, shared by mtasts-lint and
 * mtasts-gen.
 */
#ifndef MTASTS_CLI_INPUT_H
#define MTASTS_CLI_INPUT_H

#include <stddef.h>

/*
 * Reads everything from fd into a malloc'd buffer (*out, *out_len; the
 * caller frees it). Returns 0, or an errno value: EISDIR for a directory,
 * EFBIG when the input is larger than max bytes, ENOMEM, or what read
 * failed with. Nothing is allocated on failure.
 */
int cli_read_fd(int fd, size_t max, char **out, size_t *out_len);

/* The same for the file of that name, taken as is. */
int cli_read_file(const char *path, size_t max, char **out, size_t *out_len);

/* The same, with more flags for open(2) (O_NOFOLLOW: ELOOP for a symbolic
 * link). */
int cli_read_file_flags(const char *path, int oflags, size_t max, char **out,
                        size_t *out_len);

/* The same for a file name; "-" is standard input. */
int cli_read_path(const char *path, size_t max, char **out, size_t *out_len);

#endif
