# Two miniports written the way public NDIS 6 drivers are (tests/realworld/:
# a hardware-less virtual miniport and a SoC Ethernet miniport with SG DMA),
# built from their unmodified sources as a user builds them (installed
# ndisdma, pkg-config, gcc and clang, -O0 and -O2) and run by the installed
# ndisdma.  tests/scripts/realworld_build.sh.
if(TARGET ndisdma_tool)
  # A sanitizer build makes one build of each driver, with its own compiler.
  set(realworld_matrix)
  if(NDISDMA_SANITIZE)
    if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
      set(realworld_matrix clang -O2)
    else()
      set(realworld_matrix gcc -O2)
    endif()
  endif()
  foreach(drv vminiport socenet)
    add_test(NAME realworld_${drv}
      COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/realworld_build.sh
              ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR}
              ${CMAKE_CURRENT_SOURCE_DIR}/realworld/${drv} ${drv} ${realworld_matrix})
    # ASan+UBSan runs them; under TSan they are compiler-bound and
    # single-threaded setup (label no-tsan: make test-tsan skips them)
    set_tests_properties(realworld_${drv} PROPERTIES LABELS "realworld;no-tsan" TIMEOUT 900)
  endforeach()
endif()
