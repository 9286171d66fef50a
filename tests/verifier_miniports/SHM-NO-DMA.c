/* SHM-NO-DMA: shared memory allocated before the SG DMA channel exists. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	NDIS_STATUS Status;

	Adapter->RingLength = 4096;
	/* doc:begin */
#ifndef FIXED
	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
				  &Adapter->RingVa, &Adapter->RingPa);   /* no channel yet */
#endif
	Status = VmRegisterDefault(Adapter);
#ifdef FIXED
	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
				  &Adapter->RingVa, &Adapter->RingPa);   /* after the channel */
#endif
	/* doc:end */
	return Status;
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	if (Adapter->RingVa != NULL)
		NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
				      Adapter->RingVa, Adapter->RingPa);
	Adapter->RingVa = NULL;
	return NDIS_STATUS_SUCCESS;
}
