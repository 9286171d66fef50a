/*
 * vn_oid.c — what the protocol side asks of the adapter: OID requests,
 * pause (which waits for every send to complete and every indicated NBL
 * to come back, so it may pend) and restart, the receive filter and the
 * link state indication.
 */
#include "virtio_net.h"

static const NDIS_OID VnSupportedOids[] = {
	OID_GEN_SUPPORTED_LIST,
	OID_GEN_HARDWARE_STATUS,
	OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,
	OID_GEN_MAXIMUM_LOOKAHEAD,
	OID_GEN_MAXIMUM_FRAME_SIZE,
	OID_GEN_LINK_SPEED,
	OID_GEN_TRANSMIT_BUFFER_SPACE,
	OID_GEN_RECEIVE_BUFFER_SPACE,
	OID_GEN_VENDOR_DESCRIPTION,
	OID_GEN_CURRENT_PACKET_FILTER,
	OID_GEN_CURRENT_LOOKAHEAD,
	OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_MEDIA_CONNECT_STATUS,
	OID_GEN_XMIT_OK,
	OID_GEN_RCV_OK,
	OID_GEN_XMIT_ERROR,
	OID_GEN_RCV_ERROR,
	OID_GEN_STATISTICS,
	OID_802_3_PERMANENT_ADDRESS,
	OID_802_3_CURRENT_ADDRESS,
	OID_802_3_MULTICAST_LIST,
	OID_802_3_MAXIMUM_LIST_SIZE,
};

/* ---- receive filter ------------------------------------------------------- */

/* StateLock held: the filter and the list change under it (VnSet). */
static BOOLEAN VnFilterAcceptsLocked(PVN_ADAPTER ad, const UCHAR *frame)
{
	static const UCHAR broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	ULONG filter = ad->PacketFilter;
	ULONG i;

	if (filter & NDIS_PACKET_TYPE_PROMISCUOUS)
		return TRUE;
	if (NdisEqualMemory(frame, broadcast, 6))
		return (filter & NDIS_PACKET_TYPE_BROADCAST) != 0;
	if (frame[0] & 1) {   /* group address */
		if (filter & NDIS_PACKET_TYPE_ALL_MULTICAST)
			return TRUE;
		if (!(filter & NDIS_PACKET_TYPE_MULTICAST))
			return FALSE;
		for (i = 0; i < ad->MulticastCount && i < VN_MULTICAST_MAX; i++)
			if (NdisEqualMemory(frame, ad->MulticastList[i], 6))
				return TRUE;
		return FALSE;
	}
	return (filter & NDIS_PACKET_TYPE_DIRECTED) &&
	       NdisEqualMemory(frame, ad->CurrentAddress, 6);
}

/* DISPATCH_LEVEL (the receive DPC, RxLock held: RxLock before StateLock). */
BOOLEAN VnFilterAccepts(PVN_ADAPTER ad, const UCHAR *frame)
{
	BOOLEAN accepts;

	NdisDprAcquireSpinLock(&ad->StateLock);
	accepts = VnFilterAcceptsLocked(ad, frame);
	NdisDprReleaseSpinLock(&ad->StateLock);
	return accepts;
}

VOID VnIndicateLinkState(PVN_ADAPTER ad)
{
	NDIS_LINK_STATE link;
	NDIS_STATUS_INDICATION ind;
	BOOLEAN up = VN_FLAG_READ(ad->LinkUp);

	NdisZeroMemory(&link, sizeof(link));
	link.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	link.Header.Revision = NDIS_LINK_STATE_REVISION_1;
	link.Header.Size = NDIS_SIZEOF_LINK_STATE_REVISION_1;
	link.MediaConnectState = up ? MediaConnectStateConnected
					    : MediaConnectStateDisconnected;
	link.MediaDuplexState = MediaDuplexStateFull;
	link.XmitLinkSpeed = link.RcvLinkSpeed = up ? VN_LINK_SPEED
							     : NDIS_LINK_SPEED_UNKNOWN;
	NdisZeroMemory(&ind, sizeof(ind));
	ind.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	ind.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	ind.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	ind.SourceHandle = ad->AdapterHandle;
	ind.StatusCode = NDIS_STATUS_LINK_STATE;
	ind.StatusBuffer = &link;
	ind.StatusBufferSize = sizeof(link);
	NdisMIndicateStatusEx(ad->AdapterHandle, &ind);
}

/* ---- pause and restart (spec §13 state machine) ------------------------------- */

VOID VnCheckPauseComplete(PVN_ADAPTER ad)
{
	BOOLEAN complete = FALSE;

	NdisAcquireSpinLock(&ad->StateLock);
	if (ad->PausePending && ad->TxNblsOutstanding == 0 && ad->RxIndicated == 0) {
		ad->PausePending = FALSE;
		ad->State = VnPaused;
		complete = TRUE;
	}
	NdisReleaseSpinLock(&ad->StateLock);
	if (complete)
		NdisMPauseComplete(ad->AdapterHandle);
}

/* ---- reset (facts §6.2) ---------------------------------------------------------- */

/* The sample's reset keeps the rings (a virtio device reset would drop the
 * frames in flight): it waits for the device to complete every send it
 * holds (NDIS 6.30: they must be completed before the reset completes) and
 * asks for an addressing reset, so NDIS gives the receive filter and the
 * multicast list again.  A failed device cannot be reset: HARD_ERRORS. */
NDIS_STATUS VnResetEx(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS status = NDIS_STATUS_SUCCESS;

	*AddressingReset = TRUE;
	if (VN_FLAG_READ(ad->DeviceFailed))
		return NDIS_STATUS_HARD_ERRORS;
	NdisAcquireSpinLock(&ad->StateLock);
	if (ad->ResetPending)
		status = NDIS_STATUS_RESET_IN_PROGRESS;
	else if (ad->TxNblsOutstanding != 0) {
		ad->ResetPending = TRUE;   /* the last send completion ends it */
		status = NDIS_STATUS_PENDING;
	}
	NdisReleaseSpinLock(&ad->StateLock);
	return status;
}

VOID VnCheckResetComplete(PVN_ADAPTER ad)
{
	BOOLEAN complete = FALSE;

	NdisAcquireSpinLock(&ad->StateLock);
	if (ad->ResetPending && ad->TxNblsOutstanding == 0) {
		ad->ResetPending = FALSE;
		complete = TRUE;
	}
	NdisReleaseSpinLock(&ad->StateLock);
	if (complete)   /* spin locks released first, as documented */
		NdisMResetComplete(ad->AdapterHandle, NDIS_STATUS_SUCCESS, TRUE);
}

NDIS_STATUS VnPause(NDIS_HANDLE MiniportAdapterContext,
		    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS status = NDIS_STATUS_PENDING;

	NdisAcquireSpinLock(&ad->StateLock);
	ad->State = VnPausing;
	NdisReleaseSpinLock(&ad->StateLock);
	/* sends still waiting for a slot never reach the device now */
	VnSendAbortQueued(ad, NDIS_STATUS_PAUSED);
	NdisAcquireSpinLock(&ad->StateLock);
	if (ad->TxNblsOutstanding == 0 && ad->RxIndicated == 0) {
		ad->State = VnPaused;
		status = NDIS_STATUS_SUCCESS;
	} else {
		ad->PausePending = TRUE;   /* the last completion or return ends it */
	}
	NdisReleaseSpinLock(&ad->StateLock);
	return status;
}

NDIS_STATUS VnRestart(NDIS_HANDLE MiniportAdapterContext,
		      PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;

	NdisAcquireSpinLock(&ad->StateLock);
	ad->State = VnRunning;
	NdisReleaseSpinLock(&ad->StateLock);
	VnIndicateLinkState(ad);
	return NDIS_STATUS_SUCCESS;
}

/* ---- queries ------------------------------------------------------------------- */

static NDIS_STATUS VnAnswer(PNDIS_OID_REQUEST req, const VOID *data, ULONG length)
{
	if (req->DATA.QUERY_INFORMATION.InformationBufferLength < length) {
		req->DATA.QUERY_INFORMATION.BytesNeeded = length;
		req->DATA.QUERY_INFORMATION.BytesWritten = 0;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(req->DATA.QUERY_INFORMATION.InformationBuffer, data, length);
	req->DATA.QUERY_INFORMATION.BytesWritten = length;
	req->DATA.QUERY_INFORMATION.BytesNeeded = 0;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VnAnswerUlong(PNDIS_OID_REQUEST req, ULONG value)
{
	return VnAnswer(req, &value, sizeof(value));
}

/* Counters are 64-bit; a ULONG buffer gets the low part (documented). */
static NDIS_STATUS VnAnswerCounter(PNDIS_OID_REQUEST req, LONG64 value)
{
	ULONG64 v = (ULONG64)value;

	if (req->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(ULONG64))
		return VnAnswer(req, &v, sizeof(v));
	return VnAnswerUlong(req, (ULONG)v);
}

static NDIS_STATUS VnQueryGeneral(PVN_ADAPTER ad, PNDIS_OID_REQUEST req, BOOLEAN *done)
{
	static const char vendor[] = "ndisdma virtio-net sample";
	NDIS_MEDIUM medium = NdisMedium802_3;

	*done = TRUE;
	switch (req->DATA.QUERY_INFORMATION.Oid) {
	case OID_GEN_SUPPORTED_LIST:
		return VnAnswer(req, VnSupportedOids, sizeof(VnSupportedOids));
	case OID_GEN_HARDWARE_STATUS:
		return VnAnswerUlong(req, VN_FLAG_READ(ad->DeviceFailed) ? NdisHardwareStatusNotReady
							   : NdisHardwareStatusReady);
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		return VnAnswer(req, &medium, sizeof(medium));
	case OID_GEN_MAXIMUM_LOOKAHEAD:
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		return VnAnswerUlong(req, ad->MaxFrame - VN_HEADER_SIZE);
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		return VnAnswerUlong(req, ad->MaxFrame);
	case OID_GEN_LINK_SPEED:   /* in units of 100 bits per second */
		return VnAnswerUlong(req, (ULONG)(VN_LINK_SPEED / 100));
	case OID_GEN_TRANSMIT_BUFFER_SPACE:
		return VnAnswerUlong(req, VN_TX_SLOTS * ad->MaxFrame);
	case OID_GEN_RECEIVE_BUFFER_SPACE:
		return VnAnswerUlong(req, ad->RxQ.Size * ad->MaxFrame);
	case OID_GEN_VENDOR_DESCRIPTION:
		return VnAnswer(req, vendor, sizeof(vendor));
	case OID_GEN_CURRENT_PACKET_FILTER:
		return VnAnswerUlong(req, ad->PacketFilter);
	case OID_GEN_CURRENT_LOOKAHEAD:
		return VnAnswerUlong(req, ad->LookAhead);
	case OID_GEN_MEDIA_CONNECT_STATUS:
		return VnAnswerUlong(req, VN_FLAG_READ(ad->LinkUp) ? MediaConnectStateConnected
						     : MediaConnectStateDisconnected);
	default:
		*done = FALSE;
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* OID_GEN_STATISTICS: every NDIS_STATISTICS_INFO counter (all are kept:
 * the sample drops nothing for lack of buffers, so the discard counters
 * stay 0; a filtered frame is not received at all). */
static NDIS_STATUS VnAnswerStatistics(PVN_ADAPTER ad, PNDIS_OID_REQUEST req)
{
	NDIS_STATISTICS_INFO st;

	NdisZeroMemory(&st, sizeof(st));
	st.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	st.Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
	st.Header.Size = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
	st.SupportedStatistics =
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV | NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS | NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT | NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR | NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT | NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT;
	st.ifInErrors = (ULONG64)ad->RxErrors;
	st.ifHCInOctets = (ULONG64)ad->RxBytes;
	st.ifHCInUcastPkts = (ULONG64)ad->RxClassFrames[VN_CLASS_DIRECTED];
	st.ifHCInMulticastPkts = (ULONG64)ad->RxClassFrames[VN_CLASS_MULTICAST];
	st.ifHCInBroadcastPkts = (ULONG64)ad->RxClassFrames[VN_CLASS_BROADCAST];
	st.ifHCInUcastOctets = (ULONG64)ad->RxClassBytes[VN_CLASS_DIRECTED];
	st.ifHCInMulticastOctets = (ULONG64)ad->RxClassBytes[VN_CLASS_MULTICAST];
	st.ifHCInBroadcastOctets = (ULONG64)ad->RxClassBytes[VN_CLASS_BROADCAST];
	st.ifHCOutOctets = (ULONG64)ad->TxBytes;
	st.ifHCOutUcastPkts = (ULONG64)ad->TxClassFrames[VN_CLASS_DIRECTED];
	st.ifHCOutMulticastPkts = (ULONG64)ad->TxClassFrames[VN_CLASS_MULTICAST];
	st.ifHCOutBroadcastPkts = (ULONG64)ad->TxClassFrames[VN_CLASS_BROADCAST];
	st.ifHCOutUcastOctets = (ULONG64)ad->TxClassBytes[VN_CLASS_DIRECTED];
	st.ifHCOutMulticastOctets = (ULONG64)ad->TxClassBytes[VN_CLASS_MULTICAST];
	st.ifHCOutBroadcastOctets = (ULONG64)ad->TxClassBytes[VN_CLASS_BROADCAST];
	st.ifOutErrors = (ULONG64)ad->TxErrors;
	return VnAnswer(req, &st, sizeof(st));
}

static NDIS_STATUS VnQuery(PVN_ADAPTER ad, PNDIS_OID_REQUEST req)
{
	BOOLEAN done;
	NDIS_STATUS status = VnQueryGeneral(ad, req, &done);

	if (done)
		return status;
	switch (req->DATA.QUERY_INFORMATION.Oid) {
	case OID_GEN_XMIT_OK:
		return VnAnswerCounter(req, ad->TxFrames);
	case OID_GEN_RCV_OK:
		return VnAnswerCounter(req, ad->RxFrames);
	case OID_GEN_XMIT_ERROR:
		return VnAnswerCounter(req, ad->TxErrors);
	case OID_GEN_RCV_ERROR:
		return VnAnswerCounter(req, ad->RxErrors);
	case OID_GEN_STATISTICS:
		return VnAnswerStatistics(ad, req);
	case OID_802_3_PERMANENT_ADDRESS:
		return VnAnswer(req, ad->PermanentAddress, 6);
	case OID_802_3_CURRENT_ADDRESS:
		return VnAnswer(req, ad->CurrentAddress, 6);
	case OID_802_3_MULTICAST_LIST:
		return VnAnswer(req, ad->MulticastList, ad->MulticastCount * 6);
	case OID_802_3_MAXIMUM_LIST_SIZE:
		return VnAnswerUlong(req, VN_MULTICAST_MAX);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* ---- sets ------------------------------------------------------------------------ */

static NDIS_STATUS VnTakeUlong(PNDIS_OID_REQUEST req, ULONG *value)
{
	if (req->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG)) {
		req->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
		return NDIS_STATUS_INVALID_LENGTH;
	}
	NdisMoveMemory(value, req->DATA.SET_INFORMATION.InformationBuffer, sizeof(ULONG));
	req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VnSetMulticast(PVN_ADAPTER ad, PNDIS_OID_REQUEST req)
{
	ULONG length = req->DATA.SET_INFORMATION.InformationBufferLength;

	if (length % 6 != 0)
		return NDIS_STATUS_INVALID_LENGTH;
	if (length / 6 > VN_MULTICAST_MAX)
		return NDIS_STATUS_MULTICAST_FULL;
	NdisAcquireSpinLock(&ad->StateLock);
	NdisMoveMemory(ad->MulticastList, req->DATA.SET_INFORMATION.InformationBuffer, length);
	ad->MulticastCount = length / 6;
	NdisReleaseSpinLock(&ad->StateLock);
	req->DATA.SET_INFORMATION.BytesRead = length;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VnSet(PVN_ADAPTER ad, PNDIS_OID_REQUEST req)
{
	NDIS_STATUS status;
	ULONG value = 0;

	switch (req->DATA.SET_INFORMATION.Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		status = VnTakeUlong(req, &value);
		if (status != NDIS_STATUS_SUCCESS)
			return status;
		if (value & ~(ULONG)VN_SUPPORTED_FILTERS)
			return NDIS_STATUS_NOT_SUPPORTED;
		NdisAcquireSpinLock(&ad->StateLock);   /* the receive DPC reads it */
		ad->PacketFilter = value;
		NdisReleaseSpinLock(&ad->StateLock);
		return NDIS_STATUS_SUCCESS;
	case OID_GEN_CURRENT_LOOKAHEAD:
		status = VnTakeUlong(req, &value);
		if (status != NDIS_STATUS_SUCCESS)
			return status;
		if (value > ad->MaxFrame - VN_HEADER_SIZE)
			return NDIS_STATUS_INVALID_DATA;
		ad->LookAhead = value;
		return NDIS_STATUS_SUCCESS;
	case OID_802_3_MULTICAST_LIST:
		return VnSetMulticast(ad, req);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* Every request completes here, synchronously. */
NDIS_STATUS VnOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;

	switch (OidRequest->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		return VnQuery(ad, OidRequest);
	case NdisRequestSetInformation:
		return VnSet(ad, OidRequest);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* Requests never pend, so none is ever left to cancel. */
VOID VnCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
}
