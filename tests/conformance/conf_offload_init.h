/*
 * conf_offload_init.h — conf_offload.c's attributes, initialization,
 * lifecycle handlers and DriverEntry (included once, at its end).
 */

static NDIS_STATUS
OfSetAttributes(POF_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES off;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePci;
	status = NdisMSetMiniportAttributes(a->AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS)
		return status;

	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = OF_FRAME - OF_ETH_HEADER;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = 10000000000ull;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = 10000000000ull;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = OF_FRAME - OF_ETH_HEADER;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_NO_LOOPBACK;
	gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
				     NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_PROMISCUOUS;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	ETH_COPY_NETWORK_ADDRESS(gen.PermanentMacAddress, g_Mac);
	ETH_COPY_NETWORK_ADDRESS(gen.CurrentMacAddress, g_Mac);
	status = NdisMSetMiniportAttributes(a->AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS)
		return status;

	/* everything on at start but LSO v1, which LSO v2 supersedes */
	OfCapabilities(&a->Hardware);
	a->Current = a->Hardware;
	a->Current.LsoV1.IPv4.Encapsulation = NDIS_ENCAPSULATION_NOT_SUPPORTED;
	CONF_CHECK(NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_1 == 112 && sizeof(NDIS_OFFLOAD) >= 156);
	CONF_CHECK(NDIS_SIZEOF_OFFLOAD_PARAMETERS_REVISION_2 == 22);
	NdisZeroMemory(&off, sizeof(off));
	off.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES;
	off.Header.Revision = NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	off.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES_REVISION_1;
	off.DefaultOffloadConfiguration = &a->Current;
	off.HardwareOffloadCapabilities = &a->Hardware;
	status = NdisMSetMiniportAttributes(a->AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&off);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	return status;
}

/* What a driver of a memory-mapped NIC checks of its resources: the
 * register window reads as it should through every access width, and no
 * I/O port range was assigned (claiming one fails as documented). */
static VOID
OfProbeResources(POF_ADAPTER a, PNDIS_RESOURCE_LIST Resources)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR mem = NULL;
	PVOID regs = NULL, port = (PVOID)1;
	ULONG words[2] = { 0, 0 }, i;
	UCHAR bytes[2] = { 0, 0 }, mac0;
	ULONG64 both;

	for (i = 0; Resources != NULL && i < Resources->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &Resources->PartialDescriptors[i];

		CONF_CHECK(d->Type != CmResourceTypePort);
		if (d->Type == CmResourceTypeMemory && mem == NULL)
			mem = d;
	}
	CONF_CHECK(NdisMRegisterIoPortRange(&port, a->AdapterHandle, 0x1000, 8) ==
		   NDIS_STATUS_RESOURCE_CONFLICT);
	CONF_CHECK(port == NULL);
	if (mem == NULL || mem->u.Memory.Length < VIRTIO_MMIO_CONFIG + 8)
		return;   /* a device without registers (ndisdma run --device none) */
	if (NdisMMapIoSpace(&regs, a->AdapterHandle, mem->u.Memory.Start,
			    VIRTIO_MMIO_CONFIG + 8) != NDIS_STATUS_SUCCESS) {
		CONF_CHECK(!"NdisMMapIoSpace");
		return;
	}
	both = READ_REGISTER_ULONG64((volatile ULONG64 *)regs);
	CONF_CHECK((ULONG)both == VIRTIO_MMIO_MAGIC && (both >> 32) == 2);   /* magic, version */
	READ_REGISTER_BUFFER_ULONG((volatile ULONG *)regs, words, 2);   /* one register, twice */
	CONF_CHECK(words[0] == VIRTIO_MMIO_MAGIC && words[1] == VIRTIO_MMIO_MAGIC);
	/* byte-wide: the first MAC byte in the net device's config space */
	mac0 = READ_REGISTER_UCHAR((PUCHAR)regs + VIRTIO_MMIO_CONFIG);
	READ_REGISTER_BUFFER_UCHAR((PUCHAR)regs + VIRTIO_MMIO_CONFIG, bytes, 2);
	CONF_CHECK(bytes[0] == mac0 && bytes[1] == mac0 && (mac0 & 0x01) == 0);   /* unicast */
	NdisMUnmapIoSpace(a->AdapterHandle, regs, VIRTIO_MMIO_CONFIG + 8);
}

_Use_decl_annotations_
NDIS_STATUS
OfInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pool;
	POF_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(OF_ADAPTER);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = (POF_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a),
							   OF_TAG, NormalPoolPriority);
	if (a == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	status = OfSetAttributes(a);
	if (status == NDIS_STATUS_SUCCESS) {
		OfProbeResources(a, MiniportInitParameters->AllocatedResources);
		NdisZeroMemory(&pool, sizeof(pool));
		pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
		pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
		pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
		pool.fAllocateNetBuffer = TRUE;
		pool.PoolTag = OF_TAG;
		pool.DataSize = OF_FRAME;   /* each NET_BUFFER comes with a frame buffer */
		a->RxPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &pool);
		status = a->RxPool != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
	}
	if (status != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(a, 0, 0);
		return status;
	}
	NdisInterlockedInsertTailList(&g_Adapters, &a->Link, &g_AdaptersLock);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
OfRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
OfPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	POF_ADAPTER a = (POF_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(PauseParameters);
	CONF_CHECK(a->Outstanding == 0);   /* the protocol returned every copy */
	/* a protocol bound after the restart configured the offloads */
	CONF_CHECK(a->EncapsulationSets >= 1 && a->ParametersSets >= 1);
	CONF_CHECK(a->Encapsulation.IPv4.EncapsulationType == NDIS_ENCAPSULATION_IEEE_802_3);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
OfHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	POF_ADAPTER a = (POF_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK(g_PowerProfileEvents >= 1);
	NdisAcquireSpinLock(&g_AdaptersLock);
	RemoveEntryList(&a->Link);
	NdisReleaseSpinLock(&g_AdaptersLock);
	NdisFreeNetBufferListPool(a->RxPool);
	NdisFreeMemory(a, 0, 0);
}

_Use_decl_annotations_
VOID OfCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);   /* nothing is ever queued */
}

/* NDIS tells the miniport the power profile it starts under. */
_Use_decl_annotations_
VOID OfPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	if (NetDevicePnPEvent->DevicePnPEvent != NdisDevicePnPEventPowerProfileChanged)
		return;
	CONF_CHECK(NetDevicePnPEvent->InformationBufferLength == sizeof(ULONG));
	CONF_CHECK(*(PULONG)NetDevicePnPEvent->InformationBuffer == NdisPowerProfileAcOnLine ||
		   *(PULONG)NetDevicePnPEvent->InformationBuffer == NdisPowerProfileBattery);
	InterlockedIncrement(&g_PowerProfileEvents);
}

_Use_decl_annotations_
VOID OfShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID OfCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID
OfUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	CONF_CHECK(IsListEmpty(&g_Adapters));
	NdisFreeSpinLock(&g_AdaptersLock);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

/* A driver of a later NDIS probes the routines it may use. */
static VOID
OfProbeLibrary(VOID)
{
	NDIS_STRING present = NDIS_STRING_CONST("NdisAllocateNetBufferListContext");
	NDIS_STRING missing = NDIS_STRING_CONST("NdisNoSuchRoutine");
	NDIS_STRING accessor = NDIS_STRING_CONST("NdisDmaIoRead32");

	CONF_CHECK(NdisGetVersion() >= NDIS_RUNTIME_VERSION_630);
	CONF_CHECK((NdisGetVersion() >> 16) == 6);
	CONF_CHECK(NdisGetRoutineAddress(&present) == (PVOID)NdisAllocateNetBufferListContext);
	CONF_CHECK(NdisGetRoutineAddress(&missing) == NULL);
	CONF_CHECK(NdisGetRoutineAddress(&accessor) == NULL);   /* not an NDIS routine */
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	OfProbeLibrary();
	NdisInitializeListHead(&g_Adapters);
	NdisAllocateSpinLock(&g_AdaptersLock);
	g_PowerProfileEvents = 0;
	NdisZeroMemory(&c, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	c.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	c.MajorDriverVersion = 1;
	c.InitializeHandlerEx = OfInitialize;
	c.HaltHandlerEx = OfHalt;
	c.UnloadHandler = OfUnload;
	c.PauseHandler = OfPause;
	c.RestartHandler = OfRestart;
	c.OidRequestHandler = OfOidRequest;
	c.SendNetBufferListsHandler = OfSend;
	c.ReturnNetBufferListsHandler = OfReturn;
	c.CancelSendHandler = OfCancelSend;
	c.DevicePnPEventNotifyHandler = OfPnpEvent;
	c.ShutdownHandlerEx = OfShutdown;
	c.CancelOidRequestHandler = OfCancelOid;
	NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(OF_ADAPTER);
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &g_DriverHandle);
}
