/* platform_internal.h — the platform object shared by platform.c (front
 * door, VA <-> frame maps), frames.c (the simulated physical space) and
 * sim.c (layout policies).  Private to src/platform.
 */
#ifndef NDISDMA_PLATFORM_INTERNAL_H
#define NDISDMA_PLATFORM_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
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

	int pagemap_fd;              /* host: /proc/self/pagemap */
};

uint64_t platform_rng(struct platform *p);
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
int host_open(struct platform *p);      /* 0, -errno, -EPERM: PFNs hidden */
void host_close(struct platform *p);
uint64_t host_frame_of(struct platform *p, uint64_t vpage);  /* pins */
void host_unpin(uint64_t vpage);
/* n fresh pinned pages on one physical run below limit_frame; NULL if the
 * kernel would not give one. */
void *host_alloc_run(struct platform *p, uint64_t n, uint64_t limit_frame,
		     uint64_t *start);

#endif
