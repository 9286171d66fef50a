/* test_platform_host.c — the host platform (spec §11): real frame numbers
 * from /proc/self/pagemap, pinned.  Needs root; without it platform_create
 * must refuse (-EPERM / -EACCES) and the scenarios are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_frames),
		cmocka_unit_test(test_contiguous_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
