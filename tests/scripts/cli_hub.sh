# cli_hub.sh NDISDMA DRIVER_DIR — hardware-less miniports
# (tests/drivers_cli/hub_miniport.c): `--device none` gives the adapter no
# device model, and the hub miniport (no bus-master attribute, nothing
# mapped) initializes, restarts, pauses and halts with no report; asking
# for a register window or an interrupt it was not given gets
# NDIS_STATUS_RESOURCE_CONFLICT (0xC001001E) and a NULL out-pointer, and
# the failed initialization is exit 4, never a crash.  --adapters N starts
# N adapters with distinct tick-count MACs; --traffic hub checks every
# delivery once and nowhere else, per adapter, in text and JSON, the same
# for the same seed, and a hub that echoes frames to their sender is exit 6.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
DIR=$2

run "$NDISDMA" run --seed 3 --device none --driver "$DIR/hub_miniport.so"
expect_rc 0
expect_out '^DbgPrint: hub: 0 resources, 0 bytes of PCI configuration'
expect_out '^DbgPrint: hub: address 02-48-55-[0-9A-F]{2}-[0-9A-F]{2}-[0-9A-F]{2} from tick count, saved'
expect_out '^MiniportRestart'
expect_out '^MAC address: 02:48:55:'
expect_out '^MiniportPause'
expect_out '^MiniportHaltEx'
expect_out '^DMA channel: none registered'
expect_no_out 'device virtio-net'
expect_out '^reports: 0 \(errors: 0\)'
expect_out '^pools: back at baseline'

run "$NDISDMA" run --seed 3 --device none --driver "$DIR/hub_probe_mmio_miniport.so"
expect_rc 4
expect_out '^DbgPrint: hub: NdisMMapIoSpace 0xC001001E, VirtualAddress NULL'
expect_err 'MiniportInitializeEx failed with status 0xC001001E'
expect_out '^reports: 0 \(errors: 0\)'

run "$NDISDMA" run --seed 3 --device none --driver "$DIR/hub_probe_irq_miniport.so"
expect_rc 4
expect_out '^DbgPrint: hub: NdisMRegisterInterruptEx 0xC001001E, handle NULL'
expect_err 'MiniportInitializeEx failed with status 0xC001001E'
expect_out '^reports: 0 \(errors: 0\)'

# usage: the virtio_net sample needs its device; a backend needs a device
run "$NDISDMA" run --device none
expect_rc 2
expect_err 'virtio_net sample needs its device'
run "$NDISDMA" run --device none --driver "$DIR/hub_miniport.so" --backend loopback
expect_rc 2
run "$NDISDMA" run --device bogus
expect_rc 2

# --adapters: one after another, machine time between them, own MACs
run "$NDISDMA" run --seed 5 --device none --driver "$DIR/hub_miniport.so" --adapters 3
expect_rc 0
n=$(grep -c '^MiniportInitializeEx ndisdma[012]$' "$OUT")
[ "$n" -eq 3 ] || fail "expected 3 initializations, got $n"
n=$(grep -c 'from tick count, saved$' "$OUT")
[ "$n" -eq 3 ] || fail "expected 3 tick-count addresses, got $n"
macs=$(grep -Eo '^adapter ndisdma[012]: MAC [0-9a-f:]+' "$OUT" | awk '{print $4}' | sort -u | wc -l)
[ "$macs" -eq 3 ] || fail "expected 3 distinct MACs, got $macs"
expect_out '^ndisdma2 MAC address: 02:48:55:'
n=$(grep -c '^MiniportHaltEx$' "$OUT")
[ "$n" -eq 3 ] || fail "expected 3 halts, got $n"
expect_out '^reports: 0 \(errors: 0\)'
expect_out '^pools: back at baseline'

# with a device: each adapter its own register window, vector and MAC;
# loopback traffic runs on ndisdma0
run "$NDISDMA" run --seed 2 --adapters 2 --frames 300
expect_rc 0
expect_out 'device virtio-net: registers at PA 0xfe000000 \+0x200, vector 48'
expect_out 'device virtio-net: registers at PA 0xfe001000 \+0x200, vector 49'
expect_out '^adapter ndisdma0: MAC 02:00:00:00:00:01, 300 NBLs sent, 300 completed, 300 received'
expect_out '^adapter ndisdma1: MAC 02:00:00:00:00:02, 0 NBLs sent'
expect_out '^frames: 300 sent, 300 completed \(0 failed\), 300 received and checked'

# --traffic hub: every delivery once, per adapter counts, JSON
run "$NDISDMA" run --seed 5 --device none --driver "$DIR/hub_miniport.so" --adapters 4 \
	--traffic hub --frames 4000
expect_rc 0
expect_out '^traffic: hub between 4 adapters, 4000 test frames of 60-1514 bytes \([1-9][0-9]* broadcast\)'
expect_out '^frames: 4000 sent, 4000 completed \(0 failed\), ([0-9]+) of \1 deliveries received and checked, 0 lost, 0 duplicates, 0 misdelivered, 0 other'
expect_out '^payload mismatches: 0'
expect_out '^  hub: 1000 sent, ([0-9]+) of \1 due received, 0 lost, 0 duplicates, 0 misdelivered, 0 mismatches, 0 other'
n=$(grep -Ec '^  hub: 1000 sent' "$OUT")
[ "$n" -eq 4 ] || fail "expected 4 per-adapter hub lines, got $n"
expect_out '^reports: 0 \(errors: 0\)'
cp "$OUT" "$WORK/first"
run "$NDISDMA" run --seed 5 --device none --driver "$DIR/hub_miniport.so" --adapters 4 \
	--traffic hub --frames 4000
# seeded scheduling (the default): virtual time, so the tick-count MACs too
grep '^  hub:\|^traffic:\|^adapter' "$OUT" >"$WORK/b"
grep '^  hub:\|^traffic:\|^adapter' "$WORK/first" >"$WORK/a"
cmp -s "$WORK/a" "$WORK/b" || fail "same seed, different hub counts or MACs"

run "$NDISDMA" run --seed 5 --device none --driver "$DIR/hub_miniport.so" --adapters 2 \
	--traffic hub --frames 500 --json
expect_rc 0
expect_out '"adapters": \[\{"name": "ndisdma0", "mac": "02:48:55:'
expect_out '"hub_sent": 250, "hub_expected": [0-9]+'
expect_out '"hub": \{"adapters": 2, "frames_sent": 500, '
expect_out '"lost": 0, "duplicates": 0, "misdelivered": 0, "mismatches": 0, "lost_injected": 0\}'
expect_out '"exit": 0\}$'

# a hub that sends broadcasts back to their sender fails the check: exit 6
run "$NDISDMA" run --seed 5 --device none --driver "$DIR/hub_echo_sender_miniport.so" \
	--adapters 2 --traffic hub --frames 500
expect_rc 6
expect_out '^frames: 500 sent, .* 0 lost, 0 duplicates, [1-9][0-9]* misdelivered'
echo "cli_hub: ok"
