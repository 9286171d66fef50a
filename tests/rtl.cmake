# Issue 11 (Rtl, safe integers and strings, debug output): the generated
# ntintsafe.h is current, and the headers compile alone in C and C++ with
# gcc and clang.
add_test(NAME ntintsafe_generated
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/ntintsafe_generated.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(ntintsafe_generated PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
add_test(NAME wdk_headers_rtl
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wdk_headers_rtl.sh
          ${PROJECT_SOURCE_DIR}/include/wdk ${CMAKE_C_COMPILER})
set_tests_properties(wdk_headers_rtl PROPERTIES LABELS unit TIMEOUT 600)
