# cli_run.sh NDISDMA — `ndisdma run --sample lifecycle --seed 7`: the
# built-in lifecycle sample, every lifecycle step narrated, the channel
# facts, a clean summary; then the default (virtio_net sample moving
# frames, issue 6) with fewer frames.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

run "$NDISDMA" run --sample lifecycle --seed 7
expect_rc 0
expect_out '^seed: 7 \(repeat this run with --seed 7\)'
expect_out 'DriverEntry'
expect_out 'InitializeEx'
expect_out_i 'restart'
expect_out_i 'packet.filter'
expect_out '^MAC address: 02:4e:44:49:53:01$'
expect_out_i 'pause'
expect_out_i 'halt'
expect_out 'Unload'
expect_out '^DMA channel:'
expect_out 'revision +1$'
expect_out 'flags +0x1 \(NDIS_SG_DMA_64_BIT_ADDRESS\)'
expect_out 'address limit +0xffffffffffffffff \(64-bit\)'
expect_out 'MaximumPhysicalMapping 65536 bytes'
# spec §4: 16 + 24 * (BYTES_TO_PAGES(65536) + 1) = 16 + 24 * 17
expect_out 'ScatterGatherListSize +424 bytes'
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^pools: back at baseline$'
n=$(shared_pas "$OUT" | wc -l)
# TX ring, RX ring and 4 RX buffers, each narrated at allocate and free
[ "$n" -ge 6 ] || fail "expected at least 6 shared memory blocks narrated, got $n"

# Steps in order.
order=$(grep -Eo 'DriverEntry|InitializeEx|Restart|Pause|HaltEx|DriverUnload' "$OUT" |
	uniq | tr '\n' ' ')
case "$order" in
*DriverEntry*InitializeEx*Restart*Pause*HaltEx*DriverUnload*) ;;
*) fail "lifecycle steps out of order: $order" ;;
esac

# --keyword reaches NdisReadConfiguration, after (and over) --dma-bits's
# DmaBits: the lifecycle sample then registers a 32-bit channel.
run "$NDISDMA" run --sample lifecycle --seed 7 --dma-bits 64 --keyword DmaBits=32 \
	--keyword 'Ndi\Params\Speed=100' --keyword=Name=a=b
expect_rc 0
expect_out 'flags +0x0 \(none: 32-bit device\)'
expect_out 'address limit +0x00000000ffffffff \(32-bit\)'
expect_out '^reports: 0 \(errors: 0\)$'

# The default sample: virtio_net over the device model, frames checked.
run "$NDISDMA" run --seed 7 --frames 3000
expect_rc 0
expect_out 'driver: virtio_net \(built-in sample\)'
expect_out 'MaximumPhysicalMapping 1514 bytes'
expect_out '^frames: 3000 sent, 3000 completed \(0 failed\), 3000 received and checked, 0 lost'
expect_out '^payload mismatches: 0$'
expect_out '^completions: 0 lost, 0 twice$'
expect_out '^elements: [0-9]+ in 3000 SG lists'
expect_out '^time: .* frames/s'
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^pools: back at baseline$'
order=$(grep -Eo 'InitializeEx|Restart|^progress|^frames:|Pause|HaltEx' "$OUT" |
	uniq | tr '\n' ' ')
case "$order" in
*InitializeEx*Restart*progress*Pause*HaltEx*frames:*) ;;
*) fail "traffic not between restart and pause: $order" ;;
esac

# Without --seed a seed is chosen and printed.
run "$NDISDMA" run --quiet --frames 500
expect_rc 0
expect_out '^seed: [0-9]+ \(repeat this run with --seed [0-9]+\)$'
expect_out '^reports: 0 \(errors: 0\)$'
expect_no_out 'DMA channel'
expect_no_out 'DriverEntry'
echo "cli_run: ok"
