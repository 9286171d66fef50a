/* DMA-DIRECTION: the device writes a list mapped write-to-device (full). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PSCATTER_GATHER_LIST Sgl;

	/* doc:begin */
#ifndef FIXED
	/* a receive buffer mapped as if it were transmit */
	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
#else
	if (VmMap(Adapter, 0, 0) != NDIS_STATUS_SUCCESS)   /* the device fills it */
#endif
		return NDIS_STATUS_RESOURCES;
	/* doc:end */
	Sgl = Adapter->Sgl[0];
	/* a frame arrives: the device writes the buffer */
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, Sgl->Elements[0].Address.QuadPart,
			     Sgl->Elements[0].Length, TRUE);
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
