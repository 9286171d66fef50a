/* fuzz_target.c — LLVMFuzzerTestOneInput for one ndisdma fuzz target
 * (compiled once per target with -DFUZZ_TARGET=NDISDMA_FUZZ_...; see
 * tests/fuzz.cmake and docs/fuzzing.md).  The libFuzzer convention: an
 * input that is a finding aborts, so the engine records it as a crash.
 *
 * Environment: NDISDMA_FUZZ_DRIVER=PATH.so runs the device target against
 * that miniport instead of the built-in virtio-net sample;
 * NDISDMA_FUZZ_NARRATE=1 narrates each input on stderr.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ndisdma/fuzz.h"

int32_t ndisdma_builtin_virtio_net(void *driver_object, void *registry_path);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ndisdma_fuzz *fuzz;

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
/* AddressSanitizer's defaults for these binaries (ASAN_OPTIONS still
 * overrides them): a 64 MiB quarantine instead of 256 MiB.  A device
 * input frees about 150 KiB, so freed memory stays poisoned for the
 * input that freed it and hundreds after it (a use after free within an
 * input, or of an earlier adapter's memory, is still a report), while
 * the heap an input touches stays warm: with 256 MiB every input ran on
 * memory the kernel had to fault in again (docs/fuzzing.md "Fresh state
 * per input").  Linked with a fuzzing engine, also 8 frames, not 30, of
 * each malloc's and free's stack: every one of an input's ~85
 * allocations and frees unwinds and hashes its stack, ~5 % of an empty
 * device input; a report's own stack is whole either way, only its
 * "allocated by"/"freed by" stacks are shorter (triage replays with
 * ASAN_OPTIONS=malloc_context_size=30, docs/fuzzing.md "Triaging a
 * finding"; the replay binary keeps 30). */
const char *__asan_default_options(void);
__attribute__((used, visibility("default"))) const char *__asan_default_options(void)
{
#ifdef NDISDMA_FUZZ_ENGINE_LINKED
	return "quarantine_size_mb=64:malloc_context_size=8";
#else
	return "quarantine_size_mb=64";
#endif
}
#endif

static void close_fuzz(void)
{
	ndisdma_fuzz_close(fuzz);
	fuzz = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ndisdma_fuzz_config c = { .target = FUZZ_TARGET, .seed = 1,
					 .builtin_name = "virtio_net",
					 .builtin_entry = ndisdma_builtin_virtio_net };
	const char *narrate = getenv("NDISDMA_FUZZ_NARRATE");
	char err[512];

	(void)argc, (void)argv;
	c.driver = getenv("NDISDMA_FUZZ_DRIVER");
	if (narrate && *narrate && *narrate != '0')
		c.narrate = stderr;
	if (ndisdma_fuzz_open(&c, &fuzz, err, sizeof(err))) {
		fprintf(stderr, "fuzz_%s: %s\n", ndisdma_fuzz_target_name(FUZZ_TARGET), err);
		exit(2);
	}
	atexit(close_fuzz);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ndisdma_fuzz_one(fuzz, data, size)) {
		fprintf(stderr, "==ndisdma fuzz_%s== FINDING: %s\n",
			ndisdma_fuzz_target_name(FUZZ_TARGET), ndisdma_fuzz_finding(fuzz));
		fflush(stderr);
		abort();
	}
	return 0;
}
