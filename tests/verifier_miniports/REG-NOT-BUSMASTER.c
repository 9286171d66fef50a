/* REG-NOT-BUSMASTER: SG DMA registered by an adapter that is no bus master. */
/* doc:begin */
#ifndef FIXED
#define VM_ATTRIBUTE_FLAGS NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE   /* no BUS_MASTER */
#else
#define VM_ATTRIBUTE_FLAGS (NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE | \
			    NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER)      /* 0x40, not NDIS 5's 0x8 */
#endif
/* doc:end */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}
