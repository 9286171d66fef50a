/* HALT-DMA-LEAK: MiniportHaltEx returns with the channel registered. */
#define VM_CUSTOM_HALT
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
#endif
	Adapter->DmaHandle = NULL;
	/* doc:end */
}
