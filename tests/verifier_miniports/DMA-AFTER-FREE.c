/* DMA-AFTER-FREE: the device reads a list after it was freed (full). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	ULONG64 Address;
	ULONG Length;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Address = Adapter->Sgl[0]->Elements[0].Address.QuadPart;
	Length = Adapter->Sgl[0]->Elements[0].Length;
	/* doc:begin */
#ifndef FIXED
	VmUnmap(Adapter, 0);   /* NdisMFreeNetBufferSGList ... */
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, Address, Length, FALSE);   /* ... then the device reads */
#else
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, Address, Length, FALSE);   /* the device is done ... */
	VmUnmap(Adapter, 0);   /* ... then the list is freed */
#endif
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
