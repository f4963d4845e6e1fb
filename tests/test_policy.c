/* SPDX-License-Identifier: MIT */
/*
 * Policy file parser (RFC 8461 §3.2): table-driven tests of diagnostics
 * (id, line, column) and validity, the spec's test vectors, parsed values,
 * MX coverage and options.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EXPECT 8

typedef struct row {
  const char *name;
  const char *input; /* NUL-terminated unless len is set */
  size_t len;        /* 0: strlen(input) */
  int valid;
  tu_diag expect[MAX_EXPECT];
} row;

#define END                                                                    \
  { NULL, 0, 0 }

/* The RFC 8461 §3.2 example, and lines to build variants from. */
#define V "version: STSv1\n"
#define ME "mode: enforce\n"
#define MT "mode: testing\n"
#define MX "mx: mail.example.com\n"
#define MA "max_age: 604800\n"
#define GOOD V ME MX MA

static const row rows[] = {
    /* Valid policies (spec §5). */
    {"rfc example",
     V ME "mx: mail.example.com\nmx: *.example.net\n"
          "mx: backupmx.example.com\n" MA,
     0,
     1,
     {END}},
    {"crlf",
     "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
     "max_age: 604800\r\n",
     0,
     1,
     {END}},
    {"no final newline", V ME MX "max_age: 604800", 0, 1, {END}},
    {"crlf no final newline",
     "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: "
     "604800",
     0,
     1,
     {END}},
    {"no space after colon",
     "version:STSv1\nmode:enforce\nmx:a.example.com\n"
     "max_age:604800\n",
     0,
     1,
     {END}},
    {"tab after colon", "version:\tSTSv1\n" ME MX MA, 0, 1, {END}},
    {"wildcard", V ME "mx: *.example.com\n" MA, 0, 1, {END}},
    {"mode none without mx",
     V "mode: none\nmax_age: 86400\n",
     0,
     1,
     {{"policy-mode-none-without-mx", 2, 7}, END}},
    {"mode testing", V MT MX MA, 0, 1, {END}},
    {"fields in any order",
     MA MX ME V,
     0,
     1,
     {{"policy-version-not-first", 4, 1}, END}},

    /* Bytes and lines. */
    {"empty", "", 0, 0, {{"policy-empty", 1, 1}, END}},
    {"only blank lines",
     "\n\n",
     0,
     0,
     {{"policy-blank-line", 1, 1},
      {"policy-empty", 1, 1},
      {"policy-blank-line", 2, 1},
      END}},
    {"bom", "\xEF\xBB\xBF" GOOD, 0, 0, {{"policy-bom", 1, 1}, END}},
    {"bom only",
     "\xEF\xBB\xBF",
     0,
     0,
     {{"policy-bom", 1, 1}, {"policy-empty", 1, 1}, END}},
    {"blank line inside",
     V ME "\n" MX MA,
     0,
     0,
     {{"policy-blank-line", 3, 1}, END}},
    {"blank line at end", GOOD "\n", 0, 0, {{"policy-blank-line", 5, 1}, END}},
    {"whitespace-only line",
     V ME "  \t\n" MX MA,
     0,
     0,
     {{"policy-blank-line", 3, 1}, END}},
    {"bare cr",
     "version: STSv1\rmode: enforce\r" MX MA,
     0,
     0,
     {{"policy-bare-cr", 1, 15}, {"policy-bare-cr", 2, 14}, END}},
    {"mixed line ends",
     "version: STSv1\r\n" ME MX MA,
     0,
     1,
     {{"policy-mixed-line-endings", 2, 14}, END}},
    {"leading space",
     " mode: enforce\n" V MX MA,
     0,
     0,
     {{"policy-leading-whitespace", 1, 1},
      {"policy-version-not-first", 2, 1},
      END}},
    {"leading tab",
     V "\tmode: enforce\n" MX MA,
     0,
     0,
     {{"policy-leading-whitespace", 2, 1}, END}},
    {"space before colon",
     V "mode : enforce\n" MX MA,
     0,
     0,
     {{"policy-space-before-colon", 2, 5}, END}},
    {"trailing whitespace",
     V ME MX "max_age: 604800   \n",
     0,
     1,
     {{"policy-trailing-whitespace", 4, 16}, END}},
    {"nul byte",
     V ME MX MA "foo: a\0b\n",
     sizeof(V ME MX MA "foo: a\0b\n") - 1,
     0,
     {{"policy-unknown-field", 5, 1}, {"policy-control-char", 5, 7}, END}},
    {"invalid utf-8",
     V ME MX MA "foo: caf\xE9\n",
     0,
     0,
     {{"policy-unknown-field", 5, 1}, {"policy-invalid-utf8", 5, 9}, END}},
    {"overlong utf-8",
     V ME MX MA "foo: \xC0\xAF\n",
     0,
     0,
     {{"policy-unknown-field", 5, 1}, {"policy-invalid-utf8", 5, 6}, END}},
    {"surrogate",
     V ME MX MA "foo: \xED\xA0\x80\n",
     0,
     0,
     {{"policy-unknown-field", 5, 1}, {"policy-invalid-utf8", 5, 6}, END}},
    {"utf-8 in extension value",
     GOOD "comment: caf\xC3\xA9 ok\n",
     0,
     1,
     {{"policy-unknown-field", 5, 1}, END}},
    {"missing colon",
     GOOD "comment\n",
     0,
     0,
     {{"policy-missing-colon", 5, 1}, END}},
    {"comment line at the end",
     GOOD "#comment\n",
     0,
     0,
     {{"policy-hash-comment", 5, 1}, END}},
    {"missing colon on known field",
     V "mode enforce\n" MX MA,
     0,
     0,
     {{"policy-missing-colon", 2, 1}, END}},
    {"too large", NULL, 0, 0, {END}}, /* built in test_too_large */

    /* Field names. */
    {"name starts with underscore",
     GOOD "_x: 1\n",
     0,
     0,
     {{"policy-field-name-invalid", 5, 1}, END}},
    {"name too long",
     GOOD "a234567890123456789012345678901234: 1\n",
     0,
     0,
     {{"policy-field-name-invalid", 5, 33}, END}},
    {"name with slash",
     GOOD "a/b: 1\n",
     0,
     0,
     {{"policy-field-name-invalid", 5, 2}, END}},
    {"empty name",
     GOOD ": 1\n",
     0,
     0,
     {{"policy-field-name-invalid", 5, 1}, END}},
    {"unknown field",
     GOOD "foo_bar: some value with spaces\n",
     0,
     1,
     {{"policy-unknown-field", 5, 1}, END}},
    {"tab inside extension value",
     GOOD "foo: a\tb\n",
     0,
     0,
     {{"policy-extension-value-invalid", 5, 7}, END}},
    {"empty extension value",
     GOOD "foo:\n",
     0,
     0,
     {{"policy-value-empty", 5, 1}, END}},
    {"empty known value",
     V ME MX "max_age:\n",
     0,
     0,
     {{"policy-value-empty", 4, 1}, END}},
    {"extension value with colon",
     GOOD "note: a:b=c;d\n",
     0,
     1,
     {{"policy-unknown-field", 5, 1}, END}},

    /* Case and misspellings. */
    {"Mode",
     V "Mode: enforce\n" MX MA,
     0,
     0,
     {{"policy-mode-missing", 2, 1}, END}},
    {"mode Enforce",
     V "mode: Enforce\n" MX MA,
     0,
     0,
     {{"policy-mode-invalid", 2, 7}, END}},
    {"mode report",
     V "mode: report\n" MX MA,
     0,
     0,
     {{"policy-mode-invalid", 2, 7}, END}},
    {"max-age",
     V ME MX "max-age: 604800\n",
     0,
     0,
     {{"policy-max-age-missing", 4, 1}, END}},
    {"maxage",
     V ME MX "maxage: 604800\n",
     0,
     0,
     {{"policy-max-age-missing", 4, 1}, END}},
    {"max",
     V ME MX "max: 604800\n",
     0,
     0,
     {{"policy-max-age-missing", 4, 1}, END}},
    {"verison",
     "verison: STSv1\n" ME MX MA,
     0,
     0,
     {{"policy-version-missing", 1, 1}, END}},
    {"MX with real mx",
     GOOD "MX: backup.example.com\n",
     0,
     1,
     {{"policy-field-misspelt", 5, 1}, END}},
    {"nmx only",
     V ME "nmx: mail.example.com\n" MA,
     0,
     0,
     {{"policy-mx-missing", 3, 1}, END}},
    {"Mode next to mode",
     GOOD "Mode: testing\n",
     0,
     1,
     {{"policy-field-misspelt", 5, 1}, END}},
    {"two MX lines",
     V ME "MX: a.example.com\nMX: b.example.com\n" MA,
     0,
     0,
     {{"policy-mx-missing", 3, 1},
      {"policy-duplicate-field-conflict", 4, 1},
      {"policy-field-misspelt", 4, 1},
      END}},
    {"MX with mode none",
     V "mode: none\nMX: a.example.com\nmax_age: 86400\n",
     0,
     1,
     {{"policy-field-misspelt", 3, 1}, END}},

    /* Near misses: an error only for a missing or invalid real field. */
    {"Mode beside an invalid mode",
     V "mode: enforced\nMode: enforce\n" MX MA,
     0,
     0,
     {{"policy-mode-invalid", 2, 7}, {"policy-field-misspelt", 3, 1}, END}},
    {"max near a missing max_age, invalid value",
     V ME MX "max-age: 1w\n",
     0,
     0,
     {{"policy-max-age-missing", 4, 1}, END}},
    {"more: beside mode",
     "version:STSv1\r\nmode:\tenforce\r\nmx:  \t\t *.example.com\r\n"
     "max_age: 604800\r\nmore:ext e  ns ion",
     0,
     1,
     {{"policy-field-misspelt", 5, 1}, END}},

    /* A near miss is an extension first (RFC 8461 §3.2): a line that breaks
     * the extension grammar is an error whatever field it looks like. */
    {"near misses that break the grammar (issue example)",
     V ME MX "m#: *.example.net\nmax_a!e: 86400\nmx\\: backup.example.com\n"
             "max-age: a\tb\nMX: a\tb\n" MA,
     0,
     0,
     {{"policy-field-name-invalid", 4, 2},
      {"policy-field-name-invalid", 5, 6},
      {"policy-field-name-invalid", 6, 3},
      {"policy-extension-value-invalid", 7, 11},
      {"policy-extension-value-invalid", 8, 6},
      END}},
    {"near miss with a space in its name",
     GOOD "max age: 86400\n",
     0,
     0,
     {{"policy-field-name-invalid", 5, 4}, END}},
    {"near miss of a name too long",
     GOOD "m------------------------------------x: a\n",
     0,
     0,
     {{"policy-field-name-invalid", 5, 33}, END}},
    {"near miss with no value",
     GOOD "Mode:\n",
     0,
     0,
     {{"policy-value-empty", 5, 1}, END}},
    {"broken near miss standing for a missing field",
     V "mo!de: enforce\n" MX MA,
     0,
     0,
     {{"policy-mode-missing", 2, 1}, {"policy-field-name-invalid", 2, 3}, END}},
    {"broken near miss of an invalid field",
     V "mode: enforced\nMode: a\tb\n" MX MA,
     0,
     0,
     {{"policy-mode-invalid", 2, 7},
      {"policy-extension-value-invalid", 3, 8},
      END}},
    {"near miss with a control character",
     GOOD "MX: a\x01"
          "b\n",
     0,
     0,
     {{"policy-field-misspelt", 5, 1}, {"policy-control-char", 5, 6}, END}},
    {"near misses repeated with differing values",
     GOOD "max-age: a\nmax-age: b\nmax-age: a\n",
     0,
     0,
     {{"policy-field-misspelt", 5, 1},
      {"policy-duplicate-field-conflict", 6, 1},
      {"policy-field-misspelt", 6, 1},
      {"policy-duplicate-field", 7, 1},
      {"policy-field-misspelt", 7, 1},
      END}},

    /* Template debris: a value valid once the punctuation around it goes. */
    {"mx in brackets",
     V ME "mx: [mail.example.com]\n" MA,
     0,
     0,
     {{"policy-value-template-debris", 3, 5}, END}},
    {"mode in brackets",
     V "mode: [testing]\n" MX MA,
     0,
     0,
     {{"policy-value-template-debris", 2, 7}, END}},
    {"mode in quotes",
     V "mode: \"enforce\"\n" MX MA,
     0,
     0,
     {{"policy-value-template-debris", 2, 7}, END}},
    {"max_age in angle brackets",
     V ME MX "max_age: <604800>\n",
     0,
     0,
     {{"policy-value-template-debris", 4, 10}, END}},
    {"version in quotes",
     "version: \"STSv1\"\n" ME MX MA,
     0,
     0,
     {{"policy-value-template-debris", 1, 10}, END}},
    {"version in single quotes",
     "version: 'STSv1'\n" ME MX MA,
     0,
     0,
     {{"policy-value-template-debris", 1, 10}, END}},
    {"wildcard in angle brackets",
     V ME MX "mx: <*.example.net>\n" MA,
     0,
     0,
     {{"policy-value-template-debris", 4, 5}, END}},
    {"mx in brackets already listed",
     V ME MX "mx: [mail.example.com]\n" MA,
     0,
     0,
     {{"policy-value-template-debris", 4, 5}, END}},
    {"repeated mode in quotes",
     V ME "mode: \"enforce\"\n" MX MA,
     0,
     0,
     {{"policy-duplicate-field-conflict", 3, 1},
      {"policy-value-template-debris", 3, 7},
      END}},
    {"brackets around an invalid value",
     V ME MX "max_age: <1 week>\n",
     0,
     0,
     {{"policy-max-age-invalid", 4, 10}, END}},
    {"address literal",
     V ME "mx: [192.0.2.1]\n" MA,
     0,
     0,
     {{"policy-mx-ip-address", 3, 5}, END}},
    {"IPv6 address literal",
     V ME "mx: [IPv6:2001:db8::1]\n" MA,
     0,
     0,
     {{"policy-mx-ip-address", 3, 5}, END}},
    {"host in brackets with a port",
     V ME "mx: [mail.example.com]:25\n" MA,
     0,
     0,
     {{"policy-mx-port", 3, 23}, END}},
    {"address literal with a port",
     V ME "mx: [192.0.2.1]:25\n" MA,
     0,
     0,
     {{"policy-mx-ip-address", 3, 5}, END}},
    {"IPv6 in URI brackets",
     V ME "mx: [2001:db8::1]\n" MA,
     0,
     0,
     {{"policy-mx-ip-address", 3, 5}, END}},
    {"unclosed bracket",
     V ME "mx: [mail.example.com\n" MA,
     0,
     0,
     {{"policy-mx-invalid-char", 3, 5}, END}},
    {"brackets around three numbers",
     V ME "mx: [1.2.3]\n" MA,
     0,
     0,
     {{"policy-mx-invalid-char", 3, 5}, END}},
    {"near miss in quotes for a missing mode",
     V "Mode: \"enforce\"\n" MX MA,
     0,
     0,
     {{"policy-mode-missing", 2, 1}, END}},

    /* A wildcard over a public suffix. */
    {"wildcard over a single label",
     V ME "mx: *.com\n" MA,
     0,
     1,
     {{"policy-mx-wildcard-public-suffix", 3, 5}, END}},
    {"wildcard over a domain", V ME "mx: *.example.com\n" MA, 0, 1, {END}},

    /* '#' starts no comment. */
    {"commented mx",
     V ME "mx: mail.example.com # 2. Add your backup MX\n" MA,
     0,
     0,
     {{"policy-hash-comment", 3, 22}, END}},
    {"comment line",
     "# MTA-STS policy\n" GOOD,
     0,
     0,
     {{"policy-hash-comment", 1, 1}, {"policy-version-not-first", 2, 1}, END}},
    {"hash inside an extension value",
     GOOD "note: issue #12\n",
     0,
     1,
     {{"policy-unknown-field", 5, 1}, END}},
    /* A TXT record given as a policy. */
    {"sts record as policy",
     "v=STSv1; id=1\n",
     0,
     0,
     {{"policy-is-txt-record", 1, 1}, END}},
    {"tlsrpt record as policy",
     "v=TLSRPTv1; rua=mailto:a@example.com",
     0,
     0,
     {{"policy-is-txt-record", 1, 1}, END}},

    /* version */
    {"version missing",
     ME MX MA,
     0,
     0,
     {{"policy-version-missing", 1, 1}, END}},
    {"version lower case",
     "version: stsv1\n" ME MX MA,
     0,
     0,
     {{"policy-version-invalid", 1, 10}, END}},
    {"version STSv2",
     "version: STSv2\n" ME MX MA,
     0,
     0,
     {{"policy-version-invalid", 1, 10}, END}},

    /* mode */
    {"mode missing", V MX MA, 0, 0, {{"policy-mode-missing", 1, 1}, END}},
    {"mode testing then mode enforced",
     V MT "mode: enforced\n" MX MA,
     0,
     0,
     {{"policy-duplicate-field-conflict", 3, 1},
      {"policy-mode-invalid", 3, 7},
      END}},
    {"max_age repeated as 1w",
     V ME MX MA "max_age: 1w\n",
     0,
     0,
     {{"policy-duplicate-field-conflict", 5, 1},
      {"policy-max-age-invalid", 5, 10},
      END}},
    {"mode none long max_age",
     V "mode: none\n" MX "max_age: 604800\n",
     0,
     1,
     {{"policy-mode-none-long-max-age", 4, 10}, END}},

    /* max_age */
    {"max_age missing", V ME MX, 0, 0, {{"policy-max-age-missing", 1, 1}, END}},
    {"max_age leading zero",
     V ME MX "max_age: 0604800\n",
     0,
     1,
     {{"policy-max-age-leading-zero", 4, 10}, END}},
    {"max_age maximum", V ME MX "max_age: 31557600\n", 0, 1, {END}},
    {"max_age over maximum",
     V ME MX "max_age: 31557601\n",
     0,
     0,
     {{"policy-max-age-too-large", 4, 10}, END}},
    {"max_age 11 digits",
     V ME MX "max_age: 12345678901\n",
     0,
     0,
     {{"policy-max-age-invalid", 4, 10}, END}},
    {"max_age negative",
     V ME MX "max_age: -1\n",
     0,
     0,
     {{"policy-max-age-invalid", 4, 10}, END}},
    {"max_age exponent",
     V ME MX "max_age: 1e6\n",
     0,
     0,
     {{"policy-max-age-invalid", 4, 10}, END}},
    {"max_age unit",
     V ME MX "max_age: 86400s\n",
     0,
     0,
     {{"policy-max-age-invalid", 4, 10}, END}},
    {"max_age zero",
     V MT MX "max_age: 0\n",
     0,
     1,
     {{"policy-max-age-zero", 4, 10}, END}},
    {"max_age short",
     V MT MX "max_age: 3600\n",
     0,
     1,
     {{"policy-max-age-short", 4, 10}, END}},
    {"max_age short in enforce",
     V ME MX "max_age: 86400\n",
     0,
     1,
     {{"policy-max-age-enforce-short", 4, 10}, END}},
    {"max_age trailing spaces",
     V ME MX "max_age: 604800   ",
     0,
     1,
     {{"policy-trailing-whitespace", 4, 16}, END}},

    /* mx */
    {"mx missing in enforce",
     V ME MA,
     0,
     0,
     {{"policy-mx-missing", 2, 7}, END}},
    {"mx missing in testing",
     V MT MA,
     0,
     0,
     {{"policy-mx-missing", 2, 7}, END}},
    {"mx trailing dot",
     V ME "mx: mail.example.com.\n" MA,
     0,
     0,
     {{"policy-mx-trailing-dot", 3, 21}, END}},
    {"mx leading dot",
     V ME "mx: .example.com\n" MA,
     0,
     0,
     {{"policy-mx-leading-dot", 3, 5}, END}},
    {"mx star alone",
     V ME "mx: *\n" MA,
     0,
     0,
     {{"policy-mx-wildcard-invalid", 3, 5}, END}},
    {"mx partial wildcard",
     V ME "mx: mx*.example.com\n" MA,
     0,
     0,
     {{"policy-mx-wildcard-invalid", 3, 5}, END}},
    {"mx double wildcard",
     V ME "mx: *.*.example.com\n" MA,
     0,
     0,
     {{"policy-mx-wildcard-invalid", 3, 7}, END}},
    {"mx port",
     V ME "mx: mail.example.com:25\n" MA,
     0,
     0,
     {{"policy-mx-port", 3, 21}, END}},
    {"mx underscore",
     V ME "mx: mail_1.example.com\n" MA,
     0,
     0,
     {{"policy-mx-invalid-char", 3, 9}, END}},
    {"mx leading hyphen",
     V ME "mx: -mx.example.com\n" MA,
     0,
     0,
     {{"policy-mx-label-hyphen", 3, 5}, END}},
    {"mx comma list",
     V ME "mx: a.example.com, b.example.com\n" MA,
     0,
     0,
     {{"policy-mx-multiple", 3, 18}, END}},
    {"mx space list",
     V ME "mx: a.example.com b.example.com\n" MA,
     0,
     0,
     {{"policy-mx-multiple", 3, 18}, END}},
    {"mx ip",
     V ME "mx: 192.0.2.1\n" MA,
     0,
     0,
     {{"policy-mx-ip-address", 3, 5}, END}},
    {"mx u-label",
     V ME "mx: m\xC3\xA4il.example\n" MA,
     0,
     0,
     {{"policy-mx-u-label", 3, 5}, END}},
    {"mx empty label",
     V ME "mx: mail..example.com\n" MA,
     0,
     0,
     {{"policy-mx-empty-label", 3, 10}, END}},
    {"mx label too long",
     V ME "mx: a234567890123456789012345678901234567890123456789012345678901234"
          ".example.com\n" MA,
     0,
     0,
     {{"policy-mx-label-too-long", 3, 5}, END}},
    {"mx single label",
     V ME "mx: localhost\n" MA,
     0,
     1,
     {{"policy-mx-single-label", 3, 5}, END}},
    {"mx upper case",
     V ME "mx: MAIL.Example.COM\n" MA,
     0,
     1,
     {{"policy-mx-uppercase", 3, 5}, END}},
    {"mx duplicate",
     GOOD "mx: MAIL.example.com\n",
     0,
     1,
     {{"policy-mx-uppercase", 5, 5}, {"policy-mx-duplicate", 5, 5}, END}},
    {"mx reserved label",
     V ME "mx: ab--cd.example.com\n" MA,
     0,
     1,
     {{"policy-mx-reserved-label", 3, 5}, END}},
    {"mx a-label", V ME "mx: xn--mil-qla.example\n" MA, 0, 1, {END}},

    /* Duplicates. */
    {"duplicate equal",
     GOOD "mode: enforce\n",
     0,
     1,
     {{"policy-duplicate-field", 5, 1}, END}},
    {"duplicate conflict",
     GOOD "mode: testing\n",
     0,
     0,
     {{"policy-duplicate-field-conflict", 5, 1}, END}},
    {"duplicate extension",
     GOOD "foo: 1\nfoo: 1\n",
     0,
     1,
     {{"policy-unknown-field", 5, 1},
      {"policy-unknown-field", 6, 1},
      {"policy-duplicate-field", 6, 1},
      END}},
};

START_TEST(test_rows) {
  const row *r = &rows[_i];
  if (!r->input)
    return;
  size_t len = r->len ? r->len : strlen(r->input);
  tu_policy(r->name, r->input, len, NULL, r->valid, r->expect);
}
END_TEST

START_TEST(test_too_large) {
  /* 64001 bytes: the example, then an extension padded out. */
  size_t len = 64001;
  char *buf = malloc(len);
  ck_assert_ptr_nonnull(buf);
  size_t head = strlen(GOOD "pad: ");
  memcpy(buf, GOOD "pad: ", head);
  memset(buf + head, 'x', len - head);
  static const tu_diag expect[] = {
      {"policy-too-large", 1, 1}, {"policy-unknown-field", 5, 1}, END};
  tu_policy("too large", buf, len, NULL, 1, expect);
  tu_policy("just small enough", buf, 64000, NULL, 1, expect + 1);
  free(buf);
}
END_TEST

START_TEST(test_values) {
  const char *in = V ME "mx: mail.example.com\nmx: *.example.net\n" MA
                        "foo: bar baz\nmx: mail.example.com.\n";
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), NULL, &p), MTASTS_OK);
  ck_assert_str_eq(mtasts_policy_version(p), "STSv1");
  ck_assert_int_eq(mtasts_policy_mode(p), MTASTS_MODE_ENFORCE);
  uint64_t age = 0;
  ck_assert_int_eq(mtasts_policy_max_age(p, &age), 1);
  ck_assert_uint_eq(age, 604800);
  /* The pattern with a trailing dot is not taken. */
  ck_assert_uint_eq(mtasts_policy_mx_count(p), 2);
  ck_assert_str_eq(mtasts_policy_mx(p, 0), "mail.example.com");
  ck_assert_str_eq(mtasts_policy_mx(p, 1), "*.example.net");
  ck_assert_ptr_null(mtasts_policy_mx(p, 2));
  ck_assert_uint_eq(mtasts_policy_extension_count(p), 1);
  ck_assert_str_eq(mtasts_policy_extension_name(p, 0), "foo");
  ck_assert_str_eq(mtasts_policy_extension_value(p, 0), "bar baz");
  ck_assert_ptr_null(mtasts_policy_extension_name(p, 1));
  ck_assert_int_eq(mtasts_policy_valid(p), 0);
  mtasts_policy_free(p);

  /* First of a duplicated field wins (RFC 8461 §3.2). */
  in = V "mode: testing\nmode: enforce\n" MX MA;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), NULL, &p), MTASTS_OK);
  ck_assert_int_eq(mtasts_policy_mode(p), MTASTS_MODE_TESTING);
  mtasts_policy_free(p);

  /* Nothing valid: nothing taken. */
  in = "version: STSv2\nmode: Enforce\nmax_age: x\n";
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), NULL, &p), MTASTS_OK);
  ck_assert_ptr_null(mtasts_policy_version(p));
  ck_assert_int_eq(mtasts_policy_mode(p), MTASTS_MODE_UNSET);
  ck_assert_int_eq(mtasts_policy_max_age(p, &age), 0);
  mtasts_policy_free(p);
}
END_TEST

START_TEST(test_mx_hosts) {
  const char *in = V ME "mx: *.example.com\nmx: mail.example.net\n" MA;
  const char *hosts[] = {"a.example.com",     "MAIL.EXAMPLE.NET.",
                         "a.b.example.com",   "example.com",
                         "other.example.org", "bad_host"};
  mtasts_str h[6];
  for (size_t i = 0; i < 6; i++) {
    h[i].ptr = hosts[i];
    h[i].len = strlen(hosts[i]);
  }
  mtasts_options o;
  mtasts_options_init(&o);
  o.mx_hosts = h;
  o.mx_host_count = 6;
  static const tu_diag expect[] = {{"mx-host-invalid", 1, 1},
                                   {"mx-host-not-covered", 2, 7},
                                   {"mx-host-not-covered", 2, 7},
                                   {"mx-host-not-covered", 2, 7},
                                   END};
  tu_policy("hosts in enforce", in, strlen(in), &o, 0, expect);

  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), &o, &p), MTASTS_OK);
  ck_assert_int_eq(mtasts_policy_mx_host_match(p, 0), 0);
  ck_assert_int_eq(mtasts_policy_mx_host_match(p, 1), 1);
  for (size_t i = 2; i < 6; i++)
    ck_assert_int_eq(mtasts_policy_mx_host_match(p, i), -1);
  ck_assert_int_eq(mtasts_policy_mx_host_match(p, 6), -1);
  /* The miss under a wildcard says the wildcard covers one label. */
  int saw_depth = 0;
  for (size_t i = 0; i < mtasts_policy_diag_count(p); i++) {
    const mtasts_diag *d = mtasts_policy_diag(p, i);
    if (d->code == MTASTS_DIAG_MX_HOST_NOT_COVERED) {
      ck_assert_int_eq(d->severity, MTASTS_SEVERITY_ERROR);
      ck_assert_ptr_nonnull(d->hint);
      if (strstr(d->message, "a.b.example.com") &&
          strstr(d->message, "exactly one label"))
        saw_depth = 1;
    }
  }
  ck_assert(saw_depth);
  mtasts_policy_free(p);

  /* Outside enforce mode an uncovered host is a warning. */
  in = V MT "mx: mail.example.net\n" MA;
  o.mx_host_count = 5;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), &o, &p), MTASTS_OK);
  ck_assert_int_eq(mtasts_policy_valid(p), 1);
  size_t warnings = 0;
  for (size_t i = 0; i < mtasts_policy_diag_count(p); i++)
    if (mtasts_policy_diag(p, i)->code == MTASTS_DIAG_MX_HOST_NOT_COVERED) {
      ck_assert_int_eq(mtasts_policy_diag(p, i)->severity,
                       MTASTS_SEVERITY_WARNING);
      warnings++;
    }
  ck_assert_uint_eq(warnings, 4);
  mtasts_policy_free(p);
}
END_TEST

START_TEST(test_strict) {
  mtasts_options o;
  mtasts_options_init(&o);
  o.flags = MTASTS_OPT_STRICT;
  const char *in = GOOD "foo: bar\n";
  static const tu_diag expect[] = {{"policy-unknown-field", 5, 1}, END};
  tu_policy("lenient", in, strlen(in), NULL, 1, expect);
  tu_policy("strict", in, strlen(in), &o, 0, expect);
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), &o, &p), MTASTS_OK);
  ck_assert_int_eq(mtasts_policy_diag(p, 0)->severity, MTASTS_SEVERITY_ERROR);
  mtasts_policy_free(p);
  /* Notes stay notes. */
  in = V ME "mx: MAIL.example.com\n" MA;
  static const tu_diag note[] = {{"policy-mx-uppercase", 3, 5}, END};
  tu_policy("strict note", in, strlen(in), &o, 1, note);
}
END_TEST

START_TEST(test_cap) {
  mtasts_options o;
  mtasts_options_init(&o);
  o.max_diagnostics = 2;
  const char *in = GOOD "a: 1\nb: 2\nc: 3\n";
  static const tu_diag expect[] = {{"policy-unknown-field", 5, 1},
                                   {"policy-unknown-field", 6, 1},
                                   {"too-many-diagnostics", 6, 1},
                                   END};
  tu_policy("cap of warnings", in, strlen(in), &o, 1, expect);
  /* A dropped error keeps the result invalid, and the note says so. */
  in = GOOD "a: 1\nb: 2\n_c: 3\n";
  static const tu_diag expect2[] = {{"policy-unknown-field", 5, 1},
                                    {"policy-unknown-field", 6, 1},
                                    {"too-many-diagnostics", 6, 1},
                                    END};
  tu_policy("cap with a dropped error", in, strlen(in), &o, 0, expect2);
}
END_TEST

/* A wildcard over a public suffix of more than one label needs libpsl's
 * list; without it only a single-label base is reported. */
START_TEST(test_wildcard_public_suffix) {
  static const tu_diag one[] = {{"policy-mx-wildcard-public-suffix", 3, 5},
                                END};
  static const tu_diag none[] = {END};
  const char *in = V ME "mx: *.com\n" MA;
  tu_policy("*.com", in, strlen(in), NULL, 1, one);
  in = V ME "mx: *.mail.example.co.uk\n" MA;
  tu_policy("under co.uk", in, strlen(in), NULL, 1, none);
#ifdef MTASTS_HAVE_PSL
  in = V ME "mx: *.co.uk\n" MA;
  tu_policy("*.co.uk", in, strlen(in), NULL, 1, one);
  in = V ME "mx: *.CO.UK\n" MA;
  static const tu_diag upper[] = {{"policy-mx-uppercase", 3, 5},
                                  {"policy-mx-wildcard-public-suffix", 3, 5},
                                  END};
  tu_policy("*.CO.UK", in, strlen(in), NULL, 1, upper);
  /* A private suffix: hosts under it belong to many owners too. */
  in = V ME "mx: *.github.io\n" MA;
  tu_policy("*.github.io", in, strlen(in), NULL, 1, one);
  in = V ME "mx: *.mail.protection.outlook.com\n" MA;
  tu_policy("a provider's wildcard", in, strlen(in), NULL, 1, none);
#else
  in = V ME "mx: *.co.uk\n" MA;
  tu_policy("*.co.uk without libpsl", in, strlen(in), NULL, 1, none);
  fprintf(stderr, "policy: built without libpsl: only single-label public "
                  "suffixes are tested\n");
#endif
}
END_TEST

/* Finds the first diagnostic with id in p, or NULL. */
static const mtasts_diag *find_diag(const mtasts_policy *p, const char *id) {
  for (size_t k = 0; k < mtasts_policy_diag_count(p); k++)
    if (strcmp(mtasts_policy_diag(p, k)->id, id) == 0)
      return mtasts_policy_diag(p, k);
  return NULL;
}

/* IDNA with libidn2: the A-label hint of a U-label (with UTS #46 case
 * folding), fake A-labels in patterns and in --mx hosts. */
START_TEST(test_idn) {
#ifdef MTASTS_HAVE_IDN2
  static const struct {
    const char *in, *hint;
  } hints[] = {
      {V ME "mx: m\xC3\xA4il.example\n" MA, "mx: xn--mil-qla.example"},
      /* "Ñ" is folded to "ñ": xn--aca-jja would be the fake "Ñaca". */
      {V ME "mx: \xC3\x91"
            "aca.com\n" MA,
       "mx: xn--aca-6ma.com"},
      {V ME "mx: *.B\xC3\xBC"
            "cher.example\n" MA,
       "mx: *.xn--bcher-kva.example"},
  };
  for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
    static const tu_diag expect[] = {{"policy-mx-u-label", 3, 5}, END};
    tu_policy("u-label", hints[i].in, strlen(hints[i].in), NULL, 0, expect);
    mtasts_policy *p = NULL;
    ck_assert_int_eq(
        mtasts_policy_parse(hints[i].in, strlen(hints[i].in), NULL, &p),
        MTASTS_OK);
    const mtasts_diag *d = find_diag(p, "policy-mx-u-label");
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(d->hint);
    ck_assert_str_eq(d->hint, hints[i].hint);
    mtasts_policy_free(p);
  }

  /* Fake A-labels, located at the label; real ones pass. */
  const char *in = V ME "mx: mx.xn--aca-jja.com\n" MA;
  static const tu_diag fake[] = {{"policy-mx-fake-a-label", 3, 8}, END};
  tu_policy("fake a-label", in, strlen(in), NULL, 0, fake);
  in = V ME "mx: *.XN--abc.example\nmx: xn--mil-qla.example\n" MA;
  static const tu_diag fake2[] = {
      {"policy-mx-uppercase", 3, 5}, {"policy-mx-fake-a-label", 3, 7}, END};
  tu_policy("fake a-label, upper case", in, strlen(in), NULL, 0, fake2);
  in = V ME "mx: xn--aca-6ma.com\nmx: *.xn--bcher-kva.example\n" MA;
  static const tu_diag none[] = {END};
  tu_policy("real a-labels", in, strlen(in), NULL, 1, none);
  mtasts_policy *p = NULL;
  in = V ME "mx: mx.xn--aca-jja.com\n" MA;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), NULL, &p), MTASTS_OK);
  const mtasts_diag *d = find_diag(p, "policy-mx-fake-a-label");
  ck_assert_ptr_nonnull(d);
  ck_assert_ptr_null(d->hint);
  ck_assert_ptr_nonnull(strstr(d->message, "'xn--aca-jja'"));
  mtasts_policy_free(p);

  /* --mx hosts: a U-label gets its A-label, a fake A-label is invalid. */
  const char *hosts[] = {"mx.\xC3\x91\x61\x63\x61.com", "mx.xn--aca-jja.com",
                         "mx.xn--aca-6ma.com"};
  mtasts_str h[3];
  for (size_t i = 0; i < 3; i++) {
    h[i].ptr = hosts[i];
    h[i].len = strlen(hosts[i]);
  }
  mtasts_options o;
  mtasts_options_init(&o);
  o.mx_hosts = h;
  o.mx_host_count = 3;
  in = V ME "mx: mx.xn--aca-6ma.com\n" MA;
  static const tu_diag hexp[] = {
      {"mx-host-invalid", 1, 1}, {"mx-host-invalid", 1, 1}, END};
  tu_policy("idn hosts", in, strlen(in), &o, 0, hexp);
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), &o, &p), MTASTS_OK);
  ck_assert_uint_eq(mtasts_policy_diag_count(p), 2);
  ck_assert_ptr_nonnull(
      strstr(mtasts_policy_diag(p, 0)->message, "'mx.xn--aca-6ma.com'"));
  ck_assert_ptr_nonnull(
      strstr(mtasts_policy_diag(p, 1)->message, "'xn--aca-jja'"));
  ck_assert_int_eq(mtasts_policy_mx_host_match(p, 2), 0);
  mtasts_policy_free(p);
#else
  /* Without libidn2: the U-label is still an error, with no hint, and an
   * xn-- label is not checked. */
  const char *in = V ME "mx: m\xC3\xA4il.example\n" MA;
  static const tu_diag expect[] = {{"policy-mx-u-label", 3, 5}, END};
  tu_policy("u-label without libidn2", in, strlen(in), NULL, 0, expect);
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), NULL, &p), MTASTS_OK);
  ck_assert_ptr_null(find_diag(p, "policy-mx-u-label")->hint);
  mtasts_policy_free(p);
  in = V ME "mx: mx.xn--aca-jja.com\n" MA;
  static const tu_diag none[] = {END};
  tu_policy("xn-- without libidn2", in, strlen(in), NULL, 1, none);
  fprintf(stderr, "policy: built without libidn2: the A-label hint and fake "
                  "A-label tests are skipped\n");
#endif
}
END_TEST

START_TEST(test_hints) {
  struct {
    const char *in;
    const char *id;
    const char *hint;
  } cases[] = {
      {V ME "mx: mail.example.com.\n" MA, "policy-mx-trailing-dot",
       "mx: mail.example.com"},
      {V ME "mx: .example.com\n" MA, "policy-mx-leading-dot",
       "mx: *.example.com"},
      {V ME "mx: a.example.com:25\n" MA, "policy-mx-port", "mx: a.example.com"},
      {V ME "mx: [a.example.com]:25\n" MA, "policy-mx-port",
       "mx: a.example.com"},
      {V ME MX "max_age: 31557601\n", "policy-max-age-too-large",
       "max_age: 31557600"},
      {V ME MX "max_age: 86400s\n", "policy-max-age-invalid", "max_age: 86400"},
      {V ME MX "max_age: 00604800\n", "policy-max-age-leading-zero",
       "max_age: 604800"},
      {V "Mode: enforce\n" MX MA, "policy-mode-missing", "mode: enforce"},
      {V "mode: Enforce\n" MX MA, "policy-mode-invalid", "mode: enforce"},
      {V ME MX "max-age: 86400\n", "policy-max-age-missing", "max_age: 86400"},
      {V "mode : enforce\n" MX MA, "policy-space-before-colon",
       "mode: enforce"},
      {V " mode: enforce\n" MX MA, "policy-leading-whitespace",
       "mode: enforce"},
      {V "mode enforce\n" MX MA, "policy-missing-colon", "mode: enforce"},
      {"version: stsv1\n" ME MX MA, "policy-version-invalid", "version: STSv1"},
      {"version: \"STSv1\"\n" ME MX MA, "policy-value-template-debris",
       "version: STSv1"},
      {V "mode: [testing]\n" MX MA, "policy-value-template-debris",
       "mode: testing"},
      {V "mode: \"enforce\"\n" MX MA, "policy-value-template-debris",
       "mode: enforce"},
      {V ME MX "max_age: <604800>\n", "policy-value-template-debris",
       "max_age: 604800"},
      {V ME "mx: [mail.example.com]\n" MA, "policy-value-template-debris",
       "mx: mail.example.com"},
      {V ME MX "mx: '*.example.net'\n" MA, "policy-value-template-debris",
       "mx: *.example.net"},
      {V "Mode: \"enforce\"\n" MX MA, "policy-mode-missing", "mode: enforce"},
      {V ME MX "m#: *.example.net\n" MA, "policy-field-name-invalid",
       "mx: *.example.net"},
      {V ME "max_a!e: 86400\n" MX, "policy-max-age-missing", "max_age: 86400"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mtasts_policy *p = NULL;
    ck_assert_int_eq(
        mtasts_policy_parse(cases[i].in, strlen(cases[i].in), NULL, &p),
        MTASTS_OK);
    int found = 0;
    for (size_t k = 0; k < mtasts_policy_diag_count(p); k++) {
      const mtasts_diag *d = mtasts_policy_diag(p, k);
      if (strcmp(d->id, cases[i].id) == 0) {
        found = 1;
        ck_assert_msg(d->hint && strcmp(d->hint, cases[i].hint) == 0,
                      "%s: hint '%s', expected '%s'", cases[i].id,
                      d->hint ? d->hint : "(null)", cases[i].hint);
        ck_assert_ptr_nonnull(d->reference);
      }
    }
    ck_assert_msg(found, "%s not reported", cases[i].id);
    mtasts_policy_free(p);
  }
}
END_TEST

START_TEST(test_shared_examples) {
  const char *root = getenv("MTASTS_SOURCE_DIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/data/known-good", root ? root : ".");
  static const char *const files[] = {
      "google-workspace.txt", "microsoft-365.txt", "self-hosted.txt",
      "rfc8461-section-3.2.txt", "wildcard-backup.txt"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    size_t len = 0;
    char *buf = tu_read_file(path, &len);
    ck_assert_msg(buf != NULL, "cannot read %s", path);
    static const tu_diag none[] = {END};
    tu_policy(files[i], buf, len, NULL, 1, none);
    free(buf);
  }
}
END_TEST

/* RFC 8461 §3.2: unknown fields are ignored, so a name that resembles a
 * field is a valid extension: the policy stays valid, whatever the value,
 * and a near miss never gets a hint that would repeat a field. */
START_TEST(test_near_miss_extensions) {
  static const char *const names[] = {
      "more", "node",     "code",     "x-mode",  "mx2",     "me",
      "mo",   "mix",      "version2", "max",     "Mode",    "MX",
      "Mx",   "maxage",   "max-age",  "verison", "Version", "modes",
      "nmx",  "max_agee", "Max_Age",  "mode-",   "vers1on"};
  static const char *const values[] = {
      "ext e  ns ion", "enforce", "testing",          "STSv1",
      "604800",        "x",       "mail.example.com", "*.example.com"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    for (size_t j = 0; j < sizeof values / sizeof values[0]; j++) {
      char in[256];
      snprintf(in, sizeof in, "%s%s: %s\n", GOOD, names[i], values[j]);
      mtasts_policy *p = NULL;
      ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), NULL, &p),
                       MTASTS_OK);
      ck_assert_msg(mtasts_policy_valid(p), "'%s: %s' made the policy invalid",
                    names[i], values[j]);
      for (size_t k = 0; k < mtasts_policy_diag_count(p); k++) {
        const mtasts_diag *d = mtasts_policy_diag(p, k);
        ck_assert_int_ne(d->severity, MTASTS_SEVERITY_ERROR);
        if (strcmp(d->id, "policy-field-misspelt") != 0 || !d->hint)
          continue;
        /* Only an mx look-alike with a new valid pattern gets a hint. */
        ck_assert_msg(strncmp(d->hint, "mx: ", 4) == 0 &&
                          strcmp(d->hint, "mx: mail.example.com") != 0,
                      "'%s: %s' got the hint '%s'", names[i], values[j],
                      d->hint);
      }
      mtasts_policy_free(p);
    }
  }
}
END_TEST

/* The hints of near misses, and where none is given. */
START_TEST(test_near_miss_hints) {
  struct {
    const char *in;
    const char *id;
    const char *hint; /* NULL: no hint */
    mtasts_severity sev;
  } cases[] = {
      {GOOD "MX: backup.example.com\n", "policy-field-misspelt",
       "mx: backup.example.com", MTASTS_SEVERITY_WARNING},
      {GOOD "MX: MAIL.example.com\n", "policy-field-misspelt", NULL,
       MTASTS_SEVERITY_WARNING},
      {GOOD "mx2: not a host\n", "policy-field-misspelt", NULL,
       MTASTS_SEVERITY_WARNING},
      {GOOD "Mode: testing\n", "policy-field-misspelt", NULL,
       MTASTS_SEVERITY_WARNING},
      {V "Mode: enforcing\n" MX MA, "policy-mode-missing", NULL,
       MTASTS_SEVERITY_ERROR},
      {V "Mode: testing\nMODE: none\n" MX MA, "policy-field-misspelt", NULL,
       MTASTS_SEVERITY_ERROR},
      {V ME "MX: a.example.com\nMX: b.example.com\n" MA,
       "policy-field-misspelt", "mx: b.example.com", MTASTS_SEVERITY_ERROR},
      {V ME MX "max_age: 1w\nmaxage: 604800\n", "policy-field-misspelt", NULL,
       MTASTS_SEVERITY_ERROR},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mtasts_policy *p = NULL;
    ck_assert_int_eq(
        mtasts_policy_parse(cases[i].in, strlen(cases[i].in), NULL, &p),
        MTASTS_OK);
    const mtasts_diag *d = NULL;
    for (size_t k = 0; k < mtasts_policy_diag_count(p) && !d; k++)
      if (strcmp(mtasts_policy_diag(p, k)->id, cases[i].id) == 0)
        d = mtasts_policy_diag(p, k);
    ck_assert_msg(d != NULL, "case %zu: %s not reported", i, cases[i].id);
    ck_assert_msg(cases[i].hint ? d->hint && strcmp(d->hint, cases[i].hint) == 0
                                : d->hint == NULL,
                  "case %zu: hint '%s', expected '%s'", i,
                  d->hint ? d->hint : "(null)",
                  cases[i].hint ? cases[i].hint : "(null)");
    ck_assert_msg(d->severity == cases[i].sev, "case %zu: severity %d", i,
                  (int)d->severity);
    mtasts_policy_free(p);
  }
}
END_TEST

/* An invalid --mx host is named by its place among the given hosts, since
 * it has no place in the body. */
START_TEST(test_mx_host_named) {
  mtasts_options o;
  mtasts_options_init(&o);
  mtasts_str hosts[] = {{"mail.example.com", 16}, {"bad_host.example", 16}};
  o.mx_hosts = hosts;
  o.mx_host_count = 2;
  const char *in = GOOD;
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, strlen(in), &o, &p), MTASTS_OK);
  const mtasts_diag *d = mtasts_policy_diag(p, 0);
  ck_assert_str_eq(d->id, "mx-host-invalid");
  ck_assert_ptr_nonnull(
      strstr(d->message, "MX host 2 of 2, 'bad_host.example'"));
  mtasts_policy_free(p);
}
END_TEST

/* How many diagnostics say what d says (its id and message). */
static size_t count_id(const mtasts_policy *p, const mtasts_diag *d) {
  size_t c = 0;
  for (size_t k = 0; k < mtasts_policy_diag_count(p); k++)
    c += strcmp(mtasts_policy_diag(p, k)->id, d->id) == 0 &&
         strcmp(mtasts_policy_diag(p, k)->message, d->message) == 0;
  return c;
}

static int has_error_id(const mtasts_policy *p, const char *id) {
  for (size_t k = 0; k < mtasts_policy_diag_count(p); k++) {
    const mtasts_diag *d = mtasts_policy_diag(p, k);
    if (d->severity == MTASTS_SEVERITY_ERROR && strcmp(d->id, id) == 0)
      return 1;
  }
  return 0;
}

/* Applies every hint of the policy in[0..len) on its own (its span replaced
 * by the hint) and parses the result again: the finding must go away (one
 * fewer with its id and message) and no error of a new kind may appear. */
static void apply_hints(const char *name, const char *in, size_t len,
                        const mtasts_options *o) {
  mtasts_policy *p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(in, len, o, &p), MTASTS_OK);
  for (size_t k = 0; k < mtasts_policy_diag_count(p); k++) {
    const mtasts_diag *d = mtasts_policy_diag(p, k);
    if (!d->hint)
      continue;
    ck_assert_msg(d->fix_offset <= len && d->fix_length <= len - d->fix_offset,
                  "%s: %s: fix span outside the input", name, d->id);
    /* 1 when an error of this id was there before. */
    size_t hn = strlen(d->hint), n = len - d->fix_length + hn;
    char *fixed = malloc(n + 1);
    ck_assert_ptr_nonnull(fixed);
    memcpy(fixed, in, d->fix_offset);
    memcpy(fixed + d->fix_offset, d->hint, hn);
    memcpy(fixed + d->fix_offset + hn, in + d->fix_offset + d->fix_length,
           len - d->fix_offset - d->fix_length);
    mtasts_policy *q = NULL;
    ck_assert_int_eq(mtasts_policy_parse(fixed, n, o, &q), MTASTS_OK);
    ck_assert_msg(count_id(q, d) < count_id(p, d),
                  "%s: applying the hint '%s' of %s at %lu:%lu leaves it", name,
                  d->hint, d->id, d->line, d->column);
    for (size_t j = 0; j < mtasts_policy_diag_count(q); j++) {
      const mtasts_diag *e = mtasts_policy_diag(q, j);
      ck_assert_msg(e->severity != MTASTS_SEVERITY_ERROR ||
                        has_error_id(p, e->id),
                    "%s: applying the hint '%s' of %s adds the error %s", name,
                    d->hint, d->id, e->id);
    }
    mtasts_policy_free(q);
    free(fixed);
  }
  mtasts_policy_free(p);
}

START_TEST(test_apply_hints) {
  const row *r = &rows[_i];
  if (!r->input)
    return;
  apply_hints(r->name, r->input, r->len ? r->len : strlen(r->input), NULL);
}
END_TEST

START_TEST(test_apply_host_hints) {
  mtasts_options o;
  mtasts_options_init(&o);
  mtasts_str hosts[] = {{"mx2.example.net", 15}, {"a.b.example.com", 15}};
  o.mx_hosts = hosts;
  o.mx_host_count = 2;
  const char *ins[] = {
      GOOD, V ME "mx: *.example.com\n" MA,
      ("version: STSv1\r\nmode: testing\r\nmx: a.example.com\r\n"
       "max_age: 604800\r\n")};
  for (size_t i = 0; i < sizeof ins / sizeof ins[0]; i++)
    apply_hints("mx hosts", ins[i], strlen(ins[i]), &o);
}
END_TEST

START_TEST(test_arguments) {
  mtasts_policy *p = (mtasts_policy *)1;
  ck_assert_int_eq(mtasts_policy_parse("x", 1, NULL, NULL),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_int_eq(mtasts_policy_parse(NULL, 1, NULL, &p),
                   MTASTS_ERR_INVALID_ARG);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(mtasts_policy_parse(NULL, 0, NULL, &p), MTASTS_OK);
  ck_assert_int_eq(mtasts_policy_valid(p), 0);
  mtasts_policy_free(p);
  mtasts_options o;
  mtasts_options_init(&o);
  o.mx_host_count = 1;
  ck_assert_int_eq(mtasts_policy_parse("x", 1, &o, &p), MTASTS_ERR_INVALID_ARG);
  mtasts_policy_free(NULL);
}
END_TEST

int main(void) {
  Suite *s = suite_create("policy");
  TCase *tc = tcase_create("policy");
  tcase_add_loop_test(tc, test_rows, 0, (int)(sizeof rows / sizeof rows[0]));
  tcase_add_test(tc, test_too_large);
  tcase_add_test(tc, test_values);
  tcase_add_test(tc, test_mx_hosts);
  tcase_add_test(tc, test_strict);
  tcase_add_test(tc, test_cap);
  tcase_add_test(tc, test_hints);
  tcase_add_test(tc, test_idn);
  tcase_add_test(tc, test_wildcard_public_suffix);
  tcase_add_test(tc, test_shared_examples);
  tcase_add_test(tc, test_arguments);
  tcase_add_test(tc, test_near_miss_extensions);
  tcase_add_test(tc, test_near_miss_hints);
  tcase_add_test(tc, test_mx_host_named);
  tcase_add_loop_test(tc, test_apply_hints, 0,
                      (int)(sizeof rows / sizeof rows[0]));
  tcase_add_test(tc, test_apply_host_hints);
  suite_add_tcase(s, tc);
  return tu_run(s);
}
