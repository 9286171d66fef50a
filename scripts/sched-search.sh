#!/bin/sh
# sched-search.sh — search seeds for a schedule that fails (spec §9,
# docs/scheduling.md "Finding a race with pct").
#
#   scripts/sched-search.sh NDISDMA FIRST LAST ARGS...
#
# Runs `NDISDMA run --seed S ARGS...` for S = FIRST..LAST and stops at the
# first run that exits non-zero: it prints that seed, the exit status and
# the command that replays it (the same seed and options give the same
# schedule, byte for byte: compare --trace-hash).  Exit 0 and the seed on
# stdout when one failed; 1 when every seed passed; 2 on a usage error.
# Give ARGS a --sched (pct:D[:K] to search priorities, seeded for uniform
# schedules): the search is only as good as the schedules it tries.
set -u
if [ $# -lt 3 ]; then
	echo "usage: $0 NDISDMA FIRST LAST [ndisdma run options...]" >&2
	exit 2
fi
ndisdma=$1 first=$2 last=$3
shift 3
case "$first$last" in
*[!0-9]*|'') echo "$0: FIRST and LAST are seeds (numbers)" >&2; exit 2 ;;
esac
seed=$first
while [ "$seed" -le "$last" ]; do
	"$ndisdma" run --seed "$seed" "$@" >/dev/null 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "$seed"
		echo "sched-search: seed $seed fails (exit $rc) after $((seed - first + 1)) runs;" \
			"replay: $ndisdma run --seed $seed $*" >&2
		exit 0
	fi
	seed=$((seed + 1))
done
echo "sched-search: seeds $first..$last all pass" >&2
exit 1
