/* fuzz_cover.h — the coverage counters of the loaded modules (clang's
 * inline 8-bit counters), for discarding what an input's fixed prologue
 * counted (fuzz_cover.c; docs/fuzzing.md "What the fuzzer counts"). */
#ifndef NDISDMA_FUZZ_COVER_H
#define NDISDMA_FUZZ_COVER_H

#include <stddef.h>
#include <stdint.h>

#define FZ_COVER_MODULES 16

struct fz_cover {
	struct {
		uint8_t *start;
		size_t size;
	} region[FZ_COVER_MODULES];
	unsigned count;   /* 0 in a build without coverage instrumentation */
};

/* The counters of every module loaded now (call after the driver is). */
void fz_cover_find(struct fz_cover *c);
/* Every counter back to zero, as the engine leaves them before an input. */
void fz_cover_discard(const struct fz_cover *c);
/* How many counters (edges) were found. */
size_t fz_cover_edges(const struct fz_cover *c);

#endif
