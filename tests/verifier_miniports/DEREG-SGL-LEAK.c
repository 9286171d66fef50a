/* DEREG-SGL-LEAK: the channel deregistered with an SG list outstanding. */
#define VM_CUSTOM_HALT
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	/* a transmit still in the ring at halt */
	return VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE);
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	VmUnmap(Adapter, 0);   /* complete the pending send: free its list */
#endif
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
	/* doc:end */
	Adapter->DmaHandle = NULL;
}
