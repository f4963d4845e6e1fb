# Tests of how libmtasts fits its users' tools (label "ecosystem"):
#
#   abi-symbols   the shared library exports only mtasts_ symbols, all the
#                 header declares, under SONAME libmtasts.so.MTASTS_SOVERSION
#   abi-cxx       the public header compiles as C++11/17 and links from C++
#   man           the man pages render without groff warnings and document
#                 every option and function
#   install *     cmake --install, moved elsewhere, then examples/ built with
#                 find_package (shared and static) and with pkg-config
#   sarif-schema  --format=sarif validates against the SARIF 2.1.0 schema
#   format-escaping  file names escaped in the sarif and github formats
#   pre-commit *  the hook of .pre-commit-hooks.yaml, run by the pre-commit
#                 framework, refuses a broken policy and accepts a fixed one
#   git-hook      the same with the plain hook examples/pre-commit
#
# (* only in a gcc build without sanitizers or coverage; see eco_slow.)
# Those that need a tool that is missing (groff, a C++ compiler, ajv,
# pre-commit) report SKIP (exit status 77); .ci/run installs them all.
# Included from tests/CMakeLists.txt.

set(eco_tests "")

# The two slow ones (install: a fresh build; pre-commit: the framework's own
# start-up) test no compiled code of this build: one build of
# tests/run-all.sh runs them, the gcc one without sanitizers or coverage.
if(CMAKE_C_COMPILER_ID STREQUAL "GNU" AND NOT MTASTS_SANITIZE
   AND NOT MTASTS_COVERAGE)
  set(eco_slow ON)
else()
  set(eco_slow OFF)
endif()

# Not with coverage: libgcov, linked into the library, exports its own.
if(BUILD_SHARED_LIBS AND NOT MTASTS_COVERAGE)
  add_test(NAME abi-symbols
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/abi/symbols.sh
                   $<TARGET_FILE:mtasts>
                   ${PROJECT_SOURCE_DIR}/include/mtasts/mtasts.h
                   ${MTASTS_SOVERSION})
  list(APPEND eco_tests abi-symbols)
endif()

# Sanitizer runtimes belong to the C compiler: compile only, then.
if(MTASTS_SANITIZE)
  set(eco_cxx_link none)
elseif(MTASTS_COVERAGE)
  set(eco_cxx_link --coverage)
else()
  set(eco_cxx_link "")
endif()
add_test(NAME abi-cxx
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/abi/cxx.sh ${PROJECT_SOURCE_DIR}
                 ${PROJECT_BINARY_DIR}/include $<TARGET_FILE:mtasts>
                 ${CMAKE_C_COMPILER_ID} "${eco_cxx_link}")
list(APPEND eco_tests abi-cxx)

if(MTASTS_BUILD_CLI)
  add_test(NAME man
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man/run.sh
                   ${PROJECT_SOURCE_DIR} $<TARGET_FILE:mtasts-lint>)
  add_test(NAME sarif-schema
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/formats/sarif-schema.sh
                   $<TARGET_FILE:mtasts-lint> ${CMAKE_CURRENT_SOURCE_DIR})
  add_test(NAME format-escaping
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/formats/escaping.sh
                   $<TARGET_FILE:mtasts-lint>)
  add_test(NAME git-hook
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/hooks/git-hook.sh
                   $<TARGET_FILE:mtasts-lint> ${PROJECT_SOURCE_DIR})
  list(APPEND eco_tests man sarif-schema format-escaping git-hook)
  if(eco_slow)
    add_test(NAME pre-commit
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/hooks/pre-commit.sh
                     $<TARGET_FILE:mtasts-lint> ${PROJECT_SOURCE_DIR})
    list(APPEND eco_tests pre-commit)
    # The deployment hook (zones and policies, --since HEAD), likewise.
    add_test(NAME pre-commit-deploy
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/hooks/deploy.sh
                     $<TARGET_FILE:mtasts-lint> ${PROJECT_SOURCE_DIR})
    list(APPEND eco_tests pre-commit-deploy)
  endif()
endif()

# A fresh build of the source, with this build's compiler and no sanitizer.
if(eco_slow)
  add_test(NAME install
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install/run.sh
                   ${PROJECT_SOURCE_DIR} ${CMAKE_C_COMPILER})
  set_tests_properties(install PROPERTIES TIMEOUT 900)
  list(APPEND eco_tests install)
endif()

set_tests_properties(${eco_tests} PROPERTIES
  LABELS ecosystem
  SKIP_RETURN_CODE 77)
