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

#include <string.h>

/* One queued range's entries cleared: `pages` of them, a constant for
 * the small classes, whose runs are written out (1, 2 or 4 stores, no
 * loop: most lists are one of them), else the class's. */
static inline __attribute__((always_inline)) void
clear_run(_Atomic uint64_t *pte, uint32_t pages)
{
	if (pages <= 4) {
		atomic_store_explicit(&pte[0], 0, memory_order_release);
		if (pages >= 2)
			atomic_store_explicit(&pte[1], 0, memory_order_release);
		if (pages >= 4) {
			atomic_store_explicit(&pte[2], 0, memory_order_release);
			atomic_store_explicit(&pte[3], 0, memory_order_release);
		}
		return;
	}
	for (uint32_t p = 0; p < pages; p++)
		atomic_store_explicit(&pte[p], 0, memory_order_release);
}

/* The entries of class o's k ranges cleared (first[]: each one's first
 * entry). */
static inline __attribute__((always_inline)) void
clear_class(_Atomic uint64_t *const *first, uint32_t k, uint32_t pages)
{
	uint32_t j = 0;

	for (; j + 1 < k; j += 2) {   /* two ranges a round: half the loop's steps */
		clear_run(first[j], pages);
		clear_run(first[j + 1], pages);
	}
	if (j < k)
		clear_run(first[j], pages);
}

/* Class o's ranges back into its magazine, copied in runs (a full one
 * swapped or spilled through iova_free). */
static void free_class(struct iommu_domain *d, struct iommu_cpu *c, uint32_t o,
		       const uint32_t *page, uint32_t k)
{
	uint32_t j = 0;

	while (j < k) {
		struct iova_mag *m = c->loaded[o];
		uint32_t fit = IOVA_MAG_SIZE - m->n;

		if (fit > k - j)
			fit = k - j;
		memcpy(&m->page[m->n], &page[j], fit * sizeof(m->page[0]));
		m->n += fit;
		j += fit;
		if (j < k)   /* full: one through iova_free (a swap or a spill) */
			iova_free(d, c, page[j++], 1u << o);
	}
}

void fq_flush_cpu(struct iommu_domain *d, struct iommu_cpu *c)
{
	struct iommu_fq *q = &c->fq;

	if (!q->n)
		return;
	clear_class(q->pte[0], q->nclass[0], 1);
	clear_class(q->pte[1], q->nclass[1], 2);
	clear_class(q->pte[2], q->nclass[2], 4);
	for (uint32_t o = 3; o < IOVA_ORDERS; o++)
		clear_class(q->pte[o], q->nclass[o], 1u << o);
	for (uint32_t i = 0; i < q->nother; i++) {
		const struct iommu_fq_entry *e = &q->other[i];

		if (e->leaf) {   /* in one leaf, larger than a class */
			_Atomic uint64_t *pte = &e->leaf->pte[e->page & (IOPT_ENTRIES - 1)];

			for (uint32_t j = 0; j < e->npages; j++)
				atomic_store_explicit(&pte[j], 0, memory_order_release);
		} else {
			io_pt_clear(d, e->page, e->npages);
		}
	}
	/* one invalidation for the batch: from here no entry of it translates */
	atomic_fetch_add_explicit(&d->invalidations, 1, memory_order_seq_cst);
	for (uint32_t o = 0; o < IOVA_ORDERS; o++) {
		free_class(d, c, o, q->page[o], q->nclass[o]);
		q->nclass[o] = 0;
	}
	for (uint32_t i = 0; i < q->nother; i++)
		iova_put(d, c, q->other[i].page, q->other[i].npages);
	q->nother = 0;
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

/* A range queued (its record already stamped): on its class's list when
 * it is a class's range in one leaf, else on `other`. */
static void fq_put(struct iommu_fq *q, struct io_pt_leaf *leaf, uint32_t page,
		   uint32_t npages)
{
	if (leaf && npages <= (1u << (IOVA_ORDERS - 1))) {
		fq_class_push(q, (uint32_t)iova_order_of[npages],
			      &leaf->pte[page & (IOPT_ENTRIES - 1)], page);
	} else {
		q->other[q->nother++] = (struct iommu_fq_entry){ leaf, page, npages };
	}
	q->n++;
}

int fq_unmap_clock_point(struct iommu_domain *d, struct iommu_cpu *c,
			 struct io_pt_leaf *l, uint32_t page, uint32_t n)
{
	if (!iommu_in_leaf(page, n)) {
		iommu_cpu_release(c);
		return iommu_unmap_miss(d, page, n);
	}
	if (!(c->fq.n & (IOMMU_FQ_CLOCK_EVERY - 1)))
		fq_clock(d, c, iommu_now_ns(d));
	if (n <= (1u << (IOVA_ORDERS - 1)))
		return fq_unmap_queue(c, l, page, n);
	/* larger than a class, in one leaf: fq_unmap_queue's steps */
	atomic_store_explicit(&l->unmapped_at[page & (IOPT_ENTRIES - 1)], c->stamp,
			      memory_order_relaxed);
	fq_put(&c->fq, l, page, n);
	iommu_cpu_release(c);
	return 0;
}

void fq_queue(struct iommu_domain *d, struct iommu_cpu *c, struct io_pt_leaf *leaf,
	      uint32_t page, uint32_t npages, uint64_t now_ns)
{
	fq_clock(d, c, now_ns);
	fq_put(&c->fq, leaf, page, npages);
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
