/* SGL-TWICE: a NET_BUFFER mapped again while its list is live. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	KIRQL OldIrql;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	/* doc:begin */
#ifndef FIXED
	/* the retry path forgets the first request succeeded */
	NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[0], &Adapter->Slot[0],
				     NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
#endif
	/* doc:end */
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
