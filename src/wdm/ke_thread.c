/* ke_thread.c — KeGetCurrentThread, KeSetPriorityThread (facts 3).
 * Every host thread that calls the kernel has a KTHREAD
 * (src/kernel/kthread.c); a system thread's is its thread object.  The
 * priority is kept and returned as documented; it does not change how
 * the host schedules the thread. */
#include "wdm/ke_internal.h"

PKTHREAD KeGetCurrentThread(VOID)
{
	return (PKTHREAD)(void *)ke_thread_current();
}

KPRIORITY KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct ke_thread *th = (struct ke_thread *)(void *)Thread;
	KPRIORITY old;

	wdm_check_irql(k, "KeSetPriorityThread", KIRQL_PASSIVE, KIRQL_PASSIVE, site);
	if (!ke_object(k, Thread, 1u << KD_THREAD, "KeSetPriorityThread", site))
		return 0;
	if (Priority <= LOW_PRIORITY || Priority > HIGH_PRIORITY) {
		ke_report_arg(k, Thread, site,
			      "KeSetPriorityThread: priority %d outside %d..%d; unchanged",
			      Priority, LOW_PRIORITY + 1, HIGH_PRIORITY);
		return th->priority;
	}
	old = __atomic_exchange_n(&th->priority, Priority, __ATOMIC_RELAXED);
	return old;
}
