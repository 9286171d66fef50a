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
	l->storage_elements = sg_list_room(size);
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
