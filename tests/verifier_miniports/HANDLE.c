/* HANDLE: a stale DMA handle (deregistered twice). */
#define VM_CUSTOM_HALT
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
#ifndef FIXED
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);   /* stale now */
#endif
	Adapter->DmaHandle = NULL;   /* deregister once, forget the handle */
	/* doc:end */
}
