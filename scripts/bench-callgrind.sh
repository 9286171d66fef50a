#!/bin/sh
# bench-callgrind.sh NDISDMA [PACKETS [WORKLOAD [api]]] — instructions per packet
# of a workload (default W1; not W6, whose two threads callgrind serialises) under
# valgrind --tool=callgrind (stable on a noisy, shared machine).
#
# Only the measured loops are counted (--toggle-collect): the bench
# miniport's mapping loop, which includes every NDIS call it makes
# (bench_loop_api), and the ideal walk (bench_loop_ideal).  Two runs, with
# P and 2P packets per run, cancel what does not scale with the packet
# count:  instructions/packet = (I(2P) - I(P)) / (packets(2P) - packets(P)),
# where packets(N) = N (one run) + N/10 + 1 (the warm-up) for the API loop.
# Prints "api <instr/packet>", then "part <source file> <instr/packet>" for
# where the API loop's instructions are (inlined code counted under its
# source file), then "ideal <instr/packet>" (not with a 4th argument
# "api": the API loop alone, half the runs).
set -eu
bin=$1
packets=${2:-100000}
workload=${3:-W1}
loops="bench_loop_api bench_loop_ideal"
[ "${4:-}" = api ] && loops=bench_loop_api
command -v valgrind >/dev/null 2>&1 || { echo "bench-callgrind: valgrind not installed" >&2; exit 3; }
tmp=${TMPDIR:-/tmp}/ndisdma-callgrind.$$
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp"

count() { # fn packets -> instructions inside fn; per-source-file self
	# costs go to $tmp/files.$1.$2 ("<file> <instructions>")
	valgrind --tool=callgrind --toggle-collect="$1" \
		--callgrind-out-file="$tmp/cg.$1.$2" \
		"$bin" bench --workloads "$workload" --runs 1 --packets "$2" --seed 1 --json \
		>/dev/null 2>"$tmp/log.$1.$2" || { cat "$tmp/log.$1.$2" >&2; exit 1; }
	callgrind_annotate "$tmp/cg.$1.$2" 2>/dev/null >"$tmp/an.$1.$2"
	# "N (p%)  path/file.c:function [object]": inlined code counts under
	# the source file it came from, which is the breakdown we want
	awk '/Auto-annotated source/ { exit }
	/^ *[0-9,]+ \( *[0-9.]+%\)  / && !/PROGRAM TOTALS/ {
		n = $1; gsub(",", "", n); f = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\)  /, "", f)
		sub(/:.*/, "", f); sub(/ .*/, "", f)
		if (f ~ /^\.\//) f = "libc"
		else if (match(f, /(src|tools)\/.*/)) f = substr(f, RSTART)
		cost[f] += n } END { for (f in cost) print f, cost[f] }' \
		"$tmp/an.$1.$2" >"$tmp/files.$1.$2"
	awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }' "$tmp/an.$1.$2"
}

twice=$((packets * 2))
for fn in $loops; do
	a=$(count "$fn" "$packets")
	b=$(count "$fn" "$twice")
	if [ "$fn" = bench_loop_api ]; then
		pa=$((packets + packets / 10 + 1)); pb=$((twice + twice / 10 + 1)); name=api
	else
		pa=$packets; pb=$twice; name=ideal
	fi
	awk -v a="$a" -v b="$b" -v pa="$pa" -v pb="$pb" -v n="$name" \
		'BEGIN { printf "%s %.1f\n", n, (b - a) / (pb - pa) }'
	if [ "$fn" = bench_loop_api ]; then
		# "part <source file> <instructions/packet>", largest first
		awk -v pa="$pa" -v pb="$pb" 'FNR == NR { one[$1] = $2; next }
			{ d = ($2 - one[$1]) / (pb - pa); if (d >= 0.5) printf "part %s %.1f\n", $1, d }' \
			"$tmp/files.$fn.$packets" "$tmp/files.$fn.$twice" | sort -k3 -rn
	fi
done
