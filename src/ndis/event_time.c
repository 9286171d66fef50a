/* event_time.c — NDIS events, sleeping, stalling, the system time and the
 * time since boot (NdisGetSystemUpTimeEx).
 *
 * An NDIS_EVENT is exactly a KEVENT (a notification event), and
 * NdisInitializeEvent / NdisSetEvent / NdisResetEvent / NdisWaitEvent are
 * the Ke event and wait code (src/wdm/ke_event.c, ke_wait.c): a driver may
 * KeWaitForSingleObject on &NdisEvent.Event.  Sleeping and time are the
 * kernel's too (src/kernel/ktime.c).
 */
#include "ndis/ndis_internal.h"

#include "kernel/ksched.h"
#include "wdm/ke_internal.h"

VOID NdisInitializeEvent(PNDIS_EVENT Event)
{
	if (!Event) {
		ke_report_arg(kernel_current(), NULL, NDIS_CALLER(),
			      "NdisInitializeEvent: the event is NULL");
		return;
	}
	ke_event_init(&Event->Event, NotificationEvent, FALSE);
}

VOID NdisSetEvent(PNDIS_EVENT Event)
{
	const void *site = NDIS_CALLER();

	ke_event_set(Event ? &Event->Event : NULL, FALSE, "NdisSetEvent", site);
	ksched_point(KSCHED_EV_CALL, 0, "NdisSetEvent", site);   /* spec §9 */
}

VOID NdisResetEvent(PNDIS_EVENT Event)
{
	ke_event_reset(Event ? &Event->Event : NULL, "NdisResetEvent", NDIS_CALLER());
}

/* MsToWait 0 waits forever (documented).  TRUE when the event is set. */
BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait)
{
	const void *site = NDIS_CALLER();
	PVOID object = Event ? (PVOID)&Event->Event : NULL;
	LARGE_INTEGER timeout;

	/* documented at PASSIVE_LEVEL only */
	if (!ndis_check_irql(kernel_current(), "NdisWaitEvent", KIRQL_PASSIVE, KIRQL_PASSIVE,
			     site))
		return FALSE;
	timeout.QuadPart = -(LONGLONG)MsToWait * 10000;
	return ke_wait(1, &object, WaitAny, MsToWait ? &timeout : NULL, NULL, "NdisWaitEvent",
		       site) == STATUS_SUCCESS;
}

/* < DISPATCH_LEVEL; a blocking wait, as KeDelayExecutionThread */
VOID NdisMSleep(ULONG MicrosecondsToSleep)
{
	const void *site = NDIS_CALLER();

	if (!ndis_check_irql(kernel_current(), "NdisMSleep", KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	if (MicrosecondsToSleep)
		ke_delay(-(LONGLONG)MicrosecondsToSleep * 10, "NdisMSleep", site);
}

/* Busy-waits: callable at any IRQL, as documented. */
VOID NdisStallExecution(UINT MicrosecondsToStall)
{
	ktime_stall_ns((uint64_t)MicrosecondsToStall * 1000ull, "NdisStallExecution", NDIS_CALLER());
	ke_kill_point();
}

/* 100-nanosecond intervals since 1601-01-01 UTC. */
VOID NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime)
{
	ksched_point(KSCHED_EV_CLOCK, KSCHED_CLOCK_NS, "NdisGetCurrentSystemTime", NDIS_CALLER());
	pSystemTime->QuadPart = ktime_system_100ns();
}

/* Milliseconds since boot, any IRQL: the machine's tick count (as
 * KeQueryTickCount) in milliseconds, so it advances once per tick. */
VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime)
{
	struct kernel *k = kernel_current();
	uint64_t ticks;

	if (!pSystemUpTime) {
		ke_report_arg(k, NULL, NDIS_CALLER(), "NdisGetSystemUpTimeEx: pSystemUpTime is NULL");
		return;
	}
	ticks = ktime_interrupt_100ns(k) / KTIME_TICK_100NS;
	pSystemUpTime->QuadPart = (LONGLONG)(ticks * KTIME_TICK_100NS / 10000u);
}
