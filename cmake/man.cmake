# man.cmake — man pages for the installed tools, made at build time from
# each tool's --help (cmake/manpage.cmake), installed under man1.  A tool a
# later issue adds gets a line here: page name, the command printing its
# help, its one-line summary.
if(TARGET ndisdma_tool AND TARGET ndisdma_wpp)
  set(tool $<TARGET_FILE:ndisdma_tool>)
  set(NDISDMA_MAN_PAGES
    "ndisdma|${tool}^--help|run an unchanged Windows NDIS 6 miniport's SG DMA path in user space"
    "ndisdma-run|${tool}^run^--help|host a miniport on the simulated platform and verify its DMA use"
    "ndisdma-bench|${tool}^bench^--help|measure the SG DMA path against in-run baselines"
    "ndisdma-verify|${tool}^verify^--help|run a miniport over a matrix of short runs: pass or fail, for CI"
    "ndisdma-fuzz|${tool}^fuzz^--help|fuzz a miniport with a hostile device, or the SG DMA API (libFuzzer)"
    "ndisdma-wpp|$<TARGET_FILE:ndisdma_wpp>^--help|write the WPP .tmh files of a miniport's sources (tracewpp's role)")
  set(man_files "")
  foreach(entry ${NDISDMA_MAN_PAGES})
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 page)
    list(GET parts 1 cmd)
    list(GET parts 2 summary)
    set(out ${PROJECT_BINARY_DIR}/man/${page}.1)
    add_custom_command(OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND ${CMAKE_COMMAND} -DPAGE=${page} "-DHELP_CMD=${cmd}" "-DSUMMARY=${summary}"
              -DVERSION=${PROJECT_VERSION} -DOUT=${out}
              -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
      DEPENDS ndisdma_tool ndisdma_wpp ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
      COMMENT "man page ${page}.1 from its --help" VERBATIM)
    list(APPEND man_files ${out})
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${man_files})
  install(FILES ${man_files} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# man_<page>: the page says what --help says (tests/scripts/man_check.cmake)
if(BUILD_TESTING AND TARGET ndisdma_tool AND TARGET ndisdma_wpp)
  foreach(entry ${NDISDMA_MAN_PAGES})
    string(REPLACE "|" ";" parts "${entry}")
    list(GET parts 0 page)
    list(GET parts 1 cmd)
    add_test(NAME man_${page} COMMAND ${CMAKE_COMMAND} -DPAGE=${page} "-DHELP_CMD=${cmd}"
      -DMAN=${PROJECT_BINARY_DIR}/man/${page}.1 -P ${PROJECT_SOURCE_DIR}/tests/scripts/man_check.cmake)
    set_tests_properties(man_${page} PROPERTIES LABELS cli)
  endforeach()
endif()
