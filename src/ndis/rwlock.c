/* rwlock.c — NDIS read/write locks (facts §6.1): the core both forms share
 * (rwlock.h) and the classic NDIS_RW_LOCK of NDIS 6.0/6.1, whose state
 * lives in the driver's 1040-byte storage.
 *
 * Waiting spins briefly, then yields: a user-space holder can be preempted,
 * unlike a CPU at DISPATCH_LEVEL (as src/ndis/sync.c's spin locks).
 */
#define NDIS_SUPPORT_60_COMPATIBLE_API 1   /* this file implements it */
#include "ndis/ndis_internal.h"
#include "ndis/rwlock.h"
#include "kernel/ksched.h"

#include <sched.h>
#include <stdarg.h>

#define RW_WRITER 0x80000000u
#define RW_READERS 0x7FFFFFFFu
#define RW_CHECK 0x52574C6Bu        /* "kLWR" */
#define RW_HELD_MAX 16

/* ---- the locks this context reads (for recursion) ---------------------- */

struct rw_held {
	const struct rw_core *lock;
	uint32_t reads;
};

/* each context's own (ksched.h KSCHED_CTX): a coroutine's is not copied
 * at every switch */
struct rw_held_table {
	struct rw_held e[RW_HELD_MAX];
};
KSCHED_CTX(struct rw_held_table, rw_held_table)

static struct rw_held *held_slot(const struct rw_core *c, bool add)
{
	struct rw_held *held = ksched_ctx_ptr_rw_held_table()->e, *free_slot = NULL;

	for (int i = 0; i < RW_HELD_MAX; i++) {
		if (held[i].lock == c)
			return &held[i];
		if (!held[i].lock && !free_slot)
			free_slot = &held[i];
	}
	if (add && free_slot) {
		free_slot->lock = c;
		free_slot->reads = 0;
		return free_slot;
	}
	return NULL;   /* more than RW_HELD_MAX locks read at once: untracked */
}

static uint32_t own_reads(const struct rw_core *c)
{
	struct rw_held *h = held_slot(c, false);

	return h ? h->reads : 0;
}

static void note_read(const struct rw_core *c, int delta)
{
	struct rw_held *h = held_slot(c, delta > 0);

	if (!h)
		return;
	h->reads += (uint32_t)delta;
	if (!h->reads)
		h->lock = NULL;
}

static const void *self(void)
{
	return (const void *)kcontext_self();   /* a task, or the host thread */
}

/* ---- the core ------------------------------------------------------------ */

void rw_report(struct kernel *k, const void *lock, const char *api, const void *site,
	       const char *fmt, ...)
{
	struct vf_facts f = { 0 };
	char msg[200];
	va_list ap;

	if (!k)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f.irql = kernel_irql();
	f.call_site = site;
	f.handle = lock;
	vf_report(k->verifier, VF_RWLOCK_MISUSE, &f, "%s: %s", api, msg);
}

static uint32_t check_of(const struct rw_core *c)
{
	uintptr_t a = (uintptr_t)c;

	return RW_CHECK ^ (uint32_t)a ^ (uint32_t)(a >> 32);
}

void rw_core_init(struct rw_core *c)
{
	atomic_store(&c->state, 0);
	atomic_store(&c->writers_waiting, 0);
	atomic_store(&c->owner, NULL);
	c->write_depth = 0;
	c->nested_reads = 0;
	c->check = check_of(c);
}

bool rw_core_valid(const struct rw_core *c)
{
	return c && c->check == check_of(c);
}

bool rw_core_held(const struct rw_core *c)
{
	return atomic_load(&c->state) != 0;
}

static void backoff(unsigned *spins)
{
	kspin_backoff(spins);   /* under the seeded scheduler: the holder runs */
}

/* Until no writer holds or waits, then one more reader. */
static void take_read(struct rw_core *c)
{
	unsigned spins = 0;

	for (;;) {
		uint32_t s = atomic_load_explicit(&c->state, memory_order_relaxed);

		if (!(s & RW_WRITER) && !atomic_load_explicit(&c->writers_waiting,
							      memory_order_relaxed) &&
		    atomic_compare_exchange_weak_explicit(&c->state, &s, s + 1,
							  memory_order_acquire,
							  memory_order_relaxed))
			return;
		backoff(&spins);
	}
}

/* Until the only readers are this context's `mine`, then the writer. */
static void take_write(struct rw_core *c, uint32_t mine)
{
	unsigned spins = 0;

	atomic_fetch_add(&c->writers_waiting, 1);
	for (;;) {
		uint32_t s = mine;

		if (atomic_compare_exchange_weak_explicit(&c->state, &s, RW_WRITER | mine,
							  memory_order_acquire,
							  memory_order_relaxed))
			break;
		backoff(&spins);
	}
	atomic_fetch_sub(&c->writers_waiting, 1);
	atomic_store_explicit(&c->owner, self(), memory_order_relaxed);
	c->write_depth = 1;
}

enum rw_mode rw_core_acquire(struct kernel *k, struct rw_core *c, bool write,
			     const char *api, const void *site)
{
	uint32_t mine;

	if (atomic_load_explicit(&c->owner, memory_order_relaxed) == self()) {
		/* recursion under this context's own write hold */
		if (write) {
			c->write_depth++;
			return RW_NESTED_WRITE;
		}
		c->nested_reads++;
		return RW_NESTED_READ;
	}
	mine = own_reads(c);
	if (!write) {
		if (mine)
			atomic_fetch_add_explicit(&c->state, 1, memory_order_acquire);
		else
			take_read(c);
		note_read(c, +1);
		return RW_READ;
	}
	if (mine)
		rw_report(k, c, api, site,
			  "write requested while this context holds the lock for read "
			  "(promotion: a deadlock on Windows); granted once the other readers left");
	take_write(c, mine);
	return RW_WRITE;
}

static bool release_write(struct kernel *k, struct rw_core *c, enum rw_mode mode,
			  const char *api, const void *site)
{
	bool mine = atomic_load_explicit(&c->owner, memory_order_relaxed) == self();

	if (!mine || !(atomic_load(&c->state) & RW_WRITER)) {
		rw_report(k, c, api, site, "releases a write hold this context does not have");
		if (!(atomic_load(&c->state) & RW_WRITER))
			return false;
	}
	if (mode == RW_NESTED_WRITE && c->write_depth > 1) {
		c->write_depth--;
		return false;
	}
	if (mine && c->nested_reads)
		rw_report(k, c, api, site, "releases the write hold with %u read(s) taken under "
			  "it still held", c->nested_reads);
	c->write_depth = 0;
	c->nested_reads = 0;
	atomic_store_explicit(&c->owner, NULL, memory_order_relaxed);
	return atomic_fetch_and_explicit(&c->state, ~RW_WRITER, memory_order_release) ==
	       RW_WRITER;
}

bool rw_core_release(struct kernel *k, struct rw_core *c, enum rw_mode mode,
		     const char *api, const void *site)
{
	switch (mode) {
	case RW_NESTED_READ:
		if (atomic_load_explicit(&c->owner, memory_order_relaxed) == self() &&
		    c->nested_reads) {
			c->nested_reads--;
			return false;
		}
		rw_report(k, c, api, site, "releases a read taken under a write hold it does not have");
		return false;
	case RW_WRITE:
	case RW_NESTED_WRITE:
		return release_write(k, c, mode, api, site);
	case RW_READ:
		if (!own_reads(c))
			rw_report(k, c, api, site, "releases a read hold this context does not have");
		if (!(atomic_load(&c->state) & RW_READERS))
			return false;   /* nobody reads: nothing to give back */
		note_read(c, -1);
		return atomic_fetch_sub_explicit(&c->state, 1, memory_order_release) == 1;
	default:
		rw_report(k, c, api, site, "the lock state was not filled by an acquisition");
		return false;
	}
}

unsigned rw_state_check(const void *lock, unsigned bits)
{
	uintptr_t a = (uintptr_t)lock;

	a ^= a >> 17;
	a *= 0x9E3779B97F4A7C15ull;
	return (unsigned)(a >> 40) & ((1u << bits) - 1);
}

/* ---- the classic lock (NDIS 6.0/6.1) -------------------------------------- */

_Static_assert(sizeof(struct rw_core) <= sizeof(NDIS_RW_LOCK), "rw_core fits NDIS_RW_LOCK");

/* LOCK_STATE.LockState: bit 15 in use, bits 3..14 a check of the lock,
 * bits 0..2 the mode. */
#define LS_LIVE 0x8000u

static struct rw_core *core_of(PNDIS_RW_LOCK Lock)
{
	return (struct rw_core *)(void *)Lock;
}

VOID NdisInitializeReadWriteLock(PNDIS_RW_LOCK Lock)
{
	if (!Lock) {
		rw_report(kernel_current(), NULL, "NdisInitializeReadWriteLock", NDIS_CALLER(),
			  "the lock is NULL");
		return;
	}
	memset(Lock, 0, sizeof(*Lock));
	rw_core_init(core_of(Lock));
}

VOID NdisAcquireReadWriteLock(PNDIS_RW_LOCK Lock, BOOLEAN fWrite, PLOCK_STATE LockState)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisAcquireReadWriteLock";
	struct kernel *k = kernel_current();
	uint8_t old = kernel_irql();
	enum rw_mode mode;

	ndis_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	if (!rw_core_valid(core_of(Lock))) {
		rw_report(k, Lock, api, site, "lock %p was not initialized "
			  "(NdisInitializeReadWriteLock)", (void *)Lock);
		LockState->LockState = 0;
		return;
	}
	/* facts §6.1: always raises to DISPATCH_LEVEL */
	if (old < KIRQL_DISPATCH)
		kernel_set_irql(KIRQL_DISPATCH);
	mode = rw_core_acquire(k, core_of(Lock), fWrite != FALSE, api, site);
	LockState->OldIrql = old;
	LockState->LockState = (USHORT)(LS_LIVE | rw_state_check(Lock, 12) << 3 | mode);
}

VOID NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState)
{
	const void *site = NDIS_CALLER();
	const char *api = "NdisReleaseReadWriteLock";
	struct kernel *k = kernel_current();
	unsigned ls = LockState->LockState;

	ndis_check_irql(k, api, KIRQL_DISPATCH, KIRQL_DISPATCH, site);
	if (!rw_core_valid(core_of(Lock)) || !(ls & LS_LIVE) ||
	    ((ls >> 3) & 0xFFFu) != rw_state_check(Lock, 12)) {
		rw_report(k, Lock, api, site, "LockState %p was not filled by acquiring lock %p, "
			  "or was released already", (void *)LockState, (void *)Lock);
		return;
	}
	rw_core_release(k, core_of(Lock), (enum rw_mode)(ls & 7u), api, site);
	LockState->LockState = 0;
	/* restores the caller's IRQL saved at acquisition */
	if (LockState->OldIrql < kernel_irql())
		kernel_set_irql(LockState->OldIrql);
}
