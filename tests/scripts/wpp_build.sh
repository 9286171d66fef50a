# wpp_build.sh CMAKE BUILD_DIR SOURCE_DIR CC — a WPP-instrumented miniport
# built as a user builds it (docs/wpp.md, README "WPP tracing"): install
# into a fresh prefix, run the installed ndisdma-wpp on tests/wpp/tree with
# a custom trace function given only on the command line
# (-func:DEBUGP(LEVEL,MSG,...), KdPrint and RT_TRACE with double
# parentheses), compile with pkg-config, run under
# `ndisdma run` with and without --trace.  The tree has a multi-line call,
# driver-defined _ENABLED/_PRE/_POST, USEPREFIX, DoTraceMessage and .tmh
# includes spelled in another case than the sources; tests/wpp/bad has
# wrong calls the tool must refuse naming file:line.
. "$(dirname "$0")/cli_lib.sh"
CMAKE=$1
BUILD=$2
SRC=$3
CC=$4
PREFIX="$WORK/prefix"

run "$CMAKE" --install "$BUILD" --prefix "$PREFIX"
expect_rc 0
WPP="$PREFIX/bin/ndisdma-wpp"
[ -x "$WPP" ] || fail "no bin/ndisdma-wpp installed"
[ -f "$PREFIX/include/ndisdma/wdk/ndisdma_wdk_wpp.h" ] || fail "no ndisdma_wdk_wpp.h installed"
pc=$(find "$PREFIX" -name ndisdma.pc | head -n 1)
[ -n "$pc" ] || fail "no ndisdma.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH

# The user's tree: the driver's sources and the lifecycle sample, unmodified.
mkdir "$WORK/user" && cp "$SRC/tests/wpp/tree/"* "$SRC/samples/lifecycle/lifecycle.c" \
	"$WORK/user/" || fail "cannot copy the tree"
cd "$WORK/user" || fail "cd"

run "$WPP" -km -scan:Trace.h "-func:DEBUGP(LEVEL,MSG,...)" -p:wpptest -odir:. \
	"-func:KdPrint{LEVEL=TRACE_LEVEL_ERROR,FLAGS=MP_TRACE}((MSG,...))" \
	"-func:RT_TRACE(COMPNAME,LEVEL,(MSG,...))" Driver.c Rx.c Trace.h
expect_rc 0
# named as each #include spells it, not as the source file
[ -f driver.tmh ] || fail "no driver.tmh (Driver.c includes \"driver.tmh\")"
[ -f RX.tmh ] || fail "no RX.tmh (Rx.c includes \"RX.tmh\")"
[ ! -f Driver.tmh ] || fail "Driver.tmh written though the source includes driver.tmh"
[ ! -f Trace.tmh ] || fail "a .h is no source without -ext:"

CFLAGS=$(pkg-config --cflags ndisdma)
LIBS=$(pkg-config --libs ndisdma)
run "$CC" -Wall -Werror -fPIC $CFLAGS -DDriverEntry=LcDriverEntry lifecycle.c \
	-c -o lifecycle.o
expect_rc 0
run "$CC" -Wall -Werror -shared -fPIC $CFLAGS Driver.c Rx.c lifecycle.o -o drv.so $LIBS
expect_rc 0

# No session (the default): nothing traced; PRE and POST still run.
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --driver ./drv.so
expect_rc 0
expect_no_out '^WPP '
expect_out '^DbgPrint: wpp-test: PRE ran 2 times, POST 2$'
expect_out '^reports: 0 \(errors: 0\)$'

# Level INFORMATION, every flag.
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --trace 4 --driver ./drv.so
expect_rc 0
expect_out '^WPP Driver\.c:[0-9]+: ---> DriverEntry built with WPP$'
expect_out '^WPP Driver\.c:[0-9]+: multi-line call ffffffff 123456789$'
expect_out '^WPP Driver\.c:[0-9]+: \[DriverEntry\] mac 02:00:5e:10:20:30 ip 10\.0\.0\.7 TRUE TRACE_LEVEL_ERROR$'
expect_no_out 'verbose only'
expect_out '^WPP Driver\.c:[0-9]+: DoTraceMessage 0x80004005\(E_FAIL\) \\Registry\\.*drv\.so$'
expect_out '^WPP Driver\.c:[0-9]+: check failed: 0x8000000f\(STATUS_DEVICE_POWERED_OFF\) \[Status, pre 2\]$'
expect_no_out 'check failed: 0x00000000'
expect_out '^WPP Rx\.c:[0-9]+: RxTrace: 3 frames at PASSIVE_LEVEL$'
expect_out '^WPP Driver\.c:[0-9]+: kd 0x00000000\(STATUS_SUCCESS\)$'
expect_out '^WPP Driver\.c:[0-9]+: grouped call COMP_INIT TRACE_LEVEL_WARNING$'
expect_out '^DbgPrint: wpp-test: PRE ran 2 times, POST 2$'
# the driver's own types, numbered arguments, a wide MSG (wprintf rules:
# %s wide, %hs narrow), a message made of its prefix, the recorder's FILTER
expect_out '^WPP Rx\.c:[0-9]+: link LinkDown LinkTesting LinkUnknown LinkLast 3$'
expect_out '^WPP Rx\.c:[0-9]+: kind PktControl 7 offloads OffCsum\|OffRss OffCsum\|0x8 0x0 queue RxQueue$'
expect_out '^WPP Rx\.c:[0-9]+: dump de ad be ef 01 name vhub ssid home port 02:00:5e:10:20:30 42$'
expect_out '^WPP Rx\.c:[0-9]+: numbered two 5 two de ad$'
expect_out '^WPP Rx\.c:[0-9]+: wide text 0x00000000\(STATUS_SUCCESS\) narrow$'
expect_no_out 'depth 2'
expect_out '^WPP Rx\.c:[0-9]+: recorder RX_PATH TRACE_LEVEL_ERROR 9 \(recorder\)$'
# the in-flight recorder: the default log from WPP_INIT_TRACING, a log the
# driver creates marks its messages with its identifier
expect_out '^DbgPrint: wpp-test: default log before INIT: 0$'
expect_out '^DbgPrint: wpp-test: default log after INIT: 1 1$'
expect_out '^WPP Driver\.c:[0-9]+: \[rxlog7\] to its own log 1$'
expect_out '^WPP Driver\.c:[0-9]+: to the default log$'
expect_out '^DbgPrint: wpp-test: rename default 0xc000000d, own 0x00000000$'
expect_out '^WPP Driver\.c:[0-9]+: \[renamed\] renamed 0x00000000\(STATUS_SUCCESS\)$'
# RT_TRACE's conditions are RecTrace's (COMPNAME, LEVEL): the filter decides both
expect_out '^DbgPrint: wpp-test: recorder filter ran 2 times$'
expect_out '^reports: 0 \(errors: 0\)$'

# Level CRITICAL: the recorder's FILTER says no (its message is ERROR).
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --trace 1 --driver ./drv.so
expect_rc 0
expect_no_out 'recorder RX_PATH'
expect_no_out 'grouped call'
expect_out '^DbgPrint: wpp-test: recorder filter ran 2 times$'

# VERBOSE, flag MP_TRACE (0x1) only: DEBUGP(MP_INFO) and DBG_INIT are off.
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --trace verbose:0x1 --driver ./drv.so
expect_rc 0
expect_out 'DriverEntry built with WPP'
expect_out 'RxTrace: 3 frames'
# FuncEntry (VERBOSE, MP_TRACE) has no MSG: its line is its prefix
expect_out '^WPP Rx\.c:[0-9]+: --> RxTrace depth 2$'
expect_no_out 'multi-line call'
expect_no_out 'mac 02:00'
expect_no_out 'verbose only'
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --trace verbose:0x4 --driver ./drv.so
expect_rc 0
expect_out 'verbose only'
expect_no_out 'DriverEntry built'

run "$PREFIX/bin/ndisdma" run --trace loud --driver ./drv.so
expect_rc 2
grep -q -- "--trace 'loud' expects LEVEL\[:FLAGS\]" "$ERR" || fail "no --trace usage error"

# The recorder's debugger entries have no reader here: a call does not compile.
printf '#include <ndis.h>\nvoid f(void) { WppRecorderDumpLiveDriverData(0, 0); }\n' > ifr.c
run "$CC" -fPIC $CFLAGS -c ifr.c -o ifr.o
[ "$RC" -ne 0 ] || fail "WppRecorderDumpLiveDriverData compiled"
grep -q "WppRecorderDumpLiveDriverData is not provided by ndisdma" "$ERR" ||
	fail "no clear error for WppRecorderDumpLiveDriverData"

# The same tree with the CMake package: ndisdma_add_miniport() runs the
# installed ndisdma-wpp with the project's settings, builds drv.so.
# A fresh copy of the tree: a .tmh beside a source would be found before
# the build tree's.
mkdir "$WORK/cmk" "$WORK/ctree" && cp "$SRC/tests/wpp/tree/"* "$SRC/samples/lifecycle/lifecycle.c" \
	"$WORK/ctree/" || fail "cannot copy the tree"
cat >"$WORK/cmk/CMakeLists.txt" <<CMK
cmake_minimum_required(VERSION 3.16)
project(wpptest C)
find_package(ndisdma REQUIRED)
set_source_files_properties($WORK/ctree/lifecycle.c PROPERTIES
  COMPILE_DEFINITIONS DriverEntry=LcDriverEntry)
ndisdma_add_miniport(drv
  SOURCES $WORK/ctree/Driver.c $WORK/ctree/Rx.c $WORK/ctree/lifecycle.c
  WPP_SCAN $WORK/ctree/Trace.h
  WPP_FUNC "DEBUGP(LEVEL,MSG,...)"
           "KdPrint{LEVEL=TRACE_LEVEL_ERROR,FLAGS=MP_TRACE}((MSG,...))"
           "RT_TRACE(COMPNAME,LEVEL,(MSG,...))"
  WPP_OPTIONS -p:wpptest)
CMK
run "$CMAKE" -S "$WORK/cmk" -B "$WORK/cmk/build" -DCMAKE_C_COMPILER="$CC" \
	-DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_C_FLAGS="-Wall -Werror"
expect_rc 0
run "$CMAKE" --build "$WORK/cmk/build"
expect_rc 0
[ -f "$WORK/cmk/build/drv.wpp/driver.tmh" ] || fail "ndisdma_add_miniport wrote no drv.wpp/driver.tmh"
[ -f "$WORK/cmk/build/drv.so" ] || fail "ndisdma_add_miniport built no drv.so"
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --trace 4 --driver "$WORK/cmk/build/drv.so"
expect_rc 0
expect_out '^WPP Driver\.c:[0-9]+: multi-line call ffffffff 123456789$'
expect_out '^WPP Rx\.c:[0-9]+: RxTrace: 3 frames at PASSIVE_LEVEL$'
expect_out '^WPP Driver\.c:[0-9]+: grouped call COMP_INIT TRACE_LEVEL_WARNING$'
expect_out '^reports: 0 \(errors: 0\)$'
# A source edit regenerates the .tmh before the object recompiles.
sleep 1
sed 's/%u frames/%u frames (rebuilt)/' "$WORK/ctree/Rx.c" >"$WORK/ctree/Rx.c.new" &&
	mv "$WORK/ctree/Rx.c.new" "$WORK/ctree/Rx.c" || fail "cannot edit Rx.c"
run "$CMAKE" --build "$WORK/cmk/build"
expect_rc 0
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --trace 4 --driver "$WORK/cmk/build/drv.so"
expect_rc 0
expect_out '^WPP Rx\.c:[0-9]+: RxTrace: 3 frames \(rebuilt\) at PASSIVE_LEVEL$'
# Misuse of the function is a configure error that says what is wrong.
mkdir "$WORK/cmkbad" || fail "mkdir"
cat >"$WORK/cmkbad/CMakeLists.txt" <<CMK
cmake_minimum_required(VERSION 3.16)
project(wppbad C)
find_package(ndisdma REQUIRED)
ndisdma_add_miniport(drv SOURCE $WORK/ctree/Driver.c)
CMK
run "$CMAKE" -S "$WORK/cmkbad" -B "$WORK/cmkbad/build" -DCMAKE_PREFIX_PATH="$PREFIX"
expect_rc 1
grep -q "unknown arguments" "$ERR" || fail "no ndisdma_add_miniport argument error"

# Wrong calls and configuration: each one an error naming its line; no .tmh written.
mkdir "$WORK/bad" && cp "$SRC/tests/wpp/bad/Bad.c" "$SRC/tests/wpp/bad/BadTrace.h" "$WORK/bad/" ||
	fail "cannot copy tests/wpp/bad"
run "$WPP" -km -scan:Trace.h -scan:"$WORK/bad/BadTrace.h" "-func:DEBUGP(LEVEL,MSG,...)" \
	-odir:"$WORK/bad" "$WORK/bad/Bad.c"
expect_rc 1
for want in \
	'BadTrace\.h:6: error: CUSTOM_TYPE\(NOENUM, ItemEnum\(NO_SUCH_ENUM\)\): no enum NO_SUCH_ENUM in the files ndisdma-wpp reads' \
	'BadTrace\.h:7: error: BADKIND: item type ItemFloat is not supported by ndisdma-wpp' \
	'BadTrace\.h:8: error: DEFINE_CPLX_TYPE\(IPV6X\): MOF type ItemIPV6Addr is not supported by ndisdma-wpp' \
	'BadTrace\.h:9: error: USESUFFIX: the text has 2 conversions, the statement gives 1 argument' \
	'BadTrace\.h:10: error: USEPREFIX names NoSuchFunc, which is no trace function' \
	'BadTrace\.h:3: error: CUSTOM_TYPE\(BADENUM, ItemEnum\(BAD_ENUM\)\): cannot compute the value of enumerator BadSize' \
	'BadTrace\.h:12: error: type PKTKIND is defined twice' \
	'Bad\.c:8: error: DEBUGP: the format has 2 conversions, the call passes 1 argument' \
	'Bad\.c:9: error: unknown format extension %!NOSUCHTYPE! \(a type of the driver.s own needs CUSTOM_TYPE, TYPEMACRO or DEFINE_CPLX_TYPE\)' \
	'Bad\.c:10: error: DEBUGP: MSG must be a string literal' \
	'Bad\.c:11: error: TraceEvents takes at least 3 arguments, the call passes 2' \
	'Bad\.c:12: error: the format numbers its arguments but names no %1!x!' \
	'Bad\.c:13: error: a format that numbers its arguments \(%1!d!\) cannot also take them in order' \
	'Bad\.c:14: error: %0!\.\.\.! names no argument \(-argbase: is 1\)' \
	"Bad\\.c:15: error: a numbered conversion cannot take a '\\*' width or precision" \
	'Bad\.c:16: error: unknown format extension %!IPV6X!' \
	"Bad\\.c:17: error: DEBUGP: the call's parentheses never close"; do
	grep -Eq -- "$want" "$ERR" || fail "ndisdma-wpp stderr lacks /$want/"
done
[ ! -f "$WORK/bad/bad.tmh" ] || fail "bad.tmh written despite errors"
# -argbase: moves the numbers: with 10, %10!d! is the first argument
run "$WPP" -km -scan:Trace.h "-func:DEBUGP(LEVEL,MSG,...)" -argbase:10 -odir:"$WORK/bad" \
	"$WORK/bad/Bad.c"
expect_rc 1
grep -Eq 'Bad\.c:12: error: %2!\.\.\.! names no argument \(-argbase: is 10\)' "$ERR" ||
	fail "-argbase:10 does not move the numbers"
run "$WPP" -argbase:0 Driver.c
expect_rc 2

# Options tracewpp has and ndisdma-wpp does not know are errors.
run "$WPP" -nosuchoption Driver.c
expect_rc 2
grep -q "unknown option: -nosuchoption" "$ERR" || fail "no unknown-option error"
run "$WPP" -noshrieks -scan:Trace.h Driver.c
expect_rc 2
echo "wpp_build: ok"
