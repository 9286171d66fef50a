/* platform.c — the platform front door (spec §11): VA page <-> frame maps
 * under one mutex, frames assigned on first sight by the layout policy
 * (sim.c), physically contiguous blocks for common buffers, statistics.
 */
#include "platform/platform_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static const char *const layout_names[LAYOUT_COUNT] = {
	[LAYOUT_CONTIGUOUS] = "contiguous",
	[LAYOUT_SCATTERED] = "scattered",
	[LAYOUT_HIGH] = "high",
	[LAYOUT_MIXED] = "mixed",
};

const char *platform_layout_name(enum platform_layout l)
{
	return (unsigned)l < LAYOUT_COUNT ? layout_names[l] : "unknown";
}

enum platform_layout platform_layout_parse(const char *name)
{
	for (int l = 0; name && l < LAYOUT_COUNT; l++)
		if (!strcmp(name, layout_names[l]))
			return (enum platform_layout)l;
	return LAYOUT_COUNT;
}

uint64_t platform_rng(struct platform *p)
{
	/* splitmix64 */
	uint64_t z = (p->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t platform_rng_below(struct platform *p, uint64_t bound)
{
	return bound ? platform_rng(p) % bound : 0;
}

static int check_config(const struct platform_config *c, uint64_t frames)
{
	if (c->kind != PLATFORM_SIM && c->kind != PLATFORM_HOST)
		return -EINVAL;
	if ((unsigned)c->layout >= LAYOUT_COUNT || frames < 16)
		return -EINVAL;
	if (c->kind == PLATFORM_HOST)   /* the machine's own frames: no layout */
		return c->host_reserve > PLATFORM_HOST_RESERVE_MAX ? -EINVAL : 0;
	/* high and mixed need memory above 4 GiB */
	if ((c->layout == LAYOUT_HIGH || c->layout == LAYOUT_MIXED) &&
	    frames < FRAME_4GB + 64)
		return -EINVAL;
	return 0;
}

void platform_set_why(struct platform *p, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&p->why_lock);
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof p->why, fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&p->why_lock);
}

size_t platform_why(struct platform *p, char *buf, size_t len)
{
	size_t n;

	pthread_mutex_lock(&p->why_lock);
	n = strlen(p->why);
	if (len)
		snprintf(buf, len, "%s", p->why);
	pthread_mutex_unlock(&p->why_lock);
	return n;
}

static struct platform *platform_new(const struct platform_config *c)
{
	struct platform *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->kind = c->kind;
	p->layout = c->kind == PLATFORM_HOST ? LAYOUT_CONTIGUOUS : c->layout;
	p->seed = c->seed;
	p->rng = c->seed;
	p->low_bump = 1;
	p->high_bump = FRAME_4GB;
	p->pagemap_fd = -1;
	p->device_sees_iova = c->kind == PLATFORM_HOST && c->device_sees_iova;
	p->reserve_bytes = c->host_reserve ? c->host_reserve :
			   PLATFORM_HOST_RESERVE_DEFAULT;
	p->reserve_limit = c->host_reserve_limit ? c->host_reserve_limit :
			   PLATFORM_4GB;
	pthread_mutex_init(&p->lock, NULL);
	pthread_mutex_init(&p->why_lock, NULL);
	return p;
}

/* host: what the kernel allows decides the mode (host.c); real frames
 * need no bitmap, own ids (host_ids) the sim's whole frame space. */
static int open_host(struct platform *p, const struct platform_config *c,
		     uint64_t *frames)
{
	int rc = host_open(p, c->device_sees_iova);

	if (!rc && !p->host_ids)
		*frames = 64;
	if (!rc && !p->host_ids && !p->device_sees_iova && c->host_reserve_now) {
		pthread_mutex_lock(&p->lock);
		rc = host_reserve_gather(p);
		pthread_mutex_unlock(&p->lock);
	}
	return rc;
}

int platform_create_why(const struct platform_config *config,
			struct platform **out, char *why, size_t whylen)
{
	uint64_t frames = config->frames ? config->frames : DEFAULT_FRAMES;
	struct platform *p;
	int rc;

	*out = NULL;
	if (why && whylen)
		why[0] = '\0';
	if ((rc = check_config(config, frames)))
		return rc;
	if (!(p = platform_new(config)))
		return -ENOMEM;
	if (p->kind == PLATFORM_HOST)
		rc = open_host(p, config, &frames);
	if (!rc && (frames_init(&p->fs, frames) ||
		    page_map_init(&p->va_to_frame, 1024) ||
		    page_map_init(&p->frame_to_va, 1024) ||
		    page_map_init(&p->blocks, 16)))
		rc = -ENOMEM;
	if (rc) {
		if (why)
			platform_why(p, why, whylen);
		platform_destroy(p);
		return rc;
	}
	*out = p;
	return 0;
}

int platform_create(const struct platform_config *config, struct platform **out)
{
	return platform_create_why(config, out, NULL, 0);
}

void platform_destroy(struct platform *p)
{
	if (!p)
		return;
	platform_tlb_flush();   /* a later platform may get this address */
	if (p->kind == PLATFORM_HOST)   /* the pins of pages left to the C library */
		for (size_t i = 0; i < p->va_to_frame.capacity; i++)
			if (p->va_to_frame.keys[i] != PAGE_MAP_EMPTY)
				host_munlock((void *)(uintptr_t)(p->va_to_frame.keys[i] <<
								 PLATFORM_PAGE_SHIFT),
					     PLATFORM_PAGE_SIZE);
	/* blocks still live go back to the system with the platform (the
	 * reserve's with the reserve) */
	for (size_t i = 0; i < p->blocks.capacity; i++) {
		void *va = (void *)(uintptr_t)(p->blocks.keys[i] << PLATFORM_PAGE_SHIFT);

		if (p->blocks.keys[i] == PAGE_MAP_EMPTY ||
		    host_reserve_give(p, va, p->blocks.vals[i]))
			continue;
		munmap(va, (size_t)p->blocks.vals[i] << PLATFORM_PAGE_SHIFT);
	}
	platform_va_cache_drop(p);
	host_reserve_destroy(p);
	host_close(p);
	page_map_destroy(&p->blocks);
	page_map_destroy(&p->frame_to_va);
	page_map_destroy(&p->va_to_frame);
	frames_destroy(&p->fs);
	pthread_mutex_destroy(&p->why_lock);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

enum platform_kind platform_kind(const struct platform *p) { return p->kind; }
enum platform_layout platform_layout(const struct platform *p) { return p->layout; }

/* Record vpage <-> frame in both maps; undoes itself on failure. */
static int map_page(struct platform *p, uint64_t vpage, uint64_t frame)
{
	if (page_map_put(&p->va_to_frame, vpage, frame))
		return -ENOMEM;
	if (page_map_put(&p->frame_to_va, frame, vpage)) {
		page_map_del(&p->va_to_frame, vpage, NULL);
		return -ENOMEM;
	}
	return 0;
}

static void unmap_page(struct platform *p, uint64_t vpage)
{
	uint64_t frame;
	if (page_map_del(&p->va_to_frame, vpage, &frame)) {
		page_map_del(&p->frame_to_va, frame, NULL);
		platform_tlb_flush();   /* platform_pa_to_va's cached translations */
		if (p->kind == PLATFORM_HOST)
			host_unpin(p, vpage);
		if (p->kind == PLATFORM_SIM || p->host_ids)
			frames_release(&p->fs, frame);
	}
}

static int frame_of(struct platform *p, uint64_t vpage, uint64_t *frame)
{
	if (page_map_get(&p->va_to_frame, vpage, frame))
		return 0;
	bool host = p->kind == PLATFORM_HOST;
	uint64_t f = host ? host_frame_of(p, vpage) : sim_assign_frame(p, vpage);
	if (f == NO_FRAME)
		return -ENOMEM;
	if (map_page(p, vpage, f)) {
		if (host)
			host_unpin(p, vpage);
		if (!host || p->host_ids)
			frames_release(&p->fs, f);
		return -ENOMEM;
	}
	*frame = f;
	return 0;
}

int platform_pfns(struct platform *p, const void *va, size_t len, uint64_t *pfns)
{
	uint64_t first = (uintptr_t)va >> PLATFORM_PAGE_SHIFT;
	uint64_t last = first;
	if (len)
		last = ((uintptr_t)va + len - 1) >> PLATFORM_PAGE_SHIFT;
	int rc = 0;
	pthread_mutex_lock(&p->lock);
	for (uint64_t v = first; v <= last && !rc; v++)
		rc = frame_of(p, v, &pfns[v - first]);
	pthread_mutex_unlock(&p->lock);
	return rc;
}

/* Frame -> VA translations a thread made (platform.h: the hit is inline
 * there); a miss looks the frame up under the platform's mutex.  The
 * cache is the thread's own, made on its first miss and freed by a
 * thread-exit destructor (a key per process). */
uint64_t platform_tlb_epoch = 1;
__thread struct platform_tlb_entry *platform_tlb __attribute__((tls_model("initial-exec")));
static pthread_key_t tlb_key;
static pthread_once_t tlb_once = PTHREAD_ONCE_INIT;

static void tlb_free(void *t)
{
	platform_tlb = NULL;
	free(t);
}

static void tlb_key_make(void)
{
	(void)pthread_key_create(&tlb_key, tlb_free);
}

static struct platform_tlb_entry *tlb_make(void)
{
	struct platform_tlb_entry *t = calloc(PLATFORM_TLB_ENTRIES, sizeof(*t));

	if (!t)
		return NULL;   /* every lookup takes the slow path: still right */
	pthread_once(&tlb_once, tlb_key_make);
	(void)pthread_setspecific(tlb_key, t);
	platform_tlb = t;
	return t;
}

void platform_tlb_flush(void)
{
	__atomic_fetch_add(&platform_tlb_epoch, 1, __ATOMIC_RELEASE);
}

void *platform_pa_to_va_slow(struct platform *p, uint64_t pa)
{
	uint64_t frame = pa >> PLATFORM_PAGE_SHIFT, vpage;
	uint64_t epoch = __atomic_load_n(&platform_tlb_epoch, __ATOMIC_ACQUIRE);
	struct platform_tlb_entry *t = platform_tlb ? platform_tlb : tlb_make();
	bool found;

	pthread_mutex_lock(&p->lock);
	found = page_map_get(&p->frame_to_va, frame, &vpage);
	pthread_mutex_unlock(&p->lock);
	if (!found)
		return NULL;
	if (t)
		t[frame % PLATFORM_TLB_ENTRIES] =
			(struct platform_tlb_entry){ p, epoch, frame, vpage };
	return (void *)(uintptr_t)((vpage << PLATFORM_PAGE_SHIFT) |
				   (pa & (PLATFORM_PAGE_SIZE - 1)));
}

void platform_forget(struct platform *p, const void *va, size_t len)
{
	uintptr_t start = (uintptr_t)va, end = start + len;
	uint64_t first = (start + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT;
	uint64_t stop = end >> PLATFORM_PAGE_SHIFT;   /* exclusive */
	if (end < start)
		return;
	pthread_mutex_lock(&p->lock);
	for (uint64_t v = first; v < stop; v++)
		unmap_page(p, v);
	pthread_mutex_unlock(&p->lock);
}

void platform_get_stats(const struct platform *p, struct platform_stats *s)
{
	struct platform *mp = (struct platform *)p;   /* the lock only */
	pthread_mutex_lock(&mp->lock);
	s->frames_mapped = p->va_to_frame.count;
	s->contiguous_blocks = p->contiguous_blocks;
	s->contiguous_bytes = p->contiguous_bytes;
	s->reserve_pages = p->reserve.pages;
	s->reserve_free = p->reserve.free;
	s->real_frames = p->kind == PLATFORM_HOST && !p->host_ids;
	pthread_mutex_unlock(&mp->lock);
	s->pagemap_reads = atomic_load(&mp->pagemap_reads);
	s->pinned_pages = atomic_load(&mp->pinned_pages);
}
