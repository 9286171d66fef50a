/* rwlock_ex.c — NDIS_RW_LOCK_EX (NDIS 6.20+, facts §6.1): an object NDIS
 * allocates, a tracked resource of the handle's owner (adapter or driver:
 * RES-LEAK when not freed; with a NULL handle, allowed in DriverEntry, the
 * allocating driver's: POOL-LEAK at unload).  The PNDIS_RW_LOCK_EX a driver
 * holds is a tagged handle (src/kernel/handles.c), never dereferenced, so a
 * stale or garbage one is a HANDLE report.
 *
 * Freeing a lock some context still holds is RWLOCK-MISUSE; the free then
 * completes when the last holder releases it (nothing is lost, nobody
 * touches freed memory).
 */
#include "ndis/ndis_internal.h"
#include "ndis/rwlock.h"
#include "wdm/wdm_pool.h"

#include <stddef.h>

struct rw_lock_ex {
	struct rw_core core;
	struct kernel *k;
	void *handle;
	struct pool_block *block;
	_Atomic int free_pending;         /* 1: freed while held; 2: freeing */
};

/* LOCK_STATE_EX.LockState: bit 7 in use, bits 3..6 a check of the lock,
 * bits 0..2 the mode. */
#define LS_LIVE 0x80u

static void destroy(struct rw_lock_ex *l)
{
	struct kernel *k = l->k;
	struct pool_block *b = l->block;

	kernel_handle_retire(k, l->handle);
	if (b->owned)
		kres_remove(&b->res);
	pool_release(k, b, NULL);
}

/* A lock with no owner handle reclaimed as a leak (POOL-LEAK). */
static void rwlock_unlink(struct pool_block *b)
{
	struct rw_lock_ex *l = b->va;

	kernel_handle_retire(b->k, l->handle);
}

/* Halt or unload of the owner (RES-LEAK reported by the runtime). */
static void rwlock_reclaim(struct kres *r)
{
	struct pool_block *b = (struct pool_block *)((char *)r - offsetof(struct pool_block, res));
	struct rw_lock_ex *l = b->va;

	if (!pool_take_block(b->k, b))
		return;
	kernel_handle_retire(b->k, l->handle);
	pool_release(b->k, b, NULL);
}

PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct pool_request rq = { 0 };
	struct kres_list *owner = NULL;
	struct pool_block *b;
	struct rw_lock_ex *l;

	if (!k || !ndis_check_irql(k, "NdisAllocateRWLock", KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return NULL;
	if (NdisHandle && !(owner = ndis_owner_resources(NdisHandle))) {
		ndis_adapter_from_handle(NdisHandle, "NdisAllocateRWLock", site);   /* HANDLE */
		return NULL;
	}
	rq.size = sizeof(*l);
	rq.tag = 0x4B4C5752u;   /* 'KLWR': "RWLK" */
	rq.family = POOL_OBJECT;
	rq.zero = true;
	rq.owned = owner != NULL;
	rq.unlink = rwlock_unlink;
	rq.site = site;
	rq.fault_point = "ndis.rwlock";
	l = pool_alloc(k, &rq, &b);
	if (!l)
		return NULL;
	rw_core_init(&l->core);
	l->k = k;
	l->block = b;
	l->handle = kernel_handle_new(k, HANDLE_RW_LOCK, l);
	if (!l->handle) {
		pool_take_block(k, b);
		pool_release(k, b, NULL);
		return NULL;
	}
	if (owner)
		kres_add(owner, &b->res, "rw-lock", site, sizeof(*l), rwlock_reclaim);
	return (PNDIS_RW_LOCK_EX)l->handle;
}

static struct rw_lock_ex *lookup(struct kernel *k, PNDIS_RW_LOCK_EX Lock, const char *api,
				 const void *site)
{
	enum handle_error err = HANDLE_GARBAGE;
	struct rw_lock_ex *l = k ? kernel_handle_lookup(k, Lock, HANDLE_RW_LOCK, &err) : NULL;
	struct vf_facts f = { 0 };

	if (l || !k)
		return l;
	f.irql = kernel_irql();
	f.call_site = site;
	f.handle = Lock;
	vf_report(k->verifier, VF_HANDLE, &f, "%s: RW lock %p is %s", api, (void *)Lock,
		  handle_error_name(err));
	return NULL;
}

VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct rw_lock_ex *l;
	int none = 0;

	ndis_check_irql(k, "NdisFreeRWLock", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	l = lookup(k, Lock, "NdisFreeRWLock", site);
	if (!l)
		return;
	if (rw_core_held(&l->core)) {
		if (atomic_compare_exchange_strong(&l->free_pending, &none, 1))
			rw_report(k, Lock, "NdisFreeRWLock", site,
				  "lock %p is still held; freed when its last holder releases it",
				  (void *)Lock);
		/* the last holder may have gone meanwhile: then free it here */
		none = 1;
		if (rw_core_held(&l->core) ||
		    !atomic_compare_exchange_strong(&l->free_pending, &none, 2))
			return;
	}
	if (pool_take_block(k, l->block))
		destroy(l);
}

static void acquire(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags, bool write,
		    const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	uint8_t old = kernel_irql();
	struct rw_lock_ex *l;
	enum rw_mode mode;

	LockState->LockState = 0;
	LockState->Flags = Flags;
	LockState->OldIrql = old;
	/* NDIS_RWL_AT_DISPATCH_LEVEL: the caller says it is at DISPATCH */
	if (Flags & NDIS_RWL_AT_DISPATCH_LEVEL)
		ndis_check_irql(k, api, KIRQL_DISPATCH, KIRQL_DISPATCH, site);
	else
		ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	l = lookup(k, Lock, api, site);
	if (!l)
		return;
	if (atomic_load(&l->free_pending))
		rw_report(k, Lock, api, site, "lock %p was freed (NdisFreeRWLock)", (void *)Lock);
	if (old < KIRQL_DISPATCH)
		kernel_set_irql(KIRQL_DISPATCH);
	mode = rw_core_acquire(k, &l->core, write, api, site);
	LockState->LockState = (UCHAR)(LS_LIVE | rw_state_check(Lock, 4) << 3 | mode);
}

VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
{
	acquire(Lock, LockState, Flags, false, "NdisAcquireRWLockRead", NDIS_CALLER());
}

VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
{
	acquire(Lock, LockState, Flags, true, "NdisAcquireRWLockWrite", NDIS_CALLER());
}

VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisReleaseRWLock";
	struct kernel *k = kernel_current();
	unsigned ls = LockState->LockState;
	struct rw_lock_ex *l;
	int one = 1;

	ndis_check_irql(k, api, KIRQL_DISPATCH, KIRQL_DISPATCH, site);
	l = lookup(k, Lock, api, site);
	if (!l)
		return;
	if (!(ls & LS_LIVE) || ((ls >> 3) & 0xFu) != rw_state_check(Lock, 4)) {
		rw_report(k, Lock, api, site, "LockState %p was not filled by acquiring lock %p, "
			  "or was released already", (void *)LockState, (void *)Lock);
		return;
	}
	LockState->LockState = 0;
	if (rw_core_release(k, &l->core, (enum rw_mode)(ls & 7u), api, site) &&
	    atomic_compare_exchange_strong(&l->free_pending, &one, 2) &&
	    pool_take_block(k, l->block))
		destroy(l);
	/* restores the caller's IRQL saved at acquisition */
	if (LockState->OldIrql < kernel_irql())
		kernel_set_irql(LockState->OldIrql);
}
