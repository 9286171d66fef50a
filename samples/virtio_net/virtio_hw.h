/*
 * virtio_hw.h — the virtio-net device as this miniport's author sees it:
 * register offsets, status and feature bits, and the split-virtqueue
 * layouts, written from the public virtio 1.1 specification (§2.1 device
 * status, §2.6 split virtqueues, §4.2.2 MMIO register layout, §5.1 network
 * device).  A Windows miniport sees nothing but <ndis.h>, so it keeps its
 * own copy of the hardware interface, as real drivers do.
 *
 * Everything on the wire and in the rings is little-endian; x86-64 is too,
 * so the fields are plain integers.
 */
#ifndef VIRTIO_HW_H
#define VIRTIO_HW_H

#include <ndis.h>

/* The WDK's compile-time assert and field offset, where <ndis.h> lacks them. */
#ifndef C_ASSERT
#define C_ASSERT(e) typedef char __C_ASSERT__[(e) ? 1 : -1]
#endif
#ifndef FIELD_OFFSET
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#endif

/* ---- MMIO transport, version 2 (virtio 1.1 §4.2.2) ----------------------- */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000   /* "virt" */
#define VIRTIO_MMIO_VERSION             0x004   /* 2 */
#define VIRTIO_MMIO_DEVICE_ID           0x008   /* 1: network card */
#define VIRTIO_MMIO_VENDOR_ID           0x00C
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090   /* available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0A0   /* used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0A4
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0FC
#define VIRTIO_MMIO_CONFIG              0x100   /* device-specific */
#define VIRTIO_MMIO_WINDOW_BYTES        0x200

#define VIRTIO_MMIO_MAGIC               0x74726976u
#define VIRTIO_ID_NET                   1

#define VIRTIO_MMIO_INT_VRING           0x1     /* used buffer notification */
#define VIRTIO_MMIO_INT_CONFIG          0x2     /* configuration change */

/* ---- device status (§2.1) ----------------------------------------------- */
#define VIRTIO_STATUS_ACKNOWLEDGE       0x01
#define VIRTIO_STATUS_DRIVER            0x02
#define VIRTIO_STATUS_DRIVER_OK         0x04
#define VIRTIO_STATUS_FEATURES_OK       0x08
#define VIRTIO_STATUS_NEEDS_RESET       0x40
#define VIRTIO_STATUS_FAILED            0x80

/* ---- feature bits (§5.1.3, §6) -------------------------------------------- */
#define VIRTIO_NET_F_MAC                5
#define VIRTIO_NET_F_STATUS             16
#define VIRTIO_F_VERSION_1              32

#define VIRTIO_NET_S_LINK_UP            1

/* device configuration of a network card (§5.1.4), at VIRTIO_MMIO_CONFIG */
#define VIRTIO_NET_CONFIG_MAC           0x00    /* 6 bytes */
#define VIRTIO_NET_CONFIG_STATUS        0x06    /* le16 */

/* ---- queues of a network card (§5.1.2) ------------------------------------ */
#define VIRTIO_NET_RECEIVEQ             0
#define VIRTIO_NET_TRANSMITQ            1

/* ---- split virtqueue (§2.6) ------------------------------------------------ */
#define VIRTQ_DESC_F_NEXT               1
#define VIRTQ_DESC_F_WRITE              2
#define VIRTQ_USED_F_NO_NOTIFY          1       /* §2.6.10: no kick needed */

typedef struct _VIRTQ_DESC {
	ULONG64 Addr;
	ULONG Len;
	USHORT Flags;
	USHORT Next;
} VIRTQ_DESC;

typedef struct _VIRTQ_AVAIL {
	USHORT Flags;
	USHORT Idx;
	USHORT Ring[];            /* QueueSize entries, then used_event */
} VIRTQ_AVAIL;

typedef struct _VIRTQ_USED_ELEM {
	ULONG Id;                 /* head descriptor of the chain */
	ULONG Len;                /* bytes the device wrote */
} VIRTQ_USED_ELEM;

typedef struct _VIRTQ_USED {
	USHORT Flags;
	USHORT Idx;
	VIRTQ_USED_ELEM Ring[];   /* QueueSize entries, then avail_event */
} VIRTQ_USED;

C_ASSERT(sizeof(VIRTQ_DESC) == 16);
C_ASSERT(sizeof(VIRTQ_USED_ELEM) == 8);
C_ASSERT(FIELD_OFFSET(VIRTQ_USED, Ring) == 4);

/* Bytes of each part for a queue of n entries, and where each starts in
 * one shared block: descriptors (16-aligned), available ring (2-aligned),
 * used ring (4-aligned, §2.6 alignment requirements). */
#define VIRTQ_DESC_BYTES(n)   ((ULONG)(16 * (n)))
#define VIRTQ_AVAIL_BYTES(n)  ((ULONG)(6 + 2 * (n)))
#define VIRTQ_USED_BYTES(n)   ((ULONG)(6 + 8 * (n)))
#define VIRTQ_AVAIL_OFFSET(n) VIRTQ_DESC_BYTES(n)
#define VIRTQ_USED_OFFSET(n)  ((VIRTQ_AVAIL_OFFSET(n) + VIRTQ_AVAIL_BYTES(n) + 3) & ~3u)
#define VIRTQ_TOTAL_BYTES(n)  (VIRTQ_USED_OFFSET(n) + VIRTQ_USED_BYTES(n))

/* ---- the header in front of every frame (§5.1.6, VERSION_1 layout) -------- */
typedef struct _VIRTIO_NET_HDR {
	UCHAR Flags;
	UCHAR GsoType;
	USHORT HdrLen;
	USHORT GsoSize;
	USHORT CsumStart;
	USHORT CsumOffset;
	USHORT NumBuffers;
} VIRTIO_NET_HDR;

C_ASSERT(sizeof(VIRTIO_NET_HDR) == 12);

#endif /* VIRTIO_HW_H */
