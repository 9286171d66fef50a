# Black-box WDK conformance (tests/conformance): miniports written only
# against Microsoft's public NDIS 6 documentation, built as a user builds a
# miniport (include/wdk + the ndisdma.pc flags, linked with -lndisdma), run
# in-process by conf_host through include/ndisdma/ndisdma.h and, lifecycle
# only, by `ndisdma run --driver X.so --frames 0`.  Each miniport checks the
# documented behaviour itself and conf_host reads its verdict.  Label
# "conformance".
set(NDISDMA_CONF_DIR ${CMAKE_CURRENT_SOURCE_DIR}/conformance)
add_executable(conf_host ${NDISDMA_CONF_DIR}/conf_host.c)
target_include_directories(conf_host PRIVATE ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(conf_host PRIVATE ndisdma ${CMAKE_DL_LIBS})

# Every tests/conformance/conf_<mode>.c but the host is one miniport; a
# mode conf_host has no variant for runs once in front of a virtio-net
# device with no keywords (conf_host.c, "variants").
file(GLOB NDISDMA_CONF_SOURCES CONFIGURE_DEPENDS ${NDISDMA_CONF_DIR}/conf_*.c)
list(REMOVE_ITEM NDISDMA_CONF_SOURCES ${NDISDMA_CONF_DIR}/conf_host.c)
foreach(src ${NDISDMA_CONF_SOURCES})
  get_filename_component(mode ${src} NAME_WE)
  string(REGEX REPLACE "^conf_" "" mode ${mode})
  add_library(conf_${mode} MODULE ${src})
  # exactly what pkg-config --cflags --libs ndisdma gives a user
  ndisdma_miniport(conf_${mode})
  target_link_libraries(conf_${mode} PRIVATE ndisdma)
  set_target_properties(conf_${mode} PROPERTIES PREFIX "" OUTPUT_NAME conf_${mode}
    LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/conformance)
  add_test(NAME conformance_${mode}
    COMMAND conf_host ${mode} $<TARGET_FILE:conf_${mode}>)
  set_tests_properties(conformance_${mode} PROPERTIES LABELS conformance TIMEOUT 300)
  if(TARGET ndisdma_tool)
    add_test(NAME conformance_${mode}_run
      COMMAND $<TARGET_FILE:ndisdma_tool> run --seed 3 --frames 0 --quiet
              --driver $<TARGET_FILE:conf_${mode}>)
    set_tests_properties(conformance_${mode}_run PROPERTIES LABELS conformance TIMEOUT 300)
  endif()
endforeach()

# C++ conformance miniports (conf_<mode>.cpp): C++ is enabled here only.
# Each is built as a user builds one, with -std=c++17 -fno-exceptions
# -fno-rtti, twice: as a target with the project's C++ compiler (the one
# that matches the C compiler, so sanitizer builds stay consistent) and,
# with the other of g++ and clang++, by a plain command (like drv.so in
# pkgconfig_build, without the sanitizer) -- both run by conf_host.
file(GLOB NDISDMA_CONF_CXX_SOURCES CONFIGURE_DEPENDS ${NDISDMA_CONF_DIR}/conf_*.cpp)
if(NDISDMA_CONF_CXX_SOURCES)
  if(NOT CMAKE_CXX_COMPILER AND NOT DEFINED ENV{CXX})
    if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
      find_program(CMAKE_CXX_COMPILER NAMES clang++ clang++-14 clang++-15 clang++-16)
    else()
      find_program(CMAKE_CXX_COMPILER NAMES g++)
    endif()
  endif()
  enable_language(CXX)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    find_program(NDISDMA_OTHER_CXX NAMES g++)
    set(other_name gxx)
  else()
    find_program(NDISDMA_OTHER_CXX NAMES clang++ clang++-14 clang++-15 clang++-16)
    set(other_name clangxx)
  endif()
  set(cxx_options -std=c++17 -fno-exceptions -fno-rtti)
  foreach(src ${NDISDMA_CONF_CXX_SOURCES})
    get_filename_component(mode ${src} NAME_WE)
    string(REGEX REPLACE "^conf_" "" mode ${mode})
    add_library(conf_${mode} MODULE ${src})
    ndisdma_miniport(conf_${mode})
    target_compile_options(conf_${mode} PRIVATE ${cxx_options})
    target_link_libraries(conf_${mode} PRIVATE ndisdma)
    set_target_properties(conf_${mode} PROPERTIES PREFIX "" OUTPUT_NAME conf_${mode}
      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/conformance)
    add_test(NAME conformance_${mode}
      COMMAND conf_host ${mode} $<TARGET_FILE:conf_${mode}>)
    set(other_so ${CMAKE_CURRENT_BINARY_DIR}/conformance/conf_${mode}_${other_name}.so)
    separate_arguments(miniport_cflags UNIX_COMMAND "${NDISDMA_MINIPORT_CFLAGS}")
    separate_arguments(miniport_libs UNIX_COMMAND "${NDISDMA_MINIPORT_LIBS}")
    add_custom_command(OUTPUT ${other_so}
      COMMAND ${NDISDMA_OTHER_CXX} ${cxx_options} -Wall -Wextra -Werror -fPIC -shared
              ${miniport_cflags} -I${PROJECT_SOURCE_DIR}/include/wdk -I${NDISDMA_CONF_DIR}
              ${src} -o ${other_so} $<TARGET_FILE:ndisdma> ${miniport_libs}
      DEPENDS ${src} ndisdma ${NDISDMA_CONF_DIR}/conf_check.h
      COMMENT "conf_${mode}.cpp with ${NDISDMA_OTHER_CXX}" VERBATIM)
    add_custom_target(conf_${mode}_${other_name} ALL DEPENDS ${other_so})
    add_test(NAME conformance_${mode}_${other_name}
      COMMAND conf_host ${mode} ${other_so})
    set_tests_properties(conformance_${mode} conformance_${mode}_${other_name}
      PROPERTIES LABELS conformance TIMEOUT 300)
    if(TARGET ndisdma_tool)
      add_test(NAME conformance_${mode}_run
        COMMAND $<TARGET_FILE:ndisdma_tool> run --seed 3 --frames 0 --quiet
                --driver $<TARGET_FILE:conf_${mode}>)
      set_tests_properties(conformance_${mode}_run PROPERTIES LABELS conformance TIMEOUT 300)
    endif()
  endforeach()
endif()
