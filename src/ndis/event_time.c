/* event_time.c — NDIS events, sleeping, stalling and the system time.
 *
 * An NDIS_EVENT is a notification event living in the caller's KEVENT
 * storage: its first 32 bits are the state (0 clear, 1 set) and a futex,
 * so initialising, setting and waiting never allocate.
 */
#include "ndis/ndis_internal.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t *event_word(PNDIS_EVENT Event)
{
	return (uint32_t *)(void *)&Event->Event;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

VOID NdisInitializeEvent(PNDIS_EVENT Event)
{
	memset(&Event->Event, 0, sizeof(Event->Event));
}

VOID NdisSetEvent(PNDIS_EVENT Event)
{
	ndis_check_irql(kernel_current(), "NdisSetEvent", KIRQL_PASSIVE,
			KIRQL_DISPATCH, NDIS_CALLER());
	__atomic_store_n(event_word(Event), 1, __ATOMIC_RELEASE);
	syscall(SYS_futex, event_word(Event), FUTEX_WAKE_PRIVATE, INT_MAX,
		NULL, NULL, 0);
}

VOID NdisResetEvent(PNDIS_EVENT Event)
{
	ndis_check_irql(kernel_current(), "NdisResetEvent", KIRQL_PASSIVE,
			KIRQL_DISPATCH, NDIS_CALLER());
	__atomic_store_n(event_word(Event), 0, __ATOMIC_RELEASE);
}

/* MsToWait 0 waits forever (documented).  TRUE when the event is set. */
BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait)
{
	uint32_t *w = event_word(Event);
	uint64_t deadline = monotonic_ns() + (uint64_t)MsToWait * 1000000ull;
	struct timespec abs;

	ndis_check_irql(kernel_current(), "NdisWaitEvent", KIRQL_PASSIVE,
			KIRQL_PASSIVE, NDIS_CALLER());
	abs.tv_sec = (time_t)(deadline / 1000000000ull);
	abs.tv_nsec = (long)(deadline % 1000000000ull);
	while (__atomic_load_n(w, __ATOMIC_ACQUIRE) == 0) {
		long r = syscall(SYS_futex, w, FUTEX_WAIT_BITSET_PRIVATE, 0,
				 MsToWait ? &abs : NULL, NULL,
				 FUTEX_BITSET_MATCH_ANY);

		if (r == -1 && errno == ETIMEDOUT)
			return __atomic_load_n(w, __ATOMIC_ACQUIRE) != 0;
	}
	return TRUE;
}

VOID NdisMSleep(ULONG MicrosecondsToSleep)
{
	struct timespec ts = {
		.tv_sec = MicrosecondsToSleep / 1000000u,
		.tv_nsec = (long)(MicrosecondsToSleep % 1000000u) * 1000,
	};

	ndis_check_irql(kernel_current(), "NdisMSleep", KIRQL_PASSIVE,
			KIRQL_PASSIVE, NDIS_CALLER());
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Busy-waits: callable at any IRQL, as documented. */
VOID NdisStallExecution(UINT MicrosecondsToStall)
{
	uint64_t end = monotonic_ns() + (uint64_t)MicrosecondsToStall * 1000ull;

	while (monotonic_ns() < end)
		__builtin_ia32_pause();
}

/* 100-nanosecond intervals since 1601-01-01 UTC. */
#define EPOCH_1601_TO_1970_100NS 116444736000000000ll

VOID NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	pSystemTime->QuadPart = EPOCH_1601_TO_1970_100NS +
				(LONGLONG)ts.tv_sec * 10000000ll + ts.tv_nsec / 100;
}
