/* sg_records.c — the out-of-band records of a channel's SG lists, and
 * ndisdma's own list storage (spec §5).
 *
 * Records live in a table sized at registration; free slots form a
 * lock-free stack (one CAS, ABA-tagged).  To find the record of a
 * NET_BUFFER quickly, the record's address is left in NB->NdisReserved[0]
 * (NDIS's own field): a hint only, always checked against the record
 * (in this table, live, same NB), so a driver scribbling on it can cost a
 * slow scan but never a wrong answer.
 */
#include "ndis/sg_list_internal.h"

#include <errno.h>
#include <string.h>

/* ---- the slot stack ---------------------------------------------------- */

int sg_records_init(struct sg_lists *l, uint32_t nrecs)
{
	l->recs = kernel_zalloc(l->k, sizeof(*l->recs) * nrecs, "sg.records");
	if (!l->recs)
		return -ENOMEM;
	l->nrecs = nrecs;
	for (uint32_t i = 0; i < nrecs; i++)
		atomic_init(&l->recs[i].next_free,
			    i + 1 < nrecs ? i + 1 : SG_RECORD_NIL);
	atomic_init(&l->free_top, 0);
	return 0;
}

void sg_records_fini(struct sg_lists *l)
{
	kernel_free(l->k, l->recs);
	l->recs = NULL;
}

struct sg_record *sg_record_take(struct sg_lists *l)
{
	uint64_t top = atomic_load_explicit(&l->free_top, memory_order_acquire);
	uint64_t next;
	uint32_t i;

	do {
		i = (uint32_t)top;
		if (i == SG_RECORD_NIL)
			return NULL;
		next = (top >> 32) + 1;
		next = next << 32 |
		       atomic_load_explicit(&l->recs[i].next_free,
					    memory_order_relaxed);
	} while (!atomic_compare_exchange_weak_explicit(
		&l->free_top, &top, next, memory_order_acq_rel,
		memory_order_acquire));
	atomic_store_explicit(&l->recs[i].state, SG_REC_BUSY,
			      memory_order_relaxed);
	return &l->recs[i];
}

void sg_record_put(struct sg_lists *l, struct sg_record *r)
{
	uint32_t i = (uint32_t)(r - l->recs);
	uint64_t top = atomic_load_explicit(&l->free_top, memory_order_relaxed);
	uint64_t next;

	atomic_store_explicit(&r->nb, NULL, memory_order_relaxed);
	atomic_store_explicit(&r->list, NULL, memory_order_relaxed);
	atomic_store_explicit(&r->state, SG_REC_FREE, memory_order_release);
	do {
		atomic_store_explicit(&r->next_free, (uint32_t)top,
				      memory_order_relaxed);
		next = ((top >> 32) + 1) << 32 | i;
	} while (!atomic_compare_exchange_weak_explicit(
		&l->free_top, &top, next, memory_order_acq_rel,
		memory_order_relaxed));
}

/* ---- NB -> record ------------------------------------------------------ */

static struct sg_record *record_at(struct sg_lists *l, uintptr_t p)
{
	uintptr_t base = (uintptr_t)l->recs;

	if (p < base || p >= base + sizeof(*l->recs) * l->nrecs ||
	    (p - base) % sizeof(*l->recs))
		return NULL;
	return (struct sg_record *)p;
}

struct sg_record *sg_record_of_nb(struct sg_lists *l, PNET_BUFFER nb)
{
	struct sg_record *r = record_at(l, (uintptr_t)nb->NdisReserved[0]);
	uint32_t st;

	if (!r || atomic_load_explicit(&r->nb, memory_order_acquire) != nb)
		return NULL;
	st = atomic_load_explicit(&r->state, memory_order_acquire);
	return st == SG_REC_FREE ? NULL : r;
}

void sg_record_hint(struct sg_lists *l, struct sg_record *r, PNET_BUFFER nb)
{
	nb->NdisReserved[0] = r;
}

void sg_record_unhint(struct sg_lists *l, struct sg_record *r, PNET_BUFFER nb)
{
	if (nb->NdisReserved[0] == r)
		nb->NdisReserved[0] = NULL;
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

void sg_freed_remember(struct sg_lists *l, PSCATTER_GATHER_LIST list,
		       PNET_BUFFER nb)
{
	/* a hint ring for SGL-DOUBLE-FREE: a racing free may overwrite a slot,
	 * which costs a report its precise name, never a wrong one; no locked
	 * instruction per packet (issue 7) */
	uint32_t n = atomic_load_explicit(&l->freed_next, memory_order_relaxed);
	uint32_t i = n % SG_FREED_RING;

	atomic_store_explicit(&l->freed_next, n + 1, memory_order_relaxed);

	atomic_store_explicit(&l->freed[i].list, list, memory_order_relaxed);
	atomic_store_explicit(&l->freed[i].nb, nb, memory_order_relaxed);
}

bool sg_freed_recently(struct sg_lists *l, PSCATTER_GATHER_LIST list)
{
	for (uint32_t i = 0; i < SG_FREED_RING; i++)
		if (atomic_load_explicit(&l->freed[i].list,
					 memory_order_relaxed) == list)
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
