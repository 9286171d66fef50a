/* IOMMU-FAULT: the device writes a ring after the miniport freed it
 * (run with --iommu strict: the freed block's IOVA translates no more). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	NDIS_HANDLE Handle = Adapter->MiniportAdapterHandle;

	Adapter->RingLength = 4096;
	NdisMAllocateSharedMemory(Handle, Adapter->RingLength, FALSE, &Adapter->RingVa,
				  &Adapter->RingPa);
	if (Adapter->RingVa == NULL)
		return NDIS_STATUS_RESOURCES;
	/* doc:begin */
#ifndef FIXED
	NdisMFreeSharedMemory(Handle, Adapter->RingLength, FALSE, Adapter->RingVa,
			      Adapter->RingPa);   /* the ring goes ... */
	NdisdmaTestDeviceDma(Handle, Adapter->RingPa.QuadPart, 64, TRUE);   /* ... the device still writes it */
#else
	NdisdmaTestDeviceDma(Handle, Adapter->RingPa.QuadPart, 64, TRUE);   /* the device is done ... */
	NdisMFreeSharedMemory(Handle, Adapter->RingLength, FALSE, Adapter->RingVa,
			      Adapter->RingPa);   /* ... then the ring goes */
#endif
	/* doc:end */
	Adapter->RingVa = NULL;
	return NDIS_STATUS_SUCCESS;
}
