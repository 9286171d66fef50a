/* host.c — the host platform (spec §11): real page frame numbers, read
 * once from /proc/self/pagemap when a page is first seen (an MDL built,
 * memory registered), after pinning it with mlock so the frame cannot move
 * or be swapped while a device may reach it.  Never on the per-packet path:
 * every entry read is counted (platform_stats.pagemap_reads).
 *
 * What the kernel allows decides the mode, checked once at create:
 *   frame numbers  /proc/self/pagemap shows PFNs only with CAP_SYS_ADMIN
 *                  (Linux 4.2+: 0 for everyone else).  Without them the
 *                  device may not be handed a PA at all, so host refuses
 *                  (-EPERM, naming --platform sim and --iommu) unless the
 *                  device sees IOVAs: then the pinned pages are named by
 *                  the platform's own frame ids (host_ids), which the IOMMU
 *                  maps like any frame.
 *   pinning        mlock needs CAP_IPC_LOCK or room under RLIMIT_MEMLOCK;
 *                  a refusal says which limit and how much is pinned.
 *                  mlock keeps a page resident, but compaction may still
 *                  migrate a locked page (vm.compact_unevictable_allowed,
 *                  1 by default); the device model reaches memory through
 *                  the platform's PA -> VA map, so data never goes astray,
 *                  only the PFN read at pin time could then be stale.
 *
 * Physically contiguous blocks above the reserve limit: a fresh mapping is
 * pinned and its frames checked; if the kernel did not hand out adjacent
 * frames, a transparent huge page (2 MiB, one physical run) is tried and
 * trimmed to the block.  Below it (4 GiB): host_reserve.c.
 */
#include "platform/platform_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGEMAP_PRESENT (1ull << 63)
#define PAGEMAP_PFN_MASK ((1ull << 55) - 1)
#define HUGE_BYTES (2u << 20)
#define HUGE_PAGES (HUGE_BYTES / PLATFORM_PAGE_SIZE)

static void *page_va(uint64_t vpage)
{
	return (void *)(uintptr_t)(vpage << PLATFORM_PAGE_SHIFT);
}

int host_read_entries(struct platform *p, uint64_t vpage, uint64_t n,
		      uint64_t *e)
{
	size_t bytes = n * sizeof(*e);

	atomic_fetch_add_explicit(&p->pagemap_reads, n, memory_order_relaxed);
	return pread(p->pagemap_fd, e, bytes, (off_t)(vpage * sizeof(*e))) ==
	       (ssize_t)bytes ? 0 : -1;
}

uint64_t host_entry_frame(uint64_t e)
{
	if (!(e & PAGEMAP_PRESENT) || !(e & PAGEMAP_PFN_MASK))
		return NO_FRAME;   /* not present, or frame numbers hidden */
	return e & PAGEMAP_PFN_MASK;
}

static uint64_t read_frame(struct platform *p, uint64_t vpage)
{
	uint64_t e;

	return host_read_entries(p, vpage, 1, &e) ? NO_FRAME : host_entry_frame(e);
}

static void why_memlock(struct platform *p, uint64_t n, int err)
{
	struct rlimit rl = { 0, 0 };
	char lim[32] = "unlimited";

	getrlimit(RLIMIT_MEMLOCK, &rl);
	if (rl.rlim_cur != RLIM_INFINITY)
		snprintf(lim, sizeof lim, "%llu KiB", (unsigned long long)rl.rlim_cur >> 10);
	platform_set_why(p, "host: mlock of %" PRIu64 " KiB refused (%s): "
			 "RLIMIT_MEMLOCK is %s and %" PRIu64 " KiB are pinned; "
			 "raise it (ulimit -l) or run as root (CAP_IPC_LOCK)",
			 n << (PLATFORM_PAGE_SHIFT - 10), strerror(err), lim,
			 atomic_load(&p->pinned_pages) << (PLATFORM_PAGE_SHIFT - 10));
}

/* The system calls themselves: sanitizer runtimes replace mlock and
 * munlock by no-ops (their shadow memory is not to be locked), which
 * would leave the pages neither faulted in nor pinned. */
static int sys_mlock(const void *va, size_t len)
{
	return (int)syscall(SYS_mlock, va, len);
}

void host_munlock(const void *va, size_t len)
{
	syscall(SYS_munlock, va, len);   /* gone already: fine */
}

int host_pin(struct platform *p, void *va, uint64_t n)
{
	/* mlock faults the pages in (writably for a private writable
	 * mapping, so not the shared zero page) and pins them */
	if (sys_mlock(va, n << PLATFORM_PAGE_SHIFT)) {
		why_memlock(p, n, errno);
		return -ENOMEM;
	}
	atomic_fetch_add_explicit(&p->pinned_pages, n, memory_order_relaxed);
	return 0;
}

void host_pinned_gone(struct platform *p, uint64_t n)
{
	atomic_fetch_sub_explicit(&p->pinned_pages, n, memory_order_relaxed);
}

uint64_t host_frame_of(struct platform *p, uint64_t vpage)
{
	uint64_t f;

	if (host_pin(p, page_va(vpage), 1))
		return NO_FRAME;
	f = p->host_ids ? sim_assign_frame(p, vpage) : read_frame(p, vpage);
	if (f == NO_FRAME)
		host_unpin(p, vpage);
	return f;
}

void host_unpin(struct platform *p, uint64_t vpage)
{
	host_munlock(page_va(vpage), PLATFORM_PAGE_SIZE);
	host_pinned_gone(p, 1);
}

/* The probe page's frame: NO_FRAME when hidden; -1 when it cannot pin. */
static int probe_frames(struct platform *p, uint64_t *f)
{
	void *probe = mmap(NULL, PLATFORM_PAGE_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (probe == MAP_FAILED)
		return -ENOMEM;
	if (host_pin(p, probe, 1)) {
		munmap(probe, PLATFORM_PAGE_SIZE);
		return -ENOMEM;
	}
	*f = read_frame(p, (uintptr_t)probe >> PLATFORM_PAGE_SHIFT);
	munmap(probe, PLATFORM_PAGE_SIZE);
	host_pinned_gone(p, 1);
	return 0;
}

int host_open(struct platform *p, bool device_sees_iova)
{
	uint64_t f = NO_FRAME;
	int rc;

	p->pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (p->pagemap_fd < 0) {
		rc = -errno;
		platform_set_why(p, "host: cannot open /proc/self/pagemap (%s); "
				 "use --platform sim", strerror(-rc));
		return rc;
	}
	if ((rc = probe_frames(p, &f)))
		return rc;
	if (f != NO_FRAME)
		return 0;
	if (device_sees_iova) {
		/* the IOMMU maps whatever frames it is given: own ids do */
		p->host_ids = true;
		return 0;
	}
	platform_set_why(p, "host: /proc/self/pagemap hides frame numbers from this "
			 "process (they need CAP_SYS_ADMIN, i.e. root), so no device "
			 "address can be real; use --platform sim, or --iommu strict|lazy "
			 "(the device then sees IOVAs and host needs no frame numbers)");
	return -EPERM;
}

void host_close(struct platform *p)
{
	if (p->pagemap_fd >= 0)
		close(p->pagemap_fd);
	p->pagemap_fd = -1;
}

/* The first frame of [va, va + n pages) if they are one run wholly below
 * limit_frame, else NO_FRAME.  One read per page of a fresh block. */
static uint64_t run_start(struct platform *p, void *va, uint64_t n,
			  uint64_t limit_frame)
{
	uint64_t vpage = (uintptr_t)va >> PLATFORM_PAGE_SHIFT;
	uint64_t start = read_frame(p, vpage);

	if (start == NO_FRAME || start + n > limit_frame)
		return NO_FRAME;
	for (uint64_t i = 1; i < n; i++)
		if (read_frame(p, vpage + i) != start + i)
			return NO_FRAME;
	return start;
}

static void *try_plain(struct platform *p, uint64_t n, uint64_t limit_frame,
		       uint64_t *start)
{
	size_t len = n << PLATFORM_PAGE_SHIFT;
	void *va = mmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (va == MAP_FAILED)
		return NULL;
	if (!host_pin(p, va, n)) {
		*start = run_start(p, va, n, limit_frame);
		if (*start != NO_FRAME)
			return va;
		host_pinned_gone(p, n);
	}
	munmap(va, len);
	return NULL;
}

static void *try_huge(struct platform *p, uint64_t n, uint64_t limit_frame,
		      uint64_t *start)
{
	size_t span = 2 * HUGE_BYTES;
	char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *va;

	if (raw == MAP_FAILED)
		return NULL;
	/* keep exactly one 2 MiB-aligned region */
	va = (char *)(((uintptr_t)raw + HUGE_BYTES - 1) & ~(uintptr_t)(HUGE_BYTES - 1));
	if (va > raw)
		munmap(raw, (size_t)(va - raw));
	if (raw + span > va + HUGE_BYTES)
		munmap(va + HUGE_BYTES, (size_t)(raw + span - (va + HUGE_BYTES)));
	madvise(va, HUGE_BYTES, MADV_HUGEPAGE);
	if (host_pin(p, va, HUGE_PAGES)) {
		munmap(va, HUGE_BYTES);
		return NULL;
	}
	if ((*start = run_start(p, va, n, limit_frame)) == NO_FRAME) {
		munmap(va, HUGE_BYTES);
		host_pinned_gone(p, HUGE_PAGES);
		return NULL;
	}
	/* trimming splits the huge page; the head keeps its frames */
	if (n < HUGE_PAGES)
		munmap(va + (n << PLATFORM_PAGE_SHIFT),
		       HUGE_BYTES - (n << PLATFORM_PAGE_SHIFT));
	host_pinned_gone(p, HUGE_PAGES - n);
	return va;
}

void *host_alloc_run(struct platform *p, uint64_t n, uint64_t limit_frame,
		     uint64_t *start)
{
	void *va = NULL;

	for (int attempt = 0; attempt < 3 && !va; attempt++)
		va = try_plain(p, n, limit_frame, start);
	if (!va && n > 1 && n <= HUGE_PAGES)
		va = try_huge(p, n, limit_frame, start);
	if (!va)
		platform_set_why(p, "host: the kernel gave no run of %" PRIu64
				 " physically adjacent frames (3 fresh mappings and "
				 "a huge page tried)", n);
	return va;
}
