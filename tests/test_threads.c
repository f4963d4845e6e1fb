/*
 * Reentrancy (mtasts.h: "the library has no global mutable state"): many
 * threads parse policies and record sets and match mx patterns at the same
 * time, on shared read-only input and shared options, each with its own
 * results, and each result must equal the one a single thread computed
 * first. Some threads use a custom allocator whose user pointer is their
 * own, to show the library passes it through and keeps nothing aside. A
 * result parsed once is then read by every thread at once, which the header
 * also allows.
 *
 * Run under ThreadSanitizer by tests/run-all.sh. Check is not thread-safe,
 * so the threads only count what differs; the main thread asserts.
 */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS 12

/* ---------------------------------------------------------------------- */
/* Results as text, to compare                                             */

typedef struct text {
  char *p;
  size_t n, cap;
  int failed; /* out of memory */
} text;

static void t_add(text *t, const char *s, size_t n) {
  if (t->failed)
    return;
  if (t->n + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < t->n + n + 1)
      cap *= 2;
    char *q = realloc(t->p, cap);
    if (!q) {
      t->failed = 1;
      return;
    }
    t->p = q;
    t->cap = cap;
  }
  memcpy(t->p + t->n, s, n);
  t->n += n;
  t->p[t->n] = '\0';
}

static void t_str(text *t, const char *s) {
  if (!s)
    s = "(null)";
  t_add(t, s, strlen(s));
  t_add(t, "|", 1);
}

static void t_num(text *t, unsigned long long v) {
  char b[32];
  int k = snprintf(b, sizeof b, "%llu|", v);
  t_add(t, b, (size_t)k);
}

static void t_diag(text *t, const mtasts_diag *d) {
  t_str(t, d->id);
  t_num(t, (unsigned long long)d->severity);
  t_num(t, d->offset);
  t_num(t, d->length);
  t_num(t, d->line);
  t_num(t, d->column);
  t_str(t, d->message);
  t_str(t, d->hint);
  t_str(t, d->reference);
}

/* Everything a caller can read from a policy. */
static void t_policy(text *t, const mtasts_policy *p, size_t hosts) {
  t_num(t, (unsigned long long)mtasts_policy_valid(p));
  for (size_t i = 0; i < mtasts_policy_diag_count(p); i++)
    t_diag(t, mtasts_policy_diag(p, i));
  t_str(t, mtasts_policy_version(p));
  t_num(t, (unsigned long long)mtasts_policy_mode(p));
  uint64_t age = 0;
  t_num(t, (unsigned long long)mtasts_policy_max_age(p, &age));
  t_num(t, age);
  for (size_t i = 0; i < mtasts_policy_mx_count(p); i++)
    t_str(t, mtasts_policy_mx(p, i));
  for (size_t i = 0; i < mtasts_policy_extension_count(p); i++) {
    t_str(t, mtasts_policy_extension_name(p, i));
    t_str(t, mtasts_policy_extension_value(p, i));
  }
  for (size_t i = 0; i < hosts; i++)
    t_num(t, (unsigned long long)(mtasts_policy_mx_host_match(p, i) + 1));
}

static void t_record(text *t, const mtasts_record *r) {
  t_num(t, (unsigned long long)mtasts_record_kind(r));
  t_num(t, (unsigned long long)mtasts_record_valid(r));
  for (size_t i = 0; i < mtasts_record_diag_count(r); i++)
    t_diag(t, mtasts_record_diag(r, i));
  t_num(t, (unsigned long long)(mtasts_record_selected(r) + 1));
  t_str(t, mtasts_record_version(r));
  t_str(t, mtasts_record_id(r));
  for (size_t i = 0; i < mtasts_record_rua_count(r); i++)
    t_str(t, mtasts_record_rua(r, i));
  for (size_t i = 0; i < mtasts_record_extension_count(r); i++) {
    t_str(t, mtasts_record_extension_name(r, i));
    t_str(t, mtasts_record_extension_value(r, i));
  }
}

/* ---------------------------------------------------------------------- */
/* The shared input                                                        */

typedef enum op { OP_POLICY, OP_RECORDS, OP_MATCH } op;

typedef struct work {
  const char *name;
  op op;
  const char *buf; /* policy, or mx pattern */
  size_t len;
  const mtasts_options *options; /* shared, read-only; NULL: defaults */
  mtasts_kind kind;
  const mtasts_txt *records;
  size_t count;
  const char *host; /* OP_MATCH */
} work;

static const char rfc_policy[] = "version: STSv1\nmode: enforce\n"
                                 "mx: mail.example.com\nmx: *.example.net\n"
                                 "mx: backupmx.example.com\nmax_age: 604800\n";
static const char messy_policy[] =
    "\xef\xbb\xbfversion: STSv1\r\nMode: enforce\nmode : testing\n"
    "mx: MAIL.example.com.\nmx: *.example.net\nmx: *.example.net\n"
    "mx: m\xc3\xa4il.example\nmx: 192.0.2.1\nmax_age: 0604800\n"
    "max_age: 31557601\nfoo_bar: some value\nfoo: a\tb\n\n"
    "# comment\n  version: STSv1\rmax-age: 1\n";
static const char none_policy[] =
    "version: STSv1\nmode: none\nmax_age: 86400\n";

static const mtasts_str hosts[] = {
    {"mail.example.com", 16},  {"a.example.net", 13},
    {"MAIL.EXAMPLE.COM.", 17}, {"b.a.example.net", 15},
    {"other.example.org", 17}, {"bad..host", 9}};
#define NHOSTS (sizeof hosts / sizeof hosts[0])

/* A TXT record from a string literal. */
#define TXT(lit, form)                                                         \
  { lit, sizeof lit - 1, form }

static const mtasts_txt sts_one[] = {
    TXT("v=STSv1; id=20160831085700Z;", MTASTS_TXT_RAW)};
static const mtasts_txt tlsrpt_one[] = {
    TXT("v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.net/x; "
        "rua=mailto:b@example.net; ext=1",
        MTASTS_TXT_RAW)};
static const mtasts_txt zone_set[] = {
    TXT("\"v=STSv1; \" \"id=1\"", MTASTS_TXT_ZONE),
    TXT("\"v=spf1 -all\"", MTASTS_TXT_ZONE),
    TXT("\"v=STSv1; id=2; foo=a b;;\"", MTASTS_TXT_ZONE),
    TXT("\"unterminated", MTASTS_TXT_ZONE)};
static const mtasts_txt bad_records[] = {
    TXT("V=STSv1 ; id=2024-01-01; ID=x; id=; foo=a=b; _x=1; \x01;",
        MTASTS_TXT_RAW)};
static const mtasts_txt bad_tlsrpt[] = {
    TXT("v=TLSRPTv1; rua=postmaster@example.com,,http://x/,mailto:a!10m",
        MTASTS_TXT_RAW)};

/* Built once by main before any thread starts, then only read. */
typedef struct shared {
  mtasts_options with_hosts, strict, small_cap, none_hosts;
  char *many; /* a long policy with many findings */
  size_t many_len;
  work *w;
  size_t nw;
  text *ref; /* the single-threaded result of each work item */
} shared;

static void add_work(shared *s, work w) {
  work *q = realloc(s->w, (s->nw + 1) * sizeof *q);
  ck_assert_ptr_nonnull(q);
  s->w = q;
  s->w[s->nw++] = w;
}

static void build(shared *s) {
  memset(s, 0, sizeof *s);
  mtasts_options_init(&s->with_hosts);
  s->with_hosts.mx_hosts = hosts;
  s->with_hosts.mx_host_count = NHOSTS;
  mtasts_options_init(&s->strict);
  s->strict.flags = MTASTS_OPT_STRICT;
  mtasts_options_init(&s->small_cap);
  s->small_cap.max_diagnostics = 3;
  s->none_hosts = s->with_hosts;

  /* 3000 lines of every kind of mistake, past the diagnostic limit. */
  static const char *const lines[] = {"mx: a..b\n",
                                      "bad line\n",
                                      "mx: *.example.com\n",
                                      "Mode: x\n",
                                      "mx: MAIL.example.com\n",
                                      "\n",
                                      "foo: bar\n",
                                      "max_age: 1\n",
                                      "mx: xn--mil-qla.example\n",
                                      "  x: y\n"};
  text m = {0};
  t_add(&m, rfc_policy, sizeof rfc_policy - 1);
  for (size_t i = 0; i < 3000; i++)
    t_add(&m, lines[i % 10], strlen(lines[i % 10]));
  ck_assert(!m.failed);
  s->many = m.p;
  s->many_len = m.n;

  static const struct {
    const char *p, *h;
  } pairs[] = {{"mail.example.com", "MAIL.example.com."},
               {"*.example.net", "a.example.net"},
               {"*.example.net", "b.a.example.net"},
               {"*.example.net", "example.net"},
               {"mail.example.com.", "mail.example.com"},
               {"*.*.example", "a.b.example"}};

  add_work(s, (work){"rfc", OP_POLICY, rfc_policy, sizeof rfc_policy - 1, NULL,
                     0, NULL, 0, NULL});
  add_work(s, (work){"rfc hosts", OP_POLICY, rfc_policy, sizeof rfc_policy - 1,
                     &s->with_hosts, 0, NULL, 0, NULL});
  add_work(s, (work){"messy", OP_POLICY, messy_policy, sizeof messy_policy - 1,
                     NULL, 0, NULL, 0, NULL});
  add_work(s, (work){"messy strict", OP_POLICY, messy_policy,
                     sizeof messy_policy - 1, &s->strict, 0, NULL, 0, NULL});
  add_work(s,
           (work){"messy hosts", OP_POLICY, messy_policy,
                  sizeof messy_policy - 1, &s->with_hosts, 0, NULL, 0, NULL});
  add_work(s, (work){"none hosts", OP_POLICY, none_policy,
                     sizeof none_policy - 1, &s->none_hosts, 0, NULL, 0, NULL});
  add_work(s, (work){"many", OP_POLICY, s->many, s->many_len, NULL, 0, NULL, 0,
                     NULL});
  add_work(s, (work){"many cap 3", OP_POLICY, s->many, s->many_len,
                     &s->small_cap, 0, NULL, 0, NULL});
  add_work(s, (work){"empty", OP_POLICY, NULL, 0, NULL, 0, NULL, 0, NULL});
  add_work(s, (work){"sts", OP_RECORDS, NULL, 0, NULL, MTASTS_RECORD_STS,
                     sts_one, 1, NULL});
  add_work(s, (work){"tlsrpt", OP_RECORDS, NULL, 0, &s->strict,
                     MTASTS_RECORD_TLSRPT, tlsrpt_one, 1, NULL});
  add_work(s, (work){"zone set", OP_RECORDS, NULL, 0, NULL, MTASTS_RECORD_STS,
                     zone_set, 4, NULL});
  add_work(s, (work){"zone set cap 3", OP_RECORDS, NULL, 0, &s->small_cap,
                     MTASTS_RECORD_STS, zone_set, 4, NULL});
  add_work(s, (work){"bad sts", OP_RECORDS, NULL, 0, NULL, MTASTS_RECORD_STS,
                     bad_records, 1, NULL});
  add_work(s, (work){"bad tlsrpt", OP_RECORDS, NULL, 0, NULL,
                     MTASTS_RECORD_TLSRPT, bad_tlsrpt, 1, NULL});
  add_work(s, (work){"no record", OP_RECORDS, NULL, 0, NULL,
                     MTASTS_RECORD_TLSRPT, NULL, 0, NULL});
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    add_work(s, (work){"match", OP_MATCH, pairs[i].p, strlen(pairs[i].p), NULL,
                       0, NULL, 0, pairs[i].h});
}

/* ---------------------------------------------------------------------- */
/* One thread's allocator: counts into its own state.                      */

typedef struct own_alloc {
  long live;
  size_t calls;
} own_alloc;

static void *oa_malloc(size_t size, void *user) {
  own_alloc *a = user;
  void *p = malloc(size);
  if (p) {
    a->live++;
    a->calls++;
  }
  return p;
}

static void *oa_realloc(void *ptr, size_t size, void *user) {
  own_alloc *a = user;
  void *p = realloc(ptr, size);
  if (p) {
    a->calls++;
    if (!ptr)
      a->live++;
  }
  return p;
}

static void oa_free(void *ptr, void *user) {
  own_alloc *a = user;
  if (ptr) {
    a->live--;
    free(ptr);
  }
}

/* Runs one work item; its result as text goes into *out. Returns 0, or -1
 * when a call did not return MTASTS_OK. */
static int run(const work *w, const mtasts_allocator *alloc, text *out) {
  mtasts_options o;
  if (w->options)
    o = *w->options;
  else
    mtasts_options_init(&o);
  o.allocator = alloc;
  out->n = 0;
  out->failed = 0;
  t_str(out, w->name);
  switch (w->op) {
  case OP_POLICY: {
    mtasts_policy *p = NULL;
    if (mtasts_policy_parse(w->buf, w->len, &o, &p) != MTASTS_OK)
      return -1;
    t_policy(out, p, o.mx_host_count);
    mtasts_policy_free(p);
    break;
  }
  case OP_RECORDS: {
    mtasts_record *r = NULL;
    if (mtasts_record_parse(w->kind, w->records, w->count, &o, &r) != MTASTS_OK)
      return -1;
    t_record(out, r);
    mtasts_record_free(r);
    break;
  }
  case OP_MATCH:
    t_num(out, (unsigned long long)mtasts_mx_match(w->buf, w->len, w->host,
                                                   strlen(w->host)));
    break;
  }
  return out->failed ? -1 : 0;
}

/* ---------------------------------------------------------------------- */
/* Threads                                                                 */

typedef struct job {
  const shared *s;
  unsigned id;
  const mtasts_policy *read_only; /* shared result to read, or NULL */
  const text *read_only_ref;
  /* Out: what this thread found. */
  size_t runs, mismatches, failures;
  const char *first_bad;
  own_alloc alloc;
} job;

static void *worker(void *arg) {
  job *j = arg;
  const shared *s = j->s;
  text t = {0};
  mtasts_allocator own = {oa_malloc, oa_realloc, oa_free, &j->alloc};
  for (unsigned round = 0; round < ROUNDS; round++) {
    for (size_t k = 0; k < s->nw; k++) {
      /* Each thread walks the list from its own place. */
      size_t i = (k + j->id * 7 + round) % s->nw;
      const mtasts_allocator *a = (j->id + round) % 2 ? &own : NULL;
      j->runs++;
      if (run(&s->w[i], a, &t) != 0) {
        j->failures++;
        continue;
      }
      if (t.n != s->ref[i].n || memcmp(t.p, s->ref[i].p, t.n) != 0) {
        j->mismatches++;
        if (!j->first_bad)
          j->first_bad = s->w[i].name;
      }
    }
    if (j->read_only) {
      t.n = 0;
      t_policy(&t, j->read_only, NHOSTS);
      j->runs++;
      if (t.failed || t.n != j->read_only_ref->n ||
          memcmp(t.p, j->read_only_ref->p, t.n) != 0) {
        j->mismatches++;
        if (!j->first_bad)
          j->first_bad = "shared result";
      }
    }
  }
  free(t.p);
  return NULL;
}

static void free_shared(shared *s) {
  for (size_t i = 0; i < s->nw; i++)
    free(s->ref[i].p);
  free(s->ref);
  free(s->w);
  free(s->many);
}

START_TEST(concurrent_parse_and_match) {
  shared s;
  build(&s);
  s.ref = calloc(s.nw, sizeof *s.ref);
  ck_assert_ptr_nonnull(s.ref);
  for (size_t i = 0; i < s.nw; i++)
    ck_assert_msg(run(&s.w[i], NULL, &s.ref[i]) == 0, "%s: reference failed",
                  s.w[i].name);

  /* One result that every thread reads at once. */
  mtasts_policy *shared_p = NULL;
  ck_assert_int_eq(mtasts_policy_parse(messy_policy, sizeof messy_policy - 1,
                                       &s.with_hosts, &shared_p),
                   MTASTS_OK);
  text shared_ref = {0};
  t_policy(&shared_ref, shared_p, NHOSTS);
  ck_assert(!shared_ref.failed);

  pthread_t th[THREADS];
  job jobs[THREADS];
  for (unsigned i = 0; i < THREADS; i++) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].s = &s;
    jobs[i].id = i;
    jobs[i].read_only = shared_p;
    jobs[i].read_only_ref = &shared_ref;
    ck_assert_int_eq(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (unsigned i = 0; i < THREADS; i++)
    ck_assert_int_eq(pthread_join(th[i], NULL), 0);

  size_t runs = 0;
  for (unsigned i = 0; i < THREADS; i++) {
    ck_assert_msg(jobs[i].failures == 0, "thread %u: %zu calls failed", i,
                  jobs[i].failures);
    ck_assert_msg(jobs[i].mismatches == 0,
                  "thread %u: %zu results differ from the single-threaded "
                  "ones, first '%s'",
                  i, jobs[i].mismatches, jobs[i].first_bad);
    ck_assert_msg(jobs[i].alloc.live == 0, "thread %u: %ld blocks leaked", i,
                  jobs[i].alloc.live);
    ck_assert_msg(jobs[i].alloc.calls > 0,
                  "thread %u: its allocator was never called", i);
    runs += jobs[i].runs;
  }
  ck_assert_uint_eq(runs, (size_t)THREADS * ROUNDS * (s.nw + 1));

  /* Reading changed nothing. */
  text after = {0};
  t_policy(&after, shared_p, NHOSTS);
  ck_assert(after.n == shared_ref.n &&
            memcmp(after.p, shared_ref.p, after.n) == 0);
  free(after.p);
  free(shared_ref.p);
  mtasts_policy_free(shared_p);
  free_shared(&s);
}
END_TEST

/* Each thread parses input of its own, with its own options, while the
 * others do the same: nothing of one call leaks into another. */
typedef struct own_job {
  unsigned id;
  int ok;
} own_job;

static void *own_worker(void *arg) {
  own_job *j = arg;
  char body[256];
  j->ok = 1;
  for (unsigned round = 0; round < 200 && j->ok; round++) {
    /* A policy whose mx and max_age are this thread's and round's. */
    int n = snprintf(body, sizeof body,
                     "version: STSv1\nmode: testing\nmx: t%u.example.net\n"
                     "max_age: %u\n",
                     j->id, 86400u + j->id * 1000u + round);
    char host[64];
    int hn = snprintf(host, sizeof host, "mx.t%u.example.net", j->id);
    mtasts_str h = {host, (size_t)hn};
    mtasts_options o;
    mtasts_options_init(&o);
    o.mx_hosts = &h;
    o.mx_host_count = 1;
    o.max_diagnostics = 1 + j->id;
    mtasts_policy *p = NULL;
    if (mtasts_policy_parse(body, (size_t)n, &o, &p) != MTASTS_OK) {
      j->ok = 0;
      break;
    }
    uint64_t age = 0;
    char want[64];
    snprintf(want, sizeof want, "t%u.example.net", j->id);
    j->ok = mtasts_policy_max_age(p, &age) &&
            age == 86400u + j->id * 1000u + round &&
            mtasts_policy_mx_count(p) == 1 &&
            strcmp(mtasts_policy_mx(p, 0), want) == 0 &&
            mtasts_policy_mx_host_match(p, 0) == -1 &&
            mtasts_policy_diag_count(p) >= 1;
    mtasts_policy_free(p);
  }
  return NULL;
}

START_TEST(concurrent_own_input) {
  pthread_t th[THREADS];
  own_job jobs[THREADS];
  for (unsigned i = 0; i < THREADS; i++) {
    jobs[i].id = i;
    jobs[i].ok = 0;
    ck_assert_int_eq(pthread_create(&th[i], NULL, own_worker, &jobs[i]), 0);
  }
  for (unsigned i = 0; i < THREADS; i++) {
    ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    ck_assert_msg(jobs[i].ok, "thread %u saw another thread's values", i);
  }
}
END_TEST

static Suite *threads_suite(void) {
  Suite *s = suite_create("threads");
  TCase *tc = tcase_create("threads");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, concurrent_parse_and_match);
  tcase_add_test(tc, concurrent_own_input);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  return tu_run(threads_suite());
}
