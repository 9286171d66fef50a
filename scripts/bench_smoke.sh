#!/bin/sh
# bench_smoke.sh NDISDMA — CTest smoke test of `ndisdma bench` (tests/bench.cmake):
# every workload runs briefly; the output must have the documented shape
# (one JSON object: machine + W1..W11, every number positive or null where a
# baseline does not apply; a table; the seed printed and accepted).  It never
# asserts a speed: speed belongs in benchmarks, not in tests.
set -eu
bin=$1
tmp=${TMPDIR:-/tmp}/ndisdma-bench-smoke.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp"

rc=0
"$bin" bench --packets 3000 --runs 2 --seed 42 --json >"$tmp/out.json" 2>"$tmp/err.txt" || rc=$?
if [ "$rc" -ne 0 ]; then
	cat "$tmp/err.txt" >&2; echo "FAIL: ndisdma bench --json exited $rc" >&2; exit 1
fi
grep -q 'seed 42' "$tmp/err.txt" || { echo "FAIL: seed not printed on stderr" >&2; exit 1; }

python3 - "$tmp/out.json" <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))          # exactly one JSON object
def fail(msg):
    print("FAIL:", msg, file=sys.stderr); sys.exit(1)
if set(doc) != {"machine", "workloads"}:
    fail("top-level keys %s" % sorted(doc))
m = doc["machine"]
for k in ("cpu", "cores", "thread_cpus", "kernel", "compiler", "seed"):
    if k not in m: fail("machine lacks %s" % k)
# the bench's threads keep the CPUs this test was given (DPDK's EAL pins
# its caller to one CPU; the bench must undo that or W6 shares one CPU)
import os
if m["thread_cpus"] != len(os.sched_getaffinity(0)):
    fail("bench threads may run on %r CPUs, this test on %d"
         % (m["thread_cpus"], len(os.sched_getaffinity(0))))
if m["seed"] != 42: fail("seed %r" % m["seed"])
names = [w["name"] for w in doc["workloads"]]
if names != ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11"]:
    fail("workloads %s" % names)
iommu = {"W9": "lazy", "W10": "strict", "W11": "lazy"}
for w in doc["workloads"]:
    if w.get("iommu") != iommu.get(w["name"], "off"):
        fail("%s iommu %r" % (w["name"], w.get("iommu")))
keys = {"name", "iommu", "median_ns", "p99_ns", "packets_per_s", "elements_per_packet",
        "allocations", "ratios"}
for w in doc["workloads"]:
    if set(w) != keys: fail("%s keys %s" % (w["name"], sorted(w)))
    for k in ("median_ns", "p99_ns", "packets_per_s", "elements_per_packet"):
        v = w[k]
        if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            fail("%s %s = %r" % (w["name"], k, v))
    if not isinstance(w["allocations"], int) or w["allocations"] < 0:
        fail("%s allocations %r" % (w["name"], w["allocations"]))
    if w["p99_ns"] < w["median_ns"]: fail("%s p99 below median" % w["name"])
    r = w["ratios"]
    if set(r) != {"ideal_walk", "memcpy", "naive_pagemap", "dpdk"}:
        fail("%s ratio keys %s" % (w["name"], sorted(r)))
    for k, v in r.items():
        if v is not None and (not isinstance(v, (int, float)) or v <= 0):
            fail("%s ratio %s = %r" % (w["name"], k, v))
    # W8 is `ndisdma run` end to end: no baseline applies
    if (r["ideal_walk"] is None) != (w["name"] == "W8"):
        fail("%s ideal walk ratio %r (every workload but W8)" % (w["name"], r["ideal_walk"]))
    if (r["memcpy"] is None) != (w["name"] != "W5"):
        fail("%s memcpy ratio %r (only W5 bounces)" % (w["name"], r["memcpy"]))
w1 = doc["workloads"][0]
if w1["allocations"] != 0: fail("W1 allocated %d times" % w1["allocations"])
print("bench JSON shape ok")
PY

# the table, one workload, same seed accepted
"$bin" bench --packets 1000 --runs 1 --seed 42 --workloads W1,W5 >"$tmp/out.txt" 2>/dev/null
grep -q '^seed: 42' "$tmp/out.txt" || { echo "FAIL: table lacks the seed" >&2; exit 1; }
grep -q '^W1 ' "$tmp/out.txt" && grep -q '^W5 ' "$tmp/out.txt" && ! grep -q '^W2 ' "$tmp/out.txt" ||
	{ echo "FAIL: --workloads W1,W5 not honoured" >&2; cat "$tmp/out.txt" >&2; exit 1; }
grep -q '^targets:$' "$tmp/out.txt" || { echo "FAIL: no targets section" >&2; exit 1; }

# usage errors exit 2
for bad in "--packets 0" "--runs x" "--workloads W12" "--iommu on" "--frobnicate"; do
	# shellcheck disable=SC2086
	if "$bin" bench $bad >/dev/null 2>&1; then
		echo "FAIL: ndisdma bench $bad accepted" >&2; exit 1
	else
		rc=$?; [ "$rc" -eq 2 ] || { echo "FAIL: ndisdma bench $bad exited $rc, not 2" >&2; exit 1; }
	fi
done
"$bin" bench --help | grep -q -- '--packets' || { echo "FAIL: --help" >&2; exit 1; }
"$bin" bench --help | grep -q -- '--iommu MODE' || { echo "FAIL: --help lacks --iommu" >&2; exit 1; }
echo "bench smoke ok"
