/*++

Module Name:

    txring.c

Abstract:

    The transmit descriptor ring of socenet: posting a frame's elements
    (MiniportProcessSGList for mapped frames, the copy buffer for small
    ones) and reclaiming what the device has sent.  TxLock, an in-stack
    queued spin lock, guards the ring.

--*/

#include "socenet.h"

BOOLEAN
SocPostDescriptors(
    _In_ PSOC_ADAPTER Adapter,
    _In_ PSOC_TCB Tcb,
    _In_reads_(ElementCount) const SCATTER_GATHER_ELEMENT *Elements,
    _In_ ULONG ElementCount,
    _In_ ULONG SkipBytes
    )
/*++
    Caller holds TxLock.  Writes one descriptor per remaining element
    (the first SkipBytes of the list are the CurrentMdlOffset), hands them
    to the device, rings the doorbell.
--*/
{
    ULONG i;
    ULONG Needed = 0;
    ULONG Skip = SkipBytes;
    ULONG Index;
    ULONG Last = 0;
    ULONG Remaining = Tcb->Length;

    for (i = 0; i < ElementCount && Remaining != 0; i++)
    {
        if (Skip >= Elements[i].Length)
        {
            Skip -= Elements[i].Length;
            continue;
        }
        Needed++;
        if (Elements[i].Length - Skip >= Remaining)
        {
            break;
        }
        Remaining -= Elements[i].Length - Skip;
        Skip = 0;
    }

    if (Needed == 0 || Needed > SOC_MAX_TX_FRAGMENTS || Needed > Adapter->TxFreeDescriptors)
    {
        return FALSE;
    }

    Tcb->FirstDescriptor = Adapter->TxNextToUse;
    Tcb->DescriptorCount = Needed;

    Skip = SkipBytes;
    Remaining = Tcb->Length;
    Index = Adapter->TxNextToUse;

    for (i = 0; i < ElementCount && Remaining != 0; i++)
    {
        PSOC_TX_DESC Descriptor;
        ULONG        Length;

        if (Skip >= Elements[i].Length)
        {
            Skip -= Elements[i].Length;
            continue;
        }

        Length = Elements[i].Length - Skip;
        if (Length > Remaining)
        {
            Length = Remaining;
        }

        Descriptor = &Adapter->TxRing[Index];
        Descriptor->BufferAddress = (ULONG64)Elements[i].Address.QuadPart + Skip;
        Descriptor->Length = (USHORT)Length;
        Descriptor->VlanTag = Tcb->VlanTag;
        Descriptor->Flags = (Index == Tcb->FirstDescriptor) ? SOC_TXD_SOP : 0;
        if (Tcb->VlanTag != 0)
        {
            Descriptor->Flags |= SOC_TXD_INSERT_VLAN;
        }

        Adapter->TxDescriptorOwner[Index] = NULL;
        Remaining -= Length;
        Skip = 0;
        Last = Index;
        Index = SocRingNext(Index, SOC_TX_RING_SIZE);
    }

    Adapter->TxRing[Last].Flags |= SOC_TXD_EOP | SOC_TXD_INTERRUPT;
    Adapter->TxDescriptorOwner[Last] = Tcb;

    //
    // Ownership goes to the device last-to-first so it never sees a
    // partial chain.
    //
    Index = Last;
    for (i = 0; i < Needed; i++)
    {
        KeMemoryBarrier();
        Adapter->TxRing[Index].Flags |= SOC_DESC_OWN;
        Index = (Index + SOC_TX_RING_SIZE - 1) & (SOC_TX_RING_SIZE - 1);
    }

    Adapter->TxNextToUse = SocRingNext(Last, SOC_TX_RING_SIZE);
    Adapter->TxFreeDescriptors -= Needed;

    KeMemoryBarrier();
    SocWriteRegister(Adapter, SOC_REG_TX_TAIL, Adapter->TxNextToUse);
    return TRUE;
}

_Use_decl_annotations_
VOID
SocProcessSGList(
    PDEVICE_OBJECT          pDO,
    PVOID                   Reserved,
    PSCATTER_GATHER_LIST    pSGL,
    PVOID                   Context
    )
/*++
    HAL built the list (DISPATCH_LEVEL), possibly before
    NdisMAllocateNetBufferSGList returned to us.
--*/
{
    PSOC_TCB            Tcb = (PSOC_TCB)Context;
    PSOC_ADAPTER        Adapter = Tcb->Adapter;
    KLOCK_QUEUE_HANDLE  LockHandle;
    BOOLEAN             Posted;

    UNREFERENCED_PARAMETER(pDO);
    UNREFERENCED_PARAMETER(Reserved);

    Tcb->Sgl = pSGL;

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
    Posted = SocPostDescriptors(Adapter, Tcb, pSGL->Elements, pSGL->NumberOfElements,
                                NET_BUFFER_CURRENT_MDL_OFFSET(Tcb->Nb));
    if (!Posted)
    {
        //
        // Too fragmented for the ring: give the list back and fail the
        // NET_BUFFER.
        //
        NdisMFreeNetBufferSGList(Adapter->DmaHandle, pSGL, Tcb->Nb);
        InterlockedIncrement64(&Adapter->Counters.TxErrors);
        SocFinishNetBuffer(Adapter, Tcb, NDIS_STATUS_RESOURCES);
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);

    if (!Posted)
    {
        SocFlushCompletions(Adapter, TRUE);
    }
}

VOID
SocCompleteTransmits(
    _In_ PSOC_ADAPTER Adapter
    )
/*++
    From the interrupt DPC: reclaim descriptors the device is done with,
    free their SG lists, complete NBLs, then start waiting sends.
--*/
{
    KLOCK_QUEUE_HANDLE  LockHandle;
    ULONG               Head;
    PSOC_TCB            Tcb;
    PSOC_TCB            Done[SOC_TCB_COUNT];
    ULONG               DoneCount = 0;
    ULONG               i;

    Head = SocReadRegister(Adapter, SOC_REG_TX_HEAD) & (SOC_TX_RING_SIZE - 1);

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
    while (Adapter->TxNextToClean != Head && DoneCount < SOC_TCB_COUNT)
    {
        ULONG Index = Adapter->TxNextToClean;

        if (Adapter->TxRing[Index].Flags & SOC_DESC_OWN)
        {
            break;
        }

        Tcb = Adapter->TxDescriptorOwner[Index];
        if (Tcb != NULL)
        {
            Adapter->TxDescriptorOwner[Index] = NULL;
            Done[DoneCount++] = Tcb;
        }
        else if (Adapter->TxRing[Index].Flags & SOC_TXD_EOP)
        {
            //
            // Every EOP descriptor was written with its owner.
            //
            KeBugCheckEx(SOC_BUGCHECK_CODE, 3, (ULONG_PTR)Adapter, Index, Adapter->TxRing[Index].Flags);
        }

        Adapter->TxRing[Index].Flags = 0;
        Adapter->TxFreeDescriptors++;
        Adapter->TxNextToClean = SocRingNext(Index, SOC_TX_RING_SIZE);
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);

    //
    // SG lists are freed without the lock, then the TCBs returned.
    //
    for (i = 0; i < DoneCount; i++)
    {
        if (!Done[i]->Copied && Done[i]->Sgl != NULL)
        {
            NdisMFreeNetBufferSGList(Adapter->DmaHandle, Done[i]->Sgl, Done[i]->Nb);
        }
    }

    KeAcquireInStackQueuedSpinLockAtDpcLevel(&Adapter->TxLock, &LockHandle);
    for (i = 0; i < DoneCount; i++)
    {
        SocFinishNetBuffer(Adapter, Done[i], NDIS_STATUS_SUCCESS);
    }
    KeReleaseInStackQueuedSpinLockFromDpcLevel(&LockHandle);

    SocFlushCompletions(Adapter, TRUE);
    SocProcessSendQueue(Adapter);
}

