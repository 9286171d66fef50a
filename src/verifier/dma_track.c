/* dma_track.c — see dma_track.h.
 *
 * The live mappings are an array sorted by start address.  Mappings may
 * overlap (two NET_BUFFERs in one page, a page mapped by two lists), so a
 * lookup scans back from the first mapping starting above the address for
 * as far as the longest mapping ever added reaches (`max_span`): a short
 * window in practice, and this is the full-level path, never the fast path
 * at off or standard.
 */
#include "verifier/dma_track.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define TRACK_PAGE 4096u

struct dma_track {
	pthread_rwlock_t lock;
	struct dma_mapping *maps;       /* sorted by start */
	unsigned count, capacity;
	uint64_t max_span;              /* longest length + guards ever added */
	bool incomplete;                /* an add failed: no UNMAPPED verdicts */
	struct dma_mapping freed[DMA_TRACK_FREED_RING];
	unsigned freed_next;
};

int dma_track_create(struct dma_track **out)
{
	struct dma_track *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return -ENOMEM;
	if (pthread_rwlock_init(&t->lock, NULL) != 0) {
		free(t);
		return -ENOMEM;
	}
	*out = t;
	return 0;
}

void dma_track_destroy(struct dma_track *t)
{
	if (!t)
		return;
	pthread_rwlock_destroy(&t->lock);
	free(t->maps);
	free(t);
}

static uint64_t span_of(const struct dma_mapping *m)
{
	uint64_t pages = (m->length + TRACK_PAGE - 1) & ~(uint64_t)(TRACK_PAGE - 1);

	return m->kind == DMA_MAP_SHARED ? pages + 2 * m->guard : m->length;
}

/* Index of the first mapping whose start is above addr. */
static unsigned upper_bound(const struct dma_track *t, uint64_t addr)
{
	unsigned lo = 0, hi = t->count;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (t->maps[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool grow(struct dma_track *t)
{
	unsigned cap = t->capacity ? t->capacity * 2 : 256;
	struct dma_mapping *m;

	m = realloc(t->maps, sizeof(*m) * cap);
	if (!m)
		return false;
	t->maps = m;
	t->capacity = cap;
	return true;
}

void dma_track_add(struct dma_track *t, const struct dma_mapping *m)
{
	unsigned i;

	if (!t || !m->length)
		return;
	pthread_rwlock_wrlock(&t->lock);
	if (t->count == t->capacity && !grow(t)) {
		t->incomplete = true;
		pthread_rwlock_unlock(&t->lock);
		return;
	}
	i = upper_bound(t, m->start);
	memmove(&t->maps[i + 1], &t->maps[i], sizeof(*m) * (t->count - i));
	t->maps[i] = *m;
	t->count++;
	if (span_of(m) > t->max_span)
		t->max_span = span_of(m);
	pthread_rwlock_unlock(&t->lock);
}

unsigned dma_track_remove(struct dma_track *t, const void *owner, bool remember)
{
	unsigned kept = 0, removed = 0;

	if (!t)
		return 0;
	pthread_rwlock_wrlock(&t->lock);
	for (unsigned i = 0; i < t->count; i++) {
		if (t->maps[i].owner != owner) {
			t->maps[kept++] = t->maps[i];
			continue;
		}
		removed++;
		if (remember)
			t->freed[t->freed_next++ % DMA_TRACK_FREED_RING] = t->maps[i];
	}
	t->count = kept;
	pthread_rwlock_unlock(&t->lock);
	return removed;
}

static bool contains(uint64_t start, uint64_t len, uint64_t addr)
{
	return addr >= start && addr - start < len;
}

/* In a shared block's guard: the bytes before it, or after its Length up
 * to the end of the page after its last page. */
static bool in_guard(const struct dma_mapping *m, uint64_t addr)
{
	uint64_t pages = (m->length + TRACK_PAGE - 1) & ~(uint64_t)(TRACK_PAGE - 1);

	if (m->kind != DMA_MAP_SHARED)
		return false;
	if (m->guard && m->start >= m->guard &&
	    contains(m->start - m->guard, m->guard, addr))
		return true;
	return contains(m->start + m->length, pages - m->length + m->guard, addr);
}

bool dma_track_hits_guard(const struct dma_mapping *m, uint64_t addr, uint64_t len)
{
	uint64_t pages = (m->length + TRACK_PAGE - 1) & ~(uint64_t)(TRACK_PAGE - 1);
	uint64_t last = len ? addr + (len - 1) : addr;   /* inclusive end */

	if (m->kind != DMA_MAP_SHARED || m->guard == 0)
		return false;
	if (last < addr)
		last = UINT64_MAX;
	/* before: [start - guard, start) */
	if (addr < m->start && last >= m->start - m->guard && m->start >= m->guard)
		return true;
	/* after: [start + pages, start + pages + guard) */
	return last >= m->start + pages && addr < m->start + pages + m->guard;
}

struct verdict_state {
	enum dma_verdict v;
	const struct dma_mapping *hit;
};

/* Keeps the most specific verdict: OK > DIRECTION > OVERRUN. */
static void consider(struct verdict_state *s, const struct dma_mapping *m,
		     uint64_t addr, uint64_t len, bool device_writes)
{
	bool whole = contains(m->start, m->length, addr) &&
		     len <= m->length - (addr - m->start);
	bool wrong_way = m->kind == DMA_MAP_ELEMENT && m->to_device && device_writes;

	if (whole && !wrong_way) {
		s->v = DMA_OK;
		s->hit = m;
	} else if (whole && s->v != DMA_OK) {
		s->v = DMA_V_DIRECTION;
		s->hit = m;
	} else if ((contains(m->start, m->length, addr) || in_guard(m, addr)) &&
		   s->v != DMA_OK && s->v != DMA_V_DIRECTION) {
		s->v = DMA_V_OVERRUN;
		s->hit = m;
	}
}

static const struct dma_mapping *find_freed(const struct dma_track *t, uint64_t addr)
{
	/* newest first */
	for (unsigned i = 1; i <= DMA_TRACK_FREED_RING; i++) {
		const struct dma_mapping *f =
			&t->freed[(t->freed_next - i) % DMA_TRACK_FREED_RING];
		if (f->length && contains(f->start, f->length, addr))
			return f;
	}
	return NULL;
}

enum dma_verdict dma_track_check(struct dma_track *t, uint64_t addr,
				 uint64_t len, bool device_writes,
				 struct dma_mapping *hit)
{
	struct verdict_state s = { DMA_V_UNMAPPED, NULL };
	const struct dma_mapping *f;
	unsigned i;

	memset(hit, 0, sizeof(*hit));
	if (!t)
		return DMA_OK;
	pthread_rwlock_rdlock(&t->lock);
	/* a guard page before a block: look one guard ahead */
	i = upper_bound(t, addr + TRACK_PAGE < addr ? UINT64_MAX : addr + TRACK_PAGE);
	while (i-- > 0 && s.v != DMA_OK) {
		const struct dma_mapping *m = &t->maps[i];
		if (m->start + t->max_span + TRACK_PAGE <= addr)
			break;
		consider(&s, m, addr, len, device_writes);
	}
	if (s.v == DMA_V_UNMAPPED && (f = find_freed(t, addr)) != NULL) {
		s.v = DMA_V_AFTER_FREE;
		s.hit = f;
	}
	if (s.v == DMA_V_UNMAPPED && t->incomplete)
		s.v = DMA_OK;
	if (s.hit)
		*hit = *s.hit;
	pthread_rwlock_unlock(&t->lock);
	return s.v;
}

unsigned dma_track_live(struct dma_track *t)
{
	unsigned n;

	if (!t)
		return 0;
	pthread_rwlock_rdlock(&t->lock);
	n = t->count;
	pthread_rwlock_unlock(&t->lock);
	return n;
}
