/* common_buffer.c — memory the CPU and the device share (spec §7): whole
 * pages, page-aligned, physically contiguous and entirely below the
 * adapter's address limit (below 4 GiB on a 32-bit channel).  Each block is
 * an internal allocation ("shm.block": fault injection point, counted in
 * the kernel's allocation counters so a leak shows at baseline).
 */
#include "hal/hal.h"

#include "platform/platform.h"

void *hal_common_buffer_alloc(struct kernel *k, const struct hal_constraints *c,
			      size_t bytes, uint64_t *pa)
{
	void *va;

	*pa = 0;
	if (!bytes || kernel_fault(k, "shm.block"))
		return NULL;
	va = platform_alloc_contiguous(k->platform, bytes, c->address_limit, pa);
	if (va)
		kernel_count(&k->stats.allocations, 1);
	return va;
}

void hal_common_buffer_free(struct kernel *k, void *va, size_t bytes)
{
	if (!va)
		return;
	platform_free_contiguous(k->platform, va, bytes);
	kernel_count(&k->stats.frees, 1);
}
