/* interrupt.c — line-based interrupts (spec §13 "Device access"):
 * NdisMRegisterInterruptEx connects MiniportInterrupt to the adapter's
 * device model.  Each assertion of the line wakes the interrupt's thread,
 * which calls MiniportInterrupt at device IRQL under the interrupt spin
 * lock; when it returns TRUE with QueueDefaultInterruptDpc set,
 * MiniportInterruptDPC runs at DISPATCH_LEVEL on the machine's DPC thread.
 * NdisMSynchronizeWithInterruptEx runs a function under the same lock at
 * device IRQL.
 *
 * Receive throttling (facts §6.10): an NDIS 6.20+ MiniportInterruptDPC gets
 * an NDIS_RECEIVE_THROTTLE_PARAMETERS as its third argument with
 * MaxNblsToIndicate = the adapter's budget (the runtime's
 * --receive-throttle, default 64, docs/run.md); when the DPC sets
 * MoreNblsPending it is queued again at once, without a new interrupt, as
 * NDIS does.  A DPC that indicates more NBLs than its budget is counted
 * and narrated (not a verifier report: NDIS itself only loses fairness).
 * A 6.0/6.1 driver's DPC gets what it declares: pointers to two reserved
 * ULONGs, zeroed, and is never re-queued.  Message-signalled interrupts are not offered: the
 * connection is line-based (InterruptType = NDIS_CONNECT_LINE_BASED).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "device/device.h"
#include "kernel/ksched.h"
#include "kernel/kspin.h"
#include "ndis/ndis_internal.h"

struct ndis_interrupt {
	struct kres res;                 /* on the adapter: "interrupt" */
	struct ndis_adapter *a;
	struct kernel *k;
	void *handle;
	NDIS_HANDLE context;             /* MiniportInterruptContext */
	MINIPORT_ISR_HANDLER isr;
	MINIPORT_INTERRUPT_DPC_HANDLER dpc_handler;
	/* the interrupt spin lock: a spin lock (kspin.h), not a host mutex,
	 * as an ISR's register read is a switch point of the seeded
	 * scheduler (spec §9) */
	uintptr_t spin;

	pthread_mutex_t lock;            /* pending / stop */
	pthread_cond_t cond;
	unsigned pending;
	bool busy;                       /* the ISR runs now */
	bool stop;
	pthread_t thread;
	struct ktask *task;              /* the seeded scheduler's task */
	uint32_t task_id;
	struct kqueue_item dpc;
};

static void line_raised(void *ctx)
{
	struct ndis_interrupt *in = ctx;

	kmutex_lock(in->k, &in->lock);
	in->pending++;
	kcond_broadcast(&in->cond);   /* the thread, or a waiter for idle */
	kmutex_unlock(in->k, &in->lock);
}

/* Disconnecting: a DPC asking for more is not queued again (the flush of
 * interrupt_free would otherwise never end). */
static bool stopping(struct ndis_interrupt *in)
{
	bool stop;

	kmutex_lock(in->k, &in->lock);
	stop = in->stop;
	kmutex_unlock(in->k, &in->lock);
	return stop;
}

/* The DPC running on this thread and what it indicated (NBLs). */
struct dpc_budget {
	struct ndis_adapter *a;
	uint64_t indicated;
};

KSCHED_CTX(struct dpc_budget *, current_dpc)
#define current_dpc (*ksched_ctx_ptr_current_dpc())

/* Counted here, before the indication reaches the host, so a reader who
 * has seen the frame also sees it counted. */
void ndis_interrupt_count_indicated(struct ndis_adapter *a, ULONG nbls)
{
	if (current_dpc && current_dpc->a == a) {
		current_dpc->indicated += nbls;
		kernel_count(a->k, &a->dpc_nbls_indicated, nbls);
	}
}

static void run_throttled_dpc(struct ndis_interrupt *in)
{
	struct ndis_adapter *a = in->a;
	NDIS_RECEIVE_THROTTLE_PARAMETERS tp;
	struct dpc_budget b = { a, 0 }, *prev = current_dpc;

	memset(&tp, 0, sizeof(tp));
	tp.MaxNblsToIndicate = a->throttle_budget ? a->throttle_budget : NDIS_INDICATE_ALL_NBLS;
	current_dpc = &b;
	in->dpc_handler(in->context, NULL, &tp, NULL);
	current_dpc = prev;
	if (tp.MaxNblsToIndicate != NDIS_INDICATE_ALL_NBLS && b.indicated > tp.MaxNblsToIndicate) {
		kernel_count(a->k, &a->throttle_exceeded, 1);
		kernel_trace(a->k, "  MiniportInterruptDPC indicated %llu NBLs, above its "
			     "MaxNblsToIndicate %u", (unsigned long long)b.indicated,
			     (unsigned)tp.MaxNblsToIndicate);
	}
	if (tp.MoreNblsPending && !stopping(in)) {
		kernel_count(a->k, &a->dpc_requeues, 1);
		kernel_queue_dpc(in->k, &in->dpc);   /* again, without an interrupt */
	}
}

static void run_dpc(struct kqueue_item *item)
{
	struct ndis_interrupt *in = (struct ndis_interrupt *)
		((char *)item - offsetof(struct ndis_interrupt, dpc));
	ULONG r1 = 0, r2 = 0;

	kernel_count(in->a->k, &in->a->dpc_calls, 1);
	if (in->a->driver->chars.MinorNdisVersion >= 20)
		run_throttled_dpc(in);
	else
		in->dpc_handler(in->context, NULL, (void *)&r1, (void *)&r2);
}

static void call_isr(struct ndis_interrupt *in)
{
	BOOLEAN queue_dpc = FALSE, claimed;
	ULONG targets = 0;

	ksched_point(KSCHED_EV_STEP, 0, NULL, NULL);   /* spec §9: an interrupt */
	kernel_set_irql(KIRQL_DEVICE);
	kspin_acquire(&in->spin, kspin_self());
	claimed = in->isr(in->context, &queue_dpc, &targets);
	kspin_release(&in->spin);
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_count(in->a->k, &in->a->isr_calls, 1);
	if (claimed && queue_dpc)
		kernel_queue_dpc(in->k, &in->dpc);   /* already queued: coalesced */
}

static void *interrupt_thread(void *arg)
{
	struct ndis_interrupt *in = arg;

	ksched_task_start(in->task);
	kernel_enter(in->k);
	kmutex_lock(in->k, &in->lock);
	for (;;) {
		ksched_note_wait("the interrupt line", NULL);
		while (!in->stop && !in->pending)
			kcond_wait_k(in->k, &in->cond, &in->lock, UINT64_MAX);
		if (in->stop)
			break;
		in->pending = 0;
		in->busy = true;
		kmutex_unlock(in->k, &in->lock);
		call_isr(in);
		kmutex_lock(in->k, &in->lock);
		in->busy = false;
		kcond_broadcast(&in->cond);   /* ndis_interrupt_wait_idle */
	}
	kmutex_unlock(in->k, &in->lock);
	ksched_task_exit();
	return NULL;
}

void ndis_interrupt_wait_idle(struct ndis_adapter *a)
{
	struct ndis_interrupt *in = a->interrupt;

	if (!in)
		return;
	kmutex_lock(in->k, &in->lock);
	while (!in->stop && (in->pending || in->busy))
		kcond_wait_k(in->k, &in->cond, &in->lock, UINT64_MAX);
	kmutex_unlock(in->k, &in->lock);
}

/* Disconnect, stop the thread, let a queued DPC finish, free. */
static void interrupt_free(struct ndis_interrupt *in)
{
	if (in->a->device)
		device_set_irq_handler(in->a->device, NULL, NULL);
	kmutex_lock(in->k, &in->lock);
	in->stop = true;
	kcond_broadcast(&in->cond);   /* the thread and any waiter for idle */
	kmutex_unlock(in->k, &in->lock);
	ksched_reap(in->k, in->task, in->task_id, in->thread);
	if (kernel_irql() == KIRQL_PASSIVE)
		kernel_flush(in->k);
	if (in->a->interrupt == in)
		in->a->interrupt = NULL;
	kernel_handle_retire(in->k, in->handle);
	pthread_cond_destroy(&in->cond);
	pthread_mutex_destroy(&in->lock);
	free(in);
}

static void interrupt_reclaim(struct kres *r)
{
	interrupt_free((struct ndis_interrupt *)((char *)r - offsetof(struct ndis_interrupt, res)));
}

/* Documented: header type NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT, revision 1,
 * and the line-based ISR and DPC handlers. */
static const char *check_chars(const NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS *c,
			       enum vf_rule *rule)
{
	*rule = VF_REG_HEADER;
	if (c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT)
		return "Header.Type is not NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT (0x84)";
	if (c->Header.Revision < NDIS_MINIPORT_INTERRUPT_REVISION_1)
		return "Header.Revision is below NDIS_MINIPORT_INTERRUPT_REVISION_1";
	if (c->Header.Size < NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1)
		return "Header.Size is below NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1";
	*rule = VF_REG_NULL;
	if (!c->InterruptHandler)
		return "InterruptHandler (MiniportInterrupt) is NULL";
	if (!c->InterruptDpcHandler)
		return "InterruptDpcHandler (MiniportInterruptDPC) is NULL";
	return NULL;
}

static NDIS_STATUS connect(struct ndis_adapter *a, NDIS_HANDLE ctx,
			   PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c, const void *site,
			   PNDIS_HANDLE out)
{
	struct ndis_interrupt *in = calloc(1, sizeof(*in));

	if (!in)
		return NDIS_STATUS_RESOURCES;
	in->a = a;
	in->k = a->k;
	in->context = ctx;
	in->isr = c->InterruptHandler;
	in->dpc_handler = c->InterruptDpcHandler;
	in->dpc.fn = run_dpc;
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->cond, NULL);
	in->handle = kernel_handle_new(a->k, HANDLE_INTERRUPT, in);
	if (in->handle)
		in->task = ksched_task_new(a->k, "interrupt", &in->task_id);
	if (!in->handle || ksched_spawn(a->k, in->task, &in->thread, interrupt_thread, in)) {
		if (in->handle)
			kernel_handle_retire(a->k, in->handle);
		ksched_task_abandon(in->task);
		pthread_cond_destroy(&in->cond);
		pthread_mutex_destroy(&in->lock);
		free(in);
		return NDIS_STATUS_RESOURCES;
	}
	a->interrupt = in;
	kres_add(&a->resources, &in->res, "interrupt", site, sizeof(*in), interrupt_reclaim);
	device_set_irq_handler(a->device, line_raised, in);
	c->InterruptType = NDIS_CONNECT_LINE_BASED;
	c->MessageInfoTable = NULL;
	kernel_trace(a->k, "  NdisMRegisterInterruptEx: vector %u of %s, line-based",
		     a->interrupt_vector, a->device->name);
	*out = in->handle;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE MiniportAdapterHandle,
				     NDIS_HANDLE MiniportInterruptContext,
				     PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
				     PNDIS_HANDLE NdisInterruptHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct vf_facts f = { .irql = -1, .call_site = site };
	struct ndis_adapter *a;
	enum vf_rule rule;
	const char *why;

	if (!NdisInterruptHandle || !MiniportInterruptCharacteristics) {
		vf_report(k ? k->verifier : NULL, VF_REG_NULL, &f,
			  "NdisMRegisterInterruptEx: NULL characteristics or handle pointer");
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	*NdisInterruptHandle = NULL;
	if (!ndis_check_irql(k, "NdisMRegisterInterruptEx", KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return NDIS_STATUS_FAILURE;
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMRegisterInterruptEx", site);
	if (!a)
		return NDIS_STATUS_INVALID_PARAMETER;
	if ((why = check_chars(MiniportInterruptCharacteristics, &rule))) {
		f.handle = MiniportAdapterHandle;
		vf_report(k->verifier, rule, &f, "NdisMRegisterInterruptEx: %s", why);
		return NDIS_STATUS_INVALID_PARAMETER;
	}
	if (!a->device || !a->interrupt_vector)
		return NDIS_STATUS_RESOURCE_CONFLICT;   /* no CmResourceTypeInterrupt */
	if (a->interrupt)
		return NDIS_STATUS_RESOURCE_CONFLICT;   /* the line is taken */
	return connect(a, MiniportInterruptContext, MiniportInterruptCharacteristics, site,
		       NdisInterruptHandle);
}

static struct ndis_interrupt *interrupt_from_handle(struct kernel *k, NDIS_HANDLE h,
						   const char *api, const void *site)
{
	enum handle_error err = HANDLE_OK;
	struct ndis_interrupt *in = k ? kernel_handle_lookup(k, h, HANDLE_INTERRUPT, &err) : NULL;

	if (!in && k)
		vf_report(k->verifier, VF_HANDLE,
			  &(struct vf_facts){ .irql = -1, .call_site = site, .handle = h },
			  "%s: interrupt handle %p is %s", api, h, handle_error_name(err));
	return in;
}

VOID NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_interrupt *in;

	if (!ndis_check_irql(k, "NdisMDeregisterInterruptEx", KIRQL_PASSIVE, KIRQL_PASSIVE, site))
		return;
	in = interrupt_from_handle(k, NdisInterruptHandle, "NdisMDeregisterInterruptEx", site);
	if (!in)
		return;
	kres_remove(&in->res);
	interrupt_free(in);
}

BOOLEAN NdisMSynchronizeWithInterruptEx(NDIS_HANDLE NdisInterruptHandle, ULONG MessageId,
					MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction,
					PVOID SynchronizeContext)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct ndis_interrupt *in;
	uint8_t old;
	BOOLEAN r;

	(void)MessageId;   /* line-based: one message */
	if (!ndis_check_irql(k, "NdisMSynchronizeWithInterruptEx", KIRQL_PASSIVE, KIRQL_DEVICE, site))
		return FALSE;
	in = interrupt_from_handle(k, NdisInterruptHandle, "NdisMSynchronizeWithInterruptEx", site);
	if (!in)
		return FALSE;
	if (!SynchronizeFunction) {
		vf_report(k->verifier, VF_REG_NULL, &(struct vf_facts){ .irql = -1, .call_site = site },
			  "NdisMSynchronizeWithInterruptEx: SynchronizeFunction is NULL");
		return FALSE;
	}
	old = kernel_irql();
	kernel_set_irql(KIRQL_DEVICE);
	kspin_acquire(&in->spin, kspin_self());
	r = SynchronizeFunction(SynchronizeContext);
	kspin_release(&in->spin);
	kernel_set_irql(old);
	return r;
}
