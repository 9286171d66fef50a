/* ex_lookaside.c — lookaside lists (facts §2.2), Ex forms and the core the
 * NDIS forms (src/ndis/lookaside.c) use.
 *
 * All of a list's state is in the caller's head: the cached entries are an
 * S-list (LIFO), the counters and callbacks are the documented fields, and
 * Future[] holds a check word (tied to the head's address: a head that was
 * never initialized, was deleted or was copied fails it) and the list's
 * kind.  Beside that, one record per live list in the machine's pool table
 * (ex_lookaside_registry.c), for LOOKASIDE-LEAK.
 *
 * Depth: the system's choice on Windows (it adapts); here a fixed 256, so
 * runs are deterministic.  Two concurrent frees may both see room for one
 * entry: the list then holds one entry more than Depth, as on Windows.
 */
#include "wdm/wdm_lookaside.h"

#include <errno.h>
#include <sys/mman.h>

#include "wdm/ex_slist.h"
#include "wdm/wdm_pool_internal.h"

#define LOOKASIDE_MAGIC 0x4C6B7364u     /* "dskL" */
#define KIND_MASK 0xFu

static ULONG check_word(const GENERAL_LOOKASIDE_POOL *L)
{
	uintptr_t a = (uintptr_t)L;

	return LOOKASIDE_MAGIC ^ (ULONG)a ^ (ULONG)(a >> 32);
}

static const char *const kind_init_api[] = {
	[LA_NPAGED] = "ExInitializeNPagedLookasideList",
	[LA_PAGED] = "ExInitializePagedLookasideList",
	[LA_EX] = "ExInitializeLookasideListEx",
	[LA_NDIS] = "NdisInitializeNPagedLookasideList",
};

/* NPAGED and NDIS lists are one kind of head: their routines mix. */
static bool kinds_match(enum la_kind have, enum la_kind want)
{
	bool np_have = have == LA_NPAGED || have == LA_NDIS;
	bool np_want = want == LA_NPAGED || want == LA_NDIS;

	return have == want || (np_have && np_want);
}

static bool la_valid(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind want,
		     const char *api, const void *site)
{
	struct vf_facts f = { 0 };
	enum la_kind have;

	if (L && L->Future[0] == check_word(L)) {
		have = (enum la_kind)(L->Future[1] & KIND_MASK);
		if (kinds_match(have, want))
			return true;
	}
	f.irql = kernel_irql();
	f.call_site = site;
	f.handle = L;
	if (!L)
		vf_report(k->verifier, VF_HANDLE, &f, "%s: the lookaside list is NULL", api);
	else if (L->Future[0] == check_word(L))
		vf_report(k->verifier, VF_HANDLE, &f, "%s: lookaside list %p was initialized by %s",
			  api, (void *)L, kind_init_api[have]);
	else
		vf_report(k->verifier, VF_HANDLE, &f,
			  "%s: lookaside list %p is not initialized, or was deleted", api, (void *)L);
	return false;
}

void la_init(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, size_t head_size,
	     const struct la_params *p)
{
	memset(L, 0, sizeof(*L));
	slist_init(&L->ListHead);
	L->Depth = L->MaximumDepth = LOOKASIDE_DEPTH;
	L->Type = p->type;
	L->Tag = p->tag;
	L->Size = (ULONG)(p->size < LOOKASIDE_MINIMUM_BLOCK_SIZE ?
			  LOOKASIDE_MINIMUM_BLOCK_SIZE : p->size);
	L->AllocateEx = (PALLOCATE_FUNCTION_EX)p->allocate;
	L->FreeEx = (PFREE_FUNCTION_EX)p->free;
	InitializeListHead(&L->ListEntry);
	L->Future[1] = (ULONG)p->kind;
	/* published last: the list is usable once the check word is right */
	__atomic_store_n(&L->Future[0], check_word(L), __ATOMIC_RELEASE);
	pool_lookaside_add(k, L, head_size, p->tag, p->site);
}

/* A new entry: the driver's Allocate, or pool of the list's type. */
static void *new_entry(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
		       const void *site)
{
	struct pool_request rq = { 0 };
	struct pool_block *b;
	bool cache_aligned;

	if (L->Allocate) {
		if (kind == LA_EX)
			return L->AllocateEx(L->Type, L->Size, L->Tag, (PLOOKASIDE_LIST_EX)L);
		return ((PALLOCATE_FUNCTION)L->Allocate)(L->Type, L->Size, L->Tag);
	}
	if (!pool_type_decode(L->Type, &rq.paged, &cache_aligned))
		return NULL;
	rq.size = L->Size;
	rq.tag = L->Tag;
	rq.family = POOL_EX;
	rq.cache_aligned = cache_aligned;
	rq.site = site;
	rq.fault_point = kind == LA_NDIS ? "ndis.lookaside" : "ex.lookaside";
	return pool_alloc(k, &rq, &b);
}

PVOID la_allocate(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
		  const char *api, const void *site)
{
	void *e;

	if (!la_valid(k, L, kind, api, site))
		return NULL;
	__atomic_fetch_add(&L->TotalAllocates, 1, __ATOMIC_RELAXED);
	e = slist_pop(&L->ListHead);
	if (e)
		return e;
	__atomic_fetch_add(&L->AllocateMisses, 1, __ATOMIC_RELAXED);
	return new_entry(k, L, (enum la_kind)(L->Future[1] & KIND_MASK), site);
}

/* An entry leaves the list: the driver's Free, or back to pool. */
static void drop_entry(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, void *e,
		       const char *api, const void *site)
{
	struct pool_free f = { 0 };
	struct pool_block *b;

	if (L->Free) {
		if ((L->Future[1] & KIND_MASK) == LA_EX)
			L->FreeEx(e, (PLOOKASIDE_LIST_EX)L);
		else
			((PFREE_FUNCTION)L->Free)(e);
		return;
	}
	f.api = api;
	f.site = site;
	f.families = POOL_BIT(POOL_EX) | POOL_BIT(POOL_NDIS);
	b = pool_take(k, e, &f);
	if (b) {
		if (b->owned)
			kres_remove(&b->res);
		pool_release(k, b, site);
	}
}

void la_free(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind, PVOID Entry,
	     const char *api, const void *site)
{
	struct pool_free f = { .api = api, .site = site };

	if (!la_valid(k, L, kind, api, site))
		return;
	if (!Entry) {
		pool_take(k, NULL, &f);   /* reports the NULL entry */
		return;
	}
	__atomic_fetch_add(&L->TotalFrees, 1, __ATOMIC_RELAXED);
	if (slist_depth(&L->ListHead) < L->Depth) {
		slist_push(&L->ListHead, Entry);
		return;
	}
	__atomic_fetch_add(&L->FreeMisses, 1, __ATOMIC_RELAXED);
	drop_entry(k, L, Entry, api, site);
}

void la_flush(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
	      const char *api, const void *site)
{
	if (!la_valid(k, L, kind, api, site))
		return;
	for (void *e = slist_flush(&L->ListHead), *next; e; e = next) {
		next = slist_next(e);
		drop_entry(k, L, e, api, site);
	}
}

void la_delete(struct kernel *k, GENERAL_LOOKASIDE_POOL *L, enum la_kind kind,
	       const char *api, const void *site)
{
	if (!la_valid(k, L, kind, api, site))
		return;
	pool_lookaside_remove(k, L);
	la_flush(k, L, kind, api, site);
	__atomic_store_n(&L->Future[0], 0, __ATOMIC_RELEASE);
}

/* Whether the page(s) holding [p, p + len) are still mapped: a head in
 * memory that went back to the system without a free ndisdma saw (a
 * thread's stack) is not read. */
static bool mapped(const void *p, size_t len)
{
	uintptr_t first = (uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1);
	uintptr_t end = (uintptr_t)p + len;
	unsigned char v[2];

	return !(mincore((void *)first, end - first, v) && errno == ENOMEM);
}

size_t lookaside_reclaim(struct kernel *k, void *head)
{
	GENERAL_LOOKASIDE_POOL *L = head;
	size_t n = 0;

	/* a head overwritten since is left alone: its links mean nothing */
	if (!mapped(L, sizeof(*L)) || L->Future[0] != check_word(L))
		return 0;
	for (void *e = slist_flush(&L->ListHead), *next; e; e = next) {
		struct pool_block *b = pool_take_quiet(k, e);

		next = slist_next(e);
		if (b) {
			if (b->owned)
				kres_remove(&b->res);
			pool_release(k, b, NULL);
		}
		n++;
	}
	L->Future[0] = 0;
	return n;
}

/* ---- the Ex routines ------------------------------------------------------- */

#define NP(list) ((GENERAL_LOOKASIDE_POOL *)(void *)&(list)->L)

static void init_np(PGENERAL_LOOKASIDE L, enum la_kind kind, PVOID Allocate, PVOID Free,
		    ULONG Flags, SIZE_T Size, ULONG Tag, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct la_params p = { kind, Allocate, Free, 0, Size, Tag, site };
	KIRQL max = kind == LA_PAGED ? KIRQL_APC : KIRQL_DISPATCH;

	if (!k)
		return;
	wdm_check_irql(k, api, KIRQL_PASSIVE, max, site);
	if (!L) {
		la_valid(k, NULL, kind, api, site);
		return;
	}
	/* Win8+: Flags may carry POOL_RAISE_IF_ALLOCATION_FAILURE and
	 * POOL_NX_ALLOCATION, which join the pool type; other bits are
	 * ignored, as is Depth */
	p.type = (POOL_TYPE)((kind == LA_PAGED ? PagedPool : NonPagedPool) |
			     (Flags & (POOL_RAISE_IF_ALLOCATION_FAILURE | POOL_NX_ALLOCATION)));
	la_init(k, (GENERAL_LOOKASIDE_POOL *)(void *)L, sizeof(*L), &p);
}

VOID ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
				     PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
				     ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
	init_np(Lookaside ? &Lookaside->L : NULL, LA_NPAGED, (PVOID)Allocate, (PVOID)Free,
		Flags, Size, Tag, "ExInitializeNPagedLookasideList", WDM_CALLER());
}

PVOID ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k || !wdm_check_irql(k, "ExAllocateFromNPagedLookasideList", KIRQL_PASSIVE,
				  KIRQL_DISPATCH, site))
		return NULL;
	return la_allocate(k, Lookaside ? NP(Lookaside) : NULL, LA_NPAGED,
			   "ExAllocateFromNPagedLookasideList", site);
}

VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExFreeToNPagedLookasideList", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	la_free(k, Lookaside ? NP(Lookaside) : NULL, LA_NPAGED, Entry,
		"ExFreeToNPagedLookasideList", site);
}

VOID ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExDeleteNPagedLookasideList", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	la_delete(k, Lookaside ? NP(Lookaside) : NULL, LA_NPAGED,
		  "ExDeleteNPagedLookasideList", site);
}

VOID ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
				    PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
				    ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
	init_np(Lookaside ? &Lookaside->L : NULL, LA_PAGED, (PVOID)Allocate, (PVOID)Free,
		Flags, Size, Tag, "ExInitializePagedLookasideList", WDM_CALLER());
}

PVOID ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k || !wdm_check_irql(k, "ExAllocateFromPagedLookasideList", KIRQL_PASSIVE,
				  KIRQL_APC, site))
		return NULL;
	return la_allocate(k, Lookaside ? NP(Lookaside) : NULL, LA_PAGED,
			   "ExAllocateFromPagedLookasideList", site);
}

VOID ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExFreeToPagedLookasideList", KIRQL_PASSIVE, KIRQL_APC, site);
	la_free(k, Lookaside ? NP(Lookaside) : NULL, LA_PAGED, Entry,
		"ExFreeToPagedLookasideList", site);
}

VOID ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	if (!k)
		return;
	wdm_check_irql(k, "ExDeletePagedLookasideList", KIRQL_PASSIVE, KIRQL_APC, site);
	la_delete(k, Lookaside ? NP(Lookaside) : NULL, LA_PAGED,
		  "ExDeletePagedLookasideList", site);
}
