/*
 * virtio_net.c — a bus-master NDIS 6.30 miniport for a virtio-net device
 * (virtio 1.1, MMIO transport), written only against <ndis.h> the way a
 * Windows driver author writes one.
 *
 * MiniportInitializeEx: registration attributes (bus master), the
 * configuration (DmaBits 32|64, *JumboPacket 1514|9014), the register
 * window and interrupt from AllocatedResources, the virtio handshake,
 * general attributes, the SG DMA channel, the virtqueues, transmit
 * headers and receive buffers in shared memory, the interrupt, DRIVER_OK.
 * MiniportHaltEx resets the device first (it stops touching memory), then
 * ends every send still in flight and gives everything back in reverse.
 *
 * Built twice (samples/virtio_net/CMakeLists.txt): linked into the ndisdma
 * binary with -DDriverEntry=ndisdma_builtin_virtio_net, and as
 * virtio_net.so.
 */
#include "virtio_net.h"

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_INITIALIZE VnInitializeEx;
static MINIPORT_HALT VnHaltEx;
static MINIPORT_DRIVER_UNLOAD VnDriverUnload;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY VnDevicePnPEventNotify;
static MINIPORT_SHUTDOWN VnShutdownEx;

/* As on Windows, the driver handle is the one piece of driver-wide state. */
static NDIS_HANDLE VnDriverHandle;

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
	chars.InitializeHandlerEx = VnInitializeEx;
	chars.HaltHandlerEx = VnHaltEx;
	chars.UnloadHandler = VnDriverUnload;
	chars.PauseHandler = VnPause;
	chars.RestartHandler = VnRestart;
	chars.OidRequestHandler = VnOidRequest;
	chars.SendNetBufferListsHandler = VnSendNetBufferLists;
	chars.ReturnNetBufferListsHandler = VnReturnNetBufferLists;
	chars.CancelSendHandler = VnCancelSend;
	chars.DevicePnPEventNotifyHandler = VnDevicePnPEventNotify;
	chars.ShutdownHandlerEx = VnShutdownEx;
	chars.CancelOidRequestHandler = VnCancelOidRequest;
	chars.ResetHandlerEx = VnResetEx;

	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL,
					   &chars, &VnDriverHandle);
}

static VOID VnDriverUnload(PDRIVER_OBJECT DriverObject)
{
	NdisMDeregisterMiniportDriver(VnDriverHandle);
	VnDriverHandle = NULL;
}

/* ---- attributes and configuration -------------------------------------------- */

static NDIS_STATUS VnSetRegistrationAttributes(PVN_ADAPTER ad)
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

static NDIS_STATUS VnSetGeneralAttributes(PVN_ADAPTER ad)
{
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMedium802_3;
	gen.MtuSize = ad->MaxFrame - VN_HEADER_SIZE;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = VN_LINK_SPEED;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = VN_LINK_SPEED;
	gen.MediaConnectState = MediaConnectStateUnknown;   /* known after DRIVER_OK */
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = ad->MaxFrame - VN_HEADER_SIZE;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
			 NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			 NDIS_MAC_OPTION_NO_LOOPBACK;
	gen.SupportedPacketFilters = VN_SUPPORTED_FILTERS;
	gen.MaxMulticastListSize = VN_MULTICAST_MAX;
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

/* An integer keyword; *value keeps its default when it is absent.  A value
 * outside allowed[] rejects the configuration. */
static NDIS_STATUS VnReadKeyword(NDIS_HANDLE config, PNDIS_STRING keyword,
				 const ULONG *allowed, ULONG nallowed, ULONG *value)
{
	PNDIS_CONFIGURATION_PARAMETER param = NULL;
	NDIS_STATUS status;
	ULONG i;

	NdisReadConfiguration(&status, &param, config, keyword, NdisParameterInteger);
	if (status != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_SUCCESS;   /* absent: the default stays */
	for (i = 0; i < nallowed; i++) {
		if (param->ParameterData.IntegerData == allowed[i]) {
			*value = allowed[i];
			return NDIS_STATUS_SUCCESS;
		}
	}
	return NDIS_STATUS_NOT_ACCEPTED;
}

static NDIS_STATUS VnReadConfiguration(PVN_ADAPTER ad)
{
	static const ULONG dmaBits[] = { 32, 64 };
	static const ULONG jumbo[] = { VN_STANDARD_FRAME, VN_JUMBO_FRAME };
	NDIS_STRING dmaKeyword = NDIS_STRING_CONST("DmaBits");
	NDIS_STRING jumboKeyword = NDIS_STRING_CONST("*JumboPacket");
	NDIS_CONFIGURATION_OBJECT obj;
	NDIS_HANDLE config = NULL;
	NDIS_STATUS status;

	ad->DmaBits = 64;
	ad->MaxFrame = VN_STANDARD_FRAME;
	NdisZeroMemory(&obj, sizeof(obj));
	obj.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	obj.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	obj.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	obj.NdisHandle = ad->AdapterHandle;
	status = NdisOpenConfigurationEx(&obj, &config);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	status = VnReadKeyword(config, &dmaKeyword, dmaBits, 2, &ad->DmaBits);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnReadKeyword(config, &jumboKeyword, jumbo, 2, &ad->MaxFrame);
	NdisCloseConfiguration(config);
	return status;
}

/* The register window and the interrupt, as the PnP manager assigned them. */
static NDIS_STATUS VnReadResources(PVN_ADAPTER ad, PNDIS_RESOURCE_LIST resources)
{
	ULONG i;

	if (resources == NULL)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	for (i = 0; i < resources->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &resources->PartialDescriptors[i];

		if (d->Type == CmResourceTypeMemory && !ad->HaveMemory &&
		    d->u.Memory.Length >= VIRTIO_MMIO_WINDOW_BYTES) {
			ad->RegisterPa = d->u.Memory.Start;
			ad->RegisterLength = d->u.Memory.Length;
			ad->HaveMemory = TRUE;
		} else if (d->Type == CmResourceTypeInterrupt && !ad->HaveInterrupt) {
			ad->InterruptVector = d->u.Interrupt.Vector;
			ad->HaveInterrupt = TRUE;
		}
	}
	if (!ad->HaveMemory || !ad->HaveInterrupt)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	return NdisMMapIoSpace((PVOID *)&ad->Registers, ad->AdapterHandle,
			       ad->RegisterPa, ad->RegisterLength);
}

static NDIS_STATUS VnRegisterDma(PVN_ADAPTER ad)
{
	NDIS_SG_DMA_DESCRIPTION dma;
	NDIS_STATUS status;

	NdisZeroMemory(&dma, sizeof(dma));
	dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Flags = ad->DmaBits == 64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	dma.MaximumPhysicalMapping = ad->MaxFrame;
	dma.ProcessSGListHandler = VnProcessSGList;
	status = NdisMRegisterScatterGatherDma(ad->AdapterHandle, &dma, &ad->DmaHandle);
	if (status != NDIS_STATUS_SUCCESS) {
		ad->DmaHandle = NULL;
		return status;
	}
	ad->ScatterGatherListSize = dma.ScatterGatherListSize;
	return NDIS_STATUS_SUCCESS;
}

/* ---- teardown (halt and failed initialization) ---------------------------------- */

/* The device stops first: after the reset it touches no memory, and after
 * the interrupt is deregistered no DPC runs. */
static VOID VnStopDevice(PVN_ADAPTER ad)
{
	VnDeviceReset(ad);
	if (ad->InterruptHandle != NULL)
		NdisMDeregisterInterruptEx(ad->InterruptHandle);
	ad->InterruptHandle = NULL;
}

static VOID VnRelease(PVN_ADAPTER ad)
{
	VnStopDevice(ad);
	VnReceiveFree(ad);
	VnSendFree(ad);
	VnQueueFree(ad, &ad->TxQ);
	VnQueueFree(ad, &ad->RxQ);
	if (ad->DmaHandle != NULL)
		NdisMDeregisterScatterGatherDma(ad->DmaHandle);
	ad->DmaHandle = NULL;
	if (ad->Registers != NULL)
		NdisMUnmapIoSpace(ad->AdapterHandle, ad->Registers, ad->RegisterLength);
	ad->Registers = NULL;
	NdisFreeSpinLock(&ad->StateLock);
	NdisFreeSpinLock(&ad->RxLock);
	NdisFreeSpinLock(&ad->TxLock);
	NdisFreeMemory(ad, 0, 0);
}

/* ---- initialization ---------------------------------------------------------------- */

static PVN_ADAPTER VnAllocateAdapter(NDIS_HANDLE MiniportAdapterHandle)
{
	PVN_ADAPTER ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle,
		sizeof(*ad), VN_TAG, NormalPoolPriority);

	if (ad == NULL)
		return NULL;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
	ad->State = VnPaused;
	NdisAllocateSpinLock(&ad->TxLock);
	NdisAllocateSpinLock(&ad->RxLock);
	NdisAllocateSpinLock(&ad->StateLock);
	InitializeListHead(&ad->TxFree);
	InitializeListHead(&ad->TxReady);
	return ad;
}

/* Shared memory comes after the DMA channel (spec §7). */
static NDIS_STATUS VnSetUpQueues(PVN_ADAPTER ad)
{
	NDIS_STATUS status;

	status = VnQueueAllocate(ad, &ad->RxQ, VIRTIO_NET_RECEIVEQ);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnQueueAllocate(ad, &ad->TxQ, VIRTIO_NET_TRANSMITQ);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnSendAllocate(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnReceiveAllocate(ad);
	return status;
}

static NDIS_STATUS VnInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				  NDIS_HANDLE MiniportDriverContext,
				  PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PVN_ADAPTER ad = VnAllocateAdapter(MiniportAdapterHandle);
	NDIS_STATUS status;

	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	/* facts §6: registration attributes first, then general, then DMA */
	status = VnSetRegistrationAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnReadConfiguration(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnReadResources(ad, MiniportInitParameters->AllocatedResources);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnDeviceNegotiate(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnSetGeneralAttributes(ad);
	ad->LookAhead = ad->MaxFrame - VN_HEADER_SIZE;
	if (status == NDIS_STATUS_SUCCESS)
		status = VnRegisterDma(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnSetUpQueues(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = VnRegisterInterrupt(ad);
	if (status == NDIS_STATUS_SUCCESS) {
		VnReceivePostAll(ad);
		status = VnDeviceStart(ad);
	}
	if (status != NDIS_STATUS_SUCCESS)
		VnRelease(ad);   /* a failed init frees everything it took */
	return status;
}

/* NDIS pauses the adapter before halting it, so normally nothing is in
 * flight here; after a pause that never completed (a stuck device) the
 * sends still on the device are ended with NDIS_STATUS_SEND_ABORTED. */
static VOID VnHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;

	NdisAcquireSpinLock(&ad->StateLock);
	ad->State = VnHalting;
	NdisReleaseSpinLock(&ad->StateLock);
	VnStopDevice(ad);
	VnSendAbortAll(ad);
	VnRelease(ad);
}

/* Surprise removal: the device is gone; stop touching it. */
static VOID VnDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext,
				   PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;

	if (NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved)
		VN_FLAG_WRITE(ad->DeviceFailed, TRUE);
}

/* Shutdown leaves the device quiet: a reset stops all DMA. */
static VOID VnShutdownEx(NDIS_HANDLE MiniportAdapterContext,
			 NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	VnDeviceReset((PVN_ADAPTER)MiniportAdapterContext);
}
