/* sg_build_direct.h — the direct build, inline: the fast path's list on a
 * direct adapter (hal_adapter_is_direct), the one bypass of the HAL's ops
 * table (as Linux's dma_map_direct is), so its state stays in registers.
 * It makes the list the direct backend's hal_sg_plan + hal_sg_commit make
 * (rules: sg_pieces.h); the property test compares what the API delivers
 * with a reference builder.
 */
#ifndef NDISDMA_HAL_SG_BUILD_DIRECT_H
#define NDISDMA_HAL_SG_BUILD_DIRECT_H

#include "hal/hal.h"
#include "hal/sg_pieces.h"

/* The list of `left` > 0 bytes from m, into e[0..room) with room >= 1.
 * Returns the element count, or 0 for anything it leaves to the checked
 * build -- a short chain, or more elements than room (the checked path
 * counts them and finds storage).  No stress SPLIT (a direct adapter with
 * it has no fast build).  The first piece always opens an element; after
 * that a piece merges when sg_piece_merges says so. */
static inline __attribute__((always_inline)) uint32_t
hal_sg_build_direct(const MDL *m, uint64_t left, PSCATTER_GATHER_ELEMENT e, uint32_t room)
{
	/* No element is open yet: whatever the first piece's address, its
	 * merged length pa_end - cur_pa has bits above 31, so it opens one. */
	uint64_t cur_pa = 1ull << 63, cur_end = 0;
	uint32_t n = 0;   /* elements opened; e[n - 1] is the open one */

	for (; m; m = m->Next) {
		uint64_t cnt = m->ByteCount < left ? m->ByteCount : left;
		struct sg_pieces it;

		if (!cnt)
			continue;   /* an empty MDL contributes nothing */
		left -= cnt;
		it = sg_pieces_start(m, cnt);
		do {
			uint64_t pa_end = it.pa + it.len;

			if (sg_piece_merges(cur_pa, cur_end, it.pa, pa_end)) {
				e[n - 1].Length = (ULONG)(pa_end - cur_pa);
			} else {
				if (n == room)
					return 0;
				e[n].Address.QuadPart = (LONGLONG)it.pa;
				e[n].Length = (ULONG)it.len;
				e[n].Reserved = 0;
				n++;
				cur_pa = it.pa;
			}
			cur_end = pa_end;
		} while (sg_pieces_next(&it));
		if (!left)
			return n;
	}
	return 0;
}

#endif
