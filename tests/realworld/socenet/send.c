/*++

Module Name:

    send.c

Abstract:

    Transmit path of socenet.

    Each NET_BUFFER gets a TCB.  Frames up to SOC_COPY_THRESHOLD bytes are
    copied into the TCB's slot of the shared copy buffer; larger ones are
    mapped with NdisMAllocateNetBufferSGList, and MiniportProcessSGList
    (SocProcessSGList, txring.c) writes their descriptors.  NBLs that find
    no free TCB wait in SendWaitQueue.  The ring and TCB state are guarded
    by TxLock, an in-stack queued spin lock.

--*/

#include "socenet.h"

VOID
SocInitializeSendState(
    _In_ PSOC_ADAPTER Adapter
    )
{
    ULONG i;

    InitializeListHead(&Adapter->FreeTcbs);
    InitializeListHead(&Adapter->SendWaitQueue);
    for (i = 0; i < SOC_TCB_COUNT; i++)
    {
        Adapter->Tcbs[i].Index = i;
        Adapter->Tcbs[i].Adapter = Adapter;
        InsertTailList(&Adapter->FreeTcbs, &Adapter->Tcbs[i].Link);
    }
    Adapter->FreeTcbCount = SOC_TCB_COUNT;
    Adapter->TxNextToUse = 0;
    Adapter->TxNextToClean = 0;
    Adapter->TxFreeDescriptors = SOC_TX_RING_SIZE - 1;
}

static
ULONG
SocNetBufferCount(
    _In_ PNET_BUFFER_LIST Nbl
    )
{
    PNET_BUFFER Nb;
    ULONG       Count = 0;

    for (Nb = NET_BUFFER_LIST_FIRST_NB(Nbl); Nb != NULL; Nb = NET_BUFFER_NEXT_NB(Nb))
    {
        Count++;
    }
    return Count;
}

static
VOID
SocCountTransmit(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PSOC_TCB Tcb,
    _In_reads_bytes_(ETH_LENGTH_OF_ADDRESS) const UCHAR *Destination
    )
{
    if (ETH_IS_BROADCAST(Destination))
    {
        InterlockedIncrement64(&Adapter->Counters.TxBroadcastFrames);
        InterlockedAdd64(&Adapter->Counters.TxBroadcastBytes, Tcb->Length);
    }
    else if (ETH_IS_MULTICAST(Destination))
    {
        InterlockedIncrement64(&Adapter->Counters.TxMulticastFrames);
        InterlockedAdd64(&Adapter->Counters.TxMulticastBytes, Tcb->Length);
    }
    else
    {
        InterlockedIncrement64(&Adapter->Counters.TxDirectedFrames);
        InterlockedAdd64(&Adapter->Counters.TxDirectedBytes, Tcb->Length);
    }
}

static
VOID
SocQueueCompletedNbl(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PNET_BUFFER_LIST Nbl
    )
/*++
    Caller holds TxLock.  The list is completed to NDIS after the lock is
    dropped.
--*/
{
    NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
    if (Adapter->CompletedTail == NULL)
    {
        Adapter->CompletedHead = Nbl;
    }
    else
    {
        NET_BUFFER_LIST_NEXT_NBL(Adapter->CompletedTail) = Nbl;
    }
    Adapter->CompletedTail = Nbl;
}

VOID
SocFinishNetBuffer(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PSOC_TCB Tcb,
    _In_ NDIS_STATUS Status
    )
/*++
    Caller holds TxLock.  Returns the TCB and completes the NBL when its
    last NET_BUFFER is done.
--*/
{
    PNET_BUFFER_LIST Nbl = Tcb->Nbl;

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NET_BUFFER_LIST_STATUS(Nbl) = Status;
    }

    Tcb->Nbl = NULL;
    Tcb->Nb = NULL;
    Tcb->Sgl = NULL;
    InsertTailList(&Adapter->FreeTcbs, &Tcb->Link);
    Adapter->FreeTcbCount++;
    InterlockedDecrement(&Adapter->TcbsInUse);

    if (--SOC_NBL_PENDING(Nbl) == 0)
    {
        SocQueueCompletedNbl(Adapter, Nbl);
    }
}

VOID
SocFlushCompletions(
    _In_ PSOC_ADAPTER Adapter,
    _In_ BOOLEAN AtDispatch
    )
{
    PNET_BUFFER_LIST    Chain;
    KLOCK_QUEUE_HANDLE  LockHandle;

    if (AtDispatch)
    {
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
    }
    else
    {
        KeAcquireInStackQueuedSpinLock(&Adapter->TxLock, &LockHandle);
    }
    Chain = Adapter->CompletedHead;
    Adapter->CompletedHead = NULL;
    Adapter->CompletedTail = NULL;
    if (AtDispatch)
    {
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
    }
    else
    {
        KeReleaseInStackQueuedSpinLock(&LockHandle);
    }

    if (Chain != NULL)
    {
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Chain,
                                        AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
    }

    SocTryCompletePause(Adapter);
}

static
ULONG
SocCopyNetBuffer(
    _In_ PNET_BUFFER Nb,
    _Out_writes_bytes_(Capacity) PUCHAR Destination,
    _In_ ULONG Capacity
    )
/*++
    Copies the data of a NET_BUFFER (skipping CurrentMdlOffset) into
    Destination.  A protocol-supplied MDL that turns out unmapped faults;
    the copy is guarded so the frame is dropped instead.

Return Value:

    Bytes copied; 0 on failure.

--*/
{
    PMDL    Mdl = NET_BUFFER_CURRENT_MDL(Nb);
    ULONG   Offset = NET_BUFFER_CURRENT_MDL_OFFSET(Nb);
    ULONG   Remaining = NET_BUFFER_DATA_LENGTH(Nb);
    ULONG   Copied = 0;

    if (Remaining > Capacity)
    {
        return 0;
    }

    __try
    {
        while (Mdl != NULL && Remaining != 0)
        {
            PUCHAR  Source;
            ULONG   MdlLength;
            ULONG   Chunk;

            NdisQueryMdl(Mdl, &Source, &MdlLength, NormalPagePriority | MdlMappingNoExecute);
            if (Source == NULL)
            {
                Copied = 0;
                __leave;
            }

            if (MdlLength > Offset)
            {
                Chunk = MdlLength - Offset;
                if (Chunk > Remaining)
                {
                    Chunk = Remaining;
                }
                RtlCopyMemory(Destination + Copied, Source + Offset, Chunk);
                Copied += Chunk;
                Remaining -= Chunk;
            }
            Offset = 0;
            NdisGetNextMdl(Mdl, &Mdl);
        }
    }
    __except (EXCEPTION_EXECUTE_HANDLER)
    {
        DEBUGP(SOC_ERROR, "exception 0x%08x copying a frame\n", GetExceptionCode());
        Copied = 0;
    }

    return (Remaining == 0) ? Copied : 0;
}

static
VOID
SocTransmitNetBuffer(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PSOC_TCB Tcb
    )
/*++
    Called at DISPATCH_LEVEL without TxLock.
--*/
{
    KLOCK_QUEUE_HANDLE      LockHandle;
    NDIS_STATUS             Status;
    SCATTER_GATHER_ELEMENT  Element;
    PUCHAR                  CopyBuffer;

    if (Tcb->Length <= SOC_COPY_THRESHOLD)
    {
        CopyBuffer = Adapter->TxCopyBuffers + Tcb->Index * SOC_COPY_THRESHOLD;
        Tcb->Copied = TRUE;

        if (SocCopyNetBuffer(Tcb->Nb, CopyBuffer, SOC_COPY_THRESHOLD) != Tcb->Length)
        {
            KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
            InterlockedIncrement64(&Adapter->Counters.TxErrors);
            SocFinishNetBuffer(Adapter, Tcb, NDIS_STATUS_FAILURE);
            KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
            return;
        }

        //
        // Short frames are padded to the Ethernet minimum by the MAC.
        //
        SocCountTransmit(Adapter, Tcb, CopyBuffer);

        Element.Address.QuadPart = Adapter->TxCopyPhysical.QuadPart + Tcb->Index * SOC_COPY_THRESHOLD;
        Element.Length = Tcb->Length;
        Element.Reserved = 0;

        KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
        if (!SocPostDescriptors(Adapter, Tcb, &Element, 1, 0))
        {
            InterlockedIncrement64(&Adapter->Counters.TxDiscards);
            SocFinishNetBuffer(Adapter, Tcb, NDIS_STATUS_RESOURCES);
        }
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
        return;
    }

    Tcb->Copied = FALSE;
    {
        UCHAR Header[ETH_LENGTH_OF_ADDRESS];
        PUCHAR Destination = (PUCHAR)NdisGetDataBuffer(Tcb->Nb, ETH_LENGTH_OF_ADDRESS, Header, 1, 0);
        if (Destination != NULL)
        {
            SocCountTransmit(Adapter, Tcb, Destination);
        }
    }

    //
    // SocProcessSGList may run before this returns; TxLock is not held.
    //
    Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle,
                                          Tcb->Nb,
                                          Tcb,
                                          NDIS_SG_LIST_WRITE_TO_DEVICE,
                                          Tcb->SgListBuffer,
                                          Adapter->ScatterGatherListSize);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(SOC_WARN, "NdisMAllocateNetBufferSGList failed 0x%08x\n", Status);
        KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
        InterlockedIncrement64(&Adapter->Counters.TxDiscards);
        SocFinishNetBuffer(Adapter, Tcb, Status);
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
    }
}

VOID
SocProcessSendQueue(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    At DISPATCH_LEVEL.  Starts every waiting NBL that has enough TCBs.
--*/
{
    KLOCK_QUEUE_HANDLE  LockHandle;
    PNET_BUFFER_LIST    Nbl;
    PSOC_TCB            Batch[SOC_TCB_COUNT];
    ULONG               BatchCount;
    ULONG               NbCount;
    ULONG               i;
    PNET_BUFFER         Nb;
    NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q;

    for (;;)
    {
        BatchCount = 0;

        KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
        if (IsListEmpty(&Adapter->SendWaitQueue) || !SocIsReady(Adapter))
        {
            KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
            break;
        }

        Nbl = SOC_NBL_FROM_LINK(Adapter->SendWaitQueue.Flink);
        NbCount = SocNetBufferCount(Nbl);
        if (NbCount > Adapter->FreeTcbCount)
        {
            KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);
            break;
        }

        RemoveEntryList(SOC_NBL_LINK(Nbl));
        SOC_NBL_PENDING(Nbl) = (LONG_PTR)NbCount;

        Ieee8021q.Value = NET_BUFFER_LIST_INFO(Nbl, Ieee8021QNetBufferListInfo);

        for (Nb = NET_BUFFER_LIST_FIRST_NB(Nbl); Nb != NULL; Nb = NET_BUFFER_NEXT_NB(Nb))
        {
            PSOC_TCB Tcb = CONTAINING_RECORD(RemoveHeadList(&Adapter->FreeTcbs), SOC_TCB, Link);

            Adapter->FreeTcbCount--;
            InterlockedIncrement(&Adapter->TcbsInUse);

            Tcb->Nbl = Nbl;
            Tcb->Nb = Nb;
            Tcb->Sgl = NULL;
            Tcb->Length = NET_BUFFER_DATA_LENGTH(Nb);
            Tcb->VlanTag = (USHORT)((Ieee8021q.TagHeader.UserPriority << 13) |
                                    (Ieee8021q.TagHeader.VlanId & 0x0FFF));
            SOC_NB_TCB(Nb) = Tcb;
            Batch[BatchCount++] = Tcb;
        }
        KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);

        for (i = 0; i < BatchCount; i++)
        {
            SocTransmitNetBuffer(Adapter, Batch[i]);
        }
        SocFlushCompletions(Adapter, TRUE);
    }
}

_Use_decl_annotations_
VOID
SocSendNetBufferLists(
    NDIS_HANDLE         MiniportAdapterContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PSOC_ADAPTER        Adapter = (PSOC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    Nbl, Next;
    PNET_BUFFER_LIST    Rejected = NULL;
    NDIS_STATUS         RejectStatus = NDIS_STATUS_SUCCESS;
    KLOCK_QUEUE_HANDLE  LockHandle;
    KIRQL               OldIrql = PASSIVE_LEVEL;
    BOOLEAN             Raised = FALSE;

    UNREFERENCED_PARAMETER(PortNumber);

    if (!SocIsReady(Adapter))
    {
        RejectStatus = Adapter->SurpriseRemoved ? NDIS_STATUS_ADAPTER_REMOVED :
                       Adapter->PowerState != NdisDeviceStateD0 ? NDIS_STATUS_LOW_POWER_STATE :
                       NDIS_STATUS_PAUSED;
        for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
        {
            NET_BUFFER_LIST_STATUS(Nbl) = RejectStatus;
            InterlockedIncrement64(&Adapter->Counters.TxDiscards);
        }
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists,
                                        (SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
                                            NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
        return;
    }

    if (!(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL))
    {
        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        Raised = TRUE;
    }

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next)
    {
        NDIS_TCP_LARGE_SEND_OFFLOAD_NET_BUFFER_LIST_INFO Lso;

        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;

        //
        // No LSO was advertised: a large-send request is a protocol bug.
        //
        Lso.Value = NET_BUFFER_LIST_INFO(Nbl, TcpLargeSendNetBufferListInfo);
        if (Lso.LsoV1Transmit.MSS != 0 || SocNetBufferCount(Nbl) > SOC_TCB_COUNT)
        {
            NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_INVALID_PACKET;
            NET_BUFFER_LIST_NEXT_NBL(Nbl) = Rejected;
            Rejected = Nbl;
            continue;
        }

        NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
        InsertTailList(&Adapter->SendWaitQueue, SOC_NBL_LINK(Nbl));
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);

    SocProcessSendQueue(Adapter);

    if (Rejected != NULL)
    {
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Rejected,
                                        NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }

    if (Raised)
    {
        KeLowerIrql(OldIrql);
    }
}

static
PNET_BUFFER_LIST
SocTakeWaitingSends(
    _In_ PSOC_ADAPTER Adapter,
    _In_opt_ PVOID CancelId,
    _In_ BOOLEAN All,
    _In_ NDIS_STATUS Status
    )
{
    KLOCK_QUEUE_HANDLE  LockHandle;
    PLIST_ENTRY         Entry, NextEntry;
    PNET_BUFFER_LIST    Chain = NULL;

    KeAcquireInStackQueuedSpinLock(&Adapter->TxLock, &LockHandle);
    for (Entry = Adapter->SendWaitQueue.Flink; Entry != &Adapter->SendWaitQueue; Entry = NextEntry)
    {
        PNET_BUFFER_LIST Nbl = SOC_NBL_FROM_LINK(Entry);

        NextEntry = Entry->Flink;
        if (All || NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(Nbl) == CancelId)
        {
            RemoveEntryList(Entry);
            NET_BUFFER_LIST_STATUS(Nbl) = Status;
            NET_BUFFER_LIST_NEXT_NBL(Nbl) = Chain;
            Chain = Nbl;
            InterlockedIncrement64(&Adapter->Counters.TxDiscards);
        }
    }
    KeReleaseInStackQueuedSpinLock(&LockHandle);

    return Chain;
}

_Use_decl_annotations_
VOID
SocCancelSend(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       CancelId
    )
{
    PSOC_ADAPTER        Adapter = (PSOC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    Chain;

    Chain = SocTakeWaitingSends(Adapter, CancelId, FALSE, NDIS_STATUS_SEND_ABORTED);
    if (Chain != NULL)
    {
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Chain, 0);
    }
}

VOID
SocFlushSendQueue(
    _In_ PSOC_ADAPTER Adapter,
    _In_ NDIS_STATUS Status
    )
{
    PNET_BUFFER_LIST Chain;

    Chain = SocTakeWaitingSends(Adapter, NULL, TRUE, Status);
    if (Chain != NULL)
    {
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Chain, 0);
    }
}
