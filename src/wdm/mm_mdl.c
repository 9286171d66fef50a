/* mm_mdl.c — IoAllocateMdl, IoFreeMdl, MmBuildMdlForNonPagedPool (facts
 * §2.3).  An MDL from IoAllocateMdl is a pool-table record of its own
 * family (POOL_MDL: freed only by IoFreeMdl, POOL-LEAK at unload), sized
 * MmSizeOfMdl; MmBuildMdlForNonPagedPool fills its PFN array from the
 * platform, so the MDL can describe a NET_BUFFER's data for SG DMA (the SG
 * builder reads only the MDL and its PFNs, spec §3).
 */
#include "verifier/pa_origin.h"
#include "wdm/wdm_pool.h"

#include "platform/platform.h"

/* facts §2.3: Win7+ allows about 4 GB minus a page */
#define MDL_MAX_LENGTH (0xFFFFFFFFull - PAGE_SIZE + 1)

PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
		   BOOLEAN ChargeQuota, PIRP Irp)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct pool_request rq = { 0 };
	struct pool_block *b;
	PMDL m;

	if (!k || !wdm_check_irql(k, "IoAllocateMdl", KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NULL;
	/* an MDL for an IRP is not provided (miniports pass NULL): the
	 * documented failure, NULL */
	if (Irp || !Length || Length > MDL_MAX_LENGTH) {
		kernel_trace(k, "  IoAllocateMdl: %s: NULL", Irp ? "an IRP's MDL is not supported"
			     : "length out of range");
		return NULL;
	}
	rq.size = MmSizeOfMdl(VirtualAddress, Length);
	rq.family = POOL_MDL;
	rq.zero = true;             /* PFNs 0 until MmBuildMdlForNonPagedPool */
	rq.site = site;
	rq.fault_point = "mm.mdl";
	m = pool_alloc(k, &rq, &b);
	if (!m)
		return NULL;
	MmInitializeMdl(m, VirtualAddress, Length);
	if (rq.size > 0x7FFF)
		m->Size = 0x7FFF;       /* CSHORT: the PFN array is larger */
	m->MdlFlags = MDL_ALLOCATED_FIXED_SIZE;
	return m;
}

VOID IoFreeMdl(PMDL Mdl)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct pool_free f = { .api = "IoFreeMdl", .site = site, .families = POOL_BIT(POOL_MDL) };

	if (!k)
		return;
	wdm_check_irql(k, "IoFreeMdl", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	pool_free(k, Mdl, &f);   /* only this MDL, not the ones chained to it */
}

/* Room for the PFNs of the MDL's buffer: the MDL's Size says (0x7FFF:
 * larger than a CSHORT, trusted). */
static bool pfn_room(const MDL *m, size_t pages)
{
	return m->Size == 0x7FFF ||
	       (size_t)m->Size >= sizeof(MDL) + pages * sizeof(PFN_NUMBER);
}

VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	PMDL m = MemoryDescriptorList;
	struct vf_facts f = { 0 };
	char *va;
	size_t pages;

	if (!k)
		return;
	wdm_check_irql(k, "MmBuildMdlForNonPagedPool", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	f.irql = kernel_irql();
	f.call_site = site;
	f.handle = m;
	if (!m) {
		vf_report(k->verifier, VF_HANDLE, &f, "MmBuildMdlForNonPagedPool: the MDL is NULL");
		return;
	}
	va = (char *)m->StartVa + m->ByteOffset;
	pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, m->ByteCount);
	if (!pfn_room(m, pages)) {
		vf_report(k->verifier, VF_HANDLE, &f,
			  "MmBuildMdlForNonPagedPool: MDL %p (Size %d) has no room for the %zu PFNs "
			  "of its buffer (MmSizeOfMdl)", (void *)m, m->Size, pages);
		return;
	}
	if (m->ByteCount && platform_pfns(k->platform, va, m->ByteCount,
					  (uint64_t *)MmGetMdlPfnArray(m)))
		kernel_trace(k, "  MmBuildMdlForNonPagedPool: no physical memory left for %p", va);
	else if (k->pa_origins)   /* spec §11: DMA-NOT-REMAPPABLE names this call */
		pa_origin_note_pfns(k->pa_origins, (const uint64_t *)MmGetMdlPfnArray(m), pages,
				    "MmBuildMdlForNonPagedPool (an MDL's PFN array, MmGetMdlPfnArray)",
				    site);
	m->MappedSystemVa = va;
	m->Process = NULL;
	m->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}
