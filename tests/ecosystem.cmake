# SPDX-License-Identifier: MIT
# Tests of how libmtasts fits its users' tools (label "ecosystem"):
#
#   abi-symbols   the shared library exports only mtasts_ symbols, all the
#                 header declares, under SONAME libmtasts.so.MTASTS_SOVERSION
#   abi-deb-symbols  debian/libmtasts1.symbols lists exactly the exported
#                 symbols, and all those of the ABI baseline
#   license-spdx  every source file carries an SPDX-License-Identifier
#                 line, and LICENSE holds the MIT licence
#   abi-diff      the ABI against tests/abi/libmtasts.abi (abidiff): nothing
#                 incompatible under the same SONAME (docs/abi.md)
#   abi-static-symbols  every global symbol of libmtasts.a's objects starts
#                 with mtasts_ (no collision in a program that links it)
#   abi-cxx       the public header compiles as C++11/17 and links from C++
#   man           the man pages (mtasts-lint, mtasts-gen, libmtasts) render
#                 without groff warnings and document every option and
#                 function
#   install *     cmake --install, moved elsewhere, then examples/ built with
#                 find_package (shared and static) and with pkg-config
#   embed *       a project that takes libmtasts in with add_subdirectory,
#                 FetchContent (SOURCE_DIR, file:// URL) or find_package
#                 builds and runs; embedded, libmtasts builds only the
#                 library kind asked for and keeps its flags to itself
#   sarif-schema  --format=sarif validates against the SARIF 2.1.0 schema
#   format-escaping  file names escaped in the sarif and github formats
#   pre-commit *  the hook of .pre-commit-hooks.yaml, run by the pre-commit
#                 framework, refuses a broken policy and accepts a fixed one;
#                 the fixing hook (pre-commit-fix) fixes it
#   git-hook      the same with the plain hook examples/pre-commit
#   python        the Python module's tests (python/tests) against this
#                 build's library and mtasts-lint
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
if(MTASTS_SHARED AND NOT MTASTS_COVERAGE)
  add_test(NAME abi-symbols
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/abi/symbols.sh
                   $<TARGET_FILE:mtasts>
                   ${PROJECT_SOURCE_DIR}/include/mtasts/mtasts.h
                   ${MTASTS_SOVERSION})
  list(APPEND eco_tests abi-symbols)
  # debian/libmtasts1.symbols lists exactly the exported symbols and every
  # one of the ABI baseline.
  add_test(NAME abi-deb-symbols
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/deb/symbols.sh
                   $<TARGET_FILE:mtasts> ${PROJECT_SOURCE_DIR}
                   ${MTASTS_SOVERSION})
  list(APPEND eco_tests abi-deb-symbols)
endif()

# Every source file names its licence (SPDX) and LICENSE is there.
add_test(NAME license-spdx
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/license/spdx.sh
                 ${PROJECT_SOURCE_DIR})
list(APPEND eco_tests license-spdx)
# The static library: the same objects, whose internal names a program
# that links libmtasts.a sees too.
add_test(NAME abi-static-symbols
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/abi/static-symbols.sh
                 $<TARGET_OBJECTS:mtasts_objects>
         COMMAND_EXPAND_LISTS)
set_tests_properties(abi-static-symbols PROPERTIES SKIP_RETURN_CODE 77)
list(APPEND eco_tests abi-static-symbols)

# The ABI against the stored baseline of the release (docs/abi.md), with
# abidiff from libabigail. Needs the debug information of a gcc build, so
# only in the plain gcc build (run-all.sh's "gcc" step); RelWithDebInfo
# and Debug carry it.
if(MTASTS_SHARED AND eco_slow AND CMAKE_BUILD_TYPE MATCHES "RelWithDebInfo|Debug")
  add_test(NAME abi-diff
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/abi/abidiff.sh
                   $<TARGET_FILE:mtasts>
                   ${CMAKE_CURRENT_SOURCE_DIR}/abi/libmtasts.abi
                   ${PROJECT_SOURCE_DIR}/include/mtasts)
  set_tests_properties(abi-diff PROPERTIES SKIP_RETURN_CODE 77)
  list(APPEND eco_tests abi-diff)
  # Writes the baseline: run only when a release is made.
  add_custom_target(abi-baseline
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/abi/abidiff.sh --update
            $<TARGET_FILE:mtasts> ${CMAKE_CURRENT_SOURCE_DIR}/abi/libmtasts.abi
            ${PROJECT_SOURCE_DIR}/include/mtasts
    DEPENDS mtasts VERBATIM)
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
  set(man_check "")
  if(MTASTS_HAVE_CHECK)
    set(man_check $<TARGET_FILE:mtasts-check>)
  endif()
  add_test(NAME man
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man/run.sh
                   ${PROJECT_SOURCE_DIR} $<TARGET_FILE:mtasts-lint>
                   $<TARGET_FILE:mtasts-gen> ${man_check})
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
    # The fixing hook (mtasts-lint --fix), likewise.
    add_test(NAME pre-commit-fix
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/hooks/fix.sh
                     $<TARGET_FILE:mtasts-lint> ${PROJECT_SOURCE_DIR})
    list(APPEND eco_tests pre-commit-fix)
  endif()
endif()

# A fresh build of the source, with this build's compiler and no sanitizer.
if(eco_slow)
  add_test(NAME install
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install/run.sh
                   ${PROJECT_SOURCE_DIR} ${CMAKE_C_COMPILER})
  set_tests_properties(install PROPERTIES TIMEOUT 900)
  list(APPEND eco_tests install)
  # libmtasts inside another CMake project: add_subdirectory, FetchContent
  # (SOURCE_DIR and a file:// URL) and find_package.
  add_test(NAME embed
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/embed/run.sh
                   ${PROJECT_SOURCE_DIR} ${CMAKE_C_COMPILER})
  set_tests_properties(embed PROPERTIES TIMEOUT 900)
  list(APPEND eco_tests embed)
endif()

set_tests_properties(${eco_tests} PROPERTIES
  LABELS ecosystem
  SKIP_RETURN_CODE 77)

# The Python module (python/) against this build's library and mtasts-lint:
# its results equal mtasts-lint --format=json on every test input. SKIP
# (77) without python3-pytest, except under CI=true. Not under sanitizers:
# a Python interpreter cannot load an ASan library.
if(MTASTS_SHARED AND MTASTS_BUILD_CLI AND NOT MTASTS_SANITIZE)
  add_test(NAME python
           COMMAND sh ${PROJECT_SOURCE_DIR}/python/tests/run.sh
                   ${PROJECT_SOURCE_DIR} $<TARGET_FILE:mtasts>
                   $<TARGET_FILE:mtasts-lint>)
  set_tests_properties(python PROPERTIES LABELS ecosystem SKIP_RETURN_CODE 77)
endif()
