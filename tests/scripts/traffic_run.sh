# traffic_run.sh NDISDMA — `ndisdma run` moving frames (issue 6): loopback
# at 64 and 32 bits with every payload checked (0 mismatches, nothing lost),
# the --json summary keys, jumbo frames, stress modes, the exit status of a
# run whose traffic check fails.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
FRAMES=${2:-20000}

# json_num KEY: the number under KEY in the JSON object in $OUT.
json_num() {
	sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$OUT"
}

loopback() {
	run "$NDISDMA" run --seed 21 --frames "$FRAMES" --json "$@"
	expect_rc 0
	n=$(grep -c . "$OUT")
	[ "$n" -eq 1 ] || fail "'$LAST': --json printed $n lines on stdout, expected 1"
	for key in frames bytes mismatches lost_completions elements bounced_bytes \
		deferred_callbacks verifier_errors frames_per_s seed; do
		grep -q "\"$key\": " "$OUT" || fail "'$LAST': JSON lacks \"$key\""
	done
	[ "$(json_num frames)" = "$FRAMES" ] || fail "'$LAST': frames != $FRAMES"
	[ "$(json_num frames_received)" = "$FRAMES" ] || fail "'$LAST': not every frame came back"
	[ "$(json_num mismatches)" = 0 ] || fail "'$LAST': payload mismatches"
	[ "$(json_num lost_completions)" = 0 ] || fail "'$LAST': lost completions"
	[ "$(json_num lost_frames)" = 0 ] || fail "'$LAST': lost frames"
	[ "$(json_num verifier_errors)" = 0 ] || fail "'$LAST': verifier errors"
	[ "$(json_num seed)" = 21 ] || fail "'$LAST': seed not reported"
	[ "$(json_num sg_lists)" = "$FRAMES" ] || fail "'$LAST': one SG list per frame expected"
	[ "$(json_num bytes)" = "$(json_num bytes_received)" ] || fail "'$LAST': bytes differ"
}

loopback --dma-bits 64
loopback --dma-bits 32
loopback --dma-bits 32 --layout high
# every list is bounced whole (CurrentMdlOffset bytes included)
[ "$(json_num bounced_lists)" = "$FRAMES" ] && [ "$(json_num bounced_bytes)" -ge "$(json_num bytes)" ] ||
	fail "32-bit channel, high layout: every byte should be bounced"
loopback --dma-bits 32 --layout mixed --stress defer
[ "$(json_num deferred_callbacks)" -ge "$FRAMES" ] || fail "stress defer: callbacks not deferred"
loopback --layout scattered --stress split --max-mdls 16 --window 8
loopback --verifier full --layout mixed

# Jumbo: 9000-byte MTU, frames up to 9014 bytes.
run "$NDISDMA" run --seed 4 --jumbo --frames 2000 --sizes 8000-9014 --json
expect_rc 0
[ "$(json_num mismatches)" = 0 ] && [ "$(json_num frames_received)" = 2000 ] ||
	fail "jumbo frames did not all come back intact"

# Human summary on stdout without --json.
run "$NDISDMA" run --seed 21 --frames 1000 --quiet
expect_rc 0
expect_out '^frames: 1000 sent, 1000 completed \(0 failed\), 1000 received and checked, 0 lost'
expect_out '^elements: [0-9]+ in 1000 SG lists, [0-9.]+ per frame'
expect_out '^bounced: 0 bytes in 0 lists$'
expect_out '^deferred callbacks: 0 '
expect_out '^time: [0-9.]+ s, [0-9]+ frames/s'

# A driver without a data path completes every send with a failure: the
# traffic check fails with its own exit status (6).
run "$NDISDMA" run --seed 21 --frames 100 --quiet --driver "$3"
expect_rc 6
expect_out '^frames: 100 sent, 100 completed \(100 failed\)'
echo "traffic_run: ok"
