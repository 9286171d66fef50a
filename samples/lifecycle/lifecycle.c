/*
 * lifecycle.c — a bus-master NDIS 6.30 Ethernet miniport, written only
 * against <ndis.h> the way a Windows driver author writes one.
 *
 * It declares itself a bus master, registers a scatter/gather DMA channel
 * (64-bit, or 32-bit when the configuration keyword DmaBits is 32), takes
 * its descriptor rings and receive buffers from shared memory, answers the
 * OIDs a protocol sends, pauses asynchronously from a work item, and gives
 * everything back in reverse order at halt.  It moves no traffic: there is
 * no device behind it, so sends are completed at once with a status.
 *
 * Built twice (samples/lifecycle/CMakeLists.txt): linked into the ndisdma
 * binary with -DDriverEntry=ndisdma_builtin_lifecycle, and as lifecycle.so.
 */
#include <ndis.h>

/* pool tag "Lcfc" as it reads in a memory dump */
#define LC_TAG                 ((ULONG)'L' | ((ULONG)'c' << 8) | ((ULONG)'f' << 16) | ((ULONG)'c' << 24))
#define LC_TX_DESCRIPTORS      256
#define LC_RX_DESCRIPTORS      256
#define LC_RX_BUFFERS          4
#define LC_RX_BUFFER_SIZE      2048
#define LC_MAX_MAPPING         (64 * 1024)   /* largest NET_BUFFER mapped */
#define LC_SG_STORAGE_LISTS    8             /* preallocated SG list slots */
#define LC_MTU                 1500
#define LC_HEADER_SIZE         14
#define LC_LINK_SPEED          1000000000ull /* bits per second */
#define LC_SUPPORTED_FILTERS   (NDIS_PACKET_TYPE_DIRECTED | \
				NDIS_PACKET_TYPE_MULTICAST | \
				NDIS_PACKET_TYPE_ALL_MULTICAST | \
				NDIS_PACKET_TYPE_BROADCAST | \
				NDIS_PACKET_TYPE_PROMISCUOUS)

/* A hardware descriptor as the (absent) device would read it. */
typedef struct _LC_DESCRIPTOR {
	ULONG64 BufferAddress;
	ULONG Length;
	ULONG Flags;
} LC_DESCRIPTOR;

/* One shared memory block: what NdisMFreeSharedMemory must get back. */
typedef struct _LC_SHARED_BLOCK {
	ULONG Length;
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;
} LC_SHARED_BLOCK;

typedef enum _LC_STATE {
	LcPaused,
	LcRunning,
	LcPausing,
} LC_STATE;

typedef struct _LC_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	ULONG DmaBits;
	ULONG ScatterGatherListSize;
	PVOID SgStorage;               /* LC_SG_STORAGE_LISTS lists */
	LC_SHARED_BLOCK TxRing;
	LC_SHARED_BLOCK RxRing;
	LC_SHARED_BLOCK RxBuffers[LC_RX_BUFFERS];
	NDIS_SPIN_LOCK Lock;           /* State, PacketFilter */
	LC_STATE State;
	ULONG PacketFilter;
	ULONG LookAhead;
	NDIS_HANDLE PauseWorkItem;
	UCHAR PermanentAddress[6];
	UCHAR CurrentAddress[6];
} LC_ADAPTER, *PLC_ADAPTER;

/* What a transmit would hand to MiniportProcessSGList as its Context. */
typedef struct _LC_SG_CONTEXT {
	PLC_ADAPTER Adapter;
	PNET_BUFFER NetBuffer;
} LC_SG_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_INITIALIZE LcInitializeEx;
static MINIPORT_HALT LcHaltEx;
static MINIPORT_DRIVER_UNLOAD LcDriverUnload;
static MINIPORT_PAUSE LcPause;
static MINIPORT_RESTART LcRestart;
static MINIPORT_OID_REQUEST LcOidRequest;
static MINIPORT_SEND_NET_BUFFER_LISTS LcSendNetBufferLists;
static MINIPORT_RETURN_NET_BUFFER_LISTS LcReturnNetBufferLists;
static MINIPORT_CANCEL_SEND LcCancelSend;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY LcDevicePnPEventNotify;
static MINIPORT_SHUTDOWN LcShutdownEx;
static MINIPORT_CANCEL_OID_REQUEST LcCancelOidRequest;
static MINIPORT_PROCESS_SG_LIST LcProcessSGList;

/* As on Windows, the driver handle NdisMRegisterMiniportDriver returns is
 * the one piece of driver-wide state; MiniportDriverUnload needs it. */
static NDIS_HANDLE LcDriverHandle;

/* ---- driver ------------------------------------------------------------ */

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

	NdisZeroMemory(&chars, sizeof(chars));
	chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.MajorNdisVersion = 6;
	chars.MinorNdisVersion = 30;
	chars.MajorDriverVersion = 1;
	chars.MinorDriverVersion = 0;
	chars.InitializeHandlerEx = LcInitializeEx;
	chars.HaltHandlerEx = LcHaltEx;
	chars.UnloadHandler = LcDriverUnload;
	chars.PauseHandler = LcPause;
	chars.RestartHandler = LcRestart;
	chars.OidRequestHandler = LcOidRequest;
	chars.SendNetBufferListsHandler = LcSendNetBufferLists;
	chars.ReturnNetBufferListsHandler = LcReturnNetBufferLists;
	chars.CancelSendHandler = LcCancelSend;
	chars.DevicePnPEventNotifyHandler = LcDevicePnPEventNotify;
	chars.ShutdownHandlerEx = LcShutdownEx;
	chars.CancelOidRequestHandler = LcCancelOidRequest;

	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL,
					   &chars, &LcDriverHandle);
}

static VOID LcDriverUnload(PDRIVER_OBJECT DriverObject)
{
	NdisMDeregisterMiniportDriver(LcDriverHandle);
	LcDriverHandle = NULL;
}

/* ---- initialization ----------------------------------------------------- */

static NDIS_STATUS LcSetRegistrationAttributes(PLC_ADAPTER ad)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = ad;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER |
			     NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.CheckForHangTimeInSeconds = 0;
	reg.InterfaceType = NdisInterfacePci;
	return NdisMSetMiniportAttributes(ad->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
}

static NDIS_STATUS LcSetGeneralAttributes(PLC_ADAPTER ad)
{
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMedium802_3;
	gen.MtuSize = LC_MTU;
	gen.MaxXmitLinkSpeed = LC_LINK_SPEED;
	gen.XmitLinkSpeed = LC_LINK_SPEED;
	gen.MaxRcvLinkSpeed = LC_LINK_SPEED;
	gen.RcvLinkSpeed = LC_LINK_SPEED;
	gen.MediaConnectState = MediaConnectStateDisconnected;   /* no device, no link */
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = LC_MTU;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
			 NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			 NDIS_MAC_OPTION_NO_LOOPBACK;
	gen.SupportedPacketFilters = LC_SUPPORTED_FILTERS;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = 6;
	NdisMoveMemory(gen.PermanentMacAddress, ad->PermanentAddress, 6);
	NdisMoveMemory(gen.CurrentMacAddress, ad->CurrentAddress, 6);
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = TRUE;
	return NdisMSetMiniportAttributes(ad->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

/* DmaBits: 32 or 64 (default 64) from the adapter's configuration. */
static NDIS_STATUS LcReadConfiguration(PLC_ADAPTER ad)
{
	NDIS_CONFIGURATION_OBJECT obj;
	NDIS_HANDLE config = NULL;
	PNDIS_CONFIGURATION_PARAMETER value = NULL;
	NDIS_STRING keyword = NDIS_STRING_CONST("DmaBits");
	NDIS_STATUS status;

	ad->DmaBits = 64;
	NdisZeroMemory(&obj, sizeof(obj));
	obj.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	obj.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	obj.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	obj.NdisHandle = ad->AdapterHandle;
	obj.Flags = 0;
	status = NdisOpenConfigurationEx(&obj, &config);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisReadConfiguration(&status, &value, config, &keyword, NdisParameterInteger);
	if (status == NDIS_STATUS_SUCCESS) {
		ULONG bits = value->ParameterData.IntegerData;
		if (bits != 32 && bits != 64) {
			NdisCloseConfiguration(config);
			return NDIS_STATUS_NOT_ACCEPTED;   /* rejected configuration */
		}
		ad->DmaBits = bits;
	}
	NdisCloseConfiguration(config);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS LcRegisterDma(PLC_ADAPTER ad)
{
	NDIS_SG_DMA_DESCRIPTION dma;
	NDIS_STATUS status;

	NdisZeroMemory(&dma, sizeof(dma));
	dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Flags = ad->DmaBits == 64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	dma.MaximumPhysicalMapping = LC_MAX_MAPPING;
	dma.ProcessSGListHandler = LcProcessSGList;
	dma.SharedMemAllocateCompleteHandler = NULL;   /* no async allocations */
	status = NdisMRegisterScatterGatherDma(ad->AdapterHandle, &dma, &ad->DmaHandle);
	if (status != NDIS_STATUS_SUCCESS) {
		ad->DmaHandle = NULL;
		return status;
	}
	ad->ScatterGatherListSize = dma.ScatterGatherListSize;
	return NDIS_STATUS_SUCCESS;
}

static BOOLEAN LcAllocateBlock(PLC_ADAPTER ad, LC_SHARED_BLOCK *block, ULONG length)
{
	block->Length = length;
	NdisMAllocateSharedMemory(ad->AdapterHandle, length, FALSE,
				  &block->Va, &block->Pa);
	return block->Va != NULL;
}

static VOID LcFreeBlock(PLC_ADAPTER ad, LC_SHARED_BLOCK *block)
{
	if (block->Va == NULL)
		return;
	NdisMFreeSharedMemory(ad->AdapterHandle, block->Length, FALSE,
			      block->Va, block->Pa);
	block->Va = NULL;
}

/* Point each receive descriptor at a slice of a receive buffer. */
static VOID LcFillRxRing(PLC_ADAPTER ad)
{
	LC_DESCRIPTOR *ring = (LC_DESCRIPTOR *)ad->RxRing.Va;
	ULONG i;

	for (i = 0; i < LC_RX_DESCRIPTORS; i++) {
		LC_SHARED_BLOCK *buf = &ad->RxBuffers[i % LC_RX_BUFFERS];
		ring[i].BufferAddress = (ULONG64)buf->Pa.QuadPart;
		ring[i].Length = LC_RX_BUFFER_SIZE;
		ring[i].Flags = 0;
	}
}

/* Descriptor rings, then receive buffers: spec §7, after the DMA channel. */
static NDIS_STATUS LcAllocateRings(PLC_ADAPTER ad)
{
	ULONG i;

	ad->SgStorage = NdisAllocateMemoryWithTagPriority(ad->AdapterHandle,
		ad->ScatterGatherListSize * LC_SG_STORAGE_LISTS, LC_TAG,
		NormalPoolPriority);
	if (ad->SgStorage == NULL)
		return NDIS_STATUS_RESOURCES;
	if (!LcAllocateBlock(ad, &ad->TxRing, LC_TX_DESCRIPTORS * sizeof(LC_DESCRIPTOR)))
		return NDIS_STATUS_RESOURCES;
	if (!LcAllocateBlock(ad, &ad->RxRing, LC_RX_DESCRIPTORS * sizeof(LC_DESCRIPTOR)))
		return NDIS_STATUS_RESOURCES;
	for (i = 0; i < LC_RX_BUFFERS; i++)
		if (!LcAllocateBlock(ad, &ad->RxBuffers[i], LC_RX_BUFFER_SIZE))
			return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad->TxRing.Va, ad->TxRing.Length);
	LcFillRxRing(ad);
	return NDIS_STATUS_SUCCESS;
}

/* Everything InitializeEx took, in reverse order (halt and failed init). */
static VOID LcRelease(PLC_ADAPTER ad)
{
	LONG i;

	for (i = LC_RX_BUFFERS - 1; i >= 0; i--)
		LcFreeBlock(ad, &ad->RxBuffers[i]);
	LcFreeBlock(ad, &ad->RxRing);
	LcFreeBlock(ad, &ad->TxRing);
	if (ad->SgStorage != NULL)
		NdisFreeMemory(ad->SgStorage, 0, 0);
	ad->SgStorage = NULL;
	if (ad->DmaHandle != NULL)
		NdisMDeregisterScatterGatherDma(ad->DmaHandle);
	ad->DmaHandle = NULL;
	if (ad->PauseWorkItem != NULL)
		NdisFreeIoWorkItem(ad->PauseWorkItem);
	ad->PauseWorkItem = NULL;
	NdisFreeSpinLock(&ad->Lock);
	NdisFreeMemory(ad, 0, 0);
}

static NDIS_STATUS LcInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				  NDIS_HANDLE MiniportDriverContext,
				  PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	static const UCHAR mac[6] = { 0x02, 0x4e, 0x44, 0x49, 0x53, 0x01 };
	PLC_ADAPTER ad;
	NDIS_STATUS status;

	ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*ad),
					       LC_TAG, NormalPoolPriority);
	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
	ad->State = LcPaused;
	ad->LookAhead = LC_MTU;
	NdisMoveMemory(ad->PermanentAddress, mac, 6);
	NdisMoveMemory(ad->CurrentAddress, mac, 6);
	NdisAllocateSpinLock(&ad->Lock);

	/* facts §6: registration attributes first, then general, then DMA */
	status = LcSetRegistrationAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = LcSetGeneralAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = LcReadConfiguration(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = LcRegisterDma(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = LcAllocateRings(ad);
	if (status == NDIS_STATUS_SUCCESS) {
		ad->PauseWorkItem = NdisAllocateIoWorkItem(MiniportAdapterHandle);
		if (ad->PauseWorkItem == NULL)
			status = NDIS_STATUS_RESOURCES;
	}
	if (status != NDIS_STATUS_SUCCESS)
		LcRelease(ad);   /* a failed init frees everything it took */
	return status;
}

static VOID LcHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	LcRelease((PLC_ADAPTER)MiniportAdapterContext);
}

/* ---- pause and restart (spec §13 state machine) -------------------------- */

/* Work item: nothing is in flight (sends complete at once), so the pause
 * completes here, at PASSIVE_LEVEL, from a different thread than LcPause. */
static VOID LcPauseWorkItem(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	PLC_ADAPTER ad = (PLC_ADAPTER)WorkItemContext;

	NdisAcquireSpinLock(&ad->Lock);
	ad->State = LcPaused;
	NdisReleaseSpinLock(&ad->Lock);
	NdisMPauseComplete(ad->AdapterHandle);
}

static NDIS_STATUS LcPause(NDIS_HANDLE MiniportAdapterContext,
			   PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PLC_ADAPTER ad = (PLC_ADAPTER)MiniportAdapterContext;

	NdisAcquireSpinLock(&ad->Lock);
	ad->State = LcPausing;
	NdisReleaseSpinLock(&ad->Lock);
	NdisQueueIoWorkItem(ad->PauseWorkItem, LcPauseWorkItem, ad);
	return NDIS_STATUS_PENDING;
}

static NDIS_STATUS LcRestart(NDIS_HANDLE MiniportAdapterContext,
			     PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PLC_ADAPTER ad = (PLC_ADAPTER)MiniportAdapterContext;

	NdisAcquireSpinLock(&ad->Lock);
	ad->State = LcRunning;
	NdisReleaseSpinLock(&ad->Lock);
	return NDIS_STATUS_SUCCESS;
}

/* ---- OID requests --------------------------------------------------------- */

static NDIS_STATUS LcAnswer(PNDIS_OID_REQUEST req, const VOID *data, ULONG length)
{
	if (req->DATA.QUERY_INFORMATION.InformationBufferLength < length) {
		req->DATA.QUERY_INFORMATION.BytesNeeded = length;
		req->DATA.QUERY_INFORMATION.BytesWritten = 0;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(req->DATA.QUERY_INFORMATION.InformationBuffer, data, length);
	req->DATA.QUERY_INFORMATION.BytesWritten = length;
	req->DATA.QUERY_INFORMATION.BytesNeeded = 0;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS LcAnswerUlong(PNDIS_OID_REQUEST req, ULONG value)
{
	return LcAnswer(req, &value, sizeof(value));
}

static NDIS_STATUS LcQuery(PLC_ADAPTER ad, PNDIS_OID_REQUEST req)
{
	static const char vendor[] = "ndisdma lifecycle sample";
	ULONG filter;

	switch (req->DATA.QUERY_INFORMATION.Oid) {
	case OID_802_3_CURRENT_ADDRESS:
		return LcAnswer(req, ad->CurrentAddress, 6);
	case OID_802_3_PERMANENT_ADDRESS:
		return LcAnswer(req, ad->PermanentAddress, 6);
	case OID_GEN_CURRENT_PACKET_FILTER:
		NdisAcquireSpinLock(&ad->Lock);
		filter = ad->PacketFilter;
		NdisReleaseSpinLock(&ad->Lock);
		return LcAnswerUlong(req, filter);
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		return LcAnswerUlong(req, LC_MTU);
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		return LcAnswerUlong(req, LC_MTU + LC_HEADER_SIZE);
	case OID_GEN_CURRENT_LOOKAHEAD:
		return LcAnswerUlong(req, ad->LookAhead);
	case OID_GEN_VENDOR_DESCRIPTION:
		return LcAnswer(req, vendor, sizeof(vendor));
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

static NDIS_STATUS LcTakeUlong(PNDIS_OID_REQUEST req, ULONG *value)
{
	if (req->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG)) {
		req->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
		return NDIS_STATUS_INVALID_LENGTH;
	}
	NdisMoveMemory(value, req->DATA.SET_INFORMATION.InformationBuffer, sizeof(ULONG));
	req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS LcSet(PLC_ADAPTER ad, PNDIS_OID_REQUEST req)
{
	NDIS_STATUS status;
	ULONG value = 0;

	switch (req->DATA.SET_INFORMATION.Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		status = LcTakeUlong(req, &value);
		if (status != NDIS_STATUS_SUCCESS)
			return status;
		if (value & ~(ULONG)LC_SUPPORTED_FILTERS)
			return NDIS_STATUS_NOT_SUPPORTED;
		NdisAcquireSpinLock(&ad->Lock);
		ad->PacketFilter = value;
		NdisReleaseSpinLock(&ad->Lock);
		return NDIS_STATUS_SUCCESS;
	case OID_GEN_CURRENT_LOOKAHEAD:
		status = LcTakeUlong(req, &value);
		if (status != NDIS_STATUS_SUCCESS)
			return status;
		if (value > LC_MTU)
			return NDIS_STATUS_INVALID_DATA;
		ad->LookAhead = value;
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* Every request completes here, synchronously. */
static NDIS_STATUS LcOidRequest(NDIS_HANDLE MiniportAdapterContext,
				PNDIS_OID_REQUEST OidRequest)
{
	PLC_ADAPTER ad = (PLC_ADAPTER)MiniportAdapterContext;

	switch (OidRequest->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		return LcQuery(ad, OidRequest);
	case NdisRequestSetInformation:
		return LcSet(ad, OidRequest);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* Requests never pend, so none is ever left to cancel. */
static VOID LcCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
}

/* ---- data path ------------------------------------------------------------ */

/* No device behind this sample, so no link: each NBL is completed at once,
 * failed while running and NDIS_STATUS_PAUSED while not running (spec §13:
 * a paused miniport completes sends with NDIS_STATUS_PAUSED). */
static VOID LcSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
				 PNET_BUFFER_LIST NetBufferLists,
				 NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PLC_ADAPTER ad = (PLC_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;
	NDIS_STATUS status;
	ULONG flags = 0;

	NdisAcquireSpinLock(&ad->Lock);
	status = ad->State == LcRunning ? NDIS_STATUS_FAILURE : NDIS_STATUS_PAUSED;
	NdisReleaseSpinLock(&ad->Lock);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = status;
	if (SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL)
		flags |= NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL;
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, NetBufferLists, flags);
}

/* The sample indicates no receives, so no NBL ever comes back. */
static VOID LcReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
				   PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
}

/* Sends complete before LcSendNetBufferLists returns: nothing to cancel. */
static VOID LcCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
}

/* The sample never maps a NET_BUFFER.  A transmit path would pass an
 * LC_SG_CONTEXT to NdisMAllocateNetBufferSGList; with no device to program,
 * the device is "done" at once and the list is freed with its NET_BUFFER. */
static VOID LcProcessSGList(PDEVICE_OBJECT pDO, PVOID Reserved,
			    PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	LC_SG_CONTEXT *ctx = (LC_SG_CONTEXT *)Context;

	NdisMFreeNetBufferSGList(ctx->Adapter->DmaHandle, pSGL, ctx->NetBuffer);
}

/* No hardware state to react to surprise removal or power events. */
static VOID LcDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext,
				   PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
}

/* Shutdown must leave the device quiet; this one never started DMA. */
static VOID LcShutdownEx(NDIS_HANDLE MiniportAdapterContext,
			 NDIS_SHUTDOWN_ACTION ShutdownAction)
{
}
