/* ksched.c — the seeded scheduler: tasks, the baton, virtual time (see
 * ksched.h; docs/scheduling.md).
 *
 * Only s->current runs.  Every task is a coroutine of the host thread
 * (ksched_coro.c), or with the host-thread fallback a host thread with
 * its own condition variable, asleep on it until it is made current;
 * then the scheduler's lock guards everything here (slock,
 * ksched_internal.h: with coroutines nothing else can hold it).  Each
 * decision is drawn from the scheduler's own splitmix64 stream (seeded
 * from the run's seed, apart from kernel_random's, so a decision never
 * shifts the layout or fault sequence) and hashed into the trace.
 */
#include "kernel/ksched.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kernel/kernel.h"
#include "kernel/ksched_internal.h"
#include "kernel/ktime.h"

__thread struct ktask *ktask_self __attribute__((tls_model("initial-exec")));
__thread const struct kernel *ksched_solo_kernel __attribute__((tls_model("initial-exec")));
__thread unsigned ksched_solo_held __attribute__((tls_model("initial-exec")));

KSCHED_NO_COVERAGE void slock(struct ksched *s)
{
	if (!s->coro)
		pthread_mutex_lock(&s->lock);
}

KSCHED_NO_COVERAGE void sunlock(struct ksched *s)
{
	if (!s->coro)
		pthread_mutex_unlock(&s->lock);
}

/* ---- tasks -------------------------------------------------------------------- */

static struct ktask *task_alloc(struct ksched *s, const char *name)
{
	struct ktask *t = calloc(1, sizeof(*t));
	struct ktask **v;

	if (!t)
		return NULL;
	if (s->count == s->cap) {
		unsigned cap = s->cap ? s->cap * 2 : 16;

		v = realloc(s->tasks, cap * sizeof(*v));
		if (!v) {
			free(t);
			return NULL;
		}
		s->tasks = v;
		s->cap = cap;
	}
	t->s = s;
	t->id = ++s->next_id;
	t->name = name;
	t->state = KT_RUNNABLE;
	t->deadline = UINT64_MAX;
	t->spin_since = UINT64_MAX;
	t->prio = ksched_pct_priority(s);
	if (ksched_coro_task_init(s, t) != 0) {
		free(t);
		return NULL;
	}
	pthread_cond_init(&t->go, NULL);
	s->tasks[s->count++] = t;
	ksched_trace(s, 0x5000000000ull | t->id);
	return t;
}

/* s locked: t leaves the list (ids keep their order) and is freed. */
void ksched_task_free(struct ksched *s, struct ktask *t)
{
	for (unsigned i = 0; i < s->count; i++) {
		if (s->tasks[i] != t)
			continue;
		memmove(&s->tasks[i], &s->tasks[i + 1], (s->count - i - 1) * sizeof(*s->tasks));
		s->count--;
		break;
	}
	pthread_cond_destroy(&t->go);
	ksched_coro_task_fini(t);
	free(t);
}

/* ---- choosing ---------------------------------------------------------------------- */

static bool eligible(struct ksched *s, struct ktask *t)
{
	if (t->state == KT_RUNNABLE)
		return true;
	if (t->state != KT_WAITING)
		return false;
	return t->woken || t->deadline <= s->now || (t->ready && t->ready(t->ctx));
}

/* r % n, the same value, with the divisor a constant for the usual
 * handful of candidates (a multiply and shift instead of a 64-bit
 * division at every switch point; the choices, so every trace hash, stay
 * as they were). */
static inline unsigned below(uint64_t r, unsigned n)
{
	switch (n) {
	case 1: return 0;
	case 2: return (unsigned)(r % 2);
	case 3: return (unsigned)(r % 3);
	case 4: return (unsigned)(r % 4);
	case 5: return (unsigned)(r % 5);
	case 6: return (unsigned)(r % 6);
	default: return (unsigned)(r % n);
	}
}

/* s locked: the task to run next, advancing the clock while every task
 * waits; NULL when none can ever run (stuck).  `avoid` (a spinning task)
 * is taken only when nothing else can run. */
static struct ktask *pick(struct ksched *s, struct ktask *avoid)
{
	struct ktask *cand[64], **c = cand;
	unsigned n;

	if (s->count > 64 && !(c = malloc(s->count * sizeof(*c)))) {
		fprintf(stderr, "ndisdma: seeded scheduler: out of memory\n");
		abort();   /* no decision can be made: the run cannot replay */
	}
	for (;;) {
		uint64_t due = UINT64_MAX;
		struct ktask *t = NULL;

		n = 0;
		for (unsigned i = 0; i < s->count; i++)
			if (s->tasks[i] != avoid && eligible(s, s->tasks[i]))
				c[n++] = s->tasks[i];
		if (!n && avoid && eligible(s, avoid))
			c[n++] = avoid;
		if (n) {
			t = s->mode == KSCHED_PCT ? ksched_pct_choose(s, c, n)
						  : c[below(ksched_random(s), n)];
			if (c != cand)
				free(c);
			return t;
		}
		for (unsigned i = 0; i < s->count; i++)
			if (s->tasks[i]->state == KT_WAITING && s->tasks[i]->deadline < due)
				due = s->tasks[i]->deadline;
		if (due == UINT64_MAX)
			break;
		s->now = due;   /* nothing can run before it: time jumps */
		ksched_trace(s, 0x7000000000000000ull ^ due);
	}
	if (c != cand)
		free(c);
	return NULL;
}

/* A host lock not taken because the machine is solo (kmutex_lock) would
 * be shared by the task switched to: the rule every such lock keeps is
 * checked, as with real locks the next task to take it would deadlock. */
static _Noreturn void held_across(const struct ktask *self)
{
	fprintf(stderr, "ndisdma: seeded scheduler: task '%s' reached a switch point holding %u "
		"of the machine's host locks (docs/scheduling.md, \"Rules the runtime keeps\")\n",
		self->name, ksched_solo_held);
	abort();
}

/* s locked: hands the baton to the next task (it may be self). */
void ksched_switch_from(struct ksched *s, struct ktask *self, struct ktask *avoid)
{
	struct ktask *t;

	if (ksched_solo_held && s->coro)
		held_across(self);
	t = pick(s, avoid);

	if (!t)
		ksched_stuck_all(s, self);   /* does not return */
	s->switches += t != self;
	s->steps++;
	if (s->change)   /* pct with change points left to reach */
		ksched_pct_step(s, self);
	ksched_trace(s, (uint64_t)t->id << 8 | (t != self));
	if (t->state == KT_WAITING)
		t->state = KT_RUNNABLE;
	s->current = t;
	if (t == self)
		return;
	if (s->coro)
		ksched_coro_switch(s, self, t);   /* returns when self is current again */
	else
		pthread_cond_signal(&t->go);
}

/* The watchdog of a parked task: the baton holder blocked outside the
 * scheduler (a host lock held across a switch point) would hang the run
 * silently; say so once. */
void ksched_wait_baton_sleep(struct ksched *s, struct ktask *self)
{
	uint64_t seen = s->switches;
	int idle = 0;

	while (s->current != self) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 30;
		if (pthread_cond_timedwait(&self->go, &s->lock, &ts) != ETIMEDOUT)
			continue;
		if (s->switches != seen) {
			seen = s->switches;
			idle = 0;
		} else if (++idle == 2 && s->current) {
			fprintf(stderr, "ndisdma: seeded scheduler: no switch for 60 s; task '%s' "
				"holds the baton (blocked outside the scheduler?)\n",
				s->current->name);
		}
	}
}

/* ---- the machine's scheduler -------------------------------------------------------- */

int ksched_create(struct kernel *k, const struct ksched_config *c, uint64_t seed)
{
	struct ksched *s;
	struct ktask *host;

	k->sched = NULL;
	if (!c || c->mode == KSCHED_THREADS)
		return 0;
	if (ktask_self)
		return -EBUSY;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->k = k;
	s->mode = c->mode;
	s->rng = seed ^ 0x5CED5CED5CED5CEDull;   /* as ksched_reseed */
	s->hash = 0xCBF29CE484222325ull;
	s->now = KSCHED_EPOCH_NS;
	s->coro = ksched_coro_wanted();
	pthread_mutex_init(&s->lock, NULL);
	ksched_pct_init(s, c->pct_depth, c->pct_steps);
	slock(s);
	host = task_alloc(s, "host");
	sunlock(s);
	if (!host) {
		pthread_mutex_destroy(&s->lock);
		free(s);
		return -ENOMEM;
	}
	s->current = host;
	s->host = host;
	host->area = NULL;   /* the host thread's own area (ksched_ctx_host) */
	ktask_self = host;
	if (s->coro) {
		ksched_solo_kernel = k;   /* kmutex_lock: every context on this thread */
		ksched_solo_held = 0;
	}
	k->sched = s;
	return 0;
}

void ksched_destroy(struct kernel *k)
{
	struct ksched *s = k->sched;

	if (!s)
		return;
	if (ktask_self && ktask_self->s == s)
		ktask_self = NULL;
	if (ksched_solo_kernel == k)
		ksched_solo_kernel = NULL;
	slock(s);
	ksched_coro_reap_all(s);
	while (s->count) {
		struct ktask *t = s->tasks[0];

		if (t != s->host)
			fprintf(stderr, "ndisdma: seeded scheduler: task '%s' outlives its "
				"machine\n", t->name);
		ksched_task_free(s, t);
	}
	ksched_coro_fini(s);
	sunlock(s);
	ksched_pct_fini(s);
	free(s->tasks);
	pthread_mutex_destroy(&s->lock);
	free(s);
	k->sched = NULL;
}

void ksched_reseed(struct kernel *k, uint64_t seed)
{
	struct ksched *s = k->sched;

	if (!s)
		return;
	slock(s);
	s->rng = seed ^ 0x5CED5CED5CED5CEDull;
	sunlock(s);
}

uint64_t ksched_trace_hash(const struct kernel *k)
{
	struct ksched *s = k->sched;
	uint64_t h;

	if (!s)
		return 0;
	slock(s);
	h = s->hash;
	sunlock(s);
	return h;
}

uint64_t ksched_switches(const struct kernel *k)
{
	struct ksched *s = k->sched;
	uint64_t n;

	if (!s)
		return 0;
	slock(s);
	n = s->switches;
	sunlock(s);
	return n;
}

/* ---- task lifetimes ------------------------------------------------------------------ */

struct ktask *ksched_task_new(struct kernel *k, const char *name, uint32_t *id)
{
	struct ksched *s = k ? k->sched : NULL;
	struct ktask *t;

	if (id)
		*id = 0;
	if (!s || !ktask_self || ktask_self->s != s)
		return NULL;
	slock(s);
	t = task_alloc(s, name);
	sunlock(s);
	if (!t) {
		fprintf(stderr, "ndisdma: seeded scheduler: out of memory for task '%s'\n", name);
		abort();   /* a thread outside the scheduler would break the run */
	}
	if (id)
		*id = t->id;
	return t;
}

void ksched_task_abandon(struct ktask *t)
{
	struct ksched *s;

	if (!t)
		return;
	s = t->s;
	slock(s);
	ksched_task_free(s, t);
	sunlock(s);
}

void ksched_task_start(struct ktask *t)
{
	struct ksched *s;

	if (!t)
		return;
	s = t->s;
	ktask_self = t;
	slock(s);
	ksched_wait_baton(s, t);
	sunlock(s);
}

void ksched_task_exit(void)
{
	struct ktask *self = ktask_self;
	struct ksched *s;

	if (!self)
		return;
	s = self->s;
	if (self->slot)
		ke_thread_context_ends(self->slot);   /* as a host thread's end would */
	slock(s);
	self->state = KT_DONE;
	ksched_wake_locked(s, self);   /* its joiner */
	ksched_trace(s, 0x6000000000ull | self->id);
	if (s->coro) {
		self->exit_sp = __builtin_frame_address(0);
		s->zombie = self;   /* freed by the next task: this is its stack */
		ksched_switch_from(s, self, NULL);   /* never returns */
		abort();
	}
	ksched_switch_from(s, self, NULL);
	ksched_task_free(s, self);
	sunlock(s);
	ktask_self = NULL;
}

int ksched_spawn(struct kernel *k, struct ktask *t, pthread_t *pt, void *(*fn)(void *),
		 void *arg)
{
	struct ksched *s = k ? k->sched : NULL;

	if (!t || !s || !s->coro)
		return pthread_create(pt, NULL, fn, arg);
	return ksched_coro_spawn(t, fn, arg) ? EAGAIN : 0;
}

bool ksched_host_thread(const struct kernel *k, const struct ktask *t)
{
	return !t || !k->sched || !k->sched->coro;
}

void ksched_reap(struct kernel *k, const struct ktask *t, uint32_t id, pthread_t pt)
{
	ksched_join(id);
	if (ksched_host_thread(k, t))
		pthread_join(pt, NULL);
}

struct join_ctx {
	struct ksched *s;
	uint32_t id;
};

/* Read by whichever task switches, under s->lock. */
static bool task_gone(const void *ctx)
{
	const struct join_ctx *j = ctx;

	for (unsigned i = 0; i < j->s->count; i++)
		if (j->s->tasks[i]->id == j->id)
			return j->s->tasks[i]->state == KT_DONE;
	return true;
}

void ksched_join(uint32_t id)
{
	struct join_ctx j;

	if (!ktask_self || !id)
		return;
	j.s = ktask_self->s;
	j.id = id;
	ksched_note_wait("thread end", NULL);
	while (!ksched_wait(NULL, task_gone, &j, UINT64_MAX))
		;
}
