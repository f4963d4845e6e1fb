#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tu_compare(const mtasts_diag *const *diags, size_t n,
               const tu_diag *expected, char *buf, size_t cap) {
  size_t m = 0;
  while (expected[m].id)
    m++;
  int same = (n == m);
  for (size_t i = 0; same && i < n; i++)
    same = strcmp(diags[i]->id, expected[i].id) == 0 &&
           diags[i]->line == expected[i].line &&
           diags[i]->column == expected[i].column;
  if (same)
    return 1;
  size_t o = 0;
  o += (size_t)snprintf(buf + o, cap - o, "expected:");
  for (size_t i = 0; i < m && o < cap; i++)
    o += (size_t)snprintf(buf + o, cap - o, " %s@%lu:%lu", expected[i].id,
                          expected[i].line, expected[i].column);
  if (o < cap)
    o += (size_t)snprintf(buf + o, cap - o, "\n  got:");
  for (size_t i = 0; i < n && o < cap; i++)
    o += (size_t)snprintf(buf + o, cap - o, " %s@%lu:%lu (%s)", diags[i]->id,
                          diags[i]->line, diags[i]->column, diags[i]->message);
  return 0;
}

void tu_policy(const char *name, const char *in, size_t len,
               const mtasts_options *options, int valid,
               const tu_diag *expected) {
  mtasts_policy *p = NULL;
  mtasts_status st = mtasts_policy_parse(in, len, options, &p);
  ck_assert_msg(st == MTASTS_OK, "%s: status %d", name, (int)st);
  size_t n = mtasts_policy_diag_count(p);
  const mtasts_diag **d = calloc(n + 1, sizeof *d);
  ck_assert_ptr_nonnull(d);
  for (size_t i = 0; i < n; i++)
    d[i] = mtasts_policy_diag(p, i);
  char buf[8192];
  int ok = tu_compare(d, n, expected, buf, sizeof buf);
  int v = mtasts_policy_valid(p);
  free(d);
  mtasts_policy_free(p);
  ck_assert_msg(ok, "%s:\n  %s", name, buf);
  if (valid >= 0)
    ck_assert_msg(v == valid, "%s: valid is %d, expected %d", name, v, valid);
}

void tu_records(const char *name, mtasts_kind kind, const mtasts_txt *records,
                size_t count, const mtasts_options *options, int valid,
                const tu_diag *expected) {
  mtasts_record *r = NULL;
  mtasts_status st = mtasts_record_parse(kind, records, count, options, &r);
  ck_assert_msg(st == MTASTS_OK, "%s: status %d", name, (int)st);
  size_t n = mtasts_record_diag_count(r);
  const mtasts_diag **d = calloc(n + 1, sizeof *d);
  ck_assert_ptr_nonnull(d);
  for (size_t i = 0; i < n; i++)
    d[i] = mtasts_record_diag(r, i);
  char buf[8192];
  int ok = tu_compare(d, n, expected, buf, sizeof buf);
  int v = mtasts_record_valid(r);
  free(d);
  mtasts_record_free(r);
  ck_assert_msg(ok, "%s:\n  %s", name, buf);
  if (valid >= 0)
    ck_assert_msg(v == valid, "%s: valid is %d, expected %d", name, v, valid);
}

void tu_record(const char *name, mtasts_kind kind, const char *text, int valid,
               const tu_diag *expected) {
  mtasts_txt t = {text, strlen(text), MTASTS_TXT_RAW};
  tu_records(name, kind, &t, 1, NULL, valid, expected);
}

char *tu_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap)
      break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  fclose(f);
  if (buf)
    *len = n;
  return buf;
}

int tu_run(Suite *s) {
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
