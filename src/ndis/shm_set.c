/* shm_set.c — the records of a channel's shared blocks (spec §7, §8):
 * allocation, exact-match free, pools counters, and the teardown that
 * reports every block still live (DEREG-SHM-LEAK, with where it was
 * allocated) and reclaims it.
 */
#include "ndis/shm_set.h"

#include <errno.h>
#include <string.h>

#include "ndisdma/ndisdma.h"

/* spec §7: full verifier mode fills blocks with poison, not zeroes */
#define SHM_POISON 0xA7

int shm_set_create(struct sg_channel *ch)
{
	struct shm_set *s = kernel_zalloc(ch->k, sizeof(*s), "shm.set");

	ch->shm = NULL;
	if (!s)
		return -ENOMEM;
	s->ch = ch;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	s->live.next = s->live.prev = &s->live;
	ch->shm = s;
	return 0;
}

struct shm_block *shm_block_alloc(struct sg_channel *ch, ULONG length,
				  BOOLEAN cached, const void *site)
{
	struct kernel *k = ch->k;
	struct shm_set *s = ch->shm;
	struct shm_block *b;

	if (!length)
		return NULL;
	b = kernel_zalloc(k, sizeof(*b), "shm.record");
	if (!b)
		return NULL;
	b->va = hal_common_buffer_alloc(ch->hal, length, "NdisMAllocateSharedMemory",
					site, &b->pa);
	if (!b->va) {
		kernel_free(k, b);
		return NULL;
	}
	/* fresh pages are zero: standard level hands them out as they are */
	if (vf_level(k->verifier) >= VF_LEVEL_FULL)
		memset(b->va, SHM_POISON, length);
	b->length = length;
	b->cached = cached;
	b->site = site;
	pthread_mutex_lock(&s->lock);
	b->next = &s->live;
	b->prev = s->live.prev;
	b->prev->next = b;
	s->live.prev = b;
	s->count++;
	s->bytes += length;
	pthread_mutex_unlock(&s->lock);
	if (vf_enabled(k->verifier, VF_LEVEL_FULL))
		shm_vf_mapped(ch, b);
	kernel_trace(k, "  shared memory: %u bytes at PA 0x%llx%s", (unsigned)length,
		     (unsigned long long)b->pa, cached ? "" : " (uncached)");
	return b;
}

static void unlink_block(struct shm_set *s, struct shm_block *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
	b->next = b->prev = NULL;
	s->count--;
	s->bytes -= b->length;
}

static const char *mismatch(const struct shm_block *b, const struct shm_block *req)
{
	if (b->length != req->length)
		return "Length differs from the allocation";
	if (!b->cached != !req->cached)
		return "Cached differs from the allocation";
	if (b->pa != req->pa)
		return "PhysicalAddress differs from the allocation";
	return NULL;
}

static bool find_freed(const struct shm_set *s, const void *va,
		       struct shm_block *seen)
{
	/* newest first: the most recent block at this VA */
	for (unsigned i = 1; i <= SHM_FREED_HISTORY; i++) {
		const struct shm_block *f =
			&s->freed[(s->freed_next - i) % SHM_FREED_HISTORY];
		if (f->va && f->va == va) {
			*seen = *f;
			return true;
		}
	}
	return false;
}

enum shm_take shm_block_take(struct sg_channel *ch, const struct shm_block *req,
			     struct shm_block **taken, struct shm_block *seen,
			     const char **why)
{
	struct shm_set *s = ch->shm;
	enum shm_take result = SHM_TAKE_UNKNOWN;

	*taken = NULL;
	*why = NULL;
	pthread_mutex_lock(&s->lock);
	for (struct shm_block *b = s->live.next; b != &s->live; b = b->next) {
		if (b->va != req->va)
			continue;
		*why = mismatch(b, req);
		if (*why) {
			*seen = *b;
			result = SHM_TAKE_MISMATCH;
		} else {
			unlink_block(s, b);
			*taken = b;
			result = SHM_TAKE_OK;
		}
		break;
	}
	if (result == SHM_TAKE_UNKNOWN && req->va && find_freed(s, req->va, seen))
		result = SHM_TAKE_FREED;
	pthread_mutex_unlock(&s->lock);
	return result;
}

static void remember_freed(struct shm_set *s, const struct shm_block *b)
{
	struct shm_block *f = &s->freed[s->freed_next++ % SHM_FREED_HISTORY];

	*f = *b;
	f->prev = f->next = NULL;
}

void shm_block_release(struct sg_channel *ch, struct shm_block *b)
{
	struct shm_set *s = ch->shm;

	pthread_mutex_lock(&s->lock);
	remember_freed(s, b);
	pthread_mutex_unlock(&s->lock);
	if (vf_enabled(ch->k->verifier, VF_LEVEL_FULL))
		shm_vf_unmapped(ch, b);
	hal_common_buffer_free(ch->hal, b->va, b->length, b->pa);
	kernel_free(ch->k, b);
}

static void report_leak(struct sg_channel *ch, const struct shm_block *b)
{
	struct vf_facts f = { 0 };

	f.handle = ch->handle;
	f.irql = -1;
	f.address = b->pa;
	f.has_address = 1;
	f.length = b->length;
	f.alloc_site = b->site;
	f.call_site = b->site;   /* a leak's location: the allocating call */
	vf_report(ch->k->verifier, VF_DEREG_SHM_LEAK, &f,
		  "NdisMDeregisterScatterGatherDma: shared memory still allocated "
		  "(%u bytes at VA %p PA 0x%llx); reclaimed", (unsigned)b->length,
		  b->va, (unsigned long long)b->pa);
}

void shm_set_teardown(struct sg_channel *ch)
{
	struct shm_set *s = ch->shm;
	struct shm_block *b;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->closing = true;
	pthread_mutex_unlock(&s->lock);
	/* spec §8: no completion fires after deregistration */
	shm_async_drain(s);
	for (;;) {
		pthread_mutex_lock(&s->lock);
		b = s->live.next != &s->live ? s->live.next : NULL;
		if (b)
			unlink_block(s, b);
		pthread_mutex_unlock(&s->lock);
		if (!b)
			break;
		report_leak(ch, b);
		if (vf_enabled(ch->k->verifier, VF_LEVEL_FULL))
			shm_vf_unmapped(ch, b);
		hal_common_buffer_free(ch->hal, b->va, b->length, b->pa);
		kernel_free(ch->k, b);
	}
	pthread_cond_destroy(&s->idle);
	pthread_mutex_destroy(&s->lock);
	kernel_free(ch->k, s);
	ch->shm = NULL;
}

void shm_set_add_pools(const struct sg_channel *ch, struct ndisdma_pools *p)
{
	struct shm_set *s = ch->shm;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	p->live_shared_blocks += s->count;
	p->shared_bytes += s->bytes;
	pthread_mutex_unlock(&s->lock);
}
