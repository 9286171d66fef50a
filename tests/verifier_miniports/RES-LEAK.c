/* RES-LEAK: memory the adapter allocated is not freed by halt. */
#define VM_CUSTOM_HALT
#include "vm.h"

static PVOID Stats;

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	Stats = NdisAllocateMemoryWithTagPriority(Adapter->MiniportAdapterHandle, 256, VM_TAG,
						  NormalPoolPriority);
	return Stats != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	NdisFreeMemory(Stats, 0, 0);   /* every allocation has its free in halt */
#endif
	Stats = NULL;
	/* doc:end */
	VmDeregister(Adapter);
}
