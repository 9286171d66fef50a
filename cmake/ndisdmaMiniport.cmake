# ndisdma_add_miniport(NAME SOURCES file... [WPP_SCAN header]
#                      [WPP_FUNC function...] [WPP_OPTIONS option...])
#
# Builds NAME.so, a miniport `ndisdma run --driver NAME.so` loads: the
# sources compiled with the miniport flags and the WDK headers, linked
# against libndisdma (the target ndisdma::ndisdma carries both).
#
# With WPP_SCAN, WPP_FUNC or WPP_OPTIONS the sources are WPP-instrumented:
# before they compile, ndisdma-wpp (ndisdma::wpp) runs on them as tracewpp
# runs in a Windows build, writing each source's .tmh into a directory of
# the build tree that is put on the include path.  The arguments carry a
# Windows project's own settings unchanged (docs/wpp.md):
#   WPP_SCAN     WppScanConfigurationData: the header with WPP_CONTROL_GUIDS
#                and the begin_wpp config blocks (-scan:)
#   WPP_FUNC     WppTraceFunction: each custom trace function, e.g.
#                "TraceEvents(LEVEL,FLAGS,MSG,...)" (-func:); a Windows
#                project's ';'-separated value is a CMake list already
#   WPP_OPTIONS  any other tracewpp option (-p:, -ext:, -argbase: ...)
# Relative paths are taken from the calling CMakeLists.txt's directory.
function(ndisdma_add_miniport name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "WPP_SCAN"
                        "SOURCES;WPP_FUNC;WPP_OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ndisdma_add_miniport(${name}): unknown arguments "
      "'${arg_UNPARSED_ARGUMENTS}' (expected SOURCES, WPP_SCAN, WPP_FUNC, "
      "WPP_OPTIONS)")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ndisdma_add_miniport(${name}): no SOURCES given")
  endif()
  if(NOT TARGET ndisdma::ndisdma)
    message(FATAL_ERROR "ndisdma_add_miniport(${name}): ndisdma::ndisdma is "
      "not defined; call find_package(ndisdma) first")
  endif()

  add_library(${name} MODULE ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE ndisdma::ndisdma)
  # ndisdma run --driver loads NAME.so, as Windows loads NAME.sys.
  set_target_properties(${name} PROPERTIES PREFIX "")

  if(NOT (arg_WPP_SCAN OR arg_WPP_FUNC OR arg_WPP_OPTIONS))
    return()
  endif()
  if(TARGET ndisdma_wpp)
    set(tool ndisdma_wpp)          # building inside the ndisdma tree
  elseif(TARGET ndisdma::wpp)
    set(tool ndisdma::wpp)
  else()
    message(FATAL_ERROR "ndisdma_add_miniport(${name}): WPP tracing needs "
      "ndisdma-wpp, and this ndisdma installation has none")
  endif()

  set(odir ${CMAKE_CURRENT_BINARY_DIR}/${name}.wpp)
  set(args -km -odir:${odir})
  set(depends)
  if(arg_WPP_SCAN)
    get_filename_component(scan ${arg_WPP_SCAN} ABSOLUTE
                           BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND args -scan:${scan})
    list(APPEND depends ${scan})
  endif()
  foreach(func IN LISTS arg_WPP_FUNC)
    list(APPEND args "-func:${func}")
  endforeach()
  list(APPEND args ${arg_WPP_OPTIONS})
  # tracewpp is given the compiled sources; a header is scanned only
  # through -scan: or -ext: (WPP_OPTIONS), as in a Windows build.
  set(sources)
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(path ${src} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    if(path MATCHES "\\.(c|cc|cpp|cxx|C)$")
      list(APPEND sources ${path})
    endif()
    list(APPEND depends ${path})
  endforeach()

  # The .tmh names come from the sources' #include lines (a tree may spell
  # them in another case than the file), so the command's output is a
  # stamp; each object's dependency scan picks up the .tmh it includes.
  add_custom_command(OUTPUT ${odir}/wpp.stamp
    COMMAND ${CMAKE_COMMAND} -E make_directory ${odir}
    COMMAND ${tool} ${args} ${sources}
    COMMAND ${CMAKE_COMMAND} -E touch ${odir}/wpp.stamp
    DEPENDS ${tool} ${depends}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    COMMENT "ndisdma-wpp: trace message headers for ${name}"
    VERBATIM)
  add_custom_target(${name}_wpp DEPENDS ${odir}/wpp.stamp)
  add_dependencies(${name} ${name}_wpp)
  target_include_directories(${name} PRIVATE ${odir})
endfunction()
