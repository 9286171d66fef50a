/* test_deregister.c — NdisMDeregisterScatterGatherDma (spec §8): stale,
 * double, garbage, wrong-type and foreign handles (HANDLE, no effect), the
 * IRQL rule, shared memory leaks reported with their allocation site and
 * reclaimed, pending async allocations completed before it returns and
 * never after, and sg_channel_destroy for the runtime's HALT-DMA-LEAK path. */
#include "harness.h"

#include <string.h>

#include "ndis/sg_dma.h"
#include "ndisdma/ndisdma.h"

#define PG PLATFORM_PAGE_SIZE

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID reserved,
		       PSCATTER_GATHER_LIST sgl, PVOID context)
{
}

static int completions;
static PVOID completed_va;
static pthread_t completed_on;

static VOID shm_complete(NDIS_HANDLE adapter_context, PVOID va,
			 PNDIS_PHYSICAL_ADDRESS pa, ULONG length, PVOID context)
{
	completions++;
	completed_va = va;
	completed_on = pthread_self();
}

static NDIS_HANDLE register_dma(struct th *t)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE h = NULL;

	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_2;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2;
	d.MaximumPhysicalMapping = 16384;
	d.ProcessSGListHandler = process_sg;
	d.SharedMemAllocateCompleteHandler = shm_complete;
	assert_int_equal(NdisMRegisterScatterGatherDma(t->adapter_handle, &d, &h),
			 NDIS_STATUS_SUCCESS);
	completions = 0;
	completed_va = (PVOID)1;
	return h;
}

static void test_stale_and_double(void **state)
{
	struct th t;

	th_setup(&t, NULL);
	th_begin_init(&t);
	NDIS_HANDLE h = register_dma(&t);
	NdisMDeregisterScatterGatherDma(h);
	assert_null(t.adapter.dma);
	th_assert_reports(&t);
	NdisMDeregisterScatterGatherDma(h);            /* double */
	th_expect(&t, VF_HANDLE, 1);
	/* a new channel does not make the old handle valid again */
	NDIS_HANDLE h2 = register_dma(&t);
	assert_ptr_not_equal(h2, h);
	NdisMDeregisterScatterGatherDma(h);
	th_expect(&t, VF_HANDLE, 1);
	assert_non_null(t.adapter.dma);                /* no effect */
	NdisMDeregisterScatterGatherDma(h2);
	assert_null(t.adapter.dma);
	th_end_init(&t);
	th_teardown(&t);
}

static void test_garbage_and_wrong_type(void **state)
{
	struct th t;
	int local;

	th_setup(&t, NULL);
	th_begin_init(&t);
	NDIS_HANDLE h = register_dma(&t);
	NdisMDeregisterScatterGatherDma(NULL);
	NdisMDeregisterScatterGatherDma(&local);
	NdisMDeregisterScatterGatherDma((NDIS_HANDLE)(uintptr_t)0xFFFFFFFFFFFFFFF0ull);
	NdisMDeregisterScatterGatherDma(t.adapter_handle);   /* an adapter handle */
	/* a corrupted copy of the real handle */
	NdisMDeregisterScatterGatherDma((NDIS_HANDLE)((uintptr_t)h ^ (1ull << 40)));
	th_expect(&t, VF_HANDLE, 5);
	assert_non_null(t.adapter.dma);
	NdisMDeregisterScatterGatherDma(h);
	th_end_init(&t);
	th_teardown(&t);
}

/* a DMA handle of another machine, used on this one */
static void test_foreign_handle(void **state)
{
	struct th a, b;

	th_setup(&a, NULL);
	th_begin_init(&a);
	NDIS_HANDLE ha = register_dma(&a);
	th_setup(&b, NULL);          /* this thread now works for machine b */
	th_begin_init(&b);
	NDIS_HANDLE hb = register_dma(&b);
	NdisMDeregisterScatterGatherDma(ha);
	th_expect(&b, VF_HANDLE, 1);
	assert_non_null(a.adapter.dma);
	NdisMDeregisterScatterGatherDma(hb);
	th_end_init(&b);
	th_teardown(&b);             /* back to machine a */
	NdisMDeregisterScatterGatherDma(ha);
	assert_null(a.adapter.dma);
	th_end_init(&a);
	th_teardown(&a);
}

static void test_irql(void **state)
{
	struct th t;

	th_setup(&t, NULL);
	th_begin_init(&t);
	NDIS_HANDLE h = register_dma(&t);
	TH_AT_DISPATCH(NdisMDeregisterScatterGatherDma(h));
	th_expect(&t, VF_IRQL, 1);
	assert_non_null(t.adapter.dma);            /* refused: still registered */
	NdisMDeregisterScatterGatherDma(h);
	assert_null(t.adapter.dma);
	th_end_init(&t);
	th_teardown(&t);
}

static void test_shm_leaks_reported_and_reclaimed(void **state)
{
	struct th t;
	PVOID va[3];
	NDIS_PHYSICAL_ADDRESS pa[3];
	struct platform_stats s;

	th_setup(&t, NULL);
	th_begin_init(&t);
	NDIS_HANDLE h = register_dma(&t);
	for (int i = 0; i < 3; i++) {
		NdisMAllocateSharedMemory(t.adapter_handle, (ULONG)(i + 1) * PG, TRUE,
					  &va[i], &pa[i]);
		assert_non_null(va[i]);
	}
	NdisMFreeSharedMemory(t.adapter_handle, 2 * PG, TRUE, va[1], pa[1]);
	size_t before = vf_stored(t.vf);
	NdisMDeregisterScatterGatherDma(h);
	th_expect(&t, VF_DEREG_SHM_LEAK, 2);
	/* each report names the block and where it was allocated */
	for (size_t i = 0; i < 2; i++) {
		const struct vf_record *r = vf_record_at(t.vf, before + i);
		assert_int_equal(r->rule, VF_DEREG_SHM_LEAK);
		assert_true(r->facts.has_address);
		assert_true(r->facts.address == (uint64_t)pa[0].QuadPart ||
			    r->facts.address == (uint64_t)pa[2].QuadPart);
		assert_non_null(r->facts.alloc_site);
		assert_ptr_equal(r->facts.handle, h);
	}
	platform_get_stats(t.plat, &s);
	assert_int_equal(s.contiguous_blocks, 0);
	assert_null(platform_pa_to_va(t.plat, (uint64_t)pa[0].QuadPart));
	assert_null(t.adapter.dma);
	th_end_init(&t);
	th_teardown(&t);
}

/* ---- async requests at deregistration --------------------------------- */

/* Runs on the work thread: two async requests queue up behind it, then
 * the channel is deregistered before either could run. */
struct dereg_work {
	struct kqueue_item item;
	NDIS_HANDLE dma;
	NDIS_STATUS first, second;
	int completions_at_return;
};

static void dereg_fn(struct kqueue_item *item)
{
	struct dereg_work *w = (struct dereg_work *)item;
	static int ctx;

	w->first = NdisMAllocateSharedMemoryAsyncEx(w->dma, PG, TRUE, &ctx);
	w->second = NdisMAllocateSharedMemoryAsyncEx(w->dma, 3 * PG, TRUE, &ctx);
	NdisMDeregisterScatterGatherDma(w->dma);
	w->completions_at_return = completions;
}

static void test_pending_async_completed_once(void **state)
{
	struct th t;
	struct dereg_work w;

	th_setup(&t, NULL);
	th_begin_init(&t);
	memset(&w, 0, sizeof(w));
	w.dma = register_dma(&t);
	w.item.fn = dereg_fn;
	assert_true(kernel_queue_work(t.k, &w.item));
	kernel_flush(t.k);
	assert_int_equal(w.first, NDIS_STATUS_PENDING);
	assert_int_equal(w.second, NDIS_STATUS_PENDING);
	/* both ended inside the deregistration, with NULL, and exactly once:
	 * the queued work items fired nothing afterwards */
	assert_int_equal(w.completions_at_return, 2);
	assert_int_equal(completions, 2);
	assert_null(completed_va);
	assert_null(t.adapter.dma);
	th_end_init(&t);
	th_teardown(&t);
}

/* a completion handler that deregisters (on the work thread) */
static NDIS_HANDLE handler_dma;
static VOID complete_and_deregister(NDIS_HANDLE adapter_context, PVOID va,
				    PNDIS_PHYSICAL_ADDRESS pa, ULONG length,
				    PVOID context)
{
	completions++;
	completed_va = va;
	NdisMDeregisterScatterGatherDma(handler_dma);
}

static void test_deregister_from_completion(void **state)
{
	struct th t;
	NDIS_SG_DMA_DESCRIPTION d;

	th_setup(&t, NULL);
	th_begin_init(&t);
	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.MaximumPhysicalMapping = 4096;
	d.ProcessSGListHandler = process_sg;
	d.SharedMemAllocateCompleteHandler = complete_and_deregister;
	assert_int_equal(NdisMRegisterScatterGatherDma(t.adapter_handle, &d, &handler_dma),
			 NDIS_STATUS_SUCCESS);
	completions = 0;
	assert_int_equal(NdisMAllocateSharedMemoryAsyncEx(handler_dma, PG, TRUE, NULL),
			 NDIS_STATUS_PENDING);
	kernel_flush(t.k);
	assert_int_equal(completions, 1);
	assert_non_null(completed_va);
	/* the block it received was still allocated at deregistration */
	th_expect(&t, VF_DEREG_SHM_LEAK, 1);
	assert_null(t.adapter.dma);
	th_end_init(&t);
	th_teardown(&t);
}

/* the runtime's HALT-DMA-LEAK path deregisters through sg_channel_destroy */
static void test_channel_destroy(void **state)
{
	struct th t;
	PVOID va;
	NDIS_PHYSICAL_ADDRESS pa;

	th_setup(&t, NULL);
	th_begin_init(&t);
	NDIS_HANDLE h = register_dma(&t);
	NdisMAllocateSharedMemory(t.adapter_handle, PG, TRUE, &va, &pa);
	sg_channel_destroy(t.adapter.dma);
	th_expect(&t, VF_DEREG_SHM_LEAK, 1);
	assert_null(t.adapter.dma);
	NdisMDeregisterScatterGatherDma(h);            /* now stale */
	th_expect(&t, VF_HANDLE, 1);
	th_end_init(&t);
	th_teardown(&t);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * two machines on one thread (a handle of another machine): a
	 * thread is the host task of one scheduler only */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale_and_double),
		cmocka_unit_test(test_garbage_and_wrong_type),
		cmocka_unit_test(test_foreign_handle),
		cmocka_unit_test(test_irql),
		cmocka_unit_test(test_shm_leaks_reported_and_reclaimed),
		cmocka_unit_test(test_pending_async_completed_once),
		cmocka_unit_test(test_deregister_from_completion),
		cmocka_unit_test(test_channel_destroy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
