/* debug_host.c — the host's side of a driver's debug output, bug checks
 * and stuck runs (include/ndisdma/ndisdma.h, docs/debug.md,
 * docs/scheduling.md): the DbgPrint filter of a machine, the handler
 * KeBugCheckEx calls (src/wdm/ke_bugcheck.c) and the one a stuck seeded
 * run ends in (src/kernel/kstuck.c).
 */
#include "runtime/runtime.h"

#include <errno.h>

_Static_assert(NDISDMA_EXIT_BUGCHECK == KERNEL_BUGCHECK_EXIT,
	       "one exit status for a bug check");
_Static_assert(NDISDMA_EXIT_STUCK == KERNEL_STUCK_EXIT, "one exit status for STUCK");

static _Atomic uint32_t *mask_of(struct kernel *k, int component)
{
	if (component == NDISDMA_DBGPRINT_SYSTEM)
		return &k->debug.system_mask;
	if (component < 0 || component >= KERNEL_DBG_COMPONENTS)
		return NULL;
	return &k->debug.component_mask[component];
}

int ndisdma_dbgprint_filter(struct ndisdma_machine *m, int component, uint32_t mask)
{
	_Atomic uint32_t *slot = mask_of(m->k, component);

	if (slot == NULL)
		return -EINVAL;
	atomic_store(slot, mask);
	return 0;
}

uint32_t ndisdma_dbgprint_mask(const struct ndisdma_machine *m, int component)
{
	_Atomic uint32_t *slot = mask_of(m->k, component);

	return slot != NULL ? atomic_load(slot) : 0;
}

void ndisdma_trace_session(struct ndisdma_machine *m, uint8_t level, uint32_t flags)
{
	atomic_store(&m->k->debug.wpp_level, level);
	atomic_store(&m->k->debug.wpp_flags, flags);
}

/* The kernel's hook: the machine's handler with the public view. */
static void machine_bugcheck(void *ctx, const struct kernel_bugcheck *bc)
{
	struct ndisdma_machine *m = ctx;
	struct ndisdma_bugcheck pub;
	char site[160];

	vf_describe_function(bc->call_site, site, sizeof(site));
	pub.code = bc->code;
	for (int i = 0; i < 4; i++)
		pub.parameters[i] = bc->parameters[i];
	pub.site = site;
	if (m->bugcheck_fn != NULL)
		m->bugcheck_fn(m, &pub, m->bugcheck_ctx);
}

void ndisdma_set_bugcheck_handler(struct ndisdma_machine *m, ndisdma_bugcheck_handler fn,
				  void *ctx)
{
	m->bugcheck_fn = fn;
	m->bugcheck_ctx = ctx;
	atomic_store(&m->k->debug.bugcheck_ctx, fn != NULL ? (void *)m : NULL);
	atomic_store(&m->k->debug.bugcheck, fn != NULL ? machine_bugcheck : NULL);
}

/* The kernel's hook at the end of a stuck run (src/kernel/kstuck.c). */
static void machine_stuck(void *ctx, const struct kernel_stuck *st)
{
	struct ndisdma_machine *m = ctx;
	struct ndisdma_stuck pub;
	char site[160];

	site[0] = '\0';
	if (st->call_site != NULL)
		vf_describe_function(st->call_site, site, sizeof(site));
	pub.reason = st->why;
	pub.site = site;
	if (m->stuck_fn != NULL)
		m->stuck_fn(m, &pub, m->stuck_ctx);
}

void ndisdma_set_stuck_handler(struct ndisdma_machine *m, ndisdma_stuck_handler fn, void *ctx)
{
	m->stuck_fn = fn;
	m->stuck_ctx = ctx;
	atomic_store(&m->k->debug.stuck_ctx, fn != NULL ? (void *)m : NULL);
	atomic_store(&m->k->debug.stuck, fn != NULL ? machine_stuck : NULL);
}
