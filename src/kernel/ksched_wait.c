/* ksched_wait.c — switch points, waits and wake-ups, the condition
 * variables and spin backoff every internal wait uses, and the STUCK
 * report (see ksched.h; spec §9; docs/scheduling.md). */
#include "kernel/ksched_internal.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernel/kernel.h"
#include "kernel/ktime.h"
#include "verifier/verifier.h"

/* ---- STUCK -------------------------------------------------------------------------- */

/* s locked, self holding the baton.  The report names the first waiting
 * driver call site (the facts' call site) and lists every waiting task;
 * then the run ends as a bug check ends it (spec §9): kernel_stuck_end
 * lets the host write its summary and SARIF on self, which runs on alone
 * (made runnable, so a switch point of the host's handler comes back to
 * it; every other task stays parked). */
static _Noreturn void stuck(struct ksched *s, struct ktask *self, const char *why,
			    const void *site)
{
	char list[1024];
	size_t used = 0;
	struct vf_facts f = { .irql = -1, .call_site = site };

	list[0] = 0;
	for (unsigned i = 0; i < s->count && used < sizeof(list) - 1; i++) {
		struct ktask *t = s->tasks[i];
		int n;

		if (t->state != KT_WAITING)
			continue;
		if (!f.call_site && t->wait_site)
			f.call_site = t->wait_site;
		n = snprintf(list + used, sizeof(list) - used, "%s%s in %s", used ? "; " : "",
			     t->name, t->wait_what ? t->wait_what : "its idle wait");
		if (n > 0)
			used += (size_t)n < sizeof(list) - used ? (size_t)n : sizeof(list) - used - 1;
	}
	vf_report(s->k->verifier, VF_STUCK, &f, "%s at virtual time %llu ns (waiting: %s)", why,
		  (unsigned long long)(s->now - KSCHED_EPOCH_NS), used ? list : "none");
	self->state = KT_RUNNABLE;
	self->spin_since = UINT64_MAX;
	s->current = self;
	sunlock(s);
	kernel_stuck_end(s->k, &(struct kernel_stuck){ .why = why, .call_site = f.call_site });
}

_Noreturn void ksched_stuck_all(struct ksched *s, struct ktask *self)
{
	stuck(s, self, "every task is blocked and none waits with a timeout", NULL);
}

/* ---- switch points ------------------------------------------------------------------ */

static bool spin_class(enum ksched_ev ev)
{
	return ev >= KSCHED_EV_REG_READ;
}

void ksched_point(enum ksched_ev ev, uint64_t cost_ns, const char *what, const void *site)
{
	struct ktask *self = ktask_self;
	struct ksched *s;

	if (!self)
		return;
	s = self->s;
	slock(s);
	s->now += cost_ns;
	ksched_trace(s, (uint64_t)ev << 56 ^ cost_ns);
	if (!spin_class(ev)) {
		self->spin_since = UINT64_MAX;
	} else if (self->spin_since == UINT64_MAX) {
		self->spin_since = s->now;
		self->spin_what = what;
		self->spin_site = site;
	} else if (s->now - self->spin_since > KSCHED_SPIN_BOUND_NS) {
		char why[160];

		snprintf(why, sizeof(why), "task '%s' has done nothing but spin in %s for %llu ms "
			 "of virtual time", self->name, self->spin_what ? self->spin_what : "a loop",
			 (unsigned long long)(KSCHED_SPIN_BOUND_NS / 1000000));
		stuck(s, self, why, self->spin_site);
	}
	/* a spinning task lets the others run first (a poll lets the device
	 * move; a contended lock lets its holder release it) */
	ksched_switch_from(s, self, spin_class(ev) ? self : NULL);
	ksched_wait_baton(s, self);
	sunlock(s);
}

void ksched_note_wait(const char *what, const void *site)
{
	if (ktask_self) {
		ktask_self->wait_what = what;
		ktask_self->wait_site = site;
	}
}

bool ksched_wait(const void *key, bool (*ready)(const void *ctx), const void *ctx,
		 uint64_t deadline_ns)
{
	struct ktask *self = ktask_self;
	struct ksched *s;
	bool ok;

	if (!self)
		return true;
	s = self->s;
	slock(s);
	if (ready && ready(ctx)) {
		sunlock(s);
		return true;
	}
	self->state = KT_WAITING;
	self->key = key;
	self->ready = ready;
	self->ctx = ctx;
	self->deadline = deadline_ns;
	self->woken = false;
	self->spin_since = UINT64_MAX;
	ksched_trace(s, (uint64_t)KSCHED_EV_WAIT << 56 ^ (deadline_ns != UINT64_MAX));
	ksched_switch_from(s, self, NULL);
	ksched_wait_baton(s, self);
	ok = self->woken || (ready && ready(ctx)) || s->now < deadline_ns;
	self->state = KT_RUNNABLE;
	self->key = NULL;
	self->ready = NULL;
	self->ctx = NULL;
	self->deadline = UINT64_MAX;
	self->wait_what = NULL;
	self->wait_site = NULL;
	sunlock(s);
	return ok;
}

void ksched_wake_locked(struct ksched *s, const void *key)
{
	for (unsigned i = 0; i < s->count; i++) {
		struct ktask *t = s->tasks[i];

		if (t->state == KT_WAITING && t->key == key)
			t->woken = true;
	}
}

void ksched_wake(const void *key)
{
	struct ktask *self = ktask_self;

	if (!self || !key)
		return;
	slock(self->s);
	ksched_wake_locked(self->s, key);
	sunlock(self->s);
}

uint64_t ksched_now(void)
{
	struct ktask *self = ktask_self;

	/* only the baton holder runs, and only it moves the clock: no lock */
	return self ? __atomic_load_n(&self->s->now, __ATOMIC_RELAXED) : 0;
}

/* ---- conditions and spins ----------------------------------------------------------- */

bool kcond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline_mono_ns)
{
	bool ok;

	if (!ktask_self)
		return kwait_cond(c, m, deadline_mono_ns);
	pthread_mutex_unlock(m);
	ok = ksched_wait(c, NULL, NULL, deadline_mono_ns);
	pthread_mutex_lock(m);
	return ok;
}

KSCHED_NO_COVERAGE void kmutex_lock(const struct kernel *k, pthread_mutex_t *m)
{
	if (ksched_solo(k))
		ksched_solo_held++;
	else
		pthread_mutex_lock(m);
}

KSCHED_NO_COVERAGE void kmutex_unlock(const struct kernel *k, pthread_mutex_t *m)
{
	if (ksched_solo(k))
		ksched_solo_held--;
	else
		pthread_mutex_unlock(m);
}

KSCHED_NO_COVERAGE void krw_rdlock(const struct kernel *k, pthread_rwlock_t *l)
{
	if (ksched_solo(k))
		ksched_solo_held++;
	else
		pthread_rwlock_rdlock(l);
}

KSCHED_NO_COVERAGE void krw_wrlock(const struct kernel *k, pthread_rwlock_t *l)
{
	if (ksched_solo(k))
		ksched_solo_held++;
	else
		pthread_rwlock_wrlock(l);
}

KSCHED_NO_COVERAGE void krw_unlock(const struct kernel *k, pthread_rwlock_t *l)
{
	if (ksched_solo(k))
		ksched_solo_held--;
	else
		pthread_rwlock_unlock(l);
}

KSCHED_NO_COVERAGE bool kcond_wait_k(const struct kernel *k, pthread_cond_t *c,
				     pthread_mutex_t *m, uint64_t deadline_mono_ns)
{
	bool ok;

	if (!ksched_solo(k))
		return kcond_wait(c, m, deadline_mono_ns);
	ksched_solo_held--;   /* m is released while waiting, as kcond_wait does */
	ok = ksched_wait(c, NULL, NULL, deadline_mono_ns);
	ksched_solo_held++;
	return ok;
}

void kcond_signal(pthread_cond_t *c)
{
	pthread_cond_signal(c);
	ksched_wake(c);
}

void kcond_broadcast(pthread_cond_t *c)
{
	pthread_cond_broadcast(c);
	ksched_wake(c);
}

void kspin_backoff(unsigned *spins)
{
	if (ktask_self) {
		ksched_point(KSCHED_EV_SPIN, KSCHED_SPIN_NS, "a contended spin lock",
			     __builtin_return_address(0));
		return;
	}
	if (++*spins < 256)
		__builtin_ia32_pause();
	else
		sched_yield();
}

/* ---- host locks held across switch points -------------------------------------------- */

void ksched_mutex_lock(pthread_mutex_t *m)
{
	if (!ktask_self) {
		pthread_mutex_lock(m);
		return;
	}
	ksched_note_wait("a runtime lock", NULL);
	while (pthread_mutex_trylock(m) != 0)
		ksched_wait(m, NULL, NULL, UINT64_MAX);   /* woken by its unlock */
	ksched_note_wait(NULL, NULL);
}

void ksched_mutex_unlock(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
	ksched_wake(m);
}

void ksched_rw_rdlock(pthread_rwlock_t *l)
{
	if (!ktask_self) {
		pthread_rwlock_rdlock(l);
		return;
	}
	ksched_note_wait("a runtime lock", NULL);
	while (pthread_rwlock_tryrdlock(l) != 0)
		ksched_wait(l, NULL, NULL, UINT64_MAX);
	ksched_note_wait(NULL, NULL);
}

void ksched_rw_wrlock(pthread_rwlock_t *l)
{
	if (!ktask_self) {
		pthread_rwlock_wrlock(l);
		return;
	}
	ksched_note_wait("a runtime lock", NULL);
	while (pthread_rwlock_trywrlock(l) != 0)
		ksched_wait(l, NULL, NULL, UINT64_MAX);
	ksched_note_wait(NULL, NULL);
}

void ksched_rw_unlock(pthread_rwlock_t *l)
{
	pthread_rwlock_unlock(l);
	ksched_wake(l);
}
