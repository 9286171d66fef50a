/* kalloc.c — the machine's host allocations: kernel_alloc, kernel_zalloc,
 * kernel_zalloc_aligned and kernel_free (kernel.h), each a fault-injection
 * point (kernel_fault) counted in the machine's statistics, and the cache
 * of small freed blocks a solo machine keeps (kernel_config.object_cache).
 *
 * Fuzz builds compile this file without comparison tracing
 * (CMakeLists.txt): its compares are on sizes the callers chose and the
 * allocator's answers, never an input byte; the fault decision itself
 * (kernel_fault, kernel.c) keeps it.
 */
#include "kernel/kernel.h"

#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ksched.h"

/* ---- kernel_config.object_cache ------------------------------------------ */

#define KERNEL_CACHE_BYTES (4u << 20)

/* Sanitizers see every block: a kept one would hide a use after free. */
#if defined(NDISDMA_SANITIZER)
#define cache_on(k) ((void)(k), false)
#else
#define cache_on(k) ((k)->config.object_cache && ksched_solo(k))
#endif

/* Class c holds blocks with at least 16c + 8 usable bytes (glibc's
 * usable sizes on x86-64 are 16k + 8, so a block freed after a request
 * of n bytes is in the class a later request of n bytes looks in). */
#define CLASS_BYTES(c) (((size_t)(c) << 4) + 8)

/* A kept block with room for size bytes, or NULL. */
static void *cache_take(struct kernel *k, size_t size)
{
	size_t c = size <= 8 ? 0 : (size - 8 + 15) >> 4;
	void *p;

	if (c > KERNEL_CACHE_CLASSES || !cache_on(k) || !(p = k->cache.head[c]))
		return NULL;
	k->cache.head[c] = *(void **)p;
	k->cache.bytes -= CLASS_BYTES(c);
	return p;
}

static bool cache_put(struct kernel *k, void *p)
{
	size_t u, c;

	if (!cache_on(k))
		return false;
	u = malloc_usable_size(p);
	c = u < CLASS_BYTES(0) ? 0 : (u - 8) >> 4;
	if (!c || c > KERNEL_CACHE_CLASSES ||
	    k->cache.bytes + CLASS_BYTES(c) > KERNEL_CACHE_BYTES)
		return false;
	*(void **)p = k->cache.head[c];
	k->cache.head[c] = p;
	k->cache.bytes += CLASS_BYTES(c);
	return true;
}

void kernel_cache_drain(struct kernel *k)
{
	for (unsigned c = 0; c <= KERNEL_CACHE_CLASSES; c++)
		while (k->cache.head[c]) {
			void *p = k->cache.head[c];

			k->cache.head[c] = *(void **)p;
			free(p);
		}
	k->cache.bytes = 0;
}

void *kernel_alloc(struct kernel *k, size_t size, const char *site)
{
	void *p;

	if (kernel_fault(k, site))
		return NULL;
	p = cache_take(k, size);
	if (!p)
		p = malloc(size ? size : 1);
	if (p)
		kernel_count(k, &k->stats.allocations, 1);
	return p;
}

/* A new block by calloc, not malloc + memset: a large table (a channel's
 * SG records, half a megabyte) comes as fresh zero pages the allocator
 * need not write, so only the pages used cost anything (docs/fuzzing.md:
 * a registration per fuzz input).  A kept block (at most 1 KiB) is
 * zeroed here. */
void *kernel_zalloc(struct kernel *k, size_t size, const char *site)
{
	void *p;

	if (kernel_fault(k, site))
		return NULL;
	p = cache_take(k, size);
	if (p)
		memset(p, 0, size);
	else
		p = calloc(1, size ? size : 1);
	if (p)
		kernel_count(k, &k->stats.allocations, 1);
	return p;
}

void *kernel_zalloc_aligned(struct kernel *k, size_t align, size_t size, const char *site)
{
	size_t rounded = (size + align - 1) & ~(align - 1);
	void *p;

	if (kernel_fault(k, site))
		return NULL;
	/* C11 aligned_alloc: the size a multiple of the alignment */
	p = aligned_alloc(align, rounded ? rounded : align);
	if (p) {
		memset(p, 0, rounded ? rounded : align);
		kernel_count(k, &k->stats.allocations, 1);
	}
	return p;
}

void kernel_free(struct kernel *k, void *p)
{
	if (!p)
		return;
	kernel_count(k, &k->stats.frees, 1);
	if (!cache_put(k, p))
		free(p);
}

