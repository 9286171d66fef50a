/* IRQL: NdisMAllocateNetBufferSGList called at PASSIVE_LEVEL. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	NDIS_STATUS Status;
	KIRQL OldIrql = PASSIVE_LEVEL;

	/* doc:begin */
#ifdef FIXED
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);   /* as under the send spin lock */
#endif
	Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[0], &Adapter->Slot[0],
					      NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
#ifdef FIXED
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
#endif
	/* doc:end */
	(VOID)OldIrql;
	if (Status == NDIS_STATUS_SUCCESS && VmWaitDelivered(Adapter, 0))
		VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
