/* print.c — what `ndisdma run` prints itself: the DMA channel facts, the
 * MAC address, the pool counters.  The lifecycle steps and shared blocks
 * are narrated by the runtime (ndisdma_config.log).
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* NDIS_SG_DMA_* flag values, spec §3 (the tool does not include <ndis.h>). */
static const struct { uint32_t bit; const char *name; } dma_flags[] = {
	{ 0x1, "64_BIT_ADDRESS" },
	{ 0x2, "V3_HAL_API" },
	{ 0x4, "HYBRID_DMA" },
};

static void print_flags(FILE *out, uint32_t flags)
{
	const char *sep = "";
	uint32_t rest = flags;

	fprintf(out, "0x%" PRIx32 " (", flags);
	for (size_t i = 0; i < sizeof dma_flags / sizeof dma_flags[0]; i++) {
		if (flags & dma_flags[i].bit) {
			fprintf(out, "%sNDIS_SG_DMA_%s", sep, dma_flags[i].name);
			sep = " | ";
			rest &= ~dma_flags[i].bit;
		}
	}
	if (rest != 0)
		fprintf(out, "%sunknown 0x%" PRIx32, sep, rest);
	else if (flags == 0)
		fputs("none: 32-bit device", out);
	fputs(")\n", out);
}

static unsigned address_bits(uint64_t limit)
{
	unsigned bits = 0;
	while (bits < 64 && (limit >> bits) != 0)
		bits++;
	return bits;
}

void print_dma_info(FILE *out, const struct ndisdma_dma_info *info)
{
	uint64_t highest;

	if (!info->registered) {
		fputs("DMA channel: none registered\n", out);
		return;
	}
	fputs("DMA channel:\n", out);
	fprintf(out, "  revision               %u\n", (unsigned)info->revision);
	fputs("  flags                  ", out);
	print_flags(out, info->flags);
	/* address_limit is the first byte the device cannot reach (UINT64_MAX:
	 * all of them); print the highest byte it can. */
	highest = info->address_limit == UINT64_MAX ? UINT64_MAX
						    : info->address_limit - 1;
	fprintf(out, "  address limit          0x%016" PRIx64 " (%u-bit)\n",
		highest, address_bits(highest));
	fprintf(out, "  MaximumPhysicalMapping %" PRIu32 " bytes\n", info->max_mapping);
	fprintf(out, "  ScatterGatherListSize  %" PRIu32 " bytes\n", info->sg_list_size);
	fprintf(out, "  map registers          %" PRIu32 "%s\n", info->map_registers,
		info->map_registers == 0 ? " (none needed: 64-bit device)" : "");
	if (info->pdo_override != NULL)
		fprintf(out, "  PdoOverride            %p\n", info->pdo_override);
}

void print_mac(FILE *out, const struct ndisdma_adapter_stats *stats)
{
	if (!stats->mac_valid) {
		fputs("MAC address: not reported by the miniport\n", out);
		return;
	}
	fprintf(out, "MAC address: %02x:%02x:%02x:%02x:%02x:%02x\n",
		stats->mac[0], stats->mac[1], stats->mac[2],
		stats->mac[3], stats->mac[4], stats->mac[5]);
}

/* NDIS_PACKET_TYPE_* bits (documented values). */
static const struct { uint32_t bit; const char *name; } filter_bits[] = {
	{ 0x0001, "directed" }, { 0x0002, "multicast" },
	{ 0x0004, "all-multicast" }, { 0x0008, "broadcast" },
	{ 0x0020, "promiscuous" },
};

void print_packet_filter(FILE *out, int32_t status, uint32_t filter)
{
	const char *sep = "";

	if (status != 0) {
		fprintf(out, "packet filter: query failed, status 0x%08" PRIX32 "\n",
			(uint32_t)status);
		return;
	}
	fprintf(out, "packet filter: 0x%08" PRIX32 " (", filter);
	for (size_t i = 0; i < sizeof filter_bits / sizeof filter_bits[0]; i++) {
		if (filter & filter_bits[i].bit) {
			fprintf(out, "%s%s", sep, filter_bits[i].name);
			sep = ", ";
		}
	}
	fputs(filter == 0 ? "none)\n" : ")\n", out);
}

void print_pools(FILE *out, const struct ndisdma_pools *p)
{
	fprintf(out,
		"pools: sg lists %" PRIu64 ", queued requests %" PRIu64
		", shared blocks %" PRIu64 " (%" PRIu64 " bytes), driver resources %" PRIu64
		", handles %" PRIu64 ", map registers %" PRIu64 "/%" PRIu64 " free\n",
		p->live_sg_lists, p->queued_sg_requests, p->live_shared_blocks,
		p->shared_bytes, p->live_driver_resources, p->live_handles,
		p->map_registers_free, p->map_registers_total);
	fprintf(out,
		"       internal allocations %" PRIu64 " (freed %" PRIu64 "), lock acquisitions %"
		PRIu64 ", faults injected %" PRIu64 " of %" PRIu64 " fault points\n",
		p->internal_allocations, p->internal_frees, p->lock_acquisitions,
		p->faults_injected, p->fault_points_seen);
}

/* the fail-every-allocation loop stops at the first run that
 * injected nothing; the points reached say how many runs it takes. */
void print_faults(FILE *out, const struct ndisdma_pools *p)
{
	fprintf(out, "faults injected: %" PRIu64 " (allocation points reached: %" PRIu64 ")\n",
		p->faults_injected, p->fault_points_seen);
}

/* The live counts a halted, unloaded driver must have given back. */
const char *pools_leak(const struct ndisdma_pools *base,
		       const struct ndisdma_pools *now,
		       uint64_t *base_value, uint64_t *now_value)
{
	const struct { const char *name; uint64_t b, n; } live[] = {
		{ "sg lists", base->live_sg_lists, now->live_sg_lists },
		{ "queued requests", base->queued_sg_requests, now->queued_sg_requests },
		{ "shared blocks", base->live_shared_blocks, now->live_shared_blocks },
		{ "shared bytes", base->shared_bytes, now->shared_bytes },
		{ "driver resources", base->live_driver_resources, now->live_driver_resources },
		{ "handles", base->live_handles, now->live_handles },
		{ "live internal allocations",
		  base->internal_allocations - base->internal_frees,
		  now->internal_allocations - now->internal_frees },
	};
	for (size_t i = 0; i < sizeof live / sizeof live[0]; i++) {
		if (live[i].b != live[i].n) {
			*base_value = live[i].b;
			*now_value = live[i].n;
			return live[i].name;
		}
	}
	return NULL;
}
