/* pa_origin.c — see pa_origin.h.  Open addressing on the page frame
 * number with a short probe run; one mutex (the noting calls are set-up
 * calls and the lookup runs only on an IOMMU fault). */
#include "verifier/pa_origin.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#define PA_ORIGIN_PROBE 8u
#define PA_PAGE_SHIFT 12

struct pa_slot {
	uint64_t pfn_plus1;     /* 0: empty */
	uint64_t age;           /* note order, for replacement */
	struct pa_origin o;
};

struct pa_origins {
	pthread_mutex_t lock;
	uint64_t clock;
	struct pa_slot slot[PA_ORIGIN_SLOTS];
};

int pa_origins_create(struct pa_origins **out)
{
	struct pa_origins *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return -ENOMEM;
	pthread_mutex_init(&t->lock, NULL);
	*out = t;
	return 0;
}

void pa_origins_destroy(struct pa_origins *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static uint32_t home(uint64_t pfn)
{
	return (uint32_t)((pfn * 0x9E3779B97F4A7C15ull) >> 52) % PA_ORIGIN_SLOTS;
}

/* Under lock: the slot for pfn, its own, an empty one or the oldest of
 * the probe run. */
static struct pa_slot *slot_for(struct pa_origins *t, uint64_t pfn)
{
	struct pa_slot *victim = NULL;
	uint32_t h = home(pfn);

	for (uint32_t i = 0; i < PA_ORIGIN_PROBE; i++) {
		struct pa_slot *s = &t->slot[(h + i) % PA_ORIGIN_SLOTS];

		if (s->pfn_plus1 == pfn + 1 || !s->pfn_plus1)
			return s;
		if (!victim || s->age < victim->age)
			victim = s;
	}
	return victim;
}

static void note_page(struct pa_origins *t, uint64_t pfn, const char *call,
		      const void *site)
{
	struct pa_slot *s = slot_for(t, pfn);

	s->pfn_plus1 = pfn + 1;
	s->age = ++t->clock;
	s->o.call = call;
	s->o.site = site;
}

void pa_origin_note(struct pa_origins *t, uint64_t pa, uint64_t len,
		    const char *call, const void *site)
{
	uint64_t first = pa >> PA_PAGE_SHIFT;
	uint64_t last = len ? (pa + len - 1) >> PA_PAGE_SHIFT : first;

	if (!t)
		return;
	if (last - first >= PA_ORIGIN_SLOTS)   /* the table holds no more */
		last = first + PA_ORIGIN_SLOTS - 1;
	pthread_mutex_lock(&t->lock);
	for (uint64_t pfn = first; pfn <= last; pfn++)
		note_page(t, pfn, call, site);
	pthread_mutex_unlock(&t->lock);
}

void pa_origin_note_pfns(struct pa_origins *t, const uint64_t *pfns, uint64_t n,
			 const char *call, const void *site)
{
	if (!t)
		return;
	if (n > PA_ORIGIN_SLOTS)
		n = PA_ORIGIN_SLOTS;
	pthread_mutex_lock(&t->lock);
	for (uint64_t i = 0; i < n; i++)
		note_page(t, pfns[i], call, site);
	pthread_mutex_unlock(&t->lock);
}

bool pa_origin_find(struct pa_origins *t, uint64_t pa, struct pa_origin *out)
{
	uint64_t pfn = pa >> PA_PAGE_SHIFT;
	uint32_t h = home(pfn);
	bool found = false;

	if (!t)
		return false;
	pthread_mutex_lock(&t->lock);
	for (uint32_t i = 0; i < PA_ORIGIN_PROBE && !found; i++) {
		const struct pa_slot *s = &t->slot[(h + i) % PA_ORIGIN_SLOTS];

		if (s->pfn_plus1 == pfn + 1) {
			*out = s->o;
			found = true;
		}
	}
	pthread_mutex_unlock(&t->lock);
	return found;
}
