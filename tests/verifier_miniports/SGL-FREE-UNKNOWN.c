/* SGL-FREE-UNKNOWN: free of a list ndisdma never delivered. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	ULONG64 SgBuffer[4];   /* too small for the list: NDIS uses its own storage */
	NDIS_STATUS Status;
	KIRQL OldIrql;

	NdisResetEvent(&Adapter->Slot[0].Delivered);
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[0], &Adapter->Slot[0],
					      NDIS_SG_LIST_WRITE_TO_DEVICE, SgBuffer, sizeof(SgBuffer));
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	if (Status != NDIS_STATUS_SUCCESS || !VmWaitDelivered(Adapter, 0))
		return NDIS_STATUS_RESOURCES;
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	/* doc:begin */
#ifndef FIXED
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, (PSCATTER_GATHER_LIST)SgBuffer, Adapter->Nb[0]);
#endif
	/* the list to free is the pSGL MiniportProcessSGList received */
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, Adapter->Sgl[0], Adapter->Nb[0]);
	/* doc:end */
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	return NDIS_STATUS_SUCCESS;
}
