# vhub_trace.sh NDISDMA VHUB_SO — the vhub sample's WPP trace lines and its
# configuration.  The sample traces with VHUB_TRACE(LEVEL,FLAGS,MSG,...),
# configured only on the ndisdma-wpp command line (samples/vhub/CMakeLists.txt),
# with its own WPP_LEVEL_FLAGS_ENABLED; the lines carry %!FUNC!, %!MACADDR!,
# %!STATUS!, %!irql!, %wZ and %ws.  Without --trace nothing is traced; the
# level and the flags (bit n: the n-th WPP_DEFINE_BIT of trace.h) select.
# A stored VhubPermanentAddress is read back instead of deriving one, and
# NetworkAddress overrides the current address only when it is unicast.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
VHUB=$2
H='[0-9a-f]{2}'

run "$NDISDMA" run --seed 6 --driver "$VHUB" --device none --adapters 2 --traffic hub --frames 300
expect_rc 0
expect_no_out '^WPP '

run "$NDISDMA" run --seed 6 --driver "$VHUB" --device none --adapters 2 --traffic hub \
	--frames 300 --trace information
expect_rc 0
expect_out '^WPP driver\.c:[0-9]+: DriverEntry: registry path \\Registry\\.*vhub\.so$'
expect_out '^WPP adapter\.c:[0-9]+: VhubInitializeEx: vhub2, 0 resources at PASSIVE_LEVEL$'
expect_out "^WPP config\\.c:[0-9]+: vhub1: saved VhubPermanentAddress as 02-56-48-[0-9A-F]{2}-[0-9A-F]{2}-01: 0x00000000\\(STATUS_SUCCESS\\)$"
expect_out "^WPP adapter\\.c:[0-9]+: vhub2: permanent address 02:56:48:$H:$H:02, current address 02:56:48:$H:$H:02$"
expect_out "^WPP adapter\\.c:[0-9]+: VhubRestart: vhub1 running at 02:56:48:$H:$H:01$"
expect_out '^WPP oid\.c:[0-9]+: vhub2: packet filter 0x0000000b$'
expect_out '^WPP adapter\.c:[0-9]+: VhubPause: vhub(1|2) (paused|waits for [0-9]+ sends and indications)$'
expect_out '^WPP adapter\.c:[0-9]+: VhubHaltEx: vhub1, action 0$'
expect_out '^WPP driver\.c:[0-9]+: VhubDriverUnload: 2 adapters were started$'
expect_no_out 'bytes to'          # VERBOSE: above the session's level
expect_out '^reports: 0 \(errors: 0\)$'

# VERBOSE, flag VHUB_SEND (0x8) only: the per-frame send lines, nothing else
run "$NDISDMA" run --seed 6 --driver "$VHUB" --device none --adapters 2 --traffic hub \
	--frames 300 --trace verbose:0x8
expect_rc 0
expect_out "^WPP send\\.c:[0-9]+: vhub1: [0-9]+ bytes to 02:56:48:$H:$H:02$"
expect_out '^WPP send\.c:[0-9]+: vhub2: [0-9]+ bytes to ff:ff:ff:ff:ff:ff$'
n=$(grep -c '^WPP send\.c' "$OUT")
[ "$n" -eq 300 ] || fail "expected 300 send trace lines, got $n"
expect_no_out '^WPP (driver|adapter|config|oid|recv)\.c'
# VERBOSE, VHUB_RECV (0x10): the DPC indicates at DISPATCH_LEVEL
run "$NDISDMA" run --seed 6 --driver "$VHUB" --device none --adapters 2 --traffic hub \
	--frames 300 --trace verbose:0x10
expect_rc 0
expect_out '^WPP recv\.c:[0-9]+: vhub(1|2): indicating [0-9]+ NBLs at DISPATCH_LEVEL$'

# configuration: a stored address is read back; NetworkAddress overrides
run "$NDISDMA" run --seed 6 --driver "$VHUB" --device none --frames 0 --trace information \
	--keyword VhubPermanentAddress=02-11-22-33-44-55 --keyword NetworkAddress=02-AA-BB-CC-DD-01
expect_rc 0
expect_out '^DbgPrint: vhub: vhub1: permanent address 02-11-22-33-44-55 read back$'
expect_out '^WPP config\.c:[0-9]+: vhub1: stored address 02:11:22:33:44:55$'
expect_out '^WPP adapter\.c:[0-9]+: vhub1: permanent address 02:11:22:33:44:55, current address 02:aa:bb:cc:dd:01$'
expect_out '^MAC address: 02:aa:bb:cc:dd:01$'
expect_no_out 'derived'
# a malformed stored address is replaced; a multicast NetworkAddress is ignored
run "$NDISDMA" run --seed 6 --driver "$VHUB" --device none --frames 0 --trace information \
	--keyword VhubPermanentAddress=02-11-22-33-44 --keyword NetworkAddress=03-AA-BB-CC-DD-01
expect_rc 0
expect_out '^DbgPrint: vhub: vhub1: permanent address 02-56-48-[0-9A-F]{2}-[0-9A-F]{2}-01 derived, saved 0x00000000$'
expect_out '^WPP config\.c:[0-9]+: vhub1: NetworkAddress of 6 bytes ignored \(not a unicast MAC\)$'
expect_out "^MAC address: 02:56:48:$H:$H:01\$"
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^pools: back at baseline$'
echo "vhub_trace: ok"
