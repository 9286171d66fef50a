# cli_fault_sends.sh NDISDMA DRIVERS_DIR — a send failed by an injected fault
# is not a traffic failure (issue 14, docs/run.md "Exit status"):
#  - `ndisdma run --fault p:0.002 --frames 3000 --seed 7` (the virtio-net
#    sample): one send fails on an injected sg.storage fault, nothing is
#    lost: exit 9, the summary and JSON count it apart (send_failed 1,
#    send_failed_injected 1, lost_frames 0);
#  - the same without --fault: exit 0, send_failed_injected 0;
#  - a real traffic failure stays 6 under fault injection (the hub that
#    sends frames back to their sender: misdelivered, with p:0.002);
#  - a frame the miniport dropped because an allocation was failed (the
#    software loopback NIC and the test hub allocate each frame's copy) is
#    put down to the fault: exit 9; one that forgets frames with no
#    allocation failing fails (exit 6) with or without --fault, only the
#    losses whose window held a fault excused.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
DRV=$2

run "$NDISDMA" run --fault p:0.002 --frames 3000 --seed 7 --quiet
expect_rc 9
expect_out '^frames: 3000 sent, 3000 completed \(1 failed\), 2999 received and checked, 0 lost'
expect_out '^sends failed by injected faults: 1 of the 1 failed \(not a traffic failure; nothing lost\)$'
expect_out '^faults injected: 1 '
expect_err "FAULT-INJECTED: fault injected at allocation point 'sg.storage'"

run "$NDISDMA" run --fault p:0.002 --frames 3000 --seed 7 --quiet --json
expect_rc 9
grep -q '"send_failed": 1, "send_failed_injected": 1,' "$OUT" ||
	fail "JSON lacks send_failed 1, send_failed_injected 1"
grep -q '"lost_frames": 0,' "$OUT" || fail "JSON lost_frames is not 0"
grep -q '"exit": 9}' "$OUT" || fail "JSON exit is not 9"

run "$NDISDMA" run --frames 3000 --seed 7 --quiet --json
expect_rc 0
grep -q '"send_failed": 0, "send_failed_injected": 0,' "$OUT" ||
	fail "a run without faults counts injected send failures"

# a real failure is still one: frames indicated back to their sender
run "$NDISDMA" run --driver "$DRV/hub_echo_sender_miniport.so" --device none \
	--adapters 2 --traffic hub --frames 300 --fault p:0.002 --seed 6 --quiet
expect_rc 6

# lossy RC PATTERN RUN-ARGS...: `ndisdma run RUN-ARGS --seed 1 --quiet`
# exits RC and its stdout matches PATTERN
lossy() {
	rc=$1; pattern=$2; shift 2
	run "$NDISDMA" run "$@" --seed 1 --quiet
	expect_rc "$rc"
	expect_out "$pattern"
}
loop="--frames 3000 --driver"
hub="--device none --adapters 2 --traffic hub --frames 3000 --driver"

lossy 9 '"send_failed_injected": 0, "lost_injected": 22, .*"lost_frames": 22, ' \
	$loop "$DRV/race_pause_fixed.so" --fault p:0.002 --json
lossy 9 '^frames dropped by injected faults: 22 of the 22 lost \(not a traffic failure\)$' \
	$loop "$DRV/race_pause_fixed.so" --fault p:0.002
lossy 6 '"lost_injected": 0, .*"lost_frames": 60, ' $loop "$DRV/race_drop_some.so" --json
lossy 6 '"lost_injected": 43, .*"lost_frames": 82, ' \
	$loop "$DRV/race_drop_some.so" --fault p:0.002 --json

lossy 9 '^deliveries dropped by injected faults: 22 of the 22 lost \(not a traffic failure\)$' \
	$hub "$DRV/hub_miniport.so" --fault p:0.002
expect_out '^frames: 3000 sent, 3000 completed \(0 failed\), 2978 of 3000 deliveries received and checked, 22 lost, '
lossy 6 '"lost": 60, .*"lost_injected": 0\}' $hub "$DRV/hub_drop_some_miniport.so" --json
lossy 6 '^deliveries dropped by injected faults: 24 of the 82 lost \(not a traffic failure\)$' \
	$hub "$DRV/hub_drop_some_miniport.so" --fault p:0.002
echo "cli_fault_sends: ok"
