/* test_slist.c — S-lists and the interlocked lists (facts §4.1): the
 * 16-byte header (depth, sequence, first entry as HeaderX64 lays them out),
 * LIFO push/pop with the documented return values, flush, depth, the
 * kernel-mode macros and the NDIS wrappers; ExInterlocked*List under a
 * KSPIN_LOCK; and several threads on one S-list and one locked list, every
 * entry owned by exactly one thread at a time (TSan checks the rest). */
#include "harness.h"

#include <pthread.h>
#include <string.h>

struct item {
	SLIST_ENTRY link;                 /* 16-aligned, first */
	atomic_int owner;                 /* 0: on the list; else a thread's id */
	int value;
};

static void test_header_layout_and_lifo(void **state)
{
	SLIST_HEADER h;
	struct item it[3];
	struct th t;

	th_setup(&t, NULL);
	memset(&h, 0xA5, sizeof(h));
	InitializeSListHead(&h);
	assert_int_equal(QueryDepthSList(&h), 0);
	assert_null(InterlockedPopEntrySList(&h));
	assert_null(ExInterlockedFlushSList(&h));
	/* push returns the previous first entry, NULL on an empty list */
	assert_null(InterlockedPushEntrySList(&h, &it[0].link));
	assert_ptr_equal(ExInterlockedPushEntrySList(&h, &it[1].link, NULL), &it[0].link);
	assert_ptr_equal(ExpInterlockedPushEntrySList(&h, &it[2].link), &it[1].link);
	assert_int_equal(ExQueryDepthSList(&h), 3);
	/* HeaderX64: Depth in bits 0..15, NextEntry = first >> 4 */
	assert_int_equal(h.HeaderX64.Depth, 3);
	assert_int_equal((uintptr_t)h.HeaderX64.NextEntry << 4, (uintptr_t)&it[2].link);
	assert_true(h.HeaderX64.Sequence >= 3);
	assert_ptr_equal(it[2].link.Next, &it[1].link);
	/* LIFO */
	assert_ptr_equal(ExInterlockedPopEntrySList(&h, NULL), &it[2].link);
	assert_int_equal(ExQueryDepthSList(&h), 2);
	/* flush returns the chain, the list is empty after */
	PSLIST_ENTRY chain = InterlockedFlushSList(&h);
	assert_ptr_equal(chain, &it[1].link);
	assert_ptr_equal(chain->Next, &it[0].link);
	assert_null(chain->Next->Next);
	assert_int_equal(ExQueryDepthSList(&h), 0);
	assert_null(ExpInterlockedPopEntrySList(&h));
	ExInitializeSListHead(&h);
	assert_int_equal(h.Alignment, 0);
	assert_int_equal(h.Region, 0);
	th_teardown(&t);
}

static void test_ndis_wrappers(void **state)
{
	SLIST_HEADER h;
	NDIS_SPIN_LOCK lock;
	struct item it[2];
	PSINGLE_LIST_ENTRY s;
	PSLIST_ENTRY e;
	struct th t;

	th_setup(&t, NULL);
	NdisAllocateSpinLock(&lock);
	NdisInitializeSListHead(&h);
	assert_int_equal(NdisQueryDepthSList(&h), 0);
	s = NdisInterlockedPushEntrySList(&h, &it[0].link, &lock);   /* C: either type */
	assert_null(s);
	e = NdisInterlockedPushEntrySList(&h, (PSINGLE_LIST_ENTRY)&it[1].link, &lock);
	assert_ptr_equal(e, &it[0].link);
	assert_int_equal(NdisQueryDepthSList(&h), 2);
	e = NdisInterlockedPopEntrySList(&h, &lock);
	assert_ptr_equal(e, &it[1].link);
	s = NdisInterlockedPopEntrySList(&h, &lock);
	assert_ptr_equal(s, &it[0].link);
	assert_null(NdisInterlockedPopEntrySList(&h, &lock));
	assert_int_equal(lock.SpinLock, 0);                /* not taken on x64 */
	NdisFreeSpinLock(&lock);
	th_teardown(&t);
}

static void test_interlocked_lists(void **state)
{
	LIST_ENTRY head, e[3];
	SINGLE_LIST_ENTRY shead, s[2];
	KSPIN_LOCK lock = 0;
	struct th t;

	th_setup(&t, NULL);
	InitializeListHead(&head);
	assert_null(ExInterlockedRemoveHeadList(&head, &lock));
	assert_null(ExInterlockedInsertHeadList(&head, &e[0], &lock));    /* was empty */
	assert_ptr_equal(ExInterlockedInsertHeadList(&head, &e[1], &lock), &e[0]);
	assert_ptr_equal(ExInterlockedInsertTailList(&head, &e[2], &lock), &e[0]);  /* old last */
	assert_int_equal(lock, 0);                         /* released */
	assert_ptr_equal(ExInterlockedRemoveHeadList(&head, &lock), &e[1]);
	assert_ptr_equal(ExInterlockedRemoveHeadList(&head, &lock), &e[0]);
	assert_ptr_equal(ExInterlockedRemoveHeadList(&head, &lock), &e[2]);
	assert_true(IsListEmpty(&head));
	InitializeListHead(&head);
	assert_null(ExInterlockedInsertTailList(&head, &e[0], &lock));
	assert_ptr_equal(ExInterlockedRemoveHeadList(&head, &lock), &e[0]);

	shead.Next = NULL;
	assert_null(ExInterlockedPopEntryList(&shead, &lock));
	assert_null(ExInterlockedPushEntryList(&shead, &s[0], &lock));
	assert_ptr_equal(ExInterlockedPushEntryList(&shead, &s[1], &lock), &s[0]);
	assert_ptr_equal(ExInterlockedPopEntryList(&shead, &lock), &s[1]);
	assert_ptr_equal(ExInterlockedPopEntryList(&shead, &lock), &s[0]);
	assert_null(shead.Next);
	th_teardown(&t);
}

/* ---- threads ------------------------------------------------------------ */

enum { THREADS = 4, ITEMS = 64, ROUNDS = 20000 };

struct shared {
	SLIST_HEADER h;
	LIST_ENTRY head;
	KSPIN_LOCK lock;
	struct item items[ITEMS];
	LIST_ENTRY links[ITEMS];
	atomic_int failures;
	atomic_long checksum;
};

struct thread_arg {
	struct shared *s;
	int id;
};

/* Pop, own, push back: a double pop (ABA) would show as two owners. */
static void *slist_worker(void *arg)
{
	struct thread_arg *a = arg;
	struct shared *s = a->s;

	for (int r = 0; r < ROUNDS; r++) {
		struct item *it = (struct item *)InterlockedPopEntrySList(&s->h);
		int none = 0;

		if (!it)
			continue;
		if (!atomic_compare_exchange_strong(&it->owner, &none, a->id))
			atomic_fetch_add(&s->failures, 1);
		it->value++;                          /* plain: this thread owns it */
		atomic_store(&it->owner, 0);
		InterlockedPushEntrySList(&s->h, &it->link);
	}
	return NULL;
}

static void *list_worker(void *arg)
{
	struct thread_arg *a = arg;
	struct shared *s = a->s;

	for (int r = 0; r < ROUNDS / 4; r++) {
		PLIST_ENTRY e = ExInterlockedRemoveHeadList(&s->head, &s->lock);

		if (!e)
			continue;
		atomic_fetch_add(&s->checksum, e - s->links);
		ExInterlockedInsertTailList(&s->head, e, &s->lock);
	}
	return NULL;
}

static void run_threads(struct shared *s, void *(*fn)(void *))
{
	pthread_t th[THREADS];
	struct thread_arg args[THREADS];

	for (int i = 0; i < THREADS; i++) {
		args[i] = (struct thread_arg){ s, i + 1 };
		assert_int_equal(pthread_create(&th[i], NULL, fn, &args[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
}

static void test_threads(void **state)
{
	static struct shared s;
	struct th t;
	long values = 0;
	int n = 0;

	/* its own host threads call into the machine: real concurrency (threads) */
	th_setup_threads(&t);
	memset(&s, 0, sizeof(s));
	InitializeSListHead(&s.h);
	for (int i = 0; i < ITEMS; i++)
		InterlockedPushEntrySList(&s.h, &s.items[i].link);
	run_threads(&s, slist_worker);
	assert_int_equal(atomic_load(&s.failures), 0);
	assert_int_equal(QueryDepthSList(&s.h), ITEMS);
	/* every item back once, and the work done on them all counted */
	for (PSLIST_ENTRY e = InterlockedFlushSList(&s.h); e; e = e->Next, n++)
		values += ((struct item *)e)->value;
	assert_int_equal(n, ITEMS);
	assert_true(values > 0 && values <= (long)THREADS * ROUNDS);

	InitializeListHead(&s.head);
	for (int i = 0; i < ITEMS; i++)
		InsertTailList(&s.head, &s.links[i]);
	run_threads(&s, list_worker);
	n = 0;
	for (PLIST_ENTRY e = s.head.Flink; e != &s.head; e = e->Flink)
		n++;
	assert_int_equal(n, ITEMS);
	assert_int_equal(s.lock, 0);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_layout_and_lifo),
		cmocka_unit_test(test_ndis_wrappers),
		cmocka_unit_test(test_interlocked_lists),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
