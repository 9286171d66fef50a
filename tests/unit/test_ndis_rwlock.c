/* test_ndis_rwlock.c — NDIS read/write locks (facts §6.1), the classic
 * NDIS_RW_LOCK and the NDIS 6.20 NDIS_RW_LOCK_EX: IRQL raised to DISPATCH
 * and restored, recursion on one context (read, write, read under write),
 * misuse reported (RWLOCK-MISUSE, HANDLE, IRQL), the EX lock a tracked
 * resource of its handle's owner, and with threads: readers inside
 * together, a writer alone, a recursive read passing a waiting writer. */
#define NDIS_SUPPORT_60_COMPATIBLE_API 1   /* the classic lock too */
#include "harness.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

#include "ndis/rwlock.h"

static void test_layout(void **state)
{
	assert_int_equal(sizeof(NDIS_RW_LOCK), 16 + 16 * MAXIMUM_PROCESSORS);
	assert_int_equal(MAXIMUM_PROCESSORS, 64);
	assert_int_equal(sizeof(LOCK_STATE), 4);
	assert_int_equal(sizeof(LOCK_STATE_EX), 3);
	assert_int_equal(NDIS_RWL_AT_DISPATCH_LEVEL, 1);
}

static void test_classic_irql_and_recursion(void **state)
{
	NDIS_RW_LOCK l;
	LOCK_STATE s1, s2, s3;
	struct th t;

	th_setup(&t, NULL);
	NdisInitializeReadWriteLock(&l);
	NdisAcquireReadWriteLock(&l, FALSE, &s1);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);    /* always raises */
	assert_int_equal(s1.OldIrql, PASSIVE_LEVEL);
	NdisAcquireReadWriteLock(&l, FALSE, &s2);              /* recursive read */
	assert_int_equal(s2.OldIrql, DISPATCH_LEVEL);
	NdisReleaseReadWriteLock(&l, &s2);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	NdisReleaseReadWriteLock(&l, &s1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);    /* restored */

	NdisAcquireReadWriteLock(&l, TRUE, &s1);
	NdisAcquireReadWriteLock(&l, TRUE, &s2);               /* recursive write */
	NdisAcquireReadWriteLock(&l, FALSE, &s3);              /* read under write */
	NdisReleaseReadWriteLock(&l, &s3);
	NdisReleaseReadWriteLock(&l, &s2);
	NdisReleaseReadWriteLock(&l, &s1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	assert_false(rw_core_held((struct rw_core *)(void *)&l));
	/* from DISPATCH_LEVEL: stays there */
	TH_AT_DISPATCH({
		NdisAcquireReadWriteLock(&l, TRUE, &s1);
		assert_int_equal(s1.OldIrql, DISPATCH_LEVEL);
		NdisReleaseReadWriteLock(&l, &s1);
		assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	});
	th_teardown(&t);
}

static void test_classic_misuse(void **state)
{
	NDIS_RW_LOCK l;
	LOCK_STATE s1, s2;
	struct th t;

	th_setup(&t, NULL);
	memset(&l, 0, sizeof(l));
	NdisAcquireReadWriteLock(&l, FALSE, &s1);              /* not initialized */
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	NdisInitializeReadWriteLock(&l);
	memset(&s2, 0, sizeof(s2));
	TH_AT_DISPATCH(NdisReleaseReadWriteLock(&l, &s2));     /* never acquired */
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	NdisAcquireReadWriteLock(&l, FALSE, &s1);
	NdisReleaseReadWriteLock(&l, &s1);
	TH_AT_DISPATCH(NdisReleaseReadWriteLock(&l, &s1));     /* twice */
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	/* promotion: reported, granted (no other reader) */
	NdisAcquireReadWriteLock(&l, FALSE, &s1);
	NdisAcquireReadWriteLock(&l, TRUE, &s2);
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	NdisReleaseReadWriteLock(&l, &s2);
	NdisReleaseReadWriteLock(&l, &s1);
	assert_false(rw_core_held((struct rw_core *)(void *)&l));
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	/* acquiring above DISPATCH_LEVEL */
	kernel_set_irql(KIRQL_DEVICE);
	NdisAcquireReadWriteLock(&l, FALSE, &s1);
	th_expect(&t, VF_IRQL, 1);
	NdisReleaseReadWriteLock(&l, &s1);
	th_expect(&t, VF_IRQL, 1);                             /* release: at DISPATCH */
	kernel_set_irql(KIRQL_PASSIVE);
	th_teardown(&t);
}

static void report_leak(struct kres *r, void *ctx)
{
	(void)r;
	++*(size_t *)ctx;
}

static void test_ex_lifecycle(void **state)
{
	struct th_options o;
	PNDIS_RW_LOCK_EX l, d, n;
	LOCK_STATE_EX s1, s2;
	struct th t;
	size_t leaked = 0;

	th_setup(&t, NULL);
	l = NdisAllocateRWLock(t.adapter_handle);
	assert_non_null(l);
	assert_int_equal(t.adapter.resources.count, 1);     /* the adapter's resource */
	NdisAcquireRWLockRead(l, &s1, 0);
	assert_int_equal(KeGetCurrentIrql(), DISPATCH_LEVEL);
	assert_int_equal(s1.OldIrql, PASSIVE_LEVEL);
	NdisAcquireRWLockRead(l, &s2, NDIS_RWL_AT_DISPATCH_LEVEL);
	assert_int_equal(s2.OldIrql, DISPATCH_LEVEL);
	assert_int_equal(s2.Flags, NDIS_RWL_AT_DISPATCH_LEVEL);
	NdisReleaseRWLock(l, &s2);
	NdisReleaseRWLock(l, &s1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	NdisAcquireRWLockWrite(l, &s1, 0);
	NdisAcquireRWLockWrite(l, &s2, NDIS_RWL_AT_DISPATCH_LEVEL);   /* recursive */
	NdisReleaseRWLock(l, &s2);
	NdisReleaseRWLock(l, &s1);
	/* the flag claims DISPATCH_LEVEL: at PASSIVE it is an IRQL report */
	NdisAcquireRWLockRead(l, &s1, NDIS_RWL_AT_DISPATCH_LEVEL);
	th_expect(&t, VF_IRQL, 1);
	NdisReleaseRWLock(l, &s1);
	NdisFreeRWLock(l);
	assert_int_equal(t.adapter.resources.count, 0);
	NdisAcquireRWLockRead(l, &s1, 0);                      /* stale */
	th_expect(&t, VF_HANDLE, 1);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);

	/* a driver handle, a NULL handle (DriverEntry), a bad one */
	d = NdisAllocateRWLock(t.driver.handle);
	assert_int_equal(t.driver.resources.count, 1);
	n = NdisAllocateRWLock(NULL);
	assert_non_null(n);
	assert_null(NdisAllocateRWLock((NDIS_HANDLE)&t));
	th_expect(&t, VF_HANDLE, 1);
	NdisFreeRWLock(n);
	/* left to the owner: reclaimed with its resources */
	assert_int_equal(kres_reclaim_all(&t.driver.resources, report_leak, &leaked), 1);
	assert_int_equal(leaked, 1);
	NdisAcquireRWLockWrite(d, &s1, 0);
	th_expect(&t, VF_HANDLE, 1);
	th_teardown(&t);

	th_default_options(&o);
	o.fault.mode = FAULT_NTH;
	o.fault.nth = 1;
	th_setup(&t, &o);
	assert_null(NdisAllocateRWLock(t.adapter_handle));
	assert_string_equal(t.k->last_fault_site, "ndis.rwlock");
	th_teardown(&t);
}

static void test_ex_misuse(void **state)
{
	PNDIS_RW_LOCK_EX l;
	LOCK_STATE_EX s1, s2;
	struct th t;

	th_setup(&t, NULL);
	l = NdisAllocateRWLock(t.adapter_handle);
	memset(&s1, 0, sizeof(s1));
	TH_AT_DISPATCH(NdisReleaseRWLock(l, &s1));             /* not acquired */
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	NdisAcquireRWLockRead(l, &s1, 0);
	NdisAcquireRWLockWrite(l, &s2, NDIS_RWL_AT_DISPATCH_LEVEL);   /* promotion */
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	NdisReleaseRWLock(l, &s2);
	/* freed while held: reported; the last release completes the free */
	NdisFreeRWLock(l);
	th_expect(&t, VF_RWLOCK_MISUSE, 1);
	assert_int_equal(t.adapter.resources.count, 1);
	NdisReleaseRWLock(l, &s1);
	assert_int_equal(t.adapter.resources.count, 0);
	assert_int_equal(KeGetCurrentIrql(), PASSIVE_LEVEL);
	NdisFreeRWLock(l);                                     /* freed already */
	th_expect(&t, VF_HANDLE, 1);
	NdisFreeRWLock((PNDIS_RW_LOCK_EX)(void *)&s1);         /* garbage */
	th_expect(&t, VF_HANDLE, 1);
	th_teardown(&t);
}

/* ---- threads --------------------------------------------------------------- */

enum { THREADS = 4, ROUNDS = 3000 };

struct shared {
	NDIS_RW_LOCK classic;
	PNDIS_RW_LOCK_EX ex;
	bool use_ex;
	struct kernel *k;
	atomic_int readers_in, writers_in, failures, arrived;
	long a, b;                             /* a == b under the lock */
};

static void acquire(struct shared *s, bool write, LOCK_STATE *ls, LOCK_STATE_EX *lx)
{
	if (!s->use_ex)
		NdisAcquireReadWriteLock(&s->classic, write, ls);
	else if (write)
		NdisAcquireRWLockWrite(s->ex, lx, 0);
	else
		NdisAcquireRWLockRead(s->ex, lx, 0);
}

static void release(struct shared *s, LOCK_STATE *ls, LOCK_STATE_EX *lx)
{
	if (s->use_ex)
		NdisReleaseRWLock(s->ex, lx);
	else
		NdisReleaseReadWriteLock(&s->classic, ls);
}

/* Two readers inside at once: each waits inside for the other (a lock
 * that excluded readers would never let both in). */
static void *reader_meets(void *arg)
{
	struct shared *s = arg;
	LOCK_STATE ls;
	LOCK_STATE_EX lx;

	kernel_enter(s->k);
	acquire(s, false, &ls, &lx);
	atomic_fetch_add(&s->arrived, 1);
	while (atomic_load(&s->arrived) < 2)
		sched_yield();
	release(s, &ls, &lx);
	kernel_enter(NULL);
	return NULL;
}

static void *mixed(void *arg)
{
	struct shared *s = arg;
	LOCK_STATE ls;
	LOCK_STATE_EX lx;

	kernel_enter(s->k);
	for (int r = 0; r < ROUNDS; r++) {
		bool write = r % 4 == 0;

		acquire(s, write, &ls, &lx);
		if (write) {
			if (atomic_fetch_add(&s->writers_in, 1) || atomic_load(&s->readers_in))
				atomic_fetch_add(&s->failures, 1);
			s->a++;
			s->b++;
			atomic_fetch_sub(&s->writers_in, 1);
		} else {
			atomic_fetch_add(&s->readers_in, 1);
			if (atomic_load(&s->writers_in) || s->a != s->b)
				atomic_fetch_add(&s->failures, 1);
			atomic_fetch_sub(&s->readers_in, 1);
		}
		release(s, &ls, &lx);
		if (KeGetCurrentIrql() != PASSIVE_LEVEL)
			atomic_fetch_add(&s->failures, 1);
	}
	kernel_enter(NULL);
	return NULL;
}

static void run(struct shared *s, void *(*fn)(void *), int n)
{
	pthread_t th[THREADS];

	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_create(&th[i], NULL, fn, s), 0);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
}

static void test_threads(void **state)
{
	static struct shared s;
	struct th t;

	/* its own host threads call into the machine: real concurrency (threads) */
	th_setup_threads(&t);
	for (int ex = 0; ex < 2; ex++) {
		memset(&s, 0, sizeof(s));
		s.k = t.k;
		s.use_ex = ex;
		NdisInitializeReadWriteLock(&s.classic);
		s.ex = NdisAllocateRWLock(t.adapter_handle);
		run(&s, reader_meets, 2);
		assert_int_equal(atomic_load(&s.arrived), 2);
		run(&s, mixed, THREADS);
		assert_int_equal(atomic_load(&s.failures), 0);
		assert_int_equal(s.a, THREADS * ROUNDS / 4);
		assert_int_equal(s.a, s.b);
		NdisFreeRWLock(s.ex);
	}
	th_teardown(&t);
}

/* A context holding read takes it again while a writer waits: it must pass
 * (the writer cannot get in before the first read is released anyway). */
struct waiter {
	NDIS_RW_LOCK *lock;
	struct kernel *k;
	atomic_int got;
};

static void *writer(void *arg)
{
	struct waiter *w = arg;
	LOCK_STATE ls;

	kernel_enter(w->k);
	NdisAcquireReadWriteLock(w->lock, TRUE, &ls);
	atomic_store(&w->got, 1);
	NdisReleaseReadWriteLock(w->lock, &ls);
	kernel_enter(NULL);
	return NULL;
}

static void test_recursive_read_passes_waiting_writer(void **state)
{
	static NDIS_RW_LOCK l;
	struct waiter w = { &l, NULL, 0 };
	struct rw_core *c = (struct rw_core *)(void *)&l;
	LOCK_STATE s1, s2;
	pthread_t th;
	struct th t;

	/* its own host threads call into the machine: real concurrency (threads) */
	th_setup_threads(&t);
	w.k = t.k;
	NdisInitializeReadWriteLock(&l);
	NdisAcquireReadWriteLock(&l, FALSE, &s1);
	assert_int_equal(pthread_create(&th, NULL, writer, &w), 0);
	while (atomic_load(&c->writers_waiting) == 0)
		sched_yield();
	NdisAcquireReadWriteLock(&l, FALSE, &s2);              /* no deadlock */
	assert_int_equal(atomic_load(&w.got), 0);               /* the writer still waits */
	NdisReleaseReadWriteLock(&l, &s2);
	NdisReleaseReadWriteLock(&l, &s1);
	pthread_join(th, NULL);
	assert_int_equal(atomic_load(&w.got), 1);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_classic_irql_and_recursion),
		cmocka_unit_test(test_classic_misuse),
		cmocka_unit_test(test_ex_lifecycle),
		cmocka_unit_test(test_ex_misuse),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_recursive_read_passes_waiting_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
