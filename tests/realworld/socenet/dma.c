/*++

Module Name:

    dma.c

Abstract:

    DMA resources of socenet: the scatter/gather DMA channel, descriptor
    rings, receive buffers and transmit copy buffers in shared memory, the
    per-TCB scatter/gather list storage, and the physically contiguous
    block the MAC dumps its hardware counters into.

--*/

#include "socenet.h"

#pragma alloc_text(PAGE, SocAllocateDmaResources)
#pragma alloc_text(PAGE, SocFreeDmaResources)

static
NDIS_STATUS
SocRegisterScatterGather(
    _In_ PSOC_ADAPTER Adapter
    )
{
    NDIS_SG_DMA_DESCRIPTION DmaDescription;
    NDIS_STATUS             Status;

    NdisZeroMemory(&DmaDescription, sizeof(DmaDescription));
    DmaDescription.Header.Type      = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
    DmaDescription.Header.Revision  = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
    DmaDescription.Header.Size      = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
    DmaDescription.Flags            = NDIS_SG_DMA_64_BIT_ADDRESS;
    DmaDescription.MaximumPhysicalMapping = Adapter->MaxFrameSize;
    DmaDescription.ProcessSGListHandler = SocProcessSGList;
    DmaDescription.SharedMemAllocateCompleteHandler = NULL;

    Status = NdisMRegisterScatterGatherDma(Adapter->AdapterHandle,
                                           &DmaDescription,
                                           &Adapter->DmaHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->DmaHandle = NULL;
        DEBUGP(SOC_ERROR, "NdisMRegisterScatterGatherDma failed 0x%08x\n", Status);
        return Status;
    }

    Adapter->ScatterGatherListSize = DmaDescription.ScatterGatherListSize;
    DEBUGP(SOC_INFO, "SG DMA registered, list size %u\n", Adapter->ScatterGatherListSize);
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
SocAllocateSharedBlock(
    _In_ PSOC_ADAPTER Adapter,
    _In_ ULONG Length,
    _Out_ PVOID *VirtualAddress,
    _Out_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress
    )
{
    NdisMAllocateSharedMemory(Adapter->AdapterHandle, Length, TRUE, VirtualAddress, PhysicalAddress);
    if (*VirtualAddress == NULL)
    {
        //
        // Static Driver Verifier rule WriteErrorLog: log a failed shared
        // memory allocation during initialization.
        //
        NdisWriteErrorLogEntry(Adapter->AdapterHandle, NDIS_ERROR_CODE_OUT_OF_RESOURCES, 1, Length);
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(*VirtualAddress, Length);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
SocAllocateDmaResources(
    PSOC_ADAPTER Adapter
    )
{
    NDIS_STATUS         Status;
    NTSTATUS            NtStatus;
    ULONG               i;
    SIZE_T              Bytes;
    PHYSICAL_ADDRESS    Lowest, Highest, Boundary;
    PSOC_TCB            Tcb;

    PAGED_CODE();

    //
    // 1. The DMA channel, before any shared memory.
    //
    Status = SocRegisterScatterGather(Adapter);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    //
    // 2. Descriptor rings.
    //
    NtStatus = RtlSizeTMult(SOC_TX_RING_SIZE, sizeof(SOC_TX_DESC), &Bytes);
    if (!NT_SUCCESS(NtStatus))
    {
        return NDIS_STATUS_FAILURE;
    }
    Adapter->TxRingLength = (ULONG)Bytes;
    Status = SocAllocateSharedBlock(Adapter, Adapter->TxRingLength,
                                    (PVOID *)&Adapter->TxRing, &Adapter->TxRingPhysical);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->TxRingLength = 0;
        return Status;
    }

    NtStatus = RtlSizeTMult(SOC_RX_RING_SIZE, sizeof(SOC_RX_DESC), &Bytes);
    if (!NT_SUCCESS(NtStatus))
    {
        return NDIS_STATUS_FAILURE;
    }
    Adapter->RxRingLength = (ULONG)Bytes;
    Status = SocAllocateSharedBlock(Adapter, Adapter->RxRingLength,
                                    (PVOID *)&Adapter->RxRing, &Adapter->RxRingPhysical);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->RxRingLength = 0;
        return Status;
    }

    //
    // 3. Transmit copy buffers: one SOC_COPY_THRESHOLD slot per TCB.
    //
    Adapter->TxCopyLength = SOC_TCB_COUNT * SOC_COPY_THRESHOLD;
    Status = SocAllocateSharedBlock(Adapter, Adapter->TxCopyLength,
                                    (PVOID *)&Adapter->TxCopyBuffers, &Adapter->TxCopyPhysical);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Adapter->TxCopyLength = 0;
        return Status;
    }

    //
    // 4. Receive buffers, one shared block each.
    //
    for (i = 0; i < SOC_RX_RING_SIZE; i++)
    {
        PSOC_RX_BUFFER Buffer = &Adapter->RxBuffers[i];

        Buffer->Index = i;
        Status = SocAllocateSharedBlock(Adapter, SOC_RX_BUFFER_SIZE,
                                        &Buffer->VirtualAddress, &Buffer->PhysicalAddress);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            Buffer->VirtualAddress = NULL;
            return Status;
        }
    }

    //
    // 5. Scatter/gather list storage for each TCB.
    //
    for (i = 0; i < SOC_TCB_COUNT; i++)
    {
        Tcb = &Adapter->Tcbs[i];
        Tcb->SgListBuffer = NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle,
                                                              Adapter->ScatterGatherListSize,
                                                              SOC_TAG_SGLIST,
                                                              NormalPoolPriority);
        if (Tcb->SgListBuffer == NULL)
        {
            NdisWriteErrorLogEntry(Adapter->AdapterHandle, NDIS_ERROR_CODE_OUT_OF_RESOURCES, 1, 0x55);
            return NDIS_STATUS_RESOURCES;
        }
    }

    //
    // 6. The hardware counter block: the statistics DMA engine of this MAC
    //    only has 32 address bits and needs physically contiguous memory.
    //
    Lowest.QuadPart   = 0;
    Highest.QuadPart  = 0xFFFFFFFF;
    Boundary.QuadPart = 0;
    Adapter->HwStats = (PSOC_HW_STATS)MmAllocateContiguousMemorySpecifyCache(sizeof(SOC_HW_STATS),
                                                                             Lowest,
                                                                             Highest,
                                                                             Boundary,
                                                                             MmCached);
    if (Adapter->HwStats == NULL)
    {
        NdisWriteErrorLogEntry(Adapter->AdapterHandle, NDIS_ERROR_CODE_OUT_OF_RESOURCES, 1, 0x56);
        return NDIS_STATUS_RESOURCES;
    }
    RtlZeroMemory(Adapter->HwStats, sizeof(SOC_HW_STATS));
    Adapter->HwStatsPhysical = MmGetPhysicalAddress(Adapter->HwStats);
    if (Adapter->HwStatsPhysical.HighPart != 0)
    {
        //
        // The allocator promised memory below 4 GB.
        //
        KeBugCheckEx(SOC_BUGCHECK_CODE, 1, (ULONG_PTR)Adapter,
                     (ULONG_PTR)Adapter->HwStatsPhysical.QuadPart, 0);
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SocFreeDmaResources(
    PSOC_ADAPTER Adapter
    )
/*++
    Frees whatever SocAllocateDmaResources got, in reverse order, and
    deregisters the DMA channel last.
--*/
{
    ULONG i;

    PAGED_CODE();

    if (Adapter->HwStats != NULL)
    {
        MmFreeContiguousMemory(Adapter->HwStats);
        Adapter->HwStats = NULL;
    }

    for (i = 0; i < SOC_TCB_COUNT; i++)
    {
        if (Adapter->Tcbs[i].SgListBuffer != NULL)
        {
            NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter->Tcbs[i].SgListBuffer, SOC_TAG_SGLIST);
            Adapter->Tcbs[i].SgListBuffer = NULL;
        }
    }

    for (i = 0; i < SOC_RX_RING_SIZE; i++)
    {
        PSOC_RX_BUFFER Buffer = &Adapter->RxBuffers[i];

        if (Buffer->VirtualAddress != NULL)
        {
            NdisMFreeSharedMemory(Adapter->AdapterHandle, SOC_RX_BUFFER_SIZE, TRUE,
                                  Buffer->VirtualAddress, Buffer->PhysicalAddress);
            Buffer->VirtualAddress = NULL;
        }
    }

    if (Adapter->TxCopyBuffers != NULL)
    {
        NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->TxCopyLength, TRUE,
                              Adapter->TxCopyBuffers, Adapter->TxCopyPhysical);
        Adapter->TxCopyBuffers = NULL;
    }

    if (Adapter->RxRing != NULL)
    {
        NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->RxRingLength, TRUE,
                              Adapter->RxRing, Adapter->RxRingPhysical);
        Adapter->RxRing = NULL;
    }

    if (Adapter->TxRing != NULL)
    {
        NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->TxRingLength, TRUE,
                              Adapter->TxRing, Adapter->TxRingPhysical);
        Adapter->TxRing = NULL;
    }

    if (Adapter->DmaHandle != NULL)
    {
        NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
        Adapter->DmaHandle = NULL;
    }
}
