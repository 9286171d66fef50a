# test_pool_leak (issue 11): POOL-LEAK attributes a block to the driver
# whose code module allocated it.  Beside its built-in drivers the test
# loads tests/pool_leak/leaky_pool.c as a shared object (built against
# include/wdk only, path RT_SO_LEAKY_POOL); like test_runtime_loader the
# executable carries every library object and exports them, so the .so
# resolves its kernel calls against it.
if(TARGET test_pool_leak)
  add_library(rt_so_leaky_pool MODULE ${CMAKE_CURRENT_SOURCE_DIR}/pool_leak/leaky_pool.c)
  target_include_directories(rt_so_leaky_pool PRIVATE ${PROJECT_SOURCE_DIR}/include/wdk)
  set_target_properties(rt_so_leaky_pool PROPERTIES PREFIX "" OUTPUT_NAME leaky_pool
    LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/pool_leak)
  add_dependencies(test_pool_leak rt_so_leaky_pool)
  target_compile_definitions(test_pool_leak PRIVATE
    RT_SO_LEAKY_POOL="$<TARGET_FILE:rt_so_leaky_pool>")
  target_sources(test_pool_leak PRIVATE $<TARGET_OBJECTS:ndisdma_obj>)
  set_target_properties(test_pool_leak PROPERTIES ENABLE_EXPORTS ON)
endif()
