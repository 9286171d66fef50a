/* iommu.h — DMA remapping (spec §11): one I/O virtual address space per
 * device, the only address space a device behind the IOMMU can drive.
 *
 * A domain belongs to one adapter (its device): the HAL maps each SG list
 * and each shared block into it (src/hal/backend_iommu.c), the bus
 * translates every device access through it (src/device/bus.c), and an
 * access outside a live mapping is dropped and reported as IOMMU-FAULT.
 *
 *   IOVA allocator  per-CPU caches of recently freed ranges in front of a
 *                   global allocator (Peleg et al., USENIX ATC 2015); the
 *                   cache hit path takes no lock and makes no syscall
 *   I/O page table  IOVA page -> PA page, with the page's permissions
 *   strict          unmap clears the entries and the IOVA is free at once
 *   lazy            unmap queues the range in a flush queue: its entries
 *                   still translate (the stale window is real) until the
 *                   queue is flushed, full or at a flush point, and only
 *                   then is the IOVA reused; the verifier's full level still
 *                   catches a device access in that window (DMA-AFTER-FREE)
 *
 * With the IOMMU off no domain exists and nothing here is called.
 */
#ifndef NDISDMA_IOMMU_H
#define NDISDMA_IOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"

enum iommu_mode {
	IOMMU_OFF = 0,
	IOMMU_STRICT,
	IOMMU_LAZY,
};

/* "off", "strict", "lazy". */
const char *iommu_mode_name(enum iommu_mode m);
/* 0, or -EINVAL for an unknown name (*out untouched). */
int iommu_mode_parse(const char *name, enum iommu_mode *out);

/* Permissions of a mapping, as the device sees them. */
enum {
	IOMMU_READ = 1u << 0,   /* the device may read memory (to-device) */
	IOMMU_WRITE = 1u << 1,  /* the device may write memory (from-device) */
};

struct iommu_domain_config {
	enum iommu_mode mode;       /* IOMMU_STRICT or IOMMU_LAZY */
	uint64_t iova_limit;        /* first IOVA the device cannot drive:
				       1 << 32 for a 32-bit device (every
				       IOVA below 4 GiB: no bouncing), else
				       UINT64_MAX (the domain uses 44 bits,
				       16 TiB: an IOVA page number fits 32
				       bits); at least 16 pages.  Each
				       mapping may be held lower still
				       (iommu_who.limit: its channel's) */
	const char *device_name;    /* for reports */
};

struct iommu_domain;

/* 0, -EINVAL (mode off, bad limit) or -ENOMEM ("iommu.domain" fault
 * injection point). */
int iommu_domain_create(struct kernel *k, const struct iommu_domain_config *c,
			struct iommu_domain **out);
/* Flushes the queue; mappings still live are the caller's leak (the
 * verifier reports them through the SG and shared-memory rules). */
void iommu_domain_destroy(struct iommu_domain *d);
enum iommu_mode iommu_domain_mode(const struct iommu_domain *d);

/* Who asks for a mapping, for fault narration, and how far the asking
 * channel reaches (spec §11: a 32-bit channel's IOVAs lie below 4 GiB, a
 * 64-bit channel's anywhere in the domain). */
struct iommu_who {
	const char *call;       /* the call that maps, static storage (e.g.
				   "NdisMAllocateNetBufferSGList"), or NULL */
	const void *site;       /* the driver's call site (the return address
				   NDIS_CALLER gives), or NULL */
	uint64_t limit;         /* first IOVA the mapping may not reach;
				   0 or above the domain's: the domain's */
};

/* Map `npages` (> 0) frames, pfns[0..npages), at consecutive IOVA pages
 * with `prot` (IOMMU_READ and/or IOMMU_WRITE); *iova is the first page's
 * IOVA (page aligned).  `site` (static storage: the call that made the
 * mapping, e.g. "NdisMAllocateNetBufferSGList", or NULL) is kept for
 * fault narration.
 * 0, -EINVAL (no pages, no permission), -ENOSPC (IOVA space below the
 * limit exhausted) or -ENOMEM ("iommu.pgtable", "iommu.iova").  Any
 * thread, any IRQL; no lock when the allocator's cache hits. */
int iommu_map(struct iommu_domain *d, const uint64_t *pfns, uint32_t npages,
	      unsigned prot, const char *site, uint64_t *iova);
/* The same for `who`: its call and site kept for fault narration, the
 * range below who->limit (-ENOSPC when none is free there). */
int iommu_map_for(struct iommu_domain *d, const struct iommu_who *who,
		  const uint64_t *pfns, uint32_t npages, unsigned prot, uint64_t *iova);

/* The same in two steps, for a caller that reserves before it knows the
 * frames (the HAL's checked path: reserve, then commit):
 * iommu_iova_alloc takes the range (nothing translates yet), then
 * iommu_map_pages fills pages [first, first + n) of it, never failing.
 * Undone by iommu_unmap like an iommu_map. */
int iommu_iova_alloc(struct iommu_domain *d, uint32_t npages, const char *site,
		     uint64_t *iova);
int iommu_iova_alloc_for(struct iommu_domain *d, const struct iommu_who *who,
			 uint32_t npages, uint64_t *iova);
void iommu_map_pages(struct iommu_domain *d, uint64_t iova, uint32_t first,
		     const uint64_t *pfns, uint32_t n, unsigned prot);

/* Undo one iommu_map (same iova, same npages; npages 0: whatever the
 * live mapping that starts at iova has, for an owner that kept only the
 * IOVA, as hal.h's struct hal_resources): 0, or -EINVAL when no live
 * mapping (of npages) starts at iova (nothing changes).  strict: the
 * entries go and the range is free now; lazy: queued (see above). */
int iommu_unmap(struct iommu_domain *d, uint64_t iova, uint32_t npages);
/* The pages of the live mapping that starts at iova, 0 when none. */
uint32_t iommu_mapped_pages(struct iommu_domain *d, uint64_t iova);
/* lazy: invalidate everything queued and free it; strict: nothing. */
void iommu_flush(struct iommu_domain *d);

/* Why an access did not translate, for the IOMMU-FAULT report. */
struct iommu_fault {
	uint64_t iova;
	bool device_writes;
	bool not_permitted;         /* mapped, but not for this direction */
	bool had_mapping;           /* a mapping once covered iova: */
	uint64_t map_iova;          /*   its first IOVA and pages */
	uint32_t map_pages;
	const char *map_site;       /*   the call that made it (or NULL) */
	const void *map_caller;     /*   the driver's call site of that call
					 (iommu_who.site, or NULL) */
	uint64_t unmapped_at;       /*   machine time (ns, ktime_interrupt
					 time) of its unmap; 0: still live */
};

/* The bus's translation of one access that stays inside one page:
 * 0 and *pa, or -EFAULT with *fault filled (nothing is reported here:
 * the bus reports, it knows the device and the tracker). */
int iommu_translate(struct iommu_domain *d, uint64_t iova, size_t len,
		    bool device_writes, uint64_t *pa, struct iommu_fault *fault);

struct iommu_stats {
	uint64_t maps, unmaps;
	uint64_t mapped_pages;      /* live now */
	uint64_t flushes;           /* lazy flush-queue drains */
	uint64_t invalidations;     /* IOTLB invalidations: one per strict
				       unmap, one per lazy batch */
	uint64_t cache_hits, cache_misses;
	uint64_t faults;
};
void iommu_domain_stats(const struct iommu_domain *d, struct iommu_stats *s);
/* The domain's limit as created (config.iova_limit, page-rounded and
 * capped at 2^44). */
uint64_t iommu_domain_iova_limit(const struct iommu_domain *d);

#endif
