/* pa_origin.h — which call handed a miniport a physical address (spec §11,
 * docs/verifier-rules.md DMA-NOT-REMAPPABLE).
 *
 * Behind the IOMMU a device drives IOVAs only; a miniport that gives its
 * device a physical address it got from MmGetPhysicalAddress, or read from
 * an MDL's PFN array (MmGetMdlPfnArray over an MDL NdisAllocateMdl or
 * MmBuildMdlForNonPagedPool filled), works with the IOMMU off and faults
 * with it on.  The calls that hand out physical addresses note each page
 * here with their call site, so the bus can say which call produced a
 * faulting address.  A small table, per page, kept only while the machine
 * runs with the IOMMU on (kernel_config.iommu_mode), and never touched by
 * the SG fast path: the calls that note are set-up calls.
 *
 * The table is bounded (PA_ORIGIN_SLOTS pages); when a probe run is full
 * the oldest note in it is replaced: a name for narration, never a
 * verdict (the fault is found by the IOMMU, not here).
 */
#ifndef NDISDMA_PA_ORIGIN_H
#define NDISDMA_PA_ORIGIN_H

#include <stdbool.h>
#include <stdint.h>

#define PA_ORIGIN_SLOTS 4096u

struct pa_origins;

struct pa_origin {
	const char *call;       /* "MmGetPhysicalAddress", ... (static) */
	const void *site;       /* the miniport's call site */
};

/* 0 or -ENOMEM. */
int pa_origins_create(struct pa_origins **out);
void pa_origins_destroy(struct pa_origins *t);

/* `call` at `site` handed out the physical pages of [pa, pa + len)
 * (len 0: one page).  t NULL: nothing (the IOMMU is off). */
void pa_origin_note(struct pa_origins *t, uint64_t pa, uint64_t len,
		    const char *call, const void *site);
/* Notes the PFNs pfns[0..n) (an MDL's array) as handed out by `call`. */
void pa_origin_note_pfns(struct pa_origins *t, const uint64_t *pfns, uint64_t n,
			 const char *call, const void *site);
/* The last call noted for the page of pa; false when none. */
bool pa_origin_find(struct pa_origins *t, uint64_t pa, struct pa_origin *out);

#endif
