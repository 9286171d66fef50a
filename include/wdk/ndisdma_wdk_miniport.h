/*
 * ndisdma WDK compatibility headers: miniport role function types, driver
 * characteristics, adapter attributes, initialize/pause/restart parameters,
 * OID requests and status indications (spec section 13, facts section 6).
 *
 * Included by ndis.h; drivers never include it directly.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_MINIPORT_H
#define NDISDMA_WDK_MINIPORT_H

#include "ndisdma_wdk_oid.h"
#include "ndisdma_wdk_nbl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- enumerations passed to miniport handlers ------------------------------- */
typedef enum _NDIS_HALT_ACTION {
    NdisHaltDeviceDisabled = 0,
    NdisHaltDeviceInstanceDeInitialized = 1,
    NdisHaltDevicePoweredDown = 2,
    NdisHaltDeviceSurpriseRemoved = 3,
    NdisHaltDeviceFailed = 4,
    NdisHaltDeviceInitializationFailed = 5,
    NdisHaltDeviceStopped = 6
} NDIS_HALT_ACTION, *PNDIS_HALT_ACTION;

typedef enum _NDIS_SHUTDOWN_ACTION {
    NdisShutdownPowerOff = 0,
    NdisShutdownBugCheck = 1
} NDIS_SHUTDOWN_ACTION, *PNDIS_SHUTDOWN_ACTION;

typedef enum _NDIS_DEVICE_PNP_EVENT {
    NdisDevicePnPEventQueryRemoved = 0,
    NdisDevicePnPEventRemoved = 1,
    NdisDevicePnPEventSurpriseRemoved = 2,
    NdisDevicePnPEventQueryStopped = 3,
    NdisDevicePnPEventStopped = 4,
    NdisDevicePnPEventPowerProfileChanged = 5
} NDIS_DEVICE_PNP_EVENT, *PNDIS_DEVICE_PNP_EVENT;

typedef enum _NDIS_INTERFACE_TYPE {
    NdisInterfaceInternal = 0,
    NdisInterfaceIsa = 1,
    NdisInterfaceEisa = 2,
    NdisInterfaceMca = 3,
    NdisInterfaceTurboChannel = 4,
    NdisInterfacePci = 5,
    NdisInterfacePcMcia = 8,
    NdisInterfaceCBus = 9,
    NdisInterfaceMPIBus = 10,
    NdisInterfaceMPSABus = 11,
    NdisInterfaceProcessorInternal = 12,
    NdisInterfaceInternalPowerBus = 13,
    NdisInterfacePNPISABus = 14,
    NdisInterfacePNPBus = 15
} NDIS_INTERFACE_TYPE, *PNDIS_INTERFACE_TYPE;

typedef enum _NDIS_REQUEST_TYPE {
    NdisRequestQueryInformation = 0,
    NdisRequestSetInformation = 1,
    NdisRequestQueryStatistics = 2,
    NdisRequestOpen = 3,
    NdisRequestClose = 4,
    NdisRequestSend = 5,
    NdisRequestTransferData = 6,
    NdisRequestReset = 7,
    NdisRequestGeneric1 = 8,
    NdisRequestGeneric2 = 9,
    NdisRequestGeneric3 = 10,
    NdisRequestGeneric4 = 11,
    NdisRequestMethod = 12
} NDIS_REQUEST_TYPE, *PNDIS_REQUEST_TYPE;

typedef enum _NDIS_INTERRUPT_TYPE {
    NDIS_CONNECT_LINE_BASED = 1,
    NDIS_CONNECT_MESSAGE_BASED = 2
} NDIS_INTERRUPT_TYPE, *PNDIS_INTERRUPT_TYPE;

/* Structures that ndisdma passes or accepts only by pointer. */
typedef struct _NDIS_RESTART_ATTRIBUTES NDIS_RESTART_ATTRIBUTES, *PNDIS_RESTART_ATTRIBUTES;
typedef struct _NDIS_PORT_AUTHENTICATION_PARAMETERS NDIS_PORT_AUTHENTICATION_PARAMETERS,
    *PNDIS_PORT_AUTHENTICATION_PARAMETERS;
typedef struct _NDIS_PCI_DEVICE_CUSTOM_PROPERTIES NDIS_PCI_DEVICE_CUSTOM_PROPERTIES,
    *PNDIS_PCI_DEVICE_CUSTOM_PROPERTIES;
typedef struct _NDIS_RECEIVE_SCALE_CAPABILITIES NDIS_RECEIVE_SCALE_CAPABILITIES,
    *PNDIS_RECEIVE_SCALE_CAPABILITIES;
typedef struct _NDIS_OFFLOAD NDIS_OFFLOAD, *PNDIS_OFFLOAD;
typedef struct _NDIS_TCP_CONNECTION_OFFLOAD NDIS_TCP_CONNECTION_OFFLOAD,
    *PNDIS_TCP_CONNECTION_OFFLOAD;

/* ---- parameters handed to MiniportInitializeEx / Pause / Restart ------------ */
typedef struct _NDIS_MINIPORT_INIT_PARAMETERS {
    NDIS_OBJECT_HEADER   Header;            /* MINIPORT_INIT_PARAMETERS, REVISION_1 */
    ULONG                Flags;
    PNDIS_RESOURCE_LIST  AllocatedResources;  /* translated: memory BARs, interrupt */
    NDIS_HANDLE          IMDeviceInstanceContext;
    NDIS_HANDLE          MiniportAddDeviceContext;
    NET_IFINDEX          IfIndex;
    NET_LUID             NetLuid;
    PNDIS_PORT_AUTHENTICATION_PARAMETERS DefaultPortAuthStates;
    PNDIS_PCI_DEVICE_CUSTOM_PROPERTIES   PciDeviceCustomProperties;
} NDIS_MINIPORT_INIT_PARAMETERS, *PNDIS_MINIPORT_INIT_PARAMETERS;

#define NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_INIT_PARAMETERS, PciDeviceCustomProperties)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INIT_PARAMETERS, AllocatedResources) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INIT_PARAMETERS, IfIndex) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INIT_PARAMETERS, NetLuid) == 40);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_MINIPORT_INIT_PARAMETERS) == 64);

#define NDIS_PAUSE_NDIS_INTERNAL          0x00000001
#define NDIS_PAUSE_LOW_POWER              0x00000002
#define NDIS_PAUSE_BIND_PROTOCOL          0x00000004
#define NDIS_PAUSE_UNBIND_PROTOCOL        0x00000008
#define NDIS_PAUSE_ATTACH_FILTER          0x00000010
#define NDIS_PAUSE_DETACH_FILTER          0x00000020
#define NDIS_PAUSE_FILTER_RESTART_STACK   0x00000040
#define NDIS_PAUSE_MINIPORT_DEVICE_REMOVE 0x00000080

typedef struct _NDIS_MINIPORT_PAUSE_PARAMETERS {
    NDIS_OBJECT_HEADER Header;              /* DEFAULT, REVISION_1 */
    ULONG              Flags;
    ULONG              PauseReason;         /* NDIS_PAUSE_* */
} NDIS_MINIPORT_PAUSE_PARAMETERS, *PNDIS_MINIPORT_PAUSE_PARAMETERS;

#define NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_PAUSE_PARAMETERS, PauseReason)

typedef struct _NDIS_MINIPORT_RESTART_PARAMETERS {
    NDIS_OBJECT_HEADER       Header;        /* DEFAULT, REVISION_1 */
    PNDIS_RESTART_ATTRIBUTES RestartAttributes;
    ULONG                    Flags;
} NDIS_MINIPORT_RESTART_PARAMETERS, *PNDIS_MINIPORT_RESTART_PARAMETERS;

#define NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_RESTART_PARAMETERS, Flags)

typedef struct _NET_DEVICE_PNP_EVENT {
    NDIS_OBJECT_HEADER    Header;           /* DEFAULT, REVISION_1 */
    NDIS_PORT_NUMBER      PortNumber;
    NDIS_DEVICE_PNP_EVENT DevicePnPEvent;
    PVOID                 InformationBuffer;
    ULONG                 InformationBufferLength;
    UCHAR                 NdisReserved[2 * sizeof(PVOID)];
} NET_DEVICE_PNP_EVENT, *PNET_DEVICE_PNP_EVENT;

#define NET_DEVICE_PNP_EVENT_REVISION_1 1
#define NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NET_DEVICE_PNP_EVENT, NdisReserved)

/* ---- OID requests -------------------------------------------------------------- */
#define NDIS_OID_REQUEST_NDIS_RESERVED_SIZE 16

typedef struct _NDIS_OID_REQUEST {
    NDIS_OBJECT_HEADER Header;              /* OID_REQUEST, REVISION_1 */
    NDIS_REQUEST_TYPE  RequestType;
    NDIS_PORT_NUMBER   PortNumber;
    UINT               Timeout;             /* seconds */
    PVOID              RequestId;
    NDIS_HANDLE        RequestHandle;
    union _NDIS_OID_REQUEST_DATA {
        struct _NDIS_OID_QUERY {
            NDIS_OID Oid;
            PVOID    InformationBuffer;
            UINT     InformationBufferLength;
            UINT     BytesWritten;
            UINT     BytesNeeded;
        } QUERY_INFORMATION;
        struct _NDIS_OID_SET {
            NDIS_OID Oid;
            PVOID    InformationBuffer;
            UINT     InformationBufferLength;
            UINT     BytesRead;
            UINT     BytesNeeded;
        } SET_INFORMATION;
        struct _NDIS_OID_METHOD {
            NDIS_OID Oid;
            PVOID    InformationBuffer;
            ULONG    InputBufferLength;
            ULONG    OutputBufferLength;
            ULONG    MethodId;
            UINT     BytesWritten;
            UINT     BytesRead;
            UINT     BytesNeeded;
        } METHOD_INFORMATION;
    } DATA;
    UCHAR  NdisReserved[NDIS_OID_REQUEST_NDIS_RESERVED_SIZE * sizeof(PVOID)];
    UCHAR  MiniportReserved[2 * sizeof(PVOID)];
    UCHAR  SourceReserved[2 * sizeof(PVOID)];
    UCHAR  SupportedRevision;
    UCHAR  Reserved1;
    USHORT Reserved2;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;

#define NDIS_OID_REQUEST_REVISION_1 1
#define NDIS_SIZEOF_OID_REQUEST_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_OID_REQUEST, Reserved2)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OID_REQUEST, RequestId) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OID_REQUEST, DATA) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_OID_REQUEST, DATA.QUERY_INFORMATION.InformationBuffer) == 40);

/* ---- status indications (NdisMIndicateStatusEx) -------------------------------- */
typedef struct _NDIS_STATUS_INDICATION {
    NDIS_OBJECT_HEADER Header;              /* STATUS_INDICATION, REVISION_1 */
    NDIS_HANDLE        SourceHandle;        /* MiniportAdapterHandle */
    NDIS_PORT_NUMBER   PortNumber;
    NDIS_STATUS        StatusCode;          /* e.g. NDIS_STATUS_LINK_STATE */
    ULONG              Flags;
    NDIS_HANDLE        DestinationHandle;
    PVOID              RequestId;
    PVOID              StatusBuffer;        /* e.g. NDIS_LINK_STATE */
    ULONG              StatusBufferSize;
    GUID               Guid;
    PVOID              NdisReserved[4];
} NDIS_STATUS_INDICATION, *PNDIS_STATUS_INDICATION;

#define NDIS_STATUS_INDICATION_REVISION_1 1
#define NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_STATUS_INDICATION, NdisReserved)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, SourceHandle) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, PortNumber) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, StatusCode) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, Flags) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, DestinationHandle) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, RequestId) == 40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, StatusBuffer) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, StatusBufferSize) == 56);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, Guid) == 60);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_STATUS_INDICATION, NdisReserved) == 80);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_STATUS_INDICATION) == 112);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 == 112);

/* ---- context annotations (facts §6.13) -------------------------------------------- */
/* Written as statements inside function bodies ("NDIS_DECLARE_MINIPORT_
 * ADAPTER_CONTEXT(MY_ADAPTER);"); they only inform static analysis, so
 * they expand to nothing and leave an empty statement, valid in C and C++. */
#define NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(_Type)
#define NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(_Type)
#define NDIS_DECLARE_MINIPORT_ADDDEVICE_CONTEXT(_Type)

/* ---- receive throttle (facts §6.10, NDIS 6.20+) ------------------------------------- */
/* The third MiniportInterruptDPC argument of an NDIS 6.20+ driver: indicate
 * at most MaxNblsToIndicate NBLs in this DPC and set MoreNblsPending when
 * work is left (NDIS then runs the DPC again without a new interrupt). */
typedef struct _NDIS_RECEIVE_THROTTLE_PARAMETERS {
    ULONG MaxNblsToIndicate;
    ULONG MoreNblsPending : 1;
} NDIS_RECEIVE_THROTTLE_PARAMETERS, *PNDIS_RECEIVE_THROTTLE_PARAMETERS;

/* ~0UL with a 32-bit ULONG (LLP64): cast, so it equals the ULONG field here
 * too, where unsigned long is 64 bits. */
#define NDIS_INDICATE_ALL_NBLS ((ULONG)~0UL)

NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_RECEIVE_THROTTLE_PARAMETERS) == 8);
NDISDMA_WDK_STATIC_ASSERT(NDIS_INDICATE_ALL_NBLS == 0xFFFFFFFFu);

/* ---- miniport role function types ---------------------------------------------- */
/* Declare handlers with these ("MINIPORT_HALT MyHalt;"); fields use *_HANDLER. */
typedef NDIS_STATUS (NTAPI SET_OPTIONS)(
    _In_ NDIS_HANDLE NdisDriverHandle, _In_ NDIS_HANDLE DriverContext);
typedef SET_OPTIONS *SET_OPTIONS_HANDLER;
typedef SET_OPTIONS MINIPORT_SET_OPTIONS;

typedef NDIS_STATUS (NTAPI MINIPORT_INITIALIZE)(
    _In_ NDIS_HANDLE NdisMiniportHandle, _In_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters);
typedef MINIPORT_INITIALIZE *MINIPORT_INITIALIZE_HANDLER;

typedef VOID (NTAPI MINIPORT_HALT)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ NDIS_HALT_ACTION HaltAction);
typedef MINIPORT_HALT *MINIPORT_HALT_HANDLER;

typedef VOID (NTAPI MINIPORT_UNLOAD)(_In_ PDRIVER_OBJECT DriverObject);
typedef MINIPORT_UNLOAD *MINIPORT_UNLOAD_HANDLER;
typedef MINIPORT_UNLOAD MINIPORT_DRIVER_UNLOAD;
typedef MINIPORT_UNLOAD *MINIPORT_DRIVER_UNLOAD_HANDLER;

typedef NDIS_STATUS (NTAPI MINIPORT_PAUSE)(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters);
typedef MINIPORT_PAUSE *MINIPORT_PAUSE_HANDLER;

typedef NDIS_STATUS (NTAPI MINIPORT_RESTART)(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters);
typedef MINIPORT_RESTART *MINIPORT_RESTART_HANDLER;

typedef NDIS_STATUS (NTAPI MINIPORT_OID_REQUEST)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_OID_REQUEST *MINIPORT_OID_REQUEST_HANDLER;

typedef VOID (NTAPI MINIPORT_SEND_NET_BUFFER_LISTS)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNET_BUFFER_LIST NetBufferList,
    _In_ NDIS_PORT_NUMBER PortNumber, _In_ ULONG SendFlags);
typedef MINIPORT_SEND_NET_BUFFER_LISTS *MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER;

typedef VOID (NTAPI MINIPORT_RETURN_NET_BUFFER_LISTS)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG ReturnFlags);
typedef MINIPORT_RETURN_NET_BUFFER_LISTS *MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER;

typedef VOID (NTAPI MINIPORT_CANCEL_SEND)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID CancelId);
typedef MINIPORT_CANCEL_SEND *MINIPORT_CANCEL_SEND_HANDLER;

typedef BOOLEAN (NTAPI MINIPORT_CHECK_FOR_HANG)(_In_ NDIS_HANDLE MiniportAdapterContext);
typedef MINIPORT_CHECK_FOR_HANG *MINIPORT_CHECK_FOR_HANG_HANDLER;

typedef NDIS_STATUS (NTAPI MINIPORT_RESET)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _Out_ PBOOLEAN AddressingReset);
typedef MINIPORT_RESET *MINIPORT_RESET_HANDLER;

typedef VOID (NTAPI MINIPORT_DEVICE_PNP_EVENT_NOTIFY)(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNET_DEVICE_PNP_EVENT NetDevicePnPEvent);
typedef MINIPORT_DEVICE_PNP_EVENT_NOTIFY *MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER;

typedef VOID (NTAPI MINIPORT_SHUTDOWN)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ NDIS_SHUTDOWN_ACTION ShutdownAction);
typedef MINIPORT_SHUTDOWN *MINIPORT_SHUTDOWN_HANDLER;

typedef VOID (NTAPI MINIPORT_CANCEL_OID_REQUEST)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID RequestId);
typedef MINIPORT_CANCEL_OID_REQUEST *MINIPORT_CANCEL_OID_REQUEST_HANDLER;

typedef NDIS_STATUS (NTAPI MINIPORT_DIRECT_OID_REQUEST)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_DIRECT_OID_REQUEST *MINIPORT_DIRECT_OID_REQUEST_HANDLER;

typedef VOID (NTAPI MINIPORT_CANCEL_DIRECT_OID_REQUEST)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID RequestId);
typedef MINIPORT_CANCEL_DIRECT_OID_REQUEST *MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER;

typedef NDIS_STATUS (NTAPI MINIPORT_SYNCHRONOUS_OID_REQUEST)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_SYNCHRONOUS_OID_REQUEST *MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER;

/* SG DMA callbacks (facts sections 3 and 5). */
typedef VOID (NTAPI MINIPORT_PROCESS_SG_LIST)(
    _In_ PDEVICE_OBJECT pDO, _In_ PVOID Reserved,
    _In_ PSCATTER_GATHER_LIST pSGL, _In_ PVOID Context);
typedef MINIPORT_PROCESS_SG_LIST *MINIPORT_PROCESS_SG_LIST_HANDLER;

typedef VOID (NTAPI MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID VirtualAddress,
    _In_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress, _In_ ULONG Length,
    _In_ PVOID Context);
typedef MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE *MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER;

/* Interrupt handlers (NdisMRegisterInterruptEx). */
typedef BOOLEAN (NTAPI MINIPORT_ISR)(
    _In_ NDIS_HANDLE MiniportInterruptContext,
    _Out_ PBOOLEAN QueueDefaultInterruptDpc, _Out_ PULONG TargetProcessors);
typedef MINIPORT_ISR *MINIPORT_ISR_HANDLER;

#if NDIS_SUPPORT_NDIS620
typedef VOID (NTAPI MINIPORT_INTERRUPT_DPC)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ PVOID MiniportDpcContext,
    _In_ PVOID ReceiveThrottleParameters, _In_ PVOID NdisReserved2);
#else
typedef VOID (NTAPI MINIPORT_INTERRUPT_DPC)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ PVOID MiniportDpcContext,
    _In_ PULONG NdisReserved1, _In_ PULONG NdisReserved2);
#endif
typedef MINIPORT_INTERRUPT_DPC *MINIPORT_INTERRUPT_DPC_HANDLER;

typedef VOID (NTAPI MINIPORT_DISABLE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_DISABLE_INTERRUPT *MINIPORT_DISABLE_INTERRUPT_HANDLER;

typedef VOID (NTAPI MINIPORT_ENABLE_INTERRUPT)(_In_ NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_ENABLE_INTERRUPT *MINIPORT_ENABLE_INTERRUPT_HANDLER;

typedef BOOLEAN (NTAPI MINIPORT_MESSAGE_INTERRUPT)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId,
    _Out_ PBOOLEAN QueueDefaultInterruptDpc, _Out_ PULONG TargetProcessors);
typedef MINIPORT_MESSAGE_INTERRUPT *MINIPORT_MSI_ISR_HANDLER;
typedef MINIPORT_MESSAGE_INTERRUPT *MINIPORT_MESSAGE_INTERRUPT_HANDLER;

#if NDIS_SUPPORT_NDIS620
typedef VOID (NTAPI MINIPORT_MESSAGE_INTERRUPT_DPC)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId,
    _In_ PVOID MiniportDpcContext, _In_ PVOID ReceiveThrottleParameters,
    _In_ PVOID NdisReserved2);
#else
typedef VOID (NTAPI MINIPORT_MESSAGE_INTERRUPT_DPC)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId,
    _In_ PVOID MiniportDpcContext, _In_ PULONG NdisReserved1,
    _In_ PULONG NdisReserved2);
#endif
typedef MINIPORT_MESSAGE_INTERRUPT_DPC *MINIPORT_MSI_INTERRUPT_DPC_HANDLER;
typedef MINIPORT_MESSAGE_INTERRUPT_DPC *MINIPORT_MESSAGE_INTERRUPT_DPC_HANDLER;

typedef VOID (NTAPI MINIPORT_DISABLE_MESSAGE_INTERRUPT)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId);
typedef MINIPORT_DISABLE_MESSAGE_INTERRUPT *MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER;
typedef MINIPORT_DISABLE_MESSAGE_INTERRUPT *MINIPORT_DISABLE_MESSAGE_INTERRUPT_HANDLER;

typedef VOID (NTAPI MINIPORT_ENABLE_MESSAGE_INTERRUPT)(
    _In_ NDIS_HANDLE MiniportInterruptContext, _In_ ULONG MessageId);
typedef MINIPORT_ENABLE_MESSAGE_INTERRUPT *MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER;
typedef MINIPORT_ENABLE_MESSAGE_INTERRUPT *MINIPORT_ENABLE_MESSAGE_INTERRUPT_HANDLER;

typedef BOOLEAN (NTAPI MINIPORT_SYNCHRONIZE_INTERRUPT)(_In_ NDIS_HANDLE SynchronizeContext);
typedef MINIPORT_SYNCHRONIZE_INTERRUPT *MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER;
typedef MINIPORT_SYNCHRONIZE_INTERRUPT MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT;
typedef MINIPORT_SYNCHRONIZE_INTERRUPT *MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT_HANDLER;

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_MINIPORT_H */
