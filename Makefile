# ndisdma — the two set-up commands are `make run` and `make test`.
#   make run        build, then run `ndisdma run` (sim platform, no root)
#   make test       the whole suite: normal, ASan+UBSan and TSan builds
#   make test-long  the long runs the suite only samples (release build)
#   make install PREFIX=/usr/local
#   make bench      release build, ndisdma bench, docs/benchmarks.md + chart
#   make fuzz       clang: the fuzz targets and ndisdma with libFuzzer,
#                   ASan and UBSan in build/fuzz (docs/fuzzing.md)
#   make fuzz-long  each fuzz target for FUZZ_TIME seconds (default 3600),
#                   then a table of execs/s, coverage and findings
# CC=clang make test builds with clang.

CC ?= cc
PREFIX ?= /usr/local
CCNAME := $(notdir $(firstword $(CC)))
BUILD := build/$(CCNAME)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS := -DCMAKE_C_COMPILER=$(firstword $(CC)) -Wno-dev
CTEST_FLAGS := --output-on-failure -j $(JOBS)

.PHONY: all deps deps-test build run test test-normal test-asan test-tsan test-long install clean bench fuzz fuzz-long

all: build

deps:
	@CC="$(CC)" scripts/install-deps.sh

# The suite also reads captures back with tshark, parses SARIF with python3
# and pings through a TAP interface (iproute2, iputils-ping; as root).
deps-test:
	@CC="$(CC)" scripts/install-deps.sh tshark python3 iproute2 iputils-ping

$(BUILD)/release/CMakeCache.txt:
	@cmake -S . -B $(BUILD)/release -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/release/CMakeCache.txt
	@cmake --build $(BUILD)/release -j $(JOBS) >/dev/null

run: build
	$(BUILD)/release/ndisdma run $(ARGS)

test-normal: build deps-test
	@echo "== test: normal build ($(CCNAME))"
	@ctest --test-dir $(BUILD)/release $(CTEST_FLAGS) -LE long

test-asan: deps deps-test
	@echo "== test: ASan+UBSan build ($(CCNAME))"
	@cmake -S . -B $(BUILD)/asan -DCMAKE_BUILD_TYPE=Debug -DNDISDMA_SANITIZE=address $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/asan -j $(JOBS) >/dev/null
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(BUILD)/asan $(CTEST_FLAGS) -LE "no-sanitizer|long"

test-tsan: deps deps-test
	@echo "== test: TSan build ($(CCNAME))"
	@cmake -S . -B $(BUILD)/tsan -DCMAKE_BUILD_TYPE=Debug -DNDISDMA_SANITIZE=thread $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/tsan -j $(JOBS) >/dev/null
	@TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp \
		ctest --test-dir $(BUILD)/tsan $(CTEST_FLAGS) -LE "no-sanitizer|no-tsan|long"

test: test-normal test-asan test-tsan
	@echo "== all test builds passed ($(CCNAME))"

# Long runs the suite only samples: every allocation point failed once
# through the CLI (cli_faults_full; cli_faults is the smoke in `make test`).
test-long: build deps-test
	@echo "== test: long runs ($(CCNAME))"
	@ctest --test-dir $(BUILD)/release $(CTEST_FLAGS) -L long

# issue 7: measure on this machine, rewrite docs/benchmarks.md and its chart
bench: build
	@CC="$(CC)" scripts/install-deps.sh python3 valgrind
	@scripts/bench.sh $(BUILD)/release

# issue 13: libFuzzer's coverage on every object, ASan+UBSan; always clang
# (libFuzzer is clang's).  build/fuzz/tests/fuzz_<target> are libFuzzer
# binaries; build/fuzz/ndisdma fuzz runs them in process.
FUZZ_TARGETS := fuzz_device fuzz_sg_build fuzz_sg_description ndisdma_tool virtio_net
fuzz:
	@CC=clang scripts/install-deps.sh
	@cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
		-DNDISDMA_SANITIZE=fuzzer -Wno-dev >/dev/null
	@cmake --build build/fuzz -j $(JOBS) --target $(FUZZ_TARGETS) >/dev/null
	@echo "fuzz targets: build/fuzz/tests/fuzz_{device,sg_build,sg_description}; build/fuzz/ndisdma fuzz"

# The long runs (docs/fuzzing.md "Long runs"): FUZZ_TIME seconds per
# target, one after another (FUZZ_PARALLEL=1: at once), FUZZ_SEED to replay.
FUZZ_TIME ?= 3600
fuzz-long: fuzz
	@scripts/fuzz-long.sh build/fuzz $(FUZZ_TIME) $(FUZZ_LONG_TARGETS)

install: build
	cmake --install $(BUILD)/release --prefix $(PREFIX)

clean:
	rm -rf build
