/*
 * conf_mm.c — conformance miniport: memory management as a PCI NIC driver
 * uses it, from the public WDK pages, written without ndisdma's source.
 * MiniportInitializeEx registers SG DMA, allocates its descriptor ring as
 * physically contiguous memory a 32-bit device can reach (below 4 GiB, not
 * crossing 64 KiB), reads the ring's bus address with MmGetPhysicalAddress,
 * maps its registers from the CmResourceTypeMemory resource with
 * MmMapIoSpaceEx, builds an MDL over pool with IoAllocateMdl +
 * MmBuildMdlForNonPagedPool and maps it for DMA through a NET_BUFFER
 * (NdisMAllocateNetBufferSGList), checking each element against the
 * buffer's physical pages.  MiniportHaltEx frees all of it.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define MM_TAG 'mMfC'
#define MM_RING_BYTES (3 * PAGE_SIZE)
#define MM_BUFFER_BYTES 6000
#define MM_REGS_BYTES 0x100
#define MM_VIRTIO_MAGIC 0x74726976   /* "virt", the device's register 0 */

typedef struct _MM_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	PUCHAR Ring;
	PHYSICAL_ADDRESS RingPa;
	PUCHAR Registers;
	PHYSICAL_ADDRESS RegistersPa;
	PUCHAR Buffer;
	PMDL Mdl;
	NDIS_HANDLE NblPool;
	PNET_BUFFER_LIST Nbl;
	PSCATTER_GATHER_LIST Sgl;
	NDIS_EVENT SglDelivered;
	PMDL LocalMdl;                   /* MmInitializeMdl in pool storage */
} MM_ADAPTER, *PMM_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE MmInitialize;
MINIPORT_HALT MmHalt;
MINIPORT_UNLOAD MmUnload;
MINIPORT_PAUSE MmPause;
MINIPORT_RESTART MmRestart;
MINIPORT_OID_REQUEST MmOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MmSend;
MINIPORT_RETURN_NET_BUFFER_LISTS MmReturn;
MINIPORT_CANCEL_SEND MmCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MmPnpEvent;
MINIPORT_SHUTDOWN MmShutdown;
MINIPORT_CANCEL_OID_REQUEST MmCancelOid;
MINIPORT_PROCESS_SG_LIST MmProcessSgList;

static NDIS_HANDLE g_DriverHandle;

#include "conf_mm_checks.h"

_Use_decl_annotations_
NDIS_STATUS
MmRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MmPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MmOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x4D, 0x4D, 0x00, 0x00, 0x01 };

	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	if (OidRequest->RequestType == NdisRequestSetInformation &&
	    OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		OidRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (OidRequest->RequestType != NdisRequestQueryInformation ||
	    OidRequest->DATA.QUERY_INFORMATION.Oid != OID_802_3_CURRENT_ADDRESS) {
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength < sizeof(mac)) {
		OidRequest->DATA.QUERY_INFORMATION.BytesNeeded = sizeof(mac);
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(OidRequest->DATA.QUERY_INFORMATION.InformationBuffer, mac, sizeof(mac));
	OidRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MmSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PMM_ADAPTER a = (PMM_ADAPTER)MiniportAdapterContext;
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
VOID MmReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID MmCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID MmPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID MmShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID MmCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID MmUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
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
	mc.InitializeHandlerEx = MmInitialize;
	mc.HaltHandlerEx = MmHalt;
	mc.UnloadHandler = MmUnload;
	mc.PauseHandler = MmPause;
	mc.RestartHandler = MmRestart;
	mc.OidRequestHandler = MmOidRequest;
	mc.SendNetBufferListsHandler = MmSend;
	mc.ReturnNetBufferListsHandler = MmReturn;
	mc.CancelSendHandler = MmCancelSend;
	mc.DevicePnPEventNotifyHandler = MmPnpEvent;
	mc.ShutdownHandlerEx = MmShutdown;
	mc.CancelOidRequestHandler = MmCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_DriverHandle);
}
