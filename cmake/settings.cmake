# SPDX-License-Identifier: MIT
# The project's build settings, given to its own targets only, so that a
# project that embeds libmtasts (add_subdirectory, FetchContent) keeps its
# own flags, C standard and sanitizers:
#
#   C11 without extensions; the warnings below; -Werror with MTASTS_WERROR;
#   -fsanitize=$MTASTS_SANITIZE (compile and link) with MTASTS_SANITIZE;
#   --coverage without optimisation with MTASTS_COVERAGE (cmake/coverage.cmake).
#
# mtasts_target_settings(TARGET) applies them to one target;
# mtasts_apply_target_settings(DIR) to every target defined in DIR and the
# directories below it, which the top-level CMakeLists.txt calls once, after
# the last add_subdirectory, so that no target of the project is missed.
# Included from the top-level CMakeLists.txt.

set(mtasts_warnings "")
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  set(mtasts_warnings -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
      -Wmissing-prototypes -Wformat=2 -Wvla)
  if(MTASTS_WERROR)
    list(APPEND mtasts_warnings -Werror)
  endif()
endif()

function(mtasts_target_settings target)
  get_target_property(type ${target} TYPE)
  if(NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
    return()
  endif()
  set_target_properties(${target} PROPERTIES
    C_STANDARD 11
    C_STANDARD_REQUIRED ON
    C_EXTENSIONS OFF)
  # C only: a C++ source of the project (there is none yet) keeps its own.
  foreach(flag ${mtasts_warnings})
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:C>:${flag}>)
  endforeach()
  if(MTASTS_SANITIZE AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -fsanitize=${MTASTS_SANITIZE} -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
    if(NOT type STREQUAL "STATIC_LIBRARY" AND NOT type STREQUAL "OBJECT_LIBRARY")
      target_link_options(${target} PRIVATE -fsanitize=${MTASTS_SANITIZE})
    endif()
  endif()
  if(MTASTS_COVERAGE)
    # Atomic counter updates: the thread test runs the library on 8 threads.
    target_compile_options(${target} PRIVATE
      --coverage -fprofile-update=atomic -O0)
    if(NOT type STREQUAL "STATIC_LIBRARY" AND NOT type STREQUAL "OBJECT_LIBRARY")
      target_link_options(${target} PRIVATE --coverage)
    endif()
  endif()
endfunction()

function(mtasts_apply_target_settings dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    mtasts_target_settings(${target})
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir ${subdirs})
    mtasts_apply_target_settings(${subdir})
  endforeach()
endfunction()
