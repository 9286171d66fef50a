/* kqueue.h — a FIFO of intrusive items run by one thread at a fixed IRQL
 * (the machine's DPC thread at DISPATCH, its work thread at PASSIVE). */
#ifndef NDISDMA_KQUEUE_H
#define NDISDMA_KQUEUE_H

#include "kernel/kernel.h"

int kqueue_create(struct kernel *k, uint8_t irql, const char *name,
		  struct kqueue **out);
/* Runs what is queued, then stops the thread and frees the queue. */
void kqueue_destroy(struct kqueue *q);
bool kqueue_push(struct kqueue *q, struct kqueue_item *item);

/* kqueue_push_ex flags */
enum {
	KQ_FRONT = 1u << 0,   /* at the head (a high-importance DPC) */
	KQ_HOLD = 1u << 1,    /* stays queued until the item calls kqueue_release */
};
/* Queues item unless it is queued; commit(item, ctx), when given, runs
 * under the queue's lock once the item is sure to be queued. */
bool kqueue_push_ex(struct kqueue *q, struct kqueue_item *item, unsigned flags,
		    void (*commit)(struct kqueue_item *item, void *ctx), void *ctx);
/* Takes a queued item out (true), or false when it was not in the queue
 * (not queued, or already running). */
bool kqueue_remove(struct kqueue *q, struct kqueue_item *item);
/* Takes out every queued item pred() accepts (pred runs under the lock). */
size_t kqueue_remove_if(struct kqueue *q, bool (*pred)(struct kqueue_item *item, void *ctx),
			void *ctx);
/* A KQ_HOLD item, running: capture(item, ctx) under the queue's lock, then
 * the item may be queued again. */
void kqueue_release(struct kqueue *q, struct kqueue_item *item,
		    void (*capture)(struct kqueue_item *item, void *ctx), void *ctx);
/* Waits until every item queued before the call has run. */
void kqueue_flush(struct kqueue *q);
/* True when called from this queue's own thread. */
bool kqueue_is_current(const struct kqueue *q);

/* The queue's thread calls clock(ctx) when it returned a due time (host
 * monotonic ns) that has passed, and after kqueue_kick (the machine's
 * timer queue, ktimer.c). */
void kqueue_set_clock(struct kqueue *q, uint64_t (*clock)(void *ctx), void *ctx);
void kqueue_kick(struct kqueue *q);

int kernel_handles_init(struct kernel *k);
void kernel_handles_fini(struct kernel *k);

#endif
