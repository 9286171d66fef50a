/* SGL-DOUBLE-FREE: an SG list freed twice (docs/verifier-rules.md). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	KIRQL OldIrql;
	PSCATTER_GATHER_LIST Sgl;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Sgl = Adapter->Sgl[0];
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	/* doc:begin */
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, Sgl, Adapter->Nb[0]);   /* TX done */
#ifndef FIXED
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, Sgl, Adapter->Nb[0]);   /* reset path frees again */
#else
	Sgl = NULL;   /* forget a list once it is freed; free only non-NULL lists */
#endif
	/* doc:end */
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	return NDIS_STATUS_SUCCESS;
}
