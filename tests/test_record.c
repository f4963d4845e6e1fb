/* SPDX-License-Identifier: MIT */
/*
 * Tests for the _mta-sts (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) TXT
 * records: lib/record.c, lib/uri.c and lib/zone.c.
 *
 * Most tests are rows: an input and the exact list of (id, line, column) it
 * must produce, plus the expected validity. Rows cite the rule they test
 * (the numbering of shared/spec/mta-sts-rules.md: A*, D*, §3 items, §4 rows
 * and the §5 vector tables).
 */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STS MTASTS_RECORD_STS
#define TLS MTASTS_RECORD_TLSRPT
#define RAW MTASTS_TXT_RAW
#define ZONE MTASTS_TXT_ZONE

/* Up to 7 expected diagnostics; the zeroed rest ends the list. */
typedef struct row {
  const char *name;
  mtasts_kind kind;
  mtasts_txt_form form;
  const char *text;
  int valid;
  tu_diag exp[8];
} row;

static void run_row(const row *r) {
  mtasts_txt t = {r->text, strlen(r->text), r->form};
  tu_records(r->name, r->kind, &t, 1, NULL, r->valid, r->exp);
}

/* ---------------------------------------------------------------------- */
/* _mta-sts records, raw text.                                             */

static const row sts_rows[] = {
    /* Template debris: a value valid once its brackets or quotes go. */
    {"id in angle brackets",
     STS,
     RAW,
     "v=STSv1; id=<20240101>",
     0,
     {{"txt-value-template-debris", 1, 13}}},
    {"id in quotes",
     STS,
     RAW,
     "v=STSv1; id=\"2024\"",
     0,
     {{"txt-value-template-debris", 1, 13}}},
    {"id in brackets, not valid inside",
     STS,
     RAW,
     "v=STSv1; id=[2024-01]",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"tag in quotes",
     STS,
     RAW,
     "v=\"STSv1\"; id=1",
     0,
     {{"txt-value-template-debris", 1, 3}}},
    {"tag in single quotes, zone form",
     STS,
     ZONE,
     "\"v='STSv1'; id=1\"",
     0,
     {{"txt-value-template-debris", 1, 4}}},
    {"extension value in brackets is valid",
     STS,
     RAW,
     "v=STSv1; id=1; x=<a>",
     1,
     {{"txt-unknown-field", 1, 16}}},
    /* §5 TXT vectors. */
    {"§3.1 example", STS, RAW, "v=STSv1; id=20160831085700Z;", 1, {{0}}},
    {"no WSP, no trailing ;", STS, RAW, "v=STSv1;id=abc", 1, {{0}}},
    {"WSP before first ; (EID 6285)",
     STS,
     RAW,
     "v=STSv1 ; id=abc",
     1,
     {{"txt-space-before-first-delimiter", 1, 8}}},
    {"tag alone", STS, RAW, "v=STSv1", 0, {{"txt-no-fields", 1, 1}}},
    {"tag and ;", STS, RAW, "v=STSv1;", 0, {{"txt-no-fields", 1, 1}}},
    {"id with '-'",
     STS,
     RAW,
     "v=STSv1; id=2024-01-01",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"id of 33",
     STS,
     RAW,
     "v=STSv1; id=123456789012345678901234567890123",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"id of 32",
     STS,
     RAW,
     "v=STSv1; id=12345678901234567890123456789012",
     1,
     {{0}}},
    {"V=STSv1", STS, RAW, "V=STSv1; id=1", 0, {{"txt-version-invalid", 1, 1}}},
    {"leading space",
     STS,
     RAW,
     " v=STSv1; id=1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"unknown field",
     STS,
     RAW,
     "v=STSv1; id=1; foo=bar",
     1,
     {{"txt-unknown-field", 1, 16}}},
    {"SP in value",
     STS,
     RAW,
     "v=STSv1; id=1; foo=a b",
     0,
     {{"txt-field-value-invalid", 1, 21}}},
    {"id twice, different (A9, §4 #11)",
     STS,
     RAW,
     "v=STSv1; id=1; id=2",
     0,
     {{"txt-duplicate-field-conflict", 1, 16}}},
    {"id twice, same (A9)",
     STS,
     RAW,
     "v=STSv1; id=1; id=1",
     1,
     {{"txt-duplicate-field", 1, 16}}},
    {"non-ASCII in a value (A2)",
     STS,
     RAW,
     "v=STSv1; id=1; n=caf\xc3\xa9",
     0,
     {{"txt-non-ascii", 1, 21}}},
    {"non-ASCII in the id (A2)",
     STS,
     RAW,
     "v=STSv1; id=\xc3\xa9t\xc3\xa9",
     0,
     {{"sts-id-invalid", 1, 10}, {"txt-non-ascii", 1, 13}}},
    {"non-ASCII once per record",
     STS,
     RAW,
     "v=STSv1; id=1; a=\xff; b=\xfe",
     0,
     {{"txt-non-ascii", 1, 18}, {"txt-field-value-invalid", 1, 23}}},

    /* A3: the tag, exactly, first. */
    {"v=stsv1", STS, RAW, "v=stsv1; id=1", 0, {{"txt-version-invalid", 1, 1}}},
    {"v = STSv1",
     STS,
     RAW,
     "v = STSv1; id=1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"tab before tag",
     STS,
     RAW,
     "\tv=STSv1; id=1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"tag not first",
     STS,
     RAW,
     "id=1; v=STSv1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"tag not first, misspelt id",
     STS,
     RAW,
     "ID=1; v=STSv1",
     0,
     {{"txt-version-invalid", 1, 1}, {"sts-id-missing", 1, 1}}},
    {"other record alone",
     STS,
     RAW,
     "hello",
     0,
     {{"txt-version-invalid", 1, 1},
      {"txt-missing-equals", 1, 1},
      {"sts-id-missing", 1, 1}}},
    {"whitespace only", STS, RAW, "   ", 0, {{"txt-version-invalid", 1, 1}}},
    {"v=STSv10 (§4 #9)",
     STS,
     RAW,
     "v=STSv10; id=1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"v=STSv1x", STS, RAW, "v=STSv1x;id=1", 0, {{"txt-version-invalid", 1, 1}}},
    {"no ; after tag",
     STS,
     RAW,
     "v=STSv1 id=1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"botched tag then WSP before ;",
     STS,
     RAW,
     "V=STSv1 ; id=1",
     0,
     {{"txt-version-invalid", 1, 1},
      {"txt-space-before-first-delimiter", 1, 8}}},
    {"v later, same (A9)",
     STS,
     RAW,
     "v=STSv1; id=1; v=STSv1",
     1,
     {{"txt-duplicate-field", 1, 16}}},
    {"v later, other",
     STS,
     RAW,
     "v=STSv1; id=1; v=STSv2",
     0,
     {{"txt-duplicate-field-conflict", 1, 16}}},
    {"V= later",
     STS,
     RAW,
     "v=STSv1; id=1; V=STSv1",
     1,
     {{"txt-field-misspelt", 1, 16}}},

    /* A4: delimiters and empty fields. */
    {"empty record", STS, RAW, "", 0, {{"txt-empty", 1, 1}}},
    {";;",
     STS,
     RAW,
     "v=STSv1;;",
     0,
     {{"txt-no-fields", 1, 1}, {"txt-empty-field", 1, 9}}},
    {"; ;",
     STS,
     RAW,
     "v=STSv1; ;",
     0,
     {{"txt-no-fields", 1, 1}, {"txt-empty-field", 1, 10}}},
    {";; before a field",
     STS,
     RAW,
     "v=STSv1;; id=1",
     0,
     {{"txt-empty-field", 1, 9}}},
    {"ends in ; ;",
     STS,
     RAW,
     "v=STSv1; id=1; ;",
     0,
     {{"txt-empty-field", 1, 16}}},
    {"ends in ;;",
     STS,
     RAW,
     "v=STSv1; id=1;;",
     0,
     {{"txt-empty-field", 1, 15}}},
    {"one trailing ; and WSP", STS, RAW, "v=STSv1; id=1;  ", 1, {{0}}},
    {"tabs as WSP", STS, RAW, "v=STSv1;\tid=1\t;\t", 1, {{0}}},
    {"WSP before later ;",
     STS,
     RAW,
     "v=STSv1; id=1 ; foo=bar",
     1,
     {{"txt-unknown-field", 1, 17}}},
    {"trailing WSP without ;",
     STS,
     RAW,
     "v=STSv1; id=1 ",
     0,
     {{"txt-trailing-whitespace", 1, 14}}},
    {"trailing WSP after tag",
     STS,
     RAW,
     "v=STSv1 ",
     0,
     {{"txt-no-fields", 1, 1}, {"txt-trailing-whitespace", 1, 8}}},
    {"tab before first ;",
     STS,
     RAW,
     "v=STSv1\t;id=1",
     1,
     {{"txt-space-before-first-delimiter", 1, 8}}},

    /* A2: control characters. */
    {"LF between fields",
     STS,
     RAW,
     "v=STSv1;\nid=1",
     0,
     {{"txt-control-char", 1, 9}}},
    {"CRLF at the end",
     STS,
     RAW,
     "v=STSv1; id=1\r\n",
     0,
     {{"txt-control-char", 1, 14}}},
    {"control char once per record",
     STS,
     RAW,
     "v=STSv1;\rid=1;\rfoo=1",
     0,
     {{"txt-control-char", 1, 9}, {"txt-unknown-field", 1, 16}}},
    {"control char in a value",
     STS,
     RAW,
     "v=STSv1; id=1; foo=a\x01"
     "b",
     0,
     {{"txt-field-value-invalid", 1, 21}}},
    {"tab in a value",
     STS,
     RAW,
     "v=STSv1; id=1; foo=a\tb",
     0,
     {{"txt-field-value-invalid", 1, 21}}},

    /* A5: the id. */
    {"id empty", STS, RAW, "v=STSv1; id=", 0, {{"sts-id-invalid", 1, 10}}},
    {"id with '.'",
     STS,
     RAW,
     "v=STSv1; id=1.2",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"id with '_'",
     STS,
     RAW,
     "v=STSv1; id=a_b",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"id missing",
     STS,
     RAW,
     "v=STSv1; foo=bar",
     0,
     {{"sts-id-missing", 1, 1}, {"txt-unknown-field", 1, 10}}},
    {"ID=abc (A5)",
     STS,
     RAW,
     "v=STSv1; ID=abc",
     0,
     {{"sts-id-missing", 1, 10}}},
    {"Id= and id=",
     STS,
     RAW,
     "v=STSv1; Id=1; id=1",
     1,
     {{"txt-field-misspelt", 1, 10}}},
    {"id= then two misspellings",
     STS,
     RAW,
     "v=STSv1; id=2; Id=1; ID=3",
     1,
     {{"txt-field-misspelt", 1, 16}, {"txt-field-misspelt", 1, 22}}},
    {"two misspellings, no id",
     STS,
     RAW,
     "v=STSv1; ID=1; iD=2",
     0,
     {{"sts-id-missing", 1, 10}, {"txt-field-misspelt", 1, 16}}},
    {"first valid id wins",
     STS,
     RAW,
     "v=STSv1; id=a-b; id=ab",
     0,
     {{"sts-id-invalid", 1, 10}, {"txt-duplicate-field-conflict", 1, 18}}},
    {"id compared case-sensitively (§4 #23)",
     STS,
     RAW,
     "v=STSv1; id=abc; id=ABC",
     0,
     {{"txt-duplicate-field-conflict", 1, 18}}},
    {"id = 1",
     STS,
     RAW,
     "v=STSv1; id = 1",
     0,
     {{"txt-space-around-equals", 1, 12}}},
    {"id =1",
     STS,
     RAW,
     "v=STSv1; id =1",
     0,
     {{"txt-space-around-equals", 1, 12}}},
    {"id= 1",
     STS,
     RAW,
     "v=STSv1; id= 1",
     0,
     {{"txt-space-around-equals", 1, 12}}},
    {"id without =",
     STS,
     RAW,
     "v=STSv1; id",
     0,
     {{"sts-id-missing", 1, 1}, {"txt-missing-equals", 1, 10}}},

    /* A7: extensions. */
    {"foo=",
     STS,
     RAW,
     "v=STSv1; id=1; foo=",
     0,
     {{"txt-field-value-invalid", 1, 20}}},
    {"foo=a=b",
     STS,
     RAW,
     "v=STSv1; id=1; foo=a=b",
     0,
     {{"txt-field-value-invalid", 1, 21}}},
    {"_x=1",
     STS,
     RAW,
     "v=STSv1; id=1; _x=1",
     0,
     {{"txt-field-name-invalid", 1, 16}}},
    {"=1",
     STS,
     RAW,
     "v=STSv1; id=1; =1",
     0,
     {{"txt-field-name-invalid", 1, 16}}},
    {"name with a space",
     STS,
     RAW,
     "v=STSv1; id=1; a b=1",
     0,
     {{"txt-field-name-invalid", 1, 16}}},
    {"name of 33",
     STS,
     RAW,
     "v=STSv1; id=1; abcdefghijabcdefghijabcdefghijabc=1",
     0,
     {{"txt-field-name-invalid", 1, 16}}},
    {"name of 32 with _-.",
     STS,
     RAW,
     "v=STSv1; id=1; a_b-c.abcdefghijklmnopqrstuvwxyz=1",
     1,
     {{"txt-unknown-field", 1, 16}}},
    {"name and value invalid",
     STS,
     RAW,
     "v=STSv1; id=1; -x=a b",
     0,
     {{"txt-field-name-invalid", 1, 16}, {"txt-field-value-invalid", 1, 20}}},
    {"no = in an extension",
     STS,
     RAW,
     "v=STSv1; id=1; foo",
     0,
     {{"txt-missing-equals", 1, 16}}},
    {"space around = in an extension",
     STS,
     RAW,
     "v=STSv1; id=1; foo = bar",
     0,
     {{"txt-space-around-equals", 1, 19}}},
    {"value with every allowed class",
     STS,
     RAW,
     "v=STSv1; id=1; x=!\"#$%&'()*+,-./0123456789:<>?@AZ[\\]^_`az{|}~",
     1,
     {{"txt-unknown-field", 1, 16}}},
    {"extension repeated (A9)",
     STS,
     RAW,
     "v=STSv1; id=1; foo=1; foo=1; foo=2",
     0,
     {{"txt-unknown-field", 1, 16},
      {"txt-duplicate-field", 1, 23},
      {"txt-duplicate-field-conflict", 1, 30}}},
    {"names not case-folded (A14)",
     STS,
     RAW,
     "v=STSv1; id=1; foo=1; FOO=2",
     1,
     {{"txt-unknown-field", 1, 16}, {"txt-unknown-field", 1, 23}}},
    {"rua is unknown here",
     STS,
     RAW,
     "v=STSv1; id=1; rua=mailto:a@b.example",
     1,
     {{"txt-unknown-field", 1, 16}}},
    {"only a v",
     STS,
     RAW,
     "v",
     0,
     {{"txt-version-invalid", 1, 1},
      {"txt-missing-equals", 1, 1},
      {"sts-id-missing", 1, 1}}},
    {"a tag in quotes that is no version",
     STS,
     RAW,
     "v=\"STSv2\"; id=1",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"a missing ';' before a name with '-'",
     STS,
     RAW,
     "v=STSv1; id=1; x=a b-c=d",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"a missing ';' before a name with '.'",
     STS,
     RAW,
     "v=STSv1; id=1; x=a b.c=d",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"a missing ';' before a name with '_'",
     STS,
     RAW,
     "v=STSv1; id=1; x=a b_c=d",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"whitespace before no name",
     STS,
     RAW,
     "v=STSv1; id=1; x=a !b",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"whitespace before a name without '='",
     STS,
     RAW,
     "v=STSv1; id=1; x=a bc",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"whitespace before a name that stops short of '='",
     STS,
     RAW,
     "v=STSv1; id=1; x=a b!c=d",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"whitespace before a name that starts with '_'",
     STS,
     RAW,
     "v=STSv1; id=1; x=a _b=c",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"'=' in an extension value",
     STS,
     RAW,
     "v=STSv1; id=1; x=a=b",
     0,
     {{"txt-field-value-invalid", 1, 19}}},
    {"a second field with a byte that is no UTF-8",
     STS,
     RAW,
     "v=STSv1; id=1; x=\xc3\xa9; y=\xff",
     0,
     {{"txt-non-ascii", 1, 18}, {"txt-field-value-invalid", 1, 24}}},
    {"whitespace in the id before no field",
     STS,
     RAW,
     "v=STSv1; id=2024 01",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"an id of punctuation and more than 32 letters and digits",
     STS,
     RAW,
     "v=STSv1; id=2024-01-01-00000000000000000000000000000",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"an id in brackets longer than 32",
     STS,
     RAW,
     "v=STSv1; id=<123456789012345678901234567890123>",
     0,
     {{"sts-id-invalid", 1, 10}}},
    {"ID without a value",
     STS,
     RAW,
     "v=STSv1; ID=",
     0,
     {{"sts-id-missing", 1, 10}}},
    {"ID longer than 32",
     STS,
     RAW,
     "v=STSv1; ID=123456789012345678901234567890123",
     0,
     {{"sts-id-missing", 1, 10}}},
    {"two runs of empty fields",
     STS,
     RAW,
     "v=STSv1;; id=1;;",
     0,
     {{"txt-empty-field", 1, 9}, {"txt-empty-field", 1, 16}}},
};

/* ---------------------------------------------------------------------- */
/* TLS-RPT records, raw text.                                              */

static const row tls_rows[] = {
    {"rua in angle brackets",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=<mailto:tlsrpt@example.com>",
     0,
     {{"txt-value-template-debris", 1, 17}}},
    {"rua list in quotes",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=\"mailto:a@example.com,https://r.example.com/x\"",
     0,
     {{"txt-value-template-debris", 1, 17}}},
    {"rua in brackets, not valid inside",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=<a@example.com>",
     0,
     {{"tlsrpt-rua-no-scheme", 1, 17}}},
    {"tag in angle brackets",
     TLS,
     RAW,
     "v=<TLSRPTv1>; rua=mailto:a@example.com",
     0,
     {{"txt-value-template-debris", 1, 3}}},
    /* §5 TLS-RPT vectors. */
    {"§3 example mailto",
     TLS,
     RAW,
     "v=TLSRPTv1;rua=mailto:reports@example.com",
     1,
     {{0}}},
    {"Appendix A https",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt",
     1,
     {{0}}},
    {"WSP around comma (D3)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.net/x",
     1,
     {{0}}},
    {"two rua fields (D7, §4 #21)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.net",
     1,
     {{"tlsrpt-rua-multiple", 1, 39}}},
    {"trailing comma (D3)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com,",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 37}}},
    {"no scheme (D4)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=postmaster@example.com",
     0,
     {{"tlsrpt-rua-no-scheme", 1, 17}}},
    {"http (D5)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=http://r.example.net/",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"unencoded ! (D4)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com!10m",
     0,
     {{"tlsrpt-rua-unencoded-char", 1, 37}}},
    {"tag alone", TLS, RAW, "v=TLSRPTv1", 0, {{"txt-no-fields", 1, 1}}},
    {"no rua",
     TLS,
     RAW,
     "v=TLSRPTv1; foo=bar",
     0,
     {{"tlsrpt-rua-missing", 1, 1}, {"txt-unknown-field", 1, 13}}},
    {"tag case (D2)",
     TLS,
     RAW,
     "v=tlsrptv1; rua=mailto:a@example.com",
     0,
     {{"txt-version-invalid", 1, 1}}},

    /* D2, D3: the tag and the delimiters. */
    {"WSP before first ; (§3 #10)",
     TLS,
     RAW,
     "v=TLSRPTv1 ; rua=mailto:a@example.com",
     1,
     {{"txt-space-before-first-delimiter", 1, 11}}},
    {"v=TLSRPTv10",
     TLS,
     RAW,
     "v=TLSRPTv10; rua=mailto:a@example.com",
     0,
     {{"txt-version-invalid", 1, 1}}},
    {"STS tag in a TLS-RPT record",
     TLS,
     RAW,
     "v=STSv1; id=1",
     0,
     {{"txt-version-invalid", 1, 1},
      {"tlsrpt-rua-missing", 1, 1},
      {"txt-unknown-field", 1, 10}}},
    {"trailing ;", TLS, RAW, "v=TLSRPTv1; rua=mailto:a@example.com;", 1, {{0}}},
    {"RUA=",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=mailto:a@example.com",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
    {"policy as a tlsrpt record",
     TLS,
     RAW,
     "version: STSv1",
     0,
     {{"txt-is-policy", 1, 1}}},
    {"non-ASCII value reported once",
     STS,
     RAW,
     "v=STSv1; id=1; key=\xc2\xa3",
     0,
     {{"txt-non-ascii", 1, 20}}},
    {"https single-label host",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://com",
     1,
     {{"tlsrpt-rua-https-single-label", 1, 25}}},
    {"mailto domain with a final dot",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@b.example.",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mistyped scheme htps",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=htps://r.example.com/",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"mistyped scheme mailo",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailo:a@example.com",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"RUA= and rua=",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com; RUA=mailto:b@example.com",
     1,
     {{"txt-field-misspelt", 1, 39}}},
    {"rua = (space)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua = mailto:a@example.com",
     0,
     {{"txt-space-around-equals", 1, 16}}},
    {"id is unknown here (D8)",
     TLS,
     RAW,
     "v=TLSRPTv1; id=1; rua=mailto:a@example.com",
     1,
     {{"txt-unknown-field", 1, 13}}},
    {"extension repeated",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com; x=1; x=1",
     1,
     {{"txt-unknown-field", 1, 39}, {"txt-duplicate-field", 1, 44}}},
    {"three rua fields",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com; "
     "rua=https://c.example.com/",
     1,
     {{"tlsrpt-rua-multiple", 1, 39}, {"tlsrpt-rua-multiple", 1, 65}}},

    /* D3: the list. */
    {"rua empty",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 17}}},
    {"leading comma",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=,mailto:a@example.com",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 17}}},
    {"two commas",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com,,mailto:b@example.com",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 38}}},
    {"comma and WSP at the end",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com , ",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 38}, {"txt-trailing-whitespace", 1, 39}}},
    {"; inside a URI ends the field (D4)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com;x",
     0,
     {{"txt-missing-equals", 1, 38}}},
    {"two URIs without a comma",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com mailto:b@example.com",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 37}}},

    /* D4, D5, §4 #22: URIs. */
    {"MAILTO (note)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=MAILTO:a@example.com",
     1,
     {{"tlsrpt-rua-scheme-case", 1, 17}}},
    {"Https (note)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=Https://r.example.com/",
     1,
     {{"tlsrpt-rua-scheme-case", 1, 17}}},
    {"ftp",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=ftp://r.example.com/",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"bad scheme grammar",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=1x:foo",
     0,
     {{"tlsrpt-rua-no-scheme", 1, 17}}},
    {"empty scheme",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=:foo@example.com",
     0,
     {{"tlsrpt-rua-no-scheme", 1, 17}}},
    {"SP in a URI",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a b@example.com",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 25}}},
    {"bad %-escape",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a%2@example.com",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 25}}},
    {"%-escape at the end",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com/%4",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 37}}},
    {"good %-escapes",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a%21b@example.com,https://example.com/%7e",
     1,
     {{0}}},
    {"'\"' in a URI",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com/\"",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 37}}},
    {"non-ASCII in a URI",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com/\xc3\xa9",
     0,
     {{"txt-non-ascii", 1, 37}, {"tlsrpt-rua-invalid-uri", 1, 37}}},
    {"'!' and a bad byte",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://e.example/!<",
     0,
     {{"tlsrpt-rua-unencoded-char", 1, 35}, {"tlsrpt-rua-invalid-uri", 1, 36}}},
    {"two '#'",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com/#a#b",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 39}}},
    {"one bad URI of two",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com,http://x.example/",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 38}}},

    /* mailto (RFC 6068). */
    {"mailto without address",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto without @",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:example.com",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto empty local part",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:@example.com",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto empty domain",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto bad domain",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@exa_mple.com",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto two addresses, comma encoded",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com%2Cb@example.net",
     1,
     {{NULL, 0, 0}}},
    {"mailto two addresses, second broken",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com%2cb",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto trailing encoded comma",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com%2C",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto domain literal",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[192.0.2.1]",
     1,
     {{0}}},
    {"mailto bad domain literal",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[]",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto only a query",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:?subject=x",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto ?subject (§3 #19)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com?subject=TLS",
     1,
     {{"tlsrpt-rua-mailto-query", 1, 37}}},

    /* https (RFC 3986 §3). */
    {"https with port, query, fragment (§3 #19)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com:8443/x?y=1#z",
     1,
     {{0}}},
    {"https IPv6 literal",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[2001:db8::1]:443/x",
     1,
     {{0}}},
    {"https IPv4", TLS, RAW, "v=TLSRPTv1; rua=https://192.0.2.1/x", 1, {{0}}},
    {"https without //",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https:example.com",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https without host",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https empty host, path",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https:///x",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https user info",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://u@example.com/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https port too big",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com:65536/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https empty port",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com:/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https bad host",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://-x.example.com/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https bad IP literal",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[zz]/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https text after IP literal",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[::1]x/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https [ in path",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://example.com/a[b]",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    /* URI shapes (RFC 3986 §3, RFC 6068 §2, RFC 8460 §3). */
    {"scheme with + - . (RFC 3986 §3.1)",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=x-y.z+w:foo",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"scheme longer than any meant one",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=verylongscheme:x",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"six letters, one edit from mailto",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailtx:a@example.com",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"https IPv4 octet of four digits",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://1234.1.1.1/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https IPv4 octet above 255",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://256.1.1.1/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https IPv4 octet with a leading zero",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://01.2.3.4/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https IPv4 of three octets",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://1.2.3/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https IPv4 with a letter",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://1.2x3.4/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https IPv4 address",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://192.0.2.1/r",
     1,
     {{0}}},
    {"https IPv6 with an IPv4 tail",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[::ffff:192.0.2.1]/",
     1,
     {{0}}},
    {"https IPv6 literal with a port",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[::1]:443/",
     1,
     {{0}}},
    {"https IPv6 literal unclosed",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[::1/x",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https IPv6 literal without colon",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://[12]/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https: one slash",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https:/x",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https: too short",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https:/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https query after host",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com?x=1",
     1,
     {{0}}},
    {"https fragment after host",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com#f",
     1,
     {{0}}},
    {"https port of six digits",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com:123456",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https port with a letter",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com:12x",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https empty port",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com:/",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https port above 65535",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com:70000",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https port 65535",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com:65535/",
     1,
     {{0}}},
    {"https ] in path",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com/x]",
     0,
     {{"tlsrpt-rua-https-invalid", 1, 17}}},
    {"https second #",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com/#a#b",
     0,
     {{"tlsrpt-rua-invalid-uri", 1, 41}}},
    {"https ! then a bad byte",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=https://r.example.com/!<x",
     0,
     {{"tlsrpt-rua-unencoded-char", 1, 39}, {"tlsrpt-rua-invalid-uri", 1, 40}}},
    {"mailto literal unclosed",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[192.0.2.1",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto literal empty",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[]",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto literal with [ inside",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[1[2]",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto literal with ] inside",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[1]2]",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"mailto literal",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@[192.0.2.1]",
     1,
     {{0}}},
    {"mailto %20 is no separator",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a%20b@example.com",
     1,
     {{0}}},
    {"mailto %2c separates, any case",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com%2cb@example.net",
     1,
     {{0}}},
    {"mailto %2C then no address",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a@example.com%2C",
     0,
     {{"tlsrpt-rua-mailto-invalid", 1, 17}}},
    {"empty entry after space",
     TLS,
     RAW,
     "v=TLSRPTv1; rua= ,mailto:a@example.com",
     0,
     {{"txt-space-around-equals", 1, 16}, {"tlsrpt-rua-empty-uri", 1, 18}}},
    {"empty entry, space before =",
     TLS,
     RAW,
     "v=TLSRPTv1; rua =,mailto:a@example.com",
     0,
     {{"txt-space-around-equals", 1, 16}, {"tlsrpt-rua-empty-uri", 1, 18}}},
    {"commas only",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=,,",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 17},
      {"tlsrpt-rua-empty-uri", 1, 18},
      {"tlsrpt-rua-empty-uri", 1, 18}}},
    {"two empty entries share one hint",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=,mailto:a@example.com,",
     0,
     {{"tlsrpt-rua-empty-uri", 1, 17}, {"tlsrpt-rua-empty-uri", 1, 38}}},
    {"rua in single quotes",
     TLS,
     RAW,
     "v=TLSRPTv1; rua='mailto:a@example.com'",
     0,
     {{"txt-value-template-debris", 1, 17}}},
    {"rua address in single quotes",
     TLS,
     RAW,
     "v=TLSRPTv1; rua='a@example.com'",
     0,
     {{"tlsrpt-rua-no-scheme", 1, 17}}},
    {"rua quotes that do not match",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=\"mailto:a@example.com'",
     0,
     {{"tlsrpt-rua-no-scheme", 1, 17}}},
    {"two letters swapped, and another changed: no hint",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=htptx://r.example.com/",
     0,
     {{"tlsrpt-rua-unsupported-scheme", 1, 17}}},
    {"mailto percent-escape of a letter",
     TLS,
     RAW,
     "v=TLSRPTv1; rua=mailto:a%41b@example.com",
     1,
     {{0}}},
    {"RUA without a value",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
    {"RUA with a list",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=mailto:a@b.example,mailto:c@d.example",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
    {"RUA with https",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=https://r.example/tlsrpt",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
    {"RUA with another scheme",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=ftp://r.example/tlsrpt",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
    {"RUA of only mailto:",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=mailto:",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
    {"RUA of only https://",
     TLS,
     RAW,
     "v=TLSRPTv1; RUA=https://",
     0,
     {{"tlsrpt-rua-missing", 1, 13}}},
};

/* ---------------------------------------------------------------------- */
/* Zone-file form: joining, escapes and columns in the text as given.      */

static const row zone_rows[] = {
    {"two strings (A11, §5)", STS, ZONE, "\"v=STSv1; \" \"id=1\"", 1, {{0}}},
    {"split inside the tag (§4 #12)",
     STS,
     ZONE,
     "\"v=ST\" \"Sv1; id=1\"",
     1,
     {{0}}},
    {"split inside a field", STS, ZONE, "\"v=STSv1; i\" \"d=1\"", 1, {{0}}},
    {"\\059 for ';'", STS, ZONE, "\"v=STSv1\\059 id=1\"", 1, {{0}}},
    {"\\X escapes", STS, ZONE, "\"v\\=STSv1; \\id=1\"", 1, {{0}}},
    {"leading and trailing WSP",
     STS,
     ZONE,
     " \t\"v=STSv1; id=1\"\t ",
     1,
     {{0}}},
    {"empty string joined", STS, ZONE, "\"\" \"v=STSv1; id=1\" \"\"", 1, {{0}}},
    {"TLS-RPT in three strings (D10)",
     TLS,
     ZONE,
     "\"v=TLSRPTv1; \" \"rua=mailto:a@\" \"example.com\"",
     1,
     {{0}}},

    /* Columns map back into the presentation text. */
    {"column after a split",
     STS,
     ZONE,
     "\"v=STSv1; \" \"id=1; foo=bar\"",
     1,
     {{"txt-unknown-field", 1, 20}}},
    {"column after escapes",
     STS,
     ZONE,
     "\"v=STSv1;\\032\\032id=1;foo=a b\"",
     0,
     {{"txt-field-value-invalid", 1, 28}}},
    {"WSP before ; split off",
     STS,
     ZONE,
     "\"v=STSv1\" \" ; id=1\"",
     1,
     {{"txt-space-before-first-delimiter", 1, 12}}},
    {"tag split and botched",
     STS,
     ZONE,
     "\"V=ST\" \"Sv1; id=1\"",
     0,
     {{"txt-version-invalid", 1, 2}}},
    {"escaped control char",
     STS,
     ZONE,
     "\"v=STSv1;\\010id=1\"",
     0,
     {{"txt-control-char", 1, 10}}},
    {"escaped non-ASCII",
     STS,
     ZONE,
     "\"v=STSv1; id=1; x=\\195\\169\"",
     0,
     {{"txt-non-ascii", 1, 19}}},
    {"escaped quote in a value",
     STS,
     ZONE,
     "\"v=STSv1; id=1; x=\\\"\"",
     1,
     {{"txt-unknown-field", 1, 17}}},
    {"missing id spans all",
     STS,
     ZONE,
     "\"v=STSv1; \" \"foo=1\"",
     0,
     {{"sts-id-missing", 1, 1}, {"txt-unknown-field", 1, 14}}},
    {"empty string only", STS, ZONE, "\"\"", 0, {{"txt-empty", 1, 1}}},
    {"no-fields in zone form",
     STS,
     ZONE,
     "\"v=STSv1\"",
     0,
     {{"txt-no-fields", 1, 1}}},

    /* RFC 1035 §5.1 syntax. */
    {"unquoted", STS, ZONE, "v=STSv1; id=1", 0, {{"txt-zone-syntax", 1, 1}}},
    {"empty", STS, ZONE, "", 0, {{"txt-zone-syntax", 1, 1}}},
    {"whitespace only", STS, ZONE, "  ", 0, {{"txt-zone-syntax", 1, 1}}},
    {"unterminated",
     STS,
     ZONE,
     "\"v=STSv1; id=1",
     0,
     {{"txt-zone-syntax", 1, 1}}},
    {"unterminated after a backslash",
     STS,
     ZONE,
     "\"v=STSv1; id=1\\",
     0,
     {{"txt-zone-syntax", 1, 1}}},
    {"text between strings",
     STS,
     ZONE,
     "\"v=STSv1;\" x \"id=1\"",
     0,
     {{"txt-zone-syntax", 1, 12}}},
    {"text after the strings",
     STS,
     ZONE,
     "\"v=STSv1; id=1\" ; comment",
     0,
     {{"txt-zone-syntax", 1, 17}}},
    {"strings not separated",
     STS,
     ZONE,
     "\"v=STSv1;\"\"id=1\"",
     0,
     {{"txt-zone-syntax", 1, 11}}},
    {"\\DD",
     STS,
     ZONE,
     "\"v=STSv1; id=1\\25\"",
     0,
     {{"txt-zone-syntax", 1, 15}}},
    {"\\DDD above 255",
     STS,
     ZONE,
     "\"v=STSv1; id=1\\256\"",
     0,
     {{"txt-zone-syntax", 1, 15}}},
    {"\\D then the quote",
     STS,
     ZONE,
     "\"v=STSv1; id=1\\2\"",
     0,
     {{"txt-zone-syntax", 1, 15}}},
    {"\\255 is fine",
     STS,
     ZONE,
     "\"v=STSv1; id=1; x=\\255\"",
     0,
     {{"txt-non-ascii", 1, 19}}},
    /* One string without escapes is linted in place (lib/zone.c): the
     * columns count the whitespace and the quote before it. */
    {"one plain string, whitespace around",
     STS,
     ZONE,
     " \t\"v=STSv1; id=1; x=\xc3\xa9\" ",
     0,
     {{"txt-non-ascii", 1, 21}}},
};

/* A string of 256 octets (RFC 1035 §3.3), and the same split in two. */
static void long_string_rows(void) {
  char in[400], *o = in;
  o += sprintf(o, "\"v=STSv1; id=1; x=");
  for (int i = 0; i < 256 - 17; i++)
    *o++ = 'a';
  *o++ = '"';
  *o = '\0';
  const tu_diag too_long[] = {{"txt-string-too-long", 1, 1},
                              {"txt-unknown-field", 1, 17},
                              {NULL, 0, 0}};
  mtasts_txt t = {in, strlen(in), ZONE};
  tu_records("256 octets", STS, &t, 1, NULL, 0, too_long);

  /* 255 octets is the limit. */
  in[strlen(in) - 2] = '"';
  in[strlen(in) - 1] = '\0';
  t.len = strlen(in);
  const tu_diag none[] = {{"txt-unknown-field", 1, 17}, {NULL, 0, 0}};
  tu_records("255 octets", STS, &t, 1, NULL, 1, none);

  /* A long raw record is fine: it is already joined. */
  mtasts_txt raw = {in + 1, strlen(in) - 2, RAW};
  const tu_diag raw_exp[] = {{"txt-unknown-field", 1, 16}, {NULL, 0, 0}};
  tu_records("255 raw", STS, &raw, 1, NULL, 1, raw_exp);
}

START_TEST(test_sts_rows) {
  run_row(&sts_rows[_i]);
}
END_TEST

START_TEST(test_tls_rows) {
  run_row(&tls_rows[_i]);
}
END_TEST

START_TEST(test_zone_rows) {
  run_row(&zone_rows[_i]);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Applying the hints.                                                     */

static size_t same_count(const mtasts_record *r, const mtasts_diag *d) {
  size_t c = 0;
  for (size_t k = 0; k < mtasts_record_diag_count(r); k++)
    c += strcmp(mtasts_record_diag(r, k)->id, d->id) == 0 &&
         strcmp(mtasts_record_diag(r, k)->message, d->message) == 0;
  return c;
}

static int had_error(const mtasts_record *r, const char *id) {
  for (size_t k = 0; k < mtasts_record_diag_count(r); k++) {
    const mtasts_diag *d = mtasts_record_diag(r, k);
    if (d->severity == MTASTS_SEVERITY_ERROR && strcmp(d->id, id) == 0)
      return 1;
  }
  return 0;
}

/* Every hint of a row's record, applied on its own (its span of the record
 * as given replaced by the hint): the finding goes away and no error of a
 * new kind appears. */
static void apply_row_hints(const row *rw) {
  size_t len = strlen(rw->text);
  mtasts_txt t = {rw->text, len, rw->form};
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(rw->kind, &t, 1, NULL, &r), MTASTS_OK);
  for (size_t k = 0; k < mtasts_record_diag_count(r); k++) {
    const mtasts_diag *d = mtasts_record_diag(r, k);
    if (!d->hint)
      continue;
    ck_assert_msg(d->fix_offset <= len && d->fix_length <= len - d->fix_offset,
                  "%s: %s: fix span outside the record", rw->name, d->id);
    size_t hn = strlen(d->hint), n = len - d->fix_length + hn;
    char *fixed = malloc(n + 1);
    ck_assert_ptr_nonnull(fixed);
    memcpy(fixed, rw->text, d->fix_offset);
    memcpy(fixed + d->fix_offset, d->hint, hn);
    memcpy(fixed + d->fix_offset + hn, rw->text + d->fix_offset + d->fix_length,
           len - d->fix_offset - d->fix_length);
    mtasts_txt ft = {fixed, n, rw->form};
    mtasts_record *q = NULL;
    ck_assert_int_eq(mtasts_record_parse(rw->kind, &ft, 1, NULL, &q),
                     MTASTS_OK);
    ck_assert_msg(same_count(q, d) < same_count(r, d),
                  "%s: applying the hint '%s' of %s leaves it", rw->name,
                  d->hint, d->id);
    for (size_t j = 0; j < mtasts_record_diag_count(q); j++) {
      const mtasts_diag *e = mtasts_record_diag(q, j);
      ck_assert_msg(e->severity != MTASTS_SEVERITY_ERROR || had_error(r, e->id),
                    "%s: applying the hint '%s' of %s adds the error %s",
                    rw->name, d->hint, d->id, e->id);
    }
    mtasts_record_free(q);
    free(fixed);
  }
  mtasts_record_free(r);
}

START_TEST(test_apply_sts) {
  apply_row_hints(&sts_rows[_i]);
}
END_TEST

START_TEST(test_apply_tls) {
  apply_row_hints(&tls_rows[_i]);
}
END_TEST

START_TEST(test_apply_zone) {
  apply_row_hints(&zone_rows[_i]);
}
END_TEST

START_TEST(test_long_strings) {
  long_string_rows();
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Sets of records (A10, D9).                                              */

typedef struct set_row {
  const char *name;
  mtasts_kind kind;
  mtasts_txt_form form;
  size_t count;
  const char *recs[8];
  int valid;
  long selected;
  tu_diag exp[10];
} set_row;

static const set_row set_rows[] = {
    {"no record", STS, RAW, 0, {NULL}, 0, -1, {{"txt-set-no-record", 1, 1}}},
    {"one record", STS, RAW, 1, {"v=STSv1; id=1"}, 1, 0, {{0}}},
    {"one unrelated record is linted as meant",
     STS,
     RAW,
     1,
     {"google-site-verification=abc"},
     0,
     -1,
     {{"txt-version-invalid", 1, 1},
      {"txt-unknown-field", 1, 1},
      {"sts-id-missing", 1, 1}}},
    {"two candidates (§5)",
     STS,
     RAW,
     2,
     {"v=STSv1; id=1", "v=STSv1; id=2"},
     0,
     0,
     {{"txt-set-multiple", 2, 1}}},
    {"three candidates",
     TLS,
     RAW,
     3,
     {"v=TLSRPTv1; rua=mailto:a@example.com",
      "v=TLSRPTv1; rua=mailto:b@example.com",
      "v=TLSRPTv1 ;rua=mailto:c@example.com"},
     0,
     0,
     {{"txt-set-multiple", 2, 1},
      {"txt-set-multiple", 3, 1},
      {"txt-space-before-first-delimiter", 3, 11}}},
    {"every candidate is linted",
     STS,
     RAW,
     2,
     {"v=STSv1; id=1", "v=STSv1;"},
     0,
     0,
     {{"txt-set-multiple", 2, 1}, {"txt-no-fields", 2, 1}}},
    {"unrelated records are set aside (note)",
     STS,
     RAW,
     3,
     {"google-site-verification=abc", "v=STSv1; id=1", "v=spf1 -all"},
     1,
     1,
     {{"txt-set-other-record", 1, 1}, {"txt-set-other-record", 3, 1}}},
    {"no candidate",
     STS,
     RAW,
     2,
     {"foo", "bar"},
     0,
     -1,
     {{"txt-set-other-record", 1, 1},
      {"txt-set-no-record", 1, 1},
      {"txt-set-other-record", 2, 1}}},
    {"botched tags are errors, not candidates",
     STS,
     RAW,
     7,
     {"v=STSv1; id=1", "V=STSv1; id=2", "v=STSv10; id=3", " v=STSv1; id=4",
      "v=STSv2; id=5", "", "v = stsv1"},
     0,
     0,
     {{"txt-version-invalid", 2, 1},
      {"txt-version-invalid", 3, 1},
      {"txt-version-invalid", 4, 1},
      {"txt-set-other-record", 5, 1},
      {"txt-set-other-record", 6, 1},
      {"txt-version-invalid", 7, 1}}},
    {"only a botched tag",
     STS,
     RAW,
     2,
     {"V=STSv1; id=1", "x"},
     0,
     -1,
     {{"txt-version-invalid", 1, 1},
      {"txt-set-no-record", 1, 1},
      {"txt-set-other-record", 2, 1}}},
    {"candidate after others",
     TLS,
     RAW,
     2,
     {"v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com"},
     1,
     1,
     {{"txt-set-other-record", 1, 1}}},
    {"tag followed by WSP is a candidate",
     STS,
     RAW,
     2,
     {"v=STSv1; id=1", "v=STSv1 ;id=2"},
     0,
     0,
     {{"txt-set-multiple", 2, 1}, {"txt-space-before-first-delimiter", 2, 8}}},
    {"tag at the end is a candidate",
     STS,
     RAW,
     2,
     {"x", "v=STSv1"},
     0,
     1,
     {{"txt-set-other-record", 1, 1}, {"txt-no-fields", 2, 1}}},
    {"zone: split strings join before the filter (§4 #12)",
     STS,
     ZONE,
     3,
     {"\"v=ST\" \"Sv1; id=1\"", "\"spf\"", "\"v=STSv1\\059\" \"id=2\""},
     0,
     0,
     {{"txt-set-other-record", 2, 1}, {"txt-set-multiple", 3, 2}}},
    {"zone: syntax error in an unrelated record",
     STS,
     ZONE,
     2,
     {"\"v=STSv1; id=1\"", "unquoted"},
     0,
     0,
     {{"txt-zone-syntax", 2, 1}}},
    {"zone: no record",
     STS,
     ZONE,
     2,
     {"\"a\"", "\"b\" \"c\""},
     0,
     -1,
     {{"txt-set-other-record", 1, 1},
      {"txt-set-no-record", 1, 1},
      {"txt-set-other-record", 2, 1}}},
};

START_TEST(test_set_rows) {
  const set_row *r = &set_rows[_i];
  mtasts_txt t[8];
  for (size_t i = 0; i < r->count; i++) {
    t[i].ptr = r->recs[i];
    t[i].len = strlen(r->recs[i]);
    t[i].form = r->form;
  }
  tu_records(r->name, r->kind, r->count ? t : NULL, r->count, NULL, r->valid,
             r->exp);
  mtasts_record *rec = NULL;
  ck_assert_int_eq(mtasts_record_parse(r->kind, t, r->count, NULL, &rec),
                   MTASTS_OK);
  ck_assert_msg(mtasts_record_selected(rec) == r->selected,
                "%s: selected %ld, expected %ld", r->name,
                mtasts_record_selected(rec), r->selected);
  if (r->selected < 0)
    ck_assert_ptr_null(mtasts_record_version(rec));
  else
    ck_assert_str_eq(mtasts_record_version(rec),
                     r->kind == STS ? "STSv1" : "TLSRPTv1");
  mtasts_record_free(rec);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Parsed values.                                                          */

static mtasts_record *parse1(mtasts_kind kind, const char *text,
                             mtasts_txt_form form) {
  mtasts_txt t = {text, strlen(text), form};
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(kind, &t, 1, NULL, &r), MTASTS_OK);
  ck_assert_ptr_nonnull(r);
  return r;
}

/* RFC 8461 §3.1, RFC 8460 §3: a field whose name is a known one in another
 * case is an extension. Beside a valid real field it keeps the record valid
 * and gets no hint (the hint would repeat the field). */
START_TEST(test_near_miss_extensions) {
  static const struct {
    mtasts_kind kind;
    const char *base, *field;
  } cases[] = {
      {STS, "v=STSv1; id=1", "ID=2"},
      {STS, "v=STSv1; id=1", "Id=1"},
      {STS, "v=STSv1; id=1", "iD=abc"},
      {STS, "v=STSv1; id=1", "V=STSv1"},
      {STS, "v=STSv1; id=1", "idx=2"},
      {STS, "v=STSv1; id=1", "ids=2"},
      {STS, "v=STSv1; id=1", "i-d=2"},
      {STS, "v=STSv1; id=1", "ID=a-b"},
      {TLS, "v=TLSRPTv1; rua=mailto:a@example.com", "RUA=mailto:b@example.com"},
      {TLS, "v=TLSRPTv1; rua=mailto:a@example.com", "Rua=x"},
      {TLS, "v=TLSRPTv1; rua=mailto:a@example.com", "ruf=mailto:b@example.com"},
      {TLS, "v=TLSRPTv1; rua=mailto:a@example.com", "V=TLSRPTv1"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char in[200];
    snprintf(in, sizeof in, "%s; %s", cases[i].base, cases[i].field);
    mtasts_record *r = parse1(cases[i].kind, in, RAW);
    ck_assert_msg(mtasts_record_valid(r), "'%s' is invalid", in);
    for (size_t k = 0; k < mtasts_record_diag_count(r); k++) {
      const mtasts_diag *d = mtasts_record_diag(r, k);
      ck_assert_msg(d->hint == NULL, "'%s': %s has the hint '%s'", in, d->id,
                    d->hint);
      ck_assert_int_ne(d->severity, MTASTS_SEVERITY_ERROR);
    }
    mtasts_record_free(r);
  }
  /* Without a valid real field, a near miss is an error, with a hint only
   * when it would give the missing field a valid value. */
  mtasts_record *r = parse1(STS, "v=STSv1; ID=a-b", RAW);
  ck_assert_str_eq(mtasts_record_diag(r, 0)->id, "sts-id-missing");
  ck_assert_ptr_null(mtasts_record_diag(r, 0)->hint);
  mtasts_record_free(r);
  r = parse1(STS, "v=STSv1; id=a-b; ID=ab", RAW);
  ck_assert_int_eq(mtasts_record_valid(r), 0);
  ck_assert_str_eq(mtasts_record_diag(r, 1)->id, "txt-field-misspelt");
  ck_assert_int_eq(mtasts_record_diag(r, 1)->severity, MTASTS_SEVERITY_ERROR);
  mtasts_record_free(r);
}
END_TEST

START_TEST(test_values_sts) {
  mtasts_record *r =
      parse1(STS, "v=STSv1; id=20160831085700Z; b=2; a=1; b=3", RAW);
  ck_assert_int_eq(mtasts_record_kind(r), STS);
  ck_assert_int_eq(mtasts_record_selected(r), 0);
  ck_assert_str_eq(mtasts_record_version(r), "STSv1");
  ck_assert_str_eq(mtasts_record_id(r), "20160831085700Z");
  ck_assert_uint_eq(mtasts_record_rua_count(r), 0);
  ck_assert_ptr_null(mtasts_record_rua(r, 0));
  /* First occurrence of each well-formed unknown field, in order. */
  ck_assert_uint_eq(mtasts_record_extension_count(r), 2);
  ck_assert_str_eq(mtasts_record_extension_name(r, 0), "b");
  ck_assert_str_eq(mtasts_record_extension_value(r, 0), "2");
  ck_assert_str_eq(mtasts_record_extension_name(r, 1), "a");
  ck_assert_str_eq(mtasts_record_extension_value(r, 1), "1");
  ck_assert_ptr_null(mtasts_record_extension_name(r, 2));
  ck_assert_ptr_null(mtasts_record_extension_value(r, 2));
  ck_assert_int_eq(mtasts_record_valid(r), 0); /* b conflicts */
  mtasts_record_free(r);

  /* The first valid id is the value; malformed fields are not taken. */
  r = parse1(STS, "v=STSv1; id=a-b; id=ab; id=cd; x=a b; y=", RAW);
  ck_assert_str_eq(mtasts_record_id(r), "ab");
  ck_assert_uint_eq(mtasts_record_extension_count(r), 0);
  mtasts_record_free(r);

  /* An id with whitespace around '=' is not taken. */
  r = parse1(STS, "v=STSv1; id = 1", RAW);
  ck_assert_ptr_null(mtasts_record_id(r));
  mtasts_record_free(r);

  /* Zone form: the values are the decoded text. */
  r = parse1(STS, "\"v=STSv1; i\" \"d=12\\0513; x=\\\"q\\\\\"", ZONE);
  ck_assert_str_eq(mtasts_record_id(r), "1233");
  ck_assert_uint_eq(mtasts_record_extension_count(r), 1);
  ck_assert_str_eq(mtasts_record_extension_value(r, 0), "\"q\\");
  mtasts_record_free(r);

  /* No values when no record is selected. */
  r = parse1(STS, "V=STSv1; id=1; foo=bar", RAW);
  ck_assert_int_eq(mtasts_record_selected(r), -1);
  ck_assert_ptr_null(mtasts_record_version(r));
  ck_assert_ptr_null(mtasts_record_id(r));
  ck_assert_uint_eq(mtasts_record_extension_count(r), 0);
  mtasts_record_free(r);
}
END_TEST

START_TEST(test_values_tlsrpt) {
  mtasts_record *r =
      parse1(TLS,
             "v=TLSRPTv1; rua=mailto:a@example.com , bad, https://r.example/x; "
             "foo=1; rua=MAILTO:b@example.net,http://x.example/; rua = "
             "mailto:c@example.org",
             RAW);
  ck_assert_int_eq(mtasts_record_kind(r), TLS);
  ck_assert_str_eq(mtasts_record_version(r), "TLSRPTv1");
  ck_assert_ptr_null(mtasts_record_id(r));
  ck_assert_uint_eq(mtasts_record_rua_count(r), 3);
  ck_assert_str_eq(mtasts_record_rua(r, 0), "mailto:a@example.com");
  ck_assert_str_eq(mtasts_record_rua(r, 1), "https://r.example/x");
  ck_assert_str_eq(mtasts_record_rua(r, 2), "MAILTO:b@example.net");
  ck_assert_ptr_null(mtasts_record_rua(r, 3));
  ck_assert_uint_eq(mtasts_record_extension_count(r), 1);
  ck_assert_str_eq(mtasts_record_extension_name(r, 0), "foo");
  mtasts_record_free(r);

  /* Values come from the first candidate of a set. */
  mtasts_txt t[3] = {{"v=spf1", 6, RAW},
                     {"v=TLSRPTv1;rua=mailto:x@example.com", 35, RAW},
                     {"v=TLSRPTv1;rua=mailto:y@example.com", 35, RAW}};
  ck_assert_int_eq(mtasts_record_parse(TLS, t, 3, NULL, &r), MTASTS_OK);
  ck_assert_int_eq(mtasts_record_selected(r), 1);
  ck_assert_uint_eq(mtasts_record_rua_count(r), 1);
  ck_assert_str_eq(mtasts_record_rua(r, 0), "mailto:x@example.com");
  ck_assert_int_eq(mtasts_record_valid(r), 0);
  mtasts_record_free(r);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Spans, severities, messages and hints.                                  */

static const mtasts_diag *only_diag(mtasts_record *r, const char *id) {
  for (size_t i = 0; i < mtasts_record_diag_count(r); i++)
    if (strcmp(mtasts_record_diag(r, i)->id, id) == 0)
      return mtasts_record_diag(r, i);
  ck_abort_msg("no %s", id);
  return NULL;
}

static void check_diag(mtasts_kind kind, mtasts_txt_form form, const char *text,
                       const char *id, size_t off, size_t len,
                       mtasts_severity sev, const char *hint,
                       const char *in_message) {
  mtasts_record *r = parse1(kind, text, form);
  const mtasts_diag *d = only_diag(r, id);
  ck_assert_msg(d->offset == off && d->length == len,
                "%s in [%s]: span %zu+%zu, expected %zu+%zu", id, text,
                d->offset, d->length, off, len);
  ck_assert_uint_eq(d->column, off + 1);
  ck_assert_int_eq(d->severity, sev);
  ck_assert_int_eq(d->code, mtasts_diag_code_from_id(id, strlen(id)));
  ck_assert_ptr_nonnull(d->reference);
  ck_assert_msg(d->message && d->message[0] >= 'a' && d->message[0] <= 'z',
                "%s: message '%s'", id, d->message);
  if (hint)
    ck_assert_msg(d->hint && strcmp(d->hint, hint) == 0,
                  "%s in [%s]: hint '%s', expected '%s'", id, text,
                  d->hint ? d->hint : "(null)", hint);
  else
    ck_assert_msg(!d->hint, "%s: unexpected hint '%s'", id, d->hint);
  if (in_message)
    ck_assert_msg(strstr(d->message, in_message), "%s: message '%s' lacks '%s'",
                  id, d->message, in_message);
  mtasts_record_free(r);
}

#define ERR MTASTS_SEVERITY_ERROR
#define WARN MTASTS_SEVERITY_WARNING
#define NOTE MTASTS_SEVERITY_NOTE

/* A hint longer than MT_HINT_MAX is left out, the finding stays: the scheme
 * of a long mailto URI, the empty entry of a list with a long URI, and a '!'
 * far into a long https URI. */
START_TEST(test_long_uri_hints) {
  static const struct {
    const char *head, *tail, *id;
    unsigned long column;
    int valid;
  } cases[] = {
      {"v=TLSRPTv1; rua=MAILTO:", "@example.com", "tlsrpt-rua-scheme-case", 17,
       1},
      {"v=TLSRPTv1; rua=,mailto:", "@example.com", "tlsrpt-rua-empty-uri", 17,
       0},
      {"v=TLSRPTv1; rua=https://r.example.com/", "!",
       "tlsrpt-rua-unencoded-char", 17 + 22 + 1100, 0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char in[1300];
    size_t o = 0, hn = strlen(cases[k].head), tn = strlen(cases[k].tail);
    memcpy(in, cases[k].head, hn);
    o = hn;
    memset(in + o, 'a', 1100);
    o += 1100;
    memcpy(in + o, cases[k].tail, tn);
    o += tn;
    mtasts_txt t = {in, o, RAW};
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(TLS, &t, 1, NULL, &r), MTASTS_OK);
    ck_assert_uint_eq(mtasts_record_diag_count(r), 1);
    const mtasts_diag *d = mtasts_record_diag(r, 0);
    ck_assert_str_eq(d->id, cases[k].id);
    ck_assert_uint_eq(d->line, 1);
    ck_assert_uint_eq(d->column, cases[k].column);
    ck_assert_ptr_null(d->hint);
    ck_assert_int_eq(mtasts_record_valid(r), cases[k].valid);
    mtasts_record_free(r);
  }
}
END_TEST

/* A zone-form hint is the whole record quoted again (RFC 1035 §5.1), in at
 * most MT_HINT_MAX bytes: a fixed record of 1013 octets quotes to 1024
 * bytes and is offered; one of 1014 octets would need 1025 and is not. */
START_TEST(test_zone_hint_limit) {
  for (size_t k = 996; k <= 997; k++) {
    char joined[1100], given[1200];
    size_t n = (size_t)sprintf(joined, "v=STSv1; id =1; x=");
    memset(joined + n, 'a', k);
    n += k;
    /* In strings of 255 octets. */
    size_t o = 0;
    for (size_t at = 0; at < n; at += 255) {
      size_t piece = n - at < 255 ? n - at : 255;
      if (at)
        given[o++] = ' ';
      given[o++] = '"';
      memcpy(given + o, joined + at, piece);
      o += piece;
      given[o++] = '"';
    }
    mtasts_txt t = {given, o, ZONE};
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(STS, &t, 1, NULL, &r), MTASTS_OK);
    const tu_diag exp[] = {{"txt-space-around-equals", 1, 13},
                           {"txt-unknown-field", 1, 18},
                           {NULL, 0, 0}};
    const mtasts_diag *d[2] = {mtasts_record_diag(r, 0),
                               mtasts_record_diag(r, 1)};
    char buf[2048];
    ck_assert_msg(mtasts_record_diag_count(r) == 2 &&
                      tu_compare(d, 2, exp, buf, sizeof buf),
                  "%zu: %s", k, buf);
    if (k == 996) {
      ck_assert_ptr_nonnull(d[0]->hint);
      ck_assert_uint_eq(strlen(d[0]->hint), 1024);
      ck_assert_int_eq(strncmp(d[0]->hint, "\"v=STSv1; id=1; x=aa", 20), 0);
      ck_assert_uint_eq(d[0]->fix_offset, 0);
      ck_assert_uint_eq(d[0]->fix_length, o);
    } else {
      ck_assert_ptr_null(d[0]->hint);
    }
    mtasts_record_free(r);
  }
}
END_TEST

START_TEST(test_details) {
  check_diag(STS, RAW, "v=STSv1; id=<20240101>", "txt-value-template-debris",
             12, 10, ERR, "id=20240101", "<...>");
  check_diag(STS, RAW, "v=STSv1; id='2024'", "txt-value-template-debris", 12, 6,
             ERR, "id=2024", "template");
  check_diag(STS, RAW, "v=\"STSv1\"; id=1", "txt-value-template-debris", 2, 7,
             ERR, "v=STSv1; id=1", "'v=STSv1'");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=<mailto:a@example.com>",
             "txt-value-template-debris", 16, 22, ERR,
             "rua=mailto:a@example.com", "<...>");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=<a@example.com>",
             "tlsrpt-rua-no-scheme", 16, 15, ERR, "mailto:a@example.com", NULL);
  check_diag(TLS, ZONE, "\"v=TLSRPTv1; rua=[mailto:a@example.com]\"",
             "txt-value-template-debris", 17, 22, ERR,
             "\"v=TLSRPTv1; rua=mailto:a@example.com\"", NULL);
  check_diag(STS, RAW, "V=STSv1; id=1", "txt-version-invalid", 0, 7, ERR,
             "v=STSv1; id=1", "'V=STSv1'");
  check_diag(STS, RAW, " v=STSv1; id=1", "txt-version-invalid", 0, 8, ERR,
             "v=STSv1; id=1", NULL);
  check_diag(STS, RAW, "v = STSv1 id=1", "txt-version-invalid", 0, 9, ERR,
             "v=STSv1; id=1", NULL);
  check_diag(STS, RAW, "v=STSv1 id=1", "txt-version-invalid", 0, 7, ERR,
             "v=STSv1; id=1", "without ';'");
  check_diag(STS, RAW, "v=STSv10; id=1", "txt-version-invalid", 0, 8, ERR, NULL,
             "'v=STSv10'");
  check_diag(STS, RAW, "id=1", "txt-version-invalid", 0, 4, ERR, NULL, NULL);
  check_diag(STS, ZONE, "\"V=ST\" \"Sv1; id=1\"", "txt-version-invalid", 1, 10,
             ERR, "\"v=STSv1; id=1\"", NULL);
  check_diag(STS, RAW, "v=STSv1 ; id=1", "txt-space-before-first-delimiter", 7,
             1, WARN, "v=STSv1; id=1", NULL);
  check_diag(STS, ZONE, "\"v=STSv1  \" \";id=\\\"\"",
             "txt-space-before-first-delimiter", 8, 2, WARN,
             "\"v=STSv1;id=\\\"\"", NULL);
  check_diag(STS, RAW, "v=STSv1; id=1  ", "txt-trailing-whitespace", 13, 2, ERR,
             "v=STSv1; id=1", NULL);
  /* After the last URI of a well-formed TLS-RPT record too (the fast path
   * once took "rua=URI  " as ending the list). */
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=mailto:a@example.com  ",
             "txt-trailing-whitespace", 36, 2, ERR,
             "v=TLSRPTv1; rua=mailto:a@example.com", NULL);
  check_diag(
      TLS, RAW, "v=TLSRPTv1; rua=https://r.example.net/x,mailto:a@b.example ",
      "txt-trailing-whitespace", 58, 1, ERR,
      "v=TLSRPTv1; rua=https://r.example.net/x,mailto:a@b.example", NULL);
  check_diag(STS, RAW, "v=STSv1; ; id=1", "txt-empty-field", 9, 1, ERR,
             "v=STSv1; id=1", NULL);
  check_diag(STS, RAW, "v=STSv1;", "txt-no-fields", 0, 8, ERR, NULL, "id=");
  check_diag(STS, RAW, "", "txt-empty", 0, 0, ERR, NULL, NULL);
  check_diag(STS, RAW, "v=STSv1; id = 1", "txt-space-around-equals", 11, 3, ERR,
             "id=1", NULL);
  check_diag(STS, RAW, "v=STSv1; id=1; foo", "txt-missing-equals", 15, 3, ERR,
             NULL, "'foo'");
  check_diag(STS, RAW, "v=STSv1; id=1; a%b=1", "txt-field-name-invalid", 15, 3,
             ERR, NULL, "'%'");
  check_diag(STS, RAW, "v=STSv1; id=1; foo=a=b", "txt-field-value-invalid", 20,
             1, ERR, NULL, "'='");
  check_diag(STS, RAW, "v=STSv1; id=1; foo=", "txt-field-value-invalid", 19, 0,
             ERR, NULL, "no value");
  check_diag(STS, RAW, "v=STSv1; id=1; foo=bar", "txt-unknown-field", 15, 3,
             WARN, NULL, "'foo'");
  check_diag(STS, RAW, "v=STSv1; id=1; id=1", "txt-duplicate-field", 15, 4,
             WARN, NULL, NULL);
  check_diag(STS, RAW, "v=STSv1; id=1; id=2", "txt-duplicate-field-conflict",
             15, 4, ERR, NULL, "'2'");
  check_diag(STS, RAW, "v=STSv1; id=1; ID=2", "txt-field-misspelt", 15, 2, WARN,
             NULL, "'ID'");
  check_diag(STS, RAW, "v=STSv1; ID=1", "sts-id-missing", 9, 2, ERR, "id=1",
             "id is missing; found 'ID' (field names are case-sensitive)");
  check_diag(STS, RAW, "v=STSv1; foo=1", "sts-id-missing", 0, 14, ERR, NULL,
             NULL);
  check_diag(STS, ZONE, "\"v=STSv1; \" \"foo=1\"", "sts-id-missing", 0, 19, ERR,
             NULL, NULL);
  check_diag(STS, RAW, "v=STSv1; id=2024-01-01", "sts-id-invalid", 9, 13, ERR,
             "id=20240101", "'-'");
  check_diag(STS, RAW, "v=STSv1; id=123456789012345678901234567890123",
             "sts-id-invalid", 9, 36, ERR, NULL, "33 characters");
  check_diag(STS, RAW, "v=STSv1; id=", "sts-id-invalid", 9, 3, ERR, NULL,
             "empty");
  check_diag(STS, RAW, "v=STSv1; id=\xc3\xa9", "sts-id-invalid", 9, 5, ERR,
             NULL, NULL);
  check_diag(STS, RAW, "v=STSv1; id=1; x=\xc3\xa9", "txt-non-ascii", 17, 2, ERR,
             NULL, NULL);
  check_diag(STS, RAW, "v=STSv1;\x7fid=1", "txt-control-char", 8, 1, ERR, NULL,
             "\\x7f");
  check_diag(STS, ZONE, "\"v=STSv1; id=1\" x", "txt-zone-syntax", 16, 1, ERR,
             NULL, "'x'");
  check_diag(STS, ZONE, "\"v=STSv1; id=1\\9\"", "txt-zone-syntax", 14, 2, ERR,
             NULL, NULL);

  check_diag(TLS, RAW, "v=TLSRPTv1; foo=1", "tlsrpt-rua-missing", 0, 17, ERR,
             NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; Rua=mailto:a@example.com",
             "tlsrpt-rua-missing", 12, 3, ERR, "rua=mailto:a@example.com",
             "rua is missing; found 'Rua'");
  /* A near miss of the required field gets its name corrected as the
   * hint only when its value is plainly valid for the field: one id of at
   * most 32 letters and digits, one mailto: or https: URI. */
  check_diag(STS, RAW, "v=STSv1; ID=", "sts-id-missing", 9, 2, ERR, NULL, NULL);
  check_diag(STS, RAW, "v=STSv1; ID=123456789012345678901234567890123",
             "sts-id-missing", 9, 2, ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; RUA=https://r.example/tlsrpt",
             "tlsrpt-rua-missing", 12, 3, ERR, "rua=https://r.example/tlsrpt",
             "found 'RUA'");
  check_diag(TLS, RAW, "v=TLSRPTv1; RUA=", "tlsrpt-rua-missing", 12, 3, ERR,
             NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; RUA=mailto:a@b.example,mailto:c@d.example",
             "tlsrpt-rua-missing", 12, 3, ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; RUA=ftp://r.example/tlsrpt",
             "tlsrpt-rua-missing", 12, 3, ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; RUA=mailto:", "tlsrpt-rua-missing", 12, 3,
             ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; RUA=https://", "tlsrpt-rua-missing", 12, 3,
             ERR, NULL, NULL);
  /* Dropping the punctuation is the fix of an id only when what is left
   * fits in 32 characters; whitespace is no punctuation. */
  check_diag(STS, RAW, "v=STSv1; id=2024-01-01-00000000000000000000000000000",
             "sts-id-invalid", 9, 43, ERR, NULL, "holds '-'");
  check_diag(STS, RAW, "v=STSv1; id=2024 01", "sts-id-invalid", 9, 10, ERR,
             NULL, "holds ' '");
  /* Every run of empty fields is reported, each with the one hint: the
   * record without any of them (a final ';' is allowed, RFC 8461 §3.1). */
  {
    mtasts_record *r = parse1(STS, "v=STSv1;; id=1;;", RAW);
    ck_assert_uint_eq(mtasts_record_diag_count(r), 2);
    for (size_t i = 0; i < 2; i++) {
      const mtasts_diag *d = mtasts_record_diag(r, i);
      ck_assert_str_eq(d->id, "txt-empty-field");
      ck_assert_uint_eq(d->offset, i ? 15 : 8);
      ck_assert_str_eq(d->hint, "v=STSv1; id=1;");
      ck_assert_uint_eq(d->fix_offset, 0);
      ck_assert_uint_eq(d->fix_length, 16);
    }
    mtasts_record_free(r);
  }
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=mailto:a@example.com, ",
             "tlsrpt-rua-empty-uri", 36, 1, ERR, "rua=mailto:a@example.com",
             NULL);
  check_diag(STS, RAW, "v=STSv1; id=foo include=foo.com", "sts-id-invalid", 15,
             1, ERR, "v=STSv1; id=foo; include=foo.com", "';' is missing");
  check_diag(STS, RAW, "v=STSv1; id=1; a=b c=d", "txt-field-value-invalid", 18,
             1, ERR, "v=STSv1; id=1; a=b; c=d", "';' is missing");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=htps://r.example.com/",
             "tlsrpt-rua-unsupported-scheme", 16, 4, ERR,
             "https://r.example.com/", NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=mailo:a@example.com",
             "tlsrpt-rua-unsupported-scheme", 16, 5, ERR,
             "mailto:a@example.com", NULL);
  check_diag(STS, RAW, "version: STSv1", "txt-is-policy", 0, 14, ERR, NULL,
             "not a TXT record");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=,, ,", "tlsrpt-rua-empty-uri", 16, 1,
             ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=,mailto:a@example.com",
             "tlsrpt-rua-empty-uri", 16, 1, ERR, "rua=mailto:a@example.com",
             NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=", "tlsrpt-rua-empty-uri", 16, 0, ERR,
             NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=postmaster@example.com",
             "tlsrpt-rua-no-scheme", 16, 22, ERR,
             "mailto:postmaster@example.com", NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=example.com/x", "tlsrpt-rua-no-scheme",
             16, 13, ERR, NULL, NULL);
  /* The mailto: hint only when it is a valid entry: not for an address
   * cut from a template ("[a@example.com") or one its domain's dot ends. */
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=[a@example.com", "tlsrpt-rua-no-scheme",
             16, 14, ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=a@example.com.", "tlsrpt-rua-no-scheme",
             16, 14, ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=[a@example.com]",
             "tlsrpt-rua-no-scheme", 16, 15, ERR, "mailto:a@example.com", NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=http://r.example.net/x",
             "tlsrpt-rua-unsupported-scheme", 16, 4, ERR,
             "https://r.example.net/x", "'http'");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=HTTP://r.example.net/x",
             "tlsrpt-rua-unsupported-scheme", 16, 4, ERR,
             "https://r.example.net/x", NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=ftp://r.example.net/",
             "tlsrpt-rua-unsupported-scheme", 16, 3, ERR, NULL, NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=MailTo:a@example.com",
             "tlsrpt-rua-scheme-case", 16, 6, NOTE, "mailto:a@example.com",
             NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=mailto:a@example.com!10m!",
             "tlsrpt-rua-unencoded-char", 36, 1, ERR, "mailto:a@example.com",
             NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=https://x.example/a|b",
             "tlsrpt-rua-invalid-uri", 35, 1, ERR, NULL, "'|'");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=https://x.example/%zz",
             "tlsrpt-rua-invalid-uri", 34, 3, ERR, NULL, "'%zz'");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=mailto:a", "tlsrpt-rua-mailto-invalid",
             16, 8, ERR, NULL, "'@'");
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=mailto:a@example.com?subject=x",
             "tlsrpt-rua-mailto-query", 36, 10, NOTE, "mailto:a@example.com",
             NULL);
  check_diag(TLS, RAW, "v=TLSRPTv1; rua=https://", "tlsrpt-rua-https-invalid",
             16, 8, ERR, NULL, "no host");
  check_diag(TLS, RAW,
             "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com",
             "tlsrpt-rua-multiple", 38, 24, NOTE, NULL, NULL);

  /* Sets. */
  {
    mtasts_txt t[2] = {{"v=STSv1; id=1", 13, RAW}, {"x=1", 3, RAW}};
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(STS, t, 2, NULL, &r), MTASTS_OK);
    const mtasts_diag *d = only_diag(r, "txt-set-other-record");
    ck_assert_uint_eq(d->line, 2);
    ck_assert_uint_eq(d->offset, 0);
    ck_assert_uint_eq(d->length, 3);
    ck_assert_int_eq(d->severity, NOTE);
    mtasts_record_free(r);
    t[1] = t[0];
    ck_assert_int_eq(mtasts_record_parse(STS, t, 2, NULL, &r), MTASTS_OK);
    d = only_diag(r, "txt-set-multiple");
    ck_assert_uint_eq(d->line, 2);
    ck_assert_uint_eq(d->length, 7);
    ck_assert_int_eq(d->severity, ERR);
    mtasts_record_free(r);
    ck_assert_int_eq(mtasts_record_parse(STS, t, 0, NULL, &r), MTASTS_OK);
    d = only_diag(r, "txt-set-no-record");
    ck_assert_uint_eq(d->line, 1);
    ck_assert_uint_eq(d->column, 1);
    ck_assert_uint_eq(d->length, 0);
    mtasts_record_free(r);
  }
  /* A 256-octet string spans the whole string, quotes included. */
  {
    char in[300];
    memset(in, 'a', sizeof in);
    in[0] = ' ';
    in[1] = '"';
    in[258] = '"';
    mtasts_txt t = {in, 259, ZONE};
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(STS, &t, 1, NULL, &r), MTASTS_OK);
    const mtasts_diag *d = only_diag(r, "txt-string-too-long");
    ck_assert_uint_eq(d->offset, 1);
    ck_assert_uint_eq(d->length, 258);
    mtasts_record_free(r);
  }
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Options: strict mode and the diagnostic cap.                            */

START_TEST(test_strict) {
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = MTASTS_OPT_STRICT;
  static const struct {
    mtasts_kind kind;
    const char *text;
    const char *id;
  } warn[] = {
      {STS, "v=STSv1 ; id=1", "txt-space-before-first-delimiter"},
      {STS, "v=STSv1; id=1; foo=bar", "txt-unknown-field"},
      {STS, "v=STSv1; id=1; id=1", "txt-duplicate-field"},
      {TLS, "v=TLSRPTv1 ;rua=mailto:a@example.com",
       "txt-space-before-first-delimiter"},
  };
  for (size_t i = 0; i < sizeof warn / sizeof warn[0]; i++) {
    mtasts_txt t = {warn[i].text, strlen(warn[i].text), RAW};
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(warn[i].kind, &t, 1, NULL, &r),
                     MTASTS_OK);
    ck_assert_int_eq(mtasts_record_valid(r), 1);
    ck_assert_int_eq(only_diag(r, warn[i].id)->severity, WARN);
    mtasts_record_free(r);
    ck_assert_int_eq(mtasts_record_parse(warn[i].kind, &t, 1, &o, &r),
                     MTASTS_OK);
    ck_assert_int_eq(mtasts_record_valid(r), 0);
    ck_assert_int_eq(only_diag(r, warn[i].id)->severity, ERR);
    mtasts_record_free(r);
  }
  /* Notes stay notes. */
  const tu_diag exp[] = {{"tlsrpt-rua-scheme-case", 1, 17},
                         {"tlsrpt-rua-multiple", 1, 39},
                         {"tlsrpt-rua-mailto-query", 1, 63},
                         {NULL, 0, 0}};
  const char *s = "v=TLSRPTv1; rua=MAILTO:a@example.com; "
                  "rua=mailto:b@example.com?subject=x";
  mtasts_txt t = {s, strlen(s), RAW};
  tu_records("notes in strict mode", TLS, &t, 1, &o, 1, exp);
}
END_TEST

START_TEST(test_cap) {
  mtasts_options o;
  mtasts_options_init(&o);
  o.max_diagnostics = 2;
  const char *s = "v=STSv1; a=; b=; c=; d=x; id=1";
  mtasts_txt t = {s, strlen(s), RAW};
  const tu_diag exp[] = {{"txt-field-value-invalid", 1, 12},
                         {"txt-field-value-invalid", 1, 16},
                         {"too-many-diagnostics", 1, 16},
                         {NULL, 0, 0}};
  tu_records("cap of 2", STS, &t, 1, &o, 0, exp);

  /* Only warnings dropped: the note is a note and the record is valid. */
  s = "v=STSv1; id=1; a=1; b=1; c=1";
  t.ptr = s;
  t.len = strlen(s);
  const tu_diag exp2[] = {{"txt-unknown-field", 1, 16},
                          {"txt-unknown-field", 1, 21},
                          {"too-many-diagnostics", 1, 21},
                          {NULL, 0, 0}};
  tu_records("cap, warnings", STS, &t, 1, &o, 1, exp2);
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(STS, &t, 1, &o, &r), MTASTS_OK);
  ck_assert_int_eq(mtasts_record_diag(r, 2)->severity, NOTE);
  mtasts_record_free(r);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Arguments, NULL handles and allocation failures.                        */

START_TEST(test_args) {
  mtasts_record *r = (mtasts_record *)&r;
  mtasts_txt t = {"v=STSv1; id=1", 13, RAW};
  ck_assert_int_eq(mtasts_record_parse(STS, &t, 1, NULL, NULL),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_record_parse(STS, NULL, 1, NULL, &r),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  r = (mtasts_record *)&r;
  ck_assert_int_eq(mtasts_record_parse((mtasts_kind)7, &t, 1, NULL, &r),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(r);
  mtasts_txt bad = {NULL, 3, RAW};
  ck_assert_int_eq(mtasts_record_parse(STS, &bad, 1, NULL, &r),
                   MTASTS_ERR_INVALID_ARG);
  mtasts_txt bad_form = {"x", 1, (mtasts_txt_form)9};
  ck_assert_int_eq(mtasts_record_parse(STS, &bad_form, 1, NULL, &r),
                   MTASTS_ERR_INVALID_ARG);
  /* NULL with length 0 is an empty record; NULL records with count 0 is no
   * record. */
  mtasts_txt empty = {NULL, 0, RAW};
  const tu_diag e1[] = {{"txt-empty", 1, 1}, {NULL, 0, 0}};
  tu_records("NULL, 0", STS, &empty, 1, NULL, 0, e1);
  empty.form = ZONE;
  const tu_diag e2[] = {{"txt-zone-syntax", 1, 1}, {NULL, 0, 0}};
  tu_records("NULL, 0 zone", STS, &empty, 1, NULL, 0, e2);
  const tu_diag e3[] = {{"txt-set-no-record", 1, 1}, {NULL, 0, 0}};
  tu_records("no records", TLS, NULL, 0, NULL, 0, e3);

  /* Accessors on NULL and out of range. */
  mtasts_record_free(NULL);
  ck_assert_int_eq(mtasts_record_kind(NULL), STS);
  ck_assert_int_eq(mtasts_record_valid(NULL), 0);
  ck_assert_uint_eq(mtasts_record_diag_count(NULL), 0);
  ck_assert_ptr_null(mtasts_record_diag(NULL, 0));
  ck_assert_int_eq(mtasts_record_selected(NULL), -1);
  ck_assert_ptr_null(mtasts_record_version(NULL));
  ck_assert_ptr_null(mtasts_record_id(NULL));
  ck_assert_uint_eq(mtasts_record_rua_count(NULL), 0);
  ck_assert_ptr_null(mtasts_record_rua(NULL, 0));
  ck_assert_uint_eq(mtasts_record_extension_count(NULL), 0);
  ck_assert_ptr_null(mtasts_record_extension_name(NULL, 0));
  ck_assert_ptr_null(mtasts_record_extension_value(NULL, 0));
  r = parse1(STS, "v=STSv1; id=1", RAW);
  ck_assert_ptr_null(mtasts_record_diag(r, 0));
  ck_assert_ptr_null(mtasts_record_diag(r, (size_t)-1));
  ck_assert_ptr_null(mtasts_record_rua(r, 0));
  ck_assert_ptr_null(mtasts_record_extension_name(r, 0));
  mtasts_record_free(r);
}
END_TEST

static void nomem_case(mtasts_kind kind, const mtasts_txt *t, size_t count,
                       int use_realloc) {
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, use_realloc);
  mtasts_options o;
  mtasts_options_init(&o);
  o.allocator = &a;
  o.max_diagnostics = 4; /* also exercise the too-many note */
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(kind, t, count, &o, &r), MTASTS_OK);
  long total = (long)f.attempts;
  ck_assert(total > 0);
  mtasts_record_free(r);
  ck_assert_int_eq(f.blocks, 0);
  for (long k = 0; k < total; k++) {
    f.fail_at = (size_t)k + 1;
    f.attempts = 0;
    r = (mtasts_record *)&r;
    mtasts_status st = mtasts_record_parse(kind, t, count, &o, &r);
    ck_assert_msg(st == MTASTS_ERR_NOMEM, "failing allocation %ld: status %d",
                  k, (int)st);
    ck_assert_ptr_null(r);
    ck_assert_msg(f.blocks == 0, "failing allocation %ld leaks %ld blocks", k,
                  f.blocks);
  }
}

START_TEST(test_nomem) {
  mtasts_txt sts[3] = {
      {"v=STSv1; id=1; foo=1; foo=2; bar=x; a b=1; ID=2", 47, RAW},
      {"\"v=STSv1;\" \"id=2; x=\\\"\"", 23, ZONE},
      {"google=1", 8, RAW}};
  nomem_case(STS, sts, 3, 1);
  nomem_case(STS, sts, 3, 0);
  const char *s = "v=TLSRPTv1; rua=mailto:a@example.com,https://b.example/, "
                  "http://c.example/; rua=mailto:d@example.com; x=1";
  mtasts_txt tls = {s, strlen(s), RAW};
  nomem_case(TLS, &tls, 1, 1);
  nomem_case(TLS, &tls, 1, 0);
  nomem_case(TLS, NULL, 0, 1);
}
END_TEST

/* A clean record, and one with findings, take one allocation; records
 * whose values outgrow the parse's scratch storage (more than eight rua
 * URIs, four extensions or 512 bytes of values, more than eight fields to
 * compare) still give every value and finding, and free everything. */
static size_t offset_of(const char *s, const char *needle) {
  const char *p = strstr(s, needle);
  ck_assert_ptr_nonnull(p);
  return (size_t)(p - s);
}

START_TEST(test_one_allocation) {
  tu_alloc f = {0};
  mtasts_allocator a = tu_allocator(&f, 1);
  mtasts_options o;
  mtasts_options_init(&o);
  o.allocator = &a;
  const char *texts[] = {"v=STSv1; id=20160831085700Z;",
                         "v=TLSRPTv1;rua=mailto:reports@example.com",
                         "v=STSv1 ; id=2024-01-01; foo=bar; foo=baz"};
  for (size_t i = 0; i < 3; i++) {
    mtasts_txt t = {texts[i], strlen(texts[i]), RAW};
    mtasts_record *r = NULL;
    f.calls = 0;
    ck_assert_int_eq(
        mtasts_record_parse(texts[i][2] == 'T' ? TLS : STS, &t, 1, &o, &r),
        MTASTS_OK);
    ck_assert_msg(f.calls == 1, "%s: %zu allocations", texts[i], f.calls);
    ck_assert_uint_eq(mtasts_record_diag_count(r), (i == 2 ? 4u : 0u));
    mtasts_record_free(r);
    ck_assert_int_eq(f.blocks, 0);
  }
}
END_TEST

START_TEST(test_past_scratch) {
  char buf[4096], *o = buf;
  /* Twelve extension fields, then repeats of the 3rd (another value) and
   * the 11th (the same value), found through the set. */
  o += sprintf(o, "v=STSv1; id=1");
  for (int i = 1; i <= 12; i++)
    o += sprintf(o, "; f%d=v%d", i, i);
  o += sprintf(o, "; f3=other; f11=v11; f2=v2");
  mtasts_record *r = parse1(STS, buf, RAW);
  ck_assert_uint_eq(mtasts_record_extension_count(r), 12);
  for (size_t i = 0; i < 12; i++) {
    char name[8], value[8];
    sprintf(name, "f%zu", i + 1);
    sprintf(value, "v%zu", i + 1);
    ck_assert_str_eq(mtasts_record_extension_name(r, i), name);
    ck_assert_str_eq(mtasts_record_extension_value(r, i), value);
  }
  size_t conflict = 0, same = 0;
  for (size_t i = 0; i < mtasts_record_diag_count(r); i++) {
    const mtasts_diag *d = mtasts_record_diag(r, i);
    if (d->code == MTASTS_DIAG_TXT_DUPLICATE_FIELD_CONFLICT) {
      ck_assert_uint_eq(d->offset, offset_of(buf, "f3=other"));
      conflict++;
    } else if (d->code == MTASTS_DIAG_TXT_DUPLICATE_FIELD) {
      ck_assert(d->offset == offset_of(buf, "f11=v11; f2") ||
                d->offset == (size_t)(o - buf) - 5); /* the last "f2=v2" */
      same++;
    }
  }
  ck_assert_uint_eq(conflict, 1);
  ck_assert_uint_eq(same, 2);
  mtasts_record_free(r);

  /* Twelve rua URIs and more than 512 bytes of values. */
  o = buf;
  o += sprintf(o, "v=TLSRPTv1; rua=");
  for (int i = 0; i < 12; i++)
    o += sprintf(o, "%smailto:r%d@example.com", i ? "," : "", i);
  o += sprintf(o, ",https://reports.example.net/");
  for (int i = 0; i < 600; i++)
    *o++ = (char)('a' + i % 26);
  *o = '\0';
  r = parse1(TLS, buf, RAW);
  ck_assert_uint_eq(mtasts_record_diag_count(r), 0);
  ck_assert_uint_eq(mtasts_record_rua_count(r), 13);
  for (size_t i = 0; i < 12; i++) {
    char want[32];
    sprintf(want, "mailto:r%zu@example.com", i);
    ck_assert_str_eq(mtasts_record_rua(r, i), want);
  }
  ck_assert_uint_eq(strlen(mtasts_record_rua(r, 12)), 28 + 600);
  ck_assert_str_eq(mtasts_record_version(r), "TLSRPTv1");
  mtasts_record_free(r);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Pathological input: bounded work per byte.                              */

static double seconds(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void big_case(const char *name, mtasts_kind kind, mtasts_txt_form form,
                     const char *head, const char *rep, size_t times,
                     const char *numbered) {
  size_t cap = strlen(head) + times * (strlen(rep) + 12) + 1;
  char *buf = malloc(cap), *o = buf;
  ck_assert_ptr_nonnull(buf);
  o += sprintf(o, "%s", head);
  for (size_t i = 0; i < times; i++)
    o += numbered ? sprintf(o, "%s%zu%s", rep, i, numbered)
                  : sprintf(o, "%s", rep);
  mtasts_txt t = {buf, (size_t)(o - buf), form};
  mtasts_record *r = NULL;
  double t0 = seconds();
  ck_assert_int_eq(mtasts_record_parse(kind, &t, 1, NULL, &r), MTASTS_OK);
  double dt = seconds() - t0;
  ck_assert_uint_le(mtasts_record_diag_count(r),
                    MTASTS_DEFAULT_MAX_DIAGNOSTICS + 1);
  /* A figure, not a pass/fail on time. */
  fprintf(stderr, "  %s: %zu bytes in %.3f s\n", name, t.len, dt);
  mtasts_record_free(r);
  free(buf);
}

START_TEST(test_pathological) {
  const size_t n = 1000000;
  big_case("10^6 repeated fields", STS, RAW, "v=STSv1; id=1", "; a=1", n, NULL);
  big_case("10^6 distinct fields", STS, RAW, "v=STSv1; id=1", "; a", n, "=1");
  big_case("10^6 empty fields", STS, RAW, "v=STSv1; id=1", ";", n, NULL);
  big_case("10^6 misspelt ids", STS, RAW, "v=STSv1", "; ID=1", n, NULL);
  big_case("10^6 rua fields", TLS, RAW, "v=TLSRPTv1",
           "; rua=mailto:a@example.com,!", n / 4, NULL);
  big_case("10^6 rua entries", TLS, RAW, "v=TLSRPTv1; rua=mailto:a@b.example",
           ",https://x.example/", n / 4, NULL);
  big_case("10^6 zone strings", STS, ZONE, "\"v=STSv1; id=1\"", " \"\\059a=1\"",
           n / 4, NULL);
  big_case("10^6 zone errors", STS, ZONE, "\"v=STSv1; id=1\"", "\"\\9\" x",
           n / 4, NULL);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Every txt-*, sts-* and tlsrpt-* diagnostic is triggered by a row here.  */

static void mark(int *seen, const mtasts_record *r) {
  for (size_t i = 0; i < mtasts_record_diag_count(r); i++)
    seen[mtasts_record_diag(r, i)->code] = 1;
}

static void mark_row(int *seen, const row *rw) {
  mtasts_txt t = {rw->text, strlen(rw->text), rw->form};
  mtasts_record *r = NULL;
  ck_assert_int_eq(mtasts_record_parse(rw->kind, &t, 1, NULL, &r), MTASTS_OK);
  mark(seen, r);
  mtasts_record_free(r);
}

START_TEST(test_coverage) {
  int seen[MTASTS_DIAG_COUNT_ + 1];
  memset(seen, 0, sizeof seen);
  for (size_t i = 0; i < sizeof sts_rows / sizeof sts_rows[0]; i++)
    mark_row(seen, &sts_rows[i]);
  for (size_t i = 0; i < sizeof tls_rows / sizeof tls_rows[0]; i++)
    mark_row(seen, &tls_rows[i]);
  for (size_t i = 0; i < sizeof zone_rows / sizeof zone_rows[0]; i++)
    mark_row(seen, &zone_rows[i]);
  for (size_t i = 0; i < sizeof set_rows / sizeof set_rows[0]; i++) {
    const set_row *s = &set_rows[i];
    mtasts_txt t[8];
    for (size_t j = 0; j < s->count; j++) {
      t[j].ptr = s->recs[j];
      t[j].len = strlen(s->recs[j]);
      t[j].form = s->form;
    }
    mtasts_record *r = NULL;
    ck_assert_int_eq(mtasts_record_parse(s->kind, t, s->count, NULL, &r),
                     MTASTS_OK);
    mark(seen, r);
    mtasts_record_free(r);
  }
  /* txt-string-too-long is covered by test_long_strings. */
  seen[MTASTS_DIAG_TXT_STRING_TOO_LONG] = 1;
  for (size_t c = 0; c < mtasts_diag_code_count(); c++) {
    const char *id = mtasts_diag_code_id((mtasts_diag_code)c);
    if (strncmp(id, "txt-", 4) == 0 || strncmp(id, "sts-", 4) == 0 ||
        strncmp(id, "tlsrpt-", 7) == 0)
      ck_assert_msg(seen[c], "no row triggers %s", id);
  }
}
END_TEST

static Suite *record_suite(void) {
  Suite *s = suite_create("record");
  TCase *tc = tcase_create("rows");
  tcase_add_loop_test(tc, test_sts_rows, 0,
                      (int)(sizeof sts_rows / sizeof sts_rows[0]));
  tcase_add_loop_test(tc, test_tls_rows, 0,
                      (int)(sizeof tls_rows / sizeof tls_rows[0]));
  tcase_add_loop_test(tc, test_zone_rows, 0,
                      (int)(sizeof zone_rows / sizeof zone_rows[0]));
  tcase_add_test(tc, test_long_strings);
  tcase_add_loop_test(tc, test_set_rows, 0,
                      (int)(sizeof set_rows / sizeof set_rows[0]));
  tcase_add_test(tc, test_coverage);
  suite_add_tcase(s, tc);

  tcase_add_loop_test(tc, test_apply_sts, 0,
                      (int)(sizeof sts_rows / sizeof sts_rows[0]));
  tcase_add_loop_test(tc, test_apply_tls, 0,
                      (int)(sizeof tls_rows / sizeof tls_rows[0]));
  tcase_add_loop_test(tc, test_apply_zone, 0,
                      (int)(sizeof zone_rows / sizeof zone_rows[0]));
  tc = tcase_create("api");
  tcase_add_test(tc, test_near_miss_extensions);
  tcase_add_test(tc, test_values_sts);
  tcase_add_test(tc, test_values_tlsrpt);
  tcase_add_test(tc, test_details);
  tcase_add_test(tc, test_long_uri_hints);
  tcase_add_test(tc, test_zone_hint_limit);
  tcase_add_test(tc, test_strict);
  tcase_add_test(tc, test_cap);
  tcase_add_test(tc, test_args);
  tcase_add_test(tc, test_nomem);
  tcase_add_test(tc, test_one_allocation);
  tcase_add_test(tc, test_past_scratch);
  suite_add_tcase(s, tc);

  tc = tcase_create("pathological");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_pathological);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return tu_run(record_suite());
}
