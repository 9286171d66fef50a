/* run_hub.c — `ndisdma run --traffic hub`: test frames a miniport moves
 * between its own adapters (ndisdma_hub_run; docs/run.md "Hub traffic"),
 * and the summary of that run.  Per-adapter counts are printed with the
 * adapter lines (run_adapters.c).
 */
#include <errno.h>
#include <inttypes.h>

#include "cli.h"

int hub_traffic_run(const struct run_options *o, struct ndisdma_adapter *const *a,
		    unsigned n, FILE *out, struct ndisdma_hub_result *res)
{
	struct ndisdma_traffic_config c = { 0 };
	char err[256] = "";
	int rc;

	c.frames = o->frames;
	c.min_size = o->min_size;
	c.max_size = o->max_size;
	c.window = o->window;
	c.max_mdls = o->max_mdls;
	c.seed = o->seed;
	rc = ndisdma_hub_run(a, n, &c, res, err, sizeof err);
	if (rc != 0) {
		fflush(out);
		fprintf(stderr, "ndisdma run: %s\n", err);
		return rc == -EIO ? CLI_EXIT_DRIVER : CLI_EXIT_INTERNAL;
	}
	return ndisdma_hub_failed(res) ? CLI_EXIT_TRAFFIC : CLI_EXIT_OK;
}

void hub_print_summary(FILE *out, const struct run_options *o,
		       const struct ndisdma_hub_result *r)
{
	fprintf(out, "traffic: hub between %u adapters, %" PRIu64 " test frames of %" PRIu32
		"-%" PRIu32 " bytes (%" PRIu64 " broadcast)\n", r->adapters, o->frames,
		o->min_size, o->max_size, r->broadcasts);
	fprintf(out, "frames: %" PRIu64 " sent, %" PRIu64 " completed (%" PRIu64
		" failed), %" PRIu64 " of %" PRIu64 " deliveries received and checked, %"
		PRIu64 " lost, %" PRIu64 " duplicates, %" PRIu64 " misdelivered, %" PRIu64
		" other\n", r->frames_sent, r->send_completed, r->send_failed, r->received,
		r->expected, r->lost, r->duplicates, r->misdelivered, r->other);
	if (r->send_failed_injected)
		fprintf(out, "sends failed by injected faults: %" PRIu64 " of the %" PRIu64
			" failed (not a traffic failure)\n", r->send_failed_injected,
			r->send_failed);
	if (r->lost_injected)
		fprintf(out, "deliveries dropped by injected faults: %" PRIu64 " of the %" PRIu64
			" lost (not a traffic failure)\n", r->lost_injected, r->lost);
	fprintf(out, "payload mismatches: %" PRIu64 "\n", r->mismatches);
	fprintf(out, "completions: %" PRIu64 " lost, %" PRIu64 " twice\n",
		r->lost_completions, r->double_completions);
	fprintf(out, "802.1Q NBL info: %" PRIu64 " frames sent tagged, %" PRIu64
		" came back tagged, %" PRIu64 " with the wrong tag\n", r->vlan_sent,
		r->vlan_received, r->vlan_mismatches);
	fprintf(out, "time: %.3f s, %.0f frames/s\n", r->seconds,
		(double)r->frames_sent / (r->seconds > 0 ? r->seconds : 1));
}
