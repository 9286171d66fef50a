/* adapter_offload.c — the offload OIDs the protocol side sends a miniport
 * that set offload attributes (docs/runtime.md "Task offload").
 *
 * After every restart, and again after an addressing reset (facts §6.2:
 * NDIS restores the offload settings), the runtime does what TCP/IP and
 * NDIS do when a protocol binds to such a miniport:
 *
 *   1. OID_OFFLOAD_ENCAPSULATION (set): IPv4 and IPv6 on, over untagged
 *      Ethernet (NDIS_ENCAPSULATION_IEEE_802_3, a 14-byte header);
 *   2. OID_TCP_OFFLOAD_PARAMETERS (set), of the revision the miniport's
 *      NDIS version knows (6.0: 1, 6.1-6.20: 2, 6.30+: 3), asking for the
 *      configuration it reported as current: each checksum task on in the
 *      directions it is on, each large send on, or off where the hardware
 *      has it and the configuration does not; everything else NO_CHANGE.
 *
 * The miniport answers a successful parameters set with an
 * NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG indication; src/ndis/offload.c
 * watches for it until the adapter pauses (OFFLOAD-INDICATE).  A failed
 * offload OID does not fail the restart (a protocol above would only do
 * without the offloads): its status is in the adapter's statistics.
 */
#include "runtime/runtime.h"

#include <string.h>

#define ETHERNET_HEADER 14u

/* A checksum task's value from its two directions in the configuration. */
static UCHAR checksum_value(ULONG tx, ULONG rx)
{
	bool t = tx == NDIS_OFFLOAD_SUPPORTED, r = rx == NDIS_OFFLOAD_SUPPORTED;

	if (t && r)
		return NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED;
	if (t)
		return NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED;
	if (r)
		return NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED;
	return NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED;
}

/* A large-send task: on as configured, off when only the hardware has it,
 * no change when the hardware does not have it at all. */
static UCHAR lso_value(ULONG current, ULONG hardware, UCHAR on, UCHAR off)
{
	if (current != NDIS_ENCAPSULATION_NOT_SUPPORTED)
		return on;
	return hardware != NDIS_ENCAPSULATION_NOT_SUPPORTED ? off : NDIS_OFFLOAD_PARAMETERS_NO_CHANGE;
}

static void fill_parameters(NDIS_OFFLOAD_PARAMETERS *p, const NDIS_OFFLOAD *hw,
			    const NDIS_OFFLOAD *cur, UCHAR minor)
{
	const NDIS_TCP_IP_CHECKSUM_OFFLOAD *c = &cur->Checksum;

	memset(p, 0, sizeof(*p));   /* NO_CHANGE for every task not named below */
	p->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	if (minor >= 30) {
		p->Header.Revision = NDIS_OFFLOAD_PARAMETERS_REVISION_3;
		p->Header.Size = NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3;
	} else if (minor >= 1) {
		p->Header.Revision = NDIS_OFFLOAD_PARAMETERS_REVISION_2;
		p->Header.Size = NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2;
	} else {
		p->Header.Revision = NDIS_OFFLOAD_PARAMETERS_REVISION_1;
		p->Header.Size = NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1;
	}
	p->IPv4Checksum = checksum_value(c->IPv4Transmit.IpChecksum, c->IPv4Receive.IpChecksum);
	p->TCPIPv4Checksum = checksum_value(c->IPv4Transmit.TcpChecksum, c->IPv4Receive.TcpChecksum);
	p->UDPIPv4Checksum = checksum_value(c->IPv4Transmit.UdpChecksum, c->IPv4Receive.UdpChecksum);
	p->TCPIPv6Checksum = checksum_value(c->IPv6Transmit.TcpChecksum, c->IPv6Receive.TcpChecksum);
	p->UDPIPv6Checksum = checksum_value(c->IPv6Transmit.UdpChecksum, c->IPv6Receive.UdpChecksum);
	p->LsoV1 = lso_value(cur->LsoV1.IPv4.Encapsulation, hw->LsoV1.IPv4.Encapsulation,
			     NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED, NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED);
	p->LsoV2IPv4 = lso_value(cur->LsoV2.IPv4.Encapsulation, hw->LsoV2.IPv4.Encapsulation,
				 NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED,
				 NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED);
	p->LsoV2IPv6 = lso_value(cur->LsoV2.IPv6.Encapsulation, hw->LsoV2.IPv6.Encapsulation,
				 NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED,
				 NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED);
}

static void note(struct ndisdma_adapter *a, uint32_t oid, int32_t st)
{
	pthread_mutex_lock(&a->lock);
	a->stats.offload_oid_sets++;
	if (oid == OID_OFFLOAD_ENCAPSULATION)
		a->stats.offload_encapsulation_status = (uint32_t)st;
	else
		a->stats.offload_parameters_status = (uint32_t)st;
	pthread_mutex_unlock(&a->lock);
}

bool rt_offload_send(struct ndisdma_adapter *a)
{
	NDIS_OFFLOAD_ENCAPSULATION e;
	NDIS_OFFLOAD_PARAMETERS p;
	NDIS_OFFLOAD hw, cur;
	uint32_t done = 0;
	int32_t st1, st2;

	if (!ndis_offload_snapshot(&a->na, &hw, &cur, NULL, NULL))
		return true;   /* no offload attributes: nothing to configure */
	memset(&e, 0, sizeof(e));
	e.Header.Type = NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION;
	e.Header.Revision = NDIS_OFFLOAD_ENCAPSULATION_REVISION_1;
	e.Header.Size = NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1;
	e.IPv4.Enabled = e.IPv6.Enabled = NDIS_OFFLOAD_SET_ON;
	e.IPv4.EncapsulationType = e.IPv6.EncapsulationType = NDIS_ENCAPSULATION_IEEE_802_3;
	e.IPv4.HeaderSize = e.IPv6.HeaderSize = ETHERNET_HEADER;
	st1 = ndisdma_adapter_oid(a, true, OID_OFFLOAD_ENCAPSULATION, &e, sizeof(e), &done);
	note(a, OID_OFFLOAD_ENCAPSULATION, st1);

	fill_parameters(&p, &hw, &cur, a->d->nd.chars.MinorNdisVersion);
	ndis_offload_parameters_begin(&a->na);
	st2 = ndisdma_adapter_oid(a, true, OID_TCP_OFFLOAD_PARAMETERS, &p, p.Header.Size, &done);
	ndis_offload_parameters_end(&a->na, st2);
	note(a, OID_TCP_OFFLOAD_PARAMETERS, st2);
	kernel_trace(a->m->k, "  offload: OID_OFFLOAD_ENCAPSULATION 0x%08X, "
		     "OID_TCP_OFFLOAD_PARAMETERS revision %u (checksums %u/%u/%u/%u/%u, "
		     "LSO %u/%u/%u) 0x%08X", (unsigned)st1, p.Header.Revision,
		     p.IPv4Checksum, p.TCPIPv4Checksum, p.UDPIPv4Checksum, p.TCPIPv6Checksum,
		     p.UDPIPv6Checksum, p.LsoV1, p.LsoV2IPv4, p.LsoV2IPv6, (unsigned)st2);
	return st1 == NDIS_STATUS_SUCCESS && st2 == NDIS_STATUS_SUCCESS;
}
