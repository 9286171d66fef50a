/* map_registers.c — the bounce pool of a channel (spec §6): page-sized
 * buffers below a limit, taken all-or-nothing per list and returned whole.
 *
 * The pool is lock-free (issue 7: W5 took a lock twice per list).  The
 * free list is a stack whose whole state is one 64-bit word,
 *     [ tag | free count | index of the first free register ],
 * index and count `field_bits` wide (enough for `total`; the all-ones
 * index means empty), the tag in the bits above.  Every change is one
 * compare-and-swap that also adds 1 to the tag, so a CAS succeeds only if
 * nobody took or gave since the word was read, and the links a taker
 * walked were then the free list's.  (ABA needs exactly a multiple of
 * 2^tag-bits changes between a taker's read and its CAS: the tag has 24
 * bits at MAP_REGISTER_MAX, 38 for the default 4096 registers.)  The count
 * in the same word keeps free_count exact without a second atomic.
 *
 * Ordering: a giver writes its chain's links and fields, then publishes
 * it with a release CAS; takers read the word with acquire.  Every change
 * of the word is a CAS, so it continues the release sequence of all the
 * earlier gives: a taker sees every link of the list it walks.
 */
#include "hal/sg_build.h"

#include <errno.h>
#include <string.h>

#include "platform/platform.h"

/* Pages per contiguous block: the pool is one or several blocks. */
#define MAP_REGISTER_BLOCK_PAGES 256u

/* ---- the free-list word --------------------------------------------------- */

static inline uint64_t field_mask(const struct map_register_pool *p)
{
	return ((uint64_t)1 << p->field_bits) - 1;
}

static inline uint32_t word_first(const struct map_register_pool *p, uint64_t w)
{
	uint32_t i = (uint32_t)(w & field_mask(p));

	return i == field_mask(p) ? MAP_REGISTER_NIL : i;
}

static inline uint32_t word_count(const struct map_register_pool *p, uint64_t w)
{
	return (uint32_t)((w >> p->field_bits) & field_mask(p));
}

/* The word after `w`: tag + 1 (wrapping), the given count and first. */
static inline uint64_t word_next(const struct map_register_pool *p, uint64_t w,
				 uint32_t count, uint32_t first)
{
	uint64_t tag_one = (uint64_t)1 << (2 * p->field_bits);

	return ((w & ~(tag_one - 1)) + tag_one) |
	       (uint64_t)count << p->field_bits | (first & field_mask(p));
}

static inline uint32_t link_of(const struct map_register_pool *p, uint32_t i)
{
	return atomic_load_explicit(&p->regs[i].next, memory_order_relaxed);
}

/* ---- create / destroy ----------------------------------------------------- */

static void release_blocks(struct map_register_pool *p)
{
	for (uint32_t i = 0; i < p->nblocks; i++)
		platform_free_contiguous(p->k->platform, p->blocks[i].va,
					 p->blocks[i].bytes);
	p->nblocks = 0;
}

static void add_block_pages(struct map_register_pool *p, uint32_t first,
			    uint32_t pages, char *va, uint64_t pa)
{
	for (uint32_t i = 0; i < pages; i++) {
		struct map_register *r = &p->regs[first + i];

		r->va = va + (size_t)i * PLATFORM_PAGE_SIZE;
		r->pa = pa + (uint64_t)i * PLATFORM_PAGE_SIZE;
		atomic_init(&r->next, first + i + 1);
	}
}

static int allocate_blocks(struct map_register_pool *p, uint64_t limit)
{
	uint32_t done = 0;

	while (done < p->total) {
		uint32_t pages = p->total - done;
		size_t bytes;
		uint64_t pa;
		void *va;

		if (pages > MAP_REGISTER_BLOCK_PAGES)
			pages = MAP_REGISTER_BLOCK_PAGES;
		bytes = (size_t)pages * PLATFORM_PAGE_SIZE;
		va = platform_alloc_contiguous(p->k->platform, bytes, limit, &pa);
		if (!va)
			return -ENOMEM;
		p->blocks[p->nblocks].va = va;
		p->blocks[p->nblocks].bytes = bytes;
		p->nblocks++;
		add_block_pages(p, done, pages, va, pa);
		done += pages;
	}
	atomic_init(&p->regs[p->total - 1].next, MAP_REGISTER_NIL);
	/* All free, first register 0, tag 0; published with *out. */
	atomic_init(&p->free, (uint64_t)p->total << p->field_bits);
	return 0;
}

int map_registers_create(struct kernel *k, uint32_t count, uint64_t limit,
			 struct map_register_pool **out)
{
	struct map_register_pool *p;
	uint32_t nblocks;

	*out = NULL;
	if (!count || count > MAP_REGISTER_MAX ||
	    kernel_fault(k, "hal.map_registers"))
		return -ENOMEM;
	p = kernel_zalloc(k, sizeof(*p), "hal.map_registers");
	if (!p)
		return -ENOMEM;
	p->k = k;
	p->total = count;
	/* Width of `count`: its all-ones value is free for "empty". */
	p->field_bits = 32u - (uint32_t)__builtin_clz(count);
	nblocks = (count + MAP_REGISTER_BLOCK_PAGES - 1) / MAP_REGISTER_BLOCK_PAGES;
	p->regs = kernel_zalloc(k, sizeof(*p->regs) * count, "hal.map_registers");
	p->blocks = kernel_zalloc(k, sizeof(*p->blocks) * nblocks,
				  "hal.map_registers");
	if (!p->regs || !p->blocks || allocate_blocks(p, limit) != 0) {
		release_blocks(p);
		kernel_free(k, p->blocks);
		kernel_free(k, p->regs);
		kernel_free(k, p);
		return -ENOMEM;
	}
	*out = p;
	return 0;
}

void map_registers_destroy(struct map_register_pool *p)
{
	struct kernel *k;

	if (!p)
		return;
	k = p->k;
	release_blocks(p);
	kernel_free(k, p->blocks);
	kernel_free(k, p->regs);
	kernel_free(k, p);
}

/* ---- take / give ---------------------------------------------------------- */

/* The n-th free register (n >= 1) of the list starting at `first`, or NIL
 * when the links end sooner: possible only when the word read is stale. */
static inline uint32_t nth_free(const struct map_register_pool *p,
				uint32_t first, uint32_t n)
{
	uint32_t i = first;

	while (--n && i != MAP_REGISTER_NIL)
		i = link_of(p, i);
	return i;
}

bool map_registers_take(struct map_register_pool *p, uint32_t n, uint32_t *head)
{
	uint64_t w = atomic_load_explicit(&p->free, memory_order_acquire);
	uint32_t first, last;

	*head = MAP_REGISTER_NIL;
	if (n == 0)
		return true;
	for (;;) {
		uint32_t count = word_count(p, w);

		if (count < n)          /* spec §6: all or nothing */
			return false;
		first = word_first(p, w);
		last = nth_free(p, first, n);
		if (last == MAP_REGISTER_NIL) {
			w = atomic_load_explicit(&p->free, memory_order_acquire);
			continue;
		}
		if (atomic_compare_exchange_weak_explicit(&p->free, &w,
				word_next(p, w, count - n, link_of(p, last)),
				memory_order_acquire, memory_order_acquire))
			break;
	}
	/* Ours now.  source and length were cleared by give (and zalloc). */
	atomic_store_explicit(&p->regs[last].next, MAP_REGISTER_NIL,
			      memory_order_relaxed);
	*head = first;
	return true;
}

uint32_t map_registers_give(struct map_register_pool *p, uint32_t head)
{
	uint32_t n = 1, last = head;
	uint64_t w;

	if (head == MAP_REGISTER_NIL)
		return 0;
	/* Clear each register for its next taker while finding the last. */
	for (;;) {
		struct map_register *r = &p->regs[last];
		uint32_t next = link_of(p, last);

		r->source = NULL;
		r->length = 0;
		if (next == MAP_REGISTER_NIL)
			break;
		last = next;
		n++;
	}
	w = atomic_load_explicit(&p->free, memory_order_relaxed);
	do {
		atomic_store_explicit(&p->regs[last].next, word_first(p, w),
				      memory_order_relaxed);
	} while (!atomic_compare_exchange_weak_explicit(&p->free, &w,
			word_next(p, w, word_count(p, w) + n, head),
			memory_order_release, memory_order_relaxed));
	return n;
}

uint32_t map_registers_free_count(struct map_register_pool *p)
{
	return word_count(p, atomic_load_explicit(&p->free, memory_order_relaxed));
}

void map_registers_copy_back(struct map_register_pool *p, uint32_t head)
{
	/* spec §6: device-to-memory data reaches the NET_BUFFER at free. */
	for (uint32_t i = head; i != MAP_REGISTER_NIL; i = link_of(p, i)) {
		struct map_register *r = &p->regs[i];

		if (r->source && r->length)
			memcpy(r->source, (char *)r->va + r->offset, r->length);
	}
}
