/* sync.c — simulated IRQL, NDIS spin locks and interlocked counters
 * (spec §9: each thread carries an IRQL; spin locks raise to DISPATCH).
 * Events and time are in event_time.c.
 */
#include "ndis/ndis_internal.h"

#include <sched.h>

/* ---- IRQL --------------------------------------------------------------- */

KIRQL KeGetCurrentIrql(VOID)
{
	return kernel_irql();
}

VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
	const void *site = NDIS_CALLER();
	uint8_t cur = kernel_irql();
	struct kernel *k = kernel_current();

	if (OldIrql)
		*OldIrql = cur;
	/* documented: raising to a lower IRQL is a bug (bug check 0x9) */
	if (NewIrql < cur || NewIrql > KIRQL_HIGH) {
		if (k) {
			struct vf_facts f = { .irql = cur, .call_site = site };

			vf_report(k->verifier, VF_IRQL, &f,
				  "KeRaiseIrql to %u from IRQL %u: the new IRQL must not be lower",
				  NewIrql, cur);
		}
		return;
	}
	kernel_set_irql(NewIrql);
}

VOID KeLowerIrql(KIRQL NewIrql)
{
	const void *site = NDIS_CALLER();
	uint8_t cur = kernel_irql();
	struct kernel *k = kernel_current();

	if (NewIrql > cur) {
		if (k) {
			struct vf_facts f = { .irql = cur, .call_site = site };

			vf_report(k->verifier, VF_IRQL, &f,
				  "KeLowerIrql to %u from IRQL %u: the new IRQL must not be higher",
				  NewIrql, cur);
		}
		return;
	}
	kernel_set_irql(NewIrql);
}

/* ---- spin locks ----------------------------------------------------------
 * SpinLock holds 0 when free, else the address of the owner's kthread.
 * A waiter spins briefly, then yields: user-space threads can be
 * preempted while holding the lock, unlike a CPU at DISPATCH_LEVEL.
 */

static void spin_take(KSPIN_LOCK *lock)
{
	KSPIN_LOCK owner = (KSPIN_LOCK)&kthread_self;
	unsigned spins = 0;

	for (;;) {
		KSPIN_LOCK expected = 0;

		if (__atomic_compare_exchange_n(lock, &expected, owner, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		while (__atomic_load_n(lock, __ATOMIC_RELAXED) != 0) {
			if (++spins < 256)
				__builtin_ia32_pause();
			else
				sched_yield();
		}
	}
}

static void spin_give(KSPIN_LOCK *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

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
	spin_take(&SpinLock->SpinLock);
	SpinLock->OldIrql = old;   /* written by the owner only */
}

VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	const void *site = NDIS_CALLER();
	KIRQL old = SpinLock->OldIrql;

	ndis_check_irql(kernel_current(), "NdisReleaseSpinLock", KIRQL_DISPATCH,
			KIRQL_DISPATCH, site);
	spin_give(&SpinLock->SpinLock);
	/* spec §9: releasing restores the IRQL saved at acquisition */
	if (kernel_irql() == KIRQL_DISPATCH)
		kernel_set_irql(old);
}

VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	ndis_check_irql(kernel_current(), "NdisDprAcquireSpinLock",
			KIRQL_DISPATCH, KIRQL_DISPATCH, NDIS_CALLER());
	spin_take(&SpinLock->SpinLock);
}

VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
	ndis_check_irql(kernel_current(), "NdisDprReleaseSpinLock",
			KIRQL_DISPATCH, KIRQL_DISPATCH, NDIS_CALLER());
	spin_give(&SpinLock->SpinLock);
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
