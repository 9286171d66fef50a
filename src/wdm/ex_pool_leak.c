/* ex_pool_leak.c — what a driver leaves allocated when it unloads
 * (POOL-LEAK; Windows: Driver Verifier bug check 0xC4 P1=0x62) and what
 * the machine still holds when it is destroyed.
 *
 * A block belongs to the driver whose code allocated it: the module (shared
 * object, or the ndisdma binary for built-in drivers) holding the call site.
 * Attribution runs at unload, never on the allocation path.  One report per
 * allocation site and tag, with the count and bytes, in allocation order;
 * the blocks are then reclaimed.
 */
#include "wdm/wdm_pool_internal.h"

#include <dlfcn.h>
#include <stdlib.h>

const void *wdm_code_module(const void *pc)
{
	Dl_info info;

	if (!pc || !dladdr(pc, &info))
		return NULL;
	return info.dli_fbase;
}

/* One block of the leak set, with what the report groups by. */
struct leak {
	struct pool_block *b;
	const void *site;
	uint64_t serial;
	ULONG tag;
	uint8_t family;
	size_t size;
};

/* The live blocks no owner list holds (every one when `all`), taken out of
 * the table... after their module was checked outside the lock. */
static size_t snapshot(struct wdm_pool *p, bool all, struct leak **out)
{
	size_t n = 0, cap = 0;
	struct leak *v = NULL;

	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < p->nbuckets; i++)
		for (struct pool_block *b = p->buckets[i]; b; b = b->hnext) {
			if (!b->live || (!all && b->owned))
				continue;
			if (n == cap) {
				struct leak *g = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof(*v));

				if (!g)
					goto out;
				v = g;
			}
			v[n++] = (struct leak){ b, b->site, b->serial, b->tag, b->family, b->size };
		}
out:
	pthread_mutex_unlock(&p->lock);
	*out = v;
	return n;
}

static int by_group(const void *a, const void *b)
{
	const struct leak *x = a, *y = b;

	if (x->site != y->site)
		return (uintptr_t)x->site < (uintptr_t)y->site ? -1 : 1;
	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return x->serial < y->serial ? -1 : x->serial > y->serial;
}

static const char *family_noun(uint8_t family, bool plural)
{
	switch (family) {
	case POOL_NDIS: return plural ? "NDIS memory blocks" : "NDIS memory block";
	case POOL_MDL: return plural ? "MDLs (IoAllocateMdl)" : "MDL (IoAllocateMdl)";
	case POOL_CONTIGUOUS: return plural ? "contiguous memory blocks" : "contiguous memory block";
	case POOL_OBJECT: return plural ? "NDIS_RW_LOCK_EX objects" : "NDIS_RW_LOCK_EX object";
	default: return plural ? "pool blocks" : "pool block";
	}
}

/* v[0..n) is one group (same site, tag, family). */
static void report_group(struct kernel *k, const struct leak *v, size_t n,
			 const char *when)
{
	struct vf_facts f = { 0 };
	size_t bytes = 0;
	char tag[5];

	for (size_t i = 0; i < n; i++)
		bytes += v[i].size;
	pool_tag_text(v[0].tag, tag);
	f.irql = -1;
	f.alloc_site = v[0].site;
	f.address = (uintptr_t)v[0].b->va;
	f.has_address = 1;
	f.length = bytes;
	if (v[0].family == POOL_MDL || v[0].family == POOL_CONTIGUOUS)
		vf_report(k->verifier, VF_POOL_LEAK, &f,
			  "%s: %zu %s (%zu bytes) still allocated; reclaimed",
			  when, n, family_noun(v[0].family, n != 1), bytes);
	else
		vf_report(k->verifier, VF_POOL_LEAK, &f,
			  "%s: %zu %s of tag '%s' (%zu bytes) still allocated; reclaimed",
			  when, n, family_noun(v[0].family, n != 1), tag, bytes);
}

static bool same_group(const struct leak *x, const struct leak *y)
{
	return x->site == y->site && x->tag == y->tag && x->family == y->family;
}

struct group {
	size_t start, n;
	uint64_t first;                 /* serial of its oldest block */
};

static int by_first(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Reports v (grouped by site, tag and family; groups in allocation order)
 * and reclaims it.  Returns the number of reports. */
static size_t report_and_reclaim(struct kernel *k, struct leak *v, size_t n,
				 const char *when)
{
	struct group *g = malloc((n ? n : 1) * sizeof(*g)), one;
	size_t ng = 0;

	if (n)
		qsort(v, n, sizeof(*v), by_group);   /* a group's oldest block first */
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && same_group(&v[i], &v[j]); j++)
			;
		one = (struct group){ i, j - i, v[i].serial };
		if (g)
			g[ng] = one;
		else
			report_group(k, &v[i], j - i, when);   /* out of memory: site order */
		ng++;
	}
	if (g && ng) {
		qsort(g, ng, sizeof(*g), by_first);
		for (size_t i = 0; i < ng; i++)
			report_group(k, &v[g[i].start], g[i].n, when);
	}
	free(g);
	for (size_t i = 0; i < n; i++) {
		if (v[i].b->owned)
			kres_remove(&v[i].b->res);
		if (v[i].b->unlink)
			v[i].b->unlink(v[i].b);
		pool_release(k, v[i].b, NULL);
	}
	return ng;
}

/* The blocks of the leak set that belong to `module` (every one when
 * NULL), taken from the table; compacts v, returns how many. */
static size_t take_module(struct kernel *k, struct leak *v, size_t n,
			  const void *module)
{
	const void *last_site = NULL, *last_module = NULL;
	size_t kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (module) {
			if (v[i].site != last_site || !last_site) {
				last_site = v[i].site;
				last_module = wdm_code_module(last_site);
			}
			if (last_module != module)
				continue;
		}
		if (pool_take_block(k, v[i].b))
			v[kept++] = v[i];
	}
	return kept;
}

static size_t block_leaks(struct kernel *k, const void *module, bool all,
			  const char *when)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct leak *v;
	size_t n, reports;

	if (!p)
		return 0;
	n = snapshot(p, all, &v);
	if (!n) {
		free(v);
		return 0;
	}
	qsort(v, n, sizeof(*v), by_group);   /* same sites together: one dladdr each */
	n = take_module(k, v, n, all ? NULL : module);
	reports = report_and_reclaim(k, v, n, when);
	free(v);
	return reports;
}

size_t wdm_driver_leaks(struct kernel *k, const void *module, const char *when)
{
	size_t n;

	if (!module)
		return 0;
	/* lists first: their cached entries are theirs, not leaks of their own */
	n = lookaside_leaks(k, module, false, when);
	return n + block_leaks(k, module, false, when);
}

void wdm_machine_destroy(struct kernel *k)
{
	struct wdm_pool *p;

	lookaside_leaks(k, NULL, true, "machine shutdown");
	block_leaks(k, NULL, true, "machine shutdown");
	p = atomic_exchange(&k->wdm_pool, NULL);
	if (!p)
		return;
	for (size_t i = 0; i < p->nbuckets; i++)
		for (struct pool_block *b = p->buckets[i], *next; b; b = next) {
			next = b->hnext;
			free(b);   /* only freed records are left */
		}
	pool_state_free(p);
}
