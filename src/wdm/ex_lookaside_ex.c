/* ex_lookaside_ex.c — LOOKASIDE_LIST_EX (facts §2.2): the Win Vista+ form
 * with a pool type, validated Flags and callbacks that get the list. */
#include "wdm/wdm_lookaside.h"

#define LOOKASIDE_EX_FLAGS (EX_LOOKASIDE_LIST_EX_FLAGS_RAISE_ON_FAIL | \
			    EX_LOOKASIDE_LIST_EX_FLAGS_FAIL_NO_RAISE)

/* The IRQL the list's pool allows (paged: APC_LEVEL). */
static KIRQL max_irql(const LOOKASIDE_LIST_EX *L)
{
	bool paged = false, aligned;

	if (L && !pool_type_decode(L->L.Type, &paged, &aligned))
		paged = false;
	return paged ? KIRQL_APC : KIRQL_DISPATCH;
}

NTSTATUS ExInitializeLookasideListEx(PLOOKASIDE_LIST_EX Lookaside,
				     PALLOCATE_FUNCTION_EX Allocate, PFREE_FUNCTION_EX Free,
				     POOL_TYPE PoolType, ULONG Flags, SIZE_T Size, ULONG Tag,
				     USHORT Depth)
{
	const void *site = WDM_CALLER();
	const char *api = "ExInitializeLookasideListEx";
	struct kernel *k = kernel_current();
	struct la_params p = { LA_EX, (PVOID)Allocate, (PVOID)Free, PoolType, Size, Tag, site };
	bool paged, aligned;

	if (!k)
		return STATUS_UNSUCCESSFUL;
	if (!pool_type_decode(PoolType, &paged, &aligned))
		return STATUS_INVALID_PARAMETER_4;
	if ((Flags & ~(ULONG)LOOKASIDE_EX_FLAGS) || Flags == LOOKASIDE_EX_FLAGS)
		return STATUS_INVALID_PARAMETER_5;
	wdm_check_irql(k, api, KIRQL_PASSIVE, paged ? KIRQL_APC : KIRQL_DISPATCH, site);
	if (!Lookaside) {
		la_allocate(k, NULL, LA_EX, api, site);   /* reports the NULL list */
		return STATUS_INVALID_PARAMETER;
	}
	la_init(k, &Lookaside->L, sizeof(*Lookaside), &p);
	return STATUS_SUCCESS;
}

PVOID ExAllocateFromLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k || !wdm_check_irql(k, "ExAllocateFromLookasideListEx", KIRQL_PASSIVE,
				  max_irql(Lookaside), site))
		return NULL;
	return la_allocate(k, Lookaside ? &Lookaside->L : NULL, LA_EX,
			   "ExAllocateFromLookasideListEx", site);
}

VOID ExFreeToLookasideListEx(PLOOKASIDE_LIST_EX Lookaside, PVOID Entry)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExFreeToLookasideListEx", KIRQL_PASSIVE, max_irql(Lookaside), site);
	la_free(k, Lookaside ? &Lookaside->L : NULL, LA_EX, Entry, "ExFreeToLookasideListEx",
		site);
}

VOID ExDeleteLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExDeleteLookasideListEx", KIRQL_PASSIVE, max_irql(Lookaside), site);
	la_delete(k, Lookaside ? &Lookaside->L : NULL, LA_EX, "ExDeleteLookasideListEx", site);
}

VOID ExFlushLookasideListEx(PLOOKASIDE_LIST_EX Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExFlushLookasideListEx", KIRQL_PASSIVE, max_irql(Lookaside), site);
	la_flush(k, Lookaside ? &Lookaside->L : NULL, LA_EX, "ExFlushLookasideListEx", site);
}
