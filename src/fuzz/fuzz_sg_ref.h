/* fuzz_sg_ref.h — the reference SG list builder of fuzz_sg_build,
 * written from spec §5/§6 alone and independent of src/hal: it knows the
 * bytes as (virtual address, length) runs the fuzz target laid out itself,
 * and each page's frame from the platform (platform_pfns, taken once per
 * arena), never from an MDL's PFN array or the engine's code.
 *
 * Rules (spec §5, §6; hal/sg_pieces.h states the same contract):
 *   - the list covers CurrentMdlOffset + DataLength bytes from byte 0 of
 *     CurrentMdl along MDL->Next; a zero-length MDL adds nothing;
 *   - a piece is the part of one MDL inside one page; it is bounced (an
 *     element of its own, at a map register below 4 GiB with the same
 *     in-page offset) under stress bounce or when any byte is at or above
 *     the device's address limit;
 *   - other pieces merge into the previous element when it was not
 *     bounced, ends where the piece starts, the two stay inside one
 *     4 GiB-aligned window, the length fits a ULONG and stress split is off.
 */
#ifndef NDISDMA_FUZZ_SG_REF_H
#define NDISDMA_FUZZ_SG_REF_H

#include <ndis.h>
#include <stdbool.h>
#include <stdint.h>

struct platform;

#define FZ_REF_MAX_ELEMENTS 4096u

struct fz_run {              /* one MDL as the target built it */
	const uint8_t *va;
	uint32_t length;
};

struct fz_ref_elem {
	uint64_t pa;             /* bounced: the source page's PA */
	uint32_t length;
	bool bounced;
	const uint8_t *src;      /* the NET_BUFFER bytes it covers */
};

struct fz_ref {
	uint32_t n, bounced;
	uint64_t bytes;
	struct fz_ref_elem e[FZ_REF_MAX_ELEMENTS];
};

struct fz_ref_arena {
	const uint8_t *base;
	size_t bytes;
	const uint64_t *pfn;     /* one per page of the arena */
};

struct fz_ref_channel {
	uint64_t address_limit;
	bool split, bounce;
};

/* false when the runs end before `bytes` (the short-chain failure). */
bool fz_ref_build(struct fz_ref *r, const struct fz_ref_arena *a,
		  const struct fz_ref_channel *ch, const struct fz_run *runs,
		  uint32_t nruns, uint64_t bytes);

/* NULL, or why the delivered list differs from the reference: the count,
 * each element's address (bounced: in-page offset, below 4 GiB) and
 * length, Reserved fields, and (to_device) the bytes each element's
 * address holds, read through the platform. */
const char *fz_ref_compare(const struct fz_ref *r, const SCATTER_GATHER_LIST *l,
			   struct platform *plat, bool to_device, char *why, size_t len);

#endif
