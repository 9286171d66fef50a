/* SHM-NO-HANDLER: async shared memory without a completion handler. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_EVENT AsyncDone;

static VOID MiniportSharedMemoryAllocateComplete(NDIS_HANDLE MiniportAdapterContext,
						 PVOID VirtualAddress,
						 PNDIS_PHYSICAL_ADDRESS PhysicalAddress,
						 ULONG Length, PVOID Context)
{
	VM_ADAPTER *Adapter = MiniportAdapterContext;

	Adapter->RingVa = VirtualAddress;
	Adapter->RingPa = *PhysicalAddress;
	Adapter->RingLength = Length;
	NdisSetEvent(&AsyncDone);
}

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	/* doc:begin */
#ifdef FIXED
	Adapter->DmaDesc.SharedMemAllocateCompleteHandler = MiniportSharedMemoryAllocateComplete;
#endif
	/* doc:end */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	NdisInitializeEvent(&AsyncDone);
	if (NdisMAllocateSharedMemoryAsyncEx(Adapter->DmaHandle, 4096, FALSE, Adapter) !=
	    NDIS_STATUS_PENDING)
		return NDIS_STATUS_SUCCESS;
	if (NdisWaitEvent(&AsyncDone, 5000) && Adapter->RingVa != NULL)
		NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingLength, FALSE,
				      Adapter->RingVa, Adapter->RingPa);
	Adapter->RingVa = NULL;
	return NDIS_STATUS_SUCCESS;
}
