/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen: web server configuration that serves the policy file.
 *
 * RFC 8461 §3.3: senders fetch https://mta-sts.DOMAIN/.well-known/mta-sts.txt
 * over HTTPS only, check the server's certificate, expect the media type
 * text/plain and do not follow redirects. Each snippet serves that one path
 * as a file of the given directory, with exactly that type and no redirect.
 */
#ifndef MTASTS_CLI_GEN_SERVER_H
#define MTASTS_CLI_GEN_SERVER_H

#include <stdio.h>

typedef enum gen_server {
  SERVER_NONE = 0,
  SERVER_NGINX,
  SERVER_APACHE,
  SERVER_CADDY
} gen_server;

/* The server named name ("nginx", "apache", "caddy"), or SERVER_NONE. */
gen_server gen_server_from_name(const char *name);
/* "nginx", "apache", "caddy", or NULL for SERVER_NONE. */
const char *gen_server_name(gen_server s);
/* The file --output-dir writes the snippet to ("mta-sts.nginx.conf", ...). */
const char *gen_server_file(gen_server s);

/*
 * 1 when path can stand in a snippet as the directory: printable ASCII
 * without the characters that some server would read as syntax, variables
 * or placeholders. Paths are written in double quotes.
 */
int gen_server_path_ok(const char *path);

/*
 * Writes the snippet for domain (a valid host name) to fp. root is the
 * directory that holds .well-known/mta-sts.txt (gen_server_path_ok), or NULL
 * for a placeholder under /var/www.
 */
void gen_server_write(FILE *fp, gen_server s, const char *domain,
                      const char *root);

#endif
