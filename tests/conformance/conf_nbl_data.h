/*
 * conf_nbl_data.h — conf_nbl's data checks: the MDL accessors on its own
 * buffers, NdisGetDataBuffer contiguous / split / with storage, retreat
 * beyond the backfill (NDIS allocates an MDL) and advance with FreeMdl, and
 * every sent NET_BUFFER compared byte for byte with a walk of its MDLs.
 */

/* CurrentMdlOffset + DataLength bytes from CurrentMdl, into a->Walk. */
static BOOLEAN
NbWalkMdls(PNB_ADAPTER a, PNET_BUFFER Nb)
{
	PMDL mdl = NET_BUFFER_CURRENT_MDL(Nb);
	ULONG skip = NET_BUFFER_CURRENT_MDL_OFFSET(Nb);
	ULONG left = NET_BUFFER_DATA_LENGTH(Nb), got = 0, take;
	PUCHAR va;
	UINT len;

	while (left > 0 && mdl != NULL) {
		NdisQueryMdl(mdl, &va, &len, NormalPagePriority);
		if (va == NULL) {
			return FALSE;
		}
		CONF_CHECK(len == MmGetMdlByteCount(mdl));
		if (skip < len) {
			take = min(len - skip, left);
			NdisMoveMemory(a->Walk + got, va + skip, take);
			got += take;
			left -= take;
		}
		skip = skip > len ? skip - len : 0;
		NdisGetNextMdl(mdl, &mdl);
	}
	return left == 0;
}

static VOID
NbCheckSendData(PNB_ADAPTER a, PNET_BUFFER Nb)
{
	ULONG len = NET_BUFFER_DATA_LENGTH(Nb), before = 0;
	PUCHAR data;
	PMDL m;

	CONF_CHECK(len > 0 && len <= NB_SCRATCH);
	if (len == 0 || len > NB_SCRATCH) {
		return;
	}
	for (m = NET_BUFFER_FIRST_MDL(Nb); m != NULL && m != NET_BUFFER_CURRENT_MDL(Nb);
	     m = NDIS_MDL_LINKAGE(m)) {
		before += MmGetMdlByteCount(m);
	}
	CONF_CHECK(m != NULL);
	CONF_CHECK(before + NET_BUFFER_CURRENT_MDL_OFFSET(Nb) == NET_BUFFER_DATA_OFFSET(Nb));
	NdisAcquireSpinLock(&a->Lock);
	data = NdisGetDataBuffer(Nb, len, a->Scratch, 1, 0);
	CONF_CHECK(data != NULL);
	CONF_CHECK(NbWalkMdls(a, Nb));
	if (data != NULL) {
		CONF_CHECK(NdisEqualMemory(data, a->Walk, len));
	}
	NdisReleaseSpinLock(&a->Lock);
}

/* The MDL accessors and NdisGetDataBuffer on a two-MDL NET_BUFFER. */
static VOID
NbSelfTestAccessors(PNB_ADAPTER a)
{
	PNB_RX r0 = &a->Rx[0], r1 = &a->Rx[1];
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(r0->Nbl);
	UCHAR storage[64];
	PUCHAR p, va = NULL;
	ULONG offset = 0, length = 0;
	UINT qlen = 0;

	CONF_CHECK(MmGetMdlVirtualAddress(r0->Mdl) == r0->Buffer);
	CONF_CHECK(MmGetMdlByteCount(r0->Mdl) == NB_RX_BYTES);
	CONF_CHECK(MmGetMdlByteOffset(r0->Mdl) == ((ULONG_PTR)r0->Buffer & (PAGE_SIZE - 1)));
	CONF_CHECK(MmGetSystemAddressForMdlSafe(r0->Mdl, NormalPagePriority | MdlMappingNoExecute)
		   == r0->Buffer);
	NdisQueryMdl(r0->Mdl, &va, &qlen, NormalPagePriority);
	CONF_CHECK(va == r0->Buffer && qlen == NB_RX_BYTES);
	NdisAdjustMdlLength(r0->Mdl, 100);
	CONF_CHECK(MmGetMdlByteCount(r0->Mdl) == 100 && NdisQueryMdlLength(r0->Mdl) == 100);
	NdisAdjustMdlLength(r0->Mdl, NB_RX_BYTES);
	NdisQueryMdlOffset(r0->Mdl, &offset, &length);
	CONF_CHECK(offset == MmGetMdlByteOffset(r0->Mdl) && length == NB_RX_BYTES);
	CONF_CHECK(NET_BUFFER_FIRST_MDL(nb) == r0->Mdl && NET_BUFFER_CURRENT_MDL(nb) == r0->Mdl);
	CONF_CHECK(NET_BUFFER_CURRENT_MDL_OFFSET(nb) == NB_RX_BACKFILL);
	CONF_CHECK(NET_BUFFER_DATA_OFFSET(nb) == NB_RX_BACKFILL);
	CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) == NB_RX_PAYLOAD);
	CONF_CHECK(NET_BUFFER_NEXT_NB(nb) == NULL);

	/* contiguous: a pointer into the MDL's own buffer, Storage unused */
	p = NdisGetDataBuffer(nb, 32, storage, 1, 0);
	CONF_CHECK(p == r0->Buffer + NB_RX_BACKFILL);

	/* make the data span two MDLs: end of r0's buffer, then r1's */
	NDIS_MDL_LINKAGE(r0->Mdl) = r1->Mdl;
	NET_BUFFER_DATA_LENGTH(nb) = NB_RX_BYTES - NB_RX_BACKFILL + 32;
	NdisAdvanceNetBufferDataStart(nb, NB_RX_BYTES - NB_RX_BACKFILL - 8, FALSE, NULL);
	CONF_CHECK(NET_BUFFER_CURRENT_MDL(nb) == r0->Mdl);
	CONF_CHECK(NET_BUFFER_CURRENT_MDL_OFFSET(nb) == NB_RX_BYTES - 8);
	CONF_CHECK(NET_BUFFER_DATA_OFFSET(nb) == NB_RX_BYTES - 8);
	CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) == 40);
	NdisMoveMemory(r0->Buffer + NB_RX_BYTES - 8, "ABCDEFGH", 8);
	NdisMoveMemory(r1->Buffer, "ijklmnop", 8);
	p = NdisGetDataBuffer(nb, 16, NULL, 1, 0);
	CONF_CHECK(p == NULL);                 /* split and no storage */
	p = NdisGetDataBuffer(nb, 16, storage, 1, 0);
	CONF_CHECK(p == storage && NdisEqualMemory(storage, "ABCDEFGHijklmnop", 16));
	p = NdisGetDataBuffer(nb, 41, storage, 1, 0);
	CONF_CHECK(p == NULL);                 /* more than DataLength */

	/* back to the original layout */
	NdisRetreatNetBufferDataStart(nb, NB_RX_BYTES - NB_RX_BACKFILL - 8, 0, NULL);
	NET_BUFFER_DATA_LENGTH(nb) = NB_RX_PAYLOAD;
	NDIS_MDL_LINKAGE(r0->Mdl) = NULL;
	CONF_CHECK(NET_BUFFER_CURRENT_MDL_OFFSET(nb) == NB_RX_BACKFILL);
	CONF_CHECK(NET_BUFFER_DATA_OFFSET(nb) == NB_RX_BACKFILL);
}

/* Retreat past the unused space: NDIS allocates an MDL in front (no
 * handler given: its default), advance with FreeMdl gives it back. */
static VOID
NbSelfTestRetreat(PNB_ADAPTER a)
{
	PNB_RX r = &a->Rx[2];
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(r->Nbl);
	NDIS_STATUS status;
	PUCHAR p;

	status = NdisRetreatNetBufferDataStart(nb, NB_RX_BACKFILL + 100, 0, NULL);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS) {
		return;
	}
	CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) == NB_RX_PAYLOAD + NB_RX_BACKFILL + 100);
	CONF_CHECK(NET_BUFFER_FIRST_MDL(nb) != r->Mdl);
	CONF_CHECK(NET_BUFFER_CURRENT_MDL(nb) != r->Mdl);
	CONF_CHECK(NDIS_MDL_LINKAGE(NET_BUFFER_FIRST_MDL(nb)) == r->Mdl);
	p = NdisGetDataBuffer(nb, 100, NULL, 1, 0);
	CONF_CHECK(p != NULL); /* the new MDL holds at least the 100 bytes */
	if (p != NULL) {
		NdisZeroMemory(p, 100);
	}
	NdisAdvanceNetBufferDataStart(nb, NB_RX_BACKFILL + 100, TRUE, NULL);
	CONF_CHECK(NET_BUFFER_FIRST_MDL(nb) == r->Mdl);
	CONF_CHECK(NET_BUFFER_CURRENT_MDL(nb) == r->Mdl);
	CONF_CHECK(NET_BUFFER_CURRENT_MDL_OFFSET(nb) == NB_RX_BACKFILL);
	CONF_CHECK(NET_BUFFER_DATA_OFFSET(nb) == NB_RX_BACKFILL);
	CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) == NB_RX_PAYLOAD);
}

/* NblFlags a receive path sets from what it parsed, and a cancel id in the
 * form a driver that originates NBLs stamps them with: its partial id in
 * the high byte.  Left as they were for the indications. */
static VOID
NbSelfTestFlagsAndCancelId(PNB_ADAPTER a)
{
	PNET_BUFFER_LIST nbl = a->Rx[1].Nbl;
	UCHAR first = NdisGeneratePartialCancelId(), second = NdisGeneratePartialCancelId();
	ULONG_PTR id = ((ULONG_PTR)second << 24) | 1;

	CONF_CHECK(NET_BUFFER_LIST_NBL_FLAGS(nbl) == 0);
	NdisSetNblFlag(nbl, NDIS_NBL_FLAGS_IS_IPV4);
	NdisSetNblFlag(nbl, NDIS_NBL_FLAGS_IS_UDP);
	CONF_CHECK(NdisTestNblFlag(nbl, NDIS_NBL_FLAGS_IS_UDP));
	CONF_CHECK(!NdisTestNblFlag(nbl, NDIS_NBL_FLAGS_IS_TCP | NDIS_NBL_FLAGS_IS_IPV6));
	CONF_CHECK(NdisTestNblFlags(nbl, NDIS_NBL_FLAGS_IS_IPV4 | NDIS_NBL_FLAGS_IS_UDP));
	CONF_CHECK(!NdisTestNblFlags(nbl, NDIS_NBL_FLAGS_IS_IPV4 | NDIS_NBL_FLAGS_IS_TCP));
	NdisClearNblFlag(nbl, NDIS_NBL_FLAGS_IS_IPV4 | NDIS_NBL_FLAGS_IS_UDP);
	CONF_CHECK(NET_BUFFER_LIST_NBL_FLAGS(nbl) == 0);

	CONF_CHECK(first != second);   /* a new partial id each call */
	NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(nbl, id);
	CONF_CHECK((UCHAR)((ULONG_PTR)NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(nbl) >> 24) == second);
	NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(nbl, NULL);
}

_Use_decl_annotations_
NDIS_STATUS
NbInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_TIMER_CHARACTERISTICS tc;
	PNB_ADAPTER a;
	NDIS_STATUS status;
	ULONG i;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), NB_TAG,
					      NormalPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&a->Lock);
	InitializeListHead(&a->FreeRx);

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
	reg.InterfaceType = NdisInterfaceInternal;
	status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);

	a->Scratch = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, NB_SCRATCH,
						       NB_TAG, NormalPoolPriority);
	a->Walk = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, NB_SCRATCH,
						    NB_TAG, NormalPoolPriority);
	a->NblPool = NbNblPool(a, TRUE);
	a->BareNblPool = NbNblPool(a, FALSE);
	a->NbPool = NbNbPool(a);
	if (status == NDIS_STATUS_SUCCESS &&
	    (a->Scratch == NULL || a->Walk == NULL || a->NblPool == NULL ||
	     a->BareNblPool == NULL || a->NbPool == NULL)) {
		status = NDIS_STATUS_RESOURCES;
	}
	for (i = 0; status == NDIS_STATUS_SUCCESS && i < NB_RX_COUNT; i++) {
		if (!NbRxCreate(a, &a->Rx[i], (BOOLEAN)(i % 2))) {
			status = NDIS_STATUS_RESOURCES;
		}
	}
	if (status == NDIS_STATUS_SUCCESS) {
		NbSelfTestAccessors(a);
		NbSelfTestRetreat(a);
		NbSelfTestFlagsAndCancelId(a);
		for (i = 0; i < NB_RX_COUNT; i++) {
			InsertTailList(&a->FreeRx, &a->Rx[i].Link);
		}
		NdisZeroMemory(&tc, sizeof(tc));
		tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
		tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
		tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
		tc.AllocationTag = NB_TAG;
		tc.TimerFunction = NbReceiveTimer;
		tc.FunctionContext = a;
		status = NdisAllocateTimerObject(MiniportAdapterHandle, &tc, &a->Timer);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		NbRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
NbHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PNB_ADAPTER a = (PNB_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(a->Outstanding == 0);
	CONF_CHECK(a->Indicated == 2 * NB_BATCH);
	CONF_CHECK(a->Returned == NB_BATCH);
	NbRelease(a);
}
