/* test_device.c — see test_device.h. */
#include "device/test_device.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "device/bus.h"
#include "device/device.h"
#include "ndis/sg_dma.h"

int test_device_dma(struct kernel *k, uint64_t limit, uint64_t addr,
		    size_t len, bool device_writes)
{
	return test_device_dma_pci(k, limit, NULL, addr, len, device_writes);
}

int test_device_dma_pci(struct kernel *k, uint64_t limit, const struct pci_config *pci,
			uint64_t addr, size_t len, bool device_writes)
{
	return test_device_dma_iommu(k, limit, pci, NULL, addr, len, device_writes);
}

int test_device_dma_iommu(struct kernel *k, uint64_t limit, const struct pci_config *pci,
			  struct iommu_domain *domain, uint64_t addr, size_t len,
			  bool device_writes)
{
	struct bus_config c = { .device_name = "test device", .address_limit = limit,
				.pci = pci, .domain = domain };
	struct bus *b;
	unsigned char *buf;
	int rc;

	if (bus_create(k, &c, &b) != 0)
		return -ENOMEM;
	buf = malloc(len ? len : 1);
	if (!buf) {
		bus_destroy(b);
		return -ENOMEM;
	}
	memset(buf, 0x5A, len);
	rc = device_writes ? bus_write(b, addr, buf, len) : bus_read(b, addr, buf, len);
	free(buf);
	bus_destroy(b);
	return rc;
}

int32_t NdisdmaTestDeviceDma(void *MiniportAdapterHandle, uint64_t Address,
			     uint32_t Length, uint8_t DeviceWrites)
{
	struct ndis_adapter *a = ndis_adapter_from_handle(MiniportAdapterHandle,
							  "NdisdmaTestDeviceDma",
							  NDIS_CALLER());
	uint64_t limit = UINT64_MAX;

	if (!a)
		return NDIS_STATUS_FAILURE;
	if (a->dma && a->dma->hal)
		limit = hal_adapter_constraints(a->dma->hal)->address_limit;
	/* the adapter's device model, if any, is the PCI function doing it */
	return test_device_dma_iommu(a->k, limit, a->device ? a->device->pci : NULL, a->iommu,
				     Address, Length, DeviceWrites != 0) == 0 ?
	       NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}
