/*
 * ndisdma WDK compatibility headers: the structures a miniport hands to
 * NDIS: driver characteristics, adapter attributes, the SG DMA description
 * and the interrupt characteristics (spec sections 3 and 13, facts 1 and 6).
 *
 * Included by ndis.h; drivers never include it directly.
 *
 * Clean-room: written from the spec, the facts file and the public
 * documentation, not from any WDK or third-party header.
 */
#ifndef NDISDMA_WDK_ATTRIBUTES_H
#define NDISDMA_WDK_ATTRIBUTES_H

#include "ndisdma_wdk_miniport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- NDIS_MINIPORT_DRIVER_CHARACTERISTICS (NdisMRegisterMiniportDriver) ------- */
#define NDIS_INTERMEDIATE_DRIVER 0x00000001
#define NDIS_WDM_DRIVER          0x00000002

typedef struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;          /* MINIPORT_DRIVER_CHARACTERISTICS */
    UCHAR MajorNdisVersion;             /* 6 */
    UCHAR MinorNdisVersion;
    UCHAR MajorDriverVersion;
    UCHAR MinorDriverVersion;
    ULONG Flags;                        /* NDIS_INTERMEDIATE_DRIVER, NDIS_WDM_DRIVER */
    SET_OPTIONS_HANDLER                      SetOptionsHandler;
    MINIPORT_INITIALIZE_HANDLER              InitializeHandlerEx;
    MINIPORT_HALT_HANDLER                    HaltHandlerEx;
    MINIPORT_UNLOAD_HANDLER                  UnloadHandler;
    MINIPORT_PAUSE_HANDLER                   PauseHandler;
    MINIPORT_RESTART_HANDLER                 RestartHandler;
    MINIPORT_OID_REQUEST_HANDLER             OidRequestHandler;
    MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER   SendNetBufferListsHandler;
    MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER ReturnNetBufferListsHandler;
    MINIPORT_CANCEL_SEND_HANDLER             CancelSendHandler;
    MINIPORT_CHECK_FOR_HANG_HANDLER          CheckForHangHandlerEx;
    MINIPORT_RESET_HANDLER                   ResetHandlerEx;
    MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER DevicePnPEventNotifyHandler;
    MINIPORT_SHUTDOWN_HANDLER                ShutdownHandlerEx;
    MINIPORT_CANCEL_OID_REQUEST_HANDLER      CancelOidRequestHandler;
    /* revision 2 (NDIS 6.1) */
    MINIPORT_DIRECT_OID_REQUEST_HANDLER        DirectOidRequestHandler;
    MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER CancelDirectOidRequestHandler;
    /* revision 3 (NDIS 6.80) */
    MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER   SynchronousOidRequestHandler;
} NDIS_MINIPORT_DRIVER_CHARACTERISTICS, *PNDIS_MINIPORT_DRIVER_CHARACTERISTICS;

#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 1
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 2
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 3
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelDirectOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, SynchronousOidRequestHandler)

#define NDISDMA_WDK_CHARS_OFFSET(f, o) \
    NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, f) == (o))
NDISDMA_WDK_CHARS_OFFSET(MajorNdisVersion, 4);
NDISDMA_WDK_CHARS_OFFSET(MinorNdisVersion, 5);
NDISDMA_WDK_CHARS_OFFSET(MajorDriverVersion, 6);
NDISDMA_WDK_CHARS_OFFSET(MinorDriverVersion, 7);
NDISDMA_WDK_CHARS_OFFSET(Flags, 8);
NDISDMA_WDK_CHARS_OFFSET(SetOptionsHandler, 16);
NDISDMA_WDK_CHARS_OFFSET(InitializeHandlerEx, 24);
NDISDMA_WDK_CHARS_OFFSET(HaltHandlerEx, 32);
NDISDMA_WDK_CHARS_OFFSET(UnloadHandler, 40);
NDISDMA_WDK_CHARS_OFFSET(PauseHandler, 48);
NDISDMA_WDK_CHARS_OFFSET(RestartHandler, 56);
NDISDMA_WDK_CHARS_OFFSET(OidRequestHandler, 64);
NDISDMA_WDK_CHARS_OFFSET(SendNetBufferListsHandler, 72);
NDISDMA_WDK_CHARS_OFFSET(ReturnNetBufferListsHandler, 80);
NDISDMA_WDK_CHARS_OFFSET(CancelSendHandler, 88);
NDISDMA_WDK_CHARS_OFFSET(CheckForHangHandlerEx, 96);
NDISDMA_WDK_CHARS_OFFSET(ResetHandlerEx, 104);
NDISDMA_WDK_CHARS_OFFSET(DevicePnPEventNotifyHandler, 112);
NDISDMA_WDK_CHARS_OFFSET(ShutdownHandlerEx, 120);
NDISDMA_WDK_CHARS_OFFSET(CancelOidRequestHandler, 128);
NDISDMA_WDK_CHARS_OFFSET(DirectOidRequestHandler, 136);
NDISDMA_WDK_CHARS_OFFSET(CancelDirectOidRequestHandler, 144);
NDISDMA_WDK_CHARS_OFFSET(SynchronousOidRequestHandler, 152);
#undef NDISDMA_WDK_CHARS_OFFSET
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 == 136);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 == 152);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 == 160);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS) == 160);

/* ---- NDIS_SG_DMA_DESCRIPTION (NdisMRegisterScatterGatherDma), spec section 3 --- */
#define NDIS_SG_DMA_64_BIT_ADDRESS 0x00000001
#define NDIS_SG_DMA_V3_HAL_API     0x00000002
#define NDIS_SG_DMA_HYBRID_DMA     0x00000004   /* revision 2 only */

#define NDIS_SG_LIST_WRITE_TO_DEVICE 0x00000001  /* NdisMAllocateNetBufferSGList: transmit */

typedef struct _NDIS_SG_DMA_DESCRIPTION {
    NDIS_OBJECT_HEADER Header;                  /* +0  SG_DMA_DESCRIPTION, rev 1 or 2 */
    ULONG              Flags;                   /* +4  NDIS_SG_DMA_* */
    ULONG              MaximumPhysicalMapping;  /* +8  max bytes mapped per NET_BUFFER */
    MINIPORT_PROCESS_SG_LIST_HANDLER ProcessSGListHandler;                        /* +16 */
    MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER SharedMemAllocateCompleteHandler; /* +24 */
    ULONG              ScatterGatherListSize;   /* +32 output */
    PDEVICE_OBJECT     PdoOverride;             /* +40 revision 2 */
} NDIS_SG_DMA_DESCRIPTION, *PNDIS_SG_DMA_DESCRIPTION;

#define NDIS_SG_DMA_DESCRIPTION_REVISION_1 1
#define NDIS_SG_DMA_DESCRIPTION_REVISION_2 2
#define NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SG_DMA_DESCRIPTION, ScatterGatherListSize)
#define NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_SG_DMA_DESCRIPTION, PdoOverride)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, Header) == 0);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, Flags) == 4);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, MaximumPhysicalMapping) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, ProcessSGListHandler) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, SharedMemAllocateCompleteHandler) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, ScatterGatherListSize) == 32);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_SG_DMA_DESCRIPTION, PdoOverride) == 40);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_SG_DMA_DESCRIPTION) == 48);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1 == 36);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2 == 48);

/* ---- registration attributes (NdisMSetMiniportAttributes) --------------------- */
#define NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE         0x00000001
#define NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM                0x00000002
#define NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK      0x00000004
#define NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS             0x00000008
#define NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO   0x00000010
#define NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND      0x00000020
#define NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER              0x00000040  /* not NDIS 5's 0x8 */
#define NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT   0x00000080
#define NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND     0x00000100
#define NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK 0x00000400

typedef struct _NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
    NDIS_OBJECT_HEADER  Header;                     /* +0  type 0x9E, rev 1 or 2 */
    NDIS_HANDLE         MiniportAdapterContext;     /* +8 */
    ULONG               AttributeFlags;             /* +16 NDIS_MINIPORT_ATTRIBUTES_* */
    UINT                CheckForHangTimeInSeconds;  /* +20 0: default 2 s */
    NDIS_INTERFACE_TYPE InterfaceType;              /* +24 */
} NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;

#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 2
#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType)
/* Revision 2 (NDIS 6.30) adds flag values, not fields. */
#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 \
    NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, MiniportAdapterContext) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, AttributeFlags) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, CheckForHangTimeInSeconds) == 20);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType) == 24);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES) == 32);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 == 28);

/* ---- general attributes ------------------------------------------------------ */
typedef struct _NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
    NDIS_OBJECT_HEADER       Header;               /* type 0x9F, rev 1 or 2 */
    ULONG                    Flags;
    NDIS_MEDIUM              MediaType;
    NDIS_PHYSICAL_MEDIUM     PhysicalMediumType;
    ULONG                    MtuSize;              /* bytes, without the MAC header */
    ULONG64                  MaxXmitLinkSpeed;     /* bits per second */
    ULONG64                  XmitLinkSpeed;
    ULONG64                  MaxRcvLinkSpeed;
    ULONG64                  RcvLinkSpeed;
    NDIS_MEDIA_CONNECT_STATE MediaConnectState;
    NDIS_MEDIA_DUPLEX_STATE  MediaDuplexState;
    ULONG                    LookaheadSize;
    PNDIS_PNP_CAPABILITIES   PowerManagementCapabilities;
    ULONG                    MacOptions;           /* NDIS_MAC_OPTION_* */
    ULONG                    SupportedPacketFilters; /* NDIS_PACKET_TYPE_* */
    ULONG                    MaxMulticastListSize;
    USHORT                   MacAddressLength;
    UCHAR                    PermanentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    UCHAR                    CurrentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
    PNDIS_RECEIVE_SCALE_CAPABILITIES RecvScaleCapabilities;
    NET_IF_ACCESS_TYPE       AccessType;
    NET_IF_DIRECTION_TYPE    DirectionType;
    NET_IF_CONNECTION_TYPE   ConnectionType;
    NET_IFTYPE               IfType;
    BOOLEAN                  IfConnectorPresent;
    ULONG                    SupportedStatistics;
    ULONG                    SupportedPauseFunctions;
    ULONG                    DataBackFillSize;
    ULONG                    ContextBackFillSize;
    PNDIS_OID                SupportedOidList;
    ULONG                    SupportedOidListLength; /* bytes */
    ULONG                    AutoNegotiationFlags;
    /* revision 2 (NDIS 6.20) */
    PNDIS_PM_CAPABILITIES    PowerManagementCapabilitiesEx;
} NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;

#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 2
#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, AutoNegotiationFlags)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PowerManagementCapabilitiesEx)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, MaxXmitLinkSpeed) == 24);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PowerManagementCapabilities) == 72);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PermanentMacAddress) == 94);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, RecvScaleCapabilities) == 160);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, SupportedOidList) == 200);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 == 216);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 == 224);

/* ---- other attribute kinds (accepted by pointer only) ------------------------- */
typedef struct _NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES {
    NDIS_OBJECT_HEADER Header;
    NDIS_HANDLE        MiniportAddDeviceContext;
    ULONG              Flags;
} NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES,
  *PNDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES;

typedef struct _NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES {
    NDIS_OBJECT_HEADER           Header;   /* type 0xA0 */
    PNDIS_OFFLOAD                DefaultOffloadConfiguration;
    PNDIS_OFFLOAD                HardwareOffloadCapabilities;
    PNDIS_TCP_CONNECTION_OFFLOAD DefaultTcpConnectionOffloadConfiguration;
    PNDIS_TCP_CONNECTION_OFFLOAD TcpConnectionOffloadHardwareCapabilities;
} NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;

#define NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1 1
#define NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, \
                             TcpConnectionOffloadHardwareCapabilities)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES, DefaultOffloadConfiguration) == 8);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1 == 40);

/* ---- restart attributes (MiniportRestart's RestartAttributes list) ------------- */
/* One entry of the list NDIS hands MiniportRestart (ndisdma hands none:
 * RestartAttributes is NULL); Data may hold NDIS_RESTART_GENERAL_ATTRIBUTES.
 * Layouts from the public DDI pages (not in the facts file's tables). */
struct _NDIS_RESTART_ATTRIBUTES {
    PNDIS_RESTART_ATTRIBUTES Next;
    NDIS_OID                 Oid;
    ULONG                    DataLength;
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) UCHAR Data[1];
};

typedef struct _NDIS_RESTART_GENERAL_ATTRIBUTES {
    NDIS_OBJECT_HEADER     Header;              /* DEFAULT, REVISION_1 */
    ULONG                  MtuSize;
    ULONG64                MaxXmitLinkSpeed;
    ULONG64                MaxRcvLinkSpeed;
    ULONG                  LookaheadSize;
    ULONG                  MacOptions;
    ULONG                  SupportedPacketFilters;
    ULONG                  MaxMulticastListSize;
    PNDIS_RECEIVE_SCALE_CAPABILITIES RecvScaleCapabilities;
    NET_IF_ACCESS_TYPE     AccessType;
    ULONG                  Flags;
    NET_IF_CONNECTION_TYPE ConnectionType;
    ULONG                  SupportedStatistics;
    ULONG                  DataBackFillSize;
    ULONG                  ContextBackFillSize;
    PNDIS_OID              SupportedOidList;
    ULONG                  SupportedOidListLength;
    ULONG                  MaxLookahead;
} NDIS_RESTART_GENERAL_ATTRIBUTES, *PNDIS_RESTART_GENERAL_ATTRIBUTES;

#define NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1 1
#define NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_RESTART_GENERAL_ATTRIBUTES, MaxLookahead)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_RESTART_ATTRIBUTES, Data) == 16);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_RESTART_GENERAL_ATTRIBUTES, MaxXmitLinkSpeed) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_RESTART_GENERAL_ATTRIBUTES, RecvScaleCapabilities) == 40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_RESTART_GENERAL_ATTRIBUTES, SupportedOidList) == 72);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1 == 88);

/* NdisMSetMiniportAttributes dispatches on Header.Type. */
typedef union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
    NDIS_OBJECT_HEADER                               Header;
    NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES AddDeviceRegistrationAttributes;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES    RegistrationAttributes;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES         GeneralAttributes;
    NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES         OffloadAttributes;
} NDIS_MINIPORT_ADAPTER_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_ATTRIBUTES;

/* ---- interrupt characteristics (NdisMRegisterInterruptEx) --------------------- */
typedef struct _NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS {
    NDIS_OBJECT_HEADER                 Header;  /* MINIPORT_INTERRUPT, REVISION_1 */
    MINIPORT_ISR_HANDLER               InterruptHandler;
    MINIPORT_INTERRUPT_DPC_HANDLER     InterruptDpcHandler;
    MINIPORT_DISABLE_INTERRUPT_HANDLER DisableInterruptHandler;
    MINIPORT_ENABLE_INTERRUPT_HANDLER  EnableInterruptHandler;
    BOOLEAN                            MsiSupported;
    BOOLEAN                            MsiSyncWithAllMessages;
    MINIPORT_MESSAGE_INTERRUPT_HANDLER         MessageInterruptHandler;
    MINIPORT_MESSAGE_INTERRUPT_DPC_HANDLER     MessageInterruptDpcHandler;
    MINIPORT_DISABLE_MESSAGE_INTERRUPT_HANDLER DisableMessageInterruptHandler;
    MINIPORT_ENABLE_MESSAGE_INTERRUPT_HANDLER  EnableMessageInterruptHandler;
    NDIS_INTERRUPT_TYPE                InterruptType;    /* output */
    PIO_INTERRUPT_MESSAGE_INFO         MessageInfoTable; /* output */
} NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, *PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS;

#define NDIS_MINIPORT_INTERRUPT_REVISION_1 1
#define NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, MessageInfoTable)

NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, InterruptHandler) == 8);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, MsiSupported) == 40);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, MessageInterruptHandler) == 48);
NDISDMA_WDK_STATIC_ASSERT(offsetof(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, InterruptType) == 80);
NDISDMA_WDK_STATIC_ASSERT(sizeof(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS) == 96);
NDISDMA_WDK_STATIC_ASSERT(NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1 == 96);

#ifdef __cplusplus
}
#endif

#endif /* NDISDMA_WDK_ATTRIBUTES_H */
