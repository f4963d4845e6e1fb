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
 * Reads path (a path of the work tree, relative to the current directory
 * or absolute) as it was at revision rev: GIT_SHOW_OK with the content in
 * *out (malloc'd, *out_len bytes), GIT_SHOW_ABSENT when the revision has no
 * such file (the file is new), or GIT_SHOW_ERROR with a reason in why (cap
 * bytes): no git, not a repository, no such revision, or a read error.
 * *shown receives "REV:PATH-FROM-THE-TOP" (malloc'd) on OK and ABSENT.
 */
int git_show(const char *rev, const char *path, size_t max, char **out,
             size_t *out_len, char **shown, char *why, size_t cap);

#endif
