# cli_vf_reports.sh NDISDMA DRIVERS_DIR — verifier reports end to end
# (issue 5, spec §10) with bad_sgl_abuse.so (tests/drivers_cli/bad_miniport.c
# built with -g): it frees one SG list 5 more times (5 x SGL-DOUBLE-FREE)
# and leaks another (DEREG-SGL-LEAK at halt).
#  - text: the first report of each rule is one line on stderr, naming the
#    driver's call as file:line; the summary counts the repeats (5);
#  - JSON lines: one object per report with rule, severity, message, site,
#    source and the facts;
#  - SARIF 2.1.0: parsed by python3's json (skipped with a reason without
#    python3): version, schema, the rule catalogue, each result with ruleId,
#    ruleIndex, level, message, facts, and a physicalLocation whose line is
#    the driver's NdisM... call (the leak: the allocating call);
#  - exit 1 for error-level reports; --stop-on-first exits 3 at the first.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
BAD=$2/bad_sgl_abuse.so

# source_line FILE:LINE -> that line of the file
source_line() {
	sed -n "${1##*:}p" "${1%:*}"
}

run "$NDISDMA" run --quiet --seed 1 --frames 0 --driver "$BAD" \
	--report "$WORK/r.sarif" --json-reports "$WORK/r.jsonl"
expect_rc 1
[ "$(grep -c 'error SGL-DOUBLE-FREE' "$ERR")" -eq 1 ] ||
	fail "SGL-DOUBLE-FREE not printed exactly once"
[ "$(grep -c 'error DEREG-SGL-LEAK' "$ERR")" -eq 1 ] ||
	fail "DEREG-SGL-LEAK not printed exactly once"
expect_out '^  SGL-DOUBLE-FREE +5  error$'
expect_out '^  DEREG-SGL-LEAK +1  error$'
expect_out '^reports: 6 \(errors: 6\)$'
# the driver's own call, file:line (addr2line; the .so has debug info)
if command -v addr2line >/dev/null 2>&1; then
	at=$(sed -n 's/.*error SGL-DOUBLE-FREE.* at [^ ]* (\([^)]*bad_miniport\.c:[0-9]*\)).*/\1/p' "$ERR")
	[ -n "$at" ] || fail "SGL-DOUBLE-FREE names no bad_miniport.c:LINE"
	source_line "$at" | grep -q 'NdisMFreeNetBufferSGList' ||
		fail "$at is not the driver's NdisMFreeNetBufferSGList call"
	at=$(sed -n 's/.*error DEREG-SGL-LEAK.* at [^ ]* (\([^)]*bad_miniport\.c:[0-9]*\)).*/\1/p' "$ERR")
	[ -n "$at" ] || fail "DEREG-SGL-LEAK names no bad_miniport.c:LINE"
	source_line "$at" | grep -q 'NdisMAllocateNetBufferSGList' ||
		fail "$at is not the driver's NdisMAllocateNetBufferSGList call"
else
	echo "cli_vf_reports: file:line checks skipped: no addr2line"
fi

[ "$(grep -c . "$WORK/r.jsonl")" -eq 6 ] || fail "expected 6 JSON lines"
[ "$(grep -c '"rule":"SGL-DOUBLE-FREE","severity":"error"' "$WORK/r.jsonl")" -eq 5 ] ||
	fail "JSON lines lack 5 SGL-DOUBLE-FREE"
grep -q '"rule":"DEREG-SGL-LEAK".*"alloc_site":"bad_sgl_abuse.so!' "$WORK/r.jsonl" ||
	fail "JSON DEREG-SGL-LEAK lacks alloc_site"

if command -v python3 >/dev/null 2>&1; then
	python3 - "$WORK/r.sarif" "$WORK/r.jsonl" <<'EOF' || fail "SARIF/JSON check failed"
import json, sys
from urllib.parse import urlparse

def line_of(uri, n):
    with open(urlparse(uri).path) as f:
        return f.read().split("\n")[n - 1]

for l in open(sys.argv[2]):
    o = json.loads(l)
    for k in ("rule", "severity", "message", "windows", "site", "handle", "list", "nb", "irql"):
        assert k in o, ("JSON line lacks", k, o)

s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0", s["version"]
assert "sarif-2.1.0" in s["$schema"], s["$schema"]
assert len(s["runs"]) == 1
run = s["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "ndisdma"
rules = drv["rules"]
ids = [r["id"] for r in rules]
assert len(set(ids)) == len(ids), "duplicate rule ids"
for r in rules:
    assert r["shortDescription"]["text"] and r["helpUri"], r
res = run["results"]
assert len(res) == 6, len(res)
assert run["properties"]["totalReports"] == 6
seen = {}
for r in res:
    assert rules[r["ruleIndex"]]["id"] == r["ruleId"], r
    assert r["level"] == "error", r
    assert r["message"]["text"], r
    p = r["properties"]
    for k in ("handle", "list", "nb", "irql", "windowsCounterpart"):
        assert k in p, ("properties lack", k, r)
    loc = r["locations"][0]
    # the function of the driver's binary the call is in: an optimizing
    # build (the fuzz trees' clang) inlines the helper into its caller;
    # the line below is checked either way
    assert loc["logicalLocations"][0]["name"] in ("BadAbuseSgLists", "BadInitializeEx"), loc
    phys = loc["physicalLocation"]
    uri = phys["artifactLocation"]["uri"]
    assert uri.endswith("/bad_miniport.c"), uri
    text = line_of(uri, phys["region"]["startLine"])
    want = {"SGL-DOUBLE-FREE": "NdisMFreeNetBufferSGList",
            "DEREG-SGL-LEAK": "NdisMAllocateNetBufferSGList"}[r["ruleId"]]
    assert want in text, (r["ruleId"], text)
    if r["ruleId"] == "DEREG-SGL-LEAK":
        assert "bad_miniport.c:" in p["allocSite"], p
    seen[r["ruleId"]] = seen.get(r["ruleId"], 0) + 1
assert seen == {"SGL-DOUBLE-FREE": 5, "DEREG-SGL-LEAK": 1}, seen
print("cli_vf_reports: SARIF 2.1.0 parsed: %d rules in the catalogue, %d results" %
      (len(rules), len(res)))
EOF
else
	echo "cli_vf_reports: SARIF parse skipped: no python3"
	grep -q '"version":"2.1.0"' "$WORK/r.sarif" || fail "SARIF lacks version 2.1.0"
fi

# --stop-on-first: the first error is printed and the run ends, exit 3
run "$NDISDMA" run --quiet --seed 1 --frames 0 --stop-on-first --driver "$BAD" \
	--json-reports "$WORK/s.jsonl"
expect_rc 3
[ "$(grep -c '^ndisdma: error' "$ERR")" -eq 1 ] || fail "--stop-on-first: not one report"
expect_err 'error SGL-DOUBLE-FREE'
expect_no_out '^reports:'
[ "$(grep -c . "$WORK/s.jsonl")" -eq 1 ] || fail "--stop-on-first: JSON lines not flushed"

# at level off nothing is checked: exit 0
run "$NDISDMA" run --quiet --seed 1 --frames 0 --verifier off --driver "$BAD"
expect_rc 0
expect_out '^reports: 0 \(errors: 0\)$'
echo "cli_vf_reports: ok"
