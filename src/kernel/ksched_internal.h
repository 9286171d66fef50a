/* ksched_internal.h — the scheduler's state, shared by ksched.c (tasks,
 * the baton), ksched_wait.c (switch points, waits, STUCK) and
 * ksched_pct.c (priorities). */
#ifndef NDISDMA_KSCHED_INTERNAL_H
#define NDISDMA_KSCHED_INTERNAL_H

#include "kernel/ksched.h"

#include <stddef.h>
#include <ucontext.h>

enum { KT_RUNNABLE = 0, KT_WAITING, KT_DONE };

/* Stacks of ended coroutines a scheduler keeps for its next tasks: a
 * machine's contexts come and go with each adapter (interrupt, device
 * model, hang check), and a fresh stack is an mmap, an mprotect, page
 * faults as it is touched and an munmap (ksched_coro.c). */
#define KSCHED_STACK_POOL 16

struct ktask {
	struct ksched *s;
	uint32_t id;                 /* creation order, from 1 (the host) */
	int state;
	const char *name;
	pthread_cond_t go;           /* the baton arrived */
	/* while waiting */
	const void *key;
	bool (*ready)(const void *ctx);
	const void *ctx;
	uint64_t deadline;           /* virtual ns, UINT64_MAX: none */
	bool woken;
	const char *wait_what;       /* ksched_note_wait */
	const void *wait_site;
	/* spin-class events since the last wait or step */
	uint64_t spin_since;         /* virtual ns, UINT64_MAX: not spinning */
	const char *spin_what;
	const void *spin_site;
	uint64_t prio;               /* pct */
	/* a coroutine (ksched_coro.c) */
#if defined(__x86_64__)
	void *sp;                    /* saved stack pointer (ksched_coro.c) */
#else
	ucontext_t uc;
#endif
	void *stack;                 /* mmap'd, guard page first; NULL: the host's */
	const void *exit_sp;         /* where it ended (ASan: what to unpoison) */
	const void *stack_bottom;
	size_t stack_size;
	void *asan_fake;
	void *(*fn)(void *);
	void *arg;
	unsigned char *tls;          /* its thread-local blocks while switched away */
	unsigned char *area;         /* its KSCHED_CTX area; NULL: the host thread's */
	void *slot;                  /* ksched_task_slot: its KTHREAD */
};

struct ksched {
	struct kernel *k;
	enum ksched_mode mode;
	pthread_mutex_t lock;
	struct ktask **tasks;        /* by id */
	unsigned count, cap;
	uint32_t next_id;
	struct ktask *current;       /* holds the baton */
	struct ktask *host;
	uint64_t now;                /* virtual ns */
	uint64_t rng;                /* splitmix64 */
	uint64_t hash;               /* FNV-1a of every decision */
	uint64_t steps, switches;
	/* pct */
	uint32_t depth;
	uint64_t *change;            /* depth - 1 change points, ascending */
	uint32_t changes_done;
	/* coroutines: every task on the host thread (ksched_coro.c) */
	bool coro;
	struct ktask *zombie;        /* ended, its stack not freed yet */
	struct ktask *from;          /* the task of the last switch */
	void *stack_pool[KSCHED_STACK_POOL];  /* stacks of ended tasks, reused */
	unsigned stacks_pooled;
};

/* The scheduler's lock.  With coroutines (s->coro) every task runs on
 * the one host thread and only the baton holder runs, so nothing else
 * can hold it: taking it is skipped (two uncontended pthread calls per
 * switch point, docs/scheduling.md "Cost").  With a host thread per task
 * (ThreadSanitizer, NDISDMA_SCHED_HOST_THREADS) it guards everything
 * here, as the baton passes between host threads.  KSCHED_NO_COVERAGE
 * (ksched.c), as kmutex_lock. */
void slock(struct ksched *s);
void sunlock(struct ksched *s);

/* The decision stream (splitmix64) and the trace (FNV-1a, 64 bits), at
 * every switch point: inline. */
static inline uint64_t ksched_random(struct ksched *s)
{
	uint64_t z = (s->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline void ksched_trace(struct ksched *s, uint64_t v)
{
	s->hash = (s->hash ^ v) * 0x100000001B3ull;
}
/* s locked: hands the baton on (to self, maybe); `avoid` only if nothing
 * else can run. */
void ksched_switch_from(struct ksched *s, struct ktask *self, struct ktask *avoid);
/* s locked: sleeps until self holds the baton (with coroutines it does
 * when its switch returns: nothing to wait for). */
void ksched_wait_baton_sleep(struct ksched *s, struct ktask *self);
static inline void ksched_wait_baton(struct ksched *s, struct ktask *self)
{
	if (s->current != self)
		ksched_wait_baton_sleep(s, self);
}
void ksched_wake_locked(struct ksched *s, const void *key);
/* Every task blocked for good: the STUCK report, then the run ends. */
_Noreturn void ksched_stuck_all(struct ksched *s, struct ktask *self);

/* kthread.c: a coroutine's KTHREAD (ksched_task_slot) at its end, as a
 * host thread's end signals its own. */
void ke_thread_context_ends(void *kthread);

/* s locked: t leaves the list and is freed. */
void ksched_task_free(struct ksched *s, struct ktask *t);

bool ksched_coro_wanted(void);
int ksched_coro_task_init(struct ksched *s, struct ktask *t);
void ksched_coro_task_fini(struct ktask *t);
int ksched_coro_spawn(struct ktask *t, void *(*fn)(void *), void *arg);
void ksched_coro_switch(struct ksched *s, struct ktask *self, struct ktask *t);
void ksched_coro_reap_all(struct ksched *s);
/* The machine's end: the pooled stacks are unmapped. */
void ksched_coro_fini(struct ksched *s);

void ksched_pct_init(struct ksched *s, uint32_t depth, uint64_t steps);
void ksched_pct_fini(struct ksched *s);
uint64_t ksched_pct_priority(struct ksched *s);
struct ktask *ksched_pct_choose(struct ksched *s, struct ktask **c, unsigned n);
void ksched_pct_step(struct ksched *s, struct ktask *self);

#endif
