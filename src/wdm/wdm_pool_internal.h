/* wdm_pool_internal.h — the pool table's own state, shared by the files of
 * src/wdm that implement wdm_pool.h (ex_pool_table.c, ex_pool_leak.c,
 * ex_lookaside.c, ex_lookaside_registry.c).  Nothing outside src/wdm
 * includes it.
 */
#ifndef NDISDMA_WDM_POOL_INTERNAL_H
#define NDISDMA_WDM_POOL_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "wdm/wdm_pool.h"

/* One live lookaside list: where its head is, who initialized it. */
struct lookaside_rec {
	struct lookaside_rec *next;
	void *head;
	size_t head_size;
	ULONG tag;
	const void *site;
	const void *module;               /* wdm_code_module(site) */
	uint64_t serial;
};

struct wdm_pool {
	pthread_mutex_t lock;             /* everything below */
	struct pool_block **buckets;      /* live and freed records by address */
	size_t nbuckets, entries;
	struct pool_block *oldest, *newest;  /* freed records, oldest first */
	size_t tombstones;
	/* records of forgotten blocks, reused by the next allocations (chained
	 * by hnext): a machine's record count stops growing once its
	 * tombstone ring is full, and with kernel_config.pool_prefill the
	 * ring's records exist from the start (fuzz_device: an input then
	 * allocates exactly what it frees, docs/fuzzing.md) */
	struct pool_block *spare;
	uint64_t serial;                  /* allocations and lists, in order */
	struct lookaside_rec *lookasides;
	atomic_size_t lookaside_count;    /* read without the lock by frees */
};

/* The machine's table, created on first use (NULL when out of memory). */
struct wdm_pool *pool_state(struct kernel *k);
/* Frees the table, its spare records and p (not the hashed records). */
void pool_state_free(struct wdm_pool *p);
const char *pool_family_api(enum pool_family f);

/* ex_lookaside_registry.c: lists whose head lies in [va, va + len) are
 * reported (LOOKASIDE-LEAK: their memory is being freed while they are
 * live) and reclaimed. */
void lookaside_freed_range(struct kernel *k, const void *va, size_t len,
			   const void *free_site);
/* ex_lookaside_registry.c: LOOKASIDE-LEAK for each list of `module` (all
 * lists when module is NULL and `all`), reclaimed; the number of reports. */
size_t lookaside_leaks(struct kernel *k, const void *module, bool all,
		       const char *when);
/* ex_lookaside.c: gives a leaked list's cached entries back (entries from
 * pool only: a driver's own Free callback is not called after its driver
 * stopped using the list) and invalidates the head.  The number of entries. */
size_t lookaside_reclaim(struct kernel *k, void *head);

#endif
