/*
 * hub_datapath.c — the hub miniport's data path (hub_miniport.c has the
 * rest): a send copies each frame to every other adapter that takes it,
 * queues it there and queues that adapter's DPC, which indicates what is
 * queued at DISPATCH_LEVEL; the sender's NBLs complete at once.
 */
#include "hub_miniport.h"

/* ---- the data path ---------------------------------------------------------------- */

/* Whether ad takes a frame to dst (ad->Lock held). */
static BOOLEAN HubAccepts(PHUB_ADAPTER ad, const UCHAR *dst)
{
	static const UCHAR bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	ULONG f = ad->PacketFilter;

	if (!ad->Running)
		return FALSE;
	if (f & NDIS_PACKET_TYPE_PROMISCUOUS)
		return TRUE;
	if (NdisEqualMemory(dst, bcast, 6))
		return (f & NDIS_PACKET_TYPE_BROADCAST) != 0;
	if (dst[0] & 1)
		return (f & NDIS_PACKET_TYPE_ALL_MULTICAST) != 0;
	return (f & NDIS_PACKET_TYPE_DIRECTED) && NdisEqualMemory(dst, ad->Address, 6);
}

#ifdef HUB_DROP_SOME
static ULONG HubCopies;   /* HubLock held */
#endif

/* Copies frame to every other adapter that takes it (HubLock held). */
static VOID HubForward(PHUB_ADAPTER from, const UCHAR *frame, ULONG len, PVOID vlan)
{
	PLIST_ENTRY e;

	for (e = HubAdapters.Flink; e != &HubAdapters; e = e->Flink) {
		PHUB_ADAPTER to = CONTAINING_RECORD(e, HUB_ADAPTER, Link);
		PHUB_RX rx;

#ifndef HUB_ECHO_SENDER
		if (to == from)
			continue;
#endif
#ifdef HUB_DROP_SOME
		if (to != from && ++HubCopies % 50 == 0)
			continue;   /* the bug: a copy forgotten, no allocation failed */
#endif
		NdisDprAcquireSpinLock(&to->Lock);
		if (HubAccepts(to, frame)) {
			rx = NdisAllocateMemoryWithTagPriority(to->AdapterHandle,
				FIELD_OFFSET(HUB_RX, Data) + len, HUB_TAG, NormalPoolPriority);
			if (rx != NULL) {
				rx->Length = len;
				rx->Vlan = vlan;
				NdisMoveMemory(rx->Data, frame, len);
				InsertTailList(&to->RxQueue, &rx->Link);
				KeInsertQueueDpc(&to->RxDpc, NULL, NULL);
			}
		}
		NdisDprReleaseSpinLock(&to->Lock);
	}
}

VOID HubSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
				  PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber,
				  ULONG SendFlags)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)MiniportAdapterContext;
	UCHAR storage[HUB_MAX_FRAME];
	PNET_BUFFER_LIST nbl;
	BOOLEAN running;

	UNREFERENCED_PARAMETER(PortNumber);
	NdisAcquireSpinLock(&ad->Lock);
	running = ad->Running;
	NdisReleaseSpinLock(&ad->Lock);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		PVOID vlan = NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo);
		PNET_BUFFER nb;

		NET_BUFFER_LIST_STATUS(nbl) = running ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
		for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); running && nb != NULL;
		     nb = NET_BUFFER_NEXT_NB(nb)) {
			ULONG len = NET_BUFFER_DATA_LENGTH(nb);
			PUCHAR data;

			if (len < 14 || len > HUB_MAX_FRAME)
				continue;   /* not an Ethernet frame of this MTU: dropped */
			data = NdisGetDataBuffer(nb, len, storage, 1, 0);
			if (data == NULL)
				continue;
			NdisAcquireSpinLock(&HubLock);
			HubForward(ad, data, len, vlan);
			NdisReleaseSpinLock(&HubLock);
		}
	}
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, NetBufferLists,
		(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID HubCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);   /* sends complete at once */
}

/* n indicated NBLs are back (or were never indicated): the last one
 * completes a pending pause. */
static VOID HubReleased(PHUB_ADAPTER ad, ULONG n)
{
	BOOLEAN complete;

	if (n == 0)
		return;
	NdisAcquireSpinLock(&ad->Lock);
	ad->RxOutstanding -= n;
	complete = ad->Pausing && ad->RxOutstanding == 0;
	if (complete)
		ad->Pausing = FALSE;
	NdisReleaseSpinLock(&ad->Lock);
	if (complete)
		NdisMPauseComplete(ad->AdapterHandle);
}

/* NBLs for what is queued, chained; the entries go out with them.  They
 * count as outstanding from the moment they leave the queue, so a pause
 * in between waits for them. */
static PNET_BUFFER_LIST HubBuildIndications(PHUB_ADAPTER ad, ULONG *count)
{
	PNET_BUFFER_LIST head = NULL, *tail = &head;
	LIST_ENTRY taken;
	ULONG dropped = 0;

	*count = 0;
	InitializeListHead(&taken);
	NdisDprAcquireSpinLock(&ad->Lock);
	while (!IsListEmpty(&ad->RxQueue)) {
		InsertTailList(&taken, RemoveHeadList(&ad->RxQueue));
		ad->RxOutstanding++;
	}
	NdisDprReleaseSpinLock(&ad->Lock);
	while (!IsListEmpty(&taken)) {
		PHUB_RX rx = CONTAINING_RECORD(RemoveHeadList(&taken), HUB_RX, Link);
		PNET_BUFFER_LIST nbl = NULL;

		rx->Mdl = NdisAllocateMdl(ad->AdapterHandle, rx->Data, rx->Length);
		if (rx->Mdl != NULL)
			nbl = NdisAllocateNetBufferAndNetBufferList(ad->NblPool, 0, 0, rx->Mdl, 0,
								    rx->Length);
		if (nbl == NULL) {   /* out of resources: the frame is dropped */
			if (rx->Mdl != NULL)
				NdisFreeMdl(rx->Mdl);
			NdisFreeMemory(rx, 0, 0);
			dropped++;
			continue;
		}
		nbl->SourceHandle = ad->AdapterHandle;
		nbl->MiniportReserved[0] = rx;
		NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo) = rx->Vlan;
		*tail = nbl;
		tail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
		(*count)++;
	}
	HubReleased(ad, dropped);
	return head;
}

VOID HubRxDpc(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)DeferredContext;
	PNET_BUFFER_LIST nbls;
	ULONG count;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(Arg1);
	UNREFERENCED_PARAMETER(Arg2);
	nbls = HubBuildIndications(ad, &count);
	if (nbls != NULL)
		NdisMIndicateReceiveNetBufferLists(ad->AdapterHandle, nbls,
						   NDIS_DEFAULT_PORT_NUMBER, count,
						   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
}

VOID HubReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
				    PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next;
	ULONG n = 0;

	UNREFERENCED_PARAMETER(ReturnFlags);
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		PHUB_RX rx = (PHUB_RX)nbl->MiniportReserved[0];

		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NdisFreeNetBufferList(nbl);
		NdisFreeMdl(rx->Mdl);
		NdisFreeMemory(rx, 0, 0);
		n++;
	}
	HubReleased(ad, n);
}

