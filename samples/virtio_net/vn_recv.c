/*
 * vn_recv.c — receive.  Every receive buffer (virtio_net_hdr + one frame)
 * lives in shared memory and owns descriptor n of the receiveq and one
 * NBL whose MDL covers the frame bytes.  The DPC indicates filled buffers
 * up in batches (NdisMIndicateReceiveNetBufferLists); the protocol gives
 * them back through MiniportReturnNetBufferLists, which reposts them.
 * When few buffers are left on the device the indication carries
 * NDIS_RECEIVE_FLAGS_RESOURCES and the buffers are reposted at once.
 *
 * NET_BUFFER_LIST_MINIPORT_RESERVED(nbl)[0]: its VN_RX_BUFFER.
 */
#include "virtio_net.h"

#define VN_NBL_RXBUF(nbl) ((PVN_RX_BUFFER)NET_BUFFER_LIST_MINIPORT_RESERVED(nbl)[0])

static NDIS_STATUS VnRxBlocks(PVN_ADAPTER ad, ULONG count, ULONG perBlock)
{
	ULONG b, i;

	ad->RxBlockCount = (count + perBlock - 1) / perBlock;
	for (b = 0; b < ad->RxBlockCount; b++) {
		VN_SHARED_BLOCK *blk = &ad->RxBlocks[b];

		/* the last block holds only the buffers left */
		blk->Length = min(perBlock, count - b * perBlock) * ad->RxBufferStride;
		NdisMAllocateSharedMemory(ad->AdapterHandle, blk->Length, FALSE,
					  &blk->Va, &blk->Pa);
		if (blk->Va == NULL)
			return NDIS_STATUS_RESOURCES;
	}
	for (i = 0; i < count; i++) {
		VN_SHARED_BLOCK *blk = &ad->RxBlocks[i / perBlock];
		ULONG offset = (i % perBlock) * ad->RxBufferStride;

		ad->RxBuffers[i].Index = (USHORT)i;
		ad->RxBuffers[i].Va = (PUCHAR)blk->Va + offset;
		ad->RxBuffers[i].Pa = (ULONG64)blk->Pa.QuadPart + offset;
	}
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS VnReceiveAllocate(PVN_ADAPTER ad)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	ULONG count = ad->RxQ.Size, perBlock, i;
	NDIS_STATUS status;

	ad->RxBufferStride = (sizeof(VIRTIO_NET_HDR) + ad->MaxFrame + 63) & ~63u;
	perBlock = VN_RX_BLOCK_BYTES / ad->RxBufferStride;
	if (perBlock == 0)
		perBlock = 1;
	status = VnRxBlocks(ad, count, perBlock);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisZeroMemory(&pp, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	pp.fAllocateNetBuffer = TRUE;
	pp.PoolTag = VN_TAG;
	ad->RxNblPool = NdisAllocateNetBufferListPool(ad->AdapterHandle, &pp);
	if (ad->RxNblPool == NULL)
		return NDIS_STATUS_RESOURCES;
	for (i = 0; i < count; i++) {
		PVN_RX_BUFFER buf = &ad->RxBuffers[i];

		buf->Mdl = NdisAllocateMdl(ad->AdapterHandle,
					   buf->Va + sizeof(VIRTIO_NET_HDR), ad->MaxFrame);
		if (buf->Mdl == NULL)
			return NDIS_STATUS_RESOURCES;
		buf->Nbl = NdisAllocateNetBufferAndNetBufferList(ad->RxNblPool, 0, 0,
								 buf->Mdl, 0, 0);
		if (buf->Nbl == NULL)
			return NDIS_STATUS_RESOURCES;
		NET_BUFFER_LIST_MINIPORT_RESERVED(buf->Nbl)[0] = buf;
	}
	return NDIS_STATUS_SUCCESS;
}

VOID VnReceiveFree(PVN_ADAPTER ad)
{
	LONG i;

	for (i = VN_QUEUE_MAX - 1; i >= 0; i--) {
		PVN_RX_BUFFER buf = &ad->RxBuffers[i];

		if (buf->Nbl != NULL)
			NdisFreeNetBufferList(buf->Nbl);
		buf->Nbl = NULL;
		if (buf->Mdl != NULL)
			NdisFreeMdl(buf->Mdl);
		buf->Mdl = NULL;
	}
	if (ad->RxNblPool != NULL)
		NdisFreeNetBufferListPool(ad->RxNblPool);
	ad->RxNblPool = NULL;
	for (i = (LONG)ad->RxBlockCount - 1; i >= 0; i--) {
		VN_SHARED_BLOCK *blk = &ad->RxBlocks[i];

		if (blk->Va != NULL)
			NdisMFreeSharedMemory(ad->AdapterHandle, blk->Length, FALSE,
					      blk->Va, blk->Pa);
		blk->Va = NULL;
	}
	ad->RxBlockCount = 0;
}

/* One buffer onto the receive ring (RxLock held); the caller publishes
 * the batch (VnAvailPublish). */
static VOID VnRxPost(PVN_ADAPTER ad, PVN_RX_BUFFER buf)
{
	VIRTQ_DESC *d = &ad->RxQ.Desc[buf->Index];

	d->Addr = buf->Pa;
	d->Len = sizeof(VIRTIO_NET_HDR) + ad->MaxFrame;
	d->Flags = VIRTQ_DESC_F_WRITE;
	d->Next = 0;
	buf->Posted = TRUE;
	VnAvailAdd(&ad->RxQ, buf->Index);
	ad->RxPosted++;
}

/* Before DRIVER_OK: every buffer goes to the device. */
VOID VnReceivePostAll(PVN_ADAPTER ad)
{
	ULONG i;

	ad->RxQ.FreeCount = 0;   /* descriptor n belongs to buffer n */
	NdisAcquireSpinLock(&ad->RxLock);
	for (i = 0; i < ad->RxQ.Size; i++)
		VnRxPost(ad, &ad->RxBuffers[i]);
	VnAvailPublish(&ad->RxQ);
	NdisReleaseSpinLock(&ad->RxLock);
}

static VOID VnRepostChain(PVN_ADAPTER ad, PNET_BUFFER_LIST chain)
{
	PNET_BUFFER_LIST nbl;

	if (chain == NULL)
		return;
	NdisAcquireSpinLock(&ad->RxLock);
	for (nbl = chain; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		VnRxPost(ad, VN_NBL_RXBUF(nbl));
	VnAvailPublish(&ad->RxQ);
	NdisReleaseSpinLock(&ad->RxLock);
	VnNotify(ad, &ad->RxQ);
}

/* The NBL of a filled buffer, ready to indicate; NULL if the frame is
 * dropped (bad length or filtered) and the buffer must be reposted. */
static PNET_BUFFER_LIST VnRxTake(PVN_ADAPTER ad, PVN_RX_BUFFER buf, ULONG written)
{
	PNET_BUFFER_LIST nbl = buf->Nbl;
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
	ULONG length, cls;

	if (written < sizeof(VIRTIO_NET_HDR) + VN_MIN_FRAME ||
	    written > sizeof(VIRTIO_NET_HDR) + ad->MaxFrame) {
		InterlockedIncrement64(&ad->RxErrors);
		return NULL;
	}
	length = written - sizeof(VIRTIO_NET_HDR);
	if (!VnFilterAccepts(ad, buf->Va + sizeof(VIRTIO_NET_HDR))) {
		InterlockedIncrement64(&ad->RxFiltered);
		return NULL;
	}
	NET_BUFFER_FIRST_MDL(nb) = buf->Mdl;
	NET_BUFFER_CURRENT_MDL(nb) = buf->Mdl;
	NET_BUFFER_CURRENT_MDL_OFFSET(nb) = 0;
	NET_BUFFER_DATA_OFFSET(nb) = 0;
	NET_BUFFER_DATA_LENGTH(nb) = length;
	NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
	NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	nbl->SourceHandle = ad->AdapterHandle;
	InterlockedIncrement64(&ad->RxFrames);
	InterlockedExchangeAdd64(&ad->RxBytes, length);
	cls = VnClassOf(buf->Va + sizeof(VIRTIO_NET_HDR));
	InterlockedIncrement64(&ad->RxClassFrames[cls]);
	InterlockedExchangeAdd64(&ad->RxClassBytes[cls], length);
	return nbl;
}

/* Up to Limit filled buffers: *chain to indicate, the rest reposted.
 * Returns how many were indicated-to-be; *more when Limit was reached. */
static ULONG VnRxGather(PVN_ADAPTER ad, PNET_BUFFER_LIST *chain, BOOLEAN *more,
			BOOLEAN *lowResources, BOOLEAN *broken, ULONG Limit)
{
	PNET_BUFFER_LIST tail = NULL, drop = NULL;
	VIRTQ_USED_ELEM e;
	ULONG n = 0, seen = 0;

	*chain = NULL;
	NdisDprAcquireSpinLock(&ad->RxLock);
	while (seen < Limit && ad->RxQ.Used != NULL && VnUsedNext(&ad->RxQ, &e)) {
		PVN_RX_BUFFER buf = e.Id < ad->RxQ.Size ? &ad->RxBuffers[e.Id] : NULL;
		PNET_BUFFER_LIST nbl;

		seen++;
		/* a used id the device does not own (never posted, or already
		 * returned: indicating it twice would loop the NBL chain, found by
		 * fuzz_device, corpus regression-rx-same-id-twice) breaks the ring */
		if (buf == NULL || !buf->Posted) {
			InterlockedIncrement64(&ad->RxErrors);
			ad->RxQ.Broken = TRUE;
			break;
		}
		buf->Posted = FALSE;
		ad->RxPosted--;
		nbl = VnRxTake(ad, buf, e.Len);
		if (nbl == NULL) {
			NET_BUFFER_LIST_NEXT_NBL(buf->Nbl) = drop;
			drop = buf->Nbl;
			continue;
		}
		if (tail != NULL)
			NET_BUFFER_LIST_NEXT_NBL(tail) = nbl;
		else
			*chain = nbl;
		tail = nbl;
		n++;
	}
	*lowResources = ad->RxPosted < ad->RxQ.Size / 8;
	*broken = ad->RxQ.Broken;
	NdisDprReleaseSpinLock(&ad->RxLock);
	*more = seen == Limit;
	VnRepostChain(ad, drop);
	return n;
}

BOOLEAN VnReceiveFromDevice(PVN_ADAPTER ad, ULONG Budget)
{
	BOOLEAN more = TRUE, broken = FALSE;

	while (more && Budget > 0) {
		PNET_BUFFER_LIST chain;
		BOOLEAN low, running;
		ULONG n = VnRxGather(ad, &chain, &more, &low, &broken,
				     Budget < VN_RX_BATCH ? Budget : VN_RX_BATCH), flags;

		if (Budget != NDIS_INDICATE_ALL_NBLS)
			Budget -= n;   /* n never exceeds the limit asked for */
		if (n == 0)
			continue;
		/* a paused miniport indicates nothing (spec §13) */
		NdisDprAcquireSpinLock(&ad->StateLock);
		running = ad->State == VnRunning;
		if (running)
			ad->RxIndicated += n;
		NdisDprReleaseSpinLock(&ad->StateLock);
		if (!running) {
			VnRepostChain(ad, chain);
			continue;
		}
		flags = NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL;
		if (low)
			flags |= NDIS_RECEIVE_FLAGS_RESOURCES;
		NdisMIndicateReceiveNetBufferLists(ad->AdapterHandle, chain,
						   NDIS_DEFAULT_PORT_NUMBER, n, flags);
		if (low) {   /* ours again as soon as the call returned */
			VnRepostChain(ad, chain);
			NdisDprAcquireSpinLock(&ad->StateLock);
			ad->RxIndicated -= n;
			NdisDprReleaseSpinLock(&ad->StateLock);
			VnCheckPauseComplete(ad);
		}
	}
	if (broken)
		VnDeviceBroken(ad, &ad->RxQ);
	return more;
}

VOID VnReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
			    PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	PVN_ADAPTER ad = (PVN_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next;
	ULONG n = 0;

	NdisAcquireSpinLock(&ad->RxLock);
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		VnRxPost(ad, VN_NBL_RXBUF(nbl));
		n++;
	}
	VnAvailPublish(&ad->RxQ);
	NdisReleaseSpinLock(&ad->RxLock);
	if (VN_FLAG_READ(ad->DeviceStarted))
		VnNotify(ad, &ad->RxQ);
	NdisAcquireSpinLock(&ad->StateLock);
	ad->RxIndicated -= n;
	NdisReleaseSpinLock(&ad->StateLock);
	VnCheckPauseComplete(ad);
}
