# cli_reset.sh NDISDMA — issue 11: `ndisdma run --reset-every N` resets the
# virtio-net sample during traffic (its reset pends until its sends are
# done, then asks for an addressing reset) with nothing lost or doubled;
# the miniport's OID_GEN_STATISTICS is printed beside the harness's counts
# and agrees; the same in the --json summary; --reset-every 0 is a usage
# error.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

run "$NDISDMA" run --seed 11 --frames 2000 --reset-every 500 --receive-throttle 8
expect_rc 0
expect_out '^MiniportResetEx \(--reset-every\)'
expect_out 'addressing reset: packet filter 0xB sent again'
expect_out '^resets: 4 \(every 500 frames\), 0 failed'
expect_out '^frames: 2000 sent, 2000 completed \(0 failed\), 2000 received and checked, 0 lost, 0 duplicates'
expect_out '^completions: 0 lost, 0 twice'
expect_out '^802\.1Q NBL info: 500 frames sent tagged'
expect_out '^statistics \(OID_GEN_STATISTICS, SupportedStatistics 0x003F87FF\)'
expect_out 'ifHCOutUcastPkts +2000 +harness +2000$'
expect_out 'ifHCInUcastPkts +2000 +harness +2000$'
expect_out '^statistics: 0 counters disagree with the harness'
expect_out '^resets: 4 \([0-9]+ pended, 0 soft errors, 0 failed, 0 never completed, 4 addressing\)'
expect_out '^receive throttle: MaxNblsToIndicate 8, 2000 NBLs'
expect_out '^error log: 0 entries'

run "$NDISDMA" run --seed 11 --frames 1000 --reset-every 250 --json
expect_rc 0
expect_out '"resets": 4,'
expect_out '"addressing_resets": 4,'
expect_out '"statistics": \{"status": 0, "valid": true, "supported": 4163583'
expect_out '"ifHCOutUcastPkts": 1000'
expect_out '"disagree": \[\]'
expect_out '"vlan_sent": 250,'

run "$NDISDMA" run --reset-every 0
expect_rc 2
echo "cli_reset: ok"
