/* fuzz_cover.h — the coverage counters of the loaded modules (clang's
 * inline 8-bit counters), for dropping from an execution's counts the
 * edges only its fixed prologue reached (fuzz_cover.c; docs/fuzzing.md
 * "What the fuzzer counts"). */
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
	uint8_t *mark;    /* every region's counters at fz_cover_mark */
};

/* The counters of every module loaded now (call after the driver is).
 * 0, or -ENOMEM (then nothing is ever dropped). */
int fz_cover_find(struct fz_cover *c);
void fz_cover_free(struct fz_cover *c);
/* Notes every counter as it is now (the prologue's counts). */
void fz_cover_mark(const struct fz_cover *c);
/* Zeroes every counter that has not moved since fz_cover_mark: an edge
 * nothing after the mark reached.  The others keep their whole count. */
void fz_cover_drop_unmoved(const struct fz_cover *c);

#endif
