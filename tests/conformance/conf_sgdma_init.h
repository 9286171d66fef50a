/*
 * conf_sgdma_init.h — conf_sgdma's MiniportInitializeEx / MiniportHaltEx and
 * the self-test Restart runs: a three-MDL NET_BUFFER whose data starts in
 * the second MDL, mapped at DISPATCH_LEVEL with no buffer, a too-small
 * buffer and after NdisAdvanceNetBufferDataStart.
 */

static ULONG
SgReadKeyword(NDIS_HANDLE Config, PNDIS_STRING Keyword, ULONG Default)
{
	NDIS_STATUS status;
	PNDIS_CONFIGURATION_PARAMETER p;

	NdisReadConfiguration(&status, &p, Config, Keyword, NdisParameterInteger);
	if (status != NDIS_STATUS_SUCCESS || p->ParameterType != NdisParameterInteger) {
		return Default;
	}
	return p->ParameterData.IntegerData;
}

static VOID
SgReadVariant(PSG_ADAPTER a)
{
	NDIS_CONFIGURATION_OBJECT cfg;
	NDIS_HANDLE h;
	NDIS_STRING bits = NDIS_STRING_CONST("DmaBits");
	NDIS_STRING rev = NDIS_STRING_CONST("ConfDescRevision");
	NDIS_STRING size = NDIS_STRING_CONST("ConfDescSize");
	NDIS_STRING probe = NDIS_STRING_CONST("ConfProbeRevision");

	a->DmaBits = 64;
	a->DescRevision = 1;
	a->DescSizeMode = 0;
	NdisZeroMemory(&cfg, sizeof(cfg));
	cfg.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	cfg.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	cfg.Header.Size = sizeof(cfg);
	cfg.NdisHandle = a->AdapterHandle;
	if (NdisOpenConfigurationEx(&cfg, &h) != NDIS_STATUS_SUCCESS) {
		CONF_CHECK(!"NdisOpenConfigurationEx failed");
		return;
	}
	a->DmaBits = SgReadKeyword(h, &bits, 64);
	a->DescRevision = SgReadKeyword(h, &rev, 1);
	a->DescSizeMode = SgReadKeyword(h, &size, 0);
	a->ProbeRevision = SgReadKeyword(h, &probe, 0);
	NdisCloseConfiguration(h);
}

static NDIS_STATUS
SgRegisterDma(PSG_ADAPTER a)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NDIS_STATUS status;

	/* documented: an unsupported Header.Revision is NDIS_STATUS_BAD_VERSION
	 * (a driver probing for a newer revision falls back on it) */
	if (a->ProbeRevision) {
		NdisZeroMemory(&d, sizeof(d));
		d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
		d.Header.Revision = 3;
		d.Header.Size = sizeof(d);
		d.MaximumPhysicalMapping = SG_MAX_MAPPING;
		d.ProcessSGListHandler = SgProcessSGList;
		status = NdisMRegisterScatterGatherDma(a->AdapterHandle, &d, &a->DmaHandle);
		CONF_CHECK(status == NDIS_STATUS_BAD_VERSION);
		CONF_CHECK(a->DmaHandle == NULL);
		a->DmaHandle = NULL;
	}

	NdisZeroMemory(&d, sizeof(d));
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	if (a->DescRevision == 2) {
		d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_2;
		d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2;
		d.PdoOverride = NULL;
	} else {
		d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
		d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	}
	if (a->DescSizeMode == 1) {
		d.Header.Size = sizeof(NDIS_SG_DMA_DESCRIPTION);
	}
	d.Flags = a->DmaBits == 64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	d.MaximumPhysicalMapping = SG_MAX_MAPPING;
	d.ProcessSGListHandler = SgProcessSGList;
	d.SharedMemAllocateCompleteHandler = SgSharedMemComplete;
	d.ScatterGatherListSize = 0;
	status = NdisMRegisterScatterGatherDma(a->AdapterHandle, &d, &a->DmaHandle);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		/* enough for a 64 KiB NET_BUFFER at any page offset */
		CONF_CHECK(d.ScatterGatherListSize >=
			   sizeof(SCATTER_GATHER_LIST) +
			   (BYTES_TO_PAGES(SG_MAX_MAPPING) + 1) * sizeof(SCATTER_GATHER_ELEMENT) -
			   (sizeof(SCATTER_GATHER_LIST) - FIELD_OFFSET(SCATTER_GATHER_LIST, Elements)));
		CONF_CHECK(a->DmaHandle != NULL);
		a->SgListSize = d.ScatterGatherListSize;
	}
	return status;
}

static BOOLEAN
SgAllocShared(PSG_ADAPTER a, SG_SHARED *s, ULONG Length)
{
	s->Length = Length;
	NdisMAllocateSharedMemory(a->AdapterHandle, Length, TRUE, &s->Va, &s->Pa);
	if (s->Va == NULL) {
		return FALSE;
	}
	CONF_CHECK(a->DmaBits == 64 || (ULONG64)s->Pa.QuadPart + Length <= SG_4G);
	NdisZeroMemory(s->Va, Length);
	return TRUE;
}

static VOID
SgFreeShared(PSG_ADAPTER a, SG_SHARED *s)
{
	if (s->Va != NULL) {
		NdisMFreeSharedMemory(a->AdapterHandle, s->Length, TRUE, s->Va, s->Pa);
		s->Va = NULL;
	}
}

static BOOLEAN
SgAllocSlots(PSG_ADAPTER a)
{
	ULONG i;

	a->Slots = NdisAllocateMemoryWithTagPriority(a->AdapterHandle,
						     SG_TX_SLOTS * sizeof(SG_TX_SLOT),
						     SG_TAG, NormalPoolPriority);
	if (a->Slots == NULL) {
		return FALSE;
	}
	NdisZeroMemory(a->Slots, SG_TX_SLOTS * sizeof(SG_TX_SLOT));
	for (i = 0; i < SG_TX_SLOTS; i++) {
		a->Slots[i].Adapter = a;
		a->Slots[i].SgBuffer = NdisAllocateMemoryWithTagPriority(
			a->AdapterHandle, a->SgListSize, SG_TAG, NormalPoolPriority);
		if (a->Slots[i].SgBuffer == NULL) {
			return FALSE;
		}
		InsertTailList(&a->FreeSlots, &a->Slots[i].Link);
	}
	return TRUE;
}

/* Everything, in the reverse order of SgInitialize. */
static VOID
SgRelease(PSG_ADAPTER a)
{
	ULONG i;

	if (a->Timer != NULL) {
		NdisCancelTimerObject(a->Timer);
		NdisFreeTimerObject(a->Timer);
	}
	if (a->Slots != NULL) {
		for (i = SG_TX_SLOTS; i-- > 0;) {
			if (a->Slots[i].SgBuffer != NULL) {
				NdisFreeMemory(a->Slots[i].SgBuffer, a->SgListSize, 0);
			}
		}
		NdisFreeMemory(a->Slots, SG_TX_SLOTS * sizeof(SG_TX_SLOT), 0);
	}
	SgFreeShared(a, &a->AsyncBlock);
	SgFreeShared(a, &a->StatusBlock);
	SgFreeShared(a, &a->TxRing);
	if (a->DmaHandle != NULL) {
		NdisMDeregisterScatterGatherDma(a->DmaHandle);
	}
	NdisFreeSpinLock(&a->DoneLock);
	NdisFreeSpinLock(&a->TxLock);
	NdisFreeMemory(a, sizeof(*a), 0);
}

static NDIS_STATUS
SgSetAttributes(PSG_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = sizeof(reg);
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER |
			     NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePci;
	status = NdisMSetMiniportAttributes(a->AdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	if (status != NDIS_STATUS_SUCCESS) {
		return status;
	}
	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = SG_MTU;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = 10000000000ULL;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = 10000000000ULL;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = SG_MTU;
	gen.MacOptions = NDIS_MAC_OPTION_NO_LOOPBACK;
	gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	gen.MacAddressLength = 6;
	gen.PermanentMacAddress[0] = gen.CurrentMacAddress[0] = 0x02;
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = TRUE;
	return NdisMSetMiniportAttributes(a->AdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

_Use_decl_annotations_
NDIS_STATUS
SgInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PSG_ADAPTER a;
	NDIS_TIMER_CHARACTERISTICS tc;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), SG_TAG,
					      NormalPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&a->TxLock);
	NdisAllocateSpinLock(&a->DoneLock);
	InitializeListHead(&a->FreeSlots);
	InitializeListHead(&a->DoneSlots);
	NdisInitializeEvent(&a->AsyncDone);
	NdisInitializeEvent(&a->SelfTestDone);
	SgReadVariant(a);

	status = SgSetAttributes(a);
	if (status == NDIS_STATUS_SUCCESS) {
		status = SgRegisterDma(a);
	}
	if (status == NDIS_STATUS_SUCCESS &&
	    (!SgAllocShared(a, &a->TxRing, SG_RING_BYTES) ||
	     !SgAllocShared(a, &a->StatusBlock, 64) || !SgAllocSlots(a))) {
		status = NDIS_STATUS_RESOURCES;
	}
	if (status == NDIS_STATUS_SUCCESS) {
		NdisZeroMemory(&tc, sizeof(tc));
		tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
		tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
		tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
		tc.AllocationTag = SG_TAG;
		tc.TimerFunction = SgTxCompleteTimer;
		tc.FunctionContext = a;
		status = NdisAllocateTimerObject(MiniportAdapterHandle, &tc, &a->Timer);
		CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		SgRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
SgHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PSG_ADAPTER a = (PSG_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(InterlockedCompareExchange(&a->InFlight, 0, 0) == 0);
	CONF_CHECK(a->Lists == a->Frees);
	SgRelease(a);
}

/* Map a NET_BUFFER at DISPATCH_LEVEL, wait at PASSIVE_LEVEL for the
 * callback (it may come before or after the call returns), free it. */
static VOID
SgSelfTestMap(PSG_ADAPTER a, PSG_TX_SLOT Slot, PVOID Buffer, ULONG Size)
{
	KIRQL old;
	NDIS_STATUS status;

	NdisResetEvent(&a->SelfTestDone);
	Slot->Sgl = NULL;
	NDIS_RAISE_IRQL_TO_DISPATCH(&old);
	status = NdisMAllocateNetBufferSGList(a->DmaHandle, Slot->Nb, Slot, 0, Buffer, Size);
	NDIS_LOWER_IRQL(old, DISPATCH_LEVEL);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS) {
		return;
	}
	CONF_CHECK(NdisWaitEvent(&a->SelfTestDone, 10000));
	if (Buffer != NULL && Size < sizeof(SCATTER_GATHER_LIST)) {
		CONF_CHECK(Slot->Sgl != Buffer); /* NDIS had to allocate */
	}
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	NdisMFreeNetBufferSGList(a->DmaHandle, Slot->Sgl, Slot->Nb);
	InterlockedIncrement(&a->Frees);
	KeLowerIrql(old);
}

static VOID
SgSelfTest(PSG_ADAPTER a)
{
	static const ULONG sizes[3] = { 100, 3000, 2000 };
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	NDIS_HANDLE pool;
	PUCHAR mem;
	PMDL mdl[3] = { NULL, NULL, NULL };
	PNET_BUFFER_LIST nbl = NULL;
	SG_TX_SLOT slot;
	UCHAR tiny[16];
	ULONG i, off = 0, before = 0;
	PMDL m;

	NdisZeroMemory(&pp, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	pp.fAllocateNetBuffer = TRUE;
	pp.PoolTag = SG_TAG;
	pool = NdisAllocateNetBufferListPool(a->AdapterHandle, &pp);
	mem = NdisAllocateMemoryWithTagPriority(a->AdapterHandle, 5100, SG_TAG,
						NormalPoolPriority);
	CONF_CHECK(pool != NULL && mem != NULL);
	for (i = 0; mem != NULL && i < 3; i++) {
		mdl[i] = NdisAllocateMdl(a->AdapterHandle, mem + off, sizes[i]);
		CONF_CHECK(mdl[i] != NULL);
		off += sizes[i];
	}
	if (mdl[0] != NULL && mdl[1] != NULL && mdl[2] != NULL && pool != NULL) {
		NDIS_MDL_LINKAGE(mdl[0]) = mdl[1];
		NDIS_MDL_LINKAGE(mdl[1]) = mdl[2];
		nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, mdl[0], 150, 4000);
	}
	CONF_CHECK(nbl != NULL);
	if (nbl != NULL) {
		NdisZeroMemory(&slot, sizeof(slot));
		slot.Adapter = a;
		slot.Nb = NET_BUFFER_LIST_FIRST_NB(nbl);
		/* CurrentMdl/CurrentMdlOffset name the byte DataOffset names */
		for (m = NET_BUFFER_FIRST_MDL(slot.Nb); m != NET_BUFFER_CURRENT_MDL(slot.Nb) && m != NULL;
		     m = m->Next) {
			before += MmGetMdlByteCount(m);
		}
		CONF_CHECK(m != NULL);
		CONF_CHECK(before + NET_BUFFER_CURRENT_MDL_OFFSET(slot.Nb) ==
			   NET_BUFFER_DATA_OFFSET(slot.Nb));
		CONF_CHECK(NET_BUFFER_DATA_OFFSET(slot.Nb) == 150);
		SgSelfTestMap(a, &slot, NULL, 0);
		SgSelfTestMap(a, &slot, tiny, sizeof(tiny));
		SgSelfTestMap(a, &slot, a->Slots[0].SgBuffer, a->SgListSize);
		NdisAdvanceNetBufferDataStart(slot.Nb, 3000, FALSE, NULL);
		CONF_CHECK(NET_BUFFER_CURRENT_MDL(slot.Nb) == mdl[2]);
		CONF_CHECK(NET_BUFFER_CURRENT_MDL_OFFSET(slot.Nb) == 50);
		CONF_CHECK(NET_BUFFER_DATA_LENGTH(slot.Nb) == 1000);
		SgSelfTestMap(a, &slot, NULL, 0);
		NdisFreeNetBufferList(nbl);
	}
	for (i = 3; i-- > 0;) {
		if (mdl[i] != NULL) {
			NdisFreeMdl(mdl[i]);
		}
	}
	if (mem != NULL) {
		NdisFreeMemory(mem, 5100, 0);
	}
	if (pool != NULL) {
		NdisFreeNetBufferListPool(pool);
	}
}
