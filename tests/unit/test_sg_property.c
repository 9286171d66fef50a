/* test_sg_property.c — the SG list engine against a reference, on random
 * NET_BUFFERs, through the public NDIS API a miniport uses (spec §5, §6).
 *
 * Every case derives from a master seed and its index: 1-32 MDLs with
 * random offsets, lengths and gaps, a random DataOffset (CurrentMdl is
 * often not the first MDL), a direction, and a caller buffer that is
 * exact / one element short / NULL.  Cases are dealt round-robin to 16
 * groups: 4 platform layouts x {32, 64}-bit channel x {immediate, deferred
 * delivery}.  Each list is checked against tests/support/refbuild.c, its
 * bytes are read back through the physical addresses, and for
 * device-to-memory lists a pattern written through the physical addresses
 * must be in the NET_BUFFER after the free (bounce copy-back).
 *
 * Environment:
 *   NDISDMA_PROPERTY_CASES  number of cases (default 200000; sanitizer
 *                           builds 50000 (ASan) / 20000 (TSan))
 *   NDISDMA_PROPERTY_SEED   master seed (default 0x5eed)
 *   NDISDMA_PROPERTY_CASE   run only this case index (replay)
 */
#include "harness.h"
#include "nbgen.h"
#include "refbuild.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ndisdma/ndisdma.h"
#include "ndis/sg_dma.h"

#define PROP_GROUPS 16
#define PROP_FULL_CASES 200000ull
/* Sanitizer builds (the Makefile's test-asan / test-tsan) run a quarter /
 * a tenth of the cases by default: the full count takes ~100 s under ASan
 * and ~10 min under TSan on a shared 2-core machine.  The normal build is
 * where the 200,000 cases run; NDISDMA_PROPERTY_CASES overrides both. */
#if defined(NDISDMA_SANITIZER) && NDISDMA_SANITIZER == 2
#define PROP_DEFAULT_CASES (PROP_FULL_CASES / 10)
#elif defined(NDISDMA_SANITIZER)
#define PROP_DEFAULT_CASES (PROP_FULL_CASES / 4)
#else
#define PROP_DEFAULT_CASES PROP_FULL_CASES
#endif
#define PROP_DEFAULT_SEED 0x5eedull
#define PROP_MAX_MAPPING (256u * 1024u)
#define PROP_ARENA (8u * 1024u * 1024u)
#define PROP_LINEAR (PROP_MAX_MAPPING + 64u * 1024u)

/* One request's view of its callback (spec §5: exactly once, at DISPATCH). */
struct prop_req {
	_Atomic(PSCATTER_GATHER_LIST) sgl;
	atomic_int calls;
	atomic_int irql;
	atomic_int off_thread;       /* ran outside the allocate call: on another
				      * thread, or after the call returned (a
				      * coroutine of the caller's host thread) */
	atomic_int in_call;          /* set while the allocate call runs */
	pthread_t caller;
	atomic_int *total_calls;
};

struct prop {
	struct th t;
	NDIS_HANDLE dma;
	struct nbgen gen;
	struct ref_list ref;
	uint64_t limit;              /* device address limit */
	enum platform_layout layout;
	bool dma64, defer;
	uint8_t *expect, *got;       /* PROP_LINEAR bytes each */
	atomic_int total_calls;
	uint64_t accepted, bounced_elements, elements, deferred, cases, hot;
};

struct prop_env {
	uint64_t cases, seed;
	int64_t only;                /* -1: all */
};

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static void prop_env(struct prop_env *e)
{
	const char *only = getenv("NDISDMA_PROPERTY_CASE");

	e->cases = env_u64("NDISDMA_PROPERTY_CASES", PROP_DEFAULT_CASES);
	e->seed = env_u64("NDISDMA_PROPERTY_SEED", PROP_DEFAULT_SEED);
	e->only = only && *only ? (int64_t)strtoull(only, NULL, 0) : -1;
}

static VOID prop_process_sg_list(PDEVICE_OBJECT pDO, PVOID Reserved,
				 PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	struct prop_req *r = Context;

	(void)pDO;
	(void)Reserved;
	atomic_store(&r->sgl, pSGL);
	atomic_store(&r->irql, KeGetCurrentIrql());
	atomic_store(&r->off_thread, !atomic_load(&r->in_call) ||
				     !pthread_equal(pthread_self(), r->caller));
	atomic_fetch_add(r->total_calls, 1);
	atomic_fetch_add(&r->calls, 1);     /* last: the test polls this */
}

static void prop_setup(struct prop *p, unsigned group, uint64_t seed)
{
	struct th_options o;
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_STATUS st;

	memset(p, 0, sizeof(*p));
	p->layout = (enum platform_layout)(group % 4);
	p->dma64 = (group / 4) % 2;
	p->defer = group / 8;
	p->limit = p->dma64 ? UINT64_MAX : REF_4GB;
	th_default_options(&o);
	o.seed = seed;
	o.layout = p->layout;
	o.stress = p->defer ? KERNEL_STRESS_DEFER : 0;
	th_setup(&p->t, &o);

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = p->dma64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	d.MaximumPhysicalMapping = PROP_MAX_MAPPING;
	d.ProcessSGListHandler = prop_process_sg_list;
	th_begin_init(&p->t);
	st = NdisMRegisterScatterGatherDma(p->t.adapter_handle, &d, &p->dma);
	th_end_init(&p->t);
	assert_int_equal(st, NDIS_STATUS_SUCCESS);
	assert_non_null(p->dma);
	/* spec §4: 16 + 24 * (BYTES_TO_PAGES(MaximumPhysicalMapping) + 1) */
	assert_int_equal(d.ScatterGatherListSize, 16 + 24 * (PROP_MAX_MAPPING / 4096 + 1));

	assert_int_equal(nbgen_init(&p->gen, p->t.adapter_handle, PROP_ARENA), 0);
	ref_list_init(&p->ref);
	p->expect = malloc(PROP_LINEAR);
	p->got = malloc(PROP_LINEAR);
	assert_non_null(p->expect);
	assert_non_null(p->got);
}

static void prop_assert_pools_at_baseline(struct prop *p)
{
	struct ndisdma_pools pools;

	memset(&pools, 0, sizeof(pools));
	sg_lists_add_pools(p->t.adapter.dma, &pools);
	assert_int_equal(pools.live_sg_lists, 0);
	assert_int_equal(pools.queued_sg_requests, 0);
	assert_int_equal(pools.map_registers_free, pools.map_registers_total);
	if (!p->dma64)
		assert_true(pools.map_registers_total > 0);
}

static void prop_teardown(struct prop *p)
{
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(p->t.k);
	/* every accepted request was called back exactly once */
	assert_int_equal(atomic_load(&p->total_calls), p->accepted);
	prop_assert_pools_at_baseline(p);
	NdisMDeregisterScatterGatherDma(p->dma);
	free(p->expect);
	free(p->got);
	ref_list_fini(&p->ref);
	nbgen_fini(&p->gen);
	th_teardown(&p->t);
}

/* ---- one case --------------------------------------------------------- */

struct prop_case {
	uint64_t index, seed;
	struct nbgen_nb nb;
	bool to_device;
	int buffer_mode;             /* 0 exact, 1 one element short, 2 NULL */
	void *buffer;
	ULONG buffer_size;
	char why[512];
};

static const char *const buffer_mode_name[] = { "exact", "one element short", "NULL" };

static void case_fail(const struct prop *p, const struct prop_case *c, const char *why)
{
	fail_msg("property case %" PRIu64 " (seed %#" PRIx64 ", layout %s, %s-bit channel, "
		 "%s delivery, %s, caller buffer %s, %u MDLs, DataOffset %u, DataLength %u, "
		 "CurrentMdlOffset+DataLength %" PRIu64 "): %s\n  replay: "
		 "NDISDMA_PROPERTY_SEED=%#" PRIx64 " NDISDMA_PROPERTY_CASE=%" PRIu64,
		 c->index, c->seed, platform_layout_name(p->layout), p->dma64 ? "64" : "32",
		 p->defer ? "deferred" : "immediate",
		 c->to_device ? "write-to-device" : "device-to-memory",
		 buffer_mode_name[c->buffer_mode], c->nb.nmdl, c->nb.data_offset,
		 c->nb.data_length, c->nb.map_bytes, why,
		 env_u64("NDISDMA_PROPERTY_SEED", PROP_DEFAULT_SEED), c->index);
}

/* Device side: the bytes of every element, read through the bus
 * (PA -> VA of the platform, page by page).  Bounced elements of a
 * device-to-memory list hold nothing defined yet: skipped. */
static const char *read_back(struct prop *p, struct prop_case *c,
			     const SCATTER_GATHER_LIST *sgl)
{
	uint64_t off = 0;

	for (ULONG i = 0; i < sgl->NumberOfElements; i++) {
		uint64_t pa = (uint64_t)sgl->Elements[i].Address.QuadPart;
		uint64_t left = sgl->Elements[i].Length;
		bool skip = !c->to_device && p->ref.e[i].bounced;

		while (left) {
			uint64_t chunk = 4096 - pa % 4096;
			const uint8_t *va = platform_pa_to_va(p->t.k->platform, pa);

			if (chunk > left)
				chunk = left;
			if (!va) {
				snprintf(c->why, sizeof(c->why), "element %u: PA %#" PRIx64
					 " is not backed by memory", i, pa);
				return c->why;
			}
			if (!skip && memcmp(va, p->expect + off, chunk) != 0) {
				snprintf(c->why, sizeof(c->why), "element %u: bytes at PA %#"
					 PRIx64 " (list byte %" PRIu64 ") differ from the "
					 "NET_BUFFER's", i, pa, off);
				return c->why;
			}
			pa += chunk;
			off += chunk;
			left -= chunk;
		}
	}
	return NULL;
}

/* Device writes every byte of a device-to-memory list. */
static void write_through(struct prop *p, const SCATTER_GATHER_LIST *sgl)
{
	uint64_t off = 0;

	for (ULONG i = 0; i < sgl->NumberOfElements; i++) {
		uint64_t pa = (uint64_t)sgl->Elements[i].Address.QuadPart;
		uint64_t left = sgl->Elements[i].Length;

		while (left) {
			uint64_t chunk = 4096 - pa % 4096;

			if (chunk > left)
				chunk = left;
			memcpy(platform_pa_to_va(p->t.k->platform, pa), p->expect + off, chunk);
			pa += chunk;
			off += chunk;
			left -= chunk;
		}
	}
}

static void choose_buffer(struct prop *p, struct prop_case *c, struct nbgen_rng *r)
{
	uint64_t need = 16 + 24ull * p->ref.n;

	c->buffer_mode = (int)nbgen_below(r, 3);
	c->buffer = NULL;
	c->buffer_size = 0;
	if (c->buffer_mode == 2) {
		c->buffer_size = nbgen_below(r, 2) ? (ULONG)need : 0;  /* ignored */
		return;
	}
	/* exactly the size asked for: ASan sees any write past it */
	c->buffer_size = (ULONG)(c->buffer_mode == 0 ? need : need - 24);
	c->buffer = malloc(c->buffer_size);
	assert_non_null(c->buffer);
}

/* Allocate at DISPATCH; the list once ProcessSGList ran (flushing the DPC
 * queue when delivery was deferred). */
static const char *allocate(struct prop *p, struct prop_case *c, struct prop_req *req,
			    PSCATTER_GATHER_LIST *sgl)
{
	NDIS_STATUS st;

	req->total_calls = &p->total_calls;
	req->caller = pthread_self();
	atomic_store(&req->in_call, 1);
	TH_AT_DISPATCH(st = NdisMAllocateNetBufferSGList(p->dma, c->nb.nb, req,
			c->to_device ? NDIS_SG_LIST_WRITE_TO_DEVICE : 0,
			c->buffer, c->buffer_size));
	atomic_store(&req->in_call, 0);
	if (st != NDIS_STATUS_SUCCESS) {
		snprintf(c->why, sizeof(c->why), "NdisMAllocateNetBufferSGList returned %#x",
			 (unsigned)st);
		return c->why;
	}
	p->accepted++;
	if (atomic_load(&req->calls) == 0)
		kernel_flush(p->t.k);
	if (atomic_load(&req->calls) != 1) {
		snprintf(c->why, sizeof(c->why), "ProcessSGList called %d times",
			 atomic_load(&req->calls));
		return c->why;
	}
	if (atomic_load(&req->irql) != DISPATCH_LEVEL)
		return "ProcessSGList not called at DISPATCH_LEVEL";
	p->deferred += atomic_load(&req->off_thread);
	/* spec §10 stress defer: every callback after the allocate returned */
	if (p->defer && !atomic_load(&req->off_thread))
		return "stress defer: ProcessSGList ran inside the allocate call";
	*sgl = atomic_load(&req->sgl);
	if (!*sgl)
		return "ProcessSGList got a NULL list";
	if (c->buffer_mode == 0 && *sgl != c->buffer)
		return "list not built in the caller's buffer although it was big enough";
	if (c->buffer_mode != 0 && (void *)*sgl == c->buffer)
		return "list built in a caller buffer that is too small";
	return NULL;
}

static const char *check_list(struct prop *p, struct prop_case *c,
			      const SCATTER_GATHER_LIST *sgl)
{
	const char *why;

	why = ref_check_list(sgl, c->nb.map_bytes, p->limit, c->why, sizeof(c->why));
	if (!why)
		why = ref_compare(&p->ref, sgl, c->why, sizeof(c->why));
	if (!why)
		why = read_back(p, c, sgl);
	return why;
}

/* What the device writes into a device-to-memory list. */
static void make_pattern(uint8_t *out, uint64_t bytes, uint64_t seed)
{
	struct nbgen_rng r = { seed };

	for (uint64_t i = 0; i < bytes; i += 8) {
		uint64_t w = nbgen_next(&r);

		memcpy(out + i, &w, bytes - i < 8 ? bytes - i : 8);
	}
}

/* Free; device-to-memory: the device's bytes are in the NET_BUFFER now. */
static const char *free_list(struct prop *p, struct prop_case *c, struct prop_req *req,
			     PSCATTER_GATHER_LIST sgl, struct nbgen_rng *r)
{
	uint64_t pattern_seed = nbgen_next(r), i = 0;

	if (!c->to_device) {
		make_pattern(p->expect, c->nb.map_bytes, pattern_seed);
		write_through(p, sgl);
	}
	TH_AT_DISPATCH(NdisMFreeNetBufferSGList(p->dma, sgl, c->nb.nb));
	if (atomic_load(&req->calls) != 1)
		return "ProcessSGList called again after the free";
	if (c->to_device)
		return NULL;
	nbgen_gather(NET_BUFFER_CURRENT_MDL(c->nb.nb), c->nb.map_bytes, p->got);
	if (memcmp(p->got, p->expect, c->nb.map_bytes) == 0)
		return NULL;
	while (p->got[i] == p->expect[i])
		i++;
	snprintf(c->why, sizeof(c->why), "device-to-memory: byte %" PRIu64 " of the "
		 "list is %#x in the NET_BUFFER after the free, the device wrote %#x",
		 i, p->got[i], p->expect[i]);
	return c->why;
}

static void run_case(struct prop *p, uint64_t index, uint64_t master)
{
	static const struct nbgen_shape shape = {
		.max_mdls = NBGEN_MAX_MDLS,
		.max_mdl_bytes = 64 * 1024,
		.max_data_length = PROP_MAX_MAPPING,
	};
	struct prop_case c;
	struct prop_req req;
	struct nbgen_rng r;
	PSCATTER_GATHER_LIST sgl = NULL;
	const char *why;

	memset(&c, 0, sizeof(c));
	memset(&req, 0, sizeof(req));
	c.index = index;
	c.seed = nbgen_case_seed(master, index);
	r.s = c.seed;
	why = nbgen_make(&p->gen, &r, &shape, &c.nb);
	if (why)
		case_fail(p, &c, why);
	nbgen_fill(&c.nb, nbgen_next(&r));
	c.to_device = nbgen_below(&r, 2);
	why = ref_build(&p->ref, NET_BUFFER_CURRENT_MDL(c.nb.nb), c.nb.map_bytes, p->limit);
	if (why)
		case_fail(p, &c, why);
	choose_buffer(p, &c, &r);
	nbgen_gather(NET_BUFFER_CURRENT_MDL(c.nb.nb), c.nb.map_bytes, p->expect);

	why = allocate(p, &c, &req, &sgl);
	if (!why)
		why = check_list(p, &c, sgl);
	if (!why) {
		p->elements += sgl->NumberOfElements;
		p->bounced_elements += p->ref.bounced;
		why = free_list(p, &c, &req, sgl, &r);
	}
	if (why)
		case_fail(p, &c, why);
	free(c.buffer);
	p->hot += c.nb.hot;
	nbgen_free(&p->gen, &c.nb);
	p->cases++;
}

static void run_group(unsigned group)
{
	struct prop_env env;
	struct prop *p = calloc(1, sizeof(*p));
	struct timespec t0, t1;

	assert_non_null(p);
	prop_env(&env);
	if (env.only >= 0 && (uint64_t)env.only % PROP_GROUPS != group) {
		free(p);
		skip();
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	prop_setup(p, group, env.seed);
	for (uint64_t i = group; i < env.cases; i += PROP_GROUPS)
		if (env.only < 0 || (uint64_t)env.only == i)
			run_case(p, i, env.seed);
	if (env.only >= 0 && (uint64_t)env.only >= env.cases)
		run_case(p, (uint64_t)env.only, env.seed);
	prop_teardown(p);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("  property group %2u (%-10s %s-bit, %-9s): %" PRIu64 " cases, %" PRIu64
	       " elements, %" PRIu64 " bounced, %" PRIu64 " deferred, %" PRIu64
	       " across 4 GiB, %.2f s\n",
	       group, platform_layout_name(p->layout), p->dma64 ? "64" : "32",
	       p->defer ? "deferred" : "immediate", p->cases, p->elements,
	       p->bounced_elements, p->deferred, p->hot,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	fflush(stdout);
	free(p);
}

#define PROP_GROUP_TEST(n) \
	static void test_property_group_##n(void **state) { (void)state; run_group(n); }
PROP_GROUP_TEST(0) PROP_GROUP_TEST(1) PROP_GROUP_TEST(2) PROP_GROUP_TEST(3)
PROP_GROUP_TEST(4) PROP_GROUP_TEST(5) PROP_GROUP_TEST(6) PROP_GROUP_TEST(7)
PROP_GROUP_TEST(8) PROP_GROUP_TEST(9) PROP_GROUP_TEST(10) PROP_GROUP_TEST(11)
PROP_GROUP_TEST(12) PROP_GROUP_TEST(13) PROP_GROUP_TEST(14) PROP_GROUP_TEST(15)

int main(void)
{
	struct prop_env env;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_property_group_0), cmocka_unit_test(test_property_group_1),
		cmocka_unit_test(test_property_group_2), cmocka_unit_test(test_property_group_3),
		cmocka_unit_test(test_property_group_4), cmocka_unit_test(test_property_group_5),
		cmocka_unit_test(test_property_group_6), cmocka_unit_test(test_property_group_7),
		cmocka_unit_test(test_property_group_8), cmocka_unit_test(test_property_group_9),
		cmocka_unit_test(test_property_group_10), cmocka_unit_test(test_property_group_11),
		cmocka_unit_test(test_property_group_12), cmocka_unit_test(test_property_group_13),
		cmocka_unit_test(test_property_group_14), cmocka_unit_test(test_property_group_15),
	};

	prop_env(&env);
	if (env.only >= 0)
		printf("SG list property test: replaying case %" PRId64 " of master seed %#"
		       PRIx64 "\n", env.only, env.seed);
	else
		printf("SG list property test: %" PRIu64 " random NET_BUFFERs%s, master seed %#"
		       PRIx64 " (NDISDMA_PROPERTY_CASES / _SEED / _CASE)\n", env.cases,
		       env.cases < PROP_FULL_CASES ? " (scaled down from 200000: sanitizer "
		       "build or NDISDMA_PROPERTY_CASES)" : "", env.seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
