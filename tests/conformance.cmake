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
