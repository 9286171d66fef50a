/* test_iommu.c — the IOMMU domain (src/iommu, spec §11): map, translate
 * and unmap in strict and lazy mode, lazy's stale window and its flush,
 * no IOVA reused before its flush, a 32-bit domain's IOVAs below 4 GiB,
 * exhaustion (-ENOSPC) and recovery, the facts a fault gives (the last
 * mapping, its site, unmap time, direction), the cache hit path without a
 * lock or an allocation, fault injection at every internal allocation,
 * and two threads mapping and unmapping while a third translates.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iommu/iommu_internal.h"
#include "kernel/kernel.h"
#include "kernel/ktime.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

#define PG 4096ull

#if defined(NDISDMA_SANITIZER)
#define THREAD_ROUNDS 20000u
#else
#define THREAD_ROUNDS 200000u
#endif

struct fx {
	struct verifier *vf;
	struct platform *plat;
	struct kernel *k;
	struct iommu_domain *d;
	uint64_t allocs;
};

static void fx_kernel(struct fx *f, const struct fault_config *fault)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD };
	struct platform_config pc = { .kind = PLATFORM_SIM, .seed = 5 };
	struct kernel_config kc = { .seed = 5 };

	if (fault)
		kc.fault = *fault;
	f->vf = vf_create(&vc);
	assert_non_null(f->vf);
	assert_int_equal(platform_create(&pc, &f->plat), 0);
	assert_int_equal(kernel_create(&kc, f->vf, f->plat, &f->k), 0);
	f->allocs = atomic_load(&f->k->stats.allocations) -
		    atomic_load(&f->k->stats.frees);
	f->d = NULL;
}

static void fx_up(struct fx *f, enum iommu_mode mode, uint64_t limit)
{
	struct iommu_domain_config c = { .mode = mode, .iova_limit = limit,
					 .device_name = "test" };

	fx_kernel(f, NULL);
	assert_int_equal(iommu_domain_create(f->k, &c, &f->d), 0);
	assert_int_equal(iommu_domain_mode(f->d), mode);
}

static void fx_down(struct fx *f, uint64_t faults_injected)
{
	iommu_domain_destroy(f->d);
	assert_int_equal(atomic_load(&f->k->stats.allocations) -
			 atomic_load(&f->k->stats.frees), f->allocs);
	assert_int_equal(vf_total(f->vf), faults_injected);
	kernel_destroy(f->k);
	platform_destroy(f->plat);
	vf_destroy(f->vf);
}

static const char site_a[] = "site a";

static void test_mode_names(void **state)
{
	enum iommu_mode m = IOMMU_STRICT;

	(void)state;
	assert_string_equal(iommu_mode_name(IOMMU_OFF), "off");
	assert_string_equal(iommu_mode_name(IOMMU_STRICT), "strict");
	assert_string_equal(iommu_mode_name(IOMMU_LAZY), "lazy");
	assert_int_equal(iommu_mode_parse("lazy", &m), 0);
	assert_int_equal(m, IOMMU_LAZY);
	assert_int_equal(iommu_mode_parse("off", &m), 0);
	assert_int_equal(m, IOMMU_OFF);
	assert_int_equal(iommu_mode_parse("Lazy", &m), -EINVAL);
	assert_int_equal(iommu_mode_parse(NULL, &m), -EINVAL);
	assert_int_equal(m, IOMMU_OFF);
}

static void test_create_invalid(void **state)
{
	struct fx f;
	struct iommu_domain_config c = { .mode = IOMMU_OFF, .iova_limit = UINT64_MAX };
	struct iommu_domain *d = (void *)1;

	(void)state;
	fx_kernel(&f, NULL);
	assert_int_equal(iommu_domain_create(f.k, &c, &d), -EINVAL);
	assert_null(d);
	c.mode = IOMMU_STRICT;
	c.iova_limit = 8 * PG;   /* fewer than 16 pages */
	assert_int_equal(iommu_domain_create(f.k, &c, &d), -EINVAL);
	c.iova_limit = UINT64_MAX;
	assert_int_equal(iommu_domain_create(f.k, &c, &d), 0);
	/* a 64-bit domain is capped at 2^44 bytes */
	assert_int_equal(iommu_domain_iova_limit(d), (uint64_t)IOMMU_MAX_PAGES << 12);
	f.d = d;
	fx_down(&f, 0);
}

/* Map three frames readable, translate every page, fault on a write. */
static void check_map_translate(enum iommu_mode mode)
{
	struct fx f;
	uint64_t pfns[3] = { 0x1234, 0x99, 0x100000 }, iova, pa;
	struct iommu_fault fault;
	struct iommu_stats s;

	fx_up(&f, mode, UINT64_MAX);
	assert_int_equal(iommu_map(f.d, pfns, 3, IOMMU_READ, site_a, &iova), 0);
	assert_int_equal(iova & (PG - 1), 0);
	assert_true(iova + 3 * PG <= iommu_domain_iova_limit(f.d));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(iommu_translate(f.d, iova + i * PG + 17, 64, false,
						 &pa, &fault), 0);
		assert_int_equal(pa, pfns[i] * PG + 17);
	}
	/* the last byte of a page, and an access crossing into the next */
	assert_int_equal(iommu_translate(f.d, iova + PG - 1, 1, false, &pa, &fault), 0);
	assert_int_equal(iommu_translate(f.d, iova + PG - 1, 2, false, &pa, &fault),
			 -EFAULT);
	/* mapped for the device to read: a write is not permitted */
	assert_int_equal(iommu_translate(f.d, iova + PG, 4, true, &pa, &fault), -EFAULT);
	assert_true(fault.not_permitted);
	assert_true(fault.device_writes);
	assert_true(fault.had_mapping);
	assert_int_equal(fault.map_iova, iova);
	assert_int_equal(fault.map_pages, 3);
	assert_ptr_equal(fault.map_site, site_a);
	assert_int_equal(fault.unmapped_at, 0);
	assert_int_equal(iommu_mapped_pages(f.d, iova), 3);
	assert_int_equal(iommu_mapped_pages(f.d, iova + PG), 0);
	/* the wrong page count is refused, nothing changes */
	assert_int_equal(iommu_unmap(f.d, iova, 2), -EINVAL);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.maps, 1);
	assert_int_equal(s.mapped_pages, 3);
	assert_int_equal(s.faults, 2);
	assert_int_equal(iommu_unmap(f.d, iova + PG, 0), -EINVAL);   /* not its start */
	assert_int_equal(iommu_unmap(f.d, iova, 0), 0);   /* 0: all its pages */
	assert_int_equal(iommu_unmap(f.d, iova, 3), -EINVAL);   /* twice */
	iommu_flush(f.d);
	assert_int_equal(iommu_translate(f.d, iova + 2 * PG, 8, false, &pa, &fault),
			 -EFAULT);
	assert_false(fault.not_permitted);
	assert_true(fault.had_mapping);
	assert_int_equal(fault.map_iova, iova);
	assert_int_equal(fault.map_pages, 3);
	assert_ptr_equal(fault.map_site, site_a);
	assert_true(fault.unmapped_at > 0);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.unmaps, 1);
	assert_int_equal(s.mapped_pages, 0);
	assert_int_equal(s.flushes, mode == IOMMU_LAZY ? 1 : 0);
	assert_int_equal(s.invalidations, 1);
	/* never mapped at all: no history */
	assert_int_equal(iommu_translate(f.d, 0x5000, 8, true, &pa, &fault), -EFAULT);
	assert_false(fault.had_mapping);
	assert_int_equal(fault.iova, 0x5000);
	fx_down(&f, 0);
}

static void test_map_translate_strict(void **state)
{
	(void)state;
	check_map_translate(IOMMU_STRICT);
}

static void test_map_translate_lazy(void **state)
{
	(void)state;
	check_map_translate(IOMMU_LAZY);
}

/* strict: gone at unmap.  lazy: the stale window -- still translating
 * until the flush, the IOVA not reused before it, reused after. */
static void test_lazy_stale_window(void **state)
{
	struct fx f;
	uint64_t pfn = 0x4321, iova, again, pa;
	struct iommu_fault fault;

	(void)state;
	fx_up(&f, IOMMU_STRICT, UINT64_MAX);
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_WRITE, NULL, &iova), 0);
	assert_int_equal(iommu_unmap(f.d, iova, 1), 0);
	assert_int_equal(iommu_translate(f.d, iova, 4, true, &pa, &fault), -EFAULT);
	/* strict: the range is free at once; the cache hands it out again */
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_WRITE, NULL, &again), 0);
	assert_int_equal(again, iova);
	assert_int_equal(iommu_unmap(f.d, again, 1), 0);
	fx_down(&f, 0);

	fx_up(&f, IOMMU_LAZY, UINT64_MAX);
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_WRITE, NULL, &iova), 0);
	assert_int_equal(iommu_unmap(f.d, iova, 1), 0);
	assert_int_equal(iommu_translate(f.d, iova + 8, 4, true, &pa, &fault), 0);
	assert_int_equal(pa, pfn * PG + 8);
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_WRITE, NULL, &again), 0);
	assert_int_not_equal(again, iova);
	assert_int_equal(iommu_unmap(f.d, again, 1), 0);
	iommu_flush(f.d);
	assert_int_equal(iommu_translate(f.d, iova + 8, 4, true, &pa, &fault), -EFAULT);
	assert_int_equal(iommu_translate(f.d, again, 4, true, &pa, &fault), -EFAULT);
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_WRITE, NULL, &pa), 0);
	assert_true(pa == iova || pa == again);   /* flushed: reusable */
	assert_int_equal(iommu_unmap(f.d, pa, 1), 0);
	fx_down(&f, 0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* lazy: no IOVA comes back before its flush, however many unmaps; a full
 * queue flushes itself. */
static void test_lazy_no_reuse_before_flush(void **state)
{
	struct fx f;
	enum { N = IOMMU_FQ_SIZE };
	uint64_t *seen = calloc(N + 1, sizeof(*seen)), pfn = 7, pa;
	struct iommu_fault fault;
	struct iommu_stats s;

	(void)state;
	fx_up(&f, IOMMU_LAZY, UINT64_MAX);
	for (int i = 0; i < N; i++) {
		assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_READ, NULL, &seen[i]), 0);
		assert_int_equal(iommu_unmap(f.d, seen[i], 1), 0);
	}
	qsort(seen, N, sizeof(*seen), cmp_u64);
	for (int i = 1; i < N; i++)
		assert_int_not_equal(seen[i - 1], seen[i]);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.flushes, 0);
	/* every one of them still translates: the queue holds them all */
	for (int i = 0; i < N; i++)
		assert_int_equal(iommu_translate(f.d, seen[i], 1, false, &pa, &fault), 0);
	/* the next unmap finds the queue full: it is flushed first */
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_READ, NULL, &seen[N]), 0);
	assert_int_equal(iommu_unmap(f.d, seen[N], 1), 0);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.flushes, 1);
	assert_int_equal(iommu_translate(f.d, seen[0], 1, false, &pa, &fault), -EFAULT);
	assert_int_equal(iommu_translate(f.d, seen[N], 1, false, &pa, &fault), 0);
	free(seen);
	fx_down(&f, 0);   /* destroy flushes the rest */
}

/* lazy: the clock is read at every IOMMU_FQ_CLOCK_EVERY-th unmap queued
 * (the first of a queue too), not per unmap: the unmaps in between carry
 * that reading, never a later time than their own; the queue's timeout is
 * checked at those points.  Machine time is moved by hand (ktime_advance),
 * so nothing here depends on how fast the host runs. */
static void test_lazy_clock_points(void **state)
{
	struct fx f;
	enum { N = IOMMU_FQ_CLOCK_EVERY + 1 };
	uint64_t iova[N], pfn = 9, pa, t0, t1, second = 1000ull * 1000 * 1000;
	struct iommu_fault fault;
	struct iommu_stats s;

	(void)state;
	fx_up(&f, IOMMU_LAZY, UINT64_MAX);
	for (int i = 0; i < N; i++)
		assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_READ, site_a, &iova[i]), 0);
	t0 = ktime_interrupt_coarse_ns(f.k);
	assert_int_equal(iommu_unmap(f.d, iova[0], 1), 0);       /* a clock point */
	ktime_advance(f.k, second);
	for (int i = 1; i < N - 1; i++)
		assert_int_equal(iommu_unmap(f.d, iova[i], 1), 0);   /* no clock read */
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.flushes, 0);
	t1 = ktime_interrupt_coarse_ns(f.k);
	assert_true(t1 >= t0 + second);
	/* the next clock point: the queue is older than the timeout, so it is
	 * flushed before this unmap is queued with the new reading */
	assert_int_equal(iommu_unmap(f.d, iova[N - 1], 1), 0);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.flushes, 1);
	assert_int_equal(iommu_translate(f.d, iova[N - 1], 1, false, &pa, &fault), 0);
	for (int i = 0; i < N - 1; i++) {
		assert_int_equal(iommu_translate(f.d, iova[i], 1, false, &pa, &fault), -EFAULT);
		assert_true(fault.had_mapping);
		assert_ptr_equal(fault.map_site, site_a);
		/* the reading of the queue's first unmap: not after the unmap */
		assert_true(fault.unmapped_at >= (t0 ? t0 : 1));
		assert_true(fault.unmapped_at < t0 + second);
	}
	iommu_flush(f.d);
	assert_int_equal(iommu_translate(f.d, iova[N - 1], 1, false, &pa, &fault), -EFAULT);
	assert_true(fault.unmapped_at >= t1);
	fx_down(&f, 0);
}

/* A 32-bit domain: every IOVA of every size below 4 GiB. */
static void test_32bit_limit(void **state)
{
	struct fx f;
	uint64_t *pfns = calloc(2000, sizeof(*pfns)), iova[40];
	uint32_t sizes[40];

	(void)state;
	for (int i = 0; i < 2000; i++)
		pfns[i] = (1ull << 24) + 3 * i;   /* frames far above 4 GiB */
	fx_up(&f, IOMMU_STRICT, 1ull << 32);
	assert_int_equal(iommu_domain_iova_limit(f.d), 1ull << 32);
	for (int i = 0; i < 40; i++) {
		sizes[i] = i == 39 ? 2000 : (uint32_t)(1 + (i * 7) % 70);
		assert_int_equal(iommu_map(f.d, pfns, sizes[i], IOMMU_READ | IOMMU_WRITE,
					   NULL, &iova[i]), 0);
		assert_true(iova[i] >= PG);
		assert_true(iova[i] + sizes[i] * PG <= (1ull << 32));
	}
	for (int i = 0; i < 40; i++)
		assert_int_equal(iommu_unmap(f.d, iova[i], sizes[i]), 0);
	free(pfns);
	fx_down(&f, 0);
}

/* A domain of 32 pages (31 usable: IOVA 0 is never handed out) runs out
 * with -ENOSPC and recovers when ranges come back -- in lazy mode too,
 * where they come back only through a flush the allocator forces. */
static void check_exhaustion(enum iommu_mode mode)
{
	struct fx f;
	uint64_t pfn = 3, iova[40], pa;
	struct iommu_fault fault;
	int n = 0;

	fx_up(&f, mode, 32 * PG);
	while (n < 40 && iommu_map(f.d, &pfn, 1, IOMMU_READ, NULL, &iova[n]) == 0)
		n++;
	assert_int_equal(n, 31);
	assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_READ, NULL, &pa), -ENOSPC);
	assert_int_equal(iommu_map(f.d, &pfn, 1, 0, NULL, &pa), -EINVAL);
	assert_int_equal(iommu_map(f.d, &pfn, 0, IOMMU_READ, NULL, &pa), -EINVAL);
	for (int i = 0; i < n; i++)
		assert_int_equal(iommu_unmap(f.d, iova[i], 1), 0);
	if (mode == IOMMU_LAZY)   /* queued, not flushed: still translating */
		assert_int_equal(iommu_translate(f.d, iova[0], 1, false, &pa, &fault), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(iommu_map(f.d, &pfn, 1, IOMMU_READ, NULL, &iova[i]), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(iommu_unmap(f.d, iova[i], 1), 0);
	iommu_flush(f.d);
	iova_cache_drain(f.d);
	assert_int_equal(iova_global_free_pages(&f.d->global), 31);
	fx_down(&f, 0);
}

static void test_exhaustion_strict(void **state)
{
	(void)state;
	check_exhaustion(IOMMU_STRICT);
}

static void test_exhaustion_lazy(void **state)
{
	(void)state;
	check_exhaustion(IOMMU_LAZY);
}

/* Warm, the strict map+unmap pair is the cache hit path: no lock taken,
 * nothing allocated. */
static void test_hit_path_lock_free(void **state)
{
	struct fx f;
	uint64_t pfns[2] = { 10, 11 }, iova, locks, allocs;
	struct iommu_stats s;

	(void)state;
	fx_up(&f, IOMMU_STRICT, UINT64_MAX);
	assert_int_equal(iommu_map(f.d, pfns, 2, IOMMU_READ, NULL, &iova), 0);
	assert_int_equal(iommu_unmap(f.d, iova, 2), 0);
	locks = atomic_load(&f.k->stats.lock_acquisitions);
	allocs = atomic_load(&f.k->stats.allocations);
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(iommu_map(f.d, pfns, 2, IOMMU_READ, NULL, &iova), 0);
		assert_int_equal(iommu_unmap(f.d, iova, 2), 0);
	}
	assert_int_equal(atomic_load(&f.k->stats.lock_acquisitions), locks);
	assert_int_equal(atomic_load(&f.k->stats.allocations), allocs);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.cache_hits, 1000);
	assert_int_equal(s.cache_misses, 1);
	fx_down(&f, 0);
}

/* Every internal allocation fails in turn: create and map give -ENOMEM,
 * nothing leaks, and a retry succeeds. */
static void test_fault_injection(void **state)
{
	bool done = false;

	(void)state;
	for (uint64_t nth = 1; !done; nth++) {
		struct fault_config fc = { .mode = FAULT_NTH, .nth = nth };
		struct iommu_domain_config c = { .mode = IOMMU_LAZY,
						 .iova_limit = UINT64_MAX };
		static uint64_t pfn[1201];
		uint64_t iova[3];
		struct fx f;
		int err = 0, mapped = 0;

		assert_true(nth < 64);
		fx_kernel(&f, &fc);
		err = iommu_domain_create(f.k, &c, &f.d);
		for (; !err && mapped < 3; mapped++)
			err = iommu_map(f.d, pfn, 1 + mapped * 600, IOMMU_READ,
					NULL, &iova[mapped]);
		if (err) {
			assert_int_equal(err, -ENOMEM);
			mapped--;
		} else {
			done = atomic_load(&f.k->stats.faults_injected) == 0;
		}
		for (int i = 0; f.d && i < mapped; i++)
			assert_int_equal(iommu_unmap(f.d, iova[i], 1 + i * 600), 0);
		fx_down(&f, atomic_load(&f.k->stats.faults_injected));
	}
}

/* ---- concurrency -------------------------------------------------------------- */

struct mt {
	struct iommu_domain *d;
	struct kernel *k;
	_Atomic int stop;
	_Atomic uint64_t bad, translated;
	int id;
};

struct mt_worker {
	struct mt *m;
	int id;
};

/* Each mapper maps frames whose number names it (id << 20 | page), so
 * any translation anyone sees must land on one of the two sets. */
static void *mapper(void *p)
{
	struct mt_worker *w = p;
	struct mt *m = w->m;
	uint64_t pfns[5], iova, pa;
	struct iommu_fault fault;

	kernel_enter(m->k);
	for (uint32_t r = 0; r < THREAD_ROUNDS; r++) {
		uint32_t n = 1 + r % 5;

		for (uint32_t i = 0; i < n; i++)
			pfns[i] = (uint64_t)(w->id + 1) << 20 | i;
		if (iommu_map(m->d, pfns, n, IOMMU_READ, NULL, &iova)) {
			atomic_fetch_add(&m->bad, 1);
			continue;
		}
		if (iommu_translate(m->d, iova + (n - 1) * PG + 5, 1, false, &pa, &fault) ||
		    pa != (pfns[n - 1] << 12 | 5))
			atomic_fetch_add(&m->bad, 1);
		if (iommu_unmap(m->d, iova, n))
			atomic_fetch_add(&m->bad, 1);
	}
	return NULL;
}

static void *translator(void *p)
{
	struct mt *m = p;
	uint64_t limit = iommu_domain_iova_limit(m->d), pa, x = 88172645463325252ull;
	struct iommu_fault fault;

	kernel_enter(m->k);
	while (!atomic_load(&m->stop)) {
		/* near the top, where the allocator hands ranges out */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t iova = limit - PG - (x % (256 * PG));

		if (iommu_translate(m->d, iova, 1, false, &pa, &fault) == 0) {
			uint64_t owner = (pa >> 12) >> 20;

			atomic_fetch_add(&m->translated, 1);
			if (owner != 1 && owner != 2)
				atomic_fetch_add(&m->bad, 1);
		}
	}
	return NULL;
}

static void check_threads(enum iommu_mode mode)
{
	struct fx f;
	struct mt m = { 0 };
	struct mt_worker w[2];
	pthread_t th[3];
	struct iommu_stats s;

	fx_up(&f, mode, UINT64_MAX);
	m.d = f.d;
	m.k = f.k;
	assert_int_equal(pthread_create(&th[2], NULL, translator, &m), 0);
	for (int i = 0; i < 2; i++) {
		w[i] = (struct mt_worker){ &m, i };
		assert_int_equal(pthread_create(&th[i], NULL, mapper, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	atomic_store(&m.stop, 1);
	pthread_join(th[2], NULL);
	assert_int_equal(atomic_load(&m.bad), 0);
	iommu_domain_stats(f.d, &s);
	assert_int_equal(s.maps, 2 * THREAD_ROUNDS);
	assert_int_equal(s.unmaps, 2 * THREAD_ROUNDS);
	assert_int_equal(s.mapped_pages, 0);
	fx_down(&f, 0);
}

static void test_threads_strict(void **state)
{
	(void)state;
	check_threads(IOMMU_STRICT);
}

static void test_threads_lazy(void **state)
{
	(void)state;
	check_threads(IOMMU_LAZY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_names),
		cmocka_unit_test(test_create_invalid),
		cmocka_unit_test(test_map_translate_strict),
		cmocka_unit_test(test_map_translate_lazy),
		cmocka_unit_test(test_lazy_stale_window),
		cmocka_unit_test(test_lazy_no_reuse_before_flush),
		cmocka_unit_test(test_lazy_clock_points),
		cmocka_unit_test(test_32bit_limit),
		cmocka_unit_test(test_exhaustion_strict),
		cmocka_unit_test(test_exhaustion_lazy),
		cmocka_unit_test(test_hit_path_lock_free),
		cmocka_unit_test(test_fault_injection),
		cmocka_unit_test(test_threads_strict),
		cmocka_unit_test(test_threads_lazy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
