/* REG-CONTEXT: NdisMRegisterScatterGatherDma outside MiniportInitializeEx. */
#define VM_CUSTOM_REGISTER
#define VM_CUSTOM_HALT
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
#ifdef FIXED
	return VmRegisterDefault(Adapter);   /* in MiniportInitializeEx */
#else
	return NDIS_STATUS_SUCCESS;          /* "later, when the link comes up" */
#endif
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifndef FIXED
	/* too late: DMA is registered during MiniportInitializeEx only */
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
				      &Adapter->DmaHandle);
#endif
	/* doc:end */
	VmDeregister(Adapter);
}
