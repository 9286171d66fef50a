/* SGL-FREE-WRONG-NB: an SG list freed with another NET_BUFFER. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	KIRQL OldIrql;

	if (VmMap(Adapter, 1, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	/* doc:begin */
#ifndef FIXED
	/* Sgl[1] was built for Nb[1] */
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, Adapter->Sgl[1], Adapter->Nb[0]);
#endif
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, Adapter->Sgl[1], Adapter->Nb[1]);
	/* doc:end */
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	return NDIS_STATUS_SUCCESS;
}
