/* SPDX-License-Identifier: MIT */
/*
 * The program of tests/embed/consumer: parses a valid policy and a broken
 * one with libmtasts and prints what it found, one fact a line:
 *
 *   version X.Y.Z
 *   good: valid 1, diagnostics 0
 *   bad: valid 0, first diagnostic policy-mx-trailing-dot
 *
 * Exit status 0 when the library answered as expected, else 1.
 */
#include <stdio.h>
#include <string.h>

#include <mtasts/mtasts.h>

static int check(const char *name, const char *body, int want_valid) {
  mtasts_policy *policy = NULL;
  if (mtasts_policy_parse(body, strlen(body), NULL, &policy) != MTASTS_OK) {
    printf("%s: parse failed\n", name);
    return 1;
  }
  int valid = mtasts_policy_valid(policy);
  size_t count = mtasts_policy_diag_count(policy);
  if (count > 0) {
    const mtasts_diag *diag = mtasts_policy_diag(policy, 0);
    printf("%s: valid %d, first diagnostic %s\n", name, valid,
           mtasts_diag_code_id(diag->code));
  } else {
    printf("%s: valid %d, diagnostics 0\n", name, valid);
  }
  mtasts_policy_free(policy);
  return valid == want_valid ? 0 : 1;
}

int main(void) {
  int status = 0;
  printf("version %s\n", mtasts_version());
  status |= check("good",
                  "version: STSv1\nmode: enforce\nmx: mail.example.com\n"
                  "max_age: 604800\n",
                  1);
  status |= check("bad",
                  "version: STSv1\nmode: enforce\nmx: mail.example.com.\n"
                  "max_age: 604800\n",
                  0);
  return status;
}
