/* reset.c — NdisMResetComplete (facts §6.2): the completion of a
 * MiniportResetEx that returned NDIS_STATUS_PENDING.  The runtime, which
 * stands where NDIS issues resets (src/runtime/adapter_reset.c), waits for
 * it; this file checks the call and hands the status up.
 *
 * Caller mistakes are reports: IRQL above DISPATCH_LEVEL (IRQL), a bad
 * handle (HANDLE), a completion with no pended reset waiting for it
 * (RESET-STRAY: a second completion, or one after a reset that did not pend)
 * and a status the contract does not allow (RESET-STATUS: PENDING, or
 * anything but SUCCESS, SOFT_ERRORS, HARD_ERRORS and RESET_IN_PROGRESS).
 */
#include "ndis/ndis_internal.h"

/* The final statuses NdisMResetComplete may carry (facts §6.2). */
static bool final_reset_status(NDIS_STATUS st)
{
	return st == NDIS_STATUS_SUCCESS || st == NDIS_STATUS_SOFT_ERRORS ||
	       st == NDIS_STATUS_HARD_ERRORS || st == NDIS_STATUS_RESET_IN_PROGRESS;
}

VOID NdisMResetComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status,
			BOOLEAN AddressingReset)
{
	const void *site = NDIS_CALLER();
	struct kernel *k = kernel_current();
	struct vf_facts f = { .irql = -1, .call_site = site, .handle = MiniportAdapterHandle };
	struct ndis_adapter *a;

	if (!ndis_check_irql(k, "NdisMResetComplete", KIRQL_PASSIVE, KIRQL_DISPATCH, site))
		return;
	a = ndis_adapter_from_handle(MiniportAdapterHandle, "NdisMResetComplete", site);
	if (!a)
		return;
	if (!final_reset_status(Status)) {
		vf_report(a->k->verifier, VF_RESET_STATUS, &f,
			  "NdisMResetComplete with status 0x%08X (only SUCCESS, SOFT_ERRORS, "
			  "HARD_ERRORS or RESET_IN_PROGRESS complete a reset); taken as HARD_ERRORS",
			  (unsigned)Status);
		Status = NDIS_STATUS_HARD_ERRORS;
	}
	if (!a->host->reset_complete || !a->host->reset_complete(a, Status, AddressingReset))
		vf_report(a->k->verifier, VF_RESET_STRAY, &f,
			  "NdisMResetComplete(0x%08X) with no pended MiniportResetEx waiting for it "
			  "(ignored)", (unsigned)Status);
}
