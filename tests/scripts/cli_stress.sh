# cli_stress.sh NDISDMA — the stress modes through `ndisdma run` with
# traffic (issue 5, spec §10), each on its own and combined, at levels
# standard and full, on a 64-bit channel: every run is clean (exit 0, no
# payload mismatch, no verifier report) and the DMA counters prove the mode
# took effect: defer -> deferred callbacks > 0 (one per list; without defer
# only the lists that waited for map registers are deferred), split ->
# more elements per frame than without it, bounce -> bounced bytes > 0
# although a 64-bit device needs no map register.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
FRAMES=2000

# key NAME: the number after "NAME": in the JSON object on stdout.
key() {
	v=$(sed -n "s/.*\"$1\": \\([0-9.]*\\).*/\\1/p" "$OUT")
	[ -n "$v" ] || fail "'$LAST': no \"$1\" in the JSON summary"
	echo "$v"
}

# gt A B: A > B for decimals.
gt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'
}

# stress_run LAYOUT LEVEL MODES: one clean run, its counters in $DEF $EPF $BOUNCED.
stress_run() {
	if [ "$3" = none ]; then
		run "$NDISDMA" run --quiet --json --seed 21 --frames $FRAMES --dma-bits 64 \
			--layout "$1" --verifier "$2"
	else
		run "$NDISDMA" run --quiet --json --seed 21 --frames $FRAMES --dma-bits 64 \
			--layout "$1" --verifier "$2" --stress "$3"
	fi
	expect_rc 0
	[ "$(key mismatches)" -eq 0 ] || fail "'$LAST': payload mismatches"
	[ "$(key verifier_reports)" -eq 0 ] || fail "'$LAST': verifier reports"
	[ "$(key frames_received)" -eq $FRAMES ] || fail "'$LAST': frames lost"
	[ "$(key lost_completions)" -eq 0 ] || fail "'$LAST': lost completions"
	[ "$(key dma_bits)" -eq 64 ] || fail "'$LAST': not a 64-bit channel"
	DEF=$(key deferred_callbacks)
	WAITED=$(key waited_for_map_registers)
	EPF=$(key elements_per_frame)
	BOUNCED=$(key bounced_bytes)
	LISTS=$(key sg_lists)
}

for layout in contiguous scattered; do
	for level in standard full; do
		stress_run $layout $level none
		base_epf=$EPF
		[ "$DEF" -eq 0 ] || fail "'$LAST': deferred callbacks without defer"
		[ "$BOUNCED" -eq 0 ] || fail "'$LAST': bounced bytes on a 64-bit channel"
		for modes in defer split bounce defer,split defer,bounce split,bounce \
			     defer,split,bounce; do
			stress_run $layout $level $modes
			case ,$modes, in
			*,defer,*) [ "$DEF" -eq "$LISTS" ] ||
				fail "'$LAST': $DEF deferred callbacks for $LISTS lists" ;;
			*) [ "$DEF" -eq "$WAITED" ] ||   # bounce: some wait for registers
				fail "'$LAST': $DEF deferred, $WAITED waited, without defer" ;;
			esac
			case ,$modes, in
			*,split,*|*,bounce,*) gt "$EPF" "$base_epf" ||
				fail "'$LAST': $EPF elements per frame, not above $base_epf" ;;
			*) [ "$EPF" = "$base_epf" ] ||
				fail "'$LAST': elements per frame changed ($EPF, $base_epf)" ;;
			esac
			case ,$modes, in
			*,bounce,*) [ "$BOUNCED" -gt 0 ] || fail "'$LAST': nothing bounced" ;;
			*) [ "$BOUNCED" -eq 0 ] || fail "'$LAST': bounced without bounce" ;;
			esac
			echo "cli_stress: $layout $level $modes: deferred $DEF," \
			     "elements/frame $EPF (without: $base_epf), bounced $BOUNCED bytes"
		done
	done
done

# the text summary says the same
run "$NDISDMA" run --quiet --seed 21 --frames 200 --stress defer,split,bounce
expect_rc 0
expect_out '^payload mismatches: 0$'
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^deferred callbacks: 200 '
expect_out '^bounced: [1-9][0-9]* bytes in 200 lists$'
echo "cli_stress: ok"
