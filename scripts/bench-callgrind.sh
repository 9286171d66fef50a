#!/bin/sh
# bench-callgrind.sh NDISDMA [PACKETS] — instructions per packet of W1 under
# valgrind --tool=callgrind (stable on a noisy, shared machine).
#
# Only the measured loops are counted (--toggle-collect): the bench
# miniport's mapping loop, which includes every NDIS call it makes
# (bench_loop_api), and the ideal walk (bench_loop_ideal).  Two runs, with
# P and 2P packets per run, cancel what does not scale with the packet
# count:  instructions/packet = (I(2P) - I(P)) / (packets(2P) - packets(P)),
# where packets(N) = N (one run) + N/10 + 1 (the warm-up) for the API loop.
# Prints two lines: "api <instr/packet>" and "ideal <instr/packet>".
set -eu
bin=$1
packets=${2:-100000}
command -v valgrind >/dev/null 2>&1 || { echo "bench-callgrind: valgrind not installed" >&2; exit 3; }
tmp=${TMPDIR:-/tmp}/ndisdma-callgrind.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp"

count() { # fn packets -> instructions inside fn
	valgrind --tool=callgrind --toggle-collect="$1" \
		--callgrind-out-file="$tmp/cg.$1.$2" \
		"$bin" bench --workloads W1 --runs 1 --packets "$2" --seed 1 --json \
		>/dev/null 2>"$tmp/log.$1.$2" || { cat "$tmp/log.$1.$2" >&2; exit 1; }
	callgrind_annotate "$tmp/cg.$1.$2" 2>/dev/null |
		awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

twice=$((packets * 2))
for fn in bench_loop_api bench_loop_ideal; do
	a=$(count "$fn" "$packets")
	b=$(count "$fn" "$twice")
	if [ "$fn" = bench_loop_api ]; then
		pa=$((packets + packets / 10 + 1)); pb=$((twice + twice / 10 + 1)); name=api
	else
		pa=$packets; pb=$twice; name=ideal
	fi
	awk -v a="$a" -v b="$b" -v pa="$pa" -v pb="$pb" -v n="$name" \
		'BEGIN { printf "%s %.1f\n", n, (b - a) / (pb - pa) }'
done
