/* REG-NO-HANDLER: ProcessSGListHandler is NULL. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	/* doc:begin */
#ifndef FIXED
	Adapter->DmaDesc.ProcessSGListHandler = NULL;
#else
	Adapter->DmaDesc.ProcessSGListHandler = MiniportProcessSGList;
#endif
	/* doc:end */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}
