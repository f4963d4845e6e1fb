/* SPDX-License-Identifier: MIT */
/*
 * Throughput benchmark of the public API. Prints one line per workload: the
 * median of several timed repetitions (warm caches, one thread), its unit,
 * and the ratio to a baseline of memchr counting newlines over the same
 * bytes. It reports figures; it never passes or fails.
 *
 * Usage: bench_perf [REPETITIONS]   (default 7)
 *        bench_perf --loop WORKLOAD N   parse the workload's inputs N times
 *                                       (for callgrind.sh), print nothing
 *        bench_perf --allocs WORKLOAD   allocations and peak bytes per parse
 * WORKLOAD: rfc, mixed, sts, sts1, tlsrpt, tlsrpt1 (sts1 and tlsrpt1: the
 * first record of the set alone).
 */
#define _POSIX_C_SOURCE 200809L

#include <mtasts/mtasts.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* An allocator that counts calls and the peak of live bytes. */
typedef struct counter {
  size_t calls;
  size_t live, peak;
} counter;

typedef struct header {
  size_t size;
  max_align_t align;
} header;

static void *count_malloc(size_t size, void *user) {
  counter *c = user;
  header *h = malloc(sizeof *h + size);
  if (!h)
    return NULL;
  h->size = size;
  c->calls++;
  c->live += size;
  if (c->live > c->peak)
    c->peak = c->live;
  return h + 1;
}

static void count_free(void *p, void *user) {
  counter *c = user;
  if (!p)
    return;
  header *h = (header *)p - 1;
  c->live -= h->size;
  free(h);
}

static void *count_realloc(void *p, size_t size, void *user) {
  if (!p)
    return count_malloc(size, user);
  counter *c = user;
  header *h = (header *)p - 1;
  size_t old = h->size;
  header *n = realloc(h, sizeof *n + size);
  if (!n)
    return NULL;
  n->size = size;
  c->calls++;
  c->live = c->live - old + size;
  if (c->live > c->peak)
    c->peak = c->live;
  return n + 1;
}

/* A set of inputs for one workload. */
typedef struct input {
  const char *data;
  size_t len;
} input;

typedef enum kind { K_POLICY, K_STS, K_TLSRPT } kind;

static size_t sink_total; /* keeps the work from being optimised away */

static void run_once(kind k, const input *in, size_t n,
                     const mtasts_options *o) {
  for (size_t i = 0; i < n; i++) {
    if (k == K_POLICY) {
      mtasts_policy *p = NULL;
      if (mtasts_policy_parse(in[i].data, in[i].len, o, &p) != MTASTS_OK)
        abort();
      sink_total += mtasts_policy_diag_count(p);
      mtasts_policy_free(p);
    } else {
      mtasts_txt t = {in[i].data, in[i].len, MTASTS_TXT_RAW};
      mtasts_record *r = NULL;
      if (mtasts_record_parse(k == K_STS ? MTASTS_RECORD_STS
                                         : MTASTS_RECORD_TLSRPT,
                              &t, 1, o, &r) != MTASTS_OK)
        abort();
      sink_total += mtasts_record_diag_count(r);
      mtasts_record_free(r);
    }
  }
}

static size_t count_newlines(const input *in, size_t n) {
  size_t lines = 0;
  for (size_t i = 0; i < n; i++) {
    const char *p = in[i].data, *e = p + in[i].len;
    while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
      lines++;
      p++;
    }
  }
  return lines;
}

/* Median seconds for `loops` passes over the inputs. */
static double time_parse(kind k, const input *in, size_t n, size_t loops,
                         int reps, const mtasts_options *o) {
  double *t = calloc((size_t)reps, sizeof *t);
  run_once(k, in, n, o); /* warm up */
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    for (size_t l = 0; l < loops; l++)
      run_once(k, in, n, o);
    t[r] = now() - t0;
  }
  qsort(t, (size_t)reps, sizeof *t, cmp_double);
  double m = t[reps / 2];
  free(t);
  return m;
}

static double time_memchr(const input *in, size_t n, size_t loops, int reps) {
  double *t = calloc((size_t)reps, sizeof *t);
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    for (size_t l = 0; l < loops; l++)
      sink_total += count_newlines(in, n);
    t[r] = now() - t0;
  }
  qsort(t, (size_t)reps, sizeof *t, cmp_double);
  double m = t[reps / 2];
  free(t);
  return m;
}

static size_t total_bytes(const input *in, size_t n) {
  size_t b = 0;
  for (size_t i = 0; i < n; i++)
    b += in[i].len;
  return b;
}

/* Allocations and peak live bytes of one parse of in[0]. */
static void measure_memory(kind k, const input *in, size_t *calls,
                           size_t *peak) {
  counter c = {0, 0, 0};
  mtasts_allocator a = {count_malloc, count_realloc, count_free, &c};
  mtasts_options o;
  mtasts_options_init(&o);
  o.allocator = &a;
  run_once(k, in, 1, &o);
  *calls = c.calls;
  *peak = c.peak;
}

static void report(const char *name, kind k, const input *in, size_t n,
                   size_t loops, int reps, int per_item) {
  double t = time_parse(k, in, n, loops, reps, NULL);
  double base = time_memchr(in, n, loops, reps);
  size_t bytes = total_bytes(in, n) * loops;
  size_t calls, peak;
  measure_memory(k, in, &calls, &peak);
  if (per_item)
    printf("%-34s %12.0f %-10s", name, (double)(n * loops) / t,
           k == K_POLICY ? "policies/s" : "records/s");
  else
    printf("%-34s %12.1f %-10s", name, (double)bytes / t / 1e6, "MB/s");
  printf(" %8.1f MB/s  x%-7.1f  %3zu allocs  peak %zu B (input %zu B)\n",
         (double)bytes / t / 1e6, t / base, calls, peak, in[0].len);
}

/* ---------------------------------------------------------------------- */
/* Inputs.                                                                 */

static const char *const small_policies[] = {
    /* The RFC 8461 §3.2 example and the provider configurations. */
    "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n"
    "mx: backupmx.example.com\nmax_age: 604800\n",
    "version: STSv1\nmode: enforce\nmx: aspmx.l.google.com\n"
    "mx: *.googlemail.com\nmax_age: 604800\n",
    "version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\n"
    "max_age: 604800\n",
    "version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\n"
    "mx: backup.example.com\r\nmax_age: 86400\r\n",
    /* Variants with errors and warnings. */
    "version: STSv1\nMode: enforce\nmx: mail.example.com.\nmax_age: 0604800\n",
    " mode: enforce\nversion : STSv1\nmx: *.example.com\nmax-age: 86400\n\n",
    "version: STSv1\nmode: Enforce\nmx: m\xC3\xA4il.example\n"
    "max_age: 31557601\n",
    "version: STSv1\nmode: none\nmax_age: 999999\nfoo_bar: value\n",
};

static const char *const sts_records[] = {
    "v=STSv1; id=20160831085700Z;",
    "v=STSv1;id=abc",
    "v=STSv1 ; id=abc",
    "v=STSv1; id=2024-01-01",
    "v=STSv1; id=1; foo=bar",
};

static const char *const tlsrpt_records[] = {
    "v=TLSRPTv1;rua=mailto:reports@example.com",
    "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt",
    "v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.net/x",
    "v=TLSRPTv1; rua=postmaster@example.com",
};

static input *inputs_of(const char *const *v, size_t n) {
  input *in = calloc(n, sizeof *in);
  for (size_t i = 0; i < n; i++) {
    in[i].data = v[i];
    in[i].len = strlen(v[i]);
  }
  return in;
}

static char *mx_lines(size_t size, size_t *len) {
  char *b = malloc(size + 128);
  size_t o = (size_t)sprintf(b, "version: STSv1\nmode: enforce\n");
  for (unsigned i = 0; o + 40 < size; i++)
    o += (size_t)sprintf(b + o, "mx: mx%u.example.com\n", i);
  o += (size_t)sprintf(b + o, "max_age: 604800\n");
  *len = o;
  return b;
}

static char *long_value(size_t size, size_t *len) {
  char *b = malloc(size + 128);
  size_t o = (size_t)sprintf(b, "version: STSv1\nmode: enforce\n"
                                "mx: mail.example.com\nmax_age: 604800\n"
                                "note: ");
  for (; o + 1 < size; o++)
    b[o] = (char)('a' + (o % 26));
  b[o++] = '\n';
  *len = o;
  return b;
}

static void mx_coverage(int reps) {
  /* 100 patterns (half wildcards) against 10,000 hosts. */
  size_t cap = 100 * 40 + 128, o;
  char *body = malloc(cap);
  o = (size_t)sprintf(body, "version: STSv1\nmode: testing\n");
  for (int i = 0; i < 100; i++)
    o += (size_t)sprintf(
        body + o,
        i % 2 ? "mx: *.pool%d.example.net\n" : "mx: mx%d.example.com\n", i);
  o += (size_t)sprintf(body + o, "max_age: 604800\n");
  char(*names)[48] = malloc(10000 * sizeof *names);
  mtasts_str *hosts = malloc(10000 * sizeof *hosts);
  for (int i = 0; i < 10000; i++) {
    int len = i % 3 == 0   ? sprintf(names[i], "mx%d.example.com", i % 120)
              : i % 3 == 1 ? sprintf(names[i], "h%d.pool%d.example.net", i,
                                     (i % 100) | 1)
                           : sprintf(names[i], "other%d.example.org", i);
    hosts[i].ptr = names[i];
    hosts[i].len = (size_t)len;
  }
  mtasts_options opt;
  mtasts_options_init(&opt);
  opt.mx_hosts = hosts;
  opt.mx_host_count = 10000;
  input in = {body, o};
  double t = time_parse(K_POLICY, &in, 1, 20, reps, &opt);
  printf("%-34s %12.0f %-10s (100 patterns x 10000 hosts)\n", "mx coverage",
         20.0 * 10000 / t, "checks/s");
  free(hosts);
  free(names);
  free(body);
}

/* The workloads of callgrind.sh, by name. */
static int workload(const char *name, kind *k, input **in, size_t *n) {
  size_t np = sizeof small_policies / sizeof small_policies[0];
  size_t ns = sizeof sts_records / sizeof sts_records[0];
  size_t nt = sizeof tlsrpt_records / sizeof tlsrpt_records[0];
  if (!strcmp(name, "rfc"))
    *k = K_POLICY, *in = inputs_of(small_policies, *n = 1);
  else if (!strcmp(name, "mixed"))
    *k = K_POLICY, *in = inputs_of(small_policies, *n = np);
  else if (!strcmp(name, "sts"))
    *k = K_STS, *in = inputs_of(sts_records, *n = ns);
  else if (!strcmp(name, "sts1"))
    *k = K_STS, *in = inputs_of(sts_records, *n = 1);
  else if (!strcmp(name, "tlsrpt"))
    *k = K_TLSRPT, *in = inputs_of(tlsrpt_records, *n = nt);
  else if (!strcmp(name, "tlsrpt1"))
    *k = K_TLSRPT, *in = inputs_of(tlsrpt_records, *n = 1);
  else
    return -1;
  return 0;
}

/* --loop and --allocs: see the usage above. */
static int tool_mode(int argc, char **argv) {
  kind k;
  input *in;
  size_t n;
  if (argc < 3 || workload(argv[2], &k, &in, &n) != 0) {
    fprintf(stderr, "bench_perf: unknown workload\n");
    return 2;
  }
  if (!strcmp(argv[1], "--loop") && argc == 4) {
    long loops = atol(argv[3]);
    for (long l = 0; l < loops; l++)
      run_once(k, in, n, NULL);
  } else if (!strcmp(argv[1], "--allocs")) {
    size_t calls = 0, peak = 0;
    for (size_t i = 0; i < n; i++) {
      size_t c, p;
      measure_memory(k, in + i, &c, &p);
      calls += c;
      peak = p > peak ? p : peak;
    }
    printf("%.2f %zu\n", (double)calls / (double)n, peak);
  } else {
    free(in);
    return 2;
  }
  free(in);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] == '-')
    return tool_mode(argc, argv);
  int reps = argc > 1 ? atoi(argv[1]) : 7;
  if (reps < 1)
    reps = 1;
  printf("libmtasts %s, median of %d repetitions, one thread\n",
         mtasts_version(), reps);
  printf("%-34s %12s %-10s %13s  %-8s  %s\n", "workload", "figure", "unit",
         "bytes", "vs memchr", "memory per parse");

  input *rfc = inputs_of(small_policies, 1);
  report("RFC 8461 example policy", K_POLICY, rfc, 1, 200000, reps, 1);
  size_t nsmall = sizeof small_policies / sizeof small_policies[0];
  input *mixed = inputs_of(small_policies, nsmall);
  report("mixed small policies", K_POLICY, mixed, nsmall, 25000, reps, 1);

  size_t len;
  char *mx = mx_lines(1 << 20, &len);
  input mxin = {mx, len};
  report("1 MiB policy of mx lines", K_POLICY, &mxin, 1, 20, reps, 0);
  char *lv = long_value(1 << 20, &len);
  input lvin = {lv, len};
  report("1 MiB policy, one long value", K_POLICY, &lvin, 1, 20, reps, 0);

  size_t nsts = sizeof sts_records / sizeof sts_records[0];
  input *sts = inputs_of(sts_records, nsts);
  report("_mta-sts records", K_STS, sts, nsts, 100000, reps, 1);
  size_t ntls = sizeof tlsrpt_records / sizeof tlsrpt_records[0];
  input *tls = inputs_of(tlsrpt_records, ntls);
  report("TLS-RPT records", K_TLSRPT, tls, ntls, 100000, reps, 1);

  mx_coverage(reps);
  fprintf(stderr, "(checksum %zu)\n", sink_total);
  free(rfc);
  free(mixed);
  free(mx);
  free(lv);
  free(sts);
  free(tls);
  return 0;
}
