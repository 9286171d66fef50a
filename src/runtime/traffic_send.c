/* traffic_send.c — the two calls a protocol-side harness needs besides
 * the callbacks of adapter_host.c: handing NBLs to the miniport
 * (MiniportSendNetBufferLists, spec §13 data path) and reading what the
 * adapter's SG DMA channel delivered.
 */
#include "runtime/runtime.h"

#include <errno.h>
#include <string.h>

#include "ndis/sg_dma.h"

int ndisdma_adapter_send(struct ndisdma_adapter *a, void *nbls)
{
	struct rt_call c;

	if (!a || !nbls)
		return -EINVAL;
	/* spec §13: sends only reach a running miniport */
	if (atomic_load(&a->na.state) != ADAPTER_RUNNING)
		return -EINVAL;
	rt_enter(a->m->k, &c);
	a->d->nd.chars.SendNetBufferListsHandler(a->na.context, nbls,
						 NDIS_DEFAULT_PORT_NUMBER, 0);
	rt_leave(&c, "MiniportSendNetBufferLists");
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
