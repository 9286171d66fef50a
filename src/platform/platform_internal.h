/* platform_internal.h — the platform object shared by platform.c (front
 * door, VA <-> frame maps), frames.c (the simulated physical space) and
 * sim.c (layout policies).  Private to src/platform.
 */
#ifndef NDISDMA_PLATFORM_INTERNAL_H
#define NDISDMA_PLATFORM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/page_map.h"
#include "platform/platform.h"

#define NO_FRAME UINT64_MAX
/* first frame at or above 4 GiB */
#define FRAME_4GB (PLATFORM_4GB >> PLATFORM_PAGE_SHIFT)
/* default simulated memory: 64 GiB */
#define DEFAULT_FRAMES ((64ull << 30) >> PLATFORM_PAGE_SHIFT)

/* A bitmap of taken frames over [0, frames). */
struct frame_space {
	uint64_t *bits;
	uint64_t frames;
	uint64_t taken;
};

int frames_init(struct frame_space *fs, uint64_t frames);
void frames_destroy(struct frame_space *fs);
bool frames_is_free(const struct frame_space *fs, uint64_t f);
void frames_take(struct frame_space *fs, uint64_t f);
void frames_release(struct frame_space *fs, uint64_t f);
/* First free frame in [from, end), or NO_FRAME. */
uint64_t frames_find_free(const struct frame_space *fs, uint64_t from,
			  uint64_t end);
/* First free frame in [from, end), wrapping round to lo. */
uint64_t frames_find_free_wrap(const struct frame_space *fs, uint64_t lo,
			       uint64_t from, uint64_t end);
/* Start of the first run of n free frames inside [from, end), or NO_FRAME. */
uint64_t frames_find_run(const struct frame_space *fs, uint64_t from,
			 uint64_t end, uint64_t n);

/* host: pinned pages whose real frames lie below limit_frame, moved
 * (mremap keeps the frame) into one VA region in ascending frame order, so
 * a run of adjacent frames is a run of adjacent VA pages too
 * (host_reserve.c). */
struct host_reserve {
	char *base;
	uint64_t *frames;            /* frame of page i, ascending */
	uint8_t *used;               /* page i lies in a block */
	uint64_t pages, free;
	uint64_t want;               /* pages asked for */
	uint64_t limit_frame;        /* every frame is below it */
	uint64_t searched;           /* pages examined to find them */
	bool gathered;               /* gathered (or tried) already: once */
};

/* Freed sim blocks whose pages are kept, inaccessible, for reuse
 * (contiguous.c); the largest such block, in pages; how many freed blocks
 * of a size wait before the oldest is reused. */
#define PLATFORM_VA_CACHE 32
#define PLATFORM_VA_CACHE_PAGES 64
#define PLATFORM_VA_CACHE_DEPTH 2

struct platform {
	enum platform_kind kind;
	enum platform_layout layout;
	uint64_t seed;
	pthread_mutex_t lock;        /* guards everything below */

	uint64_t rng;                /* splitmix64 state from the seed */
	struct frame_space fs;
	struct page_map va_to_frame; /* VA page number -> frame */
	struct page_map frame_to_va; /* frame -> VA page number */
	struct page_map blocks;      /* contiguous block VA page -> pages */

	/* layout policy state (sim.c) */
	uint64_t low_bump;           /* next frame to try below 4 GiB */
	uint64_t high_bump;          /* next frame to try at/above 4 GiB */
	uint32_t run_left;           /* mixed: frames left in the current run */

	uint64_t contiguous_blocks;
	uint64_t contiguous_bytes;
	/* sim: the pages of freed blocks, oldest first, poisoned (ASan) or
	 * PROT_NONE, for a later block of the same size (contiguous.c) */
	struct { void *va; uint64_t n; } va_cache[PLATFORM_VA_CACHE];
	unsigned va_cached;

	int pagemap_fd;              /* host: /proc/self/pagemap */
	/* host without frame numbers, behind an IOMMU: frames are ids from
	 * the bitmap above (the contiguous layout), the pages still pinned */
	bool host_ids;
	/* host behind an IOMMU: a block's limit binds the IOVA the HAL maps
	 * it at, never its frames (no reserve needed) */
	bool device_sees_iova;
	struct host_reserve reserve;
	uint64_t reserve_bytes;
	uint64_t reserve_limit;
	_Atomic uint64_t pagemap_reads;
	_Atomic uint64_t pinned_pages;
	pthread_mutex_t why_lock;    /* guards why */
	char why[PLATFORM_WHY_MAX]; /* last refusal (platform_why) */
};

/* Record the reason of a refusal (any thread; takes why_lock). */
void platform_set_why(struct platform *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

uint64_t platform_rng(struct platform *p);
/* contiguous.c: the cached pages go back to the system (destroy). */
void platform_va_cache_drop(struct platform *p);
uint64_t platform_rng_below(struct platform *p, uint64_t bound);

/* sim.c: choose and take a frame for VA page vpage (never seen before),
 * by the layout policy.  NO_FRAME when physical memory is full. */
uint64_t sim_assign_frame(struct platform *p, uint64_t vpage);
/* Every thread's cached frame -> VA translations (platform_pa_to_va)
 * go stale: called whenever a frame is unmapped. */
void platform_tlb_flush(void);

/* sim.c: where a contiguous block below limit_frame should be searched
 * first (the layout's preferred region). */
uint64_t sim_block_search_start(struct platform *p, uint64_t limit_frame);

/* host.c: real frames from /proc/self/pagemap, pages pinned with mlock. */
/* 0; -EPERM frame numbers hidden (unless device_sees_iova: host_ids);
 * -ENOMEM mlock refused; -errno pagemap cannot be opened.  Sets why. */
int host_open(struct platform *p, bool device_sees_iova);
void host_close(struct platform *p);
/* Pins [va, va + n pages) (mlock); 0, or -ENOMEM with why set. */
int host_pin(struct platform *p, void *va, uint64_t n);
/* munlock itself (not a sanitizer's no-op). */
void host_munlock(const void *va, size_t len);
/* Forgets a pin whose lock went with an munmap. */
void host_pinned_gone(struct platform *p, uint64_t n);
/* The frame of vpage, pinned first (host_ids: an id from the bitmap). */
uint64_t host_frame_of(struct platform *p, uint64_t vpage);
void host_unpin(struct platform *p, uint64_t vpage);
/* n pagemap entries from vpage into e (one pread); counted.  0 or -1. */
int host_read_entries(struct platform *p, uint64_t vpage, uint64_t n,
		      uint64_t *e);
/* The frame of a pagemap entry, NO_FRAME when absent or hidden. */
uint64_t host_entry_frame(uint64_t e);
/* n fresh pinned pages on one physical run below limit_frame; NULL if the
 * kernel would not give one. */
void *host_alloc_run(struct platform *p, uint64_t n, uint64_t limit_frame,
		     uint64_t *start);

/* host_reserve.c (p->lock held). */
/* Gathers the reserve once; 0, -ENOSPC (fewer pages below the limit than
 * asked for: why says how many) or -ENOMEM. */
int host_reserve_gather(struct platform *p);
/* n pages of adjacent frames from the reserve inside [lo, hi) not crossing
 * a multiple of boundary: their VA and *start, or NULL with why set. */
void *host_reserve_take(struct platform *p, uint64_t n, uint64_t lo,
			uint64_t hi, uint64_t boundary, uint64_t *start);
/* Whether va lies in the reserve; if so its n pages go back to it. */
bool host_reserve_give(struct platform *p, void *va, uint64_t n);
void host_reserve_destroy(struct platform *p);

#endif
