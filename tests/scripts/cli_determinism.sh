# cli_determinism.sh NDISDMA — one seed, one run: the same seed twice prints
# the same physical addresses; another seed picks other frames.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

pas_of() {
	run "$NDISDMA" run --frames 1000 "$@"
	expect_rc 0
	shared_pas "$OUT" >"$WORK/pas.$2.$4"
	[ -s "$WORK/pas.$2.$4" ] || fail "'$LAST': no shared memory block narrated"
}

for layout in scattered mixed; do
	pas_of --seed 42 --layout $layout
	cp "$WORK/pas.42.$layout" "$WORK/first"
	pas_of --seed 42 --layout $layout
	cmp -s "$WORK/first" "$WORK/pas.42.$layout" ||
		fail "--seed 42 --layout $layout: physical addresses differ between runs"
done
pas_of --seed 43 --layout scattered
cmp -s "$WORK/pas.42.scattered" "$WORK/pas.43.scattered" &&
	fail "--seed 42 and --seed 43 (scattered) chose the same physical addresses"
echo "cli_determinism: ok"
