/* test_ke_threads.c — system threads, objects and handles (facts 3):
 * PsCreateSystemThread runs its routine at PASSIVE_LEVEL on its own host
 * thread of the machine; waiting on the thread object waits for its end
 * and releases every waiter; PsTerminateSystemThread does not return;
 * ObReferenceObjectByHandle / ObDereferenceObject / ZwClose and their
 * errors; the documented creation checks; priorities and ids; what the
 * unload check (THREAD-LEAK, TIMER-LEAK) finds, stops and cancels. */
#include "ke_test.h"

#include <dlfcn.h>

struct sys_ctx {
	struct kernel *machine;
	KIRQL irql;
	pthread_t host;
	PKTHREAD self;
	HANDLE id;
	KEVENT started, stop;
	_Atomic int after_terminate;
	_Atomic int spin;        /* spin_routine: loop while set */
};

static void ctx_init(struct sys_ctx *c)
{
	memset(c, 0, sizeof(*c));
	KeInitializeEvent(&c->started, NotificationEvent, FALSE);
	KeInitializeEvent(&c->stop, NotificationEvent, FALSE);
}

static void routine(PVOID Context)
{
	struct sys_ctx *c = Context;

	c->machine = kernel_current();
	c->irql = KeGetCurrentIrql();
	c->host = pthread_self();
	c->self = KeGetCurrentThread();
	c->id = PsGetCurrentThreadId();
	KeSetEvent(&c->started, 0, FALSE);
	KeWaitForSingleObject(&c->stop, Executive, KernelMode, FALSE, NULL);
	PsTerminateSystemThread(STATUS_SUCCESS);
	atomic_store(&c->after_terminate, 1);   /* never reached */
}

static HANDLE create(struct sys_ctx *c, PKSTART_ROUTINE fn, PCLIENT_ID cid)
{
	OBJECT_ATTRIBUTES oa;
	HANDLE h = (HANDLE)1;

	InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	assert_int_equal(PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, NULL, cid, fn, c),
			 STATUS_SUCCESS);
	assert_non_null(h);
	return h;
}

static void test_thread_runs_and_its_object_waits_for_its_end(void **state)
{
	struct th t;
	struct sys_ctx c;
	CLIENT_ID cid;
	PVOID obj = NULL;
	HANDLE h;

	th_setup(&t, NULL);
	ctx_init(&c);
	h = create(&c, routine, &cid);
	assert_int_equal(ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
						   &obj, NULL), STATUS_SUCCESS);
	assert_int_equal(ZwClose(h), STATUS_SUCCESS);   /* the reference keeps the object */
	KeWaitForSingleObject(&c.started, Executive, KernelMode, FALSE, NULL);
	assert_ptr_equal(c.machine, t.k);
	assert_int_equal(c.irql, PASSIVE_LEVEL);
	assert_false(pthread_equal(c.host, pthread_self()));
	assert_ptr_equal(c.self, obj);
	assert_ptr_equal(cid.UniqueThread, c.id);
	assert_ptr_not_equal(c.id, PsGetCurrentThreadId());
	assert_int_equal(ke_test_object(obj), STATUS_TIMEOUT);   /* still running */
	assert_int_equal(ObfReferenceObject(obj), 2);   /* ours and this one */
	ObDereferenceObject(obj);
	KeSetEvent(&c.stop, 0, FALSE);
	assert_int_equal(KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	assert_int_equal(ke_test_object(obj), STATUS_SUCCESS);   /* ended: stays signaled */
	assert_int_equal(atomic_load(&c.after_terminate), 0);
	ObDereferenceObject(obj);
	th_teardown(&t);
}

struct waiter {
	PVOID obj;
	NTSTATUS status;
};

static void wait_for_thread(void *arg)
{
	struct waiter *w = arg;

	w->status = KeWaitForSingleObject(w->obj, Executive, KernelMode, FALSE, NULL);
}

static void returns_when_stopped(PVOID Context)
{
	struct sys_ctx *c = Context;

	KeWaitForSingleObject(&c->stop, Executive, KernelMode, FALSE, NULL);
}   /* returning ends the thread too */

static void test_thread_end_releases_every_waiter(void **state)
{
	struct th t;
	struct sys_ctx c;
	struct ke_host hosts[2];
	struct waiter w[2];
	PVOID obj;
	HANDLE h;

	th_setup(&t, NULL);
	ctx_init(&c);
	h = create(&c, returns_when_stopped, NULL);
	assert_int_equal(ObReferenceObjectByHandle(h, SYNCHRONIZE, NULL, KernelMode, &obj, NULL),
			 STATUS_SUCCESS);
	for (int i = 0; i < 2; i++) {
		w[i] = (struct waiter){ obj, -1 };
		ke_host_start(&hosts[i], t.k, wait_for_thread, &w[i]);
	}
	KeSetEvent(&c.stop, 0, FALSE);
	assert_int_equal(KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	for (int i = 0; i < 2; i++) {
		ke_host_join(&hosts[i]);
		assert_int_equal(w[i].status, STATUS_SUCCESS);
	}
	ObDereferenceObject(obj);
	assert_int_equal(ZwClose(h), STATUS_SUCCESS);   /* the last holder frees it */
	th_teardown(&t);
}

static void test_handle_errors(void **state)
{
	struct th t;
	struct sys_ctx c;
	OBJECT_HANDLE_INFORMATION info;
	PVOID obj = (PVOID)1, gone;
	HANDLE h;
	int local;

	th_setup(&t, NULL);
	ctx_init(&c);
	h = create(&c, returns_when_stopped, NULL);
	assert_int_equal(ObReferenceObjectByHandle(h, 0, *ExEventObjectType, KernelMode, &obj,
						   NULL), STATUS_OBJECT_TYPE_MISMATCH);
	assert_null(obj);
	assert_int_equal(ObReferenceObjectByHandle((HANDLE)&local, 0, NULL, KernelMode, &obj,
						   NULL), STATUS_INVALID_HANDLE);
	assert_int_equal(ObReferenceObjectByHandle(t.adapter_handle, 0, NULL, KernelMode, &obj,
						   NULL), STATUS_INVALID_HANDLE);
	/* a kernel handle is not a user-mode caller's */
	assert_int_equal(ObReferenceObjectByHandle(h, 0, NULL, UserMode, &obj, NULL),
			 STATUS_INVALID_HANDLE);
	assert_int_equal(ObReferenceObjectByHandle(h, 0, NULL, KernelMode, &obj, &info),
			 STATUS_SUCCESS);
	assert_int_equal(info.GrantedAccess, THREAD_ALL_ACCESS);
	assert_true(info.HandleAttributes & OBJ_KERNEL_HANDLE);
	KeSetEvent(&c.stop, 0, FALSE);
	KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, NULL);
	assert_int_equal(ZwClose(h), STATUS_SUCCESS);
	assert_int_equal(ZwClose(h), STATUS_INVALID_HANDLE);   /* closed */
	assert_int_equal(ObReferenceObjectByHandle(h, 0, NULL, KernelMode, &gone, NULL),
			 STATUS_INVALID_HANDLE);
	assert_null(gone);
	assert_int_equal(ZwClose(NULL), STATUS_INVALID_HANDLE);
	assert_int_equal(ZwClose((HANDLE)&local), STATUS_INVALID_HANDLE);
	ObDereferenceObject(obj);   /* the last holder: freed */
	th_expect(&t, VF_KE_ARG, 0);
	ObDereferenceObject(obj);   /* no longer an object */
	th_expect(&t, VF_KE_ARG, 1);
	ObDereferenceObject(&local);   /* never one */
	th_expect(&t, VF_KE_ARG, 1);
	th_teardown(&t);
}

static void test_creation_checks(void **state)
{
	struct th t;
	struct sys_ctx c;
	OBJECT_ATTRIBUTES oa;
	HANDLE h = (HANDLE)1;
	PVOID obj;
	static const ULONG bad[] = { OBJ_PERMANENT, OBJ_EXCLUSIVE, OBJ_OPENIF, 0x8000 };

	th_setup(&t, NULL);
	ctx_init(&c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE | bad[i], NULL, NULL);
		assert_int_equal(PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, NULL, NULL,
						      returns_when_stopped, &c),
				 STATUS_INVALID_PARAMETER);
		assert_null(h);
	}
	InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	assert_null(oa.SecurityQualityOfService);
	oa.Length = 12;
	assert_int_equal(PsCreateSystemThread(&h, 0, &oa, NULL, NULL, returns_when_stopped, &c),
			 STATUS_INVALID_PARAMETER);
	assert_int_equal(PsCreateSystemThread(&h, 0, NULL, (HANDLE)&c, NULL,
					      returns_when_stopped, &c), STATUS_INVALID_HANDLE);
	assert_int_equal(PsCreateSystemThread(&h, 0, NULL, NULL, NULL, NULL, &c),
			 STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);
	TH_AT_DISPATCH(PsCreateSystemThread(&h, 0, NULL, NULL, NULL, returns_when_stopped, &c));
	th_expect(&t, VF_IRQL, 1);
	/* NtCurrentProcess() is the system process: accepted */
	KeSetEvent(&c.stop, 0, FALSE);
	assert_int_equal(PsCreateSystemThread(&h, 0, NULL, NtCurrentProcess(), NULL,
					      returns_when_stopped, &c), STATUS_SUCCESS);
	assert_int_equal(ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
						   &obj, NULL), STATUS_SUCCESS);
	assert_int_equal(ZwClose(h), STATUS_SUCCESS);
	KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, NULL);   /* before c goes */
	ObDereferenceObject(obj);
	/* not a system thread: PsTerminateSystemThread fails and returns */
	assert_int_equal(PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);
	th_teardown(&t);
}

/* --fault: the object (ps.thread), then its handle (kernel.handle) fail */
static void test_creation_under_faults(void **state)
{
	for (uint64_t nth = 1; nth <= 2; nth++) {
		struct th t;
		struct th_options o;
		struct sys_ctx c;
		HANDLE h = (HANDLE)1;

		th_default_options(&o);
		o.fault.mode = FAULT_NTH;
		o.fault.nth = nth;
		th_setup(&t, &o);
		ctx_init(&c);
		assert_int_equal(PsCreateSystemThread(&h, 0, NULL, NULL, NULL,
						      returns_when_stopped, &c),
				 STATUS_INSUFFICIENT_RESOURCES);
		assert_null(h);
		assert_string_equal(t.k->last_fault_site, nth == 1 ? "ps.thread" : "kernel.handle");
		th_teardown(&t);
	}
}

static void test_priority_and_identity(void **state)
{
	struct th t;
	PKTHREAD me;

	th_setup(&t, NULL);
	me = KeGetCurrentThread();
	assert_ptr_equal(me, KeGetCurrentThread());
	assert_ptr_equal((PVOID)PsGetCurrentThread(), (PVOID)me);
	assert_int_equal((ULONG_PTR)PsGetCurrentThreadId() % 4, 0);
	assert_int_equal(KeSetPriorityThread(me, LOW_REALTIME_PRIORITY), 8);
	assert_int_equal(KeSetPriorityThread(me, HIGH_PRIORITY), LOW_REALTIME_PRIORITY);
	assert_int_equal(KeSetPriorityThread(me, MAXIMUM_PRIORITY), HIGH_PRIORITY);
	th_expect(&t, VF_KE_ARG, 1);   /* out of range: unchanged */
	TH_AT_DISPATCH(KeSetPriorityThread(me, 8));
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);
}

static void spin_routine(PVOID Context)
{
	struct sys_ctx *c = Context;

	KeSetEvent(&c->started, 0, FALSE);
	while (atomic_load(&c->spin))
		;   /* never a wait: cannot be stopped */
	KeWaitForSingleObject(&c->stop, Executive, KernelMode, FALSE, NULL);
}

static void stall_routine(PVOID Context)
{
	struct sys_ctx *c = Context;

	KeSetEvent(&c->started, 0, FALSE);
	for (;;)
		KeStallExecutionProcessor(10);   /* a stall is where it stops */
}

static struct dpc_count {
	KDPC dpc;
	_Atomic int runs;
} unload_dpc, timer_dpc;

static void count_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	atomic_fetch_add(&((struct dpc_count *)Context)->runs, 1);
}

static void hold_dpc_thread(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	while (!atomic_load((_Atomic int *)Context))
		__builtin_ia32_pause();
}

static const void *this_module(void)
{
	Dl_info info;

	assert_true(dladdr((const void *)(uintptr_t)test_creation_checks, &info));
	return info.dli_fbase;
}

static void test_unload_stops_threads_and_cancels_timers(void **state)
{
	struct th t;
	struct sys_ctx a, b;
	KDPC hold;
	_Atomic int release = 0;
	KTIMER tm;
	HANDLE ha, hb;
	PVOID kept;

	th_setup(&t, NULL);
	ctx_init(&a);
	ctx_init(&b);
	ha = create(&a, routine, NULL);               /* waits forever */
	hb = create(&b, stall_routine, NULL);         /* stalls forever */
	assert_int_equal(ObReferenceObjectByHandle(ha, 0, NULL, KernelMode, &kept, NULL),
			 STATUS_SUCCESS);                 /* a reference never dropped */
	KeWaitForSingleObject(&a.started, Executive, KernelMode, FALSE, NULL);
	KeWaitForSingleObject(&b.started, Executive, KernelMode, FALSE, NULL);
	KeInitializeDpc(&timer_dpc.dpc, count_dpc, &timer_dpc);
	KeInitializeTimer(&tm);
	KeSetTimerEx(&tm, ke_ms(10000), 1000, &timer_dpc.dpc);
	KeInitializeDpc(&hold, hold_dpc_thread, &release);
	KeInitializeDpc(&unload_dpc.dpc, count_dpc, &unload_dpc);
	KeInsertQueueDpc(&hold, NULL, NULL);
	KeInsertQueueDpc(&unload_dpc.dpc, NULL, NULL);
	atomic_store(&release, 1);   /* the unload check still finds it queued or run */
	assert_true(kernel_driver_unload(t.k, this_module()));
	/* a: running, handle open, a reference kept; b: running, handle open */
	th_expect(&t, VF_THREAD_LEAK, 5);
	assert_true(vf_count(t.vf, VF_TIMER_LEAK) >= 1);   /* the timer, maybe the DPC */
	th_expect(&t, VF_TIMER_LEAK, vf_count(t.vf, VF_TIMER_LEAK));
	assert_false(KeCancelTimer(&tm));   /* cancelled */
	assert_int_equal(atomic_load(&a.after_terminate), 0);
	assert_int_equal(ZwClose(ha), STATUS_INVALID_HANDLE);   /* closed by the check */
	assert_int_equal(ZwClose(hb), STATUS_INVALID_HANDLE);
	assert_int_equal(timer_dpc.runs, 0);
	th_teardown(&t);
}

static VOID ndis_timer_fn(PVOID S1, PVOID Context, PVOID S2, PVOID S3)
{
}

/* An NDIS timer object is the runtime's KTIMER and KDPC: never TIMER-LEAK,
 * though the runtime is linked into the same module as this "driver"
 * (RES-LEAK at halt is its report). */
static void test_unload_ignores_the_runtimes_own_timers(void **state)
{
	struct th t;
	NDIS_TIMER_CHARACTERISTICS tc;
	NDIS_HANDLE timer;

	th_setup(&t, NULL);
	memset(&tc, 0, sizeof(tc));
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.TimerFunction = ndis_timer_fn;
	assert_int_equal(NdisAllocateTimerObject(t.adapter_handle, &tc, &timer),
			 NDIS_STATUS_SUCCESS);
	assert_false(NdisSetTimerObject(timer, ke_ms(10000), 0, NULL));
	assert_true(kernel_driver_unload(t.k, this_module()));
	th_expect(&t, VF_TIMER_LEAK, 0);
	assert_true(NdisCancelTimerObject(timer));   /* still set: not the check's */
	NdisFreeTimerObject(timer);
	th_teardown(&t);
}

static void test_unload_abandons_a_thread_that_never_waits(void **state)
{
	struct th t;
	struct sys_ctx c;
	PVOID obj;
	HANDLE h;

	th_setup(&t, NULL);
	ctx_init(&c);
	atomic_store(&c.spin, 1);
	h = create(&c, spin_routine, NULL);
	assert_int_equal(ObReferenceObjectByHandle(h, 0, NULL, KernelMode, &obj, NULL),
			 STATUS_SUCCESS);
	KeWaitForSingleObject(&c.started, Executive, KernelMode, FALSE, NULL);
	t.k->exec->stop_grace_ns = 20 * 1000000ull;
	assert_false(kernel_driver_unload(t.k, this_module()));
	th_expect(&t, VF_THREAD_LEAK, 2);   /* running; not stopped in time */
	/* it stops at its next wait once it gets there */
	atomic_store(&c.spin, 0);
	assert_int_equal(KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	ObDereferenceObject(obj);
	assert_int_equal(ZwClose(h), STATUS_SUCCESS);   /* left open when abandoned */
	th_teardown(&t);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * the scenario's thread and system threads spin on each other's
	 * atomics: real concurrency */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thread_runs_and_its_object_waits_for_its_end),
		cmocka_unit_test(test_thread_end_releases_every_waiter),
		cmocka_unit_test(test_handle_errors),
		cmocka_unit_test(test_creation_checks),
		cmocka_unit_test(test_creation_under_faults),
		cmocka_unit_test(test_priority_and_identity),
		cmocka_unit_test(test_unload_stops_threads_and_cancels_timers),
		cmocka_unit_test(test_unload_ignores_the_runtimes_own_timers),
		cmocka_unit_test(test_unload_abandons_a_thread_that_never_waits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
