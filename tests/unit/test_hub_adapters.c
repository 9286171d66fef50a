/* test_hub_adapters.c — several adapters of one hardware-less driver
 * (docs/run.md "Hardware-less miniports", "Several adapters", "Hub
 * traffic") with the hub miniport of tests/drivers_cli/hub_miniport.c,
 * linked in (tests/cli.cmake):
 * - an adapter without a device: empty resources, lifecycle clean;
 * - machine time advanced between two starts gives two tick-count MACs;
 * - what the miniport wrote with NdisWriteConfiguration comes back on the
 *   next initialization under the same name, and only there;
 * - ndisdma_hub_run: every delivery exactly once, nothing misdelivered;
 *   fewer than two adapters is -EINVAL; same seed, same counts.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ndisdma/ndisdma.h"

int32_t test_hub_driver_entry(void *driver_object, void *registry_path);

struct hub_fixture {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_pools base;
	char err[512];
};

static void fixture_up(struct hub_fixture *f, uint64_t seed)
{
	struct ndisdma_config c;

	memset(f, 0, sizeof(*f));
	ndisdma_config_init(&c);
	c.seed = seed;
	c.report_text = NULL;
	assert_int_equal(ndisdma_machine_create(&c, &f->m, f->err, sizeof(f->err)), 0);
	ndisdma_machine_pools(f->m, &f->base);
	assert_int_equal(ndisdma_driver_load_builtin(f->m, "hub", test_hub_driver_entry, &f->d,
						     f->err, sizeof(f->err)), 0);
}

static void fixture_down(struct hub_fixture *f)
{
	struct ndisdma_pools now;

	ndisdma_driver_unload(f->d);
	ndisdma_machine_pools(f->m, &now);
	assert_int_equal(now.live_driver_resources, 0);
	assert_int_equal(now.live_handles, f->base.live_handles);
	assert_int_equal(now.internal_allocations - now.internal_frees,
			 f->base.internal_allocations - f->base.internal_frees);
	assert_int_equal(ndisdma_report_count(f->m, NULL), 0);
	ndisdma_machine_destroy(f->m);
}

/* Initializes and restarts adapter `name` (no device); its MAC in mac. */
static struct ndisdma_adapter *start(struct hub_fixture *f, const char *name, uint8_t mac[6])
{
	struct ndisdma_adapter_params p;
	struct ndisdma_adapter_stats s;
	struct ndisdma_device_stats ds;
	struct ndisdma_adapter *a = NULL;

	memset(&p, 0, sizeof(p));
	p.name = name;
	assert_int_equal(ndisdma_adapter_initialize(f->d, &p, &a, f->err, sizeof(f->err)), 0);
	ndisdma_adapter_device_stats(a, &ds);
	assert_false(ds.present);
	assert_int_equal(ndisdma_adapter_restart(a, f->err, sizeof(f->err)), 0);
	ndisdma_adapter_stats(a, &s);
	assert_true(s.mac_valid);
	assert_int_equal(s.mac[0], 0x02);
	memcpy(mac, s.mac, 6);
	return a;
}

static void test_time_gives_distinct_macs(void **state)
{
	struct hub_fixture f;
	uint8_t m0[6], m1[6];
	struct ndisdma_adapter *a0, *a1;

	(void)state;
	fixture_up(&f, 5);
	a0 = start(&f, "ndisdma0", m0);
	ndisdma_machine_advance_time(f.m, 1000);
	a1 = start(&f, "ndisdma1", m1);
	assert_memory_not_equal(m0, m1, 6);
	ndisdma_adapter_halt(a1);
	ndisdma_adapter_halt(a0);
	fixture_down(&f);
}

static void test_written_configuration_comes_back(void **state)
{
	struct hub_fixture f;
	uint8_t first[6], again[6], other[6];
	struct ndisdma_adapter *a;

	(void)state;
	fixture_up(&f, 6);
	a = start(&f, "ndisdma0", first);
	ndisdma_adapter_halt(a);
	ndisdma_machine_advance_time(f.m, 5000);   /* another tick count now */
	a = start(&f, "ndisdma0", again);          /* HubAddress read back */
	assert_memory_equal(first, again, 6);
	ndisdma_adapter_halt(a);
	a = start(&f, "ndisdma1", other);          /* its own key: not there */
	assert_memory_not_equal(first, other, 6);
	ndisdma_adapter_halt(a);
	fixture_down(&f);
}

static void hub_once(uint64_t seed, unsigned n, struct ndisdma_hub_result *r)
{
	struct ndisdma_traffic_config c;
	struct ndisdma_adapter *a[4];
	struct hub_fixture f;
	uint8_t mac[6];
	char name[24];

	fixture_up(&f, seed);
	for (unsigned i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "ndisdma%u", i);
		if (i)
			ndisdma_machine_advance_time(f.m, 1000);
		a[i] = start(&f, name, mac);
	}
	memset(&c, 0, sizeof(c));
	c.frames = 1500;
	c.min_size = 60;
	c.max_size = 1514;
	c.seed = seed;
	assert_int_equal(ndisdma_hub_run(a, n, &c, r, f.err, sizeof(f.err)), 0);
	for (unsigned i = n; i-- > 0;)
		ndisdma_adapter_halt(a[i]);
	fixture_down(&f);
}

static void test_hub_every_delivery_once(void **state)
{
	struct ndisdma_hub_result r, again;
	uint64_t due = 0, sent = 0;

	(void)state;
	hub_once(9, 4, &r);
	assert_false(ndisdma_hub_failed(&r));
	assert_int_equal(r.frames_sent, 1500);
	assert_true(r.broadcasts > 0);
	/* each broadcast is due on the 3 others, each directed frame on one */
	assert_int_equal(r.expected, 1500 - r.broadcasts + 3 * r.broadcasts);
	assert_int_equal(r.received, r.expected);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(r.per[i].received, r.per[i].expected);
		assert_int_equal(r.per[i].misdelivered + r.per[i].duplicates + r.per[i].other, 0);
		due += r.per[i].expected;
		sent += r.per[i].sent;
	}
	assert_int_equal(due, r.expected);
	assert_int_equal(sent, 1500);
	hub_once(9, 4, &again);   /* one seed, one run */
	assert_int_equal(again.broadcasts, r.broadcasts);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(again.per[i].expected, r.per[i].expected);
}

static void test_hub_needs_two_adapters(void **state)
{
	struct ndisdma_traffic_config c;
	struct ndisdma_hub_result r;
	struct hub_fixture f;
	struct ndisdma_adapter *a;
	uint8_t mac[6];

	(void)state;
	fixture_up(&f, 1);
	a = start(&f, "ndisdma0", mac);
	memset(&c, 0, sizeof(c));
	c.frames = 10;
	c.min_size = 60;
	c.max_size = 60;
	assert_int_equal(ndisdma_hub_run(&a, 1, &c, &r, f.err, sizeof(f.err)), -EINVAL);
	assert_non_null(strstr(f.err, "2 to 8 adapters"));
	ndisdma_adapter_halt(a);
	fixture_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_gives_distinct_macs),
		cmocka_unit_test(test_written_configuration_comes_back),
		cmocka_unit_test(test_hub_every_delivery_once),
		cmocka_unit_test(test_hub_needs_two_adapters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
