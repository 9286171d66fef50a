/* bus.c — device access to memory (bus.h): device address -> (IOMMU) ->
 * platform PA -> VA, one page at a time, each access checked before any
 * byte moves (spec §10 device-side rules, §11):
 *
 *   every level   a device whose PCI Bus Master enable is clear (or that is
 *                 not in D0): DMA-NO-BUSMASTER, the transaction never starts;
 *                 without an IOMMU, an address at or above the device's
 *                 addressing limit, or one whose frame has no memory behind
 *                 it: DMA-UNMAPPED
 *   full          the access against the live mappings (dma_track.h, device
 *                 addresses: IOVAs behind the IOMMU): DMA-UNMAPPED,
 *                 DMA-AFTER-FREE, DMA-DIRECTION, DMA-OVERRUN; behind the
 *                 IOMMU "in no live mapping" is left to the IOMMU, whose
 *                 fault says more (the last mapping, when it went)
 *   IOMMU on      every page translated through the device's domain
 *                 (iommu_translate); no live mapping for the direction:
 *                 IOMMU-FAULT, or DMA-NOT-REMAPPABLE when the address is a
 *                 physical address a call handed the miniport
 *                 (pa_origin.h) or one with memory behind it
 *
 * A reported access faults, as behind an IOMMU: a faulting read returns
 * 0xFF bytes, a faulting write changes nothing (docs/verifier-rules.md).
 */
#include "device/bus.h"

#include <errno.h>
#include <string.h>

#include "device/pci_config.h"
#include "iommu/iommu.h"
#include "platform/platform.h"
#include "verifier/dma_track.h"
#include "verifier/pa_origin.h"
#include "verifier/verifier.h"

struct bus {
	struct kernel *k;
	struct bus_config c;
	char name[48];
};

int bus_create(struct kernel *k, const struct bus_config *c, struct bus **out)
{
	struct bus *b;

	*out = NULL;
	if (!k || !c)
		return -EINVAL;
	b = kernel_zalloc(k, sizeof(*b), "device.bus");
	if (!b)
		return -ENOMEM;
	b->k = k;
	b->c = *c;
	if (!b->c.address_limit)
		b->c.address_limit = UINT64_MAX;
	snprintf(b->name, sizeof(b->name), "%s",
		 c->device_name ? c->device_name : "device");
	b->c.device_name = b->name;
	*out = b;
	return 0;
}

void bus_destroy(struct bus *b)
{
	if (b)
		kernel_free(b->k, b);
}

static const char *dir_name(bool device_writes)
{
	/* the device reading memory moves data to the device */
	return device_writes ? "from-device" : "to-device";
}

static void report(struct bus *b, enum vf_rule rule, uint64_t addr, size_t len,
		   bool device_writes, const struct dma_mapping *m,
		   const char *fmt_what)
{
	struct vf_facts f = { 0 };

	f.address = addr;
	f.length = len;
	f.has_address = 1;
	f.irql = -1;
	f.direction = dir_name(device_writes);
	if (m && m->kind) {
		f.handle = m->handle;
		f.list = m->kind == DMA_MAP_ELEMENT ? m->owner : NULL;
		f.nb = m->nb;
		/* device-side: the driver code involved is the mapping call */
		f.call_site = m->site;
		f.alloc_site = m->site;
	}
	vf_report(b->k->verifier, rule, &f, "%s %s %zu bytes at 0x%llx: %s",
		  b->name, device_writes ? "wrote" : "read", len,
		  (unsigned long long)addr, fmt_what);
}

static void describe(char *buf, size_t n, enum dma_verdict v,
		     const struct dma_mapping *m, uint64_t addr, size_t len)
{
	const char *what = m->kind == DMA_MAP_SHARED ? "shared block" : "SG list element";

	switch (v) {
	case DMA_V_AFTER_FREE:
		snprintf(buf, n, "element %u [0x%llx, +%llu) of SG list %p was freed",
			 m->index, (unsigned long long)m->start,
			 (unsigned long long)m->length, m->owner);
		break;
	case DMA_V_DIRECTION:
		snprintf(buf, n, "element %u of SG list %p is write-to-device (the device may only read it)",
			 m->index, m->owner);
		break;
	case DMA_V_OVERRUN:
		/* "(guard page)" only when it really hits one (full level);
		 * the rest of the block's last page is only past Length */
		snprintf(buf, n, "%s %s [0x%llx, +%llu) (%s)",
			 addr < m->start ? "starts before" : "runs past the end of", what,
			 (unsigned long long)m->start, (unsigned long long)m->length,
			 dma_track_hits_guard(m, addr, len) ? "guard page" :
			 addr < m->start ? "before it" : "past Length");
		break;
	default:
		snprintf(buf, n, "address in no live mapping (no SG list element, no shared block)");
		break;
	}
}

static enum vf_rule rule_of(enum dma_verdict v)
{
	switch (v) {
	case DMA_V_AFTER_FREE: return VF_DMA_AFTER_FREE;
	case DMA_V_DIRECTION: return VF_DMA_DIRECTION;
	case DMA_V_OVERRUN: return VF_DMA_OVERRUN;
	default: return VF_DMA_UNMAPPED;
	}
}

/* The checks before translation; false when the access faults (reported).
 * Behind the IOMMU the tracker's "in no live mapping" waits for the
 * translation (*unmapped): the IOMMU's fault says more, and an access it
 * lets through (lazy: a stale IOVA not invalidated yet) is reported after
 * it, by translatable. */
static bool access_allowed(struct bus *b, uint64_t addr, size_t len,
			   bool device_writes, bool *unmapped)
{
	struct dma_mapping m;
	enum dma_verdict v;
	char what[160];

	if (b->c.pci && !pci_config_masters(b->c.pci)) {
		report(b, VF_DMA_NO_BUSMASTER, addr, len, device_writes, NULL,
		       "Bus Master is disabled in its PCI Command register (or it is not in D0)");
		return false;
	}
	/* behind the IOMMU the domain holds only IOVAs below the limit: the
	 * translation decides, and says more */
	if (!b->c.domain && (addr >= b->c.address_limit || len > b->c.address_limit - addr)) {
		snprintf(what, sizeof(what),
			 "the device cannot drive that address (its limit is 0x%llx)",
			 (unsigned long long)b->c.address_limit);
		report(b, VF_DMA_UNMAPPED, addr, len, device_writes, NULL, what);
		return false;
	}
	if (!b->k->dma_track || !vf_enabled(b->k->verifier, VF_LEVEL_FULL))
		return true;
	v = dma_track_check(b->k->dma_track, addr, len, device_writes, &m);
	if (v == DMA_OK)
		return true;
	if (v == DMA_V_UNMAPPED && b->c.domain) {
		*unmapped = true;
		return true;
	}
	describe(what, sizeof(what), v, &m, addr, len);
	report(b, rule_of(v), addr, len, device_writes, &m, what);
	return false;
}

/* The translation of one access: the VA behind each of its first
 * BUS_PAGES pages, found by the check and used by the copy (a longer
 * access translates its later pages again as it copies). */
#define BUS_PAGES 17u   /* a 64 KiB access at any page offset */

struct bus_xlate {
	unsigned char *va[BUS_PAGES];
};

static size_t in_page(uint64_t addr, size_t len)
{
	size_t room = PLATFORM_PAGE_SIZE - (addr & (PLATFORM_PAGE_SIZE - 1));

	return len < room ? len : room;
}

/* The PA of [addr, addr + n), n inside one page: the address itself
 * without an IOMMU. */
static bool page_pa(struct bus *b, uint64_t addr, size_t n, bool device_writes,
		    uint64_t *pa, struct iommu_fault *fault)
{
	if (!b->c.domain) {
		*pa = addr;
		return true;
	}
	return iommu_translate(b->c.domain, addr, n, device_writes, pa, fault) == 0;
}

/* Every page translates (IOMMU) and has memory behind it; the VAs go to x.
 * unmapped: the tracker found no live mapping (access_allowed), so a page
 * that still translates is the lazy stale window: reported, faults. */
static bool translatable(struct bus *b, uint64_t addr, size_t len, bool device_writes,
			 bool unmapped, struct bus_xlate *x)
{
	const uint64_t start = addr;
	const size_t total = len;

	struct iommu_fault fault;
	uint64_t pa;
	unsigned i = 0;

	while (len) {
		size_t n = in_page(addr, len);

		memset(&fault, 0, sizeof(fault));
		if (!page_pa(b, addr, n, device_writes, &pa, &fault)) {
			bus_report_iommu_fault(b->k, b->name, addr, n, device_writes, &fault);
			return false;
		}
		if (unmapped) {
			report(b, VF_DMA_UNMAPPED, start, total, device_writes, NULL,
			       "address in no live mapping (its IOVA still translates: lazy IOMMU "
			       "invalidation pending)");
			return false;
		}
		unsigned char *va = platform_pa_to_va(b->k->platform, pa);

		if (!va) {
			report(b, VF_DMA_UNMAPPED, start, total, device_writes, NULL,
			       b->c.domain ? "its IOVA translates to a physical address with no memory behind it"
					   : "no memory behind that physical address");
			return false;
		}
		if (i < BUS_PAGES)
			x->va[i++] = va;
		addr += n;
		len -= n;
	}
	return true;
}

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
/* ThreadSanitizer's dynamic annotations (its runtime exports them): the
 * device's copies are DMA, not CPU accesses, and the virtio ring protocol
 * orders them with fences TSan does not model.  Left unrecorded, they can
 * never pair with a driver access in a report -- not even when TSan has
 * lost the device side's stack, which a suppression by file cannot
 * match.  Races between CPU accesses are still all reported. */
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
#define DMA_UNSEEN_BEGIN() (AnnotateIgnoreReadsBegin(__FILE__, __LINE__), \
			    AnnotateIgnoreWritesBegin(__FILE__, __LINE__))
#define DMA_UNSEEN_END() (AnnotateIgnoreWritesEnd(__FILE__, __LINE__), \
			  AnnotateIgnoreReadsEnd(__FILE__, __LINE__))
#else
#define DMA_UNSEEN_BEGIN() ((void)0)
#define DMA_UNSEEN_END() ((void)0)
#endif

/* Copies page by page between the device buffer and memory, through the
 * VAs the check found (pages past BUS_PAGES translate again). */
static void copy(struct bus *b, uint64_t addr, void *buf, size_t len, bool to_memory,
		 const struct bus_xlate *x)
{
	unsigned char *p = buf;
	struct iommu_fault fault;
	unsigned i = 0;

	DMA_UNSEEN_BEGIN();

	while (len) {
		size_t n = in_page(addr, len);
		uint64_t pa = 0;
		unsigned char *va;

		if (i < BUS_PAGES)
			va = x->va[i++];
		else if (!page_pa(b, addr, n, to_memory, &pa, &fault))
			va = NULL;   /* unmapped since the check: dropped */
		else
			va = platform_pa_to_va(b->k->platform, pa);
		if (va && to_memory)
			memcpy(va, p, n);
		else if (va)
			memcpy(p, va, n);
		else if (!to_memory)
			memset(p, 0xFF, n);
		addr += n;
		p += n;
		len -= n;
	}
	DMA_UNSEEN_END();
}

/* The copy of a one-page access: ring fields (2, 8 and 16 bytes) inline,
 * the rest through memcpy. */
static inline void small_copy(void *dst, const void *src, size_t len)
{
	switch (len) {
	case 2: memcpy(dst, src, 2); break;
	case 4: memcpy(dst, src, 4); break;
	case 8: memcpy(dst, src, 8); break;
	case 16: memcpy(dst, src, 16); break;
	default: memcpy(dst, src, len); break;
	}
}

/* The VA of an access the checks let through without a look at anything
 * but the gates, or NULL for the general path: no IOMMU (the address is
 * the PA), inside the device's reach, inside one page, the tracker not
 * consulted (below the full level), and memory behind the frame.  Ring
 * fields and most buffers are such accesses; the general path gives the
 * same verdict for them, the reports included (a NULL here is only "go
 * the long way"). */
static inline unsigned char *plain_va(struct bus *b, uint64_t addr, size_t len)
{
	if (b->c.domain || (b->c.pci && !pci_config_masters(b->c.pci)) ||
	    addr >= b->c.address_limit || len > b->c.address_limit - addr ||
	    in_page(addr, len) != len ||
	    (b->k->dma_track && vf_enabled(b->k->verifier, VF_LEVEL_FULL)))
		return NULL;
	return platform_pa_to_va(b->k->platform, addr);
}

int bus_read(struct bus *b, uint64_t addr, void *buf, size_t len)
{
	struct bus_xlate x;
	unsigned char *va;
	bool unmapped = false;

	if (!len)
		return 0;
	if ((va = plain_va(b, addr, len)) != NULL) {
		DMA_UNSEEN_BEGIN();
		small_copy(buf, va, len);
		DMA_UNSEEN_END();
		return 0;
	}
	if (!access_allowed(b, addr, len, false, &unmapped) ||
	    !translatable(b, addr, len, false, unmapped, &x)) {
		memset(buf, 0xFF, len);
		return -EFAULT;
	}
	copy(b, addr, buf, len, false, &x);
	return 0;
}

int bus_write(struct bus *b, uint64_t addr, const void *buf, size_t len)
{
	struct bus_xlate x;
	unsigned char *va;
	bool unmapped = false;

	if (!len)
		return 0;
	if ((va = plain_va(b, addr, len)) != NULL) {
		DMA_UNSEEN_BEGIN();
		small_copy(va, buf, len);
		DMA_UNSEEN_END();
		return 0;
	}
	if (!access_allowed(b, addr, len, true, &unmapped) ||
	    !translatable(b, addr, len, true, unmapped, &x))
		return -EFAULT;
	copy(b, addr, (void *)buf, len, true, &x);
	return 0;
}
