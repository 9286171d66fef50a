/* ke_wait.c — KeWaitForSingleObject, KeWaitForMultipleObjects and
 * KeDelayExecutionThread (facts 1.4); NdisWaitEvent and NdisMSleep are
 * the same code (src/ndis/event_time.c).
 *
 * IRQL (facts 1.4): a wait that may block needs <= APC_LEVEL; a zero
 * timeout (a test) <= DISPATCH_LEVEL.  A wait at a higher IRQL is
 * reported (IRQL) and then only tests the objects: a thread at raised
 * IRQL never blocks here (it would stall the DPC thread, as it would hang
 * a processor on Windows).  Alertable and UserMode waits are accepted;
 * ndisdma delivers no APCs, so STATUS_ALERTED and STATUS_USER_APC never
 * come back.
 */
#include "wdm/ke_internal.h"

#include "kernel/ksched.h"

#include <sched.h>

/* kd_wait's result as the documented status. */
static NTSTATUS wait_status(int r, bool any)
{
	unsigned index = (unsigned)r & 0x3F;
	bool abandoned = ((unsigned)r & KW_ABANDONED) != 0;

	if (r == KD_WAIT_TIMEOUT)
		return STATUS_TIMEOUT;
	if (!any)
		index = 0;   /* WaitAll or a single object: STATUS_SUCCESS */
	return (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (NTSTATUS)index;
}

static bool arguments_valid(struct kernel *k, ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
			    PKWAIT_BLOCK WaitBlockArray, const char *api, const void *site)
{
	if (Count == 0 || Count > MAXIMUM_WAIT_OBJECTS) {
		ke_report_arg(k, Object, site, "%s: Count %u (allowed 1..%d)", api, Count,
			      MAXIMUM_WAIT_OBJECTS);
		return false;
	}
	if (Count > THREAD_WAIT_OBJECTS && !WaitBlockArray) {
		ke_report_arg(k, Object, site,
			      "%s: Count %u needs a WaitBlockArray (NULL only up to THREAD_WAIT_OBJECTS, %d)",
			      api, Count, THREAD_WAIT_OBJECTS);
		return false;
	}
	if (!Object) {
		ke_report_arg(k, NULL, site, "%s: the object array is NULL", api);
		return false;
	}
	if (WaitType != WaitAll && WaitType != WaitAny) {
		ke_report_arg(k, Object, site, "%s: WaitType %d is neither WaitAll nor WaitAny",
			      api, (int)WaitType);
		return false;
	}
	return true;
}

NTSTATUS ke_wait(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, PLARGE_INTEGER Timeout,
		 PKWAIT_BLOCK WaitBlockArray, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct ke_thread *th = ke_thread_current();
	struct kdisp *objs[MAXIMUM_WAIT_OBJECTS];
	struct kwait_block *blocks;
	struct kdeadline d;
	int r;

	if (th->wait_next) {
		/* KeSetEvent(..., Wait = TRUE) left the caller at DISPATCH */
		th->wait_next = false;
		kernel_set_irql(th->wait_next_irql);
	}
	kdeadline_from_wdk(&d, Timeout ? &Timeout->QuadPart : NULL);
	if (!wdm_check_irql(k, api, KIRQL_PASSIVE,
			    d.kind == KDEADLINE_NOW ? KIRQL_DISPATCH : KIRQL_APC, site))
		d.kind = KDEADLINE_NOW;
	if (!arguments_valid(k, Count, Object, WaitType, WaitBlockArray, api, site))
		return STATUS_INVALID_PARAMETER;
	for (ULONG i = 0; i < Count; i++) {
		objs[i] = ke_object(k, Object[i], 0, api, site);
		if (!objs[i])
			return STATUS_INVALID_PARAMETER;
	}
	blocks = WaitBlockArray ? (struct kwait_block *)(void *)WaitBlockArray : th->blocks;
	ksched_note_wait(api, site);   /* named if the wait never ends (STUCK) */
	r = kd_wait(th, Count, objs, WaitType == WaitAll, &d, blocks);
	if (r == KD_WAIT_INVALID) {
		ke_report_arg(k, Object, site, "%s: WaitAll names the same object twice", api);
		return STATUS_INVALID_PARAMETER;
	}
	return wait_status(r, WaitType == WaitAny && Count > 1);
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
			       BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
	(void)WaitReason;
	(void)WaitMode;
	(void)Alertable;
	return ke_wait(1, &Object, WaitAny, Timeout, NULL, "KeWaitForSingleObject",
		       WDM_CALLER());
}

NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
				  KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
				  BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray)
{
	(void)WaitReason;
	(void)WaitMode;
	(void)Alertable;
	return ke_wait(Count, Object, WaitType, Timeout, WaitBlockArray,
		       "KeWaitForMultipleObjects", WDM_CALLER());
}

VOID ke_delay(LONGLONG Interval100ns, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	struct kdeadline d;

	if (!wdm_check_irql(k, api, KIRQL_PASSIVE, KIRQL_APC, site))
		return;   /* never blocks at raised IRQL */
	if (Interval100ns == 0) {
		/* a zero interval gives up the processor */
		if (ksched_active())
			ksched_point(KSCHED_EV_SPIN, KSCHED_SPIN_NS, api, site);
		else
			sched_yield();
		ke_kill_point();
		return;
	}
	kdeadline_from_wdk(&d, &Interval100ns);
	ksched_note_wait(api, site);
	kd_delay(ke_thread_current(), &d);
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
				PLARGE_INTEGER Interval)
{
	const void *site = WDM_CALLER();

	(void)WaitMode;
	(void)Alertable;
	if (!Interval) {
		ke_report_arg(kernel_current(), NULL, site,
			      "KeDelayExecutionThread: Interval is NULL");
		return STATUS_INVALID_PARAMETER;
	}
	ke_delay(Interval->QuadPart, "KeDelayExecutionThread", site);
	return STATUS_SUCCESS;
}
