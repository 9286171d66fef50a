/*
 * oid.c — MiniportOidRequest of the vhub sample: the general and 802.3
 * queries an Ethernet miniport answers, the statistics (OID_GEN_STATISTICS
 * with NDIS_STATISTICS_INFO, and the classic counters OID_GEN_XMIT_OK,
 * OID_GEN_RCV_OK ...), and the sets: packet filter, lookahead, multicast
 * list.  Every request completes synchronously, so there is never one to
 * cancel.
 *
 * A buffer too small is NDIS_STATUS_BUFFER_TOO_SHORT with BytesNeeded; a
 * counter may be read as a ULONG (4-byte buffer, the value truncated, as
 * NDIS 5 protocols read them) or a ULONG64.
 */
#include "vhub.h"
#include "Oid.tmh"   /* the WPP tool names the .tmh as this line spells it */

static const NDIS_OID VhubSupportedOids[] = {
	OID_GEN_SUPPORTED_LIST, OID_GEN_HARDWARE_STATUS, OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE, OID_GEN_PHYSICAL_MEDIUM, OID_GEN_MAXIMUM_LOOKAHEAD,
	OID_GEN_CURRENT_LOOKAHEAD, OID_GEN_MAXIMUM_FRAME_SIZE, OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_TRANSMIT_BLOCK_SIZE, OID_GEN_RECEIVE_BLOCK_SIZE, OID_GEN_TRANSMIT_BUFFER_SPACE,
	OID_GEN_RECEIVE_BUFFER_SPACE, OID_GEN_LINK_SPEED, OID_GEN_MEDIA_CONNECT_STATUS,
	OID_GEN_VENDOR_ID, OID_GEN_VENDOR_DESCRIPTION, OID_GEN_VENDOR_DRIVER_VERSION,
	OID_GEN_DRIVER_VERSION, OID_GEN_MAC_OPTIONS, OID_GEN_MAXIMUM_SEND_PACKETS,
	OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_STATISTICS, OID_GEN_XMIT_OK, OID_GEN_RCV_OK,
	OID_GEN_XMIT_ERROR, OID_GEN_RCV_ERROR, OID_GEN_RCV_NO_BUFFER,
	OID_GEN_DIRECTED_FRAMES_XMIT, OID_GEN_MULTICAST_FRAMES_XMIT,
	OID_GEN_BROADCAST_FRAMES_XMIT, OID_GEN_DIRECTED_FRAMES_RCV,
	OID_GEN_MULTICAST_FRAMES_RCV, OID_GEN_BROADCAST_FRAMES_RCV,
	OID_GEN_BYTES_XMIT, OID_GEN_BYTES_RCV, OID_GEN_RCV_DISCARDS, OID_GEN_XMIT_DISCARDS,
	OID_802_3_PERMANENT_ADDRESS, OID_802_3_CURRENT_ADDRESS, OID_802_3_MULTICAST_LIST,
	OID_802_3_MAXIMUM_LIST_SIZE, OID_802_3_RCV_ERROR_ALIGNMENT,
	OID_802_3_XMIT_ONE_COLLISION, OID_802_3_XMIT_MORE_COLLISIONS,
};

static const char VhubVendorDescription[] = "ndisdma vhub virtual hub adapter";

static ULONG64 VhubRead64(LONG64 *Counter)
{
	return (ULONG64)InterlockedCompareExchange64(Counter, 0, 0);
}

static ULONG64 VhubSum(LONG64 *Counters)
{
	return VhubRead64(&Counters[VhubDirected]) + VhubRead64(&Counters[VhubMulticast]) +
	       VhubRead64(&Counters[VhubBroadcast]);
}

static VOID VhubFillStatistics(PVHUB_ADAPTER Adapter, PNDIS_STATISTICS_INFO Info)
{
	NdisZeroMemory(Info, sizeof(*Info));
	Info->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	Info->Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
	Info->Header.Size = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
	Info->SupportedStatistics =
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS |
		NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT | NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR |
		NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT;
	Info->ifInDiscards = VhubRead64(&Adapter->InDiscards);
	Info->ifInErrors = 0;   /* a copy is never damaged */
	Info->ifHCInOctets = VhubSum(Adapter->In.Bytes);
	Info->ifHCInUcastPkts = VhubRead64(&Adapter->In.Frames[VhubDirected]);
	Info->ifHCInMulticastPkts = VhubRead64(&Adapter->In.Frames[VhubMulticast]);
	Info->ifHCInBroadcastPkts = VhubRead64(&Adapter->In.Frames[VhubBroadcast]);
	Info->ifHCOutOctets = VhubSum(Adapter->Out.Bytes);
	Info->ifHCOutUcastPkts = VhubRead64(&Adapter->Out.Frames[VhubDirected]);
	Info->ifHCOutMulticastPkts = VhubRead64(&Adapter->Out.Frames[VhubMulticast]);
	Info->ifHCOutBroadcastPkts = VhubRead64(&Adapter->Out.Frames[VhubBroadcast]);
	Info->ifOutErrors = VhubRead64(&Adapter->OutErrors);
	Info->ifOutDiscards = VhubRead64(&Adapter->OutDiscards);
	Info->ifHCInUcastOctets = VhubRead64(&Adapter->In.Bytes[VhubDirected]);
	Info->ifHCInMulticastOctets = VhubRead64(&Adapter->In.Bytes[VhubMulticast]);
	Info->ifHCInBroadcastOctets = VhubRead64(&Adapter->In.Bytes[VhubBroadcast]);
	Info->ifHCOutUcastOctets = VhubRead64(&Adapter->Out.Bytes[VhubDirected]);
	Info->ifHCOutMulticastOctets = VhubRead64(&Adapter->Out.Bytes[VhubMulticast]);
	Info->ifHCOutBroadcastOctets = VhubRead64(&Adapter->Out.Bytes[VhubBroadcast]);
}

/* The 64-bit counter an OID names; FALSE when it names none. */
static BOOLEAN VhubCounter(PVHUB_ADAPTER Adapter, NDIS_OID Oid, ULONG64 *Value)
{
	switch (Oid) {
	case OID_GEN_XMIT_OK: *Value = VhubSum(Adapter->Out.Frames); break;
	case OID_GEN_RCV_OK: *Value = VhubSum(Adapter->In.Frames); break;
	case OID_GEN_XMIT_ERROR: *Value = VhubRead64(&Adapter->OutErrors); break;
	case OID_GEN_RCV_NO_BUFFER: *Value = VhubRead64(&Adapter->InDiscards); break;
	case OID_GEN_RCV_DISCARDS: *Value = VhubRead64(&Adapter->InDiscards); break;
	case OID_GEN_XMIT_DISCARDS: *Value = VhubRead64(&Adapter->OutDiscards); break;
	case OID_GEN_DIRECTED_FRAMES_XMIT: *Value = VhubRead64(&Adapter->Out.Frames[VhubDirected]); break;
	case OID_GEN_MULTICAST_FRAMES_XMIT: *Value = VhubRead64(&Adapter->Out.Frames[VhubMulticast]); break;
	case OID_GEN_BROADCAST_FRAMES_XMIT: *Value = VhubRead64(&Adapter->Out.Frames[VhubBroadcast]); break;
	case OID_GEN_DIRECTED_FRAMES_RCV: *Value = VhubRead64(&Adapter->In.Frames[VhubDirected]); break;
	case OID_GEN_MULTICAST_FRAMES_RCV: *Value = VhubRead64(&Adapter->In.Frames[VhubMulticast]); break;
	case OID_GEN_BROADCAST_FRAMES_RCV: *Value = VhubRead64(&Adapter->In.Frames[VhubBroadcast]); break;
	case OID_GEN_BYTES_XMIT: *Value = VhubSum(Adapter->Out.Bytes); break;
	case OID_GEN_BYTES_RCV: *Value = VhubSum(Adapter->In.Bytes); break;
	case OID_GEN_RCV_ERROR:
	case OID_802_3_RCV_ERROR_ALIGNMENT:
	case OID_802_3_XMIT_ONE_COLLISION:
	case OID_802_3_XMIT_MORE_COLLISIONS:
		*Value = 0;   /* no wire: no errors, no collisions */
		break;
	default:
		return FALSE;
	}
	return TRUE;
}

static NDIS_STATUS VhubQuery(PVHUB_ADAPTER Adapter, struct _NDIS_OID_QUERY *Q)
{
	NDIS_STATISTICS_INFO stats;
	UCHAR multicast[VHUB_MAX_MULTICAST * VHUB_MAC_LENGTH];
	ULONG u = 0;
	ULONG64 u64 = 0;
	const VOID *src = &u;
	ULONG length = sizeof(ULONG);

	if (VhubCounter(Adapter, Q->Oid, &u64)) {
		/* a 4-byte buffer gets the low 32 bits, else the full counter */
		src = &u64;
		length = Q->InformationBufferLength == sizeof(ULONG) ? sizeof(ULONG)
								    : sizeof(ULONG64);
	} else switch (Q->Oid) {
	case OID_GEN_SUPPORTED_LIST:
		src = VhubSupportedOids;
		length = sizeof(VhubSupportedOids);
		break;
	case OID_GEN_HARDWARE_STATUS: u = NdisHardwareStatusReady; break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE: u = NdisMedium802_3; break;
	case OID_GEN_PHYSICAL_MEDIUM: u = NdisPhysicalMediumUnspecified; break;
	case OID_GEN_MAXIMUM_LOOKAHEAD:
	case OID_GEN_MAXIMUM_FRAME_SIZE: u = VHUB_MTU; break;
	case OID_GEN_CURRENT_LOOKAHEAD: u = Adapter->Lookahead; break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
	case OID_GEN_TRANSMIT_BLOCK_SIZE:
	case OID_GEN_RECEIVE_BLOCK_SIZE: u = VHUB_MAX_FRAME; break;
	case OID_GEN_TRANSMIT_BUFFER_SPACE:
	case OID_GEN_RECEIVE_BUFFER_SPACE: u = VHUB_MAX_FRAME * Adapter->RecvLimit; break;
	case OID_GEN_LINK_SPEED: u = (ULONG)(VHUB_LINK_SPEED / 100); break;   /* 100 bit/s units */
	case OID_GEN_MEDIA_CONNECT_STATUS: u = NdisMediaStateConnected; break;
	case OID_GEN_VENDOR_ID: u = VHUB_VENDOR_ID; break;
	case OID_GEN_VENDOR_DESCRIPTION:
		src = VhubVendorDescription;
		length = sizeof(VhubVendorDescription);
		break;
	case OID_GEN_VENDOR_DRIVER_VERSION: u = VHUB_DRIVER_MAJOR << 16 | VHUB_DRIVER_MINOR; break;
	case OID_GEN_DRIVER_VERSION: u = 6 << 8 | 20; length = sizeof(USHORT); break;
	case OID_GEN_MAC_OPTIONS:
		u = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
		    NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_8021Q_VLAN;
		break;
	case OID_GEN_MAXIMUM_SEND_PACKETS: u = 64; break;
	case OID_GEN_CURRENT_PACKET_FILTER: u = Adapter->PacketFilter; break;
	case OID_GEN_STATISTICS:
		VhubFillStatistics(Adapter, &stats);
		src = &stats;
		length = sizeof(stats);
		break;
	case OID_802_3_PERMANENT_ADDRESS:
		src = Adapter->PermanentAddress;
		length = VHUB_MAC_LENGTH;
		break;
	case OID_802_3_CURRENT_ADDRESS:
		src = Adapter->CurrentAddress;
		length = VHUB_MAC_LENGTH;
		break;
	case OID_802_3_MULTICAST_LIST:
		NdisAcquireSpinLock(&Adapter->Lock);
		length = Adapter->MulticastCount * VHUB_MAC_LENGTH;
		NdisMoveMemory(multicast, Adapter->Multicast, length);
		NdisReleaseSpinLock(&Adapter->Lock);
		src = multicast;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE: u = VHUB_MAX_MULTICAST; break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (Q->InformationBufferLength < length) {
		Q->BytesNeeded = length;
		Q->BytesWritten = 0;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(Q->InformationBuffer, src, length);
	Q->BytesWritten = length;
	Q->BytesNeeded = 0;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VhubSetMulticastList(PVHUB_ADAPTER Adapter, struct _NDIS_OID_SET *S)
{
	ULONG count = S->InformationBufferLength / VHUB_MAC_LENGTH;
	ULONG bytes, i;
	const UCHAR *list = S->InformationBuffer;

	if (S->InformationBufferLength % VHUB_MAC_LENGTH != 0)
		return NDIS_STATUS_INVALID_LENGTH;
	if (!NT_SUCCESS(RtlULongMult(count, VHUB_MAC_LENGTH, &bytes)) || count > VHUB_MAX_MULTICAST) {
		S->BytesNeeded = VHUB_MAX_MULTICAST * VHUB_MAC_LENGTH;
		return NDIS_STATUS_MULTICAST_FULL;
	}
	for (i = 0; i < count; i++)
		if ((list[i * VHUB_MAC_LENGTH] & 0x01) == 0)
			return NDIS_STATUS_INVALID_DATA;   /* not a group address */
	NdisAcquireSpinLock(&Adapter->Lock);
	NdisMoveMemory(Adapter->Multicast, list, bytes);
	Adapter->MulticastCount = count;
	NdisReleaseSpinLock(&Adapter->Lock);
	S->BytesRead = bytes;
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_OID, "%s: %lu multicast addresses", Adapter->Name,
		   count);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VhubSet(PVHUB_ADAPTER Adapter, struct _NDIS_OID_SET *S)
{
	ULONG value;

	if (S->Oid == OID_802_3_MULTICAST_LIST)
		return VhubSetMulticastList(Adapter, S);
	if (S->Oid != OID_GEN_CURRENT_PACKET_FILTER && S->Oid != OID_GEN_CURRENT_LOOKAHEAD)
		return NDIS_STATUS_NOT_SUPPORTED;
	if (S->InformationBufferLength < sizeof(ULONG)) {
		S->BytesNeeded = sizeof(ULONG);
		return NDIS_STATUS_INVALID_LENGTH;
	}
	NdisMoveMemory(&value, S->InformationBuffer, sizeof(ULONG));
	if (S->Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		if (value & ~VHUB_SUPPORTED_FILTERS)
			return NDIS_STATUS_NOT_SUPPORTED;
		NdisAcquireSpinLock(&Adapter->Lock);
		Adapter->PacketFilter = value;
		NdisReleaseSpinLock(&Adapter->Lock);
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_OID, "%s: packet filter 0x%08lx",
			   Adapter->Name, value);
	} else {
		if (value > VHUB_MTU)
			return NDIS_STATUS_INVALID_DATA;
		Adapter->Lookahead = value;   /* copies are whole frames anyway */
	}
	S->BytesRead = sizeof(ULONG);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS VhubOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS status;
	NDIS_OID oid;

	switch (OidRequest->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		oid = OidRequest->DATA.QUERY_INFORMATION.Oid;
		status = VhubQuery(ad, &OidRequest->DATA.QUERY_INFORMATION);
		break;
	case NdisRequestSetInformation:
		oid = OidRequest->DATA.SET_INFORMATION.Oid;
		status = VhubSet(ad, &OidRequest->DATA.SET_INFORMATION);
		break;
	default:
		oid = 0;
		status = NDIS_STATUS_NOT_SUPPORTED;
		break;
	}
	VHUB_TRACE(TRACE_LEVEL_VERBOSE, VHUB_OID, "%s: request %d OID 0x%08lx: %!STATUS!",
		   ad->Name, OidRequest->RequestType, oid, status);
	return status;
}

/* Nothing to cancel: VhubOidRequest never returns NDIS_STATUS_PENDING. */
VOID VhubCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;

	VHUB_TRACE(TRACE_LEVEL_VERBOSE, VHUB_OID, "%!FUNC!: %s request %p is not pending",
		   ad->Name, RequestId);
}
