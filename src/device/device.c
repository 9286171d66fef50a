/* device.c — the model-independent part of a device instance: register
 * access checks, the interrupt line, teardown (device.h). */
#include "device/device.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "device/bus.h"
#include "device/pci_config.h"
#include "kernel/ksched.h"

int device_init_common(struct device *d, struct kernel *k,
		       const struct device_ops *ops, const char *name,
		       uint32_t mmio_length)
{
	d->ops = ops;
	d->k = k;
	d->mmio_length = mmio_length;
	snprintf(d->name, sizeof(d->name), "%s", name ? name : "device");
	atomic_init(&d->irqs_raised, 0);
	atomic_init(&d->bad_mmio, 0);
	return -pthread_mutex_init(&d->irq_lock, NULL);
}

/* A register access is 1, 2 or 4 bytes, naturally aligned, inside the
 * window (virtio 1.1 §4.2.2: 32-bit registers, config space any width). */
static bool mmio_ok(const struct device *d, uint32_t offset, unsigned size)
{
	if (size != 1 && size != 2 && size != 4)
		return false;
	if (offset & (size - 1))
		return false;
	return offset < d->mmio_length && size <= d->mmio_length - offset;
}

int device_mmio_read(struct device *d, uint32_t offset, unsigned size,
		     uint32_t *value)
{
	*value = size >= 4 ? UINT32_MAX : (1u << (8 * size)) - 1;
	if (!mmio_ok(d, offset, size)) {
		kernel_count(d->k, &d->bad_mmio, 1);
		return -EINVAL;
	}
	if (d->pci && !pci_config_decodes(d->pci)) {
		kernel_count(d->k, &d->bad_mmio, 1);
		return -EIO;
	}
	*value = d->ops->mmio_read(d, offset, size);
	return 0;
}

int device_mmio_write(struct device *d, uint32_t offset, unsigned size,
		      uint32_t value)
{
	if (!mmio_ok(d, offset, size)) {
		kernel_count(d->k, &d->bad_mmio, 1);
		return -EINVAL;
	}
	if (d->pci && !pci_config_decodes(d->pci)) {
		kernel_count(d->k, &d->bad_mmio, 1);
		return -EIO;
	}
	d->ops->mmio_write(d, offset, size, value);
	return 0;
}

uint32_t device_pci_read(struct device *d, uint32_t offset, void *buf, uint32_t len)
{
	uint32_t n;

	if (!d || !d->pci)
		return 0;
	n = pci_config_read(d->pci, offset, buf, len);
	/* Status bit 3 (PCI 3.0 §6.2.3) reflects the line, not a stored bit */
	if (n && offset <= 6 && offset + n > 6 && d->ops->irq_pending &&
	    d->ops->irq_pending(d))
		((uint8_t *)buf)[6 - offset] |= 0x08;
	return n;
}

uint32_t device_pci_write(struct device *d, uint32_t offset, const void *buf, uint32_t len)
{
	return d && d->pci ? pci_config_write(d->pci, offset, buf, len) : 0;
}

/* A port access is 1, 2 or 4 bytes inside the range; unlike memory
 * registers ports need no alignment (x86 IN/OUT take any port). */
static bool port_ok(const struct device *d, uint32_t offset, unsigned size)
{
	if (size != 1 && size != 2 && size != 4)
		return false;
	if (!d->ops->port_read || !d->ops->port_write)
		return false;
	return offset < d->port_length && size <= d->port_length - offset;
}

int device_port_read(struct device *d, uint32_t offset, unsigned size,
		     uint32_t *value)
{
	*value = size >= 4 ? UINT32_MAX : (1u << (8 * size)) - 1;
	if (!port_ok(d, offset, size)) {
		kernel_count(d->k, &d->bad_mmio, 1);
		return -EINVAL;
	}
	*value = d->ops->port_read(d, offset, size);
	return 0;
}

int device_port_write(struct device *d, uint32_t offset, unsigned size,
		      uint32_t value)
{
	if (!port_ok(d, offset, size)) {
		kernel_count(d->k, &d->bad_mmio, 1);
		return -EINVAL;
	}
	d->ops->port_write(d, offset, size, value);
	return 0;
}

void device_set_irq_handler(struct device *d, device_irq_fn fn, void *ctx)
{
	kmutex_lock(d->k, &d->irq_lock);
	d->irq_fn = fn;
	d->irq_ctx = ctx;
	kmutex_unlock(d->k, &d->irq_lock);
}

void device_irq_raise(struct device *d)
{
	kernel_count(d->k, &d->irqs_raised, 1);
	kmutex_lock(d->k, &d->irq_lock);
	if (d->irq_fn)
		d->irq_fn(d->irq_ctx);
	kmutex_unlock(d->k, &d->irq_lock);
}

void device_destroy(struct device *d)
{
	if (!d)
		return;
	if (d->ops && d->ops->destroy)
		d->ops->destroy(d);
	if (d->bus)
		bus_destroy(d->bus);
	if (d->pci) {
		pci_config_destroy(d->pci);
		free(d->pci);
	}
	pthread_mutex_destroy(&d->irq_lock);
	free(d);
}
