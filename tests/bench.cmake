# tests/bench.cmake — smoke test of `ndisdma bench` (issue 7): every workload
# W1-W8 briefly, output shape checked (JSON keys, numbers positive or null),
# never the speed.  python3 parses the JSON strictly.
find_program(NDISDMA_PYTHON3 python3)
if(TARGET ndisdma_tool AND NDISDMA_PYTHON3)
  add_test(NAME bench_smoke
    COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/bench_smoke.sh $<TARGET_FILE:ndisdma_tool>)
  set_tests_properties(bench_smoke PROPERTIES LABELS "bench;cli" TIMEOUT 600)
endif()
