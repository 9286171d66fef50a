/* RESET-STATUS: MiniportResetEx returns a status the contract does not
 * allow (here NDIS_STATUS_FAILURE; HARD_ERRORS is the one for "the reset
 * failed"). */
#define VM_RESET
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VmReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	VM_ADAPTER *Adapter = MiniportAdapterContext;

	*AddressingReset = FALSE;
	VmCompleteHeld(Adapter);
	/* doc:begin */
#ifdef FIXED
	return NDIS_STATUS_SUCCESS;
#else
	return NDIS_STATUS_FAILURE;
#endif
	/* doc:end */
}
