/*
 * conf_nbl_buffers.h — conf_nbl's receive buffers: pools, MDLs and NBLs
 * built at initialize, frames built and indicated from the timer DPC,
 * recycled on return, everything freed in reverse order at halt.
 */

static NDIS_HANDLE
NbNblPool(PNB_ADAPTER a, BOOLEAN WithNetBuffer)
{
	NET_BUFFER_LIST_POOL_PARAMETERS p;

	NdisZeroMemory(&p, sizeof(p));
	p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	p.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	p.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	p.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	p.fAllocateNetBuffer = WithNetBuffer;
	p.ContextSize = 0;
	p.PoolTag = NB_TAG;
	p.DataSize = 0;
	return NdisAllocateNetBufferListPool(a->AdapterHandle, &p);
}

static NDIS_HANDLE
NbNbPool(PNB_ADAPTER a)
{
	NET_BUFFER_POOL_PARAMETERS p;

	NdisZeroMemory(&p, sizeof(p));
	p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	p.Header.Revision = NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	p.Header.Size = NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	p.PoolTag = NB_TAG;
	p.DataSize = 0;
	return NdisAllocateNetBufferPool(a->AdapterHandle, &p);
}

/* One receive buffer: memory, MDL, NBL (+ NB).  The NB starts with
 * NB_RX_BACKFILL bytes of unused space in front of the payload. */
static BOOLEAN
NbRxCreate(PNB_ADAPTER a, PNB_RX r, BOOLEAN Separate)
{
	PNET_BUFFER nb;

	r->Separate = Separate;
	r->Buffer = NdisAllocateMemoryWithTagPriority(a->AdapterHandle, NB_RX_BYTES, NB_TAG,
						      NormalPoolPriority);
	if (r->Buffer == NULL) {
		return FALSE;
	}
	r->Mdl = NdisAllocateMdl(a->AdapterHandle, r->Buffer, NB_RX_BYTES);
	if (r->Mdl == NULL) {
		return FALSE;
	}
	if (!Separate) {
		r->Nbl = NdisAllocateNetBufferAndNetBufferList(a->NblPool, 0, 0, r->Mdl,
							       NB_RX_BACKFILL, NB_RX_PAYLOAD);
		return r->Nbl != NULL;
	}
	r->Nbl = NdisAllocateNetBufferList(a->BareNblPool, 0, 0);
	if (r->Nbl == NULL) {
		return FALSE;
	}
	CONF_CHECK(NET_BUFFER_LIST_FIRST_NB(r->Nbl) == NULL);
	nb = NdisAllocateNetBuffer(a->NbPool, r->Mdl, NB_RX_BACKFILL, NB_RX_PAYLOAD);
	if (nb == NULL) {
		return FALSE;
	}
	NET_BUFFER_LIST_FIRST_NB(r->Nbl) = nb;
	return TRUE;
}

static VOID
NbRxDestroy(PNB_ADAPTER a, PNB_RX r)
{
	if (r->Nbl != NULL) {
		if (r->Separate && NET_BUFFER_LIST_FIRST_NB(r->Nbl) != NULL) {
			NdisFreeNetBuffer(NET_BUFFER_LIST_FIRST_NB(r->Nbl));
			NET_BUFFER_LIST_FIRST_NB(r->Nbl) = NULL;
		}
		NdisFreeNetBufferList(r->Nbl);
	}
	if (r->Mdl != NULL) {
		NdisFreeMdl(r->Mdl);
	}
	if (r->Buffer != NULL) {
		NdisFreeMemory(r->Buffer, NB_RX_BYTES, 0);
	}
	UNREFERENCED_PARAMETER(a);
}

/* Back to the free list with the header taken off again. */
static VOID
NbRecycle(PNB_ADAPTER a, PNB_RX r)
{
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(r->Nbl);

	CONF_CHECK(NET_BUFFER_DATA_OFFSET(nb) == NB_RX_BACKFILL - NB_ETH_HEADER);
	NdisAdvanceNetBufferDataStart(nb, NB_ETH_HEADER, FALSE, NULL);
	CONF_CHECK(NET_BUFFER_DATA_OFFSET(nb) == NB_RX_BACKFILL);
	CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) == NB_RX_PAYLOAD);
	NdisInterlockedInsertTailList(&a->FreeRx, &r->Link, &a->Lock);
}

/* Payload, then the header in the backfill: retreat, NdisGetDataBuffer. */
static BOOLEAN
NbBuildFrame(PNB_ADAPTER a, PNB_RX r)
{
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(r->Nbl);
	PUCHAR header;
	ULONG i;
	LONG seq = InterlockedIncrement(&a->Sequence);

	for (i = 0; i < NB_RX_PAYLOAD; i++) {
		r->Buffer[NB_RX_BACKFILL + i] = (UCHAR)(seq + i);
	}
	if (NdisRetreatNetBufferDataStart(nb, NB_ETH_HEADER, 0, NULL) != NDIS_STATUS_SUCCESS) {
		CONF_CHECK(!"NdisRetreatNetBufferDataStart into backfill failed");
		return FALSE;
	}
	CONF_CHECK(NET_BUFFER_CURRENT_MDL(nb) == r->Mdl);
	CONF_CHECK(NET_BUFFER_DATA_LENGTH(nb) == NB_RX_PAYLOAD + NB_ETH_HEADER);
	header = NdisGetDataBuffer(nb, NB_ETH_HEADER, NULL, 1, 0);
	CONF_CHECK(header == r->Buffer + NB_RX_BACKFILL - NB_ETH_HEADER);
	if (header == NULL) {
		return FALSE;
	}
	NdisFillMemory(header, 6, 0xFF);                  /* broadcast */
	header[6] = 0x02;
	NdisZeroMemory(header + 7, 5);
	header[12] = 0x88;                               /* local experimental */
	header[13] = 0xB5;
	NET_BUFFER_LIST_NEXT_NBL(r->Nbl) = NULL;
	NET_BUFFER_LIST_STATUS(r->Nbl) = NDIS_STATUS_SUCCESS;
	r->Nbl->SourceHandle = a->AdapterHandle;
	NB_RX_OF(r->Nbl) = r;
	return TRUE;
}

/* At DISPATCH_LEVEL: up to NB_BATCH frames in one chained indication. */
static VOID
NbIndicateBatch(PNB_ADAPTER a, ULONG Flags)
{
	PNET_BUFFER_LIST head = NULL, tail = NULL, nbl, next;
	PLIST_ENTRY e;
	PNB_RX r;
	ULONG count = 0;

	while (count < NB_BATCH) {
		e = NdisInterlockedRemoveHeadList(&a->FreeRx, &a->Lock);
		if (e == NULL) {
			break;
		}
		r = CONTAINING_RECORD(e, NB_RX, Link);
		if (!NbBuildFrame(a, r)) {
			NdisInterlockedInsertTailList(&a->FreeRx, &r->Link, &a->Lock);
			break;
		}
		if (tail == NULL) {
			head = r->Nbl;
		} else {
			NET_BUFFER_LIST_NEXT_NBL(tail) = r->Nbl;
		}
		tail = r->Nbl;
		count++;
	}
	CONF_CHECK(count == NB_BATCH);
	if (count == 0) {
		return;
	}
	if (!NDIS_TEST_RECEIVE_CANNOT_PEND(Flags)) {
		InterlockedExchangeAdd(&a->Outstanding, (LONG)count);
	}
	a->Indicated += count;
	NdisMIndicateReceiveNetBufferLists(a->AdapterHandle, head, NDIS_DEFAULT_PORT_NUMBER,
					   count, Flags);
	if (NDIS_TEST_RECEIVE_CANNOT_PEND(Flags)) {
		/* documented: the NBLs are ours again as soon as the call returns */
		for (nbl = head; nbl != NULL; nbl = next) {
			next = NET_BUFFER_LIST_NEXT_NBL(nbl);
			NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
			NbRecycle(a, NB_RX_OF(nbl));
		}
	}
}

static VOID
NbRelease(PNB_ADAPTER a)
{
	ULONG i;

	if (a->Timer != NULL) {
		NdisCancelTimerObject(a->Timer);
		NdisFreeTimerObject(a->Timer);
	}
	for (i = NB_RX_COUNT; i-- > 0;) {
		NbRxDestroy(a, &a->Rx[i]);
	}
	if (a->NbPool != NULL) {
		NdisFreeNetBufferPool(a->NbPool);
	}
	if (a->BareNblPool != NULL) {
		NdisFreeNetBufferListPool(a->BareNblPool);
	}
	if (a->NblPool != NULL) {
		NdisFreeNetBufferListPool(a->NblPool);
	}
	if (a->Walk != NULL) {
		NdisFreeMemory(a->Walk, NB_SCRATCH, 0);
	}
	if (a->Scratch != NULL) {
		NdisFreeMemory(a->Scratch, NB_SCRATCH, 0);
	}
	NdisFreeSpinLock(&a->Lock);
	NdisFreeMemory(a, sizeof(*a), 0);
}
