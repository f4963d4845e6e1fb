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
 * characters as \u00XX, valid UTF-8 as is, and any byte that does not start
 * a valid UTF-8 sequence as \ufffd, so that the output is valid JSON
 * whatever the bytes are.
 */
void json_string_n(FILE *fp, const char *p, size_t n);

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

#endif
