/* sg_build.c — MDL chain -> SCATTER_GATHER_LIST elements (spec §5, §6),
 * in two phases: count what a list needs (elements, map registers), then
 * commit it into storage the caller reserved.  The rules are spelled out
 * in sg_pieces.h.  Reads only the MDL headers and their PFN arrays, filled
 * when the MDLs were built (spec §3): no translation, no lock, no syscall.
 * The backends' plan and commit (checked path) are this walk; the fast
 * path has its own one-pass builds over the same pieces and merge rule.
 */
#include "hal/sg_build.h"
#include "hal/sg_pieces.h"

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
	uint64_t bounced;          /* bytes placed in registers */
	bool to_device;
	PSCATTER_GATHER_LIST out;
	uint32_t room;             /* elements the storage holds */
};

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
	w->bounced += len;
	put_element(w, map_register_place(r, src, (uint32_t)(pa & SG_PAGE_MASK),
					  len, w->to_device), len);
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

/* One MDL's first n bytes, page piece by page piece.  An MDL that gives
 * no bytes contributes nothing (sg_pieces.h), so only one that does needs
 * a system address on a bouncing walk -- the fast build skips an empty MDL
 * the same way, and both paths must agree. */
static inline enum sg_build_error walk_mdl(struct sg_walk *w, bool can_bounce,
					   const MDL *m, uint64_t n)
{
	char *va;
	struct sg_pieces it;

	if (!n)
		return SG_BUILD_OK;
	va = can_bounce ? sg_mdl_system_va(m) : NULL;
	if (can_bounce && !va)
		return SG_BUILD_BAD_MDL;
	it = sg_pieces_start(m, n);
	do {
		add_piece(w, can_bounce, va, it.pa, (uint32_t)it.len);
		if (va)
			va += it.len;
	} while (sg_pieces_next(&it));
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

enum sg_build_error sg_build_count(const struct hal_constraints *c, bool can_bounce,
				   const MDL *first, uint64_t bytes,
				   struct sg_plan *plan)
{
	struct sg_walk w = { .c = c };
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

void sg_build_commit(const struct hal_constraints *c, struct map_register_pool *mr,
		     const MDL *first, const struct sg_plan *plan,
		     struct hal_resources *res, bool to_device,
		     SCATTER_GATHER_LIST *out)
{
	struct sg_walk w = {
		.c = c, .mr = mr, .next_reg = res->regs,
		.to_device = to_device, .out = out, .room = plan->elements,
	};

	(void)walk_chain(&w, mr != NULL, first, plan->bytes);
	out->Reserved = 0;
	/* never more than reserved, even if the driver changed the chain */
	out->NumberOfElements = (ULONG)(w.elements < plan->elements ?
					w.elements : plan->elements);
	res->bounced = (uint32_t)w.bounced;
}
