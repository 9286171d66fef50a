/* test_ex_pool.c — ExAllocatePool* and ExFreePool* and the pool table they
 * share with NdisAllocateMemoryWithTagPriority (facts §2.1): alignment and
 * page crossing, contents (pattern or zero), every POOL_TYPE and POOL_FLAG
 * rule, IRQL rules, tags tracked, frees across the two families, every
 * kind of wrong free reported (POOL-FREE-BAD) without a crash, fault
 * injection at the allocation site, and what the machine's destruction
 * reports (POOL-LEAK). */
#include "harness.h"

#include <pthread.h>
#include <string.h>

#include "wdm/wdm_pool.h"

#define TAG_FRED 'derF'     /* shows as "Fred" */

static const char *last_message(struct th *t)
{
	const struct vf_record *r = vf_record_at(t->vf, vf_stored(t->vf) - 1);

	return r ? r->message : "";
}

static bool all_bytes(const void *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (((const unsigned char *)p)[i] != v)
			return false;
	return true;
}

static void test_alignment_and_pages(void **state)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 1000, 2000, 2049, 3000,
					4095, 4096, 4097, 10000, 70000 };
	struct th t;

	th_setup(&t, NULL);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* several of each size: the C library's placement varies */
		PVOID p[8];

		for (int j = 0; j < 8; j++) {
			uintptr_t a;

			p[j] = ExAllocatePoolWithTag(NonPagedPoolNx, sizes[i], TAG_FRED);
			assert_non_null(p[j]);
			a = (uintptr_t)p[j];
			if (sizes[i] >= PAGE_SIZE) {
				assert_int_equal(a % PAGE_SIZE, 0);
			} else {
				assert_int_equal(a % 16, 0);
				/* never crosses a page */
				assert_int_equal(a / PAGE_SIZE, (a + sizes[i] - 1) / PAGE_SIZE);
			}
		}
		for (int j = 0; j < 8; j++)
			ExFreePoolWithTag(p[j], TAG_FRED);
	}
	/* cache-aligned types: 64 */
	PVOID c = ExAllocatePoolWithTag(NonPagedPoolCacheAligned, 8, TAG_FRED);
	assert_int_equal((uintptr_t)c % 64, 0);
	ExFreePool(c);
	c = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED, 24, TAG_FRED);
	assert_int_equal((uintptr_t)c % 64, 0);
	ExFreePool(c);
	th_teardown(&t);
}

static void test_contents(void **state)
{
	struct th t;
	PVOID p;

	th_setup(&t, NULL);
	p = ExAllocatePoolWithTag(NonPagedPool, 300, TAG_FRED);
	assert_true(all_bytes(p, 300, POOL_FILL));        /* uninitialized: the pattern */
	memset(p, 0x11, 300);
	ExFreePool(p);
	p = ExAllocatePoolUninitialized(NonPagedPoolNx, 300, TAG_FRED);
	assert_true(all_bytes(p, 300, POOL_FILL));
	ExFreePool(p);
	p = ExAllocatePoolZero(NonPagedPoolNx, 300, TAG_FRED);
	assert_true(all_bytes(p, 300, 0));
	ExFreePool(p);
	p = ExAllocatePool2(POOL_FLAG_NON_PAGED, 5000, TAG_FRED);
	assert_true(all_bytes(p, 5000, 0));                /* zeroed by default */
	ExFreePool(p);
	p = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_UNINITIALIZED, 64, TAG_FRED);
	assert_true(all_bytes(p, 64, POOL_FILL));
	ExFreePool(p);
	p = ExAllocatePool(PagedPool, 10);
	assert_non_null(p);
	size_t blocks, bytes;
	pool_tag_usage(t.k, 'enoN', &blocks, &bytes);     /* ExAllocatePool: "None" */
	assert_int_equal(blocks, 1);
	assert_int_equal(bytes, 10);
	ExFreePool(p);
	th_teardown(&t);
}

static void test_pool_types(void **state)
{
	static const POOL_TYPE good[] = {
		NonPagedPool, PagedPool, NonPagedPoolMustSucceed, NonPagedPoolCacheAligned,
		PagedPoolCacheAligned, NonPagedPoolCacheAlignedMustS, NonPagedPoolSession,
		PagedPoolSession, NonPagedPoolCacheAlignedSession, NonPagedPoolNx,
		NonPagedPoolNxCacheAligned, NonPagedPoolSessionNx,
		(POOL_TYPE)(NonPagedPool | POOL_RAISE_IF_ALLOCATION_FAILURE),
		(POOL_TYPE)(PagedPool | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE | POOL_COLD_ALLOCATION),
	};
	static const POOL_TYPE bad[] = { DontUseThisType, MaxPoolType, DontUseThisTypeSession,
					 (POOL_TYPE)64, (POOL_TYPE)1024, (POOL_TYPE)-1 };
	struct th t;

	th_setup(&t, NULL);
	assert_int_equal(NonPagedPoolNx, 512);
	assert_int_equal(NonPagedPoolNxCacheAligned, 516);
	assert_int_equal(NonPagedPoolSessionNx, 544);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		PVOID p = ExAllocatePoolWithTag(good[i], 32, TAG_FRED);

		assert_non_null(p);
		ExFreePoolWithTag(p, TAG_FRED);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(ExAllocatePoolWithTag(bad[i], 32, TAG_FRED));
	th_expect(&t, VF_POOL_BAD_ALLOC, sizeof(bad) / sizeof(bad[0]));
	assert_non_null(strstr(last_message(&t), "invalid POOL_TYPE"));
	/* zero bytes: flagged, and still a valid block */
	PVOID z = ExAllocatePoolWithTag(NonPagedPool, 0, TAG_FRED);
	assert_non_null(z);
	th_expect(&t, VF_POOL_BAD_ALLOC, 1);
	assert_non_null(strstr(last_message(&t), "zero bytes"));
	ExFreePool(z);
	/* more than the pool will ever give */
	assert_null(ExAllocatePoolWithTag(NonPagedPool, (SIZE_T)-1, TAG_FRED));
	assert_null(ExAllocatePool2(POOL_FLAG_NON_PAGED, POOL_MAX_BYTES + 1, TAG_FRED));
	th_teardown(&t);
}

static void test_pool2_flags(void **state)
{
	static const POOL_FLAGS refused[] = {
		0,                                                    /* no pool kind */
		POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED,                /* two kinds */
		POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE,
		POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED1,
		POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED2,
		POOL_FLAG_NON_PAGED | POOL_FLAG_RESERVED3,
		POOL_FLAG_NON_PAGED | 0x800,                          /* unknown required */
		POOL_FLAG_PAGED | POOL_FLAG_REQUIRED_END,
	};
	static const POOL_FLAGS accepted[] = {
		POOL_FLAG_NON_PAGED, POOL_FLAG_NON_PAGED_EXECUTE, POOL_FLAG_PAGED,
		POOL_FLAG_NON_PAGED | POOL_FLAG_USE_QUOTA | POOL_FLAG_SESSION,
		POOL_FLAG_NON_PAGED | POOL_FLAG_RAISE_ON_FAILURE,
		POOL_FLAG_NON_PAGED | POOL_FLAG_SPECIAL_POOL,         /* optional */
		POOL_FLAG_NON_PAGED | POOL_FLAG_OPTIONAL_END | 0x400000000ull,  /* unknown optional */
	};
	struct th t;

	th_setup(&t, NULL);
	assert_true(POOL_FLAG_OPTIONAL_START == 0x100000000ull);
	assert_true(POOL_FLAG_NON_PAGED == 0x40 && POOL_FLAG_PAGED == 0x100);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_null(ExAllocatePool2(refused[i], 16, TAG_FRED));
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		PVOID p = ExAllocatePool2(accepted[i], 16, TAG_FRED);

		assert_non_null(p);
		ExFreePoolWithTag(p, TAG_FRED);
	}
	/* Tag 0 is refused by ExAllocatePool2 only */
	assert_null(ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0));
	PVOID p = ExAllocatePoolWithTag(NonPagedPool, 16, 0);
	assert_non_null(p);
	ExFreePoolWithTag(p, 0);
	th_teardown(&t);   /* documented failures: no report */
}

static void test_irql(void **state)
{
	struct th t;
	PVOID np, pg;

	th_setup(&t, NULL);
	TH_AT_DISPATCH(np = ExAllocatePoolWithTag(NonPagedPoolNx, 64, TAG_FRED));
	assert_non_null(np);
	TH_AT_DISPATCH(pg = ExAllocatePoolWithTag(PagedPool, 64, TAG_FRED));
	assert_null(pg);                                   /* paged: <= APC_LEVEL */
	th_expect(&t, VF_IRQL, 1);
	TH_AT_DISPATCH(pg = ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG_FRED));
	assert_null(pg);
	th_expect(&t, VF_IRQL, 1);
	pg = ExAllocatePool2(POOL_FLAG_PAGED, 64, TAG_FRED);
	assert_non_null(pg);
	TH_AT_DISPATCH(ExFreePool(np));                    /* nonpaged: fine */
	TH_AT_DISPATCH(ExFreePool(pg));                    /* freed, and reported */
	th_expect(&t, VF_IRQL, 1);
	kernel_set_irql(KIRQL_DEVICE);
	assert_null(ExAllocatePoolWithTag(NonPagedPool, 8, TAG_FRED));
	kernel_set_irql(KIRQL_PASSIVE);
	th_expect(&t, VF_IRQL, 1);
	th_teardown(&t);
}

static void test_tags_tracked(void **state)
{
	struct th t;
	PVOID a, b, c;
	size_t blocks, bytes;
	char text[5];

	th_setup(&t, NULL);
	a = ExAllocatePoolWithTag(NonPagedPool, 100, TAG_FRED);
	b = ExAllocatePoolWithTag(NonPagedPool, 50, TAG_FRED);
	c = NdisAllocateMemoryWithTagPriority(t.adapter_handle, 30, TAG_FRED, NormalPoolPriority);
	pool_tag_usage(t.k, TAG_FRED, &blocks, &bytes);
	assert_int_equal(blocks, 3);
	assert_int_equal(bytes, 180);
	ExFreePool(b);
	pool_tag_usage(t.k, TAG_FRED, &blocks, &bytes);
	assert_int_equal(blocks, 2);
	assert_int_equal(bytes, 130);
	pool_tag_text(TAG_FRED, text);
	assert_string_equal(text, "Fred");
	assert_int_equal(TAG_FRED, 0x64657246);
	pool_tag_text(0x00016141, text);                   /* 'A', 'a', 0x01, 0 */
	assert_string_equal(text, "Aa..");
	ExFreePool(a);
	NdisFreeMemory(c, 0, 0);
	th_teardown(&t);
}

static void test_cross_family_frees(void **state)
{
	struct th t;
	PVOID n, e;

	th_setup(&t, NULL);
	/* NDIS memory freed by ExFreePoolWithTag: off the adapter's list too */
	n = NdisAllocateMemoryWithTagPriority(t.adapter_handle, 256, TAG_FRED, NormalPoolPriority);
	assert_non_null(n);
	assert_int_equal(t.adapter.resources.count, 1);
	ExFreePoolWithTag(n, TAG_FRED);
	assert_int_equal(t.adapter.resources.count, 0);
	n = NdisAllocateMemoryWithTagPriority(t.driver.handle, 16, TAG_FRED, LowPoolPriority);
	ExFreePool(n);
	assert_int_equal(t.driver.resources.count, 0);
	/* Ex pool freed by the NDIS routines */
	e = ExAllocatePoolWithTag(NonPagedPoolNx, 64, TAG_FRED);
	NdisFreeMemory(e, 64, 0);
	e = ExAllocatePoolWithTag(NonPagedPoolNx, 64, TAG_FRED);
	NdisFreeMemoryWithTagPriority(t.adapter_handle, e, TAG_FRED);
	/* NDIS memory is 16-aligned and uninitialized too */
	n = NdisAllocateMemoryWithTagPriority(t.adapter_handle, 40, TAG_FRED, NormalPoolPriority);
	assert_int_equal((uintptr_t)n % 16, 0);
	assert_true(all_bytes(n, 40, POOL_FILL));
	NdisFreeMemoryWithTagPriority(t.adapter_handle, n, TAG_FRED);
	th_teardown(&t);
}

static void test_bad_frees(void **state)
{
	struct th t;
	unsigned char stack[64];
	PVOID p, q;
	PMDL m;

	th_setup(&t, NULL);
	ExFreePool(NULL);
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	assert_non_null(strstr(last_message(&t), "NULL"));
	ExFreePool(stack + 16);
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	assert_non_null(strstr(last_message(&t), "not a block"));

	p = ExAllocatePoolWithTag(NonPagedPool, 128, TAG_FRED);
	ExFreePool((char *)p + 32);                        /* interior pointer */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	assert_non_null(strstr(last_message(&t), "32 bytes into a block"));
	ExFreePoolWithTag(p, 'GNRW');                      /* another tag: kept */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	assert_non_null(strstr(last_message(&t), "tag 'WRNG' is not the allocation's tag 'Fred'"));
	ExFreePoolWithTag(p, TAG_FRED);
	ExFreePool(p);                                     /* twice */
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	assert_non_null(strstr(last_message(&t), "already freed"));
	assert_non_null(strstr(last_message(&t), "(by the call at test_ex_pool"));   /* 1st free */
	NdisFreeMemory(p, 0, 0);                           /* twice, the other family */
	th_expect(&t, VF_POOL_FREE_BAD, 1);

	/* NDIS memory with the wrong tag */
	q = NdisAllocateMemoryWithTagPriority(t.adapter_handle, 8, TAG_FRED, NormalPoolPriority);
	NdisFreeMemoryWithTagPriority(t.adapter_handle, q, 'xxxx');
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	NdisFreeMemoryWithTagPriority(t.adapter_handle, q, TAG_FRED);

	/* other families' blocks are not pool */
	m = IoAllocateMdl(stack, sizeof(stack), FALSE, FALSE, NULL);
	ExFreePool(m);
	th_expect(&t, VF_POOL_FREE_BAD, 1);
	assert_non_null(strstr(last_message(&t), "free it with IoFreeMdl"));
	IoFreeMdl(m);
	th_teardown(&t);
}

static void test_fault_injection(void **state)
{
	struct th_options o;
	struct th t;
	PVOID p;

	th_default_options(&o);
	o.fault.mode = FAULT_NTH;
	o.fault.nth = 2;
	th_setup(&t, &o);
	p = ExAllocatePoolWithTag(NonPagedPool, 8, TAG_FRED);   /* 1st point */
	assert_non_null(p);
	assert_null(ExAllocatePoolWithTag(NonPagedPool, 8, TAG_FRED));   /* 2nd: failed */
	assert_string_equal(t.k->last_fault_site, "ex.pool");
	ExFreePool(p);
	th_teardown(&t);   /* FAULT-INJECTED counted by the harness */
}

static PVOID volatile kept;   /* never read: volatile keeps the store */

/* One call site however often it runs: not inlined, not a tail call (a
 * site is the return address). */
static __attribute__((noinline)) void leak_one(void)
{
	kept = ExAllocatePoolWithTag(NonPagedPool, 10, TAG_FRED);
}

/* What no driver unload took is reported when the machine goes. */
static void test_machine_shutdown_reports(void **state)
{
	struct th t;

	th_setup(&t, NULL);
	for (int i = 0; i < 3; i++)
		leak_one();
	wdm_machine_destroy(t.k);
	th_expect(&t, VF_POOL_LEAK, 1);                    /* one site, one report */
	assert_non_null(strstr(last_message(&t), "machine shutdown: 3 pool blocks of tag 'Fred' (30 bytes)"));
	th_teardown(&t);
}

/* Threads allocate, hand blocks to each other through an S-list and free
 * what they receive: the table under contention, addresses reused by the
 * C library while other threads free (TSan checks the locking). */
struct churn {
	struct kernel *k;
	SLIST_HEADER handoff;
	atomic_int failures;
};

struct churn_block {
	SLIST_ENTRY link;
	int owner;
};

static void *churn_main(void *arg)
{
	struct churn *c = arg;

	kernel_enter(c->k);
	for (int i = 0; i < 20000; i++) {
		struct churn_block *b = ExAllocatePoolWithTag(NonPagedPoolNx, 32 + (i % 7) * 48,
							      TAG_FRED);
		PSLIST_ENTRY e;

		if (!b) {
			atomic_fetch_add(&c->failures, 1);
			break;
		}
		b->owner = i;
		InterlockedPushEntrySList(&c->handoff, &b->link);
		if ((e = InterlockedPopEntrySList(&c->handoff)) != NULL)
			ExFreePoolWithTag(e, TAG_FRED);   /* often another thread's */
	}
	kernel_enter(NULL);
	return NULL;
}

static void test_threads_share_the_pool(void **state)
{
	static struct churn c;
	pthread_t th[4];
	struct th t;
	PSLIST_ENTRY e;

	/* its own host threads call into the machine: real concurrency (threads) */
	th_setup_threads(&t);
	c.k = t.k;
	atomic_store(&c.failures, 0);
	InitializeSListHead(&c.handoff);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, churn_main, &c), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(atomic_load(&c.failures), 0);
	while ((e = InterlockedPopEntrySList(&c.handoff)) != NULL)
		ExFreePool(e);
	th_teardown(&t);   /* no report, every block freed once */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_pages),
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_pool_types),
		cmocka_unit_test(test_pool2_flags),
		cmocka_unit_test(test_irql),
		cmocka_unit_test(test_tags_tracked),
		cmocka_unit_test(test_cross_family_frees),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_fault_injection),
		cmocka_unit_test(test_machine_shutdown_reports),
		cmocka_unit_test(test_threads_share_the_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
