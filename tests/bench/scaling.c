/* SPDX-License-Identifier: MIT */
/*
 * Scaling benchmark (a program, not a test; built by CMake, never run by
 * ctest): parses inputs of 1 KB, 64 KB, 1 MB and 16 MB of several shapes
 * and prints the CPU time per byte of each, the ratio of the largest
 * input's time per byte to the smallest's, and of 16 MB's to 1 MB's. One
 * linear pass (mtasts.h) keeps them flat: the memory hierarchy alone (a
 * small input and its tables in cache, a big one's hash tables far out of
 * it) accounts for a factor of up to about 3; a ratio that grows with the
 * size, or a size skipped as too slow, is a parse that is not linear.
 *
 * Usage: bench_scaling [MAX_BYTES]   (default 16 MiB; sizes above are
 * skipped). A size whose parse would take more than a minute, judging by
 * the sizes before it, is skipped and shown as "skip".
 *
 * Each figure is the fastest of several parses (at least 5, and at least
 * 0.2 s of parsing), which is the least disturbed by other work on the
 * machine.
 */
#define _POSIX_C_SOURCE 200809L

#include <mtasts/mtasts.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define KB ((size_t)1024)
#define MB (KB * KB)

static const size_t sizes[] = {KB, 64 * KB, MB, 16 * MB};
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* What a shape is parsed as. */
typedef enum what { POLICY, STS, TLSRPT, ZONE } what;

typedef struct shape {
  const char *name;
  what what;
  const char *head; /* written once */
  /* The unit written again and again; each '#' in it is the unit's
   * number. */
  const char *unit;
} shape;

static const shape shapes[] = {
    {"policy: many short lines", POLICY,
     "version: STSv1\nmode: enforce\nmax_age: 604800\n",
     "mx: m#.example.net\n"},
    {"policy: one long line", POLICY,
     "version: STSv1\nmode: none\nmax_age: 86400\nfoo: ", "abcdefghij"},
    {"policy: many fields", POLICY,
     "version: STSv1\nmode: none\nmax_age: 86400\n", "k#: value #\n"},
    {"policy: many broken lines", POLICY, "", "Mode : enforce\tx\n"},
    {"policy: CRLF lines", POLICY,
     "version: STSv1\r\nmode: testing\r\nmax_age: 86400\r\n",
     "mx: m#.example.net\r\n"},
    {"policy: bare-CR lines", POLICY,
     "version: STSv1\rmode: testing\rmax_age: 86400\r", "mx: m#.example.net\r"},
    {"_mta-sts: many TXT fields", STS, "v=STSv1; id=20160831085700Z", "; x#=#"},
    {"_mta-sts: one long field", STS, "v=STSv1; id=", "0123456789"},
    {"TLS-RPT: many rua URIs", TLSRPT, "v=TLSRPTv1; rua=mailto:a@example.com",
     ",https://r#.example.com/x"},
    {"zone form: many strings", ZONE, "\"v=STSv1; id=1\"", " \"; x#=1\""},
    {"zone form: one long string", ZONE, "\"v=STSv1; id=1; e=", "z\\059"},
};
#define NSHAPES (sizeof shapes / sizeof shapes[0])

/* CPU time of this process: on a shared machine it is steadier than the
 * wall clock, and it counts the page faults of fresh memory, which are
 * part of the cost of a big input. */
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* An input of the shape of at least size bytes (head, then whole units),
 * malloc'd; *len receives its length. */
static char *make(const shape *s, size_t size, size_t *len) {
  size_t cap = size + 256, n = strlen(s->head);
  char *b = malloc(cap);
  if (!b)
    return NULL;
  memcpy(b, s->head, n);
  for (size_t i = 0; n < size; i++) {
    char num[24];
    int k = snprintf(num, sizeof num, "%zu", i);
    for (const char *c = s->unit; *c; c++) {
      const char *part = *c == '#' ? num : c;
      size_t pn = *c == '#' ? (size_t)k : 1;
      if (n + pn > cap) {
        free(b);
        return NULL;
      }
      memcpy(b + n, part, pn);
      n += pn;
    }
  }
  if (s->what == ZONE)
    b[n++] = '"'; /* cap has room: the last unit ended below size */
  *len = n;
  return b;
}

/* One parse; returns its time in seconds, or a negative value on failure. */
static double parse_once(const shape *s, const char *b, size_t len,
                         size_t *diags) {
  double t0 = now();
  mtasts_status st;
  if (s->what == POLICY) {
    mtasts_policy *p = NULL;
    st = mtasts_policy_parse(b, len, NULL, &p);
    *diags = mtasts_policy_diag_count(p);
    mtasts_policy_free(p);
  } else {
    mtasts_txt t = {b, len, s->what == ZONE ? MTASTS_TXT_ZONE : MTASTS_TXT_RAW};
    mtasts_record *r = NULL;
    st = mtasts_record_parse(s->what == TLSRPT ? MTASTS_RECORD_TLSRPT
                                               : MTASTS_RECORD_STS,
                             &t, 1, NULL, &r);
    *diags = mtasts_record_diag_count(r);
    mtasts_record_free(r);
  }
  double dt = now() - t0;
  return st == MTASTS_OK ? dt : -1.0;
}

int main(int argc, char **argv) {
  size_t max = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 16 * MB;
#ifdef __GLIBC__
  /* Keep freed memory in the heap: glibc otherwise maps each big block
   * afresh and returns it on free, so every parse of a big input would pay
   * the kernel's page faults again while a small one reuses warm memory.
   * The figures are then the parser's own cost at each size. */
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  printf("libmtasts %s: CPU time per input byte (ns/B), fastest of several "
         "parses\n\n",
         mtasts_version());
  printf("%-28s", "shape");
  for (size_t i = 0; i < NSIZES; i++) {
    char h[32];
    if (sizes[i] >= MB)
      snprintf(h, sizeof h, "%zu MB", sizes[i] / MB);
    else
      snprintf(h, sizeof h, "%zu KB", sizes[i] / KB);
    printf(" %9s", h);
  }
  printf(" %9s %9s\n", "ratio", "vs 1 MB");
  int status = 0;
  for (size_t si = 0; si < NSHAPES; si++) {
    const shape *s = &shapes[si];
    double per_byte[NSIZES], last_time = 0.0;
    size_t last_len = 0, done = 0;
    printf("%-28s", s->name);
    fflush(stdout);
    for (size_t i = 0; i < NSIZES && sizes[i] <= max; i++) {
      size_t len, diags = 0;
      char *b = make(s, sizes[i], &len);
      if (!b) {
        fprintf(stderr, "out of memory\n");
        return 2;
      }
      /* Skip a size that would take more than a minute: linear growth
       * from the size before, or quadratic when the time per byte already
       * grew by more than half. */
      if (done >= 1) {
        double f = (double)len / (double)last_len, proj = last_time * f;
        if (done >= 2 && per_byte[done - 1] > 1.5 * per_byte[done - 2])
          proj *= f;
        if (proj > 60.0) {
          printf(" %9s", "skip");
          free(b);
          break;
        }
      }
      double best = -1.0, total = 0.0;
      for (int rep = 0; rep < 1000 && (rep < 5 || total < 0.2); rep++) {
        double dt = parse_once(s, b, len, &diags);
        if (dt < 0) {
          fprintf(stderr, "%s: parse failed\n", s->name);
          return 2;
        }
        total += dt;
        if (best < 0 || dt < best)
          best = dt;
        if (dt > 2.0)
          break; /* one slow parse is figure enough */
      }
      free(b);
      per_byte[done] = best * 1e9 / (double)len;
      last_time = best;
      last_len = len;
      done++;
      printf(" %9.2f", per_byte[done - 1]);
      fflush(stdout);
    }
    for (size_t i = done + 1; i < NSIZES && sizes[i] <= max; i++)
      printf(" %9s", "skip");
    if (done >= 2)
      printf(" %9.2f", per_byte[done - 1] / per_byte[0]);
    else
      printf(" %9s", "-");
    if (done == NSIZES)
      printf(" %9.2f\n", per_byte[NSIZES - 1] / per_byte[NSIZES - 2]);
    else
      printf(" %9s\n", "-");
  }
  printf("\nratio: time per byte of the largest size run over the smallest "
         "(1 KB stays in the\nfirst-level cache, so memory alone makes this "
         "a few times 1); vs 1 MB: 16 MB\nover 1 MB. A parse that is not "
         "linear shows as a ratio that grows with the\nsize, or as skip.\n");
  return status;
}
