/* device.h — one device model instance as the runtime sees it
 * (ARCHITECTURE.md src/device; spec §13 "Device access"):
 *
 *   - a register window: MMIO reads and writes by offset and size
 *     (1, 2 or 4 bytes), reached from NdisRead/WriteRegister* through
 *     src/ndis/io.c, never by a plain dereference;
 *   - optionally an I/O port range (port_length > 0 and the port ops):
 *     port reads and writes by offset in the range and size, reached from
 *     READ_PORT_* / NdisRawReadPort* through src/ndis/ports.c;
 *   - an interrupt line: the model raises it, the runtime's handler
 *     (device_set_irq_handler) is called, from the model's thread;
 *   - a lifecycle: the model's create function starts it, device_destroy
 *     stops its thread and frees it;
 *   - a PCI configuration space (pci_config.h; NdisMGetBusData) whose
 *     Command register gates the window (Memory Space) and every DMA
 *     (Bus Master, checked by the bus), and an ACPI object with control
 *     methods (acpi.h; IOCTL_ACPI_EVAL_METHOD) -- docs/devices.md.
 *
 * The model touches memory only through its struct bus (bus.h), so every
 * device-side verifier rule (spec §10) applies to it.
 */
#ifndef NDISDMA_DEVICE_H
#define NDISDMA_DEVICE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/kernel.h"

struct device;
struct bus;
struct pci_config;
struct acpi_object;

/* What a model implements.  Offsets are relative to the window base and
 * already checked against mmio_length and alignment by device.c. */
struct device_ops {
	uint32_t (*mmio_read)(struct device *d, uint32_t offset, unsigned size);
	void (*mmio_write)(struct device *d, uint32_t offset, unsigned size,
			   uint32_t value);
	/* Stop threads, free the model's state (not struct device itself). */
	void (*destroy)(struct device *d);
	/* Optional: the model asserts its interrupt now (PCI Status bit 3). */
	bool (*irq_pending)(struct device *d);
	/* Optional, for a model that decodes I/O ports (device.port_length):
	 * offsets relative to its first port, checked like register ones. */
	uint32_t (*port_read)(struct device *d, uint32_t offset, unsigned size);
	void (*port_write)(struct device *d, uint32_t offset, unsigned size,
			   uint32_t value);
};

/* Called every time the model asserts its interrupt line (edge: one call
 * per raise; the ISR reads the model's status register to see why).
 * Runs on the model's thread; must not call back into the model's
 * registers synchronously (queue work to the interrupt thread instead). */
typedef void (*device_irq_fn)(void *ctx);

struct device {
	const struct device_ops *ops;
	struct kernel *k;
	struct bus *bus;              /* owned by the device */
	char name[32];                /* "virtio-net0" */
	uint32_t mmio_length;         /* register window bytes */
	uint32_t port_length;         /* I/O ports decoded (0: none; set by the model) */
	void *model;                  /* the model's private state */
	struct pci_config *pci;       /* NULL: not a PCI function */
	const struct acpi_object *acpi; /* NULL: not in the ACPI namespace */

	pthread_mutex_t irq_lock;     /* handler below */
	device_irq_fn irq_fn;
	void *irq_ctx;
	atomic_uint_fast64_t irqs_raised;
	atomic_uint_fast64_t bad_mmio; /* rejected register accesses */
};

/* 0 and *value, or -EINVAL (offset outside the window, size not 1/2/4,
 * misaligned): the access is counted in bad_mmio, *value = all ones.
 * With Memory Space disabled in the PCI Command register (or the function
 * not in D0) the window does not decode: a read returns all ones, a write
 * is dropped (PCI: master abort), both counted in bad_mmio, -EIO. */
int device_mmio_read(struct device *d, uint32_t offset, unsigned size,
		     uint32_t *value);
int device_mmio_write(struct device *d, uint32_t offset, unsigned size,
		      uint32_t value);
/* The same for the device's I/O port range (-EINVAL also when it decodes
 * none). */
int device_port_read(struct device *d, uint32_t offset, unsigned size,
		     uint32_t *value);
int device_port_write(struct device *d, uint32_t offset, unsigned size,
		      uint32_t value);

/* The configuration space (pci_config.h): bytes transferred, 0 when d
 * has none.  A read shows PCI_STATUS_INTERRUPT_PENDING while the model
 * asserts its interrupt. */
uint32_t device_pci_read(struct device *d, uint32_t offset, void *buf, uint32_t len);
uint32_t device_pci_write(struct device *d, uint32_t offset, const void *buf, uint32_t len);

/* Connect (fn != NULL) or disconnect (fn == NULL) the interrupt line.
 * After a disconnect returns, fn is not running and will not be called. */
void device_set_irq_handler(struct device *d, device_irq_fn fn, void *ctx);

/* For models: assert the line (calls the handler if connected). */
void device_irq_raise(struct device *d);

/* For models: fill the common part (mutex, name); 0 or -errno. */
int device_init_common(struct device *d, struct kernel *k,
		       const struct device_ops *ops, const char *name,
		       uint32_t mmio_length);

/* Stops the model and frees d (NULL is fine). */
void device_destroy(struct device *d);

#endif
