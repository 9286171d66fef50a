# vhub_install.sh CMAKE BUILD_DIR SOURCE_DIR CC — the vhub sample built from
# its unmodified source tree as a user builds it against an installed
# ndisdma (samples/vhub/README.md): `cmake --install` into a fresh prefix,
# the installed ndisdma-wpp with the custom trace function given only on
# its command line, `cc` with pkg-config, then the installed `ndisdma run`
# with 2 adapters and hub traffic, and with --trace; then the same tree with
# the installed CMake package (find_package(ndisdma), ndisdma_add_miniport
# with WPP_SCAN and WPP_FUNC).
. "$(dirname "$0")/cli_lib.sh"
CMAKE=$1
BUILD=$2
SRC=$3
CC=$4
PREFIX="$WORK/prefix"

run "$CMAKE" --install "$BUILD" --prefix "$PREFIX"
expect_rc 0
pc=$(find "$PREFIX" -name ndisdma.pc | head -n 1)
[ -n "$pc" ] || fail "no ndisdma.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH

mkdir "$WORK/vhub" && cp "$SRC/samples/vhub/"*.c "$SRC/samples/vhub/"*.h "$WORK/vhub/" ||
	fail "cannot copy samples/vhub"
# -odir: is made by the tool (README recipe: no mkdir first)
cd "$WORK/vhub" || fail "cd"
run "$PREFIX/bin/ndisdma-wpp" -km -scan:trace.h '-func:VHUB_TRACE(LEVEL,FLAGS,MSG,...)' \
	-odir:gen *.c
expect_rc 0
for t in Driver adapter config Oid send recv; do
	[ -f "gen/$t.tmh" ] || fail "no gen/$t.tmh (named as the source includes it)"
done
# shellcheck disable=SC2046
run "$CC" -Wall -Werror -shared -fPIC -Igen $(pkg-config --cflags ndisdma) *.c -o vhub.so \
	$(pkg-config --libs ndisdma)
expect_rc 0

run "$PREFIX/bin/ndisdma" run --seed 8 --driver ./vhub.so --device none --adapters 2 \
	--traffic hub --frames 2000 --trace information
expect_rc 0
expect_out '^frames: 2000 sent, 2000 completed \(0 failed\), 2000 of 2000 deliveries received and checked, 0 lost, 0 duplicates, 0 misdelivered, 0 other$'
expect_out '^WPP adapter\.c:[0-9]+: vhub1: permanent address 02:56:48:[0-9a-f:]{8}, current address 02:56:48:'
expect_out '^reports: 0 \(errors: 0\)$'
expect_out '^pools: back at baseline$'

# find_package(ndisdma) + ndisdma_add_miniport(), on a fresh copy (a .tmh
# beside the sources would be found before the build tree's)
mkdir "$WORK/cmk" "$WORK/ctree" && cp "$SRC/samples/vhub/"*.c "$SRC/samples/vhub/"*.h \
	"$WORK/ctree/" || fail "cannot copy samples/vhub"
cat >"$WORK/ctree/CMakeLists.txt" <<'CMK'
cmake_minimum_required(VERSION 3.16)
project(vhub C)
find_package(ndisdma REQUIRED)
ndisdma_add_miniport(vhub
  SOURCES driver.c adapter.c config.c oid.c send.c recv.c
  WPP_SCAN trace.h
  WPP_FUNC "VHUB_TRACE(LEVEL,FLAGS,MSG,...)")
CMK
run "$CMAKE" -S "$WORK/ctree" -B "$WORK/cmk" -DCMAKE_C_COMPILER="$CC" \
	-DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_C_FLAGS="-Wall -Werror"
expect_rc 0
run "$CMAKE" --build "$WORK/cmk"
expect_rc 0
[ -f "$WORK/cmk/vhub.wpp/Oid.tmh" ] || fail "ndisdma_add_miniport wrote no vhub.wpp/Oid.tmh"
run "$PREFIX/bin/ndisdma" run --seed 8 --driver "$WORK/cmk/vhub.so" --device none --adapters 4 \
	--traffic hub --frames 2000 --trace information:0x4
expect_rc 0
expect_out '^frames: 2000 sent, 2000 completed \(0 failed\), ([0-9]+) of \1 deliveries received and checked, 0 lost, 0 duplicates, 0 misdelivered, 0 other$'
expect_out '^WPP oid\.c:[0-9]+: vhub4: packet filter 0x0000000b$'
expect_no_out '^WPP adapter'
expect_out '^reports: 0 \(errors: 0\)$'
echo "vhub_install: ok"
