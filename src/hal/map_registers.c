/* map_registers.c — the bounce pool of a channel (spec §6): page-sized
 * buffers below a limit, taken all-or-nothing per list and returned whole.
 * Only the bounce backend has one, so its lock never sits on the fast path.
 */
#include "hal/sg_build.h"

#include <errno.h>
#include <string.h>

#include "platform/platform.h"

/* Pages per contiguous block: the pool is one or several blocks. */
#define MAP_REGISTER_BLOCK_PAGES 256u

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
		r->next = first + i + 1;
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
	p->regs[p->total - 1].next = MAP_REGISTER_NIL;
	p->free_head = 0;
	p->free_count = p->total;
	return 0;
}

int map_registers_create(struct kernel *k, uint32_t count, uint64_t limit,
			 struct map_register_pool **out)
{
	struct map_register_pool *p;
	uint32_t nblocks;

	*out = NULL;
	if (!count || kernel_fault(k, "hal.map_registers"))
		return -ENOMEM;
	p = kernel_zalloc(k, sizeof(*p), "hal.map_registers");
	if (!p)
		return -ENOMEM;
	p->k = k;
	p->total = count;
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
	klock_init(&p->lock, k);
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
	klock_destroy(&p->lock);
	kernel_free(k, p->blocks);
	kernel_free(k, p->regs);
	kernel_free(k, p);
}

bool map_registers_take(struct map_register_pool *p, uint32_t n, uint32_t *head)
{
	uint32_t first, last = MAP_REGISTER_NIL;

	*head = MAP_REGISTER_NIL;
	if (n == 0)
		return true;
	klock_acquire(&p->lock);
	if (p->free_count < n) {
		klock_release(&p->lock);
		return false;
	}
	first = p->free_head;
	for (uint32_t i = 0; i < n; i++) {
		last = i == 0 ? first : p->regs[last].next;
		p->regs[last].source = NULL;
		p->regs[last].length = 0;
	}
	p->free_head = p->regs[last].next;
	p->regs[last].next = MAP_REGISTER_NIL;
	p->free_count -= n;
	klock_release(&p->lock);
	*head = first;
	return true;
}

uint32_t map_registers_give(struct map_register_pool *p, uint32_t head)
{
	uint32_t n = 1, last = head;

	if (head == MAP_REGISTER_NIL)
		return 0;
	while (p->regs[last].next != MAP_REGISTER_NIL) {
		last = p->regs[last].next;
		n++;
	}
	klock_acquire(&p->lock);
	p->regs[last].next = p->free_head;
	p->free_head = head;
	p->free_count += n;
	klock_release(&p->lock);
	return n;
}

uint32_t map_registers_free_count(struct map_register_pool *p)
{
	uint32_t n;

	klock_acquire(&p->lock);
	n = p->free_count;
	klock_release(&p->lock);
	return n;
}

void map_registers_copy_back(struct map_register_pool *p, uint32_t head)
{
	/* spec §6: device-to-memory data reaches the NET_BUFFER at free. */
	for (uint32_t i = head; i != MAP_REGISTER_NIL; i = p->regs[i].next) {
		struct map_register *r = &p->regs[i];

		if (r->source && r->length)
			memcpy(r->source, (char *)r->va + r->offset, r->length);
	}
}
