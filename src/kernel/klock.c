/* klock.c — counted internal locks and tracked driver resources. */
#include "kernel/kernel.h"
#include "kernel/ksched.h"

void klock_init(struct klock *l, struct kernel *k)
{
	pthread_mutex_init(&l->mutex, NULL);
	l->kernel = k;
}

void klock_destroy(struct klock *l)
{
	pthread_mutex_destroy(&l->mutex);
}

void klock_acquire(struct klock *l)
{
	pthread_mutex_lock(&l->mutex);
	kernel_count(l->kernel, &l->kernel->stats.lock_acquisitions, 1);
}

void klock_release(struct klock *l)
{
	pthread_mutex_unlock(&l->mutex);
}

void kres_list_init(struct kres_list *l, struct kernel *k)
{
	pthread_mutex_init(&l->lock, NULL);
	l->k = k;
	l->head.prev = l->head.next = &l->head;
	l->count = 0;
}

void kres_list_destroy(struct kres_list *l)
{
	pthread_mutex_destroy(&l->lock);
}

void kres_add(struct kres_list *l, struct kres *r, const char *kind,
	      const void *site, size_t size, void (*reclaim)(struct kres *))
{
	r->kind = kind;
	r->site = site;
	r->size = size;
	r->reclaim = reclaim;
	kmutex_lock(l->k, &l->lock);
	r->list = l;
	r->next = &l->head;
	r->prev = l->head.prev;
	l->head.prev->next = r;
	l->head.prev = r;
	l->count++;
	kmutex_unlock(l->k, &l->lock);
}

void kres_remove(struct kres *r)
{
	struct kres_list *l = r->list;

	if (!l)
		return;
	kmutex_lock(l->k, &l->lock);
	r->prev->next = r->next;
	r->next->prev = r->prev;
	r->prev = r->next = NULL;
	r->list = NULL;
	l->count--;
	kmutex_unlock(l->k, &l->lock);
}

size_t kres_reclaim_all(struct kres_list *l,
			void (*report)(struct kres *r, void *ctx), void *ctx)
{
	size_t n = 0;

	for (;;) {
		struct kres *r;

		kmutex_lock(l->k, &l->lock);
		r = l->head.next;
		if (r == &l->head) {
			kmutex_unlock(l->k, &l->lock);
			return n;
		}
		r->prev->next = r->next;
		r->next->prev = r->prev;
		r->prev = r->next = NULL;
		r->list = NULL;
		l->count--;
		kmutex_unlock(l->k, &l->lock);
		if (report)
			report(r, ctx);
		if (r->reclaim)
			r->reclaim(r);
		n++;
	}
}
