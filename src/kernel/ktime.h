/* ktime.h — the machine's clocks and its one blocking primitive.
 *
 * Every clock read, every wait with or without a timeout, every stall and
 * every sleep of the kernel executive goes through here (dispatcher waits,
 * KeDelayExecutionThread, the timer service, the DPC and work threads), so
 * the seeded scheduler of spec §9 can put virtual time and task switches
 * behind these few functions without touching their callers.
 *
 * Units are the WDK's where a WDK value is produced: 100 ns.  "System time"
 * is 100 ns since 1601-01-01 UTC (facts 1.6); "interrupt time" is 100 ns
 * since the machine was created (its boot).
 */
#ifndef NDISDMA_KTIME_H
#define NDISDMA_KTIME_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct kernel;

/* One clock tick: KeQueryTimeIncrement, 15.625 ms (the usual Windows
 * interval; drivers must not assume it, facts 1.6). */
#define KTIME_TICK_100NS 156250u
/* The performance counter runs at 10 MHz (one count per 100 ns). */
#define KTIME_PERF_FREQUENCY 10000000ull
#define KTIME_1601_TO_1970_100NS 116444736000000000ll

uint64_t ktime_mono_ns(void);
/* System time, precise (KeQuerySystemTimePrecise). */
int64_t ktime_system_100ns(void);
/* Interrupt time of machine k (host monotonic time when k is NULL). */
uint64_t ktime_interrupt_100ns(const struct kernel *k);
/* The same in ns from the coarse clock (CLOCK_MONOTONIC_COARSE: the last
 * tick, a few ms behind, read without a syscall where the precise clock
 * makes one, e.g. under kvm-clock): for time stamps taken per packet, such
 * as an IOMMU unmap's (src/iommu).  Virtual time under the seeded
 * scheduler, as ktime_mono_ns. */
uint64_t ktime_interrupt_coarse_ns(const struct kernel *k);
/* Moves machine k's interrupt time (and tick count, performance counter)
 * forward by ns at once, as if the machine had been busy elsewhere that
 * long: the runtime's PnP spacing between adapter starts (docs/run.md
 * "Several adapters").  Deadlines and timers run on host time and are not
 * moved; system time is the host's and is not moved either. */
void ktime_advance(struct kernel *k, uint64_t ns);
/* Busy-waits at least ns nanoseconds (KeStallExecutionProcessor); under
 * the seeded scheduler the clock moves by ns and other tasks may run
 * (what and site name the stall in a STUCK report). */
void ktime_stall_ns(uint64_t ns, const char *what, const void *site);

/* When a wait gives up. */
enum kdeadline_kind {
	KDEADLINE_NEVER,    /* NULL timeout: wait forever */
	KDEADLINE_NOW,      /* *Timeout == 0: test, never block */
	KDEADLINE_MONO,     /* relative: host monotonic clock, ns */
	KDEADLINE_SYSTEM,   /* absolute: system time, follows clock changes */
};

struct kdeadline {
	enum kdeadline_kind kind;
	uint64_t mono_ns;
	int64_t system_100ns;
};

/* From a WDK timeout: NULL forever, 0 now, < 0 relative, > 0 absolute,
 * both in 100 ns (facts 1.4). */
void kdeadline_from_wdk(struct kdeadline *d, const int64_t *timeout_100ns);
void kdeadline_after_ns(struct kdeadline *d, uint64_t ns);
bool kdeadline_passed(const struct kdeadline *d);
/* Host monotonic ns at which d passes (UINT64_MAX: never). */
uint64_t kdeadline_mono(const struct kdeadline *d);

/* Blocks while *word == expected, until kwake_word() or the deadline.
 * Returns false only when the deadline has passed (the caller rechecks
 * the word either way: wake-ups may be spurious). */
bool kwait_word(_Atomic uint32_t *word, uint32_t expected, const struct kdeadline *d);
/* Wakes every thread blocked on word. */
void kwake_word(_Atomic uint32_t *word);

/* pthread_cond_wait / timedwait for conditions created with
 * kwait_cond_init (CLOCK_MONOTONIC).  Returns false on timeout. */
void kwait_cond_init(pthread_cond_t *c);
bool kwait_cond(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline_mono_ns);

#endif
