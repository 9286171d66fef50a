/* run_stats.c — what `ndisdma run` learns from the adapter before pausing
 * it (docs/run.md "Statistics", "Resets"): the miniport's
 * OID_GEN_STATISTICS counters printed beside what the traffic harness saw,
 * the counters that disagree flagged as a summary note (not a verifier
 * report: a driver may count frames the harness never saw, e.g. on a tap
 * backend), and the reset, hang-check, error-log and receive-throttle
 * counts.
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* OID_GEN_MAXIMUM_FRAME_SIZE (documented value; facts §6 OID table): the
 * MTU, read so `ndisdma verify` knows whether *JumboPacket was taken. */
#define CLI_OID_GEN_MAXIMUM_FRAME_SIZE 0x00010106u

void run_extras_collect(struct ndisdma_adapter *a, const struct ndisdma_traffic_result *r,
			bool traffic, struct run_extras *x)
{
	uint32_t mtu = 0, done = 0;

	memset(x, 0, sizeof(*x));
	x->have_adapter = true;
	ndisdma_adapter_stats(a, &x->astats);
	ndisdma_adapter_device_stats(a, &x->dstats);
	x->have_stats = true;
	ndisdma_adapter_statistics(a, &x->stats);
	if (ndisdma_adapter_oid(a, false, CLI_OID_GEN_MAXIMUM_FRAME_SIZE, &mtu, sizeof(mtu),
				&done) != 0 || done != sizeof(mtu))
		mtu = 0;
	x->max_frame_size = mtu;
	if (traffic)
		x->disagree = ndisdma_statistics_disagree(&x->stats, r);
}

static void print_counters(FILE *out, const struct run_extras *x,
			   const struct ndisdma_traffic_result *r, bool traffic)
{
	unsigned flagged = 0;
	uint64_t want;

	for (unsigned i = 0; i < NDISDMA_STATISTICS_COUNTERS; i++) {
		bool valid = (x->stats.supported & ndisdma_statistics_flag(i)) != 0;
		bool seen = traffic && ndisdma_statistics_expected(r, i, &want);

		fprintf(out, "  %-24s %14" PRIu64 "%s", ndisdma_statistics_name(i),
			x->stats.counter[i], valid ? "" : " (not valid)");
		if (seen)
			fprintf(out, "   harness %14" PRIu64 "%s", want,
				x->disagree & (1u << i) ? "   <- disagrees" : "");
		fputc('\n', out);
		flagged += (x->disagree >> i) & 1;
	}
	if (traffic)
		fprintf(out, "statistics: %u counter%s disagree%s with the harness\n", flagged,
			flagged == 1 ? "" : "s", flagged == 1 ? "s" : "");
}

void run_extras_print(FILE *out, const struct run_extras *x,
		      const struct ndisdma_traffic_result *r, bool traffic)
{
	const struct ndisdma_adapter_stats *s = &x->astats;

	if (!x->have_adapter)
		return;
	if (!x->stats.valid)
		fprintf(out, "statistics: OID_GEN_STATISTICS not answered (status 0x%08X): %s\n",
			(unsigned)x->stats.status, x->stats.problem ? x->stats.problem : "");
	else {
		fprintf(out, "statistics (OID_GEN_STATISTICS, SupportedStatistics 0x%08X):\n",
			(unsigned)x->stats.supported);
		print_counters(out, x, r, traffic);
	}
	fprintf(out, "resets: %" PRIu64 " (%" PRIu64 " pended, %" PRIu64 " soft errors, %" PRIu64
		" failed, %" PRIu64 " never completed, %" PRIu64 " addressing), hang checks: %"
		PRIu64 " (%" PRIu64 " asked for a reset, %" PRIu64 " stuck OIDs)\n", s->resets,
		s->resets_pended, s->resets_soft_errors, s->resets_hard_errors, s->resets_hung,
		s->addressing_resets, s->hang_checks, s->hang_resets, s->oid_hang_resets);
	fprintf(out, "error log: %" PRIu64 " entr%s\n", x->dstats.error_log_entries,
		x->dstats.error_log_entries == 1 ? "y" : "ies");
	if (x->dstats.throttle_budget)
		fprintf(out, "receive throttle: MaxNblsToIndicate %u, %" PRIu64 " NBLs in %"
			PRIu64 " DPCs, %" PRIu64 " re-queued for MoreNblsPending, %" PRIu64
			" over budget\n", (unsigned)x->dstats.throttle_budget,
			x->dstats.dpc_nbls_indicated, x->dstats.dpc_calls, x->dstats.dpc_requeues,
			x->dstats.throttle_exceeded);
}

void print_iommu(FILE *out, const struct ndisdma_iommu_stats *s)
{
	if (s->mode == NDISDMA_IOMMU_OFF)
		return;
	fprintf(out, "iommu: %s, %" PRIu64 " domain%s, %" PRIu64 " maps, %" PRIu64 " unmaps, %"
		PRIu64 " flushes, %" PRIu64 " faults, IOVA cache %" PRIu64 " hits %" PRIu64
		" misses, %" PRIu64 " pages still mapped\n", iommu_name(s->mode), s->domains,
		s->domains == 1 ? "" : "s", s->maps, s->unmaps, s->flushes, s->faults,
		s->cache_hits, s->cache_misses, s->mapped_pages);
}

void run_extras_json(FILE *out, const struct run_extras *x)
{
	const struct ndisdma_adapter_stats *s = &x->astats;
	bool first = true;

	fprintf(out, "\"resets\": %" PRIu64 ", \"resets_pended\": %" PRIu64
		", \"resets_soft_errors\": %" PRIu64 ", \"resets_failed\": %" PRIu64
		", \"resets_hung\": %" PRIu64 ", \"addressing_resets\": %" PRIu64
		", \"hang_checks\": %" PRIu64 ", \"error_log_entries\": %" PRIu64
		", \"throttle_budget\": %u, \"dpc_requeues\": %" PRIu64
		", \"throttle_exceeded\": %" PRIu64 ", ", s->resets, s->resets_pended,
		s->resets_soft_errors, s->resets_hard_errors, s->resets_hung,
		s->addressing_resets, s->hang_checks, x->dstats.error_log_entries,
		(unsigned)x->dstats.throttle_budget, x->dstats.dpc_requeues,
		x->dstats.throttle_exceeded);
	fprintf(out, "\"statistics\": {\"status\": %d, \"valid\": %s, \"supported\": %u",
		(int)x->stats.status, x->stats.valid ? "true" : "false",
		(unsigned)x->stats.supported);
	for (unsigned i = 0; i < NDISDMA_STATISTICS_COUNTERS; i++)
		fprintf(out, ", \"%s\": %" PRIu64, ndisdma_statistics_name(i), x->stats.counter[i]);
	fputs(", \"disagree\": [", out);
	for (unsigned i = 0; i < NDISDMA_STATISTICS_COUNTERS; i++)
		if (x->disagree & (1u << i)) {
			fprintf(out, "%s\"%s\"", first ? "" : ", ", ndisdma_statistics_name(i));
			first = false;
		}
	fputs("]}, ", out);
	fprintf(out, "\"iommu\": {\"mode\": \"%s\", \"domains\": %" PRIu64 ", \"maps\": %" PRIu64
		", \"unmaps\": %" PRIu64 ", \"flushes\": %" PRIu64 ", \"faults\": %" PRIu64
		", \"cache_hits\": %" PRIu64 ", \"cache_misses\": %" PRIu64
		", \"mapped_pages\": %" PRIu64 "}, ", iommu_name(x->iommu.mode), x->iommu.domains,
		x->iommu.maps, x->iommu.unmaps, x->iommu.flushes, x->iommu.faults,
		x->iommu.cache_hits, x->iommu.cache_misses, x->iommu.mapped_pages);
	fprintf(out, "\"max_frame_size\": %u, \"pools_at_baseline\": %s, ",
		(unsigned)x->max_frame_size, x->pools_at_baseline ? "true" : "false");
}
