/* kspin.h — the one spin lock under KSPIN_LOCK (Ke, and the in-stack
 * queued forms) and NDIS_SPIN_LOCK (facts 1.5, 6.1).
 *
 * The lock word is 0 when free, else its holder, kcontext_self() (its
 * task or host thread, 8-aligned), with bit 0 set for a queued
 * acquisition, so a release names a lock it does not hold or one taken
 * the other way.  A waiter spins briefly, then yields: a host
 * thread can be preempted holding the lock, unlike a processor at
 * DISPATCH_LEVEL.  Not FIFO (a queued lock on Windows is).
 */
#ifndef NDISDMA_KSPIN_H
#define NDISDMA_KSPIN_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/kernel.h"
#include "kernel/ksched.h"

#define KSPIN_QUEUED ((uintptr_t)1)

/* The holder: the calling context (a coroutine task of the seeded
 * scheduler shares its host thread with the others). */
static inline uintptr_t kspin_self(void)
{
	return kcontext_self();
}

static inline uintptr_t kspin_holder(const uintptr_t *lock)
{
	return __atomic_load_n(lock, __ATOMIC_RELAXED);
}

static inline bool kspin_try(uintptr_t *lock, uintptr_t owner)
{
	uintptr_t expected = 0;

	return __atomic_compare_exchange_n(lock, &expected, owner, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void kspin_acquire(uintptr_t *lock, uintptr_t owner)
{
	unsigned spins = 0;

	while (!kspin_try(lock, owner)) {
		while (kspin_holder(lock) != 0)
			kspin_backoff(&spins);   /* the seeded scheduler runs the holder */
	}
}

static inline void kspin_release(uintptr_t *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

#endif
