# cli_reports.sh NDISDMA — --report writes SARIF 2.1.0 and --json-reports a
# JSON lines file even for a clean run; an uncreatable file is exit 5.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

run "$NDISDMA" run --seed 7 --frames 5000 --verifier full --report "$WORK/r.sarif" \
	--json-reports "$WORK/r.jsonl"
expect_rc 0
expect_out '^reports: 0 \(errors: 0\)$'
[ -s "$WORK/r.sarif" ] || fail "no SARIF written"
grep -q '"2.1.0"' "$WORK/r.sarif" || fail "SARIF lacks version 2.1.0"
[ -f "$WORK/r.jsonl" ] || fail "no JSON lines file created"
[ ! -s "$WORK/r.jsonl" ] || fail "clean run wrote JSON reports"

run "$NDISDMA" run --seed 7 --frames 10 --report "$WORK/no/such/dir/r.sarif"
expect_rc 5
expect_err "cannot create '.*r.sarif'"

# Every verifier level and stress mode runs the sample cleanly.
for level in off standard full; do
	run "$NDISDMA" run --seed 5 --frames 3000 --verifier $level --stress defer,split,bounce
	expect_rc 0
	expect_out '^reports: 0 \(errors: 0\)$'
	expect_out '^payload mismatches: 0$'
done
echo "cli_reports: ok"
