/* test_device.h — a scriptable test device: performs exactly the DMA
 * accesses it is told to, through the bus (bus.h), so every device-side
 * verifier rule (DMA-UNMAPPED, DMA-AFTER-FREE, DMA-DIRECTION, DMA-OVERRUN)
 * is tested without a NIC model (the NIC models use the same bus).
 *
 * Two doors: test_device_dma() for tests written against src/, and the
 * exported NdisdmaTestDeviceDma() for test miniports written only against
 * <ndis.h> (they declare it themselves: tests/verifier_miniports/vm.h).
 */
#ifndef NDISDMA_TEST_DEVICE_H
#define NDISDMA_TEST_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"

/* One access of len bytes at device address addr by a device that cannot
 * drive addresses at or above limit: a read (the device reads memory) or
 * a write of the pattern 0x5A.  0, -EFAULT (reported by the bus) or
 * -ENOMEM. */
int test_device_dma(struct kernel *k, uint64_t limit, uint64_t addr,
		    size_t len, bool device_writes);
/* The same by a device that is PCI function `pci` (its Bus Master enable
 * gates the access, DMA-NO-BUSMASTER; NULL: none). */
struct pci_config;
int test_device_dma_pci(struct kernel *k, uint64_t limit, const struct pci_config *pci,
			uint64_t addr, size_t len, bool device_writes);
/* The same behind the IOMMU domain `domain` (NULL: none): addr is an
 * IOVA (spec §11). */
struct iommu_domain;
int test_device_dma_iommu(struct kernel *k, uint64_t limit, const struct pci_config *pci,
			  struct iommu_domain *domain, uint64_t addr, size_t len,
			  bool device_writes);

/* The device of an adapter (its DMA channel's addressing limit; 64-bit
 * when no channel is registered; the PCI function of its device model,
 * when it has one; behind the adapter's IOMMU domain, when it has one)
 * performs one access.  Returns
 * NDIS_STATUS_SUCCESS (0), or NDIS_STATUS_FAILURE when it faulted. */
int32_t NdisdmaTestDeviceDma(void *MiniportAdapterHandle, uint64_t Address,
			     uint32_t Length, uint8_t DeviceWrites);

#endif
