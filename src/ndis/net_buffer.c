/* net_buffer.c — MDLs and the NET_BUFFER data window (spec §3, §13):
 * NdisAllocateMdl / NdisFreeMdl, NdisAdvanceNetBufferDataStart,
 * NdisRetreatNetBufferDataStart, NdisGetDataBuffer.
 *
 * An MDL records its page frame numbers when it is built, from the
 * platform (spec §3): list building reads them, no per-packet translation.
 */
#include "ndis/net_buffer_internal.h"

#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"
#include "verifier/pa_origin.h"

#define MDL_FLAGS_NDISDMA \
	(MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA | \
	 MDL_ALLOCATED_FIXED_SIZE)

static size_t span_pages(const void *va, size_t len)
{
	uintptr_t off = (uintptr_t)va & (PLATFORM_PAGE_SIZE - 1);

	return (off + len + PLATFORM_PAGE_SIZE - 1) / PLATFORM_PAGE_SIZE;
}

/* Build the MDL over [va, va + len) with its PFNs; NULL on failure. */
static struct mdl_block *mdl_build(struct kernel *k, void *va, size_t len,
				   const char *site)
{
	size_t pages = span_pages(va, len);
	size_t bytes = sizeof(struct mdl_block) + sizeof(PFN_NUMBER) * pages;
	struct mdl_block *b;
	uint64_t *pfns;

	b = kernel_zalloc(k, bytes, site);
	if (!b)
		return NULL;
	pfns = (uint64_t *)MmGetMdlPfnArray(&b->mdl);
	if (pages && platform_pfns(k->platform, va, len, pfns) != 0) {
		kernel_free(k, b);
		return NULL;
	}
	b->k = k;
	b->magic = NB_MAGIC_MDL;
	b->mdl.Size = (CSHORT)(sizeof(MDL) + sizeof(PFN_NUMBER) * pages > 0x7FFF ?
			       0x7FFF : sizeof(MDL) + sizeof(PFN_NUMBER) * pages);
	b->mdl.MdlFlags = MDL_FLAGS_NDISDMA;
	b->mdl.StartVa = (PVOID)((uintptr_t)va & ~(uintptr_t)(PLATFORM_PAGE_SIZE - 1));
	b->mdl.ByteOffset = (ULONG)((uintptr_t)va & (PLATFORM_PAGE_SIZE - 1));
	b->mdl.ByteCount = (ULONG)len;
	b->mdl.MappedSystemVa = va;
	return b;
}

struct mdl_block *mdl_block_of(PMDL m)
{
	struct mdl_block *b = NB_CONTAINER(m, struct mdl_block, mdl);

	return b->magic == NB_MAGIC_MDL ? b : NULL;
}

static void mdl_block_free(struct mdl_block *b)
{
	struct kernel *k = b->k;

	b->magic = NB_MAGIC_DEAD;
	if (b->owns_data) {
		platform_forget(k->platform, b->data, b->data_bytes);
		free(b->data);
		kernel_count(k, &k->stats.frees, 1);
	}
	kernel_free(k, b);
}

static void mdl_reclaim(struct kres *r)
{
	mdl_block_free(NB_CONTAINER(r, struct mdl_block, res));
}

PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct mdl_block *b;
	struct vf_facts f = { 0 };

	if (!k || !ndis_check_irql(k, "NdisAllocateMdl", KIRQL_PASSIVE,
				   KIRQL_DISPATCH, site))
		return NULL;
	owner = ndis_owner_resources(NdisHandle);
	if (!owner) {
		f.handle = NdisHandle;
		f.irql = -1;
		f.call_site = site;
		vf_report(k->verifier, VF_HANDLE, &f,
			  "NdisAllocateMdl: %p is not an adapter or driver handle",
			  NdisHandle);
		return NULL;
	}
	if (!VirtualAddress || !Length)
		return NULL;
	b = mdl_build(k, VirtualAddress, Length, "ndis.mdl");
	if (!b)
		return NULL;
	kres_add(owner, &b->res, "mdl", site,
		 sizeof(MDL) + sizeof(PFN_NUMBER) * span_pages(VirtualAddress, Length),
		 mdl_reclaim);
	/* spec §11: its PFN array holds physical addresses a miniport could
	 * hand its device (DMA-NOT-REMAPPABLE names this call); IOMMU on only */
	if (k->pa_origins)
		pa_origin_note_pfns(k->pa_origins, (const uint64_t *)MmGetMdlPfnArray(&b->mdl),
				    span_pages(VirtualAddress, Length),
				    "NdisAllocateMdl (an MDL's PFN array, MmGetMdlPfnArray)", site);
	return &b->mdl;
}

VOID NdisFreeMdl(PMDL Mdl)
{
	struct mdl_block *b;

	if (!Mdl)
		return;
	b = mdl_block_of(Mdl);
	if (!b)
		return;   /* not an MDL ndisdma built: nothing of ours to free */
	if (b->res.list)
		kres_remove(&b->res);
	mdl_block_free(b);
}

PMDL nb_mdl_with_data(struct kernel *k, size_t bytes, const char *site)
{
	void *data;
	struct mdl_block *b;

	if (kernel_fault(k, site))
		return NULL;
	data = aligned_alloc(PLATFORM_PAGE_SIZE,
			     (bytes + PLATFORM_PAGE_SIZE - 1) & ~(size_t)(PLATFORM_PAGE_SIZE - 1));
	if (!data)
		return NULL;
	kernel_count(k, &k->stats.allocations, 1);
	memset(data, 0, bytes);
	b = mdl_build(k, data, bytes, site);
	if (!b) {
		free(data);
		kernel_count(k, &k->stats.frees, 1);
		return NULL;
	}
	b->owns_data = 1;
	b->data = data;
	b->data_bytes = bytes;
	return &b->mdl;
}

void nb_mdl_free(PMDL m)
{
	struct mdl_block *b = m ? mdl_block_of(m) : NULL;

	if (b)
		mdl_block_free(b);
}

/* ---- the data window ------------------------------------------------------ */

bool nb_seek(PNET_BUFFER nb)
{
	ULONG off = nb->DataOffset;
	PMDL m = nb->MdlChain;

	/* the first MDL holding a data byte; at the chain end stop at the
	 * last MDL with the offset at its end */
	while (m && off >= m->ByteCount && (m->Next || off > m->ByteCount)) {
		off -= m->ByteCount;
		m = m->Next;
	}
	nb->CurrentMdl = m;
	nb->CurrentMdlOffset = m ? off : 0;
	return m != NULL || (nb->DataOffset == 0 && nb->DataLength == 0);
}

struct nb_block *nb_block_of(PNET_BUFFER nb)
{
	struct kernel *k = kernel_current();
	enum handle_error err;
	struct nb_block *b;

	/* only NBs from our pools carry the hidden header */
	if (!k || !nb->NdisPoolHandle ||
	    (!kernel_handle_lookup(k, nb->NdisPoolHandle, HANDLE_NB_POOL, &err) &&
	     !kernel_handle_lookup(k, nb->NdisPoolHandle, HANDLE_NBL_POOL, &err)))
		return NULL;
	b = NB_CONTAINER(nb, struct nb_block, nb);
	return b->magic == NB_MAGIC_NB ? b : NULL;
}

VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta,
				   BOOLEAN FreeMdl,
				   NET_BUFFER_FREE_MDL_HANDLER FreeMdlHandler)
{
	struct nb_block *b;

	if (!NetBuffer || DataOffsetDelta > NetBuffer->DataLength)
		return;
	NetBuffer->DataOffset += DataOffsetDelta;
	NetBuffer->DataLength -= DataOffsetDelta;
	nb_seek(NetBuffer);
	b = FreeMdl ? nb_block_of(NetBuffer) : NULL;
	/* free the MDLs retreat allocated that no byte of data uses now */
	while (b && b->retreat_mdls && NetBuffer->MdlChain != NetBuffer->CurrentMdl) {
		PMDL m = NetBuffer->MdlChain;

		NetBuffer->MdlChain = m->Next;
		NetBuffer->DataOffset -= m->ByteCount;
		b->retreat_mdls--;
		if (FreeMdlHandler)
			FreeMdlHandler(m);
		else
			nb_mdl_free(m);
	}
}

NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer,
					  ULONG DataOffsetDelta, ULONG DataBackFill,
					  NET_BUFFER_ALLOCATE_MDL_HANDLER AllocateMdlHandler)
{
	struct kernel *k = kernel_current();
	struct nb_block *b;
	ULONG need, size;
	PMDL m;

	if (!NetBuffer || !k)
		return NDIS_STATUS_FAILURE;
	if (DataOffsetDelta <= NetBuffer->DataOffset) {
		/* documented: use the backfill space in place */
		NetBuffer->DataOffset -= DataOffsetDelta;
		NetBuffer->DataLength += DataOffsetDelta;
		nb_seek(NetBuffer);
		return NDIS_STATUS_SUCCESS;
	}
	need = DataOffsetDelta - NetBuffer->DataOffset;
	size = need + DataBackFill;
	m = AllocateMdlHandler ? AllocateMdlHandler(&size)
			       : nb_mdl_with_data(k, size, "ndis.retreat_mdl");
	if (!m || m->ByteCount < need)
		return NDIS_STATUS_RESOURCES;
	size = m->ByteCount;
	m->Next = NetBuffer->MdlChain;
	NetBuffer->MdlChain = m;
	NetBuffer->DataOffset = size - need;
	NetBuffer->DataLength += DataOffsetDelta;
	nb_seek(NetBuffer);
	b = nb_block_of(NetBuffer);
	if (b)
		b->retreat_mdls++;
	return NDIS_STATUS_SUCCESS;
}

static char *mdl_va(PMDL m)
{
	return MmGetSystemAddressForMdlSafe(m, NormalPagePriority);
}

static bool aligned_as(const void *p, UINT multiple, UINT offset)
{
	return multiple <= 1 || (uintptr_t)p % multiple == offset % multiple;
}

PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage,
			UINT AlignMultiple, UINT AlignOffset)
{
	PMDL m;
	ULONG off, done = 0;
	char *p;

	if (!NetBuffer || !BytesNeeded || BytesNeeded > NetBuffer->DataLength ||
	    !NetBuffer->CurrentMdl)
		return NULL;
	m = NetBuffer->CurrentMdl;
	off = NetBuffer->CurrentMdlOffset;
	p = mdl_va(m);
	/* contiguous in the current MDL and aligned: a direct pointer */
	if (p && off + (uint64_t)BytesNeeded <= m->ByteCount &&
	    aligned_as(p + off, AlignMultiple, AlignOffset))
		return p + off;
	if (!Storage)
		return NULL;
	for (; m && done < BytesNeeded; m = m->Next, off = 0) {
		ULONG n = m->ByteCount > off ? m->ByteCount - off : 0;

		if (n > BytesNeeded - done)
			n = BytesNeeded - done;
		if (n && !(p = mdl_va(m)))
			return NULL;
		if (n)
			memcpy((char *)Storage + done, p + off, n);
		done += n;
	}
	return done == BytesNeeded ? Storage : NULL;
}
