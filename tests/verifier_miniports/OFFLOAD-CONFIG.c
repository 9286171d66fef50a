/* OFFLOAD-CONFIG: the offload attributes' default configuration turns on
 * receive TCP checksums the hardware capabilities do not offer. */
#include "vm.h"

static NDIS_OFFLOAD Hardware, Current;

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES Attributes;

	NdisZeroMemory(&Hardware, sizeof(Hardware));
	Hardware.Header.Type = NDIS_OBJECT_TYPE_OFFLOAD;
	Hardware.Header.Revision = NDIS_OFFLOAD_REVISION_1;
	Hardware.Header.Size = NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1;
	Hardware.Checksum.IPv4Transmit.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	Hardware.Checksum.IPv4Transmit.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
	Current = Hardware;
	/* doc:begin */
#ifndef FIXED
	/* the NIC checks TCP checksums on transmit only */
	Current.Checksum.IPv4Receive.Encapsulation = NDIS_ENCAPSULATION_IEEE_802_3;
	Current.Checksum.IPv4Receive.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
#endif
	NdisZeroMemory(&Attributes, sizeof(Attributes));
	Attributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
	Attributes.Header.Revision = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	Attributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	Attributes.DefaultOffloadConfiguration = &Current;
	Attributes.HardwareOffloadCapabilities = &Hardware;
	return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Attributes);
	/* doc:end */
}
