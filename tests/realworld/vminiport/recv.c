/*++

Module Name:

    recv.c

Abstract:

    Receive path of VMINIPORT.

    A frame forwarded by another adapter is copied into a receive control
    block (RCB, from an Ex lookaside list with our own allocate/free
    routines) and queued on the destination's receive wait list.  The
    receive KTIMER, armed on the first queued frame, stands in for the
    receive interrupt: its DPC wraps the RCBs in NBLs and indicates them.

--*/

#include "vminiport.h"

//
// Custom lookaside allocator: every RCB that comes out of pool is zeroed
// and stamped, and the driver keeps a count of RCBs not yet returned to pool
// (checked at unload).
//
static
PVOID
MPRcbAllocate(
    _In_ POOL_TYPE  PoolType,
    _In_ SIZE_T     NumberOfBytes,
    _In_ ULONG      Tag
    )
{
    PRCB Rcb;

    ASSERT(NumberOfBytes >= sizeof(RCB));

    Rcb = (PRCB)ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
    if (Rcb != NULL)
    {
        RtlZeroMemory(Rcb, NumberOfBytes);
        Rcb->Signature = MP_RCB_SIGNATURE;
        InitializeListHead(&Rcb->Link);
        InterlockedIncrement(&GlobalData.RcbAllocations);
    }
    return Rcb;
}

static
VOID
MPRcbFree(
    _In_ PVOID Buffer
    )
{
    PRCB Rcb = (PRCB)Buffer;

    ASSERT(Rcb->Signature == MP_RCB_SIGNATURE);
    Rcb->Signature = 0;
    InterlockedDecrement(&GlobalData.RcbAllocations);
    ExFreePoolWithTag(Buffer, VM_TAG_RCB);
}

NDIS_STATUS
MPInitializeRecvPath(
    _In_ PMP_ADAPTER Adapter
    )
{
    NET_BUFFER_LIST_POOL_PARAMETERS PoolParameters;
    SIZE_T                          ListBytes;
    NTSTATUS                        NtStatus;

    //
    // Multicast list storage.
    //
    NtStatus = RtlSizeTMult(NIC_MAX_MCAST_LIST, ETH_LENGTH_OF_ADDRESS, &ListBytes);
    if (!NT_SUCCESS(NtStatus))
    {
        return NDIS_STATUS_FAILURE;
    }

    Adapter->MulticastList = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, ListBytes, VM_TAG_MCAST);
    if (Adapter->MulticastList == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->MulticastCount = 0;
    Adapter->MulticastHash = 0;

    NdisZeroMemory(&PoolParameters, sizeof(PoolParameters));
    PoolParameters.Header.Type          = NDIS_OBJECT_TYPE_DEFAULT;
    PoolParameters.Header.Revision      = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.Header.Size          = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.ProtocolId           = NDIS_PROTOCOL_ID_DEFAULT;
    PoolParameters.ContextSize          = 0;
    PoolParameters.fAllocateNetBuffer   = TRUE;
    PoolParameters.PoolTag              = VM_TAG_NBL_POOL;
    PoolParameters.DataSize             = 0;

    Adapter->RecvNblPool = NdisAllocateNetBufferListPool(Adapter->AdapterHandle, &PoolParameters);
    if (Adapter->RecvNblPool == NULL)
    {
        DEBUGP(MP_ERROR, "%s: NdisAllocateNetBufferListPool failed\n", Adapter->Name);
        return NDIS_STATUS_RESOURCES;
    }

    //
    // Ex form with our allocator; no-execute pool (Windows 8+).
    //
    ExInitializeNPagedLookasideList(&Adapter->RcbLookaside,
                                    MPRcbAllocate,
                                    MPRcbFree,
                                    POOL_NX_ALLOCATION,
                                    sizeof(RCB),
                                    VM_TAG_RCB,
                                    0);
    Adapter->RcbLookasideInitialized = TRUE;

    KeInitializeDpc(&Adapter->RecvDpc, MPRecvDpc, Adapter);
    KeSetImportanceDpc(&Adapter->RecvDpc, MediumHighImportance);
    KeInitializeTimerEx(&Adapter->RecvTimer, NotificationTimer);

    return NDIS_STATUS_SUCCESS;
}

VOID
MPFreeRecvPath(
    _In_ PMP_ADAPTER Adapter
    )
{
    if (Adapter->RcbLookasideInitialized)
    {
        ExDeleteNPagedLookasideList(&Adapter->RcbLookaside);
        Adapter->RcbLookasideInitialized = FALSE;
    }

    if (Adapter->RecvNblPool != NULL)
    {
        NdisFreeNetBufferListPool(Adapter->RecvNblPool);
        Adapter->RecvNblPool = NULL;
    }

    if (Adapter->MulticastList != NULL)
    {
        ExFreePoolWithTag(Adapter->MulticastList, VM_TAG_MCAST);
        Adapter->MulticastList = NULL;
    }
}

static
VOID
MPReleaseRcb(
    _In_ PMP_ADAPTER Adapter,
    _In_ PRCB Rcb
    )
{
    if (Rcb->Nbl != NULL)
    {
        NdisFreeNetBufferList(Rcb->Nbl);
        Rcb->Nbl = NULL;
    }
    if (Rcb->Mdl != NULL)
    {
        NdisFreeMdl(Rcb->Mdl);
        Rcb->Mdl = NULL;
    }
    ExFreeToNPagedLookasideList(&Adapter->RcbLookaside, Rcb);
}

_Use_decl_annotations_
BOOLEAN
MPDeliverFrame(
    PMP_ADAPTER     Destination,
    const UCHAR    *Frame,
    ULONG           Length,
    NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q
    )
/*++

Routine Description:

    Called by another adapter's send DPC: queue a copy of Frame on
    Destination's receive wait list if its filter accepts it.

    The copy is queued under Destination->StateLock (read) so that a pause,
    which takes the lock for write before it flushes the queue, never
    leaves a frame behind.

Return Value:

    TRUE if the frame was queued.

--*/
{
    LOCK_STATE_EX   LockState;
    PRCB            Rcb = NULL;
    BOOLEAN         Queued = FALSE;
    LARGE_INTEGER   DueTime;

    NdisAcquireRWLockRead(Destination->StateLock, &LockState, NDIS_RWL_AT_DISPATCH_LEVEL);

    do
    {
        if (!MPIsAdapterRunning(Destination) || !MPIsFrameAccepted(Destination, Frame))
        {
            break;
        }

        if (Destination->VlanId != 0 &&
            Ieee8021q.TagHeader.VlanId != 0 &&
            Ieee8021q.TagHeader.VlanId != Destination->VlanId)
        {
            break;
        }

        Rcb = (PRCB)ExAllocateFromNPagedLookasideList(&Destination->RcbLookaside);
        if (Rcb == NULL)
        {
            InterlockedIncrement(&Destination->Stats.RxNoResources);
            InterlockedIncrement64(&Destination->Stats.ifInDiscards);
            break;
        }

        ASSERT(Rcb->Signature == MP_RCB_SIGNATURE);
        Rcb->Adapter    = Destination;
        Rcb->DataLength = Length;
        Rcb->Ieee8021q  = Ieee8021q;
        Rcb->Mdl        = NULL;
        Rcb->Nbl        = NULL;
        NdisMoveMemory(Rcb->Data, Frame, Length);

        NdisDprAcquireSpinLock(&Destination->RecvQueueLock);
        if (Destination->RecvWaitCount < NIC_MAX_RECV_QUEUE)
        {
            InsertTailList(&Destination->RecvWaitList, &Rcb->Link);
            Destination->RecvWaitCount++;
            Queued = TRUE;
        }
        NdisDprReleaseSpinLock(&Destination->RecvQueueLock);

        if (!Queued)
        {
            InterlockedIncrement(&Destination->Stats.RxNoResources);
            InterlockedIncrement64(&Destination->Stats.ifInDiscards);
            ExFreeToNPagedLookasideList(&Destination->RcbLookaside, Rcb);
            break;
        }

        //
        // The receive "interrupt": one timer shot per batch.
        //
        if (InterlockedExchange(&Destination->RecvTimerArmed, 1) == 0)
        {
            DueTime.QuadPart = MP_RECV_TIMER_DUE_100NS;
            KeSetTimer(&Destination->RecvTimer, DueTime, &Destination->RecvDpc);
        }

    } while (FALSE);

    NdisReleaseRWLock(Destination->StateLock, &LockState);

    return Queued;
}

static
BOOLEAN
MPWrapRcb(
    _In_ PMP_ADAPTER Adapter,
    _In_ PRCB Rcb
    )
/*++
    Builds the MDL and NBL NDIS sees for one received frame.
--*/
{
    Rcb->Mdl = NdisAllocateMdl(Adapter->AdapterHandle, Rcb->Data, Rcb->DataLength);
    if (Rcb->Mdl == NULL)
    {
        return FALSE;
    }

    Rcb->Nbl = NdisAllocateNetBufferAndNetBufferList(Adapter->RecvNblPool, 0, 0,
                                                     Rcb->Mdl, 0, Rcb->DataLength);
    if (Rcb->Nbl == NULL)
    {
        NdisFreeMdl(Rcb->Mdl);
        Rcb->Mdl = NULL;
        return FALSE;
    }

    Rcb->Nbl->SourceHandle = Adapter->AdapterHandle;
    NET_BUFFER_LIST_MINIPORT_RESERVED(Rcb->Nbl)[0] = Rcb;

    //
    // The "hardware" strips the 802.1Q tag and reports it out of band.
    //
    NET_BUFFER_LIST_INFO(Rcb->Nbl, Ieee8021QNetBufferListInfo) = Rcb->Ieee8021q.Value;

    return TRUE;
}

static
VOID
MPCountReceive(
    _In_ PMP_ADAPTER Adapter,
    _In_ PRCB Rcb
    )
{
    PMP_STATISTICS Stats = &Adapter->Stats;

    if (ETH_IS_BROADCAST(Rcb->Data))
    {
        InterlockedIncrement64(&Stats->ifHCInBroadcastPkts);
        MPAddCounter(&Stats->ifHCInBroadcastOctets, Rcb->DataLength);
    }
    else if (ETH_IS_MULTICAST(Rcb->Data))
    {
        InterlockedIncrement64(&Stats->ifHCInMulticastPkts);
        MPAddCounter(&Stats->ifHCInMulticastOctets, Rcb->DataLength);
    }
    else
    {
        InterlockedIncrement64(&Stats->ifHCInUcastPkts);
        MPAddCounter(&Stats->ifHCInUcastOctets, Rcb->DataLength);
    }
    MPAddCounter(&Stats->ifHCInOctets, Rcb->DataLength);
}

_Use_decl_annotations_
VOID
MPRecvDpc(
    PKDPC   Dpc,
    PVOID   DeferredContext,
    PVOID   SystemArgument1,
    PVOID   SystemArgument2
    )
/*++
    Timer DPC: indicate up to NIC_RECV_INDICATE_BATCH queued frames.
--*/
{
    PMP_ADAPTER         Adapter = (PMP_ADAPTER)DeferredContext;
    LIST_ENTRY          Batch;
    PNET_BUFFER_LIST    Head = NULL;
    PNET_BUFFER_LIST   *Tail = &Head;
    ULONG               Count = 0;
    ULONG               Flags = NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL;
    BOOLEAN             More;
    LOCK_STATE_EX       LockState;
    LARGE_INTEGER       DueTime;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    NT_ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);

    InterlockedExchange(&Adapter->RecvTimerArmed, 0);
    InitializeListHead(&Batch);

    NdisDprAcquireSpinLock(&Adapter->RecvQueueLock);
    while (Count < NIC_RECV_INDICATE_BATCH && !IsListEmpty(&Adapter->RecvWaitList))
    {
        InsertTailList(&Batch, RemoveHeadList(&Adapter->RecvWaitList));
        Adapter->RecvWaitCount--;
        Count++;
    }
    More = (BOOLEAN)!IsListEmpty(&Adapter->RecvWaitList);
    NdisDprReleaseSpinLock(&Adapter->RecvQueueLock);

    //
    // Each indicated NBL holds an adapter reference until it comes back; a
    // paused adapter indicates nothing.
    //
    NdisAcquireRWLockRead(Adapter->StateLock, &LockState, NDIS_RWL_AT_DISPATCH_LEVEL);

    Count = 0;
    while (!IsListEmpty(&Batch))
    {
        PRCB Rcb = CONTAINING_RECORD(RemoveHeadList(&Batch), RCB, Link);

        if (Adapter->State != MpAdapterRunning || !MPWrapRcb(Adapter, Rcb))
        {
            InterlockedIncrement64(&Adapter->Stats.ifInDiscards);
            MPReleaseRcb(Adapter, Rcb);
            continue;
        }

        MPAdapterReference(Adapter);
        MPCountReceive(Adapter, Rcb);

        *Tail = Rcb->Nbl;
        Tail = &NET_BUFFER_LIST_NEXT_NBL(Rcb->Nbl);
        Count++;
    }

    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    if (Count != 0)
    {
        LONG Outstanding = InterlockedAdd(&Adapter->RecvIndicated, (LONG)Count);

        if (Outstanding > NIC_RECV_LOW_RESOURCES)
        {
            //
            // Too many frames upstream: NDIS must copy, and the NBLs are
            // ours again as soon as the call returns.
            //
            Flags |= NDIS_RECEIVE_FLAGS_RESOURCES;
            InterlockedIncrement(&Adapter->Stats.RxLowResources);
        }

        NdisMIndicateReceiveNetBufferLists(Adapter->AdapterHandle,
                                           Head,
                                           NDIS_DEFAULT_PORT_NUMBER,
                                           Count,
                                           Flags);

        if (Flags & NDIS_RECEIVE_FLAGS_RESOURCES)
        {
            MPReturnNetBufferLists(Adapter, Head, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
        }
    }

    if (More && InterlockedExchange(&Adapter->RecvTimerArmed, 1) == 0)
    {
        DueTime.QuadPart = MP_RECV_TIMER_DUE_100NS;
        KeSetTimer(&Adapter->RecvTimer, DueTime, &Adapter->RecvDpc);
    }
}

_Use_decl_annotations_
VOID
MPReturnNetBufferLists(
    NDIS_HANDLE         MiniportAdapterContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PMP_ADAPTER         Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    Nbl, NextNbl;

    UNREFERENCED_PARAMETER(ReturnFlags);

    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NextNbl)
    {
        PRCB Rcb = MP_RCB_FROM_NBL(Nbl);

        NextNbl = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;

        ASSERT(Rcb->Signature == MP_RCB_SIGNATURE);
        ASSERT(Rcb->Nbl == Nbl);

        MPReleaseRcb(Adapter, Rcb);
        InterlockedDecrement(&Adapter->RecvIndicated);
        MPAdapterRelease(Adapter);
    }
}

VOID
MPFlushRecvQueue(
    _In_ PMP_ADAPTER Adapter
    )
/*++
    Drops every frame queued and not yet indicated.
--*/
{
    LIST_ENTRY  Dropped;
    ULONG       Count = 0;

    KeCancelTimer(&Adapter->RecvTimer);
    InterlockedExchange(&Adapter->RecvTimerArmed, 0);

    InitializeListHead(&Dropped);

    NdisAcquireSpinLock(&Adapter->RecvQueueLock);
    while (!IsListEmpty(&Adapter->RecvWaitList))
    {
        InsertTailList(&Dropped, RemoveHeadList(&Adapter->RecvWaitList));
        Adapter->RecvWaitCount--;
    }
    NdisReleaseSpinLock(&Adapter->RecvQueueLock);

    while (!IsListEmpty(&Dropped))
    {
        PRCB Rcb = CONTAINING_RECORD(RemoveHeadList(&Dropped), RCB, Link);
        MPReleaseRcb(Adapter, Rcb);
        Count++;
    }

    MPAddCounter(&Adapter->Stats.ifInDiscards, Count);
}
