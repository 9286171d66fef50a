/* flush_queue.c — lazy mode's deferred invalidation (Linux's iova flush
 * queue, IOMMU_DMA_OPTS_FQ): an unmap only queues its range on the
 * processor's queue; the queue is flushed -- its entries cleared, one
 * invalidation for the whole batch, its ranges freed for reuse -- when it
 * is full, when its oldest entry is older than IOMMU_FQ_TIMEOUT_NS at a
 * clock point (every IOMMU_FQ_CLOCK_EVERY-th unmap queued: the clock is
 * read there, not per unmap, and the unmaps queued in between are stamped
 * with that reading), at iommu_flush (a flush point), when the IOVA space
 * runs out and at destroy.
 *
 * Until then the range's entries still translate: the stale window, in
 * which a device that kept an unmapped IOVA still reaches the memory, as
 * on real hardware with a deferred IOTLB flush.  An IOVA is never reused
 * before its flush, since it reaches the cache only then.
 */
#include "iommu/iommu_hit.h"

void fq_flush_cpu(struct iommu_domain *d, struct iommu_cpu *c)
{
	struct iommu_fq *q = &c->fq;
	uint32_t n = q->n;

	if (!n)
		return;
	for (uint32_t i = 0; i < n; i++) {
		struct iommu_fq_entry *e = &q->e[i];

		if (e->leaf) {   /* the usual range, in one leaf */
			uint32_t at = e->page & (IOPT_ENTRIES - 1);
			_Atomic uint64_t *pte = &e->leaf->pte[at];
			/* its pages: the record's, still (fq_unmap_queue) */
			uint32_t pages = atomic_load_explicit(&e->leaf->pages[at],
							      memory_order_relaxed);

			e->npages = pages;
			for (uint32_t j = 0; j < pages; j++)
				atomic_store_explicit(&pte[j], 0, memory_order_release);
		} else {
			io_pt_clear(d, e->page, e->npages);
		}
	}
	/* one invalidation for the batch: from here no entry of it translates */
	atomic_fetch_add_explicit(&d->invalidations, 1, memory_order_seq_cst);
	for (uint32_t i = 0; i < n; i++)
		iova_put(d, c, q->e[i].page, q->e[i].npages);
	q->n = 0;
	atomic_fetch_add_explicit(&d->flushes, 1, memory_order_relaxed);
}

/* The clock point's work with the reading `now_ns`. */
static void fq_clock(struct iommu_domain *d, struct iommu_cpu *c, uint64_t now_ns)
{
	struct iommu_fq *q = &c->fq;

	if (q->n == IOMMU_FQ_SIZE || (q->n && now_ns - q->first_ns > IOMMU_FQ_TIMEOUT_NS))
		fq_flush_cpu(d, c);
	if (!q->n)
		q->first_ns = now_ns;
	/* the stamp of the unmaps queued without a clock read until the next
	 * clock point (the hit path, iommu_hit.h); 0 would read as "live" */
	c->stamp = now_ns ? now_ns : 1;
}

int fq_unmap_clock_point(struct iommu_domain *d, struct iommu_cpu *c,
			 struct io_pt_leaf *l, uint32_t page, uint32_t n)
{
	fq_clock(d, c, iommu_now_ns(d));
	return fq_unmap_queue(c, l, page, n);
}

void fq_queue(struct iommu_domain *d, struct iommu_cpu *c, struct io_pt_leaf *leaf,
	      uint32_t page, uint32_t npages, uint64_t now_ns)
{
	struct iommu_fq *q = &c->fq;

	fq_clock(d, c, now_ns);
	q->e[q->n++] = (struct iommu_fq_entry){ leaf, page, npages };
}

void fq_flush_all(struct iommu_domain *d)
{
	/* one processor's state claimed at a time: never two held */
	for (uint32_t i = 0; i < d->ncpu; i++) {
		struct iommu_cpu *c = &d->cpu[i];

		iommu_cpu_claim_wait(c);
		fq_flush_cpu(d, c);
		iommu_cpu_release(c);
	}
}
