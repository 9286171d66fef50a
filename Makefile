# ndisdma — the two set-up commands are `make run` and `make test`.
#   make run        build, then run `ndisdma run` (sim platform, no root)
#   make test       the whole suite: normal, ASan+UBSan and TSan builds, and
#                   the fuzz tests of the two libFuzzer builds (clang)
#   make test-long  the long runs the suite only samples (release build)
#   make install PREFIX=/usr/local
#   make bench      release build, ndisdma bench, docs/benchmarks.md + chart
#   make fuzz       clang: the fuzz targets and ndisdma with libFuzzer,
#                   ASan and UBSan in build/fuzz (docs/fuzzing.md)
#   make fuzz-fast  the same with libFuzzer's coverage alone, no sanitizer,
#                   in build/fuzz-fast: executions per second
#   make fuzz-long  each fuzz target for FUZZ_TIME seconds (default 3600),
#                   then a table of execs/s, coverage and findings
#                   (FUZZ_BUILD=fuzz-fast: the build without sanitizers)
# CC=clang make test builds with clang.

CC ?= cc
PREFIX ?= /usr/local
CCNAME := $(notdir $(firstword $(CC)))
BUILD := build/$(CCNAME)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS := -DCMAKE_C_COMPILER=$(firstword $(CC)) -Wno-dev
CTEST_FLAGS := --output-on-failure -j $(JOBS)
# New build trees use Ninja (scripts/install-deps.sh installs ninja-build):
# over ~600 small targets, Unix Makefiles spent a fifth to a quarter of a
# build's CPU time in make and cmake processes of its own.  Only the
# configure step sees it: a tree keeps the generator it was made with, and
# the suite's user-style CMake builds keep CMake's default.
CONFIGURE := CMAKE_GENERATOR=Ninja cmake
# `make test` builds the sanitizer trees at nice 10 (see test below);
# otherwise a build runs at the caller's priority.
BUILD_NICE ?=
# build_tree DIR NAME [CMAKE-BUILD-ARGS]: build DIR quietly; on failure
# show its output (Ninja prints the compiler's errors on stdout), and say
# how long it took.
define build_tree
	@t0=$$(date +%s); $(BUILD_NICE) cmake --build $(1) -j $(JOBS) $(3) >$(1)/build.log 2>&1 || \
		{ cat $(1)/build.log; echo "== build FAILED: $(2)" >&2; exit 1; }; \
		echo "== built: $(2) in $$(( $$(date +%s) - t0 )) s"
endef

.PHONY: all deps deps-test build build-asan build-tsan run test test-all test-normal test-asan test-tsan test-fuzz test-long install clean bench fuzz fuzz-fast fuzz-long

all: build

deps:
	@CC="$(CC)" scripts/install-deps.sh

# The suite also reads captures back with tshark, parses SARIF with python3
# and pings through a TAP interface (iproute2, iputils-ping; as root).
deps-test: deps
	@CC="$(CC)" scripts/install-deps.sh tshark python3 iproute2 iputils-ping

$(BUILD)/release/CMakeCache.txt:
	@$(CONFIGURE) -S . -B $(BUILD)/release -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/release/CMakeCache.txt
	$(call build_tree,$(BUILD)/release,normal build ($(CCNAME)))

build-asan: deps
	@$(CONFIGURE) -S . -B $(BUILD)/asan -DCMAKE_BUILD_TYPE=Debug -DNDISDMA_SANITIZE=address $(CMAKE_FLAGS) >/dev/null
	$(call build_tree,$(BUILD)/asan,ASan+UBSan build ($(CCNAME)))

build-tsan: deps
	@$(CONFIGURE) -S . -B $(BUILD)/tsan -DCMAKE_BUILD_TYPE=Debug -DNDISDMA_SANITIZE=thread $(CMAKE_FLAGS) >/dev/null
	$(call build_tree,$(BUILD)/tsan,TSan build ($(CCNAME)))

run: build
	$(BUILD)/release/ndisdma run $(ARGS)

test-normal: build deps-test
	@echo "== test: normal build ($(CCNAME))"
	@ctest --test-dir $(BUILD)/release $(CTEST_FLAGS) -LE long

test-asan: build-asan deps-test
	@echo "== test: ASan+UBSan build ($(CCNAME))"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(BUILD)/asan $(CTEST_FLAGS) -LE "no-sanitizer|long"

test-tsan: build-tsan deps-test
	@echo "== test: TSan build ($(CCNAME))"
	@TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp \
		ctest --test-dir $(BUILD)/tsan $(CTEST_FLAGS) -LE "no-sanitizer|no-tsan|long"

# The three builds' tests run one after another, each at -j $(JOBS) as
# before.  The sanitizer trees are built one after the other at nice 10
# from the start: beside the normal build's serial steps (configure, the
# library before what links it) and beside the tests, which leave the
# cores idle a good part of the time (short processes, shell scripts,
# pings, waits on child processes); niced, a build takes what the others
# leave and little of what they use.  make -j2 on the chain below: at most
# two recipes at once, one of them a niced build.
test:
	@$(MAKE) --no-print-directory -j2 TEST_ALL=1 test-all
	@echo "== all test builds passed ($(CCNAME))"

# The libFuzzer builds (clang, docs/fuzzing.md): each target over its
# corpus, test_fuzz_fresh, and cli_fuzz's one-second `ndisdma fuzz` run.
FUZZ_TESTS := fuzz_|cli_fuzz|test_fuzz
test-fuzz: fuzz fuzz-fast
	@echo "== test: libFuzzer builds (clang): ASan+UBSan, then no sanitizer"
	@ctest --test-dir build/fuzz $(CTEST_FLAGS) -R "$(FUZZ_TESTS)"
	@ctest --test-dir build/fuzz-fast $(CTEST_FLAGS) -R "$(FUZZ_TESTS)"

test-all: test-normal test-asan test-tsan test-fuzz
ifeq ($(TEST_ALL),1)
build-asan build-tsan fuzz fuzz-fast: BUILD_NICE = nice -n 10
build-tsan: build-asan
fuzz: build-tsan
fuzz-fast: fuzz
test-asan: test-normal
test-tsan: test-asan
test-fuzz: test-tsan
endif

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
FUZZ_TARGETS := fuzz_device fuzz_sg_build fuzz_sg_description ndisdma_tool virtio_net \
	lifecycle test_fuzz_fresh
# fuzz_tree DIR SANITIZE NAME: configure a libFuzzer tree (always clang)
# and build its targets (build_tree).
define fuzz_tree
	@CC=clang scripts/install-deps.sh
	@cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
		-DNDISDMA_SANITIZE=$(2) -Wno-dev >/dev/null
	$(call build_tree,$(1),$(3),--target $(FUZZ_TARGETS))
endef
fuzz:
	$(call fuzz_tree,build/fuzz,fuzzer,libFuzzer + ASan+UBSan build (clang))
	@echo "fuzz targets: build/fuzz/tests/fuzz_{device,sg_build,sg_description}; build/fuzz/ndisdma fuzz"

# The same targets with libFuzzer's coverage alone, no sanitizer: several
# times the executions per second; a finding is replayed in build/fuzz for
# the sanitizers' diagnosis (docs/fuzzing.md "Two builds").
fuzz-fast:
	$(call fuzz_tree,build/fuzz-fast,fuzzer-fast,libFuzzer build without sanitizers (clang))
	@echo "fuzz targets (no sanitizer): build/fuzz-fast/tests/fuzz_{device,sg_build,sg_description}; build/fuzz-fast/ndisdma fuzz"

# The long runs (docs/fuzzing.md "Long runs"): FUZZ_TIME seconds per
# target, one after another (FUZZ_PARALLEL=1: at once), FUZZ_SEED to replay;
# FUZZ_BUILD=fuzz-fast runs the build without sanitizers.
FUZZ_TIME ?= 3600
FUZZ_BUILD ?= fuzz
fuzz-long: $(FUZZ_BUILD)
	@scripts/fuzz-long.sh build/$(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_LONG_TARGETS)

install: build
	cmake --install $(BUILD)/release --prefix $(PREFIX)

clean:
	rm -rf build
