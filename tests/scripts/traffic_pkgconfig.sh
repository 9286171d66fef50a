# traffic_pkgconfig.sh CMAKE BUILD_DIR SAMPLE_DIR CC — a user's miniport
# moving the same traffic: install into a fresh prefix, build the
# virtio_net sample as drv.so with exactly
#   cc -shared -fPIC $(pkg-config --cflags --libs ndisdma) *.c -o drv.so
# (its sources alone, nothing else from ndisdma's tree) and run it under the
# installed `ndisdma run --driver`, 64- and 32-bit, every payload checked.
. "$(dirname "$0")/cli_lib.sh"
CMAKE=$1
BUILD=$2
SAMPLE=$3
CC=$4
PREFIX="$WORK/prefix"

run "$CMAKE" --install "$BUILD" --prefix "$PREFIX"
expect_rc 0
pc=$(find "$PREFIX" -name ndisdma.pc | head -n 1)
[ -n "$pc" ] || fail "no ndisdma.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
mkdir "$WORK/user" && cp "$SAMPLE"/*.c "$SAMPLE"/*.h "$WORK/user/" || fail "cannot copy $SAMPLE"
cd "$WORK/user" || fail "cd"
run "$CC" -shared -fPIC -Wall -Wextra -Werror -Wno-unused-parameter \
	$(pkg-config --cflags --libs ndisdma) *.c -o drv.so
expect_rc 0
for bits in 64 32; do
	run "$PREFIX/bin/ndisdma" run --seed 13 --frames 20000 --dma-bits $bits \
		--layout mixed --driver ./drv.so
	expect_rc 0
	expect_out '^frames: 20000 sent, 20000 completed \(0 failed\), 20000 received and checked, 0 lost'
	expect_out '^payload mismatches: 0$'
	expect_out '^reports: 0 \(errors: 0\)$'
	expect_out '^pools: back at baseline$'
done
echo "traffic_pkgconfig: ok"
