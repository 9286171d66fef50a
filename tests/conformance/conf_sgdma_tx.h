/*
 * conf_sgdma_tx.h — conf_sgdma's transmit path: map every NET_BUFFER with
 * NdisMAllocateNetBufferSGList under the TX spin lock, program descriptors
 * in MiniportProcessSGList, and "complete" from a timer DPC that frees the
 * lists and completes the NBLs (documented: free at DISPATCH_LEVEL, with
 * the same NET_BUFFER, once the device is done).
 */

/* NBs of an NBL still outstanding live in its first MiniportReserved slot. */
#define SG_NBL_PENDING(_nbl) ((volatile LONG *)&NET_BUFFER_LIST_MINIPORT_RESERVED(_nbl)[0])
#define SG_NB_SLOT(_nb)      (*(PSG_TX_SLOT *)&NET_BUFFER_MINIPORT_RESERVED(_nb)[0])

static VOID
SgNbDone(PSG_ADAPTER a, PNET_BUFFER_LIST Nbl, NDIS_STATUS Status)
{
	ULONG flags = 0;

	if (Status != NDIS_STATUS_SUCCESS) {
		NET_BUFFER_LIST_STATUS(Nbl) = Status;
	}
	if (InterlockedDecrement(SG_NBL_PENDING(Nbl)) != 0) {
		return;
	}
	if (KeGetCurrentIrql() == DISPATCH_LEVEL) {
		NDIS_SET_SEND_COMPLETE_FLAG(flags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
	}
	NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
	NdisMSendNetBufferListsComplete(a->AdapterHandle, Nbl, flags);
	if (InterlockedDecrement(&a->InFlight) == 0 &&
	    InterlockedCompareExchange(&a->Pausing, 2, 1) == 1) {
		NdisMPauseComplete(a->AdapterHandle);
	}
}

_Use_decl_annotations_
VOID
SgProcessSGList(PDEVICE_OBJECT pDO, PVOID Reserved, PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	PSG_TX_SLOT slot = (PSG_TX_SLOT)Context;
	PSG_ADAPTER a;

	UNREFERENCED_PARAMETER(pDO);
	UNREFERENCED_PARAMETER(Reserved);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	if (slot == NULL || slot->Adapter == NULL) {
		CONF_CHECK(!"MiniportProcessSGList: Context is not ours");
		return;
	}
	a = slot->Adapter;
	InterlockedIncrement(&a->Lists);
	CONF_CHECK(slot->Sgl == NULL);
	SgCheckList(a, slot->Nb, pSGL);
	slot->Sgl = pSGL;
	if (slot->Nbl == NULL) {           /* SgSelfTest's request */
		NdisSetEvent(&a->SelfTestDone);
		return;
	}
	NdisDprAcquireSpinLock(&a->DoneLock);
	CONF_CHECK(SgWriteDescriptors(a, slot->Nb, pSGL) == NET_BUFFER_DATA_LENGTH(slot->Nb));
	InsertTailList(&a->DoneSlots, &slot->Link);
	NdisDprReleaseSpinLock(&a->DoneLock);
	{
		LARGE_INTEGER due;

		due.QuadPart = -10000; /* 1 ms, relative, in 100 ns units */
		NdisSetTimerObject(a->Timer, due, 0, NULL);
	}
}

_Use_decl_annotations_
VOID
SgTxCompleteTimer(PVOID SystemSpecific1, PVOID FunctionContext,
		  PVOID SystemSpecific2, PVOID SystemSpecific3)
{
	PSG_ADAPTER a = (PSG_ADAPTER)FunctionContext;
	LIST_ENTRY done;
	PLIST_ENTRY e;
	PSG_TX_SLOT slot;
	PNET_BUFFER_LIST nbl;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	InitializeListHead(&done);
	NdisDprAcquireSpinLock(&a->DoneLock);
	while (!IsListEmpty(&a->DoneSlots)) {
		e = RemoveHeadList(&a->DoneSlots);
		InsertTailList(&done, e);
	}
	NdisDprReleaseSpinLock(&a->DoneLock);
	while (!IsListEmpty(&done)) {
		slot = CONTAINING_RECORD(RemoveHeadList(&done), SG_TX_SLOT, Link);
		CONF_CHECK(SG_NB_SLOT(slot->Nb) == slot);
		NdisMFreeNetBufferSGList(a->DmaHandle, slot->Sgl, slot->Nb);
		InterlockedIncrement(&a->Frees);
		nbl = slot->Nbl;
		slot->Nbl = NULL;
		slot->Nb = NULL;
		slot->Sgl = NULL;
		NdisDprAcquireSpinLock(&a->TxLock);
		InsertTailList(&a->FreeSlots, &slot->Link);
		NdisDprReleaseSpinLock(&a->TxLock);
		SgNbDone(a, nbl, NDIS_STATUS_SUCCESS);
	}
}

/* One NET_BUFFER: a slot and its SG list, under the TX lock (DISPATCH). */
static VOID
SgSendNb(PSG_ADAPTER a, PNET_BUFFER_LIST Nbl, PNET_BUFFER Nb)
{
	PSG_TX_SLOT slot = NULL;
	NDIS_STATUS status = NDIS_STATUS_RESOURCES;

	NdisAcquireSpinLock(&a->TxLock);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	if (!IsListEmpty(&a->FreeSlots)) {
		slot = CONTAINING_RECORD(RemoveHeadList(&a->FreeSlots), SG_TX_SLOT, Link);
		slot->Nbl = Nbl;
		slot->Nb = Nb;
		slot->Sgl = NULL;
		SG_NB_SLOT(Nb) = slot;
		status = NdisMAllocateNetBufferSGList(a->DmaHandle, Nb, slot,
						      NDIS_SG_LIST_WRITE_TO_DEVICE,
						      slot->SgBuffer, a->SgListSize);
		CONF_CHECK(status == NDIS_STATUS_SUCCESS);
		if (status != NDIS_STATUS_SUCCESS) {
			slot->Nbl = NULL;
			slot->Nb = NULL;
			InsertTailList(&a->FreeSlots, &slot->Link);
		}
	}
	NdisReleaseSpinLock(&a->TxLock);
	if (status != NDIS_STATUS_SUCCESS) {
		SgNbDone(a, Nbl, status);
	}
}

_Use_decl_annotations_
VOID
SgSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PSG_ADAPTER a = (PSG_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next;
	PNET_BUFFER nb;
	LONG count;

	UNREFERENCED_PARAMETER(PortNumber);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
		CONF_CHECK_IRQL(DISPATCH_LEVEL);
	}
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
		/* Pausing moves under the timer DPC: read it interlocked too */
		CONF_CHECK(InterlockedCompareExchange(&a->Pausing, 0, 0) == 0);
		count = 0;
		for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
			count++;
		}
		CONF_CHECK(count > 0);
		/* one extra reference so the NBL cannot complete while mapping */
		*SG_NBL_PENDING(nbl) = count + 1;
		InterlockedIncrement(&a->InFlight);
		for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
			CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) <= SG_MAX_MAPPING);
			SgSendNb(a, nbl, nb);
		}
		SgNbDone(a, nbl, NDIS_STATUS_SUCCESS);
	}
}
