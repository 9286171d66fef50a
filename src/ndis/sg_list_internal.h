/* sg_list_internal.h — the out-of-band truth about every SG list of a
 * channel (spec §5: "nothing in the list is needed by ndisdma at free
 * time"; ARCHITECTURE: "never trust driver-writable memory at free time").
 *
 * sg_records.c  the record table: a lock-free slot stack, the per-NB hint,
 *               identification of a freed list, ndisdma's own storage
 * sg_queue.c    delivery: the FIFO wait/defer queue and its DPC
 * sg_list.c     the API: allocate, free, create, teardown, pools
 *
 * The fast path (direct backend, caller buffer large enough, no stress
 * defer) takes a record with one CAS, builds, calls back, and frees with
 * one CAS: no lock, no syscall, no allocation (spec §5 performance).
 */
#ifndef NDISDMA_SG_LIST_INTERNAL_H
#define NDISDMA_SG_LIST_INTERNAL_H

#include "ndis/sg_dma.h"
#include "hal/sg_build.h"

#define SG_RECORDS_DEFAULT 4096u
#define SG_STORAGE_POOL_BLOCKS 64u
#define SG_STORAGE_POOL_BYTES (4u << 20)
#define SG_FREED_RING 64u
#define SG_RECORD_NIL UINT32_MAX

enum sg_record_state {
	SG_REC_FREE = 0,
	SG_REC_BUSY,       /* being set up or torn down by one thread */
	SG_REC_WAITING,    /* queued: map registers temporarily short */
	SG_REC_READY,      /* built, callback deferred (stress defer) */
	SG_REC_LIVE,       /* delivered, owned by the miniport */
};

enum sg_storage_kind {
	SG_STORAGE_CALLER = 0,   /* the miniport's ScatterGatherListBuffer */
	SG_STORAGE_POOL,         /* a block of the channel's storage pool */
	SG_STORAGE_HEAP,         /* larger than a pool block */
};

struct sg_record {
	_Atomic uint32_t state;          /* enum sg_record_state */
	_Atomic uint32_t next_free;      /* slot stack link */
	PNET_BUFFER _Atomic nb;
	PSCATTER_GATHER_LIST _Atomic list;
	PVOID context;
	const void *site;                /* the miniport's allocate call */
	ULONG flags;                     /* NDIS_SG_LIST_WRITE_TO_DEVICE */
	struct sg_plan plan;
	uint32_t regs;                   /* map register chain */
	enum sg_storage_kind storage_kind;
	void *storage;                   /* pool block or heap, else NULL */
	uint64_t checksum;               /* full verifier: SGL-MODIFIED */
	uint64_t data_checksum;          /* full verifier: DMA-CPU-RACE (to-device) */
	struct sg_record *qnext;         /* wait/defer queue */
};

struct sg_freed {
	void *_Atomic list;
	void *_Atomic nb;
};

struct sg_lists {
	struct sg_channel *ch;
	struct kernel *k;
	struct hal_adapter *hal;
	bool bounce;                     /* hal backend has map registers */
	bool direct;                     /* direct backend: one-pass builds */
	bool defer;                      /* stress defer */

	struct sg_record *recs;
	uint32_t nrecs;
	_Atomic uint64_t free_top;       /* slot index | ABA tag << 32 */

	/* slow path: storage pool and the queue */
	struct klock lock;
	uint32_t storage_block;          /* bytes per pool block */
	uint32_t storage_elements;       /* elements per pool block */
	uint32_t storage_total, storage_nfree;
	char *storage_mem;
	void **storage_free;
	struct sg_record *q_head, *q_tail;
	_Atomic uint32_t q_count;
	bool dying;
	struct kqueue_item dpc;

	struct sg_freed freed[SG_FREED_RING];
	_Atomic uint32_t freed_next;

	/* counters */
	_Atomic uint64_t live;
	_Atomic uint64_t storage_pool_used, storage_heap_used;
	_Atomic uint64_t deferred, bounced_lists;
	/* traffic observation (issue 6, ndisdma run): lists delivered, their
	 * elements and bytes, bytes copied through map registers */
	_Atomic uint64_t delivered_lists, delivered_elements, delivered_bytes;
	_Atomic uint64_t bounced_bytes;
	_Atomic uint64_t waited;         /* queued for map registers */
};

/* ---- sg_records.c --------------------------------------------------------- */
int sg_records_init(struct sg_lists *l, uint32_t nrecs);
void sg_records_fini(struct sg_lists *l);
struct sg_record *sg_record_take(struct sg_lists *l);
void sg_record_put(struct sg_lists *l, struct sg_record *r);
/* The live/queued record of nb on this channel, or NULL (hint checked
 * against the record, never trusted). */
struct sg_record *sg_record_of_nb(struct sg_lists *l, PNET_BUFFER nb);
void sg_record_hint(struct sg_lists *l, struct sg_record *r, PNET_BUFFER nb);
void sg_record_unhint(struct sg_lists *l, struct sg_record *r, PNET_BUFFER nb);
/* Slow path of free: the LIVE record whose list is `list`, or NULL. */
struct sg_record *sg_record_find_list(struct sg_lists *l,
				      PSCATTER_GATHER_LIST list);
void sg_freed_remember(struct sg_lists *l, PSCATTER_GATHER_LIST list,
		       PNET_BUFFER nb);
bool sg_freed_recently(struct sg_lists *l, PSCATTER_GATHER_LIST list);

int sg_storage_init(struct sg_lists *l, ULONG sg_list_size);
void sg_storage_fini(struct sg_lists *l);
/* ndisdma's own storage for `elements`; false: out of memory. */
bool sg_storage_take(struct sg_lists *l, struct sg_record *r, uint32_t elements);
void sg_storage_put(struct sg_lists *l, struct sg_record *r);

uint64_t sg_list_checksum(const SCATTER_GATHER_LIST *list, uint32_t elements);

/* ---- sg_list_verify.c: full verifier level only (spec §10), called
 * after the real operation under vf_enabled(vf, VF_LEVEL_FULL) ---------- */
/* At delivery, before the callback: the checksum of the transmit data
 * (DMA-CPU-RACE) and the elements into the machine's mapping tracker. */
void sg_vf_delivered(struct sg_lists *l, struct sg_record *r,
		     PSCATTER_GATHER_LIST list);
/* At free (driver_free: by the driver, else reclaimed at deregistration):
 * the transmit data unchanged, mappings out of the tracker (remembered for
 * DMA-AFTER-FREE), ndisdma's own list storage poisoned. */
void sg_vf_freeing(struct sg_lists *l, struct sg_record *r,
		   PSCATTER_GATHER_LIST list, const void *site, bool driver_free);

/* ---- sg_queue.c ----------------------------------------------------------- */
/* MiniportProcessSGList at DISPATCH, exactly once per accepted request. */
void sg_deliver(struct sg_lists *l, struct sg_record *r);
/* Append to the FIFO (WAITING or READY) and make sure the DPC will run. */
void sg_queue_append(struct sg_lists *l, struct sg_record *r);
/* After registers came back: wake the DPC if anything waits. */
void sg_queue_kick(struct sg_lists *l);
void sg_queue_dpc(struct kqueue_item *item);
/* Commit a reserved record into its storage (registers already taken). */
void sg_commit(struct sg_lists *l, struct sg_record *r);
/* Give back everything a record holds (registers, storage). */
void sg_release_resources(struct sg_lists *l, struct sg_record *r);

#endif
