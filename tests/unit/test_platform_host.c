/* test_platform_host.c — the host platform (spec §11): real frame numbers
 * from /proc/self/pagemap read once per page, pages pinned; the reserve
 * below a limit (4 GiB) served as physically contiguous blocks; without
 * frame numbers a refusal that names the options, or (behind an IOMMU)
 * the platform's own frame ids.  The non-root cases run in a child that
 * drops to nobody; scenarios needing real frames are skipped (cmocka skip)
 * only when the kernel shows none to this process (not root). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/platform.h"

#define PG PLATFORM_PAGE_SIZE

static struct platform *host_or_skip(void)
{
	struct platform_config c = { .kind = PLATFORM_HOST };
	struct platform *p = NULL;
	int rc = platform_create(&c, &p);

	if (rc == -EPERM || rc == -EACCES) {
		assert_true(geteuid() != 0 || rc == -EPERM);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_int_equal(platform_kind(p), PLATFORM_HOST);
	return p;
}

/* an independent read of the frame behind va */
static uint64_t pagemap_frame(const void *va)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &e, 8, (off_t)((uintptr_t)va / PG * 8)), 8);
	close(fd);
	assert_true(e >> 63);
	return e & ((1ull << 55) - 1);
}

static void test_real_frames(void **state)
{
	struct platform *p = host_or_skip();
	char *va = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t pfn[8];

	assert_true(va != MAP_FAILED);
	/* untouched anonymous pages: the platform pins and faults them in */
	assert_int_equal(platform_pfns(p, va + 1, 8 * PG - 2, pfn), 0);
	for (int i = 0; i < 8; i++) {
		assert_true(pfn[i] != 0);
		assert_int_equal(pfn[i], pagemap_frame(va + i * PG));
		assert_ptr_equal(platform_pa_to_va(p, pfn[i] * PG + 9), va + i * PG + 9);
	}
	/* pinned: writing does not move the frame */
	memset(va, 1, 8 * PG);
	assert_int_equal(pagemap_frame(va), pfn[0]);
	struct platform_stats s;
	platform_get_stats(p, &s);
	assert_int_equal(s.frames_mapped, 8);
	platform_forget(p, va, 8 * PG);
	platform_get_stats(p, &s);
	assert_int_equal(s.frames_mapped, 0);
	assert_null(platform_pa_to_va(p, pfn[3] * PG));
	munmap(va, 8 * PG);
	platform_destroy(p);
}

static void check_block(struct platform *p, size_t pages)
{
	uint64_t pa;
	char *va = platform_alloc_contiguous(p, pages * PG, UINT64_MAX, &pa);

	if (!va && pages > 1)
		return;   /* the kernel had no physical run for us: refused cleanly */
	assert_non_null(va);
	assert_int_equal(pa % PG, 0);
	for (size_t i = 0; i < pages; i++) {
		assert_int_equal(pagemap_frame(va + i * PG), pa / PG + i);
		assert_ptr_equal(platform_pa_to_va(p, pa + i * PG), va + i * PG);
	}
	platform_free_contiguous(p, va, pages * PG);
	assert_null(platform_pa_to_va(p, pa));
}

static void test_contiguous_blocks(void **state)
{
	struct platform *p = host_or_skip();
	struct platform_stats s;

	check_block(p, 1);
	check_block(p, 4);
	check_block(p, 64);
	platform_get_stats(p, &s);
	assert_int_equal(s.contiguous_blocks, 0);
	assert_int_equal(s.contiguous_bytes, 0);
	platform_destroy(p);
}

/* Every page's frame is read once: MDLs built again and again over the
 * same buffer (what a driver does per packet) read nothing more. */
static void test_pagemap_read_once_per_page(void **state)
{
	struct platform *p = host_or_skip();
	char *va = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct platform_stats before, after;
	uint64_t pfn[16], again[16];

	assert_true(va != MAP_FAILED);
	platform_get_stats(p, &before);
	assert_true(before.real_frames);
	assert_int_equal(platform_pfns(p, va, 16 * PG, pfn), 0);
	platform_get_stats(p, &after);
	assert_int_equal(after.pagemap_reads - before.pagemap_reads, 16);
	assert_int_equal(after.pinned_pages - before.pinned_pages, 16);
	for (int packet = 0; packet < 10000; packet++) {
		size_t off = (size_t)(packet % 4000), len = 60 + (size_t)packet % 1454;
		assert_int_equal(platform_pfns(p, va + off, len,
					       again + off / PG), 0);
	}
	platform_get_stats(p, &after);
	assert_int_equal(after.pagemap_reads - before.pagemap_reads, 16);
	assert_memory_equal(again, pfn, 2 * sizeof(uint64_t));
	/* forgotten pages are unpinned; seen again, read again (once) */
	platform_forget(p, va, 16 * PG);
	platform_get_stats(p, &after);
	assert_int_equal(after.pinned_pages, before.pinned_pages);
	assert_int_equal(platform_pfns(p, va, PG, pfn), 0);
	platform_get_stats(p, &after);
	assert_int_equal(after.pagemap_reads - before.pagemap_reads, 17);
	platform_forget(p, va, 16 * PG);
	munmap(va, 16 * PG);
	platform_destroy(p);
}

/* A host platform whose reserve takes frames below `limit`. */
static struct platform *reserve_or_skip(uint64_t limit, uint64_t bytes,
					bool now, int *rc, char *why)
{
	struct platform_config c = { .kind = PLATFORM_HOST };
	struct platform *p = NULL;

	c.host_reserve = bytes;
	c.host_reserve_limit = limit;
	c.host_reserve_now = now;
	*rc = platform_create_why(&c, &p, why, PLATFORM_WHY_MAX);
	if (*rc == -EPERM && geteuid() != 0)
		skip();
	return p;
}

/* The reserve's blocks: physically contiguous runs of real frames below
 * the reserve limit, VA-contiguous too, given back to the reserve.  The
 * limit here (2^46) takes every frame, so the search succeeds on any
 * machine; test_reserve_below_4gib checks the real 4 GiB. */
static void test_reserve_blocks(void **state)
{
	const uint64_t limit = 1ull << 46;
	struct platform_stats s;
	char why[PLATFORM_WHY_MAX];
	uint64_t pa, pa2;
	int rc;
	struct platform *p = reserve_or_skip(limit, 4 << 20, true, &rc, why);

	assert_int_equal(rc, 0);
	platform_get_stats(p, &s);
	assert_int_equal(s.reserve_pages, 1024);
	assert_int_equal(s.reserve_free, 1024);
	assert_true(s.pinned_pages >= 1024);
	/* the kernel's frames decide whether 4 adjacent ones were among the
	 * pages found; if not, the refusal says the longest run is shorter */
	size_t n = 4;
	char *va = platform_alloc_contiguous(p, n * PG, limit, &pa);
	if (!va) {
		assert_true(platform_why(p, why, sizeof why) > 0);
		assert_non_null(strstr(why, "no run of 4 physically adjacent"));
		assert_null(strstr(why, "longest run 4"));
		n = 1;
		va = platform_alloc_contiguous(p, n * PG, limit, &pa);
	}
	assert_non_null(va);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(pagemap_frame(va + i * PG), pa / PG + i);
		assert_ptr_equal(platform_pa_to_va(p, pa + i * PG + 5), va + i * PG + 5);
	}
	memset(va, 0x5a, n * PG);   /* the memory is ours and writable */
	char *one = platform_alloc_contiguous(p, PG, limit, &pa2);
	assert_non_null(one);
	assert_true(pa2 / PG < pa / PG || pa2 / PG >= pa / PG + n);
	platform_get_stats(p, &s);
	assert_int_equal(s.reserve_free, 1024 - n - 1);
	assert_int_equal(s.contiguous_blocks, 2);
	/* a run longer than the reserve: refused, with the reason */
	assert_null(platform_alloc_contiguous(p, 2048 * PG, limit, &pa2));
	assert_true(platform_why(p, why, sizeof why) > 0);
	assert_non_null(strstr(why, "--host-reserve"));
	platform_free_contiguous(p, va, n * PG);
	platform_free_contiguous(p, one, PG);
	platform_get_stats(p, &s);
	assert_int_equal(s.reserve_free, 1024);
	assert_int_equal(s.contiguous_blocks, 0);
	assert_null(platform_pa_to_va(p, pa));
	/* a block above the reserve limit is no reserve block */
	va = platform_alloc_contiguous(p, PG, UINT64_MAX, &pa);
	assert_non_null(va);
	platform_get_stats(p, &s);
	assert_int_equal(s.reserve_free, 1024);
	platform_free_contiguous(p, va, PG);
	platform_destroy(p);
}

/* The 4 GiB reserve of a 32-bit channel: either every block lies below
 * 4 GiB, or the create fails -ENOSPC saying how much it found, where it
 * looked and what to use instead; never a block above 4 GiB. */
static void test_reserve_below_4gib(void **state)
{
	char why[PLATFORM_WHY_MAX];
	uint64_t pa;
	int rc;
	struct platform *p = reserve_or_skip(0, 1 << 20, true, &rc, why);

	if (rc == -ENOSPC) {
		assert_null(p);
		assert_non_null(strstr(why, "below 4096 MiB"));
		assert_non_null(strstr(why, "--iommu strict|lazy"));
		assert_non_null(strstr(why, "--platform sim"));
		/* lazily: the first block below 4 GiB fails the same way */
		p = reserve_or_skip(0, 1 << 20, false, &rc, why);
		assert_int_equal(rc, 0);
		assert_null(platform_alloc_contiguous(p, PG, PLATFORM_4GB, &pa));
		assert_true(platform_why(p, why, sizeof why) > 0);
		assert_non_null(strstr(why, "--iommu strict|lazy"));
		platform_destroy(p);
		return;
	}
	assert_int_equal(rc, 0);
	/* one page: whether longer runs exist is the kernel's choice
	 * (test_reserve_blocks checks runs) */
	char *va = platform_alloc_contiguous(p, PG, PLATFORM_4GB, &pa);
	assert_non_null(va);
	assert_true(pa + PG <= PLATFORM_4GB);
	assert_int_equal(pagemap_frame(va), pa / PG);
	platform_free_contiguous(p, va, PG);
	platform_destroy(p);
}

/* Behind an IOMMU a 4 GiB limit binds the IOVA, not the frames: real
 * frames anywhere, no reserve gathered, even when asked for at start. */
static void test_behind_iommu(void **state)
{
	struct platform_config c = { .kind = PLATFORM_HOST };
	struct platform_stats s;
	struct platform *p = NULL;
	uint64_t pa;

	c.device_sees_iova = true;
	c.host_reserve_now = true;
	assert_int_equal(platform_create(&c, &p), 0);
	platform_get_stats(p, &s);
	if (!s.real_frames && geteuid() != 0) {
		platform_destroy(p);
		skip();   /* own ids: test_without_frame_numbers */
	}
	assert_true(s.real_frames);
	assert_int_equal(s.reserve_pages, 0);
	char *va = platform_alloc_contiguous(p, PG, PLATFORM_4GB, &pa);
	assert_non_null(va);
	assert_int_equal(pagemap_frame(va), pa / PG);
	platform_get_stats(p, &s);
	assert_int_equal(s.reserve_pages, 0);
	platform_free_contiguous(p, va, PG);
	platform_destroy(p);
}

static int child_failed(int line)
{
	fprintf(stderr, "as nobody: the check at line %d failed\n", line);
	return 1;
}

/* In a child that is nobody (no CAP_SYS_ADMIN, no CAP_IPC_LOCK): frame
 * numbers hidden.  Exit 0 when every check held, else the failing line. */
static int as_nobody(void)
{
	struct platform_config c = { .kind = PLATFORM_HOST };
	struct platform_stats s;
	struct platform *p = NULL;
	char why[PLATFORM_WHY_MAX];
	uint64_t pfn[4], pa;

	/* a small pin allowance, whatever the parent's */
	struct rlimit rl = { 1u << 20, 1u << 20 };

	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		return 101;
	if (geteuid() == 0 &&
	    (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	     setresuid(65534, 65534, 65534)))
		return 100;
	prctl(PR_SET_DUMPABLE, 1);   /* /proc/self is ours, as for any user */
	if (platform_create_why(&c, &p, why, sizeof why) != -EPERM || p)
		return child_failed(__LINE__);
	if (!strstr(why, "CAP_SYS_ADMIN") || !strstr(why, "--platform sim") ||
	    !strstr(why, "--iommu strict|lazy"))
		return child_failed(__LINE__);
	/* behind an IOMMU: own frame ids, pinned pages */
	c.device_sees_iova = true;
	if (platform_create_why(&c, &p, why, sizeof why) || !p)
		return child_failed(__LINE__);
	char *va = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (va == MAP_FAILED || platform_pfns(p, va, 4 * PG, pfn))
		return child_failed(__LINE__);
	platform_get_stats(p, &s);
	if (s.real_frames || s.pinned_pages != 4 || s.pagemap_reads != 1 ||
	    pfn[1] != pfn[0] + 1 || platform_pa_to_va(p, pfn[2] * PG) != va + 2 * PG)
		return child_failed(__LINE__);
	char *blk = platform_alloc_contiguous(p, 2 * PG, PLATFORM_4GB, &pa);
	if (!blk || pa + 2 * PG > PLATFORM_4GB ||
	    platform_pa_to_va(p, pa + PG) != blk + PG)
		return child_failed(__LINE__);
	platform_free_contiguous(p, blk, 2 * PG);
	/* more than RLIMIT_MEMLOCK: refused, the reason names the limit */
	size_t big = 64u << 20;
	char *huge = mmap(NULL, big, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t *many = malloc(big / PG * sizeof(*many));
	if (huge == MAP_FAILED || !many)
		return child_failed(__LINE__);
	if (platform_pfns(p, huge, big, many) != -ENOMEM)
		return child_failed(__LINE__);
	platform_why(p, why, sizeof why);
	if (!strstr(why, "RLIMIT_MEMLOCK") || !strstr(why, "ulimit -l"))
		return child_failed(__LINE__);
	platform_forget(p, huge, big);
	free(many);
	platform_destroy(p);
	return 0;
}

static void test_without_frame_numbers(void **state)
{
	int status = 0;
	pid_t pid;

	/* as root the child drops to nobody; as a user it is one already */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(as_nobody());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 100)
		skip();   /* cannot become nobody here */
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_frames),
		cmocka_unit_test(test_contiguous_blocks),
		cmocka_unit_test(test_pagemap_read_once_per_page),
		cmocka_unit_test(test_reserve_blocks),
		cmocka_unit_test(test_reserve_below_4gib),
		cmocka_unit_test(test_behind_iommu),
		cmocka_unit_test(test_without_frame_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
