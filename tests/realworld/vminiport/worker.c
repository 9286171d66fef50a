/*++

Module Name:

    worker.c

Abstract:

    The per-adapter worker thread of VMINIPORT.  It "programs the hardware
    multicast filter" (the 64-bin hash the forwarding path checks first)
    when an OID changes the multicast list, and beats a heartbeat that
    MiniportCheckForHangEx watches.

    The thread is created at MiniportInitializeEx and stopped at
    MiniportHaltEx: the stop event is set, the thread object referenced
    from its handle, the handle closed, and the object waited on.

--*/

#include "vminiport.h"

#pragma alloc_text(PAGE, MPStartWorker)
#pragma alloc_text(PAGE, MPStopWorker)
#pragma alloc_text(PAGE, MPWorkerThread)

static
VOID
MPProgramMulticastHash(
    _In_ PMP_ADAPTER Adapter
    )
{
    LOCK_STATE_EX   LockState;
    ULONG64         Hash = 0;
    ULONG           i;

    NdisAcquireRWLockWrite(Adapter->StateLock, &LockState, 0);
    for (i = 0; i < Adapter->MulticastCount; i++)
    {
        Hash |= 1ULL << MPHashMulticastAddress(&Adapter->MulticastList[i * ETH_LENGTH_OF_ADDRESS]);
    }
    Adapter->MulticastHash = Hash;
    NdisReleaseRWLock(Adapter->StateLock, &LockState);

    DEBUGP(MP_INFO, "%s: multicast hash %016I64x (%u addresses, %u bins)\n",
           Adapter->Name, Hash, Adapter->MulticastCount,
           RtlNumberOfSetBitsUlongPtr((ULONG_PTR)Hash));
}

_Use_decl_annotations_
VOID
MPWorkerThread(
    PVOID StartContext
    )
{
    PMP_ADAPTER     Adapter = (PMP_ADAPTER)StartContext;
    PVOID           WaitObjects[2];
    LARGE_INTEGER   Timeout;
    NTSTATUS        Status;
    BOOLEAN         Stop = FALSE;

    PAGED_CODE();

    NT_ASSERT(KeGetCurrentIrql() == PASSIVE_LEVEL);

    KeSetPriorityThread(KeGetCurrentThread(), LOW_REALTIME_PRIORITY);

    DEBUGP(MP_TRACE, "%s: worker thread %p started\n", Adapter->Name, PsGetCurrentThreadId());

    WaitObjects[0] = &Adapter->WorkerStopEvent;
    WaitObjects[1] = &Adapter->WorkerWakeEvent;

    while (!Stop)
    {
        Timeout.QuadPart = MP_WORKER_PERIOD_100NS;

        Status = KeWaitForMultipleObjects(RTL_NUMBER_OF(WaitObjects),
                                          WaitObjects,
                                          WaitAny,
                                          Executive,
                                          KernelMode,
                                          FALSE,
                                          &Timeout,
                                          NULL);
        switch (Status)
        {
            case STATUS_WAIT_0:
                Stop = TRUE;
                break;

            case STATUS_WAIT_0 + 1:
                MPProgramMulticastHash(Adapter);
                break;

            case STATUS_TIMEOUT:
                break;

            default:
                DEBUGP(MP_ERROR, "%s: worker wait returned 0x%08x\n", Adapter->Name, Status);
                break;
        }

        InterlockedIncrement(&Adapter->WorkerHeartbeat);
    }

    DEBUGP(MP_TRACE, "%s: worker thread exiting after %d beats\n",
           Adapter->Name, Adapter->WorkerHeartbeat);

    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
NTSTATUS
MPStartWorker(
    PMP_ADAPTER Adapter
    )
{
    OBJECT_ATTRIBUTES   ObjectAttributes;
    NTSTATUS            Status;

    PAGED_CODE();

    KeInitializeEvent(&Adapter->WorkerStopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&Adapter->WorkerWakeEvent, SynchronizationEvent, FALSE);

    InitializeObjectAttributes(&ObjectAttributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    Status = PsCreateSystemThread(&Adapter->WorkerThreadHandle,
                                  THREAD_ALL_ACCESS,
                                  &ObjectAttributes,
                                  NULL,
                                  NULL,
                                  MPWorkerThread,
                                  Adapter);
    if (!NT_SUCCESS(Status))
    {
        Adapter->WorkerThreadHandle = NULL;
    }
    return Status;
}

_Use_decl_annotations_
VOID
MPStopWorker(
    PMP_ADAPTER Adapter
    )
{
    PVOID       ThreadObject = NULL;
    NTSTATUS    Status;

    PAGED_CODE();

    if (Adapter->WorkerThreadHandle == NULL)
    {
        return;
    }

    KeSetEvent(&Adapter->WorkerStopEvent, IO_NO_INCREMENT, FALSE);

    Status = ObReferenceObjectByHandle(Adapter->WorkerThreadHandle,
                                       SYNCHRONIZE,
                                       *PsThreadType,
                                       KernelMode,
                                       &ThreadObject,
                                       NULL);

    ZwClose(Adapter->WorkerThreadHandle);
    Adapter->WorkerThreadHandle = NULL;

    if (NT_SUCCESS(Status))
    {
        Status = KeWaitForSingleObject(ThreadObject, Executive, KernelMode, FALSE, NULL);
        ASSERT(Status == STATUS_SUCCESS);
        ObDereferenceObject(ThreadObject);
    }
    else
    {
        DEBUGP(MP_ERROR, "%s: ObReferenceObjectByHandle failed 0x%08x, cannot wait for the worker\n",
               Adapter->Name, Status);
    }
}

VOID
MPKickWorker(
    _In_ PMP_ADAPTER Adapter
    )
{
    KeSetEvent(&Adapter->WorkerWakeEvent, IO_NETWORK_INCREMENT, FALSE);
}
