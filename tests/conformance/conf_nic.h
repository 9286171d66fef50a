/*
 * conf_nic.h — the NDIS 6 miniport skeleton of conf_config.c and
 * conf_acpi.c: a PCI NIC driver that finds its register window in
 * AllocatedResources, maps it, reads its permanent MAC address from the
 * device (virtio-mmio device configuration at 0x100, as a driver for that
 * hardware does), answers the packet filter and address OIDs, and
 * completes what it is sent.  The including file defines
 *
 *   static NDIS_STATUS NicConfigure(PNIC_ADAPTER a);
 *
 * which runs in MiniportInitializeEx with the registers mapped, and may
 * set a->CurrentMac; it is where the file's checks happen.
 */
#ifndef CONF_NIC_H
#define CONF_NIC_H

#define NIC_TAG 'ciNC'
#define NIC_DEVICE_CONFIG 0x100   /* virtio-mmio: struct virtio_net_config */

typedef struct _NIC_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	PUCHAR Registers;
	ULONG RegisterLength;
	NDIS_PHYSICAL_ADDRESS RegisterBase;
	ULONG InterruptVector;
	UCHAR PermanentMac[ETH_LENGTH_OF_ADDRESS];
	UCHAR CurrentMac[ETH_LENGTH_OF_ADDRESS];
	ULONG PacketFilter;
} NIC_ADAPTER, *PNIC_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE NicInitialize;
MINIPORT_HALT NicHalt;
MINIPORT_UNLOAD NicUnload;
MINIPORT_PAUSE NicPause;
MINIPORT_RESTART NicRestart;
MINIPORT_OID_REQUEST NicOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS NicSend;
MINIPORT_RETURN_NET_BUFFER_LISTS NicReturn;
MINIPORT_CANCEL_SEND NicCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY NicPnpEvent;
MINIPORT_SHUTDOWN NicShutdown;
MINIPORT_CANCEL_OID_REQUEST NicCancelOid;

static NDIS_HANDLE g_NicDriverHandle;

static NDIS_STATUS NicConfigure(PNIC_ADAPTER a);

static NDIS_STATUS
NicClaimResources(PNIC_ADAPTER a, PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	PNDIS_RESOURCE_LIST res = p->AllocatedResources;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	NDIS_STATUS status;
	ULONG i;

	for (i = 0; res != NULL && i < res->Count; i++) {
		d = &res->PartialDescriptors[i];
		if (d->Type == CmResourceTypeMemory) {
			a->RegisterBase = d->u.Memory.Start;
			a->RegisterLength = d->u.Memory.Length;
		} else if (d->Type == CmResourceTypeInterrupt) {
			a->InterruptVector = d->u.Interrupt.Vector;
		}
	}
	if (a->RegisterLength < NIC_DEVICE_CONFIG + ETH_LENGTH_OF_ADDRESS) {
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}
	status = NdisMMapIoSpace((PVOID *)&a->Registers, a->AdapterHandle, a->RegisterBase,
				 a->RegisterLength);
	if (status != NDIS_STATUS_SUCCESS) {
		return status;
	}
	for (i = 0; i < ETH_LENGTH_OF_ADDRESS; i++) {
		NdisReadRegisterUchar(a->Registers + NIC_DEVICE_CONFIG + i, &a->PermanentMac[i]);
	}
	NdisMoveMemory(a->CurrentMac, a->PermanentMac, ETH_LENGTH_OF_ADDRESS);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
NicSetAttributes(PNIC_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
			     NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	reg.InterfaceType = NdisInterfacePci;
	status = NdisMSetMiniportAttributes(a->AdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	if (status != NDIS_STATUS_SUCCESS) {
		return status;
	}
	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMedium802_3;
	gen.MtuSize = 1500;
	gen.MaxXmitLinkSpeed = gen.MaxRcvLinkSpeed = 1000000000ull;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = 1500;
	gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	NdisMoveMemory(gen.PermanentMacAddress, a->PermanentMac, ETH_LENGTH_OF_ADDRESS);
	NdisMoveMemory(gen.CurrentMacAddress, a->CurrentMac, ETH_LENGTH_OF_ADDRESS);
	return NdisMSetMiniportAttributes(a->AdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

static VOID
NicRelease(PNIC_ADAPTER a)
{
	if (a->Registers != NULL) {
		NdisMUnmapIoSpace(a->AdapterHandle, a->Registers, a->RegisterLength);
	}
	NdisFreeMemory(a, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
NicInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	      PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PNIC_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), NIC_TAG,
					      NormalPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	status = NicClaimResources(a, MiniportInitParameters);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		status = NicConfigure(a);
	}
	if (status == NDIS_STATUS_SUCCESS) {
		status = NicSetAttributes(a);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		NicRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
NicHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	UNREFERENCED_PARAMETER(HaltAction);
	NicRelease((PNIC_ADAPTER)MiniportAdapterContext);
}

_Use_decl_annotations_
NDIS_STATUS
NicPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
NicRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
NicOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PNIC_ADAPTER a = (PNIC_ADAPTER)MiniportAdapterContext;
	NDIS_OID oid = OidRequest->DATA.QUERY_INFORMATION.Oid;
	PUCHAR mac;

	if (OidRequest->RequestType == NdisRequestSetInformation &&
	    OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		if (OidRequest->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG)) {
			return NDIS_STATUS_INVALID_LENGTH;
		}
		NdisMoveMemory(&a->PacketFilter,
			       OidRequest->DATA.SET_INFORMATION.InformationBuffer, sizeof(ULONG));
		OidRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (OidRequest->RequestType != NdisRequestQueryInformation ||
	    (oid != OID_802_3_CURRENT_ADDRESS && oid != OID_802_3_PERMANENT_ADDRESS)) {
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength < ETH_LENGTH_OF_ADDRESS) {
		OidRequest->DATA.QUERY_INFORMATION.BytesNeeded = ETH_LENGTH_OF_ADDRESS;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	mac = oid == OID_802_3_CURRENT_ADDRESS ? a->CurrentMac : a->PermanentMac;
	NdisMoveMemory(OidRequest->DATA.QUERY_INFORMATION.InformationBuffer, mac,
		       ETH_LENGTH_OF_ADDRESS);
	OidRequest->DATA.QUERY_INFORMATION.BytesWritten = ETH_LENGTH_OF_ADDRESS;
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NicSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
	NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PNIC_ADAPTER a = (PNIC_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;

	UNREFERENCED_PARAMETER(PortNumber);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	}
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID NicReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
	       ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID NicCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID NicPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID NicShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID NicCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID NicUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(g_NicDriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	mc.InitializeHandlerEx = NicInitialize;
	mc.HaltHandlerEx = NicHalt;
	mc.UnloadHandler = NicUnload;
	mc.PauseHandler = NicPause;
	mc.RestartHandler = NicRestart;
	mc.OidRequestHandler = NicOidRequest;
	mc.SendNetBufferListsHandler = NicSend;
	mc.ReturnNetBufferListsHandler = NicReturn;
	mc.CancelSendHandler = NicCancelSend;
	mc.DevicePnPEventNotifyHandler = NicPnpEvent;
	mc.ShutdownHandlerEx = NicShutdown;
	mc.CancelOidRequestHandler = NicCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_NicDriverHandle);
}

#endif
