/*
 * lint_policy: check an MTA-STS policy file (RFC 8461 §3.2).
 *
 *   usage: lint_policy FILE
 *
 * Prints every diagnostic in the compiler style that editors and CI problem
 * matchers understand,
 *
 *   FILE:LINE:COLUMN: SEVERITY: MESSAGE [ID]
 *
 * followed by the values a sending MTA would take from the policy.
 * Exit status: 0 when the policy is valid, 1 when it has errors, 2 when the
 * file cannot be read or the library fails (out of memory).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <mtasts/mtasts.h>

/* Reads a whole file into a malloc'd buffer; returns NULL on failure. The
 * library takes (pointer, length), so the buffer needs no terminating NUL. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *bigger = realloc(buf, cap * 2);
    if (!bigger) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = bigger;
    cap *= 2;
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const char *path = argv[1];
  size_t len = 0;
  char *body = read_file(path, &len);
  if (!body) {
    perror(path);
    return 2;
  }

  /* Options are optional (NULL gives the defaults); they are spelt out here
   * to show where strict mode or a diagnostic limit would go. */
  mtasts_options options;
  mtasts_options_init(&options);
  /* options.flags |= MTASTS_OPT_STRICT;   report warnings as errors */

  mtasts_policy *policy = NULL;
  mtasts_status status = mtasts_policy_parse(body, len, &options, &policy);
  /* The library keeps no pointer into the input: the text may go now. */
  free(body);
  if (status != MTASTS_OK) {
    /* The call itself failed (out of memory). policy is NULL. Problems with
     * the policy text are never a status, always diagnostics. */
    fprintf(stderr, "%s: %s\n", path, mtasts_status_name(status));
    return 2;
  }

  /* The diagnostics, in input order. Every pointer in them belongs to the
   * result and stays valid until mtasts_policy_free. */
  for (size_t i = 0; i < mtasts_policy_diag_count(policy); i++) {
    const mtasts_diag *d = mtasts_policy_diag(policy, i);
    printf("%s:%lu:%lu: %s: %s [%s]\n", path, d->line, d->column,
           mtasts_severity_name(d->severity), d->message, d->id);
    if (d->hint)
      printf("  fix: %s\n", d->hint);
  }

  /* The values a sender would use: fields with malformed values are not
   * taken, so any of these may be missing in an invalid policy. */
  const char *version = mtasts_policy_version(policy);
  const char *mode = mtasts_mode_name(mtasts_policy_mode(policy));
  uint64_t max_age;
  printf("version: %s\n", version ? version : "(missing)");
  printf("mode: %s\n", mode ? mode : "(missing)");
  for (size_t i = 0; i < mtasts_policy_mx_count(policy); i++)
    printf("mx: %s\n", mtasts_policy_mx(policy, i));
  if (mtasts_policy_max_age(policy, &max_age))
    printf("max_age: %" PRIu64 "\n", max_age);
  else
    printf("max_age: (missing)\n");
  for (size_t i = 0; i < mtasts_policy_extension_count(policy); i++)
    printf("%s: %s (extension)\n", mtasts_policy_extension_name(policy, i),
           mtasts_policy_extension_value(policy, i));

  int valid = mtasts_policy_valid(policy);
  printf("%s: %s\n", path, valid ? "valid" : "invalid");
  mtasts_policy_free(policy);
  return valid ? 0 : 1;
}
