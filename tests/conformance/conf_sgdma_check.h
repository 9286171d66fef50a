/*
 * conf_sgdma_check.h — what conf_sgdma's MiniportProcessSGList checks in
 * every list it gets, from the documentation of NdisMAllocateNetBufferSGList:
 * the list is built from the start of the MDL at CurrentMdl (not from the
 * first data byte) and the data starts CurrentMdlOffset bytes into it; it
 * covers CurrentMdlOffset + DataLength bytes; no element is empty.
 *
 * For a 64-bit channel nothing needs double-buffering, so each element must
 * name the physical pages of the MDLs themselves (the PFN array after each
 * MDL, MmGetMdlPfnArray); for a 32-bit channel every byte is below 4 GiB.
 */

/* Physical address of byte `Offset` of the buffer an MDL describes. */
static ULONG64
SgMdlBytePa(PMDL Mdl, ULONG Offset)
{
	PPFN_NUMBER pfns = MmGetMdlPfnArray(Mdl);
	ULONG at = MmGetMdlByteOffset(Mdl) + Offset;

	return ((ULONG64)pfns[at >> PAGE_SHIFT] << PAGE_SHIFT) | (at & (PAGE_SIZE - 1));
}

/* Walks the list against the MDL chain from CurrentMdl, page piece by page
 * piece.  Returns FALSE at the first difference. */
static BOOLEAN
SgListMatchesMdls(PSCATTER_GATHER_LIST Sgl, PNET_BUFFER Nb, ULONG Total)
{
	PMDL mdl = NET_BUFFER_CURRENT_MDL(Nb);
	ULONG mdlOff = 0, elem = 0, elemOff = 0, done = 0, piece, inPage;
	ULONG64 pa;

	while (done < Total) {
		if (mdl == NULL || elem >= Sgl->NumberOfElements) {
			return FALSE;
		}
		if (mdlOff == MmGetMdlByteCount(mdl)) {
			NdisGetNextMdl(mdl, &mdl);
			mdlOff = 0;
			continue;
		}
		if (elemOff == Sgl->Elements[elem].Length) {
			elem++;
			elemOff = 0;
			continue;
		}
		pa = SgMdlBytePa(mdl, mdlOff);
		if ((ULONG64)Sgl->Elements[elem].Address.QuadPart + elemOff != pa) {
			return FALSE;
		}
		inPage = PAGE_SIZE - (ULONG)(pa & (PAGE_SIZE - 1));
		piece = MmGetMdlByteCount(mdl) - mdlOff;
		piece = min(piece, Sgl->Elements[elem].Length - elemOff);
		piece = min(piece, inPage);
		piece = min(piece, Total - done);
		mdlOff += piece;
		elemOff += piece;
		done += piece;
	}
	return TRUE;
}

static VOID
SgCheckList(PSG_ADAPTER a, PNET_BUFFER Nb, PSCATTER_GATHER_LIST Sgl)
{
	ULONG i;
	ULONG64 sum = 0;
	ULONG total = NET_BUFFER_CURRENT_MDL_OFFSET(Nb) + NET_BUFFER_DATA_LENGTH(Nb);
	BOOLEAN nonEmpty = TRUE, reservedZero = TRUE, low = TRUE;

	CONF_CHECK(Sgl != NULL);
	if (Sgl == NULL) {
		return;
	}
	CONF_CHECK(Sgl->NumberOfElements >= 1);
	for (i = 0; i < Sgl->NumberOfElements; i++) {
		PSCATTER_GATHER_ELEMENT e = &Sgl->Elements[i];

		sum += e->Length;
		nonEmpty = nonEmpty && e->Length != 0;
		reservedZero = reservedZero && e->Reserved == 0;
		low = low && (ULONG64)e->Address.QuadPart + e->Length <= SG_4G;
	}
	CONF_CHECK(nonEmpty);
	CONF_CHECK(reservedZero);
	CONF_CHECK(sum == total);
	if (a->DmaBits == 32) {
		CONF_CHECK(low);
	} else {
		CONF_CHECK(SgListMatchesMdls(Sgl, Nb, total));
	}
}

/* What a production driver does with the list: skip CurrentMdlOffset bytes,
 * then one descriptor per remaining piece.  Returns the bytes described. */
static ULONG
SgWriteDescriptors(PSG_ADAPTER a, PNET_BUFFER Nb, PSCATTER_GATHER_LIST Sgl)
{
	ULONG skip = NET_BUFFER_CURRENT_MDL_OFFSET(Nb);
	ULONG remaining = NET_BUFFER_DATA_LENGTH(Nb);
	ULONG i, len, slots = a->TxRing.Length / SG_DESC_BYTES;
	ULONG64 addr;
	PUCHAR desc;

	for (i = 0; i < Sgl->NumberOfElements && remaining > 0; i++) {
		addr = (ULONG64)Sgl->Elements[i].Address.QuadPart;
		len = Sgl->Elements[i].Length;
		if (skip >= len) {
			skip -= len;
			continue;
		}
		addr += skip;
		len -= skip;
		skip = 0;
		if (len > remaining) {
			len = remaining;
		}
		desc = (PUCHAR)a->TxRing.Va + (a->RingProducer % slots) * SG_DESC_BYTES;
		NdisMoveMemory(desc, &addr, sizeof(addr));
		NdisMoveMemory(desc + 8, &len, sizeof(len));
		a->RingProducer++;
		remaining -= len;
	}
	return NET_BUFFER_DATA_LENGTH(Nb) - remaining;
}
