/* sg_list_internal.h — the out-of-band truth about every SG list of a
 * channel (spec §5: "nothing in the list is needed by ndisdma at free
 * time"; ARCHITECTURE: "never trust driver-writable memory at free time").
 *
 * sg_list.c         the API: allocate and free, fast and checked paths
 * sg_lists.c        the channel's lists set up and torn down (DEREG-*
 *                   reports), pools and traffic snapshots
 * sg_records.c      the record table: slots claimed by hashing the NB, the
 *                   per-NB hint, identification of a freed list
 * sg_storage.c      ndisdma's own list storage (NULL or small buffers)
 * sg_queue.c        delivery: the FIFO wait/defer queue and its DPC
 * sg_list_verify.c  the full verifier level: checksums, tracking, poison
 *
 * The fast path (a backend with a one-pass build, caller buffer large
 * enough, no stress) claims a record with one CAS on a line no other
 * thread needs, builds in one pass, calls back, and frees with one CAS: no
 * lock, no syscall, no allocation, no write to a line shared between
 * threads (spec §5 performance).  The map of the DMA adapter below is
 * src/hal/hal.h, its front door: nothing here looks inside it.
 */
#ifndef NDISDMA_SG_LIST_INTERNAL_H
#define NDISDMA_SG_LIST_INTERNAL_H

#include "ndis/sg_dma.h"
#include "hal/hal.h"

#define SG_RECORDS_DEFAULT 4096u
#define SG_STORAGE_POOL_BLOCKS 64u
#define SG_STORAGE_POOL_BYTES (4u << 20)
#define SG_STORAGE_BLOCK_MAX (64u << 10)
#define SG_STORAGE_BLOCK_MIN_ELEMENTS 64u
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

/* 128 bytes, aligned: threads mapping different NBs never write the same
 * line, and a hint is validated with a bound and a mask.  The traffic counters are written only by the
 * thread that owns the record (state BUSY/READY), with relaxed loads and
 * stores (no locked instruction), and summed on read. */
struct sg_record {
	_Atomic uint32_t state;          /* enum sg_record_state */
	bool to_device;                  /* NDIS_SG_LIST_WRITE_TO_DEVICE */
	uint8_t storage_kind;            /* enum sg_storage_kind */
	PNET_BUFFER _Atomic nb;
	PSCATTER_GATHER_LIST _Atomic list;
	PVOID context;
	const void *site;                /* the miniport's allocate call */
	struct sg_plan plan;
	struct hal_resources res;        /* held from the DMA adapter */
	void *storage;                   /* pool block or heap, else NULL */
	/* the last list freed from this record (SGL-DOUBLE-FREE naming) */
	PSCATTER_GATHER_LIST _Atomic freed;
	_Atomic uint64_t n_lists, n_elements, n_bytes;
	_Atomic uint64_t n_bounced_lists, n_bounced_bytes;
	struct sg_record *qnext;         /* wait/defer queue */
} __attribute__((aligned(128)));

/* The full verifier's checksums of a record (sums[r - recs]): kept out of
 * the record so it stays one 128-byte line. */
struct sg_sums {
	uint64_t list;                   /* SGL-MODIFIED */
	uint64_t data;                   /* DMA-CPU-RACE (to-device) */
};

static inline struct sg_sums *sg_sums_of(const struct sg_lists *l,
					 const struct sg_record *r);

struct sg_lists {
	struct sg_channel *ch;
	struct kernel *k;
	struct hal_adapter *hal;         /* the front door, hal.h */
	bool direct;                     /* direct adapter: the inline build */
	bool defer;                      /* stress defer */
	/* the fast path applies (sg_list.c): an adapter with a one-pass
	 * build, no stress, verifier below full -- fixed at registration */
	bool fast;
	ULONG max_mapping;               /* the channel's, kept beside it */
	/* an IOMMU adapter's domain (else NULL) and the channel's address
	 * limit: the inline build and end (hal/sg_build_iommu.h) */
	struct hal_iommu_fast iommu;

	struct sg_record *recs;
	uint32_t nrecs;                  /* a power of two */
	struct sg_sums *sums;            /* beside recs, same index */

	/* slow path: storage pool and the queue */
	struct klock lock;
	uint32_t storage_block;          /* bytes per pool block */
	uint32_t storage_elements;       /* elements per pool block */
	uint32_t storage_total, storage_nfree, storage_made;
	void **storage_blocks;           /* made on first use (sg_storage.c) */
	void **storage_free;
	struct sg_record *q_head, *q_tail;
	_Atomic uint32_t q_count;
	bool dying;
	struct kqueue_item dpc;

	/* slow-path counters (the per-list ones are in the records) */
	_Atomic uint64_t storage_pool_used, storage_heap_used;
	_Atomic uint64_t deferred;
	_Atomic uint64_t waited;         /* queued for map registers */
};

static inline struct sg_sums *sg_sums_of(const struct sg_lists *l,
					 const struct sg_record *r)
{
	return &l->sums[r - l->recs];
}

/* Owner-only counter add: a relaxed load and store, no locked RMW. */
static inline __attribute__((always_inline)) void sg_count(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
			      memory_order_relaxed);
}


/* ---- acceptance: the one check of the arguments (both paths) ------------- */

/* Why a request is refused before anything is built, in the order the
 * checked path names them (spec §5 failures table). */
enum sg_refusal {
	SG_ACCEPTED = 0,
	SG_REFUSE_NO_NB,          /* NetBuffer NULL (SGL-BAD-NB) */
	SG_REFUSE_ZERO_LENGTH,    /* DataLength 0 (SGL-BAD-NB) */
	SG_REFUSE_NO_MDL,         /* CurrentMdl NULL (SGL-BAD-NB) */
	SG_REFUSE_TOO_LONG,       /* DataLength > MaximumPhysicalMapping */
	SG_REFUSE_FLAGS,          /* bits other than WRITE_TO_DEVICE */
};

/* The fast path asks it and gives up on anything but SG_ACCEPTED; the
 * checked path reports the reason it returns (sg_list.c refuse_nb). */
static inline __attribute__((always_inline)) enum sg_refusal
sg_accept(const struct sg_lists *l, PNET_BUFFER nb, ULONG flags)
{
	ULONG len;

	if (!nb)
		return SG_REFUSE_NO_NB;
	len = nb->DataLength;
	/* one test for the common case: 0 wraps, so DataLength in
	 * 1..MaximumPhysicalMapping with a CurrentMdl passes */
	if (len - 1u >= l->max_mapping || !nb->CurrentMdl)
		return !len ? SG_REFUSE_ZERO_LENGTH :
		       !nb->CurrentMdl ? SG_REFUSE_NO_MDL : SG_REFUSE_TOO_LONG;
	if (flags & ~(ULONG)NDIS_SG_LIST_WRITE_TO_DEVICE)
		return SG_REFUSE_FLAGS;
	return SG_ACCEPTED;
}

/* ---- the hot record operations (inline: the fast path) ---------- */

/* The record a pointer names if it is one of this table's, else NULL. */
static inline struct sg_record *sg_record_at(const struct sg_lists *l, uintptr_t p)
{
	uintptr_t off = p - (uintptr_t)l->recs;

	if (off >= sizeof(*l->recs) * l->nrecs || (off & (sizeof(*l->recs) - 1)))
		return NULL;
	return (struct sg_record *)p;
}

/* The live/queued record of nb on this channel, or NULL.  The record's
 * address sits in NB->NdisReserved[0] (NDIS's own field) as a hint only,
 * always checked against the record (in this table, same NB, not FREE):
 * a driver scribbling on it costs a slow scan, never a wrong answer. */
static inline struct sg_record *sg_record_of_nb(const struct sg_lists *l,
						PNET_BUFFER nb)
{
	struct sg_record *r = sg_record_at(l, (uintptr_t)nb->NdisReserved[0]);

	if (!r || atomic_load_explicit(&r->nb, memory_order_acquire) != nb)
		return NULL;
	return atomic_load_explicit(&r->state, memory_order_acquire) == SG_REC_FREE ?
	       NULL : r;
}

static inline void sg_record_hint(struct sg_record *r, PNET_BUFFER nb)
{
	nb->NdisReserved[0] = r;
}

static inline void sg_record_unhint(struct sg_record *r, PNET_BUFFER nb)
{
	if (nb->NdisReserved[0] == r)
		nb->NdisReserved[0] = NULL;
}

/* The NB's home slot: the same NB lands on the same (warm) record, and
 * threads mapping their own NBs claim records no other thread writes. */
static inline uint32_t sg_record_home(const struct sg_lists *l, PNET_BUFFER nb)
{
	uint64_t h = ((uint64_t)(uintptr_t)nb >> 4) * 0x9E3779B97F4A7C15ull;

	return (uint32_t)(h >> 32) & (l->nrecs - 1);
}

/* A FREE record claimed for nb (state BUSY), or NULL when all are taken;
 * the slow path of sg_record_claim. */
struct sg_record *sg_record_claim_scan(struct sg_lists *l, PNET_BUFFER nb);

/* Claim a FREE record for nb (state BUSY): its home slot with one CAS,
 * else a probe of the table; NULL when every record is taken. */
static inline struct sg_record *sg_record_claim(struct sg_lists *l, PNET_BUFFER nb)
{
	struct sg_record *r = &l->recs[sg_record_home(l, nb)];
	uint32_t expect = SG_REC_FREE;

	if (atomic_load_explicit(&r->state, memory_order_relaxed) == SG_REC_FREE &&
	    atomic_compare_exchange_strong_explicit(&r->state, &expect, SG_REC_BUSY,
						    memory_order_acquire,
						    memory_order_relaxed))
		return r;
	return sg_record_claim_scan(l, nb);
}

/* Give a record back (owner only: plain stores, no RMW). */
static inline void sg_record_put(struct sg_lists *l, struct sg_record *r)
{
	atomic_store_explicit(&r->nb, NULL, memory_order_relaxed);
	atomic_store_explicit(&r->list, NULL, memory_order_relaxed);
	atomic_store_explicit(&r->state, SG_REC_FREE, memory_order_release);
}

/* ---- sg_records.c --------------------------------------------------------- */
uint32_t sg_records_wanted(const struct kernel *k);
int sg_records_init(struct sg_lists *l, uint32_t nrecs);
void sg_records_fini(struct sg_lists *l);
/* Live/queued records, summed on read (pools snapshot, teardown). */
uint64_t sg_records_live(struct sg_lists *l);
/* Slow path of free: the LIVE record whose list is `list`, or NULL. */
struct sg_record *sg_record_find_list(struct sg_lists *l,
				      PSCATTER_GATHER_LIST list);
/* A FREE record that last held `list`: it was freed (SGL-DOUBLE-FREE). */
bool sg_freed_recently(struct sg_lists *l, PSCATTER_GATHER_LIST list);

/* ---- sg_storage.c --------------------------------------------------------- */
int sg_storage_init(struct sg_lists *l, ULONG sg_list_size);
void sg_storage_fini(struct sg_lists *l);
/* ndisdma's own storage for `elements`; false: out of memory. */
bool sg_storage_take(struct sg_lists *l, struct sg_record *r, uint32_t elements);
void sg_storage_put(struct sg_lists *l, struct sg_record *r);

/* ---- delivery (inline: the fast path calls back from the allocate) ------- */

/* The one way a built list reaches the miniport, fast path and deferred
 * delivery alike (spec §5: MiniportProcessSGList exactly once per accepted
 * request): the owner's traffic counters (no locked add, summed on read),
 * the record LIVE -- published before the call, the callback may free at
 * once -- and the call.  The caller is at DISPATCH_LEVEL. */
static inline __attribute__((always_inline)) void
sg_publish(struct sg_lists *l, struct sg_record *r, PSCATTER_GATHER_LIST list,
	   PVOID context)
{
	sg_count(&r->n_lists, 1);
	sg_count(&r->n_elements, list->NumberOfElements);
	sg_count(&r->n_bytes, r->plan.bytes);
	if (hal_resources_bounced(r->res)) {
		sg_count(&r->n_bounced_lists, 1);
		sg_count(&r->n_bounced_bytes, hal_resources_bounced(r->res));
	}
	atomic_store_explicit(&r->state, SG_REC_LIVE, memory_order_release);
	l->ch->process_sg_list(NULL, NULL, list, context);
}

uint64_t sg_list_checksum(const SCATTER_GATHER_LIST *list, uint32_t elements);
void sg_vf_delivered(struct sg_lists *l, struct sg_record *r,
		     PSCATTER_GATHER_LIST list);

/* Every delivery but the fast path's (checked allocate, the queue's DPC):
 * the full verifier's view first, then sg_publish at DISPATCH (spec §9:
 * callbacks at DISPATCH). */
static inline void sg_deliver(struct sg_lists *l, struct sg_record *r)
{
	PSCATTER_GATHER_LIST list = atomic_load_explicit(&r->list,
							 memory_order_relaxed);
	uint8_t irql = kernel_irql();

	if (vf_enabled(l->k->verifier, VF_LEVEL_FULL)) {
		sg_sums_of(l, r)->list = sg_list_checksum(list, list->NumberOfElements);
		sg_vf_delivered(l, r, list);   /* spec §10 full: CPU race, tracking */
	}
	if (irql < KIRQL_DISPATCH)
		kernel_set_irql(KIRQL_DISPATCH);
	sg_publish(l, r, list, r->context);
	kernel_set_irql(irql);
}

/* After registers came back: wake the DPC if anything waits. */
static inline void sg_queue_kick(struct sg_lists *l)
{
	if (atomic_load_explicit(&l->q_count, memory_order_acquire))
		kernel_queue_dpc(l->k, &l->dpc);
}

/* ---- sg_list_verify.c: full verifier level only (spec §10), called
 * after the real operation under vf_enabled(vf, VF_LEVEL_FULL) ---------- */
/* sg_list_checksum: FNV-1a of a list's header and elements, taken at
 * delivery and compared at free (SGL-MODIFIED). */
/* sg_vf_delivered (declared above sg_deliver): at delivery, before the
 * callback, the checksum of the transmit data (DMA-CPU-RACE) and the
 * elements into the machine's mapping tracker.
 * At free (driver_free: by the driver, else reclaimed at deregistration):
 * the transmit data unchanged, mappings out of the tracker (remembered for
 * DMA-AFTER-FREE), ndisdma's own list storage poisoned. */
void sg_vf_freeing(struct sg_lists *l, struct sg_record *r,
		   PSCATTER_GATHER_LIST list, const void *site, bool driver_free);

/* ---- sg_queue.c ----------------------------------------------------------- */
/* Append to the FIFO (WAITING or READY) and make sure the DPC will run. */
void sg_queue_append(struct sg_lists *l, struct sg_record *r);
void sg_queue_dpc(struct kqueue_item *item);
/* Commit a reserved record into its storage (resources already held). */
void sg_commit(struct sg_lists *l, struct sg_record *r);
/* Give back everything a record holds (DMA adapter resources, storage). */
void sg_release_resources(struct sg_lists *l, struct sg_record *r);

#endif
