/* SPDX-License-Identifier: MIT */
/*
 * mtasts-lint: reading zone files with Knot DNS's zone scanner.
 *
 * libzscanner reads master files as Knot DNS does ($ORIGIN, $TTL, relative
 * names, @, parentheses, comments, quoted strings with \X and \DDD escapes,
 * RFC 1035 §5.1). It is used record by record (zs_parse_record), so that
 * this file sees each $INCLUDE before it is followed: the scanner only
 * reports it, and this file opens the named file itself after checking
 * that it lies inside the zone file's directory and is not already open.
 * Only the records MTA-STS depends on are handed to the library, so the
 * memory used does not grow with the zone (the scanner maps the file).
 *
 * No protocol rule lives here: the library checks what this file found.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "zone_read.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void zone_fail(zone_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void zone_fail(zone_error *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->text, sizeof err->text, fmt, ap);
  va_end(ap);
}

#ifndef MTASTS_HAVE_ZSCANNER

int zone_read_available(void) {
  return 0;
}

int zone_read(const char *path, const char *name, const char *domain,
              mtasts_deployment *d, mtasts_revision rev, char **domain_out,
              zone_error *err) {
  (void)path, (void)domain, (void)d, (void)rev;
  if (domain_out)
    *domain_out = NULL;
  zone_fail(err,
            "%s: zone files cannot be read: mtasts-lint was built without "
            "libzscanner (Debian package libknot-dev)",
            name);
  return -1;
}

int zone_read_text(const char *text, size_t len, const char *name,
                   const char *domain, mtasts_deployment *d,
                   mtasts_revision rev, zone_fetch_fn fetch, void *fetch_ctx,
                   char **domain_out, zone_error *err) {
  (void)text, (void)len, (void)fetch, (void)fetch_ctx;
  return zone_read(NULL, name, domain, d, rev, domain_out, err);
}

#else /* MTASTS_HAVE_ZSCANNER */

#include <errno.h>
#include <fcntl.h>
#include <libzscanner/scanner.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "json.h"

/* How deep $INCLUDE may nest. */
#define ZONE_MAX_DEPTH 16
/* The most $INCLUDEs followed while reading one zone, and the most bytes
 * the included files may hold together: a zone whose files each include
 * the next many times would otherwise be read without end (10 includes a
 * file, 14 deep, are 10^14 reads). */
#define ZONE_MAX_INCLUDES 10000
#define ZONE_MAX_INCLUDE_BYTES ((size_t)256 * 1024 * 1024)
/* The most read of one included file, or of a zone that is not a regular
 * file (a pipe); a regular zone file is mapped, of any size. */
#define ZONE_MAX_INPUT ((size_t)64 * 1024 * 1024)

/* DNS types (RFC 1035 §3.2.2, RFC 3596). */
enum { T_A = 1, T_CNAME = 5, T_SOA = 6, T_MX = 15, T_TXT = 16, T_AAAA = 28 };

/* The names that matter, in wire form, lower case. */
enum { N_APEX, N_STS, N_TLSRPT, N_HOST, N_COUNT };

typedef struct zone_state {
  mtasts_deployment *d;
  mtasts_revision rev;
  int have_domain;
  uint8_t names[N_COUNT][ZS_MAX_DNAME_LENGTH + 16];
  size_t name_len[N_COUNT];
  char *domain_text;
  char *root;         /* realpath of the zone file's directory, or NULL */
  char *display_root; /* the directory part of the shown name, or "" */
  char *open_files[ZONE_MAX_DEPTH];
  int depth;
  zone_error *err;
  /* A zone read from text: includes come from fetch, by paths relative
   * to the zone file's directory; text_dir is the directory of the file
   * being read, relative to that one ("" or "inc/"). */
  zone_fetch_fn fetch;
  void *fetch_ctx;
  const char *text_dir;
  /* What the includes of this zone have cost so far. */
  size_t includes;
  size_t include_bytes;
} zone_state;

static uint8_t lower(uint8_t c) {
  return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
}

/* A wire-form name as text, with \DDD for unusual bytes; the root is ".".
 * With dot, the text ends with the root's dot. Returns the length. */
static size_t wire_to_text(const uint8_t *w, size_t n, char *out, size_t cap,
                           int dot) {
  size_t o = 0, i = 0;
  while (i < n && w[i] != 0 && o + 8 < cap) {
    size_t l = w[i++];
    for (size_t k = 0; k < l && i < n && o + 5 < cap; k++, i++) {
      uint8_t c = w[i];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*')
        out[o++] = (char)c;
      else
        o += (size_t)snprintf(out + o, cap - o, "\\%03u", c);
    }
    out[o++] = '.';
  }
  if (o == 0)
    out[o++] = '.';
  else if (!dot)
    o--;
  out[o] = '\0';
  return o;
}

/* Sets the domain from its wire form and builds the names that matter. */
static int set_names(zone_state *st, const uint8_t *w, size_t n) {
  static const uint8_t sts[] = "\010_mta-sts";
  static const uint8_t tls[] = "\005_smtp\004_tls";
  static const uint8_t host[] = "\007mta-sts";
  const uint8_t *pre[N_COUNT] = {(const uint8_t *)"", sts, tls, host};
  size_t pre_len[N_COUNT] = {0, sizeof sts - 1, sizeof tls - 1,
                             sizeof host - 1};
  for (int k = 0; k < N_COUNT; k++) {
    if (pre_len[k] + n > sizeof st->names[k])
      return -1;
    memcpy(st->names[k], pre[k], pre_len[k]);
    for (size_t i = 0; i < n; i++)
      st->names[k][pre_len[k] + i] = lower(w[i]);
    st->name_len[k] = pre_len[k] + n;
  }
  char text[4 * ZS_MAX_DNAME_LENGTH + 8];
  wire_to_text(w, n, text, sizeof text, 0);
  st->domain_text = strdup(text);
  st->have_domain = st->domain_text != NULL;
  return st->have_domain ? 0 : -1;
}

/* A domain given as text ("example.com" or "example.com.") in wire form.
 * Returns the length, or 0 when it is not a name. */
static size_t text_to_wire(const char *s, uint8_t *w, size_t cap) {
  size_t o = 0, n = strlen(s);
  if (n && s[n - 1] == '.')
    n--;
  size_t i = 0;
  while (i < n) {
    size_t e = i;
    while (e < n && s[e] != '.')
      e++;
    if (e == i || e - i > 63 || o + 1 + (e - i) + 1 > cap)
      return 0;
    w[o++] = (uint8_t)(e - i);
    memcpy(w + o, s + i, e - i);
    o += e - i;
    i = e + 1;
  }
  if (o + 1 > cap || o + 1 > ZS_MAX_DNAME_LENGTH)
    return 0;
  w[o++] = 0;
  return o;
}

/* Which name that matters the owner is, or -1. */
static int which_name(const zone_state *st, const zs_scanner_t *s) {
  for (int k = 0; k < N_COUNT; k++) {
    if (s->r_owner_length != st->name_len[k])
      continue;
    size_t i = 0;
    while (i < st->name_len[k] && lower(s->r_owner[i]) == st->names[k][i])
      i++;
    if (i == st->name_len[k])
      return k;
  }
  return -1;
}

/*
 * The line a record starts on. The scanner counts lines up to where it
 * stopped (the end of the record), so count from where it started: skip
 * blanks, line ends, comments and directive lines ($TTL, $ORIGIN) from
 * there to the record's first character.
 */
static unsigned long start_line(const char *p, const char *start,
                                const char *end, unsigned long line,
                                int include) {
  while (p && p < end) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\r') {
      p++;
    } else if (c == '\n') {
      line++;
      p++;
    } else if (c == ';' || (c == '$' && (p == start || p[-1] == '\n') &&
                            !(include && (size_t)(end - p) >= 8 &&
                              memcmp(p, "$INCLUDE", 8) == 0))) {
      while (p < end && *p != '\n')
        p++;
    } else {
      break;
    }
  }
  return line;
}

/* A TXT record's RDATA (length-prefixed strings) in zone-file form:
 * quoted strings separated by a space, as the library reads them. */
static char *txt_zone_form(const uint8_t *r, size_t n, size_t *out_len) {
  size_t cap = 5 * n + 16, o = 0;
  char *buf = malloc(cap);
  if (!buf)
    return NULL;
  size_t i = 0;
  while (i < n) {
    size_t l = r[i++];
    if (l > n - i)
      l = n - i;
    if (o)
      buf[o++] = ' ';
    o += mtasts_txt_zone_write((const char *)r + i, l, buf + o, cap - o);
    i += l;
  }
  buf[o] = '\0';
  *out_len = o;
  return buf;
}

static int take_record(zone_state *st, const zs_scanner_t *s, const char *name,
                       unsigned long line) {
  if (!st->have_domain) {
    if (s->r_type != T_SOA) {
      zone_fail(st->err,
                "%s:%lu: the zone does not start with an SOA record, so its "
                "domain is not known: give --domain",
                name, line);
      return -1;
    }
    if (set_names(st, s->r_owner, s->r_owner_length) != 0) {
      zone_fail(st->err, "%s: out of memory", name);
      return -1;
    }
  }
  int k = which_name(st, s);
  mtasts_status ms = MTASTS_OK;
  if (k == N_APEX && s->r_type == T_MX && s->r_data_length > 2) {
    char host[4 * ZS_MAX_DNAME_LENGTH + 8];
    size_t n =
        wire_to_text(s->r_data + 2, s->r_data_length - 2, host, sizeof host, 0);
    ms = mtasts_deployment_add_mx(st->d, st->rev, host, n, name, line);
  } else if ((k == N_STS || k == N_TLSRPT) && s->r_type == T_TXT) {
    size_t n = 0;
    char *text = txt_zone_form(s->r_data, s->r_data_length, &n);
    if (!text) {
      ms = MTASTS_ERR_NOMEM;
    } else {
      mtasts_txt t = {text, n, MTASTS_TXT_ZONE};
      ms = mtasts_deployment_add_txt(
          st->d, st->rev, k == N_STS ? MTASTS_RECORD_STS : MTASTS_RECORD_TLSRPT,
          &t, name, line);
      free(text);
    }
  } else if (k == N_HOST && (s->r_type == T_A || s->r_type == T_AAAA ||
                             s->r_type == T_CNAME)) {
    ms = mtasts_deployment_add_policy_host_address(st->d, st->rev, name, line);
  }
  if (ms != MTASTS_OK) {
    zone_fail(st->err, "%s: %s", name, mtasts_status_name(ms));
    return -1;
  }
  return 0;
}

static int scan(zone_state *st, zs_scanner_t *s, const char *name);

/* A name or an $INCLUDE operand as shown in an error: control characters
 * escaped (cli_name), into out. */
static const char *shown_name(const char *name, char *out, size_t cap) {
  char *e = cli_name(name);
  snprintf(out, cap, "%s", e ? e : "?");
  free(e);
  return out;
}

/*
 * dir followed by the relative path p, normalised into out: "." and empty
 * components dropped, ".." taking one back. Returns 0, or -1 when p is
 * absolute, goes above the zone's directory, or does not fit.
 */
static int normalise(const char *dir, const char *p, char *out, size_t cap) {
  if (p[0] == '/')
    return -1;
  size_t o = 0, dn = strlen(dir), pn = strlen(p);
  if (dn + pn + 1 > cap)
    return -1;
  char joined[PATH_MAX];
  if (dn + pn + 1 > sizeof joined)
    return -1;
  memcpy(joined, dir, dn);
  memcpy(joined + dn, p, pn + 1);
  size_t i = 0, n = dn + pn;
  while (i < n) {
    size_t e = i;
    while (e < n && joined[e] != '/')
      e++;
    size_t k = e - i;
    if (k == 0 || (k == 1 && joined[i] == '.')) {
      /* nothing */
    } else if (k == 2 && joined[i] == '.' && joined[i + 1] == '.') {
      if (o == 0)
        return -1; /* above the zone's directory */
      o--;
      while (o > 0 && out[o - 1] != '/')
        o--;
    } else {
      memcpy(out + o, joined + i, k);
      o += k;
      out[o++] = '/';
    }
    i = e + 1;
  }
  if (o == 0)
    return -1;
  out[o - 1] = '\0'; /* the last '/' */
  return 0;
}

/* Follows an $INCLUDE, through st->fetch: to a file inside the zone
 * file's directory that is not being read already (which would loop). */
static int follow_include(zone_state *st, const zs_scanner_t *s,
                          const char *name, unsigned long line) {
  const char *target = s->include_filename;
  /* The scanner may have joined a relative name to the including file's
   * directory; show it as written. */
  const char *written = target;
  size_t sl = s->path ? strlen(s->path) : 0;
  if (sl && strncmp(target, s->path, sl) == 0 && target[sl] == '/')
    written = target + sl + 1;
  char rel[PATH_MAX];
  char wn[1024];
  shown_name(written, wn, sizeof wn);
  if (!st->fetch) {
    zone_fail(st->err,
              "%s:%lu: $INCLUDE %s is not followed in a zone read from "
              "text",
              name, line, wn);
    return -1;
  }
  if (normalise(st->text_dir, written, rel, sizeof rel) != 0) {
    zone_fail(st->err,
              "%s:%lu: $INCLUDE %s is refused: it is outside the zone file's "
              "directory",
              name, line, wn);
    return -1;
  }
  for (int i = 0; i < st->depth; i++) {
    if (strcmp(st->open_files[i], rel) == 0) {
      zone_fail(st->err,
                "%s:%lu: $INCLUDE %s is refused: it includes a file that is "
                "being read already (a loop)",
                name, line, wn);
      return -1;
    }
  }
  if (st->depth >= ZONE_MAX_DEPTH) {
    zone_fail(st->err, "%s:%lu: $INCLUDE nests more than %d deep", name, line,
              ZONE_MAX_DEPTH);
    return -1;
  }
  if (st->includes >= ZONE_MAX_INCLUDES) {
    zone_fail(st->err,
              "%s:%lu: $INCLUDE %s is refused: the zone includes files more "
              "than %d times in all",
              name, line, wn, ZONE_MAX_INCLUDES);
    return -1;
  }
  st->includes++;
  char *buf = NULL, *shown = NULL, why[512];
  size_t len = 0;
  int got = st->fetch(st->fetch_ctx, rel, &buf, &len, &shown, why, sizeof why);
  if (got == 0 && len > ZONE_MAX_INCLUDE_BYTES - st->include_bytes) {
    snprintf(why, sizeof why,
             "refused: the files included come to more than %zu MiB in all",
             ZONE_MAX_INCLUDE_BYTES >> 20);
    got = -1;
  }
  if (got != 0) {
    if (got == ZONE_FETCH_OUTSIDE)
      zone_fail(st->err,
                "%s:%lu: $INCLUDE %s is refused: it is outside the zone "
                "file's directory",
                name, line, wn);
    else
      zone_fail(st->err, "%s:%lu: $INCLUDE %s: %s", name, line, wn,
                got > 0 ? "cannot open the file" : why);
    free(buf);
    free(shown);
    return -1;
  }
  st->include_bytes += len;
  char *copy = strdup(rel);
  char *dir = strdup(rel);
  zs_scanner_t *sub = malloc(sizeof *sub);
  int rc = -1;
  if (!copy || !dir || !sub) {
    zone_fail(st->err, "%s: out of memory", name);
    free(copy);
  } else if (zs_init(sub, (const char *)s->buffer, s->default_class,
                     s->default_ttl) != 0 ||
             zs_set_input_string(sub, buf ? buf : "", len) != 0) {
    zone_fail(st->err, "%s:%lu: $INCLUDE %s: %s", name, line, wn,
              zs_strerror(sub->error.code));
    zs_deinit(sub);
    free(copy);
  } else {
    char *slash = strrchr(dir, '/');
    if (slash)
      slash[1] = '\0';
    else
      dir[0] = '\0';
    const char *outer = st->text_dir;
    st->text_dir = dir;
    st->open_files[st->depth++] = copy;
    rc = scan(st, sub, shown);
    st->depth--;
    st->text_dir = outer;
    free(copy);
    zs_deinit(sub);
  }
  free(sub);
  free(dir);
  free(buf);
  free(shown);
  return rc;
}

/*
 * The files a zone file on disk includes: path is relative to the zone
 * file's directory (root). The file is opened first and then checked: it
 * must be a regular file (not a FIFO, which would hang, nor a device), and
 * where it is (/proc/self/fd/N, which names what was opened, whatever
 * links led there) must lie inside root. What is scanned is what was read
 * from that descriptor, so a link changed meanwhile cannot lead elsewhere.
 */
typedef struct disk_files {
  const char *root;         /* realpath of the zone file's directory */
  const char *display_root; /* how the zone file's directory is shown */
} disk_files;

static int fetch_from_disk(void *ctx, const char *path, char **buf, size_t *len,
                           char **shown, char *why, size_t cap) {
  const disk_files *df = ctx;
  size_t rn = strlen(df->root), pn = strlen(path);
  char full[PATH_MAX];
  *buf = NULL;
  *shown = NULL;
  if (rn + 1 + pn + 1 > sizeof full) {
    snprintf(why, cap, "%s", strerror(ENAMETOOLONG));
    return -1;
  }
  snprintf(full, sizeof full, "%s/%s", df->root, path);
#ifdef MTASTS_TEST_HOOKS
  /* Test builds only (mtasts-lint-test, never installed): a command run
   * just before the open, where a link can be changed deterministically
   * (tests/security/zone.sh). */
  const char *hook = getenv("MTASTS_TEST_BEFORE_INCLUDE_OPEN");
  if (hook)
    (void)!system(hook);
#endif
  int fd = open(full, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return 1;
    snprintf(why, cap, "%s", strerror(errno));
    return -1;
  }
  struct stat st;
  char link[64], real[PATH_MAX];
  ssize_t n = -1;
  int rc = -1;
  if (fstat(fd, &st) != 0) {
    snprintf(why, cap, "%s", strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    snprintf(why, cap, "refused: %s",
             S_ISDIR(st.st_mode)    ? "it is a directory"
             : S_ISFIFO(st.st_mode) ? "it is a FIFO, not a regular file"
                                    : "it is not a regular file");
  } else if (snprintf(link, sizeof link, "/proc/self/fd/%d", fd),
             (n = readlink(link, real, sizeof real - 1)) < 0) {
    snprintf(why, cap,
             "refused: where the file lies cannot be checked (%s: %s)", link,
             strerror(errno));
  } else {
    real[n] = '\0';
    if (strncmp(real, df->root, rn) != 0 || real[rn] != '/') {
      rc = ZONE_FETCH_OUTSIDE;
    } else {
      /* Non-blocking is only for the open of a FIFO. */
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      int err = cli_read_fd(fd, ZONE_MAX_INPUT, buf, len);
      size_t dn = strlen(df->display_root);
      if (err) {
        snprintf(why, cap, "%s",
                 err == EFBIG ? "larger than 64 MiB, not read" : strerror(err));
      } else if (!(*shown = malloc(dn + pn + 1))) {
        snprintf(why, cap, "out of memory");
        free(*buf);
        *buf = NULL;
      } else {
        memcpy(*shown, df->display_root, dn);
        memcpy(*shown + dn, path, pn + 1);
        rc = 0;
      }
    }
  }
  close(fd);
  return rc;
}

/* Reads every record of one input, following its includes. */
static int scan(zone_state *st, zs_scanner_t *s, const char *name) {
  for (;;) {
    const char *before = s->input.current;
    unsigned long line = (unsigned long)s->line_counter;
    int rc = zs_parse_record(s);
    if (rc != 0 || s->state == ZS_STATE_ERROR) {
      zone_fail(st->err, "%s:%lu: %s", name, (unsigned long)s->line_counter,
                zs_strerror(s->error.code));
      return -1;
    }
    if (s->state == ZS_STATE_EOF || s->state == ZS_STATE_STOP)
      return 0;
    unsigned long at = start_line(before, s->input.start, s->input.end, line,
                                  s->state == ZS_STATE_INCLUDE);
    if (s->state == ZS_STATE_INCLUDE) {
      if (follow_include(st, s, name, at) != 0)
        return -1;
    } else if (s->state == ZS_STATE_DATA) {
      if (take_record(st, s, name, at) != 0)
        return -1;
    }
  }
}

int zone_read_available(void) {
  return 1;
}

/* Reads from path (a file) or from text (len bytes). */
static int read_zone(const char *path, const char *text, size_t len,
                     const char *name, const char *domain, mtasts_deployment *d,
                     mtasts_revision rev, zone_fetch_fn fetch, void *fetch_ctx,
                     char **domain_out, zone_error *err) {
  zone_state st;
  disk_files df = {NULL, NULL};
  char *map = NULL;
  size_t map_len = 0;
  char *data = NULL; /* a zone that is not a regular file, read whole */
  memset(&st, 0, sizeof st);
  st.d = d;
  st.rev = rev;
  st.err = err;
  st.fetch = fetch;
  st.fetch_ctx = fetch_ctx;
  st.text_dir = "";
  if (domain_out)
    *domain_out = NULL;
  char origin[4 * ZS_MAX_DNAME_LENGTH + 8] = ".";
  if (domain) {
    uint8_t w[ZS_MAX_DNAME_LENGTH + 1];
    size_t n = text_to_wire(domain, w, sizeof w);
    if (!n) {
      zone_fail(err, "--domain %s: not a domain name", domain);
      return -1;
    }
    if (set_names(&st, w, n) != 0) {
      zone_fail(err, "%s: out of memory", name);
      return -1;
    }
    snprintf(origin, sizeof origin, "%s.", st.domain_text);
  }
  zs_scanner_t *s = malloc(sizeof *s);
  int rc = -1;
  if (!s) {
    zone_fail(err, "%s: out of memory", name);
    goto done;
  }
  if (mtasts_deployment_set_zone(d, rev, name) != MTASTS_OK) {
    zone_fail(err, "%s: out of memory", name);
    goto done;
  }
  if (path) {
    /* The zone file: mapped when it is a regular file (of any size), else
     * read whole through the bounded reader (a pipe, /dev/stdin). */
    int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    struct stat zst;
    if (fd < 0 || fstat(fd, &zst) != 0) {
      zone_fail(err, "%s: cannot open the file: %s", name, strerror(errno));
      if (fd >= 0)
        close(fd);
      goto done;
    }
    if (S_ISDIR(zst.st_mode)) {
      zone_fail(err, "%s: %s", name, strerror(EISDIR));
      close(fd);
      goto done;
    }
    if (S_ISREG(zst.st_mode) && zst.st_size > 0) {
      map_len = (size_t)zst.st_size;
      map = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map == MAP_FAILED) {
        map = NULL;
        zone_fail(err, "%s: %s", name, strerror(errno));
        close(fd);
        goto done;
      }
      text = map;
      len = map_len;
    } else if (S_ISREG(zst.st_mode)) {
      text = "";
      len = 0;
    } else {
      int rerr = cli_read_fd(fd, ZONE_MAX_INPUT, &data, &len);
      if (rerr) {
        zone_fail(err, "%s: %s", name,
                  rerr == EFBIG ? "larger than 64 MiB, not read"
                                : strerror(rerr));
        close(fd);
        goto done;
      }
      text = data ? data : "";
    }
    close(fd);
    /* $INCLUDE stays inside the directory of the zone file. */
    const char *zs_slash = strrchr(path, '/');
    char *zdir =
        zs_slash ? strndup(path, (size_t)(zs_slash - path) + 1) : strdup(".");
    st.root = zdir ? realpath(zdir, NULL) : NULL;
    free(zdir);
    if (!st.root) {
      zone_fail(err, "%s: cannot open the file's directory", name);
      goto done;
    }
    if (strcmp(st.root, "/") == 0)
      st.root[0] = '\0'; /* a zone file in / */
    const char *ds = strrchr(name, '/');
    size_t dn = ds ? (size_t)(ds - name) + 1 : 0;
    st.display_root = malloc(dn + 1);
    if (!st.display_root) {
      zone_fail(err, "%s: out of memory", name);
      goto done;
    }
    memcpy(st.display_root, name, dn);
    st.display_root[dn] = '\0';
    df.root = st.root;
    df.display_root = st.display_root;
    st.fetch = fetch_from_disk;
    st.fetch_ctx = &df;
  }
  {
    /* The zone file itself, for loops: its name within its directory. */
    const char *base = strrchr(path ? path : name, '/');
    st.open_files[st.depth++] = strdup(base ? base + 1 : path ? path : name);
    if (!st.open_files[0]) {
      zone_fail(err, "%s: out of memory", name);
      goto done;
    }
  }
  /* Class IN, and a default TTL for records before any $TTL. */
  if (zs_init(s, origin, 1, 3600) != 0) {
    zone_fail(err, "%s: %s", name, zs_strerror(s->error.code));
    goto done;
  }
  if (zs_set_input_string(s, text, len) != 0) {
    zone_fail(err, "%s: %s", name, zs_strerror(s->error.code));
    zs_deinit(s);
    goto done;
  }
  rc = scan(&st, s, name);
  zs_deinit(s);
  if (rc == 0 && !st.have_domain) {
    zone_fail(err,
              "%s: the zone has no SOA record, so its domain is not known: "
              "give --domain",
              name);
    rc = -1;
  }
  if (rc == 0 && domain_out) {
    *domain_out = st.domain_text;
    st.domain_text = NULL;
  }
done:
  if (map)
    munmap(map, map_len);
  free(data);
  free(s);
  free(st.domain_text);
  free(st.root);
  free(st.display_root);
  if (st.depth > 0)
    free(st.open_files[0]);
  return rc;
}

int zone_read(const char *path, const char *name, const char *domain,
              mtasts_deployment *d, mtasts_revision rev, char **domain_out,
              zone_error *err) {
  return read_zone(path, NULL, 0, name, domain, d, rev, NULL, NULL, domain_out,
                   err);
}

int zone_read_text(const char *text, size_t len, const char *name,
                   const char *domain, mtasts_deployment *d,
                   mtasts_revision rev, zone_fetch_fn fetch, void *fetch_ctx,
                   char **domain_out, zone_error *err) {
  return read_zone(NULL, text ? text : "", len, name, domain, d, rev, fetch,
                   fetch_ctx, domain_out, err);
}

#endif /* MTASTS_HAVE_ZSCANNER */
