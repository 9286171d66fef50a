/* adapter_stats.c — OID_GEN_STATISTICS (facts §6.7), which every NDIS 6
 * miniport must answer: the runtime queries it at the end of a run and sets
 * the miniport's counters beside what the traffic harness itself saw
 * (docs/run.md "Statistics").  A counter is compared only when its
 * NDIS_STATISTICS_FLAGS_VALID_* bit is set and the harness can see it (not
 * the discard and error counters, which only the miniport knows).
 */
#include "runtime/runtime.h"

#include <string.h>

struct counter_info {
	const char *name;
	uint32_t flag;
	size_t offset;
};

#define C(field, flag) { #field, NDIS_STATISTICS_FLAGS_VALID_##flag, \
			 offsetof(NDIS_STATISTICS_INFO, field) }
static const struct counter_info counters[NDISDMA_STATISTICS_COUNTERS] = {
	C(ifInDiscards, RCV_DISCARDS),
	C(ifInErrors, RCV_ERROR),
	C(ifHCInOctets, BYTES_RCV),
	C(ifHCInUcastPkts, DIRECTED_FRAMES_RCV),
	C(ifHCInMulticastPkts, MULTICAST_FRAMES_RCV),
	C(ifHCInBroadcastPkts, BROADCAST_FRAMES_RCV),
	C(ifHCOutOctets, BYTES_XMIT),
	C(ifHCOutUcastPkts, DIRECTED_FRAMES_XMIT),
	C(ifHCOutMulticastPkts, MULTICAST_FRAMES_XMIT),
	C(ifHCOutBroadcastPkts, BROADCAST_FRAMES_XMIT),
	C(ifOutErrors, XMIT_ERROR),
	C(ifOutDiscards, XMIT_DISCARDS),
	C(ifHCInUcastOctets, DIRECTED_BYTES_RCV),
	C(ifHCInMulticastOctets, MULTICAST_BYTES_RCV),
	C(ifHCInBroadcastOctets, BROADCAST_BYTES_RCV),
	C(ifHCOutUcastOctets, DIRECTED_BYTES_XMIT),
	C(ifHCOutMulticastOctets, MULTICAST_BYTES_XMIT),
	C(ifHCOutBroadcastOctets, BROADCAST_BYTES_XMIT),
};
#undef C

const char *ndisdma_statistics_name(unsigned i)
{
	return i < NDISDMA_STATISTICS_COUNTERS ? counters[i].name : NULL;
}

uint32_t ndisdma_statistics_flag(unsigned i)
{
	return i < NDISDMA_STATISTICS_COUNTERS ? counters[i].flag : 0;
}

int32_t ndisdma_adapter_statistics(struct ndisdma_adapter *a, struct ndisdma_statistics *s)
{
	NDIS_STATISTICS_INFO info;
	uint32_t done = 0;

	memset(s, 0, sizeof(*s));
	memset(&info, 0, sizeof(info));
	s->status = ndisdma_adapter_oid(a, false, OID_GEN_STATISTICS, &info, sizeof(info), &done);
	if (s->status != NDIS_STATUS_SUCCESS)
		s->problem = "the query failed";
	else if (done < NDIS_SIZEOF_STATISTICS_INFO_REVISION_1)
		s->problem = "BytesWritten is below NDIS_SIZEOF_STATISTICS_INFO_REVISION_1 (152)";
	else if (info.Header.Type != NDIS_OBJECT_TYPE_DEFAULT ||
		 info.Header.Revision < NDIS_STATISTICS_INFO_REVISION_1 ||
		 info.Header.Size < NDIS_SIZEOF_STATISTICS_INFO_REVISION_1)
		s->problem = "the NDIS_STATISTICS_INFO header is not DEFAULT, revision 1, size 152";
	if (s->problem)
		return s->status;
	s->valid = true;
	s->supported = info.SupportedStatistics;
	for (unsigned i = 0; i < NDISDMA_STATISTICS_COUNTERS; i++)
		memcpy(&s->counter[i], (const char *)&info + counters[i].offset, sizeof(ULONG64));
	return s->status;
}

bool ndisdma_statistics_expected(const struct ndisdma_traffic_result *r, unsigned i,
				 uint64_t *value)
{
	switch (i) {
	case 2: *value = r->in_bytes[0] + r->in_bytes[1] + r->in_bytes[2]; return true;
	case 3: case 4: case 5: *value = r->in_pkts[i - 3]; return true;
	case 6: *value = r->out_bytes[0] + r->out_bytes[1] + r->out_bytes[2]; return true;
	case 7: case 8: case 9: *value = r->out_pkts[i - 7]; return true;
	case 12: case 13: case 14: *value = r->in_bytes[i - 12]; return true;
	case 15: case 16: case 17: *value = r->out_bytes[i - 15]; return true;
	default: return false;   /* discards and errors: the miniport's own */
	}
}

uint32_t ndisdma_statistics_disagree(const struct ndisdma_statistics *s,
				     const struct ndisdma_traffic_result *r)
{
	uint32_t bits = 0;
	uint64_t want;

	for (unsigned i = 0; s->valid && i < NDISDMA_STATISTICS_COUNTERS; i++)
		if ((s->supported & counters[i].flag) && ndisdma_statistics_expected(r, i, &want) &&
		    want != s->counter[i])
			bits |= 1u << i;
	return bits;
}
