/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen, the parts shared by its files:
 *
 *   mtasts-gen.c   the run: build, write, print (main)
 *   gen_presets.c  the provider presets (--preset, --list-presets)
 *   gen_options.c  the command line (--help, option parsing)
 *   gen_build.c    the artefacts: values, policy, records, zone, checked
 *                  by parsing them back with the library
 *   gen_write.c    --output-dir: the files, written atomically
 *   gen_output.c   standard output: the text and JSON formats
 *   gen_server.c   the web server snippets
 */
#ifndef MTASTS_CLI_GEN_H
#define MTASTS_CLI_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <mtasts/mtasts.h>

#include "gen_server.h"
#include "options.h"

#include "gen_presets.h"

#define PROG "mtasts-gen"

enum { EXIT_OK = 0, EXIT_TROUBLE = 2 };

/* ---------------------------------------------------------------------- */
/* The command line (gen_options.c)                                        */

typedef enum out_kind { FORMAT_TEXT = 0, FORMAT_JSON = 1 } out_kind;

/* Everything the command line says. Strings point into argv. */
typedef struct config {
  const char *domain;
  int have_mode;
  mtasts_mode mode;
  int have_max_age;
  uint64_t max_age;
  const char **mx;
  size_t mx_count;
  const char **rua;
  size_t rua_count;
  const char *id;
  const preset *preset;
  const char *from;
  const char *output_dir;
  out_kind format;
  gen_server server;
  int lf;
  int list_presets;
} config;

/* What gen_parse_args found: run, done (--help, --version), a usage error
 * (reported), or no memory. */
enum { ARGS_RUN, ARGS_DONE, ARGS_USAGE, ARGS_NOMEM };

int gen_parse_args(int argc, char **argv, config *cfg);

/* Reports any other error on stderr: "mtasts-gen: MESSAGE". */
void gen_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* ---------------------------------------------------------------------- */
/* The artefacts (gen_build.c)                                             */

/* A string being built in memory. */
typedef struct mem {
  char *ptr;
  size_t len;
} mem;

/* Everything that is generated. */
typedef struct gen {
  const config *cfg;
  char domain[256]; /* without a trailing dot */
  char id[15];      /* the default id; --id is used as given */
  /* The policy: its values, and the arrays they point to. */
  mtasts_policy_values values;
  mtasts_str *mx;
  mtasts_extension *ext;
  mtasts_str *rua;
  char *from_text;         /* the --from file */
  mtasts_policy *from;     /* its parse; the values point into it */
  mem policy;              /* the policy file */
  mem sts, sts_zone;       /* the _mta-sts record: text, zone form */
  mem tlsrpt, tlsrpt_zone; /* the TLS-RPT record, when there is --rua */
  char *zone;              /* dns.zone */
  char *server;            /* the snippet, when there is --server */
  char *root;              /* the absolute --output-dir */
  int stop;                /* a blocking diagnostic was found */
} gen;

/* Builds and checks every artefact but the server snippet; returns 0, or
 * an exit status after reporting. */
int gen_build(gen *g);
/* The server snippet of --server (g->root set for --output-dir), or NULL
 * when out of memory. */
char *gen_build_server(const gen *g);
/* The id of the records: --id, or the default. */
const char *gen_record_id(const gen *g);
void gen_release(gen *g);

/* ---------------------------------------------------------------------- */
/* Files (gen_write.c)                                                     */

/* mkdir -p. Returns 0 or an errno value. */
int gen_make_dirs(const char *path);
/* Writes the files of --output-dir atomically and returns their paths in
 * *written (the caller frees each and the array). Returns 0, or an exit
 * status after reporting. */
int gen_write_files(const gen *g, char ***written, size_t *nwritten);

/* ---------------------------------------------------------------------- */
/* Output (gen_output.c)                                                   */

/* --format=json: everything, and the files written. */
void gen_print_json(const gen *g, char **files, size_t nfiles);
/* The text format: the policy, the zone and the snippet. */
void gen_print_text(const gen *g);

#endif /* MTASTS_CLI_GEN_H */
