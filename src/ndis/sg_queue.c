/* sg_queue.c — delivering SG lists: MiniportProcessSGList exactly once per
 * accepted request, at DISPATCH_LEVEL (spec §5, §9); the per-channel FIFO
 * of requests waiting for map registers or deferred by stress defer, and
 * the DPC that drains it when frees return registers (spec §5, §6).
 */
#include "ndis/sg_list_internal.h"

#include <stddef.h>

void sg_commit(struct sg_lists *l, struct sg_record *r)
{
	PSCATTER_GATHER_LIST list = atomic_load_explicit(&r->list,
							 memory_order_relaxed);
	PNET_BUFFER nb = atomic_load_explicit(&r->nb, memory_order_relaxed);

	/* spec §5: from the start of CurrentMdl */
	hal_sg_commit(l->hal, nb->CurrentMdl, &r->plan, &r->res, r->to_device, list);
}

void sg_release_resources(struct sg_lists *l, struct sg_record *r)
{
	if (hal_resources_held(r->res))
		hal_sg_release(l->hal, &r->res);
	sg_storage_put(l, r);
}

void sg_queue_append(struct sg_lists *l, struct sg_record *r)
{
	klock_acquire(&l->lock);
	r->qnext = NULL;
	if (l->q_tail)
		l->q_tail->qnext = r;
	else
		l->q_head = r;
	l->q_tail = r;
	atomic_fetch_add_explicit(&l->q_count, 1, memory_order_release);
	klock_release(&l->lock);
	kernel_queue_dpc(l->k, &l->dpc);
}

/* Under the lock: unlink r (prev is the record before it, or NULL). */
static struct sg_record *unlink_queued(struct sg_lists *l, struct sg_record *prev,
				       struct sg_record *r)
{
	if (prev)
		prev->qnext = r->qnext;
	else
		l->q_head = r->qnext;
	if (l->q_tail == r)
		l->q_tail = prev;
	r->qnext = NULL;
	atomic_fetch_sub_explicit(&l->q_count, 1, memory_order_release);
	return r;
}

/* Under the lock: the next record that can go now, else NULL.  Waiting
 * requests go in FIFO order, the head first when its resources are free
 * (spec §5); a READY record (stress defer) already holds everything, so it
 * never waits behind them: it may hold the very registers the head needs. */
static struct sg_record *pop_ready_head(struct sg_lists *l, bool *needs_commit)
{
	struct sg_record *r = l->q_head, *prev = NULL;

	*needs_commit = false;
	if (!r || l->dying)
		return NULL;
	if (atomic_load_explicit(&r->state, memory_order_relaxed) != SG_REC_WAITING)
		return unlink_queued(l, NULL, r);
	/* the head is first in line: nobody waits before it */
	if (hal_sg_reserve(l->hal, &r->plan, false, &r->res, r->site) == HAL_RESERVED) {
		*needs_commit = true;
		return unlink_queued(l, NULL, r);
	}
	for (prev = r, r = r->qnext; r; prev = r, r = r->qnext)
		if (atomic_load_explicit(&r->state, memory_order_relaxed) == SG_REC_READY)
			return unlink_queued(l, prev, r);
	return NULL;
}

void sg_queue_dpc(struct kqueue_item *item)
{
	struct sg_lists *l = (struct sg_lists *)((char *)item -
						 offsetof(struct sg_lists, dpc));
	struct sg_record *r;
	bool needs_commit;

	for (;;) {
		klock_acquire(&l->lock);
		r = pop_ready_head(l, &needs_commit);
		klock_release(&l->lock);
		if (!r)
			return;
		if (needs_commit)
			sg_commit(l, r);
		/* the DPC thread runs at DISPATCH (spec §9) */
		sg_deliver(l, r);
	}
}
