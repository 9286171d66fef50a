# The install as a user sees it: `cmake --install` into a temporary prefix,
# a miniport .so built from samples/lifecycle/lifecycle.c with the installed
# pkg-config flags (and with find_package(ndisdma)), run by the installed
# ndisdma.  It needs the tool and the install rules; sanitizer builds run it
# too (the installed binary carries the sanitizer runtime, drv.so is plain).
# The C++ conformance miniport is built the same way, by pkg-config and by
# a CXX target of the CMake project (CXX is enabled by conformance.cmake).
if(TARGET ndisdma_tool)
  add_test(NAME pkgconfig_build
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/pkgconfig_build.sh
            ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR}
            ${PROJECT_SOURCE_DIR}/samples/lifecycle/lifecycle.c
            ${CMAKE_C_COMPILER}
            ${CMAKE_CURRENT_SOURCE_DIR}/conformance/conf_cxx.cpp
            ${CMAKE_CXX_COMPILER})
  set_tests_properties(pkgconfig_build PROPERTIES LABELS "cli;install" TIMEOUT 300)
endif()

# WPP tracing as a user builds it: the installed ndisdma-wpp on tests/wpp,
# pkg-config, ndisdma run --trace (docs/wpp.md).
if(TARGET ndisdma_tool AND TARGET ndisdma_wpp)
  add_test(NAME wpp_build
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wpp_build.sh
            ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
            ${CMAKE_C_COMPILER})
  set_tests_properties(wpp_build PROPERTIES LABELS "cli;install" TIMEOUT 300)
endif()
