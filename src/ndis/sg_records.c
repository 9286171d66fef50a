/* sg_records.c — the out-of-band records of a channel's SG lists, and
 * ndisdma's own list storage (spec §5).
 *
 * Records live in a table sized at registration (a power of two).  A
 * request claims a FREE record with one CAS, starting at the NB's home
 * slot (sg_record_claim, sg_list_internal.h): no shared free stack, so two
 * threads mapping their own NBs never write the same line.  The
 * record's address is left in NB->NdisReserved[0] as a hint, always
 * checked against the record.  Counters per list are kept in the records
 * by their owner and summed here on read.
 */
#include "ndis/sg_list_internal.h"

#include <errno.h>
#include <string.h>

/* ---- the table --------------------------------------------------------- */

int sg_records_init(struct sg_lists *l, uint32_t nrecs)
{
	/* zeroed: every record FREE */
	l->recs = kernel_zalloc(l->k, sizeof(*l->recs) * nrecs, "sg.records");
	l->sums = kernel_zalloc(l->k, sizeof(*l->sums) * nrecs, "sg.records");
	if (!l->recs || !l->sums) {
		sg_records_fini(l);
		return -ENOMEM;
	}
	l->nrecs = nrecs;
	return 0;
}

void sg_records_fini(struct sg_lists *l)
{
	kernel_free(l->k, l->sums);
	kernel_free(l->k, l->recs);
	l->sums = NULL;
	l->recs = NULL;
}

/* The home slot was taken: probe the table from there. */
struct sg_record *sg_record_claim_scan(struct sg_lists *l, PNET_BUFFER nb)
{
	uint32_t mask = l->nrecs - 1, home = sg_record_home(l, nb);

	for (uint32_t i = 1; i < l->nrecs; i++) {
		struct sg_record *r = &l->recs[(home + i) & mask];
		uint32_t expect = SG_REC_FREE;

		if (atomic_load_explicit(&r->state, memory_order_relaxed) ==
			    SG_REC_FREE &&
		    atomic_compare_exchange_strong_explicit(
			    &r->state, &expect, SG_REC_BUSY, memory_order_acquire,
			    memory_order_relaxed))
			return r;
	}
	return NULL;
}

uint64_t sg_records_live(struct sg_lists *l)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < l->nrecs; i++)
		n += atomic_load_explicit(&l->recs[i].state, memory_order_relaxed) ==
		     SG_REC_LIVE;
	return n;
}

struct sg_record *sg_record_find_list(struct sg_lists *l,
				      PSCATTER_GATHER_LIST list)
{
	for (uint32_t i = 0; i < l->nrecs; i++) {
		struct sg_record *r = &l->recs[i];

		if (atomic_load_explicit(&r->state, memory_order_acquire) ==
			    SG_REC_LIVE &&
		    atomic_load_explicit(&r->list, memory_order_relaxed) == list)
			return r;
	}
	return NULL;
}

/* Each record remembers the last list freed from it (set at free): a
 * racing reuse can cost a report its precise name, never a wrong one. */
bool sg_freed_recently(struct sg_lists *l, PSCATTER_GATHER_LIST list)
{
	for (uint32_t i = 0; i < l->nrecs; i++)
		if (atomic_load_explicit(&l->recs[i].freed, memory_order_relaxed) ==
		    list)
			return true;
	return false;
}

/* ---- ndisdma's own storage (spec §5: NULL or too-small caller buffer) -- */

int sg_storage_init(struct sg_lists *l, ULONG sg_list_size)
{
	uint32_t size = sg_list_size < sg_list_bytes(1) ?
			(uint32_t)sg_list_bytes(1) : sg_list_size;
	uint32_t n = SG_STORAGE_POOL_BYTES / size;

	size = (size + 15u) & ~15u;
	if (n > SG_STORAGE_POOL_BLOCKS)
		n = SG_STORAGE_POOL_BLOCKS;
	if (n < 4)
		n = 4;
	l->storage_block = size;
	l->storage_elements = (size - SG_LIST_HEADER_BYTES) / SG_ELEMENT_BYTES;
	l->storage_mem = kernel_alloc(l->k, (size_t)size * n, "sg.storage");
	l->storage_free = kernel_alloc(l->k, sizeof(void *) * n, "sg.storage");
	if (!l->storage_mem || !l->storage_free) {
		sg_storage_fini(l);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++)
		l->storage_free[i] = l->storage_mem + (size_t)i * size;
	l->storage_total = l->storage_nfree = n;
	return 0;
}

void sg_storage_fini(struct sg_lists *l)
{
	kernel_free(l->k, l->storage_free);
	kernel_free(l->k, l->storage_mem);
	l->storage_free = NULL;
	l->storage_mem = NULL;
	l->storage_total = l->storage_nfree = 0;
}

bool sg_storage_take(struct sg_lists *l, struct sg_record *r, uint32_t elements)
{
	void *p = NULL;

	if (elements <= l->storage_elements) {
		klock_acquire(&l->lock);
		if (l->storage_nfree)
			p = l->storage_free[--l->storage_nfree];
		klock_release(&l->lock);
	}
	if (p) {
		r->storage_kind = SG_STORAGE_POOL;
		atomic_fetch_add_explicit(&l->storage_pool_used, 1,
					  memory_order_relaxed);
	} else {
		p = kernel_alloc(l->k, sg_list_bytes(elements), "sg.storage");
		if (!p)
			return false;
		r->storage_kind = SG_STORAGE_HEAP;
		atomic_fetch_add_explicit(&l->storage_heap_used, 1,
					  memory_order_relaxed);
	}
	r->storage = p;
	return true;
}

void sg_storage_put(struct sg_lists *l, struct sg_record *r)
{
	if (r->storage_kind == SG_STORAGE_POOL) {
		klock_acquire(&l->lock);
		l->storage_free[l->storage_nfree++] = r->storage;
		klock_release(&l->lock);
	} else if (r->storage_kind == SG_STORAGE_HEAP) {
		kernel_free(l->k, r->storage);
	}
	r->storage = NULL;
	r->storage_kind = SG_STORAGE_CALLER;
}

uint64_t sg_list_checksum(const SCATTER_GATHER_LIST *list, uint32_t elements)
{
	const unsigned char *p = (const unsigned char *)list;
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */

	for (uint64_t i = 0; i < sg_list_bytes(elements); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* sg_record_at validates a hint with a bound and a mask. */
_Static_assert(sizeof(struct sg_record) == 128, "sg_record is 128 bytes");
