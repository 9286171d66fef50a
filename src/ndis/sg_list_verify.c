/* sg_list_verify.c — the full-level checks beside the SG list engine
 * (spec §10; STYLE.md "the checker sits beside the real operation and is
 * empty when off"): sg_queue.c and sg_list.c call these only under
 * vf_enabled(vf, VF_LEVEL_FULL), so levels off and standard never reach
 * this file.
 *
 *   SGL-MODIFIED  checksum of the list at delivery (sg_list_checksum),
 *                 compared at free: the miniport changed the list
 *   DMA-CPU-RACE  checksum of the NET_BUFFER's transmit bytes at delivery,
 *                 compared at free: the CPU changed data the device owned
 *   tracking      each element goes into the machine's dma_track at
 *                 delivery and out (into the freed ring) at free, so the
 *                 bus checks every device access against it
 *   poison        ndisdma's own list storage is filled at free, so a
 *                 driver reading a freed list sees garbage, not a list
 */
#include "ndis/sg_list_internal.h"

#include <string.h>

#include "verifier/dma_track.h"

#define SG_STORAGE_POISON 0x6B

#define FNV_OFFSET 1469598103934665603ull

/* FNV-1a, the one checksum of this file (lists and transmit data). */
static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

uint64_t sg_list_checksum(const SCATTER_GATHER_LIST *list, uint32_t elements)
{
	return fnv(FNV_OFFSET, (const unsigned char *)list, sg_list_bytes(elements));
}

/* FNV-1a of the NB's data: DataLength bytes from CurrentMdlOffset into
 * CurrentMdl (MDLs are mapped: ndisdma builds them from system VAs). */
static uint64_t nb_data_checksum(PNET_BUFFER nb)
{
	uint64_t h = FNV_OFFSET;
	ULONG skip = nb->CurrentMdlOffset, left = nb->DataLength;

	for (PMDL m = nb->CurrentMdl; m && left; m = m->Next) {
		const unsigned char *va = MmGetSystemAddressForMdlSafe(m, NormalPagePriority);
		ULONG n = MmGetMdlByteCount(m);

		if (skip >= n) {
			skip -= n;
			continue;
		}
		n -= skip;
		if (n > left)
			n = left;
		if (va)
			h = fnv(h, va + skip, n);
		left -= n;
		skip = 0;
	}
	return h;
}

void sg_vf_delivered(struct sg_lists *l, struct sg_record *r,
		     PSCATTER_GATHER_LIST list)
{
	PNET_BUFFER nb = atomic_load_explicit(&r->nb, memory_order_relaxed);
	bool to_device = r->to_device;
	struct dma_mapping m = { 0 };

	sg_sums_of(l, r)->data = to_device ? nb_data_checksum(nb) : 0;
	m.kind = DMA_MAP_ELEMENT;
	m.owner = list;
	m.handle = l->ch->handle;
	m.nb = nb;
	m.site = r->site;
	m.to_device = to_device;
	for (ULONG i = 0; i < list->NumberOfElements; i++) {
		m.start = (uint64_t)list->Elements[i].Address.QuadPart;
		m.length = list->Elements[i].Length;
		m.index = i;
		dma_track_add(l->k->dma_track, &m);
	}
}

static void check_cpu_race(struct sg_lists *l, struct sg_record *r,
			   PSCATTER_GATHER_LIST list, const void *site)
{
	PNET_BUFFER nb = atomic_load_explicit(&r->nb, memory_order_relaxed);
	struct vf_facts f = { 0 };

	if (!r->to_device ||
	    nb_data_checksum(nb) == sg_sums_of(l, r)->data)
		return;
	f.handle = l->ch->handle;
	f.list = list;
	f.nb = nb;
	f.irql = kernel_irql();
	f.direction = "to-device";
	f.call_site = site;
	f.alloc_site = r->site;
	vf_report(l->k->verifier, VF_DMA_CPU_RACE, &f,
		  "NdisMFreeNetBufferSGList: the CPU changed the NET_BUFFER's transmit data "
		  "(%lu bytes) while the device owned it", (unsigned long)nb->DataLength);
}

void sg_vf_freeing(struct sg_lists *l, struct sg_record *r,
		   PSCATTER_GATHER_LIST list, const void *site, bool driver_free)
{
	if (driver_free)
		check_cpu_race(l, r, list, site);
	dma_track_remove(l->k->dma_track, list, true);
	if (r->storage_kind == SG_STORAGE_POOL && r->storage)
		memset(r->storage, SG_STORAGE_POISON, l->storage_block);
	else if (r->storage_kind == SG_STORAGE_HEAP && r->storage)
		memset(r->storage, SG_STORAGE_POISON, sg_list_bytes(r->plan.elements));
}
