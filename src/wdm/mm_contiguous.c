/* mm_contiguous.c — physically contiguous memory (facts §2.3) from the
 * machine's platform (src/platform/contiguous.c), and the platform side of
 * MmGetPhysicalAddress.
 *
 * A block is a pool-table record of its own family (POOL_CONTIGUOUS), so
 * MmFreeContiguousMemory takes only the exact base MmAllocateContiguous*
 * returned (else POOL-FREE-BAD), ExFreePool refuses it, and one still
 * allocated when its driver unloads is a POOL-LEAK.
 */
#include "wdm/wdm_pool.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "platform/platform.h"

static PVOID contiguous(SIZE_T bytes, uint64_t low, uint64_t highest, uint64_t boundary,
			MEMORY_CACHING_TYPE cache, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct platform_range r = { low, highest == UINT64_MAX ? UINT64_MAX : highest + 1,
				    boundary };
	struct pool_request rq = { 0 };
	uint64_t pa;
	void *va;

	if (!k || !wdm_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NULL;
	if (!bytes || bytes > POOL_MAX_BYTES || cache < MmNonCached ||
	    cache >= MmMaximumCacheType || kernel_fault(k, "mm.contiguous"))
		return NULL;
	va = platform_alloc_contiguous_range(k->platform, bytes, &r, &pa);
	if (!va)
		return NULL;
	/* uninitialized on Windows; a fixed pattern here (determinism) */
	memset(va, POOL_FILL, bytes);
	rq.size = bytes;
	rq.family = POOL_CONTIGUOUS;
	rq.site = site;
	if (!pool_record(k, va, &rq)) {
		platform_free_contiguous(k->platform, va, bytes);
		return NULL;
	}
	kernel_trace(k, "  %s: %zu bytes at PA 0x%llx", api, (size_t)bytes,
		     (unsigned long long)pa);
	return va;
}

PVOID MmAllocateContiguousMemorySpecifyCache(SIZE_T NumberOfBytes,
					     PHYSICAL_ADDRESS LowestAcceptableAddress,
					     PHYSICAL_ADDRESS HighestAcceptableAddress,
					     PHYSICAL_ADDRESS BoundaryAddressMultiple,
					     MEMORY_CACHING_TYPE CacheType)
{
	return contiguous(NumberOfBytes, (uint64_t)LowestAcceptableAddress.QuadPart,
			  (uint64_t)HighestAcceptableAddress.QuadPart,
			  (uint64_t)BoundaryAddressMultiple.QuadPart, CacheType,
			  "MmAllocateContiguousMemorySpecifyCache", WDM_CALLER());
}

PVOID MmAllocateContiguousMemory(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
	return contiguous(NumberOfBytes, 0, (uint64_t)HighestAcceptableAddress.QuadPart, 0,
			  MmCached, "MmAllocateContiguousMemory", WDM_CALLER());
}

VOID MmFreeContiguousMemory(PVOID BaseAddress)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct pool_free f = { .api = "MmFreeContiguousMemory", .site = site, .families = POOL_BIT(POOL_CONTIGUOUS) };

	if (!k)
		return;
	wdm_check_irql(k, "MmFreeContiguousMemory", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	pool_free(k, BaseAddress, &f);
}

bool wdm_platform_pa(struct kernel *k, const void *va, uint64_t *pa)
{
	uintptr_t a = (uintptr_t)va, page = a & ~(uintptr_t)(PAGE_SIZE - 1);
	unsigned char resident;
	uint64_t pfn;

	*pa = 0;
	/* not mapped in the process: no physical address (ENOMEM) */
	if (!page || (mincore((void *)page, PAGE_SIZE, &resident) && errno == ENOMEM))
		return false;
	if (platform_pfns(k->platform, va, 1, &pfn))
		return false;
	*pa = pfn << PAGE_SHIFT | (a & (PAGE_SIZE - 1));
	return true;
}
