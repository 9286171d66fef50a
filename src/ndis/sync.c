/* sync.c — NDIS spin locks and interlocked counters (spec §9: spin locks
 * raise to DISPATCH).  The lock is the Ke spin lock's
 * (src/wdm/ke_spinlock.c, src/kernel/kspin.h): an NDIS_SPIN_LOCK's
 * SpinLock is a KSPIN_LOCK.  IRQL itself is src/wdm/ke_irql.c; events and
 * time are in event_time.c.
 */
#include "ndis/ndis_internal.h"

#include "wdm/ke_internal.h"

VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	SpinLock->SpinLock = 0;
	SpinLock->OldIrql = KIRQL_PASSIVE;
}

VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	(void)SpinLock;   /* nothing to release: the lock lives in the caller */
}

VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	const void *site = NDIS_CALLER();
	uint8_t old = kernel_irql();

	ndis_check_irql(kernel_current(), "NdisAcquireSpinLock", KIRQL_PASSIVE,
			KIRQL_DISPATCH, site);
	if (old < KIRQL_DISPATCH)
		kernel_set_irql(KIRQL_DISPATCH);
	ke_spin_acquire(&SpinLock->SpinLock, false, "NdisAcquireSpinLock", site);
	SpinLock->OldIrql = old;   /* written by the owner only */
}

VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	const void *site = NDIS_CALLER();
	KIRQL old = SpinLock->OldIrql;

	ndis_check_irql(kernel_current(), "NdisReleaseSpinLock", KIRQL_DISPATCH,
			KIRQL_DISPATCH, site);
	if (!ke_spin_release(&SpinLock->SpinLock, false, "NdisReleaseSpinLock", site))
		return;
	/* spec §9: releasing restores the IRQL saved at acquisition */
	if (kernel_irql() == KIRQL_DISPATCH)
		kernel_set_irql(old);
}

VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	const void *site = NDIS_CALLER();

	ndis_check_irql(kernel_current(), "NdisDprAcquireSpinLock",
			KIRQL_DISPATCH, KIRQL_DISPATCH, site);
	ke_spin_acquire(&SpinLock->SpinLock, false, "NdisDprAcquireSpinLock", site);
}

VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	const void *site = NDIS_CALLER();

	ndis_check_irql(kernel_current(), "NdisDprReleaseSpinLock",
			KIRQL_DISPATCH, KIRQL_DISPATCH, site);
	ke_spin_release(&SpinLock->SpinLock, false, "NdisDprReleaseSpinLock", site);
}

/* ---- interlocked ---------------------------------------------------------- */

LONG NdisInterlockedIncrement(PLONG Addend)
{
	return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

LONG NdisInterlockedDecrement(PLONG Addend)
{
	return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}
