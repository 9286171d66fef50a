/* bus.h — the only way a device model touches memory (ARCHITECTURE.md):
 * device address -> (IOMMU) -> platform PA -> VA.  Every access is
 * checked against the live DMA mappings (spec §10 device-side rules:
 * DMA-UNMAPPED, DMA-AFTER-FREE, DMA-DIRECTION, DMA-OVERRUN) and against the
 * device's PCI Bus Master enable (DMA-NO-BUSMASTER), so a stray or late DMA
 * is caught where real hardware would fault.
 */
#ifndef NDISDMA_BUS_H
#define NDISDMA_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"

struct bus;
struct pci_config;
struct iommu_domain;
struct iommu_fault;

struct bus_config {
	const char *device_name;   /* for reports */
	uint64_t address_limit;    /* first address the device cannot drive:
				      1 << 32 for a 32-bit device, else UINT64_MAX */
	/* The device's PCI function (NULL: none): while its Command register
	 * has Bus Master clear (or it is not in D0) every access is dropped
	 * and reported, DMA-NO-BUSMASTER -- the device cannot start the
	 * transaction (PCI 3.0 §6.2.2). */
	const struct pci_config *pci;
	/* The device's IOMMU domain (NULL: the IOMMU is off, device
	 * addresses are physical).  With one, every device address is an IOVA
	 * translated page by page (spec §11); an access outside a live
	 * mapping is dropped and reported, IOMMU-FAULT, or DMA-NOT-REMAPPABLE
	 * when the address is a physical address the miniport was handed
	 * (src/verifier/pa_origin.h).  The domain outlives the bus. */
	struct iommu_domain *domain;
};

int bus_create(struct kernel *k, const struct bus_config *c, struct bus **out);
void bus_destroy(struct bus *b);

/* 0, or -EFAULT when the access faulted (reported; a faulting read fills
 * buf with 0xFF, a faulting write changes nothing). */
int bus_read(struct bus *b, uint64_t addr, void *buf, size_t len);
int bus_write(struct bus *b, uint64_t addr, const void *buf, size_t len);

/* The report of an access the IOMMU refused (bus_iommu.c): IOMMU-FAULT,
 * or DMA-NOT-REMAPPABLE naming the call that handed the miniport the
 * physical address the device used.  [addr, addr + len) is the part of
 * the access in the faulting page. */
void bus_report_iommu_fault(struct kernel *k, const char *device, uint64_t addr,
			    size_t len, bool device_writes, const struct iommu_fault *f);

#endif
