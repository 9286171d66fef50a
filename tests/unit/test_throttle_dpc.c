/* test_throttle_dpc.c — the NDIS 6.20+ MiniportInterruptDPC receive
 * throttle (issue 11, facts §6.10, src/ndis/interrupt.c) on a runtime
 * adapter with the virtio-net device's interrupt line: the DPC gets
 * NDIS_RECEIVE_THROTTLE_PARAMETERS with MaxNblsToIndicate = the machine's
 * receive_throttle; MoreNblsPending runs it again without an interrupt
 * until the work is done; a DPC that indicates past its budget is counted;
 * a 6.1 miniport's DPC gets pointers to zeroed reserved ULONGs and is never
 * run again on its own.
 */
#include <time.h>

#include "device/device.h"
#include "runtime_miniport.h"

static struct {
	atomic_int runs;
	atomic_int pending;            /* NBLs "on the device" */
	atomic_uint budget_seen;
	atomic_uint reserved_seen;     /* 6.1: *NdisReserved1 */
	atomic_int trouble;            /* no assert off the test thread */
	bool greedy;                   /* indicate everything, ignore the budget */
	bool old_style;                /* a 6.1 miniport */
	NDIS_HANDLE pool;
	NDIS_HANDLE adapter;
} th;

static BOOLEAN t_isr(NDIS_HANDLE ctx, PBOOLEAN queue_dpc, PULONG targets)
{
	(void)ctx;
	(void)targets;
	*queue_dpc = TRUE;
	return TRUE;
}

/* Indicates n NBLs in one call; they are ours again when it returns. */
static void indicate(int n)
{
	PNET_BUFFER_LIST chain = NULL;

	for (int i = 0; i < n; i++) {
		PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(th.pool, 0, 0);

		if (nbl == NULL) {
			atomic_fetch_add(&th.trouble, 1);
			break;
		}
		NET_BUFFER_LIST_NEXT_NBL(nbl) = chain;
		chain = nbl;
	}
	NdisMIndicateReceiveNetBufferLists(th.adapter, chain, NDIS_DEFAULT_PORT_NUMBER, (ULONG)n,
					   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL |
					   NDIS_RECEIVE_FLAGS_RESOURCES);
	while (chain) {
		PNET_BUFFER_LIST next = NET_BUFFER_LIST_NEXT_NBL(chain);

		NdisFreeNetBufferList(chain);
		chain = next;
	}
}

static VOID t_dpc(NDIS_HANDLE ctx, PVOID dpc_ctx, PVOID third, PVOID fourth)
{
	int pending = atomic_load(&th.pending), n;

	(void)ctx;
	(void)dpc_ctx;
	if (th.old_style) {   /* NdisReserved1 / NdisReserved2 */
		atomic_store(&th.reserved_seen, *(PULONG)third);
		if (fourth == NULL)
			atomic_fetch_add(&th.trouble, 1);
		indicate(pending);
		atomic_store(&th.pending, 0);
	} else {
		PNDIS_RECEIVE_THROTTLE_PARAMETERS tp = third;

		atomic_store(&th.budget_seen, tp->MaxNblsToIndicate);
		n = th.greedy || (ULONG)pending < tp->MaxNblsToIndicate ? pending
									 : (int)tp->MaxNblsToIndicate;
		indicate(n);
		atomic_store(&th.pending, pending - n);
		tp->MoreNblsPending = pending - n > 0;
	}
	atomic_fetch_add(&th.runs, 1);
}

static void set_old_style(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->MinorNdisVersion = 1;
}

struct fx {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_HANDLE ih;
};

static void up(struct fx *f, uint32_t throttle, bool old_style)
{
	struct ndisdma_adapter_params p = { .name = "vnet", .device = "virtio-net" };
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c;
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	struct ndisdma_config cfg;
	char err[256];

	memset(&th, 0, sizeof(th));
	tm_reset();
	th.old_style = old_style;
	tm_cfg.mutate = old_style ? set_old_style : NULL;
	ndisdma_config_init(&cfg);
	cfg.receive_throttle = throttle;
	assert_int_equal(ndisdma_machine_create(&cfg, &f->m, err, sizeof(err)), 0);
	ndisdma_thread_enter(f->m);
	assert_int_equal(ndisdma_driver_load_builtin(f->m, "tm", tm_driver_entry, &f->d, err,
						     sizeof(err)), 0);
	assert_int_equal(ndisdma_adapter_initialize(f->d, &p, &f->a, err, sizeof(err)), 0);
	th.adapter = f->a->na.handle;
	memset(&pp, 0, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	th.pool = NdisAllocateNetBufferListPool(NULL, &pp);
	assert_non_null(th.pool);
	memset(&c, 0, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	c.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	c.InterruptHandler = t_isr;
	c.InterruptDpcHandler = t_dpc;
	assert_int_equal(NdisMRegisterInterruptEx(f->a->na.handle, &th, &c, &f->ih),
			 NDIS_STATUS_SUCCESS);
}

/* One interrupt with `pending` NBLs of work; returns when the DPCs ran
 * `runs` times (and nothing more is queued). */
static void interrupt(struct fx *f, int pending, int runs)
{
	struct timespec ts = { 0, 500000 };

	atomic_store(&th.pending, pending);
	atomic_store(&th.runs, 0);
	device_irq_raise(f->a->na.device);
	for (int i = 0; i < 8000 && atomic_load(&th.runs) < runs; i++)
		nanosleep(&ts, NULL);
	kernel_flush(f->m->k);
	assert_int_equal(atomic_load(&th.runs), runs);
	assert_int_equal(atomic_load(&th.pending), 0);
	assert_int_equal(atomic_load(&th.trouble), 0);
}

static void down(struct fx *f)
{
	struct ndisdma_pools p;

	NdisMDeregisterInterruptEx(f->ih);
	NdisFreeNetBufferListPool(th.pool);
	ndisdma_adapter_halt(f->a);
	ndisdma_driver_unload(f->d);
	ndisdma_machine_pools(f->m, &p);
	assert_int_equal(ndisdma_report_count(f->m, NULL), 0);
	assert_int_equal(p.live_driver_resources, 0);
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(f->m);
}

static void test_budget_and_requeue(void **state)
{
	struct ndisdma_device_stats s;
	struct fx f;

	(void)state;
	up(&f, 4, false);
	interrupt(&f, 10, 3);   /* 4 + 4 + 2: two runs without an interrupt */
	ndisdma_adapter_device_stats(f.a, &s);
	assert_int_equal(atomic_load(&th.budget_seen), 4);
	assert_int_equal(s.throttle_budget, 4);
	assert_int_equal(s.dpc_requeues, 2);
	assert_int_equal(s.dpc_nbls_indicated, 10);
	assert_int_equal(s.throttle_exceeded, 0);
	assert_int_equal(s.isr_calls, 1);
	down(&f);
}

static void test_default_budget_and_over_budget(void **state)
{
	struct ndisdma_device_stats s;
	struct fx f;

	(void)state;
	up(&f, 0, false);   /* the runtime's default, 64 */
	th.greedy = true;
	interrupt(&f, 70, 1);
	ndisdma_adapter_device_stats(f.a, &s);
	assert_int_equal(atomic_load(&th.budget_seen), 64);
	assert_int_equal(s.throttle_exceeded, 1);   /* counted, not reported */
	assert_int_equal(s.dpc_requeues, 0);
	down(&f);
}

static void test_indicate_all(void **state)
{
	struct ndisdma_device_stats s;
	struct fx f;

	(void)state;
	up(&f, 0xFFFFFFFFu, false);
	th.greedy = true;
	interrupt(&f, 300, 1);
	ndisdma_adapter_device_stats(f.a, &s);
	assert_int_equal(atomic_load(&th.budget_seen), NDIS_INDICATE_ALL_NBLS);
	assert_int_equal(s.throttle_exceeded, 0);
	down(&f);
}

static void test_ndis61_dpc(void **state)
{
	struct ndisdma_device_stats s;
	struct fx f;

	(void)state;
	up(&f, 4, true);
	atomic_store(&th.reserved_seen, 77);
	interrupt(&f, 10, 1);   /* all at once; never run again on its own */
	ndisdma_adapter_device_stats(f.a, &s);
	assert_int_equal(atomic_load(&th.reserved_seen), 0);
	assert_int_equal(s.throttle_budget, 0);   /* not a 6.20 driver */
	assert_int_equal(s.dpc_requeues, 0);
	assert_int_equal(s.dpc_nbls_indicated, 0);
	down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_and_requeue),
		cmocka_unit_test(test_default_budget_and_over_budget),
		cmocka_unit_test(test_indicate_all),
		cmocka_unit_test(test_ndis61_dpc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
