/* SHM-DOUBLE-FREE: shared memory freed twice. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	Adapter->RingLength = 8192;
	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
				  &Adapter->RingVa, &Adapter->RingPa);
	if (Adapter->RingVa == NULL)
		return NDIS_STATUS_RESOURCES;
	/* doc:begin */
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
			      Adapter->RingVa, Adapter->RingPa);
#ifndef FIXED
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
			      Adapter->RingVa, Adapter->RingPa);   /* again, in the reset path */
#else
	Adapter->RingVa = NULL;   /* free only non-NULL blocks */
#endif
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
