/* DMA-OVERRUN: a device access runs past the end of an element (full). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PSCATTER_GATHER_LIST Sgl;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Sgl = Adapter->Sgl[0];
	/* doc:begin */
	/* the device fetches what the descriptor says */
#ifndef FIXED
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, Sgl->Elements[0].Address.QuadPart,
			     Sgl->Elements[0].Length + 64, FALSE);   /* frame length + 64 */
#else
	for (ULONG i = 0; i < Sgl->NumberOfElements; i++)       /* one descriptor per element */
		NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, Sgl->Elements[i].Address.QuadPart,
				     Sgl->Elements[i].Length, FALSE);
#endif
	/* doc:end */
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
