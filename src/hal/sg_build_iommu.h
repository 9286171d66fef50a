/* sg_build_iommu.h — the IOMMU backend's one-pass build and a list's end,
 * inline: the fast path's list on an adapter behind an IOMMU
 * (hal_adapter_iommu), the second bypass of the HAL's ops table, as Linux
 * (6.12) calls dma-iommu directly instead of through dma_map_ops
 * (use_dma_iommu) and calls dma-direct directly (sg_build_direct.h).  The
 * walk, the map's hit path and the rebase then share the fast path's
 * registers and frame: an indirect call with eight arguments, a second
 * prologue and epilogue saving every callee-saved register, and the
 * front door's jump were a sixth of a packet's instructions behind the
 * IOMMU.  backend_iommu.c's build_fast and release are these same
 * functions, so the ops table's and the bypass's lists are one code.
 *
 * The build walks the chain one MDL at a time (hal_iommu_walk below) and
 * maps its frames into one IOVA range through the domain's hit path
 * (src/iommu/iommu_hit.h: the calling processor's cache, no lock), else
 * its general path (hal_iommu_map_general, out of line).  Rules of the
 * list: backend_iommu.c.  Private to src/hal and the fast path of
 * src/ndis/sg_list.c.
 */
#ifndef NDISDMA_HAL_SG_BUILD_IOMMU_H
#define NDISDMA_HAL_SG_BUILD_IOMMU_H

#include "hal/hal.h"
#include "hal/sg_pieces.h"
#include "iommu/iommu_hit.h"

/* The most pages a fast build maps (a larger list takes the checked
 * path): 64 pages, a 256 KiB list; also the checked commit's chunk. */
#define HAL_IOMMU_CHUNK 64u
/* What a fault names as the mapping's maker (struct iommu_fault). */
#define HAL_IOMMU_SG_CALL "NdisMAllocateNetBufferSGList"

static inline unsigned hal_iommu_prot(bool to_device)
{
	/* the device reads a write-to-device list, writes the other */
	return to_device ? IOMMU_READ : IOMMU_WRITE;
}

/* The fast build's walk, one MDL at a time rather than one piece at a
 * time: the pieces of one MDL lie in consecutive frames of its PFN array,
 * and when no frame repeats the one before it (checked here: a repeat
 * leaves the list to the checked path) each piece after the first takes
 * the next IOVA page at offset 0, right where the piece before ended.  So
 * an MDL's bytes are one run of IOVA, [p0 << 12 | offset, + cnt), where p0
 * is the next IOVA page, or the last one when the MDL starts in the frame
 * the chain's previous piece ended in; the run merges into the open
 * element when it starts where that one ends.  That is the list the
 * checked path's piece-by-piece walk makes (backend_iommu.c; the IOVA
 * range is at most HAL_IOMMU_CHUNK pages, aligned to its size, so no
 * element crosses 4 GiB and every length fits a ULONG), at a cost per MDL
 * and per frame instead of per piece.  Elements are relative to the
 * range (the caller adds it); the frames go to pfn[0 .. *npages) for the
 * map.  0: the checked path's job (a short chain, a repeated frame, more
 * than `room` elements or HAL_IOMMU_CHUNK pages). */
static inline __attribute__((always_inline)) uint32_t
hal_iommu_walk(const MDL *m, uint64_t left, PSCATTER_GATHER_ELEMENT e, uint32_t room,
	       uint64_t *pfn, uint32_t *npages)
{
	/* no frame, no element yet (a PFN is below 2^52) */
	uint64_t last = UINT64_MAX, cur_end = UINT64_MAX;
	uint32_t n = 0, pages = 0;

	for (; m; m = m->Next) {
		uint64_t cnt = m->ByteCount < left ? m->ByteCount : left;
		uint64_t off = m->ByteOffset & SG_PAGE_MASK, frames, rel;
		const PFN_NUMBER *pf;
		uint32_t p0 = pages;

		if (!cnt)
			continue;   /* an empty MDL contributes nothing */
		pf = (const PFN_NUMBER *)(m + 1) + (m->ByteOffset >> PAGE_SHIFT);
		frames = (off + cnt + SG_PAGE_MASK) >> PAGE_SHIFT;
		if (*pf == last) {   /* never before the first frame: last is no PFN */
			p0--;   /* the frame the previous piece ended in */
			pf++;
			frames--;
		}
		if (frames > HAL_IOMMU_CHUNK - pages)
			return 0;
		for (uint64_t j = 0; j < frames; j++) {
			if (pf[j] == last)
				return 0;   /* a frame repeated: the checked path */
			last = pfn[pages++] = pf[j];
		}
		rel = (uint64_t)p0 << PAGE_SHIFT | off;
		if (rel == cur_end) {
			e[n - 1].Length += (ULONG)cnt;
		} else {
			if (n == room)
				return 0;
			e[n].Address.QuadPart = (LONGLONG)rel;
			e[n].Length = (ULONG)cnt;
			e[n].Reserved = 0;
			n++;
		}
		cur_end = rel + cnt;
		left -= cnt;
		if (!left) {
			*npages = pages;
			return n;
		}
	}
	return 0;   /* a short chain */
}

/* The build's miss (backend_iommu.c): iommu_map_for out of line, so the
 * hit path's `who` never has its address taken and stays in registers. */
int hal_iommu_map_general(struct iommu_domain *d, const void *site, uint64_t limit,
			  const uint64_t *pfn, uint32_t pages, unsigned prot,
			  uint64_t *iova);

/* hal_sg_build_fast on an IOMMU adapter (f->d, hal.h: read through the
 * pointer after the walk rather than held in two registers across it).  The list into
 * e[0..room), its first IOVA page in res->regs; 0 with *res untouched
 * for anything left to the checked path. */
static inline __attribute__((always_inline)) uint32_t
hal_sg_build_iommu(const struct hal_iommu_fast *f, const MDL *first, uint64_t bytes,
		   bool to_device, SCATTER_GATHER_ELEMENT *e, uint32_t room,
		   struct hal_resources *res, const void *site)
{
	uint64_t pfn[HAL_IOMMU_CHUNK];
	unsigned prot = hal_iommu_prot(to_device);
	uint32_t n, pages, page;
	struct iommu_domain *d;
	uint64_t iova, limit;

	n = hal_iommu_walk(first, bytes, e, room, pfn, &pages);
	if (!n)
		return 0;   /* the checked path counts, reserves and says why */
	d = f->d;
	limit = f->limit;
	const struct iommu_who who = { HAL_IOMMU_SG_CALL, site, limit };

	if (!iommu_map_hit(d, &who, pfn, pages, prot, &page)) {
		if (hal_iommu_map_general(d, site, limit, pfn, pages, prot, &iova))
			return 0;
		page = (uint32_t)(iova >> PAGE_SHIFT);
	}
	iova = (uint64_t)page << PAGE_SHIFT;
	/* relative addresses -> IOVAs: the first one or two elements (most
	 * lists) without a loop */
	e[0].Address.QuadPart += (LONGLONG)iova;
	if (n > 1) {
		e[1].Address.QuadPart += (LONGLONG)iova;
		if (n > 2) {
			for (uint32_t i = 2; i < n; i++)
				e[i].Address.QuadPart += (LONGLONG)iova;
		}
	}
	*res = (struct hal_resources){ page, 0 };
	return n;
}

/* hal_sg_end on an IOMMU adapter's list that holds its range (res held):
 * nothing to copy back (the device wrote the NET_BUFFER itself), the
 * range unmapped -- its pages are the domain's record, 0 asks for them. */
static inline __attribute__((always_inline)) void
hal_sg_end_iommu(struct iommu_domain *d, struct hal_resources *res)
{
	uint32_t page = res->regs;

	*res = HAL_RESOURCES_NONE;
	(void)iommu_unmap_page(d, page, 0);
}

#endif
