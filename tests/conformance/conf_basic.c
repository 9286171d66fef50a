/*
 * conf_basic.c — conformance miniport: the documented NDIS 6.30 lifecycle.
 *
 * Written only against Microsoft's public WDK documentation (no ndisdma
 * source consulted): every documented MiniportInitializeEx step in order
 * (init parameters, resources, configuration, registration then general
 * attributes, SG DMA, shared memory, register window), a rich set of OIDs
 * (one completed asynchronously from a work item), a link-state
 * indication, an asynchronous pause and a halt that gives everything back in
 * reverse order.  Layouts and constants are pinned with C_ASSERT.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"
#include "conf_layout.h"

#define CB_TAG            'tseT'
#define CB_MTU            1500
#define CB_HEADER         14
#define CB_LINK_SPEED     1000000000ULL
#define CB_RING_BYTES     (256 * 16)
#define CB_MAX_MAPPING    (16 * 1024)
#define CB_VENDOR_ID      0x00FFFFFF
#define CB_FILTERS        (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST | \
			   NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST | \
			   NDIS_PACKET_TYPE_PROMISCUOUS)
#define CB_VIRTIO_MAGIC   0x74726976   /* "virt", register 0 of the device */

typedef struct _CB_SHARED {
	ULONG Length;
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;
} CB_SHARED;

typedef struct _CB_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	NDIS_HANDLE WorkItem;
	ULONG SgListSize;
	CB_SHARED TxRing;
	CB_SHARED RxRing;
	PUCHAR Registers;
	ULONG RegisterLength;
	ULONG InterruptVector;
	ULONG PacketFilter;
	ULONG Lookahead;
	UCHAR Mac[6];
	PNDIS_OID_REQUEST PendingOid;
	volatile LONG Pausing;
	ULONG64 XmitOk;
} CB_ADAPTER, *PCB_ADAPTER;

static NDIS_HANDLE g_DriverHandle;

static const NDIS_OID g_SupportedOids[] = {
	OID_GEN_SUPPORTED_LIST, OID_GEN_HARDWARE_STATUS, OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE, OID_GEN_MAXIMUM_LOOKAHEAD, OID_GEN_MAXIMUM_FRAME_SIZE,
	OID_GEN_LINK_SPEED, OID_GEN_TRANSMIT_BLOCK_SIZE, OID_GEN_RECEIVE_BLOCK_SIZE,
	OID_GEN_VENDOR_ID, OID_GEN_VENDOR_DESCRIPTION, OID_GEN_CURRENT_PACKET_FILTER,
	OID_GEN_CURRENT_LOOKAHEAD, OID_GEN_DRIVER_VERSION, OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_MAC_OPTIONS, OID_GEN_MEDIA_CONNECT_STATUS, OID_GEN_MAXIMUM_SEND_PACKETS,
	OID_GEN_VENDOR_DRIVER_VERSION, OID_GEN_XMIT_OK, OID_GEN_RCV_OK,
	OID_802_3_PERMANENT_ADDRESS, OID_802_3_CURRENT_ADDRESS,
	OID_802_3_MULTICAST_LIST, OID_802_3_MAXIMUM_LIST_SIZE,
};

DRIVER_INITIALIZE DriverEntry;
MINIPORT_SET_OPTIONS CbSetOptions;
MINIPORT_INITIALIZE CbInitialize;
MINIPORT_HALT CbHalt;
MINIPORT_UNLOAD CbUnload;
MINIPORT_PAUSE CbPause;
MINIPORT_RESTART CbRestart;
MINIPORT_OID_REQUEST CbOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS CbSend;
MINIPORT_RETURN_NET_BUFFER_LISTS CbReturn;
MINIPORT_CANCEL_SEND CbCancelSend;
MINIPORT_CHECK_FOR_HANG CbCheckForHang;
MINIPORT_RESET CbReset;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY CbPnpEvent;
MINIPORT_SHUTDOWN CbShutdown;
MINIPORT_CANCEL_OID_REQUEST CbCancelOid;
MINIPORT_DIRECT_OID_REQUEST CbDirectOid;
MINIPORT_CANCEL_DIRECT_OID_REQUEST CbCancelDirectOid;
MINIPORT_PROCESS_SG_LIST CbProcessSg;
NDIS_IO_WORKITEM_FUNCTION CbWork;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CbInitialize)
#pragma alloc_text(PAGE, CbHalt)
#pragma alloc_text(PAGE, CbUnload)
#endif

#include "conf_basic_oid.h"

_Use_decl_annotations_
VOID
CbProcessSg(PDEVICE_OBJECT pDO, PVOID Reserved, PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	UNREFERENCED_PARAMETER(pDO);
	UNREFERENCED_PARAMETER(Reserved);
	UNREFERENCED_PARAMETER(pSGL);
	UNREFERENCED_PARAMETER(Context);
	/* conf_basic never maps a NET_BUFFER. */
	CONF_CHECK(!"MiniportProcessSGList called without a request");
}

/* Pause and pended OIDs finish here, at PASSIVE_LEVEL. */
_Use_decl_annotations_
VOID
CbWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	PCB_ADAPTER a = (PCB_ADAPTER)WorkItemContext;
	PNDIS_OID_REQUEST req;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(NdisIoWorkItemHandle == a->WorkItem);
	req = a->PendingOid;
	if (req != NULL) {
		a->PendingOid = NULL;
		NdisMOidRequestComplete(a->AdapterHandle, req, CbQuery(a, req));
	}
	if (InterlockedExchange(&a->Pausing, 0) != 0) {
		NdisMPauseComplete(a->AdapterHandle);
	}
}

static NDIS_STATUS
CbSetAttributes(PCB_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = (NDIS_HANDLE)a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
			     NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER |
			     NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
	reg.CheckForHangTimeInSeconds = 4;
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
	gen.Flags = 0;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMedium802_3;
	gen.MtuSize = CB_MTU;
	gen.MaxXmitLinkSpeed = CB_LINK_SPEED;
	gen.XmitLinkSpeed = CB_LINK_SPEED;
	gen.MaxRcvLinkSpeed = CB_LINK_SPEED;
	gen.RcvLinkSpeed = CB_LINK_SPEED;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = CB_MTU;
	gen.PowerManagementCapabilities = NULL;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
			 NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			 NDIS_MAC_OPTION_NO_LOOPBACK;
	gen.SupportedPacketFilters = CB_FILTERS;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	NdisMoveMemory(gen.PermanentMacAddress, a->Mac, ETH_LENGTH_OF_ADDRESS);
	NdisMoveMemory(gen.CurrentMacAddress, a->Mac, ETH_LENGTH_OF_ADDRESS);
	gen.RecvScaleCapabilities = NULL;
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = TRUE;
	gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
				  NDIS_STATISTICS_RCV_OK_SUPPORTED |
				  NDIS_STATISTICS_XMIT_ERROR_SUPPORTED |
				  NDIS_STATISTICS_RCV_ERROR_SUPPORTED;
	gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
	gen.DataBackFillSize = 0;
	gen.ContextBackFillSize = 0;
	gen.SupportedOidList = (PNDIS_OID)g_SupportedOids;
	gen.SupportedOidListLength = sizeof(g_SupportedOids);
	gen.AutoNegotiationFlags = NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
				   NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
				   NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;
	gen.PowerManagementCapabilitiesEx = NULL;
	return NdisMSetMiniportAttributes(a->AdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

/* Registry keywords, as every NDIS 6 driver reads them. */
static VOID
CbReadConfiguration(PCB_ADAPTER a)
{
	NDIS_CONFIGURATION_OBJECT cfg;
	NDIS_HANDLE hConfig = NULL;
	NDIS_STATUS status;
	PNDIS_CONFIGURATION_PARAMETER param = NULL;
	NDIS_STRING keyword = NDIS_STRING_CONST("DmaBits");
	NDIS_STRING missing = NDIS_STRING_CONST("NoSuchKeyword");
	PVOID address = NULL;
	UINT length = 0;

	CONF_CHECK(keyword.Length == 7 * sizeof(WCHAR));
	CONF_CHECK(keyword.MaximumLength == 8 * sizeof(WCHAR));
	CONF_CHECK(keyword.Buffer[0] == L'D');
	NdisZeroMemory(&cfg, sizeof(cfg));
	cfg.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	cfg.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	cfg.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	cfg.NdisHandle = a->AdapterHandle;
	cfg.Flags = 0;
	status = NdisOpenConfigurationEx(&cfg, &hConfig);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS) {
		return;
	}
	NdisReadConfiguration(&status, &param, hConfig, &keyword, NdisParameterInteger);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		CONF_CHECK(param->ParameterType == NdisParameterInteger);
		CONF_CHECK(param->ParameterData.IntegerData == 64);
	}
	NdisReadConfiguration(&status, &param, hConfig, &missing, NdisParameterInteger);
	CONF_CHECK(status != NDIS_STATUS_SUCCESS);
	NdisReadNetworkAddress(&status, &address, &length, hConfig);
	if (status == NDIS_STATUS_SUCCESS && length == ETH_LENGTH_OF_ADDRESS) {
		NdisMoveMemory(a->Mac, address, ETH_LENGTH_OF_ADDRESS);
	}
	NdisCloseConfiguration(hConfig);
}

/* The register window and interrupt come in AllocatedResources. */
static NDIS_STATUS
CbClaimResources(PCB_ADAPTER a, PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	PNDIS_RESOURCE_LIST res = p->AllocatedResources;
	NDIS_PHYSICAL_ADDRESS base;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	ULONG i, magic = 0;
	NDIS_STATUS status;

	base.QuadPart = 0;
	if (res == NULL) {
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}
	for (i = 0; i < res->Count; i++) {
		d = &res->PartialDescriptors[i];
		if (d->Type == CmResourceTypeMemory) {
			base = d->u.Memory.Start;
			a->RegisterLength = d->u.Memory.Length;
		} else if (d->Type == CmResourceTypeInterrupt) {
			a->InterruptVector = d->u.Interrupt.Vector;
		}
	}
	CONF_CHECK(a->RegisterLength != 0);
	CONF_CHECK(a->InterruptVector != 0);
	if (a->RegisterLength == 0) {
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}
	status = NdisMMapIoSpace((PVOID *)&a->Registers, a->AdapterHandle, base,
				 a->RegisterLength);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS) {
		return status;
	}
	NdisReadRegisterUlong((PULONG)(a->Registers + 0), &magic);
	CONF_CHECK(magic == CB_VIRTIO_MAGIC);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
CbRegisterDma(PCB_ADAPTER a)
{
	NDIS_SG_DMA_DESCRIPTION dma;
	NDIS_STATUS status;

	NdisZeroMemory(&dma, sizeof(dma));
	dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	dma.MaximumPhysicalMapping = CB_MAX_MAPPING;
	dma.ProcessSGListHandler = CbProcessSg;
	dma.SharedMemAllocateCompleteHandler = NULL;
	status = NdisMRegisterScatterGatherDma(a->AdapterHandle, &dma, &a->DmaHandle);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		/* 16 + 24 * (BYTES_TO_PAGES(16K) + 1): at least 5 elements */
		CONF_CHECK(dma.ScatterGatherListSize >=
			   FIELD_OFFSET(SCATTER_GATHER_LIST, Elements) +
			   5 * sizeof(SCATTER_GATHER_ELEMENT));
		a->SgListSize = dma.ScatterGatherListSize;
	}
	return status;
}

static BOOLEAN
CbAllocShared(PCB_ADAPTER a, CB_SHARED *s, ULONG length)
{
	ULONG align = NdisMGetDmaAlignment(a->AdapterHandle);

	s->Length = length;
	NdisMAllocateSharedMemory(a->AdapterHandle, length, TRUE, &s->Va, &s->Pa);
	if (s->Va == NULL) {
		NdisWriteErrorLogEntry(a->AdapterHandle,
				       NDIS_ERROR_CODE_OUT_OF_RESOURCES, 1, length);
		return FALSE;
	}
	CONF_CHECK(align != 0 && (align & (align - 1)) == 0);
	CONF_CHECK(align == 0 || (s->Pa.QuadPart & (align - 1)) == 0);
	NdisZeroMemory(s->Va, length);
	return TRUE;
}

static VOID
CbFreeShared(PCB_ADAPTER a, CB_SHARED *s)
{
	if (s->Va != NULL) {
		NdisMFreeSharedMemory(a->AdapterHandle, s->Length, TRUE, s->Va, s->Pa);
		s->Va = NULL;
	}
}

/* Reverse order of CbInitialize (documented for both failure and halt). */
static VOID
CbRelease(PCB_ADAPTER a)
{
	CbFreeShared(a, &a->RxRing);
	CbFreeShared(a, &a->TxRing);
	if (a->DmaHandle != NULL) {
		NdisMDeregisterScatterGatherDma(a->DmaHandle);
	}
	if (a->Registers != NULL) {
		NdisMUnmapIoSpace(a->AdapterHandle, a->Registers, a->RegisterLength);
	}
	if (a->WorkItem != NULL) {
		NdisFreeIoWorkItem(a->WorkItem);
	}
	NdisFreeMemory(a, sizeof(*a), 0);
}

_Use_decl_annotations_
NDIS_STATUS
CbInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	static const UCHAR defaultMac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	PCB_ADAPTER a;
	NDIS_STATUS status;
	PDEVICE_OBJECT pdo = NULL, fdo = NULL, next = NULL;

	PAGED_CODE();
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(MiniportDriverContext == (NDIS_HANDLE)&g_DriverHandle);
	CONF_CHECK(MiniportInitParameters->Header.Type ==
		   NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS);
	CONF_CHECK(MiniportInitParameters->Header.Revision >=
		   NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a),
					      CB_TAG, NormalPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	RtlZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	a->PacketFilter = 0;
	a->Lookahead = CB_MTU;
	NdisMoveMemory(a->Mac, defaultMac, sizeof(defaultMac));
	CbReadConfiguration(a);

	status = CbSetAttributes(a);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		NdisMGetDeviceProperty(MiniportAdapterHandle, &pdo, &fdo, &next, NULL, NULL);
		status = CbClaimResources(a, MiniportInitParameters);
	}
	if (status == NDIS_STATUS_SUCCESS) {
		a->WorkItem = NdisAllocateIoWorkItem(MiniportAdapterHandle);
		status = a->WorkItem != NULL ? CbRegisterDma(a) : NDIS_STATUS_RESOURCES;
	}
	if (status == NDIS_STATUS_SUCCESS &&
	    (!CbAllocShared(a, &a->TxRing, CB_RING_BYTES) ||
	     !CbAllocShared(a, &a->RxRing, CB_RING_BYTES))) {
		status = NDIS_STATUS_RESOURCES;
	}
	if (status != NDIS_STATUS_SUCCESS) {
		CbRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
CbHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PCB_ADAPTER a = (PCB_ADAPTER)MiniportAdapterContext;

	PAGED_CODE();
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(HaltAction >= NdisHaltDeviceDisabled &&
		   HaltAction <= NdisHaltDeviceStopped);
	CONF_CHECK(a->PendingOid == NULL);
	CbRelease(a);
}

_Use_decl_annotations_
NDIS_STATUS
CbPause(NDIS_HANDLE MiniportAdapterContext,
	PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PCB_ADAPTER a = (PCB_ADAPTER)MiniportAdapterContext;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(PauseParameters != NULL);
	/* Pause asynchronously, as a NIC with hardware to drain does. */
	InterlockedExchange(&a->Pausing, 1);
	NdisQueueIoWorkItem(a->WorkItem, CbWork, a);
	return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
NDIS_STATUS
CbRestart(NDIS_HANDLE MiniportAdapterContext,
	  PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PCB_ADAPTER a = (PCB_ADAPTER)MiniportAdapterContext;
	NDIS_LINK_STATE link;
	NDIS_STATUS_INDICATION ind;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(RestartParameters != NULL);
	NdisZeroMemory(&link, sizeof(link));
	link.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	link.Header.Revision = NDIS_LINK_STATE_REVISION_1;
	link.Header.Size = NDIS_SIZEOF_LINK_STATE_REVISION_1;
	link.MediaConnectState = MediaConnectStateConnected;
	link.MediaDuplexState = MediaDuplexStateFull;
	link.XmitLinkSpeed = CB_LINK_SPEED;
	link.RcvLinkSpeed = CB_LINK_SPEED;
	link.PauseFunctions = NdisPauseFunctionsUnsupported;
	NdisZeroMemory(&ind, sizeof(ind));
	ind.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
	ind.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
	ind.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
	ind.SourceHandle = a->AdapterHandle;
	ind.StatusCode = NDIS_STATUS_LINK_STATE;
	ind.StatusBuffer = &link;
	ind.StatusBufferSize = sizeof(link);
	NdisMIndicateStatusEx(a->AdapterHandle, &ind);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CbSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PCB_ADAPTER a = (PCB_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;
	ULONG flags = 0;

	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	CONF_CHECK(PortNumber == NDIS_DEFAULT_PORT_NUMBER);
	if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
		CONF_CHECK_IRQL(DISPATCH_LEVEL);
		NDIS_SET_SEND_COMPLETE_FLAG(flags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
	}
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
		a->XmitOk++;
	}
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists, flags);
}

_Use_decl_annotations_
VOID
CbReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
	 ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ReturnFlags);
	CONF_CHECK(NetBufferLists == NULL); /* this miniport never indicates */
}

_Use_decl_annotations_
VOID
CbCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
}

_Use_decl_annotations_
BOOLEAN
CbCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	return FALSE;
}

_Use_decl_annotations_
NDIS_STATUS
CbReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	*AddressingReset = FALSE;
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CbPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved ||
		   NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventPowerProfileChanged);
}

_Use_decl_annotations_
VOID
CbShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK(ShutdownAction == NdisShutdownPowerOff ||
		   ShutdownAction == NdisShutdownBugCheck);
}

_Use_decl_annotations_
VOID
CbCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
}

_Use_decl_annotations_
NDIS_STATUS
CbDirectOid(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(OidRequest);
	return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
CbCancelDirectOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
NDIS_STATUS
CbSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(NdisDriverHandle != NULL);
	CONF_CHECK(DriverContext == (NDIS_HANDLE)&g_DriverHandle);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CbUnload(PDRIVER_OBJECT DriverObject)
{
	PAGED_CODE();
	UNREFERENCED_PARAMETER(DriverObject);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;
	NDIS_STATUS status;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	mc.MajorDriverVersion = 1;
	mc.MinorDriverVersion = 2;
	mc.Flags = 0;
	mc.SetOptionsHandler = CbSetOptions;
	mc.InitializeHandlerEx = CbInitialize;
	mc.HaltHandlerEx = CbHalt;
	mc.UnloadHandler = CbUnload;
	mc.PauseHandler = CbPause;
	mc.RestartHandler = CbRestart;
	mc.OidRequestHandler = CbOidRequest;
	mc.SendNetBufferListsHandler = CbSend;
	mc.ReturnNetBufferListsHandler = CbReturn;
	mc.CancelSendHandler = CbCancelSend;
	mc.CheckForHangHandlerEx = CbCheckForHang;
	mc.ResetHandlerEx = CbReset;
	mc.DevicePnPEventNotifyHandler = CbPnpEvent;
	mc.ShutdownHandlerEx = CbShutdown;
	mc.CancelOidRequestHandler = CbCancelOid;
	mc.DirectOidRequestHandler = CbDirectOid;
	mc.CancelDirectOidRequestHandler = CbCancelDirectOid;
	CONF_CHECK(mc.MajorNdisVersion == 6 && mc.MinorNdisVersion == 30);
	status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath,
					     (NDIS_HANDLE)&g_DriverHandle, &mc,
					     &g_DriverHandle);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	return status;
}
