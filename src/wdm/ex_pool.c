/* ex_pool.c — ExAllocatePool* and ExFreePool* (facts §2.1) over the
 * machine's pool table (wdm_pool.h).
 *
 * IRQL: nonpaged pool at <= DISPATCH_LEVEL, paged at <= APC_LEVEL (an
 * allocation at the wrong IRQL is reported and fails).  A zero-byte request
 * or an invalid POOL_TYPE is POOL-BAD-ALLOC (Driver Verifier flags both); a
 * zero-byte request still gets a valid block, as on Windows.  ndisdma has
 * no structured exceptions: POOL_RAISE_IF_ALLOCATION_FAILURE and
 * POOL_FLAG_RAISE_ON_FAILURE return NULL like the other forms.
 */
#include "wdm/wdm_pool.h"

#define TAG_NONE 0x656E6F4Eu   /* 'enoN': ExAllocatePool's tag, "None" */

#define POOL_TYPE_MODIFIERS (POOL_QUOTA_FAIL_INSTEAD_OF_RAISE | \
			     POOL_RAISE_IF_ALLOCATION_FAILURE | \
			     POOL_COLD_ALLOCATION | POOL_NX_ALLOCATION)
#define POOL_SESSION_BASE 32

bool pool_type_decode(POOL_TYPE type, bool *paged, bool *cache_aligned)
{
	unsigned t = (unsigned)type & ~(unsigned)POOL_TYPE_MODIFIERS;

	if ((int)type < 0)
		return false;
	if (t >= POOL_SESSION_BASE)
		t -= POOL_SESSION_BASE;
	/* NonPagedPool .. NonPagedPoolCacheAlignedMustS, but DontUseThisType */
	if (t >= MaxPoolType || t == DontUseThisType)
		return false;
	*paged = t & 1;                 /* PagedPool, PagedPoolCacheAligned */
	*cache_aligned = t >= NonPagedPoolCacheAligned;
	return true;
}

void pool_report_bad_alloc(struct kernel *k, const char *api, const void *site,
			   const char *what, long long value)
{
	struct vf_facts f = { 0 };

	f.irql = kernel_irql();
	f.call_site = site;
	vf_report(k->verifier, VF_POOL_BAD_ALLOC, &f, "%s: %s (%lld)", api, what, value);
}

struct ex_request {
	bool paged, zero, cache_aligned;
};

static PVOID ex_allocate(struct kernel *k, const struct ex_request *x, SIZE_T bytes,
			 ULONG tag, const char *api, const void *site)
{
	struct pool_request rq = { 0 };
	struct pool_block *b;

	if (!wdm_check_irql(k, api, KIRQL_PASSIVE, x->paged ? KIRQL_APC : KIRQL_DISPATCH,
			    site))
		return NULL;
	if (bytes == 0)
		pool_report_bad_alloc(k, api, site, "zero bytes requested", 0);
	rq.size = bytes;
	rq.tag = tag;
	rq.family = POOL_EX;
	rq.paged = x->paged;
	rq.zero = x->zero;
	rq.cache_aligned = x->cache_aligned;
	rq.site = site;
	rq.fault_point = "ex.pool";
	return pool_alloc(k, &rq, &b);
}

static PVOID ex_allocate_typed(POOL_TYPE type, SIZE_T bytes, ULONG tag, bool zero,
			       const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct ex_request x = { .zero = zero };

	if (!k)
		return NULL;
	if (!pool_type_decode(type, &x.paged, &x.cache_aligned)) {
		pool_report_bad_alloc(k, api, site, "invalid POOL_TYPE", (long long)type);
		return NULL;
	}
	return ex_allocate(k, &x, bytes, tag, api, site);
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	return ex_allocate_typed(PoolType, NumberOfBytes, Tag, false,
				 "ExAllocatePoolWithTag", WDM_CALLER());
}

PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	return ex_allocate_typed(PoolType, NumberOfBytes, Tag, true,
				 "ExAllocatePoolZero", WDM_CALLER());
}

PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	return ex_allocate_typed(PoolType, NumberOfBytes, Tag, false,
				 "ExAllocatePoolUninitialized", WDM_CALLER());
}

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
	return ex_allocate_typed(PoolType, NumberOfBytes, TAG_NONE, false,
				 "ExAllocatePool", WDM_CALLER());
}

#define POOL2_REQUIRED_KNOWN (POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | \
			      POOL_FLAG_SESSION | POOL_FLAG_CACHE_ALIGNED | \
			      POOL_FLAG_RAISE_ON_FAILURE | POOL_FLAG_NON_PAGED | \
			      POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED)
#define POOL2_KIND (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED)

/* facts §2.1: NULL for Tag 0 or a required flag that is unknown (the
 * reserved ones included) or unsatisfiable: exactly one pool kind.  The
 * optional (high) flags are ignored. */
static bool pool2_flags(POOL_FLAGS flags, struct ex_request *x)
{
	POOL_FLAGS required = flags & 0xFFFFFFFFull, kind = required & POOL2_KIND;

	if (required & ~(POOL_FLAGS)POOL2_REQUIRED_KNOWN)
		return false;
	if (kind != POOL_FLAG_NON_PAGED && kind != POOL_FLAG_NON_PAGED_EXECUTE &&
	    kind != POOL_FLAG_PAGED)
		return false;
	x->paged = kind == POOL_FLAG_PAGED;
	x->zero = !(required & POOL_FLAG_UNINITIALIZED);
	x->cache_aligned = (required & POOL_FLAG_CACHE_ALIGNED) != 0;
	return true;
}

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct ex_request x;

	if (!k || Tag == 0 || !pool2_flags(Flags, &x))
		return NULL;
	return ex_allocate(k, &x, NumberOfBytes, Tag, "ExAllocatePool2", site);
}

/* Both families of memory are accepted (facts §2.1; NDIS memory too, as
 * Windows allows). */
static void ex_free(PVOID P, bool check_tag, ULONG tag, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct pool_free f = { 0 };
	struct pool_block *b;

	if (!k)
		return;
	f.api = api;
	f.site = site;
	f.families = POOL_BIT(POOL_EX) | POOL_BIT(POOL_NDIS);
	f.check_tag = check_tag;
	f.tag = tag;
	b = pool_take(k, P, &f);
	if (!b)
		return;
	/* the free happens even at the wrong IRQL: nothing is lost */
	wdm_check_irql(k, api, KIRQL_PASSIVE, b->paged ? KIRQL_APC : KIRQL_DISPATCH, site);
	if (b->owned)
		kres_remove(&b->res);
	pool_release(k, b, site);
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	ex_free(P, true, Tag, "ExFreePoolWithTag", WDM_CALLER());
}

VOID ExFreePool(PVOID P)
{
	ex_free(P, false, 0, "ExFreePool", WDM_CALLER());
}
