/* rwlock.h — the read/write lock both NDIS forms share (src/ndis/rwlock.c):
 * the classic NDIS_RW_LOCK keeps it inside the driver's storage, the
 * NDIS 6.20 NDIS_RW_LOCK_EX in an object NDIS allocates (rwlock_ex.c).
 *
 * Readers share, a writer is exclusive, and a waiting writer holds new
 * readers back (no writer starves).  The holder of a lock is a context (a
 * thread: what Windows calls "the same CPU" at DISPATCH_LEVEL); it may take
 * the lock again, read or write, with one release per acquire.  A context
 * remembers the locks it reads in a small table of its own, so a recursive
 * read passes a waiting writer instead of deadlocking.
 */
#ifndef NDISDMA_NDIS_RWLOCK_H
#define NDISDMA_NDIS_RWLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct kernel;

struct rw_core {
	uint32_t check;                   /* RW_CHECK ^ address: initialized */
	_Atomic uint32_t state;           /* RW_WRITER | number of read holds */
	_Atomic uint32_t writers_waiting;
	_Atomic(const void *) owner;      /* the writer's context */
	uint32_t write_depth;             /* owner only */
	uint32_t nested_reads;            /* reads taken by the owner */
};

/* How one acquisition took the lock (kept in the LOCK_STATE). */
enum rw_mode { RW_NONE = 0, RW_READ, RW_WRITE, RW_NESTED_READ, RW_NESTED_WRITE };

void rw_core_init(struct rw_core *c);
bool rw_core_valid(const struct rw_core *c);
/* Takes the lock; reports RWLOCK-MISUSE (read promoted to write) with
 * `api` and `site`.  Returns how it was taken. */
enum rw_mode rw_core_acquire(struct kernel *k, struct rw_core *c, bool write,
			     const char *api, const void *site);
/* Gives back one acquisition taken as `mode`; reports RWLOCK-MISUSE when
 * this context does not hold it that way (and releases it all the same,
 * so no other context deadlocks).  Returns true when the lock is now free
 * of every holder. */
bool rw_core_release(struct kernel *k, struct rw_core *c, enum rw_mode mode,
		     const char *api, const void *site);
/* True while any context holds the lock. */
bool rw_core_held(const struct rw_core *c);

/* The check bits a LOCK_STATE keeps of the lock it was used with. */
unsigned rw_state_check(const void *lock, unsigned bits);

/* RWLOCK-MISUSE with the message. */
void rw_report(struct kernel *k, const void *lock, const char *api, const void *site,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
