/* memory.c — NdisAllocateMemoryWithTagPriority / NdisFreeMemory.
 *
 * Each block carries a header in front of it that links it into its
 * owner's resource list (adapter or driver), so a halt or a failed
 * initialization reports what the miniport forgot to free (RES-LEAK) and
 * reclaims it.
 */
#include "ndis/ndis_internal.h"

#include <stddef.h>
#include <string.h>

#define MEMORY_MAGIC 0x4D454D4E44495321ull   /* "!SIDNMEM" */
#define MEMORY_FREED 0x4445455246444E21ull

struct memory_block {
	uint64_t magic;
	struct kernel *k;
	struct kres res;
	ULONG tag;
	UINT length;
	_Alignas(16) unsigned char data[];
};

static void memory_reclaim(struct kres *r)
{
	struct memory_block *b = (struct memory_block *)
		((char *)r - offsetof(struct memory_block, res));

	b->magic = MEMORY_FREED;
	kernel_free(b->k, b);
}

PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length,
					ULONG Tag, EX_POOL_PRIORITY Priority)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct memory_block *b;

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
	b = kernel_alloc(k, sizeof(*b) + Length, "ndis.memory");
	if (!b)
		return NULL;   /* documented failure: NULL */
	b->magic = MEMORY_MAGIC;
	b->k = k;
	b->tag = Tag;
	b->length = Length;
	/* Not zeroed on Windows: a fixed pattern keeps runs deterministic
	 * and makes use of uninitialised pool visible. */
	memset(b->data, 0xCD, Length);
	kres_add(owner, &b->res, "memory", site, Length, memory_reclaim);
	return b->data;
}

static void memory_free(PVOID VirtualAddress, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct memory_block *b;
	struct vf_facts f = { 0 };

	if (!VirtualAddress)
		return;
	ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	b = (struct memory_block *)((char *)VirtualAddress -
				    offsetof(struct memory_block, data));
	if (b->magic != MEMORY_MAGIC) {
		if (k) {
			f.handle = VirtualAddress;
			f.irql = -1;
			f.call_site = site;
			vf_report(k->verifier, VF_HANDLE, &f,
				  "%s: %p is %s", api, VirtualAddress,
				  b->magic == MEMORY_FREED ?
				  "already freed" :
				  "not a block from NdisAllocateMemoryWithTagPriority");
		}
		return;
	}
	kres_remove(&b->res);
	memory_reclaim(&b->res);
}

VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags)
{
	memory_free(VirtualAddress, "NdisFreeMemory", NDIS_CALLER());
}

/* NDIS 6.30: the handle and tag of the allocation are passed back; the
 * block itself knows its owner, so they are not needed to free it. */
VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress,
				   ULONG Tag)
{
	memory_free(VirtualAddress, "NdisFreeMemoryWithTagPriority", NDIS_CALLER());
}
