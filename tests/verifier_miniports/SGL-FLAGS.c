/* SGL-FLAGS: unknown Flags bits in NdisMAllocateNetBufferSGList. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	NDIS_STATUS Status;
	KIRQL OldIrql;

	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	/* doc:begin */
#ifndef FIXED
	Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[0], &Adapter->Slot[0],
					      TRUE | 0x10, NULL, 0);
#else
	Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[0], &Adapter->Slot[0],
					      NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
#endif
	/* doc:end */
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	if (Status == NDIS_STATUS_SUCCESS && VmWaitDelivered(Adapter, 0))
		VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
