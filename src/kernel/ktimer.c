/* ktimer.c — the machine's timer queue (facts 1.3): one sorted list of
 * queued KTIMERs per machine, intrusive (TimerListEntry), driven by the
 * machine's DPC thread through its clock hook (kqueue_set_clock), so no
 * timer has a thread of its own.  On expiry a timer leaves the queue (a
 * periodic one goes back at once, one period later), its DPC is queued,
 * and it is signaled.
 *
 * Lock order: timer_lock, then an object's lock or the DPC queue's lock.
 */
#include "kernel/kexec.h"

#include "kernel/kdpc.h"
#include "kernel/kqueue.h"

/* t->machine: the queue's machine id in bits 0..7, the processor that set
 * the timer in bits 8..15 (where its DPC runs unless targeted). */
#define MACHINE_OF(t) ((t)->machine & 0xFFu)

static bool queued(const struct ktimer *t)
{
	return __atomic_load_n(&t->h.signalling, __ATOMIC_ACQUIRE) != 0;
}

static void set_queued(struct ktimer *t, bool on)
{
	__atomic_store_n(&t->h.signalling, on ? 1 : 0, __ATOMIC_RELEASE);
}

void ktimer_init(struct ktimer *t, bool synchronization)
{
	kd_init(&t->h, synchronization ? KD_TIMER_SYNCHRONIZATION : KD_TIMER_NOTIFICATION,
		sizeof(*t), 0);
	t->due_ns = 0;
	klink_init(&t->link);
	t->dpc = NULL;
	t->machine = 0;
	t->period_ms = 0;
}

/* timer_lock held */
static void insert_sorted(struct kexec *x, struct ktimer *t)
{
	struct klink *e = x->timers.next;

	while (e != &x->timers && KCONTAINER(e, struct ktimer, link)->due_ns <= t->due_ns)
		e = e->next;
	klink_add_tail(e, &t->link);   /* before e */
	set_queued(t, true);
}

static uint64_t due_from_wdk(int64_t due_100ns)
{
	uint64_t now = ktime_mono_ns(), delta;

	if (due_100ns < 0) {
		delta = due_100ns == INT64_MIN ? (uint64_t)INT64_MAX : (uint64_t)-due_100ns;
	} else {
		/* absolute system time: converted when the timer is set (a later
		 * change of the host clock does not move it; docs/runtime.md) */
		int64_t left = due_100ns - ktime_system_100ns();

		delta = left > 0 ? (uint64_t)left : 0;
	}
	if (delta > (UINT64_MAX - now) / 100)
		return UINT64_MAX;
	return now + delta * 100;
}

int ktimer_set(struct kernel *k, struct ktimer *t, int64_t due_100ns, uint32_t period_ms,
	       void *dpc, bool *was_queued)
{
	struct kexec *x = k->exec;
	bool first;

	pthread_mutex_lock(&x->timer_lock);
	*was_queued = queued(t);
	if (*was_queued && MACHINE_OF(t) != k->id) {
		pthread_mutex_unlock(&x->timer_lock);
		return -1;
	}
	if (*was_queued)
		klink_del(&t->link);
	kd_reset(&t->h);   /* facts 1.3: setting makes it not signaled */
	t->due_ns = due_from_wdk(due_100ns);
	t->period_ms = period_ms;
	t->dpc = dpc;
	t->machine = k->id | (ke_processor_current(k) & 0xFFu) << 8;
	insert_sorted(x, t);
	first = x->timers.next == &t->link;
	pthread_mutex_unlock(&x->timer_lock);
	if (first)
		kqueue_kick(k->dpc_queue);   /* the DPC thread sleeps until the head */
	return 0;
}

int ktimer_cancel(struct kernel *k, struct ktimer *t)
{
	struct kexec *x = k->exec;
	int r = 0;

	pthread_mutex_lock(&x->timer_lock);
	if (queued(t)) {
		if (MACHINE_OF(t) != k->id) {
			r = -1;
		} else {
			klink_del(&t->link);
			set_queued(t, false);
			r = 1;
		}
	}
	pthread_mutex_unlock(&x->timer_lock);
	return r;
}

size_t ktimer_cancel_if(struct kernel *k, bool (*pred)(struct ktimer *t, void *ctx), void *ctx)
{
	struct kexec *x = k->exec;
	size_t n = 0;

	pthread_mutex_lock(&x->timer_lock);
	for (struct klink *e = x->timers.next, *next; e != &x->timers; e = next) {
		struct ktimer *t = KCONTAINER(e, struct ktimer, link);

		next = e->next;
		if (pred(t, ctx)) {
			klink_del(&t->link);
			set_queued(t, false);
			n++;
		}
	}
	pthread_mutex_unlock(&x->timer_lock);
	return n;
}

/* One expired timer (timer_lock held, t at the head). */
static void expire(struct kernel *k, struct ktimer *t, uint64_t now)
{
	struct kdpc *dpc = t->dpc;
	uint64_t it = ktime_interrupt_100ns(k);

	klink_del(&t->link);
	set_queued(t, false);
	if (t->period_ms) {
		/* re-armed at once (facts 1.3); a late timer does not fire
		 * once per missed period */
		t->due_ns += (uint64_t)t->period_ms * 1000000ull;
		if (t->due_ns <= now)
			t->due_ns = now + (uint64_t)t->period_ms * 1000000ull;
		insert_sorted(k->exec, t);
	}
	/* the DPC is queued before the timer is signaled: a waiter released
	 * by the signal may free a one-shot timer and its DPC */
	if (dpc)
		kdpc_insert_from(k, dpc, (void *)(uintptr_t)(uint32_t)it,
				 (void *)(uintptr_t)(uint32_t)(it >> 32),
				 (t->machine >> 8) & 0xFFu);
	kd_set(&t->h);
}

/* The DPC thread's clock hook: expires what is due, returns the next due. */
static uint64_t ktimer_clock(void *ctx)
{
	struct kernel *k = ctx;
	struct kexec *x = k->exec;
	uint64_t now = ktime_mono_ns(), next;

	pthread_mutex_lock(&x->timer_lock);
	while (!klink_empty(&x->timers)) {
		struct ktimer *t = KCONTAINER(x->timers.next, struct ktimer, link);

		if (t->due_ns > now)
			break;
		expire(k, t, now);
	}
	next = klink_empty(&x->timers) ? UINT64_MAX
				       : KCONTAINER(x->timers.next, struct ktimer, link)->due_ns;
	pthread_mutex_unlock(&x->timer_lock);
	return next;
}

void ktimer_start(struct kernel *k)
{
	kqueue_set_clock(k->dpc_queue, ktimer_clock, k);
}
