/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen: the provider presets, each with the mx patterns that cover
 * the provider's MX hosts, with the source of the host names. The table is
 * shared with the web page (web/glue.c), so both offer the same patterns.
 */
#include <string.h>

#include "gen.h"

/* ---------------------------------------------------------------------- */
/* Presets                                                                 */

const preset gen_presets[] = {
    /*
     * Google Workspace Admin Help, "Google Workspace MX record values"
     * (https://support.google.com/a/answer/174125): domains set up since
     * 2023 have the single MX host smtp.google.com; older ones have
     * aspmx.l.google.com and alt1 to alt4.aspmx.l.google.com, and the
     * oldest also aspmx2 to aspmx5.googlemail.com. A wildcard covers
     * exactly one label (RFC 8461 §4.1), so aspmx.l.google.com and its alt
     * hosts need a pattern each.
     */
    {"google-workspace",
     "Google Workspace (Gmail)",
     {"smtp.google.com", "aspmx.l.google.com", "*.aspmx.l.google.com",
      "*.googlemail.com", NULL},
     {"smtp.google.com", "aspmx.l.google.com", "alt1.aspmx.l.google.com",
      "aspmx2.googlemail.com", NULL},
     0},
    /*
     * Microsoft Learn, "Enhancing mail flow with MTA-STS"
     * (https://learn.microsoft.com/purview/enhancing-mail-flow-with-mta-sts):
     * the MX host of a domain in Exchange Online is
     * <domain-with-dashes>.mail.protection.outlook.com, and microsoft.com
     * itself publishes exactly this pattern.
     */
    {"microsoft-365",
     "Microsoft 365 (Exchange Online)",
     {"*.mail.protection.outlook.com", NULL},
     {"example-com.mail.protection.outlook.com", NULL},
     0},
    /* Your own MX hosts: the patterns come from --mx. */
    {"self-hosted",
     "your own mail servers (give each MX host with --mx)",
     {NULL},
     {NULL},
     1},
};

const size_t gen_preset_count = sizeof gen_presets / sizeof gen_presets[0];

const preset *gen_find_preset(const char *name) {
  for (size_t i = 0; i < gen_preset_count; i++)
    if (strcmp(gen_presets[i].name, name) == 0)
      return &gen_presets[i];
  return NULL;
}

void gen_list_presets(FILE *fp) {
  for (size_t i = 0; i < gen_preset_count; i++) {
    const preset *p = &gen_presets[i];
    fprintf(fp, "%s: %s\n", p->name, p->title);
    for (size_t k = 0; p->mx[k]; k++)
      fprintf(fp, "    mx: %s\n", p->mx[k]);
    if (p->hosts[0]) {
      fputs("    covers MX hosts such as", fp);
      for (size_t k = 0; p->hosts[k]; k++)
        fprintf(fp, "%s %s", k ? "," : "", p->hosts[k]);
      fputc('\n', fp);
    }
  }
}
