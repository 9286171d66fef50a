/* test_iommu_hal.c — the HAL's iommu backend (src/hal/backend_iommu.c,
 * spec §11): an adapter given a domain builds SG lists (fast and checked
 * path) whose elements are IOVAs that translate back to exactly the
 * NET_BUFFER's bytes, with the direction as permission; a 32-bit channel
 * over memory above 4 GiB (layouts high and mixed) gets IOVAs below 4 GiB
 * and bounces nothing, from a domain that spans 2^44 (the limit is the
 * channel's, per mapping), while a 64-bit channel's IOVAs lie above 4 GiB;
 * a 32-bit channel after a 64-bit one on the same domain gets IOVAs below
 * 4 GiB though the caches hold high ones; a fault names the driver's call
 * site of the mapping; shared memory is mapped the same way; release
 * (strict) or release + flush (lazy) leaves nothing translating, and
 * every pool is back at its baseline; over random chains the fast build's
 * walk (one MDL at a time) gives the checked path's list.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <wdm.h>

#include "hal/hal_backend.h"
#include "iommu/iommu.h"
#include "kernel/kernel.h"
#include "platform/platform.h"
#include "verifier/verifier.h"

#define PG 4096ull
#define BUF_PAGES 16

static char buf[BUF_PAGES * PG] __attribute__((aligned(4096)));

struct fx {
	struct verifier *vf;
	struct platform *plat;
	struct kernel *k;
	struct iommu_domain *d;
	struct hal_adapter *a;
	uint64_t allocs;
	struct platform_stats ps;
	uint64_t pfn[BUF_PAGES];
};

static void fx_up(struct fx *f, enum iommu_mode mode, enum platform_layout layout,
		  uint64_t limit)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD };
	struct platform_config pc = { .kind = PLATFORM_SIM, .seed = 9, .layout = layout };
	struct kernel_config kc = { .seed = 9 };
	/* the domain spans the device's reach; the channel's limit holds
	 * each mapping (spec §11) */
	struct iommu_domain_config dc = { .mode = mode, .iova_limit = UINT64_MAX };
	struct hal_constraints c = {
		.address_limit = limit, .max_mapping = 65536, .max_elements = 17,
	};

	f->vf = vf_create(&vc);
	assert_non_null(f->vf);
	assert_int_equal(platform_create(&pc, &f->plat), 0);
	assert_int_equal(kernel_create(&kc, f->vf, f->plat, &f->k), 0);
	assert_int_equal(platform_pfns(f->plat, buf, sizeof(buf), f->pfn), 0);
	f->allocs = atomic_load(&f->k->stats.allocations) -
		    atomic_load(&f->k->stats.frees);
	platform_get_stats(f->plat, &f->ps);
	assert_int_equal(iommu_domain_create(f->k, &dc, &f->d), 0);
	c.domain = f->d;
	assert_int_equal(hal_adapter_create(f->k, &c, &f->a), 0);
	assert_string_equal(hal_adapter_backend(f->a), "iommu");
	assert_false(hal_adapter_is_direct(f->a));
	assert_true(hal_adapter_has_fast_build(f->a));
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
}

static void fx_down(struct fx *f)
{
	struct iommu_stats s;
	struct platform_stats ps;
	uint32_t nfree, ntotal;

	hal_adapter_map_registers(f->a, &nfree, &ntotal);
	assert_int_equal(ntotal, 0);   /* nothing bounces behind the IOMMU */
	iommu_domain_stats(f->d, &s);
	assert_int_equal(s.mapped_pages, 0);
	hal_adapter_destroy(f->a);
	iommu_domain_destroy(f->d);
	assert_int_equal(atomic_load(&f->k->stats.allocations) -
			 atomic_load(&f->k->stats.frees), f->allocs);
	platform_get_stats(f->plat, &ps);
	assert_int_equal(ps.contiguous_blocks, f->ps.contiguous_blocks);
	assert_int_equal(ps.contiguous_bytes, f->ps.contiguous_bytes);
	assert_int_equal(vf_total(f->vf), 0);
	kernel_destroy(f->k);
	platform_destroy(f->plat);
	vf_destroy(f->vf);
}

/* An MDL over buf[off .. off + len) with the platform's frames. */
static PMDL mk_mdl(struct fx *f, uint32_t at, uint32_t len)
{
	uint32_t first = at / PG, off = at % PG;
	uint32_t pages = (uint32_t)((off + len + PG - 1) / PG);
	PMDL m = calloc(1, sizeof(MDL) + sizeof(PFN_NUMBER) * pages);

	m->StartVa = buf + first * PG;
	m->ByteOffset = off;
	m->ByteCount = len;
	m->MappedSystemVa = buf + at;
	m->MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL;
	for (uint32_t i = 0; i < pages; i++)
		MmGetMdlPfnArray(m)[i] = f->pfn[first + i];
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

/* The byte the chain holds at position j. */
static char *chain_byte(PMDL m, uint64_t j)
{
	for (; m; m = m->Next) {
		if (j < m->ByteCount)
			return (char *)m->MappedSystemVa + j;
		j -= m->ByteCount;
	}
	return NULL;
}

/* Every byte of every element translates to the chain's byte in order,
 * for the device's direction only; every IOVA below the limit. */
static void check_list(struct fx *f, PMDL m, uint64_t bytes,
		       const SCATTER_GATHER_ELEMENT *e, uint32_t n, bool to_device,
		       uint64_t limit)
{
	uint64_t j = 0, pa;
	struct iommu_fault fault;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = (uint64_t)e[i].Address.QuadPart;

		assert_int_not_equal(e[i].Length, 0);
		assert_int_equal(e[i].Reserved, 0);
		assert_true(a + e[i].Length <= limit);
		/* a 64-bit channel's IOVAs lie above 4 GiB (top-down in 2^44),
		 * so a driver that truncates one is caught */
		if (limit == UINT64_MAX)
			assert_true(a >= 1ull << 32);
		assert_int_equal(a >> 32, (a + e[i].Length - 1) >> 32);
		for (uint64_t b = 0; b < e[i].Length; b++, j++) {
			if (b != 0 && b != e[i].Length - 1 && (b % 61))
				continue;   /* a sample of bytes, both ends always */
			assert_int_equal(iommu_translate(f->d, a + b, 1, !to_device,
							 &pa, &fault), 0);
			assert_ptr_equal(platform_pa_to_va(f->plat, pa), chain_byte(m, j));
			assert_int_equal(iommu_translate(f->d, a + b, 1, to_device,
							 &pa, &fault), -EFAULT);
			assert_true(fault.not_permitted);
		}
	}
	assert_int_equal(j, bytes);
}

static const char list_caller;   /* stands for the driver's call site */

static void check_gone(struct fx *f, const SCATTER_GATHER_ELEMENT *e, uint32_t n,
		       bool to_device)
{
	uint64_t pa;
	struct iommu_fault fault;

	iommu_flush(f->d);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(iommu_translate(f->d, (uint64_t)e[i].Address.QuadPart, 1,
						 !to_device, &pa, &fault), -EFAULT);
		assert_true(fault.had_mapping);
		assert_true(fault.unmapped_at > 0);
		assert_string_equal(fault.map_site, "NdisMAllocateNetBufferSGList");
		assert_ptr_equal(fault.map_caller, &list_caller);
	}
}

/* Two MDLs: pages 0..2 from offset 100, then page 5 and a bit of 6; and a
 * third that shares page 6 with the second. */
static PMDL mk_chain(struct fx *f, uint64_t *bytes)
{
	PMDL m = mk_mdl(f, 100, 3 * PG - 200);

	m->Next = mk_mdl(f, 5 * PG, PG + 50);
	m->Next->Next = mk_mdl(f, 6 * PG + 50, 300);
	*bytes = (3 * PG - 200) + (PG + 50) + 300;
	return m;
}

static void check_sg(enum iommu_mode mode, enum platform_layout layout, uint64_t limit)
{
	struct fx f;
	SCATTER_GATHER_ELEMENT e[8];
	PSCATTER_GATHER_LIST l;
	struct hal_resources res;
	struct sg_plan p;
	uint64_t bytes;
	uint32_t n;
	PMDL m;

	fx_up(&f, mode, layout, limit);
	m = mk_chain(&f, &bytes);
	for (int dir = 0; dir < 2; dir++) {
		bool to_device = dir == 0;

		/* the fast path's one-pass build */
		n = hal_sg_build_fast(f.a, m, bytes, to_device, e, 8, &res, &list_caller);
		assert_true(n >= 1);
		assert_true(hal_resources_held(res));
		assert_int_equal(hal_resources_bounced(res), 0);
		check_list(&f, m, bytes, e, n, to_device, limit);
		hal_sg_complete(f.a, res, to_device);
		hal_sg_release(f.a, &res);
		assert_false(hal_resources_held(res));
		check_gone(&f, e, n, to_device);

		/* the checked path: the same list */
		assert_int_equal(hal_sg_plan(f.a, m, bytes, &p), SG_BUILD_OK);
		assert_int_equal(p.elements, n);
		l = calloc(1, sg_list_bytes(p.elements));
		/* spec §5 FIFO: behind waiting requests, nothing taken */
		assert_int_equal(hal_sg_reserve(f.a, &p, true, &res, &list_caller), HAL_SHORT);
		assert_false(hal_resources_held(res));
		assert_int_equal(hal_sg_reserve(f.a, &p, false, &res, &list_caller),
				 HAL_RESERVED);
		hal_sg_commit(f.a, m, &p, &res, to_device, l);
		assert_int_equal(l->NumberOfElements, n);
		for (uint32_t i = 0; i < n; i++)
			assert_int_equal(l->Elements[i].Length, e[i].Length);
		check_list(&f, m, bytes, l->Elements, n, to_device, limit);
		hal_sg_complete(f.a, res, to_device);
		hal_sg_release(f.a, &res);
		check_gone(&f, l->Elements, n, to_device);
		free(l);
	}
	/* too little room: nothing built, nothing held */
	assert_int_equal(hal_sg_build_fast(f.a, m, bytes, true, e, n - 1, &res, NULL), 0);
	assert_false(hal_resources_held(res));
	free_chain(m);
	fx_down(&f);
}

static void test_sg_strict_high_32bit(void **state)
{
	(void)state;
	check_sg(IOMMU_STRICT, LAYOUT_HIGH, 1ull << 32);
}

static void test_sg_lazy_mixed_32bit(void **state)
{
	(void)state;
	check_sg(IOMMU_LAZY, LAYOUT_MIXED, 1ull << 32);
}

static void test_sg_lazy_scattered_64bit(void **state)
{
	(void)state;
	check_sg(IOMMU_LAZY, LAYOUT_SCATTERED, UINT64_MAX);
}

/* A list never has more elements than the direct backend gives it, and
 * contiguous memory is one element. */
static void test_sg_element_count(void **state)
{
	struct fx f;
	SCATTER_GATHER_ELEMENT e[4];
	struct hal_resources res;
	PMDL m;

	(void)state;
	fx_up(&f, IOMMU_STRICT, LAYOUT_SCATTERED, 1ull << 32);
	/* scattered frames: four pieces, but one IOVA range: one element */
	m = mk_mdl(&f, 10, 4 * PG - 20);
	assert_int_equal(hal_sg_build_fast(f.a, m, 4 * PG - 20, false, e, 4, &res, NULL), 1);
	assert_int_equal(e[0].Length, 4 * PG - 20);
	assert_int_equal(e[0].Address.QuadPart & (PG - 1), 10);
	check_list(&f, m, 4 * PG - 20, e, 1, false, 1ull << 32);
	hal_sg_release(f.a, &res);
	free_chain(m);
	fx_down(&f);
}

static const char shm_site[] = "shm site";
static const char shm_caller;

static void check_shm(enum iommu_mode mode, enum platform_layout layout, uint64_t limit)
{
	struct fx f;
	uint64_t addr, pa;
	struct iommu_fault fault;
	size_t len = 3 * PG + 10;
	char *va;

	fx_up(&f, mode, layout, limit);
	va = hal_common_buffer_alloc(f.a, len, shm_site, &shm_caller, &addr);
	assert_non_null(va);
	assert_int_equal(addr & (PG - 1), 0);
	assert_true(addr + len <= limit);
	if (limit == UINT64_MAX)
		assert_true(addr >= 1ull << 32);   /* a 64-bit channel's: high */
	for (size_t i = 0; i < 4 * PG; i += 511) {
		va[i] = (char)i;
		assert_int_equal(iommu_translate(f.d, addr + i, 1, true, &pa, &fault), 0);
		assert_ptr_equal(platform_pa_to_va(f.plat, pa), va + i);
		assert_int_equal(iommu_translate(f.d, addr + i, 1, false, &pa, &fault), 0);
	}
	/* the page after the block is not mapped: its site is still named
	 * for the block's own pages once it is gone */
	assert_int_equal(iommu_translate(f.d, addr + 4 * PG, 1, true, &pa, &fault), -EFAULT);
	hal_common_buffer_free(f.a, va, len, addr);
	iommu_flush(f.d);
	assert_int_equal(iommu_translate(f.d, addr + PG, 1, true, &pa, &fault), -EFAULT);
	assert_true(fault.had_mapping);
	assert_int_equal(fault.map_iova, addr);
	assert_int_equal(fault.map_pages, 4);
	assert_ptr_equal(fault.map_site, shm_site);
	assert_ptr_equal(fault.map_caller, &shm_caller);
	fx_down(&f);
}

static void test_shm_strict_high(void **state)
{
	(void)state;
	check_shm(IOMMU_STRICT, LAYOUT_HIGH, 1ull << 32);
}

static void test_shm_lazy_mixed(void **state)
{
	(void)state;
	check_shm(IOMMU_LAZY, LAYOUT_MIXED, 1ull << 32);
}

static void test_shm_lazy_64bit(void **state)
{
	(void)state;
	check_shm(IOMMU_LAZY, LAYOUT_SCATTERED, UINT64_MAX);
}

/* One domain, a 64-bit channel, then (deregistered) a 32-bit one: every
 * IOVA of the second lies below 4 GiB, though the processor's caches are
 * full of the first one's high ranges (flushed into them), on the fast
 * path and the checked one. */
static void test_32bit_after_64bit(void **state)
{
	struct fx f;
	struct hal_constraints c = { .address_limit = 1ull << 32, .max_mapping = 65536,
				     .max_elements = 17 };
	struct hal_adapter *a32;
	SCATTER_GATHER_ELEMENT e[8];
	struct hal_resources res[40];
	struct sg_plan p;
	PSCATTER_GATHER_LIST l;
	uint64_t bytes;
	uint32_t n;
	PMDL m;

	(void)state;
	fx_up(&f, IOMMU_LAZY, LAYOUT_SCATTERED, UINT64_MAX);
	m = mk_chain(&f, &bytes);
	for (int i = 0; i < 40; i++) {
		n = hal_sg_build_fast(f.a, m, bytes, true, e, 8, &res[i], NULL);
		assert_true(n >= 1);
		assert_true((uint64_t)e[0].Address.QuadPart >= 1ull << 32);
	}
	for (int i = 0; i < 40; i++)
		hal_sg_release(f.a, &res[i]);
	iommu_flush(f.d);   /* the high ranges now sit in the caches */
	hal_adapter_destroy(f.a);
	c.domain = f.d;
	assert_int_equal(hal_adapter_create(f.k, &c, &a32), 0);
	f.a = a32;
	for (int i = 0; i < 40; i++) {
		n = hal_sg_build_fast(f.a, m, bytes, true, e, 8, &res[i], NULL);
		assert_true(n >= 1);
		check_list(&f, m, bytes, e, n, true, 1ull << 32);
	}
	for (int i = 0; i < 40; i++)
		hal_sg_release(f.a, &res[i]);
	assert_int_equal(hal_sg_plan(f.a, m, bytes, &p), SG_BUILD_OK);
	l = calloc(1, sg_list_bytes(p.elements));
	assert_int_equal(hal_sg_reserve(f.a, &p, false, &res[0], NULL), HAL_RESERVED);
	hal_sg_commit(f.a, m, &p, &res[0], true, l);
	check_list(&f, m, bytes, l->Elements, l->NumberOfElements, true, 1ull << 32);
	hal_sg_release(f.a, &res[0]);
	free(l);
	iommu_flush(f.d);
	free_chain(m);
	fx_down(&f);
}

/* The fast build walks a chain one MDL at a time (backend_iommu.c
 * fast_walk); the checked path piece by piece.  Over random chains --
 * MDLs that start in the frame the one before ended in, empty MDLs, a
 * byte count short of or past the chain, a frame repeated inside an MDL
 * -- the fast build gives the checked path's list (the same elements at
 * the same offsets into the list's range) or leaves it to the checked
 * path (0, nothing held). */
static uint32_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*s >> 33);
}

static void test_fast_walk_is_checked_walk(void **state)
{
	struct fx f;
	SCATTER_GATHER_ELEMENT e[16];
	uint64_t seed = 42;
	uint32_t fast = 0, left_to_checked = 0;

	(void)state;
	fx_up(&f, IOMMU_LAZY, LAYOUT_SCATTERED, UINT64_MAX);
	for (int round = 0; round < 400; round++) {
		uint32_t nmdl = 1 + rnd(&seed) % 4, at = rnd(&seed) % (4 * PG);
		uint64_t total = 0, bytes;
		bool repeat = rnd(&seed) % 8 == 0, to_device = rnd(&seed) & 1;
		PMDL m = NULL, *tail = &m;
		struct hal_resources res, res2;
		struct sg_plan p;
		uint32_t n;

		for (uint32_t i = 0; i < nmdl; i++) {
			uint32_t kind = rnd(&seed) % 4;
			uint32_t len = kind == 0 ? 0 : kind == 1 ? 1 + rnd(&seed) % 200 :
				       1 + rnd(&seed) % (3 * PG);

			if (at + len > BUF_PAGES * PG)
				at = rnd(&seed) % (4 * PG);
			*tail = mk_mdl(&f, at, len);
			tail = &(*tail)->Next;
			total += len;
			/* next: where this one ended (same frame), or elsewhere */
			at = rnd(&seed) % 3 ? at + len : rnd(&seed) % (12 * PG);
		}
		if (repeat && m->ByteCount + (m->ByteOffset & (PG - 1)) > PG)
			MmGetMdlPfnArray(m)[1] = MmGetMdlPfnArray(m)[0];
		else
			repeat = false;
		bytes = rnd(&seed) % 5 ? total : 1 + rnd(&seed) % (total + 100);
		n = hal_sg_build_fast(f.a, m, bytes, to_device, e, 16, &res, &list_caller);
		if (hal_sg_plan(f.a, m, bytes, &p) != SG_BUILD_OK) {
			assert_int_equal(n, 0);   /* a short chain, nothing to map */
			assert_false(hal_resources_held(res));
			free_chain(m);
			continue;
		}
		/* a frame repeated inside the bytes mapped: the checked path's */
		if (repeat && (m->ByteOffset & (PG - 1)) +
			      (bytes < m->ByteCount ? bytes : m->ByteCount) > PG)
			assert_int_equal(n, 0);
		if (n) {
			PSCATTER_GATHER_LIST l = calloc(1, sg_list_bytes(p.elements));
			uint64_t base = (uint64_t)res.regs << 12;

			assert_int_equal(p.elements, n);
			assert_int_equal(hal_sg_reserve(f.a, &p, false, &res2, &list_caller),
					 HAL_RESERVED);
			hal_sg_commit(f.a, m, &p, &res2, to_device, l);
			assert_int_equal(l->NumberOfElements, n);
			for (uint32_t i = 0; i < n; i++) {
				assert_int_equal((uint64_t)e[i].Address.QuadPart - base,
						 (uint64_t)l->Elements[i].Address.QuadPart -
						 ((uint64_t)res2.regs << 12));
				assert_int_equal(e[i].Length, l->Elements[i].Length);
			}
			if (!repeat) {   /* a repeated frame's bytes are not the VA's */
				check_list(&f, m, bytes, e, n, to_device, UINT64_MAX);
				check_list(&f, m, bytes, l->Elements, n, to_device, UINT64_MAX);
			}
			hal_sg_end(f.a, &res, to_device);
			hal_sg_end(f.a, &res2, to_device);
			free(l);
			fast++;
		} else {
			assert_false(hal_resources_held(res));
			left_to_checked++;
		}
		free_chain(m);
	}
	assert_true(fast > 200);
	assert_true(left_to_checked > 10);
	iommu_flush(f.d);
	fx_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sg_strict_high_32bit),
		cmocka_unit_test(test_sg_lazy_mixed_32bit),
		cmocka_unit_test(test_sg_lazy_scattered_64bit),
		cmocka_unit_test(test_sg_element_count),
		cmocka_unit_test(test_shm_strict_high),
		cmocka_unit_test(test_shm_lazy_mixed),
		cmocka_unit_test(test_shm_lazy_64bit),
		cmocka_unit_test(test_32bit_after_64bit),
		cmocka_unit_test(test_fast_walk_is_checked_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
