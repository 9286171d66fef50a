/*
 * conf_offload.c — conformance miniport: task offload, NET_BUFFER and MDL
 * helpers, and the NDIS library queries, as the public NDIS 6 docs describe
 * them, written without ndisdma's source, as an NDIS 6.30 miniport is.
 *
 * It reports checksum (IPv4/IPv6, TCP/UDP, both directions) and large send
 * (LSO v1 and v2) capabilities in its offload attributes, with LSO v1
 * switched off in its current configuration; it answers
 * OID_OFFLOAD_ENCAPSULATION and OID_TCP_OFFLOAD_PARAMETERS and indicates
 * NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG after every parameters set.  Its
 * data path is a software loopback: each sent frame is walked MDL by MDL
 * (NdisQueryMdl, NdisGetNextMdl, NdisQueryNetBufferPhysicalCount), copied
 * into a frame of its own receive pool (NdisCopyFromNetBufferToNetBuffer)
 * whose NBL carries the receive checksum result and, in context space
 * added on demand (NdisAllocateNetBufferListContext), what it needs at
 * return time.  At initialization it reads its virtio-net registers with
 * the 64-bit and buffer forms, asks for an I/O port range its resources do
 * not have, and asks the library its version and routine addresses.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define OF_TAG 'foSC'
#define OF_FRAME 1514
#define OF_ETH_HEADER 14
#define OF_LSO_MAX 62000
#define OF_CONTEXT 16          /* a multiple of MEMORY_ALLOCATION_ALIGNMENT */
#define VIRTIO_MMIO_MAGIC 0x74726976u   /* virtio 1.1 §4.2.2: "virt" at offset 0 */
#define VIRTIO_MMIO_CONFIG 0x100          /* device configuration space */

typedef struct _OF_RX_CONTEXT {    /* in the receive NBL's added context */
	ULONG Length;
	ULONG Sequence;
} OF_RX_CONTEXT;

typedef struct _OF_ADAPTER {
	LIST_ENTRY Link;               /* g_Adapters */
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE RxPool;
	NDIS_OFFLOAD Hardware;
	NDIS_OFFLOAD Current;
	NDIS_OFFLOAD_ENCAPSULATION Encapsulation;
	LONG ParametersSets, EncapsulationSets;
	LONG Outstanding, Received, Sequence;
	ULONG Filter;
} OF_ADAPTER, *POF_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE OfInitialize;
MINIPORT_HALT OfHalt;
MINIPORT_UNLOAD OfUnload;
MINIPORT_PAUSE OfPause;
MINIPORT_RESTART OfRestart;
MINIPORT_OID_REQUEST OfOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS OfSend;
MINIPORT_RETURN_NET_BUFFER_LISTS OfReturn;
MINIPORT_CANCEL_SEND OfCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY OfPnpEvent;
MINIPORT_SHUTDOWN OfShutdown;
MINIPORT_CANCEL_OID_REQUEST OfCancelOid;

static NDIS_HANDLE g_DriverHandle;
static LIST_ENTRY g_Adapters;
static NDIS_SPIN_LOCK g_AdaptersLock;
static LONG g_PowerProfileEvents;
static const UCHAR g_Mac[ETH_LENGTH_OF_ADDRESS] = { 0x02, 0x4F, 0x46, 0x00, 0x00, 0x01 };

/* ---- offload configuration --------------------------------------------- */

static VOID
OfCapabilities(NDIS_OFFLOAD *o)
{
	NdisZeroMemory(o, sizeof(*o));
	o->Header.Type = NDIS_OBJECT_TYPE_OFFLOAD;
	o->Header.Revision = NDIS_OFFLOAD_REVISION_3;
	o->Header.Size = NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_3;
	/* each direction is its own (unnamed) structure type: field by field */
#define OF_V4(_dir)                                                             \
	o->Checksum._dir.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;        \
	o->Checksum._dir.IpOptionsSupported = NDIS_OFFLOAD_SUPPORTED;          \
	o->Checksum._dir.TcpOptionsSupported = NDIS_OFFLOAD_SUPPORTED;         \
	o->Checksum._dir.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;                 \
	o->Checksum._dir.UdpChecksum = NDIS_OFFLOAD_SUPPORTED;                 \
	o->Checksum._dir.IpChecksum = NDIS_OFFLOAD_SUPPORTED
#define OF_V6(_dir)                                                             \
	o->Checksum._dir.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;        \
	o->Checksum._dir.IpExtensionHeadersSupported = NDIS_OFFLOAD_SUPPORTED; \
	o->Checksum._dir.TcpOptionsSupported = NDIS_OFFLOAD_SUPPORTED;         \
	o->Checksum._dir.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;                 \
	o->Checksum._dir.UdpChecksum = NDIS_OFFLOAD_SUPPORTED
	OF_V4(IPv4Transmit);
	OF_V4(IPv4Receive);
	OF_V6(IPv6Transmit);
	OF_V6(IPv6Receive);
#undef OF_V4
#undef OF_V6
	o->LsoV1.IPv4.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->LsoV1.IPv4.MaxOffLoadSize = OF_LSO_MAX;
	o->LsoV1.IPv4.MinSegmentCount = 2;
	o->LsoV2.IPv4.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->LsoV2.IPv4.MaxOffLoadSize = OF_LSO_MAX;
	o->LsoV2.IPv4.MinSegmentCount = 2;
	o->LsoV2.IPv6.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	o->LsoV2.IPv6.MaxOffLoadSize = OF_LSO_MAX;
	o->LsoV2.IPv6.MinSegmentCount = 2;
	o->LsoV2.IPv6.IpExtensionHeadersSupported = NDIS_OFFLOAD_SUPPORTED;
	o->LsoV2.IPv6.TcpOptionsSupported = NDIS_OFFLOAD_SUPPORTED;
}

/* One checksum task in both directions from an OID_TCP_OFFLOAD_PARAMETERS
 * value; FALSE for a value the docs do not define. */
static BOOLEAN
OfApplyChecksum(UCHAR Value, ULONG *Tx, ULONG *Rx)
{
	switch (Value) {
	case NDIS_OFFLOAD_PARAMETERS_NO_CHANGE: return TRUE;
	case NDIS_OFFLOAD_PARAMETERS_TX_RX_DISABLED: *Tx = *Rx = NDIS_OFFLOAD_NOT_SUPPORTED; return TRUE;
	case NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED:
		*Tx = NDIS_OFFLOAD_SUPPORTED; *Rx = NDIS_OFFLOAD_NOT_SUPPORTED; return TRUE;
	case NDIS_OFFLOAD_PARAMETERS_RX_ENABLED_TX_DISABLED:
		*Tx = NDIS_OFFLOAD_NOT_SUPPORTED; *Rx = NDIS_OFFLOAD_SUPPORTED; return TRUE;
	case NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED: *Tx = *Rx = NDIS_OFFLOAD_SUPPORTED; return TRUE;
	default: return FALSE;
	}
}

/* Bit-fields cannot be passed by address: copy out, apply, copy back. */
#define OF_CHECKSUM(_value, _tx, _rx, _ok)                      \
	do {                                                    \
		ULONG t_ = (_tx), r_ = (_rx);                   \
		(_ok) = (_ok) && OfApplyChecksum((_value), &t_, &r_); \
		(_tx) = t_;                                     \
		(_rx) = r_;                                     \
	} while (0)

static BOOLEAN
OfApplyLso(UCHAR Value, ULONG *Encapsulation, UCHAR On, UCHAR Off)
{
	if (Value == NDIS_OFFLOAD_PARAMETERS_NO_CHANGE)
		return TRUE;
	if (Value == On) {
		*Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
		return TRUE;
	}
	if (Value == Off) {
		*Encapsulation = NDIS_ENCAPSULATION_NOT_SUPPORTED;
		return TRUE;
	}
	return FALSE;
}

static VOID
OfIndicateConfig(POF_ADAPTER a)
{
	NDIS_STATUS_INDICATION ind;

	NdisZeroMemory(&ind, sizeof(ind));
	ind.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	ind.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	ind.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	ind.SourceHandle = a->AdapterHandle;
	ind.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
	ind.StatusCode = NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG;
	ind.StatusBuffer = &a->Current;
	ind.StatusBufferSize = sizeof(a->Current);
	NdisMIndicateStatusEx(a->AdapterHandle, &ind);
}

static NDIS_STATUS
OfSetParameters(POF_ADAPTER a, struct _NDIS_OID_SET *Set)
{
	PNDIS_OFFLOAD_PARAMETERS p = (PNDIS_OFFLOAD_PARAMETERS)Set->InformationBuffer;
	NDIS_TCP_IP_CHECKSUM_OFFLOAD *c = &a->Current.Checksum;
	BOOLEAN ok = TRUE;

	if (Set->InformationBufferLength < NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1) {
		Set->BytesNeeded = NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1;
		return NDIS_STATUS_INVALID_LENGTH;
	}
	/* what NDIS sends a 6.30 miniport: revision 3 of a DEFAULT object */
	CONF_CHECK(p->Header.Type == NDIS_OBJECT_TYPE_DEFAULT);
	CONF_CHECK(p->Header.Revision == NDIS_OFFLOAD_PARAMETERS_REVISION_3);
	CONF_CHECK(p->Header.Size == NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_3);
	CONF_CHECK(Set->InformationBufferLength >= p->Header.Size);
	/* it asked for the configuration this miniport reported as current */
	CONF_CHECK(p->IPv4Checksum == NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED);
	CONF_CHECK(p->TCPIPv4Checksum == NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED);
	CONF_CHECK(p->UDPIPv6Checksum == NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED);
	CONF_CHECK(p->LsoV1 == NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED);
	CONF_CHECK(p->LsoV2IPv4 == NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED);
	CONF_CHECK(p->IPsecV1 == NDIS_OFFLOAD_PARAMETERS_NO_CHANGE &&
		   p->TcpConnectionIPv4 == NDIS_OFFLOAD_PARAMETERS_NO_CHANGE);
	OF_CHECKSUM(p->IPv4Checksum, c->IPv4Transmit.IpChecksum, c->IPv4Receive.IpChecksum, ok);
	OF_CHECKSUM(p->TCPIPv4Checksum, c->IPv4Transmit.TcpChecksum, c->IPv4Receive.TcpChecksum, ok);
	OF_CHECKSUM(p->UDPIPv4Checksum, c->IPv4Transmit.UdpChecksum, c->IPv4Receive.UdpChecksum, ok);
	OF_CHECKSUM(p->TCPIPv6Checksum, c->IPv6Transmit.TcpChecksum, c->IPv6Receive.TcpChecksum, ok);
	OF_CHECKSUM(p->UDPIPv6Checksum, c->IPv6Transmit.UdpChecksum, c->IPv6Receive.UdpChecksum, ok);
	ok = ok && OfApplyLso(p->LsoV1, &a->Current.LsoV1.IPv4.Encapsulation,
			      NDIS_OFFLOAD_PARAMETERS_LSOV1_ENABLED, NDIS_OFFLOAD_PARAMETERS_LSOV1_DISABLED);
	ok = ok && OfApplyLso(p->LsoV2IPv4, &a->Current.LsoV2.IPv4.Encapsulation,
			      NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED, NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED);
	ok = ok && OfApplyLso(p->LsoV2IPv6, &a->Current.LsoV2.IPv6.Encapsulation,
			      NDIS_OFFLOAD_PARAMETERS_LSOV2_ENABLED, NDIS_OFFLOAD_PARAMETERS_LSOV2_DISABLED);
	if (!ok)
		return NDIS_STATUS_INVALID_PARAMETER;
	Set->BytesRead = p->Header.Size;
	InterlockedIncrement(&a->ParametersSets);
	OfIndicateConfig(a);   /* documented: after every parameters set */
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
OfSetEncapsulation(POF_ADAPTER a, struct _NDIS_OID_SET *Set)
{
	PNDIS_OFFLOAD_ENCAPSULATION e = (PNDIS_OFFLOAD_ENCAPSULATION)Set->InformationBuffer;

	if (Set->InformationBufferLength < NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1) {
		Set->BytesNeeded = NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1;
		return NDIS_STATUS_INVALID_LENGTH;
	}
	CONF_CHECK(e->Header.Type == NDIS_OBJECT_TYPE_OFFLOAD_ENCAPSULATION);
	CONF_CHECK(e->Header.Revision == NDIS_OFFLOAD_ENCAPSULATION_REVISION_1);
	CONF_CHECK(e->Header.Size == NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1);
	CONF_CHECK(e->IPv4.Enabled == NDIS_OFFLOAD_SET_ON && e->IPv6.Enabled == NDIS_OFFLOAD_SET_ON);
	CONF_CHECK(e->IPv4.HeaderSize == OF_ETH_HEADER && e->IPv6.HeaderSize == OF_ETH_HEADER);
	if ((e->IPv4.Enabled == NDIS_OFFLOAD_SET_ON &&
	     e->IPv4.EncapsulationType != NDIS_ENCAPSULATION_IEEE_802_3) ||
	    (e->IPv6.Enabled == NDIS_OFFLOAD_SET_ON &&
	     e->IPv6.EncapsulationType != NDIS_ENCAPSULATION_IEEE_802_3))
		return NDIS_STATUS_NOT_SUPPORTED;   /* only untagged Ethernet framing */
	a->Encapsulation = *e;
	Set->BytesRead = NDIS_SIZEOF_OFFLOAD_ENCAPSULATION_REVISION_1;
	InterlockedIncrement(&a->EncapsulationSets);
	return NDIS_STATUS_SUCCESS;
}

/* ---- data path: a software loopback ----------------------------------- */

/* The MDL walk a descriptor-building driver does before mapping. */
static VOID
OfInspect(PNET_BUFFER Nb)
{
	ULONG len = NET_BUFFER_DATA_LENGTH(Nb), need = NET_BUFFER_CURRENT_MDL_OFFSET(Nb) + len;
	ULONG total = 0, mdls = 0, pages, mdlOffset, mdlLength;
	PMDL m = NET_BUFFER_CURRENT_MDL(Nb), next;

	while (m != NULL && total < need) {
		PVOID va = NULL;
		ULONG bytes = 0;

		NdisQueryMdl(m, &va, &bytes, NormalPagePriority);
		NdisQueryMdlOffset(m, &mdlOffset, &mdlLength);
		CONF_CHECK(va != NULL && bytes == mdlLength && mdlOffset < PAGE_SIZE);
		total += bytes;
		mdls++;
		NdisGetNextMdl(m, &next);
		CONF_CHECK(next == NDIS_MDL_LINKAGE(m));
		m = next;
	}
	CONF_CHECK(total >= need);
	pages = NdisQueryNetBufferPhysicalCount(Nb);
	CONF_CHECK(pages >= (len + PAGE_SIZE - 1) / PAGE_SIZE);
	CONF_CHECK(pages <= len / PAGE_SIZE + 2 * mdls);
}

/* One sent NBL back up as a received copy, at DISPATCH_LEVEL. */
static VOID
OfLoopOne(POF_ADAPTER a, PNET_BUFFER_LIST Tx)
{
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(Tx);
	ULONG len = NET_BUFFER_DATA_LENGTH(nb), copied = 0;
	NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO csum;
	OF_RX_CONTEXT *ctx;
	PNET_BUFFER_LIST rx;
	NDIS_STATUS status;

	OfInspect(nb);
	rx = NdisAllocateNetBufferAndNetBufferList(a->RxPool, 0, 0, NULL, 0, len);
	status = rx != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
	if (status == NDIS_STATUS_SUCCESS) {
		CONF_CHECK(NdisGetPoolFromNetBufferList(rx) == a->RxPool);
		status = NdisCopyFromNetBufferToNetBuffer(NET_BUFFER_LIST_FIRST_NB(rx), 0, len,
							  nb, 0, &copied);
		CONF_CHECK(status == NDIS_STATUS_SUCCESS && copied == len);
	}
	if (status == NDIS_STATUS_SUCCESS)
		status = NdisAllocateNetBufferListContext(rx, OF_CONTEXT, 0, OF_TAG);
	NET_BUFFER_LIST_STATUS(Tx) = status;
	/* the data is copied: the send is done whatever happens to the copy */
	NdisMSendNetBufferListsComplete(a->AdapterHandle, Tx, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
	if (status != NDIS_STATUS_SUCCESS) {
		if (rx != NULL)
			NdisFreeNetBufferList(rx);
		return;
	}
	ctx = (OF_RX_CONTEXT *)NET_BUFFER_LIST_CONTEXT_DATA_START(rx);
	CONF_CHECK(NET_BUFFER_LIST_CONTEXT_DATA_SIZE(rx) >= OF_CONTEXT);
	CONF_CHECK(((ULONG_PTR)ctx % MEMORY_ALLOCATION_ALIGNMENT) == 0);
	ctx->Length = len;
	ctx->Sequence = (ULONG)InterlockedIncrement(&a->Sequence);
	/* receive checksum offload as currently configured: "verified" */
	csum.Value = NULL;
	if (a->Current.Checksum.IPv4Receive.IpChecksum == NDIS_OFFLOAD_SUPPORTED)
		csum.Receive.IpChecksumSucceeded = 1;
	NET_BUFFER_LIST_INFO(rx, TcpIpChecksumNetBufferListInfo) = csum.Value;
	rx->SourceHandle = a->AdapterHandle;
	InterlockedIncrement(&a->Outstanding);
	NdisMIndicateReceiveNetBufferLists(a->AdapterHandle, rx, NDIS_DEFAULT_PORT_NUMBER, 1,
					   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
}

_Use_decl_annotations_
VOID
OfSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	POF_ADAPTER a = (POF_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next;
	KIRQL old = DISPATCH_LEVEL;

	CONF_CHECK(PortNumber == NDIS_DEFAULT_PORT_NUMBER);
	if (!NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags))
		NDIS_RAISE_IRQL_TO_DISPATCH(&old);
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		OfLoopOne(a, nbl);
	}
	if (!NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags))
		NDIS_LOWER_IRQL(old, DISPATCH_LEVEL);
}

_Use_decl_annotations_
VOID
OfReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	POF_ADAPTER a = (POF_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST rx, next;

	CONF_CHECK((ReturnFlags & ~(ULONG)NDIS_RETURN_FLAGS_DISPATCH_LEVEL) == 0);
	for (rx = NetBufferLists; rx != NULL; rx = next) {
		OF_RX_CONTEXT *ctx = (OF_RX_CONTEXT *)NET_BUFFER_LIST_CONTEXT_DATA_START(rx);

		next = NET_BUFFER_LIST_NEXT_NBL(rx);
		CONF_CHECK(ctx->Length == NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(rx)));
		CONF_CHECK(ctx->Sequence != 0);
		NdisFreeNetBufferListContext(rx, OF_CONTEXT);
		NdisFreeNetBufferList(rx);
		InterlockedIncrement(&a->Received);
		InterlockedDecrement(&a->Outstanding);
	}
}

/* ---- OIDs -------------------------------------------------------------- */

_Use_decl_annotations_
NDIS_STATUS
OfOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST Request)
{
	POF_ADAPTER a = (POF_ADAPTER)MiniportAdapterContext;
	struct _NDIS_OID_QUERY *q = &Request->DATA.QUERY_INFORMATION;
	struct _NDIS_OID_SET *set = &Request->DATA.SET_INFORMATION;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	if (Request->RequestType == NdisRequestSetInformation) {
		switch (set->Oid) {
		case OID_TCP_OFFLOAD_PARAMETERS:
			return OfSetParameters(a, set);
		case OID_OFFLOAD_ENCAPSULATION:
			return OfSetEncapsulation(a, set);
		case OID_GEN_CURRENT_PACKET_FILTER:
			if (set->InformationBufferLength < sizeof(ULONG)) {
				set->BytesNeeded = sizeof(ULONG);
				return NDIS_STATUS_INVALID_LENGTH;
			}
			a->Filter = *(PULONG)set->InformationBuffer;
			set->BytesRead = sizeof(ULONG);
			return NDIS_STATUS_SUCCESS;
		default:
			return NDIS_STATUS_NOT_SUPPORTED;
		}
	}
	if (q->Oid != OID_802_3_CURRENT_ADDRESS)
		return NDIS_STATUS_NOT_SUPPORTED;
	if (q->InformationBufferLength < ETH_LENGTH_OF_ADDRESS) {
		q->BytesNeeded = ETH_LENGTH_OF_ADDRESS;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	ETH_COPY_NETWORK_ADDRESS(q->InformationBuffer, g_Mac);
	q->BytesWritten = ETH_LENGTH_OF_ADDRESS;
	return NDIS_STATUS_SUCCESS;
}

#include "conf_offload_init.h"
