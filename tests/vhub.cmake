# The vhub sample (samples/vhub): a hardware-less miniport that forwards
# between its adapters, traced with WPP, run as a user runs it
# (tests/scripts/vhub_run.sh: --traffic hub with 2 and 4 adapters;
# vhub_trace.sh: --trace and its configuration), and linked into
# tests/unit/test_vhub_sample.c (halt and initialize again: the MAC it
# saved comes back; OIDs and statistics).
if(TARGET ndisdma_tool AND TARGET vhub)
  add_test(NAME vhub_run
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/vhub_run.sh
            $<TARGET_FILE:ndisdma_tool> $<TARGET_FILE:vhub>)
  set_tests_properties(vhub_run PROPERTIES LABELS "cli;traffic" TIMEOUT 300)
  add_test(NAME vhub_trace
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/vhub_trace.sh
            $<TARGET_FILE:ndisdma_tool> $<TARGET_FILE:vhub>)
  set_tests_properties(vhub_trace PROPERTIES LABELS cli TIMEOUT 300)
endif()
if(TARGET test_vhub_sample AND TARGET vhub_objects)
  target_sources(test_vhub_sample PRIVATE $<TARGET_OBJECTS:vhub_objects>)
endif()
# From its unmodified tree against an installed ndisdma (README recipe).
if(TARGET ndisdma_tool AND TARGET ndisdma_wpp)
  add_test(NAME vhub_install
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/vhub_install.sh
            ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}
            ${CMAKE_C_COMPILER})
  set_tests_properties(vhub_install PROPERTIES LABELS "cli;install" TIMEOUT 300)
endif()
