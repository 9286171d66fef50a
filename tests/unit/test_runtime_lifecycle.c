/* test_runtime_lifecycle.c — the adapter state machine of spec §13 as a
 * built-in miniport sees it: order of the handler calls, IRQL PASSIVE in
 * each, pended pause / restart / OID requests, failed initialization and
 * leaks at halt (RES-LEAK, reclaimed).
 */
#include "runtime_miniport.h"

static void expect_order(const char *const *want, int n)
{
	assert_int_equal(tm_log.n, n);
	for (int i = 0; i < n; i++) {
		if (!tm_event_is(i, want[i]))
			fail_msg("event %d: %s, expected %s", i, tm_log.ev[i], want[i]);
		assert_int_equal(tm_log.irql[i], PASSIVE_LEVEL);
	}
}

static void run_lifecycle(bool pend)
{
	static const char *const plain[] = {
		"driver-entry", "initialize", "restart", "oid", "oid",
		"pause", "halt", "unload",
	};
	static const char *const pended[] = {
		"driver-entry", "initialize", "restart-pend", "oid-pend", "oid-pend",
		"pause-pend", "halt", "unload",
	};
	struct ndisdma_adapter_params p = { .name = "tm0", .mmio_base = 0xF0000000,
					    .mmio_length = 0x1000, .interrupt_vector = 11 };
	struct rt_fixture f;
	struct ndisdma_adapter_stats s;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	char err[256] = "";

	rt_fixture_setup(&f);
	tm_cfg.pend_pause = tm_cfg.pend_restart = tm_cfg.pend_oid = pend;
	d = tm_load(&f);
	a = tm_init(d, &p);
	assert_string_equal(ndisdma_adapter_state(a), "paused");
	assert_int_equal(tm_log.resource_count, 2);
	assert_int_equal(tm_log.resource_types[0], CmResourceTypeMemory);
	assert_int_equal(tm_log.resource_types[1], CmResourceTypeInterrupt);
	assert_true(a->na.attribute_flags & NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER);

	assert_int_equal(ndisdma_adapter_restart(a, err, sizeof(err)), 0);
	assert_string_equal(ndisdma_adapter_state(a), "running");
	ndisdma_adapter_stats(a, &s);
	assert_true(s.mac_valid);
	assert_memory_equal(s.mac, tm_mac, 6);
	assert_int_equal(s.oid_requests, 2);
	assert_int_equal(((struct tm_adapter *)a->na.context)->filter,
			 NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
			 NDIS_PACKET_TYPE_BROADCAST);

	assert_int_equal(ndisdma_adapter_pause(a, err, sizeof(err)), 0);
	assert_string_equal(ndisdma_adapter_state(a), "paused");
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	expect_order(pend ? pended : plain, 8);
	rt_fixture_teardown(&f);
}

static void lifecycle_synchronous(void **state)
{
	(void)state;
	run_lifecycle(false);
}

static void lifecycle_pended(void **state)
{
	(void)state;
	run_lifecycle(true);
}

/* Halt of a running adapter pauses it first (spec §13). */
static void halt_running_pauses_first(void **state)
{
	static const char *const want[] = {
		"driver-entry", "initialize", "restart", "oid", "oid", "pause", "halt",
	};
	struct rt_fixture f;
	struct ndisdma_adapter *a;
	struct ndisdma_driver *d;

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	a = tm_init(d, NULL);
	assert_int_equal(ndisdma_adapter_restart(a, NULL, 0), 0);
	ndisdma_adapter_halt(a);
	expect_order(want, 7);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

static void oid_pended_and_unsupported(void **state)
{
	struct rt_fixture f;
	struct ndisdma_adapter *a;
	struct ndisdma_driver *d;
	uint8_t mac[6] = { 0 };
	uint32_t done = 99, junk = 0;

	(void)state;
	rt_fixture_setup(&f);
	tm_cfg.pend_oid = true;
	d = tm_load(&f);
	a = tm_init(d, NULL);
	assert_int_equal(ndisdma_adapter_oid(a, false, OID_802_3_CURRENT_ADDRESS,
					     mac, sizeof(mac), &done), NDIS_STATUS_SUCCESS);
	assert_int_equal(done, 6);
	assert_memory_equal(mac, tm_mac, 6);
	/* a pended failure comes back with its status */
	assert_int_equal(ndisdma_adapter_oid(a, false, OID_802_3_CURRENT_ADDRESS,
					     mac, 2, &done), NDIS_STATUS_BUFFER_TOO_SHORT);
	tm_cfg.pend_oid = false;
	assert_int_equal(ndisdma_adapter_oid(a, true, 0x00FFFFFF, &junk, 4, &done),
			 NDIS_STATUS_NOT_SUPPORTED);
	ndisdma_adapter_halt(a);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

/* Documented: a failed MiniportInitializeEx gets no MiniportHaltEx; what
 * it kept is reported (RES-LEAK) and reclaimed. */
static void failed_initialize_no_halt(void **state)
{
	struct rt_fixture f;
	struct ndisdma_adapter *a = (void *)1;
	struct ndisdma_driver *d;
	char err[256] = "";

	(void)state;
	rt_fixture_setup(&f);
	tm_cfg.init_status = NDIS_STATUS_RESOURCES;
	tm_cfg.leak_in_init = true;
	d = tm_load(&f);
	assert_int_not_equal(ndisdma_adapter_initialize(d, NULL, &a, err, sizeof(err)), 0);
	assert_null(a);
	assert_non_null(strstr(err, "0xC000009A"));
	assert_int_equal(tm_log.n, 2);   /* driver-entry, initialize: no halt */
	assert_true(tm_event_is(1, "initialize"));
	/* the context block and the work item */
	assert_int_equal(ndisdma_report_count(f.m, "RES-LEAK"), 2);
	f.expected_reports = 2;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

static void failed_initialize_clean(void **state)
{
	struct rt_fixture f;
	struct ndisdma_adapter *a;
	struct ndisdma_driver *d;

	(void)state;
	rt_fixture_setup(&f);
	tm_cfg.init_status = NDIS_STATUS_FAILURE;
	d = tm_load(&f);
	assert_int_not_equal(ndisdma_adapter_initialize(d, NULL, &a, NULL, 0), 0);
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);   /* no report at all */
}

static void halt_with_leak(void **state)
{
	struct rt_fixture f;
	struct ndisdma_report r;
	struct ndisdma_adapter *a;
	struct ndisdma_driver *d;

	(void)state;
	rt_fixture_setup(&f);
	tm_cfg.leak_in_halt = true;
	d = tm_load(&f);
	a = tm_init(d, NULL);
	ndisdma_adapter_halt(a);
	assert_int_equal(ndisdma_report_count(f.m, "RES-LEAK"), 1);
	assert_true(ndisdma_report_at(f.m, 0, &r));
	assert_string_equal(r.rule, "RES-LEAK");
	assert_non_null(strstr(r.message, "memory"));
	assert_int_equal(r.length, sizeof(struct tm_adapter));
	f.expected_reports = 1;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

/* A channel registered in init and deregistered in halt: no report; left
 * registered: HALT-DMA-LEAK, then the runtime deregisters it (spec §8). */
static void dma_channel_at_halt(void **state)
{
	for (int leak = 0; leak < 2; leak++) {
		struct ndisdma_dma_info info;
		struct ndisdma_pools p;
		struct rt_fixture f;
		struct ndisdma_adapter *a;
		struct ndisdma_driver *d;

		rt_fixture_setup(&f);
		tm_cfg.register_dma = true;
		tm_cfg.leak_dma = leak;
		d = tm_load(&f);
		a = tm_init(d, NULL);
		assert_int_equal(ndisdma_adapter_dma_info(a, &info), 0);
		assert_true(info.registered);
		assert_int_equal(info.max_mapping, 1514);
		assert_int_equal(info.sg_list_size, 16 + 24 * 2);   /* spec §4: pages(1514) + 1 */
		ndisdma_machine_pools(f.m, &p);
		assert_int_equal(p.live_sg_lists, 0);
		assert_int_equal(ndisdma_adapter_restart(a, NULL, 0), 0);
		ndisdma_adapter_halt(a);
		assert_int_equal(ndisdma_report_count(f.m, "HALT-DMA-LEAK"), (uint64_t)leak);
		f.expected_reports = (uint64_t)leak;
		ndisdma_driver_unload(d);
		rt_fixture_teardown(&f);
	}
	(void)state;
}

/* A failed initialization that keeps its channel: HALT-DMA-LEAK too. */
static void failed_initialize_keeps_dma(void **state)
{
	struct rt_fixture f;
	struct ndisdma_adapter *a;
	struct ndisdma_driver *d;

	(void)state;
	rt_fixture_setup(&f);
	tm_cfg.register_dma = true;
	tm_cfg.init_status = NDIS_STATUS_FAILURE;
	d = tm_load(&f);
	assert_int_not_equal(ndisdma_adapter_initialize(d, NULL, &a, NULL, 0), 0);
	assert_int_equal(ndisdma_report_count(f.m, "HALT-DMA-LEAK"), 1);
	f.expected_reports = 1;
	ndisdma_driver_unload(d);
	rt_fixture_teardown(&f);
}

/* Destroying a machine halts and unloads what is still there. */
static void destroy_cleans_up(void **state)
{
	struct rt_fixture f;
	struct ndisdma_driver *d;

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	assert_int_equal(ndisdma_adapter_restart(tm_init(d, NULL), NULL, 0), 0);
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(f.m);
	assert_true(tm_event_is(tm_log.n - 1, "unload"));
	assert_true(tm_event_is(tm_log.n - 2, "halt"));
	assert_true(tm_event_is(tm_log.n - 3, "pause"));
}

static void wrong_state_calls(void **state)
{
	struct rt_fixture f;
	struct ndisdma_adapter *a;
	struct ndisdma_driver *d;
	char err[256] = "";

	(void)state;
	rt_fixture_setup(&f);
	d = tm_load(&f);
	a = tm_init(d, NULL);
	assert_int_not_equal(ndisdma_adapter_pause(a, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "not running"));
	assert_int_equal(ndisdma_adapter_restart(a, NULL, 0), 0);
	assert_int_not_equal(ndisdma_adapter_restart(a, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "not paused"));
	ndisdma_driver_unload(d);   /* halts its adapter first */
	rt_fixture_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lifecycle_synchronous),
		cmocka_unit_test(lifecycle_pended),
		cmocka_unit_test(halt_running_pauses_first),
		cmocka_unit_test(oid_pended_and_unsupported),
		cmocka_unit_test(failed_initialize_no_halt),
		cmocka_unit_test(failed_initialize_clean),
		cmocka_unit_test(halt_with_leak),
		cmocka_unit_test(dma_channel_at_halt),
		cmocka_unit_test(failed_initialize_keeps_dma),
		cmocka_unit_test(destroy_cleans_up),
		cmocka_unit_test(wrong_state_calls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
