/*
 * recv.c — the receive side of a vhub adapter.
 *
 * A frame another adapter sends to this one is copied into a receive
 * context (VHUB_RCB, from this adapter's lookaside list) with an MDL and an
 * NBL of this adapter's pool describing the copy, and put on the receive
 * queue.  The first frame on an empty queue sets the receive timer (a
 * KTIMER with a KDPC, the way a NIC moderates its receive interrupts); the
 * DPC indicates up to VHUB_RECV_BATCH NBLs with
 * NdisMIndicateReceiveNetBufferLists at DISPATCH_LEVEL, sets the timer
 * again when more wait, and drops the copies' references on the senders'
 * NBLs.  MiniportReturnNetBufferLists frees the copy.  The 802.1Q NBL
 * information of the sent NBL (a VLAN tag the protocol asked the NIC to
 * insert) is carried to each copy, as a receiving NIC strips the tag into
 * it.
 */
#include "vhub.h"
#include "recv.tmh"

static KDEFERRED_ROUTINE VhubReceiveDpc;

NDIS_STATUS VhubReceiveInitialize(PVHUB_ADAPTER Adapter)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pool;
	ULONG rcbSize, tcbSize;

	/* Lookaside entry sizes are ULONGs; sizeof is a size_t. */
	if (!NT_SUCCESS(RtlSizeTToULong(sizeof(VHUB_RCB), &rcbSize)) ||
	    !NT_SUCCESS(RtlSizeTToULong(sizeof(VHUB_TCB), &tcbSize)))
		return NDIS_STATUS_FAILURE;
	InitializeListHead(&Adapter->RecvQueue);
	NdisInitializeNPagedLookasideList(&Adapter->RecvLookaside, NULL, NULL, 0, rcbSize,
					  VHUB_TAG, 0);
	NdisInitializeNPagedLookasideList(&Adapter->SendLookaside, NULL, NULL, 0, tcbSize,
					  VHUB_TAG, 0);
	Adapter->LookasidesReady = TRUE;
	KeInitializeTimer(&Adapter->RecvTimer);
	KeInitializeDpc(&Adapter->RecvDpc, VhubReceiveDpc, Adapter);

	NdisZeroMemory(&pool, sizeof(pool));
	pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pool.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	pool.fAllocateNetBuffer = TRUE;
	pool.ContextSize = 0;
	pool.PoolTag = VHUB_TAG;
	pool.DataSize = 0;
	Adapter->NblPool = NdisAllocateNetBufferListPool(Adapter->AdapterHandle, &pool);
	if (Adapter->NblPool == NULL) {
		VHUB_TRACE(TRACE_LEVEL_ERROR, VHUB_RECV, "%s: no NBL pool", Adapter->Name);
		return NDIS_STATUS_RESOURCES;
	}
	VHUB_TRACE(TRACE_LEVEL_VERBOSE, VHUB_RECV, "%s: %lu-byte receive contexts, queue of %lu",
		   Adapter->Name, rcbSize, Adapter->RecvLimit);
	return NDIS_STATUS_SUCCESS;
}

/* Halt (or a failed initialize): the queue is empty after the pause; the
 * timer is cancelled and a DPC still running is waited for before the
 * memory it uses goes. */
VOID VhubReceiveFree(PVHUB_ADAPTER Adapter)
{
	if (Adapter->LookasidesReady) {
		KeCancelTimer(&Adapter->RecvTimer);
		KeFlushQueuedDpcs();
		NdisDeleteNPagedLookasideList(&Adapter->RecvLookaside);
		NdisDeleteNPagedLookasideList(&Adapter->SendLookaside);
		Adapter->LookasidesReady = FALSE;
	}
	if (Adapter->NblPool != NULL)
		NdisFreeNetBufferListPool(Adapter->NblPool);
	Adapter->NblPool = NULL;
}

/* The packet filter and multicast list as the protocol set them. */
BOOLEAN VhubAccepts(PVHUB_ADAPTER Receiver, const UCHAR *Destination)
{
	BOOLEAN accept = FALSE;
	ULONG filter, i;

	NdisAcquireSpinLock(&Receiver->Lock);
	filter = Receiver->PacketFilter;
	if (Receiver->State != VhubRunning)
		accept = FALSE;
	else if (filter & NDIS_PACKET_TYPE_PROMISCUOUS)
		accept = TRUE;
	else switch (VhubCastOf(Destination)) {
	case VhubBroadcast:
		accept = (filter & NDIS_PACKET_TYPE_BROADCAST) != 0;
		break;
	case VhubMulticast:
		accept = (filter & NDIS_PACKET_TYPE_ALL_MULTICAST) != 0;
		for (i = 0; !accept && (filter & NDIS_PACKET_TYPE_MULTICAST) &&
			    i < Receiver->MulticastCount; i++)
			accept = NdisEqualMemory(Receiver->Multicast[i], Destination,
						 VHUB_MAC_LENGTH);
		break;
	default:
		accept = (filter & NDIS_PACKET_TYPE_DIRECTED) &&
			 NdisEqualMemory(Receiver->CurrentAddress, Destination, VHUB_MAC_LENGTH);
		break;
	}
	NdisReleaseSpinLock(&Receiver->Lock);
	return accept;
}

/* Frees a copy and drops its reference on the sender's NBL, if it still
 * holds one. */
static VOID VhubRcbFree(PVHUB_RCB Rcb, BOOLEAN AtDispatch)
{
	PVHUB_ADAPTER ad = Rcb->Adapter;
	PVHUB_TCB source = Rcb->Source;

	if (Rcb->Nbl != NULL)
		NdisFreeNetBufferList(Rcb->Nbl);
	if (Rcb->Mdl != NULL)
		NdisFreeMdl(Rcb->Mdl);
	NdisFreeToNPagedLookasideList(&ad->RecvLookaside, Rcb);
	if (source != NULL)
		VhubTcbRelease(source, AtDispatch);
}

/* The copy, its MDL and NBL; NULL when memory runs out. */
static PVHUB_RCB VhubRcbAllocate(PVHUB_ADAPTER Receiver, PNET_BUFFER Nb)
{
	ULONG length = NET_BUFFER_DATA_LENGTH(Nb);
	PVHUB_RCB rcb;
	PVOID data;

	rcb = NdisAllocateFromNPagedLookasideList(&Receiver->RecvLookaside);
	if (rcb == NULL)
		return NULL;
	NdisZeroMemory(rcb, FIELD_OFFSET(VHUB_RCB, Data));
	rcb->Adapter = Receiver;
	rcb->Length = length;
	/* facts: NdisGetDataBuffer gives the data in place when it is
	 * contiguous, else copies it into the storage given */
	data = NdisGetDataBuffer(Nb, length, rcb->Data, 1, 0);
	if (data != NULL && data != rcb->Data)
		NdisMoveMemory(rcb->Data, data, length);
	if (data != NULL)
		rcb->Mdl = NdisAllocateMdl(Receiver->AdapterHandle, rcb->Data, length);
	if (rcb->Mdl != NULL)
		rcb->Nbl = NdisAllocateNetBufferAndNetBufferList(Receiver->NblPool, 0, 0,
								 rcb->Mdl, 0, length);
	if (rcb->Nbl == NULL) {
		VhubRcbFree(rcb, FALSE);   /* no source yet: nothing to complete */
		return NULL;
	}
	rcb->Nbl->SourceHandle = Receiver->AdapterHandle;
	rcb->Nbl->MiniportReserved[0] = rcb;
	return rcb;
}

VOID VhubDeliver(PVHUB_ADAPTER Receiver, PVHUB_TCB Tcb, PNET_BUFFER Nb,
		 VHUB_CAST Cast, BOOLEAN AtDispatch)
{
	LARGE_INTEGER due;
	PVHUB_RCB rcb = VhubRcbAllocate(Receiver, Nb);
	BOOLEAN queued = FALSE;

	if (rcb == NULL) {
		InterlockedIncrement64(&Receiver->InDiscards);
		VHUB_TRACE(TRACE_LEVEL_WARNING, VHUB_RECV, "%s: no receive context, frame dropped",
			   Receiver->Name);
		return;
	}
	rcb->Cast = Cast;
	NET_BUFFER_LIST_INFO(rcb->Nbl, Ieee8021QNetBufferListInfo) =
		NET_BUFFER_LIST_INFO(Tcb->Nbl, Ieee8021QNetBufferListInfo);
	InterlockedIncrement(&Tcb->Refs);
	rcb->Source = Tcb;

	due.QuadPart = -(LONGLONG)Receiver->RecvDelay100ns;   /* relative */
	NdisAcquireSpinLock(&Receiver->Lock);
	if (Receiver->State == VhubRunning && Receiver->RecvQueued < Receiver->RecvLimit) {
		InsertTailList(&Receiver->RecvQueue, &rcb->Link);
		InterlockedIncrement(&Receiver->Busy);   /* until the NBL comes back */
		if (++Receiver->RecvQueued == 1)
			KeSetTimer(&Receiver->RecvTimer, due, &Receiver->RecvDpc);
		queued = TRUE;
	}
	NdisReleaseSpinLock(&Receiver->Lock);
	if (!queued) {
		InterlockedIncrement64(&Receiver->InDiscards);
		VhubRcbFree(rcb, AtDispatch);
	}
}

/* Takes copies off the queue into Taken: all of them (CancelId NULL), or
 * those of Sender's NBLs with CancelId (MiniportCancelSend).  The caller
 * drops them with VhubReceiveDrop once it holds no lock: dropping may
 * complete a sender's NBL, and NDIS is not called under a lock. */
VOID VhubReceiveTake(PVHUB_ADAPTER Adapter, PVOID CancelId, PVHUB_ADAPTER Sender,
		     PLIST_ENTRY Taken)
{
	PLIST_ENTRY e, next;

	NdisAcquireSpinLock(&Adapter->Lock);
	for (e = Adapter->RecvQueue.Flink; e != &Adapter->RecvQueue; e = next) {
		PVHUB_RCB rcb = CONTAINING_RECORD(e, VHUB_RCB, Link);

		next = e->Flink;
		if (CancelId != NULL && (rcb->Source->Sender != Sender ||
		    NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(rcb->Source->Nbl) != CancelId))
			continue;
		RemoveEntryList(e);
		InsertTailList(Taken, e);
		Adapter->RecvQueued--;
	}
	NdisReleaseSpinLock(&Adapter->Lock);
}

/* Frees taken copies, each counted as a discard of its adapter; with
 * SendStatus other than SUCCESS (a cancel) the sent NBL completes with it.
 * Each copy held its adapter busy: a pausing adapter may complete here. */
VOID VhubReceiveDrop(PLIST_ENTRY Taken, NDIS_STATUS SendStatus, BOOLEAN AtDispatch)
{
	while (!IsListEmpty(Taken)) {
		PVHUB_RCB rcb = CONTAINING_RECORD(RemoveHeadList(Taken), VHUB_RCB, Link);
		PVHUB_ADAPTER ad = rcb->Adapter;

		if (SendStatus != NDIS_STATUS_SUCCESS)
			rcb->Source->Status = SendStatus;
		InterlockedIncrement64(&ad->InDiscards);
		VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_RECV, "%s: queued frame of %lu bytes dropped",
			   ad->Name, rcb->Length);
		VhubRcbFree(rcb, AtDispatch);
		VhubReleaseBusy(ad);
	}
}

/* Pause and reset: every copy still waiting is dropped. */
VOID VhubReceiveFlush(PVHUB_ADAPTER Adapter, BOOLEAN AtDispatch)
{
	LIST_ENTRY taken;

	InitializeListHead(&taken);
	VhubReceiveTake(Adapter, NULL, NULL, &taken);
	VhubReceiveDrop(&taken, NDIS_STATUS_SUCCESS, AtDispatch);
}

static VOID VhubReceiveDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
			   PVOID SystemArgument2)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)DeferredContext;
	PVHUB_TCB sources[VHUB_RECV_BATCH];
	PNET_BUFFER_LIST head = NULL, *tail = &head;
	LARGE_INTEGER due;
	ULONG n = 0, i;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);
	due.QuadPart = -(LONGLONG)ad->RecvDelay100ns;
	NdisDprAcquireSpinLock(&ad->Lock);
	while (n < VHUB_RECV_BATCH && !IsListEmpty(&ad->RecvQueue)) {
		PVHUB_RCB rcb = CONTAINING_RECORD(RemoveHeadList(&ad->RecvQueue), VHUB_RCB, Link);

		sources[n++] = rcb->Source;
		rcb->Source = NULL;   /* the sender's reference is dropped below */
		InterlockedIncrement64(&ad->In.Frames[rcb->Cast]);
		InterlockedAdd64(&ad->In.Bytes[rcb->Cast], rcb->Length);
		*tail = rcb->Nbl;
		tail = &NET_BUFFER_LIST_NEXT_NBL(rcb->Nbl);
		ad->RecvQueued--;
	}
	*tail = NULL;
	if (ad->RecvQueued != 0)   /* more wait: come back after the delay */
		KeSetTimer(&ad->RecvTimer, due, &ad->RecvDpc);
	NdisDprReleaseSpinLock(&ad->Lock);
	if (n == 0)
		return;

	VHUB_TRACE(TRACE_LEVEL_VERBOSE, VHUB_RECV, "%s: indicating %lu NBLs at %!irql!",
		   ad->Name, n, KeGetCurrentIrql());
	/* From here the NBLs are the protocol's until they are returned (maybe
	 * before this call returns): nothing of them is touched again. */
	NdisMIndicateReceiveNetBufferLists(ad->AdapterHandle, head, NDIS_DEFAULT_PORT_NUMBER, n,
					   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
	for (i = 0; i < n; i++)
		VhubTcbRelease(sources[i], TRUE);
}

VOID VhubReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
			      PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;
	BOOLEAN atDispatch = NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags);
	PNET_BUFFER_LIST nbl, next;

	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		VhubRcbFree(VHUB_RCB_OF(nbl), atDispatch);
		VhubReleaseBusy(ad);
	}
}
