/* kqueue.c — DPC and work-item threads (spec §9: DPCs and deferred
 * deliveries run at DISPATCH_LEVEL; work items at PASSIVE_LEVEL). */
#include "kernel/kqueue.h"

#include <errno.h>
#include <stdlib.h>

struct kqueue {
	struct kernel *k;
	uint8_t irql;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;       /* items arrived, or stop */
	pthread_cond_t progress;   /* an item finished */
	struct kqueue_item *head, *tail;
	uint64_t pushed, done;
	bool stop;
};

static void *kqueue_main(void *arg)
{
	struct kqueue *q = arg;

	kthread_self.kernel = q->k;
	kthread_self.irql = q->irql;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		struct kqueue_item *item = q->head;

		if (!item) {
			if (q->stop)
				break;
			pthread_cond_wait(&q->wake, &q->lock);
			continue;
		}
		q->head = item->next;
		if (!q->head)
			q->tail = NULL;
		item->next = NULL;
		pthread_mutex_unlock(&q->lock);

		/* Cleared before the call so the item may queue itself again. */
		atomic_store(&item->queued, 0);
		kthread_self.in_dpc = q->irql == KIRQL_DISPATCH;
		item->fn(item);
		kthread_self.in_dpc = 0;
		kthread_self.irql = q->irql;   /* a callee that forgot to lower */
		kernel_count(q->irql == KIRQL_DISPATCH ? &q->k->stats.dpcs_run
						       : &q->k->stats.work_items_run, 1);

		pthread_mutex_lock(&q->lock);
		q->done++;
		pthread_cond_broadcast(&q->progress);
	}
	pthread_mutex_unlock(&q->lock);
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
	pthread_cond_init(&q->wake, NULL);
	pthread_cond_init(&q->progress, NULL);
	if (pthread_create(&q->thread, NULL, kqueue_main, q)) {
		pthread_cond_destroy(&q->progress);
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->lock);
		free(q);
		return -EAGAIN;
	}
	pthread_setname_np(q->thread, name);
	*out = q;
	return 0;
}

void kqueue_destroy(struct kqueue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	pthread_cond_destroy(&q->progress);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

bool kqueue_push(struct kqueue *q, struct kqueue_item *item)
{
	int expected = 0;

	if (!atomic_compare_exchange_strong(&item->queued, &expected, 1))
		return false;
	item->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->tail)
		q->tail->next = item;
	else
		q->head = item;
	q->tail = item;
	q->pushed++;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	return true;
}

void kqueue_flush(struct kqueue *q)
{
	uint64_t target;

	if (kqueue_is_current(q))
		return;   /* would wait for itself */
	pthread_mutex_lock(&q->lock);
	target = q->pushed;
	while (q->done < target)
		pthread_cond_wait(&q->progress, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

bool kqueue_is_current(const struct kqueue *q)
{
	return pthread_equal(pthread_self(), q->thread);
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
