/*++

Module Name:

    socenet.h

Abstract:

    Private definitions of socenet, the NDIS 6.30 miniport for the SNC-1G
    Ethernet MAC of SoC platforms (bus-master scatter/gather DMA, one
    line-based interrupt, MAC address supplied by firmware through ACPI
    _DSM).

Environment:

    Kernel mode only.

--*/

#pragma once

#ifndef _SOCENET_H_
#define _SOCENET_H_

#ifndef NDIS_MINIPORT_DRIVER
#define NDIS_MINIPORT_DRIVER    1
#endif
#ifndef NDIS630_MINIPORT
#define NDIS630_MINIPORT        1
#endif

#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union
#pragma warning(disable:4214)   // bit field types other than int
#include <ntddk.h>
#include <ndis.h>
#pragma warning(pop)

#include <ntstrsafe.h>
#include <ntintsafe.h>

#include "hw.h"

#define SOC_DRIVER_NAME                 "socenet"
#define SOC_NDIS_MAJOR_VERSION          6
#define SOC_NDIS_MINOR_VERSION          30
#define SOC_MAJOR_DRIVER_VERSION        2
#define SOC_MINOR_DRIVER_VERSION        7
#define SOC_VENDOR_DRIVER_VERSION       ((SOC_MAJOR_DRIVER_VERSION << 16) | SOC_MINOR_DRIVER_VERSION)
#define SOC_VENDOR_DESCRIPTION          "SNC-1G SoC Gigabit Ethernet"

//
// Pool tags.
//
#define SOC_TAG_ADAPTER                 'AcoS'
#define SOC_TAG_TCB                     'TcoS'
#define SOC_TAG_SGLIST                  'GcoS'
#define SOC_TAG_ACPI                    'PcoS'
#define SOC_TAG_NBL_POOL                'NcoS'
#define SOC_TAG_RXBUF                   'RcoS'

//
// Geometry.
//
#define SOC_TX_RING_SIZE                256
#define SOC_RX_RING_SIZE                128
#define SOC_TCB_COUNT                   64
#define SOC_MAX_TX_FRAGMENTS            16
#define SOC_RX_BUFFER_SIZE              2048
#define SOC_RX_BUFFER_ALIGNMENT         64
#define SOC_COPY_THRESHOLD              256         // smaller frames are copied, not mapped
#define SOC_ETH_HEADER_SIZE             14
#define SOC_MIN_FRAME_SIZE              60
#define SOC_MAX_FRAME_SIZE              1514
#define SOC_MAX_JUMBO_FRAME_SIZE        1514        // the MAC has no jumbo support in this revision
#define SOC_MAX_MCAST_LIST              32
#define SOC_LINK_SPEED_1G               1000000000ULL

#define SOC_SUPPORTED_FILTERS           (NDIS_PACKET_TYPE_DIRECTED      | \
                                         NDIS_PACKET_TYPE_MULTICAST     | \
                                         NDIS_PACKET_TYPE_ALL_MULTICAST | \
                                         NDIS_PACKET_TYPE_BROADCAST     | \
                                         NDIS_PACKET_TYPE_PROMISCUOUS)

#define SOC_SUPPORTED_STATISTICS        (NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV    | \
                                         NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV   | \
                                         NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV   | \
                                         NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV              | \
                                         NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS           | \
                                         NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR              | \
                                         NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT   | \
                                         NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT  | \
                                         NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT  | \
                                         NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT             | \
                                         NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR             | \
                                         NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS)

//
// Private bug check code for states the hardware contract rules out.
//
#define SOC_BUGCHECK_CODE               0xE0C0E7A1

//
// Debug output.
//
#define SOC_ERROR       DPFLTR_ERROR_LEVEL
#define SOC_WARN        DPFLTR_WARNING_LEVEL
#define SOC_TRACE       DPFLTR_TRACE_LEVEL
#define SOC_INFO        DPFLTR_INFO_LEVEL

#define DEBUGP(lvl, fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, lvl, fmt, __VA_ARGS__)

typedef enum _SOC_STATE
{
    SocStateInitializing,
    SocStatePaused,
    SocStateRunning,
    SocStatePausing,
    SocStateHalted
} SOC_STATE;

typedef struct _SOC_ADAPTER SOC_ADAPTER, *PSOC_ADAPTER;

//
// Transmit control block: one NET_BUFFER on its way to the wire.
//
typedef struct _SOC_TCB
{
    LIST_ENTRY              Link;
    PSOC_ADAPTER            Adapter;
    PNET_BUFFER_LIST        Nbl;
    PNET_BUFFER             Nb;
    PSCATTER_GATHER_LIST    Sgl;            // from MiniportProcessSGList; NULL when copied
    PVOID                   SgListBuffer;   // ScatterGatherListSize bytes, ours
    ULONG                   Index;
    ULONG                   FirstDescriptor;
    ULONG                   DescriptorCount;
    ULONG                   Length;
    BOOLEAN                 Copied;
    USHORT                  VlanTag;
} SOC_TCB, *PSOC_TCB;

//
// One receive buffer: shared memory, its MDL and its NBL.
//
typedef struct _SOC_RX_BUFFER
{
    PVOID                   VirtualAddress;
    NDIS_PHYSICAL_ADDRESS   PhysicalAddress;
    PMDL                    Mdl;
    PNET_BUFFER_LIST        Nbl;
    ULONG                   Index;
    BOOLEAN                 WithNdis;
} SOC_RX_BUFFER, *PSOC_RX_BUFFER;

typedef struct _SOC_COUNTERS
{
    volatile LONG64 RxDirectedFrames, RxMulticastFrames, RxBroadcastFrames;
    volatile LONG64 RxDirectedBytes, RxMulticastBytes, RxBroadcastBytes;
    volatile LONG64 RxDiscards, RxErrors;
    volatile LONG64 TxDirectedFrames, TxMulticastFrames, TxBroadcastFrames;
    volatile LONG64 TxDirectedBytes, TxMulticastBytes, TxBroadcastBytes;
    volatile LONG64 TxErrors, TxDiscards;
} SOC_COUNTERS;

struct _SOC_ADAPTER
{
    ULONG                   Signature;
    NDIS_HANDLE             AdapterHandle;
    SOC_STATE               State;
    BOOLEAN                 SurpriseRemoved;
    NDIS_DEVICE_POWER_STATE PowerState;

    //
    // Hardware access.
    //
    PUCHAR                  Registers;          // BAR0, NdisMMapIoSpace
    ULONG                   RegisterLength;
    NDIS_PHYSICAL_ADDRESS   RegisterPhysical;
    PUCHAR                  StatsWindow;        // BAR2 when present, MmMapIoSpaceEx
    SIZE_T                  StatsWindowLength;
    USHORT                  PciDeviceId;
    UCHAR                   PciRevision;
    ULONG                   InterruptVector;
    ULONG                   PhyAddress;

    //
    // Firmware supplied and configured addresses.
    //
    UCHAR                   PermanentAddress[ETH_LENGTH_OF_ADDRESS];
    UCHAR                   CurrentAddress[ETH_LENGTH_OF_ADDRESS];
    ULONG                   MaxFrameSize;
    BOOLEAN                 PriorityVlanTag;
    ULONG                   PacketFilter;
    ULONG                   MulticastCount;
    UCHAR                   MulticastList[SOC_MAX_MCAST_LIST][ETH_LENGTH_OF_ADDRESS];
    BOOLEAN                 RxChecksumEnabled;

    //
    // Interrupt.
    //
    NDIS_HANDLE             InterruptHandle;
    NDIS_INTERRUPT_TYPE     InterruptType;
    volatile LONG           PendingInterrupts;  // latched by the ISR
    ULONG                   InterruptMask;
    KDPC                    LinkDpc;            // queued with KeInsertQueueDpc on LINK_CHANGE
    NDIS_MEDIA_CONNECT_STATE MediaState;
    ULONG64                 LinkSpeed;
    NDIS_MEDIA_DUPLEX_STATE DuplexState;

    //
    // DMA.
    //
    NDIS_HANDLE             DmaHandle;
    ULONG                   ScatterGatherListSize;

    PSOC_TX_DESC            TxRing;
    NDIS_PHYSICAL_ADDRESS   TxRingPhysical;
    ULONG                   TxRingLength;
    PUCHAR                  TxCopyBuffers;      // SOC_TCB_COUNT * SOC_COPY_THRESHOLD
    NDIS_PHYSICAL_ADDRESS   TxCopyPhysical;
    ULONG                   TxCopyLength;

    PSOC_RX_DESC            RxRing;
    NDIS_PHYSICAL_ADDRESS   RxRingPhysical;
    ULONG                   RxRingLength;
    SOC_RX_BUFFER           RxBuffers[SOC_RX_RING_SIZE];

    PSOC_HW_STATS           HwStats;            // MmAllocateContiguousMemorySpecifyCache
    PHYSICAL_ADDRESS        HwStatsPhysical;

    //
    // Transmit state: TxLock is an in-stack queued spin lock.
    //
    KSPIN_LOCK              TxLock;
    ULONG                   TxNextToUse;        // next free descriptor
    ULONG                   TxNextToClean;      // oldest descriptor the device may own
    ULONG                   TxFreeDescriptors;
    PSOC_TCB                TxDescriptorOwner[SOC_TX_RING_SIZE];
    SOC_TCB                 Tcbs[SOC_TCB_COUNT];
    LIST_ENTRY              FreeTcbs;
    ULONG                   FreeTcbCount;
    volatile LONG           TcbsInUse;
    LIST_ENTRY              SendWaitQueue;      // NBLs waiting for TCBs
    PNET_BUFFER_LIST        CompletedHead;
    PNET_BUFFER_LIST        CompletedTail;

    //
    // Receive state.
    //
    NDIS_SPIN_LOCK          RxLock;
    NDIS_HANDLE             RxNblPool;
    ULONG                   RxNextToCheck;
    ULONG                   RxNextToRefill;
    ULONG                   RxToRefill;         // consumed descriptors not yet handed back
    volatile LONG           RxWithNdis;

    SOC_COUNTERS            Counters;
};

#define SOC_ADAPTER_SIGNATURE   'ENCS'

//
// NBLs waiting in SendWaitQueue are linked through MiniportReserved; while
// their NET_BUFFERs are with the hardware, MiniportReserved[0] counts the
// NET_BUFFERs still outstanding.
//
#define SOC_NBL_LINK(_Nbl)          ((PLIST_ENTRY)&NET_BUFFER_LIST_MINIPORT_RESERVED(_Nbl)[0])
#define SOC_NBL_FROM_LINK(_Entry)   CONTAINING_RECORD((_Entry), NET_BUFFER_LIST, MiniportReserved[0])
#define SOC_NBL_PENDING(_Nbl)       (*(volatile LONG_PTR *)&NET_BUFFER_LIST_MINIPORT_RESERVED(_Nbl)[0])
#define SOC_NB_TCB(_Nb)             (NET_BUFFER_MINIPORT_RESERVED(_Nb)[0])

//
// Register access.  Non-static inline helpers in the header: MSVC keeps
// one COMDAT copy.
//
FORCEINLINE
ULONG
SocReadRegister(
    _In_ PSOC_ADAPTER Adapter,
    _In_ ULONG Offset
    )
{
    ULONG Value;

    NdisReadRegisterUlong((PULONG)(Adapter->Registers + Offset), &Value);
    return Value;
}

FORCEINLINE
VOID
SocWriteRegister(
    _In_ PSOC_ADAPTER Adapter,
    _In_ ULONG Offset,
    _In_ ULONG Value
    )
{
    NdisWriteRegisterUlong((PULONG)(Adapter->Registers + Offset), Value);
}

__inline
ULONG
SocRingNext(
    _In_ ULONG Index,
    _In_ ULONG RingSize
    )
{
    return (Index + 1) & (RingSize - 1);
}

__inline
BOOLEAN
SocIsReady(
    _In_ PSOC_ADAPTER Adapter
    )
{
    return (BOOLEAN)(Adapter->State == SocStateRunning &&
                     !Adapter->SurpriseRemoved &&
                     Adapter->PowerState == NdisDeviceStateD0);
}

C_ASSERT((SOC_TX_RING_SIZE & (SOC_TX_RING_SIZE - 1)) == 0);
C_ASSERT((SOC_RX_RING_SIZE & (SOC_RX_RING_SIZE - 1)) == 0);

EXTERN_C_START

DRIVER_INITIALIZE                   DriverEntry;
MINIPORT_SET_OPTIONS                SocSetOptions;
MINIPORT_INITIALIZE                 SocInitializeEx;
MINIPORT_HALT                       SocHaltEx;
MINIPORT_UNLOAD                     SocDriverUnload;
MINIPORT_PAUSE                      SocPause;
MINIPORT_RESTART                    SocRestart;
MINIPORT_OID_REQUEST                SocOidRequest;
MINIPORT_CANCEL_OID_REQUEST         SocCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS      SocSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS    SocReturnNetBufferLists;
MINIPORT_CANCEL_SEND                SocCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY    SocDevicePnPEventNotify;
MINIPORT_SHUTDOWN                   SocShutdownEx;
MINIPORT_PROCESS_SG_LIST            SocProcessSGList;
MINIPORT_ISR                        SocInterrupt;
MINIPORT_INTERRUPT_DPC              SocInterruptDpc;
MINIPORT_ENABLE_INTERRUPT           SocEnableInterrupt;
MINIPORT_DISABLE_INTERRUPT          SocDisableInterrupt;
MINIPORT_SYNCHRONIZE_INTERRUPT      SocSyncEnableInterrupt;
KDEFERRED_ROUTINE                   SocLinkDpc;

extern NDIS_HANDLE SocDriverHandle;

//
// acpi.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS SocAcpiReadMacAddress(_In_ PSOC_ADAPTER Adapter,
                               _Out_writes_bytes_(ETH_LENGTH_OF_ADDRESS) PUCHAR MacAddress);

//
// dma.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS SocAllocateDmaResources(_In_ PSOC_ADAPTER Adapter);
_IRQL_requires_(PASSIVE_LEVEL)
VOID SocFreeDmaResources(_In_ PSOC_ADAPTER Adapter);

//
// hw.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS SocResetHardware(_In_ PSOC_ADAPTER Adapter);
VOID SocStartHardware(_In_ PSOC_ADAPTER Adapter);
VOID SocStopHardware(_In_ PSOC_ADAPTER Adapter);
VOID SocProgramReceiveFilter(_In_ PSOC_ADAPTER Adapter);
BOOLEAN SocMdioRead(_In_ PSOC_ADAPTER Adapter, _In_ ULONG Register, _Out_ PUSHORT Value);
BOOLEAN SocMdioWrite(_In_ PSOC_ADAPTER Adapter, _In_ ULONG Register, _In_ USHORT Value);
VOID SocUpdateLinkState(_In_ PSOC_ADAPTER Adapter, _In_ BOOLEAN Indicate);
VOID SocDumpHardwareStatistics(_In_ PSOC_ADAPTER Adapter);

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
VOID SocReadRegistry(_In_ PSOC_ADAPTER Adapter);
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS SocMapResources(_In_ PSOC_ADAPTER Adapter, _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters);
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS SocCheckPciDevice(_In_ PSOC_ADAPTER Adapter);

//
// send.c
//
VOID SocInitializeSendState(_In_ PSOC_ADAPTER Adapter);
VOID SocFlushSendQueue(_In_ PSOC_ADAPTER Adapter, _In_ NDIS_STATUS Status);
_Requires_lock_held_(Adapter->TxLock)
VOID SocFinishNetBuffer(_In_ PSOC_ADAPTER Adapter, _In_ PSOC_TCB Tcb, _In_ NDIS_STATUS Status);
VOID SocFlushCompletions(_In_ PSOC_ADAPTER Adapter, _In_ BOOLEAN AtDispatch);
_IRQL_requires_(DISPATCH_LEVEL)
VOID SocProcessSendQueue(_In_ PSOC_ADAPTER Adapter);

//
// txring.c
//
_Requires_lock_held_(Adapter->TxLock)
BOOLEAN SocPostDescriptors(_In_ PSOC_ADAPTER Adapter, _In_ PSOC_TCB Tcb,
                           _In_reads_(ElementCount) const SCATTER_GATHER_ELEMENT *Elements,
                           _In_ ULONG ElementCount, _In_ ULONG SkipBytes);
VOID SocCompleteTransmits(_In_ PSOC_ADAPTER Adapter);

//
// recv.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS SocAllocateReceiveNbls(_In_ PSOC_ADAPTER Adapter);
_IRQL_requires_(PASSIVE_LEVEL)
VOID SocFreeReceiveNbls(_In_ PSOC_ADAPTER Adapter);
VOID SocInitializeReceiveRing(_In_ PSOC_ADAPTER Adapter);
BOOLEAN SocIndicateReceives(_In_ PSOC_ADAPTER Adapter, _In_ ULONG MaxNbls);

//
// init.c
//
VOID SocTryCompletePause(_In_ PSOC_ADAPTER Adapter);

//
// oids.c
//
extern NDIS_OID SocSupportedOids[];
extern ULONG SocSupportedOidsSize;

EXTERN_C_END

#endif // _SOCENET_H_
