/* pci_config.h — the 256-byte PCI configuration space of a device model
 * (a type 0 header, PCI Local Bus 3.0 §6; wdk-surface-facts §6.4), as a
 * driver reaches it with NdisMGetBusData / NdisMSetBusData
 * (src/ndis/bus_data.c) and as the model's bus (bus.c) and register window
 * (device.c) obey it:
 *
 *   - every byte has a write mask: read-only bits keep their value on a
 *     write (ids, class codes, header type, capabilities pointer, the BAR
 *     bits below the decoded size, Interrupt Pin, ...), and the Status
 *     register's error bits are write-1-to-clear;
 *   - the Command register's Memory Space and Bus Master bits and the
 *     power state gate the device: mmio decoding and DMA happen only
 *     when enabled and in D0 (pci_config_decodes / _masters);
 *   - an optional power management capability (the capability list).
 *
 * Reads and writes are serialised by a lock (callable at any simulated
 * IRQL); the gates are atomics for the device's own threads.
 */
#ifndef NDISDMA_PCI_CONFIG_H
#define NDISDMA_PCI_CONFIG_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define PCI_CONFIG_SIZE 256u

/* Command register bits the models implement (PCI 3.0 §6.2.2). */
#define PCI_CMD_MEMORY     0x0002u
#define PCI_CMD_BUS_MASTER 0x0004u
#define PCI_CMD_PARITY     0x0040u
#define PCI_CMD_SERR       0x0100u

struct pci_ids {
	uint16_t vendor, device, subsystem_vendor, subsystem;
	uint8_t revision, base_class, sub_class, prog_if;
};

struct pci_config {
	pthread_mutex_t lock;
	uint8_t bytes[PCI_CONFIG_SIZE];
	uint8_t wmask[PCI_CONFIG_SIZE];   /* bits a write may change */
	uint8_t w1c[PCI_CONFIG_SIZE];     /* bits a written 1 clears */
	uint8_t pm_offset;                /* 0: no PM capability */
	atomic_uint gates;                /* PCI_GATE_* from Command and PM */
};

#define PCI_GATE_DECODE 1u   /* memory space enabled, in D0 */
#define PCI_GATE_MASTER 2u   /* bus master enabled, in D0 */

/* A type 0 header with ids and class codes; Command = Memory Space |
 * Bus Master (as the PnP manager leaves a started device); no BAR, no
 * interrupt, no capability yet.  0 or -errno. */
int pci_config_init(struct pci_config *c, const struct pci_ids *ids);
void pci_config_destroy(struct pci_config *c);

/* BAR `index` (0-5) decoding `size` bytes (a power of two >= 16) of
 * memory at `base`; a base at or above 4 GiB makes it a 64-bit BAR that
 * takes index + 1 too.  Writing all ones and reading back gives the size
 * (the bits below it are read-only 0). */
void pci_config_set_memory_bar(struct pci_config *c, unsigned index, uint64_t base,
			       uint32_t size);
/* Interrupt Line (read/write, the system's routing) and Pin (1 = INTA#). */
void pci_config_set_interrupt(struct pci_config *c, uint8_t line, uint8_t pin);
/* A PCI power management capability (version 3, D0 and D3hot) at offset
 * `at` (>= 0x40, dword aligned), linked into the capability list. */
void pci_config_add_pm(struct pci_config *c, uint8_t at);

/* Bytes transferred: those of [offset, offset + len) inside the 256-byte
 * space (0 when offset is past it).  A write honours the masks. */
uint32_t pci_config_read(struct pci_config *c, uint32_t offset, void *buf, uint32_t len);
uint32_t pci_config_write(struct pci_config *c, uint32_t offset, const void *buf,
			  uint32_t len);

static inline bool pci_config_decodes(const struct pci_config *c)
{
	return atomic_load_explicit(&c->gates, memory_order_acquire) & PCI_GATE_DECODE;
}

static inline bool pci_config_masters(const struct pci_config *c)
{
	return atomic_load_explicit(&c->gates, memory_order_acquire) & PCI_GATE_MASTER;
}

#endif
