/* DMA-CPU-RACE: the CPU edits transmit data the device owns (full). */
#include "vm.h"

static VOID FixupChecksum(PUCHAR Frame)
{
	Frame[24] ^= 0xFF;
	Frame[25] ^= 0x5A;
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PUCHAR Frame = MmGetSystemAddressForMdlSafe(NET_BUFFER_CURRENT_MDL(Adapter->Nb[0]),
						    NormalPagePriority);

	/* doc:begin */
#ifdef FIXED
	FixupChecksum(Frame);   /* finish the frame before mapping it */
#endif
	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
#ifndef FIXED
	FixupChecksum(Frame);   /* edits the frame after mapping */
#endif
	/* doc:end */
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
