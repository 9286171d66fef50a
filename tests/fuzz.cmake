# Fuzz targets (docs/fuzzing.md): fuzz_device, fuzz_sg_build and
# fuzz_sg_description, each tests/fuzz/fuzz_target.c compiled for one
# target of the library's fuzz API (include/ndisdma/fuzz.h, src/fuzz).
#   clang (not TSan): linked with -fsanitize=fuzzer, a libFuzzer binary;
#   gcc, clang TSan:  linked with tests/fuzz/replay_main.c, which runs
#                     LLVMFuzzerTestOneInput over files and directories.
#   NDISDMA_FUZZ_ENGINE set (OSS-Fuzz / ClusterFuzzLite's
#                     $LIB_FUZZING_ENGINE, .clusterfuzzlite/build.sh):
#                     linked with those flags and the static library, so
#                     the binaries stand alone in $OUT.
# fuzz_<t>_corpus runs each over its committed seed corpus
# tests/fuzz/<t>/corpus (seconds; label "fuzz").  `make fuzz` builds the
# instrumented targets in build/fuzz (NDISDMA_SANITIZE=fuzzer).
set(NDISDMA_FUZZ_ENGINE "" CACHE STRING
  "link flags of an external fuzzing engine (OSS-Fuzz's LIB_FUZZING_ENGINE)")
set(NDISDMA_FUZZ_TARGET_NAMES device sg_build sg_description)
set(NDISDMA_FUZZ_LIBFUZZER OFF)
if(CMAKE_C_COMPILER_ID STREQUAL "Clang" AND NOT NDISDMA_SANITIZE STREQUAL "thread")
  set(NDISDMA_FUZZ_LIBFUZZER ON)
endif()
foreach(t ${NDISDMA_FUZZ_TARGET_NAMES})
  string(TOUPPER ${t} T)
  add_executable(fuzz_${t} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_target.c)
  target_compile_definitions(fuzz_${t} PRIVATE FUZZ_TARGET=NDISDMA_FUZZ_${T})
  target_include_directories(fuzz_${t} PRIVATE ${PROJECT_SOURCE_DIR}/include)
  if(NDISDMA_FUZZ_ENGINE)
    target_link_libraries(fuzz_${t} PRIVATE ndisdma_static virtio_net_builtin Threads::Threads)
  else()
    # the shared library, as the ndisdma tool: a miniport .so given in
    # NDISDMA_FUZZ_DRIVER binds to the same copy of the NDIS API
    target_link_libraries(fuzz_${t} PRIVATE ndisdma virtio_net_builtin Threads::Threads)
    set_target_properties(fuzz_${t} PROPERTIES BUILD_RPATH "${PROJECT_BINARY_DIR}")
  endif()
  if(NDISDMA_FUZZ_ENGINE)
    separate_arguments(engine UNIX_COMMAND "${NDISDMA_FUZZ_ENGINE}")
    target_link_options(fuzz_${t} PRIVATE ${engine})
    target_compile_definitions(fuzz_${t} PRIVATE NDISDMA_FUZZ_ENGINE_LINKED=1)
    set(args -runs=0 -timeout=20)
  elseif(NDISDMA_FUZZ_LIBFUZZER)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    target_compile_definitions(fuzz_${t} PRIVATE NDISDMA_FUZZ_ENGINE_LINKED=1)
    # libFuzzer: -runs=0 executes every input of the corpus once and stops
    set(args -runs=0 -timeout=20)
  else()
    target_sources(fuzz_${t} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay_main.c)
    set(args)
  endif()
  add_test(NAME fuzz_${t}_corpus
    COMMAND fuzz_${t} ${args} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${t}/corpus)
  set_tests_properties(fuzz_${t}_corpus PROPERTIES LABELS fuzz TIMEOUT 300)
endforeach()

# `ndisdma fuzz` without libFuzzer and `ndisdma run --replay`
# (tests/scripts/cli_fuzz.sh)
# (a `make fuzz` build's ndisdma has libFuzzer: "libfuzzer" says so)
# (the lifecycle sample: a miniport that is not virtio-net's, refused)
if(TARGET ndisdma_tool AND TARGET virtio_net AND TARGET lifecycle)
  set(engine none)
  if(NDISDMA_LIBFUZZER_BUILD)
    set(engine libfuzzer)
  endif()
  add_test(NAME cli_fuzz COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/scripts/cli_fuzz.sh
    $<TARGET_FILE:ndisdma_tool> ${CMAKE_CURRENT_SOURCE_DIR}/fuzz $<TARGET_FILE:virtio_net>
    ${engine} $<TARGET_FILE:lifecycle>)
  set_tests_properties(cli_fuzz PROPERTIES LABELS "cli;fuzz" TIMEOUT 300)
endif()

# test_fuzz_fresh (tests/unit): each corpus in one instance, backwards,
# and each input alone give the same outcome and behaviour hash.
if(TARGET test_fuzz_fresh AND TARGET virtio_net_builtin)
  target_sources(test_fuzz_fresh PRIVATE $<TARGET_OBJECTS:virtio_net_builtin>)
  target_compile_definitions(test_fuzz_fresh PRIVATE
    FUZZ_CORPUS_DIR="${CMAKE_CURRENT_SOURCE_DIR}/fuzz")
  set_tests_properties(test_fuzz_fresh PROPERTIES LABELS "unit;fuzz")
endif()
