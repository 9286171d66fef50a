/* refbuild.h — a deliberately simple reference for the SG list engine.
 *
 * It knows nothing of the engine: it walks the bytes an SG list must cover
 * (spec §5: from byte 0 of CurrentMdl, CurrentMdlOffset + DataLength bytes
 * along MDL->Next) one page at a time through each MDL's PFN array
 * (MmGetMdlPfnArray, spec §3), producing (pa, len) pieces, then merges
 * adjacent pieces unless the merge would cross a 4 GiB boundary.  A piece
 * with a byte at or above the device's address limit is bounced (spec §6,
 * hal/sg_pieces.h): an element of its own, never merged, whose address the
 * engine chooses (a map register below 4 GiB, same in-page offset).
 *
 * Then the checks every delivered list must pass, as reasons (STYLE.md:
 * validators return a reason): ref_check_list (the invariants of spec §5)
 * and ref_compare (element by element against the reference).
 */
#ifndef NDISDMA_TEST_REFBUILD_H
#define NDISDMA_TEST_REFBUILD_H

#include <ndis.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REF_4GB (1ull << 32)

struct ref_elem {
	uint64_t pa;         /* for a bounced piece: its NET_BUFFER page's PA */
	uint32_t length;
	bool bounced;
};

struct ref_list {
	uint32_t n, cap;
	struct ref_elem *e;
	uint64_t bytes;      /* sum of lengths */
	uint32_t bounced;    /* bounced elements */
};

void ref_list_init(struct ref_list *l);
void ref_list_fini(struct ref_list *l);

/* NULL, or why no list exists ("MDL chain shorter than ...", "out of
 * memory").  address_limit: first address the device cannot reach
 * (REF_4GB for a 32-bit channel, UINT64_MAX for 64-bit). */
const char *ref_build(struct ref_list *l, const MDL *first, uint64_t bytes,
		      uint64_t address_limit);

/* The invariants of spec §5 on a delivered list: at least one element, no
 * zero-length element, Reserved fields 0, lengths summing to `bytes`, every
 * byte below address_limit, no element crossing a 4 GiB boundary.  NULL or
 * the reason, written into why[len] with the facts. */
const char *ref_check_list(const SCATTER_GATHER_LIST *sgl, uint64_t bytes,
			   uint64_t address_limit, char *why, size_t len);

/* Element by element: same count; unbounced elements equal; a bounced one
 * has the same length and in-page offset.  NULL or the reason in why. */
const char *ref_compare(const struct ref_list *ref, const SCATTER_GATHER_LIST *sgl,
			char *why, size_t len);

#endif
