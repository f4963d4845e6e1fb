/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: DNS lookups with libunbound (see live_dns.h).
 *
 * The resolver forwards to --resolver or to the system's resolvers, and
 * validates from the trust anchor file when one is given. Answers are
 * turned into text as mtasts_dns_answer describes them: TXT strings joined,
 * "PREF EXCHANGE." for MX, the address for A and AAAA, "U S M HEX" for
 * TLSA. The CNAME chain is read from the answer section of the reply.
 */
#define _POSIX_C_SOURCE 200809L

#include "live_dns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <unbound.h>

struct dns_ctx {
  struct ub_ctx *ub;
  int validating;
  unsigned timeout_ms;
};

/* The most records of one answer, and CNAMEs of one chain, kept. */
#define MAX_RECORDS 64
#define MAX_CNAMES 16

int dns_parse_resolver(const char *s, char *addr, size_t addr_cap,
                       unsigned *port) {
  const char *at = strrchr(s, '@');
  size_t n = at ? (size_t)(at - s) : strlen(s);
  *port = 53;
  if (n == 0 || n >= addr_cap)
    return -1;
  memcpy(addr, s, n);
  addr[n] = '\0';
  if (at) {
    char *end;
    errno = 0;
    unsigned long p = strtoul(at + 1, &end, 10);
    if (at[1] < '0' || at[1] > '9' || *end || errno || p == 0 || p > 65535)
      return -1;
    *port = (unsigned)p;
  }
  unsigned char buf[16];
  if (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1)
    return -1;
  return 0;
}

dns_ctx *dns_ctx_new(const char *resolver, const char *trust_anchor,
                     unsigned timeout_ms, char *why, size_t cap) {
  dns_ctx *c = calloc(1, sizeof *c);
  if (!c || !(c->ub = ub_ctx_create())) {
    snprintf(why, cap, "cannot create a resolver: out of memory");
    free(c);
    return NULL;
  }
  c->timeout_ms = timeout_ms;
  int err = ub_ctx_async(c->ub, 1); /* a thread, not a process */
  /* libunbound answers NXDOMAIN itself for the names RFC 6761 reserves,
   * test. among them; ask the resolver instead, as a private test
   * deployment (and this project's tests) live there. */
  if (!err)
    err = ub_ctx_set_option(c->ub, "local-zone:", "test. transparent");
  if (!err && resolver) {
    char addr[64];
    unsigned port;
    if (dns_parse_resolver(resolver, addr, sizeof addr, &port) != 0) {
      snprintf(why, cap, "'%s' is not ADDR[@PORT]", resolver);
      goto fail;
    }
    char fwd[80];
    snprintf(fwd, sizeof fwd, "%s@%u", addr, port);
    err = ub_ctx_set_fwd(c->ub, fwd);
  } else if (!err) {
    err = ub_ctx_resolvconf(c->ub, NULL);
  }
  if (err) {
    snprintf(why, cap, "cannot set up the resolver: %s", ub_strerror(err));
    goto fail;
  }
  if (trust_anchor) {
    err = ub_ctx_add_ta_file(c->ub, trust_anchor);
    if (err) {
      snprintf(why, cap, "%s: cannot read the trust anchor: %s", trust_anchor,
               ub_strerror(err));
      goto fail;
    }
    c->validating = 1;
  }
  return c;
fail:
  ub_ctx_delete(c->ub);
  free(c);
  return NULL;
}

void dns_ctx_free(dns_ctx *c) {
  if (!c)
    return;
  ub_ctx_delete(c->ub);
  free(c);
}

/* ---------------------------------------------------------------------- */
/* Wire format to text                                                     */

/* A growing string; on failure it is marked and stays empty. */
typedef struct sbuf {
  char *p;
  size_t len, cap;
  int nomem;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
  if (b->nomem)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->nomem = 1;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_char(sbuf *b, char c) {
  sb_add(b, &c, 1);
}

/*
 * Appends the name at pkt[*off..) as text (labels joined by '.', no final
 * dot; the root is ""), following compression pointers (RFC 1035 §4.1.4)
 * within pkt[0..len). *off is moved past the name where it stands. Returns
 * 0, or -1 for a malformed name.
 */
static int name_text(const uint8_t *pkt, size_t len, size_t *off, sbuf *b) {
  size_t at = *off, jumps = 0, total = 0;
  int jumped = 0, first = 1;
  for (;;) {
    if (at >= len)
      return -1;
    uint8_t l = pkt[at];
    if ((l & 0xC0) == 0xC0) {
      if (at + 1 >= len || ++jumps > 64)
        return -1;
      if (!jumped)
        *off = at + 2;
      jumped = 1;
      at = (size_t)(l & 0x3F) << 8 | pkt[at + 1];
      continue;
    }
    if (l & 0xC0)
      return -1;
    if (l == 0) {
      if (!jumped)
        *off = at + 1;
      return 0;
    }
    if (at + 1 + l > len || (total += (size_t)l + 1) > 255)
      return -1;
    if (!first)
      sb_char(b, '.');
    first = 0;
    for (size_t i = 0; i < l; i++) {
      unsigned char ch = pkt[at + 1 + i];
      if (ch == '.' || ch == '\\') {
        sb_char(b, '\\');
        sb_char(b, (char)ch);
      } else if (ch <= 0x20 || ch >= 0x7F) {
        char esc[5];
        snprintf(esc, sizeof esc, "\\%03u", ch);
        sb_add(b, esc, 4);
      } else {
        sb_char(b, (char)ch);
      }
    }
    at += 1 + (size_t)l;
  }
}

/* One record's rdata (names in it uncompressed, as libunbound gives them)
 * as text; NULL when it is malformed or memory ran out. */
static char *rdata_text(unsigned type, const uint8_t *d, size_t n) {
  sbuf b = {0};
  char tmp[INET6_ADDRSTRLEN + 8];
  size_t off;
  switch (type) {
  case DNS_TYPE_A:
    if (n != 4 || !inet_ntop(AF_INET, d, tmp, sizeof tmp))
      return NULL;
    sb_add(&b, tmp, strlen(tmp));
    break;
  case DNS_TYPE_AAAA:
    if (n != 16 || !inet_ntop(AF_INET6, d, tmp, sizeof tmp))
      return NULL;
    sb_add(&b, tmp, strlen(tmp));
    break;
  case DNS_TYPE_TXT:
    /* The character-strings joined (RFC 7208 §3.3 reads them so, and so
     * does RFC 8461 §3.1). */
    sb_add(&b, "", 0);
    for (off = 0; off < n;) {
      size_t l = d[off];
      if (off + 1 + l > n)
        break;
      sb_add(&b, (const char *)d + off + 1, l);
      off += 1 + l;
    }
    break;
  case DNS_TYPE_MX:
    if (n < 3)
      return NULL;
    snprintf(tmp, sizeof tmp, "%u ", (unsigned)(d[0] << 8 | d[1]));
    sb_add(&b, tmp, strlen(tmp));
    off = 2;
    if (name_text(d, n, &off, &b) != 0)
      break;
    sb_char(&b, '.');
    break;
  case DNS_TYPE_TLSA:
    if (n < 3)
      return NULL;
    snprintf(tmp, sizeof tmp, "%u %u %u ", d[0], d[1], d[2]);
    sb_add(&b, tmp, strlen(tmp));
    for (off = 3; off < n; off++) {
      snprintf(tmp, sizeof tmp, "%02X", d[off]);
      sb_add(&b, tmp, 2);
    }
    break;
  default:
    return NULL;
  }
  if (b.nomem) {
    free(b.p);
    return NULL;
  }
  return b.p;
}

static int str_set(mtasts_str *s, const char *text) {
  size_t n = strlen(text);
  char *p = malloc(n + 1);
  if (!p)
    return -1;
  memcpy(p, text, n + 1);
  s->ptr = p;
  s->len = n;
  return 0;
}

/*
 * The CNAME chain of a reply: the target of each CNAME record of the
 * answer section, in order, each starting from the previous target (the
 * first from the name asked for). At most MAX_CNAMES.
 */
static void cname_chain(const uint8_t *pkt, size_t len, mtasts_dns_answer *a) {
  if (!pkt || len < 12)
    return;
  unsigned qd = (unsigned)(pkt[4] << 8 | pkt[5]);
  unsigned an = (unsigned)(pkt[6] << 8 | pkt[7]);
  size_t off = 12;
  for (unsigned i = 0; i < qd; i++) {
    sbuf skip = {0};
    int bad = name_text(pkt, len, &off, &skip);
    free(skip.p);
    if (bad || (off += 4) > len)
      return;
  }
  mtasts_str *chain = calloc(MAX_CNAMES, sizeof *chain);
  if (!chain)
    return;
  size_t count = 0;
  for (unsigned i = 0; i < an && count < MAX_CNAMES; i++) {
    sbuf owner = {0};
    int bad = name_text(pkt, len, &off, &owner);
    free(owner.p);
    if (bad || off + 10 > len)
      break;
    unsigned type = (unsigned)(pkt[off] << 8 | pkt[off + 1]);
    size_t rdlen = (size_t)(pkt[off + 8] << 8 | pkt[off + 9]);
    off += 10;
    if (off + rdlen > len)
      break;
    if (type == DNS_TYPE_CNAME) {
      sbuf target = {0};
      size_t at = off;
      if (name_text(pkt, len, &at, &target) == 0 && !target.nomem && target.p) {
        chain[count].ptr = target.p;
        chain[count].len = target.len;
        count++;
      } else {
        free(target.p);
      }
    }
    off += rdlen;
  }
  if (count == 0) {
    free(chain);
    return;
  }
  a->cnames = chain;
  a->cname_count = count;
}

/* ---------------------------------------------------------------------- */
/* Lookups                                                                 */

typedef struct pending_ctx {
  dns_ctx *c;
  dns_query *q;
} pending_ctx;

/* libunbound's answer to one query: into q->answer. */
static void got_answer(void *arg, int err, struct ub_result *r) {
  pending_ctx *p = arg;
  dns_query *q = p->q;
  mtasts_dns_answer *a = &q->answer;
  q->pending = 0;
  a->dnssec =
      p->c->validating ? MTASTS_DNSSEC_INSECURE : MTASTS_DNSSEC_UNCHECKED;
  if (err || !r) {
    a->outcome = MTASTS_DNS_SERVFAIL;
    ub_resolve_free(r);
    return;
  }
  if (p->c->validating) {
    if (r->bogus)
      a->dnssec = MTASTS_DNSSEC_BOGUS;
    else if (r->secure)
      a->dnssec = MTASTS_DNSSEC_SECURE;
  }
  cname_chain(r->answer_packet, r->answer_len > 0 ? (size_t)r->answer_len : 0,
              a);
  if (r->bogus || r->rcode == 2 /* SERVFAIL */) {
    a->outcome = MTASTS_DNS_SERVFAIL;
  } else if (r->rcode == 3 || r->nxdomain) {
    a->outcome = MTASTS_DNS_NXDOMAIN;
  } else if (r->rcode != 0) {
    a->outcome = MTASTS_DNS_SERVFAIL; /* REFUSED, NOTIMP, ...: no answer */
  } else if (!r->havedata) {
    a->outcome = MTASTS_DNS_NODATA;
  } else {
    size_t n = 0;
    while (r->data[n] && n < MAX_RECORDS)
      n++;
    mtasts_str *recs = calloc(n ? n : 1, sizeof *recs);
    size_t k = 0;
    for (size_t i = 0; recs && i < n; i++) {
      char *t = rdata_text(q->type, (const uint8_t *)r->data[i],
                           r->len[i] > 0 ? (size_t)r->len[i] : 0);
      if (t) {
        recs[k].ptr = t;
        recs[k].len = strlen(t);
        k++;
      }
    }
    a->records = recs;
    a->record_count = k;
    a->outcome = k ? MTASTS_DNS_ANSWER : MTASTS_DNS_NODATA;
  }
  ub_resolve_free(r);
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int dns_lookup_many(dns_ctx *c, dns_query *q, size_t n) {
  pending_ctx *pc = calloc(n ? n : 1, sizeof *pc);
  int status = 0;
  for (size_t i = 0; i < n; i++) {
    mtasts_dns_answer_init(&q[i].answer);
    q[i].pending = 0;
    if (str_set(&q[i].answer.name, q[i].name) != 0 || !pc) {
      q[i].answer.outcome = MTASTS_DNS_SERVFAIL;
      status = -1;
      continue;
    }
    q[i].answer.type = q[i].type;
    pc[i].c = c;
    pc[i].q = &q[i];
    q[i].pending = 1;
    if (ub_resolve_async(c->ub, q[i].name, (int)q[i].type, 1 /* IN */, &pc[i],
                         got_answer, &q[i].async_id) != 0) {
      q[i].pending = 0;
      q[i].answer.outcome = MTASTS_DNS_SERVFAIL;
    }
  }
  long deadline = now_ms() + (long)c->timeout_ms;
  for (;;) {
    size_t left = 0;
    for (size_t i = 0; i < n; i++)
      left += q[i].pending != 0;
    if (left == 0)
      break;
    long wait = deadline - now_ms();
    if (wait <= 0)
      break;
    struct pollfd pfd = {ub_fd(c->ub), POLLIN, 0};
    int rc = poll(&pfd, 1, (int)wait);
    if (rc < 0 && errno != EINTR)
      break;
    if (rc > 0)
      ub_process(c->ub);
  }
  for (size_t i = 0; i < n; i++) {
    if (q[i].pending) {
      ub_cancel(c->ub, q[i].async_id);
      q[i].pending = 0;
      q[i].answer.outcome = MTASTS_DNS_TIMEOUT;
      q[i].answer.dnssec = MTASTS_DNSSEC_UNCHECKED;
    }
  }
  free(pc);
  return status;
}

void dns_answer_free(mtasts_dns_answer *a) {
  free((char *)a->name.ptr);
  for (size_t i = 0; i < a->cname_count; i++)
    free((char *)a->cnames[i].ptr);
  free((mtasts_str *)a->cnames);
  for (size_t i = 0; i < a->record_count; i++)
    free((char *)a->records[i].ptr);
  free((mtasts_str *)a->records);
  a->name.ptr = NULL;
  a->cnames = a->records = NULL;
  a->cname_count = a->record_count = 0;
}

/* ---------------------------------------------------------------------- */
/* Is there a resolver at all?                                             */

/* Sends ". IN NS" with RD to addr:port over UDP and waits for a reply with
 * the same id. 0 on a reply, else -1 with why. */
static int probe_one(const char *addr, unsigned port, unsigned timeout_ms,
                     char *why, size_t cap) {
  struct sockaddr_storage ss;
  socklen_t sl;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    sl = sizeof *s4;
  } else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)port);
    sl = sizeof *s6;
  } else {
    snprintf(why, cap, "%s is not an IP address", addr);
    return -1;
  }
  int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    snprintf(why, cap, "%s@%u: %s", addr, port, strerror(errno));
    return -1;
  }
  unsigned id = (unsigned)(now_ms() & 0xFFFF);
  const uint8_t query[] = {
      (uint8_t)(id >> 8), (uint8_t)id, 0x01,       0x00, 0, 1, 0, 0, 0, 0, 0, 0,
      0 /* root */,       0,           2 /* NS */, 0,    1 /* IN */};
  int rc = -1;
  if (connect(fd, (struct sockaddr *)&ss, sl) != 0 ||
      send(fd, query, sizeof query, 0) < 0) {
    snprintf(why, cap, "%s@%u: %s", addr, port, strerror(errno));
    goto done;
  }
  long deadline = now_ms() + (long)timeout_ms;
  for (;;) {
    long wait = deadline - now_ms();
    if (wait <= 0) {
      snprintf(why, cap, "%s@%u: no answer in %u s", addr, port,
               (timeout_ms + 999) / 1000);
      goto done;
    }
    struct pollfd pfd = {fd, POLLIN, 0};
    int p = poll(&pfd, 1, (int)wait);
    if (p < 0 && errno == EINTR)
      continue;
    if (p <= 0)
      continue;
    uint8_t reply[512];
    ssize_t got = recv(fd, reply, sizeof reply, 0);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      /* An ICMP port unreachable: nothing listens there. */
      snprintf(why, cap, "%s@%u: %s", addr, port, strerror(errno));
      goto done;
    }
    if (got >= 12 && reply[0] == query[0] && reply[1] == query[1] &&
        (reply[2] & 0x80)) {
      rc = 0;
      goto done;
    }
  }
done:
  close(fd);
  return rc;
}

int dns_probe(const char *resolver, unsigned timeout_ms, char *why,
              size_t cap) {
  char addr[64];
  unsigned port;
  if (resolver) {
    if (dns_parse_resolver(resolver, addr, sizeof addr, &port) != 0) {
      snprintf(why, cap, "'%s' is not ADDR[@PORT]", resolver);
      return -1;
    }
    return probe_one(addr, port, timeout_ms, why, cap);
  }
  /* The system's resolvers; without a nameserver line, the C library
   * asks 127.0.0.1, and so does libunbound. */
  FILE *fp = fopen("/etc/resolv.conf", "r");
  char line[512];
  int tried = 0;
  snprintf(why, cap, "no nameserver in /etc/resolv.conf");
  while (fp && fgets(line, sizeof line, fp)) {
    char name[64];
    if (sscanf(line, " nameserver %63s", name) != 1)
      continue;
    char *pct = strchr(name, '%'); /* an IPv6 zone index */
    if (pct)
      *pct = '\0';
    tried++;
    if (probe_one(name, 53, timeout_ms, why, cap) == 0) {
      fclose(fp);
      return 0;
    }
  }
  if (fp)
    fclose(fp);
  if (!tried)
    return probe_one("127.0.0.1", 53, timeout_ms, why, cap);
  return -1;
}
