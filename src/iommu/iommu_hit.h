/* iommu_hit.h — the hit paths of map and unmap, inline: what iommu_map_for
 * and iommu_unmap (iommu.h) do when the calling processor's IOVA cache
 * and its last leaf serve the call, which is every call of a warm
 * domain.  domain.c's entry points try them first; the HAL's fast build
 * and its release (src/hal/backend_iommu.c) call them directly, so the
 * list a packet maps is walked and mapped in one function, with no call,
 * no argument block and no second prologue on the path every packet
 * takes.  Each returns false having changed nothing, and the caller then
 * makes the full call, whose general path decides (domain.c).  Nothing
 * here locks, makes a syscall or allocates (docs/iommu.md "IOVA
 * allocation").
 */
#ifndef NDISDMA_IOMMU_HIT_H
#define NDISDMA_IOMMU_HIT_H

#include "iommu/iommu_internal.h"

/* iommu_map_for's hit path (pfns[0 .. npages), prot READ and/or WRITE,
 * not 0): the claimed processor's loaded magazine of the range's class
 * (the previous one swapped in when it is empty) has a range on top that
 * ends below who->limit (0: the domain's), and the processor's last leaf
 * holds it (a cached range, at most 64 pages aligned to its size, lies
 * in one leaf): popped, its record and entries written
 * (io_pt_leaf_fill), counted.  *page: its first page. */
static inline __attribute__((always_inline)) bool
iommu_map_hit(struct iommu_domain *d, const struct iommu_who *who, const uint64_t *pfns,
	      uint32_t npages, unsigned prot, uint32_t *page)
{
	struct iommu_cpu *c;
	struct iova_mag *m;
	struct io_pt_leaf *l;
	uint32_t o, n, p;

	if (npages - 1 >= (1u << (IOVA_ORDERS - 1)))
		return false;   /* 0, or larger than the largest class */
	o = (uint32_t)iova_order_of[npages];
	c = iommu_cpu_cached(d) ? kthread_self.iommu_cpu : iommu_cpu_slow(d);
	if (!iommu_cpu_try(c))
		return false;
	m = c->loaded[o];
	n = m->n;
	if (!n) {
		/* the previous magazine swapped in, as the general path's
		 * pop does (iova_cache.c): once per magazine, not a miss */
		struct iova_mag *full = c->prev[o];

		if (!full->n)
			goto miss;
		c->prev[o] = m;
		c->loaded[o] = m = full;
		n = m->n;
	}
	p = m->page[n - 1];
	/* a channel that reaches the whole domain (every 64-bit one) takes
	 * any cached range; another, one that ends within its reach.  A
	 * limit of 0 is the domain's (as on the general path, who_limit in
	 * domain.c): the HAL's fast build passes it for the first, so the
	 * test is one compare (a limit at or past the domain's passes the
	 * second test too) */
	if (who->limit && ((uint64_t)p + (1u << o)) << IOMMU_PAGE_SHIFT > who->limit)
		goto miss;
	l = iommu_cpu_leaf(d, c, p);
	if (!l)
		goto miss;   /* a new range's table: made on the general path */
	m->n = n - 1;
	io_pt_leaf_fill(l, p, npages, pfns, prot, who);
	iommu_bump(&c->fast, 1);
	iommu_cpu_release(c);
	*page = p;
	return true;
miss:
	iommu_cpu_release(c);
	return false;
}

/* The pages of the live mapping of `npages` pages (0: any) that starts
 * at page (i: its index in leaf l), 0 when there is none: a mapping's
 * first page alone has a page count, and its `unmapped_at` is 0 exactly
 * while it is live (a later mapping over the page starts elsewhere, and
 * only after this one was unmapped), so the two say it.  A mapping of
 * up to the largest class's pages lies in l (its range is aligned to its
 * class, iova.c); a larger one may not (iommu_in_leaf). */
static inline uint32_t iommu_live_at(struct io_pt_leaf *l, uint32_t i, uint32_t npages)
{
	uint32_t n = atomic_load_explicit(&l->pages[i], memory_order_relaxed);

	if (!n || atomic_load_explicit(&l->unmapped_at[i], memory_order_relaxed) ||
	    (npages && n != npages))
		return 0;
	return n;
}

static inline bool iommu_in_leaf(uint32_t page, uint32_t n)
{
	return (page & (IOPT_ENTRIES - 1)) + n <= IOPT_ENTRIES;
}

/* What iommu_unmap_page does off its hit path, out of line: none of
 * them keeps a value of the hit path live across a call, so the hit path
 * saves no registers.
 *   iommu_unmap_miss         the general path (domain.c): the state
 *                            claimed again, the four-level walk, strict
 *                            semantics when the state is busy
 *   iommu_unmap_other_cpu    the thread's cache does not name this
 *                            processor's state (a DPC, another domain
 *                            used last): iommu_unmap_on with it
 *   iommu_unmap_strict_hit   strict's hit path: the record stamped with
 *                            the clock (strict reads it per unmap), the
 *                            entries cleared, the invalidation counted,
 *                            and only then the range pushed back
 *   fq_unmap_clock_point     lazy's hit path at a clock point
 *                            (flush_queue.c): the clock read, a full or
 *                            timed-out queue flushed, then queued; and a
 *                            mapping larger than the largest class
 * Each returns what iommu_unmap returns; the last three release c, and
 * take the general path for a mapping that does not lie in l
 * (iommu_in_leaf). */
int iommu_unmap_miss(struct iommu_domain *d, uint32_t page, uint32_t npages);
int iommu_unmap_other_cpu(struct iommu_domain *d, uint32_t page, uint32_t npages);
int iommu_unmap_strict_hit(struct iommu_domain *d, struct iommu_cpu *c,
			   struct io_pt_leaf *l, uint32_t page, uint32_t n);
int fq_unmap_clock_point(struct iommu_domain *d, struct iommu_cpu *c,
			 struct io_pt_leaf *l, uint32_t page, uint32_t n);

/* A lazy unmap queued on the claimed processor c, between clock points:
 * the record at page (in leaf l; n <= the largest class's pages, so the
 * range is a class's) stamped with c's stamp, the range on its class's
 * list (flush_queue.c), c released. */
static inline __attribute__((always_inline)) int
fq_unmap_queue(struct iommu_cpu *c, struct io_pt_leaf *l, uint32_t page, uint32_t n)
{
	uint32_t i = page & (IOPT_ENTRIES - 1);

	atomic_store_explicit(&l->unmapped_at[i], c->stamp, memory_order_relaxed);
	fq_class_push(&c->fq, (uint32_t)iova_order_of[n], &l->pte[i], page);
	c->fq.n++;
	iommu_cpu_release(c);
	return 0;
}

/* iommu_unmap of the mapping of npages (0: any) that starts at page, on
 * processor state c (not claimed yet).  The hit path: c claimed, the live
 * mapping lies in c's last leaf, and (lazy) c's queue is not at a clock
 * point; everything else is a tail call above. */
static inline __attribute__((always_inline)) int
iommu_unmap_on(struct iommu_domain *d, struct iommu_cpu *c, uint32_t page, uint32_t npages)
{
	struct io_pt_leaf *l;
	uint32_t n;

	if (!iommu_cpu_try(c))
		return iommu_unmap_miss(d, page, npages);
	l = iommu_cpu_leaf(d, c, page);
	if (!l || !(n = iommu_live_at(l, page & (IOPT_ENTRIES - 1), npages))) {
		iommu_cpu_release(c);
		return iommu_unmap_miss(d, page, npages);
	}
	if (d->mode != IOMMU_LAZY)
		return iommu_unmap_strict_hit(d, c, l, page, n);
	if (!(c->fq.n & (IOMMU_FQ_CLOCK_EVERY - 1)) || n > (1u << (IOVA_ORDERS - 1)))
		return fq_unmap_clock_point(d, c, l, page, n);
	return fq_unmap_queue(c, l, page, n);
}

/* iommu_unmap for a page number (the HAL keeps a list's first page): 0,
 * or -EINVAL when no live mapping of npages (0: any) starts there. */
static inline __attribute__((always_inline)) int
iommu_unmap_page(struct iommu_domain *d, uint32_t page, uint32_t npages)
{
	if (iommu_cpu_cached(d))
		return iommu_unmap_on(d, kthread_self.iommu_cpu, page, npages);
	return iommu_unmap_other_cpu(d, page, npages);
}

#endif
