/* iova_cache.c — the per-CPU IOVA caches (Peleg, Morrison, Serebrin,
 * Tsafrir, "Utilizing the IOMMU Scalably", USENIX ATC 2015; Linux's
 * iova rcache): each processor keeps, per size class, a loaded and a
 * previous magazine of recently freed ranges, and a depot of spare
 * magazines sits between the processors and the global allocator.
 *
 *   hit   alloc pops the loaded magazine (or swaps in prev when it is
 *         empty); free pushes it (or swaps when it is full): the
 *         processor's flag, a few loads and stores, the flag again
 *   miss  a full magazine from the depot for an empty one (alloc), an
 *         empty for a full one (free), under the depot lock; the global
 *         allocator when the depot has none
 *
 * Every magazine is allocated once, at creation ("iommu.cache"), so
 * neither path allocates.
 */
#include "iommu/iommu_internal.h"

#include <errno.h>
#include <sched.h>
#include <string.h>

#include "kernel/kexec.h"

/* iova_order's table: 0 pages and 1 page are class 0, then the power of
 * two at or above npages. */
#define O2(o) o, o
#define O4(o) O2(o), O2(o)
#define O8(o) O4(o), O4(o)
#define O16(o) O8(o), O8(o)
#define O32(o) O16(o), O16(o)
const int8_t iova_order_of[(1u << (IOVA_ORDERS - 1)) + 1] = {
	0, 0, 1, O2(2), O4(3), O8(4), O16(5), O32(6),
};
_Static_assert(IOVA_ORDERS == 7, "iova_order_of is written for 7 classes");

int iova_cache_init(struct iommu_domain *d)
{
	uint32_t per_order = 2 * d->ncpu + IOVA_DEPOT_MAGS, next = 0;
	size_t n = (size_t)per_order * IOVA_ORDERS;

	d->mags = kernel_zalloc(d->k, n * sizeof(*d->mags), "iommu.cache");
	if (!d->mags)
		return -ENOMEM;
	klock_init(&d->depot_lock, d->k);
	for (int o = 0; o < IOVA_ORDERS; o++) {
		for (uint32_t c = 0; c < d->ncpu; c++) {
			d->cpu[c].loaded[o] = &d->mags[next++];
			d->cpu[c].prev[o] = &d->mags[next++];
		}
		for (uint32_t i = 0; i < IOVA_DEPOT_MAGS; i++)
			d->depot.empty[o][i] = &d->mags[next++];
		d->depot.nempty[o] = IOVA_DEPOT_MAGS;
		d->depot.nfull[o] = 0;
	}
	return 0;
}

void iova_cache_fini(struct iommu_domain *d)
{
	if (!d->mags)
		return;
	klock_destroy(&d->depot_lock);
	kernel_free(d->k, d->mags);
	d->mags = NULL;
}

struct iommu_cpu *iommu_cpu_slow(struct iommu_domain *d)
{
	uint32_t cpu = ke_processor_current(d->k) % d->ncpu;

	/* in a DPC too: its target's, until the DPC ends (kqueue.c) */
	kthread_self.iommu_domain = d->id;
	kthread_self.iommu_cpu = &d->cpu[cpu];
	return &d->cpu[cpu];
}

void iommu_cpu_claim_wait(struct iommu_cpu *c)
{
	/* its holder is inside a short section that never blocks on us */
	while (atomic_flag_test_and_set_explicit(&c->busy, memory_order_acquire))
		sched_yield();
}

static inline void count(_Atomic uint64_t *c)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
			      memory_order_relaxed);
}

/* Every range of magazine m back to the global allocator. */
static void mag_drain(struct iommu_domain *d, struct iova_mag *m, int order)
{
	for (uint32_t i = 0; i < m->n; i++)
		iova_global_free(&d->global, m->page[i], 1u << order);
	m->n = 0;
}

/* alloc's miss: a full magazine from the depot in place of c's empty
 * loaded one.  false: the depot has none. */
static bool refill(struct iommu_domain *d, struct iommu_cpu *c, int o)
{
	bool ok = false;

	klock_acquire(&d->depot_lock);
	if (d->depot.nfull[o]) {
		struct iova_mag *full = d->depot.full[o][--d->depot.nfull[o]];

		d->depot.empty[o][d->depot.nempty[o]++] = c->loaded[o];
		c->loaded[o] = full;
		ok = true;
	}
	klock_release(&d->depot_lock);
	return ok;
}

/* free's miss: both magazines full.  The full prev goes to the depot
 * for an empty one, or, when the depot has no empty one, its ranges go
 * back to the global allocator; loaded (full) becomes prev and the empty
 * one is loaded. */
static void spill(struct iommu_domain *d, struct iommu_cpu *c, int o)
{
	struct iova_mag *full = c->prev[o], *empty = NULL;

	klock_acquire(&d->depot_lock);
	if (d->depot.nempty[o]) {
		empty = d->depot.empty[o][--d->depot.nempty[o]];
		d->depot.full[o][d->depot.nfull[o]++] = full;
	}
	klock_release(&d->depot_lock);
	if (!empty) {
		mag_drain(d, full, o);
		empty = full;
	}
	c->prev[o] = c->loaded[o];
	c->loaded[o] = empty;
}

static bool cache_pop(struct iommu_domain *d, struct iommu_cpu *c, int o,
		      uint32_t limit, uint32_t *page)
{
	struct iova_mag *m = c->loaded[o];

	if (!m->n) {
		struct iova_mag *p = c->prev[o];

		if (p->n) {
			c->prev[o] = m;
			c->loaded[o] = m = p;
		} else if (refill(d, c, o)) {
			m = c->loaded[o];
		} else {
			return false;
		}
	}
	if (m->page[m->n - 1] + (1u << o) > limit)
		return false;   /* above this allocation's reach: the global path */
	*page = m->page[--m->n];
	return true;
}

static void cache_push(struct iommu_domain *d, struct iommu_cpu *c, int o,
		       uint32_t page)
{
	struct iova_mag *m = c->loaded[o];

	if (m->n == IOVA_MAG_SIZE) {
		struct iova_mag *p = c->prev[o];

		if (p->n == IOVA_MAG_SIZE)
			spill(d, c, o);
		else {
			c->prev[o] = m;
			c->loaded[o] = p;
		}
		m = c->loaded[o];
	}
	m->page[m->n++] = page;
}

int iova_alloc(struct iommu_domain *d, struct iommu_cpu *c, uint32_t npages,
	       uint32_t limit, uint32_t *page)
{
	int o = iova_order(npages);
	uint32_t pages = iova_range_pages(npages);

	if (c && o >= 0 && cache_pop(d, c, o, limit, page)) {
		count(&c->hits);
		return 0;
	}
	if (c)
		count(&c->misses);
	else
		atomic_fetch_add_explicit(&d->misses, 1, memory_order_relaxed);
	return iova_global_alloc(d->k, &d->global, pages, iova_range_align(pages), limit,
				 page);
}

void iova_free(struct iommu_domain *d, struct iommu_cpu *c, uint32_t page,
	       uint32_t npages)
{
	int o = iova_order(npages);

	if (c && o >= 0) {
		cache_push(d, c, o, page);
		return;
	}
	iova_global_free(&d->global, page, iova_range_pages(npages));
}

void iova_cache_drain(struct iommu_domain *d)
{
	/* one processor's state claimed at a time: never two held */
	for (uint32_t i = 0; i < d->ncpu; i++) {
		struct iommu_cpu *x = &d->cpu[i];

		iommu_cpu_claim_wait(x);
		for (int o = 0; o < IOVA_ORDERS; o++) {
			mag_drain(d, x->loaded[o], o);
			mag_drain(d, x->prev[o], o);
		}
		iommu_cpu_release(x);
	}
	klock_acquire(&d->depot_lock);
	for (int o = 0; o < IOVA_ORDERS; o++) {
		while (d->depot.nfull[o]) {
			struct iova_mag *m = d->depot.full[o][--d->depot.nfull[o]];

			mag_drain(d, m, o);
			d->depot.empty[o][d->depot.nempty[o]++] = m;
		}
	}
	klock_release(&d->depot_lock);
}
