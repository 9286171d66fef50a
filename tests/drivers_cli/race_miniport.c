/*
 * race_miniport.c — a hardware-less NDIS 6.30 software loopback NIC with
 * an ordering bug between its send completion and MiniportPause, written
 * only against <ndis.h> the way a virtual miniport is.  It is the subject
 * of docs/scheduling.md "Finding a race with pct": most seeded schedules
 * never show the bug, `--sched pct:3` finds it within a few seeds, and the
 * failing seed replays with the same trace hash (tests/scripts/cli_race.sh).
 *
 * The data path is a NIC's, without the wire: the transmit ring has
 * RACE_RING descriptors; a send puts each NBL on the ring (TxQueued) while
 * a descriptor is free, else on a software backlog, keeps a copy of each
 * frame for the receive side, and rings the doorbell (queues the DPC).
 * The DPC takes what is on the ring (TxInFlight), indicates the frames
 * back (loopback), completes the sends, moves the backlog onto the freed
 * ring and rings again; the last completion of a pausing adapter
 * completes the pause.
 *
 * The bug: "no send outstanding" looks at the ring only (RaceSendsOutstanding),
 * and the DPC asks it before it moves the backlog onto the ring.  So when
 * the backlog is not empty as the pause waits for the ring, the pause
 * completes with the backlog's sends outstanding; they complete after it
 * (PAUSE-SENDS).  The backlog fills only when the DPC has not run while
 * more than RACE_RING frames were sent: a schedule that lets the DPC run
 * soon after each doorbell (most seeded ones) never shows it; one in which
 * the sending thread outranks the DPC (a pct priority order) always does.
 * Built with -DFIXED the backlog counts too; with -DDROP_SOME as well (the
 * fixed NIC) it also forgets every 50th frame it should loop back, with no
 * allocation failing: a loss no injected fault excuses.
 */
#include <ndis.h>

#define RACE_TAG        ((ULONG)'R' | ((ULONG)'a' << 8) | ((ULONG)'c' << 16) | ((ULONG)'e' << 24))
#define RACE_MTU        1500
#define RACE_MAX_FRAME  (RACE_MTU + 14)
#define RACE_SPEED      1000000000ull
#define RACE_RING       48            /* transmit descriptors */
#define RACE_FILTERS    (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | \
			 NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST | \
			 NDIS_PACKET_TYPE_PROMISCUOUS)

/* A frame copied by a send, waiting for (or out on) its indication. */
typedef struct _RACE_RX {
	LIST_ENTRY Link;
	PMDL Mdl;
	ULONG Length;
	PVOID Vlan;
	UCHAR Data[1];
} RACE_RX, *PRACE_RX;

typedef struct _RACE_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE NblPool;
	KDPC Dpc;
	NDIS_SPIN_LOCK Lock;            /* everything below */
	BOOLEAN Running;
	BOOLEAN PausePending;           /* MiniportPause returned PENDING */
	ULONG PacketFilter;
	PNET_BUFFER_LIST TxHead;        /* on the ring, not taken by the DPC yet */
	PNET_BUFFER_LIST *TxTail;
	ULONG TxQueued;
	ULONG TxInFlight;               /* taken by the DPC, not completed yet */
	PNET_BUFFER_LIST BacklogHead;   /* sent while the ring was full */
	PNET_BUFFER_LIST *BacklogTail;
	ULONG Backlog;
#ifdef DROP_SOME
	ULONG Looped;                   /* frames looped back so far */
#endif
	LIST_ENTRY RxQueue;             /* RACE_RX not yet indicated */
	ULONG RxOutstanding;            /* indicated, not returned yet */
	UCHAR Address[6];
} RACE_ADAPTER, *PRACE_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_INITIALIZE RaceInitializeEx;
static MINIPORT_HALT RaceHaltEx;
static MINIPORT_DRIVER_UNLOAD RaceDriverUnload;
static MINIPORT_PAUSE RacePause;
static MINIPORT_RESTART RaceRestart;
static MINIPORT_OID_REQUEST RaceOidRequest;
static MINIPORT_SEND_NET_BUFFER_LISTS RaceSend;
static MINIPORT_RETURN_NET_BUFFER_LISTS RaceReturn;
static MINIPORT_CANCEL_SEND RaceCancelSend;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY RacePnPEvent;
static MINIPORT_SHUTDOWN RaceShutdownEx;
static MINIPORT_CANCEL_OID_REQUEST RaceCancelOid;
static KDEFERRED_ROUTINE RaceDpc;

static NDIS_HANDLE RaceDriverHandle;

/* ---- pause: the bug ------------------------------------------------------------- */

/* Lock held: whether sends are still outstanding. */
static BOOLEAN RaceSendsOutstanding(PRACE_ADAPTER ad)
{
#ifdef FIXED
	return ad->TxQueued + ad->TxInFlight != 0 || ad->Backlog != 0;
#else
	return ad->TxQueued + ad->TxInFlight != 0;   /* the ring only: forgets the backlog */
#endif
}

static NDIS_STATUS RacePause(NDIS_HANDLE MiniportAdapterContext,
			     PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)MiniportAdapterContext;
	BOOLEAN pend;

	UNREFERENCED_PARAMETER(PauseParameters);
	NdisAcquireSpinLock(&ad->Lock);
	ad->Running = FALSE;
	pend = RaceSendsOutstanding(ad);
	ad->PausePending = pend;
	NdisReleaseSpinLock(&ad->Lock);
	/* the sends must be complete first; the last completion completes it */
	return pend ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS RaceRestart(NDIS_HANDLE MiniportAdapterContext,
			       PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(RestartParameters);
	NdisAcquireSpinLock(&ad->Lock);
	ad->Running = TRUE;
	NdisReleaseSpinLock(&ad->Lock);
	return NDIS_STATUS_SUCCESS;
}

/* ---- the data path ------------------------------------------------------------- */

static VOID RaceSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
		     NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)MiniportAdapterContext;
	UCHAR storage[RACE_MAX_FRAME];
	PNET_BUFFER_LIST nbl, next;

	UNREFERENCED_PARAMETER(PortNumber);
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		PVOID vlan = NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo);
		PNET_BUFFER nb;

		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		NdisAcquireSpinLock(&ad->Lock);
		if (!ad->Running) {
			NdisReleaseSpinLock(&ad->Lock);
			NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
			NdisMSendNetBufferListsComplete(ad->AdapterHandle, nbl,
				(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
				NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
			continue;
		}
		for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
			ULONG len = NET_BUFFER_DATA_LENGTH(nb);
			PUCHAR data = len >= 14 && len <= RACE_MAX_FRAME ?
				      NdisGetDataBuffer(nb, len, storage, 1, 0) : NULL;
			PRACE_RX rx;

			if (data == NULL)
				continue;   /* not a frame of this MTU: sent, not looped */
#ifdef DROP_SOME
			if (++ad->Looped % 50 == 0)
				continue;   /* the bug: a frame forgotten */
#endif
			rx = NdisAllocateMemoryWithTagPriority(ad->AdapterHandle,
				FIELD_OFFSET(RACE_RX, Data) + len, RACE_TAG, NormalPoolPriority);
			if (rx == NULL)
				continue;   /* the loopback drops it */
			rx->Length = len;
			rx->Vlan = vlan;
			NdisMoveMemory(rx->Data, data, len);
			InsertTailList(&ad->RxQueue, &rx->Link);
		}
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
		if (ad->TxQueued + ad->TxInFlight < RACE_RING) {
			*ad->TxTail = nbl;
			ad->TxTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
			ad->TxQueued++;
		} else {   /* no free descriptor: the backlog */
			*ad->BacklogTail = nbl;
			ad->BacklogTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
			ad->Backlog++;
		}
		NdisReleaseSpinLock(&ad->Lock);
	}
	KeInsertQueueDpc(&ad->Dpc, NULL, NULL);   /* "ring the doorbell" */
}

static VOID RaceCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);   /* the DPC completes every send soon */
}

/* Lock held: NBLs for the frames on RxQueue, chained. */
static PNET_BUFFER_LIST RaceTakeReceives(PRACE_ADAPTER ad, ULONG *count)
{
	PNET_BUFFER_LIST head = NULL, *tail = &head;

	*count = 0;
	while (!IsListEmpty(&ad->RxQueue)) {
		PRACE_RX rx = CONTAINING_RECORD(RemoveHeadList(&ad->RxQueue), RACE_RX, Link);
		PNET_BUFFER_LIST nbl = NULL;

		rx->Mdl = NdisAllocateMdl(ad->AdapterHandle, rx->Data, rx->Length);
		if (rx->Mdl != NULL)
			nbl = NdisAllocateNetBufferAndNetBufferList(ad->NblPool, 0, 0, rx->Mdl, 0,
								    rx->Length);
		if (nbl == NULL) {   /* out of resources: dropped */
			if (rx->Mdl != NULL)
				NdisFreeMdl(rx->Mdl);
			NdisFreeMemory(rx, 0, 0);
			continue;
		}
		nbl->SourceHandle = ad->AdapterHandle;
		nbl->MiniportReserved[0] = rx;
		NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo) = rx->Vlan;
		*tail = nbl;
		tail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
		(*count)++;
	}
	ad->RxOutstanding += *count;
	return head;
}

/* Lock held: the backlog onto the ring's free descriptors; TRUE when
 * the ring has work for the DPC. */
static BOOLEAN RaceRefillRing(PRACE_ADAPTER ad)
{
	while (ad->BacklogHead != NULL && ad->TxQueued + ad->TxInFlight < RACE_RING) {
		PNET_BUFFER_LIST nbl = ad->BacklogHead;

		ad->BacklogHead = NET_BUFFER_LIST_NEXT_NBL(nbl);
		if (ad->BacklogHead == NULL)
			ad->BacklogTail = &ad->BacklogHead;
		ad->Backlog--;
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		*ad->TxTail = nbl;
		ad->TxTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
		ad->TxQueued++;
	}
	return ad->TxQueued != 0;
}

static VOID RaceDpc(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)DeferredContext;
	PNET_BUFFER_LIST tx, rx;
	ULONG ntx, nrx;
	BOOLEAN complete, kick;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(Arg1);
	UNREFERENCED_PARAMETER(Arg2);
	NdisDprAcquireSpinLock(&ad->Lock);
	tx = ad->TxHead;
	ntx = ad->TxQueued;
	ad->TxHead = NULL;
	ad->TxTail = &ad->TxHead;
	ad->TxQueued = 0;
	ad->TxInFlight += ntx;
	rx = RaceTakeReceives(ad, &nrx);
	NdisDprReleaseSpinLock(&ad->Lock);
	if (rx != NULL)
		NdisMIndicateReceiveNetBufferLists(ad->AdapterHandle, rx, NDIS_DEFAULT_PORT_NUMBER,
						   nrx, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
	if (tx == NULL)
		return;
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, tx,
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
	NdisDprAcquireSpinLock(&ad->Lock);
	ad->TxInFlight -= ntx;
	complete = ad->PausePending && !RaceSendsOutstanding(ad);
	if (complete)
		ad->PausePending = FALSE;
	kick = RaceRefillRing(ad);   /* the descriptors just freed */
	NdisDprReleaseSpinLock(&ad->Lock);
	if (complete)
		NdisMPauseComplete(ad->AdapterHandle);
	if (kick)
		KeInsertQueueDpc(&ad->Dpc, NULL, NULL);
}

static VOID RaceReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
		       ULONG ReturnFlags)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next;
	ULONG n = 0;

	UNREFERENCED_PARAMETER(ReturnFlags);
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		PRACE_RX rx = (PRACE_RX)nbl->MiniportReserved[0];

		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NdisFreeNetBufferList(nbl);
		NdisFreeMdl(rx->Mdl);
		NdisFreeMemory(rx, 0, 0);
		n++;
	}
	NdisAcquireSpinLock(&ad->Lock);
	ad->RxOutstanding -= n;
	NdisReleaseSpinLock(&ad->Lock);
}

/* ---- driver and adapter ---------------------------------------------------------- */

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

	NdisZeroMemory(&chars, sizeof(chars));
	chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.MajorNdisVersion = 6;
	chars.MinorNdisVersion = 30;
	chars.MajorDriverVersion = 1;
	chars.InitializeHandlerEx = RaceInitializeEx;
	chars.HaltHandlerEx = RaceHaltEx;
	chars.UnloadHandler = RaceDriverUnload;
	chars.PauseHandler = RacePause;
	chars.RestartHandler = RaceRestart;
	chars.OidRequestHandler = RaceOidRequest;
	chars.SendNetBufferListsHandler = RaceSend;
	chars.ReturnNetBufferListsHandler = RaceReturn;
	chars.CancelSendHandler = RaceCancelSend;
	chars.DevicePnPEventNotifyHandler = RacePnPEvent;
	chars.ShutdownHandlerEx = RaceShutdownEx;
	chars.CancelOidRequestHandler = RaceCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &chars,
					   &RaceDriverHandle);
}

static VOID RaceDriverUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(RaceDriverHandle);
}

static NDIS_STATUS RaceSetAttributes(PRACE_ADAPTER ad)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = ad;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;   /* no bus master */
	reg.InterfaceType = NdisInterfaceInternal;
	status = NdisMSetMiniportAttributes(ad->AdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = RACE_MTU;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = RACE_SPEED;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = RACE_SPEED;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = RACE_MTU;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			 NDIS_MAC_OPTION_8021Q_VLAN;
	gen.SupportedPacketFilters = RACE_FILTERS;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = 6;
	NdisMoveMemory(gen.PermanentMacAddress, ad->Address, 6);
	NdisMoveMemory(gen.CurrentMacAddress, ad->Address, 6);
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = FALSE;   /* virtual */
	return NdisMSetMiniportAttributes(ad->AdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

static VOID RaceFree(PRACE_ADAPTER ad)
{
	if (ad->NblPool != NULL)
		NdisFreeNetBufferListPool(ad->NblPool);
	NdisFreeSpinLock(&ad->Lock);
	NdisFreeMemory(ad, 0, 0);
}

static NDIS_STATUS RaceInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				    NDIS_HANDLE MiniportDriverContext,
				    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	static const UCHAR address[6] = { 0x02, 0x52, 0x41, 0x43, 0x45, 0x01 };
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	PRACE_ADAPTER ad;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*ad), RACE_TAG,
					       NormalPoolPriority);
	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
	NdisMoveMemory(ad->Address, address, 6);
	NdisAllocateSpinLock(&ad->Lock);
	ad->TxTail = &ad->TxHead;
	ad->BacklogTail = &ad->BacklogHead;
	InitializeListHead(&ad->RxQueue);
	KeInitializeDpc(&ad->Dpc, RaceDpc, ad);
	NdisZeroMemory(&pp, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	pp.fAllocateNetBuffer = TRUE;
	pp.PoolTag = RACE_TAG;
	ad->NblPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &pp);
	status = ad->NblPool == NULL ? NDIS_STATUS_RESOURCES : RaceSetAttributes(ad);
	if (status != NDIS_STATUS_SUCCESS)
		RaceFree(ad);
	return status;
}

/* Paused: nothing is sent any more; the DPC ends what is left first. */
static VOID RaceHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	KeFlushQueuedDpcs();
	RaceFree(ad);
}

/* ---- OIDs, PnP ------------------------------------------------------------------------ */

static NDIS_STATUS RaceQuery(PRACE_ADAPTER ad, PNDIS_OID_REQUEST r)
{
	ULONG filter = ad->PacketFilter;
	const void *src;
	ULONG need;

	switch (r->DATA.QUERY_INFORMATION.Oid) {
	case OID_802_3_CURRENT_ADDRESS:
	case OID_802_3_PERMANENT_ADDRESS:
		src = ad->Address;
		need = 6;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		src = &filter;
		need = sizeof(filter);
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (r->DATA.QUERY_INFORMATION.InformationBufferLength < need) {
		r->DATA.QUERY_INFORMATION.BytesNeeded = need;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(r->DATA.QUERY_INFORMATION.InformationBuffer, src, need);
	r->DATA.QUERY_INFORMATION.BytesWritten = need;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS RaceSet(PRACE_ADAPTER ad, PNDIS_OID_REQUEST r)
{
	PVOID buf = r->DATA.SET_INFORMATION.InformationBuffer;
	ULONG len = r->DATA.SET_INFORMATION.InformationBufferLength;

	switch (r->DATA.SET_INFORMATION.Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		if (len < sizeof(ULONG)) {
			r->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		if (*(PULONG)buf & ~RACE_FILTERS)
			return NDIS_STATUS_NOT_SUPPORTED;
		NdisAcquireSpinLock(&ad->Lock);
		ad->PacketFilter = *(PULONG)buf;
		NdisReleaseSpinLock(&ad->Lock);
		r->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_802_3_MULTICAST_LIST:
	case OID_GEN_CURRENT_LOOKAHEAD:
		r->DATA.SET_INFORMATION.BytesRead = len;   /* accepted, not filtered */
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

static NDIS_STATUS RaceOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST r)
{
	PRACE_ADAPTER ad = (PRACE_ADAPTER)MiniportAdapterContext;

	switch (r->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		return RaceQuery(ad, r);
	case NdisRequestSetInformation:
		return RaceSet(ad, r);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

static VOID RaceCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);   /* requests complete at once */
}

static VOID RacePnPEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT Event)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(Event);
}

static VOID RaceShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION Action)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(Action);
}
