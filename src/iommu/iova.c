/* iova.c — the global IOVA allocator behind the per-CPU caches
 * (iova_cache.c): the domain's free pages as sorted, maximal extents under
 * one lock.  Ranges are taken top-down and aligned to their size (as
 * Linux's alloc_iova with size_aligned), so the hot end of the space is
 * reused and a range never crosses a boundary of its own size.  Only a
 * cache miss or a range too large to cache comes here.
 */
#include "iommu/iommu_internal.h"

#include <errno.h>
#include <string.h>

#define IOVA_EXTENTS_INITIAL 64u

int iova_global_init(struct kernel *k, struct iova_global *g, uint32_t first,
		     uint32_t limit)
{
	memset(g, 0, sizeof(*g));
	g->ext = kernel_alloc(k, IOVA_EXTENTS_INITIAL * sizeof(*g->ext), "iommu.iova");
	if (!g->ext)
		return -ENOMEM;
	klock_init(&g->lock, k);
	g->cap = IOVA_EXTENTS_INITIAL;
	g->first = first;
	g->limit = limit;
	g->ext[0] = (struct iova_extent){ first, limit };
	g->n = 1;
	return 0;
}

void iova_global_fini(struct kernel *k, struct iova_global *g)
{
	if (!g->ext)
		return;
	klock_destroy(&g->lock);
	kernel_free(k, g->ext);
	g->ext = NULL;
}

/* Room for live + 2 extents: every later free finds its slot.  Called
 * with the lock held, before a range is handed out. */
static int ensure_room(struct kernel *k, struct iova_global *g)
{
	struct iova_extent *bigger;
	uint32_t cap;

	if (g->cap >= g->live + 2)
		return 0;
	cap = g->cap * 2;
	bigger = kernel_alloc(k, (size_t)cap * sizeof(*bigger), "iommu.iova");
	if (!bigger)
		return -ENOMEM;
	memcpy(bigger, g->ext, (size_t)g->n * sizeof(*bigger));
	kernel_free(k, g->ext);
	g->ext = bigger;
	g->cap = cap;
	return 0;
}

static void remove_extent(struct iova_global *g, uint32_t i)
{
	memmove(&g->ext[i], &g->ext[i + 1], (size_t)(g->n - i - 1) * sizeof(*g->ext));
	g->n--;
}

static void insert_extent(struct iova_global *g, uint32_t i, uint32_t lo, uint32_t hi)
{
	memmove(&g->ext[i + 1], &g->ext[i], (size_t)(g->n - i) * sizeof(*g->ext));
	g->ext[i] = (struct iova_extent){ lo, hi };
	g->n++;
}

/* [s, s + pages) out of extent i, which holds it. */
static void carve(struct iova_global *g, uint32_t i, uint32_t s, uint32_t pages)
{
	struct iova_extent x = g->ext[i];
	uint32_t end = s + pages;

	if (x.lo == s && x.hi == end) {
		remove_extent(g, i);
	} else if (x.lo == s) {
		g->ext[i].lo = end;
	} else if (x.hi == end) {
		g->ext[i].hi = s;
	} else {
		g->ext[i].hi = s;
		insert_extent(g, i + 1, end, x.hi);
	}
}

int iova_global_alloc(struct kernel *k, struct iova_global *g, uint32_t pages,
		      uint32_t align, uint32_t limit, uint32_t *page)
{
	int err = -ENOSPC;

	klock_acquire(&g->lock);
	if (ensure_room(k, g)) {
		klock_release(&g->lock);
		return -ENOMEM;
	}
	for (uint32_t i = g->n; i-- > 0;) {
		struct iova_extent x = g->ext[i];
		uint64_t s;

		if (x.hi > limit)   /* only [lo, limit) of it may be taken */
			x.hi = limit;
		if (x.hi <= x.lo || (uint64_t)x.hi - x.lo < pages)
			continue;
		s = ((uint64_t)x.hi - pages) & ~(uint64_t)(align - 1);
		if (s < x.lo)
			continue;
		carve(g, i, (uint32_t)s, pages);
		g->live++;
		*page = (uint32_t)s;
		err = 0;
		break;
	}
	klock_release(&g->lock);
	return err;
}

/* The first extent that starts above page. */
static uint32_t find_after(const struct iova_global *g, uint32_t page)
{
	uint32_t lo = 0, hi = g->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (g->ext[mid].lo > page)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void iova_global_free(struct iova_global *g, uint32_t page, uint32_t pages)
{
	uint32_t end = page + pages, i;
	bool left, right;

	klock_acquire(&g->lock);
	i = find_after(g, page);
	left = i > 0 && g->ext[i - 1].hi == page;
	right = i < g->n && g->ext[i].lo == end;
	if (left && right) {
		g->ext[i - 1].hi = g->ext[i].hi;
		remove_extent(g, i);
	} else if (left) {
		g->ext[i - 1].hi = end;
	} else if (right) {
		g->ext[i].lo = page;
	} else {
		insert_extent(g, i, page, end);   /* room kept by ensure_room */
	}
	g->live--;
	klock_release(&g->lock);
}

uint64_t iova_global_free_pages(struct iova_global *g)
{
	uint64_t n = 0;

	klock_acquire(&g->lock);
	for (uint32_t i = 0; i < g->n; i++)
		n += g->ext[i].hi - g->ext[i].lo;
	klock_release(&g->lock);
	return n;
}
