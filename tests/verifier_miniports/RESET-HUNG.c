/* RESET-HUNG: MiniportResetEx returns NDIS_STATUS_PENDING and never calls
 * NdisMResetComplete. */
#define VM_RESET
#define VM_CUSTOM_HALT
#include "vm.h"

static VOID VmResetWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	VM_ADAPTER *Adapter = WorkItemContext;

	/* doc:begin */
#ifdef FIXED
	NdisMResetComplete(Adapter->MiniportAdapterHandle, NDIS_STATUS_SUCCESS, FALSE);
#else
	(VOID)Adapter;   /* the pended reset is forgotten */
#endif
	/* doc:end */
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	Adapter->WorkItem = NdisAllocateIoWorkItem(Adapter->MiniportAdapterHandle);
	return Adapter->WorkItem != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	if (Adapter->WorkItem != NULL)
		NdisFreeIoWorkItem(Adapter->WorkItem);
	VmDeregister(Adapter);
}

static NDIS_STATUS VmReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	VM_ADAPTER *Adapter = MiniportAdapterContext;

	*AddressingReset = FALSE;
	VmCompleteHeld(Adapter);
	NdisQueueIoWorkItem(Adapter->WorkItem, VmResetWork, Adapter);
	return NDIS_STATUS_PENDING;   /* completed by the work item */
}
