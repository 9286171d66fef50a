/* test_sg_list_threads.c — two threads allocate and free on one channel
 * (spec §5: per-channel state shared by allocate and free is lock-free):
 * the fast path, and a 32-bit channel with a tiny map register pool and
 * stress defer, where deliveries from the DPC race with frees.  No lost
 * or doubled callback; everything back at baseline.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "ndis/sg_list_internal.h"

struct worker {
	struct th *t;
	NDIS_HANDLE dma;
	ULONG sgsize;
	int rounds;
	bool wait_callback;
	PMDL mdl[2];
	char *buf;
	NET_BUFFER nb;
	_Atomic int calls;
	PSCATTER_GATHER_LIST _Atomic list;
	int failures;
};

static VOID process_sg(PDEVICE_OBJECT pdo, PVOID reserved,
		       PSCATTER_GATHER_LIST sgl, PVOID ctx)
{
	struct worker *w = ctx;

	atomic_store(&w->list, sgl);
	atomic_fetch_add(&w->calls, 1);
}

static void *run(void *arg)
{
	struct worker *w = arg;
	char *sgbuf = calloc(1, w->sgsize);

	kernel_enter(w->t->k);
	kernel_set_irql(KIRQL_DISPATCH);
	for (int i = 0; i < w->rounds; i++) {
		PSCATTER_GATHER_LIST l;

		atomic_store(&w->list, NULL);
		if (NdisMAllocateNetBufferSGList(w->dma, &w->nb, w, 0, sgbuf,
						 w->sgsize) != NDIS_STATUS_SUCCESS) {
			w->failures++;
			continue;
		}
		/* Deferred: the DPC thread delivers.  Spin a little, then
		 * sleep, so two waiting workers never starve the DPC thread
		 * on a small, loaded machine. */
		for (int spins = 0; !(l = atomic_load(&w->list)); spins++) {
			if (spins < 64)
				sched_yield();
			else
				usleep(20);
		}
		NdisMFreeNetBufferSGList(w->dma, l, &w->nb);
	}
	kernel_set_irql(KIRQL_PASSIVE);
	free(sgbuf);
	return NULL;
}

static void mk_worker(struct th *t, struct worker *w, NDIS_HANDLE dma,
		      ULONG sgsize, int rounds)
{
	memset(w, 0, sizeof(*w));
	w->t = t;
	w->dma = dma;
	w->sgsize = sgsize;
	w->rounds = rounds;
	w->buf = aligned_alloc(4096, 8192);
	w->mdl[0] = NdisAllocateMdl(t->adapter_handle, w->buf + 50, 600);
	w->mdl[1] = NdisAllocateMdl(t->adapter_handle, w->buf + 4000, 914);
	w->mdl[0]->Next = w->mdl[1];
	w->nb.MdlChain = w->nb.CurrentMdl = w->mdl[0];
	w->nb.DataLength = 1514;
}

static void free_worker(struct worker *w)
{
	NdisFreeMdl(w->mdl[0]);
	NdisFreeMdl(w->mdl[1]);
	free(w->buf);
}

static void scenario(bool bits64, enum platform_layout layout, unsigned stress,
		     uint32_t cap, int rounds)
{
	struct th t;
	struct th_options o;
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_HANDLE dma;
	struct worker w[2];
	pthread_t th[2];

	th_default_options(&o);
	o.layout = layout;
	o.stress = stress;
	o.map_register_cap = cap;
	o.sched_mode = KSCHED_THREADS;   /* the 2-thread stress: real concurrency */
	th_setup(&t, &o);
	memset(&d, 0, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.Flags = bits64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	d.MaximumPhysicalMapping = 4096;
	d.ProcessSGListHandler = process_sg;
	th_begin_init(&t);
	assert_int_equal(NdisMRegisterScatterGatherDma(t.adapter_handle, &d, &dma),
			 NDIS_STATUS_SUCCESS);
	th_end_init(&t);
	for (int i = 0; i < 2; i++)
		mk_worker(&t, &w[i], dma, d.ScatterGatherListSize, rounds);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, run, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	kernel_flush(t.k);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(w[i].failures, 0);
		assert_int_equal(atomic_load(&w[i].calls), rounds);
	}
	assert_int_equal(sg_records_live(t.adapter.dma->lists), 0);
	assert_int_equal(atomic_load(&t.adapter.dma->lists->q_count), 0);
	NdisMDeregisterScatterGatherDma(dma);
	for (int i = 0; i < 2; i++)
		free_worker(&w[i]);
	th_teardown(&t);
}

#ifdef NDISDMA_SANITIZER
#define FAST_ROUNDS 20000     /* sanitizers are ~20x slower */
#define BOUNCE_ROUNDS 1000
#else
#define FAST_ROUNDS 250000
#define BOUNCE_ROUNDS 5000
#endif

static void test_fast_path_two_threads(void **state)
{
	/* 2 threads x 250k allocate + free = 10^6 operations */
	scenario(true, LAYOUT_MIXED, 0, 0, FAST_ROUNDS);
}

static void test_bounce_defer_two_threads(void **state)
{
	/* 3 registers: the two threads' lists (2 pages each) contend */
	scenario(false, LAYOUT_HIGH, KERNEL_STRESS_DEFER, 3, BOUNCE_ROUNDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_path_two_threads),
		cmocka_unit_test(test_bounce_defer_two_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
