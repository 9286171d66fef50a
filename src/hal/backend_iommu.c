/* backend_iommu.c — the IOMMU backend (hal_iommu_ops, spec §11): the
 * adapter's device sits behind a DMA-remapping domain (src/iommu), so
 * every address it is given is an IOVA.  A list's pages are mapped into
 * one IOVA range, page after page, and its elements are IOVAs into that
 * range; the device reaches any frame through it, so nothing is ever
 * bounced, even on a 32-bit channel (its domain hands out IOVAs below
 * 4 GiB).
 *
 * Pages and elements (the walk that counts and commits; the fast build's,
 * hal_iommu_walk in sg_build_iommu.h, makes the same list an MDL at a
 * time):
 *   - each piece (sg_pieces.h) takes the next IOVA page, unless it lies in
 *     the same frame as the piece before, which reuses that IOVA page;
 *   - a piece merges into the open element when it starts where that one
 *     ends in IOVA (sg_piece_merges), stress SPLIT off.
 * So whatever merges by physical address merges by IOVA too (the same
 * page, or the next frame at offset 0, which is the next IOVA page), and a
 * list never has more elements than the direct backend would give it.
 * The range is aligned to its size (src/iommu/iova.c), so an element
 * never crosses a 4 GiB boundary (spec §5).
 *
 * The list's resources: the range's first IOVA page in `regs`, `bounced`
 * 0; release unmaps the range starting there (the domain's record knows
 * its pages), so nothing is allocated per list.  The device's direction is the
 * mapping's permission: a write-to-device list is readable by the device
 * only, a from-device list writable only.
 */
#include "hal/hal_backend.h"
#include "hal/sg_build_iommu.h"

#include <errno.h>

struct iommu_walk {
	struct iommu_domain *d;        /* commit: map each full chunk; else NULL */
	uint64_t iova;
	unsigned prot;
	uint64_t *pfn;                 /* [HAL_IOMMU_CHUNK], the caller's: never
					  zeroed, written before read */
	uint32_t npfn;                 /* frames in pfn[] not yet mapped */
	uint32_t pages, page_room;     /* IOVA pages taken, allowed */
	uint64_t last_pfn;
	PSCATTER_GATHER_ELEMENT e;     /* NULL: count only */
	uint32_t n, room;              /* elements */
	uint64_t cur, cur_end;         /* the open element, relative to iova */
	bool split;                    /* stress SPLIT: no merging */
	bool store;                    /* keep the frames (fast, commit) */
};

static void flush_chunk(struct iommu_walk *w)
{
	iommu_map_pages(w->d, w->iova, w->pages - w->npfn, w->pfn, w->npfn, w->prot);
	w->npfn = 0;
}

/* The piece's frame gets its IOVA page; false: no room for it. */
static inline __attribute__((always_inline)) bool walk_page(struct iommu_walk *w,
							    uint64_t pfn)
{
	if (w->pages && pfn == w->last_pfn)
		return true;
	if (w->pages == w->page_room)
		return false;
	if (w->store) {
		if (w->npfn == HAL_IOMMU_CHUNK) {
			if (!w->d)
				return false;
			flush_chunk(w);
		}
		w->pfn[w->npfn++] = pfn;
	}
	w->pages++;
	w->last_pfn = pfn;
	return true;
}

static inline __attribute__((always_inline)) bool walk_piece(struct iommu_walk *w,
							     uint64_t pa, uint64_t len)
{
	uint64_t rel, end;

	if (!walk_page(w, pa >> PAGE_SHIFT))
		return false;
	rel = (uint64_t)(w->pages - 1) << PAGE_SHIFT | (pa & SG_PAGE_MASK);
	end = rel + len;
	if (!w->split && sg_piece_merges(w->cur, w->cur_end, rel, end)) {
		if (w->e)
			w->e[w->n - 1].Length = (ULONG)(end - w->cur);
	} else {
		if (w->n == w->room)
			return false;
		if (w->e) {
			w->e[w->n].Address.QuadPart = (LONGLONG)rel;
			w->e[w->n].Length = (ULONG)len;
			w->e[w->n].Reserved = 0;
		}
		w->n++;
		w->cur = rel;
	}
	w->cur_end = end;
	return true;
}

/* The chain's `bytes` bytes from m (spec §5).  SG_BUILD_TOO_MANY: out of
 * room (elements or pages).  Inline in each caller, so a walk's state
 * stays in registers and what a caller fixes (count only, fast) folds. */
static inline __attribute__((always_inline)) enum sg_build_error
walk_chain(struct iommu_walk *w, const MDL *m, uint64_t bytes)
{
	uint64_t left = bytes;

	if (!m)
		return SG_BUILD_NO_MDL;
	if (!bytes)
		return SG_BUILD_ZERO;
	/* no element open: the first piece's merged length has high bits */
	w->cur = 1ull << 63;
	w->cur_end = 0;
	for (; m && left; m = m->Next) {
		uint64_t cnt = m->ByteCount < left ? m->ByteCount : left;
		struct sg_pieces it;

		if (!cnt)
			continue;   /* an empty MDL contributes nothing */
		it = sg_pieces_start(m, cnt);
		do {
			if (!walk_piece(w, it.pa, it.len))
				return SG_BUILD_TOO_MANY;
		} while (sg_pieces_next(&it));
		left -= cnt;
	}
	return left ? SG_BUILD_SHORT_CHAIN : SG_BUILD_OK;
}

/* Relative element addresses -> IOVAs. */
static inline void rebase(PSCATTER_GATHER_ELEMENT e, uint32_t n, uint64_t iova)
{
	for (uint32_t i = 0; i < n; i++)
		e[i].Address.QuadPart += (LONGLONG)iova;
}

/* ---- set-up and teardown --------------------------------------------------- */

static int iommu_create(struct hal_adapter *a)
{
	a->c.map_registers = 0;   /* nothing bounces behind the IOMMU */
	return a->c.domain ? 0 : -EINVAL;
}

static void iommu_destroy(struct hal_adapter *a)
{
	(void)a;   /* the domain belongs to the caller (the adapter's device) */
}

/* ---- the checked path's list ---------------------------------------------- */

static enum sg_build_error iommu_plan(const struct hal_adapter *a, const MDL *first,
				      uint64_t bytes, struct sg_plan *plan)
{
	struct iommu_walk w = {
		.room = UINT32_MAX, .page_room = UINT32_MAX,
		.split = (a->c.stress & KERNEL_STRESS_SPLIT) != 0,
	};
	enum sg_build_error err = walk_chain(&w, first, bytes);

	plan->bytes = bytes;
	plan->elements = err == SG_BUILD_OK ? w.n : 0;
	plan->iova_pages = err == SG_BUILD_OK ? w.pages : 0;
	return err;
}

/* The channel's reach (hal_constraints.address_limit: 4 GiB for a 32-bit
 * channel, spec §4) bounds each of its mappings in the domain, which
 * itself spans the device's whole reach (spec §11): a 64-bit channel's
 * IOVAs may lie above 4 GiB, so a driver that truncates one is caught. */
static inline uint64_t channel_limit(const struct hal_adapter *a)
{
	uint64_t d = iommu_domain_iova_limit(a->c.domain);

	return a->c.address_limit < d ? a->c.address_limit : d;
}

static enum hal_reserve iommu_reserve(struct hal_adapter *a, const struct sg_plan *plan,
				      bool others_wait, struct hal_resources *res,
				      const void *site)
{
	struct iommu_domain *d = a->c.domain;
	const struct iommu_who who = { HAL_IOMMU_SG_CALL, site, a->c.address_limit };
	uint64_t iova;
	int err;

	*res = HAL_RESOURCES_NONE;
	if (!plan->iova_pages)
		return HAL_RESERVED;
	if ((uint64_t)plan->iova_pages << PAGE_SHIFT >= channel_limit(a))
		return HAL_NEVER;   /* larger than the channel's IOVA space */
	if (others_wait)
		return HAL_SHORT;   /* spec §5 FIFO: behind them */
	err = iommu_iova_alloc_for(d, &who, plan->iova_pages, &iova);
	if (err == -ENOSPC)
		return HAL_SHORT;   /* mapped lists give their IOVAs back */
	if (err)
		return HAL_NEVER;   /* -ENOMEM: NDIS_STATUS_RESOURCES */
	res->regs = (uint32_t)(iova >> PAGE_SHIFT);
	res->bounced = 0;
	return HAL_RESERVED;
}

static void iommu_commit(struct hal_adapter *a, const MDL *first,
			 const struct sg_plan *plan, struct hal_resources *res,
			 bool to_device, SCATTER_GATHER_LIST *out)
{
	uint64_t pfn[HAL_IOMMU_CHUNK];
	struct iommu_walk w = {
		.d = a->c.domain, .iova = (uint64_t)res->regs << PAGE_SHIFT, .pfn = pfn,
		.prot = hal_iommu_prot(to_device), .page_room = plan->iova_pages,
		.e = out->Elements, .room = plan->elements,
		.split = (a->c.stress & KERNEL_STRESS_SPLIT) != 0, .store = true,
	};

	/* never more than reserved, even if the driver changed the chain */
	(void)walk_chain(&w, first, plan->bytes);
	if (w.npfn)
		flush_chunk(&w);
	rebase(out->Elements, w.n, w.iova);
	out->NumberOfElements = w.n;
	out->Reserved = 0;
	res->bounced = 0;
}

static void iommu_release(struct hal_adapter *a, struct hal_resources *res)
{
	if (hal_resources_held(*res))
		hal_sg_end_iommu(a->c.domain, res);
}

/* ---- the fast path's one-pass build (sg_build_iommu.h) --------------------- */

__attribute__((noinline)) int hal_iommu_map_general(struct iommu_domain *d, const void *site,
						    uint64_t limit, const uint64_t *pfn,
						    uint32_t pages, unsigned prot, uint64_t *iova)
{
	const struct iommu_who who = { HAL_IOMMU_SG_CALL, site, limit };

	return iommu_map_for(d, &who, pfn, pages, prot, iova);
}

struct hal_iommu_fast hal_iommu_fast_of(const struct hal_adapter *a)
{
	/* 0: the whole domain, which the hit path tests with one compare */
	uint64_t limit = a->c.address_limit < iommu_domain_iova_limit(a->c.domain) ?
			 a->c.address_limit : 0;

	return (struct hal_iommu_fast){ a->c.domain, limit };
}

static uint32_t iommu_build_fast(struct hal_adapter *a, const MDL *first,
				 uint64_t bytes, bool to_device,
				 SCATTER_GATHER_ELEMENT *e, uint32_t room,
				 struct hal_resources *res, const void *site)
{
	const struct hal_iommu_fast f = hal_iommu_fast_of(a);

	*res = HAL_RESOURCES_NONE;
	return hal_sg_build_iommu(&f, first, bytes, to_device, e, room, res, site);
}

const struct hal_ops hal_iommu_ops = {
	.name = "iommu",
	.create = iommu_create,
	.destroy = iommu_destroy,
	.plan = iommu_plan,
	.reserve = iommu_reserve,
	.commit = iommu_commit,
	.complete = NULL,   /* the device wrote the NET_BUFFER itself */
	.release = iommu_release,
	.build_fast = iommu_build_fast,
};
