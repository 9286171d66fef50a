/* adapter_host.c — what a miniport indicates up to the runtime, which
 * stands where protocols and NDIS would: pause/restart/OID completions
 * wake the waiting runtime call; send completions and receive indications
 * are counted and handed to the harness callback (spec §13).
 */
#include "runtime/runtime.h"

#include "kernel/ksched.h"
#include "kernel/ktime.h"

#include <errno.h>
#include <string.h>
#include <time.h>

static struct ndisdma_adapter *rt_of(struct ndis_adapter *na)
{
	return na->host_context;
}

void rt_wait_arm(struct ndisdma_adapter *a, struct rt_wait *w)
{
	pthread_mutex_lock(&a->lock);
	w->armed = true;
	w->done = false;
	w->status = NDIS_STATUS_PENDING;
	pthread_mutex_unlock(&a->lock);
}

bool rt_wait_for(struct ndisdma_adapter *a, struct rt_wait *w, unsigned timeout_ms)
{
	uint64_t deadline = ktime_mono_ns() + (uint64_t)timeout_ms * 1000000ull;
	bool done;

	pthread_mutex_lock(&a->lock);
	while (!w->done)
		if (!kcond_wait(&a->cond, &a->lock, deadline))
			break;
	done = w->done;
	w->armed = false;
	pthread_mutex_unlock(&a->lock);
	return done;
}

/* Completes w if a request is outstanding; false for a stray completion. */
static bool complete(struct ndisdma_adapter *a, struct rt_wait *w, NDIS_STATUS st)
{
	bool ok;

	pthread_mutex_lock(&a->lock);
	ok = w->armed && !w->done;
	if (ok) {
		w->done = true;
		w->status = st;
		kcond_broadcast(&a->cond);
	}
	pthread_mutex_unlock(&a->lock);
	return ok;
}

static void stray(struct ndis_adapter *na, const char *api)
{
	kernel_trace(na->k, "%s: no such request outstanding (ignored)", api);
}

/* The pause completes now (NdisMPauseComplete, or MiniportPause returning
 * SUCCESS): NDIS requires every send the miniport was given completed
 * first (the Pausing state; docs/run.md "Pauses and halts with frames in
 * flight").  The count is taken at this moment (sent NBLs minus completed
 * ones); sends only reach a running adapter, so none is added meanwhile. */
void rt_pause_check_sends(struct ndisdma_adapter *a, const void *site)
{
	uint64_t outstanding;

	pthread_mutex_lock(&a->lock);
	outstanding = a->stats.nbls_sent - a->stats.nbls_send_completed;
	pthread_mutex_unlock(&a->lock);
	if (outstanding)
		vf_report(a->m->k->verifier, VF_PAUSE_SENDS,
			  &(struct vf_facts){ .irql = -1, .handle = a->na.handle,
					      .call_site = site },
			  "the miniport completed its pause with %llu sent NBLs not completed "
			  "(every send must complete before the pause does)",
			  (unsigned long long)outstanding);
}

static void host_pause_complete(struct ndis_adapter *na, const void *site)
{
	struct ndisdma_adapter *a = rt_of(na);
	bool armed;

	pthread_mutex_lock(&a->lock);
	armed = a->pause.armed && !a->pause.done;
	pthread_mutex_unlock(&a->lock);
	if (armed)   /* before the waiter wakes: the count is the completion's */
		rt_pause_check_sends(a, site);
	if (!complete(a, &a->pause, NDIS_STATUS_SUCCESS))
		stray(na, "NdisMPauseComplete");
}

static void host_restart_complete(struct ndis_adapter *na, NDIS_STATUS st)
{
	if (!complete(rt_of(na), &rt_of(na)->restart, st))
		stray(na, "NdisMRestartComplete");
}

static void host_oid_complete(struct ndis_adapter *na, PNDIS_OID_REQUEST req,
			      NDIS_STATUS st)
{
	struct ndisdma_adapter *a = rt_of(na);

	if (req != &a->oid_req || !complete(a, &a->oid, st))
		stray(na, "NdisMOidRequestComplete");
}

static uint64_t count_nbls(PNET_BUFFER_LIST nbls)
{
	uint64_t n = 0;

	for (; nbls; nbls = NET_BUFFER_LIST_NEXT_NBL(nbls))
		n++;
	return n;
}

static void host_send_complete(struct ndis_adapter *na, PNET_BUFFER_LIST nbls,
			       ULONG flags)
{
	struct ndisdma_adapter *a = rt_of(na);
	uint64_t n = count_nbls(nbls);
	struct ndisdma_traffic_ops ops;
	void *ctx;

	pthread_mutex_lock(&a->lock);
	a->stats.send_completes++;
	a->stats.nbls_send_completed += n;
	ops = a->traffic;
	ctx = a->traffic_ctx;
	pthread_mutex_unlock(&a->lock);
	if (ops.send_complete)
		ops.send_complete(ctx, nbls, flags);
}

static void return_nbls(struct ndisdma_adapter *a, PNET_BUFFER_LIST nbls)
{
	ULONG flags = kernel_irql() == KIRQL_DISPATCH ?
		      NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0;
	uint64_t n = count_nbls(nbls);

	pthread_mutex_lock(&a->lock);
	a->stats.nbls_returned += n;
	pthread_mutex_unlock(&a->lock);
	a->d->nd.chars.ReturnNetBufferListsHandler(a->na.context, nbls, flags);
}

static void host_indicate_receive(struct ndis_adapter *na, PNET_BUFFER_LIST nbls,
				  NDIS_PORT_NUMBER port, ULONG count, ULONG flags)
{
	struct ndisdma_adapter *a = rt_of(na);
	struct ndisdma_traffic_ops ops;
	bool kept = false;
	void *ctx;

	(void)port;
	pthread_mutex_lock(&a->lock);
	a->stats.receive_indications++;
	a->stats.nbls_received += count;
	ops = a->traffic;
	ctx = a->traffic_ctx;
	pthread_mutex_unlock(&a->lock);
	if (ops.receive)
		kept = ops.receive(ctx, nbls, count, flags);
	/* with NDIS_RECEIVE_FLAGS_RESOURCES the miniport owns them again
	 * as soon as the indication returns */
	if (!kept && !(flags & NDIS_RECEIVE_FLAGS_RESOURCES))
		return_nbls(a, nbls);
}

static void host_indicate_status(struct ndis_adapter *na, PNDIS_STATUS_INDICATION ind)
{
	struct ndisdma_adapter *a = rt_of(na);

	pthread_mutex_lock(&a->lock);
	a->stats.status_indications++;
	a->stats.last_status_code = (uint32_t)ind->StatusCode;
	pthread_mutex_unlock(&a->lock);
	kernel_trace(na->k, "  status indication 0x%08X", (unsigned)ind->StatusCode);
}

const struct ndis_adapter_host_ops rt_adapter_host_ops = {
	.pause_complete = host_pause_complete,
	.restart_complete = host_restart_complete,
	.oid_complete = host_oid_complete,
	.send_complete = host_send_complete,
	.indicate_receive = host_indicate_receive,
	.indicate_status = host_indicate_status,
	.reset_complete = rt_reset_complete,
};

void ndisdma_adapter_set_traffic(struct ndisdma_adapter *a,
				 const struct ndisdma_traffic_ops *ops, void *ctx)
{
	pthread_mutex_lock(&a->lock);
	if (ops)
		a->traffic = *ops;
	else
		memset(&a->traffic, 0, sizeof(a->traffic));
	a->traffic_ctx = ctx;
	pthread_mutex_unlock(&a->lock);
}

void ndisdma_adapter_return_nbls(struct ndisdma_adapter *a, void *nbls)
{
	struct rt_call c;

	if (!nbls)
		return;
	rt_enter(a->m->k, &c);
	return_nbls(a, nbls);
	rt_leave(&c, "MiniportReturnNetBufferLists");
}

void ndisdma_adapter_stats(const struct ndisdma_adapter *a,
			   struct ndisdma_adapter_stats *s)
{
	struct ndisdma_adapter *aa = (struct ndisdma_adapter *)a;

	pthread_mutex_lock(&aa->lock);
	*s = a->stats;
	pthread_mutex_unlock(&aa->lock);
	s->offload_attributes = ndis_offload_snapshot(&aa->na, NULL, NULL,
						      &s->offload_config_indications,
						      &s->offload_capability_indications);
}

const char *ndisdma_adapter_state(const struct ndisdma_adapter *a)
{
	static const char *const names[] = {
		[ADAPTER_HALTED] = "halted",
		[ADAPTER_INITIALIZING] = "initializing",
		[ADAPTER_PAUSED] = "paused",
		[ADAPTER_RESTARTING] = "restarting",
		[ADAPTER_RUNNING] = "running",
		[ADAPTER_PAUSING] = "pausing",
		[ADAPTER_HALTING] = "halting",
	};
	int s = atomic_load(&a->na.state);

	return s >= 0 && s <= ADAPTER_HALTING ? names[s] : "?";
}
