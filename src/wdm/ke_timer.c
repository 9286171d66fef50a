/* ke_timer.c — kernel timers (facts 1.3): KeInitializeTimer(Ex),
 * KeSetTimer(Ex), KeCancelTimer, KeReadStateTimer.  Every timer of a
 * machine is on its one timer queue (src/kernel/ktimer.c), served by its
 * DPC thread: no thread per timer.
 *
 * DueTime < 0 is relative, > 0 an absolute system time (converted when
 * the timer is set), both in 100 ns; Period is in milliseconds, 0 for a
 * one-shot timer.  A negative period is KE-ARG (the timer is not set). */
#include "wdm/ke_internal.h"

static struct ktimer *timer_object(struct kernel *k, PKTIMER Timer, const char *api,
				   const void *site)
{
	wdm_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	return (struct ktimer *)ke_object(k, Timer, KE_TYPES_TIMER, api, site);
}

VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	wdm_check_irql(k, "KeInitializeTimerEx", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	if (!Timer) {
		ke_report_arg(k, NULL, site, "KeInitializeTimerEx: the timer is NULL");
		return;
	}
	if (Type != NotificationTimer && Type != SynchronizationTimer)
		ke_report_arg(k, Timer, site,
			      "KeInitializeTimerEx: Type %d is not a TIMER_TYPE (notification used)",
			      (int)Type);
	ktimer_init((struct ktimer *)Timer, Type == SynchronizationTimer);
}

VOID KeInitializeTimer(PKTIMER Timer)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();

	wdm_check_irql(k, "KeInitializeTimer", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	if (!Timer) {
		ke_report_arg(k, NULL, site, "KeInitializeTimer: the timer is NULL");
		return;
	}
	ktimer_init((struct ktimer *)Timer, false);   /* notification only */
}

static BOOLEAN set_timer(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc,
			 const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct ktimer *t = timer_object(k, Timer, api, site);
	bool was = false;

	if (!t || !k)
		return FALSE;
	if (Period < 0) {
		ke_report_arg(k, Timer, site, "%s: Period %d ms is negative; the timer is not set",
			      api, Period);
		return FALSE;
	}
	if (Dpc && kdpc_type((struct kdpc *)Dpc) != KDPC_TYPE) {
		ke_report_arg(k, Dpc, site, "%s: KDPC %p was not initialized by KeInitializeDpc",
			      api, (void *)Dpc);
		return FALSE;
	}
	if (ktimer_set(k, t, DueTime.QuadPart, (uint32_t)Period, Dpc, &was)) {
		ke_report_arg(k, Timer, site, "%s: timer %p is set on another machine", api,
			      (void *)Timer);
		return FALSE;
	}
	return was ? TRUE : FALSE;
}

BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
	return set_timer(Timer, DueTime, 0, Dpc, "KeSetTimer", WDM_CALLER());
}

BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
	return set_timer(Timer, DueTime, Period, Dpc, "KeSetTimerEx", WDM_CALLER());
}

BOOLEAN KeCancelTimer(PKTIMER Timer)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct ktimer *t = timer_object(k, Timer, "KeCancelTimer", site);
	int r;

	if (!t || !k)
		return FALSE;
	r = ktimer_cancel(k, t);
	if (r < 0)
		ke_report_arg(k, Timer, site, "KeCancelTimer: timer %p is set on another machine",
			      (void *)Timer);
	return r > 0 ? TRUE : FALSE;
}

BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct kdisp *h = (struct kdisp *)timer_object(k, Timer, "KeReadStateTimer", site);

	return h && kd_read_state(h) > 0 ? TRUE : FALSE;
}
