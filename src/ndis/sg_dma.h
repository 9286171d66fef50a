/* sg_dma.h — the SG DMA channel behind an NdisMiniportDmaHandle (spec §4–§8).
 *
 * sg_channel.c     register / deregister, the validated description
 * sg_list.c        allocate / free SG lists (sg_list_internal.h maps the
 *                  rest: records, storage, delivery, set-up, verifier)
 * shared_memory.c  synchronous and asynchronous shared memory (shm_set.h)
 * The DMA adapter under the channel is src/hal's, through hal.h only.
 */
#ifndef NDISDMA_SG_DMA_H
#define NDISDMA_SG_DMA_H

#include "ndis/ndis_internal.h"
#include "hal/hal.h"

struct sg_lists;     /* live list records: sg_list_internal.h */
struct shm_set;      /* live shared blocks: shm_set.h */

struct sg_channel {
	struct kernel *k;
	struct ndis_adapter *adapter;
	void *handle;                       /* the tagged NdisMiniportDmaHandle */
	const void *register_site;

	/* the description, validated once (spec §4, STYLE "constraints
	 * are validated once and kept as an object") */
	UCHAR revision;
	ULONG flags;
	ULONG max_mapping;                  /* MaximumPhysicalMapping */
	ULONG sg_list_size;                 /* ScatterGatherListSize written back */
	MINIPORT_PROCESS_SG_LIST_HANDLER process_sg_list;
	MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER shm_complete;
	PDEVICE_OBJECT pdo_override;        /* revision 2: stored and reported */

	struct hal_adapter *hal;            /* the DMA adapter: direct or bounce */
	struct sg_lists *lists;
	struct shm_set *shm;
};

/* spec §4: 16 + 24 * (BYTES_TO_PAGES(max_mapping) + 1); false if it would
 * not fit a ULONG. */
bool sg_list_size_for(ULONG max_mapping, ULONG *size);
/* Same formula for any 64-bit byte count (sg_channel.c): lets tests reach
 * the ULONG overflow edge, which no ULONG MaximumPhysicalMapping can. */
bool sg_list_size_for_bytes(uint64_t max_mapping, ULONG *size);

/* sg_lists.c: set up / tear down the list records of a channel.  teardown
 * reports DEREG-SGL-LEAK and DEREG-PENDING and reclaims everything. */
int sg_lists_create(struct sg_channel *ch);
void sg_lists_teardown(struct sg_channel *ch);

/* shm_set.c: same for shared blocks (DEREG-SHM-LEAK). */
int shm_set_create(struct sg_channel *ch);
void shm_set_teardown(struct sg_channel *ch);

/* Add this channel's counters to a pools snapshot (include/ndisdma/ndisdma.h
 * struct ndisdma_pools): sg_lists.c fills lists, queued requests and map
 * registers; shm_set.c fills shared blocks and bytes. */
struct ndisdma_pools;
void sg_lists_add_pools(const struct sg_channel *ch, struct ndisdma_pools *p);
void shm_set_add_pools(const struct sg_channel *ch, struct ndisdma_pools *p);

/* Traffic observed on a channel since registration (`ndisdma
 * run` reports elements per frame, bounced bytes and deferred callbacks).
 * sg_publish counts at delivery (sg_list_internal.h), the queue counts
 * waits and deferrals (sg_list.c); relaxed atomics, summed on read. */
struct sg_traffic {
	uint64_t lists;          /* MiniportProcessSGList deliveries */
	uint64_t elements;       /* their NumberOfElements, summed */
	uint64_t bytes;          /* CurrentMdlOffset + DataLength, summed */
	uint64_t bounced_lists;  /* lists with at least one bounced piece */
	uint64_t bounced_bytes;  /* bytes copied through map registers */
	uint64_t waited;         /* requests queued for map registers */
	uint64_t deferred;       /* callbacks after allocate returned: stress
				    defer plus waited */
};
void sg_lists_traffic(const struct sg_channel *ch, struct sg_traffic *t);

/* Deregister a channel: used by NdisMDeregisterScatterGatherDma and by the
 * runtime after HALT-DMA-LEAK. */
void sg_channel_destroy(struct sg_channel *ch);

#endif
