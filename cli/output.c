/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: the output formats.
 *
 * Text is compiler style, one line per diagnostic, which editors and CI
 * problem matchers parse:
 *
 *   FILE:LINE:COLUMN: SEVERITY: MESSAGE [ID]
 *       hint: HINT
 *
 * JSON is one object: {"tool", "version", "results": [...]}, written with a
 * two-space indent and one member per line, keys in a fixed order. Each
 * diagnostic with a hint has "fix": {"offset", "length", "text"}: the bytes
 * of the input that the hint replaces (mtasts_diag.fix_offset and
 * fix_length), which mtasts-lint --fix and the web page apply; others have
 * "fix": null.
 *
 * JSON Lines (jsonl) is one line per input: the element of "results" that
 * json writes for it, compact (no space or newline inside), written as
 * soon as it is done, so that a consumer of a long scan sees each result
 * when it is ready; an input that could not be read has a line too. Each
 * line is written with a single write(2), so that processes that share an
 * output file (xargs -P ... >FILE) never cut into each other's lines.
 *
 * SARIF is a SARIF 2.1.0 log, for code scanning: one run, one rule per
 * diagnostic id found, one result per diagnostic; a policy diagnostic with
 * a hint has its fix (§3.55: the bytes replaced and the text put there).
 *
 * GitHub is one GitHub Actions workflow command per diagnostic, which
 * GitHub shows as an annotation on the line:
 *
 *   ::error file=FILE,line=LINE,col=COLUMN,title=ID::MESSAGE
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include "output.h"

#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------------- */
/* Access to a result's diagnostics, whatever its kind.                    */

static size_t diag_count(const lint_result *r) {
  if (r->kind == LINT_LIVE)
    return mtasts_live_result_diag_count(r->live);
  if (r->kind == LINT_DEPLOYMENT)
    return mtasts_deployment_result_diag_count(r->deployment);
  return r->kind == LINT_POLICY ? mtasts_policy_diag_count(r->policy)
                                : mtasts_record_diag_count(r->record);
}

static const mtasts_diag *diag_at(const lint_result *r, size_t i) {
  if (r->kind == LINT_LIVE)
    return mtasts_live_result_diag(r->live, i);
  if (r->kind == LINT_DEPLOYMENT)
    return mtasts_deployment_result_diag(r->deployment, i);
  return r->kind == LINT_POLICY ? mtasts_policy_diag(r->policy, i)
                                : mtasts_record_diag(r->record, i);
}

int lint_result_valid(const lint_result *r) {
  if (r->kind == LINT_LIVE)
    return mtasts_live_result_valid(r->live);
  if (r->kind == LINT_DEPLOYMENT)
    return mtasts_deployment_result_valid(r->deployment);
  return r->kind == LINT_POLICY ? mtasts_policy_valid(r->policy)
                                : mtasts_record_valid(r->record);
}

/* The file a diagnostic is in: its own source in a deployment (the DNS
 * name, URL or host:25 of a live check), else the input's name. */
static const char *diag_file(const lint_result *r, const mtasts_diag *d) {
  return (r->kind == LINT_DEPLOYMENT || r->kind == LINT_LIVE) && d->source
             ? d->source
             : r->input;
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
    /* The name with its control characters escaped: one line, which a
     * terminal shows as it is. */
    if (o->color)
      fputs(SGR_BOLD, o->json.fp);
    cli_name_write(o->json.fp, diag_file(r, d));
    if (o->color)
      fprintf(o->json.fp, ":%lu:%lu:" SGR_RESET " %s%s" SGR_RESET, d->line,
              d->column, severity_sgr(d->severity), sev);
    else
      fprintf(o->json.fp, ":%lu:%lu: %s", d->line, d->column, sev);
    fprintf(o->json.fp, ": %s [%s]\n", d->message, d->id);
    if (d->hint) { /* a line to insert ends with its line end */
      char *h = strndup(d->hint, strcspn(d->hint, "\r\n"));
      fputs("    hint: ", o->json.fp);
      cli_name_write(o->json.fp, h ? h : "");
      fputc('\n', o->json.fp);
      free(h);
    }
  }
}

/* ---------------------------------------------------------------------- */
/* JSON results                                                            */

static void json_extensions(out_ctx *o, const lint_result *r) {
  int pol = r->kind == LINT_POLICY;
  size_t n = pol ? mtasts_policy_extension_count(r->policy)
                 : mtasts_record_extension_count(r->record);
  json_open(&o->json, "extensions", '[');
  for (size_t i = 0; i < n; i++) {
    json_open(&o->json, NULL, '{');
    json_str(&o->json, "name",
             pol ? mtasts_policy_extension_name(r->policy, i)
                 : mtasts_record_extension_name(r->record, i));
    json_str(&o->json, "value",
             pol ? mtasts_policy_extension_value(r->policy, i)
                 : mtasts_record_extension_value(r->record, i));
    json_close(&o->json, '}');
  }
  json_close(&o->json, ']');
}

static void json_policy(out_ctx *o, const lint_result *r) {
  const mtasts_policy *p = r->policy;
  uint64_t max_age;
  json_open(&o->json, "policy", '{');
  json_str(&o->json, "version", mtasts_policy_version(p));
  json_str(&o->json, "mode", mtasts_mode_name(mtasts_policy_mode(p)));
  if (mtasts_policy_max_age(p, &max_age))
    json_uint(&o->json, "max_age", max_age);
  else
    json_null(&o->json, "max_age");
  json_open(&o->json, "mx", '[');
  size_t n = mtasts_policy_mx_count(p);
  for (size_t i = 0; i < n; i++)
    json_str(&o->json, NULL, mtasts_policy_mx(p, i));
  json_close(&o->json, ']');
  json_extensions(o, r);
  json_close(&o->json, '}');

  if (r->mx_host_count == 0)
    return;
  json_open(&o->json, "mx_hosts", '[');
  for (size_t i = 0; i < r->mx_host_count; i++) {
    long match = mtasts_policy_mx_host_match(p, i);
    json_open(&o->json, NULL, '{');
    json_item(&o->json, "host");
    json_string_n(o->json.fp, r->mx_hosts[i].ptr, r->mx_hosts[i].len);
    json_str(&o->json, "covered_by",
             match < 0 ? NULL : mtasts_policy_mx(p, (size_t)match));
    json_close(&o->json, '}');
  }
  json_close(&o->json, ']');
}

static void json_record(out_ctx *o, const lint_result *r) {
  const mtasts_record *rec = r->record;
  long selected = mtasts_record_selected(rec);
  json_open(&o->json, "record", '{');
  json_str(&o->json, "version", mtasts_record_version(rec));
  /* 1-based, like the line of a record's diagnostics. */
  if (selected < 0)
    json_null(&o->json, "selected");
  else
    json_uint(&o->json, "selected", (uint64_t)selected + 1);
  if (r->kind == LINT_STS_RECORD) {
    json_str(&o->json, "id", mtasts_record_id(rec));
  } else {
    json_open(&o->json, "rua", '[');
    size_t n = mtasts_record_rua_count(rec);
    for (size_t i = 0; i < n; i++)
      json_str(&o->json, NULL, mtasts_record_rua(rec, i));
    json_close(&o->json, ']');
  }
  json_extensions(o, r);
  json_close(&o->json, '}');
}

static const char *kind_name(lint_kind k) {
  switch (k) {
  case LINT_POLICY:
    break;
  case LINT_STS_RECORD:
    return "sts-record";
  case LINT_TLSRPT_RECORD:
    return "tlsrpt-record";
  case LINT_DEPLOYMENT:
    return "deployment";
  case LINT_LIVE:
    return "live";
  }
  return "policy";
}

/* "fix": the span the hint replaces and the hint, or null without a hint. */
static void json_fix(out_ctx *o, const mtasts_diag *d) {
  if (!d->hint) {
    json_null(&o->json, "fix");
    return;
  }
  json_open(&o->json, "fix", '{');
  json_uint(&o->json, "offset", d->fix_offset);
  json_uint(&o->json, "length", d->fix_length);
  json_str(&o->json, "text", d->hint);
  json_close(&o->json, '}');
}

static void json_result(out_ctx *o, const lint_result *r) {
  json_open(&o->json, NULL, '{');
  json_name(&o->json, "input", r->input);
  json_str(&o->json, "kind", kind_name(r->kind));
  json_bool(&o->json, "valid", lint_result_valid(r));
  if (r->kind == LINT_POLICY ||
      ((r->kind == LINT_DEPLOYMENT || r->kind == LINT_LIVE) && r->policy))
    json_policy(o, r);
  else if (r->kind != LINT_DEPLOYMENT && r->kind != LINT_LIVE)
    json_record(o, r);
  if (r->kind == LINT_LIVE)
    json_str(&o->json, "verdict", mtasts_live_result_verdict(r->live));
  json_open(&o->json, "diagnostics", '[');
  size_t n = diag_count(r);
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = diag_at(r, i);
    if (!shown(o, d))
      continue;
    json_open(&o->json, NULL, '{');
    if (r->kind == LINT_DEPLOYMENT)
      json_name(&o->json, "file", diag_file(r, d));
    else if (r->kind == LINT_LIVE)
      json_str(&o->json, "source", diag_file(r, d));
    json_str(&o->json, "severity", mtasts_severity_name(d->severity));
    json_str(&o->json, "id", d->id);
    json_str(&o->json, "message", d->message);
    json_uint(&o->json, "line", d->line);
    json_uint(&o->json, "column", d->column);
    json_uint(&o->json, "offset", d->offset);
    json_uint(&o->json, "length", d->length);
    json_str(&o->json, "hint", d->hint);
    json_fix(o, d);
    json_str(&o->json, "reference", d->reference);
    json_close(&o->json, '}');
  }
  json_close(&o->json, ']');
  json_close(&o->json, '}');
}

/* ---------------------------------------------------------------------- */
/* JSON Lines                                                              */

/* Starts a line: it is written to a buffer, which jsonl_end writes. Without
 * memory for the buffer, the line goes straight to the output. */
static void jsonl_begin(out_ctx *o) {
  o->json.fp = open_memstream(&o->buf, &o->buf_len);
  if (!o->json.fp)
    o->json.fp = o->out;
}

/* Writes the line with one write(2) (more only if the system writes part
 * of it), after what stdio holds. Should write(2) fail, the rest goes
 * through stdio, which fails alike and sets the stream's error indicator,
 * as the caller checks that. */
static void jsonl_end(out_ctx *o) {
  fputc('\n', o->json.fp);
  if (o->json.fp == o->out) {
    fflush(o->out);
    return;
  }
  int ok = fclose(o->json.fp) == 0;
  o->json.fp = o->out;
  if (!ok || !o->buf) {
    o->nomem = 1; /* the line is lost */
  } else if (fflush(o->out) == 0) {
    int fd = fileno(o->out);
    size_t done = 0;
    while (fd >= 0 && done < o->buf_len) {
      ssize_t n = write(fd, o->buf + done, o->buf_len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (size_t)n;
    }
    if (done < o->buf_len) {
      fwrite(o->buf + done, 1, o->buf_len - done, o->out);
      fflush(o->out);
    }
  }
  free(o->buf);
  o->buf = NULL;
  o->buf_len = 0;
}

/* ---------------------------------------------------------------------- */
/* GitHub Actions workflow commands                                        */

/*
 * Writes s[0..n) as GitHub decodes it: '%', CR and LF as %25, %0D and %0A
 * everywhere, and in a property value also ':' and ',' as %3A and %2C, as
 * they would end the value (the escaping of GitHub's actions toolkit).
 */
static void github_escape(FILE *fp, const char *s, int property) {
  for (; *s; s++) {
    if (*s == '%')
      fputs("%25", fp);
    else if (*s == '\r')
      fputs("%0D", fp);
    else if (*s == '\n')
      fputs("%0A", fp);
    else if (property && *s == ':')
      fputs("%3A", fp);
    else if (property && *s == ',')
      fputs("%2C", fp);
    else
      fputc(*s, fp);
  }
}

/* A file name as a property value: CR and LF as GitHub decodes them (the
 * name stays exact), its other control characters as cli_name shows them. */
static void github_name(FILE *fp, const char *name) {
  while (*name) {
    size_t n = strcspn(name, "\r\n");
    char *part = strndup(name, n);
    char *shown = part ? cli_name(part) : NULL;
    github_escape(fp, shown ? shown : "", 1);
    free(shown);
    free(part);
    name += n;
    if (*name)
      fputs(*name++ == '\r' ? "%0D" : "%0A", fp);
  }
}

/* GitHub's commands are the severity names, but for "notice". */
static const char *github_command(mtasts_severity s) {
  return s == MTASTS_SEVERITY_NOTE ? "notice" : mtasts_severity_name(s);
}

/* ::error file=F,line=L,col=C,title=ID::MESSAGE, and the hint on a second
 * line of the message. */
static void github_result(const out_ctx *o, const lint_result *r) {
  size_t n = diag_count(r);
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = diag_at(r, i);
    if (!shown(o, d))
      continue;
    fprintf(o->json.fp, "::%s file=", github_command(d->severity));
    github_name(o->json.fp, diag_file(r, d));
    fprintf(o->json.fp, ",line=%lu,col=%lu,title=", d->line, d->column);
    github_escape(o->json.fp, d->id, 1);
    fputs("::", o->json.fp);
    github_escape(o->json.fp, d->message, 0);
    if (d->hint) {
      fputs("%0Ahint: ", o->json.fp);
      github_escape(o->json.fp, d->hint, 0);
    }
    fputc('\n', o->json.fp);
  }
}

/* ---------------------------------------------------------------------- */
/* SARIF 2.1.0                                                             */

#define SARIF_SCHEMA                                                           \
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"        \
  "sarif-schema-2.1.0.json"

/* The SARIF levels (§3.27.10) are the library's severity names. */
static const char *sarif_level(mtasts_severity s) {
  return mtasts_severity_name(s);
}

/* A string member made of parts[0..n) joined, or "" (and o->nomem set) when
 * memory runs out. */
static void json_concat(out_ctx *o, const char *key, const char *const *parts,
                        size_t n) {
  size_t len = 0, at = 0;
  for (size_t i = 0; i < n; i++)
    len += strlen(parts[i]);
  char *buf = malloc(len + 1);
  json_item(&o->json, key);
  if (!buf) {
    o->nomem = 1;
    fputs("\"\"", o->json.fp);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    size_t k = strlen(parts[i]);
    memcpy(buf + at, parts[i], k);
    at += k;
  }
  json_string_n(o->json.fp, buf, len);
  free(buf);
}

/* {"text": TEXT} as the member key. */
static void sarif_message(out_ctx *o, const char *key, const char *const *parts,
                          size_t n) {
  json_open(&o->json, key, '{');
  json_concat(o, "text", parts, n);
  json_close(&o->json, '}');
}

/* One entry of tool.driver.rules (§3.49): the catalogue's entry for code. */
static void sarif_rule(out_ctx *o, mtasts_diag_code code) {
  const char *id = mtasts_diag_code_id(code);
  const char *summary = mtasts_diag_code_summary(code);
  const char *ref = mtasts_diag_code_reference(code);
  const char *uri = mtasts_diag_code_url(code);
  json_open(&o->json, NULL, '{');
  json_str(&o->json, "id", id);
  sarif_message(o, "shortDescription", (const char *const[]){summary}, 1);
  sarif_message(o, "fullDescription",
                (const char *const[]){summary, " (", ref, ")"}, 4);
  sarif_message(o, "help",
                (const char *const[]){summary, " (", ref,
                                      "). The diagnostics reference of "
                                      "libmtasts, docs/diagnostics.md, "
                                      "describes ",
                                      id, " with an example and its fix."},
                6);
  if (uri)
    json_str(&o->json, "helpUri", uri);
  json_open(&o->json, "defaultConfiguration", '{');
  json_str(&o->json, "level", sarif_level(mtasts_diag_code_severity(code)));
  json_close(&o->json, '}');
  json_open(&o->json, "properties", '{');
  json_str(&o->json, "reference", ref);
  json_close(&o->json, '}');
  json_close(&o->json, '}');
}

/*
 * A path as a URI reference (RFC 3986 §4.1), as artifactLocation.uri needs:
 * an absolute path as a file: URI, a relative one as a relative reference.
 * Every byte but the unreserved ones, the sub-delims, '@' and '/' is
 * percent-encoded; so is ':', lest the first segment read as a scheme.
 */
static void sarif_uri(out_ctx *o, const char *key, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  json_item(&o->json, key);
  fputc('"', o->json.fp);
  if (path[0] == '/')
    fputs("file://", o->json.fp);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~!$&'()*+,;=@/", *p)) {
      fputc(*p, o->json.fp);
    } else {
      fputc('%', o->json.fp);
      fputc(hex[*p >> 4], o->json.fp);
      fputc(hex[*p & 15], o->json.fp);
    }
  }
  fputc('"', o->json.fp);
}

/*
 * The UTF-16 code units of p[0..n), the unit of SARIF columns (columnKind
 * utf16CodeUnits, §3.14.17): two for a character above U+FFFF, one for any
 * other, and one for each byte that does not start a valid UTF-8 sequence
 * (RFC 3629 §4), as a reader shows it as U+FFFD.
 */
static size_t utf16_units(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  size_t units = 0, i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
      hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
    }
    int ok = need > 0 && n - i > need && s[i + 1] >= lo && s[i + 1] <= hi;
    for (size_t k = 2; ok && k <= need; k++)
      ok = s[i + k] >= 0x80 && s[i + k] <= 0xBF;
    if (ok) {
      units += need == 3 ? 2 : 1;
      i += need + 1;
    } else {
      units++;
      i++;
    }
  }
  return units;
}

/*
 * The region of a diagnostic (§3.30). Lines are the library's. Columns are
 * counted in UTF-16 code units over the input as it was read, which
 * differs from the library's byte columns after a non-ASCII character;
 * without the input, they are the byte columns. The region ends with its
 * line. A policy's region also has its byte offset and length in the file.
 */
static void sarif_region(out_ctx *o, const lint_result *r,
                         const lint_source *src, const mtasts_diag *d) {
  const char *line = NULL; /* the line (or record) of the diagnostic */
  size_t line_len = 0, start = 0;
  if (src && r->kind == LINT_POLICY) {
    if (src->text && d->column >= 1 && d->column - 1 <= d->offset &&
        d->offset <= src->len) {
      line = src->text + (d->offset - (d->column - 1));
      line_len = src->len - (d->offset - (d->column - 1));
      start = d->column - 1;
    }
  } else if (src && r->kind != LINT_DEPLOYMENT && r->kind != LINT_LIVE &&
             src->records && d->line >= 1 && d->line <= src->record_count) {
    const mtasts_txt *t = &src->records[d->line - 1];
    if (d->column >= 1 && d->column - 1 <= t->len) {
      line = t->ptr;
      line_len = t->len;
      start = d->column - 1;
    }
  }
  json_open(&o->json, "region", '{');
  json_uint(&o->json, "startLine", d->line > 0 ? d->line : 1);
  if (line) {
    size_t end =
        start + (d->length < line_len - start ? d->length : line_len - start);
    for (size_t i = start; i < end; i++) {
      if (line[i] == '\n' || line[i] == '\r') {
        end = i;
        break;
      }
    }
    size_t column = utf16_units(line, start) + 1;
    json_uint(&o->json, "startColumn", column);
    json_uint(&o->json, "endLine", d->line > 0 ? d->line : 1);
    json_uint(&o->json, "endColumn",
              column + utf16_units(line + start, end - start));
  } else {
    json_uint(&o->json, "startColumn", d->column > 0 ? d->column : 1);
  }
  if (r->kind == LINT_POLICY) {
    json_uint(&o->json, "byteOffset", d->offset);
    json_uint(&o->json, "byteLength", d->length);
  }
  json_close(&o->json, '}');
}

/* The index of code in tool.driver.rules, which it joins on first use. */
static size_t sarif_rule_index(out_ctx *o, mtasts_diag_code code) {
  size_t c = (size_t)code;
  if (o->rule_index[c] == 0) {
    o->rules[o->rule_count++] = code;
    o->rule_index[c] = o->rule_count;
  }
  return o->rule_index[c] - 1;
}

/*
 * The fix of a policy diagnostic (§3.55): one replacement (§3.57) in the
 * policy file, its deletedRegion in bytes (§3.30.11-12: byteOffset and
 * byteLength, which a region may give alone) and its insertedContent
 * (§3.3). A record's hint has no file to change, so no fix.
 */
static void sarif_fix(out_ctx *o, const lint_result *r, const mtasts_diag *d) {
  json_open(&o->json, "fixes", '[');
  json_open(&o->json, NULL, '{');
  sarif_message(o, "description", (const char *const[]){"hint: ", d->hint}, 2);
  json_open(&o->json, "artifactChanges", '[');
  json_open(&o->json, NULL, '{');
  json_open(&o->json, "artifactLocation", '{');
  sarif_uri(o, "uri", diag_file(r, d));
  json_close(&o->json, '}');
  json_open(&o->json, "replacements", '[');
  json_open(&o->json, NULL, '{');
  json_open(&o->json, "deletedRegion", '{');
  json_uint(&o->json, "byteOffset", d->fix_offset);
  json_uint(&o->json, "byteLength", d->fix_length);
  json_close(&o->json, '}');
  json_open(&o->json, "insertedContent", '{');
  json_str(&o->json, "text", d->hint);
  json_close(&o->json, '}');
  json_close(&o->json, '}');
  json_close(&o->json, ']');
  json_close(&o->json, '}');
  json_close(&o->json, ']');
  json_close(&o->json, '}');
  json_close(&o->json, ']');
}

/* One result (§3.27) per diagnostic shown. */
static void sarif_result(out_ctx *o, const lint_result *r,
                         const lint_source *src) {
  size_t n = diag_count(r);
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = diag_at(r, i);
    if (!shown(o, d))
      continue;
    json_open(&o->json, NULL, '{');
    json_str(&o->json, "ruleId", d->id);
    /* A code of a newer library than this program knows has no rule. */
    if ((size_t)d->code < MTASTS_DIAG_COUNT_)
      json_uint(&o->json, "ruleIndex", sarif_rule_index(o, d->code));
    json_str(&o->json, "level", sarif_level(d->severity));
    if (d->hint)
      sarif_message(o, "message",
                    (const char *const[]){d->message, "\nhint: ", d->hint}, 3);
    else
      sarif_message(o, "message", (const char *const[]){d->message}, 1);
    json_open(&o->json, "locations", '[');
    json_open(&o->json, NULL, '{');
    json_open(&o->json, "physicalLocation", '{');
    json_open(&o->json, "artifactLocation", '{');
    sarif_uri(o, "uri", diag_file(r, d));
    json_close(&o->json, '}');
    sarif_region(o, r, src, d);
    json_close(&o->json, '}');
    json_close(&o->json, '}');
    json_close(&o->json, ']');
    if (d->hint && r->kind == LINT_POLICY)
      sarif_fix(o, r, d);
    if (d->hint) {
      json_open(&o->json, "properties", '{');
      json_str(&o->json, "hint", d->hint);
      json_close(&o->json, '}');
    }
    json_close(&o->json, '}');
  }
}

/* The results went to a buffer (out_begin); now that the rules are known,
 * writes the log: the tool with its rules, then the results. */
static int sarif_end(out_ctx *o) {
  /* Where the results array stands: its elements, at depth 4. */
  size_t results = o->json.count[3];
  int ok = fclose(o->json.fp) == 0;
  o->json.fp = o->out;
  o->json.depth = 0;
  json_open(&o->json, NULL, '{');
  json_str(&o->json, "$schema", SARIF_SCHEMA);
  json_str(&o->json, "version", "2.1.0");
  json_open(&o->json, "runs", '[');
  json_open(&o->json, NULL, '{');
  json_open(&o->json, "tool", '{');
  json_open(&o->json, "driver", '{');
  json_str(&o->json, "name", o->tool_name);
  json_str(&o->json, "version", o->tool_version);
  json_str(&o->json, "semanticVersion", o->tool_version);
  json_open(&o->json, "rules", '[');
  for (size_t i = 0; i < o->rule_count; i++)
    sarif_rule(o, o->rules[i]);
  json_close(&o->json, ']');
  json_close(&o->json, '}');
  json_close(&o->json, '}');
  json_str(&o->json, "columnKind", "utf16CodeUnits");
  json_open(&o->json, "results", '[');
  if (ok && o->buf)
    fwrite(o->buf, 1, o->buf_len, o->json.fp);
  o->json.count[o->json.depth - 1] = ok ? results : 0;
  json_close(&o->json, ']');
  json_close(&o->json, '}');
  json_close(&o->json, ']');
  json_close(&o->json, '}');
  fputc('\n', o->json.fp);
  free(o->buf);
  o->buf = NULL;
  return ok ? 0 : -1;
}

/* ---------------------------------------------------------------------- */
/* Entry points                                                            */

int out_begin(out_ctx *o, FILE *fp, out_format format, int quiet, int color,
              const char *tool_version) {
  return out_begin_tool(o, fp, format, quiet, color, "mtasts-lint",
                        tool_version);
}

int out_begin_tool(out_ctx *o, FILE *fp, out_format format, int quiet,
                   int color, const char *tool_name, const char *tool_version) {
  memset(o, 0, sizeof *o);
  o->tool_name = tool_name;
  o->json.fp = fp;
  o->out = fp;
  o->format = format;
  o->quiet = quiet;
  o->color = color && format == OUT_TEXT;
  o->tool_version = tool_version;
  o->json.compact = format == OUT_JSONL;
  if (format == OUT_SARIF) {
    /* The results come before the rules they use, and after them in the
     * log: they wait in a buffer, written as at their place in the log,
     * inside runs[0].results, four levels deep. */
    o->json.fp = open_memstream(&o->buf, &o->buf_len);
    if (!o->json.fp) {
      /* o->json.fp == o->out: out_result and out_end write nothing. */
      o->json.fp = fp;
      o->nomem = 1;
      return -1;
    }
    o->json.depth = 4;
    return 0;
  }
  if (format != OUT_JSON)
    return 0;
  json_open(&o->json, NULL, '{');
  json_str(&o->json, "tool", o->tool_name);
  json_str(&o->json, "version", tool_version);
  json_open(&o->json, "results", '[');
  return 0;
}

void out_result_source(out_ctx *o, const lint_result *r,
                       const lint_source *src) {
  if (o->format == OUT_SARIF && o->json.fp == o->out)
    return; /* out_begin failed */
  switch (o->format) {
  case OUT_JSON:
    json_result(o, r);
    break;
  case OUT_JSONL:
    jsonl_begin(o);
    json_result(o, r);
    jsonl_end(o);
    break;
  case OUT_SARIF:
    sarif_result(o, r, src);
    break;
  case OUT_GITHUB:
    github_result(o, r);
    break;
  case OUT_TEXT:
    text_result(o, r);
    break;
  }
}

void out_result(out_ctx *o, const lint_result *r) {
  out_result_source(o, r, NULL);
}

void out_error(out_ctx *o, const char *input, lint_kind kind,
               const char *reason) {
  if (o->format != OUT_JSONL)
    return;
  jsonl_begin(o);
  json_open(&o->json, NULL, '{');
  json_name(&o->json, "input", input);
  json_str(&o->json, "kind", kind_name(kind));
  json_str(&o->json, "error", reason);
  json_close(&o->json, '}');
  jsonl_end(o);
}

int out_end(out_ctx *o) {
  int status = 0;
  if (o->format == OUT_SARIF) {
    status = o->json.fp == o->out ? -1 : sarif_end(o);
  } else if (o->format == OUT_JSON) {
    json_close(&o->json, ']');
    json_close(&o->json, '}');
    fputc('\n', o->json.fp);
  }
  return o->nomem ? -1 : status;
}

int out_format_parse(const char *name, out_format *format) {
  static const struct {
    const char *name;
    out_format format;
  } names[] = {{"text", OUT_TEXT},
               {"json", OUT_JSON},
               {"jsonl", OUT_JSONL},
               {"sarif", OUT_SARIF},
               {"github", OUT_GITHUB}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i].name) == 0) {
      *format = names[i].format;
      return 0;
    }
  return -1;
}
