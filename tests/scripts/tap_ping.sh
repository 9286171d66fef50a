# tap_ping.sh NDISDMA — a real network (issue 6): in a network namespace of
# its own, ndisdma's tap backend creates a TAP interface; Linux gets
# 10.77.0.1/24 on it, and `ndisdma run --respond 10.77.0.2` answers ARP and
# ICMP echo above the miniport.  `ping -c 50 -i 0.05` must see 0% loss, and
# ndisdma's --json counters must show every request received through the
# miniport and every reply sent through its SG DMA path.
# Without root, /dev/net/tun, ip or ping: "SKIPPED: <reason>", exit 77.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1

skip() {
	echo "SKIPPED: $*"
	exit 77
}

[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_NET_ADMIN for the TAP and the namespace)"
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing"
if ! command -v ip >/dev/null 2>&1 || ! command -v ping >/dev/null 2>&1; then
	# Debian 12: install them only when missing (does nothing otherwise)
	sh "$(dirname "$0")/../../scripts/install-deps.sh" iproute2 iputils-ping >/dev/null 2>&1
fi
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) is not installed"
command -v ping >/dev/null 2>&1 || skip "ping (iputils-ping) is not installed"

NS="ndisdma-tap-$$"
TAP="ndtap$$"
PID=""
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
ip netns add "$NS" 2>"$WORK/netns.err" ||
	skip "cannot create a network namespace: $(cat "$WORK/netns.err")"
ip netns exec "$NS" ip link set lo up

ip netns exec "$NS" "$NDISDMA" run --seed 1 --backend "tap:$TAP" \
	--respond 10.77.0.2 --duration 120 --json >"$OUT" 2>"$ERR" &
PID=$!
i=0
until ip netns exec "$NS" ip link show "$TAP" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$PID" 2>/dev/null; then
		grep -qi 'tun\|tap\|permission' "$ERR" &&
			skip "the tap backend could not open $TAP: $(head -1 "$ERR")"
		fail "TAP interface $TAP never appeared"
	fi
	sleep 0.1
done
ip netns exec "$NS" ip addr add 10.77.0.1/24 dev "$TAP" || fail "cannot address $TAP"
ip netns exec "$NS" ip link set "$TAP" up || fail "cannot bring $TAP up"

ip netns exec "$NS" ping -c 50 -i 0.05 -W 2 10.77.0.2 >"$WORK/ping.out" 2>&1
grep -q ' 0% packet loss' "$WORK/ping.out" || {
	cat "$WORK/ping.out" >&2
	fail "ping through the miniport lost packets"
}

kill -TERM "$PID"
wait "$PID"
RC=$?
PID=""
LAST="ndisdma run --backend tap:$TAP --respond 10.77.0.2"
expect_rc 0
num() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$OUT"; }
[ "$(num icmp_replies)" -ge 50 ] || fail "fewer than 50 ICMP echo replies built"
[ "$(num arp_replies)" -ge 1 ] || fail "no ARP reply: Linux could not have resolved 10.77.0.2"
[ "$(num frames_indicated)" -ge 51 ] || fail "requests did not come up through the miniport"
[ "$(num frames_sent)" -ge 51 ] || fail "replies were not sent through the miniport"
[ "$(num sg_lists)" -ge "$(num frames_sent)" ] || fail "a reply did not cross the SG DMA path"
total=$(( $(num frames_sent) + $(num frames_indicated) ))
[ "$total" -ge 100 ] || fail "only $total frames crossed the miniport both ways"
[ "$(num verifier_errors)" -eq 0 ] || fail "verifier errors"
[ "$(num lost_completions)" -eq 0 ] || fail "lost completions"
echo "tap_ping: ok ($(grep -o '[0-9]* received' "$WORK/ping.out"), $total frames through the miniport)"
