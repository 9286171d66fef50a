# wdk_headers_rtl.sh WDK_INCLUDE CC — the issue 11 headers each compile
# alone, as the first include of a translation unit, in C (gnu11 and c11)
# and C++17, with -Wall -Wextra -Werror and the miniport flags, by the
# build's compiler and by gcc/g++ and clang/clang++ when installed; and in
# C with DBG=0, NDISDMA_NO_FUNCTION_MARKER and the NTSTRSAFE_NO_* switches.
. "$(dirname "$0")/cli_lib.sh"
INCLUDE=$1
BUILD_CC=$2
HEADERS="ntstrsafe.h ntintsafe.h ntstatus.h ntdef.h wdm.h ntddk.h ndis.h"
FLAGS="-fsyntax-only -Wall -Wextra -Werror -fshort-wchar -fno-strict-aliasing"

compile() {   # compile COMPILER LANG STD HEADER [DEFINES...]
	comp=$1; lang=$2; std=$3; header=$4; shift 4
	printf '#include <%s>\nint ndisdma_header_check;\n' "$header" >"$WORK/tu.$lang"
	run "$comp" $FLAGS -std="$std" -I"$INCLUDE" "$@" "$WORK/tu.$lang"
	[ "$RC" -eq 0 ] || fail "$header does not compile alone ($comp -std=$std $*)"
}

checked=""
for cc in "$BUILD_CC" gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	case "$(basename "$cc")" in
	clang*) cxx=clang++ ;;
	*) cxx=g++ ;;
	esac
	for h in $HEADERS; do
		compile "$cc" c gnu11 "$h"
		compile "$cc" c c11 "$h"
		command -v "$cxx" >/dev/null 2>&1 && compile "$cxx" cpp c++17 "$h"
	done
	compile "$cc" c gnu11 wdm.h -DDBG=0 -DNDISDMA_NO_FUNCTION_MARKER
	compile "$cc" c gnu11 ntstrsafe.h -DNTSTRSAFE_NO_CB_FUNCTIONS \
		-DNTSTRSAFE_NO_CCH_FUNCTIONS -DNTSTRSAFE_NO_UNICODE_STRING_FUNCTIONS
	checked="$checked $cc"
done
echo "wdk_headers_rtl: $HEADERS compile alone with:$checked"
