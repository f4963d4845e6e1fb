/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: output formats (text, JSON, JSON Lines, SARIF, GitHub
 * Actions workflow commands). They only read what the library returns; no
 * protocol rule lives here.
 *
 * Results are written as they come (out_begin, then out_result for each
 * input, then out_end), so that no more than one input is held in memory.
 */
#ifndef MTASTS_CLI_OUTPUT_H
#define MTASTS_CLI_OUTPUT_H

#include <stdio.h>

#include <mtasts/mtasts.h>

#include "json.h"

typedef enum out_format {
  OUT_TEXT = 0,
  OUT_JSON = 1,
  OUT_SARIF = 2,  /* SARIF 2.1.0 */
  OUT_GITHUB = 3, /* GitHub Actions workflow commands */
  OUT_JSONL = 4   /* JSON Lines: one compact object per input, flushed */
} out_format;

typedef enum lint_kind {
  LINT_POLICY = 0,        /* a policy file */
  LINT_STS_RECORD = 1,    /* the set of _mta-sts TXT records */
  LINT_TLSRPT_RECORD = 2, /* the set of _smtp._tls TXT records */
  LINT_DEPLOYMENT = 3,    /* a zone, a policy and their previous versions */
  LINT_LIVE = 4           /* a domain as senders see it (mtasts-check) */
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
  /* LINT_DEPLOYMENT: each diagnostic names its file (mtasts_diag.source),
   * which the formats show instead of input. */
  const mtasts_deployment_result *deployment;
  /* LINT_LIVE: the library's judgement of what was seen, each diagnostic
   * naming what was checked (mtasts_diag.source). The verdict is printed
   * with the result. */
  const mtasts_live_result *live;
} lint_result;

/* The input as it was read, which SARIF needs to count its columns in
 * UTF-16 code units. Nothing here is owned. */
typedef struct lint_source {
  const char *text; /* LINT_POLICY: the policy body */
  size_t len;
  const mtasts_txt *records; /* the record kinds: the records as given */
  size_t record_count;
} lint_source;

/* The names --format takes, for messages. */
#define OUT_FORMAT_NAMES "text, json, jsonl, sarif or github"

/* Sets *format from its name on the command line; 0, or -1 for a name
 * that is none of OUT_FORMAT_NAMES. */
int out_format_parse(const char *name, out_format *format);

/* 1 when the result has no error-level diagnostic. */
int lint_result_valid(const lint_result *r);

typedef struct out_ctx {
  /* Where the output is written now (json.fp), and the JSON writer's
   * state; compact for jsonl. */
  json_writer json;
  out_format format;
  int quiet;             /* show error-level diagnostics only */
  int color;             /* text: colour the severity and the location */
  const char *tool_name; /* "mtasts-lint" unless out_begin_tool says */
  const char *tool_version;
  int nomem; /* memory ran out: the output is incomplete */
  /* SARIF: the results are written to a buffer, as the rules that come
   * before them in the log are known only at the end: the diagnostic codes
   * used, in the order of first use, and the index of each in that list.
   * jsonl: each line is written to a buffer, then with one write(2). */
  FILE *out; /* where the output goes in the end */
  char *buf; /* the buffer of the results, or of the line (open_memstream) */
  size_t buf_len;
  size_t rule_count;
  mtasts_diag_code rules[MTASTS_DIAG_COUNT_];
  size_t rule_index[MTASTS_DIAG_COUNT_]; /* 0: unused; else index + 1 */
} out_ctx;

/* Starts the output. tool_version is printed by the JSON and SARIF
 * formats. Returns 0, or -1 when memory ran out (SARIF only). */
int out_begin(out_ctx *o, FILE *fp, out_format format, int quiet, int color,
              const char *tool_version);
/* The same, for the tool named tool_name (JSON "tool", SARIF driver). */
int out_begin_tool(out_ctx *o, FILE *fp, out_format format, int quiet,
                   int color, const char *tool_name, const char *tool_version);
/* Writes one result. */
void out_result(out_ctx *o, const lint_result *r);
/* The same, with the input as it was read (or NULL). */
void out_result_source(out_ctx *o, const lint_result *r,
                       const lint_source *src);
/* An input that could not be linted: REASON says why, as told on stderr.
 * Only jsonl writes anything: {"input":INPUT,"kind":KIND,"error":REASON},
 * so that every input of a scan has its line. */
void out_error(out_ctx *o, const char *input, lint_kind kind,
               const char *reason);
/* Finishes the output (closes the JSON object, writes the SARIF log).
 * Returns 0, or -1 when memory ran out (SARIF only). */
int out_end(out_ctx *o);

#endif /* MTASTS_CLI_OUTPUT_H */
