/* mm_io.c — the Mm routines that need the machine's devices (facts §2.3):
 * MmMapIoSpace(Ex) / MmUnmapIoSpace map a device's registers as the same
 * register windows NdisMMapIoSpace makes (io.c), reached through the device
 * model by READ_/WRITE_REGISTER_*; MmGetPhysicalAddress knows those windows
 * and otherwise asks the platform (src/wdm/mm_contiguous.c).  They live in
 * src/ndis because the devices hang off NDIS adapters; src/wdm may not call
 * up into src/ndis.
 *
 * A window belongs to the adapter whose device window (its
 * CmResourceTypeMemory resource) holds the range, and is one of its
 * resources (RES-LEAK when its halt leaves it mapped).
 */
#include "ndis/ndis_internal.h"
#include "verifier/pa_origin.h"
#include "wdm/wdm_pool.h"

struct pa_range {
	uint64_t pa, len;
};

/* Called under the handle lock: reads the adapter, calls nothing back. */
static bool holds_range(void *object, void *ctx)
{
	const struct ndis_adapter *a = object;
	const struct pa_range *r = ctx;

	return a->device && r->len && r->pa >= a->mmio_base && r->len <= a->mmio_length &&
	       r->pa - a->mmio_base <= a->mmio_length - r->len;
}

static PVOID map(PHYSICAL_ADDRESS pa, SIZE_T bytes, bool readonly, const char *api,
		 const void *site)
{
	struct kernel *k = kernel_current();
	struct pa_range r = { (uint64_t)pa.QuadPart, bytes };
	struct ndis_adapter *a;
	PVOID va = NULL;

	if (!k || !ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NULL;
	a = kernel_handle_find(k, HANDLE_ADAPTER, holds_range, &r);
	if (!a) {
		kernel_trace(k, "  %s: PA 0x%llx +0x%zx is in no device's memory resource",
			     api, (unsigned long long)r.pa, (size_t)bytes);
		return NULL;
	}
	if (ndis_io_map(a, r.pa, bytes, readonly, site, &va) != NDIS_STATUS_SUCCESS)
		return NULL;
	return va;
}

PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
		   MEMORY_CACHING_TYPE CacheType)
{
	const void *site = NDIS_CALLER();

	if (CacheType < MmNonCached || CacheType >= MmMaximumCacheType)
		return NULL;
	return map(PhysicalAddress, NumberOfBytes, false, "MmMapIoSpace", site);
}

/* facts §2.3: exactly one access protection, optionally one cache one. */
static bool protect_valid(ULONG protect, bool *readonly)
{
	ULONG access = protect & ~(ULONG)(PAGE_NOCACHE | PAGE_WRITECOMBINE);
	ULONG cache = protect & (PAGE_NOCACHE | PAGE_WRITECOMBINE);

	if (cache == (PAGE_NOCACHE | PAGE_WRITECOMBINE))
		return false;
	switch (access) {
	case PAGE_READONLY:
	case PAGE_EXECUTE:
	case PAGE_EXECUTE_READ:
		*readonly = true;
		return true;
	case PAGE_READWRITE:
	case PAGE_EXECUTE_READWRITE:
		*readonly = false;
		return true;
	default:
		return false;
	}
}

PVOID MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect)
{
	const void *site = NDIS_CALLER();
	bool readonly;

	if (!protect_valid(Protect, &readonly))
		return NULL;
	return map(PhysicalAddress, NumberOfBytes, readonly, "MmMapIoSpaceEx", site);
}

VOID MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	ndis_check_irql(k, "MmUnmapIoSpace", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	ndis_io_unmap(k, NULL, BaseAddress, NumberOfBytes, "MmUnmapIoSpace", site);
}

PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
	struct kernel *k = kernel_current();
	PHYSICAL_ADDRESS out;
	uint64_t pa = 0;

	if (k && !ndis_io_window_pa(k, BaseAddress, &pa) &&
	    wdm_platform_pa(k, BaseAddress, &pa) && k->pa_origins)
		/* spec §11: a physical address a device behind the IOMMU cannot
		 * drive; DMA-NOT-REMAPPABLE names this call if it does */
		pa_origin_note(k->pa_origins, pa, 0, "MmGetPhysicalAddress", NDIS_CALLER());
	out.QuadPart = (LONGLONG)pa;
	return out;
}
