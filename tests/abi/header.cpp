// SPDX-License-Identifier: MIT
// The public header compiles as C++ (tests/abi/cxx.sh builds this file with
// -std=c++11 -Wall -Wextra -pedantic -Werror) and its functions link with C
// linkage: a C++ program calls the C library through extern "C".
#include <mtasts/mtasts.h>

#include <cstdio>
#include <cstring>

int main() {
  static_assert(MTASTS_VERSION_NUMBER > 0, "version macros");
  if (std::strcmp(mtasts_version(), MTASTS_VERSION_STRING) != 0) {
    std::printf("library %s, header %s\n", mtasts_version(),
                MTASTS_VERSION_STRING);
    return 1;
  }

  static const char body[] = "version: STSv1\nmode: enforce\n"
                             "mx: mail.example.com.\nmax_age: 604800\n";
  mtasts_options options;
  mtasts_options_init(&options);
  options.flags |= MTASTS_OPT_STRICT;
  mtasts_policy *policy = nullptr;
  if (mtasts_policy_parse(body, sizeof body - 1, &options, &policy) !=
      MTASTS_OK)
    return 2;
  int found = 0;
  for (size_t i = 0; i < mtasts_policy_diag_count(policy); i++) {
    const mtasts_diag *d = mtasts_policy_diag(policy, i);
    std::printf("%lu:%lu: %s: %s [%s]\n", d->line, d->column,
                mtasts_severity_name(d->severity), d->message, d->id);
    found += d->code == MTASTS_DIAG_POLICY_MX_TRAILING_DOT;
  }
  mtasts_policy_free(policy);

  const mtasts_txt txt = {"v=STSv1; id=20240101", 20, MTASTS_TXT_RAW};
  mtasts_record *record = nullptr;
  if (mtasts_record_parse(MTASTS_RECORD_STS, &txt, 1, nullptr, &record) !=
      MTASTS_OK)
    return 2;
  int ok = found == 1 && mtasts_record_valid(record) &&
           std::strcmp(mtasts_record_id(record), "20240101") == 0 &&
           mtasts_mx_match("*.example.com", 13, "mx1.example.com", 15) == 1;
  mtasts_record_free(record);
  std::printf("%s\n", ok ? "ok" : "unexpected results");
  return ok ? 0 : 1;
}
