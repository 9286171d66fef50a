/* dispatcher.c — dispatcher objects and waits (see dispatcher.h). */
#include "kernel/dispatcher.h"

#include "kernel/ksched.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

/* ---- locks and state ------------------------------------------------------------ */

void kd_lock(struct kdisp *h)
{
	unsigned spins = 0;

	while (__atomic_exchange_n(&h->lock, 1, __ATOMIC_ACQUIRE)) {
		/* a host thread can be preempted holding it: yield */
		while (__atomic_load_n(&h->lock, __ATOMIC_RELAXED))
			kspin_backoff(&spins);
	}
}

void kd_unlock(struct kdisp *h)
{
	__atomic_store_n(&h->lock, 0, __ATOMIC_RELEASE);
}

/* SignalState is read without the lock (KeReadState*, drivers reading
 * Header.SignalState): every access is atomic. */
static int32_t state_get(const struct kdisp *h)
{
	return __atomic_load_n(&h->signal_state, __ATOMIC_ACQUIRE);
}

static void state_put(struct kdisp *h, int32_t v)
{
	__atomic_store_n(&h->signal_state, v, __ATOMIC_RELEASE);
}

static size_t type_size(uint8_t type)
{
	switch (type) {
	case KD_EVENT_NOTIFICATION:
	case KD_EVENT_SYNCHRONIZATION:
		return sizeof(struct kdisp);
	case KD_SEMAPHORE:
		return sizeof(struct ksemaphore);
	case KD_MUTEX:
		return sizeof(struct kmutex);
	case KD_TIMER_NOTIFICATION:
	case KD_TIMER_SYNCHRONIZATION:
		return sizeof(struct ktimer);
	case KD_THREAD:
		return sizeof(struct ke_thread);
	}
	return 0;
}

void kd_init(struct kdisp *h, enum kd_type type, size_t size, int32_t state)
{
	h->type = (uint8_t)type;
	h->signalling = 0;
	h->size = (uint8_t)(size / 4);
	__atomic_store_n(&h->lock, 0, __ATOMIC_RELAXED);
	state_put(h, state);
	klink_init(&h->waiters);
}

bool kd_valid(const struct kdisp *h)
{
	size_t size;

	if (!h)
		return false;
	/* type and size only: they never change after initialization, while
	 * the wait list does (under the lock this check cannot take: the
	 * lock byte of an object never initialized may be anything) */
	size = type_size(h->type);
	return size && h->size == size / 4;
}

int32_t kd_read_state(const struct kdisp *h)
{
	return state_get(h);
}

/* ---- taking an object ---------------------------------------------------------- */

static bool signaled_for(const struct kdisp *h, const struct ke_thread *th)
{
	if (h->type == KD_MUTEX && ((const struct kmutex *)h)->owner == th)
		return true;   /* a mutex is recursive for its owner */
	return state_get(h) > 0;
}

static bool would_abandon(const struct kdisp *h, const struct ke_thread *th)
{
	const struct kmutex *m = (const struct kmutex *)h;

	return h->type == KD_MUTEX && m->owner != th && m->abandoned;
}

static void owned_lock(struct ke_thread *th)
{
	unsigned spins = 0;

	while (__atomic_exchange_n(&th->owned_lock, 1, __ATOMIC_ACQUIRE))
		kspin_backoff(&spins);
}

static void owned_unlock(struct ke_thread *th)
{
	__atomic_store_n(&th->owned_lock, 0, __ATOMIC_RELEASE);
}

/* th takes one unit of h (h locked, signaled_for(h, th)). */
static void take(struct kdisp *h, struct ke_thread *th)
{
	struct kmutex *m = (struct kmutex *)h;

	switch (h->type) {
	case KD_EVENT_SYNCHRONIZATION:
	case KD_TIMER_SYNCHRONIZATION:
		state_put(h, 0);   /* auto-reset as the wait is satisfied */
		break;
	case KD_SEMAPHORE:
		state_put(h, state_get(h) - 1);
		break;
	case KD_MUTEX:
		state_put(h, state_get(h) - 1);
		if (m->owner == th)
			break;
		m->owner = th;
		m->abandoned = 0;
		owned_lock(th);
		klink_add_tail(&th->owned, &m->owned);
		owned_unlock(th);
		break;
	default:
		break;   /* notification objects stay signaled */
	}
}

/* h locked, its state just changed: satisfy WaitAny waiters in order
 * while h can be taken, tell WaitAll waiters to look again. */
static void wake_waiters(struct kdisp *h)
{
	for (struct klink *e = h->waiters.next; e != &h->waiters; e = e->next) {
		struct kwait_block *b = KCONTAINER(e, struct kwait_block, link);
		struct ke_thread *t = b->thread;
		uint32_t expect = KW_WAITING, want;

		if (b->wait_all) {
			if (atomic_compare_exchange_strong(&t->wstate, &expect, KW_RECHECK))
				kwake_word(&t->wstate);
			continue;
		}
		if (!signaled_for(h, t))
			break;
		want = KW_SATISFIED | b->index | (would_abandon(h, t) ? KW_ABANDONED : 0);
		if (!atomic_compare_exchange_strong(&t->wstate, &expect, want))
			continue;   /* satisfied by another object, timed out, killed */
		take(h, t);
		kwake_word(&t->wstate);
	}
}

/* ---- signalling ------------------------------------------------------------------- */

int32_t kd_set(struct kdisp *h)
{
	int32_t prev;

	kd_lock(h);
	prev = state_get(h);
	state_put(h, 1);
	wake_waiters(h);
	kd_unlock(h);
	return prev;
}

int32_t kd_reset(struct kdisp *h)
{
	int32_t prev;

	kd_lock(h);
	prev = state_get(h);
	state_put(h, 0);
	kd_unlock(h);
	return prev;
}

int kd_semaphore_release(struct ksemaphore *s, int32_t adjustment, int32_t *previous)
{
	int32_t prev;

	kd_lock(&s->h);
	prev = state_get(&s->h);
	*previous = prev;
	if (adjustment <= 0 || prev > s->limit - adjustment) {
		kd_unlock(&s->h);
		return -1;   /* documented: exceeding the limit raises */
	}
	state_put(&s->h, prev + adjustment);
	wake_waiters(&s->h);
	kd_unlock(&s->h);
	return 0;
}

/* m locked, th its owner releasing the last level. */
static void mutex_free(struct kmutex *m, struct ke_thread *th)
{
	owned_lock(th);
	klink_del(&m->owned);
	owned_unlock(th);
	m->owner = NULL;
	state_put(&m->h, 1);
	wake_waiters(&m->h);   /* the first waiter becomes the owner */
}

int kd_mutex_release(struct kmutex *m, struct ke_thread *th, int32_t *previous)
{
	kd_lock(&m->h);
	*previous = state_get(&m->h);
	if (m->owner != th) {
		kd_unlock(&m->h);
		return -1;
	}
	if (*previous < 0)
		state_put(&m->h, *previous + 1);   /* one recursion level less */
	else
		mutex_free(m, th);
	kd_unlock(&m->h);
	return 0;
}

void kd_abandon_mutexes(struct ke_thread *th)
{
	for (;;) {
		struct kmutex *m;

		owned_lock(th);
		if (klink_empty(&th->owned)) {
			owned_unlock(th);
			return;
		}
		m = KCONTAINER(th->owned.next, struct kmutex, owned);
		owned_unlock(th);
		kd_lock(&m->h);
		if (m->owner == th) {
			m->abandoned = 1;   /* the next owner gets STATUS_ABANDONED */
			mutex_free(m, th);
		}
		kd_unlock(&m->h);
	}
}

/* ---- waits ---------------------------------------------------------------------------- */

static void block_init(struct kwait_block *b, struct ke_thread *th, struct kdisp *h,
		       unsigned index, bool wait_all)
{
	memset(b, 0, sizeof(*b));
	b->thread = th;
	b->object = h;
	b->index = (uint16_t)index;
	b->wait_all = wait_all;
	klink_init(&b->link);
}

static void block_unlink(struct kwait_block *b)
{
	if (!b->linked)
		return;
	kd_lock(b->object);
	klink_del(&b->link);
	b->linked = 0;
	kd_unlock(b->object);
}

/* Sleeps while the state word says WAITING; at the deadline claims the
 * wait as timed out (unless something else claimed it first). */
static uint32_t sleep_while_waiting(struct ke_thread *th, const struct kdeadline *d)
{
	uint32_t st;

	while ((st = atomic_load(&th->wstate)) == KW_WAITING) {
		if (!kwait_word(&th->wstate, KW_WAITING, d)) {
			uint32_t expect = KW_WAITING;

			atomic_compare_exchange_strong(&th->wstate, &expect, KW_TIMEOUT);
		}
	}
	return st;
}

static void begin_wait(struct ke_thread *th)
{
	atomic_store(&th->wstate, KW_WAITING);
	/* seq_cst store then load: ke_thread_kill does the mirror image, so
	 * one of the two always sees the other */
	if (atomic_load(&th->kill)) {
		atomic_store(&th->wstate, KW_IDLE);
		ke_thread_die(th);
	}
}

static int end_wait(struct ke_thread *th, uint32_t st)
{
	atomic_store(&th->wstate, KW_IDLE);
	if (st == KW_KILLED)
		ke_thread_die(th);
	if (st == KW_TIMEOUT)
		return KD_WAIT_TIMEOUT;
	return (int)(st & 0xFF);
}

static int wait_any(struct ke_thread *th, unsigned n, struct kdisp *const objs[],
		    const struct kdeadline *d, struct kwait_block *b)
{
	unsigned used = 0;
	uint32_t st;

	begin_wait(th);
	for (unsigned i = 0; i < n; i++) {
		struct kdisp *h = objs[i];

		block_init(&b[i], th, h, i, false);
		used = i + 1;
		kd_lock(h);
		if (signaled_for(h, th)) {
			uint32_t expect = KW_WAITING;
			uint32_t want = KW_SATISFIED | i | (would_abandon(h, th) ? KW_ABANDONED : 0);

			if (atomic_compare_exchange_strong(&th->wstate, &expect, want))
				take(h, th);
			kd_unlock(h);
			break;
		}
		if (d->kind != KDEADLINE_NOW) {
			klink_add_tail(&h->waiters, &b[i].link);
			b[i].linked = 1;
		}
		kd_unlock(h);
		if (atomic_load(&th->wstate) != KW_WAITING)
			break;   /* satisfied through an object linked earlier */
	}
	sleep_while_waiting(th, d);
	for (unsigned i = 0; i < used; i++)
		block_unlink(&b[i]);
	/* read after the unlinks: a signaller finishes under the lock */
	st = atomic_load(&th->wstate);
	return end_wait(th, st);
}

static int by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(struct kdisp *const *)a;
	uintptr_t y = (uintptr_t)*(struct kdisp *const *)b;

	return x < y ? -1 : x > y;
}

/* All locks of sorted[] held: take every object if each can be taken. */
static bool take_all(struct ke_thread *th, unsigned n, struct kdisp *const sorted[],
		     bool *abandoned)
{
	for (unsigned i = 0; i < n; i++)
		if (!signaled_for(sorted[i], th))
			return false;
	for (unsigned i = 0; i < n; i++) {
		*abandoned |= would_abandon(sorted[i], th);
		take(sorted[i], th);
	}
	return true;
}

static int wait_all(struct ke_thread *th, unsigned n, struct kdisp *const objs[],
		    const struct kdeadline *d, struct kwait_block *b)
{
	struct kdisp *sorted[64];
	bool abandoned = false;

	memcpy(sorted, objs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_address);
	for (unsigned i = 1; i < n; i++)
		if (sorted[i] == sorted[i - 1])
			return KD_WAIT_INVALID;
	for (unsigned i = 0; i < n; i++)
		block_init(&b[i], th, objs[i], i, true);
	for (;;) {
		bool done, passed;
		uint32_t st;

		begin_wait(th);
		for (unsigned i = 0; i < n; i++)
			kd_lock(sorted[i]);
		/* atomic: every object is taken with all of their locks held */
		done = take_all(th, n, sorted, &abandoned);
		passed = !done && kdeadline_passed(d);
		for (unsigned i = 0; i < n; i++) {
			if (done || passed) {
				if (b[i].linked)
					klink_del(&b[i].link);
				b[i].linked = 0;
			} else if (!b[i].linked) {
				klink_add_tail(&b[i].object->waiters, &b[i].link);
				b[i].linked = 1;
			}
		}
		for (unsigned i = n; i-- > 0;)
			kd_unlock(sorted[i]);
		if (done || passed)
			return end_wait(th, done ? (KW_SATISFIED | (abandoned ? KW_ABANDONED : 0))
					       : KW_TIMEOUT);
		st = sleep_while_waiting(th, d);
		if (st == KW_KILLED) {
			for (unsigned i = 0; i < n; i++)
				block_unlink(&b[i]);
			end_wait(th, st);
		}
		/* RECHECK or TIMEOUT: look again (a timeout is final only if the
		 * objects still cannot all be taken) */
	}
}

int kd_wait(struct ke_thread *th, unsigned count, struct kdisp *const objs[],
	    bool wait_all_objects, const struct kdeadline *d, struct kwait_block *blocks)
{
	if (wait_all_objects && count > 1)
		return wait_all(th, count, objs, d, blocks);
	return wait_any(th, count, objs, d, blocks);
}

void kd_delay(struct ke_thread *th, const struct kdeadline *d)
{
	begin_wait(th);
	end_wait(th, sleep_while_waiting(th, d));
}
