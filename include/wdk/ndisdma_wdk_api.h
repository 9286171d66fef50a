/*
 * ndisdma WDK compatibility headers: the NDIS entry points ndisdma exports
 * (spec sections 4-8 and 13), plus the documented macros built on them.
 *
 * Every function declared here is implemented by the ndisdma runtime with
 * its documented behaviour; a call the runtime does not provide fails to
 * link.  Plain C linkage, native calling convention.
 *
 * Included by ndis.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_API_H
#define NDISDMA_WDK_API_H

#include "ndisdma_wdk_attributes.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- driver and adapter ------------------------------------------------------- */
/* Implemented by the miniport; called by the runtime. */
DRIVER_INITIALIZE DriverEntry;

_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMRegisterMiniportDriver(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath,
    _In_opt_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
    _Out_ PNDIS_HANDLE NdisMiniportDriverHandle);

_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMDeregisterMiniportDriver(_In_ NDIS_HANDLE NdisMiniportDriverHandle);

_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMSetMiniportAttributes(
    _In_ NDIS_HANDLE NdisMiniportAdapterHandle,
    _In_ PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes);

_IRQL_requires_(PASSIVE_LEVEL)
/* The alignment (host data cache line) for buffers carved out of shared
 * memory, in bytes (PASSIVE_LEVEL). */
ULONG NdisMGetDmaAlignment(_In_ NDIS_HANDLE MiniportAdapterHandle);

VOID NdisMGetDeviceProperty(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _Inout_opt_ PDEVICE_OBJECT *PhysicalDeviceObject,
    _Inout_opt_ PDEVICE_OBJECT *FunctionalDeviceObject,
    _Inout_opt_ PDEVICE_OBJECT *NextDeviceObject,
    _Inout_opt_ PCM_RESOURCE_LIST *AllocatedResources,
    _Inout_opt_ PCM_RESOURCE_LIST *AllocatedResourcesTranslated);

VOID NdisMIndicateStatusEx(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PNDIS_STATUS_INDICATION StatusIndication);

VOID NdisMPauseComplete(_In_ NDIS_HANDLE MiniportAdapterHandle);
VOID NdisMRestartComplete(_In_ NDIS_HANDLE MiniportAdapterHandle, _In_ NDIS_STATUS Status);
VOID NdisMOidRequestComplete(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PNDIS_OID_REQUEST OidRequest,
    _In_ NDIS_STATUS Status);

/* Completes a MiniportResetEx that returned NDIS_STATUS_PENDING, with the
 * final status (<= DISPATCH_LEVEL; only after a pended reset). */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisMResetComplete(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_STATUS Status,
    _In_ BOOLEAN AddressingReset);

/* Logs ErrorCode (NDIS_ERROR_CODE_*) and NumberOfErrorValues ULONGs. */
VOID __cdecl NdisWriteErrorLogEntry(
    _In_ NDIS_HANDLE NdisAdapterHandle,
    _In_ NDIS_ERROR_CODE ErrorCode,
    _In_ ULONG NumberOfErrorValues,
    ...);

/* ---- scatter/gather DMA (spec sections 4, 5, 8) --------------------------------- */
_Must_inspect_result_ _IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMRegisterScatterGatherDma(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _Inout_ PNDIS_SG_DMA_DESCRIPTION DmaDescription,
    _Out_ PNDIS_HANDLE NdisMiniportDmaHandle);

_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMDeregisterScatterGatherDma(_In_ NDIS_HANDLE NdisMiniportDmaHandle);

_Must_inspect_result_ _IRQL_requires_(DISPATCH_LEVEL)
NDIS_STATUS NdisMAllocateNetBufferSGList(
    _In_ NDIS_HANDLE NdisMiniportDmaHandle,
    _In_ PNET_BUFFER NetBuffer,
    _In_ PVOID Context,
    _In_ ULONG Flags,
    _In_reads_bytes_opt_(ScatterGatherListBufferSize) PVOID ScatterGatherListBuffer,
    _In_ ULONG ScatterGatherListBufferSize);

_IRQL_requires_(DISPATCH_LEVEL)
VOID NdisMFreeNetBufferSGList(
    _In_ NDIS_HANDLE NdisMiniportDmaHandle,
    _In_ PSCATTER_GATHER_LIST pSGL,
    _In_ PNET_BUFFER NetBuffer);

/* ---- shared memory (spec section 7) ---------------------------------------------- */
_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMAllocateSharedMemory(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ ULONG Length,
    _In_ BOOLEAN Cached,
    _Outptr_result_maybenull_ PVOID *VirtualAddress,
    _Out_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress);

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisMFreeSharedMemory(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ ULONG Length,
    _In_ BOOLEAN Cached,
    _In_ PVOID VirtualAddress,
    _In_ NDIS_PHYSICAL_ADDRESS PhysicalAddress);

_IRQL_requires_max_(DISPATCH_LEVEL)
NDIS_STATUS NdisMAllocateSharedMemoryAsyncEx(
    _In_ NDIS_HANDLE MiniportDmaHandle,
    _In_ ULONG Length,
    _In_ BOOLEAN Cached,
    _In_ PVOID Context);

/* ---- memory and MDLs ------------------------------------------------------------- */
PVOID NdisAllocateMemoryWithTagPriority(
    _In_ NDIS_HANDLE NdisHandle,
    _In_ UINT Length,
    _In_ ULONG Tag,
    _In_ EX_POOL_PRIORITY Priority);

VOID NdisFreeMemory(_In_ PVOID VirtualAddress, _In_ UINT Length, _In_ UINT MemoryFlags);
VOID NdisFreeMemoryWithTagPriority(_In_ NDIS_HANDLE NdisHandle,
    _In_ PVOID VirtualAddress, _In_ ULONG Tag);

#define NdisZeroMemory(Destination, Length)         RtlZeroMemory(Destination, Length)
#define NdisMoveMemory(Destination, Source, Length) RtlCopyMemory(Destination, Source, Length)
#define NdisEqualMemory(Source1, Source2, Length)   RtlEqualMemory(Source1, Source2, Length)
#define NdisFillMemory(Destination, Length, Fill)   RtlFillMemory(Destination, Length, Fill)

PMDL NdisAllocateMdl(_In_ NDIS_HANDLE NdisHandle, _In_ PVOID VirtualAddress, _In_ UINT Length);
VOID NdisFreeMdl(_In_ PMDL Mdl);

/* ---- NET_BUFFER and NET_BUFFER_LIST pools ----------------------------------------- */
NDIS_HANDLE NdisAllocateNetBufferListPool(
    _In_opt_ NDIS_HANDLE NdisHandle,
    _In_ PNET_BUFFER_LIST_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferListPool(_In_ NDIS_HANDLE PoolHandle);

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(
    _In_ NDIS_HANDLE PoolHandle,
    _In_ USHORT ContextSize,
    _In_ USHORT ContextBackFill,
    _In_opt_ PMDL MdlChain,
    _In_ ULONG DataOffset,
    _In_ SIZE_T DataLength);

PNET_BUFFER_LIST NdisAllocateNetBufferList(
    _In_ NDIS_HANDLE PoolHandle,
    _In_ USHORT ContextSize,
    _In_ USHORT ContextBackFill);

VOID NdisFreeNetBufferList(_In_ PNET_BUFFER_LIST NetBufferList);

NDIS_HANDLE NdisAllocateNetBufferPool(
    _In_opt_ NDIS_HANDLE NdisHandle,
    _In_ PNET_BUFFER_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferPool(_In_ NDIS_HANDLE PoolHandle);

PNET_BUFFER NdisAllocateNetBuffer(
    _In_ NDIS_HANDLE PoolHandle,
    _In_opt_ PMDL MdlChain,
    _In_ ULONG DataOffset,
    _In_ SIZE_T DataLength);
VOID NdisFreeNetBuffer(_In_ PNET_BUFFER NetBuffer);

VOID NdisAdvanceNetBufferDataStart(
    _In_ PNET_BUFFER NetBuffer,
    _In_ ULONG DataOffsetDelta,
    _In_ BOOLEAN FreeMdl,
    _In_opt_ NET_BUFFER_FREE_MDL_HANDLER FreeMdlHandler);

NDIS_STATUS NdisRetreatNetBufferDataStart(
    _In_ PNET_BUFFER NetBuffer,
    _In_ ULONG DataOffsetDelta,
    _In_ ULONG DataBackFill,
    _In_opt_ NET_BUFFER_ALLOCATE_MDL_HANDLER AllocateMdlHandler);

PVOID NdisGetDataBuffer(
    _In_ PNET_BUFFER NetBuffer,
    _In_ ULONG BytesNeeded,
    _Out_writes_bytes_all_opt_(BytesNeeded) PVOID Storage,
    _In_ UINT AlignMultiple,
    _In_ UINT AlignOffset);

/* ---- data path --------------------------------------------------------------------- */
VOID NdisMSendNetBufferListsComplete(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG SendCompleteFlags);

VOID NdisMIndicateReceiveNetBufferLists(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG NumberOfNetBufferLists,
    _In_ ULONG ReceiveFlags);

/* ---- synchronisation ----------------------------------------------------------------- */
VOID NdisAllocateSpinLock(_Out_ PNDIS_SPIN_LOCK SpinLock);
VOID NdisFreeSpinLock(_In_ PNDIS_SPIN_LOCK SpinLock);
VOID NdisAcquireSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);
VOID NdisReleaseSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprAcquireSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprReleaseSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);

LONG NdisInterlockedIncrement(_Inout_ PLONG Addend);
LONG NdisInterlockedDecrement(_Inout_ PLONG Addend);

/* Adds Increment to *Addend under SpinLock (any IRQL <= DISPATCH_LEVEL). */
static inline VOID NdisInterlockedAddUlong(
    PULONG Addend, ULONG Increment, PNDIS_SPIN_LOCK SpinLock)
{
    NdisAcquireSpinLock(SpinLock);
    *Addend += Increment;
    NdisReleaseSpinLock(SpinLock);
}

/* Lock-protected list operations, built on the spin lock entry points.
 * Insert returns the previous first/last entry (NULL if the list was empty);
 * remove returns the entry or NULL. */
static inline PLIST_ENTRY NdisInterlockedInsertHeadList(
    PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock)
{
    PLIST_ENTRY prior;
    NdisAcquireSpinLock(SpinLock);
    prior = IsListEmpty(ListHead) ? NULL : ListHead->Flink;
    InsertHeadList(ListHead, ListEntry);
    NdisReleaseSpinLock(SpinLock);
    return prior;
}

static inline PLIST_ENTRY NdisInterlockedInsertTailList(
    PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock)
{
    PLIST_ENTRY prior;
    NdisAcquireSpinLock(SpinLock);
    prior = IsListEmpty(ListHead) ? NULL : ListHead->Blink;
    InsertTailList(ListHead, ListEntry);
    NdisReleaseSpinLock(SpinLock);
    return prior;
}

static inline PLIST_ENTRY NdisInterlockedRemoveHeadList(
    PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock)
{
    PLIST_ENTRY entry = NULL;
    NdisAcquireSpinLock(SpinLock);
    if (!IsListEmpty(ListHead))
        entry = RemoveHeadList(ListHead);
    NdisReleaseSpinLock(SpinLock);
    return entry;
}

VOID NdisInitializeEvent(_Out_ PNDIS_EVENT Event);
VOID NdisSetEvent(_In_ PNDIS_EVENT Event);
VOID NdisResetEvent(_In_ PNDIS_EVENT Event);
/* MsToWait 0 waits forever; returns TRUE if the event was signalled. */
BOOLEAN NdisWaitEvent(_In_ PNDIS_EVENT Event, _In_ UINT MsToWait);

/* ---- time ----------------------------------------------------------------------------- */
_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMSleep(_In_ ULONG MicrosecondsToSleep);
VOID NdisStallExecution(_In_ UINT MicrosecondsToStall);
/* 100 ns units since 1601-01-01 (UTC), as on Windows. */
VOID NdisGetCurrentSystemTime(_Out_ PLARGE_INTEGER pSystemTime);

/* ---- deferred work ---------------------------------------------------------------------- */
NDIS_HANDLE NdisAllocateIoWorkItem(_In_ NDIS_HANDLE NdisObjectHandle);
VOID NdisQueueIoWorkItem(
    _In_ NDIS_HANDLE NdisIoWorkItemHandle,
    _In_ NDIS_IO_WORKITEM_ROUTINE Routine,
    _In_ PVOID WorkItemContext);
VOID NdisFreeIoWorkItem(_In_ NDIS_HANDLE NdisIoWorkItemHandle);

NDIS_STATUS NdisAllocateTimerObject(
    _In_ NDIS_HANDLE NdisHandle,
    _In_ PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
    _Out_ PNDIS_HANDLE pTimerObject);
/* DueTime: negative = relative, 100 ns units.  Returns TRUE if the timer
 * was already queued. */
BOOLEAN NdisSetTimerObject(
    _In_ NDIS_HANDLE TimerObject,
    _In_ LARGE_INTEGER DueTime,
    _In_opt_ LONG MillisecondsPeriod,
    _In_opt_ PVOID FunctionContext);
BOOLEAN NdisCancelTimerObject(_In_ NDIS_HANDLE TimerObject);
VOID NdisFreeTimerObject(_In_ NDIS_HANDLE TimerObject);

/* ---- device access ------------------------------------------------------------------------ */
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMMapIoSpace(
    _Outptr_ PVOID *VirtualAddress,
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_PHYSICAL_ADDRESS PhysicalAddress,
    _In_ UINT Length);

_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMUnmapIoSpace(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PVOID VirtualAddress,
    _In_ UINT Length);

/* Register access through the runtime's device model (see wdm.h). */
#define NdisReadRegisterUchar(Register, Data) \
    (*(Data) = NdisDmaIoRead8((volatile UCHAR *)(Register)))
#define NdisReadRegisterUshort(Register, Data) \
    (*(Data) = NdisDmaIoRead16((volatile USHORT *)(Register)))
#define NdisReadRegisterUlong(Register, Data) \
    (*(Data) = NdisDmaIoRead32((volatile ULONG *)(Register)))
#define NdisWriteRegisterUchar(Register, Data) \
    NdisDmaIoWrite8((volatile UCHAR *)(Register), (UCHAR)(Data))
#define NdisWriteRegisterUshort(Register, Data) \
    NdisDmaIoWrite16((volatile USHORT *)(Register), (USHORT)(Data))
#define NdisWriteRegisterUlong(Register, Data) \
    NdisDmaIoWrite32((volatile ULONG *)(Register), (ULONG)(Data))

_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMRegisterInterruptEx(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_HANDLE MiniportInterruptContext,
    _In_ PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
    _Out_ PNDIS_HANDLE NdisInterruptHandle);

_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMDeregisterInterruptEx(_In_ NDIS_HANDLE NdisInterruptHandle);

BOOLEAN NdisMSynchronizeWithInterruptEx(
    _In_ NDIS_HANDLE NdisInterruptHandle,
    _In_ ULONG MessageId,
    _In_ MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction,
    _In_ PVOID SynchronizeContext);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_API_H */
