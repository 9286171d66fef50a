/*
 * ndisdma WDK compatibility headers: NDIS version switches, NDIS_STATUS
 * codes, NDIS_OBJECT_HEADER and the basic NDIS scalar types.
 *
 * Included by ndis.h; drivers never include it directly.
 * Status values: spec section 2 and facts file section 8.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_BASE_H
#define NDISDMA_WDK_BASE_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- NDIS version the miniport is built for ------------------------------- */
/*
 * A driver selects its NDIS version with NDIS6xx_MINIPORT (as with the WDK);
 * without one, ndisdma assumes NDIS 6.30.  NDIS_MINIPORT_MAJOR_VERSION and
 * NDIS_MINIPORT_MINOR_VERSION are what the driver puts in its
 * characteristics; NDIS_SUPPORT_NDISxxx are 1 when that version's features
 * are visible.  ndisdma's structure layouts do not depend on the switch: the
 * structures always carry their latest revision's fields, and the runtime
 * accepts every revision.
 */
#ifndef NDIS_MINIPORT_DRIVER
#define NDIS_MINIPORT_DRIVER 1
#endif

#if !defined(NDIS_MINIPORT_MAJOR_VERSION) || !defined(NDIS_MINIPORT_MINOR_VERSION)
#undef NDIS_MINIPORT_MAJOR_VERSION
#undef NDIS_MINIPORT_MINOR_VERSION
#define NDIS_MINIPORT_MAJOR_VERSION 6
#if defined(NDIS686_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 86
#elif defined(NDIS685_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 85
#elif defined(NDIS684_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 84
#elif defined(NDIS683_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 83
#elif defined(NDIS682_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 82
#elif defined(NDIS681_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 81
#elif defined(NDIS680_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 80
#elif defined(NDIS670_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 70
#elif defined(NDIS660_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 60
#elif defined(NDIS651_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 51
#elif defined(NDIS650_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 50
#elif defined(NDIS640_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 40
#elif defined(NDIS630_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 30
#elif defined(NDIS620_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 20
#elif defined(NDIS61_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 1
#elif defined(NDIS60_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 0
#else
#define NDIS_MINIPORT_MINOR_VERSION 30
#endif
#endif

#if NDIS_MINIPORT_MAJOR_VERSION != 6
#error "ndisdma supports NDIS 6.x miniports only"
#endif

/*
 * facts §6.13: each NDIS_SUPPORT_NDISxyz of a version up to the chosen one
 * is the literal 1, every later one the literal 0 (so "#if", "== 1" and
 * token pasting all work), e.g. NDIS630_MINIPORT => NDIS_SUPPORT_NDIS630 =
 * NDIS_SUPPORT_NDIS620 = NDIS_SUPPORT_NDIS61 = NDIS_SUPPORT_NDIS6 = 1.
 * NDIS_SUPPORT_60_COMPATIBLE_API is 1 only for 6.0 and 6.1 miniports (it
 * exposes the legacy NDIS_RW_LOCK / LOCK_STATE).
 */
#define NDIS_SUPPORT_NDIS6 1
#if NDIS_MINIPORT_MINOR_VERSION >= 1
#define NDIS_SUPPORT_NDIS61 1
#else
#define NDIS_SUPPORT_NDIS61 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 20
#define NDIS_SUPPORT_NDIS620 1
#else
#define NDIS_SUPPORT_NDIS620 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 30
#define NDIS_SUPPORT_NDIS630 1
#else
#define NDIS_SUPPORT_NDIS630 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 40
#define NDIS_SUPPORT_NDIS640 1
#else
#define NDIS_SUPPORT_NDIS640 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 50
#define NDIS_SUPPORT_NDIS650 1
#else
#define NDIS_SUPPORT_NDIS650 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 51
#define NDIS_SUPPORT_NDIS651 1
#else
#define NDIS_SUPPORT_NDIS651 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 60
#define NDIS_SUPPORT_NDIS660 1
#else
#define NDIS_SUPPORT_NDIS660 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 70
#define NDIS_SUPPORT_NDIS670 1
#else
#define NDIS_SUPPORT_NDIS670 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 80
#define NDIS_SUPPORT_NDIS680 1
#else
#define NDIS_SUPPORT_NDIS680 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 81
#define NDIS_SUPPORT_NDIS681 1
#else
#define NDIS_SUPPORT_NDIS681 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 82
#define NDIS_SUPPORT_NDIS682 1
#else
#define NDIS_SUPPORT_NDIS682 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 83
#define NDIS_SUPPORT_NDIS683 1
#else
#define NDIS_SUPPORT_NDIS683 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 84
#define NDIS_SUPPORT_NDIS684 1
#else
#define NDIS_SUPPORT_NDIS684 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 85
#define NDIS_SUPPORT_NDIS685 1
#else
#define NDIS_SUPPORT_NDIS685 0
#endif
#if NDIS_MINIPORT_MINOR_VERSION >= 86
#define NDIS_SUPPORT_NDIS686 1
#else
#define NDIS_SUPPORT_NDIS686 0
#endif
/* (a translation unit may define it as 1 first: ndisdma's own
 * src/ndis/rwlock.c, which implements the legacy lock) */
#ifndef NDIS_SUPPORT_60_COMPATIBLE_API
#if NDIS_MINIPORT_MINOR_VERSION < 20
#define NDIS_SUPPORT_60_COMPATIBLE_API 1
#else
#define NDIS_SUPPORT_60_COMPATIBLE_API 0
#endif
#endif

/* ---- basic NDIS types -------------------------------------------------------- */
typedef LONG NDIS_STATUS, *PNDIS_STATUS;            /* signed: failures < 0 */
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;
typedef UNICODE_STRING NDIS_STRING, *PNDIS_STRING;
typedef CM_PARTIAL_RESOURCE_LIST NDIS_RESOURCE_LIST, *PNDIS_RESOURCE_LIST;
typedef ULONG NDIS_OID, *PNDIS_OID;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;
typedef ULONG NDIS_ERROR_CODE, *PNDIS_ERROR_CODE;
typedef ULONG NET_IFINDEX, *PNET_IFINDEX;
typedef USHORT NET_IFTYPE, *PNET_IFTYPE;

typedef union _NET_LUID_LH {
    ULONG64 Value;
    struct {
        ULONG64 Reserved : 24;
        ULONG64 NetLuidIndex : 24;
        ULONG64 IfType : 16;
    } Info;
} NET_LUID_LH, *PNET_LUID_LH, NET_LUID, *PNET_LUID, IF_LUID, *PIF_LUID;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NET_LUID) == 8);

#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)

/* Takes a narrow literal and widens it itself (facts §4.2):
 * NDIS_STRING_CONST("*JumboPacket") is a UTF-16 NDIS_STRING. */
#define NDIS_STRING_CONST(x) RTL_CONSTANT_STRING(L##x)

/* An NDIS_PHYSICAL_ADDRESS initializer. */
#define NDIS_PHYSICAL_ADDRESS_CONST(Low, High) { { (ULONG)(Low), (LONG)(High) } }
#define NdisGetPhysicalAddressLow(Pa)         ((Pa).LowPart)
#define NdisGetPhysicalAddressHigh(Pa)        ((Pa).HighPart)
#define NdisSetPhysicalAddressLow(Pa, Value)  ((Pa).LowPart = (Value))
#define NdisSetPhysicalAddressHigh(Pa, Value) ((Pa).HighPart = (Value))

/* ---- NDIS_STATUS codes ------------------------------------------------------- */
#define NDIS_STATUS_SUCCESS                ((NDIS_STATUS)STATUS_SUCCESS)
#define NDIS_STATUS_PENDING                ((NDIS_STATUS)STATUS_PENDING)
#define NDIS_STATUS_NOT_RECOGNIZED         ((NDIS_STATUS)0x00010001L)
#define NDIS_STATUS_NOT_COPIED             ((NDIS_STATUS)0x00010002L)
#define NDIS_STATUS_NOT_ACCEPTED           ((NDIS_STATUS)0x00010003L)
#define NDIS_STATUS_MEDIA_CONNECT          ((NDIS_STATUS)0x4001000BL)
#define NDIS_STATUS_MEDIA_DISCONNECT       ((NDIS_STATUS)0x4001000CL)
#define NDIS_STATUS_LINK_STATE             ((NDIS_STATUS)0x40010017L)
#define NDIS_STATUS_BUFFER_OVERFLOW        ((NDIS_STATUS)STATUS_BUFFER_OVERFLOW)
#define NDIS_STATUS_NOT_RESETTABLE         ((NDIS_STATUS)0x80010001L)
#define NDIS_STATUS_SOFT_ERRORS            ((NDIS_STATUS)0x80010003L)
#define NDIS_STATUS_HARD_ERRORS            ((NDIS_STATUS)0x80010004L)
#define NDIS_STATUS_FAILURE                ((NDIS_STATUS)STATUS_UNSUCCESSFUL)
#define NDIS_STATUS_RESOURCES              ((NDIS_STATUS)STATUS_INSUFFICIENT_RESOURCES)
#define NDIS_STATUS_NOT_SUPPORTED          ((NDIS_STATUS)STATUS_NOT_SUPPORTED)
#define NDIS_STATUS_INVALID_PARAMETER      ((NDIS_STATUS)STATUS_INVALID_PARAMETER)
#define NDIS_STATUS_INVALID_DEVICE_REQUEST ((NDIS_STATUS)STATUS_INVALID_DEVICE_REQUEST)
#define NDIS_STATUS_CLOSING                ((NDIS_STATUS)0xC0010002L)
#define NDIS_STATUS_BAD_VERSION            ((NDIS_STATUS)0xC0010004L)
#define NDIS_STATUS_BAD_CHARACTERISTICS    ((NDIS_STATUS)0xC0010005L)
#define NDIS_STATUS_ADAPTER_NOT_FOUND      ((NDIS_STATUS)0xC0010006L)
#define NDIS_STATUS_DEVICE_FAILED          ((NDIS_STATUS)0xC0010008L)
#define NDIS_STATUS_MULTICAST_FULL         ((NDIS_STATUS)0xC0010009L)
#define NDIS_STATUS_MULTICAST_EXISTS       ((NDIS_STATUS)0xC001000AL)
#define NDIS_STATUS_MULTICAST_NOT_FOUND    ((NDIS_STATUS)0xC001000BL)
#define NDIS_STATUS_REQUEST_ABORTED        ((NDIS_STATUS)0xC001000CL)
#define NDIS_STATUS_RESET_IN_PROGRESS      ((NDIS_STATUS)0xC001000DL)
#define NDIS_STATUS_INVALID_PACKET         ((NDIS_STATUS)0xC001000FL)
#define NDIS_STATUS_INVALID_LENGTH         ((NDIS_STATUS)0xC0010014L)
#define NDIS_STATUS_INVALID_DATA           ((NDIS_STATUS)0xC0010015L)
#define NDIS_STATUS_BUFFER_TOO_SHORT       ((NDIS_STATUS)0xC0010016L)
#define NDIS_STATUS_INVALID_OID            ((NDIS_STATUS)0xC0010017L)
#define NDIS_STATUS_ADAPTER_REMOVED        ((NDIS_STATUS)0xC0010018L)
/* NdisMMapIoSpace / NdisMRegisterInterruptEx: no such resource */
#define NDIS_STATUS_RESOURCE_CONFLICT      ((NDIS_STATUS)0xC001001EL)
#define NDIS_STATUS_UNSUPPORTED_MEDIA      ((NDIS_STATUS)0xC0010019L)
#define NDIS_STATUS_INVALID_ADDRESS        ((NDIS_STATUS)0xC0010022L)
/* Reset and error statuses (warnings: not NT_SUCCESS). */
#define NDIS_STATUS_NOT_RESETTABLE         ((NDIS_STATUS)0x80010001L)
#define NDIS_STATUS_SOFT_ERRORS            ((NDIS_STATUS)0x80010003L)
#define NDIS_STATUS_HARD_ERRORS            ((NDIS_STATUS)0x80010004L)
/* Aliases of NTSTATUS values (facts §6.14). */
#define NDIS_STATUS_INVALID_STATE          ((NDIS_STATUS)STATUS_INVALID_DEVICE_STATE)
#define NDIS_STATUS_INDICATION_REQUIRED    ((NDIS_STATUS)STATUS_NDIS_INDICATION_REQUIRED)
/* Aliases of STATUS_NDIS_* (facility 0x23). */
#define NDIS_STATUS_SEND_ABORTED           ((NDIS_STATUS)STATUS_NDIS_REQUEST_ABORTED)
#define NDIS_STATUS_MEDIA_DISCONNECTED     ((NDIS_STATUS)STATUS_NDIS_MEDIA_DISCONNECTED)
#define NDIS_STATUS_PAUSED                 ((NDIS_STATUS)STATUS_NDIS_PAUSED)
#define NDIS_STATUS_UNSUPPORTED_REVISION   ((NDIS_STATUS)STATUS_NDIS_UNSUPPORTED_REVISION)
#define NDIS_STATUS_LOW_POWER_STATE        ((NDIS_STATUS)STATUS_NDIS_LOW_POWER_STATE)

NDISDMA_WDK_STATIC_ASSERT(NDIS_STATUS_FAILURE < 0);
NDISDMA_WDK_STATIC_ASSERT(NDIS_STATUS_RESOURCES == (NDIS_STATUS)(int32_t)-1073741670);
NDISDMA_WDK_STATIC_ASSERT(NDIS_STATUS_PENDING == 0x103);
NDISDMA_WDK_STATIC_ASSERT(NDIS_STATUS_SEND_ABORTED == (NDIS_STATUS)0xC023000CL);
NDISDMA_WDK_STATIC_ASSERT(NDIS_STATUS_INVALID_STATE == (NDIS_STATUS)0xC0000184L);

/*
 * Error-log codes for NdisWriteErrorLogEntry (facts §6.5): each
 * NDIS_ERROR_CODE_X is the event-log message id EVENT_NDIS_X.  The top two
 * bits are the severity (TIMEOUT and ADAPTER_DISABLED are warnings,
 * RECEIVE_SPACE_SMALL informational, the rest errors).
 */
#define EVENT_NDIS_RESOURCE_CONFLICT                0xC0001388L
#define EVENT_NDIS_OUT_OF_RESOURCES                 0xC0001389L
#define EVENT_NDIS_HARDWARE_FAILURE                 0xC000138AL
#define EVENT_NDIS_ADAPTER_NOT_FOUND                0xC000138BL
#define EVENT_NDIS_INTERRUPT_CONNECT                0xC000138CL
#define EVENT_NDIS_DRIVER_FAILURE                   0xC000138DL
#define EVENT_NDIS_BAD_VERSION                      0xC000138EL
#define EVENT_NDIS_TIMEOUT                          0x8000138FL
#define EVENT_NDIS_NETWORK_ADDRESS                  0xC0001390L
#define EVENT_NDIS_UNSUPPORTED_CONFIGURATION        0xC0001391L
#define EVENT_NDIS_INVALID_VALUE_FROM_ADAPTER       0xC0001392L
#define EVENT_NDIS_MISSING_CONFIGURATION_PARAMETER  0xC0001393L
#define EVENT_NDIS_BAD_IO_BASE_ADDRESS              0xC0001394L
#define EVENT_NDIS_RECEIVE_SPACE_SMALL              0x40001395L
#define EVENT_NDIS_ADAPTER_DISABLED                 0x80001396L

#define NDIS_ERROR_CODE_RESOURCE_CONFLICT                ((NDIS_ERROR_CODE)EVENT_NDIS_RESOURCE_CONFLICT)
#define NDIS_ERROR_CODE_OUT_OF_RESOURCES                 ((NDIS_ERROR_CODE)EVENT_NDIS_OUT_OF_RESOURCES)
#define NDIS_ERROR_CODE_HARDWARE_FAILURE                 ((NDIS_ERROR_CODE)EVENT_NDIS_HARDWARE_FAILURE)
#define NDIS_ERROR_CODE_ADAPTER_NOT_FOUND                ((NDIS_ERROR_CODE)EVENT_NDIS_ADAPTER_NOT_FOUND)
#define NDIS_ERROR_CODE_INTERRUPT_CONNECT                ((NDIS_ERROR_CODE)EVENT_NDIS_INTERRUPT_CONNECT)
#define NDIS_ERROR_CODE_DRIVER_FAILURE                   ((NDIS_ERROR_CODE)EVENT_NDIS_DRIVER_FAILURE)
#define NDIS_ERROR_CODE_BAD_VERSION                      ((NDIS_ERROR_CODE)EVENT_NDIS_BAD_VERSION)
#define NDIS_ERROR_CODE_TIMEOUT                          ((NDIS_ERROR_CODE)EVENT_NDIS_TIMEOUT)
#define NDIS_ERROR_CODE_NETWORK_ADDRESS                  ((NDIS_ERROR_CODE)EVENT_NDIS_NETWORK_ADDRESS)
#define NDIS_ERROR_CODE_UNSUPPORTED_CONFIGURATION        ((NDIS_ERROR_CODE)EVENT_NDIS_UNSUPPORTED_CONFIGURATION)
#define NDIS_ERROR_CODE_INVALID_VALUE_FROM_ADAPTER       ((NDIS_ERROR_CODE)EVENT_NDIS_INVALID_VALUE_FROM_ADAPTER)
#define NDIS_ERROR_CODE_MISSING_CONFIGURATION_PARAMETER  ((NDIS_ERROR_CODE)EVENT_NDIS_MISSING_CONFIGURATION_PARAMETER)
#define NDIS_ERROR_CODE_BAD_IO_BASE_ADDRESS              ((NDIS_ERROR_CODE)EVENT_NDIS_BAD_IO_BASE_ADDRESS)
#define NDIS_ERROR_CODE_RECEIVE_SPACE_SMALL              ((NDIS_ERROR_CODE)EVENT_NDIS_RECEIVE_SPACE_SMALL)
#define NDIS_ERROR_CODE_ADAPTER_DISABLED                 ((NDIS_ERROR_CODE)EVENT_NDIS_ADAPTER_DISABLED)

/* ---- NDIS_OBJECT_HEADER ------------------------------------------------------ */
typedef struct _NDIS_OBJECT_HEADER {
    UCHAR  Type;       /* NDIS_OBJECT_TYPE_* */
    UCHAR  Revision;   /* per structure */
    USHORT Size;       /* whole structure, header included */
} NDIS_OBJECT_HEADER, *PNDIS_OBJECT_HEADER;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_OBJECT_HEADER) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OBJECT_HEADER, Revision) == 1);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OBJECT_HEADER, Size) == 2);

#define NDIS_OBJECT_TYPE_DEFAULT                                  0x80
#define NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS                 0x81
#define NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION                       0x83
#define NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT                       0x84
#define NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS          0x8A
#define NDIS_OBJECT_TYPE_REQUEST_EX                               0x96
#define NDIS_OBJECT_TYPE_OID_REQUEST                              0x96
#define NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS                    0x97
#define NDIS_OBJECT_TYPE_STATUS_INDICATION                        0x98
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES 0x9E
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES      0x9F
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES      0xA0

/* ---- IRQL helpers ------------------------------------------------------------- */
#define NDIS_CURRENT_IRQL()               KeGetCurrentIrql()
#define NDIS_RAISE_IRQL_TO_DISPATCH(pIrql) KeRaiseIrql(DISPATCH_LEVEL, (pIrql))
#define NDIS_LOWER_IRQL(OldIrql, CurIrql)  \
    do {                                   \
        if ((OldIrql) != (CurIrql))        \
            KeLowerIrql(OldIrql);          \
    } while (0)

/* ---- pool priority (NdisAllocateMemoryWithTagPriority) -------------------- */
typedef enum _EX_POOL_PRIORITY {
    LowPoolPriority = 0,
    LowPoolPrioritySpecialPoolOverrun = 8,
    LowPoolPrioritySpecialPoolUnderrun = 9,
    NormalPoolPriority = 16,
    NormalPoolPrioritySpecialPoolOverrun = 24,
    NormalPoolPrioritySpecialPoolUnderrun = 25,
    HighPoolPriority = 32,
    HighPoolPrioritySpecialPoolOverrun = 40,
    HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;

/* NdisFreeMemory MemoryFlags */
#define NDIS_MEMORY_CONTIGUOUS 0x00000001
#define NDIS_MEMORY_NONCACHED  0x00000002

/* ---- synchronisation objects ------------------------------------------------- */
typedef struct _NDIS_SPIN_LOCK {
    KSPIN_LOCK SpinLock;
    KIRQL      OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

typedef struct _NDIS_EVENT {
    KEVENT Event;
} NDIS_EVENT, *PNDIS_EVENT;

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_SPIN_LOCK) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SPIN_LOCK, OldIrql) == 8);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_EVENT) == 24);   /* exactly a KEVENT */

/* ---- deferred work --------------------------------------------------------- */
typedef VOID (NTAPI NDIS_TIMER_FUNCTION)(
    _In_ PVOID SystemSpecific1,
    _In_ PVOID FunctionContext,
    _In_ PVOID SystemSpecific2,
    _In_ PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION *PNDIS_TIMER_FUNCTION;

typedef struct _NDIS_TIMER_CHARACTERISTICS {
    NDIS_OBJECT_HEADER   Header;          /* NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS */
    ULONG                AllocationTag;
    PNDIS_TIMER_FUNCTION TimerFunction;
    PVOID                FunctionContext;
} NDIS_TIMER_CHARACTERISTICS, *PNDIS_TIMER_CHARACTERISTICS;

#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1
#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TIMER_CHARACTERISTICS, FunctionContext)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TIMER_CHARACTERISTICS, AllocationTag) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TIMER_CHARACTERISTICS, TimerFunction) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_TIMER_CHARACTERISTICS, FunctionContext) == 16);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_TIMER_CHARACTERISTICS) == 24);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 == 24);

typedef VOID (NTAPI NDIS_IO_WORKITEM_FUNCTION)(
    _In_ PVOID WorkItemContext,
    _In_ NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION *NDIS_IO_WORKITEM_ROUTINE;

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_BASE_H */
