# cli_dma.sh NDISDMA — --dma-bits: a 32-bit channel has a 32-bit address
# limit and every shared block below 4 GiB, even with the "high" layout
# that puts a 64-bit channel's blocks above 4 GiB (spec §7, §11).
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

run "$NDISDMA" run --seed 7 --dma-bits 32 --layout high --frames 2000
expect_rc 0
expect_out 'flags +0x0 \(none: 32-bit device\)'
expect_out 'address limit +0x00000000ffffffff \(32-bit\)'
expect_out '^reports: 0 \(errors: 0\)$'
# high layout, 32-bit channel: every transmit piece is bounced, data intact
expect_out '^payload mismatches: 0$'
expect_out '^bounced: [1-9][0-9]* bytes in 2000 lists$'
pas=$(shared_pas "$OUT")
[ -n "$pas" ] || fail "no shared memory block narrated"
for pa in $pas; do
	below_4g "$pa" || fail "32-bit channel: shared block at PA 0x$pa is above 4 GiB"
done

# The same layout on a 64-bit channel does go above 4 GiB: the check above
# can fail.
run "$NDISDMA" run --seed 7 --dma-bits 64 --layout high --frames 2000
expect_rc 0
expect_out 'address limit +0xffffffffffffffff \(64-bit\)'
high=0
for pa in $(shared_pas "$OUT"); do
	below_4g "$pa" || high=$((high + 1))
done
[ "$high" -gt 0 ] || fail "64-bit channel with --layout high: no block above 4 GiB"

for layout in contiguous scattered mixed; do
	run "$NDISDMA" run --seed 3 --dma-bits 32 --layout $layout --frames 2000
	expect_rc 0
	for pa in $(shared_pas "$OUT"); do
		below_4g "$pa" || fail "32-bit, $layout: PA 0x$pa above 4 GiB"
	done
done
echo "cli_dma: ok"
