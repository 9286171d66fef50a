# Issue 6: `ndisdma run` moving frames through the virtio-net sample and
# the device model (loopback at 64 and 32 bits, JSON summary, jumbo,
# stress), the pcap backend read back with tshark, the sample built as a
# user's .so with the installed pkg-config flags, and the real-network
# ping through a TAP interface (root + /dev/net/tun, else skipped).
if(TARGET ndisdma_tool AND TARGET virtio_net)
  set(traffic_scripts ${CMAKE_CURRENT_SOURCE_DIR}/scripts)
  add_test(NAME traffic_run
    COMMAND sh ${traffic_scripts}/traffic_run.sh $<TARGET_FILE:ndisdma_tool> 20000
            $<TARGET_FILE:lifecycle>)
  add_test(NAME traffic_pcap
    COMMAND sh ${traffic_scripts}/traffic_pcap.sh $<TARGET_FILE:ndisdma_tool>)
  add_test(NAME traffic_pkgconfig
    COMMAND sh ${traffic_scripts}/traffic_pkgconfig.sh ${CMAKE_COMMAND}
            ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR}/samples/virtio_net
            ${CMAKE_C_COMPILER})
  add_test(NAME tap_ping
    COMMAND sh ${traffic_scripts}/tap_ping.sh $<TARGET_FILE:ndisdma_tool>)
  set_tests_properties(traffic_run traffic_pcap traffic_pkgconfig tap_ping
    PROPERTIES LABELS "traffic" TIMEOUT 600 SKIP_RETURN_CODE 77)
endif()

# test_traffic links the virtio_net sample (built in, as in the ndisdma tool).
if(TARGET test_traffic AND TARGET virtio_net_builtin)
  target_sources(test_traffic PRIVATE $<TARGET_OBJECTS:virtio_net_builtin>)
  set_tests_properties(test_traffic PROPERTIES LABELS "unit;traffic")
endif()

# test_throttle_reset (issue 11) drives the same sample: receive throttle,
# resets during traffic, OID_GEN_STATISTICS.
if(TARGET test_throttle_reset AND TARGET virtio_net_builtin)
  target_sources(test_throttle_reset PRIVATE $<TARGET_OBJECTS:virtio_net_builtin>)
  set_tests_properties(test_throttle_reset PROPERTIES LABELS "unit;traffic")
endif()
