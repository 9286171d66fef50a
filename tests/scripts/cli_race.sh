# cli_race.sh NDISDMA DRIVER_DIR SEARCH — a race found by pct and replayed
# from its seed (spec §9; docs/scheduling.md "Finding a race with pct").
# tests/drivers_cli/race_miniport.c completes its pause with sends still
# on its backlog when its send-completion DPC was kept from running while
# more frames than its ring holds were sent: most seeded schedules never
# show it; pct:3 finds it within a few seeds (scripts/sched-search.sh over
# a fixed range: deterministic, never timed); the seed it prints replays
# the same failure with the same trace hash; the fixed twin passes every
# schedule tried.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
DRIVERS=$2
SEARCH=$3
BUG="$DRIVERS/race_pause.so"
FIXED="$DRIVERS/race_pause_fixed.so"
# 64 frames (the window: all in flight) through a 48-descriptor ring; the
# pause comes as the last frame is handed over
set -- --device none --frames 64 --halt-in-flight --quiet
LAST_SEED=20

# Under seeded schedules the race is rare (about 1 seed in 16): most of
# the same seed range passes.  (A count, not a list of seeds, so a change
# of the scheduler's draws does not break the test.)
seeded_fail=0
seed=1
while [ $seed -le $LAST_SEED ]; do
	run "$NDISDMA" run --sched seeded --seed $seed --driver "$BUG" "$@"
	[ "$RC" -eq 0 ] || seeded_fail=$((seeded_fail + 1))
	seed=$((seed + 1))
done
[ $seeded_fail -le 5 ] ||
	fail "under --sched seeded $seeded_fail of seeds 1..$LAST_SEED fail: the race is not rare"

# pct:3 finds it: the first failing seed of 1..LAST_SEED
seed=$(sh "$SEARCH" "$NDISDMA" 1 $LAST_SEED --sched pct:3 --driver "$BUG" "$@" 2>"$WORK/search") ||
	fail "pct:3 found nothing in seeds 1..$LAST_SEED: $(cat "$WORK/search")"
grep -q "replay: .* run --seed $seed --sched pct:3" "$WORK/search" ||
	fail "the search does not print the replay command: $(cat "$WORK/search")"

# The printed seed replays it: the same failure, report and trace hash.
for i in 1 2; do
	run "$NDISDMA" run --sched pct:3 --seed "$seed" --driver "$BUG" "$@" --trace-hash \
		--json-reports "$WORK/race$i.json"
	expect_rc 1
	expect_err 'error PAUSE-SENDS: the miniport completed its pause with [0-9]+ sent NBLs not completed'
	expect_err 'at race_pause\.so!RaceDpc\+0x[0-9a-f]+'
	expect_out '^reports: 1 \(errors: 1\)$'
	grep '^trace hash' "$OUT" >"$WORK/hash$i"
	grep -q '^trace hash: 0x[0-9a-f]\{16\} (sched pct, ' "$WORK/hash$i" ||
		fail "'$LAST': no trace hash"
	grep -q '"rule":"PAUSE-SENDS"' "$WORK/race$i.json" || fail "'$LAST': no PAUSE-SENDS JSON line"
done
cmp -s "$WORK/hash1" "$WORK/hash2" ||
	fail "seed $seed replayed with another schedule: $(cat "$WORK/hash1" "$WORK/hash2")"
cmp -s "$WORK/race1.json" "$WORK/race2.json" ||
	fail "seed $seed replayed with other reports"

# The fixed twin: the same schedules, every one passes.
seed_fixed=$(sh "$SEARCH" "$NDISDMA" 1 $LAST_SEED --sched pct:3 --driver "$FIXED" "$@" 2>/dev/null) &&
	fail "the fixed twin fails pct:3 seed $seed_fixed"
run "$NDISDMA" run --sched pct:3 --seed "$seed" --driver "$FIXED" "$@"
expect_rc 0
echo "cli_race: seeded: $seeded_fail of seeds 1..$LAST_SEED fail; pct:3 found PAUSE-SENDS at seed $seed; it replays (trace hash $(cut -d' ' -f3 "$WORK/hash1"))"
