/*
 * Fuzz harness for the writers (lib/write.c) and mtasts_host_check: what the
 * library writes must read back as what was written.
 *
 * Input: one option byte, then a body. Its low three bits, modulo 5, choose
 * ('0' to '4' in the seeds; '8' is 0 with bit 3 set):
 *   0  mtasts_txt_zone_write on the body: the zone-file text holds only
 *      printable ASCII, keeps the snprintf contract when cut short, has no
 *      zone syntax error or string over 255 octets, and reads back (as an
 *      _mta-sts or, with bit 3 of the option byte, a TLS-RPT record) with
 *      the same findings and values as the body given raw (RFC 1035 §5.1,
 *      RFC 8461 §3.1)
 *   1  the body as a policy; when valid, mtasts_policy_get_values and
 *      mtasts_policy_write (LF and CRLF) give a policy that is valid and
 *      holds the same values (RFC 8461 §3.2)
 *   2  mtasts_sts_record_write with the body as the id: an id of 1 to 32
 *      letters and digits gives a valid record holding it
 *   3  mtasts_tlsrpt_record_write with the body's lines as URIs: a valid
 *      record holds them in order when none has ',', ';' or space
 *   4  mtasts_host_check on the body: its issue lies inside the name, and a
 *      valid name without a trailing dot is a valid mx pattern that covers
 *      itself (RFC 8461 §3.2, §4.1)
 * The seeds start with '0' to '4'.
 */
#include "fuzz_util.h"

#include <stdlib.h>
#include <string.h>

/* Writes with the snprintf protocol: the length, then the text into an
 * exact buffer, then again into one of half the size, which must hold the
 * start of the same text. Returns the malloc'd text; *len gets its length. */
typedef size_t (*writer)(const void *arg, char *buf, size_t cap);

static char *write_all(writer w, const void *arg, size_t *len) {
  size_t n = w(arg, NULL, 0);
  char *buf = malloc(n + 1);
  FU_CHECK(buf != NULL);
  /* The writers copy values as given, NUL bytes included: so the checks
   * are on lengths, not strlen. */
  FU_CHECK(w(arg, buf, n + 1) == n);
  FU_CHECK(buf[n] == '\0');
  size_t half = n / 2 + 1;
  char *cut = malloc(half);
  FU_CHECK(cut != NULL);
  FU_CHECK(w(arg, cut, half) == n);
  FU_CHECK(cut[half - 1] == '\0' && memcmp(cut, buf, half - 1) == 0);
  free(cut);
  *len = n;
  return buf;
}

static int same_str(const char *a, const char *b) {
  return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

/* ---- 0: zone-file text ---- */

typedef struct zone_arg {
  const char *text;
  size_t len;
} zone_arg;

static size_t zone_writer(const void *arg, char *buf, size_t cap) {
  const zone_arg *z = arg;
  return mtasts_txt_zone_write(z->text, z->len, buf, cap);
}

static mtasts_record *parse_one(mtasts_kind kind, const char *p, size_t n,
                                mtasts_txt_form form) {
  mtasts_txt t = {p, n, form};
  mtasts_record *r = NULL;
  FU_CHECK(mtasts_record_parse(kind, &t, 1, NULL, &r) == MTASTS_OK);
  FU_CHECK(r != NULL);
  size_t nd = mtasts_record_diag_count(r);
  for (size_t i = 0; i < nd; i++)
    fu_check_diag(mtasts_record_diag(r, i), n);
  return r;
}

static void zone_round_trip(const char *text, size_t len, int tlsrpt) {
  zone_arg z = {text, len};
  size_t n;
  char *zone = write_all(zone_writer, &z, &n);
  for (size_t i = 0; i < n; i++)
    FU_CHECK(zone[i] >= 0x20 && zone[i] <= 0x7e);
  mtasts_kind kind = tlsrpt ? MTASTS_RECORD_TLSRPT : MTASTS_RECORD_STS;
  mtasts_record *raw = parse_one(kind, text, len, MTASTS_TXT_RAW);
  mtasts_record *dec = parse_one(kind, zone, n, MTASTS_TXT_ZONE);
  /* The same joined text: the same findings (positions differ, being in
   * the text as given, and so may their order: a finding about the whole
   * record is at column 1, the opening quote) and the same values. */
  size_t nd = mtasts_record_diag_count(raw);
  FU_CHECK(mtasts_record_diag_count(dec) == nd);
  long tally[MTASTS_DIAG_COUNT_][3];
  memset(tally, 0, sizeof tally);
  for (size_t i = 0; i < nd; i++) {
    const mtasts_diag *a = mtasts_record_diag(raw, i);
    const mtasts_diag *b = mtasts_record_diag(dec, i);
    FU_CHECK(b->code != MTASTS_DIAG_TXT_ZONE_SYNTAX &&
             b->code != MTASTS_DIAG_TXT_STRING_TOO_LONG);
    tally[a->code][a->severity]++;
    tally[b->code][b->severity]--;
  }
  for (size_t c = 0; c < MTASTS_DIAG_COUNT_; c++)
    for (size_t sev = 0; sev < 3; sev++)
      FU_CHECK(tally[c][sev] == 0);
  FU_CHECK(mtasts_record_valid(raw) == mtasts_record_valid(dec));
  FU_CHECK(mtasts_record_selected(raw) == mtasts_record_selected(dec));
  FU_CHECK(same_str(mtasts_record_version(raw), mtasts_record_version(dec)));
  FU_CHECK(same_str(mtasts_record_id(raw), mtasts_record_id(dec)));
  size_t rua = mtasts_record_rua_count(raw);
  FU_CHECK(mtasts_record_rua_count(dec) == rua);
  for (size_t i = 0; i < rua; i++)
    FU_CHECK(same_str(mtasts_record_rua(raw, i), mtasts_record_rua(dec, i)));
  size_t ext = mtasts_record_extension_count(raw);
  FU_CHECK(mtasts_record_extension_count(dec) == ext);
  for (size_t i = 0; i < ext; i++) {
    FU_CHECK(same_str(mtasts_record_extension_name(raw, i),
                      mtasts_record_extension_name(dec, i)));
    FU_CHECK(same_str(mtasts_record_extension_value(raw, i),
                      mtasts_record_extension_value(dec, i)));
  }
  mtasts_record_free(raw);
  mtasts_record_free(dec);
  free(zone);
}

/* ---- 1: policies ---- */

typedef struct policy_arg {
  const mtasts_policy_values *v;
  unsigned flags;
} policy_arg;

static size_t policy_writer(const void *arg, char *buf, size_t cap) {
  const policy_arg *a = arg;
  return mtasts_policy_write(a->v, a->flags, buf, cap);
}

static void policy_round_trip(const char *body, size_t len) {
  mtasts_policy *p = NULL;
  FU_CHECK(mtasts_policy_parse(body, len, NULL, &p) == MTASTS_OK);
  size_t nmx = mtasts_policy_mx_count(p);
  size_t next = mtasts_policy_extension_count(p);
  mtasts_str *mx = calloc(nmx + 1, sizeof *mx);
  mtasts_extension *ext = calloc(next + 1, sizeof *ext);
  FU_CHECK(mx && ext);
  mtasts_policy_values v;
  if (nmx)
    FU_CHECK(mtasts_policy_get_values(p, &v, mx, nmx - 1, ext, next) ==
             MTASTS_ERR_INVALID_ARG);
  FU_CHECK(mtasts_policy_get_values(p, &v, mx, nmx, ext, next) == MTASTS_OK);
  FU_CHECK(v.mx_count == nmx && v.extension_count == next);
  if (mtasts_policy_valid(p)) {
    for (unsigned flags = 0; flags <= MTASTS_WRITE_LF; flags++) {
      policy_arg a = {&v, flags};
      size_t n;
      char *text = write_all(policy_writer, &a, &n);
      mtasts_policy *q = fu_policy_checked(text, n, NULL);
      FU_CHECK(mtasts_policy_valid(q));
      FU_CHECK(mtasts_policy_mode(q) == v.mode);
      uint64_t age = 0;
      FU_CHECK(mtasts_policy_max_age(q, &age) && age == v.max_age);
      FU_CHECK(mtasts_policy_mx_count(q) == nmx);
      for (size_t i = 0; i < nmx; i++)
        FU_CHECK(strcmp(mtasts_policy_mx(q, i), mx[i].ptr) == 0);
      FU_CHECK(mtasts_policy_extension_count(q) == next);
      for (size_t i = 0; i < next; i++) {
        FU_CHECK(strcmp(mtasts_policy_extension_name(q, i), ext[i].name.ptr) ==
                 0);
        FU_CHECK(
            strcmp(mtasts_policy_extension_value(q, i), ext[i].value.ptr) == 0);
      }
      mtasts_policy_free(q);
      free(text);
    }
  }
  free(mx);
  free(ext);
  mtasts_policy_free(p);
}

/* ---- 2 and 3: records ---- */

static size_t sts_writer(const void *arg, char *buf, size_t cap) {
  const zone_arg *z = arg;
  return mtasts_sts_record_write(z->text, z->len, buf, cap);
}

static int alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

static void sts_record(const char *id, size_t len) {
  zone_arg z = {id, len};
  size_t n;
  char *text = write_all(sts_writer, &z, &n);
  mtasts_record *r = parse_one(MTASTS_RECORD_STS, text, n, MTASTS_TXT_RAW);
  int good = len >= 1 && len <= 32;
  for (size_t i = 0; i < len && good; i++)
    good = alnum((unsigned char)id[i]);
  if (good) {
    /* RFC 8461 §3.1 sts-id = 1*32(ALPHA / DIGIT). */
    FU_CHECK(mtasts_record_valid(r));
    FU_CHECK(mtasts_record_id(r) && strlen(mtasts_record_id(r)) == len &&
             memcmp(mtasts_record_id(r), id, len) == 0);
  }
  mtasts_record_free(r);
  free(text);
}

typedef struct rua_arg {
  const mtasts_str *rua;
  size_t count;
} rua_arg;

static size_t rua_writer(const void *arg, char *buf, size_t cap) {
  const rua_arg *a = arg;
  return mtasts_tlsrpt_record_write(a->rua, a->count, buf, cap);
}

static void tlsrpt_record(const char *body, size_t len) {
  size_t count = 1;
  for (size_t i = 0; i < len; i++)
    count += body[i] == '\n';
  mtasts_str *rua = calloc(count, sizeof *rua);
  FU_CHECK(rua != NULL);
  int plain = 1; /* no URI holds a byte that changes the list's structure */
  for (size_t i = 0, start = 0; i < count; i++) {
    const char *nl = memchr(body + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - body) : len;
    rua[i].ptr = body + start;
    rua[i].len = end - start;
    for (size_t k = start; k < end; k++)
      plain &= body[k] != ',' && body[k] != ';' &&
               (unsigned char)body[k] > 0x20 && (unsigned char)body[k] < 0x7f;
    start = end + 1;
  }
  rua_arg a = {rua, count};
  size_t n;
  char *text = write_all(rua_writer, &a, &n);
  mtasts_record *r = parse_one(MTASTS_RECORD_TLSRPT, text, n, MTASTS_TXT_RAW);
  if (plain && mtasts_record_valid(r)) {
    FU_CHECK(mtasts_record_rua_count(r) == count);
    for (size_t i = 0; i < count; i++)
      FU_CHECK(strlen(mtasts_record_rua(r, i)) == rua[i].len &&
               memcmp(mtasts_record_rua(r, i), rua[i].ptr, rua[i].len) == 0);
  }
  mtasts_record_free(r);
  free(text);
  free(rua);
}

/* ---- 4: host names ---- */

static void host_name(const char *name, size_t len) {
  mtasts_name_issue is;
  memset(&is, 0, sizeof is);
  int ok = mtasts_host_check(name, len, &is);
  FU_CHECK(ok == 0 || ok == 1);
  FU_CHECK(mtasts_host_check(name, len, NULL) == ok);
  if (!ok) {
    FU_CHECK(is.offset <= len && is.length <= len - is.offset);
    FU_CHECK(is.reason != NULL && fu_text_ok(is.reason, 0));
    const char *id = mtasts_diag_code_id(is.code);
    FU_CHECK(id != NULL && strncmp(id, "policy-mx-", 10) == 0);
    return;
  }
  if (len == 0 || name[len - 1] == '.')
    return;
  /* A valid host name is a valid mx pattern, which covers the host. */
  FU_CHECK(mtasts_mx_match(name, len, name, len) == 1);
  static const char head[] = "version: STSv1\nmode: enforce\nmx: ";
  static const char tail[] = "\nmax_age: 604800\n";
  size_t blen = sizeof head - 1 + len + sizeof tail - 1;
  char *body = malloc(blen);
  FU_CHECK(body != NULL);
  memcpy(body, head, sizeof head - 1);
  memcpy(body + sizeof head - 1, name, len);
  memcpy(body + sizeof head - 1 + len, tail, sizeof tail - 1);
  mtasts_policy *p = fu_policy_checked(body, blen, NULL);
  FU_CHECK(mtasts_policy_valid(p));
  FU_CHECK(mtasts_policy_mx_count(p) == 1);
  FU_CHECK(strlen(mtasts_policy_mx(p, 0)) == len &&
           memcmp(mtasts_policy_mx(p, 0), name, len) == 0);
  mtasts_policy_free(p);
  free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    /* NULL with no length is empty text to every writer. */
    FU_CHECK(mtasts_txt_zone_write(NULL, 0, NULL, 0) == 2);
    FU_CHECK(mtasts_host_check(NULL, 0, NULL) == 0);
    return 0;
  }
  unsigned char opt = data[0];
  /* An exact copy, so that a read past the body is caught. */
  char *body = fu_dup(data + 1, size - 1);
  size_t len = size - 1;
  switch ((opt & 7u) % 5) {
  case 0:
    zone_round_trip(body, len, (opt >> 3) & 1);
    break;
  case 1:
    policy_round_trip(body, len);
    break;
  case 2:
    sts_record(body, len);
    break;
  case 3:
    tlsrpt_record(body, len);
    break;
  default:
    host_name(body, len);
    break;
  }
  free(body);
  return 0;
}
