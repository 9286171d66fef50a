/* test_ke_wait.c — events, semaphores, mutexes and waits (facts 1.4):
 * notification vs synchronization, an NDIS_EVENT is a KEVENT, timeouts
 * (relative, absolute, zero, forever), WaitAny's index, WaitAll's
 * atomicity, the WaitBlockArray and Count rules, IRQL rules, a signal
 * from a thread that works for no machine, KeSetEvent(Wait = TRUE),
 * KeDelayExecutionThread. */
#include "ke_test.h"

static void test_notification_and_synchronization_events(void **state)
{
	struct th t;
	KEVENT n, s;

	th_setup(&t, NULL);
	KeInitializeEvent(&n, NotificationEvent, FALSE);
	KeInitializeEvent(&s, SynchronizationEvent, TRUE);
	assert_int_equal(KeReadStateEvent(&n), 0);
	assert_int_equal(KeSetEvent(&n, IO_NO_INCREMENT, FALSE), 0);   /* previous state */
	assert_int_not_equal(KeSetEvent(&n, IO_NO_INCREMENT, FALSE), 0);
	assert_int_equal(n.Header.SignalState, 1);
	/* a notification event stays signaled for every waiter */
	assert_int_equal(ke_test_object(&n), STATUS_SUCCESS);
	assert_int_equal(ke_test_object(&n), STATUS_SUCCESS);
	assert_int_not_equal(KeResetEvent(&n), 0);
	assert_int_equal(ke_test_object(&n), STATUS_TIMEOUT);
	/* a synchronization event releases one wait and resets */
	assert_int_equal(ke_test_object(&s), STATUS_SUCCESS);
	assert_int_equal(ke_test_object(&s), STATUS_TIMEOUT);
	assert_int_equal(KeSetEvent(&s, EVENT_INCREMENT, FALSE), 0);
	KeClearEvent(&s);
	assert_int_equal(KeReadStateEvent(&s), 0);
	th_teardown(&t);
}

static void set_after_10ms(void *arg)
{
	ke_sleep_ms(10);
	NdisSetEvent(arg);
}

static void test_ndis_event_is_a_kevent(void **state)
{
	struct th t;
	struct ke_host h;
	NDIS_EVENT e;

	th_setup(&t, NULL);
	assert_int_equal(sizeof(NDIS_EVENT), sizeof(KEVENT));
	NdisInitializeEvent(&e);
	ke_host_start(&h, t.k, set_after_10ms, &e);
	/* NdisSetEvent wakes a Ke wait on the embedded KEVENT */
	assert_int_equal(KeWaitForSingleObject(&e.Event, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	ke_host_join(&h);
	assert_true(NdisWaitEvent(&e, 1));
	KeResetEvent(&e.Event);
	assert_false(NdisWaitEvent(&e, 1));
	KeSetEvent(&e.Event, 0, FALSE);
	assert_true(NdisWaitEvent(&e, 0));   /* 0: forever, already set */
	th_teardown(&t);
}

static void test_timeouts(void **state)
{
	struct th t;
	struct ke_host h;
	LARGE_INTEGER rel = ke_ms(20), abs, past;
	KEVENT e;
	uint64_t t0;

	th_setup(&t, NULL);
	KeInitializeEvent(&e, NotificationEvent, FALSE);
	t0 = ke_now_ms();
	assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &rel),
			 STATUS_TIMEOUT);
	assert_true(ke_now_ms() - t0 >= 19);
	/* positive: an absolute system time */
	KeQuerySystemTimePrecise(&abs);
	abs.QuadPart += 20 * 10000;
	t0 = ke_now_ms();
	assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &abs),
			 STATUS_TIMEOUT);
	assert_true(ke_now_ms() - t0 >= 15);
	KeQuerySystemTimePrecise(&past);
	past.QuadPart -= 10000000;
	assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &past),
			 STATUS_TIMEOUT);
	/* NULL waits until the event is set by another thread */
	ke_host_start(&h, t.k, set_after_10ms, &e);
	assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	ke_host_join(&h);
	th_teardown(&t);
}

static void test_wait_any_returns_the_index(void **state)
{
	struct th t;
	KEVENT e[5];
	PVOID objs[5];
	KWAIT_BLOCK blocks[5];
	LARGE_INTEGER zero = { .QuadPart = 0 };

	th_setup(&t, NULL);
	for (int i = 0; i < 5; i++) {
		KeInitializeEvent(&e[i], SynchronizationEvent, FALSE);
		objs[i] = &e[i];
	}
	KeSetEvent(&e[2], 0, FALSE);
	assert_int_equal(KeWaitForMultipleObjects(3, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_WAIT_0 + 2);
	assert_int_equal(KeReadStateEvent(&e[2]), 0);   /* that one was taken */
	KeSetEvent(&e[1], 0, FALSE);
	KeSetEvent(&e[2], 0, FALSE);
	assert_int_equal(KeWaitForMultipleObjects(3, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_WAIT_1);
	assert_int_equal(KeReadStateEvent(&e[2]), 1);   /* only one is taken */
	KeClearEvent(&e[2]);
	/* more than THREAD_WAIT_OBJECTS: the caller's wait blocks */
	KeSetEvent(&e[4], 0, FALSE);
	assert_int_equal(KeWaitForMultipleObjects(5, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, blocks), STATUS_WAIT_0 + 4);
	assert_int_equal(KeWaitForMultipleObjects(5, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, blocks), STATUS_TIMEOUT);
	th_teardown(&t);
}

struct all_waiter {
	PVOID objs[2];
	NTSTATUS status;
};

static void wait_all_forever(void *arg)
{
	struct all_waiter *w = arg;

	w->status = KeWaitForMultipleObjects(2, w->objs, WaitAll, Executive, KernelMode, FALSE,
					     NULL, NULL);
}

static void test_wait_all_takes_all_at_once(void **state)
{
	struct th t;
	struct ke_host h;
	struct all_waiter w;
	KEVENT a, b, c;
	KSEMAPHORE sem;
	PVOID pair[2] = { &sem, &c };
	LARGE_INTEGER zero = { .QuadPart = 0 };

	th_setup(&t, NULL);
	KeInitializeEvent(&a, SynchronizationEvent, FALSE);
	KeInitializeEvent(&b, SynchronizationEvent, FALSE);
	w.objs[0] = &a;
	w.objs[1] = &b;
	ke_host_start(&h, t.k, wait_all_forever, &w);
	KeSetEvent(&a, 0, FALSE);
	ke_sleep_ms(5);
	/* a alone does not satisfy the WaitAll: nobody took it */
	assert_int_equal(ke_test_object(&a), STATUS_SUCCESS);
	KeSetEvent(&a, 0, FALSE);
	KeSetEvent(&b, 0, FALSE);
	ke_host_join(&h);
	assert_int_equal(w.status, STATUS_SUCCESS);
	assert_int_equal(KeReadStateEvent(&a), 0);   /* both taken */
	assert_int_equal(KeReadStateEvent(&b), 0);
	/* a zero-timeout WaitAll takes nothing unless it takes everything */
	KeInitializeSemaphore(&sem, 1, 1);
	KeInitializeEvent(&c, NotificationEvent, FALSE);
	assert_int_equal(KeWaitForMultipleObjects(2, pair, WaitAll, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_TIMEOUT);
	assert_int_equal(KeReadStateSemaphore(&sem), 1);
	KeSetEvent(&c, 0, FALSE);
	assert_int_equal(KeWaitForMultipleObjects(2, pair, WaitAll, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_SUCCESS);
	assert_int_equal(KeReadStateSemaphore(&sem), 0);
	th_teardown(&t);
}

static void test_wait_argument_mistakes(void **state)
{
	struct th t;
	KEVENT e[65], zeroed;
	PVOID objs[65];
	LARGE_INTEGER zero = { .QuadPart = 0 };

	th_setup(&t, NULL);
	for (int i = 0; i < 65; i++) {
		KeInitializeEvent(&e[i], NotificationEvent, TRUE);
		objs[i] = &e[i];
	}
	assert_int_equal(KeWaitForMultipleObjects(65, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);   /* more than MAXIMUM_WAIT_OBJECTS */
	assert_int_equal(KeWaitForMultipleObjects(4, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);   /* > THREAD_WAIT_OBJECTS without WaitBlockArray */
	assert_int_equal(KeWaitForMultipleObjects(0, objs, WaitAny, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);
	objs[1] = &e[0];
	assert_int_equal(KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE,
						  &zero, NULL), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);   /* WaitAll names one object twice */
	memset(&zeroed, 0, sizeof(zeroed));
	assert_int_equal(ke_test_object(&zeroed), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);   /* never initialized */
	KeSetEvent(&zeroed, 0, FALSE);
	th_expect(&t, VF_KE_ARG, 1);
	th_teardown(&t);
}

static void test_irql_rules(void **state)
{
	struct th t;
	KEVENT e;
	LARGE_INTEGER ten = ke_ms(10), interval = ke_ms(1);

	th_setup(&t, NULL);
	KeInitializeEvent(&e, NotificationEvent, FALSE);
	/* a zero timeout is allowed at DISPATCH_LEVEL */
	TH_AT_DISPATCH(assert_int_equal(ke_test_object(&e), STATUS_TIMEOUT));
	th_expect(&t, VF_IRQL, 0);
	/* a wait that could block is not: reported, then only a test */
	TH_AT_DISPATCH(assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE,
							      &ten), STATUS_TIMEOUT));
	th_expect(&t, VF_IRQL, 1);
	TH_AT_DISPATCH(KeDelayExecutionThread(KernelMode, FALSE, &interval));
	th_expect(&t, VF_IRQL, 1);
	/* KeSetEvent: Wait FALSE up to DISPATCH, Wait TRUE up to APC */
	TH_AT_DISPATCH(KeSetEvent(&e, 0, FALSE));
	th_expect(&t, VF_IRQL, 0);
	TH_AT_DISPATCH(KeResetEvent(&e));
	th_expect(&t, VF_IRQL, 0);
	kernel_set_irql(KIRQL_HIGH);
	KeSetEvent(&e, 0, FALSE);
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);
}

static void test_set_event_wait_true_raises_until_the_wait(void **state)
{
	struct th t;
	KEVENT e, other;

	th_setup(&t, NULL);
	KeInitializeEvent(&e, NotificationEvent, FALSE);
	KeInitializeEvent(&other, NotificationEvent, TRUE);
	KeSetEvent(&e, 0, TRUE);
	/* facts 1.4: KeSetEvent returns with IRQL raised, the wait restores it */
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	assert_int_equal(KeWaitForSingleObject(&other, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	th_expect(&t, VF_IRQL, 0);
	th_teardown(&t);
}

static _Atomic int had_machine = 1;

static void set_without_machine(void *arg)
{
	ke_sleep_ms(5);
	atomic_store(&had_machine, kernel_current() != NULL);
	KeSetEvent(arg, 0, FALSE);
}

static void test_signal_from_a_thread_without_machine(void **state)
{
	struct th t;
	struct ke_host h;
	KEVENT e;

	th_setup(&t, NULL);
	KeInitializeEvent(&e, SynchronizationEvent, FALSE);
	ke_host_start(&h, NULL, set_without_machine, &e);
	assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	ke_host_join(&h);
	assert_false(atomic_load(&had_machine));
	th_teardown(&t);
}

static void test_semaphore(void **state)
{
	struct th t;
	KSEMAPHORE s;

	th_setup(&t, NULL);
	KeInitializeSemaphore(&s, 0, 2);
	assert_int_equal(ke_test_object(&s), STATUS_TIMEOUT);
	assert_int_equal(KeReleaseSemaphore(&s, SEMAPHORE_INCREMENT, 2, FALSE), 0);
	assert_int_equal(KeReadStateSemaphore(&s), 2);
	/* past the limit: Windows raises; reported, nothing changes */
	assert_int_equal(KeReleaseSemaphore(&s, SEMAPHORE_INCREMENT, 1, FALSE), 2);
	th_expect(&t, VF_KE_ARG, 1);
	assert_int_equal(ke_test_object(&s), STATUS_SUCCESS);
	assert_int_equal(ke_test_object(&s), STATUS_SUCCESS);
	assert_int_equal(ke_test_object(&s), STATUS_TIMEOUT);
	KeInitializeSemaphore(&s, 3, 2);
	th_expect(&t, VF_KE_ARG, 1);
	th_teardown(&t);
}

static NTSTATUS took;
static LONG released;

static void take_and_leave(void *arg)
{
	/* owns the mutex, then its host thread ends without releasing it */
	took = KeWaitForSingleObject(arg, Executive, KernelMode, FALSE, NULL);
}

static void take_release(void *arg)
{
	took = KeWaitForSingleObject(arg, Executive, KernelMode, FALSE, NULL);
	released = KeReleaseMutex(arg, FALSE);
}

static void test_mutex_recursion_release_abandon(void **state)
{
	struct th t;
	struct ke_host h;
	KMUTEX m;

	th_setup(&t, NULL);
	KeInitializeMutex(&m, 0);
	assert_int_equal(KeReadStateMutex(&m), 1);
	assert_int_equal(ke_test_object(&m), STATUS_SUCCESS);
	assert_int_equal(ke_test_object(&m), STATUS_SUCCESS);   /* its owner again */
	assert_ptr_equal(m.OwnerThread, KeGetCurrentThread());
	assert_int_equal(KeReadStateMutex(&m), -1);
	/* another thread blocks until the second release hands it over */
	ke_host_start(&h, t.k, take_release, &m);
	assert_int_equal(KeReleaseMutex(&m, FALSE), -1);
	assert_int_equal(KeReleaseMutex(&m, FALSE), 0);
	ke_host_join(&h);
	assert_int_equal(took, STATUS_SUCCESS);
	assert_int_equal(released, 0);
	assert_int_equal(KeReadStateMutex(&m), 1);
	assert_int_equal(KeReleaseMutex(&m, FALSE), 1);   /* not the owner */
	th_expect(&t, VF_KE_ARG, 1);
	/* an owner that ends holding it abandons it */
	took = -1;
	ke_host_start(&h, t.k, take_and_leave, &m);
	ke_host_join(&h);
	assert_int_equal(took, STATUS_SUCCESS);
	assert_int_equal(KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, NULL),
			 STATUS_ABANDONED);
	assert_int_equal(KeReleaseMutex(&m, FALSE), 0);
	th_teardown(&t);
}

static void test_delay_execution(void **state)
{
	struct th t;
	LARGE_INTEGER ten = ke_ms(10), zero = { .QuadPart = 0 };
	uint64_t t0;

	th_setup(&t, NULL);
	t0 = ke_now_ms();
	assert_int_equal(KeDelayExecutionThread(KernelMode, FALSE, &ten), STATUS_SUCCESS);
	assert_true(ke_now_ms() - t0 >= 9);
	assert_int_equal(KeDelayExecutionThread(KernelMode, FALSE, &zero), STATUS_SUCCESS);
	assert_int_equal(KeDelayExecutionThread(KernelMode, FALSE, NULL), STATUS_INVALID_PARAMETER);
	th_expect(&t, VF_KE_ARG, 1);
	t0 = ke_now_ms();
	NdisMSleep(5000);
	assert_true(ke_now_ms() - t0 >= 4);
	th_teardown(&t);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * events are set by the scenario's own host threads (ke_host_start),
	 * which no scheduler knows: real concurrency */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notification_and_synchronization_events),
		cmocka_unit_test(test_ndis_event_is_a_kevent),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_wait_any_returns_the_index),
		cmocka_unit_test(test_wait_all_takes_all_at_once),
		cmocka_unit_test(test_wait_argument_mistakes),
		cmocka_unit_test(test_irql_rules),
		cmocka_unit_test(test_set_event_wait_true_raises_until_the_wait),
		cmocka_unit_test(test_signal_from_a_thread_without_machine),
		cmocka_unit_test(test_semaphore),
		cmocka_unit_test(test_mutex_recursion_release_abandon),
		cmocka_unit_test(test_delay_execution),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
