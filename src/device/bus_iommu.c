/* bus_iommu.c — what the bus says when the IOMMU refuses a device access
 * (spec §11, docs/verifier-rules.md IOMMU-FAULT and DMA-NOT-REMAPPABLE).
 *
 * The fault's facts come from the domain (iommu_translate): the IOVA, the
 * direction, and the last mapping that covered it with the call that made
 * it and when it was unmapped.  An IOVA no mapping ever covered that is a
 * physical address is the miniport's own doing: a page a call handed it
 * (MmGetPhysicalAddress, an MDL's PFN array: pa_origin.h) names that call
 * and its site; any other address with memory behind it was built by hand.
 * Both are DMA-NOT-REMAPPABLE: the driver works with the IOMMU off and is
 * not DMA-remapping compatible.  Off the fast path: only a fault runs this.
 */
#include "device/bus.h"

#include <stdio.h>

#include "iommu/iommu.h"
#include "platform/platform.h"
#include "verifier/pa_origin.h"
#include "verifier/verifier.h"

static void facts_for(struct vf_facts *f, uint64_t addr, size_t len, bool device_writes,
		      const void *site)
{
	f->address = addr;
	f->length = len;
	f->has_address = 1;
	f->irql = -1;
	/* the device reading memory moves data to the device */
	f->direction = device_writes ? "from-device" : "to-device";
	f->call_site = site;
	f->alloc_site = site;
}

/* DMA-NOT-REMAPPABLE when the address is a physical address; false when
 * it is not one (an IOMMU-FAULT then). */
static bool report_not_remappable(struct kernel *k, const char *device, uint64_t addr,
				  size_t len, bool device_writes)
{
	struct vf_facts f = { 0 };
	struct pa_origin o;
	const char *verb = device_writes ? "wrote" : "read";

	if (pa_origin_find(k->pa_origins, addr, &o)) {
		facts_for(&f, addr, len, device_writes, o.site);
		vf_report(k->verifier, VF_DMA_NOT_REMAPPABLE, &f,
			  "%s %s %zu bytes at 0x%llx, the physical address %s handed out: "
			  "behind the IOMMU the device drives IOVAs only (use the SG list's or "
			  "shared memory's address)", device, verb, len,
			  (unsigned long long)addr, o.call);
		return true;
	}
	if (!platform_pa_to_va(k->platform, addr))
		return false;
	facts_for(&f, addr, len, device_writes, NULL);
	vf_report(k->verifier, VF_DMA_NOT_REMAPPABLE, &f,
		  "%s %s %zu bytes at 0x%llx, a physical address no call handed out (built by "
		  "hand?): behind the IOMMU the device drives IOVAs only", device, verb, len,
		  (unsigned long long)addr);
	return true;
}

void bus_report_iommu_fault(struct kernel *k, const char *device, uint64_t addr,
			    size_t len, bool device_writes, const struct iommu_fault *ft)
{
	struct vf_facts f = { 0 };
	const char *verb = device_writes ? "wrote" : "read";
	char site[160] = "an unknown call";

	if (!ft->had_mapping && !ft->not_permitted &&
	    report_not_remappable(k, device, addr, len, device_writes))
		return;
	/* map_site names the call that made the mapping (iommu.h: a static
	 * string, e.g. "NdisMAllocateSharedMemory"); map_caller is the
	 * driver's call site of it (NDIS_CALLER), the report's site, so it
	 * says where in the driver the mapping came from */
	facts_for(&f, addr, len, device_writes,
		  ft->had_mapping ? ft->map_caller : NULL);
	f.alloc_site = NULL;   /* the site is the mapping call: said once */
	if (ft->had_mapping && ft->map_site) {
		char fn[128];

		if (ft->map_caller) {
			vf_describe_function(ft->map_caller, fn, sizeof(fn));
			snprintf(site, sizeof(site), "%s called from %s", ft->map_site, fn);
		} else {
			snprintf(site, sizeof(site), "%s", ft->map_site);
		}
	}
	if (ft->not_permitted)
		vf_report(k->verifier, VF_IOMMU_FAULT, &f,
			  "%s %s %zu bytes at IOVA 0x%llx: mapped [0x%llx, +%u pages) by %s for "
			  "the other direction only", device, verb, len, (unsigned long long)addr,
			  (unsigned long long)ft->map_iova, ft->map_pages, site);
	else if (ft->had_mapping)
		vf_report(k->verifier, VF_IOMMU_FAULT, &f,
			  "%s %s %zu bytes at IOVA 0x%llx: no live mapping; the last one, [0x%llx, "
			  "+%u pages) by %s, was unmapped at %llu ns (machine time)", device, verb, len,
			  (unsigned long long)addr, (unsigned long long)ft->map_iova,
			  ft->map_pages, site, (unsigned long long)ft->unmapped_at);
	else
		vf_report(k->verifier, VF_IOMMU_FAULT, &f,
			  "%s %s %zu bytes at IOVA 0x%llx: no mapping in its IOMMU domain ever "
			  "covered it", device, verb, len, (unsigned long long)addr);
}
