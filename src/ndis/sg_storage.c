/* sg_storage.c — ndisdma's own list storage (spec §5: "if
 * ScatterGatherListBuffer is NULL or too small, NDIS allocates storage
 * itself"): a pool of blocks sized at registration for a maximal list
 * (ScatterGatherListSize), taken under the channel's lock on the checked
 * path only, and the heap for a list larger than a block (a chain of many
 * small MDLs).  The fast path never gets here: it builds into the caller's
 * buffer.
 */
#include "ndis/sg_list_internal.h"

#include <errno.h>

/* Blocks hold a maximal list (ScatterGatherListSize) up to
 * SG_STORAGE_BLOCK_MAX (about 2,700 elements; a larger list comes from
 * the heap at its exact size), and each block is made the first time
 * the pool runs dry: a channel whose MaximumPhysicalMapping is 4 GiB
 * (24 MiB lists) does not reserve 100 MiB at registration, and a
 * registration costs the same whatever the limit.
 *
 * A block holds at least SG_STORAGE_BLOCK_MIN_ELEMENTS: the lists that
 * come here are mostly those that did not fit the miniport's own
 * ScatterGatherListSize buffer (a chain of many MDLs, spec §5), so a
 * block of exactly that size would send every one of them to the heap. */
int sg_storage_init(struct sg_lists *l, ULONG sg_list_size)
{
	uint32_t size = sg_list_size < sg_list_bytes(SG_STORAGE_BLOCK_MIN_ELEMENTS) ?
			(uint32_t)sg_list_bytes(SG_STORAGE_BLOCK_MIN_ELEMENTS) : sg_list_size;
	uint32_t n;

	if (size > SG_STORAGE_BLOCK_MAX)
		size = SG_STORAGE_BLOCK_MAX;
	size = (size + 15u) & ~15u;
	n = SG_STORAGE_POOL_BYTES / size;
	if (n > SG_STORAGE_POOL_BLOCKS)
		n = SG_STORAGE_POOL_BLOCKS;
	if (n < 4)
		n = 4;
	l->storage_block = size;
	l->storage_elements = sg_list_room(size);
	l->storage_blocks = kernel_zalloc(l->k, sizeof(void *) * n, "sg.storage");
	l->storage_free = kernel_alloc(l->k, sizeof(void *) * n, "sg.storage");
	if (!l->storage_blocks || !l->storage_free) {
		sg_storage_fini(l);
		return -ENOMEM;
	}
	l->storage_total = n;
	l->storage_nfree = l->storage_made = 0;
	return 0;
}

void sg_storage_fini(struct sg_lists *l)
{
	for (uint32_t i = 0; l->storage_blocks && i < l->storage_made; i++)
		kernel_free(l->k, l->storage_blocks[i]);
	kernel_free(l->k, l->storage_free);
	kernel_free(l->k, l->storage_blocks);
	l->storage_free = NULL;
	l->storage_blocks = NULL;
	l->storage_total = l->storage_nfree = l->storage_made = 0;
}

/* A free pool block, or a new one while the pool has room (NULL: none;
 * a block that could not be made leaves its slot empty for good). */
static void *pool_take(struct sg_lists *l)
{
	void *p = NULL;
	uint32_t slot = UINT32_MAX;

	klock_acquire(&l->lock);
	if (l->storage_nfree)
		p = l->storage_free[--l->storage_nfree];
	else if (l->storage_made < l->storage_total)
		slot = l->storage_made++;
	klock_release(&l->lock);
	if (slot != UINT32_MAX)
		p = l->storage_blocks[slot] = kernel_alloc(l->k, l->storage_block, "sg.storage");
	return p;
}

bool sg_storage_take(struct sg_lists *l, struct sg_record *r, uint32_t elements)
{
	void *p = NULL;

	if (elements <= l->storage_elements) {
		/* every list that needs ndisdma's storage is an allocation
		 * point (--fault), a pool block or not: NDIS's own storage can
		 * run out and the miniport's RESOURCES path must be reachable */
		if (kernel_fault(l->k, "sg.storage"))
			return false;
		p = pool_take(l);
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
