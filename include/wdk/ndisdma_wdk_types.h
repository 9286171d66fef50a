/*
 * ndisdma WDK compatibility headers: base types and helper macros.
 *
 * The WDK types keep their Windows (LLP64) widths on the LP64 Linux compiler
 * (spec section 1): ULONG and LONG are 32 bits, ULONG_PTR/SIZE_T/pointers 64.
 * Included by wdm.h and ndis.h; drivers never include it directly.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_TYPES_H
#define NDISDMA_WDK_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <assert.h>

#include "ndisdma_wdk_sal.h"

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "ndisdma WDK headers assume a 64-bit (LP64) target"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Compile-time layout checks; every miniport build runs them. */
#ifdef __cplusplus
#define NDISDMA_WDK_STATIC_ASSERT(e) static_assert((e), #e)
#define NDISDMA_WDK_ALIGNOF(t) alignof(t)
#else
#define NDISDMA_WDK_STATIC_ASSERT(e) _Static_assert((e), #e)
#define NDISDMA_WDK_ALIGNOF(t) _Alignof(t)
#endif

#ifndef C_ASSERT
#define C_ASSERT(e) NDISDMA_WDK_STATIC_ASSERT(e)
#endif

/* ---- scalar types --------------------------------------------------------- */
#ifndef VOID
#define VOID void
#endif
typedef void *PVOID, **PPVOID;
typedef const void *PCVOID;
typedef char CHAR, CCHAR, *PCHAR, *PSTR, *PSZ, *LPSTR;
typedef const char *PCSTR, *PCSZ, *LPCSTR;
typedef uint8_t UCHAR, *PUCHAR, BYTE, *PBYTE;
typedef const uint8_t *PCUCHAR;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef int16_t SHORT, *PSHORT, CSHORT, *PCSHORT;
typedef uint16_t USHORT, *PUSHORT, WORD;
typedef int32_t LONG, *PLONG;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD;
typedef const ULONG *PCULONG;
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef int64_t LONG64, *PLONG64, LONGLONG, *PLONGLONG;
typedef uint64_t ULONG64, *PULONG64, ULONGLONG, *PULONGLONG, DWORD64;
typedef int32_t LONG32, *PLONG32;
typedef uint32_t ULONG32, *PULONG32;
typedef int8_t INT8, *PINT8;
typedef int16_t INT16, *PINT16;
typedef int32_t INT32, *PINT32;
typedef int64_t INT64, *PINT64;
typedef uint8_t UINT8, *PUINT8;
typedef uint16_t UINT16, *PUINT16;
typedef uint32_t UINT32, *PUINT32;
typedef uint64_t UINT64, *PUINT64;
typedef intptr_t LONG_PTR, *PLONG_PTR, INT_PTR, *PINT_PTR, SSIZE_T;
typedef uintptr_t ULONG_PTR, *PULONG_PTR, UINT_PTR, *PUINT_PTR, DWORD_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
typedef ULONG_PTR PFN_NUMBER, *PPFN_NUMBER;
/* WCHAR is wchar_t, 16-bit UTF-16 as on Windows: every WDK build uses
 * -fshort-wchar (pkg-config --cflags ndisdma), so L"..." is a WCHAR array
 * in C and in C++ (where wchar_t is its own type); the size assert below
 * stops a build without the flag. */
typedef wchar_t WCHAR, *PWCHAR, *PWCH, *LPWCH, *PWSTR, *LPWSTR;
typedef const wchar_t *PCWCH, *LPCWCH, *PCWSTR, *LPCWSTR;
typedef PVOID HANDLE, *PHANDLE;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef UCHAR KIRQL, *PKIRQL;
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;
typedef CCHAR KPROCESSOR_MODE;
typedef ULONG LOGICAL, *PLOGICAL;

NDISDMA_WDK_STATIC_ASSERT(sizeof(UCHAR) == 1 && sizeof(BOOLEAN) == 1);
NDISDMA_WDK_STATIC_ASSERT(sizeof(USHORT) == 2 && sizeof(WCHAR) == 2);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ULONG) == 4 && sizeof(LONG) == 4);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ULONG64) == 8 && sizeof(LONGLONG) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ULONG_PTR) == 8 && sizeof(SIZE_T) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(PVOID) == 8 && sizeof(PFN_NUMBER) == 8);

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

#define MAXUCHAR      0xff
#define MAXUSHORT     0xffff
#define MAXULONG      0xffffffffU
#define MAXLONG       0x7fffffff
#define MINLONG       (-MAXLONG - 1)
#define MAXUINT       ((UINT)~((UINT)0))
#define MAXINT        ((INT)(MAXUINT >> 1))
#define MININT        ((INT)~MAXINT)
#define MAXLONGLONG   0x7fffffffffffffffLL
#define MAXULONGLONG  0xffffffffffffffffULL
#define MAXLONG64     MAXLONGLONG
#define MAXULONG64    MAXULONGLONG
#define MAXULONG32    MAXULONG
#define MAXLONG32     MAXLONG
#define MAXULONG_PTR  (~((ULONG_PTR)0))
#define MAXLONG_PTR   ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MINLONG_PTR   (~MAXLONG_PTR)
#define MAXSIZE_T     ((SIZE_T)~((SIZE_T)0))

/* ---- 64-bit integer unions ------------------------------------------------ */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG  HighPart;
    };
    struct {
        ULONG LowPart;
        LONG  HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

NDISDMA_WDK_STATIC_ASSERT(sizeof(LARGE_INTEGER) == 8);
NDISDMA_WDK_STATIC_ASSERT(NDISDMA_WDK_ALIGNOF(LARGE_INTEGER) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(LARGE_INTEGER, HighPart) == 4);
NDISDMA_WDK_STATIC_ASSERT(sizeof(ULARGE_INTEGER) == 8);

/* ---- GUID ----------------------------------------------------------------- */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    ULONG  Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR  Data4[8];
} GUID;
#endif
typedef GUID *PGUID;
typedef const GUID *LPCGUID;

/* ---- counted strings ------------------------------------------------------ */
typedef struct _UNICODE_STRING {
    USHORT Length;          /* bytes, without terminator */
    USHORT MaximumLength;   /* bytes of Buffer */
    PWSTR  Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR  Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING;

NDISDMA_WDK_STATIC_ASSERT(sizeof(UNICODE_STRING) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(UNICODE_STRING, Buffer) == 8);

/* The initializer of a counted string from a literal taken exactly as
 * written (facts §4.2 "Literal forms"): RTL_CONSTANT_STRING(L"Key") for a
 * UNICODE_STRING (L"" is UTF-16 under -fshort-wchar), RTL_CONSTANT_STRING
 * ("x") for an ANSI_STRING.  Length excludes the terminator.  WCHAR is
 * wchar_t, so the wchar_t overload serves L"..." and WCHAR arrays. */
#ifdef __cplusplus
}
extern "C++" {
static inline PCHAR NdisDmaRtlConstantBuffer(const char *s) { return const_cast<PCHAR>(s); }
static inline PWSTR NdisDmaRtlConstantBuffer(const wchar_t *s)
{
    return reinterpret_cast<PWSTR>(const_cast<wchar_t *>(s));
}
static inline PWSTR NdisDmaRtlConstantBuffer(const char16_t *s)
{
    return reinterpret_cast<PWSTR>(const_cast<char16_t *>(s));
}
}
extern "C" {
#define RTL_CONSTANT_STRING(s) \
    { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), NdisDmaRtlConstantBuffer(s) }
#else
#define RTL_CONSTANT_STRING(s) \
    { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (void *)(s) }
#endif

/* ---- structure helpers ---------------------------------------------------- */
#define FIELD_OFFSET(type, field)   ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
    (offsetof(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
    ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#ifndef ARRAYSIZE
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#endif
/* ntdef.h: drivers use min()/max() freely (NOMINMAX turns them off). */
#ifndef NOMINMAX
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - offsetof(type, field)))

#define UNREFERENCED_PARAMETER(P)          ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P)      ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
/* Through an integer so that `&local` arguments do not trip -Waddress. */
#define ARGUMENT_PRESENT(p) ((CHAR *)((ULONG_PTR)(p)) != (CHAR *)NULL)

#define ALIGN_DOWN_BY(length, alignment) \
    ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) \
    (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment))
#define ALIGN_DOWN_POINTER_BY(p, alignment) ((PVOID)ALIGN_DOWN_BY(p, alignment))
#define ALIGN_UP_POINTER_BY(p, alignment)   ((PVOID)ALIGN_UP_BY(p, alignment))
#define ALIGN_DOWN(length, type)            ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type)              ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(p, type)         ALIGN_DOWN_POINTER_BY(p, sizeof(type))
#define ALIGN_UP_POINTER(p, type)           ALIGN_UP_POINTER_BY(p, sizeof(type))

#define MEMORY_ALLOCATION_ALIGNMENT 16
#define SYSTEM_CACHE_ALIGNMENT_SIZE 64

/* ---- pages (x64: 4 KiB) --------------------------------------------------- */
#ifndef PAGE_SIZE
#define PAGE_SIZE 0x1000
#endif
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
/* Virtual address of the page containing Va. */
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~((ULONG_PTR)PAGE_SIZE - 1)))
/* Offset of Va within its page. */
#define BYTE_OFFSET(Va) ((ULONG)((ULONG_PTR)(Va) & ((ULONG_PTR)PAGE_SIZE - 1)))
/* Pages needed to hold Size bytes starting on a page boundary. */
#define BYTES_TO_PAGES(Size) \
    ((ULONG)((ULONG_PTR)(Size) >> PAGE_SHIFT) + \
     (((ULONG)(Size) & ((ULONG)PAGE_SIZE - 1)) != 0))
/* Pages touched by the Size bytes starting at Va. */
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size) \
    ((ULONG)((BYTE_OFFSET(Va) + ((SIZE_T)(Size)) + ((SIZE_T)PAGE_SIZE - 1)) >> PAGE_SHIFT))
#define ROUND_TO_PAGES(Size) \
    (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~((ULONG_PTR)PAGE_SIZE - 1))
#define COMPUTE_PAGES_SPANNED(Va, Size) ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)

/* ---- memory helpers (over string.h) --------------------------------------- */
#define RtlZeroMemory(Destination, Length)       memset((Destination), 0, (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (int)(Fill), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
/* Never optimised away (facts §4.2): every byte is a volatile store. */
static inline PVOID RtlSecureZeroMemory(PVOID Pointer, SIZE_T Count)
{
    volatile UCHAR *p = (volatile UCHAR *)Pointer;
    while (Count--)
        *p++ = 0;
    return Pointer;
}

/* ---- doubly linked lists -------------------------------------------------- */
typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *PRLIST_ENTRY;

static inline VOID InitializeListHead(PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead->Blink = ListHead;
}

static inline BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
    return (BOOLEAN)(ListHead->Flink == ListHead);
}

/* Returns TRUE if the list the entry was on is now empty. */
static inline BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = Entry->Flink;
    PLIST_ENTRY prev = Entry->Blink;
    prev->Flink = next;
    next->Blink = prev;
    return (BOOLEAN)(next == prev);
}

/* Caller checks IsListEmpty first; on an empty list the head is returned. */
static inline PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Flink;
    PLIST_ENTRY next = entry->Flink;
    ListHead->Flink = next;
    next->Blink = ListHead;
    return entry;
}

static inline PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Blink;
    PLIST_ENTRY prev = entry->Blink;
    ListHead->Blink = prev;
    prev->Flink = ListHead;
    return entry;
}

static inline VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY prev = ListHead->Blink;
    Entry->Flink = ListHead;
    Entry->Blink = prev;
    prev->Flink = Entry;
    ListHead->Blink = Entry;
}

static inline VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = ListHead->Flink;
    Entry->Flink = next;
    Entry->Blink = ListHead;
    next->Blink = Entry;
    ListHead->Flink = Entry;
}

/* Splices the list that starts at ListToAppend (an entry, not a head) in. */
static inline VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend)
{
    PLIST_ENTRY tail = ListHead->Blink;
    ListHead->Blink->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = tail;
}

/* ---- singly linked lists -------------------------------------------------- */
typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

static inline PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead)
{
    PSINGLE_LIST_ENTRY first = ListHead->Next;
    if (first != NULL)
        ListHead->Next = first->Next;
    return first;
}

static inline VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry)
{
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

/* Interlocked singly linked list entry and header: 16 bytes, 16-aligned. */
typedef struct DECLSPEC_ALIGN(16) _SLIST_ENTRY {
    struct _SLIST_ENTRY *Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
    struct {
        ULONGLONG Alignment;
        ULONGLONG Region;
    };
    struct {
        ULONGLONG Depth : 16;
        ULONGLONG Sequence : 48;
        ULONGLONG Reserved : 4;
        ULONGLONG NextEntry : 60;
    } HeaderX64;
} SLIST_HEADER, *PSLIST_HEADER;

NDISDMA_WDK_STATIC_ASSERT(sizeof(LIST_ENTRY) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(SLIST_ENTRY) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(SLIST_HEADER) == 16);
NDISDMA_WDK_STATIC_ASSERT(NDISDMA_WDK_ALIGNOF(SLIST_HEADER) == 16);

#ifdef __cplusplus
}
#endif

#include "ndisdma_wdk_ntstatus.h"
#include "ndisdma_wdk_guid.h"

#endif /* NDISDMA_WDK_TYPES_H */
