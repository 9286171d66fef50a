/*
 * vn_send.c — transmit.  Each NET_BUFFER gets a slot, one SG list
 * (NdisMAllocateNetBufferSGList into the slot's preallocated storage) and
 * a descriptor chain on the transmitq: the slot's virtio_net_hdr, then the
 * list's elements from the first data byte on.  The list starts at the
 * beginning of CurrentMdl, so CurrentMdlOffset bytes are skipped first.
 *
 * An NBL completes when its last NET_BUFFER does; each NBL is completed
 * exactly once (NdisMSendNetBufferListsComplete), with its status in
 * NET_BUFFER_LIST_STATUS.
 *
 * NET_BUFFER_MINIPORT_RESERVED(nb): [0] next NB waiting for a slot,
 * [1] its NBL.  NET_BUFFER_LIST_MINIPORT_RESERVED(nbl)[0]: NBs not done.
 */
#include "virtio_net.h"

#define VN_NB_NEXT(nb)      (NET_BUFFER_MINIPORT_RESERVED(nb)[0])
#define VN_NB_NBL(nb)       ((PNET_BUFFER_LIST)NET_BUFFER_MINIPORT_RESERVED(nb)[1])
#define VN_NBL_PENDING(nbl) ((LONG64 volatile *)&NET_BUFFER_LIST_MINIPORT_RESERVED(nbl)[0])

NDIS_STATUS VnSendAllocate(PVN_ADAPTER ad)
{
	ULONG i;
	PUCHAR headers;

	InitializeListHead(&ad->TxFree);
	InitializeListHead(&ad->TxReady);
	ad->TxSgStorage = NdisAllocateMemoryWithTagPriority(ad->AdapterHandle,
		ad->ScatterGatherListSize * VN_TX_SLOTS, VN_TAG, NormalPoolPriority);
	if (ad->TxSgStorage == NULL)
		return NDIS_STATUS_RESOURCES;
	ad->TxHeaders.Length = sizeof(VIRTIO_NET_HDR) * VN_TX_SLOTS;
	NdisMAllocateSharedMemory(ad->AdapterHandle, ad->TxHeaders.Length, FALSE,
				  &ad->TxHeaders.Va, &ad->TxHeaders.Pa);
	if (ad->TxHeaders.Va == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad->TxHeaders.Va, ad->TxHeaders.Length);
	headers = (PUCHAR)ad->TxHeaders.Va;
	for (i = 0; i < VN_TX_SLOTS; i++) {
		PVN_TX_SLOT slot = &ad->TxSlots[i];

		slot->Adapter = ad;
		slot->State = VnTxFree;
		slot->SgStorage = (PUCHAR)ad->TxSgStorage + (SIZE_T)i * ad->ScatterGatherListSize;
		slot->Header = (VIRTIO_NET_HDR *)(headers + i * sizeof(VIRTIO_NET_HDR));
		slot->HeaderPa = (ULONG64)ad->TxHeaders.Pa.QuadPart + i * sizeof(VIRTIO_NET_HDR);
		InsertTailList(&ad->TxFree, &slot->Link);
	}
	return NDIS_STATUS_SUCCESS;
}

VOID VnSendFree(PVN_ADAPTER ad)
{
	if (ad->TxHeaders.Va != NULL)
		NdisMFreeSharedMemory(ad->AdapterHandle, ad->TxHeaders.Length, FALSE,
				      ad->TxHeaders.Va, ad->TxHeaders.Pa);
	ad->TxHeaders.Va = NULL;
	if (ad->TxSgStorage != NULL)
		NdisFreeMemory(ad->TxSgStorage, 0, 0);
	ad->TxSgStorage = NULL;
}

/* ---- completing ------------------------------------------------------------ */

/* One NB is done; its NBL joins *chain when it was the last one. */
static VOID VnNbDone(PNET_BUFFER nb, NDIS_STATUS status, PNET_BUFFER_LIST *chain)
{
	PNET_BUFFER_LIST nbl = VN_NB_NBL(nb);

	if (status != NDIS_STATUS_SUCCESS)
		NET_BUFFER_LIST_STATUS(nbl) = status;
	if (InterlockedDecrement64(VN_NBL_PENDING(nbl)) == 0) {
		NET_BUFFER_LIST_NEXT_NBL(nbl) = *chain;
		*chain = nbl;
	}
}

static VOID VnCompleteNbls(PVN_ADAPTER ad, PNET_BUFFER_LIST chain)
{
	PNET_BUFFER_LIST nbl;
	ULONG n = 0;

	for (nbl = chain; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		n++;
	if (n == 0)
		return;
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, chain,
		KeGetCurrentIrql() == DISPATCH_LEVEL ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
	NdisAcquireSpinLock(&ad->StateLock);
	ad->TxNblsOutstanding -= n;
	NdisReleaseSpinLock(&ad->StateLock);
	VnCheckPauseComplete(ad);
	VnCheckResetComplete(ad);
}

static VOID VnSlotRelease(PVN_ADAPTER ad, PVN_TX_SLOT slot)
{
	NdisAcquireSpinLock(&ad->TxLock);
	slot->State = VnTxFree;
	slot->NetBuffer = NULL;
	slot->NetBufferList = NULL;
	slot->SgList = NULL;
	InsertTailList(&ad->TxFree, &slot->Link);
	NdisReleaseSpinLock(&ad->TxLock);
}

/* ---- descriptor chains (TxLock held) ------------------------------------------ */

/* Descriptors the chain needs: the header, then every element that holds
 * data once CurrentMdlOffset bytes are skipped. */
static ULONG VnChainLength(PVN_TX_SLOT slot)
{
	PSCATTER_GATHER_LIST sgl = slot->SgList;
	ULONG skip = NET_BUFFER_CURRENT_MDL_OFFSET(slot->NetBuffer);
	ULONG i, n = 1;

	for (i = 0; i < sgl->NumberOfElements; i++) {
		if (skip >= sgl->Elements[i].Length) {
			skip -= sgl->Elements[i].Length;
			continue;
		}
		skip = 0;
		n++;
	}
	return n;
}

static VOID VnPostChain(PVN_ADAPTER ad, PVN_TX_SLOT slot)
{
	VN_QUEUE *q = &ad->TxQ;
	PSCATTER_GATHER_LIST sgl = slot->SgList;
	ULONG skip = NET_BUFFER_CURRENT_MDL_OFFSET(slot->NetBuffer);
	ULONG left = NET_BUFFER_DATA_LENGTH(slot->NetBuffer);
	USHORT head = VnDescTake(q), prev = head;
	ULONG i;

	NdisZeroMemory(slot->Header, sizeof(*slot->Header));   /* no offloads */
	q->Desc[head].Addr = slot->HeaderPa;
	q->Desc[head].Len = sizeof(VIRTIO_NET_HDR);
	q->Desc[head].Flags = 0;
	slot->Descriptors = 1;
	for (i = 0; i < sgl->NumberOfElements && left > 0; i++) {
		ULONG64 addr = (ULONG64)sgl->Elements[i].Address.QuadPart;
		ULONG len = sgl->Elements[i].Length;
		USHORT d;

		if (skip >= len) {   /* spec §5: the list starts at CurrentMdl */
			skip -= len;
			continue;
		}
		addr += skip;
		len -= skip;
		skip = 0;
		if (len > left)
			len = left;
		left -= len;
		d = VnDescTake(q);
		q->Desc[d].Addr = addr;
		q->Desc[d].Len = len;
		q->Desc[d].Flags = 0;
		q->Desc[prev].Flags |= VIRTQ_DESC_F_NEXT;
		q->Desc[prev].Next = d;
		prev = d;
		slot->Descriptors++;
	}
	slot->Head = head;
	slot->State = VnTxPosted;
	ad->TxSlotOfHead[head] = slot;
	VnAvailAdd(q, head);
}

/* Posts ready slots in order while descriptors last.  Slots whose chain
 * can never fit the queue move to *failed.  Returns how many were posted. */
static ULONG VnPostReady(PVN_ADAPTER ad, PLIST_ENTRY failed)
{
	ULONG posted = 0;

	if (VN_FLAG_READ(ad->DeviceFailed)) {
		/* broken: nothing reaches the device again (virtio 1.1 §2.1.2),
		 * so a slot mapped after the failure ends now, also when the
		 * failure reset the device (VnDeviceBroken): a pause waits for it */
		while (!IsListEmpty(&ad->TxReady))
			InsertTailList(failed, RemoveHeadList(&ad->TxReady));
		return 0;
	}
	if (!VN_FLAG_READ(ad->DeviceStarted))
		return 0;   /* halting: the slots stay for the cleanup */
	while (!IsListEmpty(&ad->TxReady)) {
		PVN_TX_SLOT slot = CONTAINING_RECORD(ad->TxReady.Flink, VN_TX_SLOT, Link);
		ULONG needed = VnChainLength(slot);

		if (needed > ad->TxQ.Size) {
			RemoveEntryList(&slot->Link);
			InsertTailList(failed, &slot->Link);
			continue;
		}
		if (needed > ad->TxQ.FreeCount)
			break;
		RemoveEntryList(&slot->Link);
		VnPostChain(ad, slot);
		posted++;
	}
	if (posted)
		VnAvailPublish(&ad->TxQ);
	return posted;
}

/* A slot whose list was built but cannot be sent: free the list, fail it. */
static VOID VnFailMapped(PVN_ADAPTER ad, PLIST_ENTRY failed, NDIS_STATUS status)
{
	PNET_BUFFER_LIST chain = NULL;
	KIRQL irql;

	while (!IsListEmpty(failed)) {
		PVN_TX_SLOT slot = CONTAINING_RECORD(RemoveHeadList(failed), VN_TX_SLOT, Link);

		NDIS_RAISE_IRQL_TO_DISPATCH(&irql);
		NdisMFreeNetBufferSGList(ad->DmaHandle, slot->SgList, slot->NetBuffer);
		NDIS_LOWER_IRQL(irql, DISPATCH_LEVEL);
		InterlockedIncrement64(&ad->TxErrors);
		VnNbDone(slot->NetBuffer, status, &chain);
		VnSlotRelease(ad, slot);
	}
	VnCompleteNbls(ad, chain);
}

static VOID VnPostAndNotify(PVN_ADAPTER ad)
{
	LIST_ENTRY failed;
	ULONG posted;

	InitializeListHead(&failed);
	NdisAcquireSpinLock(&ad->TxLock);
	posted = VnPostReady(ad, &failed);
	NdisReleaseSpinLock(&ad->TxLock);
	if (posted)
		VnNotify(ad, &ad->TxQ);
	VnFailMapped(ad, &failed, VN_FLAG_READ(ad->DeviceFailed) ? NDIS_STATUS_DEVICE_FAILED
								  : NDIS_STATUS_INVALID_LENGTH);
}

/* spec §5: called exactly once per accepted request, at DISPATCH_LEVEL. */
VOID VnProcessSGList(PDEVICE_OBJECT pDO, PVOID Reserved,
		     PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	PVN_TX_SLOT slot = (PVN_TX_SLOT)Context;
	PVN_ADAPTER ad = slot->Adapter;

	NdisDprAcquireSpinLock(&ad->TxLock);
	slot->SgList = pSGL;
	slot->State = VnTxReady;
	InsertTailList(&ad->TxReady, &slot->Link);
	NdisDprReleaseSpinLock(&ad->TxLock);
	VnPostAndNotify(ad);
}

/* ---- starting NET_BUFFERs ------------------------------------------------------ */

static VOID VnFailUnmapped(PVN_ADAPTER ad, PVN_TX_SLOT slot, NDIS_STATUS status)
{
	PNET_BUFFER_LIST chain = NULL;

	InterlockedIncrement64(&ad->TxErrors);
	VnNbDone(slot->NetBuffer, status, &chain);
	VnSlotRelease(ad, slot);
	VnCompleteNbls(ad, chain);
}

/* Give waiting NBs a slot and ask for their SG lists (no lock held: the
 * callback may run before the allocate call returns). */
static VOID VnTxStart(PVN_ADAPTER ad)
{
	for (;;) {
		PVN_TX_SLOT slot;
		PNET_BUFFER nb;
		NDIS_STATUS status;
		ULONG length;
		KIRQL irql;

		NdisAcquireSpinLock(&ad->TxLock);
		if (ad->TxWaitHead == NULL || IsListEmpty(&ad->TxFree) ||
		    !VN_FLAG_READ(ad->DeviceStarted)) {
			NdisReleaseSpinLock(&ad->TxLock);
			return;
		}
		nb = ad->TxWaitHead;
		ad->TxWaitHead = (PNET_BUFFER)VN_NB_NEXT(nb);
		if (ad->TxWaitHead == NULL)
			ad->TxWaitTail = NULL;
		slot = CONTAINING_RECORD(RemoveHeadList(&ad->TxFree), VN_TX_SLOT, Link);
		slot->NetBuffer = nb;
		slot->NetBufferList = VN_NB_NBL(nb);
		slot->State = VnTxMapping;
		NdisReleaseSpinLock(&ad->TxLock);

		length = NET_BUFFER_DATA_LENGTH(nb);
		if (length < VN_MIN_FRAME || length > ad->MaxFrame) {
			VnFailUnmapped(ad, slot, NDIS_STATUS_INVALID_LENGTH);
			continue;
		}
		NDIS_RAISE_IRQL_TO_DISPATCH(&irql);
		status = NdisMAllocateNetBufferSGList(ad->DmaHandle, nb, slot,
						      NDIS_SG_LIST_WRITE_TO_DEVICE,
						      slot->SgStorage,
						      ad->ScatterGatherListSize);
		NDIS_LOWER_IRQL(irql, DISPATCH_LEVEL);
		if (status != NDIS_STATUS_SUCCESS)
			VnFailUnmapped(ad, slot, status);
	}
}

static VOID VnCompleteAll(PVN_ADAPTER ad, PNET_BUFFER_LIST nbls, NDIS_STATUS status)
{
	PNET_BUFFER_LIST nbl;

	for (nbl = nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = status;
	VnCompleteNbls(ad, nbls);
}

VOID VnSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
			  PNET_BUFFER_LIST NetBufferLists,
			  NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next, empty = NULL;
	PNET_BUFFER nb, head = NULL, tail = NULL;
	NDIS_STATUS refuse = NDIS_STATUS_SUCCESS;
	ULONG n = 0;

	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		n++;
	NdisAcquireSpinLock(&ad->StateLock);
	ad->TxNblsOutstanding += n;   /* every NBL is completed through VnCompleteNbls */
	if (ad->State != VnRunning)
		refuse = NDIS_STATUS_PAUSED;
	else if (VN_FLAG_READ(ad->DeviceFailed))
		refuse = NDIS_STATUS_DEVICE_FAILED;
	NdisReleaseSpinLock(&ad->StateLock);
	if (refuse != NDIS_STATUS_SUCCESS) {
		VnCompleteAll(ad, NetBufferLists, refuse);
		return;
	}
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		LONG64 nbs = 0;

		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
		for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
			VN_NB_NEXT(nb) = NULL;
			NET_BUFFER_MINIPORT_RESERVED(nb)[1] = nbl;
			if (tail != NULL)
				VN_NB_NEXT(tail) = nb;
			else
				head = nb;
			tail = nb;
			nbs++;
		}
		*VN_NBL_PENDING(nbl) = nbs;
		if (nbs == 0) {   /* an NBL without NET_BUFFERs carries nothing */
			NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_INVALID_PARAMETER;
			NET_BUFFER_LIST_NEXT_NBL(nbl) = empty;
			empty = nbl;
		}
	}
	VnCompleteNbls(ad, empty);
	if (head != NULL) {
		NdisAcquireSpinLock(&ad->TxLock);
		if (ad->TxWaitTail != NULL)
			VN_NB_NEXT(ad->TxWaitTail) = head;
		else
			ad->TxWaitHead = head;
		ad->TxWaitTail = tail;
		NdisReleaseSpinLock(&ad->TxLock);
	}
	VnTxStart(ad);
}

/* Sends never wait long in software; cancelling them is not supported. */
VOID VnCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
}

/* ---- completions from the device (interrupt DPC) -------------------------------- */

VOID VnSendCompleteFromDevice(PVN_ADAPTER ad)
{
	PNET_BUFFER_LIST chain = NULL;
	LIST_ENTRY done;
	VIRTQ_USED_ELEM e;
	BOOLEAN broken;

	InitializeListHead(&done);
	NdisDprAcquireSpinLock(&ad->TxLock);
	while (ad->TxQ.Used != NULL && VnUsedNext(&ad->TxQ, &e)) {
		PVN_TX_SLOT slot = e.Id < ad->TxQ.Size ? ad->TxSlotOfHead[e.Id] : NULL;

		if (slot == NULL) {   /* the device named a chain we never posted */
			InterlockedIncrement64(&ad->TxErrors);
			ad->TxQ.Broken = TRUE;
			break;
		}
		ad->TxSlotOfHead[e.Id] = NULL;
		VnDescGiveChain(&ad->TxQ, slot->Head);
		InsertTailList(&done, &slot->Link);
	}
	broken = ad->TxQ.Broken;
	NdisDprReleaseSpinLock(&ad->TxLock);
	while (!IsListEmpty(&done)) {
		PVN_TX_SLOT slot = CONTAINING_RECORD(RemoveHeadList(&done), VN_TX_SLOT, Link);
		ULONG bytes = NET_BUFFER_DATA_LENGTH(slot->NetBuffer);
		UCHAR storage[ETH_LENGTH_OF_ADDRESS];
		PUCHAR dst = NdisGetDataBuffer(slot->NetBuffer, ETH_LENGTH_OF_ADDRESS, storage, 1, 0);
		ULONG cls = dst != NULL ? VnClassOf(dst) : VN_CLASS_DIRECTED;

		NdisMFreeNetBufferSGList(ad->DmaHandle, slot->SgList, slot->NetBuffer);
		InterlockedIncrement64(&ad->TxFrames);
		InterlockedExchangeAdd64(&ad->TxBytes, bytes);
		InterlockedIncrement64(&ad->TxClassFrames[cls]);
		InterlockedExchangeAdd64(&ad->TxClassBytes[cls], bytes);
		VnNbDone(slot->NetBuffer, NDIS_STATUS_SUCCESS, &chain);
		VnSlotRelease(ad, slot);
	}
	VnCompleteNbls(ad, chain);
	if (broken)
		VnDeviceBroken(ad, &ad->TxQ);
	VnPostAndNotify(ad);   /* descriptors came back */
	VnTxStart(ad);         /* and slots */
}

/* Pause: NBs that never reached a slot are completed now. */
VOID VnSendAbortQueued(PVN_ADAPTER ad, NDIS_STATUS status)
{
	PNET_BUFFER_LIST chain = NULL;
	PNET_BUFFER nb;

	NdisAcquireSpinLock(&ad->TxLock);
	nb = ad->TxWaitHead;
	ad->TxWaitHead = ad->TxWaitTail = NULL;
	NdisReleaseSpinLock(&ad->TxLock);
	while (nb != NULL) {
		PNET_BUFFER next = (PNET_BUFFER)VN_NB_NEXT(nb);

		VnNbDone(nb, status, &chain);
		nb = next;
	}
	VnCompleteNbls(ad, chain);
}

/* The device set DEVICE_NEEDS_RESET (interrupt DPC): virtio 1.1 §2.1.2 says
 * it completes nothing it holds, so the sends posted to it end here with
 * NDIS_STATUS_DEVICE_FAILED -- else they stay outstanding and MiniportPause
 * never completes (found by fuzz_device, tests/fuzz/device/corpus/
 * regression-device-error-pause).  The stopped device no longer reads
 * their buffers, so their SG lists are freed. */
VOID VnSendFailPosted(PVN_ADAPTER ad)
{
	LIST_ENTRY held;
	ULONG i;

	InitializeListHead(&held);
	NdisAcquireSpinLock(&ad->TxLock);
	while (!IsListEmpty(&ad->TxReady))
		InsertTailList(&held, RemoveHeadList(&ad->TxReady));
	for (i = 0; i < VN_TX_SLOTS; i++) {
		PVN_TX_SLOT slot = &ad->TxSlots[i];

		if (slot->State == VnTxPosted) {
			ad->TxSlotOfHead[slot->Head] = NULL;
			VnDescGiveChain(&ad->TxQ, slot->Head);
			InsertTailList(&held, &slot->Link);
		}
	}
	NdisReleaseSpinLock(&ad->TxLock);
	VnFailMapped(ad, &held, NDIS_STATUS_DEVICE_FAILED);
	VnSendAbortQueued(ad, NDIS_STATUS_DEVICE_FAILED);
}

/* Halt, after the device reset: wait for SG callbacks still owed to us
 * (spec §5: exactly once, maybe later), then end every slot. */
VOID VnSendAbortAll(PVN_ADAPTER ad)
{
	LIST_ENTRY held;
	ULONG i, mapping, waited;

	for (waited = 0; waited < 5000; waited++) {
		mapping = 0;
		NdisAcquireSpinLock(&ad->TxLock);
		for (i = 0; i < VN_TX_SLOTS; i++)
			mapping += ad->TxSlots[i].State == VnTxMapping;
		NdisReleaseSpinLock(&ad->TxLock);
		if (mapping == 0)
			break;
		NdisMSleep(1000);
	}
	InitializeListHead(&held);
	NdisAcquireSpinLock(&ad->TxLock);
	while (!IsListEmpty(&ad->TxReady))
		InsertTailList(&held, RemoveHeadList(&ad->TxReady));
	for (i = 0; i < VN_TX_SLOTS; i++) {
		PVN_TX_SLOT slot = &ad->TxSlots[i];

		if (slot->State == VnTxPosted) {
			ad->TxSlotOfHead[slot->Head] = NULL;
			InsertTailList(&held, &slot->Link);
		}
	}
	NdisReleaseSpinLock(&ad->TxLock);
	VnFailMapped(ad, &held, NDIS_STATUS_SEND_ABORTED);
	VnSendAbortQueued(ad, NDIS_STATUS_SEND_ABORTED);
}
