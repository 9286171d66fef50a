/* timer.c — NDIS timer objects: NdisAllocateTimerObject,
 * NdisSetTimerObject, NdisCancelTimerObject, NdisFreeTimerObject.
 *
 * Each timer object has its own timer thread that sleeps until the due
 * time and calls the timer function at DISPATCH_LEVEL (spec §9: timer
 * DPCs run at DISPATCH).  Everything is in the object: no machine-wide
 * timer state.  Each timer is a resource of its owner, reclaimed at halt.
 */
#include "ndis/ndis_internal.h"

#include <stddef.h>
#include <time.h>

struct timer_obj {
	struct kres res;
	struct kernel *k;
	void *handle;
	PNDIS_TIMER_FUNCTION fn;
	PVOID default_context;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;        /* state changed (CLOCK_MONOTONIC) */
	bool armed, firing, quit, detached;
	uint64_t due_ns;            /* monotonic */
	LONG period_ms;
	PVOID context;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void timer_destroy(struct timer_obj *t)
{
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	kernel_free(t->k, t);
}

/* Called with t->lock held; returns with it held. */
static void timer_fire(struct timer_obj *t)
{
	PVOID ctx = t->context;

	t->armed = t->period_ms > 0;
	if (t->armed)
		t->due_ns += (uint64_t)t->period_ms * 1000000ull;
	t->firing = true;
	pthread_mutex_unlock(&t->lock);
	kernel_set_irql(KIRQL_DISPATCH);
	kthread_self.in_dpc = 1;
	t->fn(NULL, ctx, NULL, NULL);
	kthread_self.in_dpc = 0;
	kernel_set_irql(KIRQL_DISPATCH);
	pthread_mutex_lock(&t->lock);
	t->firing = false;
	pthread_cond_broadcast(&t->cond);
}

static void *timer_main(void *arg)
{
	struct timer_obj *t = arg;

	kernel_enter(t->k);
	kernel_set_irql(KIRQL_DISPATCH);
	pthread_mutex_lock(&t->lock);
	while (!t->quit) {
		uint64_t now = now_ns();

		if (!t->armed) {
			pthread_cond_wait(&t->cond, &t->lock);
		} else if (now < t->due_ns) {
			struct timespec abs = {
				.tv_sec = (time_t)(t->due_ns / 1000000000ull),
				.tv_nsec = (long)(t->due_ns % 1000000000ull),
			};
			pthread_cond_timedwait(&t->cond, &t->lock, &abs);
		} else {
			timer_fire(t);
		}
	}
	if (t->detached) {   /* freed from its own timer function */
		pthread_mutex_unlock(&t->lock);
		timer_destroy(t);
		return NULL;
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

/* Stop the thread and free the object (the owner's handle dies first). */
static void timer_release(struct timer_obj *t)
{
	bool self;

	kernel_handle_retire(t->k, t->handle);
	pthread_mutex_lock(&t->lock);
	t->armed = false;
	t->quit = true;
	self = pthread_equal(pthread_self(), t->thread);
	t->detached = self;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	if (self) {
		pthread_detach(t->thread);
		return;
	}
	pthread_join(t->thread, NULL);
	timer_destroy(t);
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

static int timer_start(struct kernel *k, struct timer_obj *t)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&t->lock, NULL);
	if (pthread_create(&t->thread, NULL, timer_main, t)) {
		pthread_cond_destroy(&t->cond);
		pthread_mutex_destroy(&t->lock);
		return -1;
	}
	pthread_setname_np(t->thread, "ndis-timer");
	(void)k;
	return 0;
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
	t->handle = kernel_handle_new(k, HANDLE_TIMER, t);
	if (!t->handle || timer_start(k, t)) {
		if (t->handle)
			kernel_handle_retire(k, t->handle);
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
	uint64_t delay_100ns = 0;
	LARGE_INTEGER now;
	bool was;

	if (!ndis_check_irql(kernel_current(), "NdisSetTimerObject",
			     KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return FALSE;
	t = timer_lookup(TimerObject, "NdisSetTimerObject", site);
	if (!t)
		return FALSE;
	if (DueTime.QuadPart < 0) {
		delay_100ns = (uint64_t)-DueTime.QuadPart;
	} else if (DueTime.QuadPart > 0) {
		NdisGetCurrentSystemTime(&now);
		if (DueTime.QuadPart > now.QuadPart)
			delay_100ns = (uint64_t)(DueTime.QuadPart - now.QuadPart);
	}
	pthread_mutex_lock(&t->lock);
	was = t->armed;
	t->armed = true;
	t->due_ns = now_ns() + delay_100ns * 100ull;
	t->period_ms = MillisecondsPeriod > 0 ? MillisecondsPeriod : 0;
	/* documented: NULL keeps the context from the characteristics */
	t->context = FunctionContext ? FunctionContext : t->default_context;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	return was;
}

/* TRUE when the timer was set and is now cancelled before firing. */
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject)
{
	const void *site = NDIS_CALLER();
	struct timer_obj *t;
	bool was;

	if (!ndis_check_irql(kernel_current(), "NdisCancelTimerObject",
			     KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return FALSE;
	t = timer_lookup(TimerObject, "NdisCancelTimerObject", site);
	if (!t)
		return FALSE;
	pthread_mutex_lock(&t->lock);
	was = t->armed;
	t->armed = false;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	return was;
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
