/* nbgen.h — random NET_BUFFERs for the SG list property and concurrency
 * tests, built only through the public NDIS API a miniport uses
 * (NdisAllocateMdl, NdisAllocateNetBufferPool, NdisAllocateNetBuffer), so
 * the tests prove the engine from the outside.
 *
 * Data lives in one page-aligned arena per generator.  nbgen_init builds
 * MDLs over the whole arena once, so every page gets its frame (spec §3,
 * §11) in a fixed order before any case runs: a case's physical layout
 * then depends only on the seed of the machine, and any single case can be
 * replayed on its own.
 */
#ifndef NDISDMA_TEST_NBGEN_H
#define NDISDMA_TEST_NBGEN_H

#include <ndis.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NBGEN_MAX_MDLS 32

/* splitmix64: deterministic, no shared state. */
struct nbgen_rng {
	uint64_t s;
};

uint64_t nbgen_next(struct nbgen_rng *r);
/* Uniform in [0, bound); bound 0 gives 0. */
uint64_t nbgen_below(struct nbgen_rng *r, uint64_t bound);
/* Uniform in [lo, hi]. */
uint64_t nbgen_range(struct nbgen_rng *r, uint64_t lo, uint64_t hi);
/* The seed of case `index` under `master` (a one-way mix of both). */
uint64_t nbgen_case_seed(uint64_t master, uint64_t index);

#define NBGEN_MAX_HOT 4

struct nbgen {
	NDIS_HANDLE adapter;        /* owner of MDLs and the NB pool */
	NDIS_HANDLE pool;           /* NET_BUFFER pool */
	uint8_t *arena;
	size_t arena_bytes;
	/* Arena offsets of pages whose frame starts at 4 GiB while the page
	 * before ends there: the one place a merge would cross the boundary
	 * (spec §5).  A quarter of the NET_BUFFERs are placed across one. */
	size_t hot[NBGEN_MAX_HOT];
	unsigned nhot;
};

struct nbgen_shape {
	uint32_t max_mdls;          /* 1..NBGEN_MAX_MDLS */
	uint32_t max_mdl_bytes;     /* ByteCount limit of one MDL */
	uint32_t max_data_length;   /* DataLength limit (MaximumPhysicalMapping) */
};

struct nbgen_nb {
	PNET_BUFFER nb;
	PMDL mdl[NBGEN_MAX_MDLS];   /* the chain, mdl[0] is MdlChain */
	uint32_t nmdl;
	ULONG data_offset;          /* what NdisAllocateNetBuffer was given */
	ULONG data_length;
	uint64_t map_bytes;         /* CurrentMdlOffset + DataLength */
	bool hot;                   /* placed across a 4 GiB boundary */
};

/* PASSIVE_LEVEL.  0, or -1 when the arena, an MDL or the pool could not be
 * allocated (nothing left behind). */
int nbgen_init(struct nbgen *g, NDIS_HANDLE adapter, size_t arena_bytes);
void nbgen_fini(struct nbgen *g);

/* A random NET_BUFFER drawn from rng.  Returns NULL on success, or the
 * reason it could not be built (an API call failed, or the NET_BUFFER the
 * API produced is inconsistent: see nbgen_check); then nothing is left
 * allocated. */
const char *nbgen_make(struct nbgen *g, struct nbgen_rng *rng,
		       const struct nbgen_shape *shape, struct nbgen_nb *out);
void nbgen_free(struct nbgen *g, struct nbgen_nb *n);

/* NULL, or why the NET_BUFFER's fields disagree with the chain it was
 * built from: MdlChain, DataOffset, DataLength, and DataOffset equal to
 * the bytes before CurrentMdl plus CurrentMdlOffset (spec §3). */
const char *nbgen_check(const struct nbgen_nb *n);

/* Fills every byte of every MDL of the chain from `seed`. */
void nbgen_fill(const struct nbgen_nb *n, uint64_t seed);

/* Copies the first `bytes` bytes starting at byte 0 of `first` along
 * MDL->Next into out (the bytes an SG list of the NET_BUFFER covers,
 * spec §5).  Returns the number copied (less when the chain is short). */
uint64_t nbgen_gather(const MDL *first, uint64_t bytes, uint8_t *out);

#endif
