# wdk_headers.sh WDK_DIR "CFLAGS" CC CLANG CXX CLANGXX
# Every header a driver includes (include/wdk/*.h but the internal
# ndisdma_wdk_*.h pieces) compiles alone, as the first and only include of
# a translation unit, in C (gnu11) and C++ (C++17), with gcc, clang, g++
# and clang++, with the miniport flags (CFLAGS) and -Wall -Wextra -Werror;
# in C also without -mms-bitfields (every asserted layout holds both
# ways).  A header defines no external symbol: an object that includes it
# and uses nothing has no global definitions (a non-static inline function
# in a WDK header would be one copy per driver file: ndisdma_wdk_msvc.h).
# <pshpackN.h> is tested with its <poppack.h>.  Then strict C11 and the
# documented switches (below).  The headers of issue 11's list that do not
# exist yet are named, not failed.
. "$(dirname "$0")/cli_lib.sh"
WDK=$1
CFLAGS=$2
GCC=$3
CLANG=$4
GXX=$5
CLANGXX=$6

for tool in "$GCC" "$CLANG" "$GXX" "$CLANGXX"; do
	command -v "$tool" >/dev/null 2>&1 ||
		fail "compiler '$tool' not found (make deps installs gcc, g++ and clang)"
done
SYSV_CFLAGS=$(printf '%s' "$CFLAGS" | sed 's/-mms-bitfields//')
WARN="-Wall -Wextra -Werror"

missing=""
for h in ndis.h ntddk.h wdm.h ntdef.h ntstatus.h ntstrsafe.h ntintsafe.h initguid.h \
	acpiioct.h ntddndis.h wdmguid.h; do
	[ -f "$WDK/$h" ] || missing="$missing $h"
done
[ -z "$missing" ] || echo "wdk_headers: not provided yet:$missing"

count=0
for path in "$WDK"/*.h; do
	h=$(basename "$path")
	case $h in
	ndisdma_wdk_*) continue ;;
	poppack.h) continue ;;
	pshpack*) body="#include <$h>
struct packed_probe { char c; int i; };
#include <poppack.h>" ;;
	*) body="#include <$h>" ;;
	esac
	printf '%s\n' "$body" >"$WORK/tu.c"
	cp "$WORK/tu.c" "$WORK/tu.cpp"
	for variant in "gcc|$GCC -std=gnu11 $CFLAGS|tu.c" \
		"gcc-sysv-bitfields|$GCC -std=gnu11 $SYSV_CFLAGS|tu.c" \
		"clang|$CLANG -std=gnu11 $CFLAGS|tu.c" \
		"g++|$GXX -std=c++17 $CFLAGS|tu.cpp" \
		"clang++|$CLANGXX -std=c++17 $CFLAGS|tu.cpp"; do
		name=${variant%%|*}
		rest=${variant#*|}
		cc=${rest%|*}
		tu=${rest##*|}
		# shellcheck disable=SC2086
		run $cc $WARN -I"$WDK" -c "$WORK/$tu" -o "$WORK/tu.o"
		[ "$RC" -eq 0 ] || fail "$h alone does not compile with $name"
		run nm -g --defined-only "$WORK/tu.o"
		[ "$RC" -eq 0 ] || fail "nm failed on $h ($name)"
		[ ! -s "$OUT" ] || fail "$h defines external symbols ($name): $(tr '\n' ' ' <"$OUT")"
		count=$((count + 1))
	done
done
[ "$count" -gt 0 ] || fail "no headers found in $WDK"

# ISO C11 without GNU extensions, and the switches a driver may define
# before the include: DBG=0 (no KdPrint, ASSERT), NDISDMA_NO_FUNCTION_MARKER
# (docs/msvc-c.md), the NTSTRSAFE_NO_* families.
syntax() {   # syntax COMPILER STD HEADER [DEFINES...]
	comp=$1; std=$2; header=$3; shift 3
	printf '#include <%s>\n' "$header" >"$WORK/tu.c"
	# shellcheck disable=SC2086
	run "$comp" -std="$std" $CFLAGS $WARN -I"$WDK" -fsyntax-only "$@" "$WORK/tu.c"
	[ "$RC" -eq 0 ] || fail "$header alone does not compile with $comp -std=$std $*"
	count=$((count + 1))
}
for cc in "$GCC" "$CLANG"; do
	for h in ntstrsafe.h ntintsafe.h ntstatus.h ntdef.h wdm.h ntddk.h ndis.h; do
		syntax "$cc" c11 "$h"
	done
	syntax "$cc" gnu11 wdm.h -DDBG=0 -DNDISDMA_NO_FUNCTION_MARKER
	syntax "$cc" gnu11 ntstrsafe.h -DNTSTRSAFE_NO_CB_FUNCTIONS \
		-DNTSTRSAFE_NO_CCH_FUNCTIONS -DNTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS
done
echo "wdk_headers: $count compilations ok"
