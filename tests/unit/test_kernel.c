/* test_kernel.c — tagged handles, DPC/work ordering and IRQL, fault
 * injection, resource lists, two kernels side by side. */
#include "harness.h"

#include "kernel/kqueue.h"

#include <string.h>
#include <unistd.h>

static void test_handles_detect_garbage_stale_foreign_type(void **state)
{
	struct th a, b;
	int obj;
	enum handle_error err;
	void *h, *hb;

	th_setup(&a, NULL);
	h = kernel_handle_new(a.k, HANDLE_DMA, &obj);
	assert_non_null(h);
	assert_ptr_equal(kernel_handle_lookup(a.k, h, HANDLE_DMA, &err), &obj);
	assert_int_equal(err, HANDLE_OK);

	assert_null(kernel_handle_lookup(a.k, &obj, HANDLE_DMA, &err));
	assert_int_equal(err, HANDLE_GARBAGE);
	assert_null(kernel_handle_lookup(a.k, NULL, HANDLE_DMA, &err));
	assert_int_equal(err, HANDLE_GARBAGE);
	assert_null(kernel_handle_lookup(a.k, (void *)((uintptr_t)h ^ 0xFFFFF), HANDLE_DMA, &err));
	assert_int_not_equal(err, HANDLE_OK);
	assert_null(kernel_handle_lookup(a.k, h, HANDLE_ADAPTER, &err));
	assert_int_equal(err, HANDLE_WRONG_TYPE);

	/* A second machine: its handles are foreign to the first. */
	th_setup(&b, NULL);
	hb = kernel_handle_new(b.k, HANDLE_DMA, &obj);
	assert_non_null(hb);
	assert_null(kernel_handle_lookup(a.k, hb, HANDLE_DMA, &err));
	assert_int_equal(err, HANDLE_FOREIGN);
	kernel_handle_retire(b.k, hb);
	th_teardown(&b);
	kernel_enter(a.k);

	kernel_handle_retire(a.k, h);
	assert_null(kernel_handle_lookup(a.k, h, HANDLE_DMA, &err));
	assert_int_equal(err, HANDLE_STALE);
	/* The slot is reused with a new generation: the old value stays stale. */
	void *h2 = kernel_handle_new(a.k, HANDLE_DMA, &obj);
	assert_ptr_not_equal(h2, h);
	assert_null(kernel_handle_lookup(a.k, h, HANDLE_DMA, &err));
	assert_int_equal(err, HANDLE_STALE);
	kernel_handle_retire(a.k, h2);
	th_teardown(&a);
}

struct order_item {
	struct kqueue_item item;
	int index;
	int *log;
	_Atomic int *pos;
	uint8_t irql_seen;
	struct kernel *kernel_seen;
};

static void order_fn(struct kqueue_item *it)
{
	struct order_item *o = (struct order_item *)it;

	o->log[atomic_fetch_add(o->pos, 1)] = o->index;
	o->irql_seen = kernel_irql();
	o->kernel_seen = kernel_current();
}

static void run_queue_order(bool dpc)
{
	struct th t;
	struct order_item items[64];
	int log[64];
	_Atomic int pos = 0;

	th_setup(&t, NULL);
	memset(items, 0, sizeof(items));
	for (int i = 0; i < 64; i++) {
		items[i].item.fn = order_fn;
		items[i].index = i;
		items[i].log = log;
		items[i].pos = &pos;
		assert_true(dpc ? kernel_queue_dpc(t.k, &items[i].item)
				: kernel_queue_work(t.k, &items[i].item));
	}
	kernel_flush(t.k);
	assert_int_equal(pos, 64);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(log[i], i);                 /* FIFO */
		assert_int_equal(items[i].irql_seen, dpc ? KIRQL_DISPATCH : KIRQL_PASSIVE);
		assert_ptr_equal(items[i].kernel_seen, t.k);
	}
	th_teardown(&t);
}

static void test_dpcs_run_fifo_at_dispatch(void **state) { run_queue_order(true); }
static void test_work_items_run_fifo_at_passive(void **state) { run_queue_order(false); }

static void test_item_queued_twice_runs_once(void **state)
{
	struct th t;
	struct order_item o = { 0 };
	int log[4];
	_Atomic int pos = 0;

	th_setup(&t, NULL);
	o.item.fn = order_fn;
	o.log = log;
	o.pos = &pos;
	/* Hold the queue's attention: push twice before it can run. */
	bool first = kernel_queue_dpc(t.k, &o.item);
	bool second = kernel_queue_dpc(t.k, &o.item);
	assert_true(first);
	kernel_flush(t.k);
	assert_int_equal(pos, second ? 2 : 1);
	th_teardown(&t);
}

static void test_fault_nth_fails_exactly_that_call(void **state)
{
	struct th t;
	struct th_options o;

	th_default_options(&o);
	o.fault.mode = FAULT_NTH;
	o.fault.nth = 3;
	th_setup(&t, &o);
	void *p1 = kernel_alloc(t.k, 8, "test.a");
	void *p2 = kernel_alloc(t.k, 8, "test.b");
	void *p3 = kernel_alloc(t.k, 8, "test.c");
	void *p4 = kernel_alloc(t.k, 8, "test.d");
	assert_non_null(p1);
	assert_non_null(p2);
	assert_null(p3);
	assert_non_null(p4);
	assert_string_equal(t.k->last_fault_site, "test.c");
	assert_int_equal(atomic_load(&t.k->stats.faults_injected), 1);
	kernel_free(t.k, p1);
	kernel_free(t.k, p2);
	kernel_free(t.k, p4);
	th_teardown(&t);
}

static void test_fault_probability_is_seeded(void **state)
{
	uint64_t pattern[2] = { 0, 0 };

	for (int run = 0; run < 2; run++) {
		struct th t;
		struct th_options o;

		th_default_options(&o);
		o.seed = 42;
		o.fault.mode = FAULT_PROBABILITY;
		o.fault.probability = 0.5;
		th_setup(&t, &o);
		for (int i = 0; i < 64; i++)
			if (kernel_fault(t.k, "test.p"))
				pattern[run] |= 1ull << i;
		th_teardown(&t);
	}
	assert_true(pattern[0] != 0 && pattern[0] != UINT64_MAX);
	assert_true(pattern[0] == pattern[1]);
}

static int reclaimed;
static void count_reclaim(struct kres *r) { reclaimed++; }
static void count_report(struct kres *r, void *ctx) { (*(int *)ctx)++; }

static void test_resource_list_reclaims_in_order(void **state)
{
	struct kres_list l;
	struct kres r[3];
	int reported = 0;

	kres_list_init(&l, NULL);
	reclaimed = 0;
	for (int i = 0; i < 3; i++)
		kres_add(&l, &r[i], "thing", NULL, 8, count_reclaim);
	kres_remove(&r[1]);
	assert_int_equal(l.count, 2);
	assert_int_equal(kres_reclaim_all(&l, count_report, &reported), 2);
	assert_int_equal(reported, 2);
	assert_int_equal(reclaimed, 2);
	assert_int_equal(l.count, 0);
	kres_list_destroy(&l);
}

static void test_random_is_seeded(void **state)
{
	struct th a, b;
	struct th_options o;

	th_default_options(&o);
	o.seed = 99;
	th_setup(&a, &o);
	th_setup(&b, &o);
	for (int i = 0; i < 16; i++)
		assert_true(kernel_random(a.k) == kernel_random(b.k));
	th_teardown(&b);
	kernel_enter(a.k);
	th_teardown(&a);
}

int main(void)
{
	/* --sched threads for every scenario here (docs/scheduling.md):
	 * two machines on one thread (foreign handles, two kernels): a
	 * thread is the host task of one scheduler only */
	th_default_sched = KSCHED_THREADS;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handles_detect_garbage_stale_foreign_type),
		cmocka_unit_test(test_dpcs_run_fifo_at_dispatch),
		cmocka_unit_test(test_work_items_run_fifo_at_passive),
		cmocka_unit_test(test_item_queued_twice_runs_once),
		cmocka_unit_test(test_fault_nth_fails_exactly_that_call),
		cmocka_unit_test(test_fault_probability_is_seeded),
		cmocka_unit_test(test_resource_list_reclaims_in_order),
		cmocka_unit_test(test_random_is_seeded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
