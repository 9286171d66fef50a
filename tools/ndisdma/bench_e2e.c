/* bench_e2e.c — W8, the default `ndisdma run` traffic end to end (issue 13
 * §3): the built-in virtio-net sample in front of its device model
 * (loopback backend), frames of random sizes 60-1514 in random MDL
 * fragmentations, every payload checked when it comes back, the verifier at
 * its standard level, under the seeded scheduler (docs/scheduling.md) — what
 * `ndisdma run --frames N` moves, timed from the first send to the last
 * frame back.  A round is one machine: a warm-up of a tenth of the frames,
 * then one measured run of --packets frames (one timing sample per round;
 * the median is over the rounds).  No baseline applies: the row is read
 * against W1, the SG path alone.
 */
#include <inttypes.h>
#include <string.h>

#include "bench_run.h"

struct e2e_machine {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
};

static int e2e_up(const struct bench_options *o, const struct bench_workload *wl,
		  struct e2e_machine *em)
{
	const struct builtin_driver *b = builtin_default();
	struct ndisdma_config cfg;
	struct ndisdma_adapter_params params;
	char err[256] = "";

	memset(em, 0, sizeof(*em));
	ndisdma_config_init(&cfg);
	cfg.seed = o->seed;
	cfg.layout = wl->layout;
	cfg.verifier = wl->verifier;
	cfg.sched = NDISDMA_SCHED_SEEDED;
	cfg.iommu = o->iommu;   /* --iommu: W8 has no mode of its own */
	if (ndisdma_machine_create(&cfg, &em->m, err, sizeof(err)) != 0)
		goto fail;
	ndisdma_thread_enter(em->m);
	if (ndisdma_driver_load_builtin(em->m, b->name, b->entry, &em->d, err,
					sizeof(err)) != 0)
		goto fail;
	memset(&params, 0, sizeof(params));
	params.name = "ndisdma0";
	params.device = "virtio-net";
	params.dma_bits = wl->dma_bits;
	if (ndisdma_adapter_initialize(em->d, &params, &em->a, err, sizeof(err)) != 0 ||
	    ndisdma_adapter_restart(em->a, err, sizeof(err)) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "ndisdma bench: %s: %s\n", wl->name, err[0] ? err : "set-up failed");
	return -1;
}

static void e2e_down(struct e2e_machine *em)
{
	char err[256];

	if (em->a && strcmp(ndisdma_adapter_state(em->a), "running") == 0)
		ndisdma_adapter_pause(em->a, err, sizeof(err));
	if (em->a)
		ndisdma_adapter_halt(em->a);
	if (em->d)
		ndisdma_driver_unload(em->d);
	if (em->m) {
		if (ndisdma_report_count(em->m, NULL))
			fprintf(stderr, "ndisdma bench: the verifier reported %" PRIu64
				" problem(s) in the virtio_net sample\n",
				ndisdma_report_count(em->m, NULL));
		ndisdma_machine_destroy(em->m);
	}
	ndisdma_thread_enter(NULL);
}

/* One traffic run of `frames` frames, as `ndisdma run` sends them. */
static int e2e_traffic(const struct bench_options *o, struct e2e_machine *em,
		       uint64_t frames, uint64_t seed, struct ndisdma_traffic_result *res)
{
	struct ndisdma_traffic_config c;
	char err[256] = "";

	memset(&c, 0, sizeof(c));
	memset(res, 0, sizeof(*res));
	c.frames = frames;
	c.min_size = 60;
	c.max_size = 1514;
	c.seed = seed;
	c.expect_echo = true;
	if (ndisdma_traffic_run(em->a, &c, res, err, sizeof(err)) != 0) {
		fprintf(stderr, "ndisdma bench: W8: %s\n", err);
		return -1;
	}
	(void)o;
	if (res->mismatches || res->lost_frames || res->lost_completions ||
	    res->double_completions || res->duplicates || res->send_failed ||
	    res->frames_received != frames) {
		fprintf(stderr, "ndisdma bench: W8: traffic failed (%" PRIu64 " of %" PRIu64
			" frames back, %" PRIu64 " mismatches)\n", res->frames_received, frames,
			res->mismatches);
		return -1;
	}
	return 0;
}

int bench_e2e_round(const struct bench_options *o, const struct bench_workload *wl,
		    struct bench_acc *acc, struct bench_result *r)
{
	struct e2e_machine em;
	struct ndisdma_traffic_result res;
	struct ndisdma_pools before, after;
	uint64_t t0, t1;
	int rc = e2e_up(o, wl, &em);

	if (rc == 0)
		rc = e2e_traffic(o, &em, o->packets / 10 + 1, o->seed ^ 0x5741524Dull, &res);
	if (rc == 0) {
		ndisdma_machine_pools(em.m, &before);
		t0 = bench_now_ns();
		rc = e2e_traffic(o, &em, o->packets, o->seed, &res);
		t1 = bench_now_ns();
		ndisdma_machine_pools(em.m, &after);
		r->allocations += after.internal_allocations - before.internal_allocations;
		if (rc == 0)
			rc = bench_timing_add(&acc->ours, (double)(t1 - t0) / (double)o->packets);
		acc->ours.packets += o->packets;
		acc->ours.elements += res.pieces;
		acc->ours.wall_ns += t1 - t0;
	}
	e2e_down(&em);
	return rc;
}
