/* RESET-SENDS: an NDIS 6.30 miniport completes its reset before the sends
 * it still holds (from NDIS 6.30 they must be completed first). */
#define VM_RESET
#define VM_CUSTOM_HALT
#include "vm.h"

static VOID VmResetWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	VM_ADAPTER *Adapter = WorkItemContext;

	/* doc:begin */
#ifdef FIXED
	VmCompleteHeld(Adapter);   /* the sends first ... */
	NdisMResetComplete(Adapter->MiniportAdapterHandle, NDIS_STATUS_SUCCESS, FALSE);
#else
	NdisMResetComplete(Adapter->MiniportAdapterHandle, NDIS_STATUS_SUCCESS, FALSE);
	VmCompleteHeld(Adapter);   /* too late: the reset is over */
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
	NdisQueueIoWorkItem(Adapter->WorkItem, VmResetWork, Adapter);
	return NDIS_STATUS_PENDING;
}
