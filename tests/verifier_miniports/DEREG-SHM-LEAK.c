/* DEREG-SHM-LEAK: the channel deregistered with shared memory allocated. */
#define VM_CUSTOM_HALT
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	Adapter->RingLength = 4096;
	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
				  &Adapter->RingVa, &Adapter->RingPa);
	return Adapter->RingVa != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
			      Adapter->RingVa, Adapter->RingPa);   /* rings first ... */
#endif
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);       /* ... the channel last */
	/* doc:end */
	Adapter->DmaHandle = NULL;
}
