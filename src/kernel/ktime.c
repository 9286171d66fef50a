/* ktime.c — clocks and blocking (see ktime.h). */
#include "kernel/ktime.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kernel/kexec.h"
#include "kernel/ksched.h"

uint64_t ktime_mono_ns(void)
{
	struct timespec ts;

	if (ktask_self)
		return ksched_now();   /* virtual time (spec §9) */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int64_t ktime_system_100ns(void)
{
	struct timespec ts;

	if (ktask_self)   /* virtual: the same for the same seed */
		return KSCHED_SYSTEM_EPOCH_100NS +
		       (int64_t)((ksched_now() - KSCHED_EPOCH_NS) / 100);
	clock_gettime(CLOCK_REALTIME, &ts);
	return KTIME_1601_TO_1970_100NS + (int64_t)ts.tv_sec * 10000000ll +
	       ts.tv_nsec / 100;
}

uint64_t ktime_interrupt_100ns(const struct kernel *k)
{
	uint64_t now = ktime_mono_ns();

	if (k && k->exec && now >= k->exec->boot_mono_ns)
		now = now - k->exec->boot_mono_ns + atomic_load(&k->exec->advanced_ns);
	return now / 100;
}

uint64_t ktime_interrupt_coarse_ns(const struct kernel *k)
{
	struct timespec ts;
	uint64_t now;

	if (ktask_self) {
		now = ksched_now();
	} else {
		clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
		now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	}
	if (k && k->exec)   /* the coarse clock may lag the boot stamp */
		now = (now > k->exec->boot_mono_ns ? now - k->exec->boot_mono_ns : 0) +
		      atomic_load_explicit(&k->exec->advanced_ns, memory_order_relaxed);
	return now;
}

void ktime_advance(struct kernel *k, uint64_t ns)
{
	if (k && k->exec)
		atomic_fetch_add(&k->exec->advanced_ns, ns);
}

void ktime_stall_ns(uint64_t ns, const char *what, const void *site)
{
	uint64_t end;

	if (ktask_self) {   /* the stall passes in virtual time; others run */
		ksched_point(KSCHED_EV_STALL, ns, what, site);
		return;
	}
	end = ktime_mono_ns() + ns;
	while (ktime_mono_ns() < end)
		__builtin_ia32_pause();
}

void kdeadline_from_wdk(struct kdeadline *d, const int64_t *timeout_100ns)
{
	d->mono_ns = 0;
	d->system_100ns = 0;
	if (!timeout_100ns) {
		d->kind = KDEADLINE_NEVER;
	} else if (*timeout_100ns == 0) {
		d->kind = KDEADLINE_NOW;
	} else if (*timeout_100ns < 0) {
		/* relative: does not follow changes of the system clock */
		uint64_t rel = *timeout_100ns == INT64_MIN ? (uint64_t)INT64_MAX
							   : (uint64_t)-*timeout_100ns;

		kdeadline_after_ns(d, rel > UINT64_MAX / 200 ? UINT64_MAX / 2 : rel * 100);
	} else {
		d->kind = KDEADLINE_SYSTEM;
		d->system_100ns = *timeout_100ns;
	}
}

void kdeadline_after_ns(struct kdeadline *d, uint64_t ns)
{
	uint64_t now = ktime_mono_ns();

	d->kind = KDEADLINE_MONO;
	d->system_100ns = 0;
	d->mono_ns = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

bool kdeadline_passed(const struct kdeadline *d)
{
	switch (d->kind) {
	case KDEADLINE_NEVER:
		return false;
	case KDEADLINE_NOW:
		return true;
	case KDEADLINE_MONO:
		return ktime_mono_ns() >= d->mono_ns;
	case KDEADLINE_SYSTEM:
		return ktime_system_100ns() >= d->system_100ns;
	}
	return true;
}

uint64_t kdeadline_mono(const struct kdeadline *d)
{
	int64_t left;

	switch (d->kind) {
	case KDEADLINE_NEVER:
		return UINT64_MAX;
	case KDEADLINE_NOW:
		return 0;
	case KDEADLINE_MONO:
		return d->mono_ns;
	case KDEADLINE_SYSTEM:
		left = d->system_100ns - ktime_system_100ns();
		return left <= 0 ? 0 : ktime_mono_ns() + (uint64_t)left * 100;
	}
	return 0;
}

static struct timespec ts_from_ns(uint64_t ns)
{
	struct timespec ts;

	if (ns / 1000000000ull > (uint64_t)INT32_MAX * 64)   /* far future */
		ns = (uint64_t)INT32_MAX * 64 * 1000000000ull;
	ts.tv_sec = (time_t)(ns / 1000000000ull);
	ts.tv_nsec = (long)(ns % 1000000000ull);
	return ts;
}

struct word_wait {
	_Atomic uint32_t *word;
	uint32_t expected;
};

static bool word_changed(const void *ctx)
{
	const struct word_wait *w = ctx;

	return atomic_load(w->word) != w->expected;
}

bool kwait_word(_Atomic uint32_t *word, uint32_t expected, const struct kdeadline *d)
{
	struct timespec ts;
	int op = FUTEX_WAIT_BITSET_PRIVATE;
	long r;

	if (ktask_self && d->kind != KDEADLINE_NOW)
		return ksched_wait(word, word_changed,
				   &(struct word_wait){ word, expected }, kdeadline_mono(d)) ||
		       !kdeadline_passed(d);
	switch (d->kind) {
	case KDEADLINE_NOW:
		return false;
	case KDEADLINE_NEVER:
		syscall(SYS_futex, word, op, expected, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
		return true;
	case KDEADLINE_MONO:
		ts = ts_from_ns(d->mono_ns);
		break;
	case KDEADLINE_SYSTEM:
		/* absolute system time: the realtime clock, so the wait follows
		 * changes of the system clock as Windows' does (facts 1.3) */
		if (d->system_100ns <= KTIME_1601_TO_1970_100NS)
			return false;
		ts = ts_from_ns((uint64_t)(d->system_100ns - KTIME_1601_TO_1970_100NS) * 100);
		op |= FUTEX_CLOCK_REALTIME;
		break;
	}
	r = syscall(SYS_futex, word, op, expected, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
	if (r == -1 && errno == ETIMEDOUT)
		return false;
	return !kdeadline_passed(d);
}

void kwake_word(_Atomic uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	ksched_wake(word);
}

void kwait_cond_init(pthread_cond_t *c)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(c, &a);
	pthread_condattr_destroy(&a);
}

bool kwait_cond(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline_mono_ns)
{
	struct timespec ts;

	if (deadline_mono_ns == UINT64_MAX) {
		pthread_cond_wait(c, m);
		return true;
	}
	ts = ts_from_ns(deadline_mono_ns);
	return pthread_cond_timedwait(c, m, &ts) != ETIMEDOUT;
}
