/*
 * vhub.h — the vhub sample: a hardware-less NDIS 6.20 Ethernet miniport
 * whose adapters form one virtual hub.  Every adapter the PnP manager
 * starts is one instance of this driver, kept in a driver-global list under
 * an NDIS_RW_LOCK_EX.  A frame sent on one adapter is copied onto the
 * receive queue of each other running adapter whose packet filter accepts
 * its destination (its MAC, a multicast address in its list, broadcast);
 * that adapter's timer DPC indicates the copies, and when the last copy of
 * a sent NBL has been indicated the sender completes it.
 *
 * Files: driver.c (DriverEntry, unload, the adapter list), adapter.c
 * (initialize, halt, pause, restart, reset, shutdown), config.c (the
 * registry keywords and the MAC address), oid.c (OID requests and
 * statistics), send.c (send, cancel, forwarding), recv.c (receive queue,
 * timer DPC, indication, return), trace.h (WPP configuration).
 */
#ifndef VHUB_H
#define VHUB_H

#include <ndis.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>

#include "trace.h"

#define VHUB_TAG               'buhV'
#define VHUB_MAC_LENGTH        6
#define VHUB_HEADER_SIZE       14
#define VHUB_MTU               1500
#define VHUB_MAX_FRAME         (VHUB_HEADER_SIZE + VHUB_MTU)
#define VHUB_MAX_MULTICAST     32
#define VHUB_LINK_SPEED        1000000000ULL   /* 1 Gbit/s, both directions */
#define VHUB_VENDOR_ID         0x00FFFFFF      /* no IEEE OUI: low 3 bytes 0xFFFFFF */
#define VHUB_DRIVER_MAJOR      1
#define VHUB_DRIVER_MINOR      0
/* *ReceiveBuffers: how many frames may wait on an adapter's receive queue */
#define VHUB_RECV_LIMIT_MIN    16
#define VHUB_RECV_LIMIT_MAX    4096
#define VHUB_RECV_LIMIT_DEFAULT 256
/* NBLs one run of the receive DPC indicates before it re-arms its timer */
#define VHUB_RECV_BATCH        64
/* VhubReceiveDelay: how long a frame waits on the receive queue before the
 * timer DPC indicates it (the way a NIC moderates its receive interrupts),
 * in microseconds */
#define VHUB_RECV_DELAY_DEFAULT_US 50
#define VHUB_RECV_DELAY_MAX_US 10000000

#define VHUB_SUPPORTED_FILTERS (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | \
				NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST | \
				NDIS_PACKET_TYPE_PROMISCUOUS)

typedef enum _VHUB_STATE {
	VhubPaused,     /* after initialize and after a completed pause */
	VhubRunning,    /* between restart and pause */
	VhubPausing,    /* pause pended until every send and indication is back */
	VhubShutDown    /* MiniportShutdownEx: the adapter moves nothing more */
} VHUB_STATE;

/* The destination classes NDIS_STATISTICS_INFO counts separately. */
typedef enum _VHUB_CAST {
	VhubDirected,
	VhubMulticast,
	VhubBroadcast,
	VhubCastCount
} VHUB_CAST;

typedef struct _VHUB_COUNTERS {
	LONG64 Frames[VhubCastCount];
	LONG64 Bytes[VhubCastCount];
} VHUB_COUNTERS;

typedef struct _VHUB_ADAPTER VHUB_ADAPTER, *PVHUB_ADAPTER;

/* A forward context: one per NBL being sent, from the sender's lookaside
 * list.  Refs is one for the send path itself and one per copy waiting on a
 * receive queue; the NBL completes when it drops to zero. */
typedef struct _VHUB_TCB {
	PVHUB_ADAPTER Sender;
	PNET_BUFFER_LIST Nbl;
	LONG Refs;
	NDIS_STATUS Status;
	VHUB_COUNTERS Sent;     /* what the NBL carries, counted on success */
} VHUB_TCB, *PVHUB_TCB;

/* A receive context: one copy of a frame for one receiving adapter, from
 * that adapter's lookaside list.  The NBL and MDL describing Data are
 * allocated with it and freed when the protocol returns the NBL. */
typedef struct _VHUB_RCB {
	LIST_ENTRY Link;
	PVHUB_ADAPTER Adapter;
	PVHUB_TCB Source;       /* NULL once the copy is indicated */
	PNET_BUFFER_LIST Nbl;
	PMDL Mdl;
	ULONG Length;
	VHUB_CAST Cast;
	UCHAR Data[VHUB_MAX_FRAME];
} VHUB_RCB, *PVHUB_RCB;

struct _VHUB_ADAPTER {
	LIST_ENTRY Link;                /* in the driver's adapter list */
	NDIS_HANDLE AdapterHandle;
	ULONG Number;                   /* 1, 2, ... in order of initialization */
	CHAR Name[16];                  /* "vhub<Number>", for traces */

	NDIS_SPIN_LOCK Lock;            /* State, filter, multicast list, queue */
	VHUB_STATE State;
	LONG Busy;                      /* see VhubReleaseBusy */
	LONG SendsOutstanding;          /* TCBs not yet completed */
	LONG ResetPending;

	UCHAR PermanentAddress[VHUB_MAC_LENGTH];
	UCHAR CurrentAddress[VHUB_MAC_LENGTH];
	ULONG PacketFilter;
	ULONG Lookahead;
	ULONG MulticastCount;
	UCHAR Multicast[VHUB_MAX_MULTICAST][VHUB_MAC_LENGTH];

	LIST_ENTRY RecvQueue;           /* VHUB_RCBs waiting for the DPC */
	ULONG RecvQueued;
	ULONG RecvLimit;                /* *ReceiveBuffers */
	ULONG RecvDelay100ns;           /* VhubReceiveDelay, in 100 ns units */
	KTIMER RecvTimer;
	KDPC RecvDpc;
	NDIS_HANDLE NblPool;
	NPAGED_LOOKASIDE_LIST RecvLookaside;   /* VHUB_RCB */
	NPAGED_LOOKASIDE_LIST SendLookaside;   /* VHUB_TCB */
	BOOLEAN LookasidesReady;

	/* statistics (NDIS_STATISTICS_INFO, OID_GEN_XMIT_OK ...) */
	VHUB_COUNTERS Out;              /* sends completed with SUCCESS */
	VHUB_COUNTERS In;               /* frames indicated */
	LONG64 OutErrors;               /* sends completed with a failure */
	LONG64 OutDiscards;             /* sends aborted: paused, cancelled */
	LONG64 InDiscards;              /* copies dropped: queue full, no memory */
};

/* The TCB of an NBL being sent lives in its MiniportReserved[0]; an
 * indicated NBL's RCB in its MiniportReserved[0]. */
#define VHUB_TCB_OF(nbl) ((PVHUB_TCB)(nbl)->MiniportReserved[0])
#define VHUB_RCB_OF(nbl) ((PVHUB_RCB)(nbl)->MiniportReserved[0])

/* driver.c */
extern NDIS_HANDLE VhubDriverHandle;
extern LONG VhubAdapterCount;
VOID VhubListInsert(PVHUB_ADAPTER Adapter);
VOID VhubListRemove(PVHUB_ADAPTER Adapter);
typedef VOID (VHUB_VISIT)(PVHUB_ADAPTER Adapter, PVOID Context);
VOID VhubForEachAdapter(BOOLEAN AtDispatch, VHUB_VISIT *Visit, PVOID Context);

/* adapter.c */
MINIPORT_INITIALIZE VhubInitializeEx;
MINIPORT_HALT VhubHaltEx;
MINIPORT_PAUSE VhubPause;
MINIPORT_RESTART VhubRestart;
MINIPORT_RESET VhubResetEx;
MINIPORT_SHUTDOWN VhubShutdownEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY VhubDevicePnPEventNotify;
VOID VhubReleaseBusy(PVHUB_ADAPTER Adapter);
VOID VhubSendDone(PVHUB_ADAPTER Adapter);

/* config.c */
NDIS_STATUS VhubReadConfiguration(PVHUB_ADAPTER Adapter);

/* oid.c */
MINIPORT_OID_REQUEST VhubOidRequest;
MINIPORT_CANCEL_OID_REQUEST VhubCancelOidRequest;

/* send.c */
MINIPORT_SEND_NET_BUFFER_LISTS VhubSendNetBufferLists;
MINIPORT_CANCEL_SEND VhubCancelSend;
VOID VhubTcbRelease(PVHUB_TCB Tcb, BOOLEAN AtDispatch);
VHUB_CAST VhubCastOf(const UCHAR *Destination);

/* recv.c */
NDIS_STATUS VhubReceiveInitialize(PVHUB_ADAPTER Adapter);
VOID VhubReceiveFree(PVHUB_ADAPTER Adapter);
BOOLEAN VhubAccepts(PVHUB_ADAPTER Receiver, const UCHAR *Destination);
VOID VhubDeliver(PVHUB_ADAPTER Receiver, PVHUB_TCB Tcb, PNET_BUFFER Nb,
		 VHUB_CAST Cast, BOOLEAN AtDispatch);
VOID VhubReceiveTake(PVHUB_ADAPTER Adapter, PVOID CancelId, PVHUB_ADAPTER Sender,
		     PLIST_ENTRY Taken);
VOID VhubReceiveDrop(PLIST_ENTRY Taken, NDIS_STATUS SendStatus, BOOLEAN AtDispatch);
VOID VhubReceiveFlush(PVHUB_ADAPTER Adapter, BOOLEAN AtDispatch);
MINIPORT_RETURN_NET_BUFFER_LISTS VhubReturnNetBufferLists;

#endif /* VHUB_H */
