/* DMA-NO-BUSMASTER: the driver turns bus mastering off in the device's PCI
 * Command register (to quiesce it) while the device still has a transmit
 * buffer to fetch.  Runs in front of the virtio-net model: its PCI
 * function is the device doing the DMA (test_vf_rules.c). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PSCATTER_GATHER_LIST Sgl;
	USHORT Command;
	ULONG Offset = FIELD_OFFSET(PCI_COMMON_CONFIG, Command);

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Sgl = Adapter->Sgl[0];
	if (NdisMGetBusData(Adapter->MiniportAdapterHandle, PCI_WHICHSPACE_CONFIG, Offset,
			    &Command, sizeof(Command)) != sizeof(Command))
		return NDIS_STATUS_FAILURE;
	/* doc:begin */
#ifndef FIXED
	Command &= ~PCI_ENABLE_BUS_MASTER;   /* the device still owns a buffer */
#else
	Command |= PCI_ENABLE_BUS_MASTER;    /* bus master while DMA is possible */
#endif
	NdisMSetBusData(Adapter->MiniportAdapterHandle, PCI_WHICHSPACE_CONFIG, Offset,
			&Command, sizeof(Command));
	/* doc:end */
	NdisdmaTestDeviceDma(Adapter->MiniportAdapterHandle, Sgl->Elements[0].Address.QuadPart,
			     Sgl->Elements[0].Length, FALSE);
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
