/* platform.h — physical memory (spec §11).
 *
 * `sim` (default): process memory with simulated page frame numbers chosen
 * by a layout policy from the seed.  `host`: pages pinned with mlock and
 * their real PFNs read from /proc/self/pagemap (root: CAP_SYS_ADMIN shows
 * frame numbers), once per page; without frame numbers (not root) host
 * serves only a device behind the IOMMU (the device sees IOVAs), with the
 * pinned pages named by the platform's own frame ids.  Frames are looked up
 * when an MDL is built (its PFN array) or a contiguous block is allocated,
 * never on the per-packet path (platform_stats.pagemap_reads counts them).
 * The bus goes the other way, PA -> VA.
 *
 * A host block below 4 GiB (a 32-bit channel's shared memory and map
 * registers without an IOMMU) comes from the reserve: pinned pages whose
 * real frames lie below 4 GiB, gathered once (host_reserve.c).
 */
#ifndef NDISDMA_PLATFORM_H
#define NDISDMA_PLATFORM_H

#include <stdbool.h>
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

/* Default size of the host reserve below 4 GiB: the default bounce pool
 * of one 32-bit channel (4096 map registers, spec §6) plus room for its
 * shared memory. */
#define PLATFORM_HOST_RESERVE_DEFAULT (32ull << 20)
/* Its largest size: every reserve page may become one mapping of the
 * process (mremap), and vm.max_map_count is 65530 by default. */
#define PLATFORM_HOST_RESERVE_MAX (64ull << 20)

struct platform_config {
	enum platform_kind kind;
	enum platform_layout layout;
	uint64_t seed;
	uint64_t frames;        /* sim: size of physical memory in frames (0: 64 GiB) */
	/* host: every device address goes through an IOMMU (the device sees
	 * IOVAs), so when /proc/self/pagemap hides frame numbers the pinned
	 * pages get the platform's own frame ids instead of a refusal, and a
	 * block's limit binds the IOVA the HAL maps it at, not its frames
	 * (no reserve below 4 GiB: the IOMMU gives IOVAs below it) */
	bool device_sees_iova;
	/* host: bytes of the reserve below reserve_limit (0: the default),
	 * gathered at create when reserve_now, else on the first block that
	 * needs it */
	uint64_t host_reserve;
	bool host_reserve_now;
	/* host: a block whose limit is at most this comes from the reserve,
	 * whose frames all lie below it (0: 4 GiB, the only value outside
	 * tests) */
	uint64_t host_reserve_limit;
};

struct platform_stats {
	uint64_t frames_mapped;      /* VA pages with a frame */
	uint64_t contiguous_blocks;  /* live contiguous allocations */
	uint64_t contiguous_bytes;
	/* host */
	uint64_t pagemap_reads;      /* pagemap entries read, ever */
	uint64_t pinned_pages;       /* pages locked now (mlock), reserve too */
	uint64_t reserve_pages;      /* pages in the reserve below its limit */
	uint64_t reserve_free;       /* of them, not in a block */
	bool real_frames;            /* host: frames are the machine's PFNs */
};

struct platform;

/* 0 or -errno; on failure a one-line reason (what the kernel refused and
 * which option to use instead) goes to why when it is not NULL:
 *   -EPERM   host: frame numbers hidden (not root) and no IOMMU
 *   -ENOMEM  host: mlock refused (RLIMIT_MEMLOCK), or no memory
 *   -ENOSPC  host: host_reserve_now, and the kernel gave fewer pages below
 *            the reserve limit than asked for
 *   -errno   host: /proc/self/pagemap cannot be opened */
int platform_create_why(const struct platform_config *config,
			struct platform **out, char *why, size_t whylen);
int platform_create(const struct platform_config *config, struct platform **out);
/* Room for a reason, its NUL included. */
#define PLATFORM_WHY_MAX 512

/* Copies the reason of the platform's last refusal (a block it could not
 * give, a page it could not pin) into buf, "" when none: a NULL or -ENOMEM
 * from a function below has its explanation here.  Returns its length. */
size_t platform_why(struct platform *p, char *buf, size_t len);
void platform_destroy(struct platform *p);
enum platform_kind platform_kind(const struct platform *p);
enum platform_layout platform_layout(const struct platform *p);

/* Frame numbers of each page spanned by [va, va + len), assigned by the
 * layout policy to pages never seen before.  pfns needs room for
 * ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len) entries.  0 or -ENOMEM. */
int platform_pfns(struct platform *p, const void *va, size_t len, uint64_t *pfns);

/* The VA of physical address pa (any byte of a known frame), or NULL.
 * The translations a thread made are kept in its own cache (allocated on
 * its first miss, freed when the thread ends), valid while no frame of
 * any platform was unmapped since (the epoch): a device's accesses hit
 * the same ring and buffer pages over and over -- a traffic run's window
 * of buffers spans a few hundred frames -- so the hit is inline here (a
 * bus access costs about as much as the copy it serves) and only a miss
 * looks the frame up under the platform's mutex.  A frame is mapped once
 * and keeps its VA until it is unmapped, so an entry of the current
 * epoch is what the map would say. */
#define PLATFORM_TLB_ENTRIES 1024u
struct platform_tlb_entry {
	const struct platform *p;
	uint64_t epoch, frame, vpage;
};
extern uint64_t platform_tlb_epoch;   /* __atomic builtins only */
extern __thread struct platform_tlb_entry *platform_tlb
	__attribute__((tls_model("initial-exec")));
void *platform_pa_to_va_slow(struct platform *p, uint64_t pa);

static inline void *platform_pa_to_va(struct platform *p, uint64_t pa)
{
	uint64_t frame = pa >> PLATFORM_PAGE_SHIFT;
	const struct platform_tlb_entry *e = platform_tlb;

	if (e) {
		e += frame % PLATFORM_TLB_ENTRIES;
		if (e->p == p && e->frame == frame &&
		    e->epoch == __atomic_load_n(&platform_tlb_epoch, __ATOMIC_ACQUIRE))
			return (void *)(uintptr_t)((e->vpage << PLATFORM_PAGE_SHIFT) |
						   (pa & (PLATFORM_PAGE_SIZE - 1)));
	}
	return platform_pa_to_va_slow(p, pa);
}

/* A physically contiguous, page-aligned block of whole pages whose every
 * byte lies below `limit`.  NULL on failure.  host: a limit at most the
 * reserve limit (4 GiB) is served from the reserve; NULL there, with
 * platform_why naming the reserve's size and --host-reserve, when the
 * kernel gave no frames below it or no run of them is long enough. */
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
