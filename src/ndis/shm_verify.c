/* shm_verify.c — shared blocks in the machine's mapping tracker (spec §7,
 * §10 full level): each live block is a device-visible mapping, with the
 * guard pages hal_common_buffer_alloc put around it, so the bus reports
 * a device access past the block (DMA-OVERRUN) or into a freed one
 * (DMA-UNMAPPED).  Called after the real operation, at level full only.
 */
#include "ndis/shm_set.h"

#include "verifier/dma_track.h"

void shm_vf_mapped(struct sg_channel *ch, const struct shm_block *b)
{
	struct dma_mapping m = { 0 };

	m.kind = DMA_MAP_SHARED;
	m.start = b->pa;
	m.length = b->length;
	m.owner = b->va;
	m.handle = ch->handle;
	m.site = b->site;
	m.guard = hal_common_buffer_guard(ch->k);
	dma_track_add(ch->k->dma_track, &m);
}

void shm_vf_unmapped(struct sg_channel *ch, const struct shm_block *b)
{
	dma_track_remove(ch->k->dma_track, b->va, false);
}
