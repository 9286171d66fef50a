/* DMA-NOT-REMAPPABLE: the device is given the physical address
 * MmGetPhysicalAddress returned, not the SG list's device address: it
 * works with the IOMMU off and faults behind it (run with --iommu). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PSCATTER_GATHER_LIST Sgl;
	ULONG64 BufferAddress;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Sgl = Adapter->Sgl[0];
	/* doc:begin */
#ifndef FIXED
	BufferAddress = (ULONG64)MmGetPhysicalAddress(Adapter->Data[0]).QuadPart;   /* a PA: no IOVA */
#else
	BufferAddress = Sgl->Elements[0].Address.QuadPart;   /* the device address NDIS mapped */
#endif
	/* doc:end */
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, BufferAddress, Sgl->Elements[0].Length,
			     FALSE);
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
