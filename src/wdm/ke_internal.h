/* ke_internal.h — what the Ke, Ps, Ob and Zw files share: the WDK objects
 * seen as src/kernel's (their layouts are asserted equal here), and the
 * KE-ARG report.
 *
 * The WDK-facing functions check what the caller passed (IRQL, objects,
 * arguments) and report mistakes; the work is done once, in src/kernel
 * (dispatcher.c, kdpc.c, ktimer.c, ksysthread.c, kobject.c), so an NDIS
 * event, a Ke event and every wait share one code path.
 */
#ifndef NDISDMA_WDM_KE_INTERNAL_H
#define NDISDMA_WDM_KE_INTERNAL_H

#include "wdm/wdm_internal.h"

#include "kernel/dispatcher.h"
#include "kernel/kdpc.h"
#include "kernel/kexec.h"

/* ---- the WDK layouts are src/kernel's -------------------------------------------- */
_Static_assert(sizeof(struct kdisp) == sizeof(DISPATCHER_HEADER), "DISPATCHER_HEADER");
_Static_assert(offsetof(struct kdisp, signal_state) == offsetof(DISPATCHER_HEADER, SignalState),
	       "SignalState");
_Static_assert(offsetof(struct kdisp, waiters) == offsetof(DISPATCHER_HEADER, WaitListHead),
	       "WaitListHead");
_Static_assert(offsetof(struct kdisp, signalling) == offsetof(DISPATCHER_HEADER, Signalling),
	       "Signalling");
_Static_assert(sizeof(struct ksemaphore) == sizeof(KSEMAPHORE), "KSEMAPHORE");
_Static_assert(offsetof(struct ksemaphore, limit) == offsetof(KSEMAPHORE, Limit), "Limit");
_Static_assert(sizeof(struct kmutex) == sizeof(KMUTEX), "KMUTEX");
_Static_assert(offsetof(struct kmutex, owner) == offsetof(KMUTEX, OwnerThread), "OwnerThread");
_Static_assert(sizeof(struct ktimer) == sizeof(KTIMER), "KTIMER");
_Static_assert(offsetof(struct ktimer, dpc) == offsetof(KTIMER, Dpc), "Dpc");
_Static_assert(offsetof(struct ktimer, period_ms) == offsetof(KTIMER, Period), "Period");
_Static_assert(sizeof(struct kwait_block) == sizeof(KWAIT_BLOCK), "KWAIT_BLOCK");
_Static_assert(offsetof(struct kwait_block, thread) == offsetof(KWAIT_BLOCK, Thread), "Thread");
_Static_assert(offsetof(struct kwait_block, object) == offsetof(KWAIT_BLOCK, Object), "Object");
_Static_assert(sizeof(struct kdpc) == sizeof(KDPC), "KDPC");
_Static_assert(offsetof(struct kdpc, routine) == offsetof(KDPC, DeferredRoutine),
	       "DeferredRoutine");
_Static_assert(offsetof(struct kdpc, context) == offsetof(KDPC, DeferredContext),
	       "DeferredContext");
_Static_assert(offsetof(struct kdpc, arg1) == offsetof(KDPC, SystemArgument1), "Arg1");
_Static_assert(offsetof(struct kdpc, arg2) == offsetof(KDPC, SystemArgument2), "Arg2");
_Static_assert(offsetof(struct kdpc, k) == offsetof(KDPC, DpcData), "DpcData");
_Static_assert(sizeof(struct kqueue_item) <= offsetof(KDPC, DeferredRoutine), "queue item");
_Static_assert(offsetof(struct kqueue_item, queued) == offsetof(KDPC, Reserved), "queued");

/* KE-ARG: a kernel routine called with an object or argument its
 * documentation forbids (docs/verifier-rules.md).  Nothing without a
 * machine to report to. */
void ke_report_arg(struct kernel *k, const void *object, const void *site,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A dispatcher object the caller passed: reported (KE-ARG) and NULL when
 * it is not an initialized one of the kinds in `types` (bit 1 << kd_type;
 * 0 = any). */
struct kdisp *ke_object(struct kernel *k, const void *object, unsigned types,
			const char *api, const void *site);
#define KE_TYPES_EVENT ((1u << KD_EVENT_NOTIFICATION) | (1u << KD_EVENT_SYNCHRONIZATION))
#define KE_TYPES_TIMER ((1u << KD_TIMER_NOTIFICATION) | (1u << KD_TIMER_SYNCHRONIZATION))

/* The shared event code behind KeXxxEvent and NdisXxxEvent (one path). */
void ke_event_init(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG ke_event_set(PRKEVENT Event, BOOLEAN Wait, const char *api, const void *site);
LONG ke_event_reset(PRKEVENT Event, const char *api, const void *site);
/* The shared wait behind KeWaitFor* and NdisWaitEvent. */
NTSTATUS ke_wait(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, PLARGE_INTEGER Timeout,
		 PKWAIT_BLOCK WaitBlockArray, const char *api, const void *site);
/* KeDelayExecutionThread's work, shared with NdisMSleep. */
VOID ke_delay(LONGLONG Interval100ns, const char *api, const void *site);
/* The spin lock behind KSPIN_LOCK and NDIS_SPIN_LOCK (no IRQL change):
 * the ordinary or queued way, checked (KE-ARG); release is false when the
 * lock was not released. */
void ke_spin_acquire(PKSPIN_LOCK SpinLock, bool queued, const char *api, const void *site);
bool ke_spin_release(PKSPIN_LOCK SpinLock, bool queued, const char *api, const void *site);
/* A system thread the runtime is stopping leaves here (a stall, a
 * delay: the places a thread loops without waiting). */
void ke_kill_point(void);

#endif
