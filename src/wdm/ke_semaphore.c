/* ke_semaphore.c — KeInitializeSemaphore, KeReleaseSemaphore,
 * KeReadStateSemaphore.  A semaphore is signaled while its count is
 * above zero; each satisfied wait takes one. */
#include "wdm/ke_internal.h"

VOID KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
	const void *site = WDM_CALLER();
	struct ksemaphore *s = (struct ksemaphore *)Semaphore;

	if (!Semaphore) {
		ke_report_arg(kernel_current(), NULL, site, "KeInitializeSemaphore: NULL");
		return;
	}
	if (Limit <= 0 || Count < 0 || Count > Limit) {
		ke_report_arg(kernel_current(), Semaphore, site,
			      "KeInitializeSemaphore: Count %d, Limit %d (need 0 <= Count <= Limit, Limit > 0)",
			      Count, Limit);
		if (Limit <= 0)
			Limit = 1;
		Count = Count < 0 ? 0 : Count > Limit ? Limit : Count;
	}
	kd_init(&s->h, KD_SEMAPHORE, sizeof(*s), Count);
	s->limit = Limit;
}

LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment,
			BOOLEAN Wait)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct kdisp *h;
	int32_t prev;

	(void)Increment;
	wdm_check_irql(k, "KeReleaseSemaphore", KIRQL_PASSIVE,
		       Wait ? KIRQL_APC : KIRQL_DISPATCH, site);
	h = ke_object(k, Semaphore, 1u << KD_SEMAPHORE, "KeReleaseSemaphore", site);
	if (!h)
		return 0;
	if (kd_semaphore_release((struct ksemaphore *)h, Adjustment, &prev)) {
		/* Windows raises STATUS_SEMAPHORE_LIMIT_EXCEEDED */
		ke_report_arg(k, Semaphore, site,
			      "KeReleaseSemaphore: count %d + Adjustment %d exceeds the limit %d; unchanged",
			      prev, Adjustment, ((struct ksemaphore *)h)->limit);
		return prev;
	}
	if (Wait) {
		struct ke_thread *th = ke_thread_current();

		th->wait_next = true;   /* as KeSetEvent(..., TRUE) */
		th->wait_next_irql = kernel_irql();
		kernel_set_irql(KIRQL_DISPATCH);
	}
	return prev;
}

LONG KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct kdisp *h;

	wdm_check_irql(k, "KeReadStateSemaphore", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	h = ke_object(k, Semaphore, 1u << KD_SEMAPHORE, "KeReadStateSemaphore", site);
	return h ? kd_read_state(h) : 0;
}
