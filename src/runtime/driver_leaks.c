/* driver_leaks.c — what a driver leaves behind when it unloads that no
 * handle ties to it: pool, MDLs, contiguous memory and lookaside
 * lists, found by the code module that allocated them (src/wdm/wdm_pool.h;
 * LOOKASIDE-LEAK, POOL-LEAK).
 *
 * Several drivers may share one module (the built-in samples all live in
 * the ndisdma binary): their allocations are then told apart only when the
 * last of them unloads, so they are checked then.
 */
#include "runtime/runtime.h"

#include <dlfcn.h>

#include "wdm/wdm_pool.h"

/* An address in the driver's code: a handler it registered, else its
 * DriverEntry (a driver that failed before registering). */
static const void *driver_code(const struct ndisdma_driver *d)
{
	const void *pc = (const void *)d->nd.chars.InitializeHandlerEx;

	if (!pc && d->dl)
		pc = dlsym(d->dl, "DriverEntry");
	return pc;
}

size_t rt_driver_leaks(struct ndisdma_driver *d, const char *when)
{
	struct ndisdma_machine *m = d->m;
	const void *module = wdm_code_module(driver_code(d));
	bool shared = false;

	if (!module)
		return 0;
	pthread_mutex_lock(&m->lock);
	for (struct ndisdma_driver *o = m->drivers; o && !shared; o = o->next)
		shared = o != d && wdm_code_module(driver_code(o)) == module;
	pthread_mutex_unlock(&m->lock);
	return shared ? 0 : wdm_driver_leaks(m->k, module, when);
}
