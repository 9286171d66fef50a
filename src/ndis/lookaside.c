/* lookaside.c — the NDIS lookaside lists (facts §2.2) and the shared-data
 * alignment.  An NDIS lookaside list is an Ex one (src/wdm/ex_lookaside.c):
 * these routines check their IRQL and call the same core under their own
 * names, so reports name the routine the driver called.
 */
#include "ndis/ndis_internal.h"
#include "wdm/wdm_lookaside.h"

#define NP(list) ((GENERAL_LOOKASIDE_POOL *)(void *)&(list)->L)

/* Flags and Depth must be 0 (facts §2.2): any other value is ignored, as
 * the Ex form ignores Depth. */
VOID NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
				       PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
				       ULONG Flags, ULONG Size, ULONG Tag, USHORT Depth)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisInitializeNPagedLookasideList";
	struct kernel *k = kernel_current();
	struct la_params p = { LA_NDIS, (PVOID)Allocate, (PVOID)Free, NonPagedPool, Size,
			       Tag, site };

	if (!k)
		return;
	ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	if (!Lookaside) {
		la_allocate(k, NULL, LA_NDIS, api, site);   /* reports the NULL list */
		return;
	}
	la_init(k, NP(Lookaside), sizeof(*Lookaside), &p);
}

PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (!k || !ndis_check_irql(k, "NdisAllocateFromNPagedLookasideList", KIRQL_PASSIVE,
				   KIRQL_DISPATCH, site))
		return NULL;
	return la_allocate(k, Lookaside ? NP(Lookaside) : NULL, LA_NDIS,
			   "NdisAllocateFromNPagedLookasideList", site);
}

VOID NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	ndis_check_irql(k, "NdisFreeToNPagedLookasideList", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	la_free(k, Lookaside ? NP(Lookaside) : NULL, LA_NDIS, Entry,
		"NdisFreeToNPagedLookasideList", site);
}

VOID NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	ndis_check_irql(k, "NdisDeleteNPagedLookasideList", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	la_delete(k, Lookaside ? NP(Lookaside) : NULL, LA_NDIS,
		  "NdisDeleteNPagedLookasideList", site);
}

/* A cache line on every machine ndisdma runs (x86-64: 64 bytes); fixed, so
 * a run does not depend on the host. */
ULONG NdisGetSharedDataAlignment(VOID)
{
	ndis_check_irql(kernel_current(), "NdisGetSharedDataAlignment", KIRQL_PASSIVE,
			KIRQL_DISPATCH, NDIS_CALLER());
	return SYSTEM_CACHE_ALIGNMENT_SIZE;
}
