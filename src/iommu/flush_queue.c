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
#include "iommu/iommu_internal.h"

void fq_flush_cpu(struct iommu_domain *d, struct iommu_cpu *c)
{
	struct iommu_fq *q = &c->fq;

	if (!q->n)
		return;
	for (uint32_t i = 0; i < q->n; i++) {
		const struct iommu_fq_entry *e = &q->e[i];

		if (e->leaf) {   /* the usual range, in one leaf */
			_Atomic uint64_t *pte = &e->leaf->pte[e->page & (IOPT_ENTRIES - 1)];

			for (uint32_t j = 0; j < e->npages; j++)
				atomic_store_explicit(&pte[j], 0, memory_order_release);
		} else {
			io_pt_clear(d, e->page, e->npages);
		}
	}
	/* one invalidation for the batch: from here no entry of it translates */
	atomic_fetch_add_explicit(&d->invalidations, 1, memory_order_seq_cst);
	for (uint32_t i = 0; i < q->n; i++)
		iova_put(d, c, q->e[i].page, q->e[i].npages);
	q->n = 0;
	atomic_fetch_add_explicit(&d->flushes, 1, memory_order_relaxed);
}

void fq_queue(struct iommu_domain *d, struct iommu_cpu *c, struct io_pt_leaf *leaf,
	      uint32_t page, uint32_t npages, uint64_t now_ns)
{
	struct iommu_fq *q = &c->fq;

	if (q->n == IOMMU_FQ_SIZE || (q->n && now_ns - q->first_ns > IOMMU_FQ_TIMEOUT_NS))
		fq_flush_cpu(d, c);
	if (!q->n)
		q->first_ns = now_ns;
	/* the stamp of the unmaps queued without a clock read until the next
	 * clock point (domain.c); 0 would read as "live" */
	c->stamp = now_ns ? now_ns : 1;
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
