/* SHM-FREE-MISMATCH: NdisMFreeSharedMemory with another length. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;

	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, 4096, FALSE, &Va, &Pa);
	if (Va == NULL)
		return NDIS_STATUS_RESOURCES;
	/* doc:begin */
#ifndef FIXED
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, 2048, FALSE, Va, Pa);   /* partial */
#endif
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, 4096, FALSE, Va, Pa);   /* as allocated */
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
