/* io_pgtable.c — the I/O page table: IOVA page -> frame and permissions,
 * four levels of 512 entries (36 bits of page number, as a VT-d or AMD-Vi
 * second-level table), and beside each leaf entry the page's last mapping
 * so a fault can say what covered the address and when it went.
 *
 * The bus's translation takes no lock: directories are installed once
 * with a compare-and-swap and never freed before the domain, entries are
 * atomic words written with release and read with acquire.  Tables are
 * made when a range is allocated (io_pt_prepare), so writing entries
 * never allocates.
 */
#include "iommu/iommu_internal.h"

#include <errno.h>

static inline uint32_t level_index(uint32_t page, int level)
{
	/* level 0 is the root: bits 35..27 of the page number */
	return (uint32_t)(((uint64_t)page >> (IOPT_BITS * (IOPT_LEVELS - 1 - level))) &
			  (IOPT_ENTRIES - 1));
}

static void *table_new(struct kernel *k, bool leaf)
{
	return kernel_zalloc(k, leaf ? sizeof(struct io_pt_leaf) : sizeof(struct io_pt_dir),
			     "iommu.pgtable");
}

struct io_pt_leaf *io_pt_leaf(struct iommu_domain *d, uint32_t page, bool create)
{
	struct io_pt_dir *dir = &d->root;

	if (!create)
		return io_pt_find(d, page);

	for (int level = 0; level < IOPT_LEVELS - 1; level++) {
		_Atomic(void *) *slot = &dir->slot[level_index(page, level)];
		void *next = atomic_load_explicit(slot, memory_order_acquire);

		if (!next) {
			void *fresh;

			if (!create)
				return NULL;
			fresh = table_new(d->k, level == IOPT_LEVELS - 2);
			if (!fresh)
				return NULL;
			if (atomic_compare_exchange_strong_explicit(
				    slot, &next, fresh, memory_order_acq_rel,
				    memory_order_acquire))
				next = fresh;
			else
				kernel_free(d->k, fresh);   /* another made it */
		}
		dir = next;
	}
	return (struct io_pt_leaf *)dir;
}

int io_pt_prepare(struct iommu_domain *d, uint32_t page, uint32_t n)
{
	uint64_t p = page, end = (uint64_t)page + n;

	while (p < end) {
		if (!io_pt_leaf(d, (uint32_t)p, true))
			return -ENOMEM;
		p = (p | (IOPT_ENTRIES - 1)) + 1;   /* the next leaf */
	}
	return 0;
}

void io_pt_set(struct iommu_domain *d, uint32_t page, uint32_t first,
	       const uint64_t *pfns, uint32_t n, unsigned prot)
{
	uint64_t p = (uint64_t)page + first, end = p + n;

	while (p < end) {
		struct io_pt_leaf *l = io_pt_leaf(d, (uint32_t)p, false);
		uint32_t i = (uint32_t)p & (IOPT_ENTRIES - 1);

		for (; i < IOPT_ENTRIES && p < end; i++, p++, pfns++) {
			atomic_store_explicit(&l->start[i], page + 1, memory_order_relaxed);
			atomic_store_explicit(&l->pte[i], *pfns << IOMMU_PAGE_SHIFT | prot,
					      memory_order_release);
		}
	}
}

void io_pt_record(struct iommu_domain *d, uint32_t page, uint32_t n,
		  const struct iommu_who *who)
{
	struct io_pt_leaf *l = io_pt_leaf(d, page, false);
	uint32_t i = page & (IOPT_ENTRIES - 1);

	atomic_store_explicit(&l->pages[i], n, memory_order_relaxed);
	atomic_store_explicit(&l->site[i], who->call, memory_order_relaxed);
	atomic_store_explicit(&l->caller[i], who->site, memory_order_relaxed);
	atomic_store_explicit(&l->unmapped_at[i], 0, memory_order_relaxed);
}

int io_pt_map(struct iommu_domain *d, uint32_t page, uint32_t n, const uint64_t *pfns,
	      unsigned prot, const struct iommu_who *who)
{
	struct io_pt_leaf *l;

	if ((page & (IOPT_ENTRIES - 1)) + n <= IOPT_ENTRIES) {
		/* the usual range, inside one leaf: one walk */
		l = io_pt_find(d, page);
		if (!l && !(l = io_pt_leaf(d, page, true)))
			return -ENOMEM;
		io_pt_leaf_fill(l, page, n, pfns, prot, who);
		return 0;
	}
	if (io_pt_prepare(d, page, n))
		return -ENOMEM;
	io_pt_record(d, page, n, who);
	io_pt_set(d, page, 0, pfns, n, prot);
	return 0;
}

uint32_t io_pt_unmap(struct iommu_domain *d, uint32_t page, uint32_t n,
		     uint64_t now_ns, bool clear, struct io_pt_leaf **leaf)
{
	struct io_pt_leaf *l = io_pt_find(d, page);
	uint32_t i = page & (IOPT_ENTRIES - 1), pages;

	*leaf = NULL;
	if (!l || atomic_load_explicit(&l->unmapped_at[i], memory_order_relaxed) ||
	    atomic_load_explicit(&l->start[i], memory_order_relaxed) != page + 1)
		return 0;
	pages = atomic_load_explicit(&l->pages[i], memory_order_relaxed);
	if (n && pages != n)
		return 0;
	n = pages;
	/* 0 means "live": an unmap at machine time 0 is said to be at 1 ns */
	atomic_store_explicit(&l->unmapped_at[i], now_ns ? now_ns : 1, memory_order_relaxed);
	if (i + n <= IOPT_ENTRIES)
		*leaf = l;
	if (clear)
		io_pt_clear_in(d, *leaf, page, n);
	return n;
}

void io_pt_clear_in(struct iommu_domain *d, struct io_pt_leaf *leaf, uint32_t page,
		    uint32_t n)
{
	uint32_t i = page & (IOPT_ENTRIES - 1);

	if (!leaf) {
		io_pt_clear(d, page, n);
		return;
	}
	for (uint32_t j = 0; j < n; j++)
		atomic_store_explicit(&leaf->pte[i + j], 0, memory_order_release);
}

void io_pt_clear(struct iommu_domain *d, uint32_t page, uint32_t n)
{
	uint64_t p = page, end = p + n;

	while (p < end) {
		struct io_pt_leaf *l = io_pt_leaf(d, (uint32_t)p, false);
		uint32_t i = (uint32_t)p & (IOPT_ENTRIES - 1);

		for (; i < IOPT_ENTRIES && p < end; i++, p++)
			atomic_store_explicit(&l->pte[i], 0, memory_order_release);
	}
}

uint32_t io_pt_mapping_pages(struct iommu_domain *d, uint32_t page)
{
	struct io_pt_leaf *l = io_pt_leaf(d, page, false);
	uint32_t i = page & (IOPT_ENTRIES - 1);

	if (!l || atomic_load_explicit(&l->unmapped_at[i], memory_order_relaxed) ||
	    atomic_load_explicit(&l->start[i], memory_order_relaxed) != page + 1)
		return 0;
	return atomic_load_explicit(&l->pages[i], memory_order_relaxed);
}

void io_pt_history(struct iommu_domain *d, uint32_t page, struct iommu_fault *f)
{
	struct io_pt_leaf *l = io_pt_leaf(d, page, false), *sl;
	uint32_t start, si;

	f->had_mapping = false;
	if (!l)
		return;
	start = atomic_load_explicit(&l->start[page & (IOPT_ENTRIES - 1)],
				     memory_order_relaxed);
	if (!start)
		return;
	start--;
	sl = io_pt_leaf(d, start, false);
	si = start & (IOPT_ENTRIES - 1);
	f->had_mapping = true;
	f->map_iova = (uint64_t)start << IOMMU_PAGE_SHIFT;
	f->map_pages = atomic_load_explicit(&sl->pages[si], memory_order_relaxed);
	f->map_site = atomic_load_explicit(&sl->site[si], memory_order_relaxed);
	f->map_caller = atomic_load_explicit(&sl->caller[si], memory_order_relaxed);
	f->unmapped_at = atomic_load_explicit(&sl->unmapped_at[si], memory_order_relaxed);
}

static void live_in(const struct io_pt_dir *dir, int level, uint64_t *mappings,
		    uint64_t *pages)
{
	for (uint32_t i = 0; i < IOPT_ENTRIES; i++) {
		void *next = atomic_load_explicit(&dir->slot[i], memory_order_acquire);

		if (!next)
			continue;
		if (level < IOPT_LEVELS - 2) {
			live_in(next, level + 1, mappings, pages);
			continue;
		}
		const struct io_pt_leaf *l = next;

		for (uint32_t j = 0; j < IOPT_ENTRIES; j++) {
			/* a mapping's first page has its count, unmapped_at 0 while live */
			uint32_t n = atomic_load_explicit(&l->pages[j], memory_order_relaxed);

			if (n && !atomic_load_explicit(&l->unmapped_at[j], memory_order_relaxed)) {
				(*mappings)++;
				*pages += n;
			}
		}
	}
}

void io_pt_live(const struct iommu_domain *d, uint64_t *mappings, uint64_t *pages)
{
	*mappings = *pages = 0;
	live_in(&d->root, 0, mappings, pages);
}

static void free_tree(struct kernel *k, struct io_pt_dir *dir, int level)
{
	for (uint32_t i = 0; i < IOPT_ENTRIES; i++) {
		void *next = atomic_load_explicit(&dir->slot[i], memory_order_relaxed);

		if (!next)
			continue;
		if (level < IOPT_LEVELS - 2)
			free_tree(k, next, level + 1);
		kernel_free(k, next);
	}
}

void io_pt_destroy(struct iommu_domain *d)
{
	free_tree(d->k, &d->root, 0);
}
