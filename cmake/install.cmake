# make install: headers, libndisdma, the ndisdma binary, ndisdma.pc and a
# CMake package (find_package(ndisdma) -> ndisdma::ndisdma).
install(TARGETS ndisdma LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(TARGET ndisdma_tool)
  install(TARGETS ndisdma_tool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/wdk/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ndisdma/wdk FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ndisdma/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ndisdma FILES_MATCHING PATTERN "*.h")

# ndisdma.pc names the prefix it is installed under: configured here with
# every directory but the prefix, then finished at install time, so
# `make install PREFIX=...` (cmake --install --prefix) gets its own paths.
set(NDISDMA_PC_PREFIX "@NDISDMA_PC_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/ndisdma.pc.in
               ${PROJECT_BINARY_DIR}/ndisdma.pc.stage @ONLY)
install(CODE "
  set(NDISDMA_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_BINARY_DIR}/ndisdma.pc.stage\"
                 \"${PROJECT_BINARY_DIR}/ndisdma.pc\" @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/ndisdma.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

configure_file(${PROJECT_SOURCE_DIR}/cmake/ndisdmaConfig.cmake.in
               ${PROJECT_BINARY_DIR}/ndisdmaConfig.cmake @ONLY)
include(CMakePackageConfigHelpers)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ndisdmaConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ndisdmaConfig.cmake
              ${PROJECT_BINARY_DIR}/ndisdmaConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/ndisdmaMiniport.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ndisdma)

# man pages of the tools, from their --help (cmake/man.cmake)
include(${PROJECT_SOURCE_DIR}/cmake/man.cmake)

# the sample miniports as loadable drivers: `ndisdma verify --driver
# $PREFIX/lib/ndisdma/samples/virtio_net.so` checks an install (docs/ci.md).
# Copied as built: a driver finds libndisdma in the ndisdma process that
# loads it, whatever its run path says.
foreach(sample virtio_net lifecycle)
  if(TARGET ${sample})
    install(FILES $<TARGET_FILE:${sample}> DESTINATION ${CMAKE_INSTALL_LIBDIR}/ndisdma/samples)
  endif()
endforeach()
