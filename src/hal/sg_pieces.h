/* sg_pieces.h — what every list builder shares (the generic two-phase
 * walk in sg_build.c, the direct build in sg_build_direct.h, the bounce
 * backend's one-pass build): an MDL's bytes as page pieces, the merge
 * rule, and an MDL's system address.  Private to src/hal.
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
#ifndef NDISDMA_HAL_SG_PIECES_H
#define NDISDMA_HAL_SG_PIECES_H

#include <stdbool.h>
#include <stdint.h>
#include <wdm.h>

#include "platform/platform.h"

/* The WDK's pages (MDL PFN arrays, BYTES_TO_PAGES) are the platform's
 * frames: one page size. */
_Static_assert(PAGE_SIZE == PLATFORM_PAGE_SIZE && PAGE_SHIFT == PLATFORM_PAGE_SHIFT,
	       "WDK pages are platform frames");

#define SG_PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

/* The page pieces of an MDL's first `cnt` bytes (cnt > 0), in order:
 *     struct sg_pieces it = sg_pieces_start(m, cnt);
 *     do { ... it.pa, it.len ... } while (sg_pieces_next(&it));
 * Inline and small, so a walk keeps it in registers. */
struct sg_pieces {
	const PFN_NUMBER *pfn;   /* the PFN of the current piece's page */
	uint64_t pa, len;        /* the current piece */
	uint64_t left;           /* bytes from the current piece on */
};

static inline __attribute__((always_inline)) struct sg_pieces
sg_pieces_start(const MDL *m, uint64_t cnt)
{
	uint64_t off = m->ByteOffset & SG_PAGE_MASK;
	struct sg_pieces it;

	it.pfn = (const PFN_NUMBER *)(m + 1) + (m->ByteOffset >> PAGE_SHIFT);
	it.pa = (uint64_t)*it.pfn << PAGE_SHIFT | off;
	it.len = PAGE_SIZE - off;
	it.len = cnt < it.len ? cnt : it.len;
	it.left = cnt;
	return it;
}

/* Advance to the next piece; false when the bytes are done. */
static inline __attribute__((always_inline)) bool sg_pieces_next(struct sg_pieces *it)
{
	it->left -= it->len;
	if (!it->left)
		return false;
	it->pa = (uint64_t)*++it->pfn << PAGE_SHIFT;
	it->len = it->left < PAGE_SIZE ? it->left : PAGE_SIZE;
	return true;
}

/* spec §5: a piece [pa, pa_end) merges into the open element [cur_pa,
 * cur_end) when it starts where that one ends and the merged element stays
 * inside one 4 GiB window and fits a ULONG (the two tests OR-ed into one).
 * Every builder asks this. */
static inline bool sg_piece_merges(uint64_t cur_pa, uint64_t cur_end, uint64_t pa,
				   uint64_t pa_end)
{
	return pa == cur_end &&
	       (((cur_pa ^ (pa_end - 1)) | (pa_end - cur_pa)) >> 32) == 0;
}

/* The MDL's bytes as the CPU sees them (a bounced piece is copied from or
 * to there), or NULL when it has no system address. */
static inline char *sg_mdl_system_va(const MDL *m)
{
	if (m->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
		return m->MappedSystemVa;
	if (!m->StartVa)
		return NULL;   /* no address at all (NULL + offset is not one) */
	return (char *)m->StartVa + m->ByteOffset;
}

#endif
