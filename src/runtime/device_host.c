/* device_host.c — the device model behind an adapter (spec §13
 * "Device access"): created before MiniportInitializeEx from the
 * adapter parameters (device, backend, dma_bits, mac, queue_size), given
 * a register window and an interrupt vector that reach the miniport in
 * AllocatedResources, and destroyed after the adapter is halted and its
 * interrupt and register mappings were reclaimed.  With the IOMMU on
 * (spec §11) its domain is made first and goes last. */
#include "runtime/runtime.h"

#include <errno.h>
#include <string.h>

#include "device/virtio_net.h"

#define RT_MMIO_BASE 0xFE000000ull
#define RT_MMIO_STRIDE 0x1000u
#define RT_VECTOR_BASE 0x30u

/* PCI device numbers on bus 0 start at 3 (0: host bridge; as a PC's
 * first slots); 29 devices, then numbers repeat. */
#define RT_PCI_FIRST_SLOT 3u
#define RT_PCI_SLOTS 29u

static int open_virtio_net(struct ndisdma_adapter *a, const struct ndisdma_adapter_params *p,
			   const struct ndisdma_adapter_params *eff, unsigned n,
			   char *err, size_t errlen)
{
	struct virtio_net_params vp = {
		.dma_bits = p->dma_bits, .queue_size = p->queue_size,
		.mmio_base = eff->mmio_base, .mmio_length = eff->mmio_length,
		.irq_line = (uint8_t)eff->interrupt_vector,
		.slot = (uint8_t)(RT_PCI_FIRST_SLOT + n % RT_PCI_SLOTS),
	};
	char why[200] = "";
	int rc;

	if (p->dma_bits && p->dma_bits != 32 && p->dma_bits != 64) {
		rt_error(err, errlen, "device dma_bits must be 32 or 64, not %u", p->dma_bits);
		return -EINVAL;
	}
	if (p->queue_size && (p->queue_size & (p->queue_size - 1))) {
		rt_error(err, errlen, "device queue_size %u is not a power of 2", p->queue_size);
		return -EINVAL;
	}
	if (p->mac) {
		memcpy(vp.mac, p->mac, 6);
	} else {   /* locally administered, unicast */
		const uint8_t mac[6] = { 0x02, 0, 0, 0, (uint8_t)(n >> 8), (uint8_t)(n + 1) };
		memcpy(vp.mac, mac, 6);
	}
	vp.name = "virtio-net";
	/* spec §11: the device drives IOVAs of its own domain when the
	 * IOMMU is on; the domain outlives the device (rt_device_detach).
	 * It is made before the miniport says what its SG DMA channel
	 * drives, so it spans the device's whole reach and each mapping is
	 * held below its channel's limit (src/hal/backend_iommu.c): a 32-bit
	 * channel's IOVAs below 4 GiB (spec §4), a 64-bit one's anywhere. */
	rc = ndis_adapter_iommu_start(&a->na);
	if (rc) {
		rt_error(err, errlen, "cannot create the device's IOMMU domain: %s", strerror(-rc));
		return rc;
	}
	vp.domain = a->na.iommu;
	rc = backend_open(a->m->k, p->backend, &vp.backend, why, sizeof(why));
	if (rc) {
		rt_error(err, errlen, "%s", why[0] ? why : "cannot open the backend");
		return rc;
	}
	rc = virtio_net_create(a->m->k, &vp, &a->na.device);
	if (rc) {
		backend_close(vp.backend);
		rt_error(err, errlen, "cannot create the virtio-net device: %s", strerror(-rc));
	}
	return rc;
}

int rt_device_attach(struct ndisdma_adapter *a, const struct ndisdma_adapter_params *p,
		     struct ndisdma_adapter_params *eff, char *err, size_t errlen)
{
	unsigned n;
	int rc;

	memset(eff, 0, sizeof(*eff));
	if (p)
		*eff = *p;
	if (!p || !p->device)
		return 0;
	if (strcmp(p->device, "virtio-net")) {
		rt_error(err, errlen, "unknown device '%s' (virtio-net)", p->device);
		return -EINVAL;
	}
	pthread_mutex_lock(&a->m->lock);
	n = a->m->devices_created++;
	pthread_mutex_unlock(&a->m->lock);
	if (!eff->mmio_length) {
		eff->mmio_base = RT_MMIO_BASE + (uint64_t)RT_MMIO_STRIDE * n;
		eff->mmio_length = VIRTIO_NET_MMIO_LENGTH;
	}
	if (!eff->interrupt_vector)
		eff->interrupt_vector = RT_VECTOR_BASE + n;
	if ((rc = open_virtio_net(a, p, eff, n, err, errlen)))
		return rc;
	a->na.mmio_base = eff->mmio_base;
	a->na.mmio_length = eff->mmio_length < VIRTIO_NET_MMIO_LENGTH ?
			    eff->mmio_length : VIRTIO_NET_MMIO_LENGTH;
	a->na.interrupt_vector = eff->interrupt_vector;
	kernel_trace(a->m->k, "  device %s: registers at PA 0x%llx +0x%x, vector %u, backend %s, %u-bit DMA",
		     a->na.device->name, (unsigned long long)eff->mmio_base, eff->mmio_length,
		     eff->interrupt_vector, p->backend ? p->backend : "loopback",
		     p->dma_bits == 32 ? 32 : 64);
	return 0;
}

void rt_device_detach(struct ndisdma_adapter *a)
{
	device_destroy(a->na.device);
	a->na.device = NULL;
	rt_iommu_retire(a);   /* no device or channel uses it now */
}

void ndisdma_adapter_device_stats(const struct ndisdma_adapter *a,
				  struct ndisdma_device_stats *s)
{
	struct virtio_net_stats vs;
	struct backend_stats bs;
	struct device *d = a->na.device;

	memset(s, 0, sizeof(*s));
	s->isr_calls = atomic_load(&a->na.isr_calls);
	s->dpc_calls = atomic_load(&a->na.dpc_calls);
	s->error_log_entries = atomic_load(&a->na.error_log_entries);
	s->throttle_budget = a->d->nd.chars.MinorNdisVersion >= 20 ? a->na.throttle_budget : 0;
	s->dpc_requeues = atomic_load(&a->na.dpc_requeues);
	s->dpc_nbls_indicated = atomic_load(&a->na.dpc_nbls_indicated);
	s->throttle_exceeded = atomic_load(&a->na.throttle_exceeded);
	s->pm_caps_revision = a->na.pm_caps_revision;
	if (!d || !virtio_net_get_stats(d, &vs))
		return;
	s->present = true;
	s->mmio_base = a->na.mmio_base;
	s->mmio_length = a->na.mmio_length;
	s->interrupt_vector = a->na.interrupt_vector;
	s->tx_frames = vs.tx_frames;
	s->tx_bytes = vs.tx_bytes;
	s->rx_frames = vs.rx_frames;
	s->rx_bytes = vs.rx_bytes;
	s->rx_dropped = vs.rx_dropped;
	s->rx_backlog = vs.rx_backlog;
	s->interrupts = atomic_load(&d->irqs_raised);
	s->device_errors = vs.device_errors;
	s->driver_ok = vs.driver_ok_seen;
	if (virtio_net_backend(d)) {
		backend_get_stats(virtio_net_backend(d), &bs);
		s->backend_tx_frames = bs.tx_frames;
		s->backend_rx_frames = bs.rx_frames;
		s->backend_errors = bs.errors;
	}
}
