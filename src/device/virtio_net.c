/* virtio_net.c — the virtio-net model's MMIO transport (virtio 1.1
 * §4.2.2, version 2 register layout from <linux/virtio_mmio.h>), device
 * status and reset (§2.1, §3.1), feature negotiation (§2.2), config space
 * (§5.1.4: mac, status), and creation/destruction. */
#include "device/virtio_net_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The counters are atomic; virtio_net_get_stats reads each field whole.
 * Under the seeded scheduler only the baton holder runs, so an add is a
 * load and a store; a locked add (a frame's path counts several) costs
 * far more, and is kept for real concurrency. */
void vnet_count(struct vnet *v, uint64_t *field, uint64_t n)
{
	(void)v;
	if (ksched_active())
		__atomic_store_n(field, __atomic_load_n(field, __ATOMIC_RELAXED) + n,
				 __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(field, n, __ATOMIC_RELAXED);
}

/* virtio 1.1 §2.1.2: the device sets DEVICE_NEEDS_RESET and sends a
 * configuration change notification; it stops processing until reset. */
void vnet_device_error(struct vnet *v, const char *why)
{
	if (v->status & VIRTIO_CONFIG_S_NEEDS_RESET)
		return;
	v->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	vnet_count(v, &v->stats.device_errors, 1);
	kernel_trace(v->dev.k, "  %s: device error, DEVICE_NEEDS_RESET: %s",
		     v->dev.name, why);
	atomic_fetch_or(&v->interrupt_status, VIRTIO_MMIO_INT_CONFIG);
	device_irq_raise(&v->dev);
}

/* virtio 1.1 §4.2.2.1: writing 0 to Status resets the device. */
static void vnet_reset(struct vnet *v)
{
	v->status = 0;
	v->driver_features = 0;
	v->dev_features_sel = v->drv_features_sel = v->queue_sel = 0;
	v->notify = 0;
	atomic_store(&v->interrupt_status, 0);
	memset(v->q, 0, sizeof(v->q));
	vnet_backlog_clear(v);
}

static void vnet_write_status(struct vnet *v, uint32_t value)
{
	if (value == 0) {
		vnet_reset(v);
		return;
	}
	/* §2.2: FEATURES_OK is kept only for an acceptable feature set;
	 * VERSION_1 is required of a modern driver (§6.1). */
	if ((value & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    !(v->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
		bool ok = !(v->driver_features & ~VNET_FEATURES) &&
			  (v->driver_features & (1ull << VIRTIO_F_VERSION_1));
		if (!ok)
			value &= ~(uint32_t)VIRTIO_CONFIG_S_FEATURES_OK;
	}
	v->status = (v->status & VIRTIO_CONFIG_S_NEEDS_RESET) | (value & 0xFF);
	v->driver_ok_seen |= (v->status & VIRTIO_CONFIG_S_DRIVER_OK) != 0;
	kcond_signal(&v->cond);
}

static struct vnet_queue *selected(struct vnet *v)
{
	return v->queue_sel < VNET_QUEUES ? &v->q[v->queue_sel] : NULL;
}

static void set_half(uint64_t *addr, bool high, uint32_t value)
{
	if (high)
		*addr = (*addr & 0xFFFFFFFFull) | ((uint64_t)value << 32);
	else
		*addr = (*addr & ~0xFFFFFFFFull) | value;
}

/* §2.6: QueueNum is a power of 2 no larger than QueueNumMax; ready only
 * with a size and the three areas set. */
static void vnet_queue_ready(struct vnet *v, struct vnet_queue *q, uint32_t value)
{
	if (!value) {
		q->ready = false;
		return;
	}
	if (!q->num || q->num > v->queue_max || (q->num & (q->num - 1))) {
		vnet_device_error(v, "QueueReady with a bad QueueNum");
		return;
	}
	q->ready = true;
	q->last_avail = q->avail_seen = q->used_idx = q->used_published = 0;
	/* the device writes used->flags when the ring starts (as Linux's
	 * vhost does): a driver that did not zero a reused ring must not
	 * read a NO_NOTIFY left from before and never kick (§2.6.10) */
	q->no_notify = true;
	if (!v->hostile)
		vnet_queue_suppress(v, q, false);
	kcond_signal(&v->cond);
}

static void vnet_queue_write(struct vnet *v, uint32_t off, uint32_t value)
{
	struct vnet_queue *q = selected(v);

	if (!q)
		return;
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		vnet_queue_ready(v, q, value);
		return;
	}
	if (q->ready)     /* §4.2.2.3: only while the queue is not ready */
		return;
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM: q->num = value; break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW: set_half(&q->desc, false, value); break;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH: set_half(&q->desc, true, value); break;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW: set_half(&q->avail, false, value); break;
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH: set_half(&q->avail, true, value); break;
	case VIRTIO_MMIO_QUEUE_USED_LOW: set_half(&q->used, false, value); break;
	case VIRTIO_MMIO_QUEUE_USED_HIGH: set_half(&q->used, true, value); break;
	default: break;
	}
}

static void vnet_reg_write(struct vnet *v, uint32_t off, uint32_t value)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL: v->dev_features_sel = value; break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL: v->drv_features_sel = value; break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (v->drv_features_sel < 2 && !(v->status & VIRTIO_CONFIG_S_FEATURES_OK))
			set_half(&v->driver_features, v->drv_features_sel == 1, value);
		break;
	case VIRTIO_MMIO_QUEUE_SEL: v->queue_sel = value; break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (value < VNET_QUEUES) {
			/* the device thread now will look at the ring: further
			 * kicks until it has (§2.6.10.1) are not needed */
			if (!v->hostile)
				vnet_queue_suppress(v, &v->q[value], true);
			v->notify |= 1u << value;
			vnet_count(v, &v->stats.notifies, 1);
			kcond_signal(&v->cond);
		}
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		atomic_fetch_and(&v->interrupt_status, ~value);
		break;
	case VIRTIO_MMIO_STATUS: vnet_write_status(v, value); break;
	default: vnet_queue_write(v, off, value); break;
	}
}

static uint32_t vnet_reg_read(struct vnet *v, uint32_t off)
{
	struct vnet_queue *q = selected(v);

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE: return 0x74726976;   /* "virt" */
	case VIRTIO_MMIO_VERSION: return 2;
	case VIRTIO_MMIO_DEVICE_ID: return VIRTIO_ID_NET;
	case VIRTIO_MMIO_VENDOR_ID: return VNET_VENDOR_ID;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return v->dev_features_sel < 2 ?
			(uint32_t)(VNET_FEATURES >> (32 * v->dev_features_sel)) : 0;
	case VIRTIO_MMIO_QUEUE_NUM_MAX: return q ? v->queue_max : 0;
	case VIRTIO_MMIO_QUEUE_READY: return q ? q->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS: return atomic_load(&v->interrupt_status);
	case VIRTIO_MMIO_STATUS: return v->status;
	case VIRTIO_MMIO_CONFIG_GENERATION: return v->config_generation;
	default: return 0;
	}
}

/* §5.1.4: struct virtio_net_config — mac[6], then le16 status. */
static uint32_t vnet_config_read(struct vnet *v, uint32_t off, unsigned size)
{
	unsigned char cfg[8] = { 0 };
	uint32_t value = 0;

	memcpy(cfg, v->mac, 6);
	cfg[6] = (unsigned char)v->config_status;
	for (unsigned i = 0; i < size; i++) {
		uint32_t at = off - VIRTIO_MMIO_CONFIG + i;
		value |= (uint32_t)(at < sizeof(cfg) ? cfg[at] : 0) << (8 * i);
	}
	return value;
}

static uint32_t vnet_mmio_read(struct device *d, uint32_t off, unsigned size)
{
	struct vnet *v = vnet_of(d);
	uint32_t value;

	kmutex_lock(v->dev.k, &v->lock);
	if (off >= VIRTIO_MMIO_CONFIG)
		value = vnet_config_read(v, off, size);
	else   /* §4.2.2.2: registers are 32-bit wide */
		value = size == 4 ? vnet_reg_read(v, off) : UINT32_MAX >> (32 - 8 * size);
	kmutex_unlock(v->dev.k, &v->lock);
	return value;
}

static void vnet_mmio_write(struct device *d, uint32_t off, unsigned size, uint32_t value)
{
	struct vnet *v = vnet_of(d);

	if (off >= VIRTIO_MMIO_CONFIG || size != 4)
		return;   /* config space is read-only for virtio-net */
	kmutex_lock(v->dev.k, &v->lock);
	vnet_reg_write(v, off, value);
	kmutex_unlock(v->dev.k, &v->lock);
}

static void vnet_destroy(struct device *d)
{
	struct vnet *v = vnet_of(d);

	vnet_thread_stop(v);
	backend_close(v->backend);
	vnet_backlog_free(v);
	free(v->frame);
	pthread_mutex_destroy(&v->rx_lock);
	pthread_cond_destroy(&v->cond);
	pthread_mutex_destroy(&v->lock);
}

/* The line is asserted while an InterruptStatus bit is set (§4.2.2). */
static bool vnet_irq_pending(struct device *d)
{
	return atomic_load(&vnet_of(d)->interrupt_status) != 0;
}

static const struct device_ops vnet_ops = {
	.mmio_read = vnet_mmio_read,
	.mmio_write = vnet_mmio_write,
	.destroy = vnet_destroy,
	.irq_pending = vnet_irq_pending,
};

static int vnet_check(const struct virtio_net_params *p)
{
	if (p->dma_bits && p->dma_bits != 32 && p->dma_bits != 64)
		return -EINVAL;
	if (p->queue_size && (p->queue_size & (p->queue_size - 1)))
		return -EINVAL;
	return 0;
}

static int vnet_start(struct vnet *v, const struct virtio_net_params *p)
{
	struct bus_config bc = { .device_name = v->dev.name, .address_limit = v->dma_limit,
				 .pci = v->dev.pci, .domain = p->domain };
	int rc = bus_create(v->dev.k, &bc, &v->dev.bus);

	if (rc)
		return rc;
	v->backend = p->backend;
	if (v->backend)
		v->lossless = v->backend->ops->lossless;
	/* The device thread first: a backend reader (TAP) may call
	 * vnet_rx_offer as soon as it is attached, and reads thread_started. */
	rc = vnet_thread_start(v);
	if (rc || !v->backend)
		return rc;
	return backend_attach(v->backend, vnet_rx_offer, v);
}

int virtio_net_create(struct kernel *k, const struct virtio_net_params *p,
		      struct device **out)
{
	struct vnet *v;
	int rc;

	*out = NULL;
	if ((rc = vnet_check(p)))
		return rc;
	if (!(v = calloc(1, sizeof(*v))))
		return -ENOMEM;
	rc = device_init_common(&v->dev, k, &vnet_ops, p->name ? p->name : "virtio-net",
				VIRTIO_NET_MMIO_LENGTH);
	v->dev.model = v;
	memcpy(v->mac, p->mac, 6);
	v->dma_limit = p->dma_bits == 32 ? 1ull << 32 : UINT64_MAX;
	v->queue_max = p->queue_size ? p->queue_size : VIRTIO_NET_QUEUE_MAX_DEFAULT;
	v->config_status = VIRTIO_NET_S_LINK_UP;
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->cond, NULL);
	pthread_mutex_init(&v->rx_lock, NULL);
	if (!rc)
		rc = vnet_pci_init(v, p);
	if (!rc)
		rc = vnet_start(v, p);
	if (rc) {
		v->backend = NULL;   /* the caller still owns it on failure */
		device_destroy(&v->dev);
		return rc;
	}
	*out = &v->dev;
	return 0;
}

bool virtio_net_get_stats(struct device *d, struct virtio_net_stats *s)
{
	struct vnet *v;

	memset(s, 0, sizeof(*s));
	if (!d || d->ops != &vnet_ops)
		return false;
	v = vnet_of(d);
#define LOAD(f) s->f = __atomic_load_n(&v->stats.f, __ATOMIC_RELAXED)
	LOAD(tx_frames);
	LOAD(tx_bytes);
	LOAD(rx_frames);
	LOAD(rx_bytes);
	LOAD(rx_dropped);
	LOAD(notifies);
	LOAD(interrupts);
	LOAD(device_errors);
#undef LOAD
	pthread_mutex_lock(&v->rx_lock);
	s->rx_backlog = v->bl_count;
	pthread_mutex_unlock(&v->rx_lock);
	kmutex_lock(v->dev.k, &v->lock);
	s->status = v->status;
	s->driver_ok_seen = v->driver_ok_seen;
	kmutex_unlock(v->dev.k, &v->lock);
	return true;
}

struct backend *virtio_net_backend(struct device *d)
{
	return d && d->ops == &vnet_ops ? vnet_of(d)->backend : NULL;
}

struct vnet *virtio_net_model(struct device *d)
{
	return d && d->ops == &vnet_ops ? vnet_of(d) : NULL;
}
