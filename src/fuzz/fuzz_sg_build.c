/* fuzz_sg_build.c — the differential fuzz target for
 * NdisMAllocateNetBufferSGList / MiniportProcessSGList /
 * NdisMFreeNetBufferSGList (spec §5, §6).  The input lays out an MDL chain
 * over an arena, the NET_BUFFER's CurrentMdl, CurrentMdlOffset and
 * DataLength, the channel (32/64-bit, MaximumPhysicalMapping, map-register
 * pool), stress modes, the direction, the caller's buffer and a fault; the
 * delivered list must equal the reference (fuzz_sg_ref.c) element by
 * element with the right bytes behind every address, or the call must
 * fail exactly as spec §5's table says; a device-to-memory list's bytes
 * written through its addresses must be in the NET_BUFFER after the free
 * (bounce copy-back); every pool back at its baseline after each input.
 * Input format: docs/fuzzing.md "sg_build".
 */
#include "fuzz/fuzz_internal.h"
#include "fuzz/fuzz_fixture.h"
#include "fuzz/fuzz_sg_ref.h"
#include "hal/hal.h"
#include "ndis/sg_dma.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define ARENA_BYTES (1u << 20)
#define MAX_MDLS 16u
#define MAX_MAPPING_SPAN (1u << 20)

struct build_machine {           /* one per platform layout, made on first use */
	struct fz_fixture fx;
	uint8_t *arena;
	uint64_t pfn[ARENA_BYTES / 4096];
	NDIS_HANDLE nb_pool;
	/* arena offsets of pages whose frame starts at 4 GiB right after the
	 * frame of the page before: the one place a merge would cross the
	 * boundary (spec §5), offered to the input (read_case) */
	uint32_t hot[4];
	unsigned nhot;
	bool ready;
};

struct build_fuzz {
	uint64_t seed;
	FILE *narrate;
	struct build_machine m[4];
	struct fz_ref ref;
	uint8_t pattern[65536 + 256];   /* byte x is x * 7 (fill_runs) */
};

struct build_case {
	uint8_t mode, cap, lists, fault, buffer, nmdl, cur;
	ULONG max_mapping, cur_offset, data_length;
	struct fz_run run[MAX_MDLS];
};

enum { B_DMA64 = 1, B_DEFER = 2, B_SPLIT = 4, B_BOUNCE = 8, B_FROM_DEVICE = 64,
       B_BAD_FLAGS = 128 };

/* What MiniportProcessSGList saw (spec §5: exactly once, at DISPATCH). */
struct build_req {
	_Atomic(PSCATTER_GATHER_LIST) sgl;
	atomic_int calls, irql;
};

static VOID build_process_sg_list(PDEVICE_OBJECT pDO, PVOID Reserved,
				  PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	struct build_req *r = Context;

	(void)pDO, (void)Reserved;
	atomic_store(&r->sgl, pSGL);
	atomic_store(&r->irql, KeGetCurrentIrql());
	atomic_fetch_add(&r->calls, 1);
}

static int machine_init(struct build_machine *m, enum platform_layout layout,
			uint64_t seed, FILE *narrate)
{
	NET_BUFFER_POOL_PARAMETERS p = { .Header = { NDIS_OBJECT_TYPE_DEFAULT,
		NET_BUFFER_POOL_PARAMETERS_REVISION_1,
		NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 }, .PoolTag = 'bgsF' };

	if (fz_fixture_init(&m->fx, layout, seed, narrate))
		return -1;
	m->arena = aligned_alloc(4096, ARENA_BYTES);
	/* every page gets its frame now, in order: a case's physical layout
	 * depends only on the seed, and the reference reads frames from here */
	if (!m->arena || platform_pfns(m->fx.plat, m->arena, ARENA_BYTES, m->pfn))
		return -1;
	for (uint32_t i = 1; i < ARENA_BYTES / 4096 && m->nhot < 4; i++)
		if (m->pfn[i] == (1ull << 20) && m->pfn[i - 1] == (1ull << 20) - 1)
			m->hot[m->nhot++] = i * 4096;
	kernel_trace(m->fx.k, "fuzz sg_build: layout %s, %u place(s) in the arena where "
		     "adjacent frames cross 4 GiB", platform_layout_name(layout), m->nhot);
	m->nb_pool = NdisAllocateNetBufferPool(m->fx.adapter.handle, &p);
	if (!m->nb_pool)
		return -1;
	/* the pool and the frames are part of the baseline */
	m->fx.base_live_allocs = atomic_load(&m->fx.k->stats.allocations) -
				 atomic_load(&m->fx.k->stats.frees);
	m->fx.base_handles = kernel_live_handles(m->fx.k);
	platform_get_stats(m->fx.plat, &m->fx.base_platform);
	m->fx.base_adapter_resources = m->fx.adapter.resources.count;
	m->ready = true;
	return 0;
}

static void machine_fini(struct build_machine *m)
{
	if (m->fx.k) {
		kernel_enter(m->fx.k);
		if (m->nb_pool)
			NdisFreeNetBufferPool(m->nb_pool);
	}
	fz_fixture_fini(&m->fx);
	free(m->arena);
	memset(m, 0, sizeof(*m));
}

static ULONG pick(uint32_t raw, uint64_t span)
{
	/* mostly inside the span (edges included); a set top bit keeps the
	 * raw value, to reach the overflow and far-out cases */
	return raw & 0x80000000u ? raw : (ULONG)(raw % (span + 1));
}

static void read_case(struct fz_input *in, struct build_machine *m, struct build_case *c)
{
	uint64_t after = 0;

	c->mode = fz_u8(in);
	c->max_mapping = 1 + fz_u32(in) % MAX_MAPPING_SPAN;
	c->cap = fz_u8(in);
	c->lists = fz_u8(in);
	c->fault = fz_u8(in);
	c->buffer = fz_u8(in);
	c->nmdl = 1 + fz_u8(in) % MAX_MDLS;
	for (unsigned i = 0; i < c->nmdl; i++) {
		uint32_t raw = fz_u32(in), off = raw % ARENA_BYTES, room;

		/* top bit: up to 64 KiB before a 4 GiB boundary, when the
		 * layout put one in the arena */
		if ((raw & 0x80000000u) && m->nhot) {
			uint32_t hot = m->hot[(raw >> 16) % m->nhot], back = raw & 0xFFFF;
			off = back < hot ? hot - back : 0;
		}
		room = ARENA_BYTES - off;

		c->run[i].va = m->arena + off;
		c->run[i].length = fz_u16(in) % (room < 65536 ? room + 1 : 65536);
	}
	c->cur = fz_u8(in) % (c->nmdl + 1);          /* nmdl: CurrentMdl NULL */
	for (unsigned i = c->cur; i < c->nmdl; i++)
		after += c->run[i].length;
	c->cur_offset = pick(fz_u32(in), c->cur < c->nmdl ? c->run[c->cur].length : 0);
	c->data_length = pick(fz_u32(in), after > c->cur_offset ? after - c->cur_offset + 1 : 1);
}

/* ---- the NET_BUFFER ---------------------------------------------------- */

struct build_nb {
	PMDL mdl[MAX_MDLS];
	PNET_BUFFER nb;
};

static void free_nb(struct build_nb *b, unsigned n)
{
	if (b->nb)
		NdisFreeNetBuffer(b->nb);
	for (unsigned i = 0; i < n; i++)
		if (b->mdl[i])
			NdisFreeMdl(b->mdl[i]);
	memset(b, 0, sizeof(*b));
}

/* false: the API refused a piece of the shape (not a finding). */
static bool make_nb(struct build_machine *m, const struct build_case *c, struct build_nb *b)
{
	ULONG before = 0;

	memset(b, 0, sizeof(*b));
	for (unsigned i = 0; i < c->nmdl; i++) {
		b->mdl[i] = NdisAllocateMdl(m->fx.adapter.handle, (PVOID)c->run[i].va,
					    c->run[i].length);
		if (!b->mdl[i])
			return false;
		if (i)
			NDIS_MDL_LINKAGE(b->mdl[i - 1]) = b->mdl[i];
		if (i < c->cur)
			before += c->run[i].length;
	}
	b->nb = NdisAllocateNetBuffer(m->nb_pool, b->mdl[0], 0, 0);
	if (!b->nb)
		return false;
	/* the fields as a driver (or NdisAdvance/Retreat) would leave them */
	NET_BUFFER_CURRENT_MDL(b->nb) = c->cur < c->nmdl ? b->mdl[c->cur] : NULL;
	NET_BUFFER_CURRENT_MDL_OFFSET(b->nb) = c->cur_offset;
	NET_BUFFER_DATA_OFFSET(b->nb) = before + c->cur_offset;
	NET_BUFFER_DATA_LENGTH(b->nb) = c->data_length;
	return true;
}

/* Run i's byte j is salt + i * 31 + j * 7 (mod 256): copied from a
 * pattern whose byte x is x * 7, starting where x * 7 = salt + i * 31
 * (183 is 7's inverse mod 256).  The salt is a hash of the input, so the
 * data differs from input to input (a bounce buffer left with the
 * previous input's bytes cannot pass for a copy) yet an input alone sees
 * the same bytes as in a long run (docs/fuzzing.md "Fresh state"). */
static void fill_runs(struct build_fuzz *s, const struct build_case *c, uint8_t salt)
{
	for (unsigned i = 0; i < c->nmdl; i++) {
		unsigned start = ((unsigned)(uint8_t)(salt + i * 31) * 183u) & 255u;

		memcpy((void *)c->run[i].va, s->pattern + start, c->run[i].length);
	}
}

static uint8_t input_salt(const struct fz_input *in)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < in->left; i++)
		h = (h ^ in->p[i]) * 16777619u;
	return (uint8_t)(h ^ h >> 8 ^ h >> 16 ^ h >> 24);
}

/* ---- the channel -------------------------------------------------------- */

static NDIS_HANDLE register_channel(struct build_machine *m, const struct build_case *c,
				    ULONG *list_size)
{
	NDIS_SG_DMA_DESCRIPTION d = { .Header = { NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION, 1, 36 },
				      .Flags = c->mode & B_DMA64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0,
				      .MaximumPhysicalMapping = c->max_mapping,
				      .ProcessSGListHandler = build_process_sg_list };
	struct kernel *k = m->fx.k;
	NDIS_HANDLE h = NULL;

	/* spec §6 and §10: pool size and stress modes are machine options,
	 * read at registration; small pools keep an input cheap */
	k->config.stress = (c->mode & B_DEFER ? KERNEL_STRESS_DEFER : 0) |
			   (c->mode & B_SPLIT ? KERNEL_STRESS_SPLIT : 0) |
			   (c->mode & B_BOUNCE ? KERNEL_STRESS_BOUNCE : 0);
	k->config.map_register_cap = 1 + c->cap;
	k->config.map_register_lists = 1 + c->lists % 8;
	fz_fixture_begin_init(&m->fx);
	if (NdisMRegisterScatterGatherDma(m->fx.adapter.handle, &d, &h) != NDIS_STATUS_SUCCESS)
		h = NULL;
	fz_fixture_end_init(&m->fx);
	*list_size = d.ScatterGatherListSize;
	return h;
}

static uint32_t pool_total(const struct build_machine *m)
{
	uint32_t nfree, ntotal;

	hal_adapter_map_registers(m->fx.adapter.dma->hal, &nfree, &ntotal);
	return ntotal;
}

/* ---- what spec §5 says ------------------------------------------------- */

struct build_expect {
	NDIS_STATUS status;
	enum vf_rule rule;            /* VF_RULE_COUNT: none */
};

static void expect(struct build_fuzz *s, struct build_machine *m, const struct build_case *c,
		   bool built, struct build_expect *e)
{
	uint64_t bytes = (uint64_t)c->cur_offset + c->data_length;

	/* spec §5 "Failures", in the precedence it states: the NET_BUFFER's
	 * fields, the length, the flags, then the chain walk */
	e->rule = VF_RULE_COUNT;
	e->status = NDIS_STATUS_SUCCESS;
	if (c->cur == c->nmdl || !c->data_length)
		e->status = NDIS_STATUS_INVALID_PARAMETER, e->rule = VF_SGL_BAD_NB;
	else if (c->data_length > c->max_mapping)
		e->status = NDIS_STATUS_INVALID_LENGTH, e->rule = VF_SGL_TOO_LONG;
	else if (c->mode & B_BAD_FLAGS)
		e->status = NDIS_STATUS_INVALID_PARAMETER, e->rule = VF_SGL_FLAGS;
	else if (!built || bytes == 0)
		e->status = NDIS_STATUS_INVALID_PARAMETER, e->rule = VF_SGL_BAD_NB;
	else if (s->ref.bounced > pool_total(m))   /* spec §6: can never fit */
		e->status = NDIS_STATUS_RESOURCES;
}

static uint8_t device_byte(const struct build_machine *m, const uint8_t *src)
{
	size_t off = (size_t)(src - m->arena);

	return (uint8_t)(off * 13 + (off >> 8) + 0x5A);
}

/* Device-to-memory: the device writes every element through its address
 * (a value fixed by the NET_BUFFER byte it stands for, so overlapping
 * MDLs agree); after the free the NET_BUFFER must hold them (spec §6). */
static const char *device_writes(struct build_machine *m, const struct fz_ref *r,
				 const SCATTER_GATHER_LIST *l, char *why, size_t len)
{
	for (uint32_t i = 0; i < r->n; i++)
		for (uint32_t k = 0; k < r->e[i].length; k++) {
			uint8_t *va = platform_pa_to_va(m->fx.plat,
				(uint64_t)l->Elements[i].Address.QuadPart + k);

			if (!va)
				return snprintf(why, len, "element %u: no frame behind it", i), why;
			*va = device_byte(m, r->e[i].src + k);
		}
	return NULL;
}

static const char *copied_back(struct build_machine *m, const struct fz_ref *r,
			       char *why, size_t len)
{
	for (uint32_t i = 0; i < r->n; i++)
		for (uint32_t k = 0; k < r->e[i].length; k++)
			if (r->e[i].src[k] != device_byte(m, r->e[i].src + k))
				return snprintf(why, len, "element %u byte %u: the device's write "
						"is not in the NET_BUFFER after the free%s", i, k,
						r->e[i].bounced ? " (bounce copy-back)" : ""), why;
	return NULL;
}

/* ---- one input ------------------------------------------------------------ */

struct build_call {
	NDIS_STATUS status;
	struct build_req req;
	void *buffer;
	ULONG buffer_size;
	uint64_t injected;
};

static void caller_buffer(const struct build_case *c, uint32_t n, ULONG list_size,
			  struct build_call *call)
{
	ULONG exact = 16 + 24 * n;

	switch (c->buffer % 4) {
	case 0: call->buffer_size = 0; break;
	case 1: call->buffer_size = exact; break;
	case 2: call->buffer_size = exact > 40 ? exact - 24 : 8; break;   /* one short */
	default: call->buffer_size = list_size; break;
	}
	/* exactly that size: a list written past it is an ASan report */
	call->buffer = call->buffer_size ? malloc(call->buffer_size) : NULL;
	if (!call->buffer)
		call->buffer_size = 0;
}

static void allocate(struct build_machine *m, const struct build_case *c, NDIS_HANDLE dma,
		     PNET_BUFFER nb, struct build_call *call)
{
	struct kernel *k = m->fx.k;
	ULONG flags = (c->mode & B_FROM_DEVICE ? 0 : NDIS_SG_LIST_WRITE_TO_DEVICE) |
		      (c->mode & B_BAD_FLAGS ? 0x100u : 0);

	if (c->fault & 15) {
		k->config.fault.mode = FAULT_NTH;
		k->config.fault.nth = c->fault & 15;
		atomic_store(&k->fault_counter, 0);
	}
	kernel_set_irql(KIRQL_DISPATCH);   /* spec §5: called at DISPATCH_LEVEL */
	call->status = NdisMAllocateNetBufferSGList(dma, nb, &call->req, flags,
						    call->buffer, call->buffer_size);
	kernel_set_irql(KIRQL_PASSIVE);
	k->config.fault.mode = FAULT_NONE;
	kernel_flush(k);                   /* a deferred delivery happens now */
	call->injected = atomic_load(&k->stats.faults_injected);
}

static const char *check_status(const struct build_expect *e, const struct build_call *call,
				char *why, size_t len)
{
	int calls = atomic_load(&call->req.calls);
	bool fault_ok = call->injected && call->status == NDIS_STATUS_RESOURCES &&
			e->status == NDIS_STATUS_SUCCESS;

	if (call->status != e->status && !fault_ok)
		return snprintf(why, len, "status %#x, spec §5 says %#x (rule %s)",
				(unsigned)call->status, (unsigned)e->status,
				e->rule == VF_RULE_COUNT ? "none" : vf_rule_info(e->rule)->id), why;
	if (calls != (call->status == NDIS_STATUS_SUCCESS))
		return snprintf(why, len, "MiniportProcessSGList called %d times for status %#x "
				"(spec §5: once on success, never on failure)", calls,
				(unsigned)call->status), why;
	if (calls && atomic_load(&call->req.irql) != KIRQL_DISPATCH)
		return snprintf(why, len, "MiniportProcessSGList at IRQL %d, not DISPATCH_LEVEL",
				atomic_load(&call->req.irql)), why;
	return NULL;
}

static const char *check_reports(struct build_machine *m, const struct build_expect *e,
				 const struct build_call *call, char *why, size_t len)
{
	bool refused = call->status == e->status && e->rule != VF_RULE_COUNT;
	uint64_t want = refused + call->injected;

	if ((refused && vf_count(m->fx.vf, e->rule) != 1) || vf_total(m->fx.vf) != want)
		return snprintf(why, len, "%" PRIu64 " verifier reports, expected %" PRIu64
				" (rule %s, %" PRIu64 " faults injected)", vf_total(m->fx.vf),
				want, refused ? vf_rule_info(e->rule)->id : "none",
				call->injected), why;
	return NULL;
}

/* The list against the reference, the device's writes, then the free. */
static const char *use_list(struct build_fuzz *s, struct build_machine *m,
			    const struct build_case *c, NDIS_HANDLE dma, PNET_BUFFER nb,
			    struct build_call *call, char *why, size_t len)
{
	PSCATTER_GATHER_LIST l = atomic_load(&call->req.sgl);
	bool from_device = c->mode & B_FROM_DEVICE;
	const char *bad = fz_ref_compare(&s->ref, l, m->fx.plat, !from_device, why, len);

	if (!bad && from_device)
		bad = device_writes(m, &s->ref, l, why, len);
	kernel_set_irql(KIRQL_DISPATCH);
	NdisMFreeNetBufferSGList(dma, l, nb);
	kernel_set_irql(KIRQL_PASSIVE);
	kernel_flush(m->fx.k);
	if (!bad && from_device)
		bad = copied_back(m, &s->ref, why, len);
	return bad;
}

/* The status, the rules and the delivered list's element lengths. */
static void hash_call(struct build_machine *m, const struct build_call *call, uint64_t *hash)
{
	PSCATTER_GATHER_LIST l = atomic_load(&call->req.sgl);

	fz_hash(hash, call->status);
	fz_hash(hash, (uint64_t)atomic_load(&call->req.calls));
	fz_fixture_hash_reports(&m->fx, hash);
	if (call->status != NDIS_STATUS_SUCCESS || !l)
		return;
	fz_hash(hash, l->NumberOfElements);
	for (ULONG i = 0; i < l->NumberOfElements && i < 4096; i++)
		fz_hash(hash, l->Elements[i].Length);
}

static const char *run_case(struct build_fuzz *s, struct build_machine *m,
			    const struct build_case *c, NDIS_HANDLE dma, ULONG list_size,
			    struct build_nb *b, uint64_t *hash, char *why, size_t len)
{
	struct fz_ref_arena arena = { m->arena, ARENA_BYTES, m->pfn };
	struct fz_ref_channel rc = { .address_limit = c->mode & B_DMA64 ? UINT64_MAX : 1ull << 32,
				     .split = c->mode & B_SPLIT, .bounce = c->mode & B_BOUNCE };
	uint64_t bytes = (uint64_t)c->cur_offset + c->data_length;
	struct build_call call = { 0 };
	struct build_expect e;
	bool whole = c->cur < c->nmdl &&
		     fz_ref_build(&s->ref, &arena, &rc, &c->run[c->cur], c->nmdl - c->cur, bytes);
	const char *bad;

	if (c->cur == c->nmdl)
		s->ref.n = s->ref.bounced = 0;
	expect(s, m, c, whole, &e);
	caller_buffer(c, s->ref.n, list_size, &call);
	allocate(m, c, dma, b->nb, &call);
	hash_call(m, &call, hash);
	bad = check_status(&e, &call, why, len);
	if (!bad)
		bad = check_reports(m, &e, &call, why, len);
	if (call.status == NDIS_STATUS_SUCCESS && atomic_load(&call.req.sgl)) {
		const char *bad2 = use_list(s, m, c, dma, b->nb, &call, why, len);
		bad = bad ? bad : bad2;
	}
	free(call.buffer);
	return bad;
}

static const char *build_one(void *state, struct fz_input *in, uint64_t *hash, char *why,
			     size_t len)
{
	struct build_fuzz *s = state;
	struct build_machine *m = &s->m[((in->left ? in->p[0] : 0) >> 4) & 3];
	struct build_case c;
	struct build_nb b;
	NDIS_HANDLE dma;
	ULONG list_size = 0;
	const char *bad = NULL;
	uint8_t salt;

	if (!m->ready && machine_init(m, (enum platform_layout)(m - s->m), s->seed, s->narrate)) {
		machine_fini(m);
		return snprintf(why, len, "cannot make the machine"), why;
	}
	fz_fixture_reset(&m->fx);
	salt = input_salt(in);
	read_case(in, m, &c);
	fill_runs(s, &c, salt);
	if (!(dma = register_channel(m, &c, &list_size)))
		return snprintf(why, len, "a valid registration failed"), why;
	if (make_nb(m, &c, &b))
		bad = run_case(s, m, &c, dma, list_size, &b, hash, why, len);
	free_nb(&b, c.nmdl);
	NdisMDeregisterScatterGatherDma(dma);
	if (!bad)
		bad = fz_fixture_check(&m->fx, why, len);
	return bad;
}

static int build_open(const struct ndisdma_fuzz_config *c, void **state, char *err, size_t len)
{
	struct build_fuzz *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	s->seed = c->seed ? c->seed : 1;
	s->narrate = c->narrate;
	for (size_t x = 0; x < sizeof(s->pattern); x++)
		s->pattern[x] = (uint8_t)(x * 7);
	*state = s;
	return 0;
}

static void build_close(void *state)
{
	struct build_fuzz *s = state;

	for (unsigned i = 0; i < 4; i++)
		if (s->m[i].ready || s->m[i].fx.k)
			machine_fini(&s->m[i]);
	free(s);
}

const struct fz_target_ops fz_sg_build_ops = { build_open, build_one, build_close };
