/* LOOKASIDE-LEAK: a lookaside list still live when its driver unloads. */
#define VM_CUSTOM_HALT
#include "vm.h"

static NPAGED_LOOKASIDE_LIST RxContexts;

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PVOID Context;

	NdisInitializeNPagedLookasideList(&RxContexts, NULL, NULL, 0, 128, VM_TAG, 0);
	Context = NdisAllocateFromNPagedLookasideList(&RxContexts);
	if (Context == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisFreeToNPagedLookasideList(&RxContexts, Context);
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	NdisDeleteNPagedLookasideList(&RxContexts);   /* gives the cached entries back */
#endif
	/* doc:end */
	VmDeregister(Adapter);
}
