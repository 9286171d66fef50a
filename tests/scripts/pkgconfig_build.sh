# pkgconfig_build.sh CMAKE BUILD_DIR LIFECYCLE_C CC [CXX_MINIPORT CXX] — what
# a user does after `make install PREFIX=...` (issue 3): install the build
# tree into a fresh prefix, build the lifecycle sample as a .so with exactly
#   cc -shared -fPIC $(pkg-config --cflags --libs ndisdma) lifecycle.c -o drv.so
# run it under the installed `ndisdma run --driver`, then the same through
# find_package(ndisdma) in a CMake project.  With CXX_MINIPORT (a C++
# miniport, tests/conformance/conf_cxx.cpp) and CXX, the C++ line of the
# README and a C++ target of the CMake project too.
. "$(dirname "$0")/cli_lib.sh"
CMAKE=$1
BUILD=$2
SOURCE=$3
CC=$4
CXX_SOURCE=${5:-}
CXX=${6:-}
PREFIX="$WORK/prefix"

run "$CMAKE" --install "$BUILD" --prefix "$PREFIX"
expect_rc 0
[ -x "$PREFIX/bin/ndisdma" ] || fail "no bin/ndisdma installed"
[ -f "$PREFIX/include/ndisdma/wdk/ndis.h" ] || fail "no include/ndisdma/wdk/ndis.h installed"
[ -f "$PREFIX/include/ndisdma/ndisdma.h" ] || fail "no include/ndisdma/ndisdma.h installed"

# GNUInstallDirs chose lib or lib/<multiarch>: ask the install.
pc=$(find "$PREFIX" -name ndisdma.pc | head -n 1)
[ -n "$pc" ] || fail "no ndisdma.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
run pkg-config --cflags --libs ndisdma
expect_rc 0
expect_out "-I$PREFIX/include/ndisdma/wdk( |$)"
expect_out "-lndisdma( |$)"

# A user's tree: the driver source alone, nothing from ndisdma's source tree.
mkdir "$WORK/user" && cp "$SOURCE" "$WORK/user/lifecycle.c" || fail "cannot copy $SOURCE"
cd "$WORK/user" || fail "cd"
run "$CC" -shared -fPIC $(pkg-config --cflags --libs ndisdma) lifecycle.c -o drv.so
expect_rc 0
[ -f drv.so ] || fail "drv.so not built"

run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --driver ./drv.so
expect_rc 0
expect_out 'DriverEntry'
expect_out 'ScatterGatherListSize +424 bytes'
expect_out '^reports: 0 \(errors: 0\)$'
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --dma-bits 32 --driver ./drv.so
expect_rc 0
expect_out 'address limit +0x00000000ffffffff \(32-bit\)'
expect_out '^reports: 0 \(errors: 0\)$'

# The C++ line of the README: a C++ miniport from its own directory.
if [ -n "$CXX_SOURCE" ]; then
	mkdir "$WORK/cxx" && cp "$CXX_SOURCE" "$WORK/cxx/drv.cpp" &&
		cp "$(dirname "$CXX_SOURCE")/conf_check.h" "$WORK/cxx/" ||
		fail "cannot copy $CXX_SOURCE"
	cd "$WORK/cxx" || fail "cd"
	run "$CXX" -std=c++17 -fno-exceptions -fno-rtti -shared -fPIC \
		$(pkg-config --cflags ndisdma) drv.cpp -o drv.so $(pkg-config --libs ndisdma)
	expect_rc 0
	run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --driver ./drv.so
	expect_rc 0
	expect_out 'DriverEntry'
	expect_out '^reports: 0 \(errors: 0\)$'
fi

# find_package(ndisdma) -> ndisdma::ndisdma, for C and (with CXX) C++
mkdir "$WORK/fp" && cp "$WORK/user/lifecycle.c" "$WORK/fp/" ||
	fail "cannot set up the CMake project"
languages=C
[ -z "$CXX_SOURCE" ] || { languages="C CXX"; cp "$WORK/cxx/drv.cpp" "$WORK/cxx/conf_check.h" "$WORK/fp/"; }
cat >"$WORK/fp/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(user_miniport $languages)
find_package(ndisdma REQUIRED)
add_library(drv MODULE lifecycle.c)
target_link_libraries(drv PRIVATE ndisdma::ndisdma)
set_target_properties(drv PROPERTIES PREFIX "")
if(CMAKE_CXX_COMPILER)
  add_library(drvcxx MODULE drv.cpp)
  target_compile_options(drvcxx PRIVATE -std=c++17 -fno-exceptions -fno-rtti)
  target_link_libraries(drvcxx PRIVATE ndisdma::ndisdma)
  set_target_properties(drvcxx PROPERTIES PREFIX "")
endif()
CMAKE
cxx_compiler=""
[ -z "$CXX" ] || cxx_compiler="-DCMAKE_CXX_COMPILER=$CXX"
run "$CMAKE" -S "$WORK/fp" -B "$WORK/fp/build" -DCMAKE_PREFIX_PATH="$PREFIX" \
	-DCMAKE_C_COMPILER="$CC" $cxx_compiler -Wno-dev
expect_rc 0
run "$CMAKE" --build "$WORK/fp/build"
expect_rc 0
run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --driver "$WORK/fp/build/drv.so"
expect_rc 0
expect_out '^reports: 0 \(errors: 0\)$'
if [ -n "$CXX_SOURCE" ]; then
	run "$PREFIX/bin/ndisdma" run --seed 7 --frames 0 --driver "$WORK/fp/build/drvcxx.so"
	expect_rc 0
	expect_out '^reports: 0 \(errors: 0\)$'
fi
echo "pkgconfig_build: ok"
