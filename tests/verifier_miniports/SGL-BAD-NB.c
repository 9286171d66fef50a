/* SGL-BAD-NB: a NET_BUFFER that cannot be mapped (DataLength 0). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PNET_BUFFER Nb = Adapter->Nb[0];
	NDIS_STATUS Status = NDIS_STATUS_FAILURE;
	KIRQL OldIrql;

	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	/* doc:begin */
	NET_BUFFER_DATA_LENGTH(Nb) = 0;   /* a runt the driver trimmed to nothing */
#ifdef FIXED
	if (NET_BUFFER_DATA_LENGTH(Nb) != 0)   /* complete empty NET_BUFFERs unmapped */
#endif
	Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Nb, &Adapter->Slot[0],
					      NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
	/* doc:end */
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	NET_BUFFER_DATA_LENGTH(Nb) = VM_FRAME;
	return Status == NDIS_STATUS_SUCCESS ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS;
}
