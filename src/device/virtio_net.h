/* virtio_net.h — a virtio-net device (virtio 1.1: MMIO transport version
 * 2, split virtqueues, VIRTIO_F_VERSION_1 + VIRTIO_NET_F_MAC +
 * VIRTIO_NET_F_STATUS), layouts and constants from the Linux UAPI headers
 * <linux/virtio_mmio.h>, <linux/virtio_ring.h>, <linux/virtio_net.h>,
 * <linux/virtio_config.h>.
 *
 * Register window: 0x200 bytes (VIRTIO_MMIO_* offsets; config space at
 * VIRTIO_MMIO_CONFIG = 0x100: struct virtio_net_config mac[6], status).
 * Queue 0 = receiveq, queue 1 = transmitq.  Every frame is preceded in
 * its buffer chain by a 12-byte struct virtio_net_hdr_v1.
 * Interrupt: used-buffer notification sets InterruptStatus bit 0
 * (VIRTIO_MMIO_INT_VRING) and raises the line, unless the driver set
 * VRING_AVAIL_F_NO_INTERRUPT; the driver clears it with InterruptACK.
 * A device error (descriptor outside the device's DMA reach, bad chain)
 * sets VIRTIO_CONFIG_S_NEEDS_RESET and InterruptStatus bit 1
 * (VIRTIO_MMIO_INT_CONFIG), and stops the queues until reset.
 */
#ifndef NDISDMA_VIRTIO_NET_H
#define NDISDMA_VIRTIO_NET_H

#include <stddef.h>
#include <stdint.h>

#include "device/backend.h"
#include "device/device.h"

#define VIRTIO_NET_MMIO_LENGTH 0x200u
#define VIRTIO_NET_QUEUE_MAX_DEFAULT 256u
#define VIRTIO_NET_RX_BACKLOG 1024u     /* frames held while RX is empty */

struct virtio_net_params {
	const char *name;          /* for reports; NULL: "virtio-net" */
	uint8_t mac[6];
	struct backend *backend;   /* NULL: none (TX frames are consumed);
				      the device attaches to it, and
				      device_destroy closes it */
	unsigned dma_bits;         /* 32 or 64 (0 means 64) */
	uint16_t queue_size;       /* QueueNumMax, power of 2 (0: default) */
	/* Where the system placed it (virtio_net_pci.c, docs/devices.md):
	 * BAR0 = the register window of AllocatedResources (mmio_length 0:
	 * BAR0 unimplemented), Interrupt Line, PCI device number on bus 0. */
	uint64_t mmio_base;
	uint32_t mmio_length;
	uint8_t irq_line;
	uint8_t slot;
	/* spec §11: the device's IOMMU domain (NULL: off); every address the
	 * device drives is translated through it (bus.h).  The domain
	 * outlives the device. */
	struct iommu_domain *domain;
};

/* The UUID of the model's _DSM (ToUUID byte order; virtio_net_pci.c). */
extern const uint8_t vnet_dsm_uuid[16];
#define VNET_DSM_FUNCTION_MAC 1u

/* 0 or -errno (-EINVAL: bad params).  Starts the device thread. */
int virtio_net_create(struct kernel *k, const struct virtio_net_params *p,
		      struct device **out);

struct virtio_net_stats {
	uint64_t tx_frames, tx_bytes;      /* read from the transmitq */
	uint64_t rx_frames, rx_bytes;      /* written into the receiveq */
	uint64_t rx_dropped;               /* backlog full (lossy backends) */
	uint64_t rx_backlog;               /* frames waiting for buffers now */
	uint64_t notifies;                 /* QueueNotify writes */
	uint64_t interrupts;               /* used-buffer notifications */
	uint64_t device_errors;            /* NEEDS_RESET events */
	uint32_t status;                   /* Status register */
	bool driver_ok_seen;               /* the driver set DRIVER_OK at least once */
};
/* false if d is not a virtio-net device. */
bool virtio_net_get_stats(struct device *d, struct virtio_net_stats *s);
/* The backend the device feeds (NULL: none, or not virtio-net). */
struct backend *virtio_net_backend(struct device *d);

/* ---- hostile mode (virtio_net_hostile.c; docs/fuzzing.md) -----------------
 * For fuzz_device.  On: the device thread stops moving frames and the
 * device does only what virtio_net_hostile_op is told, on the caller's
 * thread, consuming a byte script.  Off: back to the normal model (both
 * queues looked at again).  Registers, reset and config reads behave the
 * same in both modes.  -1 if d is not a virtio-net device. */
int virtio_net_set_hostile(struct device *d, bool on);

struct virtio_net_script {
	const uint8_t *p;          /* next byte; reads past the end give 0 */
	size_t left;
};
enum virtio_net_hostile_ops {
	VNET_HOSTILE_TX,           /* take a transmit chain, publish used */
	VNET_HOSTILE_RX,           /* take a receive chain, write a frame, publish */
	VNET_HOSTILE_USED,         /* publish a used element for nothing taken */
	VNET_HOSTILE_IDX,          /* set used->idx */
	VNET_HOSTILE_IRQ,          /* raise the line with InterruptStatus bits */
	VNET_HOSTILE_CONFIG,       /* link status / MAC, config interrupt */
	VNET_HOSTILE_ERROR,        /* DEVICE_NEEDS_RESET */
	VNET_HOSTILE_OPS
};
/* One operation (op % VNET_HOSTILE_OPS) with its arguments from s; every
 * step is narrated through kernel_trace.  1 when the device lied about
 * buffer ownership (published a used id, length or index that does not
 * match what it took and wrote): then the driver may give buffers back
 * that the device still reaches, and the device's later accesses to them
 * are the device's fault, not the driver's.  0 otherwise, -1 when not
 * hostile. */
int virtio_net_hostile_op(struct device *d, uint8_t op, struct virtio_net_script *s);

#endif
