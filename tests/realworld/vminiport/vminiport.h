/*++

Copyright (c) The vminiport authors.

Module Name:

    vminiport.h

Abstract:

    Driver-wide private definitions of VMINIPORT, a hardware-less NDIS 6.30
    virtual Ethernet miniport.  Every adapter the driver owns is linked into a
    driver-global list; a frame sent on one adapter is delivered ("forwarded")
    to every other adapter of the driver whose packet filter accepts it, as if
    all adapters were plugged into one Ethernet hub.

    This header is included by every .c file of the driver.

Environment:

    Kernel mode only.

--*/

#pragma once

#ifndef _VMINIPORT_H_
#define _VMINIPORT_H_

//
// The project builds for NDIS 6.30 (in the .vcxproj these come from
// <PreprocessorDefinitions>; keep them here too so a plain command-line
// build selects the same NDIS contract).
//
#ifndef NDIS_MINIPORT_DRIVER
#define NDIS_MINIPORT_DRIVER 1
#endif
#ifndef NDIS630_MINIPORT
#define NDIS630_MINIPORT 1
#endif

#pragma warning(push)
#pragma warning(disable:4201)   // nonstandard extension used : nameless struct/union
#pragma warning(disable:4214)   // nonstandard extension used : bit field types other than int
#include <ndis.h>
#pragma warning(pop)

#include <ntstrsafe.h>
#include <ntintsafe.h>

#pragma warning(disable:4127)   // conditional expression is constant (do { } while (0))

//
// Versions
//
#define MP_NDIS_MAJOR_VERSION           6
#define MP_NDIS_MINOR_VERSION           30
#define MP_MAJOR_DRIVER_VERSION         1
#define MP_MINOR_DRIVER_VERSION         4
#define MP_VENDOR_DRIVER_VERSION        ((MP_MAJOR_DRIVER_VERSION << 16) | MP_MINOR_DRIVER_VERSION)
#define MP_NDIS_VERSION_NEEDED          ((MP_NDIS_MAJOR_VERSION << 16) | MP_NDIS_MINOR_VERSION)

//
// Pool tags ("vVM?" in the debugger's pool dumps).
//
#define VM_TAG_ADAPTER                  'AMVv'
#define VM_TAG_TCB                      'TMVv'
#define VM_TAG_RCB                      'RMVv'
#define VM_TAG_MCAST                    'MMVv'
#define VM_TAG_TIMER                    'IMVv'
#define VM_TAG_NBL_POOL                 'NMVv'
#define VM_TAG_SNAPSHOT                 'SMVv'

//
// Media / frame geometry.
//
#define NIC_MEDIA_TYPE                  NdisMedium802_3
#define NIC_HEADER_SIZE                 14
#define NIC_MIN_FRAME_SIZE              60
#define NIC_MAX_FRAME_SIZE              1514
#define NIC_MTU                         (NIC_MAX_FRAME_SIZE - NIC_HEADER_SIZE)
#define NIC_MAX_LOOKAHEAD               NIC_MTU
#define NIC_MAX_MCAST_LIST              32
#define NIC_LINK_SPEED                  1000000000ULL          // 1 Gb/s, bits per second
#define NIC_MAX_RECV_QUEUE              256                     // per adapter, frames waiting for the receive DPC
#define NIC_RECV_LOW_RESOURCES          192                     // indicated and not yet returned
#define NIC_RECV_INDICATE_BATCH         32
#define NIC_SEND_HANG_TIMEOUT_MS        2000
#define NIC_VENDOR_ID                   0x00FFFFFF
#define NIC_VENDOR_DESC                 "Virtual Ethernet Miniport (vminiport)"
#define NIC_SUPPORTED_FILTERS           (NDIS_PACKET_TYPE_DIRECTED      | \
                                         NDIS_PACKET_TYPE_MULTICAST     | \
                                         NDIS_PACKET_TYPE_ALL_MULTICAST | \
                                         NDIS_PACKET_TYPE_BROADCAST     | \
                                         NDIS_PACKET_TYPE_PROMISCUOUS)
#define NIC_MAC_OPTIONS                 (NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | \
                                         NDIS_MAC_OPTION_TRANSFERS_NOT_PEND  | \
                                         NDIS_MAC_OPTION_NO_LOOPBACK         | \
                                         NDIS_MAC_OPTION_8021P_PRIORITY      | \
                                         NDIS_MAC_OPTION_8021Q_VLAN)

//
// Every counter NDIS_STATISTICS_INFO can carry: OID_GEN_STATISTICS is
// mandatory for NDIS 6 and the docs ask for all of them.
//
#define NIC_SUPPORTED_STATISTICS        (NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV    | \
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
                                         NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS          | \
                                         NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV     | \
                                         NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV    | \
                                         NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV    | \
                                         NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT    | \
                                         NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT   | \
                                         NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT)

//
// Debug output.  Levels are the DPFLTR ones so the kernel debugger filter
// (Kd_IHVNETWORK_Mask) selects them.
//
#define MP_ERROR                        DPFLTR_ERROR_LEVEL
#define MP_WARNING                      DPFLTR_WARNING_LEVEL
#define MP_TRACE                        DPFLTR_TRACE_LEVEL
#define MP_INFO                         DPFLTR_INFO_LEVEL

#define DEBUGP(lvl, fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, lvl, fmt, __VA_ARGS__)

#define ETH_IS_LOCALLY_ADMINISTERED(Address) \
    (BOOLEAN)(((PUCHAR)(Address))[0] & ((UCHAR)0x02))

//
// Interval for the receive "interrupt" timer, in 100 ns units (relative).
//
#define MP_RECV_TIMER_DUE_100NS         (-10LL * 1000)          // 1 ms
#define MP_LINK_TIMER_DUE_100NS         (-10LL * 1000 * 20)     // 20 ms after restart
#define MP_WORKER_PERIOD_100NS          (-10LL * 1000 * 500)    // 500 ms heartbeat

typedef struct _MP_ADAPTER MP_ADAPTER, *PMP_ADAPTER;

//
// Driver-global state.
//
typedef struct _MP_GLOBALS
{
    NDIS_HANDLE         DriverHandle;
    PDRIVER_OBJECT      DriverObject;

    //
    // All adapters of this driver.  Readers: the send DPC of any adapter
    // (forwarding); writers: initialize and halt.
    //
    LIST_ENTRY          AdapterList;
    PNDIS_RW_LOCK_EX    AdapterListLock;
    volatile LONG       AdapterCount;
    volatile LONG       NextInstance;

    //
    // Receive control blocks handed out by the custom lookaside allocator
    // and not yet given back to pool (all adapters).
    //
    volatile LONG       RcbAllocations;

    UNICODE_STRING      RegistryPath;
    WCHAR               RegistryPathBuffer[256];
} MP_GLOBALS, *PMP_GLOBALS;

extern MP_GLOBALS GlobalData;

#include "adapter.h"

EXTERN_C_START

//
// Role types (Static Driver Verifier / Code Analysis know these).
//
DRIVER_INITIALIZE                       DriverEntry;
MINIPORT_SET_OPTIONS                    MPSetOptions;
MINIPORT_INITIALIZE                     MPInitializeEx;
MINIPORT_HALT                           MPHaltEx;
MINIPORT_UNLOAD                         MPDriverUnload;
MINIPORT_PAUSE                          MPPause;
MINIPORT_RESTART                        MPRestart;
MINIPORT_OID_REQUEST                    MPOidRequest;
MINIPORT_CANCEL_OID_REQUEST             MPCancelOidRequest;
MINIPORT_DIRECT_OID_REQUEST             MPDirectOidRequest;
MINIPORT_CANCEL_DIRECT_OID_REQUEST      MPCancelDirectOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS          MPSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS        MPReturnNetBufferLists;
MINIPORT_CANCEL_SEND                    MPCancelSend;
MINIPORT_CHECK_FOR_HANG                 MPCheckForHangEx;
MINIPORT_RESET                          MPResetEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY        MPDevicePnPEventNotify;
MINIPORT_SHUTDOWN                       MPShutdownEx;

KDEFERRED_ROUTINE                       MPSendDpc;
KDEFERRED_ROUTINE                       MPRecvDpc;
KSTART_ROUTINE                          MPWorkerThread;
NDIS_TIMER_FUNCTION                     MPLinkTimer;
NDIS_IO_WORKITEM_FUNCTION               MPResetWorkItem;

//
// miniport.c
//
VOID MPAttachAdapter(_In_ PMP_ADAPTER Adapter);
VOID MPDetachAdapter(_In_ PMP_ADAPTER Adapter);

//
// adapter.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NDIS_STATUS MPReadConfiguration(_In_ PMP_ADAPTER Adapter);

_IRQL_requires_(PASSIVE_LEVEL)
VOID MPFreeAdapter(_In_ PMP_ADAPTER Adapter);

//
// control.c
//
VOID MPIndicateLinkState(_In_ PMP_ADAPTER Adapter, _In_ NDIS_MEDIA_CONNECT_STATE State);
VOID MPAdapterRelease(_In_ PMP_ADAPTER Adapter);

//
// send.c
//
NDIS_STATUS MPInitializeSendPath(_In_ PMP_ADAPTER Adapter);
VOID MPFreeSendPath(_In_ PMP_ADAPTER Adapter);
VOID MPFlushSendQueue(_In_ PMP_ADAPTER Adapter, _In_ NDIS_STATUS CompletionStatus);

//
// recv.c
//
NDIS_STATUS MPInitializeRecvPath(_In_ PMP_ADAPTER Adapter);
VOID MPFreeRecvPath(_In_ PMP_ADAPTER Adapter);
VOID MPFlushRecvQueue(_In_ PMP_ADAPTER Adapter);
_IRQL_requires_(DISPATCH_LEVEL)
BOOLEAN MPDeliverFrame(_In_ PMP_ADAPTER Destination, _In_reads_bytes_(Length) const UCHAR *Frame,
                       _In_ ULONG Length, _In_ NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q);

//
// worker.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS MPStartWorker(_In_ PMP_ADAPTER Adapter);
_IRQL_requires_(PASSIVE_LEVEL)
VOID MPStopWorker(_In_ PMP_ADAPTER Adapter);
VOID MPKickWorker(_In_ PMP_ADAPTER Adapter);

//
// oids.c
//
extern NDIS_OID MPSupportedOids[];
extern ULONG    MPSupportedOidsLength;

EXTERN_C_END

//
// Small helpers shared by several files.  MSVC emits one COMDAT copy of each
// non-static inline function, so they live in the header.
//

__inline
BOOLEAN
MPIsAdapterRunning(
    _In_ PMP_ADAPTER Adapter
    )
{
    return (BOOLEAN)(Adapter->State == MpAdapterRunning &&
                     Adapter->CurrentPowerState == NdisDeviceStateD0 &&
                     !MP_TEST_FLAG(Adapter, fMP_RESET_IN_PROGRESS | fMP_SURPRISE_REMOVED));
}

__inline
NDIS_STATUS
MPSendFailureStatus(
    _In_ PMP_ADAPTER Adapter
    )
/*++
    The status a send gets when the adapter cannot take it.
--*/
{
    if (MP_TEST_FLAG(Adapter, fMP_SURPRISE_REMOVED))
    {
        return NDIS_STATUS_ADAPTER_REMOVED;
    }
    if (MP_TEST_FLAG(Adapter, fMP_RESET_IN_PROGRESS))
    {
        return NDIS_STATUS_RESET_IN_PROGRESS;
    }
    if (Adapter->CurrentPowerState != NdisDeviceStateD0)
    {
        return NDIS_STATUS_LOW_POWER_STATE;
    }
    if (Adapter->MediaState != MediaConnectStateConnected && Adapter->State == MpAdapterRunning)
    {
        return NDIS_STATUS_MEDIA_DISCONNECTED;
    }
    return NDIS_STATUS_PAUSED;
}

FORCEINLINE
VOID
MPAddCounter(
    _Inout_ volatile LONG64 *Counter,
    _In_ ULONG64 Value
    )
{
    InterlockedAdd64(Counter, (LONG64)Value);
}

FORCEINLINE
VOID
MPAdapterReference(
    _In_ PMP_ADAPTER Adapter
    )
{
    LONG Refs = InterlockedIncrement(&Adapter->RefCount);
    ASSERT(Refs > 1);
    UNREFERENCED_PARAMETER(Refs);
}

__inline
ULONG
MPHashMulticastAddress(
    _In_reads_bytes_(ETH_LENGTH_OF_ADDRESS) const UCHAR *Address
    )
/*++
    6-bit hash of a multicast address (upper bits of the Ethernet CRC-32),
    the way a 64-bin hardware multicast filter indexes it.
--*/
{
    ULONG Crc = 0xFFFFFFFF;
    ULONG i, Bit;

    for (i = 0; i < ETH_LENGTH_OF_ADDRESS; i++)
    {
        UCHAR Byte = Address[i];
        for (Bit = 0; Bit < 8; Bit++)
        {
            ULONG Mix = (Crc ^ Byte) & 1;
            Crc >>= 1;
            if (Mix)
            {
                Crc ^= 0xEDB88320;
            }
            Byte >>= 1;
        }
    }
    return (Crc >> 26) & 0x3F;
}

__inline
BOOLEAN
MPIsFrameAccepted(
    _In_ PMP_ADAPTER Adapter,
    _In_reads_bytes_(ETH_LENGTH_OF_ADDRESS) const UCHAR *Destination
    )
/*++
    The receive filter of Adapter.  Caller holds Adapter->StateLock (read).
--*/
{
    ULONG Filter = Adapter->PacketFilter;
    ULONG i;
    UINT  Different;

    if (Filter & NDIS_PACKET_TYPE_PROMISCUOUS)
    {
        return TRUE;
    }
    if (ETH_IS_BROADCAST(Destination))
    {
        return (BOOLEAN)((Filter & NDIS_PACKET_TYPE_BROADCAST) != 0);
    }
    if (ETH_IS_MULTICAST(Destination))
    {
        if (Filter & NDIS_PACKET_TYPE_ALL_MULTICAST)
        {
            return TRUE;
        }
        if (!(Filter & NDIS_PACKET_TYPE_MULTICAST))
        {
            return FALSE;
        }
        //
        // The "hardware" hash first (programmed by the worker thread), then
        // the exact list.
        //
        if (!(Adapter->MulticastHash & (1ULL << MPHashMulticastAddress(Destination))))
        {
            return FALSE;
        }
        for (i = 0; i < Adapter->MulticastCount; i++)
        {
            ETH_COMPARE_NETWORK_ADDRESSES_EQ(Destination,
                                             &Adapter->MulticastList[i * ETH_LENGTH_OF_ADDRESS],
                                             &Different);
            if (!Different)
            {
                return TRUE;
            }
        }
        return FALSE;
    }

    ETH_COMPARE_NETWORK_ADDRESSES_EQ(Destination, Adapter->CurrentAddress, &Different);
    return (BOOLEAN)((Filter & NDIS_PACKET_TYPE_DIRECTED) && !Different);
}

#endif // _VMINIPORT_H_
