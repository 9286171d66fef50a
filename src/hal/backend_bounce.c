/* backend_bounce.c — the bounce backend (hal_bounce_ops, spec §6): a
 * device that cannot reach every address (32-bit) or stress bounce.  The
 * adapter owns a pool of map registers (map_registers.c), page-sized
 * buffers below 4 GiB; a piece the device cannot reach is an element of
 * its own in a register, copied there before the callback for
 * write-to-device and back to the NET_BUFFER at free for device-to-memory.
 * Registers are taken all or nothing per list.
 */
#include "hal/sg_build.h"
#include "hal/sg_pieces.h"


#include "platform/platform.h"

/* ---- set-up and teardown --------------------------------------------------- */

static int bounce_create(struct hal_adapter *a)
{
	struct kernel *k = a->k;

	if (!a->c.map_registers)
		a->c.map_registers = hal_default_map_registers(
			a->c.max_elements, k->config.map_register_lists,
			k->config.map_register_cap);
	/* Bounce pages always lie below 4 GiB: addressable by any device. */
	return map_registers_create(k, a->c.map_registers, PLATFORM_4GB, &a->mr);
}

static void bounce_destroy(struct hal_adapter *a)
{
	map_registers_destroy(a->mr);
	a->mr = NULL;
}

/* ---- the checked path's list ---------------------------------------------- */

static enum sg_build_error bounce_plan(const struct hal_adapter *a, const MDL *first,
				       uint64_t bytes, struct sg_plan *plan)
{
	return sg_build_count(&a->c, true, first, bytes, plan);
}

static enum hal_reserve bounce_reserve(struct hal_adapter *a, const struct sg_plan *plan,
				       bool others_wait, struct hal_resources *res,
				       const void *site)
{
	uint32_t n = plan->bounce_pages;

	*res = HAL_RESOURCES_NONE;
	if (n == 0)
		return HAL_RESERVED;
	if (n > a->mr->total)
		return HAL_NEVER;   /* spec §6: larger than the whole pool */
	if (others_wait)
		return HAL_SHORT;   /* spec §5 FIFO: behind them */
	return map_registers_take(a->mr, n, &res->regs) ? HAL_RESERVED : HAL_SHORT;
}

static void bounce_commit(struct hal_adapter *a, const MDL *first,
			  const struct sg_plan *plan, struct hal_resources *res,
			  bool to_device, SCATTER_GATHER_LIST *out)
{
	sg_build_commit(&a->c, a->mr, first, plan, res, to_device, out);
}

static void bounce_complete(struct hal_adapter *a, struct hal_resources res,
			    bool to_device)
{
	/* spec §6: device-to-memory data reaches the NET_BUFFER at free */
	if (!to_device && hal_resources_held(res))
		map_registers_copy_back(a->mr, res.regs);
}

static void bounce_release(struct hal_adapter *a, struct hal_resources *res)
{
	if (hal_resources_held(*res))
		map_registers_give(a->mr, res->regs);
	*res = HAL_RESOURCES_NONE;
}

/* ---- the fast path's one-pass build ---------------------------------------- */

#define SG_PENDING_MAX 16u

/* A piece the device cannot reach, waiting for its register. */
struct sg_pending {
	char *src;
	uint32_t element, offset, length;
};

/* The build's state: e[n - 1] is the last element, open (unbounced, may
 * grow) when `open`, covering [cur_pa, cur_end). */
struct sg_fast_bounce {
	PSCATTER_GATHER_ELEMENT e;
	uint32_t n, room, npend;
	bool open;
	uint64_t cur_pa, cur_end, bounced;
	struct sg_pending *pend;
};

/* The registers of chain `regs` to the pending pieces, in order. */
static void place_pieces(struct map_register_pool *mr, const struct sg_pending *pend,
			 uint32_t npend, uint32_t regs, bool to_device,
			 PSCATTER_GATHER_ELEMENT e)
{
	for (uint32_t i = 0; i < npend; i++) {
		const struct sg_pending *p = &pend[i];
		struct map_register *r = &mr->regs[regs];

		regs = r->next;
		e[p->element].Address.QuadPart = (LONGLONG)map_register_place(
			r, p->src, p->offset, p->length, to_device);
	}
}

/* One MDL's `cnt` bytes into e[]; pieces above the limit go to pend[].
 * false: no room (elements or pending pieces). */
static inline bool fast_bounce_mdl(const MDL *m, uint64_t cnt, char *va,
				   uint64_t limit, struct sg_fast_bounce *f)
{
	struct sg_pieces it = sg_pieces_start(m, cnt);

	do {
		uint64_t pa = it.pa, len = it.len, pa_end = pa + len;

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
	} while (sg_pieces_next(&it));
	return true;
}

/* The list bounce_plan + bounce_commit make, in one pass: its bounced
 * pieces (at most SG_PENDING_MAX) given registers taken in one go. */
static uint32_t bounce_build_fast(struct hal_adapter *a, const MDL *m,
				  uint64_t left, bool to_device,
				  SCATTER_GATHER_ELEMENT *e, uint32_t room,
				  struct hal_resources *res, const void *site)
{
	struct sg_pending pend[SG_PENDING_MAX];
	struct sg_fast_bounce f = { .e = e, .room = room, .pend = pend };
	uint32_t regs = MAP_REGISTER_NIL;

	*res = HAL_RESOURCES_NONE;
	for (; m && left; m = m->Next) {
		uint64_t cnt = m->ByteCount < left ? m->ByteCount : left;
		char *va;

		if (!cnt)
			continue;   /* an empty MDL contributes nothing */
		va = sg_mdl_system_va(m);
		if (!va || !fast_bounce_mdl(m, cnt, va, a->c.address_limit, &f))
			return 0;
		left -= cnt;
	}
	if (left || (f.npend && !map_registers_take(a->mr, f.npend, &regs)))
		return 0;
	place_pieces(a->mr, pend, f.npend, regs, to_device, e);
	*res = (struct hal_resources){ regs, (uint32_t)f.bounced };
	return f.n;
}

const struct hal_ops hal_bounce_ops = {
	.name = "bounce",
	.create = bounce_create,
	.destroy = bounce_destroy,
	.plan = bounce_plan,
	.reserve = bounce_reserve,
	.commit = bounce_commit,
	.complete = bounce_complete,
	.release = bounce_release,
	.build_fast = bounce_build_fast,
};
