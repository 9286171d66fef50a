# cli_pause.sh NDISDMA — pauses and a halt with frames in flight (issue 14,
# docs/run.md "Pauses and halts with frames in flight"), on the virtio-net
# sample:
#  - --pause-every 1000 with 20000 frames: 20 pauses during traffic (each
#    narrated MiniportPause + MiniportRestart, plus the final pause), every
#    NBL back once, nothing lost (frames dropped at a pause counted apart);
#  - --halt-in-flight: one pause with frames in flight, no second pause,
#    then MiniportHaltEx; every NBL back once, pools at baseline;
#  - usage: --halt-in-flight without frames, either with --traffic hub.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

run "$NDISDMA" run --frames 20000 --pause-every 1000 --seed 3
expect_rc 0
[ "$(grep -c '^MiniportPause$' "$OUT")" -eq 21 ] || fail "expected 21 MiniportPause lines"
[ "$(grep -c '^MiniportRestart$' "$OUT")" -eq 21 ] || fail "expected 21 MiniportRestart lines"
expect_out '^pauses: 20 with frames in flight, [0-9]+ test frames dropped at a pause \(not lost\)$'
expect_out '^frames: 20000 sent, 20000 completed \(0 failed\), [0-9]+ received and checked, 0 lost, 0 duplicates'
expect_out '^completions: 0 lost, 0 twice$'
expect_out '^pools: back at baseline$'

run "$NDISDMA" run --frames 20000 --pause-every 1000 --seed 3 --quiet --json
expect_rc 0
grep -q '"pause_every": 1000, "pauses": 20, "dropped_at_pause": [0-9]*,' "$OUT" ||
	fail "JSON lacks pause_every 1000, pauses 20"
grep -q '"lost_frames": 0,' "$OUT" || fail "JSON lost_frames is not 0"

run "$NDISDMA" run --frames 5000 --halt-in-flight --seed 3
expect_rc 0
[ "$(grep -c '^MiniportPause$' "$OUT")" -eq 1 ] || fail "expected one MiniportPause"
expect_out '^MiniportHaltEx$'
expect_out '^pauses: 1 with frames in flight, '
expect_out '^completions: 0 lost, 0 twice$'
expect_out '^pools: back at baseline$'

run "$NDISDMA" run --frames 0 --halt-in-flight
expect_rc 2
expect_err 'needs test frames'
run "$NDISDMA" run --pause-every 0
expect_rc 2
run "$NDISDMA" run --device none --driver x.so --adapters 2 --traffic hub --pause-every 5
expect_rc 2
expect_err '--pause-every and --halt-in-flight go with loopback traffic'
echo "cli_pause: ok"
