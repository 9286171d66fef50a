# cli_faults.sh NDISDMA [full] — the fail-every-allocation loop through the
# CLI: `ndisdma run --fault nth:N` until a run injects no fault, for the
# default run (virtio_net moving a few frames) and for --sample lifecycle.
# With `full` (the cli_faults_full test, label long, `make test-long`) N is
# every allocation point, 1, 2, 3, ...; without it (the suite's smoke) N is
# every point up to 48 (setup: the DMA channel, pools, the first buffers),
# then every 29th, a sample of the rest (most of the ~900 points of the
# virtio run are its receive buffers, allocated alike).  Every run ends with a documented status
# (0 clean or absorbed, 4 the driver failed a lifecycle step, 5 the traffic
# harness could not set up, 6 a send failed), never a crash, no verifier
# error, pools at baseline (else exit 1 and "pools not at baseline"), one
# FAULT-INJECTED naming its allocation point, and the summary saying
# "faults injected: 1".  The clean run that ends the loop must have reached
# every point failed (full: exactly N-1 points).  Prints the number of
# allocation points.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
MODE=${2:-smoke}

# loop NAME ARGS...: runs the loop, sets POINTS and the exit status tally.
loop() {
	name=$1
	shift
	n=1
	last=0
	runs=0
	tally=""
	while :; do
		[ $n -le 5000 ] || fail "$name: still injecting faults at nth:$n"
		run "$NDISDMA" run --quiet --seed 11 --fault nth:$n "$@"
		expect_out '^reports: [0-9]+ \(errors: 0\)$'
		if grep -q 'pools not at baseline' "$ERR"; then
			fail "$name nth:$n: pools not at baseline"
		fi
		if grep -Eq '^faults injected: 0 ' "$OUT"; then
			break
		fi
		case $RC in
		0|4|5|6) ;;
		*) fail "$name nth:$n: exit $RC is not a documented fault outcome" ;;
		esac
		expect_out "^faults injected: 1 \\(allocation points reached: [0-9]+\\)$"
		expect_err "warning FAULT-INJECTED: fault injected at allocation point '[a-z_.]+' \\(internal allocation $n\\)"
		case " $tally " in *" $RC "*) ;; *) tally="$tally $RC" ;; esac
		last=$n
		runs=$((runs + 1))
		if [ "$MODE" = full ] || [ $n -lt 48 ]; then
			n=$((n + 1))
		else
			n=$((n + 29))
		fi
	done
	# the run that injected nothing is a clean run, past every point failed
	expect_rc 0
	POINTS=$(sed -n 's/^faults injected: 0 (allocation points reached: \([0-9]*\))$/\1/p' "$OUT")
	[ -n "$POINTS" ] || fail "$name: the clean run does not count its allocation points"
	[ "$POINTS" -gt 0 ] || fail "$name: no allocation point reached"
	[ "$POINTS" -ge "$last" ] || fail "$name: nth:$last failed a point, the clean run reached $POINTS"
	if [ "$MODE" = full ]; then
		[ "$POINTS" -eq $((n - 1)) ] ||
			fail "$name: the clean run reached $POINTS points, nth:$((n - 1)) was the last failed"
	else
		[ "$n" -gt "$POINTS" ] || fail "$name: the loop stopped at nth:$n of $POINTS points"
	fi
	echo "cli_faults: $name: $POINTS allocation points, $runs of them failed once ($MODE)" \
	     "(exit statuses seen:$tally), then a clean run"
}

loop "virtio_net --frames 4" --frames 4
expect_out '^payload mismatches: 0$'
expect_out '^frames: 4 sent, 4 completed \(0 failed\), 4 received'
loop "--sample lifecycle" --sample lifecycle

# a probability fault: still a documented outcome, the count in JSON
run "$NDISDMA" run --quiet --seed 9 --frames 4 --fault p:0.01 --json
case $RC in 0|4|5|6) ;; *) fail "--fault p:0.01: exit $RC" ;; esac
expect_out '"faults_injected": [0-9]+, "fault_points": [1-9][0-9]*'
run "$NDISDMA" run --quiet --seed 9 --frames 4 --fault nth:2 --json
expect_rc 4
expect_out '"faults_injected": 1, "fault_points": 2,'
echo "cli_faults: ok"
