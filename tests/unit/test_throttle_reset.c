/* test_throttle_reset.c — issue 11 with the virtio_net sample linked in
 * (an NDIS 6.30 miniport written only against <ndis.h>):
 *   - receive throttle: its MiniportInterruptDPC gets MaxNblsToIndicate
 *     (config receive_throttle), indicates no more, sets MoreNblsPending and
 *     is run again without an interrupt; with NDIS_INDICATE_ALL_NBLS it is
 *     never re-queued;
 *   - resets during traffic (reset_every): the sample's reset pends until
 *     its sends complete and asks for an addressing reset; every frame
 *     comes back exactly once, every NBL completes once;
 *   - OID_GEN_STATISTICS agrees with the harness after all that.
 * Each scenario ends with no verifier report and pools at baseline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/traffic.h"

int32_t ndisdma_builtin_virtio_net(void *driver_object, void *registry_path);

struct fixture {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct ndisdma_pools base;
};

static void up(struct fixture *f, uint32_t throttle)
{
	struct ndisdma_config cfg;
	struct ndisdma_adapter_params p;
	char err[256];

	ndisdma_config_init(&cfg);
	cfg.seed = 23;
	cfg.receive_throttle = throttle;
	assert_int_equal(ndisdma_machine_create(&cfg, &f->m, err, sizeof err), 0);
	ndisdma_machine_pools(f->m, &f->base);
	assert_int_equal(ndisdma_driver_load_builtin(f->m, "virtio_net",
		ndisdma_builtin_virtio_net, &f->d, err, sizeof err), 0);
	memset(&p, 0, sizeof p);
	p.name = "vn0";
	p.device = "virtio-net";
	assert_int_equal(ndisdma_adapter_initialize(f->d, &p, &f->a, err, sizeof err), 0);
	assert_int_equal(ndisdma_adapter_restart(f->a, err, sizeof err), 0);
}

static void down(struct fixture *f)
{
	struct ndisdma_pools now;

	ndisdma_adapter_halt(f->a);
	ndisdma_driver_unload(f->d);
	ndisdma_machine_pools(f->m, &now);
	assert_int_equal(ndisdma_report_count(f->m, NULL), 0);
	assert_int_equal(now.live_sg_lists, f->base.live_sg_lists);
	assert_int_equal(now.live_driver_resources, f->base.live_driver_resources);
	assert_int_equal(now.live_handles, f->base.live_handles);
	ndisdma_machine_destroy(f->m);
}

static void run(struct fixture *f, uint64_t frames, uint64_t reset_every,
		struct ndisdma_traffic_result *r)
{
	struct ndisdma_traffic_config c = { .frames = frames, .min_size = 60, .max_size = 1514,
					    .seed = 5, .expect_echo = true,
					    .reset_every = reset_every };
	char err[256];

	if (ndisdma_traffic_run(f->a, &c, r, err, sizeof err) != 0)
		fail_msg("traffic: %s", err);
	/* nothing lost or doubled */
	assert_int_equal(r->frames_sent, frames);
	assert_int_equal(r->send_completed, frames);
	assert_int_equal(r->frames_received, frames);
	assert_int_equal(r->lost_frames + r->lost_completions + r->double_completions +
			 r->duplicates + r->mismatches + r->send_failed, 0);
}

static void test_throttle_requeues(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_device_stats ds;
	struct fixture f;

	(void)state;
	up(&f, 2);
	run(&f, 2000, 0, &r);
	ndisdma_adapter_device_stats(f.a, &ds);
	assert_int_equal(ds.throttle_budget, 2);
	assert_true(ds.dpc_requeues > 0);            /* MoreNblsPending honoured */
	assert_int_equal(ds.throttle_exceeded, 0);   /* the sample stays in budget */
	assert_int_equal(ds.dpc_nbls_indicated, r.frames_indicated);
	assert_true(ds.dpc_calls >= r.frames_indicated / 2);
	down(&f);
}

static void test_indicate_all_never_requeues(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_device_stats ds;
	struct fixture f;

	(void)state;
	up(&f, 0xFFFFFFFFu);   /* NDIS_INDICATE_ALL_NBLS */
	run(&f, 2000, 0, &r);
	ndisdma_adapter_device_stats(f.a, &ds);
	assert_int_equal(ds.dpc_requeues, 0);
	assert_int_equal(ds.throttle_exceeded, 0);
	down(&f);
}

static void test_resets_during_traffic(void **state)
{
	struct ndisdma_traffic_result r;
	struct ndisdma_adapter_stats as;
	struct ndisdma_statistics s;
	struct fixture f;

	(void)state;
	up(&f, 0);
	run(&f, 3000, 250, &r);
	assert_int_equal(r.resets, 12);
	assert_int_equal(r.resets_failed, 0);
	ndisdma_adapter_stats(f.a, &as);
	assert_int_equal(as.resets, 12);
	assert_int_equal(as.addressing_resets, 12);   /* the sample asks for them */
	assert_int_equal(as.resets_hard_errors + as.resets_hung, 0);
	assert_false(ndisdma_adapter_failed(f.a));
	assert_int_equal(ndisdma_adapter_statistics(f.a, &s), 0);
	assert_true(s.valid);
	assert_int_equal(s.supported, 0x003F87FF);
	assert_int_equal(ndisdma_statistics_disagree(&s, &r), 0);
	assert_int_equal(s.counter[7], 3000);   /* ifHCOutUcastPkts */
	assert_int_equal(s.counter[3], 3000);   /* ifHCInUcastPkts */
	assert_int_equal(r.vlan_sent, 750);
	assert_int_equal(r.vlan_received, 0);   /* the sample drops 802.1Q info */
	down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_throttle_requeues),
		cmocka_unit_test(test_indicate_all_never_requeues),
		cmocka_unit_test(test_resets_during_traffic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
