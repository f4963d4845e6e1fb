/*
 * check_records: validate an _mta-sts record (RFC 8461 §3.1) and a TLS-RPT
 * record (RFC 8460 §3).
 *
 *   usage: check_records STS_RECORD TLSRPT_RECORD
 *
 *   check_records 'v=STSv1; id=20240301T1200' \
 *                 'v=TLSRPTv1; rua=mailto:tls-reports@example.org'
 *
 * A record given as it is written in a zone file, in double quotes (for
 * example '"v=STSv1; " "id=1"'), is read in that form: its quoted strings are
 * unescaped and joined as a DNS resolver would join them.
 *
 * Prints the values of each record and its diagnostics. Exit status: 0 when
 * both records are valid, 1 when either has errors, 2 on a usage error or
 * when the library fails (out of memory).
 */
#include <stdio.h>
#include <string.h>

#include <mtasts/mtasts.h>

/* Validates one record; returns 1 when valid, 0 when not, -1 when the call
 * failed. */
static int check(const char *label, mtasts_kind kind, const char *text) {
  /* One record is a set of one. Give every TXT record found at the name to
   * see whether senders can pick one (exactly one may carry the version). */
  mtasts_txt record;
  record.ptr = text;
  record.len = strlen(text);
  record.form = text[0] == '"' ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW;

  mtasts_record *result = NULL;
  mtasts_status status = mtasts_record_parse(kind, &record, 1, NULL, &result);
  if (status != MTASTS_OK) {
    /* Only the call can fail (out of memory); result is then NULL. */
    fprintf(stderr, "%s: %s\n", label, mtasts_status_name(status));
    return -1;
  }

  const char *version = mtasts_record_version(result);
  printf("%s: version %s\n", label, version ? version : "(none)");
  if (kind == MTASTS_RECORD_STS) {
    const char *id = mtasts_record_id(result);
    printf("%s: id %s\n", label, id ? id : "(none)");
  } else {
    for (size_t i = 0; i < mtasts_record_rua_count(result); i++)
      printf("%s: rua %s\n", label, mtasts_record_rua(result, i));
  }
  for (size_t i = 0; i < mtasts_record_extension_count(result); i++)
    printf("%s: extension %s=%s\n", label,
           mtasts_record_extension_name(result, i),
           mtasts_record_extension_value(result, i));

  /* For a set, line is the record's place in the set; column counts bytes
   * within the record as it was given. */
  for (size_t i = 0; i < mtasts_record_diag_count(result); i++) {
    const mtasts_diag *d = mtasts_record_diag(result, i);
    printf("%s:%lu:%lu: %s: %s [%s]\n", label, d->line, d->column,
           mtasts_severity_name(d->severity), d->message, d->id);
    if (d->hint)
      printf("  fix: %s\n", d->hint);
  }

  int valid = mtasts_record_valid(result);
  printf("%s: %s\n", label, valid ? "valid" : "invalid");
  /* Every string printed above belongs to result: free it last. */
  mtasts_record_free(result);
  return valid;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s STS_RECORD TLSRPT_RECORD\n", argv[0]);
    return 2;
  }
  int sts = check("_mta-sts", MTASTS_RECORD_STS, argv[1]);
  int tlsrpt = check("_smtp._tls", MTASTS_RECORD_TLSRPT, argv[2]);
  if (sts < 0 || tlsrpt < 0)
    return 2;
  return sts && tlsrpt ? 0 : 1;
}
