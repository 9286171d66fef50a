/* ke_check.c — the checks every Ke routine shares: KE-ARG reports and the
 * dispatcher objects a caller passes. */
#include "wdm/ke_internal.h"

#include <stdarg.h>
#include <stdio.h>

void ke_report_arg(struct kernel *k, const void *object, const void *site,
		   const char *fmt, ...)
{
	struct vf_facts f = { .handle = object, .irql = kernel_irql(), .call_site = site };
	char msg[VF_MESSAGE_MAX];
	va_list ap;

	if (!k)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vf_report(k->verifier, VF_KE_ARG, &f, "%s", msg);
}

static const char *type_names(unsigned types)
{
	if (types == KE_TYPES_EVENT)
		return "an event";
	if (types == KE_TYPES_TIMER)
		return "a timer";
	if (types == 1u << KD_SEMAPHORE)
		return "a semaphore";
	if (types == 1u << KD_MUTEX)
		return "a mutex";
	return "a dispatcher object";
}

struct kdisp *ke_object(struct kernel *k, const void *object, unsigned types,
			const char *api, const void *site)
{
	struct kdisp *h = (struct kdisp *)object;

	if (!h) {
		ke_report_arg(k, object, site, "%s: the object is NULL", api);
		return NULL;
	}
	if (!kd_valid(h) || (types && !(types & (1u << h->type)))) {
		ke_report_arg(k, object, site, "%s: %p is not %s initialized by its KeInitialize* routine",
			      api, object, type_names(types));
		return NULL;
	}
	return h;
}

void ke_kill_point(void)
{
	struct ke_thread *th = ke_thread_current();

	if (th->sys && atomic_load(&th->kill))
		ke_thread_die(th);
}
