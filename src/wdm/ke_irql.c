/* ke_irql.c — KeGetCurrentIrql, KeRaiseIrql, KeLowerIrql,
 * KeRaiseIrqlToDpcLevel (facts 1.1; spec §9: IRQL is per thread).
 * Raising to a lower IRQL or lowering to a higher one is an IRQL report
 * and changes nothing (Windows bug-checks). */
#include "wdm/ke_internal.h"

KIRQL KeGetCurrentIrql(VOID)
{
	return kernel_irql();
}

static void raise_to(KIRQL NewIrql, const char *api, const void *site)
{
	uint8_t cur = kernel_irql();
	struct kernel *k = kernel_current();

	if (NewIrql < cur || NewIrql > KIRQL_HIGH) {
		if (k) {
			struct vf_facts f = { .irql = cur, .call_site = site };

			vf_report(k->verifier, VF_IRQL, &f,
				  "%s to %u from IRQL %u: the new IRQL must not be lower",
				  api, NewIrql, cur);
		}
		return;
	}
	kernel_set_irql(NewIrql);
}

VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
	if (OldIrql)
		*OldIrql = kernel_irql();
	raise_to(NewIrql, "KeRaiseIrql", WDM_CALLER());
}

KIRQL KeRaiseIrqlToDpcLevel(VOID)
{
	KIRQL old = kernel_irql();

	raise_to(KIRQL_DISPATCH, "KeRaiseIrqlToDpcLevel", WDM_CALLER());
	return old;
}

VOID KeLowerIrql(KIRQL NewIrql)
{
	const void *site = WDM_CALLER();
	uint8_t cur = kernel_irql();
	struct kernel *k = kernel_current();

	if (NewIrql > cur) {
		if (k) {
			struct vf_facts f = { .irql = cur, .call_site = site };

			vf_report(k->verifier, VF_IRQL, &f,
				  "KeLowerIrql to %u from IRQL %u: the new IRQL must not be higher",
				  NewIrql, cur);
		}
		return;
	}
	kernel_set_irql(NewIrql);
}
