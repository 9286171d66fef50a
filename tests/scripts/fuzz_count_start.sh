#!/bin/sh
# fuzz_count_start.sh FUZZ_DEVICE CORPUS — what the device target lets
# libFuzzer count (docs/fuzzing.md "What the fuzzer counts"): by default
# the edges only the adapter's start reaches are dropped, so a function
# only the start runs (the sample's VnReceiveAllocate) is uncovered while
# the hostile device's operations are covered; NDISDMA_FUZZ_COUNT_START=1
# counts them too.  A libFuzzer build only (-print_coverage).
set -eu
BIN=$1
CORPUS=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT

fail() { echo "FAIL: $*" >&2; cat "$out" >&2; exit 1; }

env -u NDISDMA_FUZZ_COUNT_START "$BIN" -runs=0 -print_coverage=1 "$CORPUS" >"$out" 2>&1 ||
	fail "fuzz_device over the corpus"
grep -q '^UNCOVERED_FUNC: .* VnReceiveAllocate ' "$out" ||
	fail "default: VnReceiveAllocate, which only the start runs, was counted"
grep -q '^COVERED_FUNC: .* virtio_net_hostile_op ' "$out" ||
	fail "default: the script's virtio_net_hostile_op was not counted"
cov=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\).*/\1/p' "$out")

NDISDMA_FUZZ_COUNT_START=1 "$BIN" -runs=0 -print_coverage=1 "$CORPUS" >"$out" 2>&1 ||
	fail "fuzz_device over the corpus, counting the start"
grep -q '^COVERED_FUNC: .* VnReceiveAllocate ' "$out" ||
	fail "NDISDMA_FUZZ_COUNT_START=1: VnReceiveAllocate was not counted"
grep -q '^COVERED_FUNC: .* virtio_net_hostile_op ' "$out" ||
	fail "NDISDMA_FUZZ_COUNT_START=1: virtio_net_hostile_op was not counted"
all=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\).*/\1/p' "$out")
[ -n "$cov" ] && [ -n "$all" ] && [ "$cov" -lt "$all" ] ||
	fail "edges counted: $cov without the start, $all with it"
echo "fuzz_count_start: $cov edges counted by default, $all with the start"
