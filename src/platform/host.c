/* host.c — the host platform (spec §11): real page frame numbers, read
 * once from /proc/self/pagemap when a page is first seen (an MDL built,
 * memory registered), after pinning it with mlock so the frame cannot move
 * or be swapped while a device may reach it.  Needs root (CAP_SYS_ADMIN to
 * see frame numbers, CAP_IPC_LOCK to pin).  Never on the per-packet path.
 *
 * Physically contiguous blocks: a fresh mapping is pinned and its frames
 * checked; if the kernel did not hand out adjacent frames, a transparent
 * huge page (2 MiB, one physical run) is tried and trimmed to the block.
 */
#include "platform/platform_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGEMAP_PRESENT (1ull << 63)
#define PAGEMAP_PFN_MASK ((1ull << 55) - 1)
#define HUGE_BYTES (2u << 20)
#define HUGE_PAGES (HUGE_BYTES / PLATFORM_PAGE_SIZE)

static void *page_va(uint64_t vpage)
{
	return (void *)(uintptr_t)(vpage << PLATFORM_PAGE_SHIFT);
}

static uint64_t read_frame(const struct platform *p, uint64_t vpage)
{
	uint64_t e;

	if (pread(p->pagemap_fd, &e, sizeof(e), (off_t)(vpage * sizeof(e))) !=
	    (ssize_t)sizeof(e))
		return NO_FRAME;
	if (!(e & PAGEMAP_PRESENT) || !(e & PAGEMAP_PFN_MASK))
		return NO_FRAME;   /* not present, or frame numbers hidden */
	return e & PAGEMAP_PFN_MASK;
}

uint64_t host_frame_of(struct platform *p, uint64_t vpage)
{
	uint64_t f;

	/* mlock faults the page in (writably for a private writable
	 * mapping, so not the shared zero page) and pins it */
	if (mlock(page_va(vpage), PLATFORM_PAGE_SIZE))
		return NO_FRAME;
	f = read_frame(p, vpage);
	if (f == NO_FRAME)
		munlock(page_va(vpage), PLATFORM_PAGE_SIZE);
	return f;
}

void host_unpin(uint64_t vpage)
{
	munlock(page_va(vpage), PLATFORM_PAGE_SIZE);   /* gone already: fine */
}

int host_open(struct platform *p)
{
	void *probe;
	uint64_t f;

	p->pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (p->pagemap_fd < 0)
		return -errno;
	probe = mmap(NULL, PLATFORM_PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (probe == MAP_FAILED)
		return -ENOMEM;
	f = host_frame_of(p, (uintptr_t)probe >> PLATFORM_PAGE_SHIFT);
	munmap(probe, PLATFORM_PAGE_SIZE);
	return f == NO_FRAME ? -EPERM : 0;
}

void host_close(struct platform *p)
{
	if (p->pagemap_fd >= 0)
		close(p->pagemap_fd);
	p->pagemap_fd = -1;
}

/* The first frame of [va, va + n pages) if they are one run wholly below
 * limit_frame, else NO_FRAME. */
static uint64_t run_start(const struct platform *p, void *va, uint64_t n,
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

static void *try_plain(const struct platform *p, uint64_t n, uint64_t limit_frame,
		       uint64_t *start)
{
	size_t len = n << PLATFORM_PAGE_SHIFT;
	void *va = mmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (va == MAP_FAILED)
		return NULL;
	if (!mlock(va, len)) {
		*start = run_start(p, va, n, limit_frame);
		if (*start != NO_FRAME)
			return va;
	}
	munmap(va, len);
	return NULL;
}

static void *try_huge(const struct platform *p, uint64_t n, uint64_t limit_frame,
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
	if (mlock(va, HUGE_BYTES) ||
	    (*start = run_start(p, va, n, limit_frame)) == NO_FRAME) {
		munmap(va, HUGE_BYTES);
		return NULL;
	}
	/* trimming splits the huge page; the head keeps its frames */
	if (n < HUGE_PAGES)
		munmap(va + (n << PLATFORM_PAGE_SHIFT),
		       HUGE_BYTES - (n << PLATFORM_PAGE_SHIFT));
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
	return va;
}
