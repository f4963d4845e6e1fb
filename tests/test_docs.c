/* SPDX-License-Identifier: MIT */
/*
 * The diagnostics reference, docs/diagnostics.md, checked against the
 * catalogue and against the library itself.
 *
 * The document holds an index table and one section per catalogue id:
 *
 *   ### <id>
 *
 *   - Severity: <note|warning|error>
 *   - Reference: <reference>
 *
 *   <description, at least one line>
 *
 *   [Options: max_diagnostics=N pad_last_line=N]   (optional, just before
 *                                                    the fence)
 *   ```<kind>
 *   <example lines>
 *   ```
 *
 *   Reported at line L, column C.
 *
 *   Fix: <text>
 *
 * <kind> is one of: policy, policy --mx=HOST[,HOST...], sts, tlsrpt,
 * sts-zone, tlsrpt-zone, deploy, http, live. A policy example is its lines
 * joined with LF and ending with LF (no final LF when the last line is exactly
 * "\nofinal"). A record example is a set of TXT records, one per line (RAW form
 * for sts and tlsrpt, zone-file form for the -zone kinds); an empty fence is an
 * empty set or an empty policy. A deploy example is a deployment of example.com
 * in parts, each starting with one of the lines "; zone", "; policy",
 * "; previous zone", "; previous policy". A zone part holds one record a
 * line, "OWNER TYPE RDATA", OWNER being @, _mta-sts, _smtp._tls or mta-sts
 * (relative to example.com), TYPE MX (RDATA "PREF HOST"), TXT (RDATA in
 * zone-file form), A, AAAA or CNAME (at mta-sts: the policy host's
 * address); other lines are skipped. Lines count from 1 after the part's
 * first line, and "Reported at" gives the line and column in the part the
 * finding is in. An http example is an HTTP response of the policy URL in
 * the form tu_http_run reads (testutil.h): "; status N", "; location URL",
 * "; content-type VALUE" and "; truncated" lines, then the body. A live
 * example is a live check of example.com in the form tu_live_run reads
 * (testutil.h), run through mtasts_live_check. In every example the escapes \t,
 * \r, \xNN and \\ stand for one byte; any other backslash sequence is a mistake
 * in the document.
 *
 * Options (extensions of the format, documented in the reference's intro):
 *   max_diagnostics=N  runs the example with options.max_diagnostics = N
 *                      (used by too-many-diagnostics);
 *   needs=idn2|psl     the example needs the library built with libidn2 (or
 *                      libpsl): without it the example is not run (the
 *                      structure is still checked), and a line says so;
 *   pad_last_line=N    extends the last line (or record) of the example to N
 *                      bytes by repeating its final byte (used where the
 *                      input must be too large to print, policy-too-large).
 *
 * Two tests: "structure" checks the document against the catalogue (every id
 * has exactly one section, in catalogue order, with the catalogue's severity
 * and reference, one example of a known kind, one "Reported at" line and one
 * "Fix:" paragraph; the index table lists every id once with its severity and
 * reference; nothing names an unknown id). "examples" runs every example
 * through the library and checks that the section's id is reported, that the
 * first diagnostic with that id is at the documented line and column, and
 * that its severity is the documented one.
 *
 * Both collect every mismatch, print each on stderr, and then fail once with
 * a count and the first ones, so a single run lists every problem.
 */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define DOC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define DOC_PRINTF(fmt, args)
#endif

#define DOC_REL_PATH "docs/diagnostics.md"

/* ---------------------------------------------------------------------- */
/* A list of problems.                                                     */

typedef struct problems {
  char *buf;
  size_t len, cap;
  size_t count;
} problems;

static void problem(problems *pr, const char *fmt, ...) DOC_PRINTF(2, 3);

static void problem(problems *pr, const char *fmt, ...) {
  char msg[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  if ((size_t)n >= sizeof msg)
    n = (int)sizeof msg - 1;
  pr->count++;
  /* "line N: text" is printed as "docs/diagnostics.md:N: text", the form
   * editors and CI problem matchers understand. */
  size_t k = 5;
  while (strncmp(msg, "line ", 5) == 0 && msg[k] >= '0' && msg[k] <= '9')
    k++;
  if (k > 5 && msg[k] == ':')
    fprintf(stderr, "%s:%.*s%s\n", DOC_REL_PATH, (int)(k - 5), msg + 5,
            msg + k);
  else
    fprintf(stderr, "%s: %s\n", DOC_REL_PATH, msg);
  size_t need = pr->len + (size_t)n + 2;
  if (need > pr->cap) {
    size_t cap = pr->cap ? pr->cap : 1024;
    while (cap < need)
      cap *= 2;
    char *nb = realloc(pr->buf, cap);
    if (!nb)
      return; /* still counted and printed */
    pr->buf = nb;
    pr->cap = cap;
  }
  memcpy(pr->buf + pr->len, msg, (size_t)n);
  pr->len += (size_t)n;
  pr->buf[pr->len++] = '\n';
  pr->buf[pr->len] = '\0';
}

/* Fails the current test when there were problems. Check keeps messages
 * short (CK_MAX_MSG_SIZE), so the full list goes to stderr and the failure
 * message carries the count and the beginning of the list. */
static void problems_finish(problems *pr, const char *what) {
  size_t count = pr->count;
  char head[3000];
  head[0] = '\0';
  if (pr->buf) {
    size_t n = pr->len < sizeof head - 1 ? pr->len : sizeof head - 1;
    memcpy(head, pr->buf, n);
    head[n] = '\0';
  }
  free(pr->buf);
  pr->buf = NULL;
  ck_assert_msg(count == 0,
                "%zu problem(s) with %s in %s (all of them are listed on "
                "stderr):\n%s%s",
                count, what, DOC_REL_PATH, head,
                pr->len >= sizeof head - 1 ? "..." : "");
}

/* ---------------------------------------------------------------------- */
/* The document model.                                                     */

typedef struct span {
  const char *p;
  size_t n;
} span;

static int span_eq(span a, const char *s) {
  size_t n = strlen(s);
  return a.n == n && memcmp(a.p, s, n) == 0;
}

static int span_starts(span a, const char *s) {
  size_t n = strlen(s);
  return a.n >= n && memcmp(a.p, s, n) == 0;
}

static span span_from(span a, size_t k) {
  span r = {a.p + k, a.n - k};
  return r;
}

static span span_trim(span a) {
  while (a.n && (a.p[0] == ' ' || a.p[0] == '\t')) {
    a.p++;
    a.n--;
  }
  while (a.n && (a.p[a.n - 1] == ' ' || a.p[a.n - 1] == '\t'))
    a.n--;
  return a;
}

typedef struct index_row {
  span id, severity, reference;
  size_t at; /* line in the document */
} index_row;

typedef struct section {
  span id;
  size_t at; /* line of the heading */
  size_t sev_count, ref_count, fence_count, rep_count, fix_count, opt_count;
  span severity, reference, kind, fix;
  size_t sev_at, ref_at, fence_at, rep_at, fix_at, opt_at;
  size_t prose_before_fence;     /* description lines */
  size_t last_text_before_fence; /* line of the last non-blank line */
  size_t first;                  /* index of the first example line */
  size_t nlines;                 /* number of example lines */
  int fence_closed;
  int rep_ok;
  unsigned long rep_line, rep_col;
  int opt_ok;
  size_t max_diagnostics;
  size_t pad;
  int skip; /* needs= a library the build lacks */
} section;

typedef struct doc {
  char *text;
  size_t len;
  span *lines;
  size_t nlines;
  section *secs;
  size_t nsecs;
  index_row *rows;
  size_t nrows;
} doc;

static void doc_free(doc *d) {
  free(d->text);
  free(d->lines);
  free(d->secs);
  free(d->rows);
  memset(d, 0, sizeof *d);
}

/* Parses "Reported at line L, column C." */
static int parse_reported(span s, unsigned long *line, unsigned long *col) {
  static const char a[] = "Reported at line ";
  static const char b[] = ", column ";
  size_t i = sizeof a - 1;
  if (!span_starts(s, a))
    return 0;
  unsigned long v[2] = {0, 0};
  for (int k = 0; k < 2; k++) {
    size_t start = i;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && i - start < 9)
      v[k] = v[k] * 10 + (unsigned long)(s.p[i++] - '0');
    if (i == start || (s.p[start] == '0'))
      return 0;
    if (k == 0) {
      if (s.n - i < sizeof b - 1 || memcmp(s.p + i, b, sizeof b - 1) != 0)
        return 0;
      i += sizeof b - 1;
    }
  }
  if (i + 1 != s.n || s.p[i] != '.')
    return 0;
  *line = v[0];
  *col = v[1];
  return 1;
}

/* Parses a decimal size; 0 on failure. */
static size_t parse_size(span s) {
  size_t v = 0;
  if (s.n == 0 || s.n > 9)
    return 0;
  for (size_t i = 0; i < s.n; i++) {
    if (s.p[i] < '0' || s.p[i] > '9')
      return 0;
    v = v * 10 + (size_t)(s.p[i] - '0');
  }
  return v;
}

/* "Options: key=value key=value". */
static void parse_options(section *sec, span s, problems *pr) {
  span rest = span_trim(span_from(s, strlen("Options:")));
  sec->opt_ok = 1;
  if (rest.n == 0) {
    sec->opt_ok = 0;
    problem(pr, "line %zu: %.*s: empty Options line", sec->opt_at,
            (int)sec->id.n, sec->id.p);
  }
  while (rest.n) {
    size_t k = 0;
    while (k < rest.n && rest.p[k] != ' ')
      k++;
    span item = {rest.p, k};
    rest = span_trim(span_from(rest, k));
    size_t v = 0;
    if (span_starts(item, "max_diagnostics=") &&
        (v = parse_size(span_from(item, strlen("max_diagnostics=")))) != 0) {
      sec->max_diagnostics = v;
    } else if (span_starts(item, "pad_last_line=") &&
               (v = parse_size(span_from(item, strlen("pad_last_line=")))) !=
                   0) {
      sec->pad = v;
    } else if (span_eq(item, "needs=idn2") || span_eq(item, "needs=psl")) {
#ifndef MTASTS_HAVE_IDN2
      if (span_eq(item, "needs=idn2"))
        sec->skip = 1;
#endif
#ifndef MTASTS_HAVE_PSL
      if (span_eq(item, "needs=psl"))
        sec->skip = 1;
#endif
    } else {
      sec->opt_ok = 0;
      problem(pr,
              "line %zu: %.*s: unknown option '%.*s' (known: "
              "max_diagnostics=N, pad_last_line=N, needs=idn2, needs=psl)",
              sec->opt_at, (int)sec->id.n, sec->id.p, (int)item.n, item.p);
    }
  }
}

/* One row of the index table: "| [id](#id) | severity | reference |". */
static void parse_index_row(doc *d, span s, size_t at, problems *pr) {
  span cells[4];
  size_t nc = 0;
  size_t i = 1; /* after the leading '|' */
  while (i < s.n && nc < 4) {
    size_t start = i;
    while (i < s.n && s.p[i] != '|')
      i++;
    if (i >= s.n)
      break; /* text after the last '|' */
    cells[nc].p = s.p + start;
    cells[nc].n = i - start;
    cells[nc] = span_trim(cells[nc]);
    nc++;
    i++;
  }
  if (nc == 0 || cells[0].n == 0 || cells[0].p[0] != '[')
    return; /* the header or the separator row */
  if (nc != 3 || i < s.n) {
    problem(pr,
            "line %zu: an index row must have exactly three cells: id, "
            "severity, reference",
            at);
    return;
  }
  /* [id](#id) */
  span c = cells[0];
  size_t close = 1;
  while (close < c.n && c.p[close] != ']')
    close++;
  span id = {c.p + 1, close > 1 ? close - 1 : 0};
  int ok = close < c.n && c.n == close + 4 + id.n &&
           memcmp(c.p + close, "](#", 3) == 0 &&
           memcmp(c.p + close + 3, id.p, id.n) == 0 && c.p[c.n - 1] == ')';
  if (!ok || id.n == 0) {
    problem(pr,
            "line %zu: the first cell of an index row must be "
            "[id](#id), not '%.*s'",
            at, (int)c.n, c.p);
    return;
  }
  index_row *r = &d->rows[d->nrows++];
  r->id = id;
  r->severity = cells[1];
  r->reference = cells[2];
  r->at = at;
}

/* An ATX heading: one to six '#' and then a space or the end of the line. */
static int is_heading(span l) {
  size_t k = 0;
  while (k < l.n && l.p[k] == '#')
    k++;
  return k >= 1 && k <= 6 && (k == l.n || l.p[k] == ' ');
}

/* Reads and splits the document. Returns 0, or -1 (with a problem). */
static int doc_load(doc *d, problems *pr) {
  memset(d, 0, sizeof *d);
  const char *root = getenv("MTASTS_SOURCE_DIR");
  if (!root || !*root) {
    problem(pr, "cannot find the document: the environment variable "
                "MTASTS_SOURCE_DIR (the repository root) is not set");
    return -1;
  }
  size_t plen = strlen(root) + sizeof DOC_REL_PATH + 2;
  char *path = malloc(plen);
  ck_assert_ptr_nonnull(path);
  snprintf(path, plen, "%s/%s", root, DOC_REL_PATH);
  d->text = tu_read_file(path, &d->len);
  if (!d->text) {
    problem(pr, "cannot read %s", path);
    free(path);
    return -1;
  }
  free(path);
  if (d->len == 0) {
    problem(pr, "the document is empty");
    return -1;
  }

  size_t cap = 1;
  for (size_t i = 0; i < d->len; i++)
    cap += d->text[i] == '\n';
  d->lines = calloc(cap, sizeof *d->lines);
  d->secs = calloc(cap, sizeof *d->secs);
  d->rows = calloc(cap, sizeof *d->rows);
  ck_assert(d->lines && d->secs && d->rows);
  for (size_t i = 0, start = 0; i <= d->len; i++) {
    if (i == d->len || d->text[i] == '\n') {
      if (i == d->len && start == i)
        break; /* no line after the final LF */
      span l = {d->text + start, i - start};
      if (l.n && l.p[l.n - 1] == '\r')
        l.n--;
      d->lines[d->nlines++] = l;
      start = i + 1;
    }
  }

  section *sec = NULL;
  int in_fence = 0;
  int fence_is_example = 0;
  for (size_t li = 0; li < d->nlines; li++) {
    span l = d->lines[li];
    size_t at = li + 1;
    if (in_fence) {
      if (span_eq(span_trim(l), "```")) {
        in_fence = 0;
        if (fence_is_example)
          sec->fence_closed = 1;
      } else if (fence_is_example) {
        sec->nlines++;
      }
      continue;
    }
    if (span_starts(l, "```")) {
      in_fence = 1;
      fence_is_example = 0;
      if (sec) {
        sec->fence_count++;
        if (sec->fence_count == 1) {
          fence_is_example = 1;
          sec->kind = span_trim(span_from(l, 3));
          sec->fence_at = at;
          sec->first = li + 1;
        }
      }
      continue;
    }
    if (span_starts(l, "### ")) {
      sec = &d->secs[d->nsecs++];
      sec->id = span_trim(span_from(l, 4));
      sec->at = at;
      continue;
    }
    if (is_heading(l)) {
      sec = NULL; /* any other heading ends the section */
      continue;
    }
    if (!sec) {
      if (d->nsecs == 0 && span_starts(l, "|"))
        parse_index_row(d, l, at, pr);
      continue;
    }
    if (span_trim(l).n == 0)
      continue;
    if (!sec->fence_count)
      sec->last_text_before_fence = at;
    if (span_starts(l, "- Severity:")) {
      if (sec->sev_count++ == 0) {
        sec->severity = span_trim(span_from(l, strlen("- Severity:")));
        sec->sev_at = at;
      }
    } else if (span_starts(l, "- Reference:")) {
      if (sec->ref_count++ == 0) {
        sec->reference = span_trim(span_from(l, strlen("- Reference:")));
        sec->ref_at = at;
      }
    } else if (span_starts(l, "Options:")) {
      if (sec->opt_count++ == 0) {
        sec->opt_at = at;
        parse_options(sec, l, pr);
      }
    } else if (span_starts(l, "Reported at")) {
      if (sec->rep_count++ == 0) {
        sec->rep_at = at;
        sec->rep_ok = parse_reported(l, &sec->rep_line, &sec->rep_col);
      }
    } else if (span_starts(l, "Fix:")) {
      if (sec->fix_count++ == 0) {
        sec->fix_at = at;
        sec->fix = span_trim(span_from(l, 4));
      }
    } else if (!sec->fence_count && sec->ref_count) {
      sec->prose_before_fence++;
    }
  }
  if (in_fence)
    problem(pr, "a code fence is never closed");
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Example kinds and input decoding.                                       */

enum kind_type {
  KIND_BAD,
  KIND_POLICY,
  KIND_RECORDS,
  KIND_DEPLOY,
  KIND_HTTP,
  KIND_LIVE
};

typedef struct kind_info {
  enum kind_type type;
  mtasts_kind record_kind;
  mtasts_txt_form form;
  span hosts; /* the list after --mx=, or empty */
} kind_info;

static kind_info parse_kind(span k) {
  kind_info ki;
  memset(&ki, 0, sizeof ki);
  ki.type = KIND_BAD;
  if (span_eq(k, "policy")) {
    ki.type = KIND_POLICY;
  } else if (span_starts(k, "policy --mx=")) {
    ki.hosts = span_from(k, strlen("policy --mx="));
    /* Non-empty hosts separated by single commas, no spaces. */
    int ok = ki.hosts.n > 0 && ki.hosts.p[0] != ',' &&
             ki.hosts.p[ki.hosts.n - 1] != ',';
    for (size_t i = 0; ok && i < ki.hosts.n; i++)
      ok = ki.hosts.p[i] != ' ' && ki.hosts.p[i] != '\t' &&
           !(ki.hosts.p[i] == ',' && ki.hosts.p[i + 1] == ',');
    if (ok)
      ki.type = KIND_POLICY;
  } else if (span_eq(k, "deploy")) {
    ki.type = KIND_DEPLOY;
  } else if (span_eq(k, "http")) {
    ki.type = KIND_HTTP;
  } else if (span_eq(k, "live")) {
    ki.type = KIND_LIVE;
  } else if (span_eq(k, "sts") || span_eq(k, "sts-zone")) {
    ki.type = KIND_RECORDS;
    ki.record_kind = MTASTS_RECORD_STS;
    ki.form = span_eq(k, "sts") ? MTASTS_TXT_RAW : MTASTS_TXT_ZONE;
  } else if (span_eq(k, "tlsrpt") || span_eq(k, "tlsrpt-zone")) {
    ki.type = KIND_RECORDS;
    ki.record_kind = MTASTS_RECORD_TLSRPT;
    ki.form = span_eq(k, "tlsrpt") ? MTASTS_TXT_RAW : MTASTS_TXT_ZONE;
  }
  return ki;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes one example line into out (at least l.n bytes). Returns the
 * decoded length, or (size_t)-1 with *bad set to the offset of a bad escape. */
static size_t decode_line(span l, char *out, size_t *bad) {
  size_t o = 0;
  for (size_t i = 0; i < l.n; i++) {
    char c = l.p[i];
    if (c != '\\') {
      out[o++] = c;
      continue;
    }
    if (i + 1 >= l.n) {
      *bad = i;
      return (size_t)-1;
    }
    char e = l.p[i + 1];
    if (e == 't') {
      out[o++] = '\t';
      i++;
    } else if (e == 'r') {
      out[o++] = '\r';
      i++;
    } else if (e == '\\') {
      out[o++] = '\\';
      i++;
    } else if (e == 'x' && i + 3 < l.n && hexval(l.p[i + 2]) >= 0 &&
               hexval(l.p[i + 3]) >= 0) {
      out[o++] = (char)(hexval(l.p[i + 2]) * 16 + hexval(l.p[i + 3]));
      i += 3;
    } else {
      *bad = i;
      return (size_t)-1;
    }
  }
  return o;
}

/* ---------------------------------------------------------------------- */
/* Test: the document against the catalogue.                              */

static const char *code_id(size_t c) {
  return mtasts_diag_code_id((mtasts_diag_code)c);
}

static int id_known(span id) {
  size_t n = mtasts_diag_code_count();
  for (size_t c = 0; c < n; c++)
    if (span_eq(id, code_id(c)))
      return 1;
  return 0;
}

static void check_section(const doc *d, const section *s, size_t code,
                          problems *pr) {
  const char *id = code_id(code);
  const char *sev =
      mtasts_severity_name(mtasts_diag_code_severity((mtasts_diag_code)code));
  const char *ref = mtasts_diag_code_reference((mtasts_diag_code)code);
  size_t at = s->at;

  if (s->sev_count != 1)
    problem(pr, "line %zu: %s: %zu '- Severity:' lines, expected one", at, id,
            s->sev_count);
  else if (!span_eq(s->severity, sev))
    problem(pr, "line %zu: %s: Severity is '%.*s', the catalogue says '%s'",
            s->sev_at, id, (int)s->severity.n, s->severity.p, sev);
  if (s->ref_count != 1)
    problem(pr, "line %zu: %s: %zu '- Reference:' lines, expected one", at, id,
            s->ref_count);
  else if (!span_eq(s->reference, ref))
    problem(pr, "line %zu: %s: Reference is '%.*s', the catalogue says '%s'",
            s->ref_at, id, (int)s->reference.n, s->reference.p, ref);
  if (s->sev_count == 1 && s->ref_count == 1 && s->sev_at > s->ref_at)
    problem(pr, "line %zu: %s: Severity must come before Reference", at, id);
  if (s->prose_before_fence == 0)
    problem(pr,
            "line %zu: %s: no description between Reference and the "
            "example",
            at, id);

  if (s->fence_count != 1) {
    problem(pr, "line %zu: %s: %zu code fences, expected exactly one example",
            at, id, s->fence_count);
  } else {
    if (!s->fence_closed)
      problem(pr, "line %zu: %s: the example fence is not closed", s->fence_at,
              id);
    if (parse_kind(s->kind).type == KIND_BAD)
      problem(
          pr,
          "line %zu: %s: unknown example kind '%.*s' (policy, policy "
          "--mx=HOST[,HOST...], sts, tlsrpt, sts-zone, tlsrpt-zone, deploy, "
          "http, live)",
          s->fence_at, id, (int)s->kind.n, s->kind.p);
    if (s->ref_count && s->fence_at < s->ref_at)
      problem(pr, "line %zu: %s: the example comes before Reference",
              s->fence_at, id);
  }
  if (s->opt_count > 1)
    problem(pr, "line %zu: %s: %zu Options lines, expected at most one", at, id,
            s->opt_count);
  if (s->opt_count && s->fence_count &&
      (s->opt_at > s->fence_at || s->last_text_before_fence != s->opt_at))
    problem(pr,
            "line %zu: %s: the Options line must stand just before the "
            "example",
            s->opt_at, id);

  if (s->rep_count != 1)
    problem(pr, "line %zu: %s: %zu 'Reported at' lines, expected one", at, id,
            s->rep_count);
  else if (!s->rep_ok)
    problem(pr,
            "line %zu: %s: expected 'Reported at line L, column C.' with "
            "L and C positive",
            s->rep_at, id);
  else if (s->fence_count && s->rep_at < s->fence_at)
    problem(pr, "line %zu: %s: 'Reported at' must follow the example",
            s->rep_at, id);

  if (s->fix_count != 1)
    problem(pr, "line %zu: %s: %zu 'Fix:' paragraphs, expected one", at, id,
            s->fix_count);
  else if (s->fix.n == 0)
    problem(pr, "line %zu: %s: the Fix paragraph is empty", s->fix_at, id);
  else if (s->rep_count && s->fix_at < s->rep_at)
    problem(pr, "line %zu: %s: 'Fix:' must follow 'Reported at'", s->fix_at,
            id);
  (void)d;
}

START_TEST(test_structure) {
  problems pr;
  memset(&pr, 0, sizeof pr);
  doc d;
  if (doc_load(&d, &pr) == 0) {
    size_t ncodes = mtasts_diag_code_count();
    ck_assert_uint_gt(ncodes, 0);

    /* Sections: known ids, no duplicates. */
    for (size_t i = 0; i < d.nsecs; i++) {
      if (!id_known(d.secs[i].id))
        problem(&pr, "line %zu: section '%.*s' is not a catalogue id",
                d.secs[i].at, (int)d.secs[i].id.n, d.secs[i].id.p);
      for (size_t j = 0; j < i; j++)
        if (d.secs[j].id.n == d.secs[i].id.n &&
            memcmp(d.secs[j].id.p, d.secs[i].id.p, d.secs[i].id.n) == 0)
          problem(&pr,
                  "line %zu: second section for '%.*s' (first at line "
                  "%zu)",
                  d.secs[i].at, (int)d.secs[i].id.n, d.secs[i].id.p,
                  d.secs[j].at);
    }
    /* Every id: one section, checked; sections in catalogue order. */
    size_t prev_at = 0;
    const char *prev_id = NULL;
    for (size_t c = 0; c < ncodes; c++) {
      const char *id = code_id(c);
      ck_assert_ptr_nonnull(id);
      const section *s = NULL;
      for (size_t i = 0; i < d.nsecs && !s; i++)
        if (span_eq(d.secs[i].id, id))
          s = &d.secs[i];
      if (!s) {
        problem(&pr, "no '### %s' section", id);
        continue;
      }
      if (s->at < prev_at)
        problem(&pr,
                "line %zu: section %s is out of catalogue order (it must "
                "follow %s)",
                s->at, id, prev_id);
      prev_at = s->at;
      prev_id = id;
      check_section(&d, s, c, &pr);
    }

    /* The index table. */
    for (size_t i = 0; i < d.nrows; i++)
      if (!id_known(d.rows[i].id))
        problem(&pr, "line %zu: index row for unknown id '%.*s'", d.rows[i].at,
                (int)d.rows[i].id.n, d.rows[i].id.p);
    prev_at = 0;
    for (size_t c = 0; c < ncodes; c++) {
      const char *id = code_id(c);
      const char *sev =
          mtasts_severity_name(mtasts_diag_code_severity((mtasts_diag_code)c));
      const char *ref = mtasts_diag_code_reference((mtasts_diag_code)c);
      size_t found = 0;
      for (size_t i = 0; i < d.nrows; i++) {
        const index_row *r = &d.rows[i];
        if (!span_eq(r->id, id))
          continue;
        if (found++) {
          problem(&pr, "line %zu: second index row for %s", r->at, id);
          continue;
        }
        if (!span_eq(r->severity, sev))
          problem(&pr,
                  "line %zu: index: %s has severity '%.*s', the "
                  "catalogue says '%s'",
                  r->at, id, (int)r->severity.n, r->severity.p, sev);
        if (!span_eq(r->reference, ref))
          problem(&pr,
                  "line %zu: index: %s has reference '%.*s', the "
                  "catalogue says '%s'",
                  r->at, id, (int)r->reference.n, r->reference.p, ref);
        if (r->at < prev_at)
          problem(&pr, "line %zu: index: %s is out of catalogue order", r->at,
                  id);
        prev_at = r->at;
      }
      if (!found)
        problem(&pr, "the index table has no row for %s", id);
    }
  }
  doc_free(&d);
  problems_finish(&pr, "the structure");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Test: every example, run through the library.                           */

/* Formats the list of diagnostics into buf. */
static void list_diags(const mtasts_diag *const *v, size_t n, char *buf,
                       size_t cap) {
  size_t o = 0;
  buf[0] = '\0';
  if (n == 0)
    snprintf(buf, cap, " (none)");
  for (size_t i = 0; i < n && o < cap; i++) {
    int k = snprintf(buf + o, cap - o, " %s@%lu:%lu",
                     v[i]->id ? v[i]->id : "(null)", v[i]->line, v[i]->column);
    if (k < 0)
      break;
    o += (size_t)k;
  }
}

/* The part a line of a deploy example starts, or -1. */
static int deploy_part(const mtasts_txt *t) {
  static const char *const parts[] = {"; zone", "; policy", "; previous zone",
                                      "; previous policy"};
  for (int i = 0; i < 4; i++)
    if (t->len == strlen(parts[i]) && memcmp(t->ptr, parts[i], t->len) == 0)
      return i;
  return -1;
}

static int word_is(const char *p, size_t n, const char *w) {
  return n == strlen(w) && memcmp(p, w, n) == 0;
}

/* Builds the deployment of a deploy example (see the top of this file) and
 * checks it. Returns the status of the library's calls. */
static mtasts_status run_deploy(const mtasts_txt *lines, size_t nl,
                                const mtasts_options *opt,
                                mtasts_deployment_result **out) {
  static const char *const names[] = {"zone", "policy", "previous zone",
                                      "previous policy"};
  mtasts_deployment *d = NULL;
  mtasts_status st = mtasts_deployment_new(opt, &d);
  if (st != MTASTS_OK)
    return st;
  st = mtasts_deployment_set_domain(d, "example.com", 11);
  int part = -1;
  unsigned long line = 0;
  char *policy[2] = {NULL, NULL};
  size_t plen[2] = {0, 0};
  for (size_t i = 0; i < nl && st == MTASTS_OK; i++) {
    const mtasts_txt *t = &lines[i];
    int np = deploy_part(t);
    if (np >= 0) {
      part = np;
      line = 0;
      mtasts_revision rev =
          np >= 2 ? MTASTS_REVISION_PREVIOUS : MTASTS_REVISION_CURRENT;
      if (np % 2 == 0) {
        st = mtasts_deployment_set_zone(d, rev, names[np]);
      } else {
        char *b = realloc(policy[np / 2], 1);
        ck_assert_ptr_nonnull(b);
        policy[np / 2] = b;
        plen[np / 2] = 0;
      }
      continue;
    }
    line++;
    if (part < 0)
      continue;
    mtasts_revision rev =
        part >= 2 ? MTASTS_REVISION_PREVIOUS : MTASTS_REVISION_CURRENT;
    if (part % 2 == 1) { /* a policy line */
      size_t k = (size_t)part / 2;
      char *b = realloc(policy[k], plen[k] + t->len + 1);
      ck_assert_ptr_nonnull(b);
      memcpy(b + plen[k], t->ptr, t->len);
      plen[k] += t->len;
      b[plen[k]++] = '\n';
      policy[k] = b;
      continue;
    }
    /* A zone line: OWNER TYPE RDATA. */
    const char *p = t->ptr, *end = t->ptr + t->len, *w[3];
    size_t wn[2];
    for (int k = 0; k < 2; k++) {
      while (p < end && *p == ' ')
        p++;
      w[k] = p;
      while (p < end && *p != ' ')
        p++;
      wn[k] = (size_t)(p - w[k]);
    }
    while (p < end && *p == ' ')
      p++;
    w[2] = p;
    size_t rn = (size_t)(end - p);
    if (word_is(w[1], wn[1], "TXT") && (word_is(w[0], wn[0], "_mta-sts") ||
                                        word_is(w[0], wn[0], "_smtp._tls"))) {
      mtasts_txt x = {w[2], rn, MTASTS_TXT_ZONE};
      st = mtasts_deployment_add_txt(
          d, rev, w[0][1] == 'm' ? MTASTS_RECORD_STS : MTASTS_RECORD_TLSRPT, &x,
          names[part], line);
    } else if (word_is(w[1], wn[1], "MX") && word_is(w[0], wn[0], "@")) {
      const char *h = w[2];
      while (h < end && *h != ' ')
        h++;
      while (h < end && *h == ' ')
        h++;
      st = mtasts_deployment_add_mx(d, rev, h, (size_t)(end - h), names[part],
                                    line);
    } else if (word_is(w[0], wn[0], "mta-sts") &&
               (word_is(w[1], wn[1], "A") || word_is(w[1], wn[1], "AAAA") ||
                word_is(w[1], wn[1], "CNAME"))) {
      st = mtasts_deployment_add_policy_host_address(d, rev, names[part], line);
    }
  }
  for (int k = 0; k < 2; k++) {
    if (policy[k] && st == MTASTS_OK)
      st = mtasts_deployment_set_policy(
          d, k ? MTASTS_REVISION_PREVIOUS : MTASTS_REVISION_CURRENT, policy[k],
          plen[k], names[2 * k + 1]);
    free(policy[k]);
  }
  if (st == MTASTS_OK)
    st = mtasts_deployment_check(d, out);
  mtasts_deployment_free(d);
  return st;
}

/* How many diagnostics of v[0..n) say what d says (its id and message). */
static size_t count_same(const mtasts_diag *const *v, size_t n,
                         const mtasts_diag *d) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += strcmp(v[i]->id, d->id) == 0 && strcmp(v[i]->message, d->message) == 0;
  return c;
}

/* The diagnostics of a policy or a record, as a list (free it). */
static const mtasts_diag **diags_of(const mtasts_policy *p,
                                    const mtasts_record *r, size_t *n) {
  *n = p ? mtasts_policy_diag_count(p) : mtasts_record_diag_count(r);
  const mtasts_diag **v = calloc(*n + 1, sizeof *v);
  ck_assert_ptr_nonnull(v);
  for (size_t i = 0; i < *n; i++)
    v[i] = p ? mtasts_policy_diag(p, i) : mtasts_record_diag(r, i);
  return v;
}

/*
 * The hint of the example's finding d, applied (the bytes fix_offset and
 * fix_length of the policy, or of the record at d's line, replaced by the
 * hint), must make the finding go away and add no error of a new id: what
 * mtasts-lint --fix relies on, for every id with a hint in the docs.
 */
static void check_hint(problems *pr, const section *s, const char *id,
                       kind_info ki, const mtasts_options *opt, const char *buf,
                       size_t len, const mtasts_txt *txt, size_t nl,
                       const mtasts_policy *pol, const mtasts_record *rec,
                       const mtasts_diag *d) {
  const char *in = buf;
  size_t in_len = len, rec_at = 0;
  if (!pol) {
    if (d->line < 1 || d->line > nl) {
      problem(pr, "line %zu: %s: the hint's record %lu is not in the example",
              s->fence_at, id, d->line);
      return;
    }
    rec_at = d->line - 1;
    in = txt[rec_at].ptr;
    in_len = txt[rec_at].len;
  }
  if (d->fix_offset > in_len || d->fix_length > in_len - d->fix_offset) {
    problem(pr, "line %zu: %s: the fix span %zu+%zu is outside the input",
            s->fence_at, id, d->fix_offset, d->fix_length);
    return;
  }
  size_t hn = strlen(d->hint), n = in_len - d->fix_length + hn;
  char *fixed = malloc(n + 1);
  ck_assert_ptr_nonnull(fixed);
  memcpy(fixed, in, d->fix_offset);
  memcpy(fixed + d->fix_offset, d->hint, hn);
  memcpy(fixed + d->fix_offset + hn, in + d->fix_offset + d->fix_length,
         in_len - d->fix_offset - d->fix_length);
  mtasts_policy *p2 = NULL;
  mtasts_record *r2 = NULL;
  mtasts_status st;
  if (pol) {
    st = mtasts_policy_parse(fixed, n, opt, &p2);
  } else {
    mtasts_txt *t2 = calloc(nl + 1, sizeof *t2);
    ck_assert_ptr_nonnull(t2);
    memcpy(t2, txt, nl * sizeof *t2);
    t2[rec_at].ptr = fixed;
    t2[rec_at].len = n;
    st = mtasts_record_parse(ki.record_kind, t2, nl, opt, &r2);
    free(t2);
  }
  if (st != MTASTS_OK) {
    problem(pr,
            "line %zu: %s: the example with its hint applied fails to "
            "parse: %s",
            s->fence_at, id, mtasts_status_name(st));
  } else {
    size_t n1, n2;
    const mtasts_diag **v1 = diags_of(pol, rec, &n1);
    const mtasts_diag **v2 = diags_of(p2, r2, &n2);
    if (count_same(v2, n2, d) >= count_same(v1, n1, d))
      problem(pr, "line %zu: %s: applying the hint '%s' leaves the finding",
              s->fence_at, id, d->hint);
    for (size_t j = 0; j < n2; j++) {
      int had = v2[j]->severity != MTASTS_SEVERITY_ERROR;
      for (size_t i = 0; i < n1 && !had; i++)
        had = v1[i]->severity == MTASTS_SEVERITY_ERROR &&
              strcmp(v1[i]->id, v2[j]->id) == 0;
      if (!had)
        problem(pr, "line %zu: %s: applying the hint '%s' adds the error %s",
                s->fence_at, id, d->hint, v2[j]->id);
    }
    free(v1);
    free(v2);
  }
  mtasts_policy_free(p2);
  mtasts_record_free(r2);
  free(fixed);
}

static void run_example(const doc *d, const section *s, problems *pr) {
  const char *id = NULL;
  size_t code = 0, ncodes = mtasts_diag_code_count();
  for (; code < ncodes; code++)
    if (span_eq(s->id, code_id(code))) {
      id = code_id(code);
      break;
    }
  if (!id || s->fence_count != 1 || !s->fence_closed || s->rep_count != 1 ||
      !s->rep_ok || (s->opt_count && !s->opt_ok))
    return; /* reported by the structure test */
  kind_info ki = parse_kind(s->kind);
  if (ki.type == KIND_BAD)
    return;
  if (s->skip) {
    fprintf(stderr,
            "docs: %.*s: example skipped (the library is built without the "
            "library it needs)\n",
            (int)s->id.n, s->id.p);
    return;
  }

  /* Decode the lines. */
  size_t nl = s->nlines;
  int nofinal = 0;
  if (ki.type == KIND_POLICY && nl > 0 &&
      span_eq(d->lines[s->first + nl - 1], "\\nofinal")) {
    nofinal = 1;
    nl--;
  }
  size_t total = s->pad + 1;
  for (size_t i = 0; i < nl; i++)
    total += d->lines[s->first + i].n + 1;
  char *buf = malloc(total);
  mtasts_txt *txt = calloc(nl + 1, sizeof *txt);
  ck_assert(buf && txt);
  size_t o = 0;
  int bad = 0;
  for (size_t i = 0; i < nl && !bad; i++) {
    span l = d->lines[s->first + i];
    size_t at_bad = 0;
    size_t n = decode_line(l, buf + o, &at_bad);
    if (n == (size_t)-1) {
      problem(pr,
              "line %zu: %s: bad escape '%.*s' in the example (known: "
              "\\t \\r \\xNN \\\\)",
              s->first + i + 1, id, (int)(l.n - at_bad < 4 ? l.n - at_bad : 4),
              l.p + at_bad);
      bad = 1;
      break;
    }
    if (i + 1 == nl && s->pad) {
      if (n == 0 || n > s->pad) {
        problem(pr,
                "line %zu: %s: pad_last_line=%zu needs a last line of 1 "
                "to %zu bytes",
                s->opt_at, id, s->pad, s->pad);
        bad = 1;
        break;
      }
      memset(buf + o + n, buf[o + n - 1], s->pad - n);
      n = s->pad;
    }
    txt[i].ptr = buf + o;
    txt[i].len = n;
    txt[i].form = ki.form;
    o += n;
    if (ki.type == KIND_POLICY && !(nofinal && i + 1 == nl))
      buf[o++] = '\n';
  }
  if (s->pad && nl == 0) {
    problem(pr, "line %zu: %s: pad_last_line with an empty example", s->opt_at,
            id);
    bad = 1;
  }
  if (bad) {
    free(buf);
    free(txt);
    return;
  }

  /* Hosts for --mx=. */
  mtasts_str hosts[64];
  size_t nhosts = 0;
  for (size_t i = 0, start = 0; i <= ki.hosts.n && ki.hosts.n; i++) {
    if (i == ki.hosts.n || ki.hosts.p[i] == ',') {
      ck_assert_uint_lt(nhosts, 64);
      hosts[nhosts].ptr = ki.hosts.p + start;
      hosts[nhosts].len = i - start;
      nhosts++;
      start = i + 1;
    }
  }

  mtasts_options opt;
  mtasts_options_init(&opt);
  opt.max_diagnostics = s->max_diagnostics;
  opt.mx_hosts = nhosts ? hosts : NULL;
  opt.mx_host_count = nhosts;

  mtasts_policy *pol = NULL;
  mtasts_record *rec = NULL;
  mtasts_deployment_result *dep = NULL;
  mtasts_http_result *http = NULL;
  mtasts_live_result *live = NULL;
  mtasts_status st;
  size_t n = 0;
  if (ki.type == KIND_LIVE) {
    st = tu_live_run(txt, nl, &opt, &live);
    if (st == MTASTS_OK)
      n = mtasts_live_result_diag_count(live);
  } else if (ki.type == KIND_HTTP) {
    st = tu_http_run(txt, nl, 0,
                     "https://mta-sts.example.com/.well-known/mta-sts.txt",
                     &opt, &http);
    if (st == MTASTS_OK)
      n = mtasts_http_result_diag_count(http);
  } else if (ki.type == KIND_DEPLOY) {
    st = run_deploy(txt, nl, &opt, &dep);
    if (st == MTASTS_OK)
      n = mtasts_deployment_result_diag_count(dep);
  } else if (ki.type == KIND_POLICY) {
    st = mtasts_policy_parse(buf, o, &opt, &pol);
    if (st == MTASTS_OK)
      n = mtasts_policy_diag_count(pol);
  } else {
    st = mtasts_record_parse(ki.record_kind, txt, nl, &opt, &rec);
    if (st == MTASTS_OK)
      n = mtasts_record_diag_count(rec);
  }
  if (st != MTASTS_OK) {
    problem(pr, "line %zu: %s: the example fails to parse: %s", s->fence_at, id,
            mtasts_status_name(st));
  } else {
    const mtasts_diag **v = calloc(n + 1, sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n; i++)
      v[i] = live   ? mtasts_live_result_diag(live, i)
             : http ? mtasts_http_result_diag(http, i)
             : dep  ? mtasts_deployment_result_diag(dep, i)
             : pol  ? mtasts_policy_diag(pol, i)
                    : mtasts_record_diag(rec, i);
    const mtasts_diag *first = NULL;
    for (size_t i = 0; i < n && !first; i++)
      if (v[i] && v[i]->id && strcmp(v[i]->id, id) == 0)
        first = v[i];
    char got[2048];
    list_diags(v, n, got, sizeof got);
    if (!first) {
      problem(pr,
              "line %zu: %s: the example does not report %s; the library "
              "reports:%s",
              s->fence_at, id, id, got);
    } else {
      if (first->line != s->rep_line || first->column != s->rep_col)
        problem(pr,
                "line %zu: %s: documented at line %lu, column %lu, but "
                "the library reports it at line %lu, column %lu (%s); all "
                "diagnostics:%s",
                s->rep_at, id, s->rep_line, s->rep_col, first->line,
                first->column, first->message ? first->message : "no message",
                got);
      mtasts_severity want = mtasts_diag_code_severity((mtasts_diag_code)code);
      if (first->severity != want)
        problem(pr,
                "line %zu: %s: the example reports it as %s, but the "
                "documented severity is %s",
                s->fence_at, id, mtasts_severity_name(first->severity),
                mtasts_severity_name(want));
      if (first->code != (mtasts_diag_code)code)
        problem(pr,
                "line %zu: %s: the diagnostic's code %d does not match "
                "its id",
                s->fence_at, id, (int)first->code);
    }
    free(v);
    if (first && first->hint && !dep && !http && !live)
      check_hint(pr, s, id, ki, &opt, buf, o, txt, nl, pol, rec, first);
  }
  mtasts_policy_free(pol);
  mtasts_record_free(rec);
  mtasts_deployment_result_free(dep);
  mtasts_http_result_free(http);
  mtasts_live_result_free(live);
  free(buf);
  free(txt);
}

START_TEST(test_examples) {
  problems pr;
  memset(&pr, 0, sizeof pr);
  doc d;
  if (doc_load(&d, &pr) == 0) {
    for (size_t i = 0; i < d.nsecs; i++)
      run_example(&d, &d.secs[i], &pr);
    /* Every catalogue id must have been exercised by an example; ids
     * without a usable section are reported by the structure test, but
     * this test must not pass without them either. */
    size_t ncodes = mtasts_diag_code_count();
    for (size_t c = 0; c < ncodes; c++) {
      int have = 0;
      for (size_t i = 0; i < d.nsecs && !have; i++) {
        const section *s = &d.secs[i];
        have = span_eq(s->id, code_id(c)) && s->fence_count == 1 &&
               s->fence_closed && s->rep_count == 1 && s->rep_ok &&
               !(s->opt_count && !s->opt_ok) &&
               parse_kind(s->kind).type != KIND_BAD;
      }
      if (!have)
        problem(&pr, "%s: no runnable example (see the structure test)",
                code_id(c));
    }
  }
  doc_free(&d);
  problems_finish(&pr, "the examples");
}
END_TEST

static Suite *docs_suite(void) {
  Suite *s = suite_create("docs");
  TCase *tc = tcase_create("diagnostics.md");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_structure);
  tcase_add_test(tc, test_examples);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return tu_run(docs_suite());
}
