/*
 * virtio_net.h — the adapter of the virtio-net sample miniport: what one
 * NIC instance owns, and the functions its files share.
 *
 *   virtio_net.c   DriverEntry, MiniportInitializeEx / HaltEx, resources
 *   vn_device.c    the virtio handshake, virtqueues, interrupt (ISR, DPC)
 *   vn_send.c      transmit: one SG list per NET_BUFFER, descriptor chains
 *   vn_recv.c      receive: buffers in shared memory, indications, returns
 *   vn_oid.c       OID requests, pause and restart
 *
 * Written only against <ndis.h>, as a Windows driver author would.
 */
#ifndef VIRTIO_NET_SAMPLE_H
#define VIRTIO_NET_SAMPLE_H

#include <ndis.h>

#include "virtio_hw.h"

/* Event log code of NdisWriteErrorLogEntry (documented value). */
#ifndef NDIS_ERROR_CODE_HARDWARE_FAILURE
#define NDIS_ERROR_CODE_HARDWARE_FAILURE ((NDIS_ERROR_CODE)0xC000138AL)
#endif

#ifndef NDIS_STATUS_MULTICAST_FULL
#define NDIS_STATUS_MULTICAST_FULL ((NDIS_STATUS)0xC0010009L)
#endif

#ifndef NDIS_STATUS_RESOURCE_CONFLICT
#define NDIS_STATUS_RESOURCE_CONFLICT ((NDIS_STATUS)0xC001001EL)
#endif

/* pool tag "VNet" as it reads in a memory dump */
#define VN_TAG              ((ULONG)'V' | ((ULONG)'N' << 8) | ((ULONG)'e' << 16) | ((ULONG)'t' << 24))
#define VN_QUEUE_MAX        256           /* entries per virtqueue we use at most */
#define VN_TX_SLOTS         64            /* NET_BUFFERs on the device at once */
#define VN_HEADER_SIZE      14            /* Ethernet header */
#define VN_MIN_FRAME        VN_HEADER_SIZE
#define VN_STANDARD_FRAME   1514
#define VN_JUMBO_FRAME      9014          /* *JumboPacket=9014 */
#define VN_LINK_SPEED       10000000000ull /* bits per second */
#define VN_RX_BLOCK_BYTES   65536         /* receive buffers per shared block */
#define VN_RX_MAX_BLOCKS    (VN_QUEUE_MAX)
#define VN_MULTICAST_MAX    32
#define VN_RX_BATCH         64            /* NBLs per receive indication */
#define VN_SUPPORTED_FILTERS (NDIS_PACKET_TYPE_DIRECTED | \
			      NDIS_PACKET_TYPE_MULTICAST | \
			      NDIS_PACKET_TYPE_ALL_MULTICAST | \
			      NDIS_PACKET_TYPE_BROADCAST | \
			      NDIS_PACKET_TYPE_PROMISCUOUS)

typedef struct _VN_SHARED_BLOCK {
	ULONG Length;
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;
} VN_SHARED_BLOCK;

/* One split virtqueue: rings in one shared block, a free descriptor list
 * threaded through Next (the device never reads free descriptors). */
typedef struct _VN_QUEUE {
	USHORT Index;                  /* VIRTIO_NET_RECEIVEQ / _TRANSMITQ */
	USHORT Size;
	USHORT FreeHead;
	USHORT FreeCount;
	USHORT LastUsed;               /* used ring entries consumed so far */
	USHORT AvailIdx;               /* our copy of Avail->Idx */
	BOOLEAN Broken;                /* the device broke the ring: not read again */
	VN_SHARED_BLOCK Ring;
	VIRTQ_DESC *Desc;
	VIRTQ_AVAIL *Avail;
	VIRTQ_USED *Used;
} VN_QUEUE;

typedef enum _VN_TX_STATE {
	VnTxFree,
	VnTxMapping,                   /* SG list requested, callback pending */
	VnTxReady,                     /* list delivered, waiting for descriptors */
	VnTxPosted,                    /* on the device */
} VN_TX_STATE;

struct _VN_ADAPTER;

/* One NET_BUFFER on its way to the device. */
typedef struct _VN_TX_SLOT {
	LIST_ENTRY Link;               /* free list or ready queue */
	struct _VN_ADAPTER *Adapter;
	VN_TX_STATE State;
	PNET_BUFFER NetBuffer;
	PNET_BUFFER_LIST NetBufferList;
	PSCATTER_GATHER_LIST SgList;
	PVOID SgStorage;               /* ScatterGatherListSize bytes */
	USHORT Head;                   /* first descriptor of the chain */
	USHORT Descriptors;
	VIRTIO_NET_HDR *Header;        /* in TxHeaders */
	ULONG64 HeaderPa;
} VN_TX_SLOT, *PVN_TX_SLOT;

/* One receive buffer: virtio_net_hdr + frame, and the NBL that carries it. */
typedef struct _VN_RX_BUFFER {
	PUCHAR Va;
	ULONG64 Pa;
	PMDL Mdl;                      /* the frame bytes after the header */
	PNET_BUFFER_LIST Nbl;
	USHORT Index;                  /* == its descriptor */
	BOOLEAN Posted;                /* the device owns it (RxLock) */
} VN_RX_BUFFER, *PVN_RX_BUFFER;

typedef enum _VN_STATE {
	VnPaused,
	VnRunning,
	VnPausing,
	VnHalting,
} VN_STATE;

typedef struct _VN_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	NDIS_HANDLE InterruptHandle;
	NDIS_HANDLE RxNblPool;
	ULONG DmaBits;
	ULONG MaxFrame;                /* 1514 or 9014 bytes */
	ULONG ScatterGatherListSize;

	/* device */
	PUCHAR Registers;              /* mapped register window */
	ULONG RegisterLength;
	NDIS_PHYSICAL_ADDRESS RegisterPa;
	ULONG InterruptVector;
	BOOLEAN HaveMemory, HaveInterrupt;
	ULONG64 Features;
	volatile LONG IsrStatus;       /* InterruptStatus bits the ISR saw */
	/* read and written by the send path, the DPC, OIDs, halt, PnP events
	 * under no common lock: only through VN_FLAG_READ / VN_FLAG_WRITE */
	volatile LONG DeviceStarted;
	volatile LONG DeviceFailed;
	volatile LONG LinkUp;

	VN_QUEUE RxQ, TxQ;

	/* transmit (TxLock) */
	NDIS_SPIN_LOCK TxLock;
	VN_TX_SLOT TxSlots[VN_TX_SLOTS];
	PVOID TxSgStorage;
	VN_SHARED_BLOCK TxHeaders;
	LIST_ENTRY TxFree;
	LIST_ENTRY TxReady;
	PVN_TX_SLOT TxSlotOfHead[VN_QUEUE_MAX];
	PNET_BUFFER TxWaitHead, TxWaitTail;   /* NBs waiting for a slot */
	ULONG TxNblsOutstanding;

	/* receive (RxLock) */
	NDIS_SPIN_LOCK RxLock;
	VN_RX_BUFFER RxBuffers[VN_QUEUE_MAX];
	VN_SHARED_BLOCK RxBlocks[VN_RX_MAX_BLOCKS];
	ULONG RxBlockCount;
	ULONG RxBufferStride;
	ULONG RxPosted;                /* buffers on the device */
	ULONG RxIndicated;             /* NBLs the protocol holds */

	/* state and OIDs (StateLock) */
	NDIS_SPIN_LOCK StateLock;
	VN_STATE State;
	BOOLEAN PausePending;
	ULONG PacketFilter;
	ULONG LookAhead;
	ULONG MulticastCount;
	UCHAR MulticastList[VN_MULTICAST_MAX][6];
	UCHAR PermanentAddress[6];
	UCHAR CurrentAddress[6];

	BOOLEAN ResetPending;           /* MiniportResetEx waits for the sends */

	/* statistics (interlocked); by destination class VN_CLASS_* for
	 * OID_GEN_STATISTICS */
	volatile LONG64 TxFrames, TxBytes, TxErrors;
	volatile LONG64 RxFrames, RxBytes, RxErrors, RxFiltered;
	volatile LONG64 TxClassFrames[3], TxClassBytes[3];
	volatile LONG64 RxClassFrames[3], RxClassBytes[3];
} VN_ADAPTER, *PVN_ADAPTER;

/* Destination classes of NDIS_STATISTICS_INFO: directed, multicast, broadcast. */
#define VN_CLASS_DIRECTED  0
#define VN_CLASS_MULTICAST 1
#define VN_CLASS_BROADCAST 2

static __inline ULONG VnClassOf(const UCHAR *Destination)
{
	if (ETH_IS_BROADCAST(Destination))
		return VN_CLASS_BROADCAST;
	return ETH_IS_MULTICAST(Destination) ? VN_CLASS_MULTICAST : VN_CLASS_DIRECTED;
}

/* A flag shared without a lock, read and written interlocked. */
#define VN_FLAG_READ(f)     (InterlockedCompareExchange(&(f), 0, 0) != 0)
#define VN_FLAG_WRITE(f, v) ((VOID)InterlockedExchange(&(f), (v) ? 1 : 0))

/* Bits [index] of a 64-bit feature word. */
#define VN_FEATURE(bit) (1ull << (bit))

/* ---- vn_device.c ---------------------------------------------------------- */
ULONG VnReadRegister(PVN_ADAPTER ad, ULONG offset);
VOID VnWriteRegister(PVN_ADAPTER ad, ULONG offset, ULONG value);
VOID VnDeviceReset(PVN_ADAPTER ad);
NDIS_STATUS VnDeviceNegotiate(PVN_ADAPTER ad);
NDIS_STATUS VnQueueAllocate(PVN_ADAPTER ad, VN_QUEUE *q, USHORT index);
VOID VnQueueFree(PVN_ADAPTER ad, VN_QUEUE *q);
NDIS_STATUS VnDeviceStart(PVN_ADAPTER ad);
NDIS_STATUS VnRegisterInterrupt(PVN_ADAPTER ad);
VOID VnNotify(PVN_ADAPTER ad, VN_QUEUE *q);
/* Descriptors of a queue: take one, give a chain back. */
USHORT VnDescTake(VN_QUEUE *q);
VOID VnDescGiveChain(VN_QUEUE *q, USHORT head);
/* Adds a chain to the avail ring; publishing makes what was added visible. */
VOID VnAvailAdd(VN_QUEUE *q, USHORT head);
VOID VnAvailPublish(VN_QUEUE *q);
BOOLEAN VnUsedNext(VN_QUEUE *q, VIRTQ_USED_ELEM *elem);
VOID VnDeviceBroken(PVN_ADAPTER ad, VN_QUEUE *q);

/* ---- vn_send.c -------------------------------------------------------------- */
NDIS_STATUS VnSendAllocate(PVN_ADAPTER ad);
VOID VnSendFree(PVN_ADAPTER ad);
MINIPORT_SEND_NET_BUFFER_LISTS VnSendNetBufferLists;
MINIPORT_CANCEL_SEND VnCancelSend;
MINIPORT_PROCESS_SG_LIST VnProcessSGList;
VOID VnSendCompleteFromDevice(PVN_ADAPTER ad);
VOID VnSendAbortQueued(PVN_ADAPTER ad, NDIS_STATUS status);
/* Halt: the device is reset; every slot still holding an NB is ended. */
VOID VnSendAbortAll(PVN_ADAPTER ad);
VOID VnSendFailPosted(PVN_ADAPTER ad);

/* ---- vn_recv.c ---------------------------------------------------------------- */
NDIS_STATUS VnReceiveAllocate(PVN_ADAPTER ad);
VOID VnReceiveFree(PVN_ADAPTER ad);
VOID VnReceivePostAll(PVN_ADAPTER ad);
/* Indicates at most Budget NBLs (NDIS_INDICATE_ALL_NBLS: no cap); TRUE
 * when filled buffers are left (receive throttle, NDIS 6.20+). */
BOOLEAN VnReceiveFromDevice(PVN_ADAPTER ad, ULONG Budget);
MINIPORT_RETURN_NET_BUFFER_LISTS VnReturnNetBufferLists;

/* ---- vn_oid.c ------------------------------------------------------------------- */
MINIPORT_OID_REQUEST VnOidRequest;
MINIPORT_CANCEL_OID_REQUEST VnCancelOidRequest;
MINIPORT_PAUSE VnPause;
MINIPORT_RESTART VnRestart;
/* Completes a pending pause once nothing is in flight (any IRQL <= DISPATCH). */
VOID VnCheckPauseComplete(PVN_ADAPTER ad);
VOID VnCheckResetComplete(PVN_ADAPTER ad);
MINIPORT_RESET VnResetEx;
VOID VnIndicateLinkState(PVN_ADAPTER ad);
BOOLEAN VnFilterAccepts(PVN_ADAPTER ad, const UCHAR *frame);

#endif /* VIRTIO_NET_SAMPLE_H */
