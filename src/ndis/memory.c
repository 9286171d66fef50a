/* memory.c — NdisAllocateMemoryWithTagPriority / NdisFreeMemory (facts
 * §2.1) on the machine's pool (src/wdm/wdm_pool.h): one block format with
 * ExAllocatePool*, so either family's memory may be freed by either, as
 * Windows allows.
 *
 * NDIS memory also sits on its owner's resource list (the adapter or the
 * driver of the handle), so a halt or a failed initialization reports what
 * the miniport forgot to free (RES-LEAK) and reclaims it.
 */
#include "ndis/ndis_internal.h"
#include "wdm/wdm_pool.h"

#include <stddef.h>

static void memory_reclaim(struct kres *r)
{
	struct pool_block *b = (struct pool_block *)
		((char *)r - offsetof(struct pool_block, res));

	/* a free by the driver racing with the reclaim: one of them wins */
	if (pool_take_block(b->k, b))
		pool_release(b->k, b, NULL);
}

PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length,
					ULONG Tag, EX_POOL_PRIORITY Priority)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct pool_request rq = { 0 };
	struct kres_list *owner;
	struct pool_block *b;
	PVOID va;

	if (!ndis_check_irql(k, "NdisAllocateMemoryWithTagPriority",
			     KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NULL;
	owner = ndis_owner_resources(NdisHandle);
	if (!owner) {
		/* reports HANDLE with the reason */
		ndis_adapter_from_handle(NdisHandle,
					 "NdisAllocateMemoryWithTagPriority", site);
		return NULL;
	}
	if (Length == 0)
		return NULL;
	rq.size = Length;
	rq.tag = Tag;
	rq.family = POOL_NDIS;
	rq.owned = true;
	rq.site = site;
	rq.fault_point = "ndis.memory";
	/* Not zeroed on Windows: pool_alloc's fixed pattern keeps runs
	 * deterministic and makes use of uninitialised memory visible. */
	va = pool_alloc(k, &rq, &b);
	if (!va)
		return NULL;   /* documented failure: NULL */
	kres_add(owner, &b->res, "memory", site, Length, memory_reclaim);
	return va;
}

static void memory_free(PVOID VirtualAddress, bool check_tag, ULONG Tag,
			const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct pool_free f = { 0 };
	struct pool_block *b;

	if (!VirtualAddress || !k)
		return;
	ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	f.api = api;
	f.site = site;
	f.families = POOL_BIT(POOL_NDIS) | POOL_BIT(POOL_EX);
	f.check_tag = check_tag;
	f.tag = Tag;
	b = pool_take(k, VirtualAddress, &f);   /* else POOL-FREE-BAD */
	if (!b)
		return;
	if (b->owned)
		kres_remove(&b->res);
	pool_release(k, b, site);
}

/* MemoryFlags is 0 for NdisAllocateMemoryWithTagPriority memory; Length is
 * then ignored (facts §2.1). */
VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags)
{
	memory_free(VirtualAddress, false, 0, "NdisFreeMemory", NDIS_CALLER());
}

/* NDIS 6.20+: the tag of the allocation is passed back and checked; the
 * block itself knows its owner, so the handle is not needed to free it. */
VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress,
				   ULONG Tag)
{
	memory_free(VirtualAddress, true, Tag, "NdisFreeMemoryWithTagPriority",
		    NDIS_CALLER());
}
