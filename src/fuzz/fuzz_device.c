/* fuzz_device.c — the hostile-device fuzz target: the input is a byte
 * script that drives the virtio-net model in hostile mode
 * (src/device/virtio_net_hostile.c) against a loaded miniport (the
 * virtio-net sample by default, any --driver), with sends from above.
 * A crash, a sanitizer report, a hang, a verifier error, an NBL completed
 * twice or never, a receive indication that repeats an NBL or whose
 * NET_BUFFER does not hold its DataLength, or pools not back at baseline
 * after the halt is a finding.  Input format: docs/fuzzing.md "device".
 *
 * Fresh state per input: the machine and the loaded driver persist; each
 * input initializes a new adapter (and device) and halts it at the end
 * (a reload of the adapter: MiniportInitializeEx .. MiniportHaltEx), then
 * checks every pool against the baseline taken when the driver was
 * loaded.  The script is consumed on the calling thread, one step at a
 * time, and each step waits until the ISR and the DPCs it caused have run
 * (fz_quiesce), so the bytes consumed do not depend on thread timing.
 */
#include "fuzz/fuzz_device.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/virtio_config.h>
#include <stdio.h>
#include <stdlib.h>

#include "device/virtio_net.h"
#include "kernel/ksched.h"
#include "runtime/runtime.h"

/* The step after the device's operations (fuzz_device.h). */
enum { OP_SEND = VNET_HOSTILE_OPS, OP_STATS, OP_COUNT };

static const uint16_t queue_sizes[4] = { 16, 32, 64, 256 };

void fz_quiesce(struct ndisdma_adapter *a)
{
	struct kernel *k = a->m->k;
	uint64_t requeues;

	/* an ISR queues a DPC; a DPC may queue itself again (MoreNblsPending)
	 * or a work item: until nothing new ran */
	do {
		requeues = atomic_load(&a->na.dpc_requeues);
		ndis_interrupt_wait_idle(&a->na);
		kernel_flush(k);
	} while (requeues != atomic_load(&a->na.dpc_requeues));
}

/* A device access the verifier refused (spec §10 device-side rules). */
static bool device_side(const char *rule)
{
	return !strncmp(rule, "DMA-", 4) || !strncmp(rule, "IOMMU-", 6);
}

/* The first verifier error that is the driver's: after the device lied
 * about buffer ownership (virtio_net_hostile_op returned 1) its own later
 * accesses to buffers the driver took back are not. */
static const char *first_error(struct fz_device *f, char *why, size_t len)
{
	struct ndisdma_report r;

	for (size_t i = 0; ndisdma_report_at(f->m, i, &r); i++)
		if (!strcmp(r.severity, "error") && !(f->lied && device_side(r.rule)))
			return snprintf(why, len, "verifier %s: %s%s%s", r.rule, r.message,
					*r.site ? " at " : "", r.site), why;
	return NULL;
}

static const char *check_pools(struct fz_device *f, char *why, size_t len)
{
	struct ndisdma_pools p;

	ndisdma_machine_pools(f->m, &p);
	if (p.live_sg_lists || p.queued_sg_requests || p.live_shared_blocks)
		return snprintf(why, len, "after the halt: %" PRIu64 " SG lists, %" PRIu64
				" queued requests, %" PRIu64 " shared blocks live", p.live_sg_lists,
				p.queued_sg_requests, p.live_shared_blocks), why;
	if (p.live_driver_resources != f->base.live_driver_resources ||
	    p.live_handles != f->base.live_handles ||
	    p.internal_allocations - p.internal_frees !=
	    f->base.internal_allocations - f->base.internal_frees)
		return snprintf(why, len, "after the halt: %" PRIu64 " driver resources, %" PRIu64
				" handles, %" PRIu64 " internal allocations live; baseline %" PRIu64
				", %" PRIu64 ", %" PRIu64, p.live_driver_resources, p.live_handles,
				p.internal_allocations - p.internal_frees,
				f->base.live_driver_resources, f->base.live_handles,
				f->base.internal_allocations - f->base.internal_frees), why;
	return NULL;
}

/* 0, or -1 with the reason in why and no adapter left (f->a NULL). */
static int start_adapter(struct fz_device *f, uint8_t setup, char *why, size_t len)
{
	struct ndisdma_adapter_params p = { .name = "fuzz0", .device = "virtio-net",
					    .backend = "loopback" };
	char err[256];

	p.dma_bits = setup & 1 ? 32 : 64;
	p.queue_size = queue_sizes[(setup >> 1) & 3];
	if (ndisdma_adapter_initialize(f->d, &p, &f->a, err, sizeof(err))) {
		snprintf(why, len, "MiniportInitializeEx failed with an honest device: %s", err);
		goto failed;
	}
	ndisdma_adapter_set_traffic(f->a, &fz_traffic_ops, f);
	/* hostile from here: the restart's OIDs already meet it */
	if (virtio_net_set_hostile(f->a->na.device, true)) {
		snprintf(why, len, "the adapter's device is not virtio-net");
		goto failed;
	}
	if (ndisdma_adapter_restart(f->a, err, sizeof(err))) {
		snprintf(why, len, "MiniportRestart failed: %s", err);
		goto failed;
	}
	return 0;
failed:
	if (f->a)
		ndisdma_adapter_halt(f->a);
	f->a = NULL;
	return -1;
}

static void run_script(struct fz_device *f, struct fz_input *in)
{
	struct virtio_net_script s;

	while (in->left && !f->finding) {
		uint8_t op = fz_u8(in) % OP_COUNT;

		kmutex_lock(f->m->k, &f->lock);
		fz_hash(f->hash, 0x100 | op);
		kmutex_unlock(f->m->k, &f->lock);
		if (op == OP_SEND) {
			fz_send(f, in);
		} else if (op == OP_STATS) {
			struct ndisdma_statistics st;
			ndisdma_adapter_statistics(f->a, &st);
		} else {
			s.p = in->p;
			s.left = in->left;
			if (virtio_net_hostile_op(f->a->na.device, op, &s) == 1)
				f->lied = true;
			in->p = s.p;
			in->left = s.left;
		}
		fz_quiesce(f->a);
	}
}

/* The device turns honest (and raises its line once, for used buffers
 * it published without an interrupt), then pause and halt: a correct
 * miniport completes every send before its pause completes (spec §13). */
static const char *stop_adapter(struct fz_device *f, char *why, size_t len)
{
	char err[256];
	const char *bad = NULL;
	struct virtio_net_script none = { NULL, 0 };

	/* A device that lied about a buffer cannot give it back honestly: it
	 * fails instead (DEVICE_NEEDS_RESET), after which virtio 1.1 §2.1.2
	 * has the driver write off what the device held. */
	if (f->lied) {
		virtio_net_hostile_op(f->a->na.device, VNET_HOSTILE_ERROR, &none);
		fz_quiesce(f->a);
	}
	virtio_net_set_hostile(f->a->na.device, false);
	fz_quiesce(f->a);
	if (ndisdma_adapter_pause(f->a, err, sizeof(err)))
		bad = (snprintf(why, len, "pause after the device turned honest: %s", err), why);
	fz_quiesce(f->a);
	if (!bad)
		bad = fz_sends_all_completed(f, why, len);
	ndisdma_adapter_halt(f->a);
	f->a = NULL;
	return bad;
}

/* Every verifier report of the input, by rule, in order. */
static void hash_reports(struct fz_device *f)
{
	struct ndisdma_report r;

	for (size_t i = 0; ndisdma_report_at(f->m, i, &r); i++)
		fz_hash_str(f->hash, r.rule);
}

static const char *device_one(void *state, struct fz_input *in, uint64_t *hash, char *why,
			      size_t len)
{
	struct fz_device *f = state;
	const char *bad;

	if (f->spent)   /* an adapter is still up from a finding: no fresh state */
		return snprintf(why, len, "the previous input's finding left the adapter "
				"running; open a new instance"), why;
	ndisdma_thread_enter(f->m);
	/* the seed's streams start again: an input alone makes the same
	 * choices as inside a run (docs/fuzzing.md "Fresh state") */
	kernel_reseed(f->m->k);
	ksched_reseed(f->m->k, f->seed);
	ndisdma_reports_clear(f->m);
	f->finding = NULL;
	f->lied = false;
	f->why = why;
	f->why_len = len;
	f->hash = hash;
	if (start_adapter(f, fz_u8(in), why, len))
		return why;
	run_script(f, in);
	if (f->finding) {    /* the adapter is left as it is: stop here */
		hash_reports(f);
		f->spent = true;
		return f->finding;
	}
	bad = stop_adapter(f, why, len);
	fz_sends_reset(f);
	if (!bad && f->finding)
		bad = f->finding;
	hash_reports(f);
	if (!bad && ndisdma_report_errors(f->m))
		bad = first_error(f, why, len);
	if (!bad)
		bad = check_pools(f, why, len);
	return bad;
}

/* Whether the driver is a virtio-net miniport: an adapter started with
 * an honest device and halted again, as an empty input, must have set
 * DRIVER_OK (virtio 1.1 section 3.1.1).  A miniport for other hardware
 * never touches the model, and every input would pass having fuzzed
 * nothing: the instance is refused instead.  What the empty lifecycle
 * finds otherwise is left to the inputs, which report it with a file
 * that replays it.  Quiet, whatever the narration. */
static int probe_virtio(struct fz_device *f, const char *driver, char *err, size_t len)
{
	struct kernel *k = f->m->k;
	void *narrate = k->config.trace_file;
	FILE *text = vf_swap_text(f->m->vf, NULL);
	struct virtio_net_stats st = { 0 };
	uint64_t hash = 0;
	char why[256];
	bool started;

	k->config.trace_file = NULL;
	f->hash = &hash;
	f->why = why;
	f->why_len = sizeof(why);
	started = start_adapter(f, 0, why, sizeof(why)) == 0;
	if (started) {
		virtio_net_get_stats(f->a->na.device, &st);
		stop_adapter(f, why, sizeof(why));   /* leaves f->a NULL */
	}
	fz_sends_reset(f);
	ndisdma_reports_clear(f->m);
	vf_swap_text(f->m->vf, text);
	k->config.trace_file = narrate;
	f->hash = NULL;   /* device_one sets them for each input */
	f->why = NULL;
	f->why_len = 0;
	if (started && !(st.status & VIRTIO_CONFIG_S_DRIVER_OK))
		return snprintf(err, len, "%s did not bring up the virtio-net device "
				"(Status 0x%02x after MiniportInitializeEx, no DRIVER_OK): the "
				"device target fuzzes a virtio-net miniport (docs/fuzzing.md)",
				driver, (unsigned)st.status), -ENODEV;
	return 0;
}

static int device_open(const struct ndisdma_fuzz_config *c, void **state, char *err, size_t len)
{
	struct fz_device *f = calloc(1, sizeof(*f));
	struct ndisdma_config mc;
	int rc;

	if (!f)
		return snprintf(err, len, "out of memory"), -ENOMEM;
	if (!c->driver && !c->builtin_entry) {
		free(f);
		return snprintf(err, len, "fuzz device: no driver"), -EINVAL;
	}
	ndisdma_config_init(&mc);
	mc.seed = f->seed = c->seed ? c->seed : 1;
	mc.log = c->narrate;
	mc.sched = NDISDMA_SCHED_SEEDED;
	/* quiet: no text at all (a printed report names its source line with
	 * addr2line, a process per input); the reports are read back
	 * through ndisdma_report_at either way */
	mc.report_text = c->narrate;
	rc = ndisdma_machine_create(&mc, &f->m, err, len);
	if (!rc) {   /* at most FZ_SLOTS sends in flight (one NET_BUFFER
		      * each, one SG list each): a small record table, twice
		      * that so the open-addressed probe stays short */
		f->m->k->config.sg_records = 2 * FZ_SLOTS;
		f->m->k->config.pool_prefill = true;
		f->m->k->config.object_cache = true;
		f->m->k->config.stuck_abort = true;
	}
	if (!rc)
		rc = c->driver ? ndisdma_driver_load(f->m, c->driver, &f->d, err, len)
			       : ndisdma_driver_load_builtin(f->m, c->builtin_name, c->builtin_entry,
							     &f->d, err, len);
	if (!rc) {
		ndisdma_thread_enter(f->m);
		rc = fz_sends_init(f, err, len);
	}
	if (!rc)
		rc = probe_virtio(f, c->driver ? c->driver : c->builtin_name, err, len);
	if (rc) {
		device_close_state(f);
		return rc;
	}
	ndisdma_machine_pools(f->m, &f->base);
	*state = f;
	return 0;
}

void device_close_state(struct fz_device *f)
{
	if (f->spent) {   /* halting a miniport mid-failure may never end */
		return;    /* the machine is left to the process's end */
	}
	if (f->m) {
		ndisdma_thread_enter(f->m);
		fz_sends_fini(f);
		ndisdma_machine_destroy(f->m);
	}
	free(f);
}

static void device_close(void *state)
{
	device_close_state(state);
}

const struct fz_target_ops fz_device_ops = { device_open, device_one, device_close };
