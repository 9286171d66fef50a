/* test_ke_spin_time.c — Ke spin locks (facts 1.5), IRQL (1.1), time and
 * processors (1.6): acquire raises to DISPATCH_LEVEL and release restores
 * the saved IRQL, the DPC-level forms check their IRQL, try-acquire,
 * in-stack queued locks, mutual exclusion between threads, one lock word
 * shared with NDIS spin locks, caller mistakes; clocks, ticks, the
 * performance counter, stalls, processor numbers and counts. */
#include "ke_test.h"

#include <stdlib.h>

static void test_acquire_raises_and_release_restores(void **state)
{
	struct th t;
	KSPIN_LOCK lock;
	KIRQL old = 0xFF, old2;

	th_setup(&t, NULL);
	KeInitializeSpinLock(&lock);
	KeAcquireSpinLock(&lock, &old);
	assert_int_equal(old, PASSIVE_LEVEL);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	assert_int_not_equal(lock, 0);
	KeReleaseSpinLock(&lock, old);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	assert_int_equal(lock, 0);
	old = KeAcquireSpinLockRaiseToDpc(&lock);
	assert_false(KeTryToAcquireSpinLockAtDpcLevel(&lock));   /* busy */
	KeReleaseSpinLock(&lock, old);
	/* at DISPATCH already: the DPC-level forms */
	old2 = KeRaiseIrqlToDpcLevel();
	assert_int_equal(old2, PASSIVE_LEVEL);
	KeAcquireSpinLockAtDpcLevel(&lock);
	KeReleaseSpinLockFromDpcLevel(&lock);
	assert_true(KeTryToAcquireSpinLockAtDpcLevel(&lock));
	KeReleaseSpinLockFromDpcLevel(&lock);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);   /* unchanged */
	KeLowerIrql(old2);
	th_expect(&t, VF_IRQL, 0);
	/* the DPC-level forms at PASSIVE_LEVEL: reported */
	KeAcquireSpinLockAtDpcLevel(&lock);
	KeReleaseSpinLockFromDpcLevel(&lock);
	th_expect(&t, VF_IRQL, 2);
	th_teardown(&t);
}

static void test_in_stack_queued(void **state)
{
	struct th t;
	KSPIN_LOCK lock;
	KLOCK_QUEUE_HANDLE a, b;

	th_setup(&t, NULL);
	KeInitializeSpinLock(&lock);
	KeAcquireInStackQueuedSpinLock(&lock, &a);
	assert_int_equal(a.OldIrql, PASSIVE_LEVEL);
	assert_ptr_equal(a.LockQueue.Lock, &lock);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeReleaseInStackQueuedSpinLock(&a);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	TH_AT_DISPATCH({
		KeAcquireInStackQueuedSpinLockAtDpcLevel(&lock, &b);
		assert_false(KeTryToAcquireSpinLockAtDpcLevel(&lock));
		KeReleaseInStackQueuedSpinLockFromDpcLevel(&b);
		assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	});
	th_expect(&t, VF_IRQL, 0);
	th_teardown(&t);
}

/* One NDIS_SPIN_LOCK taken three ways: its SpinLock is a KSPIN_LOCK. */
struct counter {
	NDIS_SPIN_LOCK lock;
	unsigned long value;
};

static void add_many(void *arg)
{
	struct counter *c = arg;
	KLOCK_QUEUE_HANDLE h;
	KIRQL old;

	for (int i = 0; i < 20000; i++) {
		switch (i % 3) {
		case 0:
			KeAcquireSpinLock(&c->lock.SpinLock, &old);
			c->value++;
			KeReleaseSpinLock(&c->lock.SpinLock, old);
			break;
		case 1:
			KeAcquireInStackQueuedSpinLock(&c->lock.SpinLock, &h);
			c->value++;
			KeReleaseInStackQueuedSpinLock(&h);
			break;
		default:
			NdisAcquireSpinLock(&c->lock);
			c->value++;
			NdisReleaseSpinLock(&c->lock);
			break;
		}
	}
}

static void test_mutual_exclusion(void **state)
{
	struct th t;
	struct ke_host h[2];
	struct counter c = { 0 };

	th_setup(&t, NULL);
	NdisAllocateSpinLock(&c.lock);
	for (int i = 0; i < 2; i++)
		ke_host_start(&h[i], t.k, add_many, &c);
	for (int i = 0; i < 2; i++)
		ke_host_join(&h[i]);
	assert_int_equal(c.value, 40000);
	NdisFreeSpinLock(&c.lock);
	th_expect(&t, VF_KE_ARG, 0);
	th_teardown(&t);
}

static void test_ndis_and_ke_share_the_lock(void **state)
{
	struct th t;
	NDIS_SPIN_LOCK l;

	th_setup(&t, NULL);
	NdisAllocateSpinLock(&l);
	NdisAcquireSpinLock(&l);
	assert_false(KeTryToAcquireSpinLockAtDpcLevel(&l.SpinLock));
	NdisReleaseSpinLock(&l);
	TH_AT_DISPATCH({
		assert_true(KeTryToAcquireSpinLockAtDpcLevel(&l.SpinLock));
		NdisDprReleaseSpinLock(&l);
	});
	th_expect(&t, VF_KE_ARG, 0);
	th_teardown(&t);
}

static void test_spin_lock_mistakes(void **state)
{
	struct th t;
	KSPIN_LOCK lock;
	KLOCK_QUEUE_HANDLE h;
	KIRQL old;

	th_setup(&t, NULL);
	KeInitializeSpinLock(&lock);
	KeReleaseSpinLock(&lock, PASSIVE_LEVEL);   /* not held */
	th_expect(&t, VF_KE_ARG, 1);
	th_expect(&t, VF_IRQL, 1);                  /* and not at DISPATCH */
	KeAcquireSpinLock(&lock, &old);
	KeAcquireSpinLockAtDpcLevel(&lock);         /* held already: a deadlock */
	th_expect(&t, VF_KE_ARG, 1);
	KeReleaseSpinLock(&lock, old);
	/* taken queued, released the ordinary way */
	KeAcquireInStackQueuedSpinLock(&lock, &h);
	KeReleaseSpinLock(&lock, h.OldIrql);
	th_expect(&t, VF_KE_ARG, 1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	/* KeRaiseIrql to a lower level, KeLowerIrql to a higher one */
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KeRaiseIrql(PASSIVE_LEVEL, &old);
	th_expect(&t, VF_IRQL, 1);
	KeLowerIrql(PASSIVE_LEVEL);
	KeLowerIrql(DISPATCH_LEVEL);
	th_expect(&t, VF_IRQL, 1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	th_teardown(&t);
}

static void test_time(void **state)
{
	struct th t;
	LARGE_INTEGER st, precise, ticks, ticks2, freq, pc, pc2;
	ULONG64 qpc, it;
	uint64_t t0;
	time_t now;

	th_setup(&t, NULL);
	KeQuerySystemTime(&st);
	KeQuerySystemTimePrecise(&precise);
	now = time(NULL);
	/* 100 ns since 1601-01-01 UTC */
	assert_true(llabs((long long)(precise.QuadPart / 10000000ll - 11644473600ll) -
			  (long long)now) <= 2);
	assert_int_equal(st.QuadPart % KeQueryTimeIncrement(), 0);   /* tick-granular */
	assert_true(st.QuadPart <= precise.QuadPart);
	assert_int_equal(KeQueryTimeIncrement(), 156250);
	KeQueryTickCount(&ticks);
	pc = KeQueryPerformanceCounter(&freq);
	assert_int_equal(freq.QuadPart, 10000000);
	ke_sleep_ms(40);
	KeQueryTickCount(&ticks2);
	pc2 = KeQueryPerformanceCounter(NULL);
	/* ticks x increment is elapsed time (facts 1.6) */
	assert_true(ticks2.QuadPart >= ticks.QuadPart + 1);
	assert_true(pc2.QuadPart - pc.QuadPart >= 40 * 10000);
	it = KeQueryInterruptTimePrecise(&qpc);
	assert_true(it >= KeQueryInterruptTime());
	assert_true(qpc >= (ULONG64)pc2.QuadPart);
	t0 = ke_now_ms();
	KeStallExecutionProcessor(3000);
	assert_true(ke_now_ms() - t0 >= 2);
	TH_AT_DISPATCH(KeStallExecutionProcessor(1));   /* any IRQL */
	th_expect(&t, VF_IRQL, 0);
	th_teardown(&t);
}

struct proc_seen {
	ULONG number;
	PROCESSOR_NUMBER pn;
};

static void query_processor(void *arg)
{
	struct proc_seen *p = arg;

	p->number = KeGetCurrentProcessorNumberEx(&p->pn);
}

static void test_processors(void **state)
{
	struct th t;
	struct th_options o;
	struct ke_host h[6];
	struct proc_seen seen[6];
	KAFFINITY mask;
	unsigned used = 0;

	th_default_options(&o);
	th_setup(&t, &o);
	assert_int_equal(KeQueryActiveProcessorCount(&mask), 4);
	assert_int_equal(mask, 0xF);
	assert_int_equal(KeQueryActiveProcessorCountEx(0), 4);
	assert_int_equal(KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS), 4);
	assert_int_equal(KeQueryActiveProcessorCountEx(1), 0);   /* no such group */
	assert_int_equal(KeGetCurrentProcessorNumber(), KeGetCurrentProcessorNumber());
	for (int i = 0; i < 6; i++)
		ke_host_start(&h[i], t.k, query_processor, &seen[i]);
	for (int i = 0; i < 6; i++) {
		ke_host_join(&h[i]);
		assert_true(seen[i].number < 4);
		assert_int_equal(seen[i].pn.Group, 0);
		assert_int_equal(seen[i].pn.Number, seen[i].number);
		used |= 1u << seen[i].number;
	}
	assert_true(used != 1u && used != 2u && used != 4u && used != 8u);   /* spread */
	th_teardown(&t);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * machine time is compared with the host's clock (time(NULL)):
	 * the host's clock, not virtual time */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acquire_raises_and_release_restores),
		cmocka_unit_test(test_in_stack_queued),
		cmocka_unit_test(test_mutual_exclusion),
		cmocka_unit_test(test_ndis_and_ke_share_the_lock),
		cmocka_unit_test(test_spin_lock_mistakes),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_processors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
