/* nbl_context.c — NET_BUFFER_LIST context space on demand:
 * NdisAllocateNetBufferListContext / NdisFreeNetBufferListContext.
 *
 * An NBL's context is a stack: allocation takes ContextSize bytes in front
 * of the current data start (Context->Offset moves down) when the current
 * area has that much room below its Offset; otherwise a new area of
 * ContextSize + ContextBackFill bytes goes in front, its Next the previous
 * area.  Freeing gives the bytes back (Offset moves up) and an added area
 * that is empty again goes away.  The areas ndisdma added are kept out of
 * band (net_buffer_internal.h, nbl_ctx_block), so what it frees never
 * depends on pointers the driver may have changed; freeing the NBL frees
 * whatever is still there.
 */
#include "ndis/net_buffer_internal.h"

#include <string.h>

/* The ndisdma NBL behind nbl, or NULL (reported). */
static struct nbl_block *nbl_of(PNET_BUFFER_LIST nbl, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	enum handle_error err = HANDLE_GARBAGE;
	struct nbl_block *b;

	if (!k)
		return NULL;
	if (nbl && kernel_handle_lookup(k, nbl->NdisPoolHandle, HANDLE_NBL_POOL, &err)) {
		b = NB_CONTAINER(nbl, struct nbl_block, nbl);
		if (b->magic == NB_MAGIC_NBL)
			return b;
	}
	vf_report(k->verifier, VF_HANDLE,
		  &(struct vf_facts){ .handle = nbl, .irql = -1, .call_site = site },
		  "%s: %p is not a NET_BUFFER_LIST allocated from an NDIS pool", api,
		  (void *)nbl);
	return NULL;
}

NDIS_STATUS NdisAllocateNetBufferListContext(PNET_BUFFER_LIST NetBufferList,
					     USHORT ContextSize, USHORT ContextBackFill,
					     ULONG PoolTag)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisAllocateNetBufferListContext";
	struct kernel *k = kernel_current();
	PNET_BUFFER_LIST_CONTEXT c;
	struct nbl_ctx_block *x;
	struct nbl_block *b;
	size_t total;

	(void)PoolTag;   /* the context is counted with the NBL's pool */
	if (!ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NDIS_STATUS_FAILURE;
	if (!(b = nbl_of(NetBufferList, api, site)))
		return NDIS_STATUS_INVALID_PARAMETER;
	/* documented: both sizes are multiples of MEMORY_ALLOCATION_ALIGNMENT,
	 * so the context data start stays aligned */
	if (ContextSize % MEMORY_ALLOCATION_ALIGNMENT || ContextBackFill % MEMORY_ALLOCATION_ALIGNMENT)
		return NDIS_STATUS_INVALID_PARAMETER;
	c = NetBufferList->Context;
	if (c && c->Offset >= ContextSize) {
		c->Offset = (USHORT)(c->Offset - ContextSize);
		memset(c->ContextData + c->Offset, 0, ContextSize);
		return NDIS_STATUS_SUCCESS;
	}
	total = (size_t)ContextSize + ContextBackFill;
	if (total > 0xFFFF)
		return NDIS_STATUS_INVALID_PARAMETER;   /* Size is a USHORT */
	x = kernel_zalloc(k, sizeof(*x) + total, "ndis.nbl_context");
	if (!x)
		return NDIS_STATUS_RESOURCES;
	x->magic = NB_MAGIC_CTX;
	x->below = b->added_ctx;
	x->prior = c;
	x->ctx.Next = c;
	x->ctx.Size = (USHORT)total;
	x->ctx.Offset = ContextBackFill;
	b->added_ctx = x;
	NetBufferList->Context = &x->ctx;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisFreeNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisFreeNetBufferListContext";
	struct kernel *k = kernel_current();
	PNET_BUFFER_LIST_CONTEXT c;
	struct nbl_ctx_block *x;
	struct nbl_block *b;

	ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	if (!(b = nbl_of(NetBufferList, api, site)))
		return;
	c = NetBufferList->Context;
	if (!c || (uint32_t)c->Offset + ContextSize > c->Size) {
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .handle = NetBufferList, .irql = -1, .call_site = site },
			  "%s: the NET_BUFFER_LIST holds fewer than the %u context bytes freed "
			  "(frees must match allocations, last first)", api, (unsigned)ContextSize);
		return;
	}
	c->Offset = (USHORT)(c->Offset + ContextSize);
	x = b->added_ctx;
	if (x && c == &x->ctx && c->Offset == c->Size) {
		/* an area ndisdma added, empty again: the one below is current */
		NetBufferList->Context = x->prior;
		b->added_ctx = x->below;
		x->magic = NB_MAGIC_DEAD;
		kernel_free(k, x);
	}
}

void nbl_ctx_free_added(struct kernel *k, struct nbl_block *b)
{
	while (b->added_ctx) {
		struct nbl_ctx_block *x = b->added_ctx;

		b->added_ctx = x->below;
		x->magic = NB_MAGIC_DEAD;
		kernel_free(k, x);
	}
}
