/* test_mm.c — Mm (facts §2.3) on the sim platform: contiguous memory under
 * every constraint (the 32-bit limit, a low bound, a boundary multiple,
 * page alignment, failures), MmGetPhysicalAddress round trips through the
 * platform, exact-base frees, MDLs from IoAllocateMdl and MmInitializeMdl
 * filled by MmBuildMdlForNonPagedPool, and an SG list built over such an
 * MDL whose elements are the buffer's physical pages. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "wdm/wdm_pool.h"

#define PG 4096u
#define GB4 0x100000000ull

static PHYSICAL_ADDRESS pa_of(uint64_t v)
{
	PHYSICAL_ADDRESS p;

	p.QuadPart = (LONGLONG)v;
	return p;
}

static uint64_t phys(const void *va)
{
	return (uint64_t)MmGetPhysicalAddress((PVOID)va).QuadPart;
}

/* Every page of [va, va + n) physically after the previous one; returns
 * the first byte's address. */
static uint64_t contiguous_pa(struct th *t, const char *va, size_t n)
{
	uint64_t pa = phys(va);

	for (size_t off = 0; off < n; off += PG) {
		assert_int_equal(phys(va + off), pa + off);
		assert_ptr_equal(platform_pa_to_va(t->plat, pa + off), va + off);
	}
	return pa;
}

static void test_contiguous_limits(void **state)
{
	struct th_options o;
	struct th t;
	char *va;
	uint64_t pa;

	th_default_options(&o);
	o.layout = LAYOUT_HIGH;                 /* blocks prefer memory above 4 GiB */
	th_setup(&t, &o);
	va = MmAllocateContiguousMemory(3 * PG + 100, pa_of(~0ull));
	assert_non_null(va);
	assert_int_equal((uintptr_t)va % PG, 0);
	pa = contiguous_pa(&t, va, 4 * PG);
	assert_true(pa >= GB4);
	MmFreeContiguousMemory(va);
	/* a 32-bit device: every byte at or below 0xFFFFFFFF */
	va = MmAllocateContiguousMemory(16 * PG, pa_of(0xFFFFFFFFull));
	pa = contiguous_pa(&t, va, 16 * PG);
	assert_true(pa + 16 * PG - 1 <= 0xFFFFFFFFull);
	MmFreeContiguousMemory(va);
	/* a low bound */
	va = MmAllocateContiguousMemorySpecifyCache(2 * PG, pa_of(8 * GB4), pa_of(~0ull), pa_of(0),
						    MmNonCached);
	pa = contiguous_pa(&t, va, 2 * PG);
	assert_true(pa >= 8 * GB4);
	MmFreeContiguousMemory(va);
	/* nothing fits: low above high, a block larger than its boundary */
	assert_null(MmAllocateContiguousMemorySpecifyCache(PG, pa_of(GB4), pa_of(GB4 - 1), pa_of(0),
							   MmCached));
	assert_null(MmAllocateContiguousMemorySpecifyCache(3 * PG, pa_of(0), pa_of(~0ull),
							   pa_of(2 * PG), MmCached));
	assert_null(MmAllocateContiguousMemorySpecifyCache(PG, pa_of(0), pa_of(~0ull), pa_of(0),
							   MmMaximumCacheType));
	assert_null(MmAllocateContiguousMemory(0, pa_of(~0ull)));
	th_teardown(&t);
}

static void test_contiguous_boundary(void **state)
{
	enum { BLOCKS = 12 };
	char *va[BLOCKS];
	struct th t;

	th_setup(&t, NULL);                     /* contiguous layout: blocks in a row */
	for (int i = 0; i < BLOCKS; i++) {
		uint64_t pa;

		va[i] = MmAllocateContiguousMemorySpecifyCache(5 * PG, pa_of(0), pa_of(~0ull),
							       pa_of(0x10000), MmCached);
		assert_non_null(va[i]);
		pa = contiguous_pa(&t, va[i], 5 * PG);
		/* never crosses a 64 KiB multiple */
		assert_int_equal(pa / 0x10000, (pa + 5 * PG - 1) / 0x10000);
	}
	for (int i = 0; i < BLOCKS; i++)
		MmFreeContiguousMemory(va[i]);
	th_teardown(&t);
}

static void test_contiguous_contents_irql_frees(void **state)
{
	struct th_options o;
	struct th t;
	unsigned char *va;

	th_setup(&t, NULL);
	TH_AT_DISPATCH(va = MmAllocateContiguousMemory(100, pa_of(~0ull)));
	assert_non_null(va);
	for (int i = 0; i < 100; i++)
		assert_int_equal(va[i], POOL_FILL);      /* uninitialized: the pattern */
	MmFreeContiguousMemory(va + PG / 2);       /* not the base */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	ExFreePool(va);                           /* not pool */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	const struct vf_record *r = vf_record_at(t.vf, vf_stored(t.vf) - 1);
	assert_non_null(strstr(r->message, "free it with MmFreeContiguousMemory"));
	TH_AT_DISPATCH(MmFreeContiguousMemory(va));
	MmFreeContiguousMemory(va);               /* twice */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	kernel_set_irql(KIRQL_DEVICE);
	assert_null(MmAllocateContiguousMemory(PG, pa_of(~0ull)));
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);

	th_default_options(&o);
	o.fault.mode = FAULT_NTH;
	o.fault.nth = 1;
	th_setup(&t, &o);
	assert_null(MmAllocateContiguousMemory(PG, pa_of(~0ull)));
	assert_string_equal(t.k->last_fault_site, "mm.contiguous");
	th_teardown(&t);
}

static void test_physical_address(void **state)
{
	struct th t;
	char *pool, *page;
	uint64_t pa;

	th_setup(&t, NULL);
	pool = ExAllocatePoolWithTag(NonPagedPool, 3 * PG, 'tseT');
	pa = phys(pool + 10);
	assert_int_not_equal(pa, 0);
	assert_int_equal(pa & (PG - 1), ((uintptr_t)pool + 10) & (PG - 1));
	assert_ptr_equal(platform_pa_to_va(t.plat, pa), pool + 10);   /* round trip */
	assert_int_equal(phys(pool + 10), pa);                        /* stable */
	ExFreePool(pool);
	assert_int_equal(phys(NULL), 0);
	page = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(page != MAP_FAILED);
	munmap(page, PG);
	assert_int_equal(phys(page + 8), 0);                           /* not mapped */
	th_teardown(&t);
}

static void test_mdl_from_io_allocate(void **state)
{
	struct th_options o;
	struct th t;
	char *buf;
	PMDL m;
	PPFN_NUMBER pfn;

	th_default_options(&o);
	o.layout = LAYOUT_SCATTERED;            /* every page its own frame */
	th_setup(&t, &o);
	buf = ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PG, 'tseT');
	m = IoAllocateMdl(buf + 100, 2 * PG + 50, FALSE, FALSE, NULL);
	assert_non_null(m);
	assert_int_equal(m->Size, MmSizeOfMdl(buf + 100, 2 * PG + 50));
	assert_ptr_equal(m->StartVa, PAGE_ALIGN(buf + 100));
	assert_int_equal(m->ByteOffset, BYTE_OFFSET(buf + 100));
	assert_int_equal(MmGetMdlByteCount(m), 2 * PG + 50);
	assert_ptr_equal(MmGetMdlVirtualAddress(m), buf + 100);
	assert_null(m->Next);
	assert_true(m->MdlFlags & MDL_ALLOCATED_FIXED_SIZE);
	pfn = MmGetMdlPfnArray(m);
	assert_int_equal(pfn[0], 0);                        /* not built yet */
	MmBuildMdlForNonPagedPool(m);
	assert_true(m->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL);
	assert_ptr_equal(MmGetSystemAddressForMdlSafe(m, NormalPagePriority), buf + 100);
	for (ULONG i = 0; i < ADDRESS_AND_SIZE_TO_SPAN_PAGES(buf + 100, 2 * PG + 50); i++)
		assert_int_equal(pfn[i], phys((char *)m->StartVa + i * PG) >> PAGE_SHIFT);
	IoFreeMdl(m);
	/* the documented failures */
	assert_null(IoAllocateMdl(buf, 0, FALSE, FALSE, NULL));
	assert_null(IoAllocateMdl(buf, PG, FALSE, FALSE, (PIRP)(void *)&t));
	IoFreeMdl((PMDL)(void *)buf);                       /* pool, not an MDL */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	ExFreePool(buf);
	th_teardown(&t);

	th_default_options(&o);
	o.fault.mode = FAULT_NTH;
	o.fault.nth = 1;
	th_setup(&t, &o);
	assert_null(IoAllocateMdl(&o, sizeof(o), FALSE, FALSE, NULL));
	assert_string_equal(t.k->last_fault_site, "mm.mdl");
	th_teardown(&t);
}

static void test_mdl_in_caller_storage(void **state)
{
	static char data[PG * 2];
	union {
		MDL mdl;
		char bytes[sizeof(MDL) + 3 * sizeof(PFN_NUMBER)];
	} storage;
	PMDL m = &storage.mdl;
	struct th t;

	th_setup(&t, NULL);
	assert_true(MmSizeOfMdl(data + 10, PG + 20) <= sizeof(storage));
	MmInitializeMdl(m, data + 10, PG + 20);
	assert_int_equal(m->Size, MmSizeOfMdl(data + 10, PG + 20));
	assert_int_equal(m->ByteCount, PG + 20);
	assert_int_equal(m->MdlFlags, 0);
	MmBuildMdlForNonPagedPool(m);
	assert_int_equal(MmGetMdlPfnArray(m)[0], phys(PAGE_ALIGN(data + 10)) >> PAGE_SHIFT);
	/* Size too small for the buffer: reported, nothing written */
	MmInitializeMdl(m, data, PG);
	m->ByteCount = 3 * PG;
	MmBuildMdlForNonPagedPool(m);
	th_expect(&t, VF_HANDLE, 1);
	th_teardown(&t);
}

/* ---- an SG list over an MDL the driver built ------------------------------ */

static PSCATTER_GATHER_LIST delivered;

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID reserved, PSCATTER_GATHER_LIST sgl, PVOID ctx)
{
	delivered = sgl;
}

static void test_sg_list_over_built_mdl(void **state)
{
	struct th_options o;
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE dma = NULL;
	NET_BUFFER nb;
	struct th t;
	char *buf;
	PMDL m;
	ULONG len = 2 * PG + 300;

	th_default_options(&o);
	o.layout = LAYOUT_SCATTERED;
	th_setup(&t, &o);
	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	d.MaximumPhysicalMapping = 65536;
	d.ProcessSGListHandler = process_sg;
	th_begin_init(&t);
	assert_int_equal(NdisMRegisterScatterGatherDma(t.adapter_handle, &d, &dma),
			 NDIS_STATUS_SUCCESS);
	th_end_init(&t);

	buf = ExAllocatePoolWithTag(NonPagedPoolNx, 3 * PG, 'tseT');
	m = IoAllocateMdl(buf + 200, len, FALSE, FALSE, NULL);
	MmBuildMdlForNonPagedPool(m);
	memset(&nb, 0, sizeof(nb));
	nb.MdlChain = nb.CurrentMdl = m;
	nb.DataLength = len;
	delivered = NULL;
	TH_AT_DISPATCH(assert_int_equal(NdisMAllocateNetBufferSGList(dma, &nb, NULL, 0, NULL, 0),
					NDIS_STATUS_SUCCESS));
	kernel_flush(t.k);
	assert_non_null(delivered);
	/* every element is the physical address of its piece of the buffer */
	ULONG covered = 0;
	for (ULONG i = 0; i < delivered->NumberOfElements; i++) {
		PSCATTER_GATHER_ELEMENT e = &delivered->Elements[i];

		assert_int_equal((uint64_t)e->Address.QuadPart, phys(buf + 200 + covered));
		covered += e->Length;
	}
	assert_int_equal(covered, len);
	assert_true(delivered->NumberOfElements >= 2);     /* scattered pages */
	TH_AT_DISPATCH(NdisMFreeNetBufferSGList(dma, delivered, &nb));
	NdisMDeregisterScatterGatherDma(dma);
	IoFreeMdl(m);
	ExFreePool(buf);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contiguous_limits),
		cmocka_unit_test(test_contiguous_boundary),
		cmocka_unit_test(test_contiguous_contents_irql_frees),
		cmocka_unit_test(test_physical_address),
		cmocka_unit_test(test_mdl_from_io_allocate),
		cmocka_unit_test(test_mdl_in_caller_storage),
		cmocka_unit_test(test_sg_list_over_built_mdl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
