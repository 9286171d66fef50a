# traffic_pcap.sh NDISDMA — the pcap:FILE backend: every transmitted frame
# is in the file, read back with tshark: the count, the lengths (their sum
# equals the bytes ndisdma sent), the EtherType and each sequence number
# exactly once.  Without tshark: SKIPPED (exit 77).
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIPPED: tshark is not installed"
	exit 77
fi
PCAP="$WORK/out.pcap"
run "$NDISDMA" run --seed 9 --frames 500 --backend "pcap:$PCAP" --json
expect_rc 0
bytes=$(sed -n 's/.*"bytes": \([0-9]*\).*/\1/p' "$OUT")
[ -s "$PCAP" ] || fail "no pcap file written"
tshark -r "$PCAP" -T fields -e frame.len -e eth.type -e data.data >"$WORK/fields" 2>"$WORK/tshark.err" ||
	fail "tshark cannot read $PCAP: $(cat "$WORK/tshark.err")"
n=$(grep -c . "$WORK/fields")
[ "$n" -eq 500 ] || fail "pcap has $n frames, expected 500"
sum=$(awk '{ s += $1 } END { print s }' "$WORK/fields")
[ "$sum" = "$bytes" ] || fail "pcap frame lengths sum to $sum, ndisdma sent $bytes bytes"
awk '$1 < 60 || $1 > 1514 { exit 1 }' "$WORK/fields" || fail "a frame length is outside 60-1514"
awk '$2 != "0x88b5" { exit 1 }' "$WORK/fields" || fail "a frame is not EtherType 0x88b5"
# data: "NDMA" then the 64-bit little-endian sequence number
cut -f3 "$WORK/fields" | cut -c1-8 | sort -u >"$WORK/magic"
[ "$(cat "$WORK/magic")" = "4e444d41" ] || fail "frames do not start with NDMA: $(head -3 "$WORK/magic")"
cut -f3 "$WORK/fields" | cut -c9-24 | sort | uniq -d >"$WORK/dups"
[ ! -s "$WORK/dups" ] || fail "sequence numbers repeat in the pcap"
[ "$(cut -f3 "$WORK/fields" | cut -c9-24 | sort -u | grep -c .)" -eq 500 ] ||
	fail "expected 500 distinct sequence numbers"
echo "traffic_pcap: ok"
