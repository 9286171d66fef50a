/*
 * ndisdma WDK compatibility headers: system threads (Ps), objects (Ob) and
 * handles (Zw).
 *
 * Included at the end of wdm.h; drivers never include it directly.
 * Values, prototypes and layouts: wdk-surface-facts.md section 3.
 *
 * Clean-room: written from the spec, the facts files and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_PS_H
#define NDISDMA_WDK_PS_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status values ------------------------------------------------------------ */
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE        ((NTSTATUS)0xC0000008L)
#endif
#ifndef STATUS_ACCESS_DENIED
#define STATUS_ACCESS_DENIED         ((NTSTATUS)0xC0000022L)
#endif
#ifndef STATUS_OBJECT_TYPE_MISMATCH
#define STATUS_OBJECT_TYPE_MISMATCH  ((NTSTATUS)0xC0000024L)
#endif
#ifndef STATUS_HANDLE_NOT_CLOSABLE
#define STATUS_HANDLE_NOT_CLOSABLE   ((NTSTATUS)0xC0000235L)
#endif

/* ---- access rights --------------------------------------------------------------- */
typedef ULONG ACCESS_MASK, *PACCESS_MASK;

#ifndef DELETE
#define DELETE                   0x00010000L
#endif
#define READ_CONTROL             0x00020000L
#define WRITE_DAC                0x00040000L
#define WRITE_OWNER              0x00080000L
#define SYNCHRONIZE              0x00100000L
#define STANDARD_RIGHTS_REQUIRED 0x000F0000L
#define STANDARD_RIGHTS_ALL      0x001F0000L
#define GENERIC_READ             0x80000000L
#define GENERIC_WRITE            0x40000000L
#define GENERIC_EXECUTE          0x20000000L
#define GENERIC_ALL              0x10000000L
#define THREAD_ALL_ACCESS        (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF)

/* ---- object attributes ---------------------------------------------------------------- */
typedef PVOID PSECURITY_DESCRIPTOR;

#define OBJ_INHERIT            0x00000002L
#define OBJ_PERMANENT          0x00000010L
#define OBJ_EXCLUSIVE          0x00000020L
#define OBJ_CASE_INSENSITIVE   0x00000040L
#define OBJ_OPENIF             0x00000080L
#define OBJ_OPENLINK           0x00000100L
#define OBJ_KERNEL_HANDLE      0x00000200L
#define OBJ_FORCE_ACCESS_CHECK 0x00000400L
#define OBJ_VALID_ATTRIBUTES   0x00001FF2L

typedef struct _OBJECT_ATTRIBUTES {
    ULONG           Length;                    /* +0  sizeof(OBJECT_ATTRIBUTES) */
    HANDLE          RootDirectory;             /* +8 */
    PUNICODE_STRING ObjectName;                /* +16 */
    ULONG           Attributes;                /* +24 OBJ_* */
    PVOID           SecurityDescriptor;        /* +32 */
    PVOID           SecurityQualityOfService;  /* +40 */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef const OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;

NDISDMA_WDK_STATIC_ASSERT(sizeof(OBJECT_ATTRIBUTES) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(OBJECT_ATTRIBUTES, RootDirectory) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(OBJECT_ATTRIBUTES, ObjectName) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(OBJECT_ATTRIBUTES, Attributes) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(OBJECT_ATTRIBUTES, SecurityDescriptor) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(OBJECT_ATTRIBUTES, SecurityQualityOfService) == 40);

#define InitializeObjectAttributes(p, n, a, r, s) do {      \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);             \
        (p)->RootDirectory = (r);                            \
        (p)->Attributes = (a);                               \
        (p)->ObjectName = (n);                               \
        (p)->SecurityDescriptor = (s);                       \
        (p)->SecurityQualityOfService = NULL;                \
    } while (0)

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

NDISDMA_WDK_STATIC_ASSERT(sizeof(CLIENT_ID) == 16);

/* The process a driver thread belongs to: the system process. */
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define ZwCurrentProcess() NtCurrentProcess()

/* ---- objects -------------------------------------------------------------------------- */
typedef struct _OBJECT_TYPE *POBJECT_TYPE;
typedef struct _ETHREAD *PETHREAD;

/* The object types a driver may name in ObReferenceObjectByHandle. */
extern POBJECT_TYPE *PsThreadType;
extern POBJECT_TYPE *ExEventObjectType;

typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG       HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

NTSTATUS ObReferenceObjectByHandle(_In_ HANDLE Handle, _In_ ACCESS_MASK DesiredAccess,
                                   _In_opt_ POBJECT_TYPE ObjectType,
                                   _In_ KPROCESSOR_MODE AccessMode,
                                   _Out_ PVOID *Object,
                                   _Out_opt_ POBJECT_HANDLE_INFORMATION HandleInformation);
LONG_PTR ObfReferenceObject(_In_ PVOID Object);
LONG_PTR ObfDereferenceObject(_In_ PVOID Object);
#define ObReferenceObject(Object)   ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ((VOID)ObfDereferenceObject(Object))

NTSTATUS ZwClose(_In_ HANDLE Handle);

/* ---- system threads ----------------------------------------------------------------- */
typedef VOID KSTART_ROUTINE(_In_ PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

NTSTATUS PsCreateSystemThread(_Out_ PHANDLE ThreadHandle, _In_ ULONG DesiredAccess,
                              _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
                              _In_opt_ HANDLE ProcessHandle, _Out_opt_ PCLIENT_ID ClientId,
                              _In_ PKSTART_ROUTINE StartRoutine, _In_opt_ PVOID StartContext);
NTSTATUS PsTerminateSystemThread(_In_ NTSTATUS ExitStatus);
PETHREAD PsGetCurrentThread(VOID);
HANDLE PsGetCurrentThreadId(VOID);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_PS_H */
