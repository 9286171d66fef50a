/* test_map_registers.c — the lock-free bounce pool (spec §6, issue 7):
 * all-or-nothing takes, whole-chain gives, exact free counts, registers
 * below 4 GiB, and under contention no register ever held twice and none
 * lost or duplicated in the free list.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hal/sg_build.h"
#include "kernel/kernel.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

/* The thread test: 4 threads x 200,000 take/give pairs (~0.3 s); a
 * quarter under TSan, half under ASan (~1 s and ~0.3 s on 2 shared cores,
 * where the rest of the suite runs beside it). */
#define MR_THREADS 4
#define MR_FULL_ITERATIONS 200000u
#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
#define MR_ITERATIONS (MR_FULL_ITERATIONS / 4)
#elif defined(NDISDMA_SANITIZER)
#define MR_ITERATIONS (MR_FULL_ITERATIONS / 2)
#else
#define MR_ITERATIONS MR_FULL_ITERATIONS
#endif
/* Fewer than MR_THREADS x 4 so that takes contend and sometimes fail. */
#define MR_CONTENDED_POOL 10u

struct fx {
	struct verifier *vf;
	struct platform *plat;
	struct kernel *k;
	struct map_register_pool *p;
	uint64_t allocs;
};

static void fx_up(struct fx *f, uint32_t count)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD };
	struct platform_config pc = { .kind = PLATFORM_SIM, .seed = 11 };
	struct kernel_config kc = { .seed = 11 };

	f->vf = vf_create(&vc);
	assert_non_null(f->vf);
	assert_int_equal(platform_create(&pc, &f->plat), 0);
	assert_int_equal(kernel_create(&kc, f->vf, f->plat, &f->k), 0);
	f->allocs = atomic_load(&f->k->stats.allocations) -
		    atomic_load(&f->k->stats.frees);
	f->p = NULL;
	if (count)
		assert_int_equal(map_registers_create(f->k, count, PLATFORM_4GB,
						      &f->p), 0);
}

static void fx_down(struct fx *f)
{
	map_registers_destroy(f->p);
	assert_int_equal(atomic_load(&f->k->stats.allocations) -
			 atomic_load(&f->k->stats.frees), f->allocs);
	assert_int_equal(vf_total(f->vf), 0);
	kernel_destroy(f->k);
	platform_destroy(f->plat);
	vf_destroy(f->vf);
}

/* Asserts `head` is a chain of exactly n distinct registers of the pool,
 * NIL-terminated, each fresh (source NULL, length 0) and below 4 GiB. */
static void assert_chain(struct map_register_pool *p, uint32_t head, uint32_t n)
{
	uint8_t seen[4096] = { 0 };
	uint32_t len = 0;

	assert_true(p->total <= sizeof(seen));
	for (uint32_t i = head; i != MAP_REGISTER_NIL; i = p->regs[i].next) {
		struct map_register *r = &p->regs[i];

		assert_true(i < p->total);
		assert_int_equal(seen[i], 0);
		seen[i] = 1;
		assert_null(r->source);
		assert_int_equal(r->length, 0);
		assert_non_null(r->va);
		assert_int_equal(r->pa % PLATFORM_PAGE_SIZE, 0);
		assert_true(r->pa + PLATFORM_PAGE_SIZE <= PLATFORM_4GB);
		len++;
		assert_true(len <= n);
	}
	assert_int_equal(len, n);
}

/* Every register exactly once in the free list: taking all of them walks
 * it whole (all or nothing, so the count must match too). */
static void assert_pool_whole(struct map_register_pool *p)
{
	uint32_t head;

	assert_int_equal(map_registers_free_count(p), p->total);
	assert_true(map_registers_take(p, p->total, &head));
	assert_chain(p, head, p->total);
	assert_int_equal(map_registers_free_count(p), 0);
	assert_int_equal(map_registers_give(p, head), p->total);
}

static void test_take_give_counts(void **state)
{
	struct fx f;
	uint32_t a, b;

	fx_up(&f, 16);
	assert_int_equal(map_registers_free_count(f.p), 16);
	assert_true(map_registers_take(f.p, 5, &a));
	assert_chain(f.p, a, 5);
	assert_int_equal(map_registers_free_count(f.p), 11);
	assert_true(map_registers_take(f.p, 11, &b));
	assert_chain(f.p, b, 11);
	assert_int_equal(map_registers_free_count(f.p), 0);
	for (uint32_t i = a; i != MAP_REGISTER_NIL; i = f.p->regs[i].next)
		for (uint32_t j = b; j != MAP_REGISTER_NIL; j = f.p->regs[j].next)
			assert_int_not_equal(i, j);
	assert_int_equal(map_registers_give(f.p, a), 5);
	assert_int_equal(map_registers_free_count(f.p), 5);
	assert_int_equal(map_registers_give(f.p, b), 11);
	assert_pool_whole(f.p);
	fx_down(&f);
}

static void test_all_or_nothing(void **state)
{
	struct fx f;
	uint32_t a, b = 0, c = 0;

	fx_up(&f, 16);
	assert_false(map_registers_take(f.p, 17, &b));      /* more than the pool */
	assert_int_equal(b, MAP_REGISTER_NIL);
	assert_int_equal(map_registers_free_count(f.p), 16);
	assert_true(map_registers_take(f.p, 13, &a));
	b = 0;
	assert_false(map_registers_take(f.p, 4, &b));       /* 3 free: none taken */
	assert_int_equal(b, MAP_REGISTER_NIL);
	assert_int_equal(map_registers_free_count(f.p), 3);
	assert_true(map_registers_take(f.p, 3, &b));        /* exactly the rest */
	assert_chain(f.p, b, 3);
	assert_false(map_registers_take(f.p, 1, &c));
	assert_int_equal(c, MAP_REGISTER_NIL);
	assert_int_equal(map_registers_give(f.p, a), 13);
	assert_int_equal(map_registers_give(f.p, b), 3);
	assert_pool_whole(f.p);
	fx_down(&f);
}

static void test_zero_and_nil(void **state)
{
	struct fx f;
	uint32_t h = 0, all;

	fx_up(&f, 4);
	assert_true(map_registers_take(f.p, 0, &h));
	assert_int_equal(h, MAP_REGISTER_NIL);
	assert_int_equal(map_registers_give(f.p, MAP_REGISTER_NIL), 0);
	assert_int_equal(map_registers_free_count(f.p), 4);
	assert_true(map_registers_take(f.p, 4, &all));
	assert_true(map_registers_take(f.p, 0, &h));        /* even when empty */
	assert_int_equal(h, MAP_REGISTER_NIL);
	assert_int_equal(map_registers_free_count(f.p), 0);
	assert_int_equal(map_registers_give(f.p, all), 4);
	assert_pool_whole(f.p);
	fx_down(&f);
}

/* A chain comes back with its sources set (a list used it); the next
 * taker gets the registers fresh. */
static void test_taken_registers_are_fresh(void **state)
{
	struct fx f;
	char buf[8];
	uint32_t h;

	fx_up(&f, 3);
	assert_true(map_registers_take(f.p, 3, &h));
	for (uint32_t i = h; i != MAP_REGISTER_NIL; i = f.p->regs[i].next) {
		f.p->regs[i].source = buf;
		f.p->regs[i].length = sizeof(buf);
	}
	assert_int_equal(map_registers_give(f.p, h), 3);
	assert_pool_whole(f.p);
	fx_down(&f);
}

/* Sizes around the field widths of the free-list word (1, 2^k - 1, 2^k),
 * a multi-block pool, and the refused sizes. */
static void test_sizes(void **state)
{
	static const uint32_t sizes[] = { 1, 2, 3, 15, 16, 17, 255, 256, 257, 4096 };
	struct map_register_pool *p = (void *)1;
	struct fx f;
	uint32_t h, none;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		fx_up(&f, sizes[s]);
		assert_int_equal(f.p->total, sizes[s]);
		assert_pool_whole(f.p);
		assert_true(map_registers_take(f.p, 1, &h));
		assert_int_equal(map_registers_free_count(f.p), sizes[s] - 1);
		assert_false(map_registers_take(f.p, sizes[s], &none));
		assert_int_equal(map_registers_give(f.p, h), 1);
		assert_pool_whole(f.p);
		fx_down(&f);
	}
	fx_up(&f, 0);
	assert_int_equal(map_registers_create(f.k, 0, PLATFORM_4GB, &p), -ENOMEM);
	assert_null(p);
	assert_int_equal(map_registers_create(f.k, MAP_REGISTER_MAX + 1,
					      PLATFORM_4GB, &p), -ENOMEM);
	assert_null(p);
	fx_down(&f);
}

/* The tag wraps around at the top of the word without disturbing the
 * count and the first register (white box: the layout of `free`). */
static void test_tag_wraps(void **state)
{
	struct fx f;
	uint32_t h;
	uint64_t w;

	fx_up(&f, 16);
	w = atomic_load(&f.p->free);
	atomic_store(&f.p->free, w | UINT64_MAX << (2 * f.p->layout.bits));
	for (int i = 0; i < 3; i++) {
		assert_true(map_registers_take(f.p, 7, &h));
		assert_chain(f.p, h, 7);
		assert_int_equal(map_registers_free_count(f.p), 9);
		assert_int_equal(map_registers_give(f.p, h), 7);
	}
	assert_pool_whole(f.p);
	fx_down(&f);
}

/* ---- contention ----------------------------------------------------------- */

struct mr_shared {
	struct map_register_pool *p;
	atomic_uchar held[MR_CONTENDED_POOL];   /* 1 while some thread holds it */
	atomic_uint double_holds, bad_chains, bad_counts;
	atomic_ulong taken, failed;
};

struct mr_worker {
	struct mr_shared *s;
	pthread_t thread;
	uint64_t rng;
	char tag;               /* written into the pages it holds */
};

static uint32_t next_n(struct mr_worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return 1 + (uint32_t)(w->rng % 4);
}

/* Marks (or unmarks) every register of a chain; returns its length.  A
 * mark found already set is a register held twice. */
static uint32_t mark_chain(struct mr_shared *s, uint32_t head, unsigned char v,
			   char tag)
{
	uint32_t len = 0;

	for (uint32_t i = head; i != MAP_REGISTER_NIL && len <= 4;
	     i = s->p->regs[i].next, len++) {
		struct map_register *r = &s->p->regs[i];

		if (atomic_exchange(&s->held[i], v) == v)
			atomic_fetch_add(&s->double_holds, 1);
		if (v) {                /* fresh, then used as a list would */
			if (r->source || r->length)
				atomic_fetch_add(&s->bad_chains, 1);
			memset(r->va, tag, 64);
			r->source = r;
			r->length = 64;
		} else if (((char *)r->va)[63] != tag) {
			atomic_fetch_add(&s->double_holds, 1);
		}
	}
	return len;
}

static void *mr_worker_main(void *arg)
{
	struct mr_worker *w = arg;
	struct mr_shared *s = w->s;

	for (uint32_t it = 0; it < MR_ITERATIONS; it++) {
		uint32_t n = next_n(w), h;

		if (!map_registers_take(s->p, n, &h)) {
			atomic_fetch_add_explicit(&s->failed, 1, memory_order_relaxed);
			continue;
		}
		atomic_fetch_add_explicit(&s->taken, 1, memory_order_relaxed);
		if (mark_chain(s, h, 1, w->tag) != n)
			atomic_fetch_add(&s->bad_chains, 1);
		if (map_registers_free_count(s->p) > MR_CONTENDED_POOL - n)
			atomic_fetch_add(&s->bad_counts, 1);
		mark_chain(s, h, 0, w->tag);
		if (map_registers_give(s->p, h) != n)
			atomic_fetch_add(&s->bad_chains, 1);
	}
	return NULL;
}

static void test_threads_contend(void **state)
{
	static struct mr_shared s;
	struct mr_worker w[MR_THREADS];
	struct fx f;

	/* A broken pool (a lost update, ABA) makes a cycle that take and give
	 * then walk forever: fail in 2 minutes rather than at ctest's 10. */
	alarm(120);
	fx_up(&f, MR_CONTENDED_POOL);
	memset(&s, 0, sizeof(s));
	s.p = f.p;
	for (int i = 0; i < MR_THREADS; i++) {
		w[i].s = &s;
		w[i].rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
		w[i].tag = (char)('A' + i);
		assert_int_equal(pthread_create(&w[i].thread, NULL, mr_worker_main,
						&w[i]), 0);
	}
	for (int i = 0; i < MR_THREADS; i++)
		assert_int_equal(pthread_join(w[i].thread, NULL), 0);
	print_message("%lu lists took registers, %lu takes found too few free\n",
		      atomic_load(&s.taken), atomic_load(&s.failed));
	assert_int_equal(atomic_load(&s.double_holds), 0);
	assert_int_equal(atomic_load(&s.bad_chains), 0);
	assert_int_equal(atomic_load(&s.bad_counts), 0);
	assert_int_equal(atomic_load(&s.taken) + atomic_load(&s.failed),
			 (unsigned long)MR_THREADS * MR_ITERATIONS);
	assert_pool_whole(f.p);
	fx_down(&f);
	alarm(0);
}

/* A platform without a run as long as a whole block (host frames are the
 * kernel's, spec §11): the pool is built from shorter blocks, each
 * register still one page of its own below the limit. */
static void test_short_runs(void **state)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD };
	struct platform_config pc = { .kind = PLATFORM_SIM, .seed = 11, .frames = 600 };
	struct kernel_config kc = { .seed = 11 };
	struct fx f = { 0 };
	void *blk[5];
	uint64_t pa;

	(void)state;
	f.vf = vf_create(&vc);
	assert_int_equal(platform_create(&pc, &f.plat), 0);
	assert_int_equal(kernel_create(&kc, f.vf, f.plat, &f.k), 0);
	f.allocs = atomic_load(&f.k->stats.allocations) -
		   atomic_load(&f.k->stats.frees);
	/* five 100-page blocks, each with its guard frame; freeing the 2nd
	 * and 4th leaves free runs of 101, 101 and 94 frames: none of 257 */
	for (int i = 0; i < 5; i++) {
		blk[i] = platform_alloc_contiguous(f.plat, 100 * 4096, PLATFORM_4GB, &pa);
		assert_non_null(blk[i]);
	}
	platform_free_contiguous(f.plat, blk[1], 100 * 4096);
	platform_free_contiguous(f.plat, blk[3], 100 * 4096);
	assert_int_equal(map_registers_create(f.k, 200, PLATFORM_4GB, &f.p), 0);
	assert_int_equal(f.p->nblocks, 2);
	assert_int_equal(map_registers_free_count(f.p), 200);
	for (uint32_t i = 0; i < 200; i++) {
		assert_true(f.p->regs[i].pa + 4096 <= PLATFORM_4GB);
		assert_ptr_equal(platform_pa_to_va(f.plat, f.p->regs[i].pa),
				 f.p->regs[i].va);
	}
	for (int i = 0; i < 5; i += 2)
		platform_free_contiguous(f.plat, blk[i], 100 * 4096);
	fx_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_give_counts),
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_zero_and_nil),
		cmocka_unit_test(test_taken_registers_are_fresh),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_tag_wraps),
		cmocka_unit_test(test_threads_contend),
		cmocka_unit_test(test_short_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
