/* shm_async.c — NdisMAllocateSharedMemoryAsyncEx requests (spec §7): the
 * call returns NDIS_STATUS_PENDING and the driver's
 * SharedMemAllocateCompleteHandler runs later at PASSIVE_LEVEL on the
 * machine's work thread, exactly once, with a NULL VA on failure.  A
 * request still queued at deregistration is completed (NULL VA) by the
 * deregistering thread; one already running is waited for (spec §8: no
 * completion after deregistration).
 */
#include "ndis/shm_set.h"

#include <stddef.h>

#include "kernel/kqueue.h"
#include "kernel/ksched.h"

enum { ASYNC_QUEUED, ASYNC_RUNNING, ASYNC_CANCELLED };

struct shm_async {
	struct kqueue_item item;     /* first: the work thread owns it once queued */
	struct shm_async *prev, *next;
	struct kernel *k;
	struct shm_set *set;         /* NULL once teardown has let it go */
	atomic_int state;
	ULONG length;
	BOOLEAN cached;
	PVOID context;
	const void *site;
};

static void link_pending(struct shm_set *s, struct shm_async *r)
{
	r->prev = NULL;
	r->next = s->pending;
	if (s->pending)
		s->pending->prev = r;
	s->pending = r;
}

static void unlink_pending(struct shm_set *s, struct shm_async *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		s->pending = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

static void complete(struct sg_channel *ch, struct shm_block *b, ULONG length,
		     PVOID context)
{
	NDIS_PHYSICAL_ADDRESS pa;

	pa.QuadPart = b ? (LONGLONG)b->pa : 0;
	ch->shm_complete(ch->adapter->context, b ? b->va : NULL, &pa, length,
			 context);
}

/* The work item: runs at PASSIVE_LEVEL on the work thread. */
static void async_run(struct kqueue_item *item)
{
	struct shm_async *r = (struct shm_async *)item;
	int expect = ASYNC_QUEUED;
	struct shm_set *s = r->set;
	struct shm_block *b = NULL;
	bool closing;

	/* cancelled by teardown: already completed, the set may be gone */
	if (!atomic_compare_exchange_strong(&r->state, &expect, ASYNC_RUNNING)) {
		kernel_free(r->k, r);
		return;
	}
	pthread_mutex_lock(&s->lock);
	closing = s->closing;
	pthread_mutex_unlock(&s->lock);
	if (!closing)
		b = shm_block_alloc(s->ch, r->length, r->cached, r->site);
	complete(s->ch, b, r->length, r->context);
	/* a deregistration from inside the handler let this request go */
	s = r->set;
	if (s) {
		pthread_mutex_lock(&s->lock);
		unlink_pending(s, r);
		kcond_broadcast(&s->idle);
		pthread_mutex_unlock(&s->lock);
	}
	kernel_free(r->k, r);
}

NDIS_STATUS shm_async_submit(struct sg_channel *ch, ULONG length,
			     BOOLEAN cached, PVOID context, const void *site)
{
	struct shm_set *s = ch->shm;
	struct shm_async *r = kernel_zalloc(ch->k, sizeof(*r), "shm.async");

	/* documented: "cannot allocate right now" */
	if (!r)
		return NDIS_STATUS_FAILURE;
	r->item.fn = async_run;
	r->k = ch->k;
	r->set = s;
	atomic_init(&r->state, ASYNC_QUEUED);
	r->length = length;
	r->cached = cached;
	r->context = context;
	r->site = site;
	pthread_mutex_lock(&s->lock);
	if (s->closing) {
		pthread_mutex_unlock(&s->lock);
		kernel_free(ch->k, r);
		return NDIS_STATUS_FAILURE;
	}
	link_pending(s, r);
	pthread_mutex_unlock(&s->lock);
	kernel_queue_work(ch->k, &r->item);
	return NDIS_STATUS_PENDING;
}

/* Take one request out of the pending list: a queued one is cancelled
 * (its length and context are returned, for the caller to complete it); a
 * running one is waited for, unless it runs on this very thread
 * (deregistration from inside its handler): then it is let go.  Once
 * cancelled, the work item owns the request and frees it, so nothing is
 * read from it after the exchange. */
static bool next_cancelled(struct shm_set *s, bool on_work_thread,
			   ULONG *length, PVOID *context)
{
	struct shm_async *r;

	pthread_mutex_lock(&s->lock);
	while ((r = s->pending)) {
		int expect = ASYNC_QUEUED;
		*length = r->length;
		*context = r->context;
		unlink_pending(s, r);
		if (atomic_compare_exchange_strong(&r->state, &expect,
						   ASYNC_CANCELLED))
			break;
		if (on_work_thread) {
			r->set = NULL;
			continue;
		}
		/* running elsewhere: back in the list until it finishes */
		link_pending(s, r);
		kcond_wait(&s->idle, &s->lock, UINT64_MAX);
	}
	pthread_mutex_unlock(&s->lock);
	return r != NULL;
}

void shm_async_drain(struct shm_set *s)
{
	struct sg_channel *ch = s->ch;
	bool on_work_thread = kqueue_is_current(ch->k->work_queue);
	ULONG length;
	PVOID context;

	while (next_cancelled(s, on_work_thread, &length, &context))
		complete(ch, NULL, length, context);
}
