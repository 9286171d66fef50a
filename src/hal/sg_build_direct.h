/* sg_build_direct.h — the one-pass list build of the direct backend into
 * a caller's buffer (the fast path of NdisMAllocateNetBufferSGList, issue
 * 7), inline so the walk state and the plan stay in registers.  Contract
 * and list rules: sg_build.h ("List contents, precisely"); the property
 * test compares what the API delivers with a reference builder.
 */
#ifndef NDISDMA_HAL_SG_BUILD_DIRECT_H
#define NDISDMA_HAL_SG_BUILD_DIRECT_H

#include <wdm.h>

#include "hal/sg_build.h"
#include "platform/platform.h"

/* A piece merges into the open element when it starts where that one
 * ends, the merged element stays inside one 4 GiB window and fits a ULONG
 * (spec §5); stress SPLIT takes the generic walk. */
static inline enum sg_build_error hal_sg_build_direct(const struct hal_adapter *a,
						      const MDL *first, uint64_t bytes,
						      PSCATTER_GATHER_LIST out,
						      uint32_t room, struct sg_plan *plan)
{
	const uint64_t mask = (uint64_t)PLATFORM_PAGE_SIZE - 1;
	PSCATTER_GATHER_ELEMENT e = out->Elements;
	uint64_t left = bytes, n = 0, cur_pa = 0, cur_end = 0;
	const MDL *m = first;

	plan->bytes = bytes;
	plan->elements = 0;
	plan->bounce_pages = 0;
	if (!first)
		return SG_BUILD_NO_MDL;
	if (!bytes)
		return SG_BUILD_ZERO;
	if (a->c.stress & KERNEL_STRESS_SPLIT)
		return hal_sg_build_split(a, first, bytes, out, room, plan);
	for (; m && left; m = m->Next) {
		const PFN_NUMBER *pfn = (const PFN_NUMBER *)(m + 1);
		uint64_t pos = m->ByteOffset;
		uint64_t end = pos + (m->ByteCount < left ? m->ByteCount : left);

		left -= end - pos;
		while (pos < end) {
			uint64_t page_end = (pos | mask) + 1;
			uint64_t stop = page_end < end ? page_end : end;
			uint64_t pa = (uint64_t)pfn[pos >> PLATFORM_PAGE_SHIFT]
					      << PLATFORM_PAGE_SHIFT | (pos & mask);
			uint64_t pa_end = pa + (stop - pos);

			if (pa == cur_end && n && ((cur_pa ^ (pa_end - 1)) >> 32) == 0 &&
			    pa_end - cur_pa <= UINT32_MAX) {
				if (n <= room)
					e[n - 1].Length = (ULONG)(pa_end - cur_pa);
			} else {
				if (n < room) {
					e[n].Address.QuadPart = (LONGLONG)pa;
					e[n].Length = (ULONG)(stop - pos);
					e[n].Reserved = 0;
				}
				n++;
				cur_pa = pa;
			}
			cur_end = pa_end;
			pos = stop;
		}
	}
	if (left)
		return SG_BUILD_SHORT_CHAIN;
	if (n > UINT32_MAX)
		return SG_BUILD_TOO_MANY;
	plan->elements = (uint32_t)n;
	if (n <= room) {
		out->NumberOfElements = (ULONG)n;
		out->Reserved = 0;
	}
	return SG_BUILD_OK;
}

#endif
