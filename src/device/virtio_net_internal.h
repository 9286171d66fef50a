/* virtio_net_internal.h — state shared by the virtio-net model's files:
 *   virtio_net.c        creation, MMIO transport registers, reset
 *   virtio_net_queue.c  split virtqueue access through the bus
 *   virtio_net_run.c    the device thread: transmit, receive, backlog
 *   virtio_net_pci.c    PCI configuration space, ACPI methods
 */
#ifndef NDISDMA_VIRTIO_NET_INTERNAL_H
#define NDISDMA_VIRTIO_NET_INTERNAL_H

#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_net.h>
#include <linux/virtio_ring.h>

#include "device/acpi.h"
#include "device/bus.h"
#include "device/virtio_net.h"
#include "kernel/ksched.h"

#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_QUEUES 2
#define VNET_HDR_LEN ((uint32_t)sizeof(struct virtio_net_hdr_v1))
#define VNET_MAX_FRAME 65535u
#define VNET_BATCH 64u            /* chains per pass before the lock is dropped */
#define VNET_VENDOR_ID 0x414D444Eu  /* "NDMA" little-endian */

#define VNET_FEATURES ((1ull << VIRTIO_F_VERSION_1) | \
		       (1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS))

struct vnet_queue {
	uint32_t num;                 /* QueueNum */
	bool ready;                   /* QueueReady */
	uint64_t desc, avail, used;   /* device addresses */
	uint16_t last_avail;          /* next avail ring entry to take */
	uint16_t avail_seen;          /* avail->idx as last read (entries up to
					 it are the driver's: no re-read) */
	uint16_t used_idx;            /* our used->idx */
	uint16_t used_published;      /* what used->idx in memory says */
	bool no_notify;               /* used->flags has VRING_USED_F_NO_NOTIFY */
};

/* One frame waiting for a receive buffer. */
struct vnet_slot {
	unsigned char *data;
	size_t cap, len;
};

struct vnet {
	struct device dev;            /* first: device_destroy frees it */
	uint8_t mac[6];
	uint64_t dma_limit;
	uint16_t queue_max;
	struct backend *backend;
	bool lossless;

	pthread_mutex_t lock;         /* registers, queues, the thread's work */
	pthread_cond_t cond;
	pthread_t thread;
	struct ktask *task;           /* the seeded scheduler's (spec §9) */
	uint32_t task_id;
	bool thread_started, stop;
	unsigned notify;              /* bit per queue: QueueNotify seen */

	uint32_t dev_features_sel, drv_features_sel, queue_sel;
	uint64_t driver_features;
	uint32_t status;
	bool driver_ok_seen;          /* DRIVER_OK was set once (a reset keeps it) */
	_Atomic uint32_t interrupt_status;
	/* config space (§5.1.4): status (VIRTIO_NET_S_LINK_UP unless a hostile
	 * script changed it) and ConfigGeneration */
	uint16_t config_status;
	uint32_t config_generation;
	bool hostile;                 /* virtio_net_hostile.c drives the device */
	struct vnet_queue q[VNET_QUEUES];

	pthread_mutex_t rx_lock;      /* the backlog ring below */
	/* VIRTIO_NET_RX_BACKLOG slots, made by the first frame offered (a
	 * device that never receives from its backend, as fuzz_device's
	 * hostile one, never pays for them) */
	struct vnet_slot *backlog;
	uint32_t bl_head, bl_count;

	uint8_t slot;                 /* PCI device number (virtio_net_pci.c) */
	struct acpi_object acpi;

	struct virtio_net_stats stats;
	/* the TX gather's scratch, VNET_FRAME_BYTES, made by the first
	 * transmit (vnet_frame): a device is made per adapter, per
	 * fuzz_device input, and most never need these 64 KiB */
	unsigned char *frame;
};

#define VNET_FRAME_BYTES (VNET_HDR_LEN + VNET_MAX_FRAME)
/* v->frame, made on first use; NULL when out of memory. */
unsigned char *vnet_frame(struct vnet *v);

static inline struct vnet *vnet_of(struct device *d) { return d->model; }
/* The model of d, or NULL when d is not a virtio-net device. */
struct vnet *virtio_net_model(struct device *d);

/* virtio_net.c */
void vnet_device_error(struct vnet *v, const char *why);
void vnet_count(struct vnet *v, uint64_t *field, uint64_t n);

/* virtio_net_queue.c: a chain of descriptors popped from the avail ring. */
struct vnet_seg {
	uint64_t addr;
	uint32_t len;
	bool write;                   /* VRING_DESC_F_WRITE */
};
#define VNET_MAX_SEGS 64u
struct vnet_chain {
	uint16_t head;
	unsigned n;
	struct vnet_seg seg[VNET_MAX_SEGS];
};
/* 1 popped, 0 ring empty, -1 device error (already flagged). */
int vnet_queue_pop(struct vnet *v, struct vnet_queue *q, struct vnet_chain *c);
/* Publishes a used element and used->idx; -1 on a bus fault (flagged). */
int vnet_queue_push(struct vnet *v, struct vnet_queue *q, uint16_t head, uint32_t len);
/* Writes a used element only; vnet_queue_publish makes a batch of them
 * visible with one used->idx write (virtio 1.1 §2.6.8). */
int vnet_queue_put(struct vnet *v, struct vnet_queue *q, uint16_t head, uint32_t len);
int vnet_queue_publish(struct vnet *v, struct vnet_queue *q);
/* True unless the driver set VRING_AVAIL_F_NO_INTERRUPT. */
bool vnet_queue_wants_interrupt(struct vnet *v, struct vnet_queue *q);
bool vnet_queue_has_avail(struct vnet *v, struct vnet_queue *q);
/* Sets or clears VRING_USED_F_NO_NOTIFY in used->flags (virtio 1.1
 * §2.6.10.1) when it differs from what the device last wrote. */
int vnet_queue_suppress(struct vnet *v, struct vnet_queue *q, bool on);
/* Is [addr, addr+len) inside the device's DMA reach? */
static inline bool vnet_reachable(const struct vnet *v, uint64_t addr, uint64_t len)
{
	return addr <= v->dma_limit && len <= v->dma_limit - addr;
}

/* virtio_net_pci.c: configuration space and ACPI object; 0 or -errno. */
int vnet_pci_init(struct vnet *v, const struct virtio_net_params *p);

/* virtio_net_run.c */
int vnet_thread_start(struct vnet *v);
void vnet_thread_stop(struct vnet *v);
bool vnet_rx_offer(void *ctx, const void *frame, size_t len);
void vnet_backlog_clear(struct vnet *v);
void vnet_backlog_free(struct vnet *v);

#endif
