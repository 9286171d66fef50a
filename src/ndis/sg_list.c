/* sg_list.c — NdisMAllocateNetBufferSGList / NdisMFreeNetBufferSGList
 * (spec §5, §6, §9): the API, a fast and a checked path per call.
 *
 * Checked path of allocate: check (handle, IRQL, sg_accept, twice), plan
 * (phase 1, hal_sg_plan), reserve (record, storage, the DMA adapter's
 * resources) all or nothing, commit (phase 2), deliver now or queue.  A
 * failed call leaves nothing allocated and never calls back.  Free: find
 * the record out of band (NB hint checked against the record, or a scan by
 * list pointer), never by reading the list.
 *
 * Fast path ("the fast path" below): a correct call on a fast
 * channel builds into the caller's buffer in one pass; the handle and IRQL
 * checks are inline (handle_fast.h, one TLS load); every report sits in a
 * cold function, so a correct call builds no facts.  Both paths accept
 * with sg_accept and deliver through sg_publish (sg_list_internal.h).
 */
#include "ndis/sg_list_internal.h"
#include "hal/sg_build_direct.h"
#include "hal/sg_build_iommu.h"
#include "kernel/handle_fast.h"

#define SG_API_ALLOC "NdisMAllocateNetBufferSGList"
#define SG_API_FREE "NdisMFreeNetBufferSGList"

#define SG_COLD __attribute__((cold, noinline))

static SG_COLD void report(struct sg_lists *l, enum vf_rule rule, PSCATTER_GATHER_LIST list,
		   PNET_BUFFER nb, const void *site, const void *alloc_site,
		   const char *what)
{
	struct vf_facts f = { 0 };

	f.handle = l->ch->handle;
	f.list = list;
	f.nb = nb;
	f.irql = kernel_irql();
	f.call_site = site;
	f.alloc_site = alloc_site;
	vf_report(l->k->verifier, rule, &f, "%s", what);
}

/* Why a handle failed the fast check: named with the full lookup. */
static SG_COLD void bad_handle(NDIS_HANDLE h, const char *api, const void *site)
{
	struct kernel *k = kernel_current();
	enum handle_error err = HANDLE_GARBAGE;
	struct sg_channel *ch;
	struct vf_facts f = { 0 };

	if (!k)
		return;
	ch = kernel_handle_lookup(k, h, HANDLE_DMA, &err);
	f.handle = h;
	f.irql = -1;
	f.call_site = site;
	vf_report(k->verifier, VF_HANDLE, &f, "%s: DMA handle %p is a %s", api,
		  h, ch ? "channel being torn down" : handle_error_name(err));
}

/* spec §4: the channel of a live DMA handle, checked on every call: ch
 * is what the inline check found (channel_fast), NULL when it failed. */
static inline struct sg_channel *channel_of(NDIS_HANDLE h, struct sg_channel *ch,
					    const char *api, const void *site)
{
	if (ch && ch->lists)
		return ch;
	bad_handle(h, api, site);
	return NULL;
}

/* spec §5: below DISPATCH reported but served; above it refused. */
static SG_COLD bool irql_refused(struct sg_channel *ch, const char *api,
				 const void *site)
{
	return !ndis_check_irql(ch->k, api, KIRQL_DISPATCH, KIRQL_DISPATCH, site) &&
	       kernel_irql() > KIRQL_DISPATCH;
}

static inline bool irql_ok(struct sg_channel *ch, const char *api, const void *site)
{
	return kernel_irql() == KIRQL_DISPATCH || !irql_refused(ch, api, site);
}

/* ---- allocate ----------------------------------------------------------- */

/* Phase 1: count what the list needs (elements, map registers); phase 2
 * (sg_commit) writes it into the storage reserved for it.  A correct call
 * the fast path could serve never gets here, so two walks are fine. */
static inline enum sg_build_error plan_list(struct sg_lists *l, PNET_BUFFER nb,
					    struct sg_record *r)
{
	/* spec §5: from the start of CurrentMdl, CurrentMdlOffset + DataLength */
	uint64_t bytes = (uint64_t)nb->CurrentMdlOffset + nb->DataLength;

	r->res = HAL_RESOURCES_NONE;
	return hal_sg_plan(l->hal, nb->CurrentMdl, bytes, &r->plan);
}

/* spec §5 failures table: what each refusal of sg_accept reports and
 * returns. */
static const struct {
	NDIS_STATUS status;
	enum vf_rule rule;
	const char *what;
} refusals[] = {
	[SG_REFUSE_NO_NB] = { NDIS_STATUS_INVALID_PARAMETER, VF_SGL_BAD_NB,
			      "NetBuffer is NULL" },
	[SG_REFUSE_ZERO_LENGTH] = { NDIS_STATUS_INVALID_PARAMETER, VF_SGL_BAD_NB,
				    "DataLength is 0 (zero-length mapping)" },
	[SG_REFUSE_NO_MDL] = { NDIS_STATUS_INVALID_PARAMETER, VF_SGL_BAD_NB,
			       "CurrentMdl is NULL" },
	[SG_REFUSE_TOO_LONG] = { NDIS_STATUS_INVALID_LENGTH, VF_SGL_TOO_LONG,
				 "DataLength exceeds MaximumPhysicalMapping" },
	[SG_REFUSE_FLAGS] = { NDIS_STATUS_INVALID_PARAMETER, VF_SGL_FLAGS,
			      "unknown Flags bits (only NDIS_SG_LIST_WRITE_TO_DEVICE)" },
};

/* Reports why sg_accept refused nb; the status the call returns. */
static SG_COLD NDIS_STATUS refuse_nb(struct sg_lists *l, PNET_BUFFER nb,
				     enum sg_refusal why, const void *site)
{
	report(l, refusals[why].rule, NULL, nb, site, NULL, refusals[why].what);
	return refusals[why].status;
}

static SG_COLD NDIS_STATUS refuse_twice(struct sg_lists *l, PNET_BUFFER nb,
					struct sg_record *live, const void *site)
{
	report(l, VF_SGL_TWICE, NULL, nb, site, live->site,
	       "NET_BUFFER already has a live SG list on this handle");
	return NDIS_STATUS_FAILURE;
}

static SG_COLD NDIS_STATUS refuse_build(struct sg_lists *l, PNET_BUFFER nb,
					enum sg_build_error err, const void *site)
{
	report(l, VF_SGL_BAD_NB, NULL, nb, site, NULL, sg_build_error_name(err));
	return NDIS_STATUS_INVALID_PARAMETER;
}

static inline NDIS_STATUS check_nb(struct sg_lists *l, PNET_BUFFER nb, ULONG flags,
				   const void *site)
{
	enum sg_refusal why = sg_accept(l, nb, flags);
	struct sg_record *live;

	if (why != SG_ACCEPTED)
		return refuse_nb(l, nb, why, site);
	/* before building: the caller's buffer may hold the live list */
	live = sg_record_of_nb(l, nb);
	if (live)
		return refuse_twice(l, nb, live, site);
	return NDIS_STATUS_SUCCESS;
}

/* Reserve the list storage: the caller's buffer when large enough. */
static bool reserve_storage(struct sg_lists *l, struct sg_record *r,
			    PVOID buf, ULONG size)
{
	r->storage_kind = SG_STORAGE_CALLER;
	r->storage = NULL;
	if (buf && size >= sg_list_bytes(r->plan.elements)) {
		atomic_store_explicit(&r->list, buf, memory_order_relaxed);
		return true;
	}
	if (!sg_storage_take(l, r, r->plan.elements))
		return false;
	atomic_store_explicit(&r->list, r->storage, memory_order_relaxed);
	return true;
}

/* The DMA adapter's resources for the plan: spec §6, a request larger
 * than the whole pool never fits; spec §5 FIFO, one that needs some waits
 * behind the requests already waiting. */
static enum hal_reserve reserve_resources(struct sg_lists *l, struct sg_record *r)
{
	bool others_wait = atomic_load_explicit(&l->q_count, memory_order_acquire) != 0;

	return hal_sg_reserve(l->hal, &r->plan, others_wait, &r->res, r->site);
}

static NDIS_STATUS start_request(struct sg_lists *l, struct sg_record *r,
				 PVOID buf, ULONG size)
{
	enum hal_reserve res;

	if (!reserve_storage(l, r, buf, size)) {
		sg_release_resources(l, r);
		return NDIS_STATUS_RESOURCES;
	}
	res = reserve_resources(l, r);
	if (res == HAL_NEVER) {
		sg_release_resources(l, r);
		return NDIS_STATUS_RESOURCES;
	}
	sg_record_hint(r, atomic_load_explicit(&r->nb, memory_order_relaxed));
	if (res == HAL_SHORT) {
		atomic_fetch_add_explicit(&l->waited, 1, memory_order_relaxed);
		atomic_store_explicit(&r->state, SG_REC_WAITING, memory_order_release);
		sg_queue_append(l, r);
		return NDIS_STATUS_SUCCESS;
	}
	sg_commit(l, r);
	if (l->defer) {
		/* stress defer: every callback from the DPC thread */
		atomic_fetch_add_explicit(&l->deferred, 1, memory_order_relaxed);
		atomic_store_explicit(&r->state, SG_REC_READY, memory_order_release);
		sg_queue_append(l, r);
		return NDIS_STATUS_SUCCESS;
	}
	sg_deliver(l, r);
	return NDIS_STATUS_SUCCESS;
}

/* ---- the fast path ---------------------------------------------
 * A correct call on a fast channel (l->fast: an adapter with a one-pass
 * build, no stress, verifier below full) at DISPATCH_LEVEL with a caller
 * buffer: claim the NB's home record, build into the buffer in one pass (a
 * bounce adapter takes its map registers in one go, only when nobody waits
 * for them: spec §6 FIFO), publish and call back, done -- no lock, no
 * syscall, no allocation, no report to build.  Anything it does not handle
 * (an argument sg_accept refuses, a hint to check, a list that does not
 * fit, a home record in use, registers short) returns false before any
 * effect, and the checked path below does the whole call again, naming
 * every error. */

/* The list into the caller's buffer, the record's resources in r->res;
 * 0: the checked path's job, nothing held.  A direct adapter's build and
 * an IOMMU adapter's are inline (hal_sg_build_direct, hal_sg_build_iommu:
 * the two bypasses of the HAL's ops). */
static inline __attribute__((always_inline)) uint32_t
build_fast(struct sg_lists *l, struct sg_record *r, PNET_BUFFER nb, uint64_t bytes,
	   bool to_device, PSCATTER_GATHER_LIST list, uint32_t room, const void *site)
{
	if (l->direct) {
		r->res = HAL_RESOURCES_NONE;
		return hal_sg_build_direct(nb->CurrentMdl, bytes, list->Elements, room);
	}
	if (atomic_load_explicit(&l->q_count, memory_order_acquire))
		return 0;   /* FIFO: behind the requests already waiting */
	if (l->iommu.d)
		return hal_sg_build_iommu(&l->iommu, nb->CurrentMdl, bytes, to_device,
					  list->Elements, room, &r->res, site);
	return hal_sg_build_fast(l->hal, nb->CurrentMdl, bytes, to_device,
				 list->Elements, room, &r->res, site);
}

static inline __attribute__((always_inline)) bool
alloc_fast(struct sg_lists *l, PNET_BUFFER nb, PVOID ctx, ULONG flags, PVOID buf,
	   ULONG size, const void *site)
{
	PSCATTER_GATHER_LIST list = buf;
	struct sg_record *r;
	uint32_t expect = SG_REC_FREE, n;
	bool to_device = (flags & NDIS_SG_LIST_WRITE_TO_DEVICE) != 0;
	uint64_t bytes;

	if (!buf || size < sg_list_bytes(1) || sg_accept(l, nb, flags) != SG_ACCEPTED ||
	    sg_record_at(l, (uintptr_t)nb->NdisReserved[0]))
		return false;   /* maybe SGL-TWICE: the checked path decides */
	r = &l->recs[sg_record_home(l, nb)];
	if (atomic_load_explicit(&r->state, memory_order_relaxed) != SG_REC_FREE ||
	    !atomic_compare_exchange_strong_explicit(&r->state, &expect, SG_REC_BUSY,
						     memory_order_acquire,
						     memory_order_relaxed))
		return false;
	/* spec §5: from the start of CurrentMdl, CurrentMdlOffset + DataLength */
	bytes = (uint64_t)nb->CurrentMdlOffset + nb->DataLength;
	n = build_fast(l, r, nb, bytes, to_device, list, sg_list_room(size), site);
	if (!n) {
		atomic_store_explicit(&r->state, SG_REC_FREE, memory_order_release);
		return false;
	}
	list->NumberOfElements = n;
	list->Reserved = 0;
	r->plan.bytes = bytes;
	r->plan.elements = n;
	r->plan.bounce_pages = 0;
	atomic_store_explicit(&r->nb, nb, memory_order_relaxed);
	atomic_store_explicit(&r->list, list, memory_order_relaxed);
	r->site = site;
	r->to_device = to_device;
	r->storage_kind = SG_STORAGE_CALLER;
	sg_record_hint(r, nb);
	sg_publish(l, r, list, ctx);
	return true;
}

/* The end of a list a free won (state BUSY, ours), on either path: data
 * the device wrote into bounce pages reaches the NB (spec §6), the DMA
 * adapter's resources and ndisdma's storage go back, the record is FREE
 * and remembers the list (SGL-DOUBLE-FREE naming), and with resources
 * back a request waiting for them (the only reason one waits) may go. */
static inline __attribute__((always_inline)) void
end_list(struct sg_lists *l, struct sg_record *r, PSCATTER_GATHER_LIST list, PNET_BUFFER nb)
{
	bool held = hal_resources_held(r->res);

	if (held) {
		if (l->iommu.d)
			hal_sg_end_iommu(l->iommu.d, &r->res);
		else
			hal_sg_end(l->hal, &r->res, r->to_device);
	}
	if (r->storage_kind != SG_STORAGE_CALLER)
		sg_storage_put(l, r);
	sg_record_unhint(r, nb);
	atomic_store_explicit(&r->freed, list, memory_order_relaxed);
	sg_record_put(l, r);
	if (held)
		sg_queue_kick(l);   /* only resources coming back unblock a waiter */
}

/* The matching free: the hinted record, same NB and list, LIVE, in the
 * caller's buffer; one CAS ends it, then its map registers go back (data
 * from the device copied to the NB first, spec §6).  false: the checked
 * path (which also names a double free). */
static inline bool free_fast(struct sg_lists *l, PSCATTER_GATHER_LIST list,
			     PNET_BUFFER nb)
{
	struct sg_record *r;
	uint32_t live = SG_REC_LIVE;

	if (!nb)
		return false;
	r = sg_record_at(l, (uintptr_t)nb->NdisReserved[0]);
	if (!r || atomic_load_explicit(&r->nb, memory_order_relaxed) != nb ||
	    atomic_load_explicit(&r->list, memory_order_relaxed) != list ||
	    r->storage_kind != SG_STORAGE_CALLER ||
	    !atomic_compare_exchange_strong_explicit(&r->state, &live, SG_REC_BUSY,
						     memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	end_list(l, r, list, nb);
	return true;
}

/* The channel of a handle that passes the inline check (handle_fast.h),
 * else NULL: the checked path names why. */
static inline struct sg_channel *channel_fast(NDIS_HANDLE h)
{
	struct kernel *k = kernel_current();

	return k ? kernel_handle_fast(k, h, HANDLE_DMA) : NULL;
}

/* The lists of a fast channel called at DISPATCH_LEVEL, else NULL. */
static inline struct sg_lists *fast_lists(struct sg_channel *ch)
{
	struct sg_lists *l = ch ? ch->lists : NULL;

	return l && l->fast && kernel_irql() == KIRQL_DISPATCH ? l : NULL;
}

/* Every check, every error named (spec §5, §6, §9, §10). */
static __attribute__((noinline)) NDIS_STATUS
alloc_checked(NDIS_HANDLE NdisMiniportDmaHandle, PNET_BUFFER NetBuffer, PVOID Context,
	      ULONG Flags, PVOID ScatterGatherListBuffer, ULONG ScatterGatherListBufferSize,
	      const void *site)
{
	/* the handle looked up again rather than kept live across the fast
	 * path, which then has one more register for its walk */
	struct sg_channel *ch = channel_of(NdisMiniportDmaHandle,
					   channel_fast(NdisMiniportDmaHandle),
					   SG_API_ALLOC, site);
	struct sg_lists *l;
	struct sg_record *r;
	enum sg_build_error err;
	NDIS_STATUS st;

	if (!ch)
		return NDIS_STATUS_INVALID_PARAMETER;
	l = ch->lists;
	if (!irql_ok(ch, SG_API_ALLOC, site))
		return NDIS_STATUS_FAILURE;
	st = check_nb(l, NetBuffer, Flags, site);
	if (st != NDIS_STATUS_SUCCESS)
		return st;
	r = sg_record_claim(l, NetBuffer);
	if (!r)
		return NDIS_STATUS_RESOURCES;
	/* the plan straight into the record (BUSY: ours alone) */
	err = plan_list(l, NetBuffer, r);
	if (err != SG_BUILD_OK) {
		sg_record_put(l, r);
		return refuse_build(l, NetBuffer, err, site);
	}
	atomic_store_explicit(&r->nb, NetBuffer, memory_order_relaxed);
	r->context = Context;
	r->site = site;
	r->to_device = (Flags & NDIS_SG_LIST_WRITE_TO_DEVICE) != 0;
	sg_sums_of(l, r)->list = 0;
	st = start_request(l, r, ScatterGatherListBuffer, ScatterGatherListBufferSize);
	if (st != NDIS_STATUS_SUCCESS)
		sg_record_put(l, r);
	return st;
}

NDIS_STATUS NdisMAllocateNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle,
					 PNET_BUFFER NetBuffer, PVOID Context,
					 ULONG Flags, PVOID ScatterGatherListBuffer,
					 ULONG ScatterGatherListBufferSize)
{
	const void *site = NDIS_CALLER();
	struct sg_channel *ch = channel_fast(NdisMiniportDmaHandle);
	struct sg_lists *l = fast_lists(ch);

	if (l && alloc_fast(l, NetBuffer, Context, Flags, ScatterGatherListBuffer,
			    ScatterGatherListBufferSize, site))
		return NDIS_STATUS_SUCCESS;
	return alloc_checked(NdisMiniportDmaHandle, NetBuffer, Context, Flags,
			     ScatterGatherListBuffer, ScatterGatherListBufferSize, site);
}

/* ---- free --------------------------------------------------------------- */

/* The hint was lost or wrong: scan by list pointer, else name the error. */
static SG_COLD struct sg_record *identify_slow(struct sg_lists *l,
					       PSCATTER_GATHER_LIST list,
					       PNET_BUFFER nb, const void *site)
{
	struct sg_record *r = list ? sg_record_find_list(l, list) : NULL;

	if (r && atomic_load_explicit(&r->nb, memory_order_relaxed) == nb)
		return r;   /* the hint was lost: still the right record */
	if (r)
		report(l, VF_SGL_FREE_WRONG_NB, list, nb, site, r->site,
		       "SG list freed with a NET_BUFFER other than the one it was allocated for");
	else if (list && sg_freed_recently(l, list))
		report(l, VF_SGL_DOUBLE_FREE, list, nb, site, NULL,
		       "SG list freed twice");
	else
		report(l, VF_SGL_FREE_UNKNOWN, list, nb, site, NULL,
		       "SG list was never delivered on this handle");
	return NULL;
}

/* The LIVE record this free names, or NULL after reporting why not. */
static inline struct sg_record *identify(struct sg_lists *l, PSCATTER_GATHER_LIST list,
					 PNET_BUFFER nb, const void *site)
{
	struct sg_record *r = nb ? sg_record_of_nb(l, nb) : NULL;

	if (r && atomic_load_explicit(&r->list, memory_order_relaxed) == list &&
	    atomic_load_explicit(&r->state, memory_order_acquire) == SG_REC_LIVE)
		return r;
	return identify_slow(l, list, nb, site);
}

static SG_COLD void refuse_double_free(struct sg_lists *l, struct sg_record *r,
				       PSCATTER_GATHER_LIST list, PNET_BUFFER nb,
				       const void *site)
{
	report(l, VF_SGL_DOUBLE_FREE, list, nb, site, r->site, "SG list freed twice");
}

static void check_unmodified(struct sg_lists *l, struct sg_record *r,
			     PSCATTER_GATHER_LIST list, const void *site)
{
	uint64_t sum = sg_sums_of(l, r)->list;

	if (!sum)
		return;
	if (sg_list_checksum(list, r->plan.elements) != sum)
		report(l, VF_SGL_MODIFIED, list,
		       atomic_load_explicit(&r->nb, memory_order_relaxed), site,
		       r->site, "SG list changed by the miniport after delivery");
}

static __attribute__((noinline)) void
free_checked(NDIS_HANDLE NdisMiniportDmaHandle, struct sg_channel *found,
	     PSCATTER_GATHER_LIST pSGL, PNET_BUFFER NetBuffer, const void *site)
{
	struct sg_channel *ch = channel_of(NdisMiniportDmaHandle, found, SG_API_FREE,
					   site);
	struct sg_lists *l;
	struct sg_record *r;
	uint32_t live = SG_REC_LIVE;

	if (!ch)
		return;
	l = ch->lists;
	if (!irql_ok(ch, SG_API_FREE, site))
		return;
	r = identify(l, pSGL, NetBuffer, site);
	/* exactly one free wins a race of two */
	if (!r || !atomic_compare_exchange_strong_explicit(
			  &r->state, &live, SG_REC_BUSY, memory_order_acq_rel,
			  memory_order_relaxed)) {
		if (r)
			refuse_double_free(l, r, pSGL, NetBuffer, site);
		return;
	}
	if (vf_enabled(l->k->verifier, VF_LEVEL_FULL)) {
		check_unmodified(l, r, pSGL, site);
		sg_vf_freeing(l, r, pSGL, site, true);
	}
	end_list(l, r, pSGL, NetBuffer);
}

VOID NdisMFreeNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle,
			      PSCATTER_GATHER_LIST pSGL, PNET_BUFFER NetBuffer)
{
	struct sg_channel *ch = channel_fast(NdisMiniportDmaHandle);
	struct sg_lists *l = fast_lists(ch);

	if (l && free_fast(l, pSGL, NetBuffer))
		return;
	free_checked(NdisMiniportDmaHandle, ch, pSGL, NetBuffer, NDIS_CALLER());
}
