/* harness.c — see harness.h */
#include "harness.h"
#include "kernel/ksched.h"
#include "wdm/wdm_pool.h"

#include <string.h>

int th_default_sched = TH_DEFAULT_SCHED;

void th_default_options(struct th_options *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->layout = LAYOUT_CONTIGUOUS;
	o->level = VF_LEVEL_STANDARD;
	o->ndis_major = 6;
	o->attribute_flags = NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER |
			     NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	o->sched_mode = th_default_sched;
}

static uint64_t live_allocs(const struct kernel *k)
{
	return atomic_load(&k->stats.allocations) - atomic_load(&k->stats.frees);
}

void th_setup(struct th *t, const struct th_options *opt)
{
	struct th_options defaults;
	struct vf_config vc = { 0 };
	struct platform_config pc = { 0 };
	struct kernel_config kc = { 0 };

	if (!opt) {
		th_default_options(&defaults);
		opt = &defaults;
	}
	memset(t, 0, sizeof(*t));
	vc.level = opt->level;
	vc.text = stderr;
	t->vf = vf_create(&vc);
	assert_non_null(t->vf);

	pc.kind = PLATFORM_SIM;
	pc.layout = opt->layout;
	pc.seed = opt->seed;
	assert_int_equal(platform_create(&pc, &t->plat), 0);

	kc.seed = opt->seed;
	kc.verifier_level = opt->level;
	kc.stress = opt->stress;
	/* faults are switched on at the end: the fixture itself never fails */
	kc.map_register_lists = opt->map_register_lists;
	kc.map_register_cap = opt->map_register_cap;
	kc.sched_mode = opt->sched_mode;
	kc.pct_depth = opt->pct_depth;
	kc.iommu_mode = opt->iommu_mode;
	assert_int_equal(kernel_create(&kc, t->vf, t->plat, &t->k), 0);
	t->prev_kernel = kernel_enter(t->k);
	t->prev_irql = kernel_irql();
	kernel_set_irql(KIRQL_PASSIVE);

	t->driver.k = t->k;
	t->driver.chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	t->driver.chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	t->driver.chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	t->driver.chars.MajorNdisVersion = opt->ndis_major;
	t->driver.chars.MinorNdisVersion = 30;
	t->driver.registered = true;
	kres_list_init(&t->driver.resources, t->k);
	t->driver.handle = kernel_handle_new(t->k, HANDLE_DRIVER, &t->driver);
	assert_non_null(t->driver.handle);

	t->adapter.k = t->k;
	t->adapter.driver = &t->driver;
	t->adapter.context = &t->adapter;     /* any distinct pointer */
	t->adapter.attribute_flags = opt->attribute_flags;
	t->adapter.registration_attributes_set = true;
	t->adapter.state = ADAPTER_INITIALIZING;
	kres_list_init(&t->adapter.resources, t->k);
	t->adapter.handle = kernel_handle_new(t->k, HANDLE_ADAPTER, &t->adapter);
	assert_non_null(t->adapter.handle);
	t->adapter_handle = t->adapter.handle;

	/* Faults count from here: the fixture's own allocations are not points. */
	t->k->config.fault = opt->fault;
	atomic_store(&t->k->fault_counter, 0);
	t->base_live_allocs = live_allocs(t->k);
	t->base_handles = kernel_live_handles(t->k);
	platform_get_stats(t->plat, &t->base_platform);
}

void th_setup_threads(struct th *t)
{
	struct th_options o;

	th_default_options(&o);
	o.sched_mode = KSCHED_THREADS;
	th_setup(t, &o);
}

void th_begin_init(struct th *t)
{
	t->adapter.init_context = kcontext_self();
	t->adapter.in_initialize = true;
	t->adapter.state = ADAPTER_INITIALIZING;
}

void th_end_init(struct th *t)
{
	t->adapter.in_initialize = false;
	t->adapter.state = ADAPTER_PAUSED;
}

void th_expect(struct th *t, enum vf_rule rule, uint64_t n)
{
	t->expected[rule] += n;
	if (vf_count(t->vf, rule) != t->expected[rule])
		fail_msg("rule %s: %llu reports, expected %llu",
			 vf_rule_info(rule)->id,
			 (unsigned long long)vf_count(t->vf, rule),
			 (unsigned long long)t->expected[rule]);
}

void th_assert_reports(struct th *t)
{
	for (int r = 0; r < VF_RULE_COUNT; r++) {
		uint64_t want = t->expected[r];

		/* issue 5: every injected fault is named, exactly once */
		if (r == VF_FAULT_INJECTED && vf_enabled(t->vf, VF_LEVEL_STANDARD))
			want += atomic_load(&t->k->stats.faults_injected);
		if (vf_count(t->vf, (enum vf_rule)r) != want)
			fail_msg("unexpected verifier reports: %s x%llu (expected %llu)",
				 vf_rule_info((enum vf_rule)r)->id,
				 (unsigned long long)vf_count(t->vf, (enum vf_rule)r),
				 (unsigned long long)want);
	}
}

void th_teardown(struct th *t)
{
	struct platform_stats ps;

	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(t->k);
	wdm_machine_destroy(t->k);   /* issue 11: pool left is POOL-LEAK */
	th_assert_reports(t);
	assert_null(t->adapter.dma);
	/* spec §11: the adapter's IOMMU domain goes after its channel, as the
	 * runtime retires it after the halt */
	ndis_adapter_iommu_stop(&t->adapter);
	assert_int_equal(t->adapter.resources.count, 0);
	assert_int_equal(t->driver.resources.count, 0);
	assert_int_equal(kernel_live_handles(t->k), t->base_handles);
	assert_int_equal(live_allocs(t->k), t->base_live_allocs);
	platform_get_stats(t->plat, &ps);
	assert_int_equal(ps.contiguous_blocks, t->base_platform.contiguous_blocks);
	assert_int_equal(ps.contiguous_bytes, t->base_platform.contiguous_bytes);

	kernel_handle_retire(t->k, t->adapter.handle);
	kernel_handle_retire(t->k, t->driver.handle);
	kres_list_destroy(&t->adapter.resources);
	kres_list_destroy(&t->driver.resources);
	kernel_destroy(t->k);
	platform_destroy(t->plat);
	vf_destroy(t->vf);
	kernel_enter(t->prev_kernel);
	kernel_set_irql(t->prev_irql);
	memset(t, 0, sizeof(*t));
}
