/* page_map.c — open-addressing u64 -> u64 map (see page_map.h). */
#include "platform/page_map.h"

#include <errno.h>
#include <stdlib.h>

static size_t slot_of(const struct page_map *m, uint64_t key)
{
	/* splitmix64 finaliser: page numbers are dense, spread them */
	uint64_t z = key + 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (size_t)z & (m->capacity - 1);
}

static int alloc_slots(struct page_map *m, size_t capacity)
{
	m->keys = malloc(capacity * sizeof(*m->keys));
	m->vals = malloc(capacity * sizeof(*m->vals));
	if (!m->keys || !m->vals) {
		free(m->keys);
		free(m->vals);
		m->keys = m->vals = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0; i < capacity; i++)
		m->keys[i] = PAGE_MAP_EMPTY;
	m->capacity = capacity;
	m->count = 0;
	return 0;
}

int page_map_init(struct page_map *m, size_t capacity)
{
	size_t c = 16;
	while (c < capacity)
		c <<= 1;
	return alloc_slots(m, c);
}

void page_map_destroy(struct page_map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = m->vals = NULL;
	m->capacity = m->count = 0;
}

bool page_map_get(const struct page_map *m, uint64_t key, uint64_t *val)
{
	if (!m->capacity)
		return false;
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->capacity - 1)) {
		if (m->keys[i] == PAGE_MAP_EMPTY)
			return false;
		if (m->keys[i] == key) {
			if (val)
				*val = m->vals[i];
			return true;
		}
	}
}

static void insert_new(struct page_map *m, uint64_t key, uint64_t val)
{
	size_t i = slot_of(m, key);
	while (m->keys[i] != PAGE_MAP_EMPTY)
		i = (i + 1) & (m->capacity - 1);
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
}

static int grow(struct page_map *m)
{
	struct page_map old = *m;
	if (alloc_slots(m, old.capacity * 2)) {
		*m = old;
		return -ENOMEM;
	}
	for (size_t i = 0; i < old.capacity; i++)
		if (old.keys[i] != PAGE_MAP_EMPTY)
			insert_new(m, old.keys[i], old.vals[i]);
	page_map_destroy(&old);
	return 0;
}

int page_map_put(struct page_map *m, uint64_t key, uint64_t val)
{
	if (key == PAGE_MAP_EMPTY)
		return -EINVAL;
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->capacity - 1)) {
		if (m->keys[i] == PAGE_MAP_EMPTY)
			break;
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return 0;
		}
	}
	/* keep the load at most one half so probes stay short */
	if ((m->count + 1) * 2 > m->capacity && grow(m))
		return -ENOMEM;
	insert_new(m, key, val);
	return 0;
}

bool page_map_del(struct page_map *m, uint64_t key, uint64_t *old)
{
	size_t mask = m->capacity - 1, i;
	if (!m->capacity)
		return false;
	for (i = slot_of(m, key);; i = (i + 1) & mask) {
		if (m->keys[i] == PAGE_MAP_EMPTY)
			return false;
		if (m->keys[i] == key)
			break;
	}
	if (old)
		*old = m->vals[i];
	/* backward-shift: move later members of the cluster into the hole
	 * when their home slot does not lie strictly between hole and them */
	for (size_t j = (i + 1) & mask; m->keys[j] != PAGE_MAP_EMPTY;
	     j = (j + 1) & mask) {
		size_t home = slot_of(m, m->keys[j]);
		bool between = i <= j ? (home > i && home <= j)
				      : (home > i || home <= j);
		if (!between) {
			m->keys[i] = m->keys[j];
			m->vals[i] = m->vals[j];
			i = j;
		}
	}
	m->keys[i] = PAGE_MAP_EMPTY;
	m->count--;
	return true;
}
