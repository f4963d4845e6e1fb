# SPDX-License-Identifier: MIT
# Installs libmtasts (included from the top-level CMakeLists.txt when
# MTASTS_INSTALL is ON): the libraries, the headers, the CMake package, a
# relocatable pkg-config file and the library's man page.
install(TARGETS ${MTASTS_INSTALL_TARGETS} EXPORT mtastsTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/mtasts/mtasts.h include/mtasts/diagnostics.h
              include/mtasts/export.h
              ${PROJECT_BINARY_DIR}/include/mtasts/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mtasts)
install(EXPORT mtastsTargets NAMESPACE mtasts::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mtasts)
configure_package_config_file(cmake/mtastsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mtastsConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mtasts)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mtastsConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mtastsConfig.cmake
              ${PROJECT_BINARY_DIR}/mtastsConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mtasts)
if(MTASTS_SHARED)
  set(MTASTS_PC_CFLAGS "")
else()
  set(MTASTS_PC_CFLAGS " -DMTASTS_STATIC")
endif()
# A relocatable mtasts.pc: the prefix is found from the file's own place,
# ${pcfiledir}, LIBDIR/pkgconfig below it, however deep LIBDIR is (lib,
# lib64, lib/x86_64-linux-gnu). Install dirs given as absolute paths are
# written as they are, and then only those cannot move.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(MTASTS_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(MTASTS_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH mtasts_pc_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig"
       "/prefix")
  string(REGEX REPLACE "/$" "" mtasts_pc_up "${mtasts_pc_up}")
  set(MTASTS_PC_PREFIX "\${pcfiledir}/${mtasts_pc_up}")
  set(MTASTS_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(MTASTS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(MTASTS_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(cmake/mtasts.pc.in ${PROJECT_BINARY_DIR}/mtasts.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/mtasts.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(FILES docs/libmtasts.3 DESTINATION ${CMAKE_INSTALL_MANDIR}/man3)
