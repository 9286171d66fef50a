/* shm_set.h — the live shared-memory blocks of one SG DMA channel, kept
 * out of band (spec §7, §8), and its pending async allocations.
 * shm_set.c: records, exact-match free, teardown.
 * shm_async.c: NdisMAllocateSharedMemoryAsyncEx requests.
 * Private to src/ndis.
 */
#ifndef NDISDMA_SHM_SET_H
#define NDISDMA_SHM_SET_H

#include <pthread.h>

#include "ndis/sg_dma.h"

struct shm_block {
	struct shm_block *prev, *next;
	void *va;
	uint64_t pa;
	ULONG length;
	BOOLEAN cached;
	const void *site;        /* the miniport call that allocated it */
};

/* Freed blocks remembered to tell a double free from a wild one. */
#define SHM_FREED_HISTORY 64

struct shm_async;

struct shm_set {
	struct sg_channel *ch;
	pthread_mutex_t lock;    /* guards everything below */
	pthread_cond_t idle;     /* a running async request finished */
	struct shm_block live;   /* list head */
	uint64_t count;
	uint64_t bytes;
	struct shm_block freed[SHM_FREED_HISTORY];
	unsigned freed_next;
	struct shm_async *pending;   /* queued or running async requests */
	bool closing;                /* teardown started: no new blocks */
};

/* A new block of length bytes for the channel, recorded; NULL on failure
 * (zero length, fault injected, no frames below the device's limit). */
struct shm_block *shm_block_alloc(struct sg_channel *ch, ULONG length,
				  BOOLEAN cached, const void *site);

enum shm_take {
	SHM_TAKE_OK,         /* *taken is unlinked: release it */
	SHM_TAKE_MISMATCH,   /* live block, other arguments differ: *seen, *why */
	SHM_TAKE_FREED,      /* already freed: *seen is the old record */
	SHM_TAKE_UNKNOWN,    /* never handed out by this channel */
};

/* Find the block a free names and unlink it when every argument matches
 * the allocation exactly (spec §7). */
enum shm_take shm_block_take(struct sg_channel *ch, const struct shm_block *req,
			     struct shm_block **taken, struct shm_block *seen,
			     const char **why);
/* Return a taken block's memory and record; remembered as freed. */
void shm_block_release(struct sg_channel *ch, struct shm_block *b);

/* shm_verify.c: full verifier level only (spec §10), after the real
 * operation: the block (and its guard pages) in the mapping tracker. */
void shm_vf_mapped(struct sg_channel *ch, const struct shm_block *b);
void shm_vf_unmapped(struct sg_channel *ch, const struct shm_block *b);

/* shm_async.c */
NDIS_STATUS shm_async_submit(struct sg_channel *ch, ULONG length,
			     BOOLEAN cached, PVOID context, const void *site);
/* Teardown: requests not started are completed now with a NULL VA (each
 * ends exactly once); running ones are waited for.  Called with the set
 * closing, at PASSIVE_LEVEL, without the lock. */
void shm_async_drain(struct shm_set *s);

#endif
