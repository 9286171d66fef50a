/* ex_lookaside_registry.c — the machine's live lookaside lists (facts
 * §2.2: "every list must be deleted before the driver unloads").  One
 * small record per list, in ndisdma's memory (the head is the driver's and
 * may be overwritten; the record is what makes a report safe to produce).
 * A list is reported (LOOKASIDE-LEAK) when the memory holding its head is
 * freed, or when its driver unloads, while it is live; then its cached
 * pool entries are reclaimed.
 */
#include "wdm/wdm_pool_internal.h"

#include <stdlib.h>

void pool_lookaside_add(struct kernel *k, void *head, size_t head_size,
			ULONG tag, const void *site)
{
	struct wdm_pool *p = pool_state(k);
	struct lookaside_rec *r, *fresh;
	const void *module = wdm_code_module(site);   /* outside the lock */

	if (!p)
		return;
	/* allocated before the lock; not a fault point: the Initialize calls
	 * cannot fail, and a list works without its record */
	fresh = malloc(sizeof(*fresh));
	pthread_mutex_lock(&p->lock);
	for (r = p->lookasides; r && r->head != head; r = r->next)
		;
	if (!r && fresh) {
		r = fresh;
		fresh = NULL;
		r->next = p->lookasides;
		p->lookasides = r;
		atomic_fetch_add(&p->lookaside_count, 1);
	}
	if (r) {
		/* initialized again over a live list: the newer call is the one
		 * to name */
		r->head = head;
		r->head_size = head_size;
		r->tag = tag;
		r->site = site;
		r->module = module;
		r->serial = ++p->serial;
	}
	pthread_mutex_unlock(&p->lock);
	free(fresh);
}

bool pool_lookaside_remove(struct kernel *k, void *head)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct lookaside_rec *r = NULL;

	if (!p)
		return false;
	pthread_mutex_lock(&p->lock);
	for (struct lookaside_rec **at = &p->lookasides; *at; at = &(*at)->next)
		if ((*at)->head == head) {
			r = *at;
			*at = r->next;
			atomic_fetch_sub(&p->lookaside_count, 1);
			break;
		}
	pthread_mutex_unlock(&p->lock);
	free(r);
	return r != NULL;
}

/* Takes out of the registry the records `pick` chooses, oldest first. */
static struct lookaside_rec *take(struct wdm_pool *p,
				  bool (*pick)(const struct lookaside_rec *r, const void *ctx),
				  const void *ctx)
{
	struct lookaside_rec *out = NULL;

	pthread_mutex_lock(&p->lock);
	for (struct lookaside_rec **at = &p->lookasides; *at;) {
		struct lookaside_rec *r = *at;
		struct lookaside_rec **ins = &out;

		if (!pick(r, ctx)) {
			at = &r->next;
			continue;
		}
		*at = r->next;
		atomic_fetch_sub(&p->lookaside_count, 1);
		while (*ins && (*ins)->serial < r->serial)
			ins = &(*ins)->next;
		r->next = *ins;
		*ins = r;
	}
	pthread_mutex_unlock(&p->lock);
	return out;
}

/* One report per list, then its entries back; frees the records. */
static size_t report_all(struct kernel *k, struct lookaside_rec *list,
			 const char *when, const void *site)
{
	size_t n = 0;

	for (struct lookaside_rec *r = list, *next; r; r = next) {
		struct vf_facts f = { 0 };
		char tag[5];
		size_t entries;

		next = r->next;
		entries = lookaside_reclaim(k, r->head);
		pool_tag_text(r->tag, tag);
		f.irql = -1;
		f.call_site = site;
		f.alloc_site = r->site;
		f.handle = r->head;
		vf_report(k->verifier, VF_LOOKASIDE_LEAK, &f,
			  "%s: lookaside list %p (tag '%s') was not deleted; %zu cached entr%s reclaimed",
			  when, r->head, tag, entries, entries == 1 ? "y" : "ies");
		free(r);
		n++;
	}
	return n;
}

struct range {
	uintptr_t start, len;
};

static bool in_range(const struct lookaside_rec *r, const void *ctx)
{
	const struct range *g = ctx;
	uintptr_t h = (uintptr_t)r->head;

	return h >= g->start && h - g->start < g->len;
}

void lookaside_freed_range(struct kernel *k, const void *va, size_t len,
			   const void *free_site)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct range g = { (uintptr_t)va, len };
	struct lookaside_rec *list;

	if (!p || !atomic_load_explicit(&p->lookaside_count, memory_order_relaxed))
		return;
	list = take(p, in_range, &g);
	report_all(k, list, "memory freed", free_site);
}

struct owner {
	const void *module;
	bool all;
};

static bool of_module(const struct lookaside_rec *r, const void *ctx)
{
	const struct owner *o = ctx;

	return o->all || r->module == o->module;
}

size_t lookaside_leaks(struct kernel *k, const void *module, bool all,
		       const char *when)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct owner o = { module, all };

	if (!p)
		return 0;
	return report_all(k, take(p, of_module, &o), when, NULL);
}
