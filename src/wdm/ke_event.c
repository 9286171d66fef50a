/* ke_event.c — events (facts 1.4): KeInitializeEvent, KeSetEvent,
 * KeClearEvent, KeResetEvent, KeReadStateEvent.  NdisInitializeEvent,
 * NdisSetEvent and NdisResetEvent (src/ndis/event_time.c) are the same
 * code: an NDIS_EVENT is a KEVENT. */
#include "wdm/ke_internal.h"

#include "kernel/ksched.h"

void ke_event_init(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	kd_init((struct kdisp *)Event,
		Type == SynchronizationEvent ? KD_EVENT_SYNCHRONIZATION : KD_EVENT_NOTIFICATION,
		sizeof(*Event), State ? 1 : 0);
}

LONG ke_event_set(PRKEVENT Event, BOOLEAN Wait, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct ke_thread *th;
	struct kdisp *h;
	uint8_t irql = kernel_irql();

	/* facts 1.4: Wait FALSE at <= DISPATCH, Wait TRUE at <= APC */
	wdm_check_irql(k, api, KIRQL_PASSIVE, Wait ? KIRQL_APC : KIRQL_DISPATCH, site);
	h = ke_object(k, Event, KE_TYPES_EVENT, api, site);
	if (!h)
		return 0;
	if (Wait) {
		/* returns at DISPATCH_LEVEL; the KeWait* that must follow
		 * puts the caller's IRQL back */
		th = ke_thread_current();
		th->wait_next = true;
		th->wait_next_irql = irql;
		kernel_set_irql(KIRQL_DISPATCH);
	}
	return kd_set(h);
}

LONG ke_event_reset(PRKEVENT Event, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct kdisp *h;

	wdm_check_irql(k, api, KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	h = ke_object(k, Event, KE_TYPES_EVENT, api, site);
	return h ? kd_reset(h) : 0;
}

/* any IRQL */
VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	if (!Event) {
		ke_report_arg(kernel_current(), NULL, WDM_CALLER(),
			      "KeInitializeEvent: the event is NULL");
		return;
	}
	if (Type != NotificationEvent && Type != SynchronizationEvent)
		ke_report_arg(kernel_current(), Event, WDM_CALLER(),
			      "KeInitializeEvent: Type %d is not an EVENT_TYPE (notification used)",
			      (int)Type);
	ke_event_init(Event, Type, State);
}

LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
	const void *site = WDM_CALLER();
	LONG r;

	(void)Increment;   /* a priority boost: host threads have none */
	r = ke_event_set(Event, Wait, "KeSetEvent", site);
	/* spec §9: the waiter it released may run now, as on another processor */
	ksched_point(KSCHED_EV_CALL, 0, "KeSetEvent", site);
	return r;
}

VOID KeClearEvent(PRKEVENT Event)
{
	ke_event_reset(Event, "KeClearEvent", WDM_CALLER());
}

LONG KeResetEvent(PRKEVENT Event)
{
	return ke_event_reset(Event, "KeResetEvent", WDM_CALLER());
}

LONG KeReadStateEvent(PRKEVENT Event)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct kdisp *h;

	wdm_check_irql(k, "KeReadStateEvent", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	h = ke_object(k, Event, KE_TYPES_EVENT, "KeReadStateEvent", site);
	return h ? kd_read_state(h) : 0;
}
