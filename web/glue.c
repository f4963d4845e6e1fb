/* SPDX-License-Identifier: MIT */
/*
 * The web page's entry points into libmtasts (compiled to WebAssembly by
 * web/build.sh). Each returns a JSON text allocated with malloc, which the
 * caller releases with free.
 *
 * No protocol rule lives here. The checker hands the input to the library
 * and writes the result with mtasts-lint's own JSON writer (cli/output.c),
 * so the page shows exactly what `mtasts-lint --format=json` prints. The
 * generator does what mtasts-gen does: it writes the policy and the records
 * with the library's writers, parses them back with the library's parsers,
 * compares the values read back, and says which field a diagnostic is
 * about. The presets and the web server snippets are mtasts-gen's
 * (cli/gen_presets.c, cli/gen_server.c).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mtasts/mtasts.h>

#include "gen_presets.h"
#include "gen_server.h"
#include "json.h"
#include "output.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define WEB_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define WEB_EXPORT
#endif

/* The kinds of web_check, as the page's checker-kind names them. */
enum { WEB_POLICY = 0, WEB_STS = 1, WEB_TLSRPT = 2 };

/* The most MX hosts and records taken from the page (the rest ignored). */
#define MAX_ITEMS 1024

WEB_EXPORT char *web_check(int kind, const char *text, size_t len,
                           const char *mx, size_t mx_len);
WEB_EXPORT char *web_presets(void);
WEB_EXPORT char *web_generate(const char *domain, const char *mode,
                              const char *max_age, const char *preset_name,
                              const char *mx_lines, const char *rua_lines,
                              const char *id, const char *server, int lf);
WEB_EXPORT const char *web_version(void);

/* A memory stream; its text is returned by mem_close. */
typedef struct mem {
  FILE *fp;
  char *buf;
  size_t len;
} mem;

static int mem_open(mem *m) {
  m->buf = NULL;
  m->len = 0;
  m->fp = open_memstream(&m->buf, &m->len);
  return m->fp ? 0 : -1;
}

static char *mem_close(mem *m) {
  int bad = ferror(m->fp);
  if (fclose(m->fp) != 0 || bad) {
    free(m->buf);
    return NULL;
  }
  return m->buf;
}

static void put_str(FILE *fp, const char *s, size_t n) {
  if (s)
    json_string_n(fp, s, n);
  else
    fputs("null", fp);
}

static void put_cstr(FILE *fp, const char *s) {
  put_str(fp, s, s ? strlen(s) : 0);
}

/* Splits text at separators (any byte of seps) into at most cap pieces,
 * skipping empty ones when skip_empty. */
static size_t split(const char *text, size_t len, const char *seps,
                    int skip_empty, mtasts_str *out, size_t cap) {
  size_t n = 0, start = 0;
  for (size_t i = 0; i <= len && n < cap; i++) {
    if (i < len && !memchr(seps, text[i], strlen(seps)))
      continue;
    if (!skip_empty || i > start) {
      out[n].ptr = text + start;
      out[n++].len = i - start;
    }
    start = i + 1;
  }
  return n;
}

/* The lines of a form field, one value a line: blank lines and the white
 * space around a value are dropped (form input, not protocol text). Writes
 * at most cap values to out and returns their number. */
static size_t form_lines(const char *text, size_t len, mtasts_str *out,
                         size_t cap) {
  size_t n = split(text, len, "\n", 0, out, cap), k = 0;
  for (size_t i = 0; i < n; i++) {
    const char *p = out[i].ptr;
    size_t l = out[i].len;
    while (l && (*p == ' ' || *p == '\t')) {
      p++;
      l--;
    }
    while (l && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
      l--;
    if (l) {
      out[k].ptr = p;
      out[k++].len = l;
    }
  }
  return k;
}

/* ---------------------------------------------------------------------- */
/* Checker                                                                 */

/*
 * Checks text as a policy (with the MX hosts in mx, separated by white
 * space or commas), or as the set of TXT records at _mta-sts or _smtp._tls,
 * one record a line (a line that starts with '"' is in zone-file form, as
 * mtasts-lint --txt takes it; a final line break ends the last record).
 * Returns mtasts-lint's JSON document for that input, or NULL when memory
 * ran out.
 */
char *web_check(int kind, const char *text, size_t len, const char *mx,
                size_t mx_len) {
  mem m;
  out_ctx o;
  mtasts_options opt;
  lint_result r;
  char *result = NULL;
  mtasts_policy *policy = NULL;
  mtasts_record *record = NULL;
  mtasts_str *pieces = NULL;
  mtasts_txt *txt = NULL;
  if (!text)
    len = 0;
  if (mem_open(&m) != 0)
    return NULL;
  mtasts_options_init(&opt);
  memset(&r, 0, sizeof r);
  if (kind == WEB_POLICY) {
    pieces = calloc(MAX_ITEMS, sizeof *pieces);
    if (!pieces)
      goto done;
    size_t nh = mx ? split(mx, mx_len, " \t\r\n,", 1, pieces, MAX_ITEMS) : 0;
    opt.mx_hosts = pieces;
    opt.mx_host_count = nh;
    if (mtasts_policy_parse(len ? text : "", len, &opt, &policy) != MTASTS_OK)
      goto done;
    r.input = "policy";
    r.kind = LINT_POLICY;
    r.policy = policy;
    r.mx_hosts = pieces;
    r.mx_host_count = nh;
  } else {
    /* One record a line; the line break after the last one ends it. */
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
      n += text[i] == '\n';
    pieces = calloc(n, sizeof *pieces);
    txt = calloc(n, sizeof *txt);
    if (!pieces || !txt)
      goto done;
    n = len ? split(text, len, "\n", 0, pieces, n) : 0;
    if (n > 0 && pieces[n - 1].len == 0)
      n--;
    for (size_t i = 0; i < n; i++) {
      txt[i].ptr = pieces[i].ptr;
      txt[i].len = pieces[i].len;
      if (txt[i].len && txt[i].ptr[txt[i].len - 1] == '\r')
        txt[i].len--;
      txt[i].form =
          txt[i].len && txt[i].ptr[0] == '"' ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW;
    }
    mtasts_kind rk = kind == WEB_STS ? MTASTS_RECORD_STS : MTASTS_RECORD_TLSRPT;
    if (mtasts_record_parse(rk, txt, n, &opt, &record) != MTASTS_OK)
      goto done;
    r.input = kind == WEB_STS ? "_mta-sts" : "_smtp._tls";
    r.kind = kind == WEB_STS ? LINT_STS_RECORD : LINT_TLSRPT_RECORD;
    r.record = record;
  }
  out_begin(&o, m.fp, OUT_JSON, 0, 0, mtasts_version());
  out_result(&o, &r);
  out_end(&o);
  fputc('\n', m.fp);
done:
  result = mem_close(&m);
  if (!policy && !record) {
    free(result);
    result = NULL;
  }
  mtasts_policy_free(policy);
  mtasts_record_free(record);
  free(pieces);
  free(txt);
  return result;
}

/* ---------------------------------------------------------------------- */
/* Presets                                                                 */

static void put_list(FILE *fp, const char *const *items) {
  fputc('[', fp);
  for (size_t k = 0; items[k]; k++) {
    if (k)
      fputc(',', fp);
    put_cstr(fp, items[k]);
  }
  fputc(']', fp);
}

/* The presets of mtasts-gen: [{"name", "title", "mx", "hosts",
 * "needs_mx"}]. */
char *web_presets(void) {
  mem m;
  if (mem_open(&m) != 0)
    return NULL;
  fputc('[', m.fp);
  for (size_t i = 0; i < gen_preset_count; i++) {
    const preset *p = &gen_presets[i];
    fputs(i ? ",{\"name\":" : "{\"name\":", m.fp);
    put_cstr(m.fp, p->name);
    fputs(",\"title\":", m.fp);
    put_cstr(m.fp, p->title);
    fputs(",\"mx\":", m.fp);
    put_list(m.fp, p->mx);
    fputs(",\"hosts\":", m.fp);
    put_list(m.fp, p->hosts);
    fprintf(m.fp, ",\"needs_mx\":%s}", p->needs_mx ? "true" : "false");
  }
  fputs("]\n", m.fp);
  return mem_close(&m);
}

const char *web_version(void) {
  return mtasts_version();
}

/* ---------------------------------------------------------------------- */
/* Generator                                                               */

typedef struct gen {
  FILE *fp;      /* the "problems" array being written */
  size_t count;  /* problems written */
  int stop;      /* a problem that stops the generation */
  size_t npre;   /* mx patterns from the preset, before those of gen-mx */
  size_t mx_len; /* all mx patterns */
} gen;

/* One problem: the field it is about (a gen-* id), the 1-based line of that
 * field (0: the field as a whole), and the finding. */
static void problem(gen *g, const char *field, size_t line,
                    const char *severity, const char *id, const char *message,
                    const char *hint, const char *reference) {
  fputs(g->count++ ? ",{\"field\":" : "{\"field\":", g->fp);
  put_cstr(g->fp, field);
  fprintf(g->fp, ",\"line\":%zu,\"severity\":", line);
  put_cstr(g->fp, severity);
  fputs(",\"id\":", g->fp);
  put_cstr(g->fp, id);
  fputs(",\"message\":", g->fp);
  put_cstr(g->fp, message);
  fputs(",\"hint\":", g->fp);
  put_cstr(g->fp, hint);
  fputs(",\"reference\":", g->fp);
  put_cstr(g->fp, reference);
  fputc('}', g->fp);
  if (strcmp(severity, "note") != 0)
    g->stop = 1;
}

static void diag_problem(gen *g, const char *field, size_t line,
                         const mtasts_diag *d) {
  problem(g, field, line, mtasts_severity_name(d->severity), d->id, d->message,
          d->hint, d->reference);
}

/* The field a diagnostic of the written policy is about. The policy was
 * written as "version", "mode", one line per mx pattern, "max_age". */
static void policy_problem(gen *g, const mtasts_diag *d) {
  unsigned long line = d->line;
  if (line >= 3 && line < 3 + g->mx_len) {
    size_t k = line - 3;
    if (k < g->npre)
      diag_problem(g, "gen-preset", k + 1, d);
    else
      diag_problem(g, "gen-mx", k - g->npre + 1, d);
  } else if (strncmp(d->id, "policy-mx", 9) == 0) {
    diag_problem(g, "gen-mx", 0, d);
  } else if (line == 3 + g->mx_len) {
    diag_problem(g, "gen-max-age", 0, d);
  } else {
    diag_problem(g, "gen-mode", 0, d);
  }
}

/* A text written by one of the library's writers, sized first. */
typedef struct text {
  char *ptr;
  size_t len;
} text;

static int text_alloc(text *t, size_t need) {
  t->ptr = malloc(need + 1);
  t->len = t->ptr ? need : 0;
  return t->ptr ? 0 : -1;
}

static int zone_form(text *zone, const text *txt) {
  size_t need = mtasts_txt_zone_write(txt->ptr, txt->len, NULL, 0);
  if (text_alloc(zone, need) != 0)
    return -1;
  mtasts_txt_zone_write(txt->ptr, txt->len, zone->ptr, need + 1);
  return 0;
}

static int str_eq(const char *s, const mtasts_str *v) {
  return s && strlen(s) == v->len && memcmp(s, v->ptr, v->len) == 0;
}

/* A duration as mtasts-gen --max-age reads it: seconds, or a number with
 * s, m, h, d or w. Returns 0, or -1. Whether it is a valid max_age is the
 * library's call. */
static int parse_duration(const char *s, uint64_t *out) {
  static const char units[] = "smhdw";
  static const uint64_t secs[] = {1, 60, 3600, 86400, 604800};
  uint64_t v = 0, mult = 1;
  const char *p = s;
  if (*p < '0' || *p > '9')
    return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (v > (UINT64_MAX - 9) / 10)
      return -1;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  if (*p) {
    const char *u = strchr(units, *p);
    if (!u || p[1])
      return -1;
    mult = secs[u - units];
  }
  if (v > UINT64_MAX / mult)
    return -1;
  *out = v * mult;
  return 0;
}

/*
 * Generates what mtasts-gen --format=json generates from the same values:
 * domain, mode (enforce, testing, none), max_age (a duration), the preset
 * (a name, or empty), mx patterns and rua URIs (one a line), the id, the
 * web server (nginx, apache, caddy, or empty) and whether lines end in LF.
 * Returns {"ok", "problems": [...], "domain", "policy": {...}, "id",
 * "records": [...], "server"}; when ok is false only the problems are there.
 */
char *web_generate(const char *domain, const char *mode, const char *max_age,
                   const char *preset_name, const char *mx_lines,
                   const char *rua_lines, const char *id, const char *server,
                   int lf) {
  mem out, probs;
  gen g;
  char dom[256];
  mtasts_policy_values v;
  mtasts_str *mx = NULL, *rua = NULL;
  size_t nrua = 0;
  const preset *pre = NULL;
  text policy = {0}, sts = {0}, sts_zone = {0}, tls = {0}, tls_zone = {0};
  char *snippet = NULL;
  char *result = NULL;
  int nomem = 0;

  if (!domain || !mode || !max_age || !preset_name || !mx_lines || !rua_lines ||
      !id || !server)
    return NULL;
  if (mem_open(&probs) != 0)
    return NULL;
  memset(&g, 0, sizeof g);
  g.fp = probs.fp;
  mtasts_policy_values_init(&v);
  dom[0] = '\0';

  /* The domain, with the library's host name rules. */
  size_t dn = strlen(domain);
  mtasts_name_issue is;
  if (dn == 0) {
    problem(&g, "gen-domain", 0, "error", NULL,
            "give the policy domain, e.g. example.com", NULL, NULL);
  } else if (!mtasts_host_check(domain, dn, &is)) {
    char msg[400];
    snprintf(msg, sizeof msg, "'%.*s' is not a valid host name: it %s",
             (int)(dn < 300 ? dn : 300), domain, is.reason);
    problem(&g, "gen-domain", 0, "error", mtasts_diag_code_id(is.code), msg,
            NULL, mtasts_diag_code_reference(is.code));
  } else {
    if (domain[dn - 1] == '.')
      dn--;
    memcpy(dom, domain, dn);
    dom[dn] = '\0';
  }

  /* Mode and max_age: the option syntax of mtasts-gen. */
  static const mtasts_mode modes[] = {MTASTS_MODE_ENFORCE, MTASTS_MODE_TESTING,
                                      MTASTS_MODE_NONE};
  for (size_t i = 0; i < 3; i++)
    if (strcmp(mode, mtasts_mode_name(modes[i])) == 0)
      v.mode = modes[i];
  if (v.mode == MTASTS_MODE_UNSET)
    problem(&g, "gen-mode", 0, "error", NULL, "choose enforce, testing or none",
            NULL, NULL);
  if (!max_age[0])
    v.max_age = v.mode == MTASTS_MODE_ENFORCE ? 604800 : 86400;
  else if (parse_duration(max_age, &v.max_age) != 0)
    problem(&g, "gen-max-age", 0, "error", NULL,
            "give seconds, or a number with s, m, h, d or w (86400, 1d, 1w)",
            NULL, NULL);

  /* The mx patterns: the preset's, then the lines of gen-mx. */
  for (size_t i = 0; i < gen_preset_count; i++)
    if (strcmp(gen_presets[i].name, preset_name) == 0)
      pre = &gen_presets[i];
  if (preset_name[0] && !pre)
    problem(&g, "gen-preset", 0, "error", NULL, "unknown preset", NULL, NULL);
  size_t nlines = 1, mlen = strlen(mx_lines);
  for (size_t i = 0; i < mlen; i++)
    nlines += mx_lines[i] == '\n';
  size_t npre = 0;
  while (pre && pre->mx[npre])
    npre++;
  mx = calloc(npre + nlines, sizeof *mx);
  size_t rlen = strlen(rua_lines), rlines = 1;
  for (size_t i = 0; i < rlen; i++)
    rlines += rua_lines[i] == '\n';
  rua = calloc(rlines, sizeof *rua);
  if (!mx || !rua) {
    nomem = 1;
    goto done;
  }
  for (size_t i = 0; i < npre; i++) {
    mx[i].ptr = pre->mx[i];
    mx[i].len = strlen(pre->mx[i]);
  }
  /* Each line of gen-mx is a pattern. */
  size_t nmx = npre + form_lines(mx_lines, mlen, mx + npre, nlines);
  if (pre && pre->needs_mx && nmx == npre)
    problem(&g, "gen-mx", 0, "error", NULL,
            "this preset needs your MX hosts: give one a line", NULL, NULL);
  g.npre = npre;
  g.mx_len = nmx;
  v.mx = nmx ? mx : NULL;
  v.mx_count = nmx;
  nrua = form_lines(rua_lines, rlen, rua, rlines);
  gen_server srv = SERVER_NONE;
  if (server[0] && (srv = gen_server_from_name(server)) == SERVER_NONE)
    problem(&g, "gen-server", 0, "error", NULL, "unknown web server", NULL,
            NULL);
  if (g.stop)
    goto done;

  /* Write with the library's writers. */
  size_t need = mtasts_policy_write(&v, lf ? MTASTS_WRITE_LF : 0, NULL, 0);
  if (text_alloc(&policy, need) != 0) {
    nomem = 1;
    goto done;
  }
  mtasts_policy_write(&v, lf ? MTASTS_WRITE_LF : 0, policy.ptr, need + 1);
  need = mtasts_sts_record_write(id, strlen(id), NULL, 0);
  if (text_alloc(&sts, need) != 0) {
    nomem = 1;
    goto done;
  }
  mtasts_sts_record_write(id, strlen(id), sts.ptr, need + 1);
  if (zone_form(&sts_zone, &sts) != 0) {
    nomem = 1;
    goto done;
  }
  if (nrua) {
    need = mtasts_tlsrpt_record_write(rua, nrua, NULL, 0);
    if (text_alloc(&tls, need) != 0) {
      nomem = 1;
      goto done;
    }
    mtasts_tlsrpt_record_write(rua, nrua, tls.ptr, need + 1);
    if (zone_form(&tls_zone, &tls) != 0) {
      nomem = 1;
      goto done;
    }
  }

  /* Parse everything back, as mtasts-gen does. */
  {
    mtasts_policy *p = NULL;
    if (mtasts_policy_parse(policy.ptr, policy.len, NULL, &p) != MTASTS_OK) {
      nomem = 1;
      goto done;
    }
    for (size_t i = 0; i < mtasts_policy_diag_count(p); i++)
      policy_problem(&g, mtasts_policy_diag(p, i));
    uint64_t age = 0;
    int same = mtasts_policy_mode(p) == v.mode &&
               mtasts_policy_max_age(p, &age) && age == v.max_age &&
               mtasts_policy_mx_count(p) == v.mx_count;
    for (size_t i = 0; same && i < v.mx_count; i++)
      same = str_eq(mtasts_policy_mx(p, i), &v.mx[i]);
    mtasts_policy_free(p);
    if (!same && !g.stop)
      problem(&g, "gen-mx", 0, "error", NULL,
              "the policy does not read back as the values given", NULL, NULL);
  }
  {
    mtasts_record *r = NULL;
    mtasts_txt t = {sts_zone.ptr, sts_zone.len, MTASTS_TXT_ZONE};
    if (mtasts_record_parse(MTASTS_RECORD_STS, &t, 1, NULL, &r) != MTASTS_OK) {
      nomem = 1;
      goto done;
    }
    for (size_t i = 0; i < mtasts_record_diag_count(r); i++)
      diag_problem(&g, "gen-id", 0, mtasts_record_diag(r, i));
    const char *got = mtasts_record_id(r);
    if (!g.stop && !(got && strcmp(got, id) == 0))
      problem(&g, "gen-id", 0, "error", NULL,
              "the _mta-sts record does not read back with the id given", NULL,
              NULL);
    mtasts_record_free(r);
  }
  if (nrua) {
    mtasts_record *r = NULL;
    mtasts_txt t = {tls_zone.ptr, tls_zone.len, MTASTS_TXT_ZONE};
    if (mtasts_record_parse(MTASTS_RECORD_TLSRPT, &t, 1, NULL, &r) !=
        MTASTS_OK) {
      nomem = 1;
      goto done;
    }
    for (size_t i = 0; i < mtasts_record_diag_count(r); i++)
      diag_problem(&g, "gen-rua", mtasts_record_diag(r, i)->line,
                   mtasts_record_diag(r, i));
    int same = mtasts_record_rua_count(r) == nrua;
    for (size_t i = 0; same && i < nrua; i++)
      same = str_eq(mtasts_record_rua(r, i), &rua[i]);
    if (!same && !g.stop)
      problem(&g, "gen-rua", 0, "error", NULL,
              "the TLS-RPT record does not read back with these URIs: give "
              "each URI its own line, with ',' and ';' percent-encoded",
              "RFC 8460 §3", NULL);
    mtasts_record_free(r);
  }
  if (srv != SERVER_NONE) {
    mem s;
    if (mem_open(&s) != 0) {
      nomem = 1;
      goto done;
    }
    gen_server_write(s.fp, srv, dom, NULL);
    if (!(snippet = mem_close(&s))) {
      nomem = 1;
      goto done;
    }
  }

done:;
  char *pr = mem_close(&probs);
  if (!pr || nomem || mem_open(&out) != 0) {
    free(pr);
    result = NULL;
    goto release;
  }
  fprintf(out.fp, "{\"ok\":%s,\"problems\":[%s]", g.stop ? "false" : "true",
          pr);
  free(pr);
  if (!g.stop) {
    fputs(",\"domain\":", out.fp);
    put_cstr(out.fp, dom);
    fprintf(out.fp,
            ",\"policy\":{\"version\":\"STSv1\",\"mode\":\"%s\","
            "\"max_age\":%" PRIu64 ",\"mx\":[",
            mtasts_mode_name(v.mode), v.max_age);
    for (size_t i = 0; i < v.mx_count; i++) {
      if (i)
        fputc(',', out.fp);
      put_str(out.fp, v.mx[i].ptr, v.mx[i].len);
    }
    fprintf(out.fp, "],\"extensions\":[],\"line_ending\":\"%s\",\"text\":",
            lf ? "lf" : "crlf");
    put_str(out.fp, policy.ptr, policy.len);
    fputs("},\"id\":", out.fp);
    put_cstr(out.fp, id);
    fputs(",\"records\":[{\"name\":", out.fp);
    {
      char name[300];
      snprintf(name, sizeof name, "_mta-sts.%s.", dom);
      put_cstr(out.fp, name);
      fputs(",\"type\":\"TXT\",\"value\":", out.fp);
      put_str(out.fp, sts.ptr, sts.len);
      fputs(",\"zone\":", out.fp);
      put_str(out.fp, sts_zone.ptr, sts_zone.len);
      fputc('}', out.fp);
      if (nrua) {
        snprintf(name, sizeof name, "_smtp._tls.%s.", dom);
        fputs(",{\"name\":", out.fp);
        put_cstr(out.fp, name);
        fputs(",\"type\":\"TXT\",\"value\":", out.fp);
        put_str(out.fp, tls.ptr, tls.len);
        fputs(",\"zone\":", out.fp);
        put_str(out.fp, tls_zone.ptr, tls_zone.len);
        fputc('}', out.fp);
      }
    }
    fputs("],\"server\":", out.fp);
    if (snippet) {
      fputs("{\"name\":", out.fp);
      put_cstr(out.fp, gen_server_name(srv));
      fputs(",\"config\":", out.fp);
      put_cstr(out.fp, snippet);
      fputc('}', out.fp);
    } else {
      fputs("null", out.fp);
    }
  }
  fputs("}\n", out.fp);
  result = mem_close(&out);
release:
  free(mx);
  free(rua);
  free(policy.ptr);
  free(sts.ptr);
  free(sts_zone.ptr);
  free(tls.ptr);
  free(tls_zone.ptr);
  free(snippet);
  return result;
}
