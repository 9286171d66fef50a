/* test_sg_concurrency.c — two threads allocate and free SG lists on ONE
 * channel (spec §5, §6), through the public NDIS API, while deferred
 * deliveries from the DPC thread race with their frees.
 *
 * 32-bit channel over memory above 4 GiB with a pool of 16 map registers:
 * most requests find the pool short, are queued (FIFO) and delivered from
 * the DPC thread when a free (of either thread) returns registers.
 * 64-bit variants: the lock-free fast path, and the same with every
 * delivery deferred (stress "defer").
 *
 * Each NET_BUFFER is owned by one thread (its own arena, so no two threads
 * ever touch the same bytes).  Every callback is counted per request and
 * globally: no lost or doubled callback; at the end everything delivered
 * and freed, pools at baseline, no verifier report.
 *
 * NDISDMA_CONCURRENCY_OPS scales the operations per scenario (allocations
 * plus frees, both threads; default 1000000).  Under TSan the three
 * variants after the first default to a quarter of that (the suite's
 * TSan run stays near a minute); the 32-bit queued scenario always runs
 * the full count unless the variable says otherwise.
 */
#include "harness.h"
#include "nbgen.h"
#include "refbuild.h"

#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ndisdma/ndisdma.h"
#include "ndis/sg_dma.h"

#define CONC_THREADS 2
#define CONC_SLOTS 8
#define CONC_DEFAULT_OPS 1000000ull
#define CONC_MAX_MAPPING (16u * 1024u)
#define CONC_ARENA (128u * 1024u)
#define CONC_MAP_REGISTERS 16u

enum { SLOT_IDLE, SLOT_REQUESTED, SLOT_DELIVERED };

struct conc;

struct conc_slot {
	struct conc *c;
	struct nbgen gen;            /* this NET_BUFFER's own memory */
	struct nbgen_nb nb;
	atomic_int state;
	atomic_int calls;            /* callbacks of the current request */
	_Atomic(PSCATTER_GATHER_LIST) sgl;
	bool to_device;
	void *buffer;                /* ScatterGatherListSize bytes */
};

struct conc_thread {
	struct conc *c;
	pthread_t thread;
	struct nbgen_rng r;
	struct conc_slot slot[CONC_SLOTS];
	uint64_t ops, accepted, refused, frees, checked;
	uint8_t *expect;
	char error[256];
};

struct conc {
	struct th t;
	NDIS_HANDLE dma;
	ULONG sg_list_size;
	uint64_t limit;
	uint64_t ops_per_thread;
	atomic_uint_fast64_t callbacks;
	atomic_uint_fast64_t bad_callbacks;  /* for a request not waiting */
	atomic_uint_fast64_t bad_irql;
	atomic_uint_fast64_t not_inline;     /* callbacks after allocate returned */
	struct conc_thread thr[CONC_THREADS];
};

static VOID conc_process_sg_list(PDEVICE_OBJECT pDO, PVOID Reserved,
				 PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	struct conc_slot *s = Context;
	int expected = SLOT_REQUESTED;

	(void)pDO;
	(void)Reserved;
	if (KeGetCurrentIrql() != DISPATCH_LEVEL)
		atomic_fetch_add(&s->c->bad_irql, 1);
	atomic_fetch_add(&s->c->callbacks, 1);
	atomic_fetch_add(&s->calls, 1);
	atomic_store(&s->sgl, pSGL);
	/* spec §5: exactly once per accepted request */
	if (!atomic_compare_exchange_strong(&s->state, &expected, SLOT_DELIVERED))
		atomic_fetch_add(&s->c->bad_callbacks, 1);
}

static const char *check_delivered(struct conc_thread *ct, struct conc_slot *s,
				   PSCATTER_GATHER_LIST sgl)
{
	static char why[256];   /* only on the way to a failure */
	char buf[256];
	const char *r;

	if (atomic_load(&s->calls) != 1)
		return "ProcessSGList called more than once for one request";
	r = ref_check_list(sgl, s->nb.map_bytes, ct->c->limit, buf, sizeof(buf));
	if (r) {
		snprintf(why, sizeof(why), "%s", r);
		return why;
	}
	/* now and then, the bytes through the bus (spec §6 copy-in) */
	if (s->to_device && (ct->frees % 8) == 0) {
		uint64_t off = 0;

		nbgen_gather(NET_BUFFER_CURRENT_MDL(s->nb.nb), s->nb.map_bytes, ct->expect);
		for (ULONG i = 0; i < sgl->NumberOfElements; i++) {
			uint64_t pa = (uint64_t)sgl->Elements[i].Address.QuadPart;
			uint64_t left = sgl->Elements[i].Length;

			while (left) {
				uint64_t chunk = 4096 - pa % 4096;
				const uint8_t *va = platform_pa_to_va(ct->c->t.k->platform, pa);

				chunk = chunk > left ? left : chunk;
				if (!va || memcmp(va, ct->expect + off, chunk) != 0)
					return "bytes read through the bus differ from the NET_BUFFER";
				pa += chunk;
				off += chunk;
				left -= chunk;
			}
		}
		ct->checked++;
	}
	return NULL;
}

static const char *try_allocate(struct conc_thread *ct, struct conc_slot *s)
{
	bool own = nbgen_below(&ct->r, 4) != 0;
	NDIS_STATUS st;
	int expected = SLOT_REQUESTED;

	s->to_device = nbgen_below(&ct->r, 2);
	atomic_store(&s->calls, 0);
	atomic_store(&s->sgl, NULL);
	/* before the call: ProcessSGList may run before it returns (spec §5) */
	atomic_store(&s->state, SLOT_REQUESTED);
	st = NdisMAllocateNetBufferSGList(ct->c->dma, s->nb.nb, s,
					  s->to_device ? NDIS_SG_LIST_WRITE_TO_DEVICE : 0,
					  own ? s->buffer : NULL,
					  own ? ct->c->sg_list_size : 0);
	ct->ops++;
	if (st == NDIS_STATUS_SUCCESS) {
		ct->accepted++;
		if (atomic_load(&s->state) == SLOT_REQUESTED)
			atomic_fetch_add(&ct->c->not_inline, 1);
		return NULL;
	}
	if (st != NDIS_STATUS_RESOURCES)
		return "NdisMAllocateNetBufferSGList failed with an undocumented status";
	ct->refused++;
	if (!atomic_compare_exchange_strong(&s->state, &expected, SLOT_IDLE))
		return "ProcessSGList called for a refused request";
	return NULL;
}

static const char *do_free(struct conc_thread *ct, struct conc_slot *s)
{
	PSCATTER_GATHER_LIST sgl = atomic_load(&s->sgl);
	const char *why = check_delivered(ct, s, sgl);

	if (why)
		return why;
	NdisMFreeNetBufferSGList(ct->c->dma, sgl, s->nb.nb);
	ct->ops++;
	ct->frees++;
	if (atomic_load(&s->calls) != 1)
		return "ProcessSGList called again after the free";
	atomic_store(&s->state, SLOT_IDLE);
	return NULL;
}

/* One step on a random slot of this thread; *waiting when it was waiting
 * for a deferred delivery. */
static const char *step(struct conc_thread *ct, struct conc_slot *s, bool *waiting)
{
	switch (atomic_load(&s->state)) {
	case SLOT_IDLE:
		return try_allocate(ct, s);
	case SLOT_DELIVERED:
		return do_free(ct, s);
	default:
		*waiting = true;
		return NULL;
	}
}

static const char *drain(struct conc_thread *ct)
{
	for (;;) {
		unsigned busy = 0;

		for (unsigned i = 0; i < CONC_SLOTS; i++) {
			struct conc_slot *s = &ct->slot[i];
			int st = atomic_load(&s->state);

			if (st == SLOT_DELIVERED) {
				const char *why = do_free(ct, s);

				if (why)
					return why;
			} else if (st == SLOT_REQUESTED) {
				busy++;
			}
		}
		if (!busy)
			return NULL;
		sched_yield();
	}
}

static void *conc_thread_main(void *arg)
{
	struct conc_thread *ct = arg;
	const char *why = NULL;
	unsigned spins = 0;

	kernel_enter(ct->c->t.k);
	kernel_set_irql(KIRQL_DISPATCH);   /* as a miniport's send path */
	while (!why && ct->ops < ct->c->ops_per_thread) {
		bool waiting = false;

		why = step(ct, &ct->slot[nbgen_below(&ct->r, CONC_SLOTS)], &waiting);
		if (waiting && ++spins % 16 == 0)
			sched_yield();
	}
	if (!why)
		why = drain(ct);
	if (why)
		snprintf(ct->error, sizeof(ct->error), "%s", why);
	kernel_set_irql(KIRQL_PASSIVE);
	return NULL;
}

/* ---- scenarios -------------------------------------------------------- */

struct conc_scenario {
	const char *name;
	bool dma64;
	enum platform_layout layout;
	unsigned stress;
	uint32_t map_register_cap;     /* 0: default */
	bool scaled_under_tsan;
};

#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
#define CONC_TSAN 1
#else
#define CONC_TSAN 0
#endif

static void conc_register(struct conc *c, const struct conc_scenario *sc)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_STATUS st;

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = sc->dma64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	d.MaximumPhysicalMapping = CONC_MAX_MAPPING;
	d.ProcessSGListHandler = conc_process_sg_list;
	th_begin_init(&c->t);
	st = NdisMRegisterScatterGatherDma(c->t.adapter_handle, &d, &c->dma);
	th_end_init(&c->t);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	c->sg_list_size = d.ScatterGatherListSize;
	c->limit = sc->dma64 ? UINT64_MAX : REF_4GB;
}

/* Each slot: its own arena and one NET_BUFFER that fits the pool. */
static void conc_make_slots(struct conc *c, struct conc_thread *ct, unsigned id)
{
	static const struct nbgen_shape shape = {
		.max_mdls = 4,
		.max_mdl_bytes = 4096,
		.max_data_length = CONC_MAX_MAPPING / 2,
	};

	ct->c = c;
	ct->r.s = nbgen_case_seed(0xC0C0, id);
	ct->expect = malloc(CONC_MAX_MAPPING * 2);
	assert_non_null(ct->expect);
	for (unsigned i = 0; i < CONC_SLOTS; i++) {
		struct conc_slot *s = &ct->slot[i];
		const char *why;

		s->c = c;
		assert_int_equal(nbgen_init(&s->gen, c->t.adapter_handle, CONC_ARENA), 0);
		why = nbgen_make(&s->gen, &ct->r, &shape, &s->nb);
		if (why)
			fail_msg("thread %u slot %u: %s", id, i, why);
		nbgen_fill(&s->nb, nbgen_next(&ct->r));
		s->buffer = malloc(c->sg_list_size);
		assert_non_null(s->buffer);
	}
}

static void conc_free_slots(struct conc_thread *ct)
{
	for (unsigned i = 0; i < CONC_SLOTS; i++) {
		struct conc_slot *s = &ct->slot[i];

		assert_int_equal(atomic_load(&s->state), SLOT_IDLE);
		free(s->buffer);
		nbgen_free(&s->gen, &s->nb);
		nbgen_fini(&s->gen);
	}
	free(ct->expect);
}

static void conc_assert_pools_at_baseline(struct conc *c)
{
	struct ndisdma_pools pools;

	memset(&pools, 0, sizeof(pools));
	sg_lists_add_pools(c->t.adapter.dma, &pools);
	assert_int_equal(pools.live_sg_lists, 0);
	assert_int_equal(pools.queued_sg_requests, 0);
	assert_int_equal(pools.map_registers_free, pools.map_registers_total);
}

static void conc_report(const struct conc_scenario *sc, const struct conc *c, double secs)
{
	uint64_t ops = 0, acc = 0, refused = 0, checked = 0;

	for (unsigned i = 0; i < CONC_THREADS; i++) {
		ops += c->thr[i].ops;
		acc += c->thr[i].accepted;
		refused += c->thr[i].refused;
		checked += c->thr[i].checked;
	}
	printf("  %-26s %" PRIu64 " ops (%" PRIu64 " accepted, %" PRIu64 " refused, %"
	       PRIu64 " delivered after the allocate returned, %" PRIu64
	       " read back), %.2f s\n", sc->name, ops, acc, refused,
	       (uint64_t)atomic_load(&c->not_inline), checked, secs);
	fflush(stdout);
}

static void run_scenario(const struct conc_scenario *sc)
{
	struct conc *c = calloc(1, sizeof(*c));
	struct th_options o;
	struct timespec t0, t1;
	uint64_t total_ops, accepted = 0;
	const char *env = getenv("NDISDMA_CONCURRENCY_OPS");

	assert_non_null(c);
	total_ops = env && *env ? strtoull(env, NULL, 0) : CONC_DEFAULT_OPS;
	if (env && *env)
		printf("  (NDISDMA_CONCURRENCY_OPS=%" PRIu64 ": scaled from %llu)\n",
		       total_ops, (unsigned long long)CONC_DEFAULT_OPS);
	else if (CONC_TSAN && sc->scaled_under_tsan) {
		total_ops /= 4;
		printf("  (TSan build: %" PRIu64 " ops, scaled down from %llu)\n",
		       total_ops, (unsigned long long)CONC_DEFAULT_OPS);
	}
	c->ops_per_thread = (total_ops + CONC_THREADS - 1) / CONC_THREADS;
	th_default_options(&o);
	o.seed = 0xC0C0;
	o.layout = sc->layout;
	o.stress = sc->stress;
	o.map_register_cap = sc->map_register_cap;
	o.sched_mode = KSCHED_THREADS;   /* the 2-thread stress: real concurrency */
	th_setup(&c->t, &o);
	conc_register(c, sc);
	for (unsigned i = 0; i < CONC_THREADS; i++)
		conc_make_slots(c, &c->thr[i], i);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < CONC_THREADS; i++)
		assert_int_equal(pthread_create(&c->thr[i].thread, NULL, conc_thread_main,
						&c->thr[i]), 0);
	for (unsigned i = 0; i < CONC_THREADS; i++)
		pthread_join(c->thr[i].thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kernel_flush(c->t.k);

	for (unsigned i = 0; i < CONC_THREADS; i++) {
		if (c->thr[i].error[0])
			fail_msg("%s: thread %u: %s", sc->name, i, c->thr[i].error);
		accepted += c->thr[i].accepted;
		assert_int_equal(c->thr[i].frees, c->thr[i].accepted);
	}
	conc_report(sc, c, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* no lost or doubled callback */
	assert_int_equal(atomic_load(&c->callbacks), accepted);
	assert_int_equal(atomic_load(&c->bad_callbacks), 0);
	assert_int_equal(atomic_load(&c->bad_irql), 0);
	assert_true(c->thr[0].ops + c->thr[1].ops >= total_ops);
	conc_assert_pools_at_baseline(c);
	for (unsigned i = 0; i < CONC_THREADS; i++)
		conc_free_slots(&c->thr[i]);
	NdisMDeregisterScatterGatherDma(c->dma);
	th_teardown(&c->t);
	free(c);
}

static void test_two_threads_32bit_small_pool_queued(void **state)
{
	static const struct conc_scenario sc = {
		"32-bit, 16 map registers:", false, LAYOUT_HIGH, 0, CONC_MAP_REGISTERS, false,
	};

	(void)state;
	run_scenario(&sc);
}

static void test_two_threads_32bit_mixed_layout(void **state)
{
	static const struct conc_scenario sc = {
		"32-bit, mixed layout:", false, LAYOUT_MIXED, 0, CONC_MAP_REGISTERS, true,
	};

	(void)state;
	run_scenario(&sc);
}

static void test_two_threads_64bit_fast_path(void **state)
{
	static const struct conc_scenario sc = {
		"64-bit:", true, LAYOUT_MIXED, 0, 0, true,
	};

	(void)state;
	run_scenario(&sc);
}

static void test_two_threads_64bit_deferred(void **state)
{
	static const struct conc_scenario sc = {
		"64-bit, every delivery deferred:", true, LAYOUT_SCATTERED, KERNEL_STRESS_DEFER, 0,
		true,
	};

	(void)state;
	run_scenario(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_threads_32bit_small_pool_queued),
		cmocka_unit_test(test_two_threads_32bit_mixed_layout),
		cmocka_unit_test(test_two_threads_64bit_fast_path),
		cmocka_unit_test(test_two_threads_64bit_deferred),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
