/* DEREG-PENDING: the channel deregistered with SG requests still queued
 * (32-bit channel, every frame above 4 GiB, two map registers: the test
 * machine's layout and map register cap). */
#define VM_CUSTOM_REGISTER
#define VM_CUSTOM_HALT
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	Adapter->DmaDesc.Flags = 0;   /* a 32-bit device */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	KIRQL OldIrql;

	for (ULONG i = 0; i < VM_BUFFERS; i++) {
		/* doc:begin */
#ifndef FIXED
		/* map registers run out: the later requests are queued */
		NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
		NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[i], &Adapter->Slot[i],
					     NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
		NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
#else
		/* each accepted request is delivered and freed before halt */
		if (VmMap(Adapter, i, NDIS_SG_LIST_WRITE_TO_DEVICE) == NDIS_STATUS_SUCCESS)
			VmUnmap(Adapter, i);
#endif
		/* doc:end */
	}
	(VOID)OldIrql;
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	VmDeregister(Adapter);
}
