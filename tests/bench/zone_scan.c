/* SPDX-License-Identifier: MIT */
/*
 * The zone parser alone: reads a zone file with libzscanner record by
 * record (as mtasts-lint --zone does, without keeping anything) and prints
 * the records and the time, the baseline for tests/bench/zone.sh.
 *
 * Usage: bench_zone_scan ZONEFILE ORIGIN
 */
#define _POSIX_C_SOURCE 200809L

#include <libzscanner/scanner.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bench_zone_scan ZONEFILE ORIGIN\n");
    return 2;
  }
  zs_scanner_t *s = malloc(sizeof *s);
  if (!s || zs_init(s, argv[2], 1, 3600) != 0 ||
      zs_set_input_file(s, argv[1]) != 0) {
    fprintf(stderr, "bench_zone_scan: %s: cannot read\n", argv[1]);
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  unsigned long records = 0, sum = 0;
  for (;;) {
    if (zs_parse_record(s) != 0 || s->state == ZS_STATE_ERROR) {
      fprintf(stderr, "bench_zone_scan: line %lu: %s\n",
              (unsigned long)s->line_counter, zs_strerror(s->error.code));
      return 2;
    }
    if (s->state == ZS_STATE_EOF || s->state == ZS_STATE_STOP)
      break;
    if (s->state == ZS_STATE_DATA) {
      records++;
      sum += s->r_type; /* touch the record */
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs =
      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%lu records in %.3f s: %.0f records/s (checksum %lu)\n", records,
         secs, (double)records / secs, sum);
  zs_deinit(s);
  free(s);
  return 0;
}
