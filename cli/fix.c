/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint --fix: choosing and applying the library's fix-its, and the
 * unified diff of --fix --diff. See fix.h.
 */
#define _POSIX_C_SOURCE 200809L

#include "fix.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A policy needs few rounds: each fixes what the one before uncovered (or,
 * when a batch added an error, applies one fix). The limit only guards
 * against fixes that keep offering themselves. */
#define MAX_ROUNDS 64

/* The most lines on either side of the changed middle of a diff for which
 * the lines both sides keep are found (a quadratic table). */
#define MAX_DIFF_LINES 2000

typedef struct edit {
  size_t off, len;  /* the bytes replaced */
  const char *text; /* by this text */
  size_t text_len;
} edit;

/* Error-level findings of a parse, per code. */
typedef struct error_counts {
  size_t n[MTASTS_DIAG_COUNT_];
} error_counts;

static void count_errors(const mtasts_policy *p, error_counts *c) {
  memset(c, 0, sizeof *c);
  for (size_t i = 0, n = mtasts_policy_diag_count(p); i < n; i++) {
    const mtasts_diag *d = mtasts_policy_diag(p, i);
    if (d->severity == MTASTS_SEVERITY_ERROR &&
        (size_t)d->code < MTASTS_DIAG_COUNT_)
      c->n[d->code]++;
  }
}

/* 1 when after holds no more errors of any code than before. */
static int adds_no_error(const error_counts *before,
                         const error_counts *after) {
  for (size_t i = 0; i < MTASTS_DIAG_COUNT_; i++)
    if (after->n[i] > before->n[i])
      return 0;
  return 1;
}

/* text with the edits (sorted by offset, not overlapping) applied, in a new
 * allocation; NULL when out of memory. */
static char *apply(const char *text, size_t len, const edit *e, size_t n,
                   size_t *out_len) {
  size_t total = len;
  for (size_t i = 0; i < n; i++)
    total = total - e[i].len + e[i].text_len;
  char *out = malloc(total + 1);
  if (!out)
    return NULL;
  size_t at = 0, o = 0;
  for (size_t i = 0; i < n; i++) {
    memcpy(out + o, text + at, e[i].off - at);
    o += e[i].off - at;
    memcpy(out + o, e[i].text, e[i].text_len);
    o += e[i].text_len;
    at = e[i].off + e[i].len;
  }
  memcpy(out + o, text + at, len - at);
  o += len - at;
  out[o] = '\0';
  *out_len = o;
  return out;
}

static int by_offset(const void *a, const void *b) {
  const edit *x = a, *y = b;
  if (x->off != y->off)
    return x->off < y->off ? -1 : 1;
  return x->len < y->len ? -1 : x->len > y->len;
}

/* The errors of text, or a failed status. */
static mtasts_status parse_counts(const char *text, size_t len,
                                  const mtasts_options *o, error_counts *c) {
  mtasts_policy *p = NULL;
  mtasts_status st = mtasts_policy_parse(text, len, o, &p);
  if (st == MTASTS_OK)
    count_errors(p, c);
  mtasts_policy_free(p);
  return st;
}

/*
 * One round over text: fills *next (malloc'd) with the text after the fixes
 * this round applies, *applied with their number (0: nothing changed, *next
 * is NULL). Counts fixes left out in *refused.
 */
static mtasts_status round_once(const char *text, size_t len,
                                const mtasts_options *o, mtasts_severity least,
                                char **next, size_t *next_len, size_t *applied,
                                size_t *refused) {
  *next = NULL;
  *applied = 0;
  mtasts_policy *p = NULL;
  mtasts_status st = mtasts_policy_parse(text, len, o, &p);
  if (st != MTASTS_OK)
    return st;
  error_counts before;
  count_errors(p, &before);
  size_t n = mtasts_policy_diag_count(p);
  edit *all = malloc((n ? n : 1) * sizeof *all);
  if (!all) {
    mtasts_policy_free(p);
    return MTASTS_ERR_NOMEM;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = mtasts_policy_diag(p, i);
    if (!d->hint || d->fix_offset > len ||
        d->fix_length > len - d->fix_offset || d->severity < least)
      continue;
    all[k].off = d->fix_offset;
    all[k].len = d->fix_length;
    all[k].text = d->hint;
    all[k].text_len = strlen(d->hint);
    /* A fix that changes nothing is no fix. */
    if (all[k].text_len == all[k].len &&
        memcmp(all[k].text, text + all[k].off, all[k].len) == 0)
      continue;
    k++;
  }
  qsort(all, k, sizeof *all, by_offset);
  /* Keep the first of overlapping spans; two insertions at one place, or an
   * insertion at the edge of a replaced span, overlap too. */
  size_t m = 0;
  for (size_t i = 0; i < k; i++) {
    if (m) {
      const edit *last = &all[m - 1];
      size_t end = last->off + last->len;
      if (all[i].off < end ||
          (all[i].off == end && (!all[i].len || !last->len))) {
        (*refused)++;
        continue;
      }
    }
    all[m++] = all[i];
  }

  st = MTASTS_OK;
  if (m) {
    /* All of them at once, when together they add no error. */
    size_t tl = 0;
    char *t = apply(text, len, all, m, &tl);
    error_counts after;
    if (!t)
      st = MTASTS_ERR_NOMEM;
    else if ((st = parse_counts(t, tl, o, &after)) == MTASTS_OK &&
             adds_no_error(&before, &after)) {
      *next = t;
      *next_len = tl;
      *applied = m;
      t = NULL;
    }
    free(t);
    /* Otherwise the first one that adds no error; the next round looks at
     * the rest again. */
    for (size_t i = 0; st == MTASTS_OK && !*applied && i < m; i++) {
      t = apply(text, len, &all[i], 1, &tl);
      if (!t) {
        st = MTASTS_ERR_NOMEM;
        break;
      }
      if ((st = parse_counts(t, tl, o, &after)) == MTASTS_OK &&
          adds_no_error(&before, &after)) {
        *next = t;
        *next_len = tl;
        *applied = 1;
      } else {
        free(t);
        (*refused)++;
      }
    }
  }
  free(all);
  mtasts_policy_free(p);
  return st;
}

mtasts_status fix_policy(const char *buf, size_t len,
                         const mtasts_options *options, mtasts_severity least,
                         fix_result *out) {
  memset(out, 0, sizeof *out);
  char *cur = malloc(len + 1);
  if (!cur)
    return MTASTS_ERR_NOMEM;
  if (len)
    memcpy(cur, buf, len);
  cur[len] = '\0';
  size_t cur_len = len;
  size_t refused = 0;
  mtasts_status st = MTASTS_OK;
  for (int r = 0; r < MAX_ROUNDS; r++) {
    char *next = NULL;
    size_t next_len = 0, applied = 0, left = 0;
    st = round_once(cur, cur_len, options, least, &next, &next_len, &applied,
                    &left);
    if (st != MTASTS_OK || !applied) {
      refused = left; /* what the last round could not apply */
      break;
    }
    out->applied += applied;
    free(cur);
    cur = next;
    cur_len = next_len;
  }
  if (st != MTASTS_OK) {
    free(cur);
    return st;
  }
  out->text = cur;
  out->len = cur_len;
  out->refused = refused;
  return MTASTS_OK;
}

/* ---------------------------------------------------------------------- */
/* Unified diff                                                            */

/* The lines of a text: start offsets, with line n ending where n + 1
 * starts (the last at the end of the text). */
typedef struct lines {
  size_t *start;
  size_t n;
  const char *text;
  size_t len;
} lines;

static int split_lines(const char *t, size_t len, lines *l) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += t[i] == '\n';
  if (len && t[len - 1] != '\n')
    n++;
  l->start = malloc((n + 1) * sizeof *l->start);
  if (!l->start)
    return -1;
  l->n = n;
  l->text = t;
  l->len = len;
  size_t k = 0;
  l->start[k++] = 0;
  for (size_t i = 0; i < len && k <= n; i++)
    if (t[i] == '\n')
      l->start[k++] = i + 1;
  l->start[n] = len;
  return 0;
}

static size_t line_len(const lines *l, size_t i) {
  return l->start[i + 1] - l->start[i];
}

static int same_line(const lines *a, size_t i, const lines *b, size_t j) {
  size_t n = line_len(a, i);
  return n == line_len(b, j) &&
         memcmp(a->text + a->start[i], b->text + b->start[j], n) == 0;
}

static void put_line(FILE *fp, char tag, const lines *l, size_t i) {
  size_t n = line_len(l, i);
  const char *p = l->text + l->start[i];
  fputc(tag, fp);
  fwrite(p, 1, n, fp);
  if (!n || p[n - 1] != '\n')
    fputs("\n\\ No newline at end of file\n", fp);
}

/* "start,count" of a hunk side, as diff -u writes it. */
static void put_range(FILE *fp, size_t first, size_t count) {
  if (count == 1)
    fprintf(fp, "%zu", first + 1);
  else
    fprintf(fp, "%zu,%zu", count ? first + 1 : first, count);
}

int fix_has_policy_field(const char *buf, size_t len) {
  static const char *const fields[] = {"version", "mode", "mx", "max_age"};
  size_t i = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && buf[e] != '\n')
      e++;
    size_t k = i;
    while (k < e && (buf[k] == ' ' || buf[k] == '\t'))
      k++;
    size_t colon = k;
    while (colon < e && buf[colon] != ':')
      colon++;
    size_t end = colon;
    while (end > k && (buf[end - 1] == ' ' || buf[end - 1] == '\t'))
      end--;
    if (colon < e) {
      for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        size_t fl = strlen(fields[f]);
        size_t j = 0;
        while (j < fl && k + j < end &&
               (buf[k + j] >= 'A' && buf[k + j] <= 'Z'
                    ? buf[k + j] + 32
                    : buf[k + j]) == fields[f][j])
          j++;
        if (j == fl && k + fl == end)
          return 1;
      }
    }
    i = e + 1;
  }
  return 0;
}

/* "PREFIX/NAME", quoted as git quotes a path (quote_c_style) when it holds
 * a byte that needs it. */
static void put_label(FILE *fp, const char *prefix, const char *name) {
  const unsigned char *s = (const unsigned char *)name;
  int quote = 0;
  for (size_t i = 0; s[i]; i++)
    if (s[i] < 0x20 || s[i] >= 0x7F || s[i] == '"' || s[i] == '\\')
      quote = 1;
  if (!quote) {
    fprintf(fp, "%s%s", prefix, name);
    return;
  }
  fprintf(fp, "\"%s", prefix);
  for (size_t i = 0; s[i]; i++) {
    unsigned char c = s[i];
    const char *esc = c == '\n'   ? "\\n"
                      : c == '\t' ? "\\t"
                      : c == '\r' ? "\\r"
                      : c == '"'  ? "\\\""
                      : c == '\\' ? "\\\\"
                                  : NULL;
    if (esc)
      fputs(esc, fp);
    else if (c < 0x20 || c >= 0x7F)
      fprintf(fp, "\\%03o", (unsigned)c);
    else
      fputc(c, fp);
  }
  fputc('"', fp);
}

int fix_write_diff(FILE *fp, const char *name, const char *a, size_t alen,
                   const char *b, size_t blen) {
  if (alen == blen && memcmp(a, b, alen) == 0)
    return 0;
  lines la, lb;
  if (split_lines(a, alen, &la) != 0)
    return -1;
  if (split_lines(b, blen, &lb) != 0) {
    free(la.start);
    return -1;
  }
  /* The fixes change a few lines of a policy: the lines that differ lie
   * between a common head and a common tail, shown as one hunk. */
  size_t head = 0;
  while (head < la.n && head < lb.n && same_line(&la, head, &lb, head))
    head++;
  size_t tail = 0;
  while (tail < la.n - head && tail < lb.n - head &&
         same_line(&la, la.n - 1 - tail, &lb, lb.n - 1 - tail))
    tail++;
  size_t ctx_before = head < 3 ? head : 3;
  size_t ctx_after = tail < 3 ? tail : 3;
  size_t a_first = head - ctx_before, b_first = head - ctx_before;
  size_t ma = la.n - head - tail, mb = lb.n - head - tail;
  /* Between them, the lines both keep (a longest common subsequence) are
   * context too, when the middle is small enough for the quadratic table;
   * else the middle is removed and added whole, which is as correct. */
  unsigned *lcs = NULL;
  if (ma && mb && ma <= MAX_DIFF_LINES && mb <= MAX_DIFF_LINES)
    lcs = malloc((ma + 1) * (mb + 1) * sizeof *lcs);
  size_t common = 0;
#define LCS(i, j) lcs[(i) * (mb + 1) + (j)]
  if (lcs) {
    /* LCS(i, j): of the middles' suffixes from line i of a and j of b. */
    for (size_t i = ma + 1; i-- > 0;)
      for (size_t j = mb + 1; j-- > 0;) {
        if (i == ma || j == mb)
          LCS(i, j) = 0;
        else if (same_line(&la, head + i, &lb, head + j))
          LCS(i, j) = LCS(i + 1, j + 1) + 1;
        else
          LCS(i, j) =
              LCS(i + 1, j) > LCS(i, j + 1) ? LCS(i + 1, j) : LCS(i, j + 1);
      }
    common = LCS(0, 0);
  }
  size_t a_count = ma + ctx_before + ctx_after;
  size_t b_count = mb + ctx_before + ctx_after;
  fputs("--- ", fp);
  put_label(fp, "a/", name);
  fputs("\n+++ ", fp);
  put_label(fp, "b/", name);
  fputs("\n@@ -", fp);
  put_range(fp, a_first, a_count);
  fputs(" +", fp);
  put_range(fp, b_first, b_count);
  fputs(" @@\n", fp);
  for (size_t i = a_first; i < head; i++)
    put_line(fp, ' ', &la, i);
  size_t i = 0, j = 0;
  if (common) {
    while (i < ma && j < mb) {
      if (same_line(&la, head + i, &lb, head + j) &&
          LCS(i, j) == LCS(i + 1, j + 1) + 1) {
        put_line(fp, ' ', &la, head + i);
        i++;
        j++;
      } else if (LCS(i + 1, j) >= LCS(i, j + 1)) {
        put_line(fp, '-', &la, head + i++);
      } else {
        put_line(fp, '+', &lb, head + j++);
      }
    }
  }
#undef LCS
  for (; i < ma; i++)
    put_line(fp, '-', &la, head + i);
  for (; j < mb; j++)
    put_line(fp, '+', &lb, head + j);
  for (size_t k = la.n - tail; k < la.n - tail + ctx_after; k++)
    put_line(fp, ' ', &la, k);
  free(lcs);
  free(la.start);
  free(lb.start);
  return ferror(fp) ? -1 : 0;
}
