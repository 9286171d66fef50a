# cli_bad_driver.sh NDISDMA DRIVERS_DIR LIFECYCLE_SO — a bad driver gets one
# clear error line and exit 4 (load/initialize failure), never a crash;
# a leaking driver gets verifier errors (exit 1, or 3 with --stop-on-first);
# the lifecycle sample as a .so runs clean.  --frames 0: these drivers
# have no data path (the default of `ndisdma run` moves frames, issue 6);
# with frames, the lifecycle sample (no device of its own) is told it
# never brought up the virtio-net model.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
DRIVERS=$2
LIFECYCLE=$3

driver_fails() {
	what=$1; shift
	run "$NDISDMA" run --seed 1 --frames 0 --driver "$@"
	expect_rc 4
	expect_err "^ndisdma run: .*failed: .*"
	[ -z "$what" ] || expect_err "$what"
}

# Nothing to load.
driver_fails "" "$WORK/missing.so"
expect_one_error_line
expect_err "missing.so"

# Not a shared object.
printf 'this is not an ELF file\n' >"$WORK/text.so"
driver_fails "" "$WORK/text.so"
expect_one_error_line

# A directory.
driver_fails "" "$WORK"
expect_one_error_line

# A shared object without DriverEntry.
driver_fails "DriverEntry" "$DRIVERS/bad_no_entry.so"
expect_one_error_line

# Names ndisdma does not provide: all of them, one line each with its
# family, before anything runs (docs/run.md "Missing names").
driver_fails "bad_missing_names.so: 5 names ndisdma does not provide:$" \
	"$DRIVERS/bad_missing_names.so"
[ "$(grep -c . "$ERR")" -eq 6 ] || fail "expected the header and 5 names on stderr"
expect_err '^  NdisMMissingInNdisdma +Ndis$'
expect_err '^  KeMissingInNdisdma +Ke \(kernel executive\)$'
expect_err '^  ExMissingInNdisdma +Ex \(pool, lookaside lists\)$'
expect_err '^  WppMissingInNdisdma +Wpp \(tracing\)$'
expect_err "^  wcslen +C runtime: the C library's has another meaning"
expect_no_out 'DriverEntry'

# DriverEntry fails.
driver_fails "DriverEntry" "$DRIVERS/bad_entry_fails.so"

# NdisMRegisterMiniportDriver refuses a missing required handler.
driver_fails "" "$DRIVERS/bad_no_pause.so"

# MiniportInitializeEx fails: HaltEx is not called, exit 4.
driver_fails "InitializeEx" "$DRIVERS/bad_init_fails.so"
expect_no_out 'MiniportHaltEx'

# A driver that leaks a shared block at halt: verifier errors, exit 1.
run "$NDISDMA" run --seed 1 --frames 0 --driver "$DRIVERS/bad_shm_leak.so"
expect_rc 1
expect_err 'DEREG-SHM-LEAK'
expect_out '^reports: [1-9][0-9]* \(errors: [1-9][0-9]*\)$'

# The reports land in SARIF and JSON lines files.
run "$NDISDMA" run --seed 1 --frames 0 --report "$WORK/leak.sarif" \
	--json-reports "$WORK/leak.jsonl" --driver "$DRIVERS/bad_shm_leak.so"
expect_rc 1
grep -q 'DEREG-SHM-LEAK' "$WORK/leak.sarif" || fail "SARIF lacks DEREG-SHM-LEAK"
grep -q 'DEREG-SHM-LEAK' "$WORK/leak.jsonl" || fail "JSON lines lack DEREG-SHM-LEAK"

# ... and with --stop-on-first: the first error ends the run, exit 3.
run "$NDISDMA" run --seed 1 --frames 0 --stop-on-first --driver "$DRIVERS/bad_shm_leak.so"
expect_rc 3
expect_err 'DEREG-SHM-LEAK'
expect_no_out 'MiniportDriverUnload' 

# The lifecycle sample built as a shared object.
run "$NDISDMA" run --seed 7 --frames 0 --driver "$LIFECYCLE"
expect_rc 0
expect_out 'ScatterGatherListSize +424 bytes'
expect_out '^reports: 0 \(errors: 0\)$'
run "$NDISDMA" run --seed 7 --frames 0 --dma-bits 32 --driver "$LIFECYCLE"
expect_rc 0
expect_out 'address limit +0x00000000ffffffff \(32-bit\)'

# A miniport for other hardware in front of the virtio-net model: every
# send it fails comes down to a device it never brought up, and the run
# says so (docs/devices.md); with --device none, or with the virtio-net
# sample, no such line.
run "$NDISDMA" run --seed 7 --frames 200 --driver "$LIFECYCLE" --quiet --json
expect_rc 6
expect_err '^ndisdma run: ndisdma0 never brought up its virtio-net device \(no DRIVER_OK, virtio 1\.1 section 3\.1\.1\).* --device none \(docs/devices\.md\)$'
expect_out '"nbls_returned": 0, "device_driver_ok": false\}'
run "$NDISDMA" run --seed 7 --frames 200 --quiet --json
expect_rc 0
expect_out '"device_driver_ok": true\}'
if grep -q "never brought up" "$ERR"; then fail "'$LAST': the virtio-net sample gets the note"; fi
run "$NDISDMA" run --seed 7 --frames 200 --driver "$LIFECYCLE" --device none --quiet --json
if grep -q "never brought up" "$ERR"; then fail "'$LAST': no device, yet the note"; fi
expect_no_out 'device_driver_ok'
run "$NDISDMA" verify --seed 7 --driver "$LIFECYCLE" --jobs 2
expect_rc 1
expect_out '^FAIL .*: exit 6: traffic check failed \(.*failed sends 2000\); the driver never brought up the virtio-net device \(docs/devices\.md\)$'
echo "cli_bad_driver: ok"
