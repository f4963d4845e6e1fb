/* SPDX-License-Identifier: MIT */
/*
 * JSON output shared by the command-line tools: string escaping, and a
 * writer of nested objects and arrays, indented by two spaces with one
 * member or element a line, or compact (one line, for JSON Lines).
 */
#ifndef MTASTS_CLI_JSON_H
#define MTASTS_CLI_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Writes p[0..n) to fp as a JSON string (RFC 8259 §7), quotes included:
 * '"' and '\' escaped, LF, CR and TAB as \n, \r and \t, other control
 * characters as \u00XX, C1 controls and bidirectional overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069) as \uXXXX, other valid UTF-8 as
 * is, and any byte that does not start a valid UTF-8 sequence as \ufffd,
 * so that the output is valid JSON whatever the bytes are. (Names that are
 * not UTF-8 also get their bytes in base64: json_name.)
 */
void json_string_n(FILE *fp, const char *p, size_t n);

/* 1 when p[0..n) is valid UTF-8 (RFC 3629 §4). */
int json_utf8_valid(const char *p, size_t n);

/*
 * A file name for people, as the tools show it in text, on standard error
 * and in GitHub annotations: printable ASCII and valid UTF-8 as they are;
 * control characters (C0, DEL, C1), bidirectional overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069) and bytes that are not UTF-8 as \xNN, one
 * line whatever the name holds (as the library writes names in messages).
 * cli_name returns it malloc'd (NULL when out of memory); cli_name_write
 * writes it to fp.
 */
char *cli_name(const char *name);
void cli_name_write(FILE *fp, const char *name);

/* How deep the output nests: one element count per open container. (SARIF
 * goes deepest, nine: top, runs, run, results, result, locations, location,
 * physicalLocation, region.) */
#define JSON_MAX_DEPTH 12

typedef struct json_writer {
  FILE *fp;
  int compact; /* no newline or indent, ":" without a space (JSON Lines) */
  unsigned depth;
  size_t count[JSON_MAX_DEPTH];
} json_writer;

/* Starts a member (key non-NULL) or an array element (key NULL): the comma,
 * the newline and indent, the key. The value is written after it. */
void json_item(json_writer *w, const char *key);
/* Opens an object ('{') or an array ('[') as a member or an element. */
void json_open(json_writer *w, const char *key, char bracket);
/* Closes it: '}' or ']'. */
void json_close(json_writer *w, char bracket);
/* A string member or element; NULL is written as null. */
void json_str(json_writer *w, const char *key, const char *s);
/* The same with a length: s[0..n). */
void json_strn(json_writer *w, const char *key, const char *s, size_t n);
void json_uint(json_writer *w, const char *key, uint64_t v);
void json_null(json_writer *w, const char *key);
void json_bool(json_writer *w, const char *key, int b);
/*
 * A file name as the member key (a string, as json_str), and, only when the
 * name is not valid UTF-8 (so that the string shows U+FFFD for some of its
 * bytes), a member KEY_bytes with the name's exact bytes in base64 (RFC
 * 4648 §4): two different names never print alike.
 */
void json_name(json_writer *w, const char *key, const char *name);

#endif
