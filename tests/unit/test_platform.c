/* test_platform.c — the sim platform (spec §11): layouts, VA <-> frame
 * maps in both directions, contiguous blocks, determinism per seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
#include <sanitizer/asan_interface.h>
#endif

#include "platform/page_map.h"
#include "platform/platform.h"

#define PG PLATFORM_PAGE_SIZE
#define F4G (PLATFORM_4GB / PG)

static struct platform *make(enum platform_layout l, uint64_t seed)
{
	struct platform_config c = { .kind = PLATFORM_SIM, .layout = l, .seed = seed };
	struct platform *p = NULL;
	assert_int_equal(platform_create(&c, &p), 0);
	assert_non_null(p);
	return p;
}

static void *pages(size_t n)
{
	void *va = mmap(NULL, n * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(va != MAP_FAILED);
	return va;
}

/* every page's frame maps back to that page, at any offset */
static void assert_round_trip(struct platform *p, char *va, const uint64_t *pfn,
			      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = (pfn[i] << PLATFORM_PAGE_SHIFT) + 123;
		assert_ptr_equal(platform_pa_to_va(p, pa), va + i * PG + 123);
	}
}

static size_t adjacent_pairs(const uint64_t *pfn, size_t n)
{
	size_t a = 0;
	for (size_t i = 1; i < n; i++)
		a += pfn[i] == pfn[i - 1] + 1;
	return a;
}

static void test_contiguous_layout(void **state)
{
	struct platform *p = make(LAYOUT_CONTIGUOUS, 7);
	char *va = pages(32);
	uint64_t pfn[32];
	/* an unaligned range spanning all 32 pages */
	assert_int_equal(platform_pfns(p, va + 100, 31 * PG, pfn), 0);
	assert_int_equal(adjacent_pairs(pfn, 32), 31);
	for (size_t i = 0; i < 32; i++)
		assert_true(pfn[i] > 0 && pfn[i] < F4G);
	assert_round_trip(p, va, pfn, 32);
	/* asking again returns the same frames */
	uint64_t again[32];
	assert_int_equal(platform_pfns(p, va, 32 * PG, again), 0);
	assert_memory_equal(pfn, again, sizeof(pfn));
	struct platform_stats s;
	platform_get_stats(p, &s);
	assert_int_equal(s.frames_mapped, 32);
	platform_forget(p, va, 32 * PG);
	platform_get_stats(p, &s);
	assert_int_equal(s.frames_mapped, 0);
	assert_null(platform_pa_to_va(p, pfn[0] << PLATFORM_PAGE_SHIFT));
	munmap(va, 32 * PG);
	platform_destroy(p);
}

static void test_scattered_layout(void **state)
{
	struct platform *p = make(LAYOUT_SCATTERED, 7);
	char *va = pages(64);
	uint64_t pfn[64];
	assert_int_equal(platform_pfns(p, va, 64 * PG, pfn), 0);
	for (size_t i = 0; i < 64; i++)
		assert_true(pfn[i] > 0 && pfn[i] < F4G);
	assert_true(adjacent_pairs(pfn, 64) < 4);
	assert_round_trip(p, va, pfn, 64);
	munmap(va, 64 * PG);
	platform_destroy(p);
}

static void test_high_layout(void **state)
{
	struct platform *p = make(LAYOUT_HIGH, 7);
	char *va = pages(16);
	uint64_t pfn[16];
	assert_int_equal(platform_pfns(p, va, 16 * PG, pfn), 0);
	for (size_t i = 0; i < 16; i++)
		assert_true(pfn[i] >= F4G);
	assert_int_equal(adjacent_pairs(pfn, 16), 15);
	assert_round_trip(p, va, pfn, 16);
	munmap(va, 16 * PG);
	platform_destroy(p);
}

/* mixed: frames on both sides of 4 GiB, runs of at most 16 adjacent
 * frames, and for some seed the pair 0xFFFFF / 0x100000 on adjacent
 * pages (what the SG engine must never merge). */
static void test_mixed_layout(void **state)
{
	enum { N = 256 };
	bool straddled = false;
	char *va = pages(N);
	for (uint64_t seed = 1; seed <= 64; seed++) {
		struct platform *p = make(LAYOUT_MIXED, seed);
		uint64_t pfn[N];
		size_t low = 0, high = 0, run = 1;
		assert_int_equal(platform_pfns(p, va, N * PG, pfn), 0);
		for (size_t i = 0; i < N; i++) {
			pfn[i] < F4G ? low++ : high++;
			run = i && pfn[i] == pfn[i - 1] + 1 ? run + 1 : 1;
			assert_true(run <= 16);
			if (i && pfn[i - 1] == F4G - 1 && pfn[i] == F4G)
				straddled = true;
		}
		assert_true(low > 0 && high > 0);
		assert_round_trip(p, va, pfn, N);
		platform_destroy(p);
	}
	assert_true(straddled);
	munmap(va, N * PG);
}

static void layout_frames(enum platform_layout l, uint64_t seed, char *va,
			  uint64_t *pfn, size_t n)
{
	struct platform *p = make(l, seed);
	assert_int_equal(platform_pfns(p, va, n * PG, pfn), 0);
	/* a contiguous block in between must not disturb the sequence */
	uint64_t pa;
	void *b = platform_alloc_contiguous(p, 3 * PG, PLATFORM_4GB, &pa);
	assert_non_null(b);
	assert_int_equal(platform_pfns(p, va + n * PG, n * PG, pfn + n), 0);
	platform_free_contiguous(p, b, 3 * PG);
	platform_destroy(p);
}

static void test_deterministic_per_seed(void **state)
{
	enum { N = 40 };
	char *va = pages(2 * N);
	for (int l = 0; l < LAYOUT_COUNT; l++) {
		uint64_t a[2 * N], b[2 * N], c[2 * N];
		layout_frames((enum platform_layout)l, 42, va, a, N);
		layout_frames((enum platform_layout)l, 42, va, b, N);
		assert_memory_equal(a, b, sizeof(a));
		layout_frames((enum platform_layout)l, 43, va, c, N);
		if (l == LAYOUT_SCATTERED || l == LAYOUT_MIXED)
			assert_memory_not_equal(a, c, sizeof(a));
	}
	munmap(va, 2 * N * PG);
}

static void check_block(struct platform *p, size_t bytes, uint64_t limit)
{
	uint64_t pa = 1;
	char *va = platform_alloc_contiguous(p, bytes, limit, &pa);
	size_t n = (bytes + PG - 1) / PG;
	assert_non_null(va);
	assert_int_equal((uintptr_t)va % PG, 0);
	assert_int_equal(pa % PG, 0);
	assert_true(pa + n * PG <= limit);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(platform_pa_to_va(p, pa + i * PG + 5), va + i * PG + 5);
	/* the guard frame after the block reaches no memory */
	assert_null(platform_pa_to_va(p, pa + n * PG));
	memset(va, 0xA5, n * PG);
	struct platform_stats s;
	platform_get_stats(p, &s);
	assert_int_equal(s.contiguous_blocks, 1);
	assert_int_equal(s.contiguous_bytes, n * PG);
	/* a wrong size releases nothing */
	platform_free_contiguous(p, va, bytes + n * PG);
	assert_non_null(platform_pa_to_va(p, pa));
	platform_free_contiguous(p, va, bytes);
	platform_get_stats(p, &s);
	assert_int_equal(s.contiguous_blocks, 0);
	assert_int_equal(s.contiguous_bytes, 0);
	assert_int_equal(s.frames_mapped, 0);
	assert_null(platform_pa_to_va(p, pa));
}

static void test_contiguous_blocks(void **state)
{
	for (int l = 0; l < LAYOUT_COUNT; l++) {
		struct platform *p = make((enum platform_layout)l, 9);
		check_block(p, 1, PLATFORM_4GB);
		check_block(p, 5 * PG + 1, PLATFORM_4GB);
		check_block(p, 64 * PG, UINT64_MAX);
		check_block(p, 2 * PG, 16 * PG);   /* tight limit: frames 1..3 */
		uint64_t pa = 7;
		/* cannot fit below the limit, and zero bytes */
		assert_null(platform_alloc_contiguous(p, 16 * PG, 16 * PG, &pa));
		assert_int_equal(pa, 0);
		assert_null(platform_alloc_contiguous(p, 0, UINT64_MAX, &pa));
		platform_destroy(p);
	}
}

static void test_high_blocks_above_4g_for_64bit(void **state)
{
	struct platform *p = make(LAYOUT_HIGH, 3);
	uint64_t pa;
	void *va = platform_alloc_contiguous(p, PG, UINT64_MAX, &pa);
	assert_non_null(va);
	assert_true(pa >= PLATFORM_4GB);
	platform_free_contiguous(p, va, PG);
	va = platform_alloc_contiguous(p, PG, PLATFORM_4GB, &pa);
	assert_non_null(va);
	assert_true(pa < PLATFORM_4GB);
	platform_free_contiguous(p, va, PG);
	platform_destroy(p);
}

/* scattered and mixed place blocks per seed; the same seed, same place */
static void test_block_placement_per_seed(void **state)
{
	for (int l = LAYOUT_SCATTERED; l <= LAYOUT_MIXED; l += 2) {
		uint64_t pa[3][4];
		uint64_t seeds[3] = { 42, 42, 43 };
		for (int r = 0; r < 3; r++) {
			struct platform *p = make((enum platform_layout)l, seeds[r]);
			void *va[4];
			for (int i = 0; i < 4; i++) {
				va[i] = platform_alloc_contiguous(p, 2 * PG, PLATFORM_4GB,
								  &pa[r][i]);
				assert_non_null(va[i]);
				assert_true(pa[r][i] + 2 * PG <= PLATFORM_4GB);
			}
			for (int i = 0; i < 4; i++)
				platform_free_contiguous(p, va[i], 2 * PG);
			platform_destroy(p);
		}
		assert_memory_equal(pa[0], pa[1], sizeof(pa[0]));
		assert_memory_not_equal(pa[0], pa[2], sizeof(pa[0]));
	}
}

static void test_forget_whole_pages_only(void **state)
{
	struct platform *p = make(LAYOUT_CONTIGUOUS, 1);
	char *va = pages(4);
	uint64_t pfn[4];
	assert_int_equal(platform_pfns(p, va, 4 * PG, pfn), 0);
	/* covers page 1 and 2 wholly, pages 0 and 3 partly */
	platform_forget(p, va + 10, 3 * PG);
	assert_non_null(platform_pa_to_va(p, pfn[0] * PG));
	assert_null(platform_pa_to_va(p, pfn[1] * PG));
	assert_null(platform_pa_to_va(p, pfn[2] * PG));
	assert_non_null(platform_pa_to_va(p, pfn[3] * PG));
	struct platform_stats s;
	platform_get_stats(p, &s);
	assert_int_equal(s.frames_mapped, 2);
	platform_forget(p, va, 4 * PG);
	platform_get_stats(p, &s);
	assert_int_equal(s.frames_mapped, 0);
	munmap(va, 4 * PG);
	platform_destroy(p);
}

static void test_memory_full(void **state)
{
	struct platform_config c = { .kind = PLATFORM_SIM,
				     .layout = LAYOUT_CONTIGUOUS, .frames = 16 };
	struct platform *p;
	assert_int_equal(platform_create(&c, &p), 0);
	char *va = pages(32);
	uint64_t pfn[32];
	/* frames 1..15 exist */
	assert_int_equal(platform_pfns(p, va, 15 * PG, pfn), 0);
	assert_int_equal(platform_pfns(p, va + 15 * PG, PG, pfn), -ENOMEM);
	platform_forget(p, va, 15 * PG);
	assert_int_equal(platform_pfns(p, va + 15 * PG, PG, pfn), 0);
	platform_destroy(p);
	munmap(va, 32 * PG);
}

static void test_config_and_names(void **state)
{
	struct platform *p = (struct platform *)1;
	struct platform_config c = { .kind = PLATFORM_SIM, .layout = LAYOUT_HIGH,
				     .frames = 1024 };
	assert_int_equal(platform_create(&c, &p), -EINVAL);
	assert_null(p);
	c.layout = LAYOUT_COUNT;
	assert_int_equal(platform_create(&c, &p), -EINVAL);
	for (int l = 0; l < LAYOUT_COUNT; l++)
		assert_int_equal(platform_layout_parse(
			platform_layout_name((enum platform_layout)l)), l);
	assert_int_equal(platform_layout_parse("bogus"), LAYOUT_COUNT);
	assert_int_equal(platform_layout_parse(NULL), LAYOUT_COUNT);
	p = make(LAYOUT_MIXED, 5);
	assert_int_equal(platform_kind(p), PLATFORM_SIM);
	assert_int_equal(platform_layout(p), LAYOUT_MIXED);
	platform_destroy(p);
}

/* the map against a plain array as reference, with deletions */
static void test_page_map(void **state)
{
	enum { KEYS = 5000 };
	static uint64_t ref[KEYS];
	struct page_map m;
	uint64_t x = 99, v;
	assert_int_equal(page_map_init(&m, 4), 0);
	memset(ref, 0xff, sizeof(ref));
	for (int i = 0; i < 200000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t k = (x >> 33) % KEYS;
		if ((x >> 20) & 1) {
			assert_int_equal(page_map_put(&m, k * 4099, i), 0);
			ref[k] = (uint64_t)i;
		} else {
			bool had = page_map_del(&m, k * 4099, &v);
			assert_int_equal(had, ref[k] != UINT64_MAX);
			if (had)
				assert_int_equal(v, ref[k]);
			ref[k] = UINT64_MAX;
		}
	}
	size_t live = 0;
	for (uint64_t k = 0; k < KEYS; k++) {
		bool has = page_map_get(&m, k * 4099, &v);
		assert_int_equal(has, ref[k] != UINT64_MAX);
		if (has) {
			assert_int_equal(v, ref[k]);
			live++;
		}
	}
	assert_int_equal(m.count, live);
	page_map_destroy(&m);
}

/* Whether the CPU touching va is caught: under AddressSanitizer the
 * byte is poisoned (a report), in other builds the read faults (checked
 * in a child, whose SIGSEGV handler exits 42). */
#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 1
static bool caught(const void *va)
{
	return __asan_address_is_poisoned(va);
}
#else
static void segv_exit(int sig)
{
	(void)sig;
	_exit(42);
}

static bool caught(const void *va)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = segv_exit };

		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		_exit(*(volatile const char *)va == 0x7f ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 42;
}
#endif

/* Whether a freed block is made inaccessible: not in `make fuzz-fast`'s
 * build, which checks no memory access (contiguous.c). */
#if defined(NDISDMA_FUZZ_FAST)
#define FREED_CAUGHT false
#else
#define FREED_CAUGHT true
#endif

/* A freed block's pages are kept for a later block of its size
 * (contiguous.c), but while freed the CPU cannot touch them; the block
 * freed last is not the next one handed out; a reused block is zeroed
 * and usable; a reused block freed again is caught again. */
static void test_freed_block_caught_and_reused_zeroed(void **state)
{
	struct platform *p = make(LAYOUT_CONTIGUOUS, 1);
	uint64_t pa;
	char *a = platform_alloc_contiguous(p, 3 * PG, PLATFORM_4GB, &pa), *b, *c;

	assert_non_null(a);
	memset(a, 0xA5, 3 * PG);
	assert_false(caught(a));
	platform_free_contiguous(p, a, 3 * PG);
	assert_int_equal(FREED_CAUGHT, caught(a));
	assert_int_equal(FREED_CAUGHT, caught(a + 3 * PG - 1));
	b = platform_alloc_contiguous(p, 3 * PG, PLATFORM_4GB, &pa);
	assert_non_null(b);
	assert_ptr_not_equal(b, a);   /* a is the only freed one of its size */
	assert_int_equal(FREED_CAUGHT, caught(a));
	memset(b, 0x5A, 3 * PG);
	platform_free_contiguous(p, b, 3 * PG);
	assert_int_equal(FREED_CAUGHT, caught(b));
	c = platform_alloc_contiguous(p, 3 * PG, PLATFORM_4GB, &pa);
	assert_ptr_equal(c, a);       /* the oldest of two */
	for (size_t i = 0; i < 3 * PG; i++)
		assert_int_equal(c[i], 0);
	assert_false(caught(c + PG));
	assert_int_equal(FREED_CAUGHT, caught(b));
	assert_ptr_equal(platform_pa_to_va(p, pa + 5), c + 5);
	platform_free_contiguous(p, c, 3 * PG);
	assert_int_equal(FREED_CAUGHT, caught(c));
	assert_null(platform_pa_to_va(p, pa));
	platform_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contiguous_layout),
		cmocka_unit_test(test_scattered_layout),
		cmocka_unit_test(test_high_layout),
		cmocka_unit_test(test_mixed_layout),
		cmocka_unit_test(test_deterministic_per_seed),
		cmocka_unit_test(test_contiguous_blocks),
		cmocka_unit_test(test_high_blocks_above_4g_for_64bit),
		cmocka_unit_test(test_block_placement_per_seed),
		cmocka_unit_test(test_freed_block_caught_and_reused_zeroed),
		cmocka_unit_test(test_forget_whole_pages_only),
		cmocka_unit_test(test_memory_full),
		cmocka_unit_test(test_config_and_names),
		cmocka_unit_test(test_page_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
