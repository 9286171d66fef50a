# The generated ntintsafe.h is current (scripts/gen_ntintsafe.py); that
# the headers compile alone is wdk_headers (tests/msvc.cmake).
add_test(NAME ntintsafe_generated
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/ntintsafe_generated.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(ntintsafe_generated PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
