/* map_registers.c — the bounce pool of a channel (spec §6): page-sized
 * buffers below a limit, taken all-or-nothing per list and returned whole.
 *
 * The pool is lock-free (W5 took a lock twice per list).  The
 * free list is a stack whose whole state is one 64-bit word,
 *     [ tag | free count | index of the first free register ],
 * index and count `layout.bits` wide (enough for `total`; the all-ones
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
#include "hal/map_registers.h"

#include <errno.h>

#include "platform/platform.h"

/* Pages per contiguous block: the pool is one or several blocks. */
#define MAP_REGISTER_BLOCK_PAGES 256u

/* ---- the free-list word --------------------------------------------------- */

/* Callers copy p->layout once: the compiler must reload it after every
 * atomic otherwise. */
static inline uint32_t word_first(uint64_t w, struct map_register_layout l)
{
	uint32_t i = (uint32_t)w & l.mask;

	return i == l.mask ? MAP_REGISTER_NIL : i;
}

static inline uint32_t word_count(uint64_t w, struct map_register_layout l)
{
	return (uint32_t)(w >> l.bits) & l.mask;
}

/* `w` with tag + 1 (wrapping off the top), count + delta (mod 2^64: a
 * negated n takes n) and the first register `first` (NIL: empty).  The
 * count stays within 0..total <= mask, so no field carries into the next. */
static inline uint64_t word_next(uint64_t w, struct map_register_layout l,
				 uint64_t delta, uint32_t first)
{
	return w + l.tag_one + (delta << l.bits) - (w & l.mask) +
	       (first & l.mask);
}

static inline uint32_t link_of(const struct map_register *regs, uint32_t i)
{
	return atomic_load_explicit(&regs[i].next, memory_order_relaxed);
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
		/* Every register is one page: shorter blocks do when the
		 * platform has no run this long (host frames are the
		 * kernel's, spec §11). */
		for (;;) {
			bytes = (size_t)pages * PLATFORM_PAGE_SIZE;
			va = platform_alloc_contiguous(p->k->platform, bytes, limit, &pa);
			if (va || pages == 1)
				break;
			pages /= 2;
		}
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
	atomic_init(&p->free, (uint64_t)p->total << p->layout.bits);
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
	/* Fields as wide as `count`: index and count fit, and the all-ones
	 * index is free to mean "empty"; the tag gets the rest, >= 24 bits. */
	p->layout.bits = 32u - (uint32_t)__builtin_clz(count);
	p->layout.mask = (1u << p->layout.bits) - 1;
	p->layout.tag_one = (uint64_t)1 << (2 * p->layout.bits);
	/* at most one block per register (blocks shrink to one page) */
	nblocks = count;
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
static inline uint32_t nth_free(const struct map_register *regs,
				uint32_t first, uint32_t n)
{
	uint32_t i = first;

	while (--n && i != MAP_REGISTER_NIL)
		i = link_of(regs, i);
	return i;
}

bool map_registers_take(struct map_register_pool *p, uint32_t n, uint32_t *head)
{
	struct map_register *regs = p->regs;
	const struct map_register_layout l = p->layout;
	uint32_t first, last;
	uint64_t w;

	*head = MAP_REGISTER_NIL;
	if (n == 0)
		return true;
	w = atomic_load_explicit(&p->free, memory_order_acquire);
	for (;;) {
		if (word_count(w, l) < n)       /* spec §6: all or nothing */
			return false;
		first = word_first(w, l);
		last = nth_free(regs, first, n);
		if (last == MAP_REGISTER_NIL) {
			w = atomic_load_explicit(&p->free, memory_order_acquire);
			continue;
		}
		if (atomic_compare_exchange_weak_explicit(&p->free, &w,
				word_next(w, l, -(uint64_t)n, link_of(regs, last)),
				memory_order_acquire, memory_order_acquire))
			break;
	}
	/* Ours now.  source and length were cleared by give (and zalloc). */
	atomic_store_explicit(&regs[last].next, MAP_REGISTER_NIL,
			      memory_order_relaxed);
	*head = first;
	return true;
}

uint32_t map_registers_give(struct map_register_pool *p, uint32_t head)
{
	struct map_register *regs = p->regs;
	const struct map_register_layout l = p->layout;
	uint32_t n = 1, last = head;
	uint64_t w;

	if (head == MAP_REGISTER_NIL)
		return 0;
	/* Clear each register for its next taker while finding the last. */
	for (;;) {
		struct map_register *r = &regs[last];
		uint32_t next = link_of(regs, last);

		r->source = NULL;
		r->length = 0;
		if (next == MAP_REGISTER_NIL)
			break;
		last = next;
		n++;
	}
	w = atomic_load_explicit(&p->free, memory_order_relaxed);
	do {
		atomic_store_explicit(&regs[last].next, word_first(w, l),
				      memory_order_relaxed);
	} while (!atomic_compare_exchange_weak_explicit(&p->free, &w,
			word_next(w, l, n, head),
			memory_order_release, memory_order_relaxed));
	return n;
}

uint32_t map_registers_free_count(struct map_register_pool *p)
{
	return word_count(atomic_load_explicit(&p->free, memory_order_relaxed),
			  p->layout);
}

void map_registers_copy_back(struct map_register_pool *p, uint32_t head)
{
	/* spec §6: device-to-memory data reaches the NET_BUFFER at free. */
	for (uint32_t i = head; i != MAP_REGISTER_NIL; i = link_of(p->regs, i)) {
		struct map_register *r = &p->regs[i];

		if (r->source && r->length)
			memcpy(r->source, (char *)r->va + r->offset, r->length);
	}
}
