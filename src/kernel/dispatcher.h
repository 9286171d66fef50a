/* dispatcher.h — dispatcher objects, threads and waits (spec §9; facts 1.3,
 * 1.4, 3): the one implementation behind KeWaitFor*, KeSetEvent,
 * NdisWaitEvent, timers, semaphores, mutexes and thread objects.
 *
 * The objects live in driver memory with the WDK's layouts (src/wdm
 * asserts that these structs match DISPATCHER_HEADER, KEVENT, KSEMAPHORE,
 * KMUTEX, KTIMER and KWAIT_BLOCK).  Each object has its own lock (a byte
 * of its header), so an object can be signalled from any thread, one that
 * works for no machine included (a device model's thread): no machine
 * state is needed to set an event or wake its waiters.
 *
 * A wait: the waiter sets its state word to WAITING and links one wait
 * block per object; whoever finds an object it may take (the waiter while
 * linking, or a signaller later) claims the waiter with one compare-and-
 * swap of that word (WAITING -> SATISFIED + index), takes the object's
 * unit (a synchronization event resets, a semaphore counts down, a mutex
 * gets its owner) under the object's lock, and wakes it.  A WaitAll waiter
 * is only told to look again (RECHECK); it takes every object at once with
 * all their locks held, in address order.  Blocking and timeouts go through
 * ktime.h.
 */
#ifndef NDISDMA_DISPATCHER_H
#define NDISDMA_DISPATCHER_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/kernel.h"
#include "kernel/ktime.h"

/* A doubly linked list entry laid out as a LIST_ENTRY (Flink, Blink). */
struct klink {
	struct klink *next, *prev;
};

static inline void klink_init(struct klink *h) { h->next = h->prev = h; }
static inline bool klink_empty(const struct klink *h) { return h->next == h; }

static inline void klink_add_tail(struct klink *h, struct klink *e)
{
	e->next = h;
	e->prev = h->prev;
	h->prev->next = e;
	h->prev = e;
}

static inline void klink_del(struct klink *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = e;
}

#define KCONTAINER(ptr, type, field) \
	((type *)(void *)((char *)(ptr) - offsetof(type, field)))

/* Header.Type values (private to ndisdma; never 0, so a zeroed object is
 * recognised as not initialized). */
enum kd_type {
	KD_EVENT_NOTIFICATION = 1,
	KD_EVENT_SYNCHRONIZATION,
	KD_SEMAPHORE,
	KD_MUTEX,
	KD_TIMER_NOTIFICATION,
	KD_TIMER_SYNCHRONIZATION,
	KD_THREAD,
};

/* DISPATCHER_HEADER */
struct kdisp {
	uint8_t type;
	uint8_t signalling;        /* a timer: on its machine's timer queue */
	uint8_t size;              /* object size in 4-byte units */
	uint8_t lock;              /* the object's lock */
	int32_t signal_state;      /* > 0 signaled; a mutex: 1 free, <= 0 owned */
	struct klink waiters;      /* struct kwait_block.link */
};

struct ke_thread;

/* KSEMAPHORE */
struct ksemaphore {
	struct kdisp h;
	int32_t limit;
};

/* KMUTEX */
struct kmutex {
	struct kdisp h;
	struct klink owned;        /* in the owner's list of mutexes */
	struct ke_thread *owner;
	uint8_t abandoned;
	uint8_t apc_disable;
};

/* KTIMER */
struct ktimer {
	struct kdisp h;
	uint64_t due_ns;           /* host monotonic expiry while queued */
	struct klink link;         /* the machine's timer queue */
	void *dpc;                 /* PKDPC queued at expiry, or NULL */
	uint32_t machine;          /* id of the machine whose queue holds it */
	uint32_t period_ms;
};

/* KWAIT_BLOCK: one object of one wait. */
struct kwait_block {
	struct klink link;         /* in the object's waiters */
	uint8_t wait_all;
	uint8_t linked;
	uint16_t index;            /* STATUS_WAIT_0 + index */
	int32_t spare;
	struct ke_thread *thread;
	struct kdisp *object;
	void *spare_ptr;
};

/* The waiter's state word. */
enum {
	KW_IDLE = 0,
	KW_WAITING = 1,
	KW_RECHECK = 2,            /* WaitAll: an object changed, look again */
	KW_TIMEOUT = 3,
	KW_KILLED = 4,             /* a system thread stopped by the runtime */
	KW_SATISFIED = 0x100,      /* | index, | KW_ABANDONED */
	KW_ABANDONED = 0x80,
};

struct ksys_thread;

/* KTHREAD: every host thread that calls the kernel has one (a system
 * thread's lives in its object, any other thread's in thread-local
 * storage).  Waiting on it waits for the thread's end. */
struct ke_thread {
	struct kdisp h;                   /* first: a PKTHREAD points here */
	_Atomic uint32_t wstate;
	_Atomic int kill;                 /* the runtime stops this thread */
	struct kwait_block blocks[4];     /* THREAD_WAIT_OBJECTS + 1 */
	uint8_t owned_lock;
	struct klink owned;               /* mutexes this thread owns */
	int32_t priority;
	uint32_t processor;               /* KeGetCurrentProcessorNumber */
	bool processor_set;
	bool wait_next;                   /* KeSetEvent(..., Wait = TRUE) */
	uint8_t wait_next_irql;
	uint64_t id;                      /* PsGetCurrentThreadId */
	struct ksys_thread *sys;          /* PsCreateSystemThread's, or NULL */
};

/* ---- object locks ---------------------------------------------------------- */
void kd_lock(struct kdisp *h);
void kd_unlock(struct kdisp *h);

/* ---- objects ------------------------------------------------------------------ */
void kd_init(struct kdisp *h, enum kd_type type, size_t size, int32_t state);
/* True when h looks like an initialized dispatcher object. */
bool kd_valid(const struct kdisp *h);
int32_t kd_read_state(const struct kdisp *h);
/* Set signaled (events, timer expiry, thread end); returns the previous state. */
int32_t kd_set(struct kdisp *h);
/* Set not signaled; returns the previous state. */
int32_t kd_reset(struct kdisp *h);
/* Adds adjustment to a semaphore's count: 0, or -1 past its limit (nothing
 * changes). *previous gets the count before. */
int kd_semaphore_release(struct ksemaphore *s, int32_t adjustment, int32_t *previous);
/* Releases once: 0, or -1 when th does not own it (nothing changes). */
int kd_mutex_release(struct kmutex *m, struct ke_thread *th, int32_t *previous);
/* Releases every mutex th still owns, marked abandoned (thread end). */
void kd_abandon_mutexes(struct ke_thread *th);

/* ---- waits ----------------------------------------------------------------------- */
#define KD_WAIT_TIMEOUT (-1)
#define KD_WAIT_INVALID (-2)         /* WaitAll naming one object twice */
/* Waits for any (index | KW_ABANDONED) or all (0) of objs; blocks[] holds
 * count wait blocks.  A killed system thread does not return. */
int kd_wait(struct ke_thread *th, unsigned count, struct kdisp *const objs[],
	    bool wait_all, const struct kdeadline *d, struct kwait_block *blocks);
/* Sleeps until the deadline (KeDelayExecutionThread); a killed system
 * thread does not return. */
void kd_delay(struct ke_thread *th, const struct kdeadline *d);

/* ---- threads ------------------------------------------------------------------------- */
/* The calling host thread's KTHREAD (created on first use). */
struct ke_thread *ke_thread_current(void);
void ke_thread_setup(struct ke_thread *th);
/* A system thread's own KTHREAD becomes the calling thread's (and stops
 * being it). */
void ke_thread_bind(struct ke_thread *th);
void ke_thread_unbind(void);
/* Asks th to stop at its next wait (it never returns from that wait). */
void ke_thread_kill(struct ke_thread *th);
/* Called by a wait that found th killed: leaves the thread.  Only system
 * threads are ever killed. */
_Noreturn void ke_thread_die(struct ke_thread *th);

#endif
