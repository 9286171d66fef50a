/*
 * ndisdma WDK compatibility headers: NDIS system services a miniport asks
 * of NDIS beside its adapter — the time since boot, partial cancel ids,
 * counted-string helpers, NDIS_MUTEX, the processors and processor groups
 * (NDIS 6.20), the adapter's instance name and copies to and from mapped
 * device memory.
 *
 * Included at the end of ndis.h; drivers never include it directly.
 * Clean-room: written from the public NDIS documentation (prototypes and
 * values are facts), not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NDIS_SYS_H
#define NDISDMA_WDK_NDIS_SYS_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- time and cancel ids ------------------------------------------------------ */
/* Milliseconds since the machine booted (any IRQL). */
VOID NdisGetSystemUpTimeEx(_Out_ PLARGE_INTEGER pSystemUpTime);

/* A partial cancel id, different from the one before it (the sequence
 * wraps after 256 calls); a driver puts it in the high byte of the cancel
 * ids it gives its NBLs (NDIS_SET_NET_BUFFER_LIST_CANCEL_ID). */
_IRQL_requires_max_(DISPATCH_LEVEL)
UCHAR NdisGeneratePartialCancelId(VOID);

/* ---- counted strings ------------------------------------------------------------ */
typedef STRING NDIS_ANSI_STRING, *PNDIS_ANSI_STRING;

/* RtlInitUnicodeString: the buffer is Source itself, nothing is copied. */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisInitUnicodeString(_Out_ PNDIS_STRING Destination, _In_opt_z_ PCWSTR Source);

_IRQL_requires_(PASSIVE_LEVEL)
BOOLEAN NdisEqualString(_In_ PNDIS_STRING String1, _In_ PNDIS_STRING String2,
                        _In_ BOOLEAN CaseInsensitive);

/* Into the caller's buffer (nothing is allocated): NDIS_STATUS_SUCCESS, or
 * NDIS_STATUS_BUFFER_OVERFLOW with the destination unchanged when its
 * MaximumLength cannot hold the result. */
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisAnsiStringToUnicodeString(_Inout_ PNDIS_STRING DestinationString,
                                          _In_ PNDIS_ANSI_STRING SourceString);
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisUnicodeStringToAnsiString(_Inout_ PNDIS_ANSI_STRING DestinationString,
                                          _In_ PNDIS_STRING SourceString);
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisUpcaseUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
                                    _In_ PUNICODE_STRING SourceString);

/* ---- NDIS_MUTEX: a KMUTEX and the id of the thread holding it ---------------- */
typedef struct _NDIS_MUTEX {
    KMUTEX Mutex;
    ULONG  ThreadId;        /* the holder's thread id; 0 when free */
} NDIS_MUTEX, *PNDIS_MUTEX;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_MUTEX) == 64);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MUTEX, ThreadId) == 56);

/* Waiting is at IRQL < DISPATCH_LEVEL and may be repeated by the holder
 * (one release per wait); the Ke routines check both. */
#define NDIS_INIT_MUTEX(_M) \
    do { KeInitializeMutex(&(_M)->Mutex, 0xFFFF); (_M)->ThreadId = 0; } while (0)
#define NDIS_WAIT_FOR_MUTEX(_M) \
    do { \
        (void)KeWaitForSingleObject(&(_M)->Mutex, Executive, KernelMode, FALSE, NULL); \
        (_M)->ThreadId = (ULONG)(ULONG_PTR)PsGetCurrentThreadId(); \
    } while (0)
#define NDIS_RELEASE_MUTEX(_M) \
    do { (_M)->ThreadId = 0; (void)KeReleaseMutex(&(_M)->Mutex, FALSE); } while (0)

/* ---- processors (any IRQL) ------------------------------------------------------- */
CCHAR NdisSystemProcessorCount(VOID);

#if NDIS_SUPPORT_NDIS620
USHORT NdisMaxGroupCount(VOID);
USHORT NdisActiveGroupCount(VOID);
/* Group ALL_PROCESSOR_GROUPS counts every group; a group that does not
 * exist has 0 processors and an empty mask. */
ULONG NdisGroupMaxProcessorCount(_In_ USHORT Group);
ULONG NdisGroupActiveProcessorCount(_In_ USHORT Group);
KAFFINITY NdisGroupActiveProcessorMask(_In_ USHORT Group);
/* The system-wide index of the processor the caller runs on. */
ULONG NdisCurrentProcessorIndex(VOID);
#endif

/* ---- the adapter's instance name --------------------------------------------------- */
/* NDIS allocates the Buffer; the caller frees it with NdisFreeMemory.
 * NDIS_STATUS_RESOURCES without memory, NDIS_STATUS_INVALID_PARAMETER for a
 * NULL pAdapterInstanceName, NDIS_STATUS_FAILURE for a handle that is not
 * an adapter's or a call above PASSIVE_LEVEL. */
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS NdisMQueryAdapterInstanceName(_Out_ PNDIS_STRING pAdapterInstanceName,
                                          _In_ NDIS_HANDLE MiniportHandle);

/* ---- mapped device memory ------------------------------------------------------------ */
/* Copies between and zeroes ranges that may lie in a mapped register window
 * (NdisMMapIoSpace), which plain memory copies cannot touch here: such
 * bytes go through the device, the rest is ordinary memory. */
VOID NdisMoveMappedMemory(_Out_writes_bytes_(Length) PVOID Destination,
                          _In_reads_bytes_(Length) PVOID Source, _In_ ULONG Length);
VOID NdisZeroMappedMemory(_Out_writes_bytes_(Length) PVOID Destination, _In_ ULONG Length);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_NDIS_SYS_H */
