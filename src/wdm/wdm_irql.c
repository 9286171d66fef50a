/* wdm_irql.c — the IRQL rule every exported routine checks (spec §9). */
#include "wdm/wdm_internal.h"

bool wdm_irql_report(struct kernel *k, const char *api, uint8_t min, uint8_t max,
		     const void *site)
{
	uint8_t irql = kernel_irql();
	struct vf_facts f = { 0 };

	if (irql >= min && irql <= max)
		return true;
	if (!k)
		return false;
	f.irql = irql;
	f.call_site = site;
	if (min == max)
		vf_report(k->verifier, VF_IRQL, &f,
			  "%s called at IRQL %u; it must be called at IRQL %u",
			  api, irql, min);
	else
		vf_report(k->verifier, VF_IRQL, &f,
			  "%s called at IRQL %u; allowed IRQL %u..%u",
			  api, irql, min, max);
	return false;
}
