/*++

Module Name:

    send.c

Abstract:

    Transmit path of VMINIPORT.

    MiniportSendNetBufferLists queues the NBLs on the adapter's send wait
    list (NDIS_SPIN_LOCK) after checking the adapter state under its
    NDIS_RW_LOCK_EX, and queues the send DPC.  The DPC copies each
    NET_BUFFER into a transmit control block (NDIS lookaside list) and
    forwards the frame to every other adapter of the driver, then completes
    the NBLs.

--*/

#include "vminiport.h"

#define MP_SEND_DPC_BATCH   64

NDIS_STATUS
MPInitializeSendPath(
    _In_ PMP_ADAPTER Adapter
    )
{
    //
    // NDIS form: the default allocator (NDIS pool) with our tag.  Flags and
    // Depth must be 0.
    //
    NdisInitializeNPagedLookasideList(&Adapter->TcbLookaside,
                                      NULL,
                                      NULL,
                                      0,
                                      sizeof(TCB),
                                      VM_TAG_TCB,
                                      0);
    Adapter->TcbLookasideInitialized = TRUE;

    KeInitializeDpc(&Adapter->SendDpc, MPSendDpc, Adapter);
    KeSetImportanceDpc(&Adapter->SendDpc, MediumImportance);

    return NDIS_STATUS_SUCCESS;
}

VOID
MPFreeSendPath(
    _In_ PMP_ADAPTER Adapter
    )
{
    if (Adapter->TcbLookasideInitialized)
    {
        NdisDeleteNPagedLookasideList(&Adapter->TcbLookaside);
        Adapter->TcbLookasideInitialized = FALSE;
    }
}

static
VOID
MPCompleteNblChain(
    _In_ PMP_ADAPTER Adapter,
    _In_opt_ PNET_BUFFER_LIST Chain,
    _In_ ULONG Count,
    _In_ BOOLEAN AtDispatch
    )
/*++
    Completes Chain to NDIS, then drops the reference each of its Count NBLs
    held (the last drop may complete a pending pause).
--*/
{
    ULONG i;

    if (Chain != NULL)
    {
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle,
                                        Chain,
                                        AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
    }
    for (i = 0; i < Count; i++)
    {
        MPAdapterRelease(Adapter);
    }
}

static
VOID
MPCountTransmit(
    _In_ PMP_ADAPTER Adapter,
    _In_reads_bytes_(Length) const UCHAR *Frame,
    _In_ ULONG Length
    )
{
    PMP_STATISTICS Stats = &Adapter->Stats;

    if (ETH_IS_BROADCAST(Frame))
    {
        InterlockedIncrement64(&Stats->ifHCOutBroadcastPkts);
        MPAddCounter(&Stats->ifHCOutBroadcastOctets, Length);
    }
    else if (ETH_IS_MULTICAST(Frame))
    {
        InterlockedIncrement64(&Stats->ifHCOutMulticastPkts);
        MPAddCounter(&Stats->ifHCOutMulticastOctets, Length);
    }
    else
    {
        InterlockedIncrement64(&Stats->ifHCOutUcastPkts);
        MPAddCounter(&Stats->ifHCOutUcastOctets, Length);
    }
    MPAddCounter(&Stats->ifHCOutOctets, Length);
}

static
VOID
MPForwardFrame(
    _In_ PMP_ADAPTER Adapter,
    _In_ PTCB Tcb
    )
/*++
    The hub: offer the frame to every other adapter of the driver.
--*/
{
    LOCK_STATE_EX   LockState;
    PLIST_ENTRY     Entry;
    ULONG           Delivered = 0;

    NdisAcquireRWLockRead(GlobalData.AdapterListLock, &LockState, NDIS_RWL_AT_DISPATCH_LEVEL);

    for (Entry = GlobalData.AdapterList.Flink;
         Entry != &GlobalData.AdapterList;
         Entry = Entry->Flink)
    {
        PMP_ADAPTER Destination = CONTAINING_RECORD(Entry, MP_ADAPTER, List);

        if (Destination == Adapter)
        {
            continue;
        }
        if (MPDeliverFrame(Destination, Tcb->Data, Tcb->DataLength, Tcb->Ieee8021q))
        {
            Delivered++;
        }
    }

    NdisReleaseRWLock(GlobalData.AdapterListLock, &LockState);

    UNREFERENCED_PARAMETER(Delivered);
}

static
NDIS_STATUS
MPTransmitNetBufferList(
    _In_ PMP_ADAPTER Adapter,
    _In_ PNET_BUFFER_LIST Nbl
    )
/*++
    Puts every NET_BUFFER of Nbl on the wire.  Runs in the send DPC.
--*/
{
    NDIS_STATUS                     Status = NDIS_STATUS_SUCCESS;
    NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q;
    PNET_BUFFER                     Nb;

    Ieee8021q.Value = NET_BUFFER_LIST_INFO(Nbl, Ieee8021QNetBufferListInfo);

    for (Nb = NET_BUFFER_LIST_FIRST_NB(Nbl); Nb != NULL; Nb = NET_BUFFER_NEXT_NB(Nb))
    {
        ULONG   Length = NET_BUFFER_DATA_LENGTH(Nb);
        PUCHAR  Frame;
        PTCB    Tcb;

        if (Length < NIC_HEADER_SIZE || Length > NIC_MAX_FRAME_SIZE)
        {
            InterlockedIncrement64(&Adapter->Stats.ifOutErrors);
            Status = NDIS_STATUS_INVALID_LENGTH;
            continue;
        }

        Tcb = (PTCB)NdisAllocateFromNPagedLookasideList(&Adapter->TcbLookaside);
        if (Tcb == NULL)
        {
            InterlockedIncrement64(&Adapter->Stats.ifOutDiscards);
            Status = NDIS_STATUS_RESOURCES;
            continue;
        }

        Tcb->Signature  = MP_TCB_SIGNATURE;
        Tcb->NetBuffer  = Nb;
        Tcb->DataLength = Length;
        Tcb->Ieee8021q  = Ieee8021q;

        //
        // Contiguous data comes back in place; fragmented data is copied
        // into the TCB.
        //
        Frame = (PUCHAR)NdisGetDataBuffer(Nb, Length, Tcb->Data, 1, 0);
        if (Frame == NULL)
        {
            InterlockedIncrement64(&Adapter->Stats.ifOutErrors);
            NdisFreeToNPagedLookasideList(&Adapter->TcbLookaside, Tcb);
            Status = NDIS_STATUS_FAILURE;
            continue;
        }
        if (Frame != Tcb->Data)
        {
            NdisMoveMemory(Tcb->Data, Frame, Length);
        }

        MPForwardFrame(Adapter, Tcb);
        MPCountTransmit(Adapter, Tcb->Data, Length);

        Tcb->Signature = 0;
        NdisFreeToNPagedLookasideList(&Adapter->TcbLookaside, Tcb);
    }

    return Status;
}

_Use_decl_annotations_
VOID
MPSendDpc(
    PKDPC   Dpc,
    PVOID   DeferredContext,
    PVOID   SystemArgument1,
    PVOID   SystemArgument2
    )
/*++
    Drains up to MP_SEND_DPC_BATCH NBLs from the send wait list and requeues
    itself when more are waiting.
--*/
{
    PMP_ADAPTER         Adapter = (PMP_ADAPTER)DeferredContext;
    LIST_ENTRY          Batch;
    PNET_BUFFER_LIST    CompleteHead = NULL;
    PNET_BUFFER_LIST   *CompleteTail = &CompleteHead;
    ULONG               Count = 0;
    BOOLEAN             More;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    NT_ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);
    ASSERT(Adapter->Signature == MP_ADAPTER_SIGNATURE);

    InitializeListHead(&Batch);

    NdisDprAcquireSpinLock(&Adapter->SendQueueLock);
    while (Count < MP_SEND_DPC_BATCH && !IsListEmpty(&Adapter->SendWaitList))
    {
        PLIST_ENTRY Entry = RemoveHeadList(&Adapter->SendWaitList);
        InsertTailList(&Batch, Entry);
        Adapter->SendWaitCount--;
        Count++;
    }
    More = (BOOLEAN)!IsListEmpty(&Adapter->SendWaitList);
    if (More)
    {
        KeQueryTickCount(&Adapter->SendHeadQueuedTick);
    }
    NdisDprReleaseSpinLock(&Adapter->SendQueueLock);

    while (!IsListEmpty(&Batch))
    {
        PNET_BUFFER_LIST Nbl = MP_NBL_FROM_LINK(RemoveHeadList(&Batch));

        NET_BUFFER_LIST_STATUS(Nbl) = MPTransmitNetBufferList(Adapter, Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        *CompleteTail = Nbl;
        CompleteTail = &NET_BUFFER_LIST_NEXT_NBL(Nbl);
    }

    MPCompleteNblChain(Adapter, CompleteHead, Count, TRUE);

    if (More)
    {
        KeInsertQueueDpc(&Adapter->SendDpc, NULL, NULL);
    }
}

_Use_decl_annotations_
VOID
MPSendNetBufferLists(
    NDIS_HANDLE         MiniportAdapterContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PMP_ADAPTER         Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    BOOLEAN             AtDispatch = (BOOLEAN)NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    LOCK_STATE_EX       LockState;
    PNET_BUFFER_LIST    Nbl, NextNbl;
    PNET_BUFFER_LIST    FailHead = NULL;
    NDIS_STATUS         FailStatus;
    ULONG               Queued = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    NdisAcquireRWLockRead(Adapter->StateLock, &LockState, AtDispatch ? NDIS_RWL_AT_DISPATCH_LEVEL : 0);

    if (!MPIsAdapterRunning(Adapter))
    {
        FailStatus = MPSendFailureStatus(Adapter);
        NdisReleaseRWLock(Adapter->StateLock, &LockState);

        for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
        {
            NET_BUFFER_LIST_STATUS(Nbl) = FailStatus;
            InterlockedIncrement64(&Adapter->Stats.ifOutDiscards);
        }
        DEBUGP(MP_TRACE, "%s: send rejected 0x%08x\n", Adapter->Name, FailStatus);
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists,
                                        AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
        return;
    }

    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NextNbl)
    {
        NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q;

        NextNbl = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;

        //
        // A tagged frame for another VLAN never leaves a VLAN-bound adapter.
        //
        Ieee8021q.Value = NET_BUFFER_LIST_INFO(Nbl, Ieee8021QNetBufferListInfo);
        if (Adapter->VlanId != 0 &&
            Ieee8021q.TagHeader.VlanId != 0 &&
            Ieee8021q.TagHeader.VlanId != Adapter->VlanId)
        {
            NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_INVALID_PACKET;
            InterlockedIncrement64(&Adapter->Stats.ifOutErrors);
            NET_BUFFER_LIST_NEXT_NBL(Nbl) = FailHead;
            FailHead = Nbl;
            continue;
        }

        //
        // An untagged frame on a VLAN-bound adapter carries the adapter's
        // VLAN on the wire.
        //
        if (Adapter->VlanId != 0 && Ieee8021q.TagHeader.VlanId == 0)
        {
            Ieee8021q.TagHeader.VlanId = Adapter->VlanId;
            NET_BUFFER_LIST_INFO(Nbl, Ieee8021QNetBufferListInfo) = Ieee8021q.Value;
        }

        NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
        MPAdapterReference(Adapter);

        NdisDprAcquireSpinLock(&Adapter->SendQueueLock);
        if (IsListEmpty(&Adapter->SendWaitList))
        {
            KeQueryTickCount(&Adapter->SendHeadQueuedTick);
        }
        InsertTailList(&Adapter->SendWaitList, MP_NBL_LINK(Nbl));
        Adapter->SendWaitCount++;
        NdisDprReleaseSpinLock(&Adapter->SendQueueLock);

        Queued++;
    }

    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    if (Queued != 0)
    {
        KeInsertQueueDpc(&Adapter->SendDpc, NULL, NULL);
    }

    if (FailHead != NULL)
    {
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, FailHead,
                                        AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
    }
}

static
ULONG
MPRemoveQueuedSends(
    _In_ PMP_ADAPTER Adapter,
    _In_opt_ PVOID CancelId,
    _In_ BOOLEAN All,
    _In_ NDIS_STATUS Status,
    _Outptr_result_maybenull_ PNET_BUFFER_LIST *Chain
    )
/*++
    Takes the queued NBLs (all of them, or those whose cancel id is CancelId)
    off the send wait list and chains them with Status set.
--*/
{
    PLIST_ENTRY         Entry, Next;
    PNET_BUFFER_LIST    Head = NULL;
    ULONG               Count = 0;

    NdisAcquireSpinLock(&Adapter->SendQueueLock);

    for (Entry = Adapter->SendWaitList.Flink; Entry != &Adapter->SendWaitList; Entry = Next)
    {
        PNET_BUFFER_LIST Nbl = MP_NBL_FROM_LINK(Entry);

        Next = Entry->Flink;

        if (All || NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(Nbl) == CancelId)
        {
            RemoveEntryList(Entry);
            Adapter->SendWaitCount--;

            NET_BUFFER_LIST_STATUS(Nbl) = Status;
            NET_BUFFER_LIST_NEXT_NBL(Nbl) = Head;
            Head = Nbl;
            Count++;
        }
    }

    if (!IsListEmpty(&Adapter->SendWaitList))
    {
        KeQueryTickCount(&Adapter->SendHeadQueuedTick);
    }

    NdisReleaseSpinLock(&Adapter->SendQueueLock);

    InterlockedAdd(&Adapter->Stats.TxAborted, (LONG)Count);
    MPAddCounter(&Adapter->Stats.ifOutDiscards, Count);

    *Chain = Head;
    return Count;
}

_Use_decl_annotations_
VOID
MPCancelSend(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       CancelId
    )
{
    PMP_ADAPTER         Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    Chain;
    ULONG               Count;

    Count = MPRemoveQueuedSends(Adapter, CancelId, FALSE, NDIS_STATUS_SEND_ABORTED, &Chain);

    DEBUGP(MP_INFO, "%s: cancel id %p: %u NBL(s) aborted\n", Adapter->Name, CancelId, Count);

    MPCompleteNblChain(Adapter, Chain, Count, FALSE);
}

VOID
MPFlushSendQueue(
    _In_ PMP_ADAPTER Adapter,
    _In_ NDIS_STATUS CompletionStatus
    )
{
    PNET_BUFFER_LIST    Chain;
    ULONG               Count;

    Count = MPRemoveQueuedSends(Adapter, NULL, TRUE, CompletionStatus, &Chain);
    if (Count != 0)
    {
        DEBUGP(MP_INFO, "%s: flushed %u queued send(s) with 0x%08x\n",
               Adapter->Name, Count, CompletionStatus);
    }

    MPCompleteNblChain(Adapter, Chain, Count, FALSE);
}
