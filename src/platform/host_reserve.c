/* host_reserve.c — the host platform's memory below 4 GiB (spec §11): what
 * a 32-bit channel without an IOMMU needs for its shared memory and its map
 * registers (bounce buffers, spec §6, §7).
 *
 * User space cannot ask the kernel for a frame below 4 GiB: an anonymous
 * page comes from whichever zone the page allocator picks (ZONE_NORMAL,
 * above 4 GiB, first on a large machine; ZONE_DMA32 when that runs low).
 * So the reserve is gathered once, as a search: fresh pages in chunks
 * (MAP_POPULATE, pinned with mlock), their frames read from pagemap in one
 * read per chunk, the pages below the limit kept and the others given
 * back, until the reserve's size is reached or the search budget spent.
 * The kept pages are moved with mremap (which keeps each page's frame) into
 * one VA region in ascending frame order: frames adjacent in the machine
 * are then adjacent VA pages, and a block is any run of free pages whose
 * frames are consecutive.  Blocks go back to the reserve, never to the
 * kernel; the reserve is unmapped with the platform.
 *
 * A block the reserve cannot give fails (NULL) with a reason naming the
 * reserve's size, how much memory was searched and --host-reserve: never a
 * block above the limit, never silently nothing.
 */
#include "platform/platform_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* 64 MiB per search chunk; the search examines at most 8 times the
 * reserve and at least 256 MiB, never more than 2 GiB. */
#define CHUNK_PAGES (16384ull)
#define SEARCH_FACTOR 8ull
#define SEARCH_MIN_PAGES (65536ull)
#define SEARCH_MAX_PAGES (524288ull)

struct candidate {
	char *va;
	uint64_t frame;
};

struct search {
	struct candidate *c;
	uint64_t found, want;
	char **chunks;
	uint64_t nchunks;
	uint64_t pinned;             /* chunks pinned (their pages counted) */
};
static int by_frame(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

static uint64_t search_budget(uint64_t want)
{
	uint64_t b = want * SEARCH_FACTOR;

	if (b < SEARCH_MIN_PAGES)
		b = SEARCH_MIN_PAGES;
	return b > SEARCH_MAX_PAGES ? SEARCH_MAX_PAGES : b;
}

/* One chunk: pinned, its frames read in one pagemap read, the pages below
 * the limit noted.  0, or -ENOMEM (why set by host_pin). */
static int search_chunk(struct platform *p, struct search *s, uint64_t *e)
{
	size_t len = CHUNK_PAGES << PLATFORM_PAGE_SHIFT;
	char *va = mmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (va == MAP_FAILED)
		return -ENOMEM;
	s->chunks[s->nchunks++] = va;
	if (host_pin(p, va, CHUNK_PAGES))
		return -ENOMEM;
	s->pinned++;
	if (host_read_entries(p, (uintptr_t)va >> PLATFORM_PAGE_SHIFT,
			      CHUNK_PAGES, e))
		return -EIO;
	for (uint64_t i = 0; i < CHUNK_PAGES && s->found < s->want; i++) {
		uint64_t f = host_entry_frame(e[i]);

		if (f != NO_FRAME && f < p->reserve.limit_frame) {
			s->c[s->found].va = va + (i << PLATFORM_PAGE_SHIFT);
			s->c[s->found].frame = f;
			s->found++;
		}
	}
	return 0;
}

/* Moves the candidates into one region in frame order and checks each
 * page kept its frame (one read per page).  0 or -ENOMEM. */
static int arrange(struct platform *p, struct search *s)
{
	struct host_reserve *r = &p->reserve;
	size_t len = s->found << PLATFORM_PAGE_SHIFT;
	char *base = mmap(NULL, len, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint64_t *e = malloc(s->found * sizeof(*e));

	if (base == MAP_FAILED || !e) {
		free(e);
		if (base != MAP_FAILED)
			munmap(base, len);
		return -ENOMEM;
	}
	qsort(s->c, s->found, sizeof(*s->c), by_frame);
	for (uint64_t i = 0; i < s->found; i++)
		if (mremap(s->c[i].va, PLATFORM_PAGE_SIZE, PLATFORM_PAGE_SIZE,
			   MREMAP_MAYMOVE | MREMAP_FIXED,
			   base + (i << PLATFORM_PAGE_SHIFT)) == MAP_FAILED)
			goto fail;
	if (host_read_entries(p, (uintptr_t)base >> PLATFORM_PAGE_SHIFT, s->found, e))
		goto fail;
	for (uint64_t i = 0; i < s->found; i++)
		if (host_entry_frame(e[i]) != s->c[i].frame)
			goto fail;
	r->base = base;
	r->pages = r->free = s->found;
	r->frames = (uint64_t *)e;
	for (uint64_t i = 0; i < s->found; i++)
		r->frames[i] = s->c[i].frame;
	r->used = calloc(s->found, 1);
	if (!r->used) {
		r->frames = NULL;
		r->base = NULL;
		r->pages = r->free = 0;
		goto fail;
	}
	return 0;
fail:
	free(e);
	munmap(base, len);   /* moved pages go with it */
	return -ENOMEM;
}

static void search_end(struct platform *p, struct search *s)
{
	for (uint64_t i = 0; i < s->nchunks; i++)
		munmap(s->chunks[i], CHUNK_PAGES << PLATFORM_PAGE_SHIFT);
	/* every pinned chunk page was counted; the kept ones stay pinned in
	 * the reserve (their old addresses are holes by now) */
	host_pinned_gone(p, s->pinned * CHUNK_PAGES - p->reserve.pages);
	free(s->chunks);
	free(s->c);
}

static int search(struct platform *p, struct search *s)
{
	uint64_t budget = search_budget(s->want);
	uint64_t *e = malloc(CHUNK_PAGES * sizeof(*e));
	int rc = 0;

	s->c = malloc(s->want * sizeof(*s->c));
	s->chunks = calloc(budget / CHUNK_PAGES + 1, sizeof(*s->chunks));
	if (!e || !s->c || !s->chunks)
		rc = -ENOMEM;
	while (!rc && s->found < s->want && s->nchunks * CHUNK_PAGES < budget)
		rc = search_chunk(p, s, e);
	p->reserve.searched = s->nchunks * CHUNK_PAGES;
	free(e);
	return rc;
}

static void why_short(struct platform *p)
{
	const struct host_reserve *r = &p->reserve;

	platform_set_why(p, "host: the reserve below %" PRIu64 " MiB has %" PRIu64
			 " of the %" PRIu64 " KiB asked for: the kernel gave no more "
			 "frames below it among %" PRIu64 " MiB of fresh pages (it "
			 "serves user pages from above 4 GiB first), and without an "
			 "IOMMU bounce buffers (a 32-bit channel, --stress bounce) and "
			 "32-bit shared memory need them; use --iommu strict|lazy "
			 "(IOVAs below 4 GiB, no reserve), --platform sim, or a smaller "
			 "--host-reserve",
			 (r->limit_frame << PLATFORM_PAGE_SHIFT) >> 20,
			 r->pages << (PLATFORM_PAGE_SHIFT - 10),
			 r->want << (PLATFORM_PAGE_SHIFT - 10),
			 (r->searched << PLATFORM_PAGE_SHIFT) >> 20);
}

int host_reserve_gather(struct platform *p)
{
	struct host_reserve *r = &p->reserve;
	struct search s = { 0 };
	int rc;

	if (r->gathered)
		return r->pages >= r->want ? 0 : -ENOSPC;
	r->gathered = true;
	r->limit_frame = p->reserve_limit >> PLATFORM_PAGE_SHIFT;
	r->want = (p->reserve_bytes + PLATFORM_PAGE_SIZE - 1) >> PLATFORM_PAGE_SHIFT;
	s.want = r->want;
	rc = search(p, &s);
	if (s.found && (rc == 0 || rc == -ENOMEM) && arrange(p, &s))
		rc = -ENOMEM;
	search_end(p, &s);
	if (rc == -ENOMEM && !r->pages)
		return rc;            /* why: the pin's refusal */
	if (r->pages < r->want) {
		why_short(p);
		return -ENOSPC;
	}
	return 0;
}

/* Whether pages [i, i + n) are free, their frames consecutive, inside
 * [lo, hi) and within one multiple of boundary. */
static bool run_fits(const struct host_reserve *r, uint64_t i, uint64_t n,
		     uint64_t lo, uint64_t hi, uint64_t boundary)
{
	uint64_t f = r->frames[i];

	if (f < lo || f + n > hi)
		return false;
	if (boundary && (f << PLATFORM_PAGE_SHIFT) / boundary !=
	    (((f + n) << PLATFORM_PAGE_SHIFT) - 1) / boundary)
		return false;
	for (uint64_t j = 0; j < n; j++)
		if (r->used[i + j] || r->frames[i + j] != f + j)
			return false;
	return true;
}

void *host_reserve_take(struct platform *p, uint64_t n, uint64_t lo,
			uint64_t hi, uint64_t boundary, uint64_t *start)
{
	struct host_reserve *r = &p->reserve;
	uint64_t longest = 0, run = 0;

	*start = NO_FRAME;
	if (host_reserve_gather(p) == -ENOMEM && !r->pages)
		return NULL;
	for (uint64_t i = 0; i + n <= r->pages; i++) {
		if (!run_fits(r, i, n, lo, hi, boundary))
			continue;
		for (uint64_t j = 0; j < n; j++)
			r->used[i + j] = 1;
		r->free -= n;
		*start = r->frames[i];
		return r->base + (i << PLATFORM_PAGE_SHIFT);
	}
	/* the longest run of free adjacent frames, for the reason */
	for (uint64_t i = 0; i < r->pages; i++) {
		bool on = !r->used[i] && i && !r->used[i - 1] &&
			  r->frames[i] == r->frames[i - 1] + 1;
		run = r->used[i] ? 0 : on ? run + 1 : 1;
		if (run > longest)
			longest = run;
	}
	if (r->pages < r->want)
		why_short(p);
	else
		platform_set_why(p, "host: no run of %" PRIu64 " physically adjacent "
				 "free frames in the reserve below %" PRIu64 " MiB (%"
				 PRIu64 " of %" PRIu64 " pages free, longest run %" PRIu64
				 "); raise --host-reserve or use --iommu strict|lazy",
				 n, (r->limit_frame << PLATFORM_PAGE_SHIFT) >> 20,
				 r->free, r->pages, longest);
	return NULL;
}

bool host_reserve_give(struct platform *p, void *va, uint64_t n)
{
	struct host_reserve *r = &p->reserve;
	char *c = va;
	uint64_t i;

	if (!r->base || c < r->base ||
	    c >= r->base + (r->pages << PLATFORM_PAGE_SHIFT))
		return false;
	i = (uint64_t)(c - r->base) >> PLATFORM_PAGE_SHIFT;
	for (uint64_t j = 0; j < n && i + j < r->pages; j++)
		if (r->used[i + j]) {
			r->used[i + j] = 0;
			r->free++;
		}
	return true;
}

void host_reserve_destroy(struct platform *p)
{
	struct host_reserve *r = &p->reserve;

	if (r->base) {
		munmap(r->base, r->pages << PLATFORM_PAGE_SHIFT);
		host_pinned_gone(p, r->pages);
	}
	free(r->frames);
	free(r->used);
	memset(r, 0, sizeof(*r));
}
