/* test_shared_memory.c — NdisMAllocateSharedMemory, NdisMFreeSharedMemory,
 * NdisMAllocateSharedMemoryAsyncEx (spec §7): every row, blocks page
 * aligned, contiguous through the bus (platform_pa_to_va of every page),
 * below 4 GiB on a 32-bit channel, zeroed or poisoned, exact-match free,
 * async completion at PASSIVE on the work thread with the right arguments. */
#include "harness.h"

#include <string.h>

#include "ndis/sg_dma.h"
#include "ndisdma/ndisdma.h"

#define PG PLATFORM_PAGE_SIZE

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID reserved,
		       PSCATTER_GATHER_LIST sgl, PVOID context)
{
}

/* what the async completion saw */
struct completion {
	int calls;
	NDIS_HANDLE adapter_context;
	PVOID va;
	uint64_t pa;
	ULONG length;
	PVOID context;
	uint8_t irql;
	uintptr_t kcontext;    /* kcontext_self() of the completion */
};

static struct completion done;

static VOID shm_complete(NDIS_HANDLE adapter_context, PVOID va,
			 PNDIS_PHYSICAL_ADDRESS pa, ULONG length, PVOID context)
{
	done.calls++;
	done.adapter_context = adapter_context;
	done.va = va;
	done.pa = pa ? (uint64_t)pa->QuadPart : UINT64_MAX;
	done.length = length;
	done.context = context;
	done.irql = kernel_irql();
	done.kcontext = kcontext_self();
}

static NDIS_HANDLE register_dma(struct th *t, ULONG flags, bool handler)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE h = NULL;

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = flags;
	d.MaximumPhysicalMapping = 65536;
	d.ProcessSGListHandler = process_sg;
	d.SharedMemAllocateCompleteHandler = handler ? shm_complete : NULL;
	assert_int_equal(NdisMRegisterScatterGatherDma(t->adapter_handle, &d, &h),
			 NDIS_STATUS_SUCCESS);
	memset(&done, 0, sizeof(done));
	return h;
}

static void start(struct th *t, const struct th_options *o, ULONG flags,
		  NDIS_HANDLE *dma)
{
	th_setup(t, o);
	th_begin_init(t);
	*dma = register_dma(t, flags, true);
}

static void finish(struct th *t, NDIS_HANDLE dma)
{
	NdisMDeregisterScatterGatherDma(dma);
	th_end_init(t);
	th_teardown(t);
}

static struct ndisdma_pools pools(struct th *t)
{
	struct ndisdma_pools p;

	memset(&p, 0, sizeof(p));
	shm_set_add_pools(t->adapter.dma, &p);
	return p;
}

/* page aligned, contiguous through the bus, below limit */
static void assert_block(struct th *t, void *va, uint64_t pa, ULONG length,
			 uint64_t limit)
{
	size_t pages = (length + PG - 1) / PG;

	assert_non_null(va);
	assert_int_equal((uintptr_t)va % PG, 0);
	assert_int_equal(pa % PG, 0);
	assert_true(pa + pages * PG <= limit);
	for (size_t i = 0; i < pages; i++)
		assert_ptr_equal(platform_pa_to_va(t->plat, pa + i * PG + 17),
				 (char *)va + i * PG + 17);
}

static void alloc_free_cycle(enum platform_layout layout, ULONG flags, uint64_t limit)
{
	static const ULONG lengths[] = { 1, 64, PG, PG + 1, 10000, 65536, 1 << 20 };
	struct th t;
	struct th_options o;
	NDIS_HANDLE dma;

	th_default_options(&o);
	o.layout = layout;
	start(&t, &o, flags, &dma);
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		PVOID va = (PVOID)1;
		NDIS_PHYSICAL_ADDRESS pa;

		NdisMAllocateSharedMemory(t.adapter_handle, lengths[i], TRUE, &va, &pa);
		assert_block(&t, va, (uint64_t)pa.QuadPart, lengths[i], limit);
		/* standard verifier: zeroed */
		for (ULONG b = 0; b < lengths[i]; b++)
			assert_int_equal(((unsigned char *)va)[b], 0);
		memset(va, 0x5C, lengths[i]);
		assert_int_equal(pools(&t).live_shared_blocks, 1);
		assert_int_equal(pools(&t).shared_bytes, lengths[i]);
		NdisMFreeSharedMemory(t.adapter_handle, lengths[i], TRUE, va, pa);
		assert_int_equal(pools(&t).live_shared_blocks, 0);
		assert_null(platform_pa_to_va(t.plat, (uint64_t)pa.QuadPart));
	}
	finish(&t, dma);
}

static void test_blocks_32bit_below_4g(void **state)
{
	for (int l = 0; l < LAYOUT_COUNT; l++)
		alloc_free_cycle((enum platform_layout)l, 0, PLATFORM_4GB);
}

static void test_blocks_64bit(void **state)
{
	for (int l = 0; l < LAYOUT_COUNT; l++)
		alloc_free_cycle((enum platform_layout)l, NDIS_SG_DMA_64_BIT_ADDRESS,
				 UINT64_MAX);
}

/* the high layout places a 64-bit device's blocks above 4 GiB, so a driver
 * truncating the address is caught; a 32-bit device's stay below */
static void test_high_layout_places_blocks(void **state)
{
	struct th t;
	struct th_options o;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;

	th_default_options(&o);
	o.layout = LAYOUT_HIGH;
	start(&t, &o, NDIS_SG_DMA_64_BIT_ADDRESS, &dma);
	NdisMAllocateSharedMemory(t.adapter_handle, 8192, FALSE, &va, &pa);
	assert_true((uint64_t)pa.QuadPart >= PLATFORM_4GB);
	NdisMFreeSharedMemory(t.adapter_handle, 8192, FALSE, va, pa);
	finish(&t, dma);
}

static void test_full_verifier_poisons(void **state)
{
	struct th t;
	struct th_options o;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;
	size_t zeroes = 0;

	th_default_options(&o);
	o.level = VF_LEVEL_FULL;
	start(&t, &o, 0, &dma);
	NdisMAllocateSharedMemory(t.adapter_handle, 3000, TRUE, &va, &pa);
	assert_non_null(va);
	for (int i = 0; i < 3000; i++)
		zeroes += ((unsigned char *)va)[i] == 0;
	assert_int_equal(zeroes, 0);
	NdisMFreeSharedMemory(t.adapter_handle, 3000, TRUE, va, pa);
	finish(&t, dma);
}

static void test_raised_irql(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va = (PVOID)1;
	NDIS_PHYSICAL_ADDRESS pa;

	start(&t, NULL, 0, &dma);
	pa.QuadPart = 77;
	TH_AT_DISPATCH(NdisMAllocateSharedMemory(t.adapter_handle, PG, TRUE, &va, &pa));
	th_expect(&t, VF_IRQL, 1);
	assert_null(va);
	assert_int_equal(pa.QuadPart, 0);
	kernel_set_irql(KIRQL_APC);
	va = (PVOID)1;
	NdisMAllocateSharedMemory(t.adapter_handle, PG, TRUE, &va, &pa);
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	assert_null(va);
	assert_int_equal(pools(&t).live_shared_blocks, 0);
	finish(&t, dma);
}

static void test_no_dma_channel(void **state)
{
	struct th t;
	PVOID va = (PVOID)1;
	NDIS_PHYSICAL_ADDRESS pa;

	th_setup(&t, NULL);
	th_begin_init(&t);
	NdisMAllocateSharedMemory(t.adapter_handle, PG, TRUE, &va, &pa);
	th_expect(&t, VF_SHM_NO_DMA, 1);
	assert_null(va);
	th_end_init(&t);
	th_teardown(&t);
}

static void test_zero_length_and_faults(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va = (PVOID)1;
	NDIS_PHYSICAL_ADDRESS pa;

	start(&t, NULL, 0, &dma);
	NdisMAllocateSharedMemory(t.adapter_handle, 0, TRUE, &va, &pa);
	assert_null(va);
	/* each internal allocation of the call fails once in turn */
	for (uint64_t nth = 1; nth <= 2; nth++) {
		t.k->config.fault.mode = FAULT_NTH;
		t.k->config.fault.nth = nth;
		atomic_store(&t.k->fault_counter, 0);
		va = (PVOID)1;
		NdisMAllocateSharedMemory(t.adapter_handle, PG, TRUE, &va, &pa);
		assert_null(va);
		assert_int_equal(pa.QuadPart, 0);
	}
	t.k->config.fault.mode = FAULT_NONE;
	assert_int_equal(pools(&t).live_shared_blocks, 0);
	/* an impossible size fails cleanly too */
	NdisMAllocateSharedMemory(t.adapter_handle, 0xFFFFFFFFu, TRUE, &va, &pa);
	assert_null(va);
	finish(&t, dma);
}

static void test_bad_adapter_handle(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va = (PVOID)1;
	NDIS_PHYSICAL_ADDRESS pa;

	start(&t, NULL, 0, &dma);
	NdisMAllocateSharedMemory(dma, PG, TRUE, &va, &pa);   /* DMA handle */
	th_expect(&t, VF_HANDLE, 1);
	assert_null(va);
	finish(&t, dma);
}

static void test_free_mismatch(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa, wrong;
	char local;

	start(&t, NULL, 0, &dma);
	NdisMAllocateSharedMemory(t.adapter_handle, 5000, TRUE, &va, &pa);
	assert_non_null(va);
	wrong.QuadPart = pa.QuadPart + PG;
	NdisMFreeSharedMemory(t.adapter_handle, 4096, TRUE, va, pa);      /* length */
	NdisMFreeSharedMemory(t.adapter_handle, 5000, FALSE, va, pa);     /* cached */
	NdisMFreeSharedMemory(t.adapter_handle, 5000, TRUE, va, wrong);   /* PA */
	NdisMFreeSharedMemory(t.adapter_handle, 5000, TRUE, (char *)va + 8, pa);
	NdisMFreeSharedMemory(t.adapter_handle, 5000, TRUE, &local, pa);  /* unknown */
	th_expect(&t, VF_SHM_FREE_MISMATCH, 5);
	/* a bad free changes nothing: the block is still live and usable */
	assert_int_equal(pools(&t).live_shared_blocks, 1);
	assert_ptr_equal(platform_pa_to_va(t.plat, (uint64_t)pa.QuadPart), va);
	const struct vf_record *r = vf_record_at(t.vf, vf_stored(t.vf) - 5);
	assert_int_equal(r->rule, VF_SHM_FREE_MISMATCH);
	assert_int_equal(r->facts.address, (uint64_t)pa.QuadPart);
	assert_non_null(r->facts.alloc_site);
	/* freeing at DISPATCH is allowed */
	TH_AT_DISPATCH(NdisMFreeSharedMemory(t.adapter_handle, 5000, TRUE, va, pa));
	assert_int_equal(pools(&t).live_shared_blocks, 0);
	th_assert_reports(&t);
	finish(&t, dma);
}

static void test_double_free(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;

	start(&t, NULL, 0, &dma);
	NdisMAllocateSharedMemory(t.adapter_handle, PG, FALSE, &va, &pa);
	NdisMFreeSharedMemory(t.adapter_handle, PG, FALSE, va, pa);
	th_assert_reports(&t);
	NdisMFreeSharedMemory(t.adapter_handle, PG, FALSE, va, pa);
	th_expect(&t, VF_SHM_DOUBLE_FREE, 1);
	NdisMFreeSharedMemory(t.adapter_handle, PG, FALSE, va, pa);
	th_expect(&t, VF_SHM_DOUBLE_FREE, 1);
	finish(&t, dma);
}

static void test_free_raised_irql(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;

	start(&t, NULL, 0, &dma);
	NdisMAllocateSharedMemory(t.adapter_handle, PG, FALSE, &va, &pa);
	kernel_set_irql(KIRQL_DEVICE);
	NdisMFreeSharedMemory(t.adapter_handle, PG, FALSE, va, pa);
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	assert_int_equal(pools(&t).live_shared_blocks, 1);
	NdisMFreeSharedMemory(t.adapter_handle, PG, FALSE, va, pa);
	finish(&t, dma);
}

/* ---- async ------------------------------------------------------------- */

static void test_async_completes_at_passive(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	int ctx;

	start(&t, NULL, 0, &dma);
	NDIS_STATUS st;
	TH_AT_DISPATCH(st = NdisMAllocateSharedMemoryAsyncEx(dma, 9000, TRUE, &ctx));
	assert_int_equal(st, NDIS_STATUS_PENDING);
	kernel_flush(t.k);
	assert_int_equal(done.calls, 1);
	assert_ptr_equal(done.adapter_context, t.adapter.context);
	assert_ptr_equal(done.context, &ctx);
	assert_int_equal(done.length, 9000);
	assert_int_equal(done.irql, KIRQL_PASSIVE);
	/* on the work item's context, not the caller's (a coroutine of the
	 * same host thread under the seeded scheduler) */
	assert_true(done.kcontext != kcontext_self());
	assert_block(&t, done.va, done.pa, 9000, PLATFORM_4GB);
	assert_int_equal(pools(&t).live_shared_blocks, 1);
	/* freed with the synchronous call, like any shared block */
	NDIS_PHYSICAL_ADDRESS pa;
	pa.QuadPart = (LONGLONG)done.pa;
	NdisMFreeSharedMemory(t.adapter_handle, 9000, TRUE, done.va, pa);
	assert_int_equal(pools(&t).live_shared_blocks, 0);
	finish(&t, dma);
}

static void test_async_failure_completes_null(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	int ctx;

	start(&t, NULL, 0, &dma);
	/* the block allocation (not the request) fails: completion with NULL */
	t.k->config.fault.mode = FAULT_NTH;
	t.k->config.fault.nth = 2;
	atomic_store(&t.k->fault_counter, 0);
	assert_int_equal(NdisMAllocateSharedMemoryAsyncEx(dma, PG, TRUE, &ctx),
			 NDIS_STATUS_PENDING);
	kernel_flush(t.k);
	t.k->config.fault.mode = FAULT_NONE;
	assert_int_equal(done.calls, 1);
	assert_null(done.va);
	assert_ptr_equal(done.context, &ctx);
	/* zero length: pending, completed with NULL */
	memset(&done, 0, sizeof(done));
	assert_int_equal(NdisMAllocateSharedMemoryAsyncEx(dma, 0, TRUE, &ctx),
			 NDIS_STATUS_PENDING);
	kernel_flush(t.k);
	assert_int_equal(done.calls, 1);
	assert_null(done.va);
	/* the request itself cannot be allocated: FAILURE, no completion */
	memset(&done, 0, sizeof(done));
	t.k->config.fault.mode = FAULT_NTH;
	t.k->config.fault.nth = 1;
	atomic_store(&t.k->fault_counter, 0);
	assert_int_equal(NdisMAllocateSharedMemoryAsyncEx(dma, PG, TRUE, &ctx),
			 NDIS_STATUS_FAILURE);
	t.k->config.fault.mode = FAULT_NONE;
	kernel_flush(t.k);
	assert_int_equal(done.calls, 0);
	finish(&t, dma);
}

static void test_async_refusals(void **state)
{
	struct th t;
	NDIS_HANDLE dma;
	int ctx;

	th_setup(&t, NULL);
	th_begin_init(&t);
	dma = register_dma(&t, 0, false);
	assert_int_equal(NdisMAllocateSharedMemoryAsyncEx(dma, PG, TRUE, &ctx),
			 NDIS_STATUS_FAILURE);
	th_expect(&t, VF_SHM_NO_HANDLER, 1);
	assert_int_equal(NdisMAllocateSharedMemoryAsyncEx(t.adapter_handle, PG, TRUE, &ctx),
			 NDIS_STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_HANDLE, 1);
	NdisMDeregisterScatterGatherDma(dma);
	dma = register_dma(&t, 0, true);
	kernel_set_irql(KIRQL_DEVICE);
	NDIS_STATUS st = NdisMAllocateSharedMemoryAsyncEx(dma, PG, TRUE, &ctx);
	kernel_set_irql(KIRQL_PASSIVE);
	assert_int_equal(st, NDIS_STATUS_FAILURE);
	th_expect(&t, VF_IRQL, 1);
	kernel_flush(t.k);
	assert_int_equal(done.calls, 0);
	finish(&t, dma);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_32bit_below_4g),
		cmocka_unit_test(test_blocks_64bit),
		cmocka_unit_test(test_high_layout_places_blocks),
		cmocka_unit_test(test_full_verifier_poisons),
		cmocka_unit_test(test_raised_irql),
		cmocka_unit_test(test_no_dma_channel),
		cmocka_unit_test(test_zero_length_and_faults),
		cmocka_unit_test(test_bad_adapter_handle),
		cmocka_unit_test(test_free_mismatch),
		cmocka_unit_test(test_double_free),
		cmocka_unit_test(test_free_raised_irql),
		cmocka_unit_test(test_async_completes_at_passive),
		cmocka_unit_test(test_async_failure_completes_null),
		cmocka_unit_test(test_async_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
