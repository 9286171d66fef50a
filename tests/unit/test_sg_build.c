/* test_sg_build.c — the list builder on hand-built MDL chains whose PFN
 * arrays the test chooses (spec §5: start of CurrentMdl, offset bytes
 * included, merging across pages and MDLs, never across 4 GiB, no zero
 * length; spec §6: only the high pieces bounced, data copied).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <wdm.h>

#include "hal/sg_build.h"
#include "kernel/kernel.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

#define PG 4096ull

struct fx {
	struct verifier *vf;
	struct platform *plat;
	struct kernel *k;
	struct hal_adapter *a;
	uint64_t allocs;
};

static void fx_up(struct fx *f, uint64_t limit, unsigned stress)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD };
	struct platform_config pc = { .kind = PLATFORM_SIM, .seed = 7 };
	struct kernel_config kc = { .seed = 7, .stress = stress };
	struct hal_constraints c = {
		.address_limit = limit, .max_mapping = 65536,
		.max_elements = 17, .stress = stress,
	};

	f->vf = vf_create(&vc);
	assert_non_null(f->vf);
	assert_int_equal(platform_create(&pc, &f->plat), 0);
	assert_int_equal(kernel_create(&kc, f->vf, f->plat, &f->k), 0);
	f->allocs = atomic_load(&f->k->stats.allocations) -
		    atomic_load(&f->k->stats.frees);
	assert_int_equal(hal_adapter_create(f->k, &c, &f->a), 0);
}

static void fx_down(struct fx *f)
{
	if (f->a->mr)
		assert_int_equal(map_registers_free_count(f->a->mr), f->a->mr->total);
	hal_adapter_destroy(f->a);
	assert_int_equal(atomic_load(&f->k->stats.allocations) -
			 atomic_load(&f->k->stats.frees), f->allocs);
	assert_int_equal(vf_total(f->vf), 0);
	kernel_destroy(f->k);
	platform_destroy(f->plat);
	vf_destroy(f->vf);
}

/* An MDL over `va` (len bytes from page offset off) with chosen PFNs. */
static PMDL mk_mdl(char *va, uint32_t off, uint32_t len, const uint64_t *pfns)
{
	uint32_t pages = (uint32_t)((off + len + PG - 1) / PG);
	PMDL m = calloc(1, sizeof(MDL) + sizeof(PFN_NUMBER) * (pages ? pages : 1));

	m->StartVa = va;
	m->ByteOffset = off;
	m->ByteCount = len;
	m->MappedSystemVa = va + off;
	m->MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL;
	for (uint32_t i = 0; i < pages; i++)
		MmGetMdlPfnArray(m)[i] = pfns[i];
	return m;
}

static void free_chain(PMDL m)
{
	while (m) {
		PMDL n = m->Next;
		free(m);
		m = n;
	}
}

static PSCATTER_GATHER_LIST build(struct fx *f, PMDL first, uint64_t bytes,
				  bool to_device, struct sg_plan *plan)
{
	PSCATTER_GATHER_LIST l;
	struct hal_resources res;

	assert_int_equal(hal_sg_plan(f->a, first, bytes, plan), SG_BUILD_OK);
	l = calloc(1, sg_list_bytes(plan->elements));
	assert_int_equal(hal_sg_reserve(f->a, plan, false, &res, NULL), HAL_RESERVED);
	assert_int_equal(hal_resources_held(res), plan->bounce_pages != 0);
	hal_sg_commit(f->a, first, plan, &res, to_device, l);
	assert_int_equal(l->NumberOfElements, plan->elements);
	assert_int_equal(l->Reserved, 0);
	for (uint32_t i = 0; i < plan->elements; i++) {
		assert_int_not_equal(l->Elements[i].Length, 0);
		assert_int_equal(l->Elements[i].Reserved, 0);
	}
	hal_sg_release(f->a, &res);
	assert_false(hal_resources_held(res));
	return l;
}

static void el_is(PSCATTER_GATHER_LIST l, uint32_t i, uint64_t pa, uint32_t len)
{
	assert_int_equal(l->Elements[i].Address.QuadPart, pa);
	assert_int_equal(l->Elements[i].Length, len);
}

static char buf[16 * 4096] __attribute__((aligned(4096)));

/* Offset bytes in CurrentMdl are part of the list (spec §5). */
static void test_offset_included(void **state)
{
	struct fx f;
	uint64_t pfn[2] = { 0x100, 0x200 };
	struct sg_plan p;
	PMDL m;
	PSCATTER_GATHER_LIST l;

	fx_up(&f, UINT64_MAX, 0);
	m = mk_mdl(buf, 100, 5000, pfn);
	l = build(&f, m, 14 + 1000, false, &p);   /* CurrentMdlOffset 14 */
	assert_int_equal(p.elements, 1);
	el_is(l, 0, 0x100 * PG + 100, 1014);
	free(l);
	/* crossing into a non-adjacent page: two elements */
	l = build(&f, m, 5000, false, &p);
	assert_int_equal(p.elements, 2);
	el_is(l, 0, 0x100 * PG + 100, (uint32_t)PG - 100);
	el_is(l, 1, 0x200 * PG, 5000 - ((uint32_t)PG - 100));
	free(l);
	free_chain(m);
	fx_down(&f);
}

/* Adjacent frames merge across pages and MDL boundaries; zero-length
 * MDLs contribute nothing. */
static void test_merge_across_mdls(void **state)
{
	struct fx f;
	uint64_t a[2] = { 0x300, 0x301 }, b[1] = { 0x302 }, z[1] = { 0x999 },
		 c[1] = { 0x500 };
	struct sg_plan p;
	PMDL m1, m2, mz, m3;
	PSCATTER_GATHER_LIST l;

	fx_up(&f, UINT64_MAX, 0);
	m1 = mk_mdl(buf, 0, 2 * PG, a);
	mz = mk_mdl(buf + 9 * PG, 0, 0, z);
	m2 = mk_mdl(buf + 2 * PG, 0, 1000, b);
	m3 = mk_mdl(buf + 5 * PG, 0, 3000, c);
	m1->Next = mz;
	mz->Next = m2;
	m2->Next = m3;
	l = build(&f, m1, 2 * PG + 1000 + 10, false, &p);
	assert_int_equal(p.elements, 2);
	el_is(l, 0, 0x300 * PG, 2 * PG + 1000);
	el_is(l, 1, 0x500 * PG, 10);
	free(l);
	/* a chain too short */
	assert_int_equal(hal_sg_plan(f.a, m1, 2 * PG + 4001, &p),
			 SG_BUILD_SHORT_CHAIN);
	assert_int_equal(hal_sg_plan(f.a, NULL, 10, &p), SG_BUILD_NO_MDL);
	assert_int_equal(hal_sg_plan(f.a, m1, 0, &p), SG_BUILD_ZERO);
	free_chain(m1);
	fx_down(&f);
}

/* CurrentMdl not the first MDL: the walk starts where it is given. */
static void test_current_mdl_not_first(void **state)
{
	struct fx f;
	uint64_t a[1] = { 0x10 }, b[1] = { 0x20 };
	struct sg_plan p;
	PMDL m1, m2;
	PSCATTER_GATHER_LIST l;

	fx_up(&f, UINT64_MAX, 0);
	m1 = mk_mdl(buf, 0, 64, a);
	m2 = mk_mdl(buf + PG, 8, 200, b);
	m1->Next = m2;
	l = build(&f, m2, 8 + 100, false, &p);
	assert_int_equal(p.elements, 1);
	el_is(l, 0, 0x20 * PG + 8, 108);
	free(l);
	free_chain(m1);
	fx_down(&f);
}

/* Frames adjacent across 4 GiB are not merged (spec §5). */
static void test_no_merge_across_4g(void **state)
{
	struct fx f;
	uint64_t fr = (1ull << 32) / PG;
	uint64_t a[3] = { fr - 1, fr, fr + 1 };
	struct sg_plan p;
	PMDL m;
	PSCATTER_GATHER_LIST l;

	fx_up(&f, UINT64_MAX, 0);
	m = mk_mdl(buf, 0, 3 * PG, a);
	l = build(&f, m, 3 * PG, false, &p);
	assert_int_equal(p.elements, 2);
	el_is(l, 0, (fr - 1) * PG, (uint32_t)PG);
	el_is(l, 1, fr * PG, 2 * (uint32_t)PG);
	free(l);
	free_chain(m);
	fx_down(&f);
}

/* stress split: one element per page piece, even when adjacent. */
static void test_stress_split(void **state)
{
	struct fx f;
	uint64_t a[3] = { 0x40, 0x41, 0x42 };
	struct sg_plan p;
	PMDL m;
	PSCATTER_GATHER_LIST l;

	fx_up(&f, UINT64_MAX, KERNEL_STRESS_SPLIT);
	m = mk_mdl(buf, 10, 2 * PG, a);
	l = build(&f, m, 2 * PG, false, &p);
	assert_int_equal(p.elements, 3);
	el_is(l, 0, 0x40 * PG + 10, (uint32_t)PG - 10);
	el_is(l, 1, 0x41 * PG, (uint32_t)PG);
	el_is(l, 2, 0x42 * PG, 10);
	free(l);
	free_chain(m);
	fx_down(&f);
}

/* 32-bit device: only the pieces above 4 GiB are bounced, each into its
 * own register page at the same in-page offset, data copied in. */
static void test_bounce_only_high(void **state)
{
	struct fx f;
	uint64_t hi = (1ull << 32) / PG + 100;
	uint64_t a[3] = { 0x50, hi, 0x51 };
	struct sg_plan p;
	PSCATTER_GATHER_LIST l;
	struct hal_resources res;
	PMDL m;

	fx_up(&f, 1ull << 32, 0);
	assert_string_equal(hal_adapter_backend(f.a), "bounce");
	for (size_t i = 0; i < 3 * PG; i++)
		buf[i] = (char)(i * 7);
	m = mk_mdl(buf, 0, 3 * PG, a);
	assert_int_equal(hal_sg_plan(f.a, m, 3 * PG, &p), SG_BUILD_OK);
	assert_int_equal(p.elements, 3);
	assert_int_equal(p.bounce_pages, 1);
	l = calloc(1, sg_list_bytes(p.elements));
	assert_int_equal(hal_sg_reserve(f.a, &p, false, &res, NULL), HAL_RESERVED);
	hal_sg_commit(f.a, m, &p, &res, true, l);
	assert_int_equal(hal_resources_bounced(res), PG);
	el_is(l, 0, 0x50 * PG, (uint32_t)PG);
	assert_true(l->Elements[1].Address.QuadPart + PG <= (1ull << 32));
	assert_int_equal(l->Elements[1].Length, PG);
	el_is(l, 2, 0x51 * PG, (uint32_t)PG);
	assert_memory_equal(platform_pa_to_va(f.plat, l->Elements[1].Address.QuadPart),
			    buf + PG, PG);
	/* device-to-memory: what the device wrote reaches the buffer */
	memset(platform_pa_to_va(f.plat, l->Elements[1].Address.QuadPart), 0xAB, PG);
	hal_sg_complete(f.a, res, true);     /* to-device: nothing comes back */
	assert_int_equal((unsigned char)buf[PG + 5], (unsigned char)((PG + 5) * 7));
	hal_sg_complete(f.a, res, false);
	assert_int_equal((unsigned char)buf[PG + 5], 0xAB);
	hal_sg_release(f.a, &res);
	free(l);
	free_chain(m);
	fx_down(&f);
}

/* stress bounce on a 64-bit device bounces everything. */
static void test_stress_bounce_all(void **state)
{
	struct fx f;
	uint64_t a[2] = { 0x60, 0x61 };
	struct sg_plan p;
	PSCATTER_GATHER_LIST l;
	PMDL m;

	fx_up(&f, UINT64_MAX, KERNEL_STRESS_BOUNCE);
	assert_non_null(f.a->mr);
	m = mk_mdl(buf, 100, PG, a);
	l = build(&f, m, PG, true, &p);
	assert_int_equal(p.bounce_pages, 2);
	assert_int_equal(p.elements, 2);
	assert_int_equal(l->Elements[0].Address.QuadPart & (PG - 1), 100);
	free(l);
	free_chain(m);
	fx_down(&f);
}

static void test_direct_backend(void **state)
{
	struct fx f;

	fx_up(&f, UINT64_MAX, 0);
	assert_string_equal(hal_adapter_backend(f.a), "direct");
	assert_null(f.a->mr);
	assert_int_equal(hal_adapter_constraints(f.a)->map_registers, 0);
	fx_down(&f);
}

/* hal_sg_reserve (hal.h): nothing needed is always reserved; a plan larger
 * than the whole pool never fits (spec §6); behind waiting requests a plan
 * that needs registers is short and takes none (spec §5 FIFO); a pool with
 * too few free is short, all or nothing. */
static void test_reserve_outcomes(void **state)
{
	struct fx f;
	struct hal_resources res, rest;
	struct sg_plan none = { .bytes = PG, .elements = 1, .bounce_pages = 0 };
	struct sg_plan two = { .bytes = 2 * PG, .elements = 2, .bounce_pages = 2 };
	struct sg_plan big;
	uint32_t nfree, ntotal;

	fx_up(&f, 1ull << 32, 0);
	hal_adapter_map_registers(f.a, &nfree, &ntotal);
	assert_int_equal(ntotal, 17 * HAL_MAP_REGISTER_LISTS);   /* spec §6 */
	assert_int_equal(nfree, ntotal);
	assert_int_equal(hal_sg_reserve(f.a, &none, true, &res, NULL), HAL_RESERVED);
	assert_false(hal_resources_held(res));
	big = (struct sg_plan){ .bytes = PG, .elements = 1, .bounce_pages = ntotal + 1 };
	assert_int_equal(hal_sg_reserve(f.a, &big, false, &res, NULL), HAL_NEVER);
	assert_int_equal(hal_sg_reserve(f.a, &big, true, &res, NULL), HAL_NEVER);
	assert_int_equal(hal_sg_reserve(f.a, &two, true, &res, NULL), HAL_SHORT);
	assert_false(hal_resources_held(res));
	hal_adapter_map_registers(f.a, &nfree, &ntotal);
	assert_int_equal(nfree, ntotal);                  /* nothing taken */
	big.bounce_pages = ntotal - 1;
	assert_int_equal(hal_sg_reserve(f.a, &big, false, &rest, NULL), HAL_RESERVED);
	assert_int_equal(hal_sg_reserve(f.a, &two, false, &res, NULL), HAL_SHORT);
	assert_false(hal_resources_held(res));
	hal_adapter_map_registers(f.a, &nfree, &ntotal);
	assert_int_equal(nfree, 1);                      /* all or nothing */
	hal_sg_release(f.a, &rest);
	assert_false(hal_resources_held(rest));
	assert_int_equal(hal_sg_reserve(f.a, &two, false, &res, NULL), HAL_RESERVED);
	hal_sg_release(f.a, &res);
	fx_down(&f);
}

/* The direct adapter: nothing to reserve, no pool. */
static void test_direct_reserve(void **state)
{
	struct fx f;
	struct hal_resources res;
	struct sg_plan p = { .bytes = PG, .elements = 1, .bounce_pages = 0 };
	uint32_t nfree, ntotal;

	fx_up(&f, UINT64_MAX, 0);
	assert_true(hal_adapter_is_direct(f.a));
	assert_true(hal_adapter_has_fast_build(f.a));
	assert_int_equal(hal_sg_reserve(f.a, &p, true, &res, NULL), HAL_RESERVED);
	assert_false(hal_resources_held(res));
	hal_sg_complete(f.a, res, false);
	hal_sg_release(f.a, &res);
	hal_adapter_map_registers(f.a, &nfree, &ntotal);
	assert_int_equal(nfree, 0);
	assert_int_equal(ntotal, 0);
	fx_down(&f);
}

/* hal_sg_build_fast through either backend's table makes the list
 * hal_sg_plan + hal_sg_commit make; with too little room it makes nothing
 * and holds nothing. */
static void check_fast_build(uint64_t limit)
{
	struct fx f;
	uint64_t hi = (1ull << 32) / PG + 100;
	uint64_t a[3] = { 0x70, 0x71, hi }, b[2] = { hi + 1, 0x90 };
	SCATTER_GATHER_ELEMENT e[8];
	struct hal_resources res;
	struct sg_plan p;
	PSCATTER_GATHER_LIST l;
	uint32_t n, nfree, ntotal;
	PMDL m;

	fx_up(&f, limit, 0);
	assert_true(hal_adapter_has_fast_build(f.a));
	m = mk_mdl(buf, 100, 3 * PG - 200, a);
	m->Next = mk_mdl(buf + 3 * PG, 0, PG + 50, b);
	l = build(&f, m, 4 * PG - 150, true, &p);
	memset(e, 0x5A, sizeof(e));
	n = hal_sg_build_fast(f.a, m, 4 * PG - 150, true, e, 8, &res, NULL);
	assert_int_equal(n, 4);
	assert_int_equal(n, p.elements);
	assert_int_equal(p.bounce_pages, limit == UINT64_MAX ? 0 : 2);
	assert_int_equal(hal_resources_held(res), p.bounce_pages != 0);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(e[i].Length, l->Elements[i].Length);
		assert_int_equal(e[i].Reserved, 0);
		/* elements 1 and 2 lie above 4 GiB: bounced on a 32-bit
		 * device, into whichever registers the pool gives */
		if (limit == UINT64_MAX || i == 0 || i == 3)
			assert_int_equal(e[i].Address.QuadPart,
					 l->Elements[i].Address.QuadPart);
		else
			assert_true(e[i].Address.QuadPart + e[i].Length <= (1ll << 32));
	}
	hal_sg_release(f.a, &res);
	assert_int_equal(hal_sg_build_fast(f.a, m, 4 * PG - 150, true, e, n - 1, &res, NULL), 0);
	assert_false(hal_resources_held(res));
	hal_adapter_map_registers(f.a, &nfree, &ntotal);
	assert_int_equal(nfree, ntotal);
	free(l);
	free_chain(m);
	fx_down(&f);
}

static void test_fast_build_direct(void **state)
{
	check_fast_build(UINT64_MAX);
}

static void test_fast_build_bounce(void **state)
{
	check_fast_build(1ull << 32);
}

/* An MDL with ByteCount 0 contributes nothing (sg_pieces.h), even without
 * a system address on a bounce channel: the plan (checked path) and the
 * one-pass build (fast path) agree on the list. */
static void test_empty_mdl_without_va(void **state)
{
	struct fx f;
	uint64_t hi = (1ull << 32) / PG + 100;
	uint64_t a[1] = { 0x70 }, z[1] = { 0 }, b[1] = { hi };
	SCATTER_GATHER_ELEMENT e[4];
	struct hal_resources res;
	struct sg_plan p;
	PSCATTER_GATHER_LIST l;
	PMDL m;

	(void)state;
	fx_up(&f, 1ull << 32, 0);
	m = mk_mdl(buf, 0, 100, a);
	m->Next = mk_mdl(buf + PG, 0, 0, z);
	m->Next->MappedSystemVa = NULL;
	m->Next->MdlFlags = 0;
	m->Next->StartVa = NULL;
	m->Next->Next = mk_mdl(buf + 2 * PG, 0, 200, b);
	l = build(&f, m, 300, true, &p);
	assert_int_equal(p.elements, 2);
	assert_int_equal(p.bounce_pages, 1);
	assert_int_equal(hal_sg_build_fast(f.a, m, 300, true, e, 4, &res, NULL), 2);
	assert_int_equal(e[0].Address.QuadPart, l->Elements[0].Address.QuadPart);
	assert_int_equal(e[1].Length, l->Elements[1].Length);
	hal_sg_release(f.a, &res);
	free(l);
	free_chain(m);
	fx_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offset_included),
		cmocka_unit_test(test_merge_across_mdls),
		cmocka_unit_test(test_current_mdl_not_first),
		cmocka_unit_test(test_no_merge_across_4g),
		cmocka_unit_test(test_stress_split),
		cmocka_unit_test(test_bounce_only_high),
		cmocka_unit_test(test_stress_bounce_all),
		cmocka_unit_test(test_direct_backend),
		cmocka_unit_test(test_reserve_outcomes),
		cmocka_unit_test(test_direct_reserve),
		cmocka_unit_test(test_fast_build_direct),
		cmocka_unit_test(test_fast_build_bounce),
		cmocka_unit_test(test_empty_mdl_without_va),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
