/*
 * hub_miniport.c — a hardware-less NDIS 6.30 Ethernet miniport that
 * forwards frames between its own adapters (a virtual hub), written only
 * against <ndis.h> the way public virtual miniports are.
 *
 * No device: it does not declare itself a bus master, maps no registers,
 * connects no interrupt and registers no DMA channel; AllocatedResources
 * is empty.  Every adapter of the driver is on one driver-global list
 * under a spin lock.  A send copies each frame to the adapters that should
 * receive it (the one whose MAC is the destination; every other running
 * adapter for a broadcast), queues it on that adapter and queues the
 * adapter's DPC, which indicates what is queued at DISPATCH_LEVEL.  The
 * sender's NBLs complete at once.  Its permanent MAC is 02:48:55 plus 24
 * bits derived from KeQueryTickCount at its first initialization, written
 * to its configuration (HubAddress) and read back from there on every
 * later one, as a registry-backed virtual NIC does.
 *
 * Two files: this one (driver, adapters, OIDs) and hub_datapath.c (sends,
 * forwarding, the receive DPC); hub_miniport.h is what they share.
 *
 * Built once per variant (tests/cli.cmake):
 *   (none)           the hub
 *   HUB_PROBE_MMIO   MiniportInitializeEx asks NdisMMapIoSpace for a
 *                    register window it was not given and fails with the
 *                    status it gets
 *   HUB_PROBE_IRQ    the same with NdisMRegisterInterruptEx
 *   HUB_ECHO_SENDER  a broken hub: frames also go back to the adapter that
 *                    sent them (a broadcast comes back on its sender)
 *   HUB_DROP_SOME    a broken hub: every 50th copy is forgotten, with no
 *                    allocation failing
 */
#include "hub_miniport.h"

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_INITIALIZE HubInitializeEx;
static MINIPORT_HALT HubHaltEx;
static MINIPORT_DRIVER_UNLOAD HubDriverUnload;
static MINIPORT_PAUSE HubPause;
static MINIPORT_RESTART HubRestart;
static MINIPORT_OID_REQUEST HubOidRequest;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY HubDevicePnPEventNotify;
static MINIPORT_SHUTDOWN HubShutdownEx;
static MINIPORT_CANCEL_OID_REQUEST HubCancelOidRequest;

static NDIS_HANDLE HubDriverHandle;
NDIS_SPIN_LOCK HubLock;                 /* HubAdapters */
LIST_ENTRY HubAdapters;

/* ---- driver ------------------------------------------------------------ */

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;
	NDIS_STATUS status;

	NdisAllocateSpinLock(&HubLock);
	InitializeListHead(&HubAdapters);
	NdisZeroMemory(&chars, sizeof(chars));
	chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.MajorNdisVersion = 6;
	chars.MinorNdisVersion = 30;
	chars.MajorDriverVersion = 1;
	chars.InitializeHandlerEx = HubInitializeEx;
	chars.HaltHandlerEx = HubHaltEx;
	chars.UnloadHandler = HubDriverUnload;
	chars.PauseHandler = HubPause;
	chars.RestartHandler = HubRestart;
	chars.OidRequestHandler = HubOidRequest;
	chars.SendNetBufferListsHandler = HubSendNetBufferLists;
	chars.ReturnNetBufferListsHandler = HubReturnNetBufferLists;
	chars.CancelSendHandler = HubCancelSend;
	chars.DevicePnPEventNotifyHandler = HubDevicePnPEventNotify;
	chars.ShutdownHandlerEx = HubShutdownEx;
	chars.CancelOidRequestHandler = HubCancelOidRequest;
	status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &chars,
					     &HubDriverHandle);
	if (status != NDIS_STATUS_SUCCESS)
		NdisFreeSpinLock(&HubLock);
	return status;
}

static VOID HubDriverUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(HubDriverHandle);
	NdisFreeSpinLock(&HubLock);
}

/* ---- initialization ----------------------------------------------------- */

static NDIS_STATUS HubSetAttributes(PHUB_ADAPTER ad)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = ad;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;   /* no bus master */
	reg.InterfaceType = NdisInterfaceInternal;
	status = NdisMSetMiniportAttributes(ad->AdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = HUB_MTU;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = HUB_LINK_SPEED;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = HUB_LINK_SPEED;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = HUB_MTU;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			 NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_8021Q_VLAN;
	gen.SupportedPacketFilters = HUB_FILTERS;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = 6;
	NdisMoveMemory(gen.PermanentMacAddress, ad->Address, 6);
	NdisMoveMemory(gen.CurrentMacAddress, ad->Address, 6);
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = FALSE;   /* virtual */
	return NdisMSetMiniportAttributes(ad->AdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

/* HubAddress (24 bits) from the adapter's configuration; the first time,
 * from the tick count, written back for the next initialization. */
static NDIS_STATUS HubReadAddress(PHUB_ADAPTER ad)
{
	NDIS_CONFIGURATION_OBJECT obj;
	NDIS_CONFIGURATION_PARAMETER write;
	PNDIS_CONFIGURATION_PARAMETER value = NULL;
	NDIS_STRING keyword = NDIS_STRING_CONST("HubAddress");
	NDIS_HANDLE config = NULL;
	NDIS_STATUS status;
	LARGE_INTEGER tick;
	ULONG low;
	const char *from = "configuration";

	NdisZeroMemory(&obj, sizeof(obj));
	obj.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	obj.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	obj.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	obj.NdisHandle = ad->AdapterHandle;
	status = NdisOpenConfigurationEx(&obj, &config);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisReadConfiguration(&status, &value, config, &keyword, NdisParameterHexInteger);
	if (status == NDIS_STATUS_SUCCESS && value->ParameterType == NdisParameterInteger) {
		low = value->ParameterData.IntegerData & 0xFFFFFF;
	} else {
		KeQueryTickCount(&tick);
		/* an odd multiplier is a bijection mod 2^24: distinct ticks, distinct MACs */
		low = (ULONG)(((ULONGLONG)tick.QuadPart + 1) * 2654435761ull) & 0xFFFFFF;
		NdisZeroMemory(&write, sizeof(write));
		write.ParameterType = NdisParameterHexInteger;
		write.ParameterData.IntegerData = low;
		NdisWriteConfiguration(&status, config, &keyword, &write);
		from = status == NDIS_STATUS_SUCCESS ? "tick count, saved" : "tick count, not saved";
	}
	NdisCloseConfiguration(config);
	ad->Address[0] = 0x02;
	ad->Address[1] = 0x48;
	ad->Address[2] = 0x55;
	ad->Address[3] = (UCHAR)(low >> 16);
	ad->Address[4] = (UCHAR)(low >> 8);
	ad->Address[5] = (UCHAR)low;
	DbgPrint("hub: address %02X-%02X-%02X-%02X-%02X-%02X from %s\n", ad->Address[0],
		 ad->Address[1], ad->Address[2], ad->Address[3], ad->Address[4],
		 ad->Address[5], from);
	return NDIS_STATUS_SUCCESS;
}

/* What a hardware-less adapter was given: nothing. */
static VOID HubCheckResources(PHUB_ADAPTER ad, PNDIS_MINIPORT_INIT_PARAMETERS ip)
{
	ULONG count = ip->AllocatedResources ? ip->AllocatedResources->Count : 0;
	UCHAR config[4];
	ULONG got = NdisMGetBusData(ad->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0, config,
				    sizeof(config));

	DbgPrint("hub: %lu resources, %lu bytes of PCI configuration\n", count, got);
}

#ifdef HUB_PROBE_IRQ
static MINIPORT_ISR HubIsr;
static MINIPORT_INTERRUPT_DPC HubInterruptDpc;

static BOOLEAN HubIsr(NDIS_HANDLE Context, PBOOLEAN QueueDefaultInterruptDpc,
		      PULONG TargetProcessors)
{
	*QueueDefaultInterruptDpc = FALSE;
	*TargetProcessors = 0;
	return FALSE;
}

static VOID HubInterruptDpc(NDIS_HANDLE Context, PVOID Arg1, PVOID Arg2, PVOID Arg3)
{
}
#endif

#if defined(HUB_PROBE_MMIO) || defined(HUB_PROBE_IRQ)
/* Asks for what a hardware-less adapter does not have; returns the status. */
static NDIS_STATUS HubProbe(PHUB_ADAPTER ad)
{
	NDIS_STATUS status;
#ifdef HUB_PROBE_MMIO
	NDIS_PHYSICAL_ADDRESS pa;
	PVOID va = (PVOID)1;

	pa.QuadPart = 0xFE000000;
	status = NdisMMapIoSpace(&va, ad->AdapterHandle, pa, 0x200);
	DbgPrint("hub: NdisMMapIoSpace 0x%08X, VirtualAddress %s\n", status,
		 va == NULL ? "NULL" : "set");
	if (status == NDIS_STATUS_SUCCESS)
		NdisMUnmapIoSpace(ad->AdapterHandle, va, 0x200);
#else
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS ic;
	NDIS_HANDLE h = (NDIS_HANDLE)1;

	NdisZeroMemory(&ic, sizeof(ic));
	ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	ic.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	ic.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	ic.InterruptHandler = HubIsr;
	ic.InterruptDpcHandler = HubInterruptDpc;
	status = NdisMRegisterInterruptEx(ad->AdapterHandle, ad, &ic, &h);
	DbgPrint("hub: NdisMRegisterInterruptEx 0x%08X, handle %s\n", status,
		 h == NULL ? "NULL" : "set");
	if (status == NDIS_STATUS_SUCCESS)
		NdisMDeregisterInterruptEx(h);
#endif
	return status == NDIS_STATUS_SUCCESS ? NDIS_STATUS_FAILURE : status;
}
#endif

static VOID HubFree(PHUB_ADAPTER ad)
{
	if (ad->NblPool != NULL)
		NdisFreeNetBufferListPool(ad->NblPool);
	NdisFreeSpinLock(&ad->Lock);
	NdisFreeMemory(ad, 0, 0);
}

static NDIS_STATUS HubInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				   NDIS_HANDLE MiniportDriverContext,
				   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	PHUB_ADAPTER ad;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*ad), HUB_TAG,
					       NormalPoolPriority);
	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&ad->Lock);
	InitializeListHead(&ad->RxQueue);
	KeInitializeDpc(&ad->RxDpc, HubRxDpc, ad);
	HubCheckResources(ad, MiniportInitParameters);
#if defined(HUB_PROBE_MMIO) || defined(HUB_PROBE_IRQ)
	status = HubProbe(ad);
	HubFree(ad);
	return status;
#endif
	NdisZeroMemory(&pp, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	pp.fAllocateNetBuffer = TRUE;
	pp.PoolTag = HUB_TAG;
	ad->NblPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &pp);
	status = ad->NblPool == NULL ? NDIS_STATUS_RESOURCES : HubReadAddress(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = HubSetAttributes(ad);
	if (status != NDIS_STATUS_SUCCESS) {
		HubFree(ad);
		return status;
	}
	NdisAcquireSpinLock(&HubLock);
	InsertTailList(&HubAdapters, &ad->Link);
	NdisReleaseSpinLock(&HubLock);
	return NDIS_STATUS_SUCCESS;
}

static VOID HubDropQueue(PHUB_ADAPTER ad, PLIST_ENTRY queue)
{
	while (!IsListEmpty(queue)) {
		PHUB_RX rx = CONTAINING_RECORD(RemoveHeadList(queue), HUB_RX, Link);

		NdisFreeMemory(rx, 0, 0);
	}
}

static VOID HubHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)MiniportAdapterContext;
	LIST_ENTRY left;

	UNREFERENCED_PARAMETER(HaltAction);
	NdisAcquireSpinLock(&HubLock);   /* no sender reaches it from here on */
	RemoveEntryList(&ad->Link);
	NdisReleaseSpinLock(&HubLock);
	KeRemoveQueueDpc(&ad->RxDpc);
	KeFlushQueuedDpcs();
	InitializeListHead(&left);
	NdisAcquireSpinLock(&ad->Lock);
	while (!IsListEmpty(&ad->RxQueue))
		InsertTailList(&left, RemoveHeadList(&ad->RxQueue));
	NdisReleaseSpinLock(&ad->Lock);
	HubDropQueue(ad, &left);
	HubFree(ad);
}

/* ---- pause and restart ------------------------------------------------------ */

static NDIS_STATUS HubPause(NDIS_HANDLE MiniportAdapterContext,
			    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)MiniportAdapterContext;
	LIST_ENTRY left;
	BOOLEAN pend;

	UNREFERENCED_PARAMETER(PauseParameters);
	InitializeListHead(&left);
	NdisAcquireSpinLock(&ad->Lock);
	ad->Running = FALSE;
	while (!IsListEmpty(&ad->RxQueue))   /* not indicated: dropped */
		InsertTailList(&left, RemoveHeadList(&ad->RxQueue));
	pend = ad->RxOutstanding != 0;
	ad->Pausing = pend;
	NdisReleaseSpinLock(&ad->Lock);
	HubDropQueue(ad, &left);
	/* indicated NBLs must come back first; the last return completes it */
	return pend ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS HubRestart(NDIS_HANDLE MiniportAdapterContext,
			      PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(RestartParameters);
	NdisAcquireSpinLock(&ad->Lock);
	ad->Running = TRUE;
	NdisReleaseSpinLock(&ad->Lock);
	return NDIS_STATUS_SUCCESS;
}

/* ---- OIDs ---------------------------------------------------------------------- */

static NDIS_STATUS HubQuery(PHUB_ADAPTER ad, PNDIS_OID_REQUEST r)
{
	PVOID buf = r->DATA.QUERY_INFORMATION.InformationBuffer;
	ULONG len = r->DATA.QUERY_INFORMATION.InformationBufferLength;
	ULONG filter = ad->PacketFilter;
	const void *src;
	ULONG need;

	switch (r->DATA.QUERY_INFORMATION.Oid) {
	case OID_802_3_CURRENT_ADDRESS:
	case OID_802_3_PERMANENT_ADDRESS:
		src = ad->Address;
		need = 6;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		src = &filter;
		need = sizeof(filter);
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (len < need) {
		r->DATA.QUERY_INFORMATION.BytesNeeded = need;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(buf, src, need);
	r->DATA.QUERY_INFORMATION.BytesWritten = need;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS HubSet(PHUB_ADAPTER ad, PNDIS_OID_REQUEST r)
{
	PVOID buf = r->DATA.SET_INFORMATION.InformationBuffer;
	ULONG len = r->DATA.SET_INFORMATION.InformationBufferLength;

	switch (r->DATA.SET_INFORMATION.Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		if (len < sizeof(ULONG)) {
			r->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		if (*(PULONG)buf & ~HUB_FILTERS)
			return NDIS_STATUS_NOT_SUPPORTED;
		NdisAcquireSpinLock(&ad->Lock);
		ad->PacketFilter = *(PULONG)buf;
		NdisReleaseSpinLock(&ad->Lock);
		r->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_802_3_MULTICAST_LIST:
	case OID_GEN_CURRENT_LOOKAHEAD:
		r->DATA.SET_INFORMATION.BytesRead = len;   /* accepted, not filtered */
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

static NDIS_STATUS HubOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST r)
{
	PHUB_ADAPTER ad = (PHUB_ADAPTER)MiniportAdapterContext;

	switch (r->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		return HubQuery(ad, r);
	case NdisRequestSetInformation:
		return HubSet(ad, r);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

static VOID HubCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);   /* requests complete at once */
}

/* ---- PnP ------------------------------------------------------------------------------ */

static VOID HubDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext,
				    PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

static VOID HubShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}
