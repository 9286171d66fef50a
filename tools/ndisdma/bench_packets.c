/* bench_packets.c — the NET_BUFFERs a workload maps, built by the bench
 * miniport through the NDIS API at PASSIVE_LEVEL: each MDL's bytes sit at
 * a seeded offset in their own page-aligned slot of one arena, so the sim
 * platform's layout policy (spec §11) decides the frames, and the MDLs'
 * PFN arrays are filled when NdisAllocateMdl builds them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench_set.h"

#define BP_PAGE 4096u
#define BP_4GB (1ull << 32)

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint32_t bench_shape_bytes(const struct bench_shape *s)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->nmdls; i++)
		n += s->mdl_sizes[i];
	return n;
}

static SIZE_T slot_bytes(ULONG size)
{
	return ((SIZE_T)size + 2 * BP_PAGE - 1) / BP_PAGE * BP_PAGE;
}

static int alloc_arena(struct bench_set *set, NDIS_HANDLE ah)
{
	SIZE_T per = 0;

	for (uint32_t i = 0; i < set->shape.nmdls; i++)
		per += slot_bytes(set->shape.mdl_sizes[i]);
	set->arena_bytes = per * set->shape.nbs;
	set->arena_alloc = NdisAllocateMemoryWithTagPriority(ah,
		(UINT)(set->arena_bytes + BP_PAGE), 'tneB', NormalPoolPriority);
	if (!set->arena_alloc)
		return -ENOMEM;
	set->arena = (PUCHAR)(((ULONG_PTR)set->arena_alloc + BP_PAGE - 1) &
			      ~(ULONG_PTR)(BP_PAGE - 1));
	memset(set->arena, 0x5A, set->arena_bytes);
	return 0;
}

/* The pieces of one MDL above 4 GiB (what a 32-bit channel bounces). */
static void note_pieces(struct bench_set *set, PMDL m, ULONG *npieces)
{
	PPFN_NUMBER pfn = MmGetMdlPfnArray(m);
	PUCHAR va = (PUCHAR)MmGetSystemAddressForMdlSafe(m, NormalPagePriority);
	ULONG64 pos = m->ByteOffset, end = pos + m->ByteCount;

	while (pos < end) {
		ULONG64 page_end = (pos | (BP_PAGE - 1)) + 1;
		ULONG len = (ULONG)((page_end < end ? page_end : end) - pos);
		ULONG64 pa = (ULONG64)pfn[pos / BP_PAGE] * BP_PAGE + pos % BP_PAGE;

		set->pages_total++;
		if (pa + len > BP_4GB) {
			struct bench_piece *p = &set->pieces[(*npieces)++];

			set->pages_high++;
			p->va = va + (pos - m->ByteOffset);
			p->length = len;
			p->page_offset = (ULONG)(pos % BP_PAGE);
		}
		pos += len;
	}
}

static int build_nb(struct bench_set *set, NDIS_HANDLE ah, uint32_t i,
		    PUCHAR slot, uint64_t *rng, ULONG *npieces)
{
	PMDL *mdls = &set->mdls[(SIZE_T)i * set->shape.nmdls];

	set->piece_first[i] = *npieces;
	for (uint32_t j = 0; j < set->shape.nmdls; j++) {
		ULONG size = set->shape.mdl_sizes[j];
		/* seeded in-page offset, 2-byte aligned as stacks build frames */
		ULONG off = (ULONG)(splitmix(rng) % BP_PAGE) & ~1u;

		mdls[j] = NdisAllocateMdl(ah, slot + off, size);
		if (!mdls[j])
			return -ENOMEM;
		if (j)
			mdls[j - 1]->Next = mdls[j];
		note_pieces(set, mdls[j], npieces);
		slot += slot_bytes(size);
	}
	set->nbs[i] = NdisAllocateNetBuffer(set->nb_pool, mdls[0], 0,
					    bench_shape_bytes(&set->shape));
	set->piece_first[i + 1] = *npieces;
	return set->nbs[i] ? 0 : -ENOMEM;
}

static int alloc_tables(struct bench_set *set)
{
	ULONG pages = bench_shape_bytes(&set->shape) / BP_PAGE + 2 * set->shape.nmdls;
	SIZE_T nbs = set->shape.nbs;

	set->nbs = calloc(nbs, sizeof(*set->nbs));
	set->mdls = calloc(nbs * set->shape.nmdls, sizeof(*set->mdls));
	set->piece_first = calloc(nbs + 1, sizeof(*set->piece_first));
	set->pieces = calloc(nbs * pages, sizeof(*set->pieces));
	set->scratch_elements = pages;
	set->scratch = calloc(pages, sizeof(*set->scratch));
	set->bounce = aligned_alloc(BP_PAGE, (SIZE_T)pages * BP_PAGE);
	if (!set->nbs || !set->mdls || !set->piece_first || !set->pieces ||
	    !set->scratch || !set->bounce)
		return -ENOMEM;
	return 0;
}

static int fill_set(struct bench_set *set, NDIS_HANDLE ah, uint64_t seed)
{
	NET_BUFFER_POOL_PARAMETERS params;
	uint64_t rng = seed;
	PUCHAR slot;
	ULONG npieces = 0;
	SIZE_T per;

	if (alloc_tables(set) != 0 || alloc_arena(set, ah) != 0)
		return -ENOMEM;
	NdisZeroMemory(&params, sizeof(params));
	params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	params.Header.Revision = NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	params.Header.Size = NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	params.PoolTag = 'lpnB';
	set->nb_pool = NdisAllocateNetBufferPool(ah, &params);
	if (!set->nb_pool)
		return -ENOMEM;
	per = set->arena_bytes / set->shape.nbs;
	slot = set->arena;
	for (uint32_t i = 0; i < set->shape.nbs; i++, slot += per)
		if (build_nb(set, ah, i, slot, &rng, &npieces) != 0)
			return -ENOMEM;
	return 0;
}

int bench_set_create(void *mp, const struct bench_shape *shape, uint64_t seed,
		     struct bench_set **out)
{
	struct bench_set *set = calloc(1, sizeof(*set));
	NDIS_HANDLE ah = bench_adapter_handle((PBENCH_ADAPTER)mp);
	ULONG sg_size;

	*out = NULL;
	if (!set || !shape->nbs || !shape->nmdls || shape->nmdls > BENCH_MAX_MDLS) {
		free(set);
		return -EINVAL;
	}
	set->adapter = (PBENCH_ADAPTER)mp;
	set->shape = *shape;
	if (fill_set(set, ah, seed) != 0)
		goto fail;
	/* the driver's own list storage: ScatterGatherListSize bytes */
	sg_size = bench_adapter_sg_list_size(set->adapter);
	set->storage = NdisAllocateMemoryWithTagPriority(ah, sg_size, 'lgSB',
							 NormalPoolPriority);
	if (!set->storage)
		goto fail;
	set->storage_bytes = sg_size;
	*out = set;
	return 0;
fail:
	bench_set_destroy(set);
	return -ENOMEM;
}

void bench_set_destroy(struct bench_set *set)
{
	if (!set)
		return;
	for (uint32_t i = 0; set->nbs && i < set->shape.nbs; i++)
		if (set->nbs[i])
			NdisFreeNetBuffer(set->nbs[i]);
	for (SIZE_T i = 0; set->mdls && i < (SIZE_T)set->shape.nbs * set->shape.nmdls; i++)
		if (set->mdls[i])
			NdisFreeMdl(set->mdls[i]);
	if (set->nb_pool)
		NdisFreeNetBufferPool(set->nb_pool);
	if (set->arena_alloc)
		NdisFreeMemory(set->arena_alloc, 0, 0);
	if (set->storage)
		NdisFreeMemory(set->storage, 0, 0);
	free(set->nbs);
	free(set->mdls);
	free(set->piece_first);
	free(set->pieces);
	free(set->scratch);
	free(set->bounce);
	free(set);
}

double bench_set_high_fraction(const struct bench_set *set)
{
	return set->pages_total ? (double)set->pages_high / set->pages_total : 0;
}

double bench_set_bounced_bytes(const struct bench_set *set)
{
	ULONG64 bytes = 0;

	for (ULONG i = 0; i < set->piece_first[set->shape.nbs]; i++)
		bytes += set->pieces[i].length;
	return (double)bytes / set->shape.nbs;
}
