/* contiguous.c — physically contiguous blocks (common buffers, map
 * registers; spec §6, §7): fresh page-aligned VA from mmap, a run of free
 * frames entirely below the caller's limit, and one guard frame after the
 * run that is taken but never mapped, so a device running off the end of
 * a block reaches no memory (the bus reports it) instead of a neighbour.
 */
#include "platform/platform_internal.h"

#include <sys/mman.h>

static uint64_t limit_frame(const struct platform *p, uint64_t limit)
{
	uint64_t f = limit >> PLATFORM_PAGE_SHIFT;  /* frames wholly below */
	return f < p->fs.frames ? f : p->fs.frames;
}

/* n pages and their guard, searched from the layout's preferred region,
 * then from the bottom. */
static uint64_t reserve_run(struct platform *p, uint64_t n, uint64_t hi)
{
	uint64_t from = sim_block_search_start(p, hi);
	uint64_t start = frames_find_run(&p->fs, from, hi, n + 1);
	if (start == NO_FRAME && from > 1)
		start = frames_find_run(&p->fs, 1, hi, n + 1);
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
		if (page_map_del(&p->va_to_frame, vpage + i, &f))
			page_map_del(&p->frame_to_va, f, NULL);
	}
	/* sim: the run and its guard; host frames are the kernel's */
	for (uint64_t f = start; p->kind == PLATFORM_SIM && f <= start + n; f++)
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
			frames_release(&p->fs, stale);
		}
		if (page_map_put(&p->va_to_frame, vpage + i, start + i) ||
		    page_map_put(&p->frame_to_va, start + i, vpage + i))
			return -1;
	}
	return page_map_put(&p->blocks, vpage, n) ? -1 : 0;
}

static void *fresh_pages(struct platform *p, uint64_t n, uint64_t limit,
			 uint64_t *start)
{
	void *va;

	*start = NO_FRAME;
	if (p->kind == PLATFORM_HOST)
		return host_alloc_run(p, n, limit >> PLATFORM_PAGE_SHIFT, start);
	va = mmap(NULL, n << PLATFORM_PAGE_SHIFT, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return va == MAP_FAILED ? NULL : va;
}

void *platform_alloc_contiguous(struct platform *p, size_t bytes,
				uint64_t limit, uint64_t *pa)
{
	uint64_t n = (bytes + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT;
	uint64_t start;
	void *va;

	*pa = 0;
	if (!n || bytes > SIZE_MAX - PLATFORM_PAGE_SIZE)
		return NULL;
	va = fresh_pages(p, n, limit, &start);
	if (!va)
		return NULL;
	uint64_t vpage = (uintptr_t)va >> PLATFORM_PAGE_SHIFT;
	pthread_mutex_lock(&p->lock);
	if (p->kind == PLATFORM_SIM)
		start = reserve_run(p, n, limit_frame(p, limit));
	if (start != NO_FRAME && map_run(p, vpage, start, n)) {
		release_run(p, vpage, start, n);
		page_map_del(&p->blocks, vpage, NULL);
		start = NO_FRAME;
	}
	if (start != NO_FRAME) {
		p->contiguous_blocks++;
		p->contiguous_bytes += n << PLATFORM_PAGE_SHIFT;
	}
	pthread_mutex_unlock(&p->lock);
	if (start == NO_FRAME) {
		munmap(va, n << PLATFORM_PAGE_SHIFT);
		return NULL;
	}
	*pa = start << PLATFORM_PAGE_SHIFT;
	return va;
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
	pthread_mutex_unlock(&p->lock);
	munmap(va, n << PLATFORM_PAGE_SHIFT);
}
