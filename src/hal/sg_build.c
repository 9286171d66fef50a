/* sg_build.c — MDL chain -> SCATTER_GATHER_LIST elements (spec §5, §6),
 * in two phases: count what a list needs (elements, map registers), then
 * commit it into storage the caller reserved.  The rules are spelled out
 * in sg_build.h.  Reads only the MDL headers and their PFN arrays, filled
 * when the MDLs were built (spec §3): no translation, no lock, no syscall.
 */
#include "hal/sg_build.h"
#include "hal/sg_build_direct.h"

#include <string.h>
#include <wdm.h>

#include "platform/platform.h"

#define SG_PAGE_MASK ((uint64_t)PLATFORM_PAGE_SIZE - 1)

const char *sg_build_error_name(enum sg_build_error e)
{
	switch (e) {
	case SG_BUILD_OK: return "ok";
	case SG_BUILD_NO_MDL: return "CurrentMdl is NULL";
	case SG_BUILD_ZERO: return "nothing to map (DataLength 0)";
	case SG_BUILD_SHORT_CHAIN: return "MDL chain shorter than CurrentMdlOffset + DataLength";
	case SG_BUILD_BAD_MDL: return "MDL without a system address";
	case SG_BUILD_TOO_MANY: return "too many elements";
	}
	return "?";
}

/* The open element while walking: merging state. */
struct sg_walk {
	const struct hal_constraints *c;
	uint64_t elements;
	uint32_t bounces;
	uint64_t cur_pa, cur_len;
	bool mergeable;            /* an open, unbounced element exists */
	/* commit only */
	struct map_register_pool *mr;
	uint32_t next_reg;
	bool to_device;
	PSCATTER_GATHER_LIST out;
	uint32_t room;             /* elements the storage holds */
};

#define SG_PENDING_MAX 16u

struct sg_pending {
	char *src;
	uint32_t element, offset, length;
};

/* The fast bounce build's state: e[n - 1] is the last element, open
 * (unbounced, may grow) when `open`, covering [cur_pa, cur_end). */
struct sg_fast_bounce {
	PSCATTER_GATHER_ELEMENT e;
	uint32_t n, room, npend;
	bool open;
	uint64_t cur_pa, cur_end, bounced;
	struct sg_pending *pend;
};

static inline char *mdl_system_va(const MDL *m)
{
	if (m->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
		return m->MappedSystemVa;
	if (!m->StartVa)
		return NULL;   /* no address at all (NULL + offset is not one) */
	return (char *)m->StartVa + m->ByteOffset;
}

static inline bool piece_bounced(const struct hal_constraints *c,
				 bool can_bounce, uint64_t pa, uint32_t len)
{
	if (!can_bounce)
		return false;
	/* spec §6: only pieces the device cannot address, or all in stress */
	return (c->stress & KERNEL_STRESS_BOUNCE) || pa + len > c->address_limit;
}

static inline bool can_merge(const struct sg_walk *w, uint64_t pa, uint32_t len)
{
	return w->mergeable && !(w->c->stress & KERNEL_STRESS_SPLIT) &&
	       sg_piece_merges(w->cur_pa, w->cur_pa + w->cur_len, pa, pa + len);
}

static inline void put_element(struct sg_walk *w, uint64_t pa, uint64_t len)
{
	PSCATTER_GATHER_ELEMENT e;

	if (!w->out || w->elements >= w->room)
		return;
	e = &w->out->Elements[w->elements];
	e->Address.QuadPart = (LONGLONG)pa;
	e->Length = (ULONG)len;
	e->Reserved = 0;
}

/* spec §6: register r stands for the piece (src, in-page offset, len) of
 * the NET_BUFFER; write-to-device bytes are copied into it now.  Returns
 * the address the element gets. */
static inline uint64_t place_piece(struct map_register *r, char *src, uint32_t off,
				   uint32_t len, bool to_device)
{
	r->source = src;
	r->offset = off;
	r->length = len;
	if (to_device)
		memcpy((char *)r->va + off, src, len);
	return r->pa + off;
}

static inline void bounce_piece(struct sg_walk *w, char *src, uint64_t pa,
				uint32_t len)
{
	struct map_register *r;

	if (!w->out)
		return;
	if (w->next_reg == MAP_REGISTER_NIL || w->elements >= w->room) {
		w->elements = w->room;   /* chain changed under us: stop here */
		return;
	}
	r = &w->mr->regs[w->next_reg];
	w->next_reg = r->next;
	put_element(w, place_piece(r, src, (uint32_t)(pa & SG_PAGE_MASK), len,
				   w->to_device), len);
}

static inline void add_piece(struct sg_walk *w, bool can_bounce, char *src,
			     uint64_t pa, uint32_t len)
{
	if (piece_bounced(w->c, can_bounce, pa, len)) {
		bounce_piece(w, src, pa, len);
		w->elements++;
		w->bounces++;
		w->mergeable = false;
	} else if (can_merge(w, pa, len)) {
		w->cur_len += len;
		if (w->out && w->elements <= w->room)
			w->out->Elements[w->elements - 1].Length = (ULONG)w->cur_len;
	} else {
		put_element(w, pa, len);
		w->elements++;
		w->cur_pa = pa;
		w->cur_len = len;
		w->mergeable = true;
	}
}

/* One MDL's first n bytes, page piece by page piece. */
static inline enum sg_build_error walk_mdl(struct sg_walk *w, bool can_bounce,
					   const MDL *m, uint64_t n)
{
	const PFN_NUMBER *pfn = (const PFN_NUMBER *)(m + 1);
	char *va = can_bounce ? mdl_system_va(m) : NULL;
	uint64_t pos = m->ByteOffset, end = pos + n;

	if (can_bounce && !va)
		return SG_BUILD_BAD_MDL;
	while (pos < end) {
		uint64_t page_end = (pos | SG_PAGE_MASK) + 1;
		uint32_t len = (uint32_t)((page_end < end ? page_end : end) - pos);
		uint64_t pa = (uint64_t)pfn[pos >> PLATFORM_PAGE_SHIFT]
				      << PLATFORM_PAGE_SHIFT |
			      (pos & SG_PAGE_MASK);

		add_piece(w, can_bounce,
			  va ? va + (pos - m->ByteOffset) : NULL, pa, len);
		pos += len;
	}
	return SG_BUILD_OK;
}

static inline enum sg_build_error walk_chain(struct sg_walk *w, bool can_bounce,
					     const MDL *m, uint64_t bytes)
{
	uint64_t left = bytes;
	enum sg_build_error err;

	if (!m)
		return SG_BUILD_NO_MDL;
	if (!bytes)
		return SG_BUILD_ZERO;
	for (; m && left; m = m->Next) {
		uint64_t n = m->ByteCount < left ? m->ByteCount : left;

		err = walk_mdl(w, can_bounce, m, n);
		if (err != SG_BUILD_OK)
			return err;
		left -= n;
	}
	if (left)
		return SG_BUILD_SHORT_CHAIN;
	if (w->elements > UINT32_MAX)
		return SG_BUILD_TOO_MANY;
	return SG_BUILD_OK;
}

static inline enum sg_build_error count_with(const struct hal_adapter *a,
					     bool can_bounce, const MDL *first,
					     uint64_t bytes, struct sg_plan *plan)
{
	struct sg_walk w = { .c = &a->c };
	enum sg_build_error err;

	plan->bytes = bytes;
	plan->elements = 0;
	plan->bounce_pages = 0;
	err = walk_chain(&w, can_bounce, first, bytes);
	if (err != SG_BUILD_OK)
		return err;
	plan->elements = (uint32_t)w.elements;
	plan->bounce_pages = w.bounces;
	return SG_BUILD_OK;
}

static inline void commit_with(struct hal_adapter *a, bool can_bounce,
			       const MDL *first, const struct sg_plan *plan,
			       uint32_t regs, bool to_device,
			       PSCATTER_GATHER_LIST out)
{
	struct sg_walk w = {
		.c = &a->c, .mr = a->mr, .next_reg = regs,
		.to_device = to_device, .out = out, .room = plan->elements,
	};

	(void)walk_chain(&w, can_bounce, first, plan->bytes);
	out->Reserved = 0;
	/* never more than reserved, even if the driver changed the chain */
	out->NumberOfElements = (ULONG)(w.elements < plan->elements ?
					w.elements : plan->elements);
}

/* ---- bounce, the fast path's build ------------------------------- */

/* The registers of chain `regs` to the pending pieces, in order. */
static void place_pieces(struct map_register_pool *mr, const struct sg_pending *pend,
			 uint32_t npend, uint32_t regs, bool to_device,
			 PSCATTER_GATHER_ELEMENT e)
{
	for (uint32_t i = 0; i < npend; i++) {
		const struct sg_pending *p = &pend[i];
		struct map_register *r = &mr->regs[regs];

		regs = r->next;
		e[p->element].Address.QuadPart =
			(LONGLONG)place_piece(r, p->src, p->offset, p->length, to_device);
	}
}

/* ---- bounce, the fast path's build ------------------------------- */

/* One MDL's `cnt` bytes into e[]; pieces above the limit go to pend[].
 * false: no room (elements or pending pieces). */
static inline bool fast_bounce_mdl(const MDL *m, uint64_t cnt, char *va,
				   uint64_t limit, struct sg_fast_bounce *f)
{
	const uint64_t page = PLATFORM_PAGE_SIZE;
	const PFN_NUMBER *pfn = (const PFN_NUMBER *)(m + 1) +
				(m->ByteOffset >> PLATFORM_PAGE_SHIFT);
	uint64_t pa = (uint64_t)*pfn << PLATFORM_PAGE_SHIFT | (m->ByteOffset & SG_PAGE_MASK);
	uint64_t len = page - (m->ByteOffset & SG_PAGE_MASK);

	for (;;) {
		uint64_t pa_end;

		len = cnt < len ? cnt : len;
		pa_end = pa + len;
		if (pa_end > limit) {
			/* spec §6: a piece the device cannot reach, bounced alone */
			if (f->n == f->room || f->npend == SG_PENDING_MAX)
				return false;
			f->pend[f->npend++] = (struct sg_pending){
				va, f->n, (uint32_t)(pa & SG_PAGE_MASK), (uint32_t)len };
			f->e[f->n].Length = (ULONG)len;
			f->e[f->n].Reserved = 0;
			f->n++;
			f->open = false;
			f->bounced += len;
		} else if (f->open && sg_piece_merges(f->cur_pa, f->cur_end, pa, pa_end)) {
			f->e[f->n - 1].Length = (ULONG)(pa_end - f->cur_pa);
		} else {
			if (f->n == f->room)
				return false;
			f->e[f->n].Address.QuadPart = (LONGLONG)pa;
			f->e[f->n].Length = (ULONG)len;
			f->e[f->n].Reserved = 0;
			f->n++;
			f->cur_pa = pa;
			f->open = true;
		}
		f->cur_end = pa_end;
		va += len;
		cnt -= len;
		if (!cnt)
			return true;
		len = page;
		pa = (uint64_t)*++pfn << PLATFORM_PAGE_SHIFT;
	}
}

struct sg_fast_built hal_sg_build_bounce_fast(struct hal_adapter *a, const MDL *m,
					      uint64_t left, bool to_device,
					      PSCATTER_GATHER_ELEMENT e, uint32_t room)
{
	struct sg_pending pend[SG_PENDING_MAX];
	struct sg_fast_bounce f = { .e = e, .room = room, .pend = pend };
	struct sg_fast_built none = { 0, MAP_REGISTER_NIL, 0 }, out;

	for (; m && left; m = m->Next) {
		uint64_t cnt = m->ByteCount < left ? m->ByteCount : left;
		char *va;

		if (!cnt)
			continue;   /* an empty MDL contributes nothing */
		va = mdl_system_va(m);
		if (!va || !fast_bounce_mdl(m, cnt, va, a->c.address_limit, &f))
			return none;
		left -= cnt;
	}
	out = (struct sg_fast_built){ f.n, MAP_REGISTER_NIL, f.bounced };
	if (left || (f.npend && !map_registers_take(a->mr, f.npend, &out.regs)))
		return none;
	place_pieces(a->mr, pend, f.npend, out.regs, to_device, e);
	return out;
}

/* ---- the backends' builders (ops tables of dma_adapter.c) ----------------- */

static enum sg_build_error direct_count(const struct hal_adapter *a,
					const struct _MDL *first, uint64_t bytes,
					struct sg_plan *plan)
{
	return count_with(a, false, first, bytes, plan);
}

static void direct_commit(struct hal_adapter *a, const struct _MDL *first,
			  const struct sg_plan *plan, uint32_t regs,
			  bool to_device, struct _SCATTER_GATHER_LIST *out)
{
	commit_with(a, false, first, plan, regs, to_device, out);
}

static enum sg_build_error bounce_count(const struct hal_adapter *a,
					const struct _MDL *first, uint64_t bytes,
					struct sg_plan *plan)
{
	return count_with(a, true, first, bytes, plan);
}

static void bounce_commit(struct hal_adapter *a, const struct _MDL *first,
			  const struct sg_plan *plan, uint32_t regs,
			  bool to_device, struct _SCATTER_GATHER_LIST *out)
{
	commit_with(a, true, first, plan, regs, to_device, out);
}

const struct hal_ops hal_direct_ops = {
	.name = "direct", .count = direct_count, .commit = direct_commit,
};

const struct hal_ops hal_bounce_ops = {
	.name = "bounce", .count = bounce_count, .commit = bounce_commit,
};

enum sg_build_error hal_sg_count(const struct hal_adapter *a,
				 const struct _MDL *first, uint64_t bytes,
				 struct sg_plan *plan)
{
	return a->ops->count(a, first, bytes, plan);
}

void hal_sg_commit(struct hal_adapter *a, const struct _MDL *first,
		   const struct sg_plan *plan, uint32_t regs, bool to_device,
		   struct _SCATTER_GATHER_LIST *out)
{
	a->ops->commit(a, first, plan, regs, to_device, out);
}
