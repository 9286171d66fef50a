/* sg_build_direct.h — the fast path's one-pass list builds into a
 * caller's buffer (NdisMAllocateNetBufferSGList): the direct walk
 * inline so its state stays in registers, the bounce walk's contract, and
 * the merge rule every builder shares.  Contract and list rules:
 * sg_build.h ("List contents, precisely"); the property test compares what
 * the API delivers with a reference builder.
 */
#ifndef NDISDMA_HAL_SG_BUILD_DIRECT_H
#define NDISDMA_HAL_SG_BUILD_DIRECT_H

#include <wdm.h>

#include "hal/sg_build.h"
#include "platform/platform.h"

/* spec §5: a piece [pa, pa_end) merges into the open element [cur_pa,
 * cur_end) when it starts where that one ends and the merged element stays
 * inside one 4 GiB window and fits a ULONG (the two tests OR-ed into one).
 * Every builder (the generic walk and both fast walks) asks this. */
static inline bool sg_piece_merges(uint64_t cur_pa, uint64_t cur_end, uint64_t pa,
				   uint64_t pa_end)
{
	return pa == cur_end &&
	       (((cur_pa ^ (pa_end - 1)) | (pa_end - cur_pa)) >> 32) == 0;
}

/* What a fast build made: `elements` in the caller's buffer (0: nothing,
 * the checked path's job), the map-register chain `regs` (NIL if none)
 * and the bytes bounced through it.  Returned by value: two registers,
 * nothing of the caller's kept in memory across the walk. */
struct sg_fast_built {
	uint32_t elements, regs;
	uint64_t bounced;
};

/* The fast path's bounce build (NdisMAllocateNetBufferSGList on a fast
 * bounce channel): the list hal_sg_count + hal_sg_commit make, into
 * e[0..room) (room >= 1, `left` > 0 bytes, no stress), its bounced pieces
 * (at most 16) given registers taken in one go, copied now for
 * write-to-device.  elements 0 with nothing held for anything it leaves
 * to the checked build (short chain, an MDL without a system address, no
 * room, registers short). */
struct sg_fast_built hal_sg_build_bounce_fast(struct hal_adapter *a, const MDL *first,
					      uint64_t left, bool to_device,
					      PSCATTER_GATHER_ELEMENT e, uint32_t room);

/* The fast path's build (NdisMAllocateNetBufferSGList on a fast channel):
 * the same list as hal_sg_count + hal_sg_commit, written into
 * e[0..room) with room >= 1.  Returns the element count, or 0 for anything it leaves
 * to the checked build -- a short chain, or more elements than room (the
 * checked path counts them and finds storage).  Requires bytes > 0 and no
 * stress SPLIT.  The first piece always opens an element; after that a
 * piece merges when it starts where the open element ends and the merged
 * element stays inside one 4 GiB window and fits a ULONG (one test). */
static inline __attribute__((always_inline)) uint32_t
hal_sg_build_fast(const MDL *m, uint64_t left, PSCATTER_GATHER_ELEMENT e, uint32_t room)
{
	const uint64_t page = PLATFORM_PAGE_SIZE;
	/* No element is open yet: whatever the first piece's address, its
	 * merged length pa_end - cur_pa has bits above 31, so it opens one. */
	uint64_t cur_pa = 1ull << 63, cur_end = 0;
	uint32_t n = 0;   /* elements opened; e[n - 1] is the open one */

	for (; m; m = m->Next) {
		uint64_t cnt = m->ByteCount < left ? m->ByteCount : left;
		const PFN_NUMBER *pfn;
		uint64_t pa, len;

		if (!cnt)
			continue;   /* an empty MDL contributes nothing */
		left -= cnt;
		pfn = (const PFN_NUMBER *)(m + 1) + (m->ByteOffset >> PLATFORM_PAGE_SHIFT);
		pa = (uint64_t)*pfn << PLATFORM_PAGE_SHIFT | (m->ByteOffset & (page - 1));
		len = page - (m->ByteOffset & (page - 1));
		for (;;) {
			uint64_t pa_end;

			len = cnt < len ? cnt : len;
			pa_end = pa + len;
			if (sg_piece_merges(cur_pa, cur_end, pa, pa_end)) {
				e[n - 1].Length = (ULONG)(pa_end - cur_pa);
			} else {
				if (n == room)
					return 0;
				e[n].Address.QuadPart = (LONGLONG)pa;
				e[n].Length = (ULONG)len;
				e[n].Reserved = 0;
				n++;
				cur_pa = pa;
			}
			cur_end = pa_end;
			cnt -= len;
			if (!cnt)
				break;
			len = page;
			pa = (uint64_t)*++pfn << PLATFORM_PAGE_SHIFT;
		}
		if (!left)
			return n;
	}
	return 0;
}

#endif
