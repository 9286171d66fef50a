/* REG-HEADER: a bad NDIS_OBJECT_HEADER in the description. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	/* doc:begin */
#ifndef FIXED
	Adapter->DmaDesc.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;               /* wrong type */
#else
	Adapter->DmaDesc.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;   /* 0x83 */
#endif
	/* doc:end */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}
