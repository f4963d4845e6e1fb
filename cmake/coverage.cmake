# SPDX-License-Identifier: MIT
# Line and branch coverage of lib/ (MTASTS_COVERAGE=ON; gcc, gcov and
# gcovr, all from Debian). Every target of the project is compiled with
# --coverage and without optimisation, so that lines and branches map to
# the source; then
#
#   cmake --build BUILD --target coverage
#
# runs the whole ctest suite in BUILD and prints the coverage of lib/ with
# gcovr (tests/coverage.sh): a summary, then each file with its lines and
# branches not taken.
if(NOT MTASTS_COVERAGE)
  return()
endif()
if(NOT CMAKE_C_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "MTASTS_COVERAGE=ON needs gcc (gcov); configure with "
                      "-DCMAKE_C_COMPILER=gcc")
endif()
if(MTASTS_SANITIZE OR MTASTS_FUZZ)
  message(FATAL_ERROR "MTASTS_COVERAGE=ON goes without sanitizers and fuzzing")
endif()
# The flags (--coverage, no optimisation) are given to the project's own
# targets by cmake/settings.cmake.
find_program(MTASTS_GCOVR gcovr)
if(NOT MTASTS_GCOVR)
  message(WARNING "gcovr not found (Debian package gcovr): the coverage "
                  "target will fail")
  set(MTASTS_GCOVR gcovr)
endif()
# gcov of the same gcc version as the compiler.
get_filename_component(mtasts_cc_dir ${CMAKE_C_COMPILER} DIRECTORY)
string(REGEX MATCH "[0-9]+" mtasts_gcc_major ${CMAKE_C_COMPILER_VERSION})
find_program(MTASTS_GCOV NAMES gcov-${mtasts_gcc_major} gcov
             HINTS ${mtasts_cc_dir})
add_custom_target(coverage
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/coverage.sh ${PROJECT_BINARY_DIR}
          ${PROJECT_SOURCE_DIR} ${MTASTS_GCOVR} ${MTASTS_GCOV}
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
  USES_TERMINAL
  COMMENT "Running the tests and measuring the coverage of lib/")
