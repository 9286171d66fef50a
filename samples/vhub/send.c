/*
 * send.c — MiniportSendNetBufferLists and MiniportCancelSend of the vhub
 * sample.
 *
 * Each NBL sent gets a forward context (VHUB_TCB) from the sender's
 * lookaside list.  Each of its NET_BUFFERs (one frame) is offered, under
 * the read lock of the adapter list, to every other adapter of the hub;
 * each one whose filter accepts the destination gets its own copy on its
 * receive queue (recv.c), and the copy holds a reference on the TCB.  The
 * NBL is completed with NdisMSendNetBufferListsComplete when the last
 * reference goes: at once when nobody takes the frame (a hub drops it), or
 * from the receiving adapter's DPC after the last copy was indicated.
 * Every NBL is completed exactly once, with its own status.
 */
#include "vhub.h"
#include "send.tmh"

typedef struct _VHUB_FORWARD {
	PVHUB_ADAPTER Sender;
	PVHUB_TCB Tcb;
	PNET_BUFFER Nb;
	const UCHAR *Destination;
	VHUB_CAST Cast;
	BOOLEAN AtDispatch;
} VHUB_FORWARD;

VHUB_CAST VhubCastOf(const UCHAR *Destination)
{
	static const UCHAR broadcast[VHUB_MAC_LENGTH] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (NdisEqualMemory(Destination, broadcast, VHUB_MAC_LENGTH))
		return VhubBroadcast;
	return (Destination[0] & 0x01) ? VhubMulticast : VhubDirected;
}

/* Drops one reference; the last completes the NBL on its sender.  The
 * counters are the sender's: what it sent counts when the send succeeded. */
VOID VhubTcbRelease(PVHUB_TCB Tcb, BOOLEAN AtDispatch)
{
	PVHUB_ADAPTER sender;
	PNET_BUFFER_LIST nbl;
	NDIS_STATUS status;
	ULONG c;

	if (InterlockedDecrement(&Tcb->Refs) != 0)
		return;
	/* the last reference: nobody else sees the TCB any more */
	sender = Tcb->Sender;
	nbl = Tcb->Nbl;
	status = Tcb->Status;
	if (status == NDIS_STATUS_SUCCESS) {
		for (c = 0; c < VhubCastCount; c++) {
			InterlockedAdd64(&sender->Out.Frames[c], Tcb->Sent.Frames[c]);
			InterlockedAdd64(&sender->Out.Bytes[c], Tcb->Sent.Bytes[c]);
		}
	} else if (status == NDIS_STATUS_SEND_ABORTED) {
		InterlockedIncrement64(&sender->OutDiscards);
	} else {
		InterlockedIncrement64(&sender->OutErrors);
	}
	NET_BUFFER_LIST_STATUS(nbl) = status;
	NdisFreeToNPagedLookasideList(&sender->SendLookaside, Tcb);
	NdisMSendNetBufferListsComplete(sender->AdapterHandle, nbl,
		AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
	VhubSendDone(sender);
	VhubReleaseBusy(sender);
}

static VOID VhubForwardVisit(PVHUB_ADAPTER Receiver, PVOID Context)
{
	VHUB_FORWARD *f = (VHUB_FORWARD *)Context;

	/* NDIS_MAC_OPTION_NO_LOOPBACK: the sender never gets its own frame. */
	if (Receiver == f->Sender || !VhubAccepts(Receiver, f->Destination))
		return;
	VhubDeliver(Receiver, f->Tcb, f->Nb, f->Cast, f->AtDispatch);
}

/* Every NET_BUFFER must hold an Ethernet header and fit the MTU; otherwise
 * the whole NBL fails, as on a NIC that cannot put it on the wire. */
static NDIS_STATUS VhubCheckNbl(PNET_BUFFER_LIST Nbl)
{
	PNET_BUFFER nb;

	for (nb = NET_BUFFER_LIST_FIRST_NB(Nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
		ULONG length = NET_BUFFER_DATA_LENGTH(nb);

		if (length < VHUB_HEADER_SIZE || length > VHUB_MAX_FRAME)
			return NDIS_STATUS_INVALID_LENGTH;
	}
	return NDIS_STATUS_SUCCESS;
}

static VOID VhubForwardNbl(PVHUB_ADAPTER Adapter, PVHUB_TCB Tcb, BOOLEAN AtDispatch)
{
	UCHAR header[VHUB_HEADER_SIZE];
	VHUB_FORWARD f;
	PNET_BUFFER nb;

	f.Sender = Adapter;
	f.Tcb = Tcb;
	f.AtDispatch = AtDispatch;
	for (nb = NET_BUFFER_LIST_FIRST_NB(Tcb->Nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
		ULONG length = NET_BUFFER_DATA_LENGTH(nb);
		PUCHAR h = NdisGetDataBuffer(nb, VHUB_HEADER_SIZE, header, 1, 0);

		if (h == NULL) {   /* cannot happen after VhubCheckNbl; fail safe */
			Tcb->Status = NDIS_STATUS_INVALID_PACKET;
			return;
		}
		f.Nb = nb;
		f.Destination = h;
		f.Cast = VhubCastOf(h);
		Tcb->Sent.Frames[f.Cast]++;
		Tcb->Sent.Bytes[f.Cast] += length;
		VHUB_TRACE(TRACE_LEVEL_VERBOSE, VHUB_SEND, "%s: %u bytes to %!MACADDR!",
			   Adapter->Name, length, h);
		VhubForEachAdapter(AtDispatch, VhubForwardVisit, &f);
	}
}

/* Completes NBLs the adapter did not take (paused, no memory). */
static VOID VhubFailNbls(PVHUB_ADAPTER Adapter, PNET_BUFFER_LIST Nbls, NDIS_STATUS Status,
			 BOOLEAN AtDispatch)
{
	PNET_BUFFER_LIST nbl;

	if (Nbls == NULL)
		return;
	for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = Status;
		InterlockedIncrement64(&Adapter->OutDiscards);
	}
	VHUB_TRACE(TRACE_LEVEL_WARNING, VHUB_SEND, "%s: send refused: %!STATUS!",
		   Adapter->Name, Status);
	NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Nbls,
		AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID VhubSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
			    PNET_BUFFER_LIST NetBufferLists,
			    NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;
	BOOLEAN atDispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
	PNET_BUFFER_LIST nbl, next;
	NDIS_STATUS refused = NDIS_STATUS_SUCCESS;
	ULONG count = 0;

	UNREFERENCED_PARAMETER(PortNumber);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		count++;
	/* Each NBL taken holds the adapter busy (a pause waits for it). */
	NdisAcquireSpinLock(&ad->Lock);
	if (ad->State == VhubRunning) {
		InterlockedAdd(&ad->Busy, (LONG)count);
		InterlockedAdd(&ad->SendsOutstanding, (LONG)count);
	} else {
		refused = ad->State == VhubShutDown ? NDIS_STATUS_FAILURE
						    : NDIS_STATUS_PAUSED;
	}
	NdisReleaseSpinLock(&ad->Lock);
	if (refused != NDIS_STATUS_SUCCESS) {
		VhubFailNbls(ad, NetBufferLists, refused, atDispatch);
		return;
	}

	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		PVHUB_TCB tcb;

		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;   /* each NBL completes on its own */
		tcb = NdisAllocateFromNPagedLookasideList(&ad->SendLookaside);
		if (tcb == NULL) {
			VhubFailNbls(ad, nbl, NDIS_STATUS_RESOURCES, atDispatch);
			VhubSendDone(ad);
			VhubReleaseBusy(ad);
			continue;
		}
		NdisZeroMemory(tcb, sizeof(*tcb));
		tcb->Sender = ad;
		tcb->Nbl = nbl;
		tcb->Refs = 1;                          /* this function's own */
		tcb->Status = VhubCheckNbl(nbl);
		nbl->MiniportReserved[0] = tcb;
		if (tcb->Status == NDIS_STATUS_SUCCESS)
			VhubForwardNbl(ad, tcb, atDispatch);
		else
			VHUB_TRACE(TRACE_LEVEL_WARNING, VHUB_SEND, "%s: NBL refused: %!STATUS!",
				   ad->Name, tcb->Status);
		VhubTcbRelease(tcb, atDispatch);
	}
}

typedef struct _VHUB_CANCEL {
	PVHUB_ADAPTER Sender;
	PVOID CancelId;
	LIST_ENTRY Taken;
} VHUB_CANCEL;

static VOID VhubCancelVisit(PVHUB_ADAPTER Receiver, PVOID Context)
{
	VHUB_CANCEL *c = (VHUB_CANCEL *)Context;

	VhubReceiveTake(Receiver, c->CancelId, c->Sender, &c->Taken);
}

/* The copies of the cancelled NBLs still waiting on receive queues are
 * taken back under the list's read lock and dropped after it; each such
 * NBL completes with NDIS_STATUS_SEND_ABORTED when its last reference
 * goes.  Copies already indicated are not recalled. */
VOID VhubCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	PVHUB_ADAPTER ad = (PVHUB_ADAPTER)MiniportAdapterContext;
	BOOLEAN atDispatch = KeGetCurrentIrql() == DISPATCH_LEVEL;
	VHUB_CANCEL c;

	c.Sender = ad;
	c.CancelId = CancelId;
	InitializeListHead(&c.Taken);
	VHUB_TRACE(TRACE_LEVEL_INFORMATION, VHUB_SEND, "%!FUNC!: %s cancel id %p", ad->Name,
		   CancelId);
	VhubForEachAdapter(atDispatch, VhubCancelVisit, &c);
	VhubReceiveDrop(&c.Taken, NDIS_STATUS_SEND_ABORTED, atDispatch);
}
