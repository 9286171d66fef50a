/* test_runtime_sync.c — IRQL, spin locks, events, time, work items,
 * timers, memory and configuration as a miniport calls them (spec §9, §13).
 */
#include "runtime_miniport.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct env {
	struct rt_fixture f;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	NDIS_HANDLE h;
};

static void env_up(struct env *e, const struct ndisdma_adapter_params *p)
{
	rt_fixture_setup(&e->f);
	e->d = tm_load(&e->f);
	e->a = tm_init(e->d, p);
	e->h = e->a->na.handle;
}

static void env_down(struct env *e)
{
	ndisdma_adapter_halt(e->a);
	ndisdma_driver_unload(e->d);
	rt_fixture_teardown(&e->f);
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- IRQL and spin locks ----------------------------------------------------- */

static void raise_and_lower(void **state)
{
	struct env e;
	KIRQL old = 7;

	(void)state;
	env_up(&e, NULL);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	assert_int_equal(old, PASSIVE_LEVEL);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeRaiseIrql(PASSIVE_LEVEL, &old);        /* lower by raising: IRQL */
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeLowerIrql(PASSIVE_LEVEL);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeLowerIrql(DISPATCH_LEVEL);             /* raise by lowering: IRQL */
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	NDIS_RAISE_IRQL_TO_DISPATCH(&old);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	NDIS_LOWER_IRQL(old, DISPATCH_LEVEL);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 2);
	e.f.expected_reports = 2;
	env_down(&e);
}

static void spin_lock_raises_and_restores(void **state)
{
	struct env e;
	NDIS_SPIN_LOCK l;
	KIRQL old;

	(void)state;
	env_up(&e, NULL);
	NdisAllocateSpinLock(&l);
	NdisAcquireSpinLock(&l);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	NdisReleaseSpinLock(&l);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	NdisAcquireSpinLock(&l);
	NdisReleaseSpinLock(&l);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);   /* restored to 2 */
	NdisDprAcquireSpinLock(&l);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	NdisDprReleaseSpinLock(&l);
	KeLowerIrql(old);
	assert_int_equal(ndisdma_report_count(e.f.m, NULL), 0);

	NdisDprAcquireSpinLock(&l);       /* at PASSIVE: IRQL */
	NdisDprReleaseSpinLock(&l);       /* and again */
	assert_int_equal(ndisdma_report_count(e.f.m, "IRQL"), 2);
	e.f.expected_reports = 2;
	NdisFreeSpinLock(&l);
	env_down(&e);
}

struct contention {
	struct ndisdma_machine *m;
	NDIS_SPIN_LOCK lock;
	long counter;
	LONG interlocked;
};

static void *contender(void *arg)
{
	struct contention *c = arg;

	ndisdma_thread_enter(c->m);
	for (int i = 0; i < 20000; i++) {
		NdisAcquireSpinLock(&c->lock);
		c->counter++;
		NdisReleaseSpinLock(&c->lock);
		NdisInterlockedIncrement(&c->interlocked);
	}
	ndisdma_thread_enter(NULL);
	return NULL;
}

static void spin_lock_excludes(void **state)
{
	struct contention c = { 0 };
	pthread_t t[3];
	struct env e;

	(void)state;
	env_up(&e, NULL);
	c.m = e.f.m;
	NdisAllocateSpinLock(&c.lock);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, contender, &c);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(c.counter, 60000);
	assert_int_equal(c.interlocked, 60000);
	assert_int_equal(NdisInterlockedDecrement(&c.interlocked), 59999);
	env_down(&e);
}

/* ---- events and time ------------------------------------------------------------- */

struct setter {
	struct ndisdma_machine *m;
	NDIS_EVENT *ev;
};

static void *set_later(void *arg)
{
	struct setter *s = arg;

	ndisdma_thread_enter(s->m);
	NdisMSleep(20000);
	NdisSetEvent(s->ev);
	ndisdma_thread_enter(NULL);
	return NULL;
}

static void events_wait_with_timeout(void **state)
{
	struct env e;
	NDIS_EVENT ev;
	struct setter s;
	pthread_t t;
	uint64_t t0;

	(void)state;
	env_up(&e, NULL);
	NdisInitializeEvent(&ev);
	t0 = ms_now();
	assert_false(NdisWaitEvent(&ev, 30));
	assert_true(ms_now() - t0 >= 25);
	NdisSetEvent(&ev);
	assert_true(NdisWaitEvent(&ev, 1));
	assert_true(NdisWaitEvent(&ev, 1));   /* notification: stays set */
	NdisResetEvent(&ev);
	assert_false(NdisWaitEvent(&ev, 1));
	s.m = e.f.m;
	s.ev = &ev;
	pthread_create(&t, NULL, set_later, &s);
	assert_true(NdisWaitEvent(&ev, 0));   /* 0: forever */
	pthread_join(t, NULL);
	env_down(&e);
}

static void system_time_and_stall(void **state)
{
	struct env e;
	LARGE_INTEGER st;
	uint64_t t0;
	time_t now;

	(void)state;
	env_up(&e, NULL);
	NdisGetCurrentSystemTime(&st);
	now = time(NULL);
	/* 100 ns units since 1601-01-01 */
	assert_true(llabs((long long)(st.QuadPart / 10000000ll - 11644473600ll) - (long long)now) <= 2);
	t0 = ms_now();
	NdisStallExecution(3000);
	assert_true(ms_now() - t0 >= 2);
	env_down(&e);
}

/* ---- work items ------------------------------------------------------------------------ */

struct work_seen {
	NDIS_EVENT done;
	KIRQL irql;
	pthread_t thread;
	PVOID ctx;
	NDIS_HANDLE item;
	int runs;
};

static VOID work_routine(PVOID ctx, NDIS_HANDLE item)
{
	struct work_seen *w = ctx;

	w->irql = KeGetCurrentIrql();
	w->thread = pthread_self();
	w->ctx = ctx;
	w->item = item;
	w->runs++;
	NdisSetEvent(&w->done);
}

static void work_item_runs_at_passive(void **state)
{
	struct work_seen w = { 0 };
	struct ndisdma_pools p;
	NDIS_HANDLE item;
	struct env e;

	(void)state;
	env_up(&e, NULL);
	NdisInitializeEvent(&w.done);
	item = NdisAllocateIoWorkItem(e.h);
	assert_non_null(item);
	ndisdma_machine_pools(e.f.m, &p);
	assert_int_equal(p.live_driver_resources, e.a->na.resources.count);
	NdisQueueIoWorkItem(item, work_routine, &w);
	assert_true(NdisWaitEvent(&w.done, 5000));
	assert_int_equal(w.irql, PASSIVE_LEVEL);
	assert_false(pthread_equal(w.thread, pthread_self()));
	assert_ptr_equal(w.ctx, &w);
	assert_ptr_equal(w.item, item);
	NdisFreeIoWorkItem(item);

	/* freed while still queued: it still runs once, nothing leaks */
	NdisResetEvent(&w.done);
	item = NdisAllocateIoWorkItem(e.h);
	NdisQueueIoWorkItem(item, work_routine, &w);
	NdisFreeIoWorkItem(item);
	assert_true(NdisWaitEvent(&w.done, 5000));
	assert_int_equal(w.runs, 2);
	env_down(&e);
}

/* ---- timers ---------------------------------------------------------------------------- */

struct timer_seen {
	NDIS_EVENT fired;
	KIRQL irql;
	PVOID ctx;
	LONG count;
};

static VOID timer_fn(PVOID s1, PVOID ctx, PVOID s2, PVOID s3)
{
	struct timer_seen *t = ctx;

	(void)s1; (void)s2; (void)s3;
	t->irql = KeGetCurrentIrql();
	t->ctx = ctx;
	NdisInterlockedIncrement(&t->count);
	NdisSetEvent(&t->fired);
}

static NDIS_HANDLE make_timer(NDIS_HANDLE h, struct timer_seen *t)
{
	NDIS_TIMER_CHARACTERISTICS tc;
	NDIS_HANDLE timer = NULL;

	memset(&tc, 0, sizeof(tc));
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.TimerFunction = timer_fn;
	tc.FunctionContext = t;
	assert_int_equal(NdisAllocateTimerObject(h, &tc, &timer), NDIS_STATUS_SUCCESS);
	return timer;
}

static LARGE_INTEGER relative_ms(LONG ms)
{
	LARGE_INTEGER due;

	due.QuadPart = -(LONGLONG)ms * 10000;
	return due;
}

static void timer_fires_at_dispatch(void **state)
{
	struct timer_seen t = { 0 };
	NDIS_HANDLE timer;
	struct env e;

	(void)state;
	env_up(&e, NULL);
	NdisInitializeEvent(&t.fired);
	timer = make_timer(e.h, &t);
	assert_false(NdisCancelTimerObject(timer));            /* not set */
	assert_false(NdisSetTimerObject(timer, relative_ms(10), 0, NULL));
	assert_true(NdisWaitEvent(&t.fired, 5000));
	assert_int_equal(t.irql, DISPATCH_LEVEL);
	assert_ptr_equal(t.ctx, &t);
	assert_false(NdisCancelTimerObject(timer));            /* already fired */

	/* set twice: the second call reports it was queued; cancel works */
	NdisResetEvent(&t.fired);
	assert_false(NdisSetTimerObject(timer, relative_ms(10000), 0, NULL));
	assert_true(NdisSetTimerObject(timer, relative_ms(10000), 0, NULL));
	assert_true(NdisCancelTimerObject(timer));
	assert_false(NdisWaitEvent(&t.fired, 50));
	assert_int_equal(t.count, 1);

	/* periodic */
	assert_false(NdisSetTimerObject(timer, relative_ms(1), 2, NULL));
	while (__atomic_load_n(&t.count, __ATOMIC_SEQ_CST) < 4)
		NdisMSleep(1000);
	assert_true(NdisCancelTimerObject(timer));
	NdisFreeTimerObject(timer);
	env_down(&e);
}

static void timer_leaked_at_halt(void **state)
{
	struct timer_seen t = { 0 };
	struct env e;

	(void)state;
	env_up(&e, NULL);
	NdisInitializeEvent(&t.fired);
	NdisSetTimerObject(make_timer(e.h, &t), relative_ms(60000), 0, NULL);
	ndisdma_adapter_halt(e.a);
	assert_int_equal(ndisdma_report_count(e.f.m, "RES-LEAK"), 1);
	e.f.expected_reports = 1;
	ndisdma_driver_unload(e.d);
	rt_fixture_teardown(&e.f);
	assert_int_equal(t.count, 0);
}

/* ---- memory ---------------------------------------------------------------------------- */

static void memory_counted(void **state)
{
	struct ndisdma_pools p0, p1, p2;
	unsigned char junk[256];
	struct env e;
	void *b;

	(void)state;
	env_up(&e, NULL);
	ndisdma_machine_pools(e.f.m, &p0);
	b = NdisAllocateMemoryWithTagPriority(e.h, 1000, 0x6D74544Eu, NormalPoolPriority);
	assert_non_null(b);
	assert_int_equal((uintptr_t)b % 16, 0);
	memset(b, 0xAB, 1000);
	ndisdma_machine_pools(e.f.m, &p1);
	assert_int_equal(p1.live_driver_resources, p0.live_driver_resources + 1);
	assert_int_equal(p1.internal_allocations, p0.internal_allocations + 1);
	NdisFreeMemory(b, 1000, 0);
	ndisdma_machine_pools(e.f.m, &p2);
	assert_int_equal(p2.live_driver_resources, p0.live_driver_resources);
	assert_int_equal(p2.internal_frees, p0.internal_frees + 1);
	/* driver-wide memory on the driver handle */
	b = NdisAllocateMemoryWithTagPriority(tm_log.driver_handle, 8, 0, LowPoolPriority);
	assert_non_null(b);
	NdisFreeMemory(b, 8, 0);
	/* a pointer NDIS never gave out */
	memset(junk, 0, sizeof(junk));
	NdisFreeMemory(junk + 128, 8, 0);
	assert_int_equal(ndisdma_report_count(e.f.m, "POOL-FREE-BAD"), 1);
	assert_null(NdisAllocateMemoryWithTagPriority((NDIS_HANDLE)junk, 8, 0, LowPoolPriority));
	assert_int_equal(ndisdma_report_count(e.f.m, "HANDLE"), 1);
	e.f.expected_reports = 2;
	env_down(&e);
}

/* ---- configuration --------------------------------------------------------------------- */

static NDIS_STATUS read_cfg(NDIS_HANDLE cfg, PNDIS_STRING key, NDIS_PARAMETER_TYPE t,
			    PNDIS_CONFIGURATION_PARAMETER *v)
{
	NDIS_STATUS st = 12345;

	NdisReadConfiguration(&st, v, cfg, key, t);
	return st;
}

static void configuration_keywords(void **state)
{
	static const char *const params[] = { "DmaBits=32", "Name=eth0", "Mask=ff", NULL };
	struct ndisdma_adapter_params p = { .params = params };
	NDIS_STRING dma = NDIS_STRING_CONST("dmabits"), name = NDIS_STRING_CONST("Name");
	NDIS_STRING mask = NDIS_STRING_CONST("Mask"), none = NDIS_STRING_CONST("Absent");
	NDIS_CONFIGURATION_OBJECT co;
	PNDIS_CONFIGURATION_PARAMETER v;
	NDIS_HANDLE cfg = NULL;
	struct env e;

	(void)state;
	env_up(&e, &p);
	memset(&co, 0, sizeof(co));
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	co.NdisHandle = e.h;
	assert_int_equal(NdisOpenConfigurationEx(&co, &cfg), NDIS_STATUS_SUCCESS);
	assert_int_equal(read_cfg(cfg, &dma, NdisParameterInteger, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterType, NdisParameterInteger);
	assert_int_equal(v->ParameterData.IntegerData, 32);
	assert_int_equal(read_cfg(cfg, &mask, NdisParameterHexInteger, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterData.IntegerData, 0xFF);
	assert_int_equal(read_cfg(cfg, &name, NdisParameterString, &v), NDIS_STATUS_SUCCESS);
	assert_int_equal(v->ParameterData.StringData.Length, 8);
	assert_memory_equal(v->ParameterData.StringData.Buffer, u"eth0", 8);
	assert_int_equal(read_cfg(cfg, &name, NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_int_equal(read_cfg(cfg, &none, NdisParameterInteger, &v), NDIS_STATUS_FAILURE);
	assert_null(v);
	NdisCloseConfiguration(cfg);

	/* a bad object header, and a configuration never closed */
	co.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	assert_int_equal(NdisOpenConfigurationEx(&co, &cfg), NDIS_STATUS_INVALID_PARAMETER);
	assert_null(cfg);
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	assert_int_equal(NdisOpenConfigurationEx(&co, &cfg), NDIS_STATUS_SUCCESS);
	ndisdma_adapter_halt(e.a);
	assert_int_equal(ndisdma_report_count(e.f.m, "REG-HEADER"), 1);
	assert_int_equal(ndisdma_report_count(e.f.m, "RES-LEAK"), 1);
	e.f.expected_reports = 2;
	ndisdma_driver_unload(e.d);
	rt_fixture_teardown(&e.f);
}

/* ---- indications up to the runtime ----------------------------------------------------- */

static int sends_seen;
static void on_send_complete(void *ctx, void *nbls, uint32_t flags)
{
	(void)ctx; (void)flags;
	sends_seen += nbls != NULL;
}

static void status_and_send_complete(void **state)
{
	struct ndisdma_traffic_ops ops = { .send_complete = on_send_complete };
	struct ndisdma_adapter_stats s;
	NDIS_STATUS_INDICATION ind;
	NET_BUFFER_LIST nbl[2];
	struct env e;

	(void)state;
	env_up(&e, NULL);
	sends_seen = 0;
	ndisdma_adapter_set_traffic(e.a, &ops, NULL);
	memset(&ind, 0, sizeof(ind));
	ind.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	ind.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	ind.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	ind.SourceHandle = e.h;
	ind.StatusCode = NDIS_STATUS_LINK_STATE;
	NdisMIndicateStatusEx(e.h, &ind);
	memset(nbl, 0, sizeof(nbl));
	NET_BUFFER_LIST_NEXT_NBL(&nbl[0]) = &nbl[1];
	NdisMSendNetBufferListsComplete(e.h, nbl, 0);
	ndisdma_adapter_stats(e.a, &s);
	assert_int_equal(s.status_indications, 1);
	assert_int_equal(s.last_status_code, (uint32_t)NDIS_STATUS_LINK_STATE);
	assert_int_equal(s.send_completes, 1);
	assert_int_equal(s.nbls_send_completed, 2);
	assert_int_equal(sends_seen, 1);
	env_down(&e);
}

static void *kept_nbls;
static bool keep_receive(void *ctx, void *nbls, uint32_t count, uint32_t flags)
{
	(void)ctx; (void)count; (void)flags;
	kept_nbls = nbls;
	return true;
}

/* Received NBLs go back to the miniport: at once without a callback,
 * never with NDIS_RECEIVE_FLAGS_RESOURCES, later when a callback keeps them. */
static void receive_and_return(void **state)
{
	struct ndisdma_traffic_ops keep = { .receive = keep_receive };
	struct ndisdma_adapter_stats s;
	NET_BUFFER_LIST nbl[3];
	struct env e;
	KIRQL old;

	(void)state;
	env_up(&e, NULL);
	memset(nbl, 0, sizeof(nbl));
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	NdisMIndicateReceiveNetBufferLists(e.h, &nbl[0], 0, 1, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
	assert_int_equal(tm_log.returns, 1);
	assert_int_equal(tm_log.return_irql, DISPATCH_LEVEL);
	NdisMIndicateReceiveNetBufferLists(e.h, &nbl[1], 0, 1,
					   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL |
					   NDIS_RECEIVE_FLAGS_RESOURCES);
	assert_int_equal(tm_log.returns, 1);
	KeLowerIrql(old);
	ndisdma_adapter_set_traffic(e.a, &keep, NULL);
	NdisMIndicateReceiveNetBufferLists(e.h, &nbl[2], 0, 1, 0);
	assert_ptr_equal(kept_nbls, &nbl[2]);
	assert_int_equal(tm_log.returns, 1);
	ndisdma_adapter_return_nbls(e.a, kept_nbls);
	assert_int_equal(tm_log.returns, 2);
	assert_int_equal(tm_log.return_irql, PASSIVE_LEVEL);
	ndisdma_adapter_stats(e.a, &s);
	assert_int_equal(s.receive_indications, 3);
	assert_int_equal(s.nbls_received, 3);
	assert_int_equal(s.nbls_returned, 2);
	env_down(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raise_and_lower),
		cmocka_unit_test(spin_lock_raises_and_restores),
		cmocka_unit_test(spin_lock_excludes),
		cmocka_unit_test(events_wait_with_timeout),
		cmocka_unit_test(system_time_and_stall),
		cmocka_unit_test(work_item_runs_at_passive),
		cmocka_unit_test(timer_fires_at_dispatch),
		cmocka_unit_test(timer_leaked_at_halt),
		cmocka_unit_test(memory_counted),
		cmocka_unit_test(configuration_keywords),
		cmocka_unit_test(status_and_send_complete),
		cmocka_unit_test(receive_and_return),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
