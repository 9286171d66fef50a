/* timer.c — NDIS timer objects: NdisAllocateTimerObject,
 * NdisSetTimerObject, NdisCancelTimerObject, NdisFreeTimerObject.
 *
 * A timer object is a KTIMER with a KDPC on its machine's timer queue
 * (src/kernel/ktimer.c, served by the DPC thread): the timer function
 * runs as that DPC, at DISPATCH_LEVEL (spec §9).  No thread per timer.
 * Each timer is a resource of its owner, reclaimed at halt.
 */
#include "ndis/ndis_internal.h"

#include <stddef.h>

#include "kernel/kdpc.h"
#include "kernel/kexec.h"
#include "kernel/kqueue.h"

struct timer_obj {
	struct kres res;
	struct kernel *k;
	void *handle;
	PNDIS_TIMER_FUNCTION fn;
	PVOID default_context;
	PVOID _Atomic context;      /* of the latest NdisSetTimerObject */
	struct ktimer timer;
	struct kdpc dpc;
};

/* The timer's DPC: the timer function, at DISPATCH_LEVEL on the DPC thread. */
static void timer_dpc(struct kdpc *dpc, void *context, void *arg1, void *arg2)
{
	struct timer_obj *t = context;

	(void)dpc;
	(void)arg1;
	(void)arg2;
	t->fn(NULL, atomic_load(&t->context), NULL, NULL);
}

/* Cancels the timer, takes its DPC out of the queue and waits for a call
 * that is running, then frees the object (the owner's handle dies first).
 * From the timer's own function (the DPC thread) nothing is left to wait
 * for: the DPC runner touches neither object once the function returns. */
static void timer_release(struct timer_obj *t)
{
	kernel_handle_retire(t->k, t->handle);
	ktimer_cancel(t->k, &t->timer);
	kdpc_remove(t->k, &t->dpc);
	if (!kqueue_is_current(t->k->dpc_queue))
		kqueue_flush(t->k->dpc_queue);
	kernel_free(t->k, t);
}

static void timer_reclaim(struct kres *r)
{
	timer_release((struct timer_obj *)((char *)r - offsetof(struct timer_obj, res)));
}

static struct timer_obj *timer_lookup(NDIS_HANDLE h, const char *api,
				      const void *site)
{
	struct kernel *k = kernel_current();
	enum handle_error err;
	struct timer_obj *t;

	if (!k)
		return NULL;
	t = kernel_handle_lookup(k, h, HANDLE_TIMER, &err);
	if (!t) {
		struct vf_facts f = { .handle = h, .irql = -1, .call_site = site };

		vf_report(k->verifier, VF_HANDLE, &f, "%s: timer handle %p is a %s",
			  api, h, handle_error_name(err));
	}
	return t;
}

static bool timer_chars_valid(struct kernel *k, const NDIS_TIMER_CHARACTERISTICS *c,
			      const void *site)
{
	struct vf_facts f = { .handle = c, .irql = -1, .call_site = site };

	if (!c || !c->TimerFunction) {
		vf_report(k->verifier, VF_REG_NULL, &f,
			  "NdisAllocateTimerObject: %s", c ? "TimerFunction is NULL"
							   : "TimerCharacteristics is NULL");
		return false;
	}
	if (c->Header.Type != NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS ||
	    c->Header.Revision != NDIS_TIMER_CHARACTERISTICS_REVISION_1 ||
	    c->Header.Size < NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1) {
		vf_report(k->verifier, VF_REG_HEADER, &f,
			  "NdisAllocateTimerObject: header type 0x%02X revision %u size %u",
			  c->Header.Type, c->Header.Revision, c->Header.Size);
		return false;
	}
	return true;
}

NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle,
				    PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
				    PNDIS_HANDLE pTimerObject)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct timer_obj *t;

	if (pTimerObject)
		*pTimerObject = NULL;
	if (!ndis_check_irql(k, "NdisAllocateTimerObject", KIRQL_PASSIVE,
			     KIRQL_DISPATCH, site))
		return NDIS_STATUS_FAILURE;
	owner = ndis_owner_resources(NdisHandle);
	if (!owner) {
		ndis_adapter_from_handle(NdisHandle, "NdisAllocateTimerObject", site);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if (!pTimerObject || !timer_chars_valid(k, TimerCharacteristics, site))
		return NDIS_STATUS_INVALID_PARAMETER;
	t = kernel_zalloc(k, sizeof(*t), "ndis.timer");
	if (!t)
		return NDIS_STATUS_RESOURCES;
	t->k = k;
	t->fn = TimerCharacteristics->TimerFunction;
	t->default_context = TimerCharacteristics->FunctionContext;
	atomic_init(&t->context, t->default_context);
	ktimer_init(&t->timer, false);
	kdpc_init_runtime(&t->dpc, timer_dpc, t);
	t->dpc.k = k;
	t->handle = kernel_handle_new(k, HANDLE_TIMER, t);
	if (!t->handle) {
		kernel_free(k, t);
		return NDIS_STATUS_RESOURCES;
	}
	kres_add(owner, &t->res, "timer", site, sizeof(*t), timer_reclaim);
	*pTimerObject = t->handle;
	return NDIS_STATUS_SUCCESS;
}

/* DueTime: negative = relative, in 100 ns; positive = absolute system
 * time (NdisGetCurrentSystemTime units).  TRUE if it was already set. */
BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime,
			   LONG MillisecondsPeriod, PVOID FunctionContext)
{
	const void *site = NDIS_CALLER();
	struct timer_obj *t;
	bool was = false;

	if (!ndis_check_irql(kernel_current(), "NdisSetTimerObject",
			     KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return FALSE;
	t = timer_lookup(TimerObject, "NdisSetTimerObject", site);
	if (!t)
		return FALSE;
	/* documented: NULL keeps the context from the characteristics */
	atomic_store(&t->context, FunctionContext ? FunctionContext : t->default_context);
	ktimer_set(t->k, &t->timer, DueTime.QuadPart,
		   MillisecondsPeriod > 0 ? (uint32_t)MillisecondsPeriod : 0, &t->dpc, &was);
	return was;
}

/* TRUE when the timer was set and is now cancelled before firing. */
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject)
{
	const void *site = NDIS_CALLER();
	struct timer_obj *t;

	if (!ndis_check_irql(kernel_current(), "NdisCancelTimerObject",
			     KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return FALSE;
	t = timer_lookup(TimerObject, "NdisCancelTimerObject", site);
	if (!t)
		return FALSE;
	return ktimer_cancel(t->k, &t->timer) > 0;
}

/* Cancels the timer and waits for a running timer function to return. */
VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject)
{
	const void *site = NDIS_CALLER();
	struct timer_obj *t;

	ndis_check_irql(kernel_current(), "NdisFreeTimerObject", KIRQL_PASSIVE,
			KIRQL_PASSIVE, site);
	t = timer_lookup(TimerObject, "NdisFreeTimerObject", site);
	if (!t)
		return;
	kres_remove(&t->res);
	timer_release(t);
}
