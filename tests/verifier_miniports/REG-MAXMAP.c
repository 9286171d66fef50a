/* REG-MAXMAP: MaximumPhysicalMapping is 0. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	/* doc:begin */
#ifndef FIXED
	Adapter->DmaDesc.MaximumPhysicalMapping = 0;              /* forgot the largest frame */
#else
	Adapter->DmaDesc.MaximumPhysicalMapping = VM_MAX_MAPPING; /* largest NET_BUFFER mapped */
#endif
	/* doc:end */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}
