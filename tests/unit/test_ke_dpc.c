/* test_ke_dpc.c — DPCs and kernel timers (facts 1.2, 1.3): a DPC runs once
 * per insert at DISPATCH_LEVEL on the DPC thread with its own insert's
 * arguments; removal; importance; target processors; KeFlushQueuedDpcs;
 * the watchdog query; one-shot, periodic, notification and
 * synchronization timers, relative and absolute due times, cancel. */
#include "ke_test.h"

struct dpc_log {
	KDPC dpc;
	_Atomic int runs;
	int order[8];
	_Atomic int pos;
	PVOID arg1, arg2;
	PKDPC seen;
	KIRQL irql;
	bool in_dpc;
	ULONG processor;
	NTSTATUS watchdog;
	KDPC_WATCHDOG_INFORMATION info;
	KEVENT done;
	int stop_after;        /* periodic: set `done` at this many runs */
	PKTIMER cancel;        /* periodic: cancel it from the DPC at stop_after */
};

static void log_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	struct dpc_log *l = Context;
	int n = atomic_fetch_add(&l->runs, 1) + 1;

	l->seen = Dpc;
	l->arg1 = A1;
	l->arg2 = A2;
	l->irql = KeGetCurrentIrql();
	l->in_dpc = kthread_self.in_dpc;
	l->processor = KeGetCurrentProcessorNumber();
	l->watchdog = KeQueryDpcWatchdogInformation(&l->info);
	if (l->stop_after && n == l->stop_after)
		KeSetEvent(&l->done, 0, FALSE);
}

static void log_init(struct dpc_log *l)
{
	memset(l, 0, sizeof(*l));
	KeInitializeDpc(&l->dpc, log_dpc, l);
	KeInitializeEvent(&l->done, NotificationEvent, FALSE);
}

/* A DPC that holds the DPC thread until released: what is inserted
 * meanwhile stays queued. */
struct blocker {
	KDPC dpc;
	_Atomic int running, release;
};

static void block_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	struct blocker *b = Context;

	atomic_store(&b->running, 1);
	while (!atomic_load(&b->release))
		__builtin_ia32_pause();
}

static void block(struct blocker *b)
{
	memset(b, 0, sizeof(*b));
	KeInitializeDpc(&b->dpc, block_dpc, b);
	assert_true(KeInsertQueueDpc(&b->dpc, NULL, NULL));
	while (!atomic_load(&b->running))
		ke_sleep_ms(1);
}

static void unblock(struct blocker *b)
{
	atomic_store(&b->release, 1);
}

static void test_dpc_runs_once_per_insert(void **state)
{
	struct th t;
	struct blocker b;
	struct dpc_log l;

	th_setup(&t, NULL);
	log_init(&l);
	block(&b);
	assert_true(KeInsertQueueDpc(&l.dpc, (PVOID)1, (PVOID)2));
	assert_false(KeInsertQueueDpc(&l.dpc, (PVOID)3, (PVOID)4));   /* already queued */
	unblock(&b);
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, 1);
	assert_ptr_equal(l.seen, &l.dpc);
	assert_ptr_equal(l.arg1, (PVOID)1);
	assert_ptr_equal(l.arg2, (PVOID)2);
	assert_int_equal(l.irql, DISPATCH_LEVEL);
	assert_true(l.in_dpc);
	assert_int_equal(l.watchdog, STATUS_SUCCESS);
	assert_true(l.info.DpcTimeLimit > 0 && l.info.DpcTimeCount <= l.info.DpcTimeLimit);
	/* each insert runs once more, with its own arguments */
	assert_true(KeInsertQueueDpc(&l.dpc, (PVOID)5, (PVOID)6));
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, 2);
	assert_ptr_equal(l.arg1, (PVOID)5);
	th_teardown(&t);
}

static void test_remove_queued_dpc(void **state)
{
	struct th t;
	struct blocker b;
	struct dpc_log l;

	th_setup(&t, NULL);
	log_init(&l);
	assert_false(KeRemoveQueueDpc(&l.dpc));   /* not queued */
	block(&b);
	assert_true(KeInsertQueueDpc(&l.dpc, NULL, NULL));
	assert_true(KeRemoveQueueDpc(&l.dpc));
	assert_false(KeRemoveQueueDpc(&l.dpc));
	unblock(&b);
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, 0);   /* TRUE: it will not run for that insert */
	assert_true(KeInsertQueueDpc(&l.dpc, NULL, NULL));   /* and may be queued again */
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, 1);
	th_teardown(&t);
}

struct ordered {
	KDPC dpc;
	int id;
	int *log;
	_Atomic int *pos;
};

static void ordered_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	struct ordered *o = Context;

	o->log[atomic_fetch_add(o->pos, 1)] = o->id;
}

static void test_high_importance_goes_first(void **state)
{
	struct th t;
	struct blocker b;
	struct ordered o[3];
	int log[3];
	_Atomic int pos = 0;
	static const KDPC_IMPORTANCE imp[3] = { MediumImportance, LowImportance, HighImportance };

	th_setup(&t, NULL);
	KeInitializeDpc(&o[0].dpc, ordered_dpc, &o[0]);
	KeSetImportanceDpc(&o[0].dpc, (KDPC_IMPORTANCE)7);
	th_expect(&t, VF_KE_ARG, 1);   /* not a KDPC_IMPORTANCE */
	for (int i = 0; i < 3; i++) {
		o[i] = (struct ordered){ .id = i, .log = log, .pos = &pos };
		KeInitializeDpc(&o[i].dpc, ordered_dpc, &o[i]);
		KeSetImportanceDpc(&o[i].dpc, imp[i]);
	}
	block(&b);
	for (int i = 0; i < 3; i++)
		assert_true(KeInsertQueueDpc(&o[i].dpc, NULL, NULL));
	unblock(&b);
	KeFlushQueuedDpcs();
	assert_int_equal(pos, 3);
	assert_int_equal(log[0], 2);   /* high: head of the queue */
	assert_int_equal(log[1], 0);
	assert_int_equal(log[2], 1);
	th_teardown(&t);
}

static void test_target_processor(void **state)
{
	struct th t;
	struct dpc_log l;
	PROCESSOR_NUMBER pn = { .Group = 0, .Number = 3 };

	th_setup(&t, NULL);
	log_init(&l);
	assert_int_equal(KeQueryActiveProcessorCount(NULL), 4);
	KeSetTargetProcessorDpc(&l.dpc, 2);
	assert_true(KeInsertQueueDpc(&l.dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	assert_int_equal(l.processor, 2);
	KeSetTargetProcessorDpc(&l.dpc, 9);   /* not a processor: unchanged */
	assert_true(KeInsertQueueDpc(&l.dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	assert_int_equal(l.processor, 2);
	assert_int_equal(KeSetTargetProcessorDpcEx(&l.dpc, &pn), STATUS_SUCCESS);
	assert_true(KeInsertQueueDpc(&l.dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	assert_int_equal(l.processor, 3);
	pn.Number = 4;
	assert_int_equal(KeSetTargetProcessorDpcEx(&l.dpc, &pn), STATUS_INVALID_PARAMETER);
	pn.Number = 0;
	pn.Group = 1;
	assert_int_equal(KeSetTargetProcessorDpcEx(&l.dpc, &pn), STATUS_INVALID_PARAMETER);
	th_teardown(&t);
}

struct slow {
	KDPC dpc;
	_Atomic int *done;
};

static void slow_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	struct slow *s = Context;

	KeStallExecutionProcessor(20);
	atomic_fetch_add(s->done, 1);
}

static void test_flush_waits_for_every_queued_dpc(void **state)
{
	struct th t;
	struct slow s[50];
	_Atomic int done = 0;
	KDPC_WATCHDOG_INFORMATION wi;

	th_setup(&t, NULL);
	for (int i = 0; i < 50; i++) {
		s[i].done = &done;
		KeInitializeDpc(&s[i].dpc, slow_dpc, &s[i]);
		assert_true(KeInsertQueueDpc(&s[i].dpc, NULL, NULL));
	}
	KeFlushQueuedDpcs();
	assert_int_equal(done, 50);
	/* outside a DPC and below DISPATCH_LEVEL the watchdog has no answer */
	assert_int_equal(KeQueryDpcWatchdogInformation(&wi), STATUS_UNSUCCESSFUL);
	/* KeFlushQueuedDpcs is PASSIVE_LEVEL only */
	TH_AT_DISPATCH(KeFlushQueuedDpcs());
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);
}

static _Atomic int inserted_without_machine;

static void insert_without_machine(void *arg)
{
	if (!kernel_current() && KeInsertQueueDpc(arg, NULL, NULL))
		atomic_store(&inserted_without_machine, 1);
}

static void test_insert_from_a_thread_without_machine(void **state)
{
	struct th t;
	struct ke_host h;
	struct dpc_log l;

	th_setup(&t, NULL);
	log_init(&l);   /* initialized on the machine: that is where it runs */
	ke_host_start(&h, NULL, insert_without_machine, &l.dpc);
	ke_host_join(&h);
	assert_true(atomic_load(&inserted_without_machine));
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, 1);
	th_teardown(&t);
}

/* ---- timers ------------------------------------------------------------------ */

static void test_one_shot_timer_with_dpc(void **state)
{
	struct th t;
	struct dpc_log l;
	KTIMER tm;
	LARGE_INTEGER due = ke_ms(5);

	th_setup(&t, NULL);
	log_init(&l);
	KeInitializeTimer(&tm);
	assert_false(KeReadStateTimer(&tm));
	assert_false(KeSetTimer(&tm, due, &l.dpc));   /* was not queued */
	assert_int_equal(KeWaitForSingleObject(&tm, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	assert_true(KeReadStateTimer(&tm));   /* notification: stays signaled */
	assert_int_equal(ke_test_object(&tm), STATUS_SUCCESS);
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, 1);
	assert_int_equal(l.irql, DISPATCH_LEVEL);
	assert_false(KeCancelTimer(&tm));   /* expired: no longer queued */
	/* setting again makes it not signaled */
	due = ke_ms(10000);
	assert_false(KeSetTimer(&tm, due, NULL));
	assert_false(KeReadStateTimer(&tm));
	assert_true(KeSetTimer(&tm, due, NULL));   /* was queued */
	assert_true(KeCancelTimer(&tm));
	assert_false(KeCancelTimer(&tm));
	th_teardown(&t);
}

static void test_periodic_timer(void **state)
{
	struct th t;
	struct dpc_log l;
	KTIMER tm;
	LARGE_INTEGER due = ke_ms(1);
	int runs;

	th_setup(&t, NULL);
	log_init(&l);
	l.stop_after = 3;
	KeInitializeTimerEx(&tm, NotificationTimer);
	assert_false(KeSetTimerEx(&tm, due, 2, &l.dpc));
	assert_int_equal(KeWaitForSingleObject(&l.done, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	/* periodic: still queued, so cancel says TRUE */
	assert_true(KeCancelTimer(&tm));
	KeFlushQueuedDpcs();
	runs = l.runs;
	assert_true(runs >= 3);
	ke_sleep_ms(10);
	KeFlushQueuedDpcs();
	assert_int_equal(l.runs, runs);   /* cancelled: no more */
	th_teardown(&t);
}

static void test_synchronization_timer_and_absolute_due(void **state)
{
	struct th t;
	KTIMER tm;
	LARGE_INTEGER due;

	th_setup(&t, NULL);
	KeInitializeTimerEx(&tm, SynchronizationTimer);
	KeQuerySystemTimePrecise(&due);
	due.QuadPart += 5 * 10000;   /* absolute: 5 ms from now */
	KeSetTimer(&tm, due, NULL);
	assert_int_equal(KeWaitForSingleObject(&tm, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	assert_false(KeReadStateTimer(&tm));   /* the wait reset it */
	assert_int_equal(ke_test_object(&tm), STATUS_TIMEOUT);
	th_teardown(&t);
}

static void test_timer_mistakes(void **state)
{
	struct th t;
	KTIMER tm, zeroed;
	LARGE_INTEGER due = ke_ms(1);

	th_setup(&t, NULL);
	KeInitializeTimer(&tm);
	assert_false(KeSetTimerEx(&tm, due, -1, NULL));
	th_expect(&t, VF_KE_ARG, 1);   /* a negative period */
	assert_false(KeCancelTimer(&tm));   /* it was not set */
	memset(&zeroed, 0, sizeof(zeroed));
	assert_false(KeSetTimer(&zeroed, due, NULL));
	th_expect(&t, VF_KE_ARG, 1);   /* never initialized */
	/* timers are <= DISPATCH_LEVEL */
	kernel_set_irql(KIRQL_HIGH);
	KeCancelTimer(&tm);
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	TH_AT_DISPATCH(KeSetTimer(&tm, ke_ms(10000), NULL));
	TH_AT_DISPATCH(assert_true(KeCancelTimer(&tm)));
	th_expect(&t, VF_IRQL, 0);
	th_teardown(&t);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * the scenario's thread spins on atomics a DPC sets (and DPCs spin
	 * on what it sets): real concurrency */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpc_runs_once_per_insert),
		cmocka_unit_test(test_remove_queued_dpc),
		cmocka_unit_test(test_high_importance_goes_first),
		cmocka_unit_test(test_target_processor),
		cmocka_unit_test(test_flush_waits_for_every_queued_dpc),
		cmocka_unit_test(test_insert_from_a_thread_without_machine),
		cmocka_unit_test(test_one_shot_timer_with_dpc),
		cmocka_unit_test(test_periodic_timer),
		cmocka_unit_test(test_synchronization_timer_and_absolute_due),
		cmocka_unit_test(test_timer_mistakes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
