/* net_buffer_pool.c — NET_BUFFER_LIST and NET_BUFFER pools (spec §13):
 * pools are tracked resources of their owner behind tagged handles; each
 * NBL / NB carries a hidden header and is linked into its pool, so freeing
 * a pool (or reclaiming it at halt) frees what is still out.
 */
#include "ndis/net_buffer_internal.h"

#include <string.h>

#include "platform/platform.h"

/* ---- pools ---------------------------------------------------------------- */

static void pool_free(struct nb_pool *p)
{
	struct kernel *k = p->k;

	if (p->handle)
		kernel_handle_retire(k, p->handle);
	kres_reclaim_all(&p->items, NULL, NULL);
	kres_list_destroy(&p->items);
	kernel_free(k, p);
}

static void pool_reclaim(struct kres *r)
{
	pool_free(NB_CONTAINER(r, struct nb_pool, res));
}

static bool header_ok(const NDIS_OBJECT_HEADER *h, USHORT min_size)
{
	return h->Type == NDIS_OBJECT_TYPE_DEFAULT && h->Revision >= 1 &&
	       h->Size >= min_size;
}

static NDIS_HANDLE pool_create(NDIS_HANDLE owner_handle, bool nbl, bool alloc_nb,
			       USHORT context_size, ULONG data_size,
			       const void *site)
{
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct nb_pool *p;

	if (!k || !ndis_check_irql(k, nbl ? "NdisAllocateNetBufferListPool" :
				   "NdisAllocateNetBufferPool", KIRQL_PASSIVE,
				   KIRQL_DISPATCH, site))
		return NULL;
	owner = ndis_owner_resources(owner_handle);
	p = kernel_zalloc(k, sizeof(*p), nbl ? "ndis.nbl_pool" : "ndis.nb_pool");
	if (!p)
		return NULL;
	p->k = k;
	p->nbl_pool = nbl;
	p->allocate_nb = alloc_nb;
	p->context_size = context_size;
	p->data_size = data_size;
	kres_list_init(&p->items, k);
	p->handle = kernel_handle_new(k, nbl ? HANDLE_NBL_POOL : HANDLE_NB_POOL, p);
	if (!p->handle) {
		pool_free(p);
		return NULL;
	}
	if (owner)
		kres_add(owner, &p->res, nbl ? "nbl-pool" : "nb-pool", site,
			 sizeof(*p), pool_reclaim);
	return p->handle;
}

static struct nb_pool *pool_of(NDIS_HANDLE h, bool nbl, const char *api,
			       const void *site)
{
	struct kernel *k = kernel_current();
	enum handle_error err = HANDLE_GARBAGE;
	struct nb_pool *p;
	struct vf_facts f = { 0 };

	if (!k)
		return NULL;
	p = kernel_handle_lookup(k, h, nbl ? HANDLE_NBL_POOL : HANDLE_NB_POOL, &err);
	if (p)
		return p;
	f.handle = h;
	f.irql = -1;
	f.call_site = site;
	vf_report(k->verifier, VF_HANDLE, &f, "%s: pool handle %p is a %s", api,
		  h, handle_error_name(err));
	return NULL;
}

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle,
					  PNET_BUFFER_LIST_POOL_PARAMETERS Parameters)
{
	const void *site = NDIS_CALLER();

	if (!Parameters ||
	    !header_ok(&Parameters->Header,
		       NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1))
		return NULL;
	return pool_create(NdisHandle, true, Parameters->fAllocateNetBuffer != 0,
			   Parameters->ContextSize,
			   Parameters->fAllocateNetBuffer ? Parameters->DataSize : 0,
			   site);
}

NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle,
				      PNET_BUFFER_POOL_PARAMETERS Parameters)
{
	const void *site = NDIS_CALLER();

	if (!Parameters ||
	    !header_ok(&Parameters->Header,
		       NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1))
		return NULL;
	return pool_create(NdisHandle, false, false, 0, Parameters->DataSize, site);
}

static void pool_release(NDIS_HANDLE h, bool nbl, const char *api,
			 const void *site)
{
	struct nb_pool *p = pool_of(h, nbl, api, site);

	if (!p)
		return;
	if (p->res.list)
		kres_remove(&p->res);
	pool_free(p);
}

VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle)
{
	pool_release(PoolHandle, true, "NdisFreeNetBufferListPool", NDIS_CALLER());
}

VOID NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle)
{
	pool_release(PoolHandle, false, "NdisFreeNetBufferPool", NDIS_CALLER());
}

/* ---- NET_BUFFERs ------------------------------------------------------------ */

static void nb_block_free(struct nb_block *b)
{
	struct kernel *k = b->pool->k;

	if (b->data_mdl)
		nb_mdl_free(b->data_mdl);
	b->magic = NB_MAGIC_DEAD;
	kernel_free(k, b);
}

static void nb_reclaim(struct kres *r)
{
	nb_block_free(NB_CONTAINER(r, struct nb_block, res));
}

static struct nb_block *nb_new(struct nb_pool *p, PMDL chain, ULONG offset,
			       SIZE_T length, bool embedded)
{
	struct nb_block *b = kernel_zalloc(p->k, sizeof(*b), "ndis.nb");

	if (!b)
		return NULL;
	b->magic = NB_MAGIC_NB;
	b->pool = p;
	b->embedded = embedded;
	if (p->data_size && !chain) {
		/* DataSize pools: a data buffer and its MDL come with the NB */
		b->data_mdl = nb_mdl_with_data(p->k, p->data_size, "ndis.nb_data");
		if (!b->data_mdl) {
			kernel_free(p->k, b);
			return NULL;
		}
		chain = b->data_mdl;
	}
	b->nb.MdlChain = chain;
	b->nb.DataOffset = offset;
	b->nb.DataLength = (ULONG)length;
	b->nb.NdisPoolHandle = p->handle;
	nb_seek(&b->nb);
	if (!embedded)
		kres_add(&p->items, &b->res, "net-buffer", NULL, sizeof(*b), nb_reclaim);
	return b;
}

PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain,
				  ULONG DataOffset, SIZE_T DataLength)
{
	struct nb_pool *p = pool_of(PoolHandle, false, "NdisAllocateNetBuffer",
				    NDIS_CALLER());
	struct nb_block *b;

	if (!p)
		return NULL;
	b = nb_new(p, MdlChain, DataOffset, DataLength, false);
	return b ? &b->nb : NULL;
}

VOID NdisFreeNetBuffer(PNET_BUFFER NetBuffer)
{
	struct nb_block *b = NetBuffer ? nb_block_of(NetBuffer) : NULL;

	if (!b || b->embedded)
		return;   /* embedded NBs go with their NBL */
	kres_remove(&b->res);
	nb_block_free(b);
}

/* ---- NET_BUFFER_LISTs -------------------------------------------------------- */

static void nbl_block_free(struct nbl_block *b)
{
	struct kernel *k = b->pool->k;

	if (b->own_nb)
		nb_block_free(b->own_nb);
	nbl_ctx_free_added(k, b);
	if (b->base_ctx)   /* out of band: nbl.Context is the driver's to change */
		kernel_free(k, b->base_ctx);
	b->magic = NB_MAGIC_DEAD;
	kernel_free(k, b);
}

static void nbl_reclaim(struct kres *r)
{
	nbl_block_free(NB_CONTAINER(r, struct nbl_block, res));
}

static bool nbl_context(struct nb_pool *p, struct nbl_block *b, USHORT size,
			USHORT backfill)
{
	size_t total = (size_t)size + backfill;
	PNET_BUFFER_LIST_CONTEXT c;

	if (!total)
		return true;
	c = kernel_zalloc(p->k, sizeof(*c) + total, "ndis.nbl_context");
	if (!c)
		return false;
	c->Size = (USHORT)(total > 0xFFFF ? 0xFFFF : total);
	c->Offset = backfill;
	b->nbl.Context = c;
	b->base_ctx = c;
	return true;
}

static PNET_BUFFER_LIST nbl_new(struct nb_pool *p, USHORT ctx, USHORT backfill,
				bool with_nb, PMDL chain, ULONG offset,
				SIZE_T length)
{
	struct nbl_block *b = kernel_zalloc(p->k, sizeof(*b), "ndis.nbl");

	if (!b)
		return NULL;
	b->magic = NB_MAGIC_NBL;
	b->pool = p;
	b->nbl.NdisPoolHandle = p->handle;
	if (!nbl_context(p, b, ctx, backfill) ||
	    (with_nb && !(b->own_nb = nb_new(p, chain, offset, length, true)))) {
		nbl_block_free(b);
		return NULL;
	}
	if (b->own_nb)
		b->nbl.FirstNetBuffer = &b->own_nb->nb;
	kres_add(&p->items, &b->res, "net-buffer-list", NULL, sizeof(*b), nbl_reclaim);
	return &b->nbl;
}

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(
	NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill,
	PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength)
{
	struct nb_pool *p = pool_of(PoolHandle, true,
				    "NdisAllocateNetBufferAndNetBufferList",
				    NDIS_CALLER());

	if (!p || !p->allocate_nb)
		return NULL;   /* documented: the pool must have fAllocateNetBuffer */
	return nbl_new(p, ContextSize, ContextBackFill, true, MdlChain,
		       DataOffset, DataLength);
}

PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle,
					   USHORT ContextSize,
					   USHORT ContextBackFill)
{
	struct nb_pool *p = pool_of(PoolHandle, true, "NdisAllocateNetBufferList",
				    NDIS_CALLER());

	if (!p)
		return NULL;
	return nbl_new(p, ContextSize, ContextBackFill, false, NULL, 0, 0);
}

VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList)
{
	struct kernel *k = kernel_current();
	enum handle_error err;
	struct nbl_block *b;

	if (!NetBufferList || !k ||
	    !kernel_handle_lookup(k, NetBufferList->NdisPoolHandle,
				  HANDLE_NBL_POOL, &err))
		return;
	b = NB_CONTAINER(NetBufferList, struct nbl_block, nbl);
	if (b->magic != NB_MAGIC_NBL)
		return;
	kres_remove(&b->res);
	nbl_block_free(b);
}
