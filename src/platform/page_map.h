/* page_map.h — a hash map from one 64-bit number to another (VA page ->
 * frame, frame -> VA page, block VA -> pages) for the platform layer.
 * Open addressing with linear probing and backward-shift deletion; the
 * caller provides the locking.  Private to src/platform.
 */
#ifndef NDISDMA_PAGE_MAP_H
#define NDISDMA_PAGE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct page_map {
	uint64_t *keys;     /* PAGE_MAP_EMPTY marks a free slot */
	uint64_t *vals;
	size_t capacity;    /* power of two */
	size_t count;
};

#define PAGE_MAP_EMPTY UINT64_MAX

/* 0 or -ENOMEM. */
int page_map_init(struct page_map *m, size_t capacity);
void page_map_destroy(struct page_map *m);
bool page_map_get(const struct page_map *m, uint64_t key, uint64_t *val);
/* Inserts or overwrites.  0 or -ENOMEM (the map is unchanged then). */
int page_map_put(struct page_map *m, uint64_t key, uint64_t val);
/* Removes key; returns false if it was absent. */
bool page_map_del(struct page_map *m, uint64_t key, uint64_t *old);

#endif
