/*
 * Fuzz harness for mtasts_record_parse: sets of _mta-sts (RFC 8461 §3.1) and
 * _smtp._tls (RFC 8460 §3) TXT records.
 *
 * Input: one option byte, then the records of one set, separated by '\n'
 * (nothing after the option byte is a set of no record).
 *   bit 0      kind: 0 MTASTS_RECORD_STS, 1 MTASTS_RECORD_TLSRPT
 *   bit 1      form: 0 MTASTS_TXT_RAW, 1 MTASTS_TXT_ZONE
 *   bit 2      MTASTS_OPT_STRICT
 *   bit 3      set a small max_diagnostics: 1 + bits 4..5 (1 to 4)
 * So '0' is an STS record in raw form, '1' TLS-RPT raw, '2' STS zone form,
 * '3' TLS-RPT zone form, and '4' to '7' the same in strict mode.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

/* What a diagnostic of a set of count records must satisfy. */
static void check_diags(const mtasts_record *r, const mtasts_txt *t,
                        size_t count, const mtasts_options *o) {
  size_t n = mtasts_record_diag_count(r);
  FU_CHECK(n <= fu_diag_limit(o));
  int errors = 0;
  for (size_t i = 0; i < n; i++) {
    const mtasts_diag *d = mtasts_record_diag(r, i);
    FU_CHECK(d != NULL);
    if (count == 0) {
      /* Nothing to point into: the start of the (empty) set. */
      FU_CHECK(d->line == 1 && d->column == 1);
      FU_CHECK(d->offset == 0 && d->length == 0);
      fu_check_diag(d, 0);
    } else {
      /* line names the record, and the span lies inside that record. */
      FU_CHECK(d->line >= 1 && d->line <= count);
      fu_check_diag(d, t[d->line - 1].len);
    }
    errors |= d->severity == MTASTS_SEVERITY_ERROR;
  }
  FU_CHECK(mtasts_record_diag(r, n) == NULL);
  FU_CHECK(mtasts_record_valid(r) == !errors);
}

/* What the values of the selected record must satisfy. */
static void check_values(const mtasts_record *r, mtasts_kind kind,
                         size_t count) {
  FU_CHECK(mtasts_record_kind(r) == kind);
  long sel = mtasts_record_selected(r);
  FU_CHECK(sel >= -1 && sel < (long)count);
  const char *version = mtasts_record_version(r);
  if (version) {
    FU_CHECK(sel >= 0);
    FU_CHECK(
        strcmp(version, kind == MTASTS_RECORD_STS ? "STSv1" : "TLSRPTv1") == 0);
  }
  /* An id belongs to _mta-sts records, rua URIs to TLS-RPT records. */
  if (kind == MTASTS_RECORD_TLSRPT)
    FU_CHECK(mtasts_record_id(r) == NULL);
  size_t rua = mtasts_record_rua_count(r);
  if (kind == MTASTS_RECORD_STS)
    FU_CHECK(rua == 0);
  /* Values come only from well-formed fields: US-ASCII without controls
   * (RFC 8461 §3.1, RFC 8460 §3). */
  for (size_t i = 0; i < rua; i++) {
    FU_CHECK(mtasts_record_rua(r, i) != NULL);
    FU_CHECK(fu_text_ok(mtasts_record_rua(r, i), 0));
  }
  FU_CHECK(mtasts_record_rua(r, rua) == NULL);
  if (mtasts_record_id(r))
    FU_CHECK(fu_text_ok(mtasts_record_id(r), 0));
  size_t ext = mtasts_record_extension_count(r);
  for (size_t i = 0; i < ext; i++) {
    FU_CHECK(mtasts_record_extension_name(r, i) != NULL);
    FU_CHECK(mtasts_record_extension_value(r, i) != NULL);
    FU_CHECK(fu_text_ok(mtasts_record_extension_name(r, i), 0));
    FU_CHECK(fu_text_ok(mtasts_record_extension_value(r, i), 0));
  }
  FU_CHECK(mtasts_record_extension_name(r, ext) == NULL);
  FU_CHECK(mtasts_record_extension_value(r, ext) == NULL);
  if (mtasts_record_valid(r)) {
    /* A valid set has exactly one record that senders use, with its
     * required field (RFC 8461 §3.1, RFC 8460 §3). */
    FU_CHECK(sel >= 0 && version != NULL);
    if (kind == MTASTS_RECORD_STS)
      FU_CHECK(mtasts_record_id(r) != NULL);
    else
      FU_CHECK(rua > 0);
  }
}

static int same_str(const char *a, const char *b) {
  return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

/* Both results say the same. */
static void check_same(const mtasts_record *a, const mtasts_record *b) {
  size_t n = mtasts_record_diag_count(a);
  FU_CHECK(mtasts_record_diag_count(b) == n);
  for (size_t i = 0; i < n; i++)
    FU_CHECK(fu_same_diag(mtasts_record_diag(a, i), mtasts_record_diag(b, i)));
  FU_CHECK(mtasts_record_valid(a) == mtasts_record_valid(b));
  FU_CHECK(mtasts_record_selected(a) == mtasts_record_selected(b));
  FU_CHECK(same_str(mtasts_record_version(a), mtasts_record_version(b)));
  FU_CHECK(same_str(mtasts_record_id(a), mtasts_record_id(b)));
  size_t rua = mtasts_record_rua_count(a);
  FU_CHECK(mtasts_record_rua_count(b) == rua);
  for (size_t i = 0; i < rua; i++)
    FU_CHECK(same_str(mtasts_record_rua(a, i), mtasts_record_rua(b, i)));
  size_t ext = mtasts_record_extension_count(a);
  FU_CHECK(mtasts_record_extension_count(b) == ext);
  for (size_t i = 0; i < ext; i++) {
    FU_CHECK(same_str(mtasts_record_extension_name(a, i),
                      mtasts_record_extension_name(b, i)));
    FU_CHECK(same_str(mtasts_record_extension_value(a, i),
                      mtasts_record_extension_value(b, i)));
  }
}

static mtasts_record *parse(mtasts_kind kind, const mtasts_txt *t, size_t count,
                            const mtasts_options *o) {
  mtasts_record *r = NULL;
  FU_CHECK(mtasts_record_parse(kind, t, count, o, &r) == MTASTS_OK);
  FU_CHECK(r != NULL);
  check_diags(r, t, count, o);
  check_values(r, kind, count);
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  unsigned char opt = data[0];
  mtasts_kind kind = (opt & 1u) ? MTASTS_RECORD_TLSRPT : MTASTS_RECORD_STS;
  mtasts_txt_form form = (opt & 2u) ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW;
  mtasts_options o;
  mtasts_options_init(&o);
  if (opt & 4u)
    o.flags |= MTASTS_OPT_STRICT;
  if (opt & 8u)
    o.max_diagnostics = 1u + ((opt >> 4) & 3u);

  /* Split the rest into records, each in its own exact-size copy so that a
   * read past one record's end is caught. */
  const char *rest = (const char *)data + 1;
  size_t len = size - 1, count = 0;
  if (len > 0) {
    count = 1;
    for (size_t i = 0; i < len; i++)
      count += rest[i] == '\n';
  }
  mtasts_txt *t = calloc(count ? count : 1, sizeof *t);
  FU_CHECK(t != NULL);
  for (size_t i = 0, start = 0; i < count; i++) {
    const char *nl = memchr(rest + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - rest) : len;
    t[i].ptr = fu_dup(rest + start, end - start);
    t[i].len = end - start;
    t[i].form = form;
    start = end + 1;
  }

  mtasts_record *a = parse(kind, t, count, &o);
  mtasts_record *b = parse(kind, t, count, &o);
  check_same(a, b);
  mtasts_record_free(b);

  if (!(o.flags & MTASTS_OPT_STRICT)) {
    /* Strict mode turns warnings into errors and changes nothing else. */
    o.flags |= MTASTS_OPT_STRICT;
    mtasts_record *s = parse(kind, t, count, &o);
    size_t n = mtasts_record_diag_count(a);
    FU_CHECK(mtasts_record_diag_count(s) == n);
    for (size_t i = 0; i < n; i++)
      fu_check_strict_pair(mtasts_record_diag(a, i), mtasts_record_diag(s, i));
    FU_CHECK(mtasts_record_valid(s) <= mtasts_record_valid(a));
    FU_CHECK(mtasts_record_selected(s) == mtasts_record_selected(a));
    mtasts_record_free(s);
  }
  mtasts_record_free(a);

  for (size_t i = 0; i < count; i++)
    free((void *)t[i].ptr);
  free(t);
  return 0;
}
