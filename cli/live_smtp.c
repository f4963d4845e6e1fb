/* SPDX-License-Identifier: MIT */
/*
 * mtasts-check: one MX host address on port 25 (see live_smtp.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "live_smtp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

struct smtp_ctx {
  SSL_CTX *ssl_ctx;
  X509_STORE *store;
  unsigned timeout_ms;
  char ehlo[256];
};

smtp_ctx *smtp_ctx_new(X509_STORE *store, unsigned timeout_ms,
                       const char *ehlo_name, char *why, size_t cap) {
  smtp_ctx *c = calloc(1, sizeof *c);
  if (!c || !(c->ssl_ctx = SSL_CTX_new(TLS_client_method()))) {
    snprintf(why, cap, "cannot set up TLS: out of memory");
    free(c);
    return NULL;
  }
  /* Whatever the server offers is taken and reported, old versions and
   * weak keys included: the check describes the server, and the library
   * says what is too old (RFC 8996). The chain is verified by live_tls.c,
   * not during the handshake. */
  SSL_CTX_set_min_proto_version(c->ssl_ctx, 0);
  SSL_CTX_set_security_level(c->ssl_ctx, 0);
  SSL_CTX_set_cipher_list(c->ssl_ctx, "ALL:@SECLEVEL=0");
  SSL_CTX_set_verify(c->ssl_ctx, SSL_VERIFY_NONE, NULL);
  c->store = store;
  c->timeout_ms = timeout_ms;
  snprintf(c->ehlo, sizeof c->ehlo, "%s", ehlo_name);
  return c;
}

void smtp_ctx_free(smtp_ctx *c) {
  if (!c)
    return;
  SSL_CTX_free(c->ssl_ctx);
  free(c);
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One SMTP session: the socket, TLS once started, and the bytes read that
 * no reply has used yet. */
typedef struct session {
  int fd;
  SSL *ssl;
  long deadline;
  char buf[SMTP_MAX_REPLY];
  size_t len;
  char reply[SMTP_MAX_REPLY + 1]; /* the last reply, its lines joined */
  size_t reply_len;
  unsigned code;
  char why[200]; /* why the last step failed */
} session;

/* Waits until fd is ready for events or the deadline passes: 1 ready, 0
 * timed out, -1 error. */
static int wait_fd(session *s, short events) {
  for (;;) {
    long left = s->deadline - now_ms();
    if (left <= 0)
      return 0;
    struct pollfd pfd = {s->fd, events, 0};
    int rc = poll(&pfd, 1, (int)left);
    if (rc > 0)
      return 1;
    if (rc < 0 && errno != EINTR)
      return -1;
  }
}

/* Reads more bytes into s->buf: > 0 bytes read, 0 the peer closed, -1 an
 * error, -2 the time-out. */
static long read_some(session *s) {
  size_t room = sizeof s->buf - s->len;
  for (;;) {
    if (s->ssl) {
      ERR_clear_error();
      int n = SSL_read(s->ssl, s->buf + s->len, (int)room);
      if (n > 0)
        return n;
      int e = SSL_get_error(s->ssl, n);
      if (e == SSL_ERROR_ZERO_RETURN)
        return 0;
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
        return -1;
      int w = wait_fd(s, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT);
      if (w <= 0)
        return w == 0 ? -2 : -1;
    } else {
      ssize_t n = recv(s->fd, s->buf + s->len, room, 0);
      if (n >= 0)
        return (long)n;
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        return -1;
      int w = wait_fd(s, POLLIN);
      if (w <= 0)
        return w == 0 ? -2 : -1;
    }
  }
}

/* Writes a command line: 0, or -1 with s->why. */
static int send_line(session *s, const char *line) {
  size_t len = strlen(line), done = 0;
  while (done < len) {
    if (s->ssl) {
      ERR_clear_error();
      int n = SSL_write(s->ssl, line + done, (int)(len - done));
      if (n > 0) {
        done += (size_t)n;
        continue;
      }
      int e = SSL_get_error(s->ssl, n);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
        goto fail;
      if (wait_fd(s, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT) <= 0)
        goto fail;
    } else {
      ssize_t n = send(s->fd, line + done, len - done, MSG_NOSIGNAL);
      if (n >= 0) {
        done += (size_t)n;
        continue;
      }
      if (errno == EINTR)
        continue;
      if ((errno != EAGAIN && errno != EWOULDBLOCK) || wait_fd(s, POLLOUT) <= 0)
        goto fail;
    }
  }
  return 0;
fail:
  snprintf(s->why, sizeof s->why, "the connection failed while sending");
  return -1;
}

/*
 * Reads one reply (RFC 5321 §4.2): lines "DDD-text" up to a line "DDD
 * text" (or "DDD"), each ending with CRLF (a bare LF is taken too). Sets
 * s->code and s->reply (the texts, one per line). Returns 0, or -1 with
 * s->why: the time-out, the connection closed, a malformed line, or a
 * reply over SMTP_MAX_REPLY bytes.
 */
static int read_reply(session *s) {
  s->reply_len = 0;
  s->code = 0;
  size_t at = 0; /* start of the first line not yet taken */
  for (;;) {
    char *nl;
    while ((nl = memchr(s->buf + at, '\n', s->len - at)) != NULL) {
      char *line = s->buf + at;
      size_t n = (size_t)(nl - line);
      if (n && line[n - 1] == '\r')
        n--;
      at = (size_t)(nl - s->buf) + 1;
      if (n < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' ||
          line[1] > '9' || line[2] < '0' || line[2] > '9' ||
          (n > 3 && line[3] != ' ' && line[3] != '-')) {
        snprintf(s->why, sizeof s->why, "malformed reply line '%.*s'",
                 (int)(n > 80 ? 80 : n), line);
        return -1;
      }
      unsigned code = (unsigned)((line[0] - '0') * 100 + (line[1] - '0') * 10 +
                                 (line[2] - '0'));
      if (s->code && code != s->code) {
        snprintf(s->why, sizeof s->why, "reply lines with different codes");
        return -1;
      }
      s->code = code;
      size_t t = n > 4 ? n - 4 : 0;
      if (s->reply_len + t + 1 < sizeof s->reply) {
        memcpy(s->reply + s->reply_len, line + 4, t);
        s->reply_len += t;
        s->reply[s->reply_len++] = '\n';
        s->reply[s->reply_len] = '\0';
      }
      if (n == 3 || line[3] == ' ') {
        /* The reply is complete; keep what follows it. */
        memmove(s->buf, s->buf + at, s->len - at);
        s->len -= at;
        return 0;
      }
    }
    if (at > 0) {
      memmove(s->buf, s->buf + at, s->len - at);
      s->len -= at;
      at = 0;
    }
    if (s->len == sizeof s->buf) {
      snprintf(s->why, sizeof s->why, "reply longer than %d bytes",
               SMTP_MAX_REPLY);
      return -1;
    }
    long n = read_some(s);
    if (n > 0) {
      s->len += (size_t)n;
      continue;
    }
    snprintf(s->why, sizeof s->why, "%s",
             n == -2  ? "no reply before the time-out"
             : n == 0 ? "the server closed the connection"
                      : "the connection failed while reading");
    return -1;
  }
}

/* The first line of the last reply, for messages. */
static void reply_text(const session *s, char *buf, size_t cap) {
  size_t n = strcspn(s->reply, "\n");
  snprintf(buf, cap, "%u %.*s", s->code, (int)(n > 120 ? 120 : n), s->reply);
}

/* Whether the EHLO reply lists the STARTTLS keyword (RFC 3207 §4). */
static int offers_starttls(const session *s) {
  const char *p = s->reply;
  /* The first line is the greeting; the others are keywords. */
  const char *nl = strchr(p, '\n');
  while (nl) {
    p = nl + 1;
    size_t n = strcspn(p, " \n");
    if (n == 8 && strncasecmp(p, "STARTTLS", 8) == 0)
      return 1;
    nl = strchr(p, '\n');
  }
  return 0;
}

/* The error: prefix and text joined. */
static void set_error(smtp_probe *p, const char *prefix, const char *text) {
  snprintf(p->facts.error, sizeof p->facts.error, "%s%s", prefix, text);
  p->tls.error.ptr = p->facts.error;
  p->tls.error.len = strlen(p->facts.error);
}

/* Connects s->fd to address:port before the deadline: 0, or -1 with
 * p->tls.timed_out and the error set. */
static int connect_to(session *s, const char *address, unsigned port,
                      smtp_probe *p) {
  struct sockaddr_storage ss;
  socklen_t sl;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, address, &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    sl = sizeof *s4;
  } else if (inet_pton(AF_INET6, address, &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)port);
    sl = sizeof *s6;
  } else {
    set_error(p, address, " is not an IP address");
    return -1;
  }
  s->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->fd < 0) {
    set_error(p, "", strerror(errno));
    return -1;
  }
  int rc = connect(s->fd, (struct sockaddr *)&ss, sl);
  if (rc != 0 && errno == EINPROGRESS) {
    int w = wait_fd(s, POLLOUT);
    if (w == 0) {
      p->tls.timed_out = 1;
      set_error(p, "", "no connection before the time-out");
      return -1;
    }
    int err = 0;
    socklen_t el = sizeof err;
    if (w < 0 || getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
      err = errno;
    rc = err ? -1 : 0;
    errno = err;
  }
  if (rc != 0) {
    set_error(p, "", strerror(errno));
    return -1;
  }
  p->tls.connected = 1;
  return 0;
}

/* The TLS handshake after STARTTLS, with SNI set to host: 0, or -1 with
 * the error set. */
static int handshake(smtp_ctx *c, session *s, const char *host, smtp_probe *p) {
  char name[256];
  size_t n = strlen(host);
  if (n && host[n - 1] == '.')
    n--;
  snprintf(name, sizeof name, "%.*s", (int)n, host);
  s->ssl = SSL_new(c->ssl_ctx);
  if (!s->ssl || !SSL_set_fd(s->ssl, s->fd) ||
      !SSL_set_tlsext_host_name(s->ssl, name)) {
    set_error(p, "", "cannot set up TLS");
    return -1;
  }
  SSL_set_connect_state(s->ssl);
  for (;;) {
    ERR_clear_error();
    int rc = SSL_do_handshake(s->ssl);
    if (rc == 1)
      return 0;
    int e = SSL_get_error(s->ssl, rc);
    int w = 0;
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
      w = wait_fd(s, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT);
    if (w > 0)
      continue;
    char why[200];
    if (w == 0 && (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE))
      snprintf(why, sizeof why, "no handshake before the time-out");
    else if (e == SSL_ERROR_SSL)
      tls_error_text(why, sizeof why);
    else
      snprintf(why, sizeof why, "the connection failed");
    set_error(p, "TLS handshake: ", why);
    return -1;
  }
}

int smtp_probe_host(smtp_ctx *c, const char *mx_host, const char *address,
                    unsigned port, const mtasts_str *tlsa, size_t count,
                    smtp_probe *p) {
  memset(p, 0, sizeof *p);
  mtasts_tls_observation_init(&p->tls);
  p->tls.tlsa_match = -1;
  session *s = calloc(1, sizeof *s);
  if (!s)
    return -1;
  s->fd = -1;
  char text[160], cmd[300];
  s->deadline = now_ms() + (long)c->timeout_ms;
  if (connect_to(s, address, port, p) != 0)
    goto done;

  s->deadline = now_ms() + (long)c->timeout_ms;
  if (read_reply(s) != 0) {
    set_error(p, "banner: ", s->why);
    goto done;
  }
  if (s->code != 220) {
    reply_text(s, text, sizeof text);
    set_error(p, "the server refused the session: ", text);
    goto quit;
  }
  snprintf(cmd, sizeof cmd, "EHLO %s\r\n", c->ehlo);
  s->deadline = now_ms() + (long)c->timeout_ms;
  if (send_line(s, cmd) != 0 || read_reply(s) != 0) {
    set_error(p, "EHLO: ", s->why);
    goto done;
  }
  if (s->code != 250) {
    reply_text(s, text, sizeof text);
    set_error(p, "EHLO refused: ", text);
    goto quit;
  }
  p->tls.smtp_answered = 1;
  p->tls.starttls_offered = offers_starttls(s);
  if (!p->tls.starttls_offered)
    goto quit;

  s->deadline = now_ms() + (long)c->timeout_ms;
  if (send_line(s, "STARTTLS\r\n") != 0 || read_reply(s) != 0) {
    set_error(p, "STARTTLS: ", s->why);
    goto done;
  }
  if (s->code != 220) {
    reply_text(s, text, sizeof text);
    set_error(p, "STARTTLS refused: ", text);
    goto quit;
  }
  /* Bytes sent before the handshake are never taken as part of the TLS
   * session (RFC 3207 §4.2; the STARTTLS command injection). */
  s->len = 0;
  s->deadline = now_ms() + (long)c->timeout_ms;
  if (handshake(c, s, mx_host, p) != 0)
    goto done;
  tls_facts_read(s->ssl, c->store, &p->tls, &p->facts);
  if (count)
    p->tls.tlsa_match = tls_tlsa_match(s->ssl, tlsa, count);
quit:
  /* A short, polite end; its outcome does not matter. */
  s->deadline = now_ms() + (long)(c->timeout_ms < 2000 ? c->timeout_ms : 2000);
  if (send_line(s, "QUIT\r\n") == 0)
    (void)read_reply(s);
  if (s->ssl)
    SSL_shutdown(s->ssl);
done:
  SSL_free(s->ssl);
  if (s->fd >= 0)
    close(s->fd);
  free(s);
  return 0;
}

void smtp_probe_free(smtp_probe *p) {
  tls_facts_free(&p->facts);
  memset(p, 0, sizeof *p);
}
