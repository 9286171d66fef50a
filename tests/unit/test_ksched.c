/* test_ksched.c — the seeded scheduler (spec §9, src/kernel/ksched.h,
 * docs/scheduling.md): a machine's contexts — the host, system threads,
 * DPCs, timer DPCs, work items — run one at a time in an order drawn from
 * the seed, so one seed gives one run (the same event log, trace hash and
 * clocks) and another seed another order; pct:D replays the same way;
 * time is virtual (a ten-second delay and an hour-long timer pass without
 * sleeping, by exactly their length); a run where every context waits for
 * good ends with a STUCK report and exit 8; under threads there is no
 * scheduler at all. */
#include "ke_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/ksched.h"

/* ---- one scenario ----------------------------------------------------------------- */

struct scenario {
	KSPIN_LOCK lock;
	char log[256];
	unsigned n;
	KEVENT from_dpc;            /* set by the DPC, waited for by thread B */
	KDPC dpc, timer_dpc;
	KTIMER timer;
	struct kqueue_item work;
};

static struct scenario *g_sc;   /* the work item's way back */

static void note(struct scenario *sc, char c)
{
	KIRQL old;

	KeAcquireSpinLock(&sc->lock, &old);
	if (sc->n + 1 < sizeof(sc->log))
		sc->log[sc->n++] = c;
	KeReleaseSpinLock(&sc->lock, old);
}

static VOID dpc_routine(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	struct scenario *sc = Context;

	(void)Dpc, (void)A1, (void)A2;
	note(sc, 'D');
	KeSetEvent(&sc->from_dpc, 0, FALSE);
}

static VOID timer_routine(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
	(void)Dpc, (void)A1, (void)A2;
	note(Context, 'T');
}

static void work_routine(struct kqueue_item *item)
{
	(void)item;
	note(g_sc, 'W');
}

static VOID thread_a(PVOID Context)
{
	struct scenario *sc = Context;
	LARGE_INTEGER ms = ke_ms(1);

	for (int i = 0; i < 4; i++) {
		note(sc, 'a');
		KeStallExecutionProcessor(5);
		note(sc, 'A');
		KeDelayExecutionThread(KernelMode, FALSE, &ms);
	}
}

static VOID thread_b(PVOID Context)
{
	struct scenario *sc = Context;

	note(sc, 'b');
	KeWaitForSingleObject(&sc->from_dpc, Executive, KernelMode, FALSE, NULL);
	for (int i = 0; i < 4; i++) {
		note(sc, 'B');
		KeStallExecutionProcessor(3);
	}
}

static HANDLE start(PKSTART_ROUTINE fn, void *ctx)
{
	HANDLE h = NULL;

	assert_int_equal(PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, fn, ctx),
			 STATUS_SUCCESS);
	return h;
}

struct outcome {
	char log[256];
	uint64_t hash, end_100ns, switches;
	LONGLONG system_time;
};

/* Runs the scenario on a fresh machine under (mode, seed). */
static struct outcome run_scenario(int mode, uint32_t depth, uint64_t seed)
{
	struct th_options o;
	struct th t;
	struct scenario sc;
	struct outcome out;
	PVOID threads[2];
	HANDLE h[2];
	LARGE_INTEGER due = ke_ms(3), now;

	th_default_options(&o);
	o.seed = seed;
	o.sched_mode = mode;
	o.pct_depth = depth;
	th_setup(&t, &o);
	memset(&sc, 0, sizeof(sc));
	g_sc = &sc;
	KeInitializeSpinLock(&sc.lock);
	KeInitializeEvent(&sc.from_dpc, NotificationEvent, FALSE);
	KeInitializeDpc(&sc.dpc, dpc_routine, &sc);
	KeInitializeDpc(&sc.timer_dpc, timer_routine, &sc);
	KeInitializeTimer(&sc.timer);
	sc.work.fn = work_routine;

	h[0] = start(thread_a, &sc);
	h[1] = start(thread_b, &sc);
	KeSetTimer(&sc.timer, due, &sc.timer_dpc);
	note(&sc, 'h');
	KeInsertQueueDpc(&sc.dpc, NULL, NULL);
	kernel_queue_work(t.k, &sc.work);
	for (int i = 0; i < 2; i++)
		assert_int_equal(ObReferenceObjectByHandle(h[i], 0, NULL, KernelMode, &threads[i],
							   NULL), STATUS_SUCCESS);
	assert_int_equal(KeWaitForMultipleObjects(2, threads, WaitAll, Executive, KernelMode,
						  FALSE, NULL, NULL), STATUS_SUCCESS);
	assert_int_equal(KeWaitForSingleObject(&sc.timer, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	kernel_flush(t.k);
	note(&sc, 'H');
	for (int i = 0; i < 2; i++) {
		ObDereferenceObject(threads[i]);
		ZwClose(h[i]);
	}
	memset(&out, 0, sizeof(out));
	memcpy(out.log, sc.log, sizeof(out.log));
	out.end_100ns = KeQueryInterruptTimePrecise(NULL);
	KeQuerySystemTimePrecise(&now);
	out.system_time = now.QuadPart;
	out.hash = ksched_trace_hash(t.k);
	out.switches = ksched_switches(t.k);
	th_teardown(&t);
	return out;
}

static void assert_same(const struct outcome *x, const struct outcome *y)
{
	assert_string_equal(x->log, y->log);
	assert_true(x->hash == y->hash);
	assert_true(x->end_100ns == y->end_100ns);
	assert_true(x->system_time == y->system_time);
	assert_true(x->switches == y->switches);
}

static void check_complete(const struct outcome *x, bool seeded)
{
	static const char want[] = "aaaaAAAAbBBBBDTWhH";
	unsigned count[128] = { 0 };

	for (const char *p = x->log; *p; p++)
		count[(unsigned char)*p]++;
	for (const char *p = want; *p; p++)
		if (count[(unsigned char)*p] == 0)
			fail_msg("event '%c' missing from %s", *p, x->log);
	assert_int_equal(strlen(x->log), 18);
	if (seeded)   /* the host runs until it waits: no switch point before */
		assert_int_equal(x->log[0], 'h');
}

static void test_same_seed_same_run(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct outcome x = run_scenario(KSCHED_SEEDED, 0, seed);
		struct outcome y = run_scenario(KSCHED_SEEDED, 0, seed);

		check_complete(&x, true);
		assert_same(&x, &y);
		assert_true(x.hash != 0);
		/* the 3 ms timer fired in virtual time: four 1 ms delays of A
		 * and the timer, nothing slept */
		assert_true(x.end_100ns >= 4 * 10000ull);
	}
}

static void test_seeds_choose_other_orders(void **state)
{
	char first[256];
	uint64_t first_hash;
	bool other_log = false, other_hash = false;

	(void)state;
	{
		struct outcome x = run_scenario(KSCHED_SEEDED, 0, 100);

		memcpy(first, x.log, sizeof(first));
		first_hash = x.hash;
	}
	for (uint64_t seed = 101; seed < 116; seed++) {
		struct outcome y = run_scenario(KSCHED_SEEDED, 0, seed);

		check_complete(&y, true);
		other_log |= strcmp(first, y.log) != 0;
		other_hash |= y.hash != first_hash;
	}
	assert_true(other_hash);
	assert_true(other_log);
}

static void test_pct_replays(void **state)
{
	(void)state;
	for (uint32_t depth = 1; depth <= 3; depth++) {
		struct outcome x = run_scenario(KSCHED_PCT, depth, 77);
		struct outcome y = run_scenario(KSCHED_PCT, depth, 77);

		check_complete(&x, true);
		assert_same(&x, &y);
	}
}

static void test_threads_mode_has_no_scheduler(void **state)
{
	struct outcome x;

	(void)state;
	x = run_scenario(KSCHED_THREADS, 0, 5);
	check_complete(&x, false);
	assert_true(x.hash == 0);
	assert_true(x.switches == 0);
	assert_null(ktask_self);
}

/* ---- virtual time ----------------------------------------------------------------- */

static void test_time_is_virtual(void **state)
{
	struct th_options o;
	struct th t;
	KTIMER timer;
	LARGE_INTEGER ten_s = ke_ms(10000), hour = ke_ms(3600 * 1000), a, b;
	ULONGLONG t0, t1;

	(void)state;
	th_default_options(&o);
	o.sched_mode = KSCHED_SEEDED;
	th_setup(&t, &o);
	assert_non_null(ktask_self);
	t0 = KeQueryInterruptTime();
	KeQuerySystemTimePrecise(&a);
	KeDelayExecutionThread(KernelMode, FALSE, &ten_s);
	t1 = KeQueryInterruptTime();
	KeQuerySystemTimePrecise(&b);
	/* exactly ten seconds (and the clock reads' 100 ns each), tick-granular */
	assert_true(t1 - t0 >= 100000000ull && t1 - t0 <= 100000000ull + KTIME_TICK_100NS);
	assert_true(b.QuadPart - a.QuadPart >= 100000000ll &&
		    b.QuadPart - a.QuadPart < 100000000ll + 10);
	/* a stall moves the clock by what it asks for */
	KeQuerySystemTimePrecise(&a);
	KeStallExecutionProcessor(50);
	KeQuerySystemTimePrecise(&b);
	assert_true(b.QuadPart - a.QuadPart >= 500 && b.QuadPart - a.QuadPart < 510);
	/* an hour-long timer: the clock jumps to it when nothing else can run */
	KeInitializeTimer(&timer);
	KeQuerySystemTimePrecise(&a);
	KeSetTimer(&timer, hour, NULL);
	assert_int_equal(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL),
			 STATUS_SUCCESS);
	KeQuerySystemTimePrecise(&b);
	assert_true(b.QuadPart - a.QuadPart >= 36000000000ll &&
		    b.QuadPart - a.QuadPart < 36000000000ll + 10);
	/* a timed-out wait says so, at its deadline */
	{
		KEVENT e;
		LARGE_INTEGER ms = ke_ms(7);

		KeInitializeEvent(&e, NotificationEvent, FALSE);
		KeQuerySystemTimePrecise(&a);
		assert_int_equal(KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &ms),
				 STATUS_TIMEOUT);
		KeQuerySystemTimePrecise(&b);
		assert_true(b.QuadPart - a.QuadPart >= 70000 && b.QuadPart - a.QuadPart < 70010);
	}
	th_teardown(&t);
	assert_null(ktask_self);
}

/* ---- STUCK -------------------------------------------------------------------------- */

static VOID waits_forever(PVOID Context)
{
	KeWaitForSingleObject(Context, Executive, KernelMode, FALSE, NULL);
}

static void test_everything_blocked_is_stuck(void **state)
{
	FILE *json = tmpfile();
	char line[2048];
	int status = 0;
	bool named = false, lists = false;
	pid_t pid;

	(void)state;
	assert_non_null(json);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct vf_config vc = { .level = VF_LEVEL_STANDARD, .json = json };
		struct platform_config pc = { .kind = PLATFORM_SIM };
		struct kernel_config kc = { .seed = 3, .sched_mode = KSCHED_SEEDED };
		struct verifier *vf = vf_create(&vc);
		struct platform *plat;
		struct kernel *k;
		KEVENT never;
		HANDLE h;

		if (!vf || platform_create(&pc, &plat) || kernel_create(&kc, vf, plat, &k))
			_exit(99);
		kernel_enter(k);
		kernel_set_irql(KIRQL_PASSIVE);
		KeInitializeEvent(&never, NotificationEvent, FALSE);
		PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, waits_forever, &never);
		KeWaitForSingleObject(&never, Executive, KernelMode, FALSE, NULL);
		_exit(0);   /* never: the scheduler ends the process */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), KERNEL_STUCK_EXIT);
	rewind(json);
	while (fgets(line, sizeof(line), json)) {
		named |= strstr(line, "\"rule\":\"STUCK\"") != NULL;
		lists |= strstr(line, "host in KeWaitForSingleObject") != NULL &&
			 strstr(line, "system thread in KeWaitForSingleObject") != NULL;
	}
	fclose(json);
	assert_true(named);
	assert_true(lists);
}

/* ---- kernel_config.object_cache (src/kernel/kalloc.c) ------------------------------- */

/* On a solo machine that asks for it, a freed small block is kept and
 * handed out again, zeroed by kernel_zalloc; a request larger than its
 * class gets another block; a machine without the option, and every
 * machine under a sanitizer (which must see each block), gives blocks
 * back to malloc.  Allocation and free counts are the calls either way. */
static void run_object_cache(bool wanted)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD };
	struct platform_config pc = { .kind = PLATFORM_SIM };
	struct kernel_config kc = { .seed = 5, .sched_mode = KSCHED_SEEDED,
				    .object_cache = wanted };
	struct verifier *vf = vf_create(&vc);
	struct platform *plat;
	struct kernel *k;
	unsigned char *a, *b, *c;
	uint64_t allocs;
	bool expect_reuse;

	assert_non_null(vf);
	assert_int_equal(platform_create(&pc, &plat), 0);
	assert_int_equal(kernel_create(&kc, vf, plat, &k), 0);
	kernel_enter(k);
#if defined(NDISDMA_SANITIZER)
	expect_reuse = false;
#else
	/* coroutines unless NDISDMA_SCHED_HOST_THREADS (docs/scheduling.md) */
	assert_int_equal(ksched_solo(k), getenv("NDISDMA_SCHED_HOST_THREADS") == NULL);
	expect_reuse = wanted && ksched_solo(k);
#endif
	allocs = k->stats.allocations;
	a = kernel_zalloc(k, 100, "test.cache");
	assert_non_null(a);
	memset(a, 0xA5, 100);
	kernel_free(k, a);
	b = kernel_zalloc(k, 100, "test.cache");
	assert_non_null(b);
	if (expect_reuse)   /* else malloc may or may not hand back a's block */
		assert_ptr_equal(b, a);
	assert_int_equal(k->cache.bytes, 0);   /* taken out again */
	for (unsigned i = 0; i < 100; i++)
		assert_int_equal(b[i], 0);
	kernel_free(k, b);
	c = kernel_alloc(k, 600, "test.cache");   /* a larger class: not b */
	assert_non_null(c);
	assert_ptr_not_equal(c, b);
	kernel_free(k, c);
	assert_int_equal(k->stats.allocations - allocs, 3);
	assert_int_equal(k->cache.bytes != 0, expect_reuse);
	kernel_destroy(k);   /* frees what the cache kept (ASan's leak check) */
	platform_destroy(plat);
	vf_destroy(vf);
}

static void test_object_cache(void **state)
{
	(void)state;
	run_object_cache(true);
	run_object_cache(false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_run),
		cmocka_unit_test(test_seeds_choose_other_orders),
		cmocka_unit_test(test_pct_replays),
		cmocka_unit_test(test_threads_mode_has_no_scheduler),
		cmocka_unit_test(test_time_is_virtual),
		cmocka_unit_test(test_everything_blocked_is_stuck),
		cmocka_unit_test(test_object_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
