# msvc_build.sh MODE MSVC_DIR WDK_DIR "CFLAGS" "LIBS" CC CLANG CXX CLANGXX
# MSVC-flavoured driver C built as a user builds a miniport: the WDK
# headers and exactly the pkg-config flags (CFLAGS, LIBS), with gcc, clang,
# g++ and clang++ (plus clang -fms-compatibility for C), at -O0 and -O2.
#   constructs  tests/msvc/constructs.c, compiled and run (its own checks)
#   inline      tests/msvc/inline_{a,b,main}.c: non-static inline functions
#               in a header included by three files link (as an executable
#               and as a shared object) and run
# docs/msvc-c.md is the contract; each compiler that is missing fails the
# test (scripts/install-deps.sh installs them).
. "$(dirname "$0")/cli_lib.sh"
MODE=$1
SRC=$2
WDK=$3
CFLAGS=$4
LIBS=$5
GCC=$6
CLANG=$7
GXX=$8
CLANGXX=$9

for tool in "$GCC" "$CLANG" "$GXX" "$CLANGXX"; do
	command -v "$tool" >/dev/null 2>&1 ||
		fail "compiler '$tool' not found (make deps installs gcc, g++ and clang)"
done

WARN="-Wall -Wextra -Werror"
# name|compiler and language options
VARIANTS="gcc|$GCC -std=gnu11
clang|$CLANG -std=gnu11
clang-ms-compat|$CLANG -std=gnu11 -fms-compatibility
g++|$GXX -std=c++17 -fno-exceptions -fno-rtti -x c++
clang++|$CLANGXX -std=c++17 -fno-exceptions -fno-rtti -x c++"

# build NAME OPT COMPILER... -- one compile/link, failing with its output
build() {
	what=$1; shift
	# shellcheck disable=SC2086
	run "$@"
	[ "$RC" -eq 0 ] || fail "$what: build failed"
}

constructs() {
	name=$1 opt=$2 cc=$3
	exe="$WORK/constructs-$name$opt"
	# shellcheck disable=SC2086
	build "constructs $name $opt" $cc $opt $WARN $CFLAGS -I"$WDK" \
		"$SRC/constructs.c" -o "$exe"
	run "$exe"
	[ "$RC" -eq 0 ] || fail "constructs $name $opt: checks failed"
	expect_out '^constructs: ok$'
}

inline_link() {
	name=$1 opt=$2 cc=$3
	dir="$WORK/inline-$name$opt"
	mkdir -p "$dir" || fail "mkdir"
	for f in inline_a inline_b inline_main; do
		# shellcheck disable=SC2086
		build "inline $name $opt $f.c" $cc $opt -fPIC $WARN $CFLAGS -I"$WDK" \
			-c "$SRC/$f.c" -o "$dir/$f.o"
	done
	# the language options end at -x: link the objects as objects
	link=$(printf '%s' "$cc" | sed 's/ -x c++$//')
	# shellcheck disable=SC2086
	build "inline $name $opt: executable" $link "$dir/inline_a.o" "$dir/inline_b.o" \
		"$dir/inline_main.o" $LIBS -o "$dir/exe"
	run "$dir/exe"
	[ "$RC" -eq 0 ] || fail "inline $name $opt: executable gave wrong results"
	expect_out '^inline: ok'
	# as a miniport is built: a shared object of several files
	# shellcheck disable=SC2086
	build "inline $name $opt: shared object" $link -shared "$dir/inline_a.o" \
		"$dir/inline_b.o" $LIBS -o "$dir/libinl.so"
	# shellcheck disable=SC2086
	build "inline $name $opt: linked against it" $link "$dir/inline_main.o" \
		"$dir/libinl.so" -Wl,-rpath,"$dir" -o "$dir/exe2"
	run "$dir/exe2"
	[ "$RC" -eq 0 ] || fail "inline $name $opt: shared object gave wrong results"
	expect_out '^inline: ok'
}

printf '%s\n' "$VARIANTS" | while IFS='|' read -r name cc; do
	for opt in -O0 -O2; do
		case $MODE in
		constructs) constructs "$name" "$opt" "$cc" ;;
		inline) inline_link "$name" "$opt" "$cc" ;;
		*) fail "unknown mode $MODE" ;;
		esac
		echo "msvc $MODE $name $opt: ok"
	done
done || exit 1
echo "msvc_build $MODE: ok"
