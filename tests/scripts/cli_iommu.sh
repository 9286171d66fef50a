# cli_iommu.sh NDISDMA DRIVER_DIR — --iommu (spec §11, docs/run.md "IOMMU"):
# the virtio-net sample runs behind the IOMMU strict and lazy with every
# frame intact and nothing reported, the summary and JSON give the IOMMU's
# counts, a 32-bit device over memory above 4 GiB bounces nothing behind
# it (and does without it), a 32-bit channel on a 64-bit device gets IOVAs
# below 4 GiB, the same seed replays with the same trace hash
# whatever the mode; a bad mode is a usage error; the DMA-NOT-REMAPPABLE
# test miniport passes with the IOMMU off and fails naming its rule and
# MmGetPhysicalAddress with it on; verify has an IOMMU cell.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
DRIVERS=$2

json_field() {   # json_field KEY: the number after "KEY": in $OUT
	sed -n "s/.*\"$1\": \\([0-9]*\\).*/\\1/p" "$OUT" | head -1
}

for mode in strict lazy; do
	run "$NDISDMA" run --sample virtio_net --seed 11 --frames 3000 --iommu $mode --trace-hash
	expect_rc 0
	expect_out "iommu $mode"
	expect_out '^payload mismatches: 0$'
	expect_out '^reports: 0 \(errors: 0\)$'
	expect_out "^iommu: $mode, 1 domain, [1-9][0-9]* maps, [1-9][0-9]* unmaps, [0-9]+ flushes, 0 faults"
	expect_out 'pages still mapped'
	hash=$(sed -n 's/^trace hash: \(0x[0-9a-f]*\).*/\1/p' "$OUT")
	[ -n "$hash" ] || fail "no trace hash"
	run "$NDISDMA" run --sample virtio_net --seed 11 --frames 3000 --iommu $mode --trace-hash
	expect_rc 0
	expect_out "^trace hash: $hash "
done
# lazy drains its flush queue: at least one flush
run "$NDISDMA" run --sample virtio_net --seed 11 --frames 3000 --iommu lazy --quiet
expect_out '^iommu: lazy, 1 domain, [0-9]+ maps, [0-9]+ unmaps, [1-9][0-9]* flushes'

# 32-bit device, memory above 4 GiB: bounce buffers without the IOMMU,
# none behind it (IOVAs below 4 GiB)
run "$NDISDMA" run --sample virtio_net --seed 5 --frames 2000 --dma-bits 32 --layout high --json
expect_rc 0
b=$(json_field bounced_lists)
[ "$b" = 2000 ] || fail "--iommu off, 32-bit over high memory: $b lists bounced, expected 2000"
run "$NDISDMA" run --sample virtio_net --seed 5 --frames 2000 --dma-bits 32 --layout high \
	--iommu strict --json
expect_rc 0
expect_out '"iommu": \{"mode": "strict", "domains": 1, "maps": [1-9]'
expect_out '"faults": 0'
b=$(json_field bounced_lists)
[ "$b" = 0 ] || fail "--iommu strict, 32-bit over high memory: $b lists bounced, expected 0"
b=$(json_field bounced_bytes)
[ "$b" = 0 ] || fail "--iommu strict: $b bytes bounced"
run "$NDISDMA" run --sample virtio_net --seed 5 --frames 200 --dma-bits 32 --layout high \
	--iommu lazy --json
expect_rc 0
b=$(json_field bounced_lists)
[ "$b" = 0 ] || fail "--iommu lazy, 32-bit over high memory: $b lists bounced"
# a 32-bit channel on a 64-bit device: its shared memory's IOVAs are below
# 4 GiB too (spec §4)
run "$NDISDMA" run --sample virtio_net --seed 5 --frames 100 --keyword DmaBits=32 --iommu strict
expect_rc 0
pas=$(shared_pas "$OUT")
[ -n "$pas" ] || fail "no shared memory block narrated"
for pa in $pas; do
	below_4g "$pa" || fail "32-bit channel behind the IOMMU: shared block at 0x$pa"
done
# off: the JSON says so
run "$NDISDMA" run --sample virtio_net --seed 5 --frames 10 --json
expect_out '"iommu": \{"mode": "off", "domains": 0'

run "$NDISDMA" run --iommu sometimes
expect_rc 2
expect_err "--iommu 'sometimes' expects off, strict or lazy"
run "$NDISDMA" run --help
expect_out '--iommu off\|strict\|lazy'
run "$NDISDMA" verify --help
expect_out '--iommu off\|strict\|lazy'

# A driver that hands its device MmGetPhysicalAddress's address: fine with
# the IOMMU off, DMA-NOT-REMAPPABLE behind it
so="$DRIVERS/vm_DMA-NOT-REMAPPABLE_fire.so"
run "$NDISDMA" run --driver "$so" --frames 0 --seed 2
expect_out '^reports: 0 \(errors: 0\)$'
run "$NDISDMA" run --driver "$so" --frames 0 --seed 2 --iommu strict
[ "$RC" -ne 0 ] || fail "a DMA-NOT-REMAPPABLE run exited 0"
grep -q 'DMA-NOT-REMAPPABLE.*MmGetPhysicalAddress handed out' "$ERR" "$OUT" ||
	fail "DMA-NOT-REMAPPABLE naming MmGetPhysicalAddress expected"
run "$NDISDMA" run --driver "$DRIVERS/vm_DMA-NOT-REMAPPABLE_fixed.so" --frames 0 --seed 2 \
	--iommu strict
expect_out '^reports: 0 \(errors: 0\)$'
# verify runs one cell behind the IOMMU and names the rule from it
run "$NDISDMA" verify --driver "$so" --budget 20 --jobs 2 --seed 3
[ "$RC" -ne 0 ] || fail "verify passed a driver that is not DMA-remapping compatible"
grep -Eq 'iommu strict.*DMA-NOT-REMAPPABLE' "$OUT" ||
	fail "verify's iommu strict row does not name DMA-NOT-REMAPPABLE"
echo "cli_iommu: ok"
