# cli_sched_golden.sh NDISDMA GOLDEN [--update] — one seed, one run, in every
# build (spec §9, docs/scheduling.md "Replay"): each line of GOLDEN is a
# trace hash and the `ndisdma run` arguments that must give it.  The file
# is committed, so the normal, ASan+UBSan and TSan builds, with gcc and with
# clang, all compare against the same hashes: a run replays from its seed
# on any build, not only twice on one.  A change that moves switch points
# or draws from the seed in another order changes them on purpose; then
# regenerate the file with --update from a release build and say so in the
# commit.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
GOLDEN=$2
UPDATE=${3:-}

[ -r "$GOLDEN" ] || fail "no golden file $GOLDEN"
new="$WORK/golden"
: >"$new"
n=0
while IFS= read -r line; do
	case $line in '#'*|'') echo "$line" >>"$new"; continue ;; esac
	want=${line%% *}
	args=${line#* }
	# shellcheck disable=SC2086 # the arguments are words of the file
	run "$NDISDMA" run --quiet --trace-hash $args
	case $RC in 0|1) ;; *) fail "'$LAST' exited $RC" ;; esac
	got=$(sed -n 's/^trace hash: \(0x[0-9a-f]*\) .*/\1/p' "$OUT")
	[ -n "$got" ] || fail "'$LAST' printed no trace hash"
	echo "$got $args" >>"$new"
	n=$((n + 1))
	if [ "$UPDATE" != --update ] && [ "$got" != "$want" ]; then
		fail "'$LAST': trace hash $got, the committed one is $want" \
		     "(same seed, another schedule: see the head of $GOLDEN)"
	fi
done <"$GOLDEN"
[ "$n" -ge 5 ] || fail "$GOLDEN has $n runs, expected at least 5"
if [ "$UPDATE" = --update ]; then
	cp "$new" "$GOLDEN"
	echo "cli_sched_golden: $n hashes written to $GOLDEN"
else
	echo "cli_sched_golden: $n runs gave their committed trace hashes"
fi
