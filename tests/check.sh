# SPDX-License-Identifier: MIT
# Sourced by the shell-script tests: counts checks and prints each.
#   check NAME PROBLEM   records a check: passed when PROBLEM is empty,
#                        else failed, with PROBLEM printed under its name
#   check_summary        prints the counts; its status is 0 when none failed
passed=0
failed=0
check() {
  if [ -z "$2" ]; then
    passed=$((passed + 1))
    echo "ok: $1"
  else
    failed=$((failed + 1))
    printf 'FAIL: %s\n%s\n' "$1" "$2"
  fi
}
check_summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
