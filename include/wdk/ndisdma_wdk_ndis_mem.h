/*
 * ndisdma WDK compatibility headers: NDIS lookaside lists, S-list wrappers,
 * read/write locks and the shared-data alignment (facts file §2.2, §4.1,
 * §6.1).
 *
 * Included at the end of ndis.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_NDIS_MEM_H
#define NDISDMA_WDK_NDIS_MEM_H

#include "ndisdma_wdk_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- lookaside lists --------------------------------------------------------- */
/*
 * The Ex lists of wdm.h (ExInitializeNPagedLookasideList and friends) under
 * their NDIS names.  Flags and Depth must be 0; Size is a ULONG here.  A
 * driver that supplies Allocate supplies Free too.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisInitializeNPagedLookasideList(_Out_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                       _In_opt_ PALLOCATE_FUNCTION Allocate,
                                       _In_opt_ PFREE_FUNCTION Free, _In_ ULONG Flags,
                                       _In_ ULONG Size, _In_ ULONG Tag, _In_ USHORT Depth);
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID NdisAllocateFromNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisFreeToNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                   _In_ PVOID Entry);
/* Frees the cached entries, not the head. */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisDeleteNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);

/* The alignment (bytes, a cache line: 64) for data CPUs share. */
_IRQL_requires_max_(DISPATCH_LEVEL)
ULONG NdisGetSharedDataAlignment(VOID);

/* ---- S-lists (any IRQL; on x64 the spin lock is not taken) ------------------- */
/*
 * The NDIS names of the Ex S-list routines.  In C the entry they return
 * converts to PSLIST_ENTRY and to PSINGLE_LIST_ENTRY alike (the NDIS pages
 * show the latter, x64 code uses the former).
 */
#ifdef __cplusplus
#define NDISDMA_SLIST_RESULT(e) (e)
#else
#define NDISDMA_SLIST_RESULT(e) ((PVOID)(e))
#endif
#define NdisInitializeSListHead(SListHead) InitializeSListHead(SListHead)
#define NdisInterlockedPushEntrySList(SListHead, SListEntry, Lock)            \
    NDISDMA_SLIST_RESULT(ExInterlockedPushEntrySList((SListHead),              \
        (PSLIST_ENTRY)(SListEntry), &(Lock)->SpinLock))
#define NdisInterlockedPopEntrySList(SListHead, Lock)                          \
    NDISDMA_SLIST_RESULT(ExInterlockedPopEntrySList((SListHead), &(Lock)->SpinLock))
#define NdisQueryDepthSList(SListHead) ExQueryDepthSList(SListHead)

/* ---- read/write locks ---------------------------------------------------------- */
/*
 * Readers share, a writer is exclusive.  Acquisition raises to
 * DISPATCH_LEVEL, release restores the IRQL saved in the LOCK_STATE (use one
 * per acquisition).  A context (thread) holding the lock may take it again,
 * read or write, with one release per acquire; asking for write while
 * holding read (promotion) deadlocks on Windows and is reported
 * (RWLOCK-MISUSE), as is releasing a lock not held or freeing a held one.
 */
#ifndef MAXIMUM_PROCESSORS
#define MAXIMUM_PROCESSORS 64
#endif

/* The classic lock of NDIS 6.0/6.1 (deprecated from 6.20): visible when
 * NDIS_SUPPORT_60_COMPATIBLE_API is 1 (ndisdma_wdk_base.h: 6.0/6.1
 * miniports). */
#if NDIS_SUPPORT_60_COMPATIBLE_API
typedef union _NDIS_RW_LOCK_REFCOUNT {
    ULONG RefCount;
    UCHAR cacheLine[16];
} NDIS_RW_LOCK_REFCOUNT;

/* Opaque storage (x64: 1040 bytes); ndisdma keeps its state inside. */
typedef struct _NDIS_RW_LOCK {
    union {
        struct {
            KSPIN_LOCK SpinLock;
            PVOID Context;
        };
        UCHAR Reserved[16];
    };
    union {
        NDIS_RW_LOCK_REFCOUNT RefCount[MAXIMUM_PROCESSORS];
        ULONG RefCountEx[sizeof(NDIS_RW_LOCK_REFCOUNT) / sizeof(ULONG) * MAXIMUM_PROCESSORS];
        struct {
            KSPIN_LOCK RefCountLock;
            volatile ULONG SharedRefCount;
            volatile BOOLEAN WriterWaiting;
        };
    };
} NDIS_RW_LOCK, *PNDIS_RW_LOCK;

typedef struct _LOCK_STATE {
    USHORT LockState;
    KIRQL OldIrql;
} LOCK_STATE, *PLOCK_STATE;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_RW_LOCK_REFCOUNT) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_RW_LOCK) == 16 + 16 * MAXIMUM_PROCESSORS);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_RW_LOCK, RefCount) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(LOCK_STATE) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(LOCK_STATE, OldIrql) == 2);

VOID NdisInitializeReadWriteLock(_Out_ PNDIS_RW_LOCK Lock);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisAcquireReadWriteLock(_Inout_ PNDIS_RW_LOCK Lock, _In_ BOOLEAN fWrite,
                              _Out_ PLOCK_STATE LockState);
_IRQL_requires_(DISPATCH_LEVEL)
VOID NdisReleaseReadWriteLock(_Inout_ PNDIS_RW_LOCK Lock, _In_ PLOCK_STATE LockState);
#endif /* NDIS_SUPPORT_60_COMPATIBLE_API */

#if NDIS_SUPPORT_NDIS620
/* NDIS 6.20+: allocated by NDIS, opaque, a resource of the handle's owner
 * (adapter or driver; NULL handle: the calling driver). */
typedef struct _NDIS_RW_LOCK_EX NDIS_RW_LOCK_EX, *PNDIS_RW_LOCK_EX;

typedef struct _LOCK_STATE_EX {
    KIRQL OldIrql;
    UCHAR LockState;
    UCHAR Flags;
} LOCK_STATE_EX, *PLOCK_STATE_EX;

NDISDMA_WDK_STATIC_ASSERT(sizeof(LOCK_STATE_EX) == 3);

/* Acquire Flags: the caller is at DISPATCH_LEVEL already. */
#define NDIS_RWL_AT_DISPATCH_LEVEL 1

/* NULL on failure. */
_IRQL_requires_max_(DISPATCH_LEVEL)
PNDIS_RW_LOCK_EX NdisAllocateRWLock(_In_opt_ NDIS_HANDLE NdisHandle);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisFreeRWLock(_In_ PNDIS_RW_LOCK_EX Lock);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisAcquireRWLockRead(_In_ PNDIS_RW_LOCK_EX Lock, _Out_ PLOCK_STATE_EX LockState,
                           _In_ UCHAR Flags);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID NdisAcquireRWLockWrite(_In_ PNDIS_RW_LOCK_EX Lock, _Out_ PLOCK_STATE_EX LockState,
                            _In_ UCHAR Flags);
_IRQL_requires_(DISPATCH_LEVEL)
VOID NdisReleaseRWLock(_In_ PNDIS_RW_LOCK_EX Lock, _In_ PLOCK_STATE_EX LockState);
#endif /* NDIS_SUPPORT_NDIS620 */

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_NDIS_MEM_H */
