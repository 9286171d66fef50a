/* iommu_internal.h — the domain's insides, shared by its files (private
 * to src/iommu and its unit tests; outside, only iommu_hit.h's inline hit
 * paths, which the HAL's iommu backend calls, see them):
 *   domain.c       create/destroy, map/unmap/flush, translate, stats
 *   iova.c         the global IOVA allocator (free extents, under a lock)
 *   iova_cache.c   the per-CPU magazines in front of it and their depot
 *   io_pgtable.c   the I/O page table and each page's last mapping
 *   flush_queue.c  lazy mode's per-CPU flush queues
 *   iommu_hit.h    the hit paths of map and unmap, inline
 *
 * Units: an IOVA "page" is its page number (iova >> IOMMU_PAGE_SHIFT), a
 * uint32_t: a domain's IOVAs lie below 2^44 (16 TiB; hal.h's
 * struct hal_resources carries a list's first IOVA page in 32 bits), and
 * page UINT32_MAX is never handed out (it is hal.h's "nothing held").
 */
#ifndef NDISDMA_IOMMU_INTERNAL_H
#define NDISDMA_IOMMU_INTERNAL_H

#include <stdatomic.h>

#include "iommu/iommu.h"

#define IOMMU_PAGE_SHIFT 12
#define IOMMU_PAGE_SIZE (1ull << IOMMU_PAGE_SHIFT)
#define IOMMU_PAGE_MASK (IOMMU_PAGE_SIZE - 1)
/* The first IOVA page handed out: IOVA 0 (a NULL) is never valid, as in
 * Linux's dma-iommu (IOVA_START_PFN). */
#define IOMMU_FIRST_PAGE 1u
/* The last page + 1 of a 64-bit domain (2^44 bytes of IOVA). */
#define IOMMU_MAX_PAGES 0xFFFFFFFFu

/* ---- the global allocator (iova.c) --------------------------------------- */

struct iova_extent {
	uint32_t lo, hi;         /* free pages [lo, hi) */
};

/* The free IOVA space as sorted, maximal extents.  Every range handed out
 * splits at most one extent, so there are never more than live + 1 of
 * them: growing the array when a range is allocated (where -ENOMEM is a
 * documented answer) keeps room for every later free, which never
 * allocates and never fails. */
struct iova_global {
	struct klock lock;
	struct iova_extent *ext;
	uint32_t n, cap;
	uint64_t live;           /* ranges handed out (cached ones included) */
	uint32_t first, limit;   /* the domain's pages [first, limit) */
};

int iova_global_init(struct kernel *k, struct iova_global *g, uint32_t first,
		     uint32_t limit);
void iova_global_fini(struct kernel *k, struct iova_global *g);
/* `pages` pages aligned to `align` (a power of two), the highest that fit
 * below page `limit` (top-down, as Linux's allocator).  0, -ENOSPC or
 * -ENOMEM. */
int iova_global_alloc(struct kernel *k, struct iova_global *g, uint32_t pages,
		      uint32_t align, uint32_t limit, uint32_t *page);
void iova_global_free(struct iova_global *g, uint32_t page, uint32_t pages);
/* Free pages (for tests: every page back after a drain). */
uint64_t iova_global_free_pages(struct iova_global *g);

/* ---- ranges and their size classes --------------------------------------- */

/* Ranges of 1, 2, 4, ... 2^(IOVA_ORDERS-1) pages are cached; a request up
 * to that size is rounded up to its power of two (Linux's rcache does the
 * same, IOVA_RANGE_CACHE_MAX_SIZE).  64 pages: a 64 KiB LSO list at any
 * offset fits (17 pages, order 5), and so does a 128 KiB shared block. */
#define IOVA_ORDERS 7
#define IOVA_MAG_SIZE 128        /* ranges per magazine: loaded + prev hold
				    one lazy flush (IOMMU_FQ_SIZE) */
#define IOVA_DEPOT_MAGS 8        /* magazines in each order's depot */

/* The size class of an npages range, or -1 when it is not cached. */
extern const int8_t iova_order_of[(1u << (IOVA_ORDERS - 1)) + 1];
static inline int iova_order(uint32_t npages)
{
	/* a table: the class of every map and of every unmap's free */
	return npages <= (1u << (IOVA_ORDERS - 1)) ? iova_order_of[npages] : -1;
}

/* The pages an npages range really takes (rounded to its class). */
static inline uint32_t iova_range_pages(uint32_t npages)
{
	int o = iova_order(npages);

	return o < 0 ? npages : 1u << o;
}

/* Its alignment: a range never crosses a boundary of its own size
 * (rounded up, capped at 2^20 pages), so an IOVA range of an SG list never
 * crosses a 4 GiB boundary (spec §5: an element never does). */
static inline uint32_t iova_range_align(uint32_t pages)
{
	uint32_t a = 1;

	while (a < pages && a < (1u << 20))
		a <<= 1;
	return a;
}

struct iova_mag {
	uint32_t n;
	uint32_t page[IOVA_MAG_SIZE];
};

/* ---- lazy mode's flush queue (flush_queue.c) ----------------------------- */

#define IOMMU_FQ_SIZE 256        /* Linux: IOVA_FQ_SIZE */
/* A queue older than this (machine time) is flushed at its next unmap
 * (Linux: IOVA_FQ_TIMEOUT, 10 ms, on a timer). */
#define IOMMU_FQ_TIMEOUT_NS (10ull * 1000 * 1000)
/* The clock is read (the stamp refreshed, the timeout checked) when an
 * unmap is queued at a multiple of this many entries, 0 included: a
 * power of two, so the test is a mask. */
#define IOMMU_FQ_CLOCK_EVERY 32u
_Static_assert((IOMMU_FQ_CLOCK_EVERY & (IOMMU_FQ_CLOCK_EVERY - 1)) == 0 &&
	       IOMMU_FQ_SIZE % IOMMU_FQ_CLOCK_EVERY == 0,
	       "the clock test is a mask, and a full queue is a clock point");

struct io_pt_leaf;

/* A queued mapping that is not a class's range (`other`). */
struct iommu_fq_entry {
	struct io_pt_leaf *leaf;   /* the range's leaf when it has one, else NULL */
	uint32_t page;
	uint32_t npages;           /* the mapping's pages */
};

/* The queue keeps a list per size class: a range of a class (cached, in
 * one leaf, aligned to its size) is its first page table entry (where
 * the flush starts clearing) and its first page (what goes back into the
 * magazine), in two arrays indexed alike, so the flush's push of a class
 * into its magazine is one copy of page numbers.  The flush clears its
 * whole class-sized run of entries (the pages past the mapping's own are
 * the range's too, never mapped by anyone else since it was allocated,
 * so 0 already) and pushes the list into that class's magazine: no size
 * lookup, no count per entry.  `other` holds what is not such a range (a
 * mapping across leaves, or larger than the largest class).  n counts
 * all of them (full at IOMMU_FQ_SIZE, clock points). */
struct iommu_fq {
	uint32_t n;
	uint32_t nclass[IOVA_ORDERS], nother;
	uint64_t first_ns;       /* when its oldest entry was queued */
	_Atomic uint64_t *pte[IOVA_ORDERS][IOMMU_FQ_SIZE];
	uint32_t page[IOVA_ORDERS][IOMMU_FQ_SIZE];
	struct iommu_fq_entry other[IOMMU_FQ_SIZE];
};

/* The range at page, whose first entry is pte, on class o's list of q
 * (the hit path's unmap, iommu_hit.h, and fq_put, flush_queue.c). */
static inline __attribute__((always_inline)) void
fq_class_push(struct iommu_fq *q, uint32_t o, _Atomic uint64_t *pte, uint32_t page)
{
	uint32_t k = q->nclass[o];

	q->pte[o][k] = pte;
	q->page[o][k] = page;
	q->nclass[o] = k + 1;
}

/* ---- one processor's state ----------------------------------------------- */

/* Claimed with one atomic test-and-set, never waited for: a context that
 * finds its processor's state busy (two host threads that the machine
 * puts on one processor, docs/runtime.md "Processors") takes the global
 * path instead.  So the cache hit path is one flag, a magazine pop or
 * push, and the flag again: no mutex, no syscall, no allocation.  The
 * counters are written only by the claimant (relaxed stores) and summed
 * by iommu_domain_stats. */
struct iommu_cpu {
	atomic_flag busy;
	struct iova_mag *loaded[IOVA_ORDERS], *prev[IOVA_ORDERS];
	/* the leaf this processor used last (leaf_key: its page >> IOPT_BITS,
	 * UINT32_MAX: none): a leaf is never freed before the domain, and a
	 * processor's ranges come from its magazines, mostly from one leaf,
	 * so a map or unmap seldom walks the four levels */
	uint32_t leaf_key;
	struct io_pt_leaf *leaf;
	/* lazy: the machine time a queued unmap is stamped with, read from
	 * the clock at every IOMMU_FQ_CLOCK_EVERY-th unmap queued here (and
	 * at the first of a queue), never per unmap (flush_queue.c) */
	uint64_t stamp;
	struct iommu_fq fq;
	_Atomic uint64_t maps, hits, misses;
	_Atomic uint64_t fast;   /* maps on the hit path: each a map and a hit */
	char pad[64];            /* neighbours on other cache lines */
};

/* Each order's spare magazines, full and empty.  Exchanges with a
 * processor are one for one, so the depot always holds IOVA_DEPOT_MAGS
 * of each order: full + empty = IOVA_DEPOT_MAGS. */
struct iova_depot {
	struct iova_mag *full[IOVA_ORDERS][IOVA_DEPOT_MAGS];
	struct iova_mag *empty[IOVA_ORDERS][IOVA_DEPOT_MAGS];
	uint32_t nfull[IOVA_ORDERS], nempty[IOVA_ORDERS];
};

/* ---- the I/O page table (io_pgtable.c) ----------------------------------- */

#define IOPT_BITS 9
#define IOPT_ENTRIES (1u << IOPT_BITS)
#define IOPT_LEVELS 4            /* 36 bits of page number: 2^48 bytes */

/* A page table entry: the frame << 12 | IOMMU_READ | IOMMU_WRITE; 0 is
 * "not mapped". */
#define IOPTE_PROT_MASK ((uint64_t)(IOMMU_READ | IOMMU_WRITE))

/* A leaf: 512 pages' entries, each page's last mapping (its first page
 * + 1; 0: never mapped) and, at a mapping's first page, its record. */
struct io_pt_leaf {
	_Atomic uint64_t pte[IOPT_ENTRIES];
	_Atomic uint32_t start[IOPT_ENTRIES];
	_Atomic uint32_t pages[IOPT_ENTRIES];
	_Atomic(const char *) site[IOPT_ENTRIES];
	_Atomic(const void *) caller[IOPT_ENTRIES];   /* iommu_who.site */
	_Atomic uint64_t unmapped_at[IOPT_ENTRIES];   /* ns; 0: live */
};

struct io_pt_dir {
	_Atomic(void *) slot[IOPT_ENTRIES];
};

/* The leaf of `page`, made (lock-free: a CAS installs a new table) when
 * `create`; NULL when absent, or -ENOMEM ("iommu.pgtable"). */
struct io_pt_leaf *io_pt_leaf(struct iommu_domain *d, uint32_t page, bool create);
/* Every table [page, page + n) needs exists; 0 or -ENOMEM. */
int io_pt_prepare(struct iommu_domain *d, uint32_t page, uint32_t n);
/* The entries of [page + first, page + first + n) of the mapping starting
 * at `page`: pfns[i] with prot.  The tables exist (io_pt_prepare). */
void io_pt_set(struct iommu_domain *d, uint32_t page, uint32_t first,
	       const uint64_t *pfns, uint32_t n, unsigned prot);
/* The mapping [page, page + n) is recorded: its pages, call and site. */
void io_pt_record(struct iommu_domain *d, uint32_t page, uint32_t n,
		  const struct iommu_who *who);
/* iommu_map's one walk: the tables (made as needed), the record and the
 * entries of [page, page + n).  0 or -ENOMEM (nothing written). */
int io_pt_map(struct iommu_domain *d, uint32_t page, uint32_t n, const uint64_t *pfns,
	      unsigned prot, const struct iommu_who *who);
/* iommu_unmap's one walk: when a live mapping of n pages (0: any) starts
 * at page, it is marked unmapped at now_ns and, with `clear`, its entries
 * go; returns its pages, 0 (nothing changes) when there is none.  *leaf:
 * the mapping's leaf when it lies in one, else NULL. */
uint32_t io_pt_unmap(struct iommu_domain *d, uint32_t page, uint32_t n,
		     uint64_t now_ns, bool clear, struct io_pt_leaf **leaf);
/* The entries of [page, page + n) cleared, in `leaf` when not NULL (the
 * range lies in it), else walking. */
void io_pt_clear_in(struct iommu_domain *d, struct io_pt_leaf *leaf, uint32_t page,
		    uint32_t n);
/* The mapping's entries cleared (its record keeps `unmapped_at` if not 0). */
void io_pt_clear(struct iommu_domain *d, uint32_t page, uint32_t n);
/* The pages of the live mapping starting at page (0: none). */
uint32_t io_pt_mapping_pages(struct iommu_domain *d, uint32_t page);
/* The live mappings in the table and their pages (relaxed reads: exact
 * when nothing maps or unmaps meanwhile). */
void io_pt_live(const struct iommu_domain *d, uint64_t *mappings, uint64_t *pages);
/* The last mapping that covered page, into f (had_mapping false: none). */
void io_pt_history(struct iommu_domain *d, uint32_t page, struct iommu_fault *f);
void io_pt_destroy(struct iommu_domain *d);

/* ---- the domain ------------------------------------------------------------ */

struct iommu_domain {
	struct kernel *k;
	/* unique for the process's life (a new domain may reuse a destroyed
	 * one's memory, never its id): the key of kthread.iommu_domain */
	uint64_t id;
	enum iommu_mode mode;
	const char *device_name;
	uint32_t ncpu;
	struct iommu_cpu *cpu;            /* [ncpu] */
	struct iova_global global;
	struct klock depot_lock;
	struct iova_depot depot;
	struct iova_mag *mags;            /* every magazine, one allocation */
	struct io_pt_dir root;
	/* IOTLB invalidations: one per strict unmap, one per lazy batch */
	_Atomic uint64_t invalidations;
	/* counters of the global path (a busy processor state) and faults */
	_Atomic uint64_t maps, misses, flushes, faults;
};

/* The leaf of page, or NULL: three dependent loads, no lock (the bus's
 * translation and every map and unmap). */
static inline struct io_pt_leaf *io_pt_find(struct iommu_domain *d, uint32_t page)
{
	struct io_pt_dir *dir = atomic_load_explicit(
		&d->root.slot[((uint64_t)page >> (2 * IOPT_BITS + IOPT_BITS)) & (IOPT_ENTRIES - 1)],
		memory_order_acquire);

	if (!dir)
		return NULL;
	dir = atomic_load_explicit(&dir->slot[(page >> (2 * IOPT_BITS)) & (IOPT_ENTRIES - 1)],
				   memory_order_acquire);
	if (!dir)
		return NULL;
	return atomic_load_explicit(&dir->slot[(page >> IOPT_BITS) & (IOPT_ENTRIES - 1)],
				    memory_order_acquire);
}

/* The record and entries of the mapping [page, page + n), which lies in
 * leaf l: its pages, site and "live" at its first page, and each page's
 * entry and last mapping (what a fault names). */
static inline void io_pt_leaf_fill(struct io_pt_leaf *l, uint32_t page, uint32_t n,
				   const uint64_t *pfns, unsigned prot,
				   const struct iommu_who *who)
{
	uint32_t i = page & (IOPT_ENTRIES - 1);

	atomic_store_explicit(&l->pages[i], n, memory_order_relaxed);
	atomic_store_explicit(&l->site[i], who->call, memory_order_relaxed);
	atomic_store_explicit(&l->caller[i], who->site, memory_order_relaxed);
	atomic_store_explicit(&l->unmapped_at[i], 0, memory_order_relaxed);
	_Atomic uint32_t *start = &l->start[i];
	_Atomic uint64_t *pte = &l->pte[i];

	for (uint32_t j = 0; j < n; j++) {
		atomic_store_explicit(&start[j], page + 1, memory_order_relaxed);
		atomic_store_explicit(&pte[j], pfns[j] << IOMMU_PAGE_SHIFT | prot,
				      memory_order_release);
	}
}

/* ---- the IOVA cache (iova_cache.c) ---------------------------------------- */

int iova_cache_init(struct iommu_domain *d);
void iova_cache_fini(struct iommu_domain *d);
/* The calling context's processor (ke_processor_current) state in the
 * domain it used last, remembered in its kthread (kernel.h): a host
 * thread, or a task of the seeded scheduler, keeps its processor
 * (docs/runtime.md "Processors"), and a DPC starts with none and gives
 * the thread's back (kqueue.c), so only a DPC (its target's) or another
 * domain asks again.  Were it ever stale the claim below would still be
 * atomic: only the cache's locality could suffer. */
struct iommu_cpu *iommu_cpu_slow(struct iommu_domain *d);

/* The context's cache names this processor's state in d
 * (kthread_self.iommu_cpu); else iommu_cpu_slow finds it. */
static inline bool iommu_cpu_cached(const struct iommu_domain *d)
{
	return __builtin_expect(kthread_self.iommu_domain == d->id, 1);
}
/* Claim c: false when another context has it. */
static inline bool iommu_cpu_try(struct iommu_cpu *c)
{
	return !atomic_flag_test_and_set_explicit(&c->busy, memory_order_acquire);
}
/* This processor's state claimed, or NULL when another context has it. */
static inline struct iommu_cpu *iommu_cpu_claim(struct iommu_domain *d)
{
	struct iommu_cpu *c = iommu_cpu_cached(d) ? kthread_self.iommu_cpu : iommu_cpu_slow(d);

	return iommu_cpu_try(c) ? c : NULL;
}
static inline void iommu_cpu_release(struct iommu_cpu *c)
{
	atomic_flag_clear_explicit(&c->busy, memory_order_release);
}
/* The leaf of page through the claimed processor's last leaf, or NULL
 * when the page has none (tables are made only by io_pt_leaf). */
static inline struct io_pt_leaf *iommu_cpu_leaf(struct iommu_domain *d,
						struct iommu_cpu *c, uint32_t page)
{
	uint32_t key = page >> IOPT_BITS;
	struct io_pt_leaf *l;

	if (__builtin_expect(c->leaf_key == key, 1))
		return c->leaf;
	l = io_pt_find(d, page);
	if (l) {
		c->leaf_key = key;
		c->leaf = l;
	}
	return l;
}
/* A range of `npages` (rounded: iova_range_pages) that ends at or below
 * page `limit` (the allocation's: its channel's reach, spec §11): from the
 * claimed processor's cache (c may be NULL) when the cached range it
 * would take lies below limit, else the depot, else the global allocator.
 * 0, -ENOSPC, -ENOMEM (the caller reclaims what caches and queues hold,
 * holding no processor's state, and asks again). */
int iova_alloc(struct iommu_domain *d, struct iommu_cpu *c, uint32_t npages,
	       uint32_t limit, uint32_t *page);
void iova_free(struct iommu_domain *d, struct iommu_cpu *c, uint32_t page,
	       uint32_t npages);

static inline __attribute__((always_inline)) void iommu_bump(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
			      memory_order_relaxed);
}


/* The hit paths of iova_alloc and iova_free, inline: the loaded
 * magazine's top. */
static inline int iova_get(struct iommu_domain *d, struct iommu_cpu *c,
			   uint32_t npages, uint32_t limit, uint32_t *page)
{
	int o = iova_order(npages);

	if (c && o >= 0 && c->loaded[o]->n &&
	    c->loaded[o]->page[c->loaded[o]->n - 1] + (1u << o) <= limit) {
		struct iova_mag *m = c->loaded[o];

		*page = m->page[--m->n];
		iommu_bump(&c->hits, 1);
		return 0;
	}
	return iova_alloc(d, c, npages, limit, page);
}

static inline void iova_put(struct iommu_domain *d, struct iommu_cpu *c,
			    uint32_t page, uint32_t npages)
{
	int o = iova_order(npages);

	if (c && o >= 0 && c->loaded[o]->n < IOVA_MAG_SIZE) {
		struct iova_mag *m = c->loaded[o];

		m->page[m->n++] = page;
		return;
	}
	iova_free(d, c, page, npages);
}
/* Every cached range back to the global allocator (at ENOSPC, destroy);
 * claims each processor's state in turn: the caller holds none. */
void iova_cache_drain(struct iommu_domain *d);
/* Claims c, waiting while its holder (never blocked inside) finishes. */
void iommu_cpu_claim_wait(struct iommu_cpu *c);

/* ---- flush queues (flush_queue.c) ------------------------------------------ */

/* Lazy unmap on the claimed processor: queued, flushed first when full
 * or older than IOMMU_FQ_TIMEOUT_NS; leaf: the range's when it lies in
 * one, else NULL. */
void fq_queue(struct iommu_domain *d, struct iommu_cpu *c, struct io_pt_leaf *leaf,
	      uint32_t page, uint32_t npages, uint64_t now_ns);
/* c's queue invalidated and its ranges freed (c claimed). */
void fq_flush_cpu(struct iommu_domain *d, struct iommu_cpu *c);
/* Every processor's queue (claimed in turn: the caller holds none). */
void fq_flush_all(struct iommu_domain *d);

/* Machine time now, ns (the unmap time a fault names). */
uint64_t iommu_now_ns(const struct iommu_domain *d);

#endif
