/*++

Module Name:

    interrupt.c

Abstract:

    Line-based interrupt of socenet: the ISR latches and masks the causes,
    the NDIS 6.20+ MiniportInterruptDPC reclaims transmits, indicates
    receives within the receive throttle NDIS passes, queues the link DPC
    on a link change, and unmasks the interrupt when no work is left.

--*/

#include "socenet.h"

_Use_decl_annotations_
BOOLEAN
SocInterrupt(
    NDIS_HANDLE MiniportInterruptContext,
    PBOOLEAN    QueueDefaultInterruptDpc,
    PULONG      TargetProcessors
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportInterruptContext;
    ULONG        Causes;

    *TargetProcessors = 0;

    Causes = SocReadRegister(Adapter, SOC_REG_INT_STATUS) & Adapter->InterruptMask;
    if (Causes == 0 || Causes == 0xFFFFFFFF)
    {
        //
        // Not ours (shared line), or the device is gone.
        //
        *QueueDefaultInterruptDpc = FALSE;
        return FALSE;
    }

    SocWriteRegister(Adapter, SOC_REG_INT_MASK, 0);
    SocWriteRegister(Adapter, SOC_REG_INT_STATUS, Causes);
    InterlockedOr(&Adapter->PendingInterrupts, (LONG)Causes);

    *QueueDefaultInterruptDpc = TRUE;
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
SocSyncEnableInterrupt(
    NDIS_HANDLE SynchronizeContext
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)SynchronizeContext;

    SocWriteRegister(Adapter, SOC_REG_INT_MASK, Adapter->InterruptMask);
    return TRUE;
}

_Use_decl_annotations_
VOID
SocInterruptDpc(
    NDIS_HANDLE MiniportInterruptContext,
    PVOID       MiniportDpcContext,
    PVOID       ReceiveThrottleParameters,
    PVOID       NdisReserved2
    )
{
    PSOC_ADAPTER                        Adapter = (PSOC_ADAPTER)MiniportInterruptContext;
    PNDIS_RECEIVE_THROTTLE_PARAMETERS   Throttle = (PNDIS_RECEIVE_THROTTLE_PARAMETERS)ReceiveThrottleParameters;
    ULONG                               MaxNbls = NDIS_INDICATE_ALL_NBLS;
    LONG                                Causes;
    BOOLEAN                             MoreReceives;

    UNREFERENCED_PARAMETER(MiniportDpcContext);
    UNREFERENCED_PARAMETER(NdisReserved2);

    if (Throttle != NULL)
    {
        MaxNbls = Throttle->MaxNblsToIndicate;
    }

    Causes = InterlockedExchange(&Adapter->PendingInterrupts, 0);

    if (Causes & SOC_INT_DMA_ERROR)
    {
        DEBUGP(SOC_ERROR, "DMA error reported by the MAC (status 0x%08x)\n",
               SocReadRegister(Adapter, SOC_REG_STATUS));
        NdisWriteErrorLogEntry(Adapter->AdapterHandle, NDIS_ERROR_CODE_HARDWARE_FAILURE, 1, (ULONG)Causes);
    }

    if (Causes & SOC_INT_TX_DONE)
    {
        SocCompleteTransmits(Adapter);
    }

    //
    // Receives are checked on every DPC, not just on RX_DONE: a throttled
    // DPC left frames behind.
    //
    MoreReceives = SocIndicateReceives(Adapter, MaxNbls);

    if (Causes & SOC_INT_LINK_CHANGE)
    {
        KeInsertQueueDpc(&Adapter->LinkDpc, NULL, NULL);
    }

    if (MoreReceives && Throttle != NULL)
    {
        //
        // NDIS calls the DPC again; the interrupt stays masked.
        //
        Throttle->MoreNblsPending = TRUE;
        return;
    }

    if (Throttle != NULL)
    {
        Throttle->MoreNblsPending = FALSE;
    }

    NdisMSynchronizeWithInterruptEx(Adapter->InterruptHandle, 0, SocSyncEnableInterrupt, Adapter);
}

_Use_decl_annotations_
VOID
SocEnableInterrupt(
    NDIS_HANDLE MiniportInterruptContext
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportInterruptContext;

    SocWriteRegister(Adapter, SOC_REG_INT_MASK, Adapter->InterruptMask);
}

_Use_decl_annotations_
VOID
SocDisableInterrupt(
    NDIS_HANDLE MiniportInterruptContext
    )
{
    PSOC_ADAPTER Adapter = (PSOC_ADAPTER)MiniportInterruptContext;

    SocWriteRegister(Adapter, SOC_REG_INT_MASK, 0);
}
