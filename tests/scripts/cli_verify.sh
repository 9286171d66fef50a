# cli_verify.sh NDISDMA VIRTIO_NET_SO DRIVERS_DIR — ndisdma verify (issue 14)
#  - the virtio-net sample passes within a short budget: exit 0, a row for
#    every dimension (budget order covers each once), no failed cell;
#    SARIF 2.1.0, JUnit XML and --json parse (python3 json, xml.etree);
#  - verifier test miniports (tests/verifier_miniports built as .so) fail
#    with exit 1, the table and the FAIL lines name the rule, each failing
#    cell has an `ndisdma run ...` replay line that reproduces the rule;
#  - a shard without --seed, no driver, --merge without files: usage
#    errors (shards and merge: cli_verify_shards.sh).
# Budgets are wall time: the test stays short in every build.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
SAMPLE=$2
DRV=$3

# ---- the sample passes ----------------------------------------------------
# with --json the table is on stderr, the JSON object on stdout
run "$NDISDMA" verify --driver "$SAMPLE" --budget 4 --jobs 2 --seed 7 --json \
	--report "$WORK/s.sarif" --junit "$WORK/s.xml"
expect_rc 0
cp "$OUT" "$WORK/s.json"
for dim in dma stress verifier fault pause reset halt jumbo; do
	expect_err "^$dim "
done
expect_err '^fault +fault nth:1\.\.[0-9]+ '
expect_err '^verify: [0-9]+ cells of a matrix of [0-9]+ \(shard 1/1\): [0-9]+ passed, 0 failed'
if grep -q '^FAIL ' "$ERR"; then fail "a cell of the sample failed"; fi

if command -v python3 >/dev/null 2>&1; then
	python3 - "$WORK/s.sarif" "$WORK/s.xml" "$WORK/s.json" <<'EOF' || fail "sample outputs do not parse"
import json, sys, xml.etree.ElementTree as ET
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and "sarif-2.1.0" in s["$schema"]
run = s["runs"][0]
assert run["tool"]["driver"]["name"] == "ndisdma" and len(run["tool"]["driver"]["rules"]) > 40
assert run["results"] == [], run["results"]
t = ET.parse(sys.argv[2]).getroot()
assert t.tag == "testsuites" and t.get("failures") == "0", t.attrib
cases = t.findall("./testsuite/testcase")
assert len(cases) == int(t.get("tests")) and len(cases) >= 10
assert not t.findall(".//failure")
j = json.load(open(sys.argv[3]))
assert j["tool"] == "ndisdma verify" and j["exit"] == 0 and j["failed"] == 0
states = {c["state"] for c in j["cells"]}
assert states <= {"pass", "skipped"}, states
assert all(c["replay"].startswith("ndisdma run --driver ") for c in j["cells"])
EOF
else
	echo "cli_verify: SARIF/JUnit/JSON parse checks skipped: no python3"
fi

# a progress bar on a terminal (script(1) gives it one), none otherwise
if command -v script >/dev/null 2>&1; then
	script -qc "'$NDISDMA' verify --driver '$SAMPLE' --budget 1 --jobs 2 --seed 7" /dev/null \
		>"$WORK/tty" 2>&1
	grep -q "$(printf '\r')\[[#-]*\] [0-9]*/[0-9]* cells, 0 failed, " "$WORK/tty" ||
		fail "no progress bar on a terminal"
fi
if grep -q '\[[#-]*\] [0-9]*/[0-9]* cells' "$ERR" "$OUT"; then
	fail "a progress bar without a terminal"
fi

# ---- firing verifier test miniports fail and name their rule ----------------
for rule in SGL-DOUBLE-FREE SHM-DOUBLE-FREE; do
	run "$NDISDMA" verify --driver "$DRV/vm_${rule}_fire.so" --budget 1 --jobs 2 --seed 3
	expect_rc 1
	expect_out "^dma +dma-bits 64, layout contiguous +1 +0 +1 +0  .*$rule"
	expect_out "^FAIL dma-bits 64, layout contiguous: exit [0-9]+: .*$rule"
	replay=$(sed -n 's/^  replay: ndisdma run //p' "$OUT" | head -n 1)
	[ -n "$replay" ] || fail "no replay line for $rule"
	# the replay line reproduces the cell
	eval "run \"\$NDISDMA\" run $replay --quiet"
	expect_err "error $rule"
done

# ---- usage -------------------------------------------------------------------
run "$NDISDMA" verify --driver "$DRV/vm_IRQL_fire.so" --shard 1/2
expect_rc 2
expect_err 'needs --seed'
run "$NDISDMA" verify
expect_rc 2
run "$NDISDMA" verify --merge
expect_rc 2
echo "cli_verify: ok"
