/* domain.c — an IOMMU domain (iommu.h, spec §11): its life, map and
 * unmap in either mode, the bus's translation and the counters.  The
 * pieces are iova.c + iova_cache.c (where an IOVA range comes from),
 * io_pgtable.c (what it translates to) and flush_queue.c (lazy unmaps).
 *
 * A map or unmap claims the calling processor's state once
 * (iommu_cpu_claim) and does everything there: the cache, the queue and
 * the counters.  The hit paths are iommu_hit.h's (inline, also in the
 * HAL's fast build); here are their general paths.  When the state is
 * busy (another context of the same processor is inside) the call takes
 * the global path: the global allocator, and for an unmap strict
 * semantics (cleared and freed now, never less safe than lazy).
 */
#include "iommu/iommu_hit.h"

#include <errno.h>
#include <string.h>

#include "kernel/kexec.h"
#include "kernel/ktime.h"

const char *iommu_mode_name(enum iommu_mode m)
{
	switch (m) {
	case IOMMU_OFF: return "off";
	case IOMMU_STRICT: return "strict";
	case IOMMU_LAZY: return "lazy";
	}
	return "?";
}

int iommu_mode_parse(const char *name, enum iommu_mode *out)
{
	static const enum iommu_mode all[] = { IOMMU_OFF, IOMMU_STRICT, IOMMU_LAZY };

	for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++) {
		if (!strcmp(name, iommu_mode_name(all[i]))) {
			*out = all[i];
			return 0;
		}
	}
	return -EINVAL;
}

uint64_t iommu_now_ns(const struct iommu_domain *d)
{
	/* per unmap: the coarse clock (a few ms of precision is plenty to say
	 * when a mapping went; the precise one is a syscall on some hosts) */
	return ktime_interrupt_coarse_ns(d->k);
}

/* ---- life ------------------------------------------------------------------- */

static uint32_t limit_pages(uint64_t iova_limit)
{
	uint64_t pages = iova_limit >> IOMMU_PAGE_SHIFT;

	return pages > IOMMU_MAX_PAGES ? IOMMU_MAX_PAGES : (uint32_t)pages;
}

static void domain_free(struct iommu_domain *d)
{
	io_pt_destroy(d);
	iova_cache_fini(d);
	iova_global_fini(d->k, &d->global);
	kernel_free(d->k, d->cpu);
	kernel_free(d->k, d);
}

int iommu_domain_create(struct kernel *k, const struct iommu_domain_config *c,
			struct iommu_domain **out)
{
	struct iommu_domain *d;
	uint32_t limit;

	*out = NULL;
	if (!k || !c || (c->mode != IOMMU_STRICT && c->mode != IOMMU_LAZY))
		return -EINVAL;
	limit = limit_pages(c->iova_limit);
	if (limit < IOMMU_FIRST_PAGE + 16)
		return -EINVAL;
	d = kernel_zalloc(k, sizeof(*d), "iommu.domain");
	if (!d)
		return -ENOMEM;
	static _Atomic uint64_t next_id;

	d->k = k;
	d->id = atomic_fetch_add_explicit(&next_id, 1, memory_order_relaxed) + 1;
	d->mode = c->mode;
	d->device_name = c->device_name;
	d->ncpu = kexec_processors(k);
	d->cpu = kernel_zalloc(k, d->ncpu * sizeof(*d->cpu), "iommu.domain");
	if (!d->cpu || iova_global_init(k, &d->global, IOMMU_FIRST_PAGE, limit) ||
	    iova_cache_init(d)) {
		domain_free(d);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < d->ncpu; i++) {
		atomic_flag_clear(&d->cpu[i].busy);
		d->cpu[i].leaf_key = UINT32_MAX;   /* no leaf yet */
	}
	*out = d;
	return 0;
}

void iommu_domain_destroy(struct iommu_domain *d)
{
	if (!d)
		return;
	fq_flush_all(d);
	domain_free(d);
}

enum iommu_mode iommu_domain_mode(const struct iommu_domain *d)
{
	return d->mode;
}

uint64_t iommu_domain_iova_limit(const struct iommu_domain *d)
{
	return (uint64_t)d->global.limit << IOMMU_PAGE_SHIFT;
}

/* ---- map ---------------------------------------------------------------------- */

#define bump iommu_bump

static inline void count_map(struct iommu_domain *d, struct iommu_cpu *c, uint32_t npages)
{
	(void)npages;   /* live pages are the records' (iommu_domain_stats) */
	if (c)
		bump(&c->maps, 1);
	else
		atomic_fetch_add_explicit(&d->maps, 1, memory_order_relaxed);
}

/* The page the allocation of `who` may not reach (iommu_who.limit capped
 * at the domain's). */
static inline uint32_t who_limit(const struct iommu_domain *d, const struct iommu_who *who)
{
	uint64_t p = who->limit >> IOMMU_PAGE_SHIFT;

	return who->limit && p < d->global.limit ? (uint32_t)p : d->global.limit;
}

/* A range of npages on the claimed processor c (or NULL), its tables made
 * and its record written; with pfns, its entries too (one walk). */
static inline __attribute__((always_inline)) int
map_on(struct iommu_domain *d, struct iommu_cpu *c, const uint64_t *pfns,
       uint32_t npages, unsigned prot, const struct iommu_who *who, uint32_t *page)
{
	int err = iova_get(d, c, npages, who_limit(d, who), page);

	if (err)
		return err;
	if (pfns)
		err = io_pt_map(d, *page, npages, pfns, prot, who);
	else if (!(err = io_pt_prepare(d, *page, npages)))
		io_pt_record(d, *page, npages, who);
	if (err) {
		iova_put(d, c, *page, npages);
		return err;
	}
	count_map(d, c, npages);
	return 0;
}

/* The cache first; at -ENOSPC, everything the caches and lazy queues
 * hold is freed (no processor's state held) and the global allocator is
 * asked again.  Out of line: the hit path (iommu_map_for) saves no
 * registers for it. */
static __attribute__((noinline)) int map_general(struct iommu_domain *d,
						 const uint64_t *pfns, uint32_t npages,
						 unsigned prot, const struct iommu_who *who,
						 uint64_t *iova)
{
	struct iommu_cpu *c = iommu_cpu_claim(d);
	uint32_t page;
	int err = map_on(d, c, pfns, npages, prot, who, &page);

	if (c)
		iommu_cpu_release(c);
	if (err == -ENOSPC) {
		fq_flush_all(d);
		iova_cache_drain(d);
		err = map_on(d, NULL, pfns, npages, prot, who, &page);
	}
	*iova = err ? 0 : (uint64_t)page << IOMMU_PAGE_SHIFT;
	return err;
}

int iommu_iova_alloc_for(struct iommu_domain *d, const struct iommu_who *who,
			 uint32_t npages, uint64_t *iova)
{
	*iova = 0;
	if (!npages)
		return -EINVAL;
	return map_general(d, NULL, npages, 0, who, iova);
}

int iommu_iova_alloc(struct iommu_domain *d, uint32_t npages, const char *site,
		     uint64_t *iova)
{
	const struct iommu_who who = { .call = site, .limit = UINT64_MAX };

	return iommu_iova_alloc_for(d, &who, npages, iova);
}

void iommu_map_pages(struct iommu_domain *d, uint64_t iova, uint32_t first,
		     const uint64_t *pfns, uint32_t n, unsigned prot)
{
	io_pt_set(d, (uint32_t)(iova >> IOMMU_PAGE_SHIFT), first, pfns, n,
		  prot & (IOMMU_READ | IOMMU_WRITE));
}

int iommu_map_for(struct iommu_domain *d, const struct iommu_who *who,
		  const uint64_t *pfns, uint32_t npages, unsigned prot, uint64_t *iova)
{
	uint32_t page;

	*iova = 0;
	prot &= IOMMU_READ | IOMMU_WRITE;
	if (!npages || !prot)
		return -EINVAL;
	if (iommu_map_hit(d, who, pfns, npages, prot, &page)) {
		*iova = (uint64_t)page << IOMMU_PAGE_SHIFT;
		return 0;
	}
	return map_general(d, pfns, npages, prot, who, iova);
}

int iommu_map(struct iommu_domain *d, const uint64_t *pfns, uint32_t npages,
	      unsigned prot, const char *site, uint64_t *iova)
{
	const struct iommu_who who = { .call = site, .limit = UINT64_MAX };

	return iommu_map_for(d, &who, pfns, npages, prot, iova);
}

/* ---- unmap and flush ------------------------------------------------------------- */

static inline bool page_valid(const struct iommu_domain *d, uint64_t iova)
{
	uint64_t page = iova >> IOMMU_PAGE_SHIFT;

	return !(iova & IOMMU_PAGE_MASK) && page >= IOMMU_FIRST_PAGE &&
	       page < d->global.limit;
}

uint32_t iommu_mapped_pages(struct iommu_domain *d, uint64_t iova)
{
	if (!page_valid(d, iova))
		return 0;
	return io_pt_mapping_pages(d, (uint32_t)(iova >> IOMMU_PAGE_SHIFT));
}

int iommu_unmap_strict_hit(struct iommu_domain *d, struct iommu_cpu *c,
			   struct io_pt_leaf *l, uint32_t page, uint32_t n)
{
	uint32_t i = page & (IOPT_ENTRIES - 1);
	uint64_t now;

	if (!iommu_in_leaf(page, n)) {
		iommu_cpu_release(c);
		return iommu_unmap_miss(d, page, n);
	}
	now = iommu_now_ns(d);
	atomic_store_explicit(&l->unmapped_at[i], now ? now : 1, memory_order_relaxed);
	for (uint32_t j = 0; j < n; j++)
		atomic_store_explicit(&l->pte[i + j], 0, memory_order_release);
	/* invalidated before the range can be reused */
	atomic_fetch_add_explicit(&d->invalidations, 1, memory_order_seq_cst);
	iova_put(d, c, page, n);
	iommu_cpu_release(c);
	return 0;
}

/* The general unmap (iommu_unmap_miss), on this processor's state when
 * it can be claimed, else none: the clock read, the walk, strict's
 * clearing or the queue (with its clock point), the counters. */
int iommu_unmap_miss(struct iommu_domain *d, uint32_t page, uint32_t npages)
{
	struct iommu_cpu *c = iommu_cpu_claim(d);
	uint64_t now = iommu_now_ns(d);
	struct io_pt_leaf *leaf;
	bool queue;

	/* lazy needs the processor's queue; without it, strict's way */
	queue = d->mode == IOMMU_LAZY && c;
	npages = io_pt_unmap(d, page, npages, now, !queue, &leaf);
	if (!npages) {
		if (c)
			iommu_cpu_release(c);
		return -EINVAL;
	}
	if (queue) {
		fq_queue(d, c, leaf, page, npages, now);
	} else {
		/* strict: invalidated before the range can be reused */
		atomic_fetch_add_explicit(&d->invalidations, 1, memory_order_seq_cst);
		iova_put(d, c, page, npages);
	}
	if (c)
		iommu_cpu_release(c);
	return 0;
}

int iommu_unmap_other_cpu(struct iommu_domain *d, uint32_t page, uint32_t npages)
{
	return iommu_unmap_on(d, iommu_cpu_slow(d), page, npages);
}

int iommu_unmap(struct iommu_domain *d, uint64_t iova, uint32_t npages)
{
	if (!page_valid(d, iova))
		return -EINVAL;
	return iommu_unmap_page(d, (uint32_t)(iova >> IOMMU_PAGE_SHIFT), npages);
}

void iommu_flush(struct iommu_domain *d)
{
	if (d->mode == IOMMU_LAZY)
		fq_flush_all(d);
}

/* ---- the bus's translation ---------------------------------------------------------- */

int iommu_translate(struct iommu_domain *d, uint64_t iova, size_t len,
		    bool device_writes, uint64_t *pa, struct iommu_fault *fault)
{
	uint64_t page = iova >> IOMMU_PAGE_SHIFT, pte = 0;
	unsigned need = device_writes ? IOMMU_WRITE : IOMMU_READ;
	bool in_page = (iova & IOMMU_PAGE_MASK) + (len ? len : 1) <= IOMMU_PAGE_SIZE;
	struct io_pt_leaf *l = NULL;

	if (page >= IOMMU_FIRST_PAGE && page < d->global.limit)
		l = io_pt_find(d, (uint32_t)page);
	if (l)
		pte = atomic_load_explicit(&l->pte[page & (IOPT_ENTRIES - 1)],
					   memory_order_acquire);
	if (in_page && (pte & need)) {
		*pa = (pte & ~IOMMU_PAGE_MASK) | (iova & IOMMU_PAGE_MASK);
		return 0;
	}
	memset(fault, 0, sizeof(*fault));
	fault->iova = iova;
	fault->device_writes = device_writes;
	fault->not_permitted = (pte & IOPTE_PROT_MASK) != 0 && in_page;
	if (l)
		io_pt_history(d, (uint32_t)page, fault);
	atomic_fetch_add_explicit(&d->faults, 1, memory_order_relaxed);
	return -EFAULT;
}

/* ---- counters ------------------------------------------------------------------------ */

void iommu_domain_stats(const struct iommu_domain *d, struct iommu_stats *s)
{
	uint64_t live;

	memset(s, 0, sizeof(*s));
	s->maps = atomic_load_explicit(&d->maps, memory_order_relaxed);
	s->cache_misses = atomic_load_explicit(&d->misses, memory_order_relaxed);
	s->flushes = atomic_load_explicit(&d->flushes, memory_order_relaxed);
	s->invalidations = atomic_load_explicit(&d->invalidations, memory_order_relaxed);
	s->faults = atomic_load_explicit(&d->faults, memory_order_relaxed);
	for (uint32_t i = 0; i < d->ncpu; i++) {
		const struct iommu_cpu *c = &d->cpu[i];
		uint64_t fast = atomic_load_explicit(&c->fast, memory_order_relaxed);

		s->maps += atomic_load_explicit(&c->maps, memory_order_relaxed) + fast;
		s->cache_hits += atomic_load_explicit(&c->hits, memory_order_relaxed) + fast;
		s->cache_misses += atomic_load_explicit(&c->misses, memory_order_relaxed);
	}
	/* every map ends in one unmap, and the live mappings are the page
	 * table's records: no map or unmap counts pages or unmaps (summed
	 * while others map, the two may be a mapping apart) */
	io_pt_live(d, &live, &s->mapped_pages);
	s->unmaps = s->maps > live ? s->maps - live : 0;
}
