/* ke_time.c — time and processors (facts 1.6): KeQuerySystemTime(Precise),
 * KeQueryTickCount, KeQueryTimeIncrement, KeQueryInterruptTime(Precise),
 * KeQueryPerformanceCounter, KeStallExecutionProcessor,
 * KeGetCurrentProcessorNumber(Ex), KeQueryActiveProcessorCount(Ex).
 *
 * Every clock is src/kernel/ktime.c's.  The tick is 15.625 ms; the
 * performance counter runs at 10 MHz from the machine's creation (its
 * boot); interrupt time counts 100 ns from the same boot.  Processors:
 * docs/runtime.md ("Processors"). */
#include "wdm/ke_internal.h"

#include "kernel/ksched.h"

/* Under the seeded scheduler a clock read is a switch point that costs a
 * little virtual time, so a driver that waits for time to pass by reading
 * a clock sees it pass (spec §9; docs/scheduling.md). */
#define CLOCK_POINT(api) ksched_point(KSCHED_EV_CLOCK, KSCHED_CLOCK_NS, api, WDM_CALLER())

VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	int64_t t;

	CLOCK_POINT("KeQuerySystemTime");
	t = ktime_system_100ns();
	/* tick-granular, as documented */
	CurrentTime->QuadPart = t - t % KTIME_TICK_100NS;
}

VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime)
{
	CLOCK_POINT("KeQuerySystemTimePrecise");
	CurrentTime->QuadPart = ktime_system_100ns();
}

ULONG KeQueryTimeIncrement(VOID)
{
	return KTIME_TICK_100NS;
}

VOID KeQueryTickCount(PLARGE_INTEGER TickCount)
{
	CLOCK_POINT("KeQueryTickCount");
	TickCount->QuadPart =
		(LONGLONG)(ktime_interrupt_100ns(kernel_current()) / KTIME_TICK_100NS);
}

ULONGLONG KeQueryInterruptTime(VOID)
{
	uint64_t t;

	CLOCK_POINT("KeQueryInterruptTime");
	t = ktime_interrupt_100ns(kernel_current());
	return t - t % KTIME_TICK_100NS;   /* updated once per tick */
}

ULONG64 KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp)
{
	uint64_t t;

	CLOCK_POINT("KeQueryInterruptTimePrecise");
	t = ktime_interrupt_100ns(kernel_current());
	if (QpcTimeStamp)   /* counts of KeQueryPerformanceCounter: 100 ns */
		*QpcTimeStamp = t * (KTIME_PERF_FREQUENCY / 10000000ull);
	return t;
}

LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
	LARGE_INTEGER v;

	CLOCK_POINT("KeQueryPerformanceCounter");
	if (PerformanceFrequency)
		PerformanceFrequency->QuadPart = (LONGLONG)KTIME_PERF_FREQUENCY;
	v.QuadPart = (LONGLONG)(ktime_interrupt_100ns(kernel_current()) *
				(KTIME_PERF_FREQUENCY / 10000000ull));
	return v;
}

/* any IRQL; a busy wait (facts 1.6: keep it under 50 us) */
VOID KeStallExecutionProcessor(ULONG MicroSeconds)
{
	ktime_stall_ns((uint64_t)MicroSeconds * 1000ull, "KeStallExecutionProcessor", WDM_CALLER());
	ke_kill_point();
}

ULONG KeGetCurrentProcessorNumber(VOID)
{
	return ke_processor_current(kernel_current());
}

ULONG KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
	ULONG n = ke_processor_current(kernel_current());

	if (ProcNumber) {
		ProcNumber->Group = 0;   /* one group */
		ProcNumber->Number = (UCHAR)n;
		ProcNumber->Reserved = 0;
	}
	return n;
}

ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
	ULONG n = kexec_processors(kernel_current());

	if (ActiveProcessors)
		*ActiveProcessors = n >= 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << n) - 1;
	return n;
}

ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
	if (GroupNumber != 0 && GroupNumber != ALL_PROCESSOR_GROUPS)
		return 0;   /* documented: a group that does not exist */
	return kexec_processors(kernel_current());
}
