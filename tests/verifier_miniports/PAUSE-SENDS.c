/* PAUSE-SENDS: the miniport completes its pause before the sends it still
 * holds (NDIS requires every outstanding send completed first).  The test
 * host restarts it, sends frames it holds and pauses it with them in
 * flight; the pause pends and a work item finishes it.  The race of the
 * same bug, found by --sched pct: tests/drivers_cli/race_miniport.c. */
#define VM_RESET
#define VM_CUSTOM_PAUSE
#define VM_CUSTOM_HALT
#include "vm.h"

static VOID VmPauseWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	VM_ADAPTER *Adapter = WorkItemContext;

	/* doc:begin */
#ifdef FIXED
	VmCompleteHeld(Adapter);   /* the sends first ... */
	NdisMPauseComplete(Adapter->MiniportAdapterHandle);
#else
	NdisMPauseComplete(Adapter->MiniportAdapterHandle);
	VmCompleteHeld(Adapter);   /* too late: the adapter is paused */
#endif
	/* doc:end */
}

static NDIS_STATUS VmPause(NDIS_HANDLE Ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS P)
{
	VM_ADAPTER *Adapter = Ctx;

	NdisQueueIoWorkItem(Adapter->WorkItem, VmPauseWork, Adapter);
	return NDIS_STATUS_PENDING;
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
	*AddressingReset = FALSE;
	VmCompleteHeld(MiniportAdapterContext);
	return NDIS_STATUS_SUCCESS;
}
