/* ke_mutex.c — KeInitializeMutex, KeReleaseMutex, KeReadStateMutex.
 * A mutex is owned by the thread whose wait took it, may be taken again
 * by its owner (one release per wait), and is abandoned when its owner
 * ends holding it: the next owner's wait returns STATUS_ABANDONED(_WAIT_0). */
#include "wdm/ke_internal.h"

VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
	struct kmutex *m = (struct kmutex *)Mutex;

	(void)Level;   /* documented as reserved */
	if (!Mutex) {
		ke_report_arg(kernel_current(), NULL, WDM_CALLER(), "KeInitializeMutex: NULL");
		return;
	}
	kd_init(&m->h, KD_MUTEX, sizeof(*m), 1);
	klink_init(&m->owned);
	m->owner = NULL;
	m->abandoned = 0;
	m->apc_disable = 1;
}

LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct ke_thread *th = ke_thread_current();
	struct kdisp *h;
	int32_t prev;

	wdm_check_irql(k, "KeReleaseMutex", KIRQL_PASSIVE, Wait ? KIRQL_APC : KIRQL_DISPATCH,
		       site);
	h = ke_object(k, Mutex, 1u << KD_MUTEX, "KeReleaseMutex", site);
	if (!h)
		return 0;
	if (kd_mutex_release((struct kmutex *)h, th, &prev)) {
		/* Windows raises STATUS_MUTANT_NOT_OWNED */
		ke_report_arg(k, Mutex, site,
			      "KeReleaseMutex: the calling thread does not own mutex %p; unchanged",
			      Mutex);
		return prev;
	}
	if (Wait) {
		th->wait_next = true;   /* as KeSetEvent(..., TRUE) */
		th->wait_next_irql = kernel_irql();
		kernel_set_irql(KIRQL_DISPATCH);
	}
	return prev;
}

LONG KeReadStateMutex(PRKMUTEX Mutex)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct kdisp *h;

	wdm_check_irql(k, "KeReadStateMutex", KIRQL_PASSIVE, KIRQL_DISPATCH, site);
	h = ke_object(k, Mutex, 1u << KD_MUTEX, "KeReadStateMutex", site);
	return h ? kd_read_state(h) : 0;
}
