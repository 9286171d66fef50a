/*++

Module Name:

    control.c

Abstract:

    Adapter state changes of VMINIPORT: pause, restart, shutdown, PnP
    events, link state, hang detection and reset.

    Pause completes once every NBL the adapter owns has gone back to its
    owner: sends are completed, received NBLs returned.  The adapter keeps
    a reference count (Adapter->RefCount): one reference while running, one
    per send NBL it holds and one per receive NBL NDIS holds.

--*/

#include "vminiport.h"

#pragma NDIS_PAGEABLE_FUNCTION(MPPause)
#pragma NDIS_PAGEABLE_FUNCTION(MPRestart)
#pragma NDIS_PAGEABLE_FUNCTION(MPCheckForHangEx)

VOID
MPAdapterRelease(
    _In_ PMP_ADAPTER Adapter
    )
/*++
    Drops one reference.  The last one, while pausing, completes the pause
    that MPPause had to pend.
--*/
{
    LONG Refs = InterlockedDecrement(&Adapter->RefCount);

    ASSERT(Refs >= 0);

    if (Refs == 0)
    {
        ASSERT(Adapter->State == MpAdapterPausing);
        Adapter->State = MpAdapterPaused;
        DEBUGP(MP_INFO, "%s: pause completed\n", Adapter->Name);
        NdisMPauseComplete(Adapter->AdapterHandle);
    }
}

VOID
MPIndicateLinkState(
    _In_ PMP_ADAPTER Adapter,
    _In_ NDIS_MEDIA_CONNECT_STATE State
    )
{
    NDIS_LINK_STATE         LinkState;
    NDIS_STATUS_INDICATION  StatusIndication;

    NdisZeroMemory(&LinkState, sizeof(LinkState));
    LinkState.Header.Revision   = NDIS_LINK_STATE_REVISION_1;
    LinkState.Header.Type       = NDIS_OBJECT_TYPE_DEFAULT;
    LinkState.Header.Size       = NDIS_SIZEOF_LINK_STATE_REVISION_1;

    LinkState.MediaConnectState = State;
    if (State == MediaConnectStateConnected)
    {
        LinkState.MediaDuplexState  = MediaDuplexStateFull;
        LinkState.XmitLinkSpeed     = Adapter->LinkSpeed;
        LinkState.RcvLinkSpeed      = Adapter->LinkSpeed;
    }
    else
    {
        LinkState.MediaDuplexState  = MediaDuplexStateUnknown;
        LinkState.XmitLinkSpeed     = NDIS_LINK_SPEED_UNKNOWN;
        LinkState.RcvLinkSpeed      = NDIS_LINK_SPEED_UNKNOWN;
    }
    LinkState.PauseFunctions        = NdisPauseFunctionsUnsupported;
    LinkState.AutoNegotiationFlags  = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    NdisZeroMemory(&StatusIndication, sizeof(StatusIndication));
    StatusIndication.Header.Type        = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    StatusIndication.Header.Revision    = NDIS_STATUS_INDICATION_REVISION_1;
    StatusIndication.Header.Size        = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    StatusIndication.SourceHandle       = Adapter->AdapterHandle;
    StatusIndication.PortNumber         = NDIS_DEFAULT_PORT_NUMBER;
    StatusIndication.StatusCode         = NDIS_STATUS_LINK_STATE;
    StatusIndication.Flags              = 0;
    StatusIndication.DestinationHandle  = NULL;
    StatusIndication.RequestId          = 0;
    StatusIndication.StatusBuffer       = &LinkState;
    StatusIndication.StatusBufferSize   = sizeof(LinkState);

    Adapter->MediaState = State;

    DEBUGP(MP_INFO, "%s: link %s\n", Adapter->Name,
           State == MediaConnectStateConnected ? "up" : "down");

    NdisMIndicateStatusEx(Adapter->AdapterHandle, &StatusIndication);
}

_Use_decl_annotations_
VOID
MPLinkTimer(
    PVOID SystemSpecific1,
    PVOID FunctionContext,
    PVOID SystemSpecific2,
    PVOID SystemSpecific3
    )
/*++
    NDIS timer object routine (DISPATCH_LEVEL): the virtual cable is plugged
    in once the adapter has been restarted.
--*/
{
    PMP_ADAPTER Adapter = (PMP_ADAPTER)FunctionContext;

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    if (Adapter->State == MpAdapterRunning && Adapter->MediaState != MediaConnectStateConnected)
    {
        MPIndicateLinkState(Adapter, MediaConnectStateConnected);
    }
}

_Use_decl_annotations_
NDIS_STATUS
MPPause(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS     MiniportPauseParameters
    )
{
    PMP_ADAPTER     Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    LOCK_STATE_EX   LockState;
    LONG            Refs;

    UNREFERENCED_PARAMETER(MiniportPauseParameters);

    PAGED_CODE();

    DEBUGP(MP_TRACE, "[%p] ---> MPPause\n", Adapter);

    ASSERT(Adapter->State == MpAdapterRunning);

    //
    // No new sends from now on.
    //
    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    Adapter->State = MpAdapterPausing;
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    NdisCancelTimerObject(Adapter->LinkTimer);

    //
    // Sends still queued are completed with NDIS_STATUS_PAUSED; frames
    // received but not yet indicated are dropped.
    //
    MPFlushSendQueue(Adapter, NDIS_STATUS_PAUSED);
    KeCancelTimer(&Adapter->RecvTimer);
    MPFlushRecvQueue(Adapter);

    //
    // Drop the "running" reference.  Anything still out (a send DPC in
    // progress, receive NBLs with NDIS) completes the pause later.
    //
    Refs = InterlockedDecrement(&Adapter->RefCount);
    if (Refs == 0)
    {
        Adapter->State = MpAdapterPaused;
        DEBUGP(MP_TRACE, "[%p] <--- MPPause\n", Adapter);
        return NDIS_STATUS_SUCCESS;
    }

    DEBUGP(MP_INFO, "%s: pause pending, %d references outstanding\n", Adapter->Name, Refs);
    return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
NDIS_STATUS
MPRestart(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS   MiniportRestartParameters
    )
{
    PMP_ADAPTER                 Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    PNDIS_RESTART_ATTRIBUTES    Attributes;
    LOCK_STATE_EX               LockState;
    LARGE_INTEGER               DueTime;

    PAGED_CODE();

    DEBUGP(MP_TRACE, "[%p] ---> MPRestart\n", Adapter);

    //
    // Nothing in the restart attributes changes a virtual adapter; walk
    // them for the trace only.
    //
    for (Attributes = MiniportRestartParameters->RestartAttributes;
         Attributes != NULL;
         Attributes = Attributes->Next)
    {
        DEBUGP(MP_INFO, "%s: restart attribute oid 0x%08x, %u bytes\n",
               Adapter->Name, Attributes->Oid, Attributes->DataLength);
    }

    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    InterlockedExchange(&Adapter->RefCount, 1);
    Adapter->State = MpAdapterRunning;
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    DueTime.QuadPart = MP_LINK_TIMER_DUE_100NS;
    NdisSetTimerObject(Adapter->LinkTimer, DueTime, 0, NULL);

    DEBUGP(MP_TRACE, "[%p] <--- MPRestart\n", Adapter);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MPShutdownEx(
    NDIS_HANDLE             MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION    ShutdownAction
    )
/*++
    The system is going down.  No waiting, no freeing: just stop "hardware"
    activity.  May run at any IRQL for NdisShutdownBugCheck.
--*/
{
    PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

    DEBUGP(MP_TRACE, "[%p] ---> MPShutdownEx, action %d\n", Adapter, (int)ShutdownAction);

    MP_SET_FLAG(Adapter, fMP_SHUTDOWN);
    if (ShutdownAction == NdisShutdownPowerOff)
    {
        KeCancelTimer(&Adapter->RecvTimer);
    }
}

_Use_decl_annotations_
VOID
MPDevicePnPEventNotify(
    NDIS_HANDLE             MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT   NetDevicePnPEvent
    )
{
    PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

    switch (NetDevicePnPEvent->DevicePnPEvent)
    {
        case NdisDevicePnPEventSurpriseRemoved:
            DEBUGP(MP_WARNING, "%s: surprise removal\n", Adapter->Name);
            MP_SET_FLAG(Adapter, fMP_SURPRISE_REMOVED);
            break;

        case NdisDevicePnPEventPowerProfileChanged:
            if (NetDevicePnPEvent->InformationBufferLength == sizeof(ULONG))
            {
                ULONG Profile = *(PULONG)NetDevicePnPEvent->InformationBuffer;
                DEBUGP(MP_INFO, "%s: power profile %s\n", Adapter->Name,
                       Profile == NdisPowerProfileBattery ? "battery" : "AC");
            }
            break;

        default:
            DEBUGP(MP_INFO, "%s: PnP event %d\n", Adapter->Name,
                   (int)NetDevicePnPEvent->DevicePnPEvent);
            break;
    }
}

_Use_decl_annotations_
BOOLEAN
MPCheckForHangEx(
    NDIS_HANDLE MiniportAdapterContext
    )
/*++

Routine Description:

    Called by NDIS at PASSIVE_LEVEL every CheckForHangTimeInSeconds.  The
    adapter is hung when its worker thread stopped beating for two checks in
    a row, or when a send has waited in the queue longer than 2 seconds.

Return Value:

    TRUE asks NDIS to reset the adapter (MPResetEx).

--*/
{
    PMP_ADAPTER     Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    LONG            Heartbeat;
    LARGE_INTEGER   Now;
    ULONG64         WaitedMs = 0;
    BOOLEAN         Hung = FALSE;

    PAGED_CODE();

    if (MP_TEST_FLAG(Adapter, fMP_RESET_IN_PROGRESS | fMP_HALT_IN_PROGRESS))
    {
        return FALSE;
    }

    Heartbeat = Adapter->WorkerHeartbeat;
    if (Heartbeat == Adapter->LastSeenHeartbeat)
    {
        Adapter->MissedHeartbeats++;
    }
    else
    {
        Adapter->MissedHeartbeats = 0;
        Adapter->LastSeenHeartbeat = Heartbeat;
    }
    if (Adapter->MissedHeartbeats >= 2)
    {
        DEBUGP(MP_ERROR, "%s: worker thread stopped beating\n", Adapter->Name);
        Adapter->MissedHeartbeats = 0;
        Hung = TRUE;
    }

    NdisAcquireSpinLock(&Adapter->SendQueueLock);
    if (!IsListEmpty(&Adapter->SendWaitList))
    {
        KeQueryTickCount(&Now);
        WaitedMs = (ULONG64)(Now.QuadPart - Adapter->SendHeadQueuedTick.QuadPart) *
                   KeQueryTimeIncrement() / 10000;
    }
    NdisReleaseSpinLock(&Adapter->SendQueueLock);

    if (WaitedMs > NIC_SEND_HANG_TIMEOUT_MS)
    {
        DEBUGP(MP_ERROR, "%s: a send has waited %I64u ms\n", Adapter->Name, WaitedMs);
        Hung = TRUE;
    }

    return Hung;
}

_Use_decl_annotations_
NDIS_STATUS
MPResetEx(
    NDIS_HANDLE MiniportAdapterContext,
    PBOOLEAN    AddressingReset
    )
/*++

Routine Description:

    NDIS asks for a reset (after MPCheckForHangEx returned TRUE).  The reset
    itself runs in a work item at PASSIVE_LEVEL, which completes it with
    NdisMResetComplete.

Return Value:

    NDIS_STATUS_PENDING, or NDIS_STATUS_RESET_IN_PROGRESS if one is running.

--*/
{
    PMP_ADAPTER     Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    LOCK_STATE_EX   LockState;

    DEBUGP(MP_TRACE, "[%p] ---> MPResetEx\n", Adapter);

    //
    // The station address survives a reset; NDIS need not restore the
    // filter and multicast list either.
    //
    *AddressingReset = FALSE;

    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    if (MP_TEST_FLAG(Adapter, fMP_RESET_IN_PROGRESS))
    {
        NdisReleaseRWLock(Adapter->StateLock, &LockState);
        return NDIS_STATUS_RESET_IN_PROGRESS;
    }
    MP_SET_FLAG(Adapter, fMP_RESET_IN_PROGRESS);
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    InterlockedIncrement(&Adapter->Stats.Resets);

    NdisQueueIoWorkItem(Adapter->ResetWorkItem, MPResetWorkItem, Adapter);

    return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
VOID
MPResetWorkItem(
    PVOID       WorkItemContext,
    NDIS_HANDLE NdisIoWorkItemHandle
    )
/*++
    NDIS 6.30: every send the adapter holds must be completed before the
    reset completes.
--*/
{
    PMP_ADAPTER     Adapter = (PMP_ADAPTER)WorkItemContext;
    LOCK_STATE_EX   LockState;

    UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);

    DEBUGP(MP_INFO, "%s: resetting\n", Adapter->Name);

    MPFlushSendQueue(Adapter, NDIS_STATUS_RESET_IN_PROGRESS);

    //
    // Restart the worker's heartbeat accounting.
    //
    Adapter->MissedHeartbeats = 0;
    Adapter->LastSeenHeartbeat = Adapter->WorkerHeartbeat;
    MPKickWorker(Adapter);

    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    MP_CLEAR_FLAG(Adapter, fMP_RESET_IN_PROGRESS);
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    NdisMResetComplete(Adapter->AdapterHandle, NDIS_STATUS_SUCCESS, FALSE);
}
