/* net_buffer_internal.h — out-of-band headers of the MDLs, NET_BUFFERs and
 * NET_BUFFER_LISTs ndisdma allocates (spec §3, §13).  Each object is
 * preceded in memory by a hidden header ndisdma owns: the owner, the
 * resource record, and what was allocated along with it.
 */
#ifndef NDISDMA_NET_BUFFER_INTERNAL_H
#define NDISDMA_NET_BUFFER_INTERNAL_H

#include "ndis/ndis_internal.h"

#define NB_MAGIC_MDL 0x4D444C21u   /* "MDL!" */
#define NB_MAGIC_NB 0x4E424621u
#define NB_MAGIC_NBL 0x4E424C21u
#define NB_MAGIC_CTX 0x4E424358u   /* "NBCX" */
#define NB_MAGIC_DEAD 0xDEADDEADu

/* An MDL ndisdma built: header, then MDL, then its PFN array. */
struct mdl_block {
	struct kres res;           /* in the owner's resources (or none) */
	struct kernel *k;
	uint32_t magic;
	uint32_t owns_data;        /* data buffer allocated with the MDL */
	void *data;
	size_t data_bytes;
	MDL mdl;                   /* followed by PFN_NUMBER[pages] */
};

struct nb_pool {
	struct kres res;           /* in the owner's resources */
	struct kernel *k;
	void *handle;              /* tagged HANDLE_NBL_POOL / HANDLE_NB_POOL */
	bool nbl_pool;
	bool allocate_nb;          /* fAllocateNetBuffer */
	USHORT context_size;
	ULONG data_size;
	struct kres_list items;    /* outstanding NBLs / NBs */
};

struct nb_block {
	struct kres res;           /* in the pool's items, unless embedded */
	uint32_t magic;
	uint32_t embedded;         /* allocated with its NBL */
	struct nb_pool *pool;
	PMDL data_mdl;             /* DataSize pools: the NB's own buffer */
	uint32_t retreat_mdls;     /* MDLs at the chain head allocated by retreat */
	NET_BUFFER nb;
};

/* A context area NdisAllocateNetBufferListContext added in front of an
 * NBL's (nbl_context.c): kept out of band, never found through the
 * driver-writable Context/Next pointers. */
struct nbl_ctx_block {
	uint32_t magic;                  /* NB_MAGIC_CTX */
	struct nbl_ctx_block *below;     /* the one added before it */
	PNET_BUFFER_LIST_CONTEXT prior;  /* nbl.Context when it was added */
	NET_BUFFER_LIST_CONTEXT ctx;     /* followed by its ContextData */
};

struct nbl_block {
	struct kres res;           /* in the pool's items */
	uint32_t magic;
	struct nb_pool *pool;
	struct nb_block *own_nb;   /* fAllocateNetBuffer */
	PNET_BUFFER_LIST_CONTEXT base_ctx;  /* allocated with the NBL (or NULL) */
	struct nbl_ctx_block *added_ctx;    /* top of the added ones (or NULL) */
	NET_BUFFER_LIST nbl;
};

#define NB_CONTAINER(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

/* net_buffer.c */
struct mdl_block *mdl_block_of(PMDL m);
/* An MDL over a fresh zeroed data buffer of `bytes` (not owner-tracked). */
PMDL nb_mdl_with_data(struct kernel *k, size_t bytes, const char *site);
void nb_mdl_free(PMDL m);
struct nb_block *nb_block_of(PNET_BUFFER nb);
/* Set CurrentMdl / CurrentMdlOffset from MdlChain and DataOffset. */
bool nb_seek(PNET_BUFFER nb);

/* nbl_context.c: frees every context area NdisAllocateNetBufferListContext
 * added to b (when the NBL itself is freed). */
void nbl_ctx_free_added(struct kernel *k, struct nbl_block *b);

#endif
