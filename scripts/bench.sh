#!/bin/sh
# bench.sh — what `make bench` runs after building the release tree:
#   1. ndisdma bench --json (all workloads, default >= 5 runs of 10^6
#      packets; BENCH_ARGS overrides, e.g. BENCH_ARGS="--packets 100000")
#      -> docs/bench/results.json (the machine is recorded inside);
#   2. W1 instructions per packet under callgrind (scripts/bench-callgrind.sh)
#      -> docs/bench/callgrind.txt (skipped when valgrind is missing);
#   3. docs/benchmarks.md (tables) and docs/bench/ns-per-packet.svg (chart),
#      written from those files by the python3 below.
# Usage: scripts/bench.sh BUILD_DIR
set -eu
build=${1:-build/cc/release}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$build/ndisdma
out=$root/docs/bench
seed=${SEED:-1}
mkdir -p "$out"

# BENCH_DOCS_ONLY=1: rewrite the page and chart from the recorded files
if [ "${BENCH_DOCS_ONLY:-0}" != 1 ]; then
echo "== ndisdma bench (seed $seed) ${BENCH_ARGS:-}" >&2
# shellcheck disable=SC2086
"$bin" bench --json --seed "$seed" ${BENCH_ARGS:-} >"$out/results.json.new"
mv "$out/results.json.new" "$out/results.json"
fi

if [ "${BENCH_DOCS_ONLY:-0}" = 1 ]; then
	:
elif command -v valgrind >/dev/null 2>&1; then
	echo "== callgrind: W1 instructions per packet" >&2
	"$root/scripts/bench-callgrind.sh" "$bin" "${CALLGRIND_PACKETS:-100000}" >"$out/callgrind.txt.new"
	# the IOMMU targets by instructions too: wall time here moves by 2x
	for w in W5 W9 W10 W11; do
		echo "== callgrind: $w" >&2
		"$root/scripts/bench-callgrind.sh" "$bin" "${CALLGRIND_PACKETS:-100000}" "$w" api |
			awk -v w="$w" '$1 == "api" { print "workload", w, $2 }' >>"$out/callgrind.txt.new"
	done
	mv "$out/callgrind.txt.new" "$out/callgrind.txt"
else
	echo "valgrind not installed: docs keep the last callgrind figures" >&2
fi

python3 - "$out/results.json" "$out/callgrind.txt" "$root/docs/benchmarks.md" \
	"$out/ns-per-packet.svg" <<'PY'
import json, math, os, sys

res_path, cg_path, md_path, svg_path = sys.argv[1:5]
doc = json.load(open(res_path))
m, ws = doc["machine"], doc["workloads"]
BASES = ["ideal_walk", "memcpy", "naive_pagemap", "dpdk"]
TITLES = {
    "W1": "1514 B in 2 MDLs (header + payload), 64-bit channel",
    "W2": "64 KiB large send in 17 MDLs, 64-bit",
    "W3": "9000 B jumbo in 3 MDLs, 64-bit",
    "W4": "60 B in 1 MDL, 64-bit",
    "W5": "1514 B, 32-bit channel, mixed layout (about half the pages above 4 GiB: bounce)",
    "W6": "W1 on two threads sharing one channel (time per packet of the pair)",
    "W7": "W1 with --verifier standard (the others: verifier off)",
    "W8": "`ndisdma run` end to end: virtio-net sample + device, loopback, 60-1514 B, random MDLs, payloads checked, seeded scheduler (frames/s)",
    "W9": "W1 behind the IOMMU, `--iommu lazy` (IOVAs, batched invalidation)",
    "W10": "W1 behind the IOMMU, `--iommu strict` (invalidation at each unmap)",
    "W11": "W5 behind the IOMMU, `--iommu lazy` (IOVAs below 4 GiB: nothing bounced)",
}

def base_ns(w, b):
    r = w["ratios"][b]
    return None if r is None else w["median_ns"] / r

def fmt(x, nd=1):
    return "—" if x is None else f"{x:.{nd}f}"

def ratio(x):
    return "null" if x is None else f"{x:.3f}"

cg, parts, cgw = {}, [], {}
if os.path.exists(cg_path):
    for line in open(cg_path):
        f = line.split()
        if len(f) == 3 and f[0] == "part":
            parts.append((f[1], float(f[2])))
        elif len(f) == 3 and f[0] == "workload":
            cgw[f[1]] = float(f[2])
        elif len(f) == 2:
            cg[f[0]] = float(f[1])

by = {w["name"]: w for w in ws}
def target_rows():
    rows = []
    def add(what, ok, value):
        rows.append(f"| {what} | {value} | {'met' if ok else '**missed**'} |")
    w1, w2, w5, w6, w7 = (by.get(n) for n in ("W1", "W2", "W5", "W6", "W7"))
    if w1:
        r = w1["ratios"]["ideal_walk"]
        add("W1 ≤ 1.5× ideal walk", r is not None and r <= 1.5, f"{r:.2f}×")
        add("W1 ≤ 25 ns median", w1["median_ns"] <= 25, f"{w1['median_ns']:.1f} ns")
        add("W1 zero allocations", w1["allocations"] == 0, str(w1["allocations"]))
    if w2:
        r = w2["ratios"]["ideal_walk"]
        add("W2 ≤ 1.3× ideal walk", r is not None and r <= 1.3, f"{r:.2f}×")
    if w5 and w5["ratios"]["memcpy"]:
        t = 1 / w5["ratios"]["memcpy"]
        add("W5 ≥ 0.8× memcpy throughput of the bounced bytes", t >= 0.8, f"{t:.2f}×")
    if w1 and w6:
        s = w6["packets_per_s"] / w1["packets_per_s"]
        add("W6 ≥ 1.85× W1 packets/s", s >= 1.85, f"{s:.2f}×")
    if w1 and w7:
        s = w7["median_ns"] / w1["median_ns"]
        add("W7 ≤ 1.2× W1", s <= 1.2, f"{s:.2f}×")
    w8 = by.get("W8")
    if w8:
        s = w8["packets_per_s"]
        add("W8 ≥ 1,000,000 frames/s (seeded)", s >= 1e6,
            f"{s:,.0f}/s" + (f", {s / w1['packets_per_s']:.4f}× W1" if w1 else ""))
    w9, w10, w11 = (by.get(n) for n in ("W9", "W10", "W11"))
    if w1 and w9:
        d = w9["median_ns"] - w1["median_ns"]
        add("map + unmap per list, lazy (W9 − W1) ≤ 100 ns", d <= 100, f"{d:.1f} ns")
        s = w9["median_ns"] / w1["median_ns"]
        add("W9 ≤ 1.5× W1, wall time", s <= 1.5, f"{s:.2f}×")
    if "W9" in cgw and cg.get("api"):
        s = cgw["W9"] / cg["api"]
        add("W9 ≤ 1.5× W1, instructions (callgrind, below)", s <= 1.5, f"{s:.3f}×")
    if w1 and w10:
        d = w10["median_ns"] - w1["median_ns"]
        add("map + unmap per list, strict (W10 − W1) ≤ 600 ns", d <= 600, f"{d:.1f} ns")
    if w5 and w11:
        s = w11["packets_per_s"] / w5["packets_per_s"]
        add("W11 ≥ 3× W5 packets/s (docs/iommu.md: not reachable in the simulator)", s >= 3,
            f"{s:.2f}×")
    worst = [w["ratios"]["naive_pagemap"] for w in ws if w["ratios"]["naive_pagemap"]]
    if worst:
        f = 1 / max(worst)
        add("≥ 100× faster than naive translation (worst workload)", f >= 100, f"{f:.0f}×")
    return rows

lines = []
P = lines.append
P("# ndisdma benchmarks")
P("")
P("Generated by `make bench` (scripts/bench.sh) from `ndisdma bench --json`; do not edit")
P("by hand. Raw results: [bench/results.json](bench/results.json).")
P("")
P("## Machine")
P("")
P(f"- CPU: {m['cpu']}, {m['cores']} cores (shared with other builds while measuring); "
  f"bench threads may run on {m.get('thread_cpus', '?')} of them")
P(f"- Kernel: {m['kernel']}")
P(f"- Compiler: {m['compiler']}, release build (RelWithDebInfo, -O2)")
P(f"- Seed {m['seed']}; {m['runs']} runs × {m['packets_per_run']} packets per workload"
  f" and thread; median and p99 over batches of {m['batch_packets']} packets")
for k, v in m.get("skipped", {}).items():
    P(f"- Baseline `{k}` skipped: {v}")
P("")
P("## What is measured")
P("")
P("A built-in bench miniport (tools/ndisdma/bench_miniport.c, written against `<ndis.h>`)")
P("registers its channel with `NdisMRegisterScatterGatherDma` inside `MiniportInitializeEx`")
P("and maps pre-built NET_BUFFERs at DISPATCH_LEVEL: `NdisMAllocateNetBufferSGList` into its")
P("own `ScatterGatherListSize` buffer, `MiniportProcessSGList` (records the list), then")
P("`NdisMFreeNetBufferSGList`. That is what a driver sees. Baselines run in the same process")
P("on the same packets, interleaved with ours run by run, and the workloads take turns (run 1")
P("of W1…W11, then run 2, …), so drift on a shared machine hits all of them alike:")
P("")
P("- **ideal walk**: a minimal loop over the same MDLs' PFN arrays writing the same merged")
P("  elements — no API, no check, no callback: the physical limit of the data layout;")
P("- **memcpy** (W5): copying exactly the bytes the bounce path copies (pieces above 4 GiB);")
P("- **naive pagemap**: one `pread` of `/proc/self/pagemap` per page;")
P("- **dpdk**: DPDK 22.11 (Debian `libdpdk-dev`, EAL `--no-huge --no-pci`), a chained")
P("  `rte_mbuf` of the same segment sizes walked into an IOVA array.")
P("")
P("W8 is not the SG loop but `ndisdma run`'s default traffic end to end")
P("(tools/ndisdma/bench_e2e.c): the virtio_net sample in front of its device model, loopback,")
P("frames of 60-1514 bytes in random MDL chains, every payload checked on its way back, the")
P("verifier at standard, under the seeded scheduler (docs/scheduling.md); one timing per run")
P("(`packets` frames), no baseline: it is read against W1. W9-W11 run the SG loop behind")
P("the simulated IOMMU (docs/iommu.md): every list's pages mapped to IOVAs and unmapped")
P("again; read against W1 and W5.")
P("")
P("A ratio is ours ÷ baseline in time per packet (below 1: ours is faster). `allocations` is")
P("the machine's internal allocation count over the measured runs.")
P("")
P("## Results")
P("")
P("| | workload | median ns | p99 ns | packets/s | elements/packet | allocations | × ideal walk | × memcpy | × naive pagemap | × dpdk |")
P("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for w in ws:
    r = w["ratios"]
    P(f"| {w['name']} | {TITLES.get(w['name'], '')} | {w['median_ns']:.1f} | {w['p99_ns']:.1f} | "
      f"{w['packets_per_s'] / 1e6:.2f} M | {w['elements_per_packet']:.2f} | {w['allocations']} | "
      + " | ".join(ratio(r[b]) for b in BASES) + " |")
P("")
P("Baselines, median ns per packet:")
P("")
P("| | " + " | ".join(BASES) + " |")
P("|---|" + "---:|" * len(BASES))
for w in ws:
    P(f"| {w['name']} | " + " | ".join(fmt(base_ns(w, b)) for b in BASES) + " |")
P("")
P("![median ns per packet, log scale](bench/ns-per-packet.svg)")
P("")
P("## Targets, this run")
P("")
P("| target | measured | |")
P("|---|---:|---|")
lines.extend(target_rows())
P("")
P("## Instructions per packet (callgrind)")
P("")
if cg:
    P("`scripts/bench-callgrind.sh`: W1 under `valgrind --tool=callgrind`, counting only the")
    P("measured loop; two runs (P and 2P packets) cancel set-up: (I(2P) − I(P)) / ΔP.")
    P("")
    P("| W1 loop | instructions/packet |")
    P("|---|---:|")
    P(f"| allocate + MiniportProcessSGList + free (through the API) | {cg.get('api', float('nan')):.1f} |")
    P(f"| ideal walk | {cg.get('ideal', float('nan')):.1f} |")
    if parts:
        P("")
        P("Where the API loop's instructions are (per packet; inlined code counts under the")
        P("source file it comes from):")
        P("")
        P("| source | instructions/packet | what |")
        P("|---|---:|---|")
        what = {
            "src/ndis/sg_list.c": "allocate and free: argument checks, record claim and fill, delivery, identification",
            "src/hal/sg_build_direct.h": "the walk: MDLs' PFN arrays to merged elements (the ideal walk's work)",
            "src/ndis/sg_list_internal.h": "record hint, home slot, owner counters",
            "tools/ndisdma/bench_miniport.c": "the bench miniport: its loop and MiniportProcessSGList",
            "src/kernel/handle_fast.h": "the DMA handle check, allocate and free",
            "src/kernel/kernel.h": "IRQL and machine from thread-local storage",
        }
        for f, n in parts:
            P(f"| `{f}` | {n:.1f} | {what.get(f, '')} |")
    if cgw:
        P("")
        P("The same count for the bounce and IOMMU workloads (docs/iommu.md \"Cost\" says where")
        P("their instructions go):")
        P("")
        P("| workload | instructions/packet | × W1 |")
        P("|---|---:|---:|")
        for w in ("W5", "W9", "W10", "W11"):
            if w in cgw:
                P(f"| {w} | {cgw[w]:.1f} | {cgw[w] / cg['api']:.3f} |")
else:
    P("valgrind was not installed when this page was generated.")
P("")
P("## Engine changes from measuring (issue 7)")
P("")
P("Profiled with callgrind (instructions inside the mapping loop; `scripts/bench-callgrind.sh")
P("BIN PACKETS WORKLOAD` prints the per-source breakdown above for any workload but W6).")
P("This VM exposes no hardware counters. Every spec §5/§6 check stays on every call.")
P("")
P("First round (stop 8): handle and IRQL checks inline, reports in cold functions; records")
P("claimed at the NB's home slot with one CAS (no shared free stack), the NB hint in")
P("`NdisReserved[0]` always checked against the record; traffic counters in the records,")
P("owner-written, summed on read; one-pass builds into the caller's buffer. W1 789 → 458.")
P("")
P("Second round (stop 9):")
P("")
P("- Two paths per call (src/ndis/sg_list.c). The exported functions are a straight-line")
P("  fast path for a correct call on a fast channel (direct or bounce backend, no stress,")
P("  verifier below full) at DISPATCH_LEVEL with a big enough caller buffer; anything else")
P("  — an error to name, a live-list hint, a list that does not fit, map registers short —")
P("  gives up before any effect and the separate checked path does the whole call again.")
P("  Splitting them stopped the checked path's register pressure and stack frame from")
P("  taxing every correct call.")
P("- A tighter walk for the fast path (hal_sg_build_fast): no element-open test per piece")
P("  (the first piece cannot merge: the open element's start begins 2^63 away), the 4 GiB")
P("  window and ULONG tests are one OR-ed compare, the element count stays in a register.")
P("- Handles: a slot keeps its live handle's whole 64-bit value, so the hot check is a bound,")
P("  the type bits and one compare (22 → 16 instructions per call).")
P("- Bounce channels get the same fast path: one walk, the bounced pieces' map registers")
P("  taken in one go, only when nobody waits (spec §6 FIFO); the map-register pool is")
P("  lock-free (one 64-bit word [tag | free count | first], one CAS per take and per give,")
P("  was a mutex twice per list: take + give 226 → 104 instructions per bounced list);")
P("  bounced-list counters moved from shared atomics into the records; the bounce walk")
P("  returns what it made by value, so nothing is address-taken across it.")
P("")
P("Before → after this round (callgrind, instructions/packet, same script, same seed):")
P("")
P("| workload | before | after | ideal walk |")
P("|---|---:|---:|---:|")
for name, before, after, ideal in (("W1", 458.0, 378.3, 104.2), ("W2", 1510.1, 1414.1, 1003.1),
                                   ("W3", 549.6, 467.0, 181.4), ("W4", 406.4, 326.4, 59.4),
                                   ("W5", 1018.1, 721.9, 104.3), ("W7", 458.0, 378.3, 104.2)):
    P(f"| {name} | {before:.0f} | {after:.0f} | {ideal:.0f} |")
P("")
P("What is left and why (W1, per packet): the walk alone is ≈ 120 instructions against the")
P("ideal walk's ≈ 104 (which includes its own loop); the rest is what the spec demands of")
P("every round trip and the ideal walk skips — two handle checks, two IRQL checks, the NB")
P("checks, the SGL-TWICE hint check, a record claimed with one CAS and filled, the owner")
P("counters, an indirect call to MiniportProcessSGList, out-of-band identification at free")
P("and a free CAS — plus the bench miniport's own loop (≈ 33). That floor is above half the")
P("ideal walk, so W1 ≤ 1.5× ideal walk is out of reach for a checked API on this layout;")
P("W2 (17 MDLs, walk-dominated) meets its 1.3×. W5 against memcpy compares a whole API")
P("round trip, including a 742-byte copy, with the bare copy.")
P("")
P("W6 is wall-clock throughput of two threads. Until stop 9 it measured a bench bug: DPDK's")
P("EAL pins the thread that starts it to one CPU (`-l 0`), every bench thread inherited")
P("that, and W6's two threads were time-sliced on one CPU (p99 = a 4 ms scheduler tick,")
P("about 1.0× W1). The bench now puts the affinity back, reports `thread_cpus`, and")
P("`bench_smoke` fails if the bench's threads may use fewer CPUs than the test. The rest")
P("of the gap to 2× is not ours alone: the ideal walk too, on two threads against one,")
P("gains well under 2× per batch here (compare the W6 and W1 ideal_walk medians above;")
P("W6's is per packet of the pair), so the two vCPUs share more than they show. The fast")
P("path writes no cache line that the two threads share.")
P("")
P("## The IOMMU's workloads (issue 15)")
P("")
P("W9 (W1 with `--iommu lazy`), W10 (W1 with `--iommu strict`) and W11 (W5")
P("with `--iommu lazy`: a 32-bit channel over mixed memory, IOVAs below 4 GiB,")
P("nothing bounced) measure DMA remapping; `--iommu MODE` runs the other")
P("workloads behind it too. Their targets (map + unmap per list, W9 against")
P("W1, W11 against W5), figures and design are in docs/iommu.md.")
P("")
P("## Reproduce")
P("")
P("`make bench` (a full run takes a few minutes); a quick look: `ndisdma bench --packets")
P("100000 --runs 5`; one workload: `--workloads W1`; the seed is printed and accepted with")
P("`--seed`. On a shared 2-core machine expect the p99 column and W6 to move between runs.")
open(md_path, "w").write("\n".join(lines) + "\n")

# ---- the chart: median ns per packet, log scale, one group per workload
series = [("ndisdma", "#1f6feb", lambda w: w["median_ns"]),
          ("ideal walk", "#2da44e", lambda w: base_ns(w, "ideal_walk")),
          ("memcpy", "#bf8700", lambda w: base_ns(w, "memcpy")),
          ("dpdk", "#8250df", lambda w: base_ns(w, "dpdk")),
          ("naive pagemap", "#cf222e", lambda w: base_ns(w, "naive_pagemap"))]
vals = [v for w in ws for _, _, f in series for v in [f(w)] if v]
lo = 10 ** math.floor(math.log10(min(vals)))
hi = 10 ** math.ceil(math.log10(max(vals)))
left, width, bar, gap = 60, 620, 9, 14
group = bar * len(series) + gap
height = 40 + group * len(ws) + 50
def x(v):
    return left + width * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 150}" height="{height}" '
       f'font-family="sans-serif" font-size="11">',
       f'<text x="{left}" y="16" font-size="13">median ns per packet (log scale), seed {m["seed"]}, {m["cpu"]}</text>']
d = lo
while d <= hi:
    svg.append(f'<line x1="{x(d):.1f}" y1="28" x2="{x(d):.1f}" y2="{height - 40}" stroke="#ddd"/>')
    svg.append(f'<text x="{x(d):.1f}" y="{height - 26}" text-anchor="middle">{d:g}</text>')
    d *= 10
for i, w in enumerate(ws):
    y0 = 32 + i * group
    svg.append(f'<text x="{left - 8}" y="{y0 + group / 2:.1f}" text-anchor="end">{w["name"]}</text>')
    for j, (name, color, f) in enumerate(series):
        v = f(w)
        if not v:
            continue
        y = y0 + j * bar
        svg.append(f'<rect x="{left}" y="{y}" width="{max(x(v) - left, 1):.1f}" height="{bar - 1}" fill="{color}"/>')
        svg.append(f'<text x="{x(v) + 3:.1f}" y="{y + bar - 2}" font-size="8">{v:.1f}</text>')
for j, (name, color, _) in enumerate(series):
    y = 40 + j * 16
    svg.append(f'<rect x="{left + width + 20}" y="{y}" width="10" height="10" fill="{color}"/>')
    svg.append(f'<text x="{left + width + 35}" y="{y + 9}">{name}</text>')
svg.append(f'<text x="{left + width / 2}" y="{height - 8}" text-anchor="middle">ns per packet</text>')
svg.append("</svg>")
open(svg_path, "w").write("\n".join(svg) + "\n")
print(f"wrote {md_path} and {svg_path}", file=sys.stderr)
PY
