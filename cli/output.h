/*
 * mtasts-lint: output formats. They only read what the library returns; no
 * protocol rule lives here.
 *
 * Results are written as they come (out_begin, then out_result for each
 * input, then out_end), so that no more than one input is held in memory.
 */
#ifndef MTASTS_CLI_OUTPUT_H
#define MTASTS_CLI_OUTPUT_H

#include <stdio.h>

#include <mtasts/mtasts.h>

typedef enum out_format { OUT_TEXT = 0, OUT_JSON = 1 } out_format;

typedef enum lint_kind {
  LINT_POLICY = 0,       /* a policy file */
  LINT_STS_RECORD = 1,   /* the set of _mta-sts TXT records */
  LINT_TLSRPT_RECORD = 2 /* the set of _smtp._tls TXT records */
} lint_kind;

/* One linted input, as handed to the formatters. Nothing here is owned. */
typedef struct lint_result {
  const char *input; /* the name shown for the input */
  lint_kind kind;
  const mtasts_policy *policy; /* LINT_POLICY */
  const mtasts_record *record; /* the record kinds */
  /* The MX hosts given to the policy parse (options.mx_hosts), or none. */
  const mtasts_str *mx_hosts;
  size_t mx_host_count;
} lint_result;

/* 1 when the result has no error-level diagnostic. */
int lint_result_valid(const lint_result *r);

/* Where the JSON writer is: one element count per open container. The
 * output nests at most six deep (top, results, result, policy, extensions,
 * extension). */
#define OUT_JSON_MAX_DEPTH 8

typedef struct out_ctx {
  FILE *fp;
  out_format format;
  int quiet; /* show error-level diagnostics only */
  int color; /* text: colour the severity and the location */
  unsigned depth;
  size_t count[OUT_JSON_MAX_DEPTH];
} out_ctx;

/* Starts the output. tool_version is printed by the JSON format. */
void out_begin(out_ctx *o, FILE *fp, out_format format, int quiet, int color,
               const char *tool_version);
/* Writes one result. */
void out_result(out_ctx *o, const lint_result *r);
/* Finishes the output (closes the JSON object). */
void out_end(out_ctx *o);

#endif /* MTASTS_CLI_OUTPUT_H */
