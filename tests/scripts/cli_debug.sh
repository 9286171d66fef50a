# cli_debug.sh NDISDMA LIBDIR WDK_INCLUDE DRIVER_SRC CC — a driver's debug
# output, assertions and bug checks through `ndisdma run` (issue 11;
# docs/debug.md, docs/msvc-c.md "Function names and empty __VA_ARGS__").
# tests/drivers_cli/debug_miniport.c is built as a user builds a miniport,
# -Wall -Wextra -Werror, by the build's compiler and by gcc and clang when
# they are installed, so both strategies are proven with both compilers:
# `__FUNCTION__ ": x"` prints the real (static) function name and a macro
# forwarding an empty __VA_ARGS__ compiles and prints.
. "$(dirname "$0")/cli_lib.sh"
NDISDMA=$1
LIBDIR=$2
INCLUDE=$3
SRC=$4
BUILD_CC=$5

build() {   # build OUT CC [-DVARIANT...]
	out=$1; cc=$2; shift 2
	run "$cc" -shared -fPIC -std=gnu11 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		-fshort-wchar -fno-strict-aliasing -I"$INCLUDE" "$@" "$SRC" -o "$out" \
		-L"$LIBDIR" -lndisdma -Wl,-rpath,"$LIBDIR"
	expect_rc 0
}

compilers=""
for cc in "$BUILD_CC" gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	case " $compilers " in *" $cc "*) ;; *) compilers="$compilers $cc" ;; esac
done

for cc in $compilers; do
	name=$(basename "$cc")
	drv="$WORK/dbg_$name.so"
	build "$drv" "$cc"

	# Everything the driver prints, one line each, MSVC format semantics.
	run "$NDISDMA" run --seed 1 --frames 0 --driver "$drv"
	expect_rc 0
	expect_out '^DbgPrint: ---> DbgInitializeEx$'
	expect_out '^DbgPrint: DbgInitializeEx: x=5$'
	expect_out '^DbgPrint: DbgInitializeEx registry .*Services.*, wide, ffffffff 123456789abcdef0$'
	expect_out '^DbgPrintEx IHVNETWORK ERROR: DbgHelper: error 0xC000009A$'
	expect_out '^DbgPrintEx IHVNETWORK TRACE: DbgHelper: trace 1234$'
	expect_out '^DbgPrint: strsafe: printf/0000000000000042$'
	expect_out '^DbgPrint: <--- DbgInitializeEx$'
	expect_out '^reports: 0 \(errors: 0\)$'

	# The filter: Windows' default (0x1) shows errors only; a component
	# mask adds that component's levels; --quiet has no log at all.
	run "$NDISDMA" run --seed 1 --frames 0 --dbgprint 0x1 --driver "$drv"
	expect_rc 0
	expect_out '^DbgPrintEx IHVNETWORK ERROR: '
	expect_no_out '^DbgPrint: '
	expect_no_out 'TRACE'
	run "$NDISDMA" run --seed 1 --frames 0 --dbgprint 0 --dbgprint IHVNETWORK=0x4 \
		--driver "$drv"
	expect_rc 0
	expect_out '^DbgPrintEx IHVNETWORK TRACE: '
	expect_no_out 'ERROR|^DbgPrint: '
	run "$NDISDMA" run --seed 1 --frames 0 --dbgprint DEFAULT=8 --dbgprint 0 --driver "$drv"
	expect_out '^DbgPrint: DbgInitializeEx: x=5$'
	expect_no_out 'IHVNETWORK'
	run "$NDISDMA" run --seed 1 --frames 0 --quiet --driver "$drv"
	expect_rc 0
	expect_no_out 'DbgPrint'
	run "$NDISDMA" run --seed 1 --frames 0 --dbgprint NOPE=1 --driver "$drv"
	expect_rc 2

	# A failed ASSERT: a report with expression and file:line, the driver
	# goes on, the run exits 1 (an error-level rule fired).
	build "$WORK/assert_$name.so" "$cc" -DDEBUG_ASSERT
	run "$NDISDMA" run --seed 1 --frames 0 --driver "$WORK/assert_$name.so"
	expect_rc 1
	expect_err 'error ASSERT-FAILED: assertion failed: ad->AdapterHandle == NULL at .*debug_miniport.c:[0-9]+'
	expect_out '^\*\*\* Assertion failed: ad->AdapterHandle == NULL \(Source File: .*debug_miniport.c, line [0-9]+\)$'
	expect_out '^DbgPrint: after the assertion$'
	expect_out '^MiniportHaltEx'

	# -DDBG=0: KdPrint and ASSERT are nothing (the expression is not evaluated).
	build "$WORK/free_$name.so" "$cc" -DDEBUG_ASSERT -DDBG=0
	run "$NDISDMA" run --seed 1 --frames 0 --driver "$WORK/free_$name.so"
	expect_rc 0
	expect_no_out 'registry|Assertion'
	expect_out '^DbgPrint: after the assertion$'

	# KeBugCheckEx: STOP line, BUGCHECK report in text, JSON lines and
	# SARIF, the summary, exit 7; nothing after it runs.
	build "$WORK/bugcheck_$name.so" "$cc" -DDEBUG_BUGCHECK
	run "$NDISDMA" run --seed 1 --frames 0 --report "$WORK/bc.sarif" \
		--json-reports "$WORK/bc.jsonl" --driver "$WORK/bugcheck_$name.so"
	expect_rc 7
	expect_err '^\*\*\* STOP: 0xE0000042 \(0x[0-9A-F]{16},0x0000000000000002,0x0000000000000003,0x0000000000000004\) at bugcheck_.*!DbgInitializeEx$'
	expect_err 'error BUGCHECK: KeBugCheckEx\(0xE0000042, '
	expect_err '^ndisdma run: the driver bug-checked'
	expect_out '^reports: 1 \(errors: 1\)$'
	expect_no_out 'MiniportRestart|MiniportHaltEx'
	grep -q '"ruleId": *"BUGCHECK"' "$WORK/bc.sarif" || fail "SARIF lacks BUGCHECK"
	grep -q '"rule":"BUGCHECK"' "$WORK/bc.jsonl" || fail "JSON lines lack BUGCHECK"
	run "$NDISDMA" run --seed 1 --frames 0 --json --driver "$WORK/bugcheck_$name.so"
	expect_rc 7
	expect_out '"exit": *7'
done
echo "cli_debug: built and ran with:$compilers"
