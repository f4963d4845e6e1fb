/*
 * mtasts-lint: the text and JSON formats.
 *
 * Text is compiler style, one line per diagnostic, which editors and CI
 * problem matchers parse:
 *
 *   FILE:LINE:COLUMN: SEVERITY: MESSAGE [ID]
 *       hint: HINT
 *
 * JSON is one object: {"tool", "version", "results": [...]}, written with a
 * two-space indent and one member per line, keys in a fixed order.
 */
#include "output.h"

#include "json.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Access to a result's diagnostics, whatever its kind.                    */

static size_t diag_count(const lint_result *r) {
  return r->kind == LINT_POLICY ? mtasts_policy_diag_count(r->policy)
                                : mtasts_record_diag_count(r->record);
}

static const mtasts_diag *diag_at(const lint_result *r, size_t i) {
  return r->kind == LINT_POLICY ? mtasts_policy_diag(r->policy, i)
                                : mtasts_record_diag(r->record, i);
}

int lint_result_valid(const lint_result *r) {
  return r->kind == LINT_POLICY ? mtasts_policy_valid(r->policy)
                                : mtasts_record_valid(r->record);
}

static int shown(const out_ctx *o, const mtasts_diag *d) {
  return d && (!o->quiet || d->severity == MTASTS_SEVERITY_ERROR);
}

/* ---------------------------------------------------------------------- */
/* Text                                                                    */

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"

static const char *severity_sgr(mtasts_severity s) {
  switch (s) {
  case MTASTS_SEVERITY_ERROR:
    return "\033[1;31m"; /* bold red */
  case MTASTS_SEVERITY_WARNING:
    return "\033[1;35m"; /* bold magenta */
  case MTASTS_SEVERITY_NOTE:
    break;
  }
  return "\033[1;36m"; /* bold cyan */
}

static void text_result(const out_ctx *o, const lint_result *r) {
  size_t n = diag_count(r);
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = diag_at(r, i);
    if (!shown(o, d))
      continue;
    const char *sev = mtasts_severity_name(d->severity);
    if (o->color)
      fprintf(o->fp, SGR_BOLD "%s:%lu:%lu:" SGR_RESET " %s%s" SGR_RESET,
              r->input, d->line, d->column, severity_sgr(d->severity), sev);
    else
      fprintf(o->fp, "%s:%lu:%lu: %s", r->input, d->line, d->column, sev);
    fprintf(o->fp, ": %s [%s]\n", d->message, d->id);
    if (d->hint)
      fprintf(o->fp, "    hint: %s\n", d->hint);
  }
}

/* ---------------------------------------------------------------------- */
/* JSON writer                                                             */

/* Starts a member (key non-NULL) or an array element (key NULL). */
static void json_item(out_ctx *o, const char *key) {
  if (o->depth > 0) {
    if (o->count[o->depth - 1]++ > 0)
      fputc(',', o->fp);
    fputc('\n', o->fp);
    for (unsigned i = 0; i < o->depth; i++)
      fputs("  ", o->fp);
  }
  if (key) {
    json_string_n(o->fp, key, strlen(key));
    fputs(": ", o->fp);
  }
}

static void json_open(out_ctx *o, const char *key, char bracket) {
  json_item(o, key);
  fputc(bracket, o->fp);
  o->count[o->depth++] = 0;
}

static void json_close(out_ctx *o, char bracket) {
  o->depth--;
  if (o->count[o->depth] > 0) {
    fputc('\n', o->fp);
    for (unsigned i = 0; i < o->depth; i++)
      fputs("  ", o->fp);
  }
  fputc(bracket, o->fp);
}

/* A string member or element; NULL is written as null. */
static void json_str(out_ctx *o, const char *key, const char *s) {
  json_item(o, key);
  if (s)
    json_string_n(o->fp, s, strlen(s));
  else
    fputs("null", o->fp);
}

static void json_uint(out_ctx *o, const char *key, uint64_t v) {
  json_item(o, key);
  fprintf(o->fp, "%" PRIu64, v);
}

static void json_null(out_ctx *o, const char *key) {
  json_item(o, key);
  fputs("null", o->fp);
}

static void json_bool(out_ctx *o, const char *key, int b) {
  json_item(o, key);
  fputs(b ? "true" : "false", o->fp);
}

/* ---------------------------------------------------------------------- */
/* JSON results                                                            */

static void json_extensions(out_ctx *o, const lint_result *r) {
  int pol = r->kind == LINT_POLICY;
  size_t n = pol ? mtasts_policy_extension_count(r->policy)
                 : mtasts_record_extension_count(r->record);
  json_open(o, "extensions", '[');
  for (size_t i = 0; i < n; i++) {
    json_open(o, NULL, '{');
    json_str(o, "name",
             pol ? mtasts_policy_extension_name(r->policy, i)
                 : mtasts_record_extension_name(r->record, i));
    json_str(o, "value",
             pol ? mtasts_policy_extension_value(r->policy, i)
                 : mtasts_record_extension_value(r->record, i));
    json_close(o, '}');
  }
  json_close(o, ']');
}

static void json_policy(out_ctx *o, const lint_result *r) {
  const mtasts_policy *p = r->policy;
  uint64_t max_age;
  json_open(o, "policy", '{');
  json_str(o, "version", mtasts_policy_version(p));
  json_str(o, "mode", mtasts_mode_name(mtasts_policy_mode(p)));
  if (mtasts_policy_max_age(p, &max_age))
    json_uint(o, "max_age", max_age);
  else
    json_null(o, "max_age");
  json_open(o, "mx", '[');
  size_t n = mtasts_policy_mx_count(p);
  for (size_t i = 0; i < n; i++)
    json_str(o, NULL, mtasts_policy_mx(p, i));
  json_close(o, ']');
  json_extensions(o, r);
  json_close(o, '}');

  if (r->mx_host_count == 0)
    return;
  json_open(o, "mx_hosts", '[');
  for (size_t i = 0; i < r->mx_host_count; i++) {
    long match = mtasts_policy_mx_host_match(p, i);
    json_open(o, NULL, '{');
    json_item(o, "host");
    json_string_n(o->fp, r->mx_hosts[i].ptr, r->mx_hosts[i].len);
    json_str(o, "covered_by",
             match < 0 ? NULL : mtasts_policy_mx(p, (size_t)match));
    json_close(o, '}');
  }
  json_close(o, ']');
}

static void json_record(out_ctx *o, const lint_result *r) {
  const mtasts_record *rec = r->record;
  long selected = mtasts_record_selected(rec);
  json_open(o, "record", '{');
  json_str(o, "version", mtasts_record_version(rec));
  /* 1-based, like the line of a record's diagnostics. */
  if (selected < 0)
    json_null(o, "selected");
  else
    json_uint(o, "selected", (uint64_t)selected + 1);
  if (r->kind == LINT_STS_RECORD) {
    json_str(o, "id", mtasts_record_id(rec));
  } else {
    json_open(o, "rua", '[');
    size_t n = mtasts_record_rua_count(rec);
    for (size_t i = 0; i < n; i++)
      json_str(o, NULL, mtasts_record_rua(rec, i));
    json_close(o, ']');
  }
  json_extensions(o, r);
  json_close(o, '}');
}

static const char *kind_name(lint_kind k) {
  switch (k) {
  case LINT_POLICY:
    break;
  case LINT_STS_RECORD:
    return "sts-record";
  case LINT_TLSRPT_RECORD:
    return "tlsrpt-record";
  }
  return "policy";
}

static void json_result(out_ctx *o, const lint_result *r) {
  json_open(o, NULL, '{');
  json_str(o, "input", r->input);
  json_str(o, "kind", kind_name(r->kind));
  json_bool(o, "valid", lint_result_valid(r));
  if (r->kind == LINT_POLICY)
    json_policy(o, r);
  else
    json_record(o, r);
  json_open(o, "diagnostics", '[');
  size_t n = diag_count(r);
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = diag_at(r, i);
    if (!shown(o, d))
      continue;
    json_open(o, NULL, '{');
    json_str(o, "severity", mtasts_severity_name(d->severity));
    json_str(o, "id", d->id);
    json_str(o, "message", d->message);
    json_uint(o, "line", d->line);
    json_uint(o, "column", d->column);
    json_uint(o, "offset", d->offset);
    json_uint(o, "length", d->length);
    json_str(o, "hint", d->hint);
    json_str(o, "reference", d->reference);
    json_close(o, '}');
  }
  json_close(o, ']');
  json_close(o, '}');
}

/* ---------------------------------------------------------------------- */
/* Entry points                                                            */

void out_begin(out_ctx *o, FILE *fp, out_format format, int quiet, int color,
               const char *tool_version) {
  memset(o, 0, sizeof *o);
  o->fp = fp;
  o->format = format;
  o->quiet = quiet;
  o->color = color && format == OUT_TEXT;
  if (format != OUT_JSON)
    return;
  json_open(o, NULL, '{');
  json_str(o, "tool", "mtasts-lint");
  json_str(o, "version", tool_version);
  json_open(o, "results", '[');
}

void out_result(out_ctx *o, const lint_result *r) {
  if (o->format == OUT_JSON)
    json_result(o, r);
  else
    text_result(o, r);
}

void out_end(out_ctx *o) {
  if (o->format != OUT_JSON)
    return;
  json_close(o, ']');
  json_close(o, '}');
  fputc('\n', o->fp);
}
