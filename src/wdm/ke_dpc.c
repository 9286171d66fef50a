/* ke_dpc.c — DPC objects (facts 1.2): KeInitializeDpc, KeInsertQueueDpc,
 * KeRemoveQueueDpc, KeSetImportanceDpc, KeSetTargetProcessorDpc(Ex),
 * KeFlushQueuedDpcs, KeQueryDpcWatchdogInformation.
 *
 * A KDPC runs on its machine's DPC thread at DISPATCH_LEVEL, once per
 * successful insert (src/kernel/kdpc.c).  The machine is the one the
 * inserting thread works for, else the one that initialized the DPC (an
 * insert from a device model's thread). */
#include "wdm/ke_internal.h"

#include "kernel/kqueue.h"
#include "kernel/ksched.h"

/* The single-DPC and cumulative limits KeQueryDpcWatchdogInformation
 * reports, in clock ticks (20 s and 120 s, Windows' defaults). ndisdma
 * does not stop a DPC that exceeds them. */
#define DPC_TIME_LIMIT_TICKS     (20ull * 10000000ull / KTIME_TICK_100NS)
#define DPC_WATCHDOG_LIMIT_TICKS (120ull * 10000000ull / KTIME_TICK_100NS)

static struct kdpc *dpc_object(PKDPC Dpc, const char *api, const void *site)
{
	struct kdpc *d = (struct kdpc *)Dpc;

	if (!Dpc) {
		ke_report_arg(kernel_current(), NULL, site, "%s: the DPC is NULL", api);
		return NULL;
	}
	if (kdpc_type(d) != KDPC_TYPE || !d->item.fn) {
		ke_report_arg(kernel_current(), Dpc, site,
			      "%s: KDPC %p was not initialized by KeInitializeDpc", api, (void *)Dpc);
		return NULL;
	}
	return d;
}

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
	const void *site = WDM_CALLER();

	if (!Dpc || !DeferredRoutine) {
		ke_report_arg(kernel_current(), Dpc, site, "KeInitializeDpc: %s is NULL",
			      Dpc ? "DeferredRoutine" : "the DPC");
		return;
	}
	kdpc_init((struct kdpc *)Dpc, (kdpc_routine *)DeferredRoutine, DeferredContext);
}

BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
	const void *site = WDM_CALLER();
	struct kdpc *d = dpc_object(Dpc, "KeInsertQueueDpc", site);
	BOOLEAN queued = d && kdpc_insert(kernel_current(), d, SystemArgument1, SystemArgument2);

	/* spec §9: the DPC may run now, on another processor */
	ksched_point(KSCHED_EV_CALL, 0, "KeInsertQueueDpc", site);
	return queued;
}

BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
	struct kdpc *d = dpc_object(Dpc, "KeRemoveQueueDpc", WDM_CALLER());

	return d && kdpc_remove(kernel_current(), d);
}

VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
	const void *site = WDM_CALLER();
	struct kdpc *d = dpc_object(Dpc, "KeSetImportanceDpc", site);

	if (!d)
		return;
	if ((unsigned)Importance > MediumHighImportance) {
		ke_report_arg(kernel_current(), Dpc, site,
			      "KeSetImportanceDpc: %d is not a KDPC_IMPORTANCE", (int)Importance);
		return;
	}
	kdpc_set_importance(d, (uint8_t)Importance);
}

/* facts 1.2: a number below the active count selects that processor,
 * any other leaves the target unchanged */
VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
	struct kdpc *d = dpc_object(Dpc, "KeSetTargetProcessorDpc", WDM_CALLER());

	if (d && Number >= 0 && (uint32_t)Number < kexec_processors(kernel_current()))
		kdpc_set_number(d, (uint16_t)(KDPC_TARGETED | (uint8_t)Number));
}

NTSTATUS KeSetTargetProcessorDpcEx(PKDPC Dpc, PPROCESSOR_NUMBER ProcNumber)
{
	struct kdpc *d = dpc_object(Dpc, "KeSetTargetProcessorDpcEx", WDM_CALLER());

	if (!d || !ProcNumber || ProcNumber->Group != 0 || ProcNumber->Reserved != 0 ||
	    ProcNumber->Number >= kexec_processors(kernel_current()))
		return STATUS_INVALID_PARAMETER;
	kdpc_set_number(d, (uint16_t)(KDPC_TARGETED | ProcNumber->Number));
	return STATUS_SUCCESS;
}

VOID KeFlushQueuedDpcs(VOID)
{
	struct kernel *k = kernel_current();

	if (!wdm_check_irql(k, "KeFlushQueuedDpcs", KIRQL_PASSIVE, KIRQL_PASSIVE, WDM_CALLER()))
		return;   /* from the DPC thread it would wait for itself */
	if (k)
		kqueue_flush(k->dpc_queue);
}

NTSTATUS KeQueryDpcWatchdogInformation(PKDPC_WATCHDOG_INFORMATION WatchdogInformation)
{
	uint64_t ran_ticks;

	if (!WatchdogInformation)
		return STATUS_INVALID_PARAMETER;
	memset(WatchdogInformation, 0, sizeof(*WatchdogInformation));
	/* facts 1.2: answers while a DPC runs, or at DISPATCH_LEVEL or above */
	if (!kthread_self.in_dpc && kernel_irql() < KIRQL_DISPATCH)
		return STATUS_UNSUCCESSFUL;
	ran_ticks = 0;
	if (kthread_self.in_dpc && ke_dpc_started_ns())
		ran_ticks = (ktime_mono_ns() - ke_dpc_started_ns()) / 100 / KTIME_TICK_100NS;
	WatchdogInformation->DpcTimeLimit = (ULONG)DPC_TIME_LIMIT_TICKS;
	WatchdogInformation->DpcTimeCount =
		(ULONG)(ran_ticks < DPC_TIME_LIMIT_TICKS ? DPC_TIME_LIMIT_TICKS - ran_ticks : 0);
	WatchdogInformation->DpcWatchdogLimit = (ULONG)DPC_WATCHDOG_LIMIT_TICKS;
	WatchdogInformation->DpcWatchdogCount =
		(ULONG)(ran_ticks < DPC_WATCHDOG_LIMIT_TICKS ? DPC_WATCHDOG_LIMIT_TICKS - ran_ticks
							     : 0);
	return STATUS_SUCCESS;
}
