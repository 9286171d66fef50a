/* OFFLOAD-INDICATE: the miniport applies an OID_TCP_OFFLOAD_PARAMETERS set
 * and never tells NDIS the configuration it then has. */
#define VM_OFFLOAD
#include "vm.h"

static NDIS_OFFLOAD Hardware, Current;

static VOID VmIndicateCurrent(VM_ADAPTER *Adapter)
{
	NDIS_STATUS_INDICATION Indication;

	NdisZeroMemory(&Indication, sizeof(Indication));
	Indication.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	Indication.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	Indication.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	Indication.SourceHandle = Adapter->MiniportAdapterHandle;
	Indication.StatusCode = NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG;
	Indication.StatusBuffer = &Current;
	Indication.StatusBufferSize = sizeof(Current);
	NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &Indication);
}

static NDIS_STATUS VmOffloadOid(VM_ADAPTER *Adapter, PNDIS_OID_REQUEST Request)
{
	struct _NDIS_OID_SET *Set = &Request->DATA.SET_INFORMATION;
	PNDIS_OFFLOAD_PARAMETERS Parameters = Set->InformationBuffer;
	UCHAR Tcp;

	if (Set->Oid == OID_OFFLOAD_ENCAPSULATION) {
		Set->BytesRead = Set->InformationBufferLength;
		return NDIS_STATUS_SUCCESS;
	}
	if (Set->InformationBufferLength < NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1) {
		Set->BytesNeeded = NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_1;
		return NDIS_STATUS_INVALID_LENGTH;
	}
	Tcp = Parameters->TCPIPv4Checksum;
	if (Tcp == NDIS_OFFLOAD_PARAMETERS_TX_ENABLED_RX_DISABLED ||
	    Tcp == NDIS_OFFLOAD_PARAMETERS_TX_RX_ENABLED)
		Current.Checksum.IPv4Transmit.TcpChecksum = NDIS_OFFLOAD_SUPPORTED;
	else if (Tcp != NDIS_OFFLOAD_PARAMETERS_NO_CHANGE)
		Current.Checksum.IPv4Transmit.TcpChecksum = NDIS_OFFLOAD_NOT_SUPPORTED;
	/* doc:begin */
	Set->BytesRead = Set->InformationBufferLength;
#ifdef FIXED
	VmIndicateCurrent(Adapter);   /* the configuration now in force */
#endif
	return NDIS_STATUS_SUCCESS;
	/* doc:end */
}

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
	NdisZeroMemory(&Attributes, sizeof(Attributes));
	Attributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
	Attributes.Header.Revision = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	Attributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	Attributes.DefaultOffloadConfiguration = &Current;
	Attributes.HardwareOffloadCapabilities = &Hardware;
	return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Attributes);
}
