/* SPDX-License-Identifier: MIT */
/*
 * mtasts-gen: what goes to standard output, as text or as JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "json.h"

static void json_dns_record(json_writer *w, const char *prefix, const gen *g,
                            const mem *txt, const mem *zone) {
  char name[300];
  snprintf(name, sizeof name, "%s.%s.", prefix, g->domain);
  json_open(w, NULL, '{');
  json_str(w, "name", name);
  json_str(w, "type", "TXT");
  json_strn(w, "value", txt->ptr, txt->len);
  json_strn(w, "zone", zone->ptr, zone->len);
  json_close(w, '}');
}

void gen_print_json(const gen *g, char **files, size_t nfiles) {
  const mtasts_policy_values *v = &g->values;
  json_writer w;
  char url[400];
  memset(&w, 0, sizeof w);
  w.fp = stdout;
  snprintf(url, sizeof url, "https://mta-sts.%s/.well-known/mta-sts.txt",
           g->domain);
  json_open(&w, NULL, '{');
  json_str(&w, "tool", PROG);
  json_str(&w, "version", mtasts_version());
  json_str(&w, "domain", g->domain);
  json_str(&w, "policy_url", url);
  json_open(&w, "policy", '{');
  json_str(&w, "version", "STSv1");
  json_str(&w, "mode", mtasts_mode_name(v->mode));
  json_uint(&w, "max_age", v->max_age);
  json_open(&w, "mx", '[');
  for (size_t i = 0; i < v->mx_count; i++)
    json_strn(&w, NULL, v->mx[i].ptr, v->mx[i].len);
  json_close(&w, ']');
  json_open(&w, "extensions", '[');
  for (size_t i = 0; i < v->extension_count; i++) {
    json_open(&w, NULL, '{');
    json_strn(&w, "name", v->extensions[i].name.ptr, v->extensions[i].name.len);
    json_strn(&w, "value", v->extensions[i].value.ptr,
              v->extensions[i].value.len);
    json_close(&w, '}');
  }
  json_close(&w, ']');
  json_str(&w, "line_ending", g->cfg->lf ? "lf" : "crlf");
  json_strn(&w, "text", g->policy.ptr, g->policy.len);
  json_close(&w, '}');
  json_str(&w, "id", gen_record_id(g));
  json_open(&w, "records", '[');
  json_dns_record(&w, "_mta-sts", g, &g->sts, &g->sts_zone);
  if (g->tlsrpt.ptr)
    json_dns_record(&w, "_smtp._tls", g, &g->tlsrpt, &g->tlsrpt_zone);
  json_close(&w, ']');
  json_str(&w, "zone", g->zone);
  if (g->server) {
    json_open(&w, "server", '{');
    json_str(&w, "name", gen_server_name(g->cfg->server));
    json_str(&w, "config", g->server);
    json_close(&w, '}');
  } else {
    json_str(&w, "server", NULL);
  }
  if (g->cfg->output_dir) {
    json_open(&w, "files", '[');
    for (size_t i = 0; i < nfiles; i++)
      json_str(&w, NULL, files[i]);
    json_close(&w, ']');
  }
  json_close(&w, '}');
  fputc('\n', w.fp);
}

void gen_print_text(const gen *g) {
  fwrite(g->policy.ptr, 1, g->policy.len, stdout);
  fputc('\n', stdout);
  fputs(g->zone, stdout);
  if (g->server) {
    fputc('\n', stdout);
    fputs(g->server, stdout);
  }
}
