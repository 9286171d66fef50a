#!/bin/sh
# fuzz-long.sh BUILD [SECONDS] [TARGET...] — the long fuzzing runs
# (`make fuzz-long`, docs/fuzzing.md "Long runs"): each libFuzzer target of
# BUILD (a `make fuzz` or `make fuzz-fast` tree) for SECONDS (default 3600) from a copy of its
# committed seed corpus, with its dictionary, one target after another
# unless FUZZ_PARALLEL=1 (then all at once: one core each).  A progress
# line every minute per target; at the end one table row per target:
# executions, execs/s, coverage (edges, features), corpus size, findings.
# Each run's log, grown corpus and findings stay under BUILD/fuzz-long/<t>/.
# The seed of each run is printed (libFuzzer's -seed): a run replays
# from it.  Exit 0 when no target found anything, 1 when one did, 2 on a
# usage error.
set -eu

usage() {
	echo "usage: $0 BUILD [SECONDS] [TARGET...]  (targets: device sg_build sg_description)" >&2
	exit 2
}

[ $# -ge 1 ] || usage
BUILD=$1
shift
SECONDS_EACH=3600
if [ $# -ge 1 ]; then
	case $1 in
	*[!0-9]*|'') ;;
	*) SECONDS_EACH=$1; shift ;;
	esac
fi
TARGETS=${*:-device sg_build sg_description}
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$BUILD/fuzz-long
SEED=${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}

max_len() {
	case $1 in
	device) echo 8192 ;;
	sg_build) echo 160 ;;
	sg_description) echo 64 ;;
	*) echo "unknown target '$1'" >&2; usage ;;
	esac
}

for t in $TARGETS; do
	max_len "$t" >/dev/null
	[ -x "$BUILD/tests/fuzz_$t" ] ||
		{ echo "no $BUILD/tests/fuzz_$t: run 'make fuzz' first" >&2; exit 2; }
done

one() {
	t=$1
	dir=$OUT/$t
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/findings"
	cp "$SRC/tests/fuzz/$t/corpus/"* "$dir/corpus/"
	dict=
	[ -f "$SRC/tests/fuzz/$t/$t.dict" ] && dict="-dict=$SRC/tests/fuzz/$t/$t.dict"
	echo "fuzz-long: $t for ${SECONDS_EACH}s, seed $SEED, log $dir/log"
	# -print_final_stats: the execs/s the table reports; -reload picks up
	# nothing here (one process), -timeout 30 s makes a hang a finding
	"$BUILD/tests/fuzz_$t" -seed="$SEED" -max_total_time="$SECONDS_EACH" \
		-max_len="$(max_len "$t")" -timeout=30 -print_final_stats=1 \
		-artifact_prefix="$dir/findings/" $dict "$dir/corpus" >"$dir/log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 60
		kill -0 $pid 2>/dev/null || break
		line=$(grep -E '^#[0-9]+' "$dir/log" | tail -1)
		echo "fuzz-long: $t: ${line:-starting}"
	done
	wait $pid || true
}

if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
	for t in $TARGETS; do one "$t" & done
	wait
else
	for t in $TARGETS; do one "$t"; done
fi

found=0
printf '| target | seconds | execs | execs/s | coverage (edges) | features | corpus | findings |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for t in $TARGETS; do
	log=$OUT/$t/log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	n=$(find "$OUT/$t/findings" -type f | wc -l)
	[ "$n" -eq 0 ] || found=1
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$t" "$SECONDS_EACH" \
		"${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$n"
done
[ $found -eq 0 ] || echo "fuzz-long: findings under $OUT/*/findings (replay: docs/fuzzing.md \"Replaying\")"
exit $found
