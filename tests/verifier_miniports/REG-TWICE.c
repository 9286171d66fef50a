/* REG-TWICE: a second DMA channel for one adapter. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	NDIS_HANDLE RxDmaHandle = NULL;
	NDIS_STATUS Status;

	/* doc:begin */
	Status = NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					       &Adapter->DmaHandle);       /* transmit */
#ifndef FIXED
	NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
				      &RxDmaHandle);                       /* receive */
#else
	RxDmaHandle = Adapter->DmaHandle;   /* one channel serves both directions */
#endif
	/* doc:end */
	(VOID)RxDmaHandle;
	return Status;
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}
