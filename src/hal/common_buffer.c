/* common_buffer.c — memory the CPU and the device share (spec §7): whole
 * pages, page-aligned, physically contiguous and entirely below the
 * adapter's address limit (below 4 GiB on a 32-bit channel).  Each block is
 * an internal allocation ("shm.block": fault injection point, counted in
 * the kernel's allocation counters so a leak shows at baseline).
 */
#include "hal/hal.h"

#include "platform/platform.h"
#include "verifier/verifier.h"

/* spec §7, §10 full: one unmapped guard page on each side of every block
 * (the mapping tracker knows the block, not its guards, so a device access
 * there is DMA-OVERRUN).  The level is fixed for the machine's life, so
 * alloc and free agree. */
size_t hal_common_buffer_guard(const struct kernel *k)
{
	return k->dma_track && vf_enabled(k->verifier, VF_LEVEL_FULL) ?
	       PLATFORM_PAGE_SIZE : 0;
}

static size_t whole_pages(size_t bytes)
{
	return (size_t)hal_bytes_to_pages(bytes) * PAGE_SIZE;
}

void *hal_common_buffer_alloc(struct kernel *k, const struct hal_constraints *c,
			      size_t bytes, uint64_t *pa)
{
	size_t guard = hal_common_buffer_guard(k);
	char *va;

	*pa = 0;
	if (!bytes || kernel_fault(k, "shm.block"))
		return NULL;
	va = platform_alloc_contiguous(k->platform, whole_pages(bytes) + 2 * guard,
				       c->address_limit, pa);
	if (!va)
		return NULL;
	kernel_count(&k->stats.allocations, 1);
	*pa += guard;
	return va + guard;
}

void hal_common_buffer_free(struct kernel *k, void *va, size_t bytes)
{
	size_t guard = hal_common_buffer_guard(k);

	if (!va)
		return;
	platform_free_contiguous(k->platform, (char *)va - guard,
				 whole_pages(bytes) + 2 * guard);
	kernel_count(&k->stats.frees, 1);
}
