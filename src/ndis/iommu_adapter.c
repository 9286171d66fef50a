/* iommu_adapter.c — one IOMMU domain per adapter (spec §11): the I/O
 * virtual address space of the adapter's device.  The HAL maps each SG
 * list and shared block into it (hal_constraints.domain, set at
 * NdisMRegisterScatterGatherDma) and the bus translates every access of
 * the device through it.  The domain spans the device's reach; each
 * mapping lies below its channel's (a 32-bit channel's below 4 GiB, so it
 * needs no bouncing; a 64-bit channel's anywhere, so a driver that
 * truncates an address is caught).  Made by the runtime with the device
 * (before the device model, whose bus holds it), or here at registration for an
 * adapter without a device model (its DMA engine is the test device);
 * destroyed after the halt, when no device and no channel use it. */
#include "ndis/ndis_internal.h"

#include <errno.h>

#include "iommu/iommu.h"

int ndis_adapter_iommu_start(struct ndis_adapter *a)
{
	struct iommu_domain_config c = { 0 };
	int rc;

	if (!a->k->config.iommu_mode || a->iommu)
		return 0;
	c.mode = (enum iommu_mode)a->k->config.iommu_mode;
	/* the device's whole reach; each channel's mappings lie below its own
	 * limit (a 32-bit channel's below 4 GiB: hal_constraints) */
	c.iova_limit = UINT64_MAX;
	c.device_name = a->name;
	rc = iommu_domain_create(a->k, &c, &a->iommu);
	if (rc)
		return rc == -EINVAL ? -EINVAL : -ENOMEM;
	kernel_trace(a->k, "  IOMMU: %s domain for %s, IOVAs below 0x%llx", iommu_mode_name(c.mode),
		     a->name, (unsigned long long)iommu_domain_iova_limit(a->iommu));
	return 0;
}

void ndis_adapter_iommu_stop(struct ndis_adapter *a)
{
	if (!a->iommu)
		return;
	iommu_domain_destroy(a->iommu);
	a->iommu = NULL;
}
