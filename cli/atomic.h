/* SPDX-License-Identifier: MIT */
/*
 * Writing a file atomically, for both tools: the data goes to a temporary
 * file beside the final name (same directory, so that rename(2) is atomic),
 * is synced, then renamed over it. A reader sees the old file or the new
 * one, never half of either.
 */
#ifndef MTASTS_CLI_ATOMIC_H
#define MTASTS_CLI_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Writes data[0..len) to a new temporary file ".NAME.XXXXXX" beside path,
 * with the permission bits mode, and syncs it. On success *tmp is its name
 * (malloc'd; the caller renames it into place, or unlinks it, then frees
 * it). Returns 0, or an errno value (nothing is left behind then).
 */
int cli_write_temp(const char *path, const char *data, size_t len, mode_t mode,
                   char **tmp);

/*
 * Replaces the existing regular file at path by data, atomically, keeping
 * its permission bits; through a symbolic link, the file it points to is
 * replaced and the link kept. Returns 0, or an errno value (the file is
 * unchanged; EINVAL: not a regular file).
 */
int cli_replace_file(const char *path, const char *data, size_t len);

#endif
