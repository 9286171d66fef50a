/* ke_spinlock.c — Ke spin locks and in-stack queued spin locks (facts
 * 1.5).  NDIS spin locks (src/ndis/sync.c) take the same lock through
 * ke_spin_acquire / ke_spin_release.
 *
 * Caller mistakes Windows cannot survive are KE-ARG reports: taking a lock
 * this thread already holds (Windows spins forever; here the lock stays
 * held once), releasing one it does not hold (nothing changes), releasing
 * a queued acquisition as an ordinary one or the reverse. */
#include "wdm/ke_internal.h"

#include "kernel/kspin.h"

/* The reports, out of line: the passing acquire and release (every
 * NDIS and Ke spin lock of a frame's path) need no frame of their own. */
__attribute__((cold, noinline)) static void lock_null(const char *api, const void *site)
{
	ke_report_arg(kernel_current(), NULL, site, "%s: the spin lock is NULL", api);
}

__attribute__((cold, noinline)) static void lock_self_held(PKSPIN_LOCK SpinLock,
							   const char *api, const void *site)
{
	ke_report_arg(kernel_current(), SpinLock, site,
		      "%s: spin lock %p is already held by this thread (a deadlock on Windows)",
		      api, (void *)SpinLock);
}

__attribute__((cold, noinline)) static bool lock_not_held(PKSPIN_LOCK SpinLock,
							  const char *api, const void *site)
{
	ke_report_arg(kernel_current(), SpinLock, site,
		      "%s: spin lock %p is not held by this thread", api, (void *)SpinLock);
	return false;
}

__attribute__((cold, noinline)) static void lock_other_way(PKSPIN_LOCK SpinLock, bool queued,
							   const char *api, const void *site)
{
	ke_report_arg(kernel_current(), SpinLock, site,
		      "%s: spin lock %p was taken as %s lock (a lock is used one way only)",
		      api, (void *)SpinLock, queued ? "an ordinary" : "a queued");
}

void ke_spin_acquire(PKSPIN_LOCK SpinLock, bool queued, const char *api, const void *site)
{
	uintptr_t self = kspin_self();

	if (__builtin_expect(!SpinLock, 0)) {
		lock_null(api, site);
		return;
	}
	if (__builtin_expect((kspin_holder(SpinLock) & ~KSPIN_QUEUED) == self, 0)) {
		lock_self_held(SpinLock, api, site);
		return;
	}
	kspin_acquire(SpinLock, self | (queued ? KSPIN_QUEUED : 0));
}

bool ke_spin_release(PKSPIN_LOCK SpinLock, bool queued, const char *api, const void *site)
{
	uintptr_t holder;

	if (__builtin_expect(!SpinLock, 0)) {
		lock_null(api, site);
		return false;
	}
	holder = kspin_holder(SpinLock);
	if (__builtin_expect((holder & ~KSPIN_QUEUED) != kspin_self(), 0))
		return lock_not_held(SpinLock, api, site);
	if (__builtin_expect(((holder & KSPIN_QUEUED) != 0) != queued, 0))
		lock_other_way(SpinLock, queued, api, site);
	kspin_release(SpinLock);
	return true;
}

/* Raises to DISPATCH_LEVEL (facts 1.5: <= DISPATCH), returns the old IRQL. */
static KIRQL raise_for(const char *api, const void *site)
{
	KIRQL old = kernel_irql();

	wdm_check_irql(kernel_current(), api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	if (old < KIRQL_DISPATCH)
		kernel_set_irql(KIRQL_DISPATCH);
	return old;
}

/* Back to the IRQL saved at acquisition (facts 1.5: called at DISPATCH). */
static void lower_to(KIRQL NewIrql, const char *api, const void *site)
{
	wdm_check_irql(kernel_current(), api, KIRQL_DISPATCH, KIRQL_DISPATCH, site);
	if (NewIrql <= kernel_irql())
		kernel_set_irql(NewIrql);
}

VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
	if (!SpinLock) {
		ke_report_arg(kernel_current(), NULL, WDM_CALLER(),
			      "KeInitializeSpinLock: the spin lock is NULL");
		return;
	}
	__atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
	const void *site = WDM_CALLER();
	KIRQL old = raise_for("KeAcquireSpinLock(RaiseToDpc)", site);

	ke_spin_acquire(SpinLock, false, "KeAcquireSpinLock(RaiseToDpc)", site);
	return old;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
	const void *site = WDM_CALLER();

	ke_spin_release(SpinLock, false, "KeReleaseSpinLock", site);
	lower_to(NewIrql, "KeReleaseSpinLock", site);
}

VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
	const void *site = WDM_CALLER();

	wdm_check_irql(kernel_current(), "KeAcquireSpinLockAtDpcLevel", KIRQL_DISPATCH,
		       KIRQL_HIGH, site);
	ke_spin_acquire(SpinLock, false, "KeAcquireSpinLockAtDpcLevel", site);
}

VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
	const void *site = WDM_CALLER();

	wdm_check_irql(kernel_current(), "KeReleaseSpinLockFromDpcLevel", KIRQL_DISPATCH,
		       KIRQL_HIGH, site);
	ke_spin_release(SpinLock, false, "KeReleaseSpinLockFromDpcLevel", site);
}

BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
	const void *site = WDM_CALLER();

	wdm_check_irql(kernel_current(), "KeTryToAcquireSpinLockAtDpcLevel", KIRQL_DISPATCH,
		       KIRQL_HIGH, site);
	if (!SpinLock) {
		ke_report_arg(kernel_current(), NULL, site,
			      "KeTryToAcquireSpinLockAtDpcLevel: the spin lock is NULL");
		return FALSE;
	}
	return kspin_try(SpinLock, kspin_self()) ? TRUE : FALSE;
}

static void queued_acquire(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle,
			   const char *api, const void *site)
{
	if (!LockHandle) {
		ke_report_arg(kernel_current(), SpinLock, site, "%s: LockHandle is NULL", api);
		return;
	}
	LockHandle->LockQueue.Next = NULL;
	LockHandle->LockQueue.Lock = SpinLock;
	ke_spin_acquire(SpinLock, true, api, site);
}

static PKSPIN_LOCK queued_lock(PKLOCK_QUEUE_HANDLE LockHandle, const char *api,
			       const void *site)
{
	if (!LockHandle || !LockHandle->LockQueue.Lock) {
		ke_report_arg(kernel_current(), LockHandle, site,
			      "%s: LockHandle %p holds no lock", api, (void *)LockHandle);
		return NULL;
	}
	return LockHandle->LockQueue.Lock;
}

VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
	const void *site = WDM_CALLER();
	KIRQL old = raise_for("KeAcquireInStackQueuedSpinLock", site);

	queued_acquire(SpinLock, LockHandle, "KeAcquireInStackQueuedSpinLock", site);
	if (LockHandle)
		LockHandle->OldIrql = old;
}

VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
	const void *site = WDM_CALLER();
	PKSPIN_LOCK lock = queued_lock(LockHandle, "KeReleaseInStackQueuedSpinLock", site);

	if (!lock)
		return;
	ke_spin_release(lock, true, "KeReleaseInStackQueuedSpinLock", site);
	LockHandle->LockQueue.Lock = NULL;
	lower_to(LockHandle->OldIrql, "KeReleaseInStackQueuedSpinLock", site);
}

VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock,
					      PKLOCK_QUEUE_HANDLE LockHandle)
{
	const void *site = WDM_CALLER();

	wdm_check_irql(kernel_current(), "KeAcquireInStackQueuedSpinLockAtDpcLevel",
		       KIRQL_DISPATCH, KIRQL_HIGH, site);
	queued_acquire(SpinLock, LockHandle, "KeAcquireInStackQueuedSpinLockAtDpcLevel", site);
	if (LockHandle)
		LockHandle->OldIrql = kernel_irql();
}

VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
	const void *site = WDM_CALLER();
	PKSPIN_LOCK lock;

	wdm_check_irql(kernel_current(), "KeReleaseInStackQueuedSpinLockFromDpcLevel",
		       KIRQL_DISPATCH, KIRQL_HIGH, site);
	lock = queued_lock(LockHandle, "KeReleaseInStackQueuedSpinLockFromDpcLevel", site);
	if (!lock)
		return;
	ke_spin_release(lock, true, "KeReleaseInStackQueuedSpinLockFromDpcLevel", site);
	LockHandle->LockQueue.Lock = NULL;
}
