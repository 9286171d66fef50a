# Miniports built as shared objects at test time (tests/drivers/*.c) for
# test_runtime_loader: each is a MODULE built against include/wdk only, and
# its path reaches the test as RT_SO_<NAME>.  The test executable carries
# every library object and exports its symbols, so a dlopen()ed miniport
# resolves its NDIS calls against it (as against the ndisdma tool).
if(TARGET test_runtime_loader)
  file(GLOB NDISDMA_RT_SO_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/drivers/*.c)
  foreach(src ${NDISDMA_RT_SO_SOURCES})
    get_filename_component(drv ${src} NAME_WE)
    string(TOUPPER ${drv} DRV)
    add_library(rt_so_${drv} MODULE ${src})
    ndisdma_miniport(rt_so_${drv})
    set_target_properties(rt_so_${drv} PROPERTIES PREFIX "" OUTPUT_NAME rt_${drv}
      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/drivers)
    add_dependencies(test_runtime_loader rt_so_${drv})
    target_compile_definitions(test_runtime_loader PRIVATE
      RT_SO_${DRV}="$<TARGET_FILE:rt_so_${drv}>")
  endforeach()
  target_sources(test_runtime_loader PRIVATE $<TARGET_OBJECTS:ndisdma_obj>)
  set_target_properties(test_runtime_loader PROPERTIES ENABLE_EXPORTS ON)
  target_compile_definitions(test_runtime_loader PRIVATE
    RT_SO_DIR="${CMAKE_CURRENT_BINARY_DIR}/drivers")
endif()
