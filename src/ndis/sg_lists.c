/* sg_lists.c — the SG lists of a channel set up and torn down (spec §4,
 * §8): the records, ndisdma's storage pool and the delivery queue made at
 * registration, with what the fast path may do fixed there; at
 * deregistration every queued request (DEREG-PENDING) and outstanding list
 * (DEREG-SGL-LEAK) reported with where it was allocated and reclaimed; and
 * the snapshots read meanwhile (pools, traffic).
 */
#include "ndis/sg_list_internal.h"

#include <errno.h>
#include <string.h>

#include "ndisdma/ndisdma.h"

/* A leak or a pending request at deregistration: the facts of the call
 * that allocated it (that is the location a driver writer needs). */
static void report_left(struct sg_lists *l, struct sg_record *r, enum vf_rule rule,
			const char *what)
{
	struct vf_facts f = { 0 };

	f.handle = l->ch->handle;
	f.list = atomic_load_explicit(&r->list, memory_order_relaxed);
	f.nb = atomic_load_explicit(&r->nb, memory_order_relaxed);
	f.irql = kernel_irql();
	f.call_site = r->site;
	f.alloc_site = r->site;
	vf_report(l->k->verifier, rule, &f, "%s", what);
}

int sg_lists_create(struct sg_channel *ch)
{
	struct sg_lists *l;

	l = kernel_zalloc(ch->k, sizeof(*l), "sg.lists");
	if (!l)
		return -ENOMEM;
	l->ch = ch;
	l->k = ch->k;
	l->hal = ch->hal;
	l->direct = hal_adapter_is_direct(ch->hal);
	l->iommu = hal_adapter_iommu(ch->hal);
	l->defer = (ch->k->config.stress & KERNEL_STRESS_DEFER) != 0;
	l->max_mapping = ch->max_mapping;
	/* the fast path's conditions, fixed for the channel's life: the
	 * verifier's full level checks every list on the checked path */
	l->fast = hal_adapter_has_fast_build(ch->hal) && !l->defer &&
		  !vf_enabled(ch->k->verifier, VF_LEVEL_FULL);
	l->dpc.fn = sg_queue_dpc;
	if (sg_records_init(l, sg_records_wanted(ch->k)) != 0 ||
	    sg_storage_init(l, ch->sg_list_size) != 0) {
		sg_storage_fini(l);
		sg_records_fini(l);
		kernel_free(ch->k, l);
		return -ENOMEM;
	}
	klock_init(&l->lock, ch->k);
	ch->lists = l;
	return 0;
}

static void reclaim(struct sg_lists *l, struct sg_record *r, enum vf_rule rule,
		    const char *what)
{
	report_left(l, r, rule, what);
	if (rule == VF_DEREG_SGL_LEAK && vf_enabled(l->k->verifier, VF_LEVEL_FULL))
		sg_vf_freeing(l, r, atomic_load_explicit(&r->list, memory_order_relaxed),
			      NULL, false);
	sg_release_resources(l, r);
	sg_record_put(l, r);
}

void sg_lists_teardown(struct sg_channel *ch)
{
	struct sg_lists *l = ch->lists;
	struct sg_record *r, *next;

	if (!l)
		return;
	klock_acquire(&l->lock);
	l->dying = true;          /* the DPC delivers nothing from now on */
	klock_release(&l->lock);
	if (!kthread_self.in_dpc)
		kernel_flush(l->k);
	ch->lists = NULL;
	/* spec §8: queued requests, then outstanding lists, reported and
	 * reclaimed with their allocation site */
	for (r = l->q_head; r; r = next) {
		next = r->qnext;
		reclaim(l, r, VF_DEREG_PENDING,
			"channel deregistered with an SG request still queued");
	}
	for (uint32_t i = 0; i < l->nrecs; i++)
		if (atomic_load(&l->recs[i].state) == SG_REC_LIVE) {
			reclaim(l, &l->recs[i], VF_DEREG_SGL_LEAK,
				"channel deregistered with an SG list outstanding");
		}
	klock_destroy(&l->lock);
	sg_storage_fini(l);
	sg_records_fini(l);
	kernel_free(l->k, l);
}

void sg_lists_add_pools(const struct sg_channel *ch, struct ndisdma_pools *p)
{
	struct sg_lists *l = ch->lists;
	uint32_t nfree, ntotal;

	if (!l)
		return;
	p->live_sg_lists += sg_records_live(l);
	p->queued_sg_requests += atomic_load(&l->q_count);
	hal_adapter_map_registers(l->hal, &nfree, &ntotal);
	p->map_registers_free += nfree;
	p->map_registers_total += ntotal;
}

void sg_lists_traffic(const struct sg_channel *ch, struct sg_traffic *t)
{
	struct sg_lists *l = ch->lists;

	memset(t, 0, sizeof(*t));
	if (!l)
		return;
	for (uint32_t i = 0; i < l->nrecs; i++) {
		const struct sg_record *r = &l->recs[i];

		t->lists += atomic_load_explicit(&r->n_lists, memory_order_relaxed);
		t->elements += atomic_load_explicit(&r->n_elements, memory_order_relaxed);
		t->bytes += atomic_load_explicit(&r->n_bytes, memory_order_relaxed);
		t->bounced_lists += atomic_load_explicit(&r->n_bounced_lists,
							 memory_order_relaxed);
		t->bounced_bytes += atomic_load_explicit(&r->n_bounced_bytes,
							 memory_order_relaxed);
	}
	t->waited = atomic_load(&l->waited);
	t->deferred = atomic_load(&l->deferred) + t->waited;
}
