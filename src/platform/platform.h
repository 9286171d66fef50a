/* platform.h — physical memory (spec §11).
 *
 * `sim` (default): process memory with simulated page frame numbers chosen
 * by a layout policy from the seed.  `host` (root): real PFNs from
 * /proc/self/pagemap, pages pinned with mlock.  Frames are looked up when an
 * MDL is built (its PFN array) or a contiguous block is allocated, never on
 * the per-packet path.  The bus goes the other way, PA -> VA.
 */
#ifndef NDISDMA_PLATFORM_H
#define NDISDMA_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#define PLATFORM_PAGE_SIZE 4096u
#define PLATFORM_PAGE_SHIFT 12
#define PLATFORM_4GB (1ull << 32)

enum platform_kind { PLATFORM_SIM, PLATFORM_HOST };

/* sim layouts (spec §11):
 *  contiguous  pages adjacent in VA get adjacent frames, below 4 GiB
 *  scattered   every page a random frame below 4 GiB
 *  high        like contiguous, but every frame above 4 GiB
 *  mixed       runs of 1-16 adjacent frames, each run below, above or
 *              straddling the 4 GiB boundary */
enum platform_layout {
	LAYOUT_CONTIGUOUS,
	LAYOUT_SCATTERED,
	LAYOUT_HIGH,
	LAYOUT_MIXED,
	LAYOUT_COUNT,
};

const char *platform_layout_name(enum platform_layout l);
/* Returns LAYOUT_COUNT for an unknown name. */
enum platform_layout platform_layout_parse(const char *name);

struct platform_config {
	enum platform_kind kind;
	enum platform_layout layout;
	uint64_t seed;
	uint64_t frames;        /* sim: size of physical memory in frames (0: 64 GiB) */
};

struct platform_stats {
	uint64_t frames_mapped;      /* VA pages with a frame */
	uint64_t contiguous_blocks;  /* live contiguous allocations */
	uint64_t contiguous_bytes;
};

struct platform;

int platform_create(const struct platform_config *config, struct platform **out);
void platform_destroy(struct platform *p);
enum platform_kind platform_kind(const struct platform *p);
enum platform_layout platform_layout(const struct platform *p);

/* Frame numbers of each page spanned by [va, va + len), assigned by the
 * layout policy to pages never seen before.  pfns needs room for
 * ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len) entries.  0 or -ENOMEM. */
int platform_pfns(struct platform *p, const void *va, size_t len, uint64_t *pfns);

/* The VA of physical address pa (any byte of a known frame), or NULL. */
void *platform_pa_to_va(struct platform *p, uint64_t pa);

/* A physically contiguous, page-aligned block of whole pages whose every
 * byte lies below `limit`.  NULL on failure. */
void *platform_alloc_contiguous(struct platform *p, size_t bytes,
				uint64_t limit, uint64_t *pa);
void platform_free_contiguous(struct platform *p, void *va, size_t bytes);

/* The constraints of MmAllocateContiguousMemorySpecifyCache:
 * every byte at or above `low` and below `limit`, never crossing a
 * multiple of a nonzero `boundary` (bytes).  On the host platform the
 * frames are the kernel's: a block that misses low or the boundary fails. */
struct platform_range {
	uint64_t low;
	uint64_t limit;
	uint64_t boundary;
};
void *platform_alloc_contiguous_range(struct platform *p, size_t bytes,
				      const struct platform_range *r, uint64_t *pa);

/* Forget the frames of whole pages in [va, va + len) (memory going back to
 * the C library).  Pages only partly covered are kept. */
void platform_forget(struct platform *p, const void *va, size_t len);

void platform_get_stats(const struct platform *p, struct platform_stats *s);

#endif
