/*++

Module Name:

    adapter.h

Abstract:

    Per-adapter context of VMINIPORT, transmit and receive control blocks.
    Included through vminiport.h.

--*/

#pragma once

#ifndef _VMINIPORT_ADAPTER_H_
#define _VMINIPORT_ADAPTER_H_

#define MP_ADAPTER_SIGNATURE        'PADA'
#define MP_RCB_SIGNATURE            'BCRv'
#define MP_TCB_SIGNATURE            'BCTv'

//
// Adapter flags (Adapter->Flags), changed under the StateLock (write).
//
#define fMP_RESET_IN_PROGRESS       0x00000001
#define fMP_SURPRISE_REMOVED        0x00000002
#define fMP_HALT_IN_PROGRESS        0x00000004
#define fMP_SHUTDOWN                0x00000008
#define fMP_ON_GLOBAL_LIST          0x00000010

#define MP_SET_FLAG(_A, _F)         ((_A)->Flags |= (_F))
#define MP_CLEAR_FLAG(_A, _F)       ((_A)->Flags &= ~(_F))
#define MP_TEST_FLAG(_A, _F)        (((_A)->Flags & (_F)) != 0)

typedef enum _MP_ADAPTER_STATE
{
    MpAdapterInitializing = 0,
    MpAdapterPaused,
    MpAdapterRestarting,
    MpAdapterRunning,
    MpAdapterPausing,
    MpAdapterHalted
} MP_ADAPTER_STATE;

//
// Software counters behind OID_GEN_STATISTICS.  Updated with Interlocked*
// from the send and receive DPCs of any adapter.
//
typedef struct _MP_STATISTICS
{
    volatile LONG64 ifInDiscards;
    volatile LONG64 ifInErrors;
    volatile LONG64 ifHCInOctets;
    volatile LONG64 ifHCInUcastPkts;
    volatile LONG64 ifHCInMulticastPkts;
    volatile LONG64 ifHCInBroadcastPkts;
    volatile LONG64 ifHCOutOctets;
    volatile LONG64 ifHCOutUcastPkts;
    volatile LONG64 ifHCOutMulticastPkts;
    volatile LONG64 ifHCOutBroadcastPkts;
    volatile LONG64 ifOutErrors;
    volatile LONG64 ifOutDiscards;
    volatile LONG64 ifHCInUcastOctets;
    volatile LONG64 ifHCInMulticastOctets;
    volatile LONG64 ifHCInBroadcastOctets;
    volatile LONG64 ifHCOutUcastOctets;
    volatile LONG64 ifHCOutMulticastOctets;
    volatile LONG64 ifHCOutBroadcastOctets;

    volatile LONG   TxAborted;          // cancelled or flushed sends
    volatile LONG   RxNoResources;      // frames dropped: no RCB / NBL
    volatile LONG   RxLowResources;     // indications made with NDIS_RECEIVE_FLAGS_RESOURCES
    volatile LONG   Resets;
} MP_STATISTICS, *PMP_STATISTICS;

//
// Transmit control block: the frame of one NET_BUFFER as it travels across
// the virtual wire.  Comes from an NDIS lookaside list (default pool
// allocator).
//
typedef struct _TCB
{
    ULONG                           Signature;
    ULONG                           DataLength;
    PNET_BUFFER                     NetBuffer;
    NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q;
    UCHAR                           Data[NIC_MAX_FRAME_SIZE];
} TCB, *PTCB;

//
// Receive control block: one received frame, waiting in the adapter's
// receive queue or indicated to NDIS.  Comes from an Ex lookaside list with
// custom allocate/free routines (recv.c).
//
typedef struct _RCB
{
    LIST_ENTRY                      Link;
    ULONG                           Signature;
    ULONG                           DataLength;
    PMP_ADAPTER                     Adapter;
    PMDL                            Mdl;
    PNET_BUFFER_LIST                Nbl;
    NDIS_NET_BUFFER_LIST_8021Q_INFO Ieee8021q;
    DECLSPEC_ALIGN(16) UCHAR        Data[NIC_MAX_FRAME_SIZE];
} RCB, *PRCB;

//
// NBLs waiting in the send queue are linked through MiniportReserved.
//
#define MP_NBL_LINK(_NBL)           ((PLIST_ENTRY)&NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL)[0])
#define MP_NBL_FROM_LINK(_E)        CONTAINING_RECORD((_E), NET_BUFFER_LIST, MiniportReserved[0])
#define MP_RCB_FROM_NBL(_NBL)       ((PRCB)NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL)[0])

C_ASSERT(sizeof(LIST_ENTRY) <= RTL_FIELD_SIZE(NET_BUFFER_LIST, MiniportReserved));

struct _MP_ADAPTER
{
    ULONG                   Signature;
    LIST_ENTRY              List;               // GlobalData.AdapterList
    NDIS_HANDLE             AdapterHandle;
    ULONG                   InstanceNumber;
    CHAR                    Name[16];
    WCHAR                   FriendlyNameBuffer[64];
    UNICODE_STRING          FriendlyName;

    //
    // State.  StateLock: readers are the send path and the forwarding path
    // (multicast list, packet filter); writers are pause, restart, reset,
    // power changes and OID sets.
    //
    PNDIS_RW_LOCK_EX        StateLock;
    MP_ADAPTER_STATE        State;
    ULONG                   Flags;
    volatile LONG           RefCount;           // 1 while running + one per NBL owned
    NDIS_DEVICE_POWER_STATE CurrentPowerState;
    NDIS_MEDIA_CONNECT_STATE MediaState;
    ULONG64                 LinkSpeed;

    //
    // Configuration.
    //
    UCHAR                   PermanentAddress[ETH_LENGTH_OF_ADDRESS];
    UCHAR                   CurrentAddress[ETH_LENGTH_OF_ADDRESS];
    ULONG                   PacketFilter;
    ULONG                   Lookahead;
    ULONG                   VlanId;
    ULONG                   MulticastCount;
    PUCHAR                  MulticastList;      // NIC_MAX_MCAST_LIST addresses, ExAllocatePool2
    ULONG64                 MulticastHash;      // programmed by the worker thread

    //
    // Send path.
    //
    NDIS_SPIN_LOCK          SendQueueLock;
    LIST_ENTRY              SendWaitList;
    ULONG                   SendWaitCount;
    LARGE_INTEGER           SendHeadQueuedTick; // tick count when the head of SendWaitList was queued
    KDPC                    SendDpc;
    NPAGED_LOOKASIDE_LIST   TcbLookaside;       // NdisInitializeNPagedLookasideList
    BOOLEAN                 TcbLookasideInitialized;

    //
    // Receive path.
    //
    NDIS_SPIN_LOCK          RecvQueueLock;
    LIST_ENTRY              RecvWaitList;
    ULONG                   RecvWaitCount;
    volatile LONG           RecvIndicated;      // with NDIS, not yet returned
    volatile LONG           RecvTimerArmed;
    KTIMER                  RecvTimer;
    KDPC                    RecvDpc;
    NPAGED_LOOKASIDE_LIST   RcbLookaside;       // ExInitializeNPagedLookasideList, custom allocator
    BOOLEAN                 RcbLookasideInitialized;
    NDIS_HANDLE             RecvNblPool;

    //
    // Link timer (NDIS timer object), reset work item.
    //
    NDIS_HANDLE             LinkTimer;
    NDIS_HANDLE             ResetWorkItem;

    //
    // Worker thread: programs the multicast hash and keeps a heartbeat that
    // MiniportCheckForHangEx watches.
    //
    HANDLE                  WorkerThreadHandle;
    KEVENT                  WorkerStopEvent;    // NotificationEvent
    KEVENT                  WorkerWakeEvent;    // SynchronizationEvent
    volatile LONG           WorkerHeartbeat;
    LONG                    LastSeenHeartbeat;
    ULONG                   MissedHeartbeats;

    MP_STATISTICS           Stats;
};

#endif // _VMINIPORT_ADAPTER_H_
