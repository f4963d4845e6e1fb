/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: reading a file as it was at a git revision (--since), by
 * running git with an argument vector (no shell).
 */
#ifndef MTASTS_CLI_GIT_SHOW_H
#define MTASTS_CLI_GIT_SHOW_H

#include <stddef.h>

/* What git_show found. */
enum { GIT_SHOW_OK = 0, GIT_SHOW_ABSENT = 1, GIT_SHOW_ERROR = -1 };

/*
 * Reads path (relative to the current directory or absolute) as it was at
 * revision rev of the repository that holds it (its real directory's):
 * GIT_SHOW_OK with the content in *out (malloc'd, *out_len bytes),
 * GIT_SHOW_ABSENT when the revision has no such file and the repository
 * tracks it now (the file is new), or GIT_SHOW_ERROR with a reason in why
 * (cap bytes): no git, not a repository, no such revision, a file the
 * repository does not track, a symbolic link at the revision that leads out
 * of the repository (one inside is followed), or a read error.
 * *shown receives "REV:PATH-FROM-THE-TOP" (malloc'd) on OK and ABSENT.
 */
int git_show(const char *rev, const char *path, size_t max, char **out,
             size_t *out_len, char **shown, char *why, size_t cap);

#endif
