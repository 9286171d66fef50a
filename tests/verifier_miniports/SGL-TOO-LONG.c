/* SGL-TOO-LONG: DataLength above the channel's MaximumPhysicalMapping. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	/* doc:begin */
#ifndef FIXED
	Adapter->DmaDesc.MaximumPhysicalMapping = 1024;        /* "frames are small" */
#else
	Adapter->DmaDesc.MaximumPhysicalMapping = VM_MAX_MAPPING; /* the largest NET_BUFFER */
#endif
	/* doc:end */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	/* a 1514-byte frame arrives */
	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) == NDIS_STATUS_SUCCESS)
		VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
