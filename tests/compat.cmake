# docs/compat.md and libndisdma.so's export list against the WDK headers
# (scripts/wdk_compat.py, which reads the headers through clang's AST).
#   compat_doc  docs/compat.md is what the headers hold now (regenerate with
#               scripts/wdk_compat.py --write)
#   exports     libndisdma.so exports exactly the functions and data the WDK
#               headers declare (not inline) and the ndisdma_* API, each with
#               C linkage in C++; the ndisdma binary exports nothing
# Label "compat"; static checks, so not repeated in sanitizer builds.
find_program(NDISDMA_PYTHON NAMES python3)
find_program(NDISDMA_CLANG NAMES clang clang-14 clang-15 clang-16)
find_program(NDISDMA_CLANGXX NAMES clang++ clang++-14 clang++-15 clang++-16)
foreach(var NDISDMA_PYTHON NDISDMA_CLANG NDISDMA_CLANGXX)
  if(NOT ${var})
    string(TOLOWER ${var} name)
    string(REPLACE "ndisdma_" "" name ${name})
    set(${var} ${name})   # the test then fails naming it
  endif()
endforeach()
set(NDISDMA_COMPAT ${NDISDMA_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/wdk_compat.py
  --root ${PROJECT_SOURCE_DIR} --clang ${NDISDMA_CLANG}
  --cflags "${NDISDMA_MINIPORT_CFLAGS}")
add_test(NAME compat_doc COMMAND ${NDISDMA_COMPAT} --check)
if(TARGET ndisdma_tool)
  add_test(NAME exports COMMAND ${NDISDMA_COMPAT} --exports $<TARGET_FILE:ndisdma>
    --tool $<TARGET_FILE:ndisdma_tool> --cxx ${NDISDMA_CLANGXX})
else()
  add_test(NAME exports COMMAND ${NDISDMA_COMPAT} --exports $<TARGET_FILE:ndisdma>
    --cxx ${NDISDMA_CLANGXX})
endif()
set_tests_properties(compat_doc exports PROPERTIES
  LABELS "compat;no-sanitizer" TIMEOUT 600)
