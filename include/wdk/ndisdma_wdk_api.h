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

/* ---- the NDIS library itself ------------------------------------------ */
/* NdisGetVersion: the NDIS version the host provides, major in the high
 * word and minor in the low one; compare it with NDIS_RUNTIME_VERSION_*.
 * ndisdma hosts every NDIS 6.x miniport its headers build (6.0-6.86). */
#define NDIS_RUNTIME_VERSION_60  ((6 << 16) | 0)
#define NDIS_RUNTIME_VERSION_61  ((6 << 16) | 1)
#define NDIS_RUNTIME_VERSION_620 ((6 << 16) | 20)
#define NDIS_RUNTIME_VERSION_630 ((6 << 16) | 30)
#define NDIS_RUNTIME_VERSION_640 ((6 << 16) | 40)
#define NDIS_RUNTIME_VERSION_650 ((6 << 16) | 50)
#define NDIS_RUNTIME_VERSION_651 ((6 << 16) | 51)
#define NDIS_RUNTIME_VERSION_660 ((6 << 16) | 60)
#define NDIS_RUNTIME_VERSION_670 ((6 << 16) | 70)
#define NDIS_RUNTIME_VERSION_680 ((6 << 16) | 80)
#define NDIS_RUNTIME_VERSION_681 ((6 << 16) | 81)
#define NDIS_RUNTIME_VERSION_682 ((6 << 16) | 82)
#define NDIS_RUNTIME_VERSION_683 ((6 << 16) | 83)
#define NDIS_RUNTIME_VERSION_684 ((6 << 16) | 84)
#define NDIS_RUNTIME_VERSION_685 ((6 << 16) | 85)
#define NDIS_RUNTIME_VERSION_686 ((6 << 16) | 86)

UINT NdisGetVersion(VOID);

/* The address of the NDIS routine the host exports under that name
 * (an Ndis* function), or NULL: how drivers probe for optional ones. */
_IRQL_requires_(PASSIVE_LEVEL)
PVOID NdisGetRoutineAddress(_In_ PNDIS_STRING NdisRoutineName);

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

/* Copies up to BytesToCopy data bytes, from SourceOffset bytes into
 * Source's data to DestinationOffset bytes into Destination's, never past
 * either DataLength; *BytesCopied says how many (<= DISPATCH_LEVEL). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NDIS_STATUS NdisCopyFromNetBufferToNetBuffer(
    _In_ PNET_BUFFER Destination,
    _In_ ULONG DestinationOffset,
    _In_ ULONG BytesToCopy,
    _In_ PNET_BUFFER Source,
    _In_ ULONG SourceOffset,
    _Out_ PULONG BytesCopied);

/* The number of physical pages the NET_BUFFER's data spans: the most
 * SG elements mapping it can take. */
ULONG NdisQueryNetBufferPhysicalCount(_In_ PNET_BUFFER NetBuffer);

NDIS_HANDLE NdisGetPoolFromNetBuffer(_In_ PNET_BUFFER NetBuffer);
NDIS_HANDLE NdisGetPoolFromNetBufferList(_In_ PNET_BUFFER_LIST NetBufferList);

/* Context space in front of the NBL's (sizes are multiples of
 * MEMORY_ALLOCATION_ALIGNMENT); free it, last allocated first, with the
 * same ContextSize (<= DISPATCH_LEVEL). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NDIS_STATUS NdisAllocateNetBufferListContext(
    _In_ PNET_BUFFER_LIST NetBufferList,
    _In_ USHORT ContextSize,
    _In_ USHORT ContextBackFill,
    _In_ ULONG PoolTag);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisFreeNetBufferListContext(
    _In_ PNET_BUFFER_LIST NetBufferList,
    _In_ USHORT ContextSize);

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

/* NDIS's names for the Rtl list primitives (facts §4.1). */
#define NdisInitializeListHead(_ListHead) InitializeListHead(_ListHead)

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

/* Singly linked: push returns the previous first entry (NULL if the list
 * was empty), pop the entry it took or NULL. */
static inline PSINGLE_LIST_ENTRY NdisInterlockedPushEntryList(
    PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY ListEntry, PNDIS_SPIN_LOCK Lock)
{
    PSINGLE_LIST_ENTRY prior;
    NdisAcquireSpinLock(Lock);
    prior = ListHead->Next;
    PushEntryList(ListHead, ListEntry);
    NdisReleaseSpinLock(Lock);
    return prior;
}

static inline PSINGLE_LIST_ENTRY NdisInterlockedPopEntryList(
    PSINGLE_LIST_ENTRY ListHead, PNDIS_SPIN_LOCK Lock)
{
    PSINGLE_LIST_ENTRY entry;
    NdisAcquireSpinLock(Lock);
    entry = PopEntryList(ListHead);
    NdisReleaseSpinLock(Lock);
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

/* I/O ports (facts §2.3): a range of the adapter's CmResourceTypePort
 * resource, claimed in MiniportInitializeEx and released in MiniportHaltEx
 * with the same values; *PortOffset is what READ/WRITE_PORT_* and
 * NdisRaw*Port* take (the port number on x64). */
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMRegisterIoPortRange(
    _Out_ PVOID *PortOffset,
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ UINT InitialPort,
    _In_ UINT NumberOfPorts);

_IRQL_requires_(PASSIVE_LEVEL)
VOID NdisMDeregisterIoPortRange(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ UINT InitialPort,
    _In_ UINT NumberOfPorts,
    _In_ PVOID PortOffset);

#define NdisRawReadPortUchar(Port, Data)   (*(Data) = READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Port)))
#define NdisRawReadPortUshort(Port, Data)  (*(Data) = READ_PORT_USHORT((PUSHORT)(ULONG_PTR)(Port)))
#define NdisRawReadPortUlong(Port, Data)   (*(Data) = READ_PORT_ULONG((PULONG)(ULONG_PTR)(Port)))
#define NdisRawWritePortUchar(Port, Data)  WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Port), (UCHAR)(Data))
#define NdisRawWritePortUshort(Port, Data) WRITE_PORT_USHORT((PUSHORT)(ULONG_PTR)(Port), (USHORT)(Data))
#define NdisRawWritePortUlong(Port, Data)  WRITE_PORT_ULONG((PULONG)(ULONG_PTR)(Port), (ULONG)(Data))
#define NdisRawReadPortBufferUchar(Port, Buffer, Length) \
    READ_PORT_BUFFER_UCHAR((PUCHAR)(ULONG_PTR)(Port), (PUCHAR)(Buffer), (Length))
#define NdisRawReadPortBufferUshort(Port, Buffer, Length) \
    READ_PORT_BUFFER_USHORT((PUSHORT)(ULONG_PTR)(Port), (PUSHORT)(Buffer), (Length))
#define NdisRawReadPortBufferUlong(Port, Buffer, Length) \
    READ_PORT_BUFFER_ULONG((PULONG)(ULONG_PTR)(Port), (PULONG)(Buffer), (Length))
#define NdisRawWritePortBufferUchar(Port, Buffer, Length) \
    WRITE_PORT_BUFFER_UCHAR((PUCHAR)(ULONG_PTR)(Port), (PUCHAR)(Buffer), (Length))
#define NdisRawWritePortBufferUshort(Port, Buffer, Length) \
    WRITE_PORT_BUFFER_USHORT((PUSHORT)(ULONG_PTR)(Port), (PUSHORT)(Buffer), (Length))
#define NdisRawWritePortBufferUlong(Port, Buffer, Length) \
    WRITE_PORT_BUFFER_ULONG((PULONG)(ULONG_PTR)(Port), (PULONG)(Buffer), (Length))

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
