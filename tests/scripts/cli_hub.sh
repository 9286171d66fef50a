# cli_hub.sh NDISDMA DRIVER_DIR — hardware-less miniports
# (tests/drivers_cli/hub_miniport.c): `--device none` gives the adapter no
# device model, and the hub miniport (no bus-master attribute, nothing
# mapped) initializes, restarts, pauses and halts with no report; asking
# for a register window or an interrupt it was not given gets
# NDIS_STATUS_RESOURCE_CONFLICT (0xC001001E) and a NULL out-pointer, and
# the failed initialization is exit 4, never a crash.
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
echo "cli_hub: ok"
