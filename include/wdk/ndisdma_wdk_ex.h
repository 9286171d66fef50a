/*
 * ndisdma WDK compatibility headers: the executive (Ex): pool, lookaside
 * lists, interlocked lists and S-lists (facts file §2.1, §2.2, §4.1).
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_EX_H
#define NDISDMA_WDK_EX_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* x64 has one calling convention: FASTCALL is empty (as NTAPI is). */
#ifndef FASTCALL
#define FASTCALL
#endif

/* ---- pool ------------------------------------------------------------------- */
/*
 * In ndisdma every pool is process memory: "paged" and "nonpaged" differ
 * only in the IRQL rule (paged at <= APC_LEVEL, nonpaged at <= DISPATCH_LEVEL)
 * and "NX" / "execute" are accepted as written.  Blocks of PAGE_SIZE or more
 * are page aligned, smaller ones 16-byte aligned and never cross a page.
 */
typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    NonPagedPoolExecute = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = 6,
    MaxPoolType = 7,
    NonPagedPoolSession = 32,
    PagedPoolSession = 33,
    NonPagedPoolMustSucceedSession = 34,
    DontUseThisTypeSession = 35,
    NonPagedPoolCacheAlignedSession = 36,
    PagedPoolCacheAlignedSession = 37,
    NonPagedPoolCacheAlignedMustSSession = 38,
    NonPagedPoolNx = 512,
    NonPagedPoolNxCacheAligned = 516,
    NonPagedPoolSessionNx = 544
} POOL_TYPE;

/* Modifier bits ORed into a POOL_TYPE (lookaside Flags use 16 and 512). */
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE 8
#define POOL_RAISE_IF_ALLOCATION_FAILURE 16
#define POOL_COLD_ALLOCATION             256
#define POOL_NX_ALLOCATION               512

/* ExAllocatePool2: the low 32 bits are required flags (an unknown or
 * unsatisfiable one fails the call), the high 32 bits optional ones
 * (ignored when unknown). */
typedef ULONG64 POOL_FLAGS;

#define POOL_FLAG_REQUIRED_START          0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA               0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED           0x0000000000000002ULL
#define POOL_FLAG_SESSION                 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED           0x0000000000000008ULL
#define POOL_FLAG_RESERVED1               0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE        0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED               0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE       0x0000000000000080ULL
#define POOL_FLAG_PAGED                   0x0000000000000100ULL
#define POOL_FLAG_RESERVED2               0x0000000000000200ULL
#define POOL_FLAG_RESERVED3               0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END            0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START          0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL            0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END            0x8000000000000000ULL

/* Every routine returns NULL on failure.  Contents: ExAllocatePoolWithTag,
 * ExAllocatePool and ExAllocatePoolUninitialized leave the block filled
 * with a fixed pattern (deterministic runs); ExAllocatePoolZero and
 * ExAllocatePool2 (without POOL_FLAG_UNINITIALIZED) zero it. */
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocatePoolZero(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocatePoolUninitialized(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
                                  _In_ ULONG Tag);
/* NULL for Tag 0, or for a required flag that is unknown or unsatisfiable
 * (exactly one of NON_PAGED, NON_PAGED_EXECUTE and PAGED must be given). */
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
/* Obsolete: the tag is 'None'. */
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocatePool(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExFreePoolWithTag(_In_ PVOID P, _In_ ULONG Tag);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExFreePool(_In_ PVOID P);

/* ---- lookaside lists -------------------------------------------------------- */
typedef struct _LOOKASIDE_LIST_EX LOOKASIDE_LIST_EX, *PLOOKASIDE_LIST_EX;

typedef PVOID (NTAPI ALLOCATE_FUNCTION)(_In_ POOL_TYPE PoolType,
                                        _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
typedef ALLOCATE_FUNCTION *PALLOCATE_FUNCTION;
typedef VOID (NTAPI FREE_FUNCTION)(_In_ PVOID Buffer);
typedef FREE_FUNCTION *PFREE_FUNCTION;
typedef PVOID (NTAPI ALLOCATE_FUNCTION_EX)(_In_ POOL_TYPE PoolType,
                                           _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag,
                                           _Inout_ PLOOKASIDE_LIST_EX Lookaside);
typedef ALLOCATE_FUNCTION_EX *PALLOCATE_FUNCTION_EX;
typedef VOID (NTAPI FREE_FUNCTION_EX)(_In_ PVOID Buffer,
                                      _Inout_ PLOOKASIDE_LIST_EX Lookaside);
typedef FREE_FUNCTION_EX *PFREE_FUNCTION_EX;

/*
 * The list head the caller provides (x64: 96 bytes; 128 for the NPAGED and
 * PAGED forms).  Every piece of state lives here: the cached entries (an
 * S-list), the counters, the callbacks.  ndisdma also records each live
 * list in its machine's list of lookaside lists (one small record, freed by
 * the Delete call), so a list not deleted before unload is reported.
 * Future[] holds ndisdma's own check word and kind.
 */
typedef struct _GENERAL_LOOKASIDE_POOL {
    union {
        SLIST_HEADER ListHead;            /* +0  cached entries */
        SINGLE_LIST_ENTRY SingleListHead;
    };
    USHORT Depth;                         /* +16 entries kept at most */
    USHORT MaximumDepth;                  /* +18 */
    ULONG TotalAllocates;                 /* +20 */
    union {
        ULONG AllocateMisses;             /* +24 */
        ULONG AllocateHits;
    };
    ULONG TotalFrees;                     /* +28 */
    union {
        ULONG FreeMisses;                 /* +32 */
        ULONG FreeHits;
    };
    POOL_TYPE Type;                       /* +36 */
    ULONG Tag;                            /* +40 */
    ULONG Size;                           /* +44 */
    union {
        PALLOCATE_FUNCTION_EX AllocateEx; /* +48 */
        PALLOCATE_FUNCTION Allocate;
    };
    union {
        PFREE_FUNCTION_EX FreeEx;         /* +56 */
        PFREE_FUNCTION Free;
    };
    LIST_ENTRY ListEntry;                 /* +64 */
    ULONG LastTotalAllocates;             /* +80 */
    union {
        ULONG LastAllocateMisses;         /* +84 */
        ULONG LastAllocateHits;
    };
    ULONG Future[2];                      /* +88 */
} GENERAL_LOOKASIDE_POOL, *PGENERAL_LOOKASIDE_POOL;

/* The same fields, rounded to 128 bytes (two cache lines) as on x64. */
typedef struct _GENERAL_LOOKASIDE {
    union {
        SLIST_HEADER ListHead;
        SINGLE_LIST_ENTRY SingleListHead;
    };
    USHORT Depth;
    USHORT MaximumDepth;
    ULONG TotalAllocates;
    union {
        ULONG AllocateMisses;
        ULONG AllocateHits;
    };
    ULONG TotalFrees;
    union {
        ULONG FreeMisses;
        ULONG FreeHits;
    };
    POOL_TYPE Type;
    ULONG Tag;
    ULONG Size;
    union {
        PALLOCATE_FUNCTION_EX AllocateEx;
        PALLOCATE_FUNCTION Allocate;
    };
    union {
        PFREE_FUNCTION_EX FreeEx;
        PFREE_FUNCTION Free;
    };
    LIST_ENTRY ListEntry;
    ULONG LastTotalAllocates;
    union {
        ULONG LastAllocateMisses;
        ULONG LastAllocateHits;
    };
    ULONG Future[2];
    UCHAR CacheLinePadding[32];           /* +96 */
} GENERAL_LOOKASIDE, *PGENERAL_LOOKASIDE;

struct _LOOKASIDE_LIST_EX {
    GENERAL_LOOKASIDE_POOL L;
};

typedef struct _NPAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

typedef struct _PAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
} PAGED_LOOKASIDE_LIST, *PPAGED_LOOKASIDE_LIST;

NDISDMA_WDK_STATIC_ASSERT(sizeof(GENERAL_LOOKASIDE_POOL) == 96);
NDISDMA_WDK_STATIC_ASSERT(sizeof(GENERAL_LOOKASIDE) == 128);
NDISDMA_WDK_STATIC_ASSERT(sizeof(LOOKASIDE_LIST_EX) == 96);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NPAGED_LOOKASIDE_LIST) == 128);
NDISDMA_WDK_STATIC_ASSERT(sizeof(PAGED_LOOKASIDE_LIST) == 128);
NDISDMA_WDK_STATIC_ASSERT(NDISDMA_WDK_ALIGNOF(LOOKASIDE_LIST_EX) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, Depth) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, TotalAllocates) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, Type) == 36);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, Size) == 44);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, AllocateEx) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, FreeEx) == 56);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, ListEntry) == 64);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE_POOL, Future) == 88);
NDISDMA_WDK_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE, Future) == 88);

/* Size must cover an SLIST_ENTRY's Next (a smaller Size is rounded up). */
#define LOOKASIDE_MINIMUM_BLOCK_SIZE RTL_SIZEOF_THROUGH_FIELD(SLIST_ENTRY, Next)

/* ExInitializeLookasideListEx's failures (ntstatus.h values). */
#ifndef STATUS_INVALID_PARAMETER_4
#define STATUS_INVALID_PARAMETER_4 ((NTSTATUS)0xC00000F2L)
#endif
#ifndef STATUS_INVALID_PARAMETER_5
#define STATUS_INVALID_PARAMETER_5 ((NTSTATUS)0xC00000F3L)
#endif

/* ExInitializeLookasideListEx Flags (mutually exclusive). */
#define EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL 0x00000001UL
#define EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE 0x00000002UL

/*
 * Allocate pops the most recently freed entry (LIFO) or, when none is
 * cached, calls Allocate (pool when NULL); NULL on failure.  Free pushes the
 * entry unless Depth entries are cached, then calls Free (pool when NULL).
 * ndisdma sets Depth to 256 and keeps it (no adaptive resizing).  Delete
 * (and Flush) pass every cached entry to Free.  Flags (Win8+):
 * POOL_RAISE_IF_ALLOCATION_FAILURE and POOL_NX_ALLOCATION; Depth is ignored.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExInitializeNPagedLookasideList(_Out_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                     _In_opt_ PALLOCATE_FUNCTION Allocate,
                                     _In_opt_ PFREE_FUNCTION Free, _In_ ULONG Flags,
                                     _In_ SIZE_T Size, _In_ ULONG Tag, _In_ USHORT Depth);
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocateFromNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExFreeToNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside, _In_ PVOID Entry);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExDeleteNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);

/* Paged forms: the same at <= APC_LEVEL, entries from paged pool. */
_IRQL_requires_max_(APC_LEVEL)
VOID ExInitializePagedLookasideList(_Out_ PPAGED_LOOKASIDE_LIST Lookaside,
                                    _In_opt_ PALLOCATE_FUNCTION Allocate,
                                    _In_opt_ PFREE_FUNCTION Free, _In_ ULONG Flags,
                                    _In_ SIZE_T Size, _In_ ULONG Tag, _In_ USHORT Depth);
_IRQL_requires_max_(APC_LEVEL)
PVOID ExAllocateFromPagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside);
_IRQL_requires_max_(APC_LEVEL)
VOID ExFreeToPagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside, _In_ PVOID Entry);
_IRQL_requires_max_(APC_LEVEL)
VOID ExDeletePagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside);

/* STATUS_SUCCESS, STATUS_INVALID_PARAMETER_4 (PoolType) or
 * STATUS_INVALID_PARAMETER_5 (Flags). */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS ExInitializeLookasideListEx(_Out_ PLOOKASIDE_LIST_EX Lookaside,
                                     _In_opt_ PALLOCATE_FUNCTION_EX Allocate,
                                     _In_opt_ PFREE_FUNCTION_EX Free,
                                     _In_ POOL_TYPE PoolType, _In_ ULONG Flags,
                                     _In_ SIZE_T Size, _In_ ULONG Tag, _In_ USHORT Depth);
_IRQL_requires_max_(DISPATCH_LEVEL)
PVOID ExAllocateFromLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExFreeToLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside, _In_ PVOID Entry);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExDeleteLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside);
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID ExFlushLookasideListEx(_Inout_ PLOOKASIDE_LIST_EX Lookaside);

/* ---- interlocked lists (any IRQL) ------------------------------------------- */
/* Insert/Push return the previous first (tail insert: last) entry or NULL;
 * Remove/Pop return the entry or NULL.  Lock is a KSPIN_LOCK used only by
 * these routines (KeInitializeSpinLock: 0). */
PLIST_ENTRY ExInterlockedInsertHeadList(_Inout_ PLIST_ENTRY ListHead,
                                        _Inout_ PLIST_ENTRY ListEntry,
                                        _Inout_ PKSPIN_LOCK Lock);
PLIST_ENTRY ExInterlockedInsertTailList(_Inout_ PLIST_ENTRY ListHead,
                                        _Inout_ PLIST_ENTRY ListEntry,
                                        _Inout_ PKSPIN_LOCK Lock);
PLIST_ENTRY ExInterlockedRemoveHeadList(_Inout_ PLIST_ENTRY ListHead,
                                        _Inout_ PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead,
                                              _Inout_ PSINGLE_LIST_ENTRY ListEntry,
                                              _Inout_ PKSPIN_LOCK Lock);
PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead,
                                             _Inout_ PKSPIN_LOCK Lock);

/* ---- sequenced singly linked lists (S-lists) -------------------------------- */
/*
 * Lock-free on the 16-byte SLIST_HEADER (depth, sequence, first entry),
 * ABA-safe by the sequence.  On x64 the Lock argument is ignored.
 */
VOID InitializeSListHead(_Out_ PSLIST_HEADER SListHead);
#define ExInitializeSListHead(SListHead) InitializeSListHead(SListHead)
PSLIST_ENTRY FASTCALL ExInterlockedPushEntrySList(_Inout_ PSLIST_HEADER ListHead,
                                                  _Inout_ PSLIST_ENTRY ListEntry,
                                                  _Inout_opt_ PKSPIN_LOCK Lock);
PSLIST_ENTRY FASTCALL ExInterlockedPopEntrySList(_Inout_ PSLIST_HEADER ListHead,
                                                 _Inout_opt_ PKSPIN_LOCK Lock);
PSLIST_ENTRY FASTCALL ExInterlockedFlushSList(_Inout_ PSLIST_HEADER ListHead);
_IRQL_requires_max_(DISPATCH_LEVEL)
USHORT ExQueryDepthSList(_In_ PSLIST_HEADER SListHead);

/* The kernel-mode forms of the Interlocked*SList names. */
PSLIST_ENTRY FASTCALL ExpInterlockedPushEntrySList(_Inout_ PSLIST_HEADER ListHead,
                                                   _Inout_ PSLIST_ENTRY ListEntry);
PSLIST_ENTRY FASTCALL ExpInterlockedPopEntrySList(_Inout_ PSLIST_HEADER ListHead);
PSLIST_ENTRY FASTCALL ExpInterlockedFlushSList(_Inout_ PSLIST_HEADER ListHead);
#define InterlockedPushEntrySList(Head, Entry) ExpInterlockedPushEntrySList(Head, Entry)
#define InterlockedPopEntrySList(Head)         ExpInterlockedPopEntrySList(Head)
#define InterlockedFlushSList(Head)            ExpInterlockedFlushSList(Head)
#define QueryDepthSList(Head)                  ExQueryDepthSList(Head)

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_EX_H */
