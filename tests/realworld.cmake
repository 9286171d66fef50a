# Two miniports written the way public NDIS 6 drivers are (tests/realworld/:
# a hardware-less virtual miniport and a SoC Ethernet miniport with SG DMA),
# built from their unmodified sources as a user builds them (installed
# ndisdma, pkg-config, gcc and clang, -O0 and -O2) and run by the installed
# ndisdma (issue 11, "Done when").  tests/scripts/realworld_build.sh.
if(TARGET ndisdma_tool)
  foreach(drv vminiport socenet)
    add_test(NAME realworld_${drv}
      COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/realworld_build.sh
              ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR}
              ${CMAKE_CURRENT_SOURCE_DIR}/realworld/${drv} ${drv})
    set_tests_properties(realworld_${drv} PROPERTIES LABELS realworld TIMEOUT 900)
  endforeach()
endif()
