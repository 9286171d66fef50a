/* ksched.h — the seeded scheduler of spec §9 (docs/scheduling.md).
 *
 * Under `--sched seeded` or `pct:D` every host thread of a machine — the
 * thread that created it (the host: the CLI's or a test's), the DPC and
 * work threads, interrupt threads, device-model threads, the hang check,
 * system threads — is a task, and only the task holding the baton runs.
 * At each switch point (a wait, a register read, a stall, a contended
 * spin lock, the start of a DPC, work item, ISR or device step) the
 * scheduler picks the next task from the seed (seeded: uniformly among
 * the tasks that can run; pct: the one of highest priority, Burckhardt et
 * al., ASPLOS 2010) and hands it the baton.  Time is virtual: when no
 * task can run the clock jumps to the earliest deadline, so nothing ever
 * sleeps; when no task can run and none waits with a deadline, the run
 * ends with a STUCK report naming each waiting call site.
 *
 * Under `--sched threads` (no scheduler) every function here is a no-op
 * or the host's real behaviour: ktask_self is NULL on every thread.
 *
 * The rule that keeps this correct: a task is switched away only at a
 * switch point, and no switch point is reached while an internal pthread
 * mutex is held (a wait releases its mutex first; kcond_wait does).  Spin
 * locks (kspin.h, dispatcher object locks) yield at contention instead of
 * spinning, so a task switched away holding one is run again.
 */
#ifndef NDISDMA_KSCHED_H
#define NDISDMA_KSCHED_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;
struct ksched;
struct ktask;

enum ksched_mode {
	KSCHED_THREADS = 0,   /* free-running host threads (no scheduler) */
	KSCHED_SEEDED,        /* uniform choice from the seed */
	KSCHED_PCT,           /* randomized priorities, depth pct_depth */
};

/* What a switch point is (hashed into the trace; spin-class events count
 * toward the spin bound). */
enum ksched_ev {
	KSCHED_EV_START = 1,  /* a task starts */
	KSCHED_EV_STEP,       /* a unit of work begins: DPC, work item, ISR, device step */
	KSCHED_EV_CALL,       /* an NDIS call that hands work to another context */
	KSCHED_EV_WAIT,       /* a wait blocks */
	KSCHED_EV_EXIT,       /* a task ends */
	KSCHED_EV_REG_READ,   /* spin class from here on */
	KSCHED_EV_STALL,
	KSCHED_EV_SPIN,       /* a contended spin lock */
	KSCHED_EV_CLOCK,      /* a driver reads a clock */
};

/* Virtual cost of a register read (a PCIe read's latency) and of a spin
 * on a contended lock; a stall costs what it asks for. */
#define KSCHED_REG_READ_NS 1000ull
#define KSCHED_SPIN_NS 100ull
#define KSCHED_CLOCK_NS 100ull
/* A task that does nothing but spin-class events for this long (virtual)
 * is stuck (STUCK: a spin on a register nothing will change). */
#define KSCHED_SPIN_BOUND_NS 1000000000ull
/* PCT: the number of steps the change points are drawn from when
 * pct:D gives none (pct:D:K). */
#define KSCHED_PCT_DEFAULT_STEPS 200000ull
/* Virtual time starts here (1 s) and system time at 2026-01-01 UTC. */
#define KSCHED_EPOCH_NS 1000000000ull
#define KSCHED_SYSTEM_EPOCH_100NS 134116992000000000ll

struct ksched_config {
	enum ksched_mode mode;
	uint32_t pct_depth;       /* D >= 1 */
	uint64_t pct_steps;       /* K; 0: KSCHED_PCT_DEFAULT_STEPS */
};

extern __thread struct ktask *ktask_self __attribute__((tls_model("initial-exec")));

static inline bool ksched_active(void) { return ktask_self != NULL; }

/* Creates k's scheduler (nothing under KSCHED_THREADS) and makes the
 * calling thread its first task, "host", holding the baton.  -EBUSY when
 * the calling thread is already a task of another machine. */
int ksched_create(struct kernel *k, const struct ksched_config *c, uint64_t seed);
/* The host detaches; every other task must have ended. */
void ksched_destroy(struct kernel *k);
/* The hash of every scheduling decision so far (0 without a scheduler). */
uint64_t ksched_trace_hash(const struct kernel *k);
/* The decision stream starts again from seed, as at ksched_create (a
 * fuzz target's fresh state per input, docs/fuzzing.md). */
void ksched_reseed(struct kernel *k, uint64_t seed);
uint64_t ksched_switches(const struct kernel *k);

/* A thread the running task is about to create: its task, or NULL when
 * the machine has no scheduler (or the creator is not one of its tasks).
 * *id (when given) names it for ksched_join. */
struct ktask *ksched_task_new(struct kernel *k, const char *name, uint32_t *id);
/* pthread_create failed: forget the task. */
void ksched_task_abandon(struct ktask *t);
/* First thing on the new thread: waits for the baton (NULL: nothing). */
void ksched_task_start(struct ktask *t);
/* Last thing on a task's thread: it ends, the baton passes on. */
void ksched_task_exit(void);
/* Before pthread_join of a task's thread: lets the others run until the
 * task with this id has ended (nothing for id 0 or without a scheduler). */
void ksched_join(uint32_t id);

/* Starts fn(arg) as task t (ksched_task_new; NULL: a plain host thread):
 * under a seeded or pct scheduler a coroutine of the scheduler's host
 * thread (*pt untouched), else pthread_create.  0 or an errno. */
int ksched_spawn(struct kernel *k, struct ktask *t, pthread_t *pt, void *(*fn)(void *),
		 void *arg);
/* Whether ksched_spawn(k, t, ...) made a host thread (pthread_setname_np,
 * pthread_join apply). */
bool ksched_host_thread(const struct kernel *k, const struct ktask *t);
/* Waits for the end of what ksched_spawn started: ksched_join(id), then
 * pthread_join for a host thread. */
void ksched_reap(struct kernel *k, const struct ktask *t, uint32_t id, pthread_t pt);
/* The calling context: its task under a scheduler (tasks share one host
 * thread), else its host thread. */
static inline uintptr_t kcontext_self(void)
{
	return ktask_self ? (uintptr_t)ktask_self : (uintptr_t)pthread_self();
}
/* Whether the caller is the context of task t (NULL: of host thread pt). */
static inline bool kcontext_is(const struct ktask *t, pthread_t pt)
{
	return ktask_self ? ktask_self == t : pthread_equal(pthread_self(), pt) != 0;
}

/* Thread-local state a context keeps across switch points: with the
 * tasks as coroutines of one host thread (ksched_coro.c) each task's copy
 * of every registered block is saved and restored at each switch.  A
 * context's state (not a scratch buffer used between two switch points)
 * is a KSCHED_CTX (below), copied at no switch; a __thread variable read
 * directly on per-packet paths or by the WDK headers' macros is declared
 * with KSCHED_TLS(var) after its definition. */
void ksched_tls_register(void *(*addr)(void), size_t size);
#define KSCHED_TLS(var)                                                       \
	static void *ksched_tls_addr_##var(void) { return (void *)&var; }     \
	__attribute__((constructor)) static void ksched_tls_reg_##var(void)   \
	{                                                                     \
		ksched_tls_register(ksched_tls_addr_##var, sizeof(var));      \
	}
/* Context-local state reached through the current context's area
 * instead of copied: each coroutine task has an area (zeroed when it is
 * made), a host thread its own (thread-local), and a switch only points
 * ksched_ctx_cur at the next task's.  A module declares its state with
 * KSCHED_CTX(type, name) and reaches it through ksched_ctx_ptr_name();
 * what other layers' code or a driver reads as a variable (kthread_self,
 * NdisDmaCallerFunction) stays a KSCHED_TLS block. */
#define KSCHED_CTX_MAX 512u
size_t ksched_ctx_register(size_t size, size_t align);
extern __thread unsigned char *ksched_ctx_cur __attribute__((tls_model("initial-exec")));
unsigned char *ksched_ctx_host(void);   /* this host thread's, made current */
static inline void *ksched_ctx_at(size_t off)
{
	unsigned char *b = ksched_ctx_cur;

	if (__builtin_expect(b == NULL, 0))
		b = ksched_ctx_host();
	return b + off;
}
#define KSCHED_CTX(type, name)                                                \
	static size_t ksched_ctx_off_##name;                                  \
	__attribute__((constructor)) static void ksched_ctx_reg_##name(void)  \
	{                                                                     \
		ksched_ctx_off_##name = ksched_ctx_register(sizeof(type),     \
							    _Alignof(type));  \
	}                                                                     \
	static inline type *ksched_ctx_ptr_##name(void)                       \
	{                                                                     \
		return (type *)ksched_ctx_at(ksched_ctx_off_##name);          \
	}

/* Per-task storage of `size` bytes (zeroed, freed with the task) for a
 * coroutine task; NULL on a host thread (its own TLS serves). */
void *ksched_task_slot(size_t size);

/* A switch point of the calling task (nothing without one). */
void ksched_point(enum ksched_ev ev, uint64_t cost_ns, const char *what, const void *site);
/* Blocks the calling task until ready(ctx) holds (when given), someone
 * calls ksched_wake(key), or the virtual clock reaches deadline_ns
 * (UINT64_MAX: never).  False when it returned at the deadline.  ready
 * runs on whichever task is switching: it may only read. */
bool ksched_wait(const void *key, bool (*ready)(const void *ctx), const void *ctx,
		 uint64_t deadline_ns);
/* Tasks waiting on key may run again (a condition they wait for changed). */
void ksched_wake(const void *key);
/* The API and driver call site of the next wait of the calling task (named
 * by a STUCK report); cleared when the wait returns. */
void ksched_note_wait(const char *what, const void *site);
/* The calling task's virtual clock, ns. */
uint64_t ksched_now(void);

/* Condition variables that work under both schedulers: every wait and
 * signal of a machine's internal conditions goes through these.  Waits
 * may wake spuriously (callers loop on their predicate).  deadline:
 * ktime_mono_ns() units, UINT64_MAX none; false at the deadline. */
bool kcond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline_mono_ns);
void kcond_signal(pthread_cond_t *c);
void kcond_broadcast(pthread_cond_t *c);

/* A machine all of whose contexts are coroutines of one host thread
 * (a seeded or pct scheduler without the host-thread fallback,
 * ksched_coro.c): on that thread ksched_solo(k) holds, from ksched_create
 * to ksched_destroy; elsewhere, and for any other machine, it does not. */
extern __thread const struct kernel *ksched_solo_kernel __attribute__((tls_model("initial-exec")));
/* How many of the solo machine's kmutex_lock mutexes (below) the running
 * task holds: zero at every switch point, or the rule at the top is
 * broken (ksched_switch_from aborts, naming the task). */
extern __thread unsigned ksched_solo_held __attribute__((tls_model("initial-exec")));

static inline bool ksched_solo(const struct kernel *k)
{
	return ksched_solo_kernel == k && k;
}

/* No coverage instrumentation in a function (a fuzz build's edges and
 * comparison callbacks): for the runtime's own plumbing whose branches
 * are the same for every input. */
#if defined(__clang__)
#define KSCHED_NO_COVERAGE __attribute__((noinline, no_sanitize("coverage")))
#elif defined(__has_attribute)
#if __has_attribute(no_sanitize_coverage)
#define KSCHED_NO_COVERAGE __attribute__((noinline, no_sanitize_coverage))
#endif
#endif
#ifndef KSCHED_NO_COVERAGE
#define KSCHED_NO_COVERAGE __attribute__((noinline))
#endif

/* A host mutex of machine k that no path holds across a switch point
 * (the rule at the top): when k is solo only the baton holder runs and
 * it cannot be switched away while it holds one, so nothing else can
 * hold it and it is not taken (an uncontended pthread call each way, a
 * few thousand times per fuzz_device input).  Otherwise — threads, the
 * host-thread fallback (ThreadSanitizer), another host thread — it is
 * locked.  Every lock and unlock of such a mutex goes through these,
 * and every wait on a condition with it through kcond_wait_k.  Not for
 * a mutex other machines or threads no scheduler knows also take
 * (module-wide tables), nor for the ksched_mutex_lock kind below.
 * Functions without coverage instrumentation (ksched_wait.c), not
 * inlines: a fuzz build would count their branch at every call site as
 * edges of its own, features that say nothing about the input. */
void kmutex_lock(const struct kernel *k, pthread_mutex_t *m);
void kmutex_unlock(const struct kernel *k, pthread_mutex_t *m);
/* The same for a host read/write lock of machine k. */
void krw_rdlock(const struct kernel *k, pthread_rwlock_t *l);
void krw_wrlock(const struct kernel *k, pthread_rwlock_t *l);
void krw_unlock(const struct kernel *k, pthread_rwlock_t *l);

/* kcond_wait on a condition whose mutex m is k's kmutex_lock kind. */
bool kcond_wait_k(const struct kernel *k, pthread_cond_t *c, pthread_mutex_t *m,
		  uint64_t deadline_mono_ns);

/* Host locks a runtime path holds across switch points (across a driver
 * call, which may read a register or wait): under the scheduler a task
 * that finds one held waits for its release in the scheduler instead of
 * blocking its host thread (the holder could never run again). */
void ksched_mutex_lock(pthread_mutex_t *m);
void ksched_mutex_unlock(pthread_mutex_t *m);
void ksched_rw_rdlock(pthread_rwlock_t *l);
void ksched_rw_wrlock(pthread_rwlock_t *l);
void ksched_rw_unlock(pthread_rwlock_t *l);

/* Backoff of a contended spin (spin locks, dispatcher object locks): a
 * pause, a host yield, or under the scheduler a switch point. */
void kspin_backoff(unsigned *spins);

#endif
