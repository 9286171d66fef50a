/* adapter_reset.c — resets and hang detection (facts §6.2, docs/run.md
 * "Resets"): the runtime stands where NDIS issues MiniportResetEx.
 *
 *   reset:  no send reaches the miniport while it runs (send_gate); the
 *           handler runs at DISPATCH_LEVEL; PENDING waits for
 *           NdisMResetComplete (config reset_timeout_ms, then RESET-HUNG);
 *           AddressingReset sends the packet filter and multicast list
 *           again; an NDIS 6.30+ miniport must have completed its
 *           outstanding sends by then (RESET-SENDS).  HARD_ERRORS, an
 *           undocumented status or a reset that never completed marks the
 *           adapter failed.
 *   hang:   while the adapter runs a thread checks every
 *           CheckForHangTimeInSeconds (0: 2 s): MiniportCheckForHangEx at
 *           PASSIVE_LEVEL returning TRUE, or one OID request outstanding
 *           across two consecutive checks, resets the adapter.
 */
#include "runtime/runtime.h"

#include "kernel/ksched.h"
#include "kernel/ktime.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define HANG_DEFAULT_S 2u

static const char *reset_status_name(NDIS_STATUS st)
{
	switch (st) {
	case NDIS_STATUS_SUCCESS: return "SUCCESS";
	case NDIS_STATUS_PENDING: return "PENDING";
	case NDIS_STATUS_SOFT_ERRORS: return "SOFT_ERRORS";
	case NDIS_STATUS_HARD_ERRORS: return "HARD_ERRORS";
	case NDIS_STATUS_RESET_IN_PROGRESS: return "RESET_IN_PROGRESS";
	default: return "undocumented";
	}
}

/* Under a->lock: NBLs handed to the miniport and not completed yet. */
static uint64_t outstanding_sends(const struct ndisdma_adapter *a)
{
	return a->stats.nbls_sent - a->stats.nbls_send_completed;
}

/* The host op behind NdisMResetComplete (src/ndis/reset.c). */
bool rt_reset_complete(struct ndis_adapter *na, NDIS_STATUS st, BOOLEAN addressing)
{
	struct ndisdma_adapter *a = na->host_context;
	bool ok;

	pthread_mutex_lock(&a->lock);
	ok = a->reset.armed && !a->reset.done;
	if (ok) {
		a->reset_addressing = addressing;
		a->reset_outstanding = outstanding_sends(a);   /* at completion (6.30 rule) */
		a->reset.done = true;
		a->reset.status = st;
		kcond_broadcast(&a->cond);
	}
	pthread_mutex_unlock(&a->lock);
	return ok;
}

/* What the protocol side set last, as NDIS restores it (facts §6.2). */
void rt_note_oid_set(struct ndisdma_adapter *a, uint32_t oid, const void *buffer,
		     uint32_t length)
{
	pthread_mutex_lock(&a->lock);
	if (oid == OID_GEN_CURRENT_PACKET_FILTER && length >= sizeof(ULONG)) {
		memcpy(&a->filter, buffer, sizeof(ULONG));
		a->filter_set = true;
		a->stats.packet_filter = a->filter;
	} else if (oid == OID_802_3_MULTICAST_LIST && length % 6 == 0) {
		a->mcast_count = length / 6 < RT_MCAST_MAX ? length / 6 : RT_MCAST_MAX;
		if (a->mcast_count)
			memcpy(a->mcast, buffer, (size_t)a->mcast_count * 6);
		a->stats.multicast_count = length / 6;
	}
	pthread_mutex_unlock(&a->lock);
}

/* AddressingReset: the packet filter and the multicast list again. */
static bool resend_addressing(struct ndisdma_adapter *a)
{
	uint8_t mcast[RT_MCAST_MAX][6];
	uint32_t n, done = 0;
	ULONG filter;
	bool have_filter;
	int32_t st1 = NDIS_STATUS_SUCCESS, st2;

	pthread_mutex_lock(&a->lock);
	have_filter = a->filter_set;
	filter = a->filter;
	n = a->mcast_count;
	memcpy(mcast, a->mcast, sizeof(mcast));
	a->stats.addressing_resets++;
	pthread_mutex_unlock(&a->lock);
	if (have_filter)
		st1 = ndisdma_adapter_oid(a, true, OID_GEN_CURRENT_PACKET_FILTER, &filter,
					  sizeof(filter), &done);
	st2 = ndisdma_adapter_oid(a, true, OID_802_3_MULTICAST_LIST, mcast, n * 6, &done);
	kernel_trace(a->m->k, "  addressing reset: packet filter 0x%X sent again (0x%08X), "
		     "multicast list of %u sent again (0x%08X)", (unsigned)filter,
		     (unsigned)st1, (unsigned)n, (unsigned)st2);
	/* ... and the offload settings (docs/runtime.md "Task offload") */
	return rt_offload_send(a) && st1 == NDIS_STATUS_SUCCESS && st2 == NDIS_STATUS_SUCCESS;
}

/* Calls MiniportResetEx at DISPATCH_LEVEL; waits when it pends. */
static NDIS_STATUS call_reset(struct ndisdma_adapter *a, struct ndisdma_reset_outcome *o)
{
	struct kernel *k = a->m->k;
	uint32_t timeout = a->m->config.reset_timeout_ms ? a->m->config.reset_timeout_ms
							 : RT_PEND_TIMEOUT_MS;
	struct vf_facts f = { .irql = -1, .handle = a->na.handle };
	BOOLEAN addressing = FALSE;
	struct rt_call c;
	NDIS_STATUS st;
	uint8_t irql;
	bool stray;

	rt_wait_arm(a, &a->reset);
	rt_enter(k, &c);
	kernel_set_irql(KIRQL_DISPATCH);   /* the highest the contract allows */
	st = a->d->nd.chars.ResetHandlerEx(a->na.context, &addressing);
	irql = kernel_irql();
	kernel_set_irql(KIRQL_PASSIVE);
	rt_leave(&c, "MiniportResetEx");
	if (irql != KIRQL_DISPATCH)
		vf_report(k->verifier, VF_IRQL, &(struct vf_facts){ .irql = irql },
			  "MiniportResetEx returned at IRQL %u; it was called at IRQL 2", irql);
	if (st == NDIS_STATUS_PENDING) {
		o->pended = true;
		if (!rt_wait_for(a, &a->reset, timeout)) {
			vf_report(k->verifier, VF_RESET_HUNG, &f,
				  "MiniportResetEx pended and NdisMResetComplete did not come "
				  "within %u ms; the adapter is marked failed", (unsigned)timeout);
			return NDIS_STATUS_PENDING;
		}
		pthread_mutex_lock(&a->lock);
		st = a->reset.status;
		addressing = a->reset_addressing;
		o->sends_outstanding = a->reset_outstanding;
		pthread_mutex_unlock(&a->lock);
	} else {
		pthread_mutex_lock(&a->lock);
		stray = a->reset.done;   /* completed although it did not pend */
		a->reset.armed = false;
		o->sends_outstanding = outstanding_sends(a);
		pthread_mutex_unlock(&a->lock);
		if (stray)
			vf_report(k->verifier, VF_RESET_STRAY, &f,
				  "NdisMResetComplete called for a MiniportResetEx that returned "
				  "0x%08X, not PENDING", (unsigned)st);
		if (st != NDIS_STATUS_SUCCESS && st != NDIS_STATUS_SOFT_ERRORS &&
		    st != NDIS_STATUS_HARD_ERRORS && st != NDIS_STATUS_RESET_IN_PROGRESS) {
			vf_report(k->verifier, VF_RESET_STATUS, &f,
				  "MiniportResetEx returned 0x%08X (documented: SUCCESS, PENDING, "
				  "RESET_IN_PROGRESS, SOFT_ERRORS, HARD_ERRORS); taken as HARD_ERRORS",
				  (unsigned)st);
			st = NDIS_STATUS_HARD_ERRORS;
		}
	}
	o->addressing_reset = addressing;
	return st;
}

/* Counts, narrates and acts on the final status. */
static void reset_done(struct ndisdma_adapter *a, struct ndisdma_reset_outcome *o)
{
	struct kernel *k = a->m->k;
	bool ok = o->status == NDIS_STATUS_SUCCESS || o->status == NDIS_STATUS_SOFT_ERRORS;

	if (ok && o->sends_outstanding && a->d->nd.chars.MinorNdisVersion >= 30)
		vf_report(k->verifier, VF_RESET_SENDS,
			  &(struct vf_facts){ .irql = -1, .handle = a->na.handle },
			  "NDIS 6.%u miniport completed a reset with %llu sent NBLs not completed "
			  "(from NDIS 6.30 they must be completed first)",
			  (unsigned)a->d->nd.chars.MinorNdisVersion,
			  (unsigned long long)o->sends_outstanding);
	pthread_mutex_lock(&a->lock);
	a->stats.resets_pended += o->pended;
	a->stats.resets_soft_errors += o->status == NDIS_STATUS_SOFT_ERRORS;
	a->stats.resets_in_progress += o->status == NDIS_STATUS_RESET_IN_PROGRESS;
	a->stats.resets_hung += o->status == NDIS_STATUS_PENDING;
	a->stats.resets_hard_errors += o->status == NDIS_STATUS_HARD_ERRORS;
	if (o->status == NDIS_STATUS_HARD_ERRORS || o->status == NDIS_STATUS_PENDING)
		a->failed = true;
	pthread_mutex_unlock(&a->lock);
	kernel_trace(k, "  reset %s: %s (0x%08X)%s%s", o->pended ? "completed late" : "returned",
		     reset_status_name(o->status), (unsigned)o->status,
		     o->addressing_reset ? ", addressing reset" : "",
		     ok ? "" : o->status == NDIS_STATUS_RESET_IN_PROGRESS ?
		     " (superfluous: a reset was already in progress)" :
		     " - the reset failed; the adapter is marked failed");
	if (ok && o->addressing_reset)
		o->oids_resent = resend_addressing(a);
}

int ndisdma_adapter_reset(struct ndisdma_adapter *a, const char *why,
			  struct ndisdma_reset_outcome *out)
{
	struct ndisdma_reset_outcome o;

	memset(&o, 0, sizeof(o));
	if (out)
		*out = o;
	if (!a)
		return -EINVAL;
	if (!a->d->nd.chars.ResetHandlerEx)
		return -ENOTSUP;
	ksched_rw_wrlock(&a->send_gate);   /* in-flight send calls return first */
	if (atomic_load(&a->na.state) != ADAPTER_RUNNING) {
		ksched_rw_unlock(&a->send_gate);
		return -EINVAL;
	}
	pthread_mutex_lock(&a->lock);
	a->stats.resets++;
	pthread_mutex_unlock(&a->lock);
	kernel_trace(a->m->k, "MiniportResetEx (%s)", why ? why : "reset");
	o.status = call_reset(a, &o);
	reset_done(a, &o);
	ksched_rw_unlock(&a->send_gate);
	if (out)
		*out = o;
	return 0;
}

bool ndisdma_adapter_failed(const struct ndisdma_adapter *a)
{
	struct ndisdma_adapter *aa = (struct ndisdma_adapter *)a;
	bool failed;

	pthread_mutex_lock(&aa->lock);
	failed = a->failed;
	pthread_mutex_unlock(&aa->lock);
	return failed;
}

/* ---- hang detection ------------------------------------------------------------ */

int ndisdma_adapter_check_for_hang(struct ndisdma_adapter *a)
{
	MINIPORT_CHECK_FOR_HANG_HANDLER check = a->d->nd.chars.CheckForHangHandlerEx;
	bool hung = false, oid_stuck = false;
	uint32_t oid = 0;
	struct rt_call c;

	if (atomic_load(&a->na.state) != ADAPTER_RUNNING || ndisdma_adapter_failed(a))
		return -EINVAL;
	if (check) {
		rt_enter(a->m->k, &c);
		hung = check(a->na.context) != FALSE;
		rt_leave(&c, "MiniportCheckForHangEx");
	}
	pthread_mutex_lock(&a->lock);
	a->stats.hang_checks += check != NULL;
	if (a->oid.armed && !a->oid.done) {
		oid_stuck = a->hang_oid_seen == a->oid_seq;
		a->hang_oid_seen = a->oid_seq;
		oid = a->oid_req.DATA.QUERY_INFORMATION.Oid;
	} else {
		a->hang_oid_seen = 0;
	}
	a->stats.hang_resets += hung;
	a->stats.oid_hang_resets += !hung && oid_stuck;
	pthread_mutex_unlock(&a->lock);
	if (hung)
		ndisdma_adapter_reset(a, "MiniportCheckForHangEx returned TRUE", NULL);
	else if (oid_stuck) {
		char why[96];

		snprintf(why, sizeof(why), "OID 0x%08X outstanding across two hang checks",
			 (unsigned)oid);
		ndisdma_adapter_reset(a, why, NULL);
	}
	return hung || oid_stuck;
}

static void *hang_thread(void *arg)
{
	struct ndisdma_adapter *a = arg;
	unsigned period = a->na.check_for_hang_s ? a->na.check_for_hang_s : HANG_DEFAULT_S;

	ksched_task_start(a->hang_task);
	kernel_enter(a->m->k);
	pthread_mutex_lock(&a->lock);
	for (;;) {
		/* the machine's clock: virtual under the seeded scheduler */
		uint64_t due = ktime_mono_ns() + (uint64_t)period * 1000000000ull;

		while (!a->hang_stop && kcond_wait(&a->hang_cond, &a->lock, due))
			;
		if (a->hang_stop)
			break;
		pthread_mutex_unlock(&a->lock);
		ksched_point(KSCHED_EV_STEP, 0, NULL, NULL);
		ndisdma_adapter_check_for_hang(a);
		pthread_mutex_lock(&a->lock);
	}
	pthread_mutex_unlock(&a->lock);
	kernel_enter(NULL);
	ksched_task_exit();
	return NULL;
}

void rt_hang_check_start(struct ndisdma_adapter *a)
{
	pthread_mutex_lock(&a->lock);
	a->hang_stop = false;
	a->hang_oid_seen = 0;
	a->hang_task = ksched_task_new(a->m->k, "hang check", &a->hang_task_id);
	a->hang_running = ksched_spawn(a->m->k, a->hang_task, &a->hang_thread, hang_thread, a) == 0;
	if (!a->hang_running)
		ksched_task_abandon(a->hang_task);
	pthread_mutex_unlock(&a->lock);
}

void rt_hang_check_stop(struct ndisdma_adapter *a)
{
	bool running;

	pthread_mutex_lock(&a->lock);
	running = a->hang_running;
	a->hang_stop = true;
	a->hang_running = false;
	kcond_broadcast(&a->hang_cond);
	pthread_mutex_unlock(&a->lock);
	if (running) {
		ksched_reap(a->m->k, a->hang_task, a->hang_task_id, a->hang_thread);
	}
}
