# vhub_run.sh NDISDMA VHUB_SO — the vhub sample (samples/vhub, README.md):
# a hardware-less miniport whose adapters form a virtual hub, run as a user
# runs it.  With 2 and 4 adapters (--device none --traffic hub) every frame
# is delivered once to each adapter it is for and nowhere else, every NBL
# completed once, the 802.1Q NBL info carried over, no report, pools at
# baseline; each adapter derives its own permanent MAC from the tick count
# and its number and saves it in its configuration (DbgPrint); the
# statistics the runtime queries at the end (OID_GEN_STATISTICS) are in the
# summary, and they count what the hub moved.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
VHUB=$2

run "$NDISDMA" run --seed 4 --driver "$VHUB" --device none --adapters 2 --traffic hub \
	--frames 10000
expect_rc 0
expect_out '^DbgPrint: vhub: DriverEntry, NDIS 6\.20 miniport$'
expect_out '^DbgPrint: vhub: vhub1: permanent address 02-56-48-[0-9A-F]{2}-[0-9A-F]{2}-01 derived, saved 0x00000000$'
expect_out '^DbgPrint: vhub: vhub2: permanent address 02-56-48-[0-9A-F]{2}-[0-9A-F]{2}-02 derived, saved 0x00000000$'
expect_out '^DMA channel: none registered'
expect_out '^traffic: hub between 2 adapters, 10000 test frames of 60-1514 bytes \([1-9][0-9]* broadcast\)$'
expect_out '^frames: 10000 sent, 10000 completed \(0 failed\), ([0-9]+) of \1 deliveries received and checked, 0 lost, 0 duplicates, 0 misdelivered, 0 other$'
expect_out '^payload mismatches: 0$'
expect_out '^completions: 0 lost, 0 twice$'
expect_out '^802\.1Q NBL info: ([1-9][0-9]*) frames sent tagged, \1 came back tagged, 0 with the wrong tag$'
n=$(grep -Ec '^  hub: 5000 sent, ([0-9]+) of \1 due received, 0 lost, 0 duplicates, 0 misdelivered, 0 mismatches, 0 other$' "$OUT")
[ "$n" -eq 2 ] || fail "expected 2 clean per-adapter hub lines, got $n"
# statistics of ndisdma0: it sent 5000 frames and received the other's
# directed frames and broadcasts; nothing discarded or failed
expect_out '^statistics \(OID_GEN_STATISTICS, SupportedStatistics 0x003F87FF\):$'
for c in ifInDiscards ifInErrors ifOutErrors ifOutDiscards ifHCInMulticastPkts ifHCOutMulticastPkts; do
	expect_out "^  $c +0\$"
done
out_frames=$(awk '$1 == "ifHCOutUcastPkts" || $1 == "ifHCOutBroadcastPkts" { s += $2 } END { print s }' "$OUT")
[ "$out_frames" -eq 5000 ] || fail "ndisdma0's statistics count $out_frames frames sent, not 5000"
in_frames=$(awk '$1 == "ifHCInUcastPkts" || $1 == "ifHCInBroadcastPkts" { s += $2 } END { print s }' "$OUT")
got=$(awk '/^adapter ndisdma0:/ { getline; print $4 }' "$OUT")
[ "$in_frames" -eq "$got" ] || fail "ndisdma0's statistics count $in_frames frames received, the hub $got"
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^pools: back at baseline$'

run "$NDISDMA" run --seed 5 --driver "$VHUB" --device none --adapters 4 --traffic hub \
	--frames 10000
expect_rc 0
expect_out '^frames: 10000 sent, 10000 completed \(0 failed\), ([0-9]+) of \1 deliveries received and checked, 0 lost, 0 duplicates, 0 misdelivered, 0 other$'
n=$(grep -Ec '^  hub: 2500 sent, ([1-9][0-9]*) of \1 due received, 0 lost, 0 duplicates, 0 misdelivered, 0 mismatches, 0 other$' "$OUT")
[ "$n" -eq 4 ] || fail "expected 4 clean per-adapter hub lines, got $n"
macs=$(grep -Eo '^adapter ndisdma[0-3]: MAC 02:56:48:[0-9a-f:]+' "$OUT" | awk '{print $4}' | sort -u | wc -l)
[ "$macs" -eq 4 ] || fail "expected 4 distinct 02:56:48 MACs, got $macs"
# a tagged broadcast comes back tagged on each of the 3 other adapters
expect_out '^802\.1Q NBL info: 2500 frames sent tagged, [1-9][0-9]* came back tagged, 0 with the wrong tag$'
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^pools: back at baseline$'

# the JSON summary has the same counts
run "$NDISDMA" run --seed 5 --driver "$VHUB" --device none --adapters 4 --traffic hub \
	--frames 2000 --json
expect_rc 0
expect_out '"hub": \{"adapters": 4, "frames_sent": 2000, '
expect_out '"lost": 0, "duplicates": 0, "misdelivered": 0, "mismatches": 0, "lost_injected": 0\}'
expect_out '"exit": 0\}$'

# a copy the hub cannot allocate (NdisAllocateNetBufferAndNetBufferList
# failing under --fault on the receiving adapter) is a frame dropped for
# want of resources, put down to the fault: exit 9, not a traffic failure
run "$NDISDMA" run --driver "$VHUB" --adapters 2 --traffic hub --frames 3000 \
	--seed 193178489109454 --fault p:0.002 --quiet
expect_rc 9
expect_out '^frames: 3000 sent, 3000 completed \(0 failed\), 2980 of 3000 deliveries received and checked, 20 lost, '
expect_out '^deliveries dropped by injected faults: 20 of the 20 lost \(not a traffic failure\)$'
expect_out '^  hub: 1500 sent, 1488 of 1500 due received, 12 lost \(12 by injected faults\), 0 duplicates'
expect_err "FAULT-INJECTED: fault injected at allocation point 'ndis.nb' "
run "$NDISDMA" run --driver "$VHUB" --adapters 2 --traffic hub --frames 3000 \
	--seed 193178489109454 --fault p:0.002 --quiet --json
expect_rc 9
expect_out '"lost": 20, .*"lost_injected": 20\}'
expect_out '"hub_lost": 12, .*"hub_lost_injected": 12\}'

# and ndisdma verify's matrix, fault sweep included, passes the sample
run "$NDISDMA" verify --driver "$VHUB" --adapters 2 --traffic hub --seed 1 --jobs 2
expect_rc 0
expect_out '^verify: 496 cells of a matrix of 496 \(shard 1/1\): 496 passed, 0 failed, 0 skipped; '
echo "vhub_run: ok"
