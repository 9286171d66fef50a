/* contiguous.c — physically contiguous blocks (common buffers, map
 * registers, MmAllocateContiguousMemory*; spec §6, §7): page-aligned VA
 * from mmap (on the sim platform possibly a freed block's kept pages,
 * zeroed: va_cache_put), a run of free frames entirely below the
 * caller's limit (and at or above its low address, not crossing its
 * boundary), and one guard frame after the run that is taken but never
 * mapped, so a device running off the end of a block reaches no memory
 * (the bus reports it) instead of a neighbour.
 */
#include "platform/platform_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* A freed sim block's pages are not unmapped but kept (p->va_cache) for
 * a later block of the same size, zeroed then as a fresh mapping is, and
 * inaccessible while they wait: under AddressSanitizer poisoned (the
 * driver touching a freed block is a use-after-poison report), in other
 * builds PROT_NONE (a fault, as an unmapped page was).  A machine that
 * makes and frees its blocks per adapter (fuzz_device) then pays no
 * munmap (a TLB shootdown across CPUs), no fresh page faults and no page
 * zeroing by the kernel per block: two mprotect calls without
 * AddressSanitizer, no system call with it.  A block is reused only once
 * PLATFORM_VA_CACHE_DEPTH freed blocks of its size wait, the oldest
 * first, so the block a driver freed last is never the next one handed
 * out: a stale pointer into it still faults across the following
 * allocation of the same size (mmap, by contrast, tends to return the
 * hole just unmapped).  Host platforms unmap as before.
 * `make fuzz-fast` (NDISDMA_FUZZ_FAST) checks no memory access at all, the
 * heap's included: there a waiting block stays accessible, as its two
 * mprotect calls (VMA splits and merges, a TLB flush) were a quarter of
 * fuzz_device's time; `make fuzz`'s build finds such a use after free. */
#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
#include <sanitizer/asan_interface.h>
#define VA_POISON 1
#else
#define VA_POISON 0
#endif

/* Makes n pages at va inaccessible (freed) or usable again; 0 or -1. */
static int va_protect(void *va, uint64_t n, bool usable)
{
#if VA_POISON
	if (usable)
		__asan_unpoison_memory_region(va, n << PLATFORM_PAGE_SHIFT);
	else
		__asan_poison_memory_region(va, n << PLATFORM_PAGE_SHIFT);
	return 0;
#elif defined(NDISDMA_FUZZ_FAST)
	(void)va;
	(void)n;
	(void)usable;
	return 0;
#else
	return mprotect(va, n << PLATFORM_PAGE_SHIFT,
			usable ? PROT_READ | PROT_WRITE : PROT_NONE);
#endif
}

/* p->lock held: cached entry i leaves, its pages unmapped. */
static void va_cache_evict(struct platform *p, unsigned i)
{
	void *va = p->va_cache[i].va;
	uint64_t n = p->va_cache[i].n;

	memmove(&p->va_cache[i], &p->va_cache[i + 1],
		(p->va_cached - i - 1) * sizeof(p->va_cache[0]));
	p->va_cached--;
#if VA_POISON
	__asan_unpoison_memory_region(va, n << PLATFORM_PAGE_SHIFT);
#endif
	munmap(va, n << PLATFORM_PAGE_SHIFT);
}

/* p->lock held: va kept instead of unmapped? */
static bool va_cache_put(struct platform *p, void *va, uint64_t n)
{
	if (p->kind != PLATFORM_SIM || n > PLATFORM_VA_CACHE_PAGES ||
	    va_protect(va, n, false))
		return false;
	if (p->va_cached == PLATFORM_VA_CACHE)
		va_cache_evict(p, 0);
	p->va_cache[p->va_cached].va = va;
	p->va_cache[p->va_cached++].n = n;
	return true;
}

/* Kept pages for a block of n pages, zeroed; NULL: none. */
static void *va_cache_take(struct platform *p, uint64_t n)
{
	void *va = NULL;
	unsigned same = 0, oldest = 0;

	pthread_mutex_lock(&p->lock);
	for (unsigned i = p->va_cached; i-- > 0;)
		if (p->va_cache[i].n == n) {
			same++;
			oldest = i;
		}
	if (same >= PLATFORM_VA_CACHE_DEPTH) {
		va = p->va_cache[oldest].va;
		memmove(&p->va_cache[oldest], &p->va_cache[oldest + 1],
			(p->va_cached - oldest - 1) * sizeof(p->va_cache[0]));
		p->va_cached--;
	}
	pthread_mutex_unlock(&p->lock);
	if (va && va_protect(va, n, true)) {
		munmap(va, n << PLATFORM_PAGE_SHIFT);
		va = NULL;
	}
	if (va)
		memset(va, 0, n << PLATFORM_PAGE_SHIFT);
	return va;
}

void platform_va_cache_drop(struct platform *p)
{
	while (p->va_cached)
		va_cache_evict(p, p->va_cached - 1);
}

/* Whether frames come from the bitmap (sim, host without frame numbers)
 * rather than from the machine. */
static bool own_frames(const struct platform *p)
{
	return p->kind == PLATFORM_SIM || p->host_ids;
}

/* host with real frames: a block below the reserve limit comes from the
 * reserve (host_reserve.c), any other from fresh pinned pages.  Behind an
 * IOMMU the limit is the IOVA's (the HAL maps the block below it): the
 * frames may lie anywhere. */
static bool from_reserve(const struct platform *p, uint64_t limit)
{
	return !own_frames(p) && !p->device_sees_iova && limit <= p->reserve_limit;
}

static uint64_t frame_limit_of(const struct platform *p, uint64_t limit)
{
	return p->device_sees_iova ? UINT64_MAX >> PLATFORM_PAGE_SHIFT :
				     limit >> PLATFORM_PAGE_SHIFT;
}

static uint64_t limit_frame(const struct platform *p, uint64_t limit)
{
	uint64_t f = limit >> PLATFORM_PAGE_SHIFT;  /* frames wholly below */
	return f < p->fs.frames ? f : p->fs.frames;
}

/* Whether n pages from frame start stay inside one multiple of boundary
 * bytes (0: no boundary). */
static int within_boundary(uint64_t start, uint64_t n, uint64_t boundary)
{
	uint64_t first = start << PLATFORM_PAGE_SHIFT;
	uint64_t last = ((start + n) << PLATFORM_PAGE_SHIFT) - 1;

	return !boundary || first / boundary == last / boundary;
}

/* The first frame at or above `from` a boundary-respecting run can start
 * at, after a run at start crossed a multiple of boundary. */
static uint64_t past_boundary(uint64_t start, uint64_t boundary)
{
	uint64_t next = ((start << PLATFORM_PAGE_SHIFT) / boundary + 1) * boundary;

	return (next + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT;
}

/* A run of n free frames and a free guard after it inside [lo, hi), not
 * crossing a multiple of boundary; NO_FRAME if there is none. */
static uint64_t find_run_in(struct platform *p, uint64_t n, uint64_t from,
			    uint64_t hi, uint64_t boundary)
{
	uint64_t start = frames_find_run(&p->fs, from, hi, n + 1);

	while (start != NO_FRAME && !within_boundary(start, n, boundary))
		start = frames_find_run(&p->fs, past_boundary(start, boundary), hi, n + 1);
	return start;
}

/* n pages and their guard, searched from the layout's preferred region,
 * then from the bottom of [lo, hi). */
static uint64_t reserve_run(struct platform *p, uint64_t n, uint64_t lo,
			    uint64_t hi, uint64_t boundary)
{
	uint64_t from = sim_block_search_start(p, hi);
	uint64_t start;

	if (lo < 1)
		lo = 1;
	if (from < lo)
		from = lo;
	start = find_run_in(p, n, from, hi, boundary);
	if (start == NO_FRAME && from > lo)
		start = find_run_in(p, n, lo, hi, boundary);
	if (start == NO_FRAME)
		return NO_FRAME;
	for (uint64_t f = start; f <= start + n; f++)
		frames_take(&p->fs, f);
	return start;
}

static void release_run(struct platform *p, uint64_t vpage, uint64_t start,
			uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t f;
		if (page_map_del(&p->va_to_frame, vpage + i, &f)) {
			page_map_del(&p->frame_to_va, f, NULL);
			platform_tlb_flush();
		}
	}
	/* sim and host ids: the run and its guard; real frames are the
	 * kernel's */
	for (uint64_t f = start; own_frames(p) && f <= start + n; f++)
		frames_release(&p->fs, f);
}

static int map_run(struct platform *p, uint64_t vpage, uint64_t start,
		   uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t stale;
		/* the VA was unmapped behind our back and reused by mmap */
		if (page_map_del(&p->va_to_frame, vpage + i, &stale)) {
			page_map_del(&p->frame_to_va, stale, NULL);
			platform_tlb_flush();
			frames_release(&p->fs, stale);
		}
		if (page_map_put(&p->va_to_frame, vpage + i, start + i) ||
		    page_map_put(&p->frame_to_va, start + i, vpage + i))
			return -1;
	}
	return page_map_put(&p->blocks, vpage, n) ? -1 : 0;
}

/* Fresh VA for a block not from the reserve: real host frames found by
 * host.c, else pages for the bitmap's run (pinned on host). */
static void *fresh_pages(struct platform *p, uint64_t n, uint64_t limit,
			 uint64_t *start)
{
	void *va;

	*start = NO_FRAME;
	if (!own_frames(p))
		return host_alloc_run(p, n, frame_limit_of(p, limit), start);
	if (p->kind == PLATFORM_SIM && (va = va_cache_take(p, n)))
		return va;
	va = mmap(NULL, n << PLATFORM_PAGE_SHIFT, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (va == MAP_FAILED)
		return NULL;
	if (p->kind == PLATFORM_HOST && host_pin(p, va, n)) {
		munmap(va, n << PLATFORM_PAGE_SHIFT);
		return NULL;
	}
	return va;
}

/* A block's pages leave: back to the reserve, or to the kernel (with
 * their pin).  p->lock held. */
static void drop_pages(struct platform *p, void *va, uint64_t n)
{
	if (host_reserve_give(p, va, n) || va_cache_put(p, va, n))
		return;
	munmap(va, n << PLATFORM_PAGE_SHIFT);
	if (p->kind == PLATFORM_HOST)
		host_pinned_gone(p, n);
}

/* Host frames are the kernel's: a run that misses low or the boundary
 * cannot be moved, so it fails. */
static int host_run_fits(uint64_t start, uint64_t n, uint64_t lo, uint64_t boundary)
{
	return start >= lo && within_boundary(start, n, boundary);
}

/* The frames of a block at va (or, from the reserve, its VA too), with
 * p->lock held: NO_FRAME when there are none. */
static uint64_t place_block(struct platform *p, void **va, uint64_t n,
			    uint64_t lo, const struct platform_range *r,
			    uint64_t start)
{
	if (from_reserve(p, r->limit)) {
		*va = host_reserve_take(p, n, lo, r->limit >> PLATFORM_PAGE_SHIFT,
					r->boundary, &start);
		return *va ? start : NO_FRAME;
	}
	if (own_frames(p))
		return reserve_run(p, n, lo, limit_frame(p, r->limit), r->boundary);
	if (start != NO_FRAME && !host_run_fits(start, n, lo, r->boundary)) {
		platform_set_why(p, "host: the kernel's run at frame %#llx misses "
				 "the block's low address or boundary",
				 (unsigned long long)start);
		return NO_FRAME;
	}
	return start;
}

void *platform_alloc_contiguous_range(struct platform *p, size_t bytes,
				      const struct platform_range *r, uint64_t *pa)
{
	uint64_t n = (bytes + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT;
	uint64_t lo = (r->low + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT;
	uint64_t start = NO_FRAME;
	void *va = NULL;

	*pa = 0;
	if (!n || bytes > SIZE_MAX - PLATFORM_PAGE_SIZE)
		return NULL;
	/* a block larger than the boundary always crosses one */
	if (r->boundary && r->boundary < n << PLATFORM_PAGE_SHIFT)
		return NULL;
	if (!from_reserve(p, r->limit) && !(va = fresh_pages(p, n, r->limit, &start)))
		return NULL;
	pthread_mutex_lock(&p->lock);
	start = place_block(p, &va, n, lo, r, start);
	uint64_t vpage = (uintptr_t)va >> PLATFORM_PAGE_SHIFT;
	if (start != NO_FRAME && map_run(p, vpage, start, n)) {
		release_run(p, vpage, start, n);
		page_map_del(&p->blocks, vpage, NULL);
		start = NO_FRAME;
	}
	if (start != NO_FRAME) {
		p->contiguous_blocks++;
		p->contiguous_bytes += n << PLATFORM_PAGE_SHIFT;
	} else if (va) {
		drop_pages(p, va, n);
	}
	pthread_mutex_unlock(&p->lock);
	if (start == NO_FRAME)
		return NULL;
	*pa = start << PLATFORM_PAGE_SHIFT;
	return va;
}

void *platform_alloc_contiguous(struct platform *p, size_t bytes,
				uint64_t limit, uint64_t *pa)
{
	struct platform_range r = { 0, limit, 0 };

	return platform_alloc_contiguous_range(p, bytes, &r, pa);
}

void platform_free_contiguous(struct platform *p, void *va, size_t bytes)
{
	uint64_t vpage = (uintptr_t)va >> PLATFORM_PAGE_SHIFT, n, start;
	pthread_mutex_lock(&p->lock);
	/* only whole blocks this platform handed out are released */
	if (((uintptr_t)va & (PLATFORM_PAGE_SIZE - 1)) ||
	    !page_map_get(&p->blocks, vpage, &n) ||
	    !page_map_get(&p->va_to_frame, vpage, &start) ||
	    (bytes + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT != n) {
		pthread_mutex_unlock(&p->lock);
		return;
	}
	page_map_del(&p->blocks, vpage, NULL);
	release_run(p, vpage, start, n);
	p->contiguous_blocks--;
	p->contiguous_bytes -= n << PLATFORM_PAGE_SHIFT;
	drop_pages(p, va, n);
	pthread_mutex_unlock(&p->lock);
}
