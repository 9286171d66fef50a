# MSVC-flavoured driver source (docs/msvc-c.md), built the way a user
# builds a miniport: include/wdk and the flags ndisdma.pc gives
# (NDISDMA_MINIPORT_CFLAGS / _LIBS), with gcc, clang, g++ and clang++
# whichever compiler configured the project.  Label "msvc".
#   wdk_headers     every header a driver includes compiles alone, C and
#                   C++, both bit-field layouts, and defines no symbol
#   msvc_constructs keywords, __declspec, SEH, intrinsics, GUIDs, TCHAR ...
#   msvc_inline     non-static inline functions in a header included by
#                   several files link and run at -O0 and -O2
#   msvc_layout     every structure and union of the WDK headers has the
#                   same size, field offsets and bit-field positions with
#                   MS bit-field layout (-mms-bitfields, drivers) and
#                   without (the library): scripts/wdk_compat.py --layout
find_program(NDISDMA_PYTHON NAMES python3)
find_program(NDISDMA_GCC NAMES gcc)
find_program(NDISDMA_CLANG NAMES clang clang-14 clang-15 clang-16)
find_program(NDISDMA_GXX NAMES g++)
find_program(NDISDMA_CLANGXX NAMES clang++ clang++-14 clang++-15 clang++-16)
# a compiler that is missing makes the tests fail with its name
foreach(var NDISDMA_PYTHON NDISDMA_GCC NDISDMA_CLANG NDISDMA_GXX NDISDMA_CLANGXX)
  if(NOT ${var})
    string(TOLOWER ${var} name)
    string(REPLACE "ndisdma_" "" name ${name})
    set(${var} ${name})
  endif()
endforeach()

add_test(NAME wdk_headers
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wdk_headers.sh
          ${PROJECT_SOURCE_DIR}/include/wdk "${NDISDMA_MINIPORT_CFLAGS}"
          ${NDISDMA_GCC} ${NDISDMA_CLANG} ${NDISDMA_GXX} ${NDISDMA_CLANGXX})
foreach(mode constructs inline)
  add_test(NAME msvc_${mode}
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/msvc_build.sh ${mode}
            ${CMAKE_CURRENT_SOURCE_DIR}/msvc ${PROJECT_SOURCE_DIR}/include/wdk
            "${NDISDMA_MINIPORT_CFLAGS}" "${NDISDMA_MINIPORT_LIBS}"
            ${NDISDMA_GCC} ${NDISDMA_CLANG} ${NDISDMA_GXX} ${NDISDMA_CLANGXX})
endforeach()
add_test(NAME msvc_layout
  COMMAND ${NDISDMA_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/wdk_compat.py --layout
          --root ${PROJECT_SOURCE_DIR} --clang ${NDISDMA_CLANG} --cc ${NDISDMA_GCC}
          --cflags "${NDISDMA_MINIPORT_CFLAGS}")
# Compile-only: the host's sanitizers do not apply to these builds.
set_tests_properties(wdk_headers msvc_constructs msvc_inline msvc_layout PROPERTIES
  LABELS "msvc;no-sanitizer" TIMEOUT 900)
