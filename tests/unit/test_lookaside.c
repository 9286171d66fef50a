/* test_lookaside.c — lookaside lists (facts §2.2), Ex and NDIS forms: LIFO
 * reuse, the bounded depth, custom Allocate/Free called with the documented
 * arguments, Delete and Flush handing every cached entry to Free, pool
 * entries by default, ExInitializeLookasideListEx's statuses, the list head
 * as the only state, misuse reported (HANDLE, POOL-FREE-BAD, IRQL),
 * several threads sharing one list, and a list not deleted
 * (LOOKASIDE-LEAK) when the memory holding it is freed. */
#include "harness.h"

#include <pthread.h>
#include <string.h>

#include "wdm/wdm_lookaside.h"

#define TAG_LKSD 'dsKL'

/* What the custom callbacks saw. */
static struct {
	int allocs, frees;
	POOL_TYPE type;
	SIZE_T size;
	ULONG tag;
	PLOOKASIDE_LIST_EX list;
	PVOID last_freed;
} cb;

static PVOID my_alloc(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	cb.allocs++;
	cb.type = PoolType;
	cb.size = NumberOfBytes;
	cb.tag = Tag;
	return ExAllocatePoolWithTag(NonPagedPoolNx, NumberOfBytes, Tag);
}

static VOID my_free(PVOID Buffer)
{
	cb.frees++;
	cb.last_freed = Buffer;
	ExFreePoolWithTag(Buffer, TAG_LKSD);
}

static PVOID my_alloc_ex(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
			 PLOOKASIDE_LIST_EX Lookaside)
{
	cb.list = Lookaside;
	return my_alloc(PoolType, NumberOfBytes, Tag);
}

static VOID my_free_ex(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside)
{
	cb.list = Lookaside;
	my_free(Buffer);
}

static void test_layout(void **state)
{
	assert_int_equal(sizeof(NPAGED_LOOKASIDE_LIST), 128);
	assert_int_equal(sizeof(PAGED_LOOKASIDE_LIST), 128);
	assert_int_equal(sizeof(GENERAL_LOOKASIDE), 128);
	assert_int_equal(sizeof(LOOKASIDE_LIST_EX), 96);
	assert_int_equal(LOOKASIDE_MINIMUM_BLOCK_SIZE, 8);
	assert_int_equal(EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL, 1);
	assert_int_equal(EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE, 2);
	assert_int_equal(STATUS_INVALID_PARAMETER_4, (NTSTATUS)0xC00000F2);
	assert_int_equal(STATUS_INVALID_PARAMETER_5, (NTSTATUS)0xC00000F3);
}

static void test_lifo_and_counters(void **state)
{
	NPAGED_LOOKASIDE_LIST l;
	struct th t;
	PVOID a, b, c;
	size_t blocks, bytes;

	th_setup(&t, NULL);
	ExInitializeNPagedLookasideList(&l, NULL, NULL, 0, 200, TAG_LKSD, 0);
	assert_int_equal(l.L.Depth, LOOKASIDE_DEPTH);
	assert_int_equal(l.L.Size, 200);
	assert_int_equal(l.L.Tag, TAG_LKSD);
	assert_int_equal(l.L.Type, NonPagedPool);
	a = ExAllocateFromNPagedLookasideList(&l);
	b = ExAllocateFromNPagedLookasideList(&l);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(l.L.TotalAllocates, 2);
	assert_int_equal(l.L.AllocateMisses, 2);
	pool_tag_usage(t.k, TAG_LKSD, &blocks, &bytes);    /* from pool, with the tag */
	assert_int_equal(blocks, 2);
	assert_int_equal(bytes, 400);
	ExFreeToNPagedLookasideList(&l, a);
	ExFreeToNPagedLookasideList(&l, b);
	assert_int_equal(ExQueryDepthSList(&l.L.ListHead), 2);
	c = ExAllocateFromNPagedLookasideList(&l);         /* LIFO: b, then a */
	assert_ptr_equal(c, b);
	assert_ptr_equal(ExAllocateFromNPagedLookasideList(&l), a);
	assert_int_equal(l.L.TotalAllocates, 4);
	assert_int_equal(l.L.AllocateMisses, 2);
	assert_int_equal(l.L.TotalFrees, 2);
	assert_int_equal(l.L.FreeMisses, 0);
	ExFreeToNPagedLookasideList(&l, a);
	ExFreeToNPagedLookasideList(&l, b);
	ExDeleteNPagedLookasideList(&l);                   /* cached entries to pool */
	pool_tag_usage(t.k, TAG_LKSD, &blocks, &bytes);
	assert_int_equal(blocks, 0);
	th_teardown(&t);
}

static void test_depth_bound_and_custom_callbacks(void **state)
{
	enum { N = LOOKASIDE_DEPTH + 44 };
	static PVOID e[N];
	NPAGED_LOOKASIDE_LIST l;
	struct th t;

	th_setup(&t, NULL);
	memset(&cb, 0, sizeof(cb));
	ExInitializeNPagedLookasideList(&l, my_alloc, my_free, POOL_NX_ALLOCATION, 3,
					TAG_LKSD, 7);
	assert_int_equal(l.L.Size, LOOKASIDE_MINIMUM_BLOCK_SIZE);   /* rounded up */
	for (int i = 0; i < N; i++)
		e[i] = ExAllocateFromNPagedLookasideList(&l);
	assert_int_equal(cb.allocs, N);
	assert_int_equal(cb.type, NonPagedPoolNx);         /* Flags join the pool type */
	assert_int_equal(cb.size, LOOKASIDE_MINIMUM_BLOCK_SIZE);
	assert_int_equal(cb.tag, TAG_LKSD);
	for (int i = 0; i < N; i++)
		ExFreeToNPagedLookasideList(&l, e[i]);
	/* the depth holds LOOKASIDE_DEPTH; the rest went to Free */
	assert_int_equal(ExQueryDepthSList(&l.L.ListHead), LOOKASIDE_DEPTH);
	assert_int_equal(cb.frees, N - LOOKASIDE_DEPTH);
	assert_ptr_equal(cb.last_freed, e[N - 1]);
	assert_int_equal(l.L.FreeMisses, N - LOOKASIDE_DEPTH);
	ExDeleteNPagedLookasideList(&l);                   /* the cached ones too */
	assert_int_equal(cb.frees, N);
	th_teardown(&t);
}

static void test_ex_list(void **state)
{
	LOOKASIDE_LIST_EX l;
	struct th t;
	PVOID a, b;

	th_setup(&t, NULL);
	memset(&cb, 0, sizeof(cb));
	assert_int_equal(ExInitializeLookasideListEx(&l, my_alloc_ex, my_free_ex, DontUseThisType,
						     0, 64, TAG_LKSD, 0),
			 STATUS_INVALID_PARAMETER_4);
	assert_int_equal(ExInitializeLookasideListEx(&l, my_alloc_ex, my_free_ex, NonPagedPoolNx,
						     3, 64, TAG_LKSD, 0),
			 STATUS_INVALID_PARAMETER_5);       /* both flags */
	assert_int_equal(ExInitializeLookasideListEx(&l, my_alloc_ex, my_free_ex, NonPagedPoolNx,
						     4, 64, TAG_LKSD, 0),
			 STATUS_INVALID_PARAMETER_5);       /* unknown flag */
	assert_int_equal(ExInitializeLookasideListEx(&l, my_alloc_ex, my_free_ex, NonPagedPoolNx,
						     EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE, 64,
						     TAG_LKSD, 0),
			 STATUS_SUCCESS);
	a = ExAllocateFromLookasideListEx(&l);
	assert_ptr_equal(cb.list, &l);                     /* the callbacks get the list */
	assert_int_equal(cb.type, NonPagedPoolNx);
	assert_int_equal(cb.size, 64);
	b = ExAllocateFromLookasideListEx(&l);
	ExFreeToLookasideListEx(&l, a);
	ExFreeToLookasideListEx(&l, b);
	assert_int_equal(cb.frees, 0);
	ExFlushLookasideListEx(&l);                        /* every cached entry to Free */
	assert_int_equal(cb.frees, 2);
	assert_int_equal(ExQueryDepthSList(&l.L.ListHead), 0);
	a = ExAllocateFromLookasideListEx(&l);             /* still usable */
	assert_int_equal(cb.allocs, 3);
	ExFreeToLookasideListEx(&l, a);
	cb.list = NULL;
	ExDeleteLookasideListEx(&l);
	assert_int_equal(cb.frees, 3);
	assert_ptr_equal(cb.list, &l);
	/* paged: entries from paged pool, <= APC_LEVEL */
	assert_int_equal(ExInitializeLookasideListEx(&l, NULL, NULL, PagedPool, 0, 32, TAG_LKSD, 0),
			 STATUS_SUCCESS);
	TH_AT_DISPATCH(a = ExAllocateFromLookasideListEx(&l));
	assert_null(a);
	th_expect(&t, VF_IRQL, 1);
	a = ExAllocateFromLookasideListEx(&l);
	ExFreeToLookasideListEx(&l, a);
	ExDeleteLookasideListEx(&l);
	th_teardown(&t);
}

static void test_paged_and_ndis_forms(void **state)
{
	PAGED_LOOKASIDE_LIST p;
	NPAGED_LOOKASIDE_LIST n;
	struct th t;
	PVOID a;

	th_setup(&t, NULL);
	ExInitializePagedLookasideList(&p, NULL, NULL, 0, 48, TAG_LKSD, 0);
	assert_int_equal(p.L.Type, PagedPool);
	a = ExAllocateFromPagedLookasideList(&p);
	ExFreeToPagedLookasideList(&p, a);
	ExDeletePagedLookasideList(&p);

	memset(&cb, 0, sizeof(cb));
	NdisInitializeNPagedLookasideList(&n, my_alloc, my_free, 0, 1514, TAG_LKSD, 0);
	a = NdisAllocateFromNPagedLookasideList(&n);
	assert_int_equal(cb.allocs, 1);
	assert_int_equal(cb.size, 1514);
	NdisFreeToNPagedLookasideList(&n, a);
	/* an NDIS list is an Ex one: the routines mix */
	assert_ptr_equal(ExAllocateFromNPagedLookasideList(&n), a);
	ExFreeToNPagedLookasideList(&n, a);
	NdisDeleteNPagedLookasideList(&n);
	assert_int_equal(cb.frees, 1);
	assert_int_equal(NdisGetSharedDataAlignment(), 64);
	th_teardown(&t);
}

static void test_misuse(void **state)
{
	NPAGED_LOOKASIDE_LIST n;
	LOOKASIDE_LIST_EX x;
	struct th t;

	th_setup(&t, NULL);
	memset(&n, 0, sizeof(n));
	assert_null(ExAllocateFromNPagedLookasideList(&n));       /* never initialized */
	th_expect(&t, VF_HANDLE, 1);
	ExInitializeNPagedLookasideList(&n, NULL, NULL, 0, 16, TAG_LKSD, 0);
	ExFreeToNPagedLookasideList(&n, NULL);
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	/* an Ex routine on an NPAGED head */
	assert_null(ExAllocateFromLookasideListEx((PLOOKASIDE_LIST_EX)(void *)&n));
	th_expect(&t, VF_HANDLE, 1);
	ExDeleteNPagedLookasideList(&n);
	assert_null(NdisAllocateFromNPagedLookasideList(&n));     /* deleted */
	th_expect(&t, VF_HANDLE, 1);
	ExDeleteNPagedLookasideList(&n);
	th_expect(&t, VF_HANDLE, 1);
	/* a head copied elsewhere is not the list */
	assert_int_equal(ExInitializeLookasideListEx(&x, NULL, NULL, NonPagedPool, 0, 16,
						     TAG_LKSD, 0), STATUS_SUCCESS);
	LOOKASIDE_LIST_EX copy = x;
	assert_null(ExAllocateFromLookasideListEx(&copy));
	th_expect(&t, VF_HANDLE, 1);
	ExDeleteLookasideListEx(&x);
	kernel_set_irql(KIRQL_DEVICE);
	ExInitializeNPagedLookasideList(&n, NULL, NULL, 0, 16, TAG_LKSD, 0);
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	ExDeleteNPagedLookasideList(&n);
	th_teardown(&t);
}

/* A list whose memory is freed while it is live: reported, its cached pool
 * entries given back (the pools end at their baseline). */
static void test_freed_while_live(void **state)
{
	struct ctx {
		ULONG before;
		NPAGED_LOOKASIDE_LIST list;
	} *c;
	struct th t;
	PVOID e;

	th_setup(&t, NULL);
	c = NdisAllocateMemoryWithTagPriority(t.adapter_handle, sizeof(*c), TAG_LKSD,
					      NormalPoolPriority);
	NdisInitializeNPagedLookasideList(&c->list, NULL, NULL, 0, 100, TAG_LKSD, 0);
	e = NdisAllocateFromNPagedLookasideList(&c->list);
	NdisFreeToNPagedLookasideList(&c->list, e);
	NdisFreeMemory(c, 0, 0);
	th_expect(&t, VF_LOOKASIDE_LEAK, 1);
	const struct vf_record *r = vf_record_at(t.vf, vf_stored(t.vf) - 1);
	assert_non_null(strstr(r->message, "memory freed: lookaside list"));
	assert_non_null(strstr(r->message, "(tag 'LKsd') was not deleted; 1 cached entry reclaimed"));
	assert_non_null(r->facts.alloc_site);              /* the Initialize call */
	th_teardown(&t);
}

/* Several threads allocate from and free to one list (TSan: the S-list and
 * the counters are the only shared state). */
struct worker {
	NPAGED_LOOKASIDE_LIST *list;
	struct kernel *k;
	int rounds;
	atomic_int failures;            /* cmocka asserts only on the main thread */
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	PVOID held[8];

	kernel_enter(w->k);
	kernel_set_irql(KIRQL_DISPATCH);
	for (int r = 0; r < w->rounds; r++) {
		for (int i = 0; i < 8; i++) {
			held[i] = ExAllocateFromNPagedLookasideList(w->list);
			if (!held[i]) {
				atomic_fetch_add(&w->failures, 1);
				return NULL;
			}
			memset(held[i], r & 0xFF, 64);     /* the entry is this thread's */
		}
		for (int i = 0; i < 8; i++)
			ExFreeToNPagedLookasideList(w->list, held[i]);
	}
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_enter(NULL);
	return NULL;
}

static void test_threads_share_a_list(void **state)
{
	enum { THREADS = 4 };
	NPAGED_LOOKASIDE_LIST l;
	struct worker w = { &l, NULL, 2000, 0 };
	pthread_t th[THREADS];
	struct th t;

	/* its own host threads call into the machine: real concurrency (threads) */
	th_setup_threads(&t);
	w.k = t.k;
	ExInitializeNPagedLookasideList(&l, NULL, NULL, 0, 64, TAG_LKSD, 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&w.failures), 0);
	assert_int_equal(l.L.TotalAllocates, THREADS * 2000 * 8);
	assert_int_equal(l.L.TotalFrees, THREADS * 2000 * 8);
	/* never more entries than the threads held at once */
	assert_true(l.L.AllocateMisses <= THREADS * 8);
	assert_int_equal(ExQueryDepthSList(&l.L.ListHead), l.L.AllocateMisses);
	ExDeleteNPagedLookasideList(&l);
	th_teardown(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_lifo_and_counters),
		cmocka_unit_test(test_depth_bound_and_custom_callbacks),
		cmocka_unit_test(test_ex_list),
		cmocka_unit_test(test_paged_and_ndis_forms),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_freed_while_live),
		cmocka_unit_test(test_threads_share_a_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
