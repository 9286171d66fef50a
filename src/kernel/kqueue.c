/* kqueue.c — DPC and work-item threads (spec §9: DPCs and deferred
 * deliveries run at DISPATCH_LEVEL; work items at PASSIVE_LEVEL).
 *
 * An item's queued word: 0 idle, LINKED (in the queue), HELD (in the
 * queue; when it runs it stays TAKEN until kqueue_release), TAKEN.  The
 * DPC thread also drives the machine's timer queue through a clock hook
 * (ktimer.c): expired timers are handled between items and while idle,
 * as a clock interrupt's DPC would. */
#include "kernel/kqueue.h"

#include <errno.h>
#include <stdlib.h>

#include "kernel/kexec.h"
#include "kernel/ksched.h"
#include "kernel/ktime.h"

enum { KQ_IDLE = 0, KQ_LINKED = 1, KQ_HELD = 2, KQ_TAKEN = 3 };

struct kqueue {
	struct kernel *k;
	uint8_t irql;
	pthread_t thread;
	struct ktask *task;        /* under the seeded scheduler */
	uint32_t task_id;
	pthread_mutex_t lock;             /* kmutex_lock (ksched.h) */
	pthread_cond_t wake;       /* items arrived, clock changed, or stop */
	pthread_cond_t progress;   /* a flush marker ran */
	struct kqueue_item *head, *tail;
	uint64_t (*clock)(void *ctx);   /* runs due timers, returns next due */
	void *clock_ctx;
	bool kicked;                    /* the timer queue changed */
	bool running;                   /* an item runs now (kqueue_flush) */
	bool stop;
};

/* The clock hook, called with q->lock held; runs it unlocked and
 * returns the next due time (mono ns). */
static uint64_t run_clock(struct kqueue *q)
{
	uint64_t (*clock)(void *) = q->clock;
	void *ctx = q->clock_ctx;
	uint64_t due;

	q->kicked = false;
	kmutex_unlock(q->k, &q->lock);
	due = clock ? clock(ctx) : UINT64_MAX;
	kmutex_lock(q->k, &q->lock);
	return due;
}

static void marker_run(struct kqueue_item *item);

static void run_item(struct kqueue *q, struct kqueue_item *item)
{
	/* a DPC runs on its target processor, not the thread's: the IOMMU's
	 * cache of the thread's processor state (kernel.h) starts empty in
	 * it and is the thread's again after it */
	uint64_t iommu_domain = kthread_self.iommu_domain;
	struct iommu_cpu *iommu_cpu = kthread_self.iommu_cpu;

	kthread_self.in_dpc = q->irql == KIRQL_DISPATCH;
	if (kthread_self.in_dpc)
		kthread_self.iommu_domain = 0;
	item->fn(item);
	kthread_self.in_dpc = 0;
	kthread_self.iommu_domain = iommu_domain;
	kthread_self.iommu_cpu = iommu_cpu;
	kthread_self.irql = q->irql;   /* a callee that forgot to lower */
}

static void *kqueue_main(void *arg)
{
	struct kqueue *q = arg;
	uint64_t due = UINT64_MAX;

	ksched_task_start(q->task);
	kthread_self.kernel = q->k;
	kthread_self.irql = q->irql;
	kmutex_lock(q->k, &q->lock);
	for (;;) {
		struct kqueue_item *item = q->head;

		uint64_t now = q->clock ? ktime_mono_ns() : 0;
		bool counted;

		if (q->clock && (q->kicked || now >= due)) {
			due = run_clock(q);
			continue;
		}
		if (!item) {
			if (q->stop)
				break;
			kcond_wait_k(q->k, &q->wake, &q->lock, q->clock ? due : UINT64_MAX);
			continue;
		}
		q->head = item->next;
		if (!q->head)
			q->tail = NULL;
		item->next = NULL;
		/* Cleared before the call so the item may queue itself again;
		 * a held item stays taken until its kqueue_release. */
		atomic_store(&item->queued,
			     atomic_load(&item->queued) == KQ_HELD ? KQ_TAKEN : KQ_IDLE);
		counted = item->fn != marker_run;   /* the item may be gone after */
		q->running = true;
		kmutex_unlock(q->k, &q->lock);
		ksched_point(KSCHED_EV_STEP, 0, NULL, NULL);   /* spec §9: a DPC or work item */

		if (q->irql == KIRQL_DISPATCH)
			ke_dpc_started(now);   /* KeQueryDpcWatchdogInformation */
		run_item(q, item);
		if (counted)
			kernel_count(q->k, q->irql == KIRQL_DISPATCH ? &q->k->stats.dpcs_run
							       : &q->k->stats.work_items_run, 1);
		kmutex_lock(q->k, &q->lock);
		q->running = false;
	}
	kmutex_unlock(q->k, &q->lock);
	ksched_task_exit();
	return NULL;
}

int kqueue_create(struct kernel *k, uint8_t irql, const char *name,
		  struct kqueue **out)
{
	struct kqueue *q;

	*out = NULL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->k = k;
	q->irql = irql;
	pthread_mutex_init(&q->lock, NULL);
	kwait_cond_init(&q->wake);
	kwait_cond_init(&q->progress);
	q->task = ksched_task_new(k, irql == KIRQL_DISPATCH ? "dpc" : "work", &q->task_id);
	if (ksched_spawn(k, q->task, &q->thread, kqueue_main, q)) {
		ksched_task_abandon(q->task);
		pthread_cond_destroy(&q->progress);
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->lock);
		free(q);
		return -EAGAIN;
	}
	if (ksched_host_thread(k, q->task))
		pthread_setname_np(q->thread, name);
	*out = q;
	return 0;
}

void kqueue_destroy(struct kqueue *q)
{
	if (!q)
		return;
	kmutex_lock(q->k, &q->lock);
	q->stop = true;
	q->clock = NULL;
	kcond_signal(&q->wake);
	kmutex_unlock(q->k, &q->lock);
	ksched_reap(q->k, q->task, q->task_id, q->thread);
	pthread_cond_destroy(&q->progress);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

bool kqueue_push_ex(struct kqueue *q, struct kqueue_item *item, unsigned flags,
		    void (*commit)(struct kqueue_item *item, void *ctx), void *ctx)
{
	kmutex_lock(q->k, &q->lock);
	if (atomic_load(&item->queued) != KQ_IDLE) {
		kmutex_unlock(q->k, &q->lock);
		return false;
	}
	if (commit)
		commit(item, ctx);
	atomic_store(&item->queued, (flags & KQ_HOLD) ? KQ_HELD : KQ_LINKED);
	if (flags & KQ_FRONT) {
		item->next = q->head;
		q->head = item;
		if (!q->tail)
			q->tail = item;
	} else {
		item->next = NULL;
		if (q->tail)
			q->tail->next = item;
		else
			q->head = item;
		q->tail = item;
	}
	kcond_signal(&q->wake);
	kmutex_unlock(q->k, &q->lock);
	return true;
}

bool kqueue_push(struct kqueue *q, struct kqueue_item *item)
{
	return kqueue_push_ex(q, item, 0, NULL, NULL);
}

/* q locked, item linked: take it out. */
static void unlink_item(struct kqueue *q, struct kqueue_item *item)
{
	struct kqueue_item *prev = NULL;

	for (struct kqueue_item *it = q->head; it; prev = it, it = it->next) {
		if (it != item)
			continue;
		if (prev)
			prev->next = it->next;
		else
			q->head = it->next;
		if (q->tail == it)
			q->tail = prev;
		it->next = NULL;
		atomic_store(&it->queued, KQ_IDLE);
		return;
	}
}

bool kqueue_remove(struct kqueue *q, struct kqueue_item *item)
{
	int state;

	kmutex_lock(q->k, &q->lock);
	state = atomic_load(&item->queued);
	if (state == KQ_LINKED || state == KQ_HELD)
		unlink_item(q, item);
	kmutex_unlock(q->k, &q->lock);
	return state == KQ_LINKED || state == KQ_HELD;
}

size_t kqueue_remove_if(struct kqueue *q, bool (*pred)(struct kqueue_item *item, void *ctx),
			void *ctx)
{
	size_t n = 0;

	kmutex_lock(q->k, &q->lock);
	for (struct kqueue_item *it = q->head, *next; it; it = next) {
		next = it->next;
		if (pred(it, ctx)) {
			unlink_item(q, it);
			n++;
		}
	}
	kmutex_unlock(q->k, &q->lock);
	return n;
}

void kqueue_release(struct kqueue *q, struct kqueue_item *item,
		    void (*capture)(struct kqueue_item *item, void *ctx), void *ctx)
{
	kmutex_lock(q->k, &q->lock);
	if (capture)
		capture(item, ctx);
	if (atomic_load(&item->queued) == KQ_TAKEN)
		atomic_store(&item->queued, KQ_IDLE);
	kmutex_unlock(q->k, &q->lock);
}

void kqueue_set_clock(struct kqueue *q, uint64_t (*clock)(void *ctx), void *ctx)
{
	kmutex_lock(q->k, &q->lock);
	q->clock = clock;
	q->clock_ctx = ctx;
	q->kicked = true;
	kcond_signal(&q->wake);
	kmutex_unlock(q->k, &q->lock);
}

void kqueue_kick(struct kqueue *q)
{
	kmutex_lock(q->k, &q->lock);
	q->kicked = true;
	kcond_signal(&q->wake);
	kmutex_unlock(q->k, &q->lock);
}

/* Flush: a marker queued behind everything already queued (at the head
 * or the tail); one thread runs the queue, so when the marker runs every
 * item queued before it has finished. */
struct flush_marker {
	struct kqueue_item item;   /* first */
	struct kqueue *q;
	bool done;
};

static void marker_run(struct kqueue_item *item)
{
	struct flush_marker *m = (struct flush_marker *)item;
	struct kqueue *q = m->q;

	kmutex_lock(q->k, &q->lock);
	m->done = true;
	kcond_broadcast(&q->progress);
	kmutex_unlock(q->k, &q->lock);
}

void kqueue_flush(struct kqueue *q)
{
	struct flush_marker m = { .q = q };

	if (kqueue_is_current(q))
		return;   /* would wait for itself */
	/* nothing queued and nothing running: everything queued before has
	 * finished already (a flush per fuzz input, docs/fuzzing.md) */
	kmutex_lock(q->k, &q->lock);
	if (!q->head && !q->running) {
		kmutex_unlock(q->k, &q->lock);
		return;
	}
	kmutex_unlock(q->k, &q->lock);
	m.item.fn = marker_run;
	atomic_init(&m.item.queued, KQ_IDLE);
	kqueue_push(q, &m.item);
	kmutex_lock(q->k, &q->lock);
	while (!m.done)
		kcond_wait_k(q->k, &q->progress, &q->lock, UINT64_MAX);
	kmutex_unlock(q->k, &q->lock);
}

bool kqueue_is_current(const struct kqueue *q)
{
	return kcontext_is(q->task, q->thread);
}

bool kernel_queue_dpc(struct kernel *k, struct kqueue_item *item)
{
	return kqueue_push(k->dpc_queue, item);
}

bool kernel_queue_work(struct kernel *k, struct kqueue_item *item)
{
	return kqueue_push(k->work_queue, item);
}

void kernel_flush(struct kernel *k)
{
	/* Twice: a work item may queue a DPC that queues a work item. */
	for (int i = 0; i < 2; i++) {
		kqueue_flush(k->work_queue);
		kqueue_flush(k->dpc_queue);
	}
}
