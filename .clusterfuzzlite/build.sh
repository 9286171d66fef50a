#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script for ndisdma's fuzz targets
# (docs/fuzzing.md "Scaling out").  The infrastructure's base-builder image
# sets CC, CFLAGS (sanitizer and coverage flags), LIB_FUZZING_ENGINE, SRC
# and OUT; this builds fuzz_device, fuzz_sg_build and fuzz_sg_description
# statically linked, and puts each one's seed corpus and dictionary beside
# it as the infrastructure expects (<target>_seed_corpus.zip,
# <target>.dict).  Build dependencies (Debian names): cmake, pkg-config,
# libcmocka-dev, libpcap-dev (scripts/install-deps.sh installs them).
#
# Locally, without the infrastructure:
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=$PWD/.. OUT=/tmp/out \
#   .clusterfuzzlite/build.sh
ROOT="${SRC:-$(cd "$(dirname "$0")/.." && pwd)}"
[ -f "$ROOT/CMakeLists.txt" ] || ROOT="$ROOT/ndisdma"
BUILD="${WORK:-/tmp}/ndisdma-cfl"

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
  -DNDISDMA_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -Wno-dev
cmake --build "$BUILD" -j"$(nproc)" \
  --target fuzz_device fuzz_sg_build fuzz_sg_description

for t in device sg_build sg_description; do
  cp "$BUILD/tests/fuzz_$t" "$OUT/"
  cp "$ROOT/tests/fuzz/$t/$t.dict" "$OUT/fuzz_$t.dict"
  (cd "$ROOT/tests/fuzz/$t/corpus" && zip -q -j "$OUT/fuzz_${t}_seed_corpus.zip" ./*)
done
