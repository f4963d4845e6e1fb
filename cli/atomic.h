/* SPDX-License-Identifier: MIT */
/*
 * Writing files atomically, for both tools: the data goes to a temporary
 * file in the directory of the final name (so that rename(2) is atomic), is
 * synced, then renamed over it. A reader sees the old file or the new one,
 * never half of either.
 *
 * The temporary file is named ".mtasts-XXXXXX" (short, so that a final name
 * of any length that fits in its directory can be replaced) and is removed
 * when the tool is stopped by SIGINT, SIGTERM or SIGHUP while it exists.
 *
 * mtasts-lint --fix edits a file through cli_edit: the file is resolved
 * once, the directory that holds it is kept open, and it is replaced only
 * when its directory entry still names the file that was read (see
 * docs/security.md for what --fix promises).
 */
#ifndef MTASTS_CLI_ATOMIC_H
#define MTASTS_CLI_ATOMIC_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * Writes data[0..len) to a new temporary file beside path, with the
 * permission bits mode, and syncs it. On success *tmp is its name
 * (malloc'd; the caller renames it into place with cli_commit_temp, or
 * removes it with cli_drop_temp). Returns 0, or an errno value (nothing is
 * left behind then).
 */
int cli_write_temp(const char *path, const char *data, size_t len, mode_t mode,
                   char **tmp);
/* Renames tmp (from cli_write_temp) over path; returns 0 or an errno value.
 * Either way tmp is no longer removed on a signal; the caller frees it. */
int cli_commit_temp(char *tmp, const char *path);
/* Removes tmp (from cli_write_temp); the caller frees it. */
void cli_drop_temp(char *tmp);

/* A file opened for editing in place (mtasts-lint --fix). */
typedef struct cli_edit {
  int dirfd;      /* the directory that holds the file, or -1 */
  char *base;     /* the file's name in it (malloc'd) */
  struct stat st; /* the file as it was read */
} cli_edit;

/*
 * Opens the file at path for editing and reads it (at most max bytes) into
 * *buf (malloc'd, *len bytes). A symbolic link is resolved once, here: the
 * file it points to is the one edited, and the link is kept. Refused, with
 * a reason in *why: what is not a regular file (a FIFO, a device, standard
 * input through /dev/stdin or /proc/self/fd), and, when write is set (the
 * file will be replaced, not only shown as a diff), a file the caller may
 * not write or one without any write permission bit.
 *
 * Returns 0; an errno value (*why NULL); or -1 with *why set.
 */
int cli_edit_open(const char *path, size_t max, int write, cli_edit *e,
                  char **buf, size_t *len, const char **why);

/*
 * Replaces the file opened by cli_edit_open with data[0..len): a temporary
 * file in the same directory gets the original's owner and group when the
 * caller may give them (else its set-user-ID and set-group-ID bits are
 * dropped), its permission bits, the data, and is synced; then, only if
 * the directory entry still names the file that was read (same device and
 * inode, same size and modification time), it is renamed over it.
 *
 * Returns 0; an errno value (*why NULL); or -1 with *why set (the file
 * changed, or was replaced, after it was read). The file is unchanged then.
 */
int cli_edit_replace(cli_edit *e, const char *data, size_t len,
                     const char **why);

/* Releases what cli_edit_open kept. */
void cli_edit_close(cli_edit *e);

#endif
