# cli_verify_shards.sh NDISDMA DRIVERS_DIR — ndisdma verify --shard and
# --merge (issue 14) on the IRQL verifier test miniport (a small matrix):
#  - --shard 1/2 + --shard 2/2 joined with --merge equal the whole run
#    (cells, outcomes, rules, replay lines; SARIF results deduplicated by
#    rule and call site with the cells hitting each; JUnit test cases), the
#    shards are disjoint and cover the matrix, the table names IRQL;
#  - --merge of a broken or foreign file is a usage error.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
DRV=$2

# ---- shards + merge = the whole run ----------------------------------------
IRQL=$DRV/vm_IRQL_fire.so
run "$NDISDMA" verify --driver "$IRQL" --budget 120 --jobs 2 --seed 11 --json \
	--report "$WORK/w.sarif" --junit "$WORK/w.xml"
expect_rc 1
cp "$OUT" "$WORK/w.json"
grep -q 'IRQL' "$ERR" || fail "the IRQL miniport's table does not name IRQL"
for k in 1 2; do
	run "$NDISDMA" verify --driver "$IRQL" --budget 120 --jobs 2 --seed 11 --json \
		--shard $k/2
	expect_rc 1
	cp "$OUT" "$WORK/shard$k.json"
done
run "$NDISDMA" verify --merge "$WORK/shard1.json" "$WORK/shard2.json" --json \
	--report "$WORK/m.sarif" --junit "$WORK/m.xml"
expect_rc 1
cp "$OUT" "$WORK/m.json"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$WORK" <<'EOF' || fail "shard + merge differs from the whole run"
import json, sys, xml.etree.ElementTree as ET
w = sys.argv[1]
def cells(f):
    return [(c["index"], c["name"], c["state"], c["exit"], c["rules"], c["replay"])
            for c in json.load(open(f))["cells"]]
whole, merged = cells(w + "/w.json"), cells(w + "/m.json")
assert whole == merged, [x for x in zip(whole, merged) if x[0] != x[1]][:3]
s1 = set(c["index"] for c in json.load(open(w + "/shard1.json"))["cells"] if c["state"] != "not run")
s2 = set(c["index"] for c in json.load(open(w + "/shard2.json"))["cells"] if c["state"] != "not run")
assert s1 and s2 and not (s1 & s2) and len(s1 | s2) == len(whole)
def results(f):
    return sorted((r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
                   tuple(r["properties"]["cells"]), r["properties"]["occurrences"])
                  for r in json.load(open(f))["runs"][0]["results"])
rw, rm = results(w + "/w.sarif"), results(w + "/m.sarif")
assert rw == rm and rw, (rw, rm)
assert any(r[0] == "IRQL" for r in rw)
# one result per rule and call site, however many cells hit it
assert len(set((r[0], r[1]) for r in rw)) == len(rw)
assert max(len(r[2]) for r in rw) > 1
def cases(f):
    return sorted((c.get("classname"), c.get("name"), c.find("failure") is not None)
                  for c in ET.parse(f).getroot().iter("testcase"))
assert cases(w + "/w.xml") == cases(w + "/m.xml")
EOF
fi

echo '{"not": "verify"' > "$WORK/bad.json"
run "$NDISDMA" verify --merge "$WORK/bad.json"
expect_rc 2
expect_err "bad.json': expected ',' or '}' at byte"
run "$NDISDMA" verify --merge "$WORK/w.sarif"
expect_rc 2
expect_err 'is not ndisdma verify --json output'
echo "cli_verify_shards: ok"
