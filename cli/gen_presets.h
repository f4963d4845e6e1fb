/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen: the mx patterns of common mail providers (--preset), also
 * offered by the web page. These are facts about providers, not protocol
 * rules: whether a pattern is valid, and which hosts it covers, is for the
 * library to say (mtasts_policy_parse, mtasts_mx_match).
 */
#ifndef MTASTS_CLI_GEN_PRESETS_H
#define MTASTS_CLI_GEN_PRESETS_H

#include <stddef.h>
#include <stdio.h>

typedef struct preset {
  const char *name;
  const char *title;
  const char *mx[6];    /* the mx patterns, NULL-terminated */
  const char *hosts[6]; /* MX hosts they cover, NULL-terminated (shown) */
  int needs_mx;         /* --mx is required */
} preset;

extern const preset gen_presets[];
extern const size_t gen_preset_count;

/* The preset of that name, or NULL. */
const preset *gen_find_preset(const char *name);
/* Prints every preset with its patterns (--list-presets). */
void gen_list_presets(FILE *fp);

#endif
