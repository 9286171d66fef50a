/* nbl_helpers.c — NET_BUFFER routines miniports call on data they did not
 * build: NdisCopyFromNetBufferToNetBuffer (a send copied into a
 * driver-owned buffer, a loopback), NdisQueryNetBufferPhysicalCount (how
 * many SG elements a NET_BUFFER can need) and the pool of an NB or NBL.
 *
 * A NET_BUFFER's data starts CurrentMdlOffset bytes into CurrentMdl and
 * runs DataLength bytes along the MDL chain (ndis-api-facts §7); the
 * routines below walk exactly that, and never past the chain's end.
 */
#include "ndis/ndis_internal.h"

#include <string.h>

/* A position in a NET_BUFFER's data: an MDL and an offset in it. */
struct nb_pos {
	PMDL mdl;
	ULONG offset;
};

/* The position `skip` bytes after the data start; false when the chain
 * ends first. */
static bool nb_seek_to(const NET_BUFFER *nb, ULONG skip, struct nb_pos *p)
{
	PMDL m = nb->CurrentMdl;
	uint64_t off = (uint64_t)nb->CurrentMdlOffset + skip;

	while (m && off >= MmGetMdlByteCount(m)) {
		off -= MmGetMdlByteCount(m);
		m = m->Next;
	}
	p->mdl = m;
	p->offset = (ULONG)off;
	return m != NULL;
}

/* Up to `want` contiguous mapped bytes at p (0 at the chain's end or when
 * the MDL cannot be mapped: *unmapped says which). */
static ULONG nb_span(const struct nb_pos *p, ULONG want, PUCHAR *va, bool *unmapped)
{
	ULONG left;
	PUCHAR base;

	*unmapped = false;
	if (!p->mdl)
		return 0;
	base = MmGetSystemAddressForMdlSafe(p->mdl, NormalPagePriority);
	if (!base) {
		*unmapped = true;
		return 0;
	}
	left = MmGetMdlByteCount(p->mdl) - p->offset;
	*va = base + p->offset;
	return want < left ? want : left;
}

static void nb_advance(struct nb_pos *p, ULONG n)
{
	p->offset += n;
	while (p->mdl && p->offset >= MmGetMdlByteCount(p->mdl)) {
		p->offset -= MmGetMdlByteCount(p->mdl);
		p->mdl = p->mdl->Next;
	}
}

NDIS_STATUS NdisCopyFromNetBufferToNetBuffer(PNET_BUFFER Destination, ULONG DestinationOffset,
					     ULONG BytesToCopy, PNET_BUFFER Source,
					     ULONG SourceOffset, PULONG BytesCopied)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct nb_pos d, s;
	ULONG n, done = 0;
	bool unmapped = false;

	if (!Destination || !Source || !BytesCopied) {
		vf_report(k ? k->verifier : NULL, VF_REG_NULL,
			  &(struct vf_facts){ .irql = -1, .call_site = site },
			  "NdisCopyFromNetBufferToNetBuffer: %s is NULL",
			  !Destination ? "Destination" : !Source ? "Source" : "BytesCopied");
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	*BytesCopied = 0;
	if (!ndis_check_irql(k, "NdisCopyFromNetBufferToNetBuffer", KIRQL_PASSIVE,
			     KIRQL_DISPATCH, site))
		return NDIS_STATUS_FAILURE;
	/* never past either NET_BUFFER's data: DataLength is not changed */
	if (SourceOffset >= Source->DataLength || DestinationOffset >= Destination->DataLength)
		return NDIS_STATUS_SUCCESS;
	BytesToCopy = BytesToCopy < Source->DataLength - SourceOffset ?
		      BytesToCopy : Source->DataLength - SourceOffset;
	BytesToCopy = BytesToCopy < Destination->DataLength - DestinationOffset ?
		      BytesToCopy : Destination->DataLength - DestinationOffset;
	if (!nb_seek_to(Source, SourceOffset, &s) || !nb_seek_to(Destination, DestinationOffset, &d))
		return NDIS_STATUS_SUCCESS;   /* a chain shorter than DataLength */
	while (done < BytesToCopy) {
		PUCHAR sva = NULL, dva = NULL;
		bool su, du;
		ULONG sn = nb_span(&s, BytesToCopy - done, &sva, &su);

		n = nb_span(&d, sn, &dva, &du);
		if (n == 0) {
			unmapped = su || du;
			break;
		}
		memmove(dva, sva, n);
		nb_advance(&s, n);
		nb_advance(&d, n);
		done += n;
	}
	*BytesCopied = done;
	/* documented: RESOURCES when an MDL could not be mapped */
	return unmapped ? NDIS_STATUS_RESOURCES : NDIS_STATUS_SUCCESS;
}

ULONG NdisQueryNetBufferPhysicalCount(PNET_BUFFER NetBuffer)
{
	ULONG count = 0, left, off;
	PMDL m;

	if (!NetBuffer)
		return 0;
	left = NetBuffer->DataLength;
	off = NetBuffer->CurrentMdlOffset;
	for (m = NetBuffer->CurrentMdl; m && left; m = m->Next, off = 0) {
		ULONG bytes = MmGetMdlByteCount(m);
		ULONG n;

		if (off >= bytes) {
			off -= bytes;
			continue;
		}
		n = bytes - off < left ? bytes - off : left;
		count += (ULONG)ADDRESS_AND_SIZE_TO_SPAN_PAGES(
			(PUCHAR)MmGetMdlVirtualAddress(m) + off, n);
		left -= n;
	}
	return count;
}

NDIS_HANDLE NdisGetPoolFromNetBuffer(PNET_BUFFER NetBuffer)
{
	return NetBuffer ? NetBuffer->NdisPoolHandle : NULL;
}

NDIS_HANDLE NdisGetPoolFromNetBufferList(PNET_BUFFER_LIST NetBufferList)
{
	return NetBufferList ? NetBufferList->NdisPoolHandle : NULL;
}
