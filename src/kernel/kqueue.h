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
/* Waits until every item pushed before the call has run. */
void kqueue_flush(struct kqueue *q);
/* True when called from this queue's own thread. */
bool kqueue_is_current(const struct kqueue *q);

int kernel_handles_init(struct kernel *k);
void kernel_handles_fini(struct kernel *k);

#endif
