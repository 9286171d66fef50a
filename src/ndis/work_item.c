/* work_item.c — NDIS I/O work items: NdisAllocateIoWorkItem,
 * NdisQueueIoWorkItem, NdisFreeIoWorkItem.  The routine runs on the
 * machine's work thread at PASSIVE_LEVEL (spec §9).  Each item is a
 * resource of its owner (adapter or driver), reclaimed at halt.
 *
 * Lifetime: one reference for the owner, one while queued; whoever drops
 * the last frees, so freeing an item that is still queued is safe (its
 * routine still runs, as on Windows).
 */
#include "ndis/ndis_internal.h"

#include <stddef.h>

struct io_work_item {
	struct kqueue_item q;
	struct kres res;
	struct kernel *k;
	void *handle;
	NDIS_IO_WORKITEM_ROUTINE routine;
	PVOID context;
	atomic_int refs;
};

static void work_item_put(struct io_work_item *w)
{
	if (atomic_fetch_sub(&w->refs, 1) == 1)
		kernel_free(w->k, w);
}

static void work_item_run(struct kqueue_item *item)
{
	struct io_work_item *w = (struct io_work_item *)item;

	w->routine(w->context, w->handle);
	work_item_put(w);
}

/* The owner's reference goes: the handle is dead from now on. */
static void work_item_release(struct io_work_item *w)
{
	kernel_handle_retire(w->k, w->handle);
	work_item_put(w);
}

static void work_item_reclaim(struct kres *r)
{
	work_item_release((struct io_work_item *)
			  ((char *)r - offsetof(struct io_work_item, res)));
}

static struct io_work_item *work_item_lookup(NDIS_HANDLE h, const char *api,
					     const void *site)
{
	struct kernel *k = kernel_current();
	enum handle_error err;
	struct io_work_item *w;

	if (!k)
		return NULL;
	w = kernel_handle_lookup(k, h, HANDLE_WORK_ITEM, &err);
	if (!w) {
		struct vf_facts f = { .handle = h, .irql = -1, .call_site = site };

		vf_report(k->verifier, VF_HANDLE, &f, "%s: work item handle %p is a %s",
			  api, h, handle_error_name(err));
	}
	return w;
}

NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct kres_list *owner;
	struct io_work_item *w;

	if (!ndis_check_irql(k, "NdisAllocateIoWorkItem", KIRQL_PASSIVE,
			     KIRQL_DISPATCH, site))
		return NULL;
	owner = ndis_owner_resources(NdisObjectHandle);
	if (!owner) {
		ndis_adapter_from_handle(NdisObjectHandle, "NdisAllocateIoWorkItem", site);
		return NULL;
	}
	w = kernel_zalloc(k, sizeof(*w), "ndis.work_item");
	if (!w)
		return NULL;
	w->k = k;
	atomic_init(&w->refs, 1);
	w->q.fn = work_item_run;
	w->handle = kernel_handle_new(k, HANDLE_WORK_ITEM, w);
	if (!w->handle) {
		kernel_free(k, w);
		return NULL;
	}
	kres_add(owner, &w->res, "io-work-item", site, sizeof(*w), work_item_reclaim);
	return w->handle;
}

VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle,
			 NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct io_work_item *w;

	if (!ndis_check_irql(k, "NdisQueueIoWorkItem", KIRQL_PASSIVE,
			     KIRQL_DISPATCH, site))
		return;
	w = work_item_lookup(NdisIoWorkItemHandle, "NdisQueueIoWorkItem", site);
	if (!w || !Routine)
		return;
	if (atomic_load(&w->q.queued))
		return;   /* already queued: it runs once, as documented */
	w->routine = Routine;
	w->context = WorkItemContext;
	atomic_fetch_add(&w->refs, 1);
	if (!kernel_queue_work(k, &w->q))
		work_item_put(w);
}

VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle)
{
	const void *site = NDIS_CALLER();
	struct io_work_item *w;

	ndis_check_irql(kernel_current(), "NdisFreeIoWorkItem", KIRQL_PASSIVE,
			KIRQL_DISPATCH, site);
	w = work_item_lookup(NdisIoWorkItemHandle, "NdisFreeIoWorkItem", site);
	if (!w)
		return;
	kres_remove(&w->res);
	work_item_release(w);
}
