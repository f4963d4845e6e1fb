/* SPDX-License-Identifier: MIT */
/*
 * JSON string escaping shared by the command-line tools.
 */
#ifndef MTASTS_CLI_JSON_H
#define MTASTS_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes p[0..n) to fp as a JSON string (RFC 8259 §7), quotes included:
 * '"' and '\' escaped, LF, CR and TAB as \n, \r and \t, other control
 * characters as \u00XX, valid UTF-8 as is, and any byte that does not start
 * a valid UTF-8 sequence as \ufffd, so that the output is valid JSON
 * whatever the bytes are.
 */
void json_string_n(FILE *fp, const char *p, size_t n);

#endif
