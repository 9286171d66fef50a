/* sg_build.h — private to src/hal and its direct users (ndis/sg_list.c and
 * the unit/property tests): the DMA adapter object, its backend ops table,
 * the map register pool, and the two-phase list builder.
 *
 * List contents, precisely (spec §5, §6), so a reference builder in a test
 * can reproduce them:
 *   - the walk starts at byte 0 of the first MDL given (CurrentMdl) and
 *     covers `bytes` (= CurrentMdlOffset + DataLength) bytes along
 *     MDL->Next; MDLs with ByteCount 0 contribute nothing;
 *   - a "piece" is the run of bytes of one MDL inside one page; its
 *     physical address is PFN[(ByteOffset + pos) >> 12] << 12 | page offset
 *     (the MDL's PFN array, filled when the MDL was built, spec §3);
 *   - a piece is bounced when stress BOUNCE is on, or when any of its bytes
 *     lies at or above constraints.address_limit.  A bounced piece takes one
 *     map register (a page below 4 GiB), keeps its in-page offset there, and
 *     is always an element of its own (never merged);
 *   - other pieces are merged into the previous element when that element
 *     was not bounced, ends exactly where the piece starts, both lie in the
 *     same 4 GiB-aligned window (an element never crosses a 4 GiB
 *     boundary), the sum fits a ULONG, and stress SPLIT is off;
 *   - Reserved fields (list and elements) are 0.
 */
#ifndef NDISDMA_HAL_SG_BUILD_H
#define NDISDMA_HAL_SG_BUILD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "hal/hal.h"

struct _MDL;
struct _SCATTER_GATHER_LIST;

#define SG_LIST_HEADER_BYTES 16u
#define SG_ELEMENT_BYTES 24u
#define MAP_REGISTER_NIL UINT32_MAX

/* ---- map registers (map_registers.c, spec §6) ---------------------------- */

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

/* 0 or -ENOMEM.  `count` page-sized registers below `limit` (fault site
 * "hal.map_registers"); at most MAP_REGISTER_MAX, as many 4 KiB pages as
 * lie below 4 GiB minus one. */
#define MAP_REGISTER_MAX ((1u << 20) - 1)
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

/* ---- the list builder (sg_build.c) ---------------------------------------- */

enum sg_build_error {
	SG_BUILD_OK = 0,
	SG_BUILD_NO_MDL,        /* CurrentMdl NULL */
	SG_BUILD_ZERO,          /* nothing to map */
	SG_BUILD_SHORT_CHAIN,   /* chain ends before `bytes` */
	SG_BUILD_BAD_MDL,       /* an MDL without a system address */
	SG_BUILD_TOO_MANY,      /* more than UINT32_MAX elements */
};
const char *sg_build_error_name(enum sg_build_error e);

/* Phase 1 result: what a list needs. */
struct sg_plan {
	uint64_t bytes;          /* CurrentMdlOffset + DataLength */
	uint32_t elements;
	uint32_t bounce_pages;   /* map registers */
};

static inline uint64_t sg_list_bytes(uint32_t elements)
{
	return SG_LIST_HEADER_BYTES + (uint64_t)SG_ELEMENT_BYTES * elements;
}

/* Phase 1: count elements and map registers; touches nothing. */
enum sg_build_error hal_sg_count(const struct hal_adapter *a,
				 const struct _MDL *first, uint64_t bytes,
				 struct sg_plan *plan);
/* Phase 2: write the list into `out` (room for plan->elements), using the
 * reserved register chain `regs` (plan->bounce_pages long) in order; for
 * write-to-device, copy the bounced bytes into the registers now. */
void hal_sg_commit(struct hal_adapter *a, const struct _MDL *first,
		   const struct sg_plan *plan, uint32_t regs, bool to_device,
		   struct _SCATTER_GATHER_LIST *out);

/* ---- the adapter (dma_adapter.c) ------------------------------------------ */

struct hal_ops {
	const char *name;           /* "direct", "bounce" */
	enum sg_build_error (*count)(const struct hal_adapter *a,
				     const struct _MDL *first, uint64_t bytes,
				     struct sg_plan *plan);
	void (*commit)(struct hal_adapter *a, const struct _MDL *first,
		       const struct sg_plan *plan, uint32_t regs,
		       bool to_device, struct _SCATTER_GATHER_LIST *out);
};

struct hal_adapter {
	struct kernel *k;
	struct hal_constraints c;
	const struct hal_ops *ops;       /* chosen once at creation */
	struct map_register_pool *mr;    /* bounce only, else NULL */
};

extern const struct hal_ops hal_direct_ops;
extern const struct hal_ops hal_bounce_ops;

static inline const char *hal_adapter_backend(const struct hal_adapter *a)
{
	return a->ops->name;
}

/* spec §6: registers for `lists` concurrent maximal lists, capped. */
uint32_t hal_default_map_registers(uint32_t max_elements, uint32_t lists,
				   uint32_t cap);

#endif
