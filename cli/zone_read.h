/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: reading a zone file (RFC 1035 §5 master file) into a
 * deployment, with Knot DNS's zone scanner (libzscanner), when the build
 * found it. Only the records that MTA-STS depends on are kept: the MX
 * records of the domain, the TXT records at _mta-sts.<domain> and
 * _smtp._tls.<domain>, and whether mta-sts.<domain> has an A, AAAA or CNAME
 * record; so a zone of any size is read in constant memory.
 */
#ifndef MTASTS_CLI_ZONE_READ_H
#define MTASTS_CLI_ZONE_READ_H

#include <stddef.h>

#include <mtasts/mtasts.h>

/* 1 when this build can read zone files. */
int zone_read_available(void);

/* Why a zone could not be read: "FILE:LINE: MESSAGE" (or "FILE: MESSAGE"). */
typedef struct zone_error {
  char text[1024];
} zone_error;

/*
 * Reads the zone file at path (shown in findings as name) into revision rev
 * of d: declares the zone (mtasts_deployment_set_zone) and adds the records
 * found. domain is the policy domain, or NULL to take it from the zone (the
 * owner of its SOA record, which a zone file starts with). *domain_out, when
 * not NULL, receives the domain used (malloc'd; the caller frees it).
 * $INCLUDE is followed only to regular files inside the directory of the
 * zone file (checked on the file opened, so a link changed meanwhile
 * cannot lead out), never into a file that is already being read, at most
 * 16 deep, 10,000 times and 256 MiB in all. A zone that is not a regular
 * file (a pipe, /dev/stdin, <(...)) is read whole, up to 64 MiB.
 *
 * Returns 0, or -1 with *err set: the file cannot be read, the scanner
 * reports an error, an $INCLUDE is refused, or memory ran out. Without
 * libzscanner, always -1.
 */
int zone_read(const char *path, const char *name, const char *domain,
              mtasts_deployment *d, mtasts_revision rev, char **domain_out,
              zone_error *err);

/*
 * Fetches a file that a zone read from text includes: path is relative to
 * the zone file's directory, normalised (no "." or ".." component, never
 * above that directory). Returns 0 with a malloc'd *buf of *len bytes and
 * *shown, the name to show (malloc'd); 1 when there is no such file;
 * ZONE_FETCH_OUTSIDE when the file opened lies outside the zone file's
 * directory (through a symbolic link); -1 on another error, with a reason
 * in why (cap bytes).
 */
#define ZONE_FETCH_OUTSIDE (-2)
typedef int (*zone_fetch_fn)(void *ctx, const char *path, char **buf,
                             size_t *len, char **shown, char *why, size_t cap);

/*
 * The same for zone text in memory (a file at a git revision), named name.
 * $INCLUDE is followed through fetch (with the same rules: inside the zone
 * file's directory, no loop), or refused when fetch is NULL.
 */
int zone_read_text(const char *text, size_t len, const char *name,
                   const char *domain, mtasts_deployment *d,
                   mtasts_revision rev, zone_fetch_fn fetch, void *fetch_ctx,
                   char **domain_out, zone_error *err);

#endif
