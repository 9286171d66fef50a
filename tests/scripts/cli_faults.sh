# cli_faults.sh NDISDMA — --fault nth:N for the first internal allocations
# of the lifecycle sample (--sample lifecycle: faults in the lifecycle):
# every run ends with a documented exit code (0 clean, 1 verifier errors,
# 4 the driver's initialization failed), never a crash; at least one fault
# reaches the driver.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

failed_init=0
n=1
while [ $n -le 40 ]; do
	run "$NDISDMA" run --sample lifecycle --quiet --seed 9 --fault nth:$n
	case $RC in
	0|1) ;;
	4) failed_init=$((failed_init + 1)) ;;
	*) fail "--fault nth:$n: exit $RC" ;;
	esac
	expect_out '^reports: [0-9]+ \(errors: [0-9]+\)$'
	n=$((n + 1))
done
[ $failed_init -gt 0 ] || fail "no injected fault made the driver fail"
run "$NDISDMA" run --sample lifecycle --quiet --seed 9 --fault p:0.3
case $RC in 0|1|4) ;; *) fail "--fault p:0.3: exit $RC" ;; esac
echo "cli_faults: ok ($failed_init of 40 runs failed initialization)"
