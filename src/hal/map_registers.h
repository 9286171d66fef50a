/* map_registers.h — the bounce pool of a channel (spec §6): page-sized
 * buffers below 4 GiB, taken all-or-nothing per list and returned whole.
 * Lock-free (map_registers.c).  Private to src/hal: the bounce backend
 * and the generic builder use it; src/ndis sees only hal.h.
 */
#ifndef NDISDMA_HAL_MAP_REGISTERS_H
#define NDISDMA_HAL_MAP_REGISTERS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kernel/kernel.h"

#define MAP_REGISTER_NIL UINT32_MAX
/* As many 4 KiB pages as lie below 4 GiB, minus one: the pool's word keeps
 * an index and a count of this many bits and a tag of at least 24. */
#define MAP_REGISTER_MAX ((1u << 20) - 1)

struct map_register {
	void *va;          /* the bounce page */
	uint64_t pa;       /* its physical address, below 4 GiB */
	void *source;      /* NET_BUFFER bytes this register stands for */
	uint32_t offset;   /* in-page offset of the piece */
	uint32_t length;   /* bytes of the piece */
	/* Chain / free list link, MAP_REGISTER_NIL ends.  Atomic because a
	 * taker may read the links of free registers that another thread
	 * takes meanwhile (lock-free pool, map_registers.c).  A taken
	 * register's link is written by its owner only: reading a chain one
	 * owns as `r->next` is right (an atomic load, a plain move on x86). */
	_Atomic uint32_t next;
};

struct map_register_block {
	void *va;
	size_t bytes;
};

/* Fields of the pool's free-list word: first free register (bits 0 up),
 * free count (from `bits` up), tag (from 2 * bits up; tag_one is its 1). */
struct map_register_layout {
	uint32_t bits;
	uint32_t mask;             /* (1 << bits) - 1; as an index: empty */
	uint64_t tag_one;
};

struct map_register_pool {
	struct kernel *k;
	/* The free list in one word, changed only by compare-and-swap:
	 * first free register, free count and a tag (map_registers.c). */
	_Atomic uint64_t free;
	struct map_register_layout layout;
	uint32_t total;
	struct map_register *regs;
	struct map_register_block *blocks;
	uint32_t nblocks;
};

/* 0 or -ENOMEM.  `count` (1..MAP_REGISTER_MAX) page-sized registers below
 * `limit` (fault site "hal.map_registers"). */
int map_registers_create(struct kernel *k, uint32_t count, uint64_t limit,
			 struct map_register_pool **out);
void map_registers_destroy(struct map_register_pool *p);
/* All or nothing: n registers chained through ->next into *head, each with
 * source NULL and length 0; false when fewer than n are free (nothing
 * taken).  n == 0 gives NIL.  Lock-free, any thread, any IRQL. */
bool map_registers_take(struct map_register_pool *p, uint32_t n, uint32_t *head);
/* Returns a whole chain; the number returned (0 for NIL).  Lock-free. */
uint32_t map_registers_give(struct map_register_pool *p, uint32_t head);
/* Free registers, as of one instant (exact at any time). */
uint32_t map_registers_free_count(struct map_register_pool *p);
/* Device-to-memory: copy every register of the chain back to its source. */
void map_registers_copy_back(struct map_register_pool *p, uint32_t head);

/* spec §6: register r stands for the piece (src, in-page offset, len) of
 * the NET_BUFFER; write-to-device bytes are copied into it now.  Returns
 * the address the element gets. */
static inline uint64_t map_register_place(struct map_register *r, char *src,
					  uint32_t off, uint32_t len, bool to_device)
{
	r->source = src;
	r->offset = off;
	r->length = len;
	if (to_device)
		memcpy((char *)r->va + off, src, len);
	return r->pa + off;
}

#endif
