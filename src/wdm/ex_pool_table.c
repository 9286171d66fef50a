/* ex_pool_table.c — the machine's table of pool blocks (wdm_pool.h): one
 * record per block, hashed by address, outside the driver's memory, so a
 * free validates its argument without touching it.  A freed block's record
 * stays (the newest POOL_TOMBSTONES of them) to name a double free with
 * both sites; a new block at the same address replaces it.  Forgotten
 * records are kept for reuse (wdm_pool.spare).
 */
#include "wdm/wdm_pool.h"
#include "wdm/wdm_pool_internal.h"

#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

#define POOL_TOMBSTONES 1024
#define POOL_MIN_BUCKETS 256
#define POOL_PREFILL_LIVE 1024

/* A full tombstone ring and as many live blocks up front, in a table
 * sized for them (kernel_config.pool_prefill). */
static int prefill(struct wdm_pool *p)
{
	size_t n = POOL_TOMBSTONES + POOL_PREFILL_LIVE;
	struct pool_block **nb = calloc(n / 2, sizeof(*nb));

	if (!nb)
		return -1;
	free(p->buckets);
	p->buckets = nb;
	p->nbuckets = n / 2;   /* maybe_grow: at twice as many records */
	for (size_t i = 0; i < n; i++) {
		struct pool_block *b = calloc(1, sizeof(*b));

		if (!b)
			return -1;
		b->hnext = p->spare;
		p->spare = b;
	}
	return 0;
}

void pool_state_free(struct wdm_pool *p)
{
	for (struct pool_block *b = p->spare, *next; b; b = next) {
		next = b->hnext;
		free(b);
	}
	free(p->buckets);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

struct wdm_pool *pool_state(struct kernel *k)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool), *none = NULL;

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->buckets = calloc(POOL_MIN_BUCKETS, sizeof(*p->buckets));
	if (!p->buckets) {
		free(p);
		return NULL;
	}
	p->nbuckets = POOL_MIN_BUCKETS;
	pthread_mutex_init(&p->lock, NULL);
	if (k->config.pool_prefill && prefill(p)) {
		pool_state_free(p);
		return NULL;
	}
	if (atomic_compare_exchange_strong(&k->wdm_pool, &none, p))
		return p;
	pool_state_free(p);
	return none;
}

static size_t bucket_of(const struct wdm_pool *p, const void *va)
{
	uint64_t h = ((uint64_t)(uintptr_t)va >> 4) * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 20) & (p->nbuckets - 1);
}

/* Doubles the table when it holds twice as many records as buckets (a
 * failed resize keeps the old, longer chains). */
static void maybe_grow(struct wdm_pool *p)
{
	size_t old = p->nbuckets, n = old * 2;
	struct pool_block **nb, **ob = p->buckets;

	if (p->entries < 2 * old || !(nb = calloc(n, sizeof(*nb))))
		return;
	p->buckets = nb;
	p->nbuckets = n;
	for (size_t i = 0; i < old; i++)
		for (struct pool_block *b = ob[i], *next; b; b = next) {
			size_t at = bucket_of(p, b->va);

			next = b->hnext;
			b->hnext = nb[at];
			nb[at] = b;
		}
	free(ob);
}

/* The record whose block starts at va (live or freed), or NULL. */
static struct pool_block *find(struct wdm_pool *p, const void *va)
{
	for (struct pool_block *b = p->buckets[bucket_of(p, va)]; b; b = b->hnext)
		if (b->va == va)
			return b;
	return NULL;
}

static void unhash(struct wdm_pool *p, struct pool_block *b)
{
	for (struct pool_block **at = &p->buckets[bucket_of(p, b->va)]; *at;
	     at = &(*at)->hnext)
		if (*at == b) {
			*at = b->hnext;
			p->entries--;
			return;
		}
}

static void tomb_unlink(struct wdm_pool *p, struct pool_block *b)
{
	if (b->older)
		b->older->newer = b->newer;
	else
		p->oldest = b->newer;
	if (b->newer)
		b->newer->older = b->older;
	else
		p->newest = b->older;
	b->older = b->newer = NULL;
	p->tombstones--;
}

/* Drops a freed block's record entirely (its address is reused, or it is
 * the oldest of too many). */
static void forget(struct wdm_pool *p, struct pool_block *b)
{
	unhash(p, b);
	tomb_unlink(p, b);
	b->hnext = p->spare;
	p->spare = b;
}

/* A zeroed record: a spare one, else a new one. */
static struct pool_block *record_new(struct wdm_pool *p)
{
	struct pool_block *b;

	pthread_mutex_lock(&p->lock);
	b = p->spare;
	if (b)
		p->spare = b->hnext;
	pthread_mutex_unlock(&p->lock);
	if (b)
		memset(b, 0, sizeof(*b));
	return b ? b : calloc(1, sizeof(*b));
}

struct pool_block *pool_record(struct kernel *k, void *va,
			       const struct pool_request *rq)
{
	struct wdm_pool *p = pool_state(k);
	struct pool_block *b = p ? record_new(p) : NULL, *old;

	if (!b)
		return NULL;
	b->k = k;
	b->va = va;
	b->size = rq->size;
	b->site = rq->site;
	b->tag = rq->tag;
	b->family = (uint8_t)rq->family;
	b->paged = rq->paged;
	b->owned = rq->owned;
	b->unlink = rq->unlink;
	b->live = true;
	pthread_mutex_lock(&p->lock);
	old = find(p, va);
	if (old && old->tomb)
		forget(p, old);
	b->serial = ++p->serial;
	b->hnext = p->buckets[bucket_of(p, va)];
	p->buckets[bucket_of(p, va)] = b;
	p->entries++;
	maybe_grow(p);
	pthread_mutex_unlock(&p->lock);
	kernel_count(k, &k->stats.allocations, 1);
	return b;
}

/* Page aligned from a page up; below, the smallest power of two >= the
 * size (at least 16, or 64 when cache aligned): such a block never
 * crosses a page (facts §2.1). */
static size_t pool_alignment(size_t size, bool cache_aligned)
{
	size_t a = cache_aligned ? 64 : 16;

	if (size >= PAGE_SIZE)
		return PAGE_SIZE;
	while (a < size)
		a <<= 1;
	return a;
}

void *pool_alloc(struct kernel *k, const struct pool_request *rq,
		 struct pool_block **out)
{
	void *va = NULL;

	*out = NULL;
	if (rq->size > POOL_MAX_BYTES || kernel_fault(k, rq->fault_point))
		return NULL;
	if (posix_memalign(&va, pool_alignment(rq->size, rq->cache_aligned),
			   rq->size ? rq->size : 1))
		return NULL;
	memset(va, rq->zero ? 0 : POOL_FILL, rq->size);
	*out = pool_record(k, va, rq);
	if (!*out) {
		free(va);
		return NULL;
	}
	return va;
}

/* ---- frees ------------------------------------------------------------- */

static const char *const family_api[POOL_FAMILIES] = {
	[POOL_EX] = "ExAllocatePool*",
	[POOL_NDIS] = "NdisAllocateMemoryWithTagPriority",
	[POOL_MDL] = "IoAllocateMdl",
	[POOL_CONTIGUOUS] = "MmAllocateContiguousMemory*",
	[POOL_OBJECT] = "NDIS (an object it allocated)",
};

static const char *const family_free[POOL_FAMILIES] = {
	[POOL_EX] = "ExFreePool",
	[POOL_NDIS] = "NdisFreeMemory",
	[POOL_MDL] = "IoFreeMdl",
	[POOL_CONTIGUOUS] = "MmFreeContiguousMemory",
	[POOL_OBJECT] = "NdisFreeRWLock",
};

const char *pool_family_api(enum pool_family f)
{
	return (unsigned)f < POOL_FAMILIES ? family_api[f] : "?";
}

const char *pool_family_free(enum pool_family f)
{
	return (unsigned)f < POOL_FAMILIES ? family_free[f] : "?";
}

/* A live block holding va at an offset (a free of an interior pointer):
 * an error path only, so a scan. */
static struct pool_block *containing(struct wdm_pool *p, const void *va)
{
	uintptr_t a = (uintptr_t)va;

	for (size_t i = 0; i < p->nbuckets; i++)
		for (struct pool_block *b = p->buckets[i]; b; b = b->hnext)
			if (b->live && a > (uintptr_t)b->va &&
			    a - (uintptr_t)b->va < b->size)
				return b;
	return NULL;
}

struct bad_free {
	char why[160];
	const void *alloc_site;
	const void *free_site;          /* a double free: the first free */
	size_t size;
};

/* Why b (or no block) cannot be freed by f; "" when it can. */
static void judge(struct wdm_pool *p, const void *va, struct pool_block *b,
		  const struct pool_free *f, struct bad_free *bad)
{
	char want[5], have[5];

	bad->why[0] = '\0';
	if (!b) {
		struct pool_block *in = containing(p, va);

		if (in) {
			snprintf(bad->why, sizeof(bad->why),
				 "is %zu bytes into a block, not its start",
				 (size_t)((uintptr_t)va - (uintptr_t)in->va));
			bad->alloc_site = in->site;
			bad->size = in->size;
		} else {
			snprintf(bad->why, sizeof(bad->why), "is not a block the kernel allocated");
		}
		return;
	}
	bad->alloc_site = b->site;
	bad->size = b->size;
	if (!b->live) {
		snprintf(bad->why, sizeof(bad->why), "was already freed");
		bad->free_site = b->free_site;
	}
	else if (!(f->families & POOL_BIT(b->family)))
		snprintf(bad->why, sizeof(bad->why), "was allocated by %s; free it with %s",
			 pool_family_api((enum pool_family)b->family),
			 pool_family_free((enum pool_family)b->family));
	else if (f->check_tag && f->tag != b->tag) {
		pool_tag_text(f->tag, want);
		pool_tag_text(b->tag, have);
		snprintf(bad->why, sizeof(bad->why),
			 "tag '%s' is not the allocation's tag '%s'", want, have);
	}
}

struct pool_block *pool_take(struct kernel *k, const void *va,
			     const struct pool_free *f)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct pool_block *b = NULL;
	struct bad_free bad = { .why = "is NULL" };
	struct vf_facts facts = { 0 };
	char freed[160];

	if (va && p) {
		pthread_mutex_lock(&p->lock);
		b = find(p, va);
		judge(p, va, b, f, &bad);
		if (!bad.why[0])
			b->live = false;
		pthread_mutex_unlock(&p->lock);
	} else if (va) {
		snprintf(bad.why, sizeof(bad.why), "is not a block the kernel allocated");
	}
	if (!bad.why[0])
		return b;
	facts.irql = kernel_irql();
	facts.call_site = f->site;
	facts.alloc_site = bad.alloc_site;
	facts.address = (uintptr_t)va;
	facts.has_address = 1;
	facts.length = bad.size;
	freed[0] = '\0';
	if (bad.free_site)
		vf_describe_site(bad.free_site, freed, sizeof(freed));
	vf_report(k->verifier, VF_POOL_FREE_BAD, &facts, "%s: %p %s%s%s%s", f->api, va,
		  bad.why, freed[0] ? " (by the call at " : "", freed, freed[0] ? ")" : "");
	return NULL;
}

struct pool_block *pool_take_quiet(struct kernel *k, const void *va)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct pool_block *b;

	if (!p || !va)
		return NULL;
	pthread_mutex_lock(&p->lock);
	b = find(p, va);
	if (b && b->live)
		b->live = false;
	else
		b = NULL;
	pthread_mutex_unlock(&p->lock);
	return b;
}

bool pool_take_block(struct kernel *k, struct pool_block *b)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	bool taken;

	pthread_mutex_lock(&p->lock);
	taken = b->live;
	b->live = false;
	pthread_mutex_unlock(&p->lock);
	return taken;
}

void pool_release(struct kernel *k, struct pool_block *b, const void *free_site)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	void *va = b->va;
	size_t size = b->size;
	bool contiguous = b->family == POOL_CONTIGUOUS;

	/* the memory may hold live lookaside lists: they go first */
	lookaside_freed_range(k, va, size, free_site);
	/* the record becomes "freed" before the memory goes back: once the C
	 * library may hand the address out again, a new block there replaces
	 * the record (pool_record), so b is not touched after the unlock */
	pthread_mutex_lock(&p->lock);
	b->free_site = free_site;
	b->tomb = true;
	b->older = p->newest;
	if (p->newest)
		p->newest->newer = b;
	else
		p->oldest = b;
	p->newest = b;
	if (++p->tombstones > POOL_TOMBSTONES)
		forget(p, p->oldest);
	pthread_mutex_unlock(&p->lock);
	if (contiguous)
		platform_free_contiguous(k->platform, va, size);
	else
		free(va);
	kernel_count(k, &k->stats.frees, 1);
}

void pool_free(struct kernel *k, const void *va, const struct pool_free *f)
{
	struct pool_block *b = pool_take(k, va, f);

	if (b)
		pool_release(k, b, f->site);
}

/* ---- queries -------------------------------------------------------------- */

bool pool_lookup(struct kernel *k, const void *va, enum pool_family *family,
		 void **base, size_t *size)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);
	struct pool_block *b;

	if (!p)
		return false;
	pthread_mutex_lock(&p->lock);
	b = find(p, va);
	if (!b || !b->live)
		b = containing(p, va);
	if (b) {
		*family = (enum pool_family)b->family;
		*base = b->va;
		*size = b->size;
	}
	pthread_mutex_unlock(&p->lock);
	return b != NULL;
}

void pool_tag_usage(struct kernel *k, ULONG tag, size_t *blocks, size_t *bytes)
{
	struct wdm_pool *p = atomic_load(&k->wdm_pool);

	*blocks = *bytes = 0;
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	for (size_t i = 0; i < p->nbuckets; i++)
		for (struct pool_block *b = p->buckets[i]; b; b = b->hnext)
			if (b->live && b->tag == tag) {
				(*blocks)++;
				*bytes += b->size;
			}
	pthread_mutex_unlock(&p->lock);
}

void pool_tag_text(ULONG tag, char out[5])
{
	for (int i = 0; i < 4; i++) {
		unsigned c = (tag >> (8 * i)) & 0xFF;

		out[i] = c >= 0x20 && c <= 0x7E ? (char)c : '.';
	}
	out[4] = '\0';
}
