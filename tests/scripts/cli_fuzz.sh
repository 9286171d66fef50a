# cli_fuzz.sh NDISDMA FUZZ_DIR VIRTIO_NET_SO ENGINE OTHER_SO — `ndisdma fuzz` in a
# build without libFuzzer (ENGINE none: it says so and how to build one,
# exit 2) or with it (ENGINE libfuzzer, `make fuzz`: a one-second run
# without a finding, exit 0); it replays files either way; and `ndisdma
# run --replay` of a device input, built in and as a --driver
# (docs/fuzzing.md).
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
FUZZ=$2
VIRTIO=$3
ENGINE=${4:-none}
OTHER=$5

run "$NDISDMA" fuzz --target bogus
expect_rc 2
expect_err "bad option or value '--target bogus'"

run "$NDISDMA" fuzz --help
expect_rc 0
expect_out "ndisdma fuzz \[--driver PATH.so\]"

if [ "$ENGINE" = libfuzzer ]; then
	run "$NDISDMA" fuzz --target device --time 1 --findings "$WORK/findings"
	expect_rc 0
	expect_err "target device, driver virtio_net, seed 1"
else
	run "$NDISDMA" fuzz --target device --time 1
	expect_rc 2
	expect_err "built without libFuzzer"
	expect_err "make fuzz"
fi

run "$NDISDMA" fuzz --target sg_build "$FUZZ/sg_build/corpus/seed-fragments" \
	"$FUZZ/sg_build/corpus/seed-too-long"
expect_rc 0
expect_err "seed-too-long: no finding"

run "$NDISDMA" fuzz --target sg_description "$FUZZ/sg_description/corpus/seed-twice"
expect_rc 0
expect_err "seed-twice: no finding"

# a corpus of any size replays in one call (docs/fuzzing.md "Two builds":
# `ndisdma fuzz --target device CORPUS/*`): 100 inputs, each hashed
mkdir -p "$WORK/corpus"
i=0
while [ $i -lt 100 ]; do
	cp "$FUZZ/sg_description/corpus/seed-twice" "$WORK/corpus/input-$i"
	i=$((i + 1))
done
run "$NDISDMA" fuzz --target sg_description "$WORK"/corpus/*
expect_rc 0
expect_err "input-99: no finding"
[ "$(grep -c ': no finding (hash ' "$ERR")" = 100 ] ||
	fail "100 inputs replayed, $(grep -c ': no finding (hash ' "$ERR") reported"

run "$NDISDMA" run --replay "$FUZZ/device/corpus/regression-rx-same-id-twice"
expect_rc 0
expect_out "driver virtio_net, seed 1"
expect_out "hostile: RX frame of 60 bytes into chain"
expect_out "replay: no finding"

expect_out "error log: NDIS_ERROR_CODE_HARDWARE_FAILURE \(0xC000138A\), 2 values: 0x00000000 0x00000002"

# a used index further ahead than the queue is long: the sample reads no
# entry of it, logs the receive queue (0) broken after 0 entries and fails
# the device, as for a used id it does not own (above)
run "$NDISDMA" run --replay "$FUZZ/device/corpus/seed-used-idx-jump"
expect_rc 0
expect_out "used->idx of the receive queue set to 200 \(was 0\)"
expect_out "error log: NDIS_ERROR_CODE_HARDWARE_FAILURE \(0xC000138A\), 2 values: 0x00000000 0x00000000"
expect_out "replay: no finding"

run "$NDISDMA" run --replay "$FUZZ/device/corpus/regression-device-error-pause" \
	--driver "$VIRTIO" --seed 7
expect_rc 0
expect_out "seed 7"
expect_out "hostile: device error"
expect_out "replay: no finding"

# an input replayed alone sees what it saw inside a run over the corpus
run "$NDISDMA" fuzz --target device "$FUZZ"/device/corpus/*
expect_rc 0
cp "$ERR" "$WORK/inrun"
for f in seed-receive regression-rx-same-id-twice seed-tx-bad-id; do
	inrun=$(grep "corpus/$f: no finding" "$WORK/inrun" | sed 's/.*(hash \(.*\))/\1/')
	run "$NDISDMA" run --replay "$FUZZ/device/corpus/$f"
	expect_rc 0
	expect_out "replay: hash $inrun"
	[ -n "$inrun" ] || { echo "FAIL: no hash for $f in the corpus run"; exit 1; }
done

# a miniport that is not virtio-net's (OTHER_SO, the lifecycle sample)
# never brings the device up: refused when the target opens, exit 4, not
# a pass that fuzzed nothing
[ -f "$OTHER" ] || fail "no miniport .so that is not virtio-net's: '$OTHER'"
run "$NDISDMA" fuzz --target device --driver "$OTHER" "$FUZZ/device/corpus/seed-receive"
expect_rc 4
expect_err "lifecycle.so did not bring up the virtio-net device \\(Status 0x00"
run "$NDISDMA" run --replay "$FUZZ/device/corpus/seed-receive" --driver "$OTHER"
expect_rc 4
expect_err "did not bring up the virtio-net device"

run "$NDISDMA" run --replay "$WORK/missing"
expect_rc 2
expect_err "cannot read"
echo "cli_fuzz: ok"
