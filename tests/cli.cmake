# CLI end-to-end tests: the built ndisdma binary, its help, the lifecycle
# sample (built in and as lifecycle.so), bad drivers, exit codes.
# Each test is a POSIX sh script in tests/scripts/ (cli_lib.sh helpers).
if(TARGET ndisdma_tool AND TARGET lifecycle)
  # Miniports that fail in one way each (tests/drivers_cli/bad_miniport.c).
  set(NDISDMA_CLI_DRIVER_DIR ${PROJECT_BINARY_DIR}/tests/drivers_cli)
  foreach(variant no_entry entry_fails no_pause init_fails shm_leak sgl_abuse missing_names
                  stuck_wait stuck_spin)
    string(TOUPPER ${variant} upper)
    add_library(bad_${variant} MODULE ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/bad_miniport.c)
    ndisdma_miniport(bad_${variant})
    target_compile_definitions(bad_${variant} PRIVATE BAD_${upper})
    target_link_libraries(bad_${variant} PRIVATE ndisdma)
    # debug info: reports name the driver's call as file:line (issue 5)
    target_compile_options(bad_${variant} PRIVATE -g)
    set_target_properties(bad_${variant} PROPERTIES PREFIX ""
      LIBRARY_OUTPUT_DIRECTORY ${NDISDMA_CLI_DRIVER_DIR})
  endforeach()

  # A hardware-less miniport forwarding between its adapters
  # (tests/drivers_cli/hub_miniport.c, hub_datapath.c), and two variants that ask for a
  # register window / an interrupt they were not given, and two broken hubs:
  # one sends frames back to their sender, one forgets every 50th copy.
  foreach(variant hub hub_probe_mmio hub_probe_irq hub_echo_sender hub_drop_some)
    string(TOUPPER ${variant} upper)
    add_library(${variant}_miniport MODULE ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/hub_miniport.c
      ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/hub_datapath.c)
    ndisdma_miniport(${variant}_miniport)
    if(NOT variant STREQUAL "hub")
      target_compile_definitions(${variant}_miniport PRIVATE ${upper})
    endif()
    target_link_libraries(${variant}_miniport PRIVATE ndisdma)
    set_target_properties(${variant}_miniport PROPERTIES PREFIX ""
      LIBRARY_OUTPUT_DIRECTORY ${NDISDMA_CLI_DRIVER_DIR})
  endforeach()

  # A software loopback NIC whose MiniportPause races its send completion
  # DPC (tests/drivers_cli/race_miniport.c), and its fixed twin: the race
  # pct finds and a seed replays (cli_race, docs/scheduling.md); and the
  # fixed one forgetting every 50th looped frame (cli_fault_sends).
  foreach(variant race_pause race_pause_fixed race_drop_some)
    add_library(${variant} MODULE ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/race_miniport.c)
    ndisdma_miniport(${variant})
    if(variant STREQUAL "race_pause_fixed")
      target_compile_definitions(${variant} PRIVATE FIXED)
    elseif(variant STREQUAL "race_drop_some")
      target_compile_definitions(${variant} PRIVATE FIXED DROP_SOME)
    endif()
    target_link_libraries(${variant} PRIVATE ndisdma)
    target_compile_options(${variant} PRIVATE -g)
    set_target_properties(${variant} PROPERTIES PREFIX ""
      LIBRARY_OUTPUT_DIRECTORY ${NDISDMA_CLI_DRIVER_DIR})
  endforeach()

  # the same hub linked into tests/unit/test_hub_adapters.c
  if(TARGET test_hub_adapters)
    add_library(hub_linked OBJECT ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/hub_miniport.c
      ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/hub_datapath.c)
    ndisdma_miniport(hub_linked)
    target_compile_definitions(hub_linked PRIVATE DriverEntry=test_hub_driver_entry)
    target_sources(test_hub_adapters PRIVATE $<TARGET_OBJECTS:hub_linked>)
  endif()

  set(cli_scripts ${CMAKE_CURRENT_SOURCE_DIR}/scripts)
  foreach(name help usage run dma determinism reports faults stress reset pause)
    add_test(NAME cli_${name}
      COMMAND sh ${cli_scripts}/cli_${name}.sh $<TARGET_FILE:ndisdma_tool>)
  endforeach()
  # spec §11 --platform host: real frames, the reserve below 4 GiB, the
  # refusal without root (docs/run.md "Platforms")
  add_test(NAME cli_host
    COMMAND sh ${cli_scripts}/cli_host.sh $<TARGET_FILE:ndisdma_tool>)
  set_tests_properties(cli_host PROPERTIES LABELS cli TIMEOUT 600)
  add_test(NAME cli_bad_driver
    COMMAND sh ${cli_scripts}/cli_bad_driver.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR} $<TARGET_FILE:lifecycle>)
  # spec §9 schedulers: replay by hash and JSON, pct, STUCK (docs/scheduling.md).
  # Label sched: `ctest -L sched`.  Neither is no-sanitizer nor no-tsan: the
  # hash test runs in the normal, ASan+UBSan and TSan builds, with gcc and
  # clang (CC=clang make test).
  add_test(NAME cli_sched
    COMMAND sh ${cli_scripts}/cli_sched.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR})
  set_tests_properties(cli_sched PROPERTIES LABELS "cli;sched" TIMEOUT 600)
  # the same hashes from every build and compiler (a committed file)
  add_test(NAME cli_sched_golden
    COMMAND sh ${cli_scripts}/cli_sched_golden.sh $<TARGET_FILE:ndisdma_tool>
            ${PROJECT_SOURCE_DIR}/tests/data/trace_hashes.txt)
  set_tests_properties(cli_sched_golden PROPERTIES LABELS "cli;sched" TIMEOUT 300)
  # spec §9: a send-completion/pause race found by pct:3 over a fixed seed
  # range and replayed from the seed (docs/scheduling.md)
  add_test(NAME cli_race
    COMMAND sh ${cli_scripts}/cli_race.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR} ${PROJECT_SOURCE_DIR}/scripts/sched-search.sh)
  set_tests_properties(cli_race PROPERTIES LABELS "cli;sched" TIMEOUT 600)
  add_test(NAME cli_hub
    COMMAND sh ${cli_scripts}/cli_hub.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR})
  set_tests_properties(cli_hub PROPERTIES LABELS cli TIMEOUT 300)
  add_test(NAME cli_vf_reports
    COMMAND sh ${cli_scripts}/cli_vf_reports.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR})
  set_tests_properties(cli_vf_reports PROPERTIES LABELS cli TIMEOUT 300)
  # issue 11: debug output, assertions, bug checks; the driver is built by
  # the script itself with gcc and clang (tests/drivers_cli/debug_miniport.c)
  add_test(NAME cli_debug
    COMMAND sh ${cli_scripts}/cli_debug.sh $<TARGET_FILE:ndisdma_tool>
            $<TARGET_FILE_DIR:ndisdma> ${PROJECT_SOURCE_DIR}/include/wdk
            ${CMAKE_CURRENT_SOURCE_DIR}/drivers_cli/debug_miniport.c ${CMAKE_C_COMPILER})
  set_tests_properties(cli_debug PROPERTIES LABELS cli TIMEOUT 300)
  set_tests_properties(cli_help cli_usage cli_run cli_dma cli_determinism
    cli_reports cli_stress cli_reset cli_pause cli_bad_driver PROPERTIES LABELS cli TIMEOUT 300)
  # The fault loop is a hundred short processes: the normal and ASan+UBSan
  # builds run it; under TSan each start costs half a second (label no-tsan).
  set_tests_properties(cli_faults PROPERTIES LABELS "cli;no-tsan" TIMEOUT 300)
  # Every allocation point failed once: minutes, so outside `make test`
  # (label long: `make test-long`); cli_faults is its smoke.
  add_test(NAME cli_faults_full
    COMMAND sh ${cli_scripts}/cli_faults.sh $<TARGET_FILE:ndisdma_tool> full)
  set_tests_properties(cli_faults_full PROPERTIES LABELS "cli;long" TIMEOUT 1800)
endif()

# ndisdma verify (issue 14): the virtio-net sample passes; verifier test
# miniports (tests/verifier_miniports, built here as shared objects) fail
# and name their rule; SARIF/JUnit/JSON parse; shard + merge = whole.
if(TARGET ndisdma_tool AND TARGET virtio_net)
  # The firing .so of each rule the scripts load, and the fixed twin only
  # where one does (cli_iommu); test_vf_rules runs every twin in process.
  foreach(rule SGL-DOUBLE-FREE SHM-DOUBLE-FREE IRQL DMA-NOT-REMAPPABLE)
    string(TOLOWER ${rule} ident)
    string(REPLACE "-" "_" ident ${ident})
    set(variants fire)
    if(rule STREQUAL "DMA-NOT-REMAPPABLE")
      list(APPEND variants fixed)
    endif()
    foreach(variant ${variants})
      add_library(vm_${ident}_${variant}_so MODULE
        ${CMAKE_CURRENT_SOURCE_DIR}/verifier_miniports/${rule}.c)
      ndisdma_miniport(vm_${ident}_${variant}_so)
      if(variant STREQUAL "fixed")
        target_compile_definitions(vm_${ident}_${variant}_so PRIVATE FIXED)
      endif()
      target_link_libraries(vm_${ident}_${variant}_so PRIVATE ndisdma)
      target_compile_options(vm_${ident}_${variant}_so PRIVATE -g)
      set_target_properties(vm_${ident}_${variant}_so PROPERTIES PREFIX ""
        OUTPUT_NAME vm_${rule}_${variant} LIBRARY_OUTPUT_DIRECTORY ${NDISDMA_CLI_DRIVER_DIR})
    endforeach()
  endforeach()
  add_test(NAME cli_verify
    COMMAND sh ${cli_scripts}/cli_verify.sh $<TARGET_FILE:ndisdma_tool>
            $<TARGET_FILE:virtio_net> ${NDISDMA_CLI_DRIVER_DIR})
  # spec §11 --iommu: the sample behind the IOMMU, no bouncing for a 32-bit
  # device, replay by trace hash, DMA-NOT-REMAPPABLE, verify's IOMMU cell
  add_test(NAME cli_iommu
    COMMAND sh ${cli_scripts}/cli_iommu.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR})
  set_tests_properties(cli_iommu PROPERTIES LABELS cli TIMEOUT 300)
  add_test(NAME cli_verify_shards
    COMMAND sh ${cli_scripts}/cli_verify_shards.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR})
  add_test(NAME cli_fault_sends
    COMMAND sh ${cli_scripts}/cli_fault_sends.sh $<TARGET_FILE:ndisdma_tool>
            ${NDISDMA_CLI_DRIVER_DIR})
  set_tests_properties(cli_verify cli_verify_shards cli_fault_sends PROPERTIES LABELS cli TIMEOUT 300)
endif()

# the JSON reader/writer of ndisdma verify (tools/ndisdma/json.c)
if(TARGET test_cli_json)
  target_sources(test_cli_json PRIVATE ${PROJECT_SOURCE_DIR}/tools/ndisdma/json.c)
  target_include_directories(test_cli_json PRIVATE ${PROJECT_SOURCE_DIR}/tools/ndisdma)
endif()

# Every verifier test miniport gated by ndisdma verify as a user would run
# it: the firing one fails naming its rule, the fixed twin passes (label
# long: make test-long).
if(TARGET ndisdma_tool)
  add_test(NAME verify_rules
    COMMAND sh ${cli_scripts}/verify_rules.sh $<TARGET_FILE:ndisdma_tool>
            ${PROJECT_SOURCE_DIR} $<TARGET_FILE_DIR:ndisdma> ${CMAKE_C_COMPILER}
            "${NDISDMA_MINIPORT_CFLAGS}")
  set_tests_properties(verify_rules PROPERTIES LABELS "cli;long" TIMEOUT 1800)
endif()
