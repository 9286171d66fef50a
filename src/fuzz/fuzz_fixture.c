/* fuzz_fixture.c — see fuzz_fixture.h */
#include "fuzz/fuzz_fixture.h"
#include "fuzz/fuzz_internal.h"

#include <inttypes.h>
#include <string.h>

#include "kernel/ksched.h"
#include "ndis/sg_dma.h"
#include "wdm/wdm_pool.h"

static uint64_t live_allocs(const struct kernel *k)
{
	return atomic_load(&k->stats.allocations) - atomic_load(&k->stats.frees);
}

static int make_lower(struct fz_fixture *f, enum platform_layout layout,
		      uint64_t seed, FILE *narrate)
{
	struct vf_config vc = { .level = VF_LEVEL_STANDARD, .text = narrate };
	struct platform_config pc = { .kind = PLATFORM_SIM, .layout = layout, .seed = seed };
	/* an input maps at most a few lists: a small record table keeps a
	 * registration per input cheap (docs/fuzzing.md "Fresh state") */
	struct kernel_config kc = { .seed = seed, .verifier_level = VF_LEVEL_STANDARD,
				    .trace_file = narrate, .sg_records = 64 };

	f->vf = vf_create(&vc);
	if (!f->vf || platform_create(&pc, &f->plat))
		return -1;
	return kernel_create(&kc, f->vf, f->plat, &f->k) ? -1 : 0;
}

/* The driver and adapter objects a registration needs: an NDIS 6.30 bus
 * master, as th_setup (tests/support/harness.c) makes them. */
static int make_objects(struct fz_fixture *f)
{
	struct ndis_driver *d = &f->driver;
	struct ndis_adapter *a = &f->adapter;

	d->k = f->k;
	d->chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	d->chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	d->chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	d->chars.MajorNdisVersion = 6;
	d->chars.MinorNdisVersion = 30;
	d->registered = true;
	kres_list_init(&d->resources, f->k);
	d->handle = kernel_handle_new(f->k, HANDLE_DRIVER, d);

	a->k = f->k;
	a->driver = d;
	a->context = a;
	a->registration_attributes_set = true;
	kres_list_init(&a->resources, f->k);
	a->handle = kernel_handle_new(f->k, HANDLE_ADAPTER, a);
	return d->handle && a->handle ? 0 : -1;
}

int fz_fixture_init(struct fz_fixture *f, enum platform_layout layout,
		    uint64_t seed, FILE *narrate)
{
	memset(f, 0, sizeof(*f));
	if (make_lower(f, layout, seed, narrate))
		goto fail;
	kernel_enter(f->k);
	kernel_set_irql(KIRQL_PASSIVE);
	if (make_objects(f))
		goto fail;
	fz_fixture_reset(f);
	f->base_live_allocs = live_allocs(f->k);
	f->base_handles = kernel_live_handles(f->k);
	platform_get_stats(f->plat, &f->base_platform);
	f->base_driver_resources = f->driver.resources.count;
	f->base_adapter_resources = f->adapter.resources.count;
	return 0;
fail:
	fz_fixture_fini(f);
	return -1;
}

void fz_fixture_fini(struct fz_fixture *f)
{
	if (f->k) {
		kernel_set_irql(KIRQL_PASSIVE);
		kernel_flush(f->k);
		if (f->adapter.dma)
			sg_channel_destroy(f->adapter.dma);
		wdm_machine_destroy(f->k);
		if (f->adapter.handle)
			kernel_handle_retire(f->k, f->adapter.handle);
		if (f->driver.handle)
			kernel_handle_retire(f->k, f->driver.handle);
		kres_list_destroy(&f->adapter.resources);
		kres_list_destroy(&f->driver.resources);
		kernel_destroy(f->k);
		kernel_enter(NULL);
	}
	if (f->plat)
		platform_destroy(f->plat);
	if (f->vf)
		vf_destroy(f->vf);
	memset(f, 0, sizeof(*f));
}

void fz_fixture_reset(struct fz_fixture *f)
{
	kernel_enter(f->k);
	kernel_set_irql(KIRQL_PASSIVE);
	vf_clear(f->vf);
	kernel_reseed(f->k);
	memset(&f->k->config.fault, 0, sizeof(f->k->config.fault));
	atomic_store(&f->k->fault_counter, 0);
	atomic_store(&f->k->stats.faults_injected, 0);
	f->k->config.stress = 0;
	f->k->config.map_register_lists = 0;
	f->k->config.map_register_cap = 0;
	f->driver.chars.MajorNdisVersion = 6;
	f->adapter.attribute_flags = NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER |
				     NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	f->adapter.in_initialize = false;
	f->adapter.state = ADAPTER_PAUSED;
}

void fz_fixture_begin_init(struct fz_fixture *f)
{
	f->adapter.init_context = kcontext_self();
	f->adapter.in_initialize = true;
	f->adapter.state = ADAPTER_INITIALIZING;
}

void fz_fixture_end_init(struct fz_fixture *f)
{
	f->adapter.in_initialize = false;
	f->adapter.state = ADAPTER_PAUSED;
}

void fz_fixture_hash_reports(struct fz_fixture *f, uint64_t *hash)
{
	for (unsigned r = 0; r < VF_RULE_COUNT; r++)
		if (vf_count(f->vf, (enum vf_rule)r))
			fz_hash(hash, (uint64_t)r << 32 | vf_count(f->vf, (enum vf_rule)r));
}

const char *fz_fixture_check(struct fz_fixture *f, char *why, size_t len)
{
	struct platform_stats ps;

	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(f->k);
	platform_get_stats(f->plat, &ps);
	if (f->adapter.dma)
		snprintf(why, len, "the adapter still has a DMA channel");
	else if (live_allocs(f->k) != f->base_live_allocs)
		snprintf(why, len, "%" PRIu64 " internal allocations live, baseline %" PRIu64,
			 live_allocs(f->k), f->base_live_allocs);
	else if (kernel_live_handles(f->k) != f->base_handles)
		snprintf(why, len, "%u handles live, baseline %u",
			 kernel_live_handles(f->k), f->base_handles);
	else if (ps.contiguous_blocks != f->base_platform.contiguous_blocks ||
		 ps.contiguous_bytes != f->base_platform.contiguous_bytes)
		snprintf(why, len, "%" PRIu64 " contiguous blocks (%" PRIu64 " bytes) live, "
			 "baseline %" PRIu64, ps.contiguous_blocks, ps.contiguous_bytes,
			 f->base_platform.contiguous_blocks);
	else if (f->adapter.resources.count != f->base_adapter_resources ||
		 f->driver.resources.count != f->base_driver_resources)
		snprintf(why, len, "driver or adapter resources live");
	else
		return NULL;
	return why;
}
