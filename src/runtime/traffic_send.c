/* traffic_send.c — the calls a protocol-side harness needs besides the
 * callbacks of adapter_host.c: handing NBLs to the miniport
 * (MiniportSendNetBufferLists, spec §13 data path), cancelling them
 * (MiniportCancelSend) and reading what the adapter's SG DMA channel
 * delivered.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <string.h>

#include "ndis/sg_dma.h"

int ndisdma_adapter_send(struct ndisdma_adapter *a, void *nbls)
{
	struct rt_call c;
	uint64_t n;

	if (!a || !nbls)
		return -EINVAL;
	/* a reset in progress holds sends back (adapter_reset.c) */
	pthread_rwlock_rdlock(&a->send_gate);
	/* spec §13: sends only reach a running miniport */
	if (atomic_load(&a->na.state) != ADAPTER_RUNNING) {
		pthread_rwlock_unlock(&a->send_gate);
		return -EINVAL;
	}
	n = 0;
	for (PNET_BUFFER_LIST nbl = nbls; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		n++;
	pthread_mutex_lock(&a->lock);
	a->stats.nbls_sent += n;   /* before the call: completions may come inline */
	pthread_mutex_unlock(&a->lock);
	rt_enter(a->m->k, &c);
	a->d->nd.chars.SendNetBufferListsHandler(a->na.context, nbls,
						 NDIS_DEFAULT_PORT_NUMBER, 0);
	rt_leave(&c, "MiniportSendNetBufferLists");
	pthread_rwlock_unlock(&a->send_gate);
	return 0;
}

/* NDIS calls MiniportCancelSend when a protocol cancels the sends it
 * marked with NDIS_SET_NET_BUFFER_LIST_CANCEL_ID (facts: IRQL <=
 * DISPATCH_LEVEL, the miniport completes each NBL with that id it still
 * holds with NDIS_STATUS_SEND_ABORTED).  An adapter that is initialized
 * and not halting may hold sends: running, pausing or paused. */
int ndisdma_adapter_cancel_send(struct ndisdma_adapter *a, void *cancel_id)
{
	struct rt_call c;
	int state;

	if (!a || !cancel_id)
		return -EINVAL;
	if (!a->d->nd.chars.CancelSendHandler)
		return -ENOTSUP;
	state = atomic_load(&a->na.state);
	if (state != ADAPTER_RUNNING && state != ADAPTER_PAUSING && state != ADAPTER_PAUSED)
		return -EINVAL;
	rt_enter(a->m->k, &c);
	a->d->nd.chars.CancelSendHandler(a->na.context, cancel_id);
	rt_leave(&c, "MiniportCancelSend");
	return 0;
}

void ndisdma_adapter_dma_traffic(const struct ndisdma_adapter *a,
				 struct ndisdma_dma_traffic *t)
{
	struct sg_traffic s;

	memset(t, 0, sizeof(*t));
	if (!a || !a->na.dma)
		return;
	sg_lists_traffic(a->na.dma, &s);
	t->lists = s.lists;
	t->elements = s.elements;
	t->bytes = s.bytes;
	t->bounced_lists = s.bounced_lists;
	t->bounced_bytes = s.bounced_bytes;
	t->waited = s.waited;
	t->deferred = s.deferred;
}
