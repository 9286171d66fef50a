/* DMA-UNMAPPED: the device is programmed with a virtual address. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PNET_BUFFER Nb = Adapter->Nb[0];
	PSCATTER_GATHER_LIST Sgl;
	ULONG64 BufferAddress;

	(VOID)Nb;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Sgl = Adapter->Sgl[0];
	/* doc:begin */
#ifndef FIXED
	BufferAddress = (ULONG64)(ULONG_PTR)MmGetMdlVirtualAddress(NET_BUFFER_CURRENT_MDL(Nb));  /* a VA! */
#else
	BufferAddress = Sgl->Elements[0].Address.QuadPart;   /* a device address */
#endif
	/* doc:end */
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, BufferAddress, Sgl->Elements[0].Length,
			     FALSE);
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
