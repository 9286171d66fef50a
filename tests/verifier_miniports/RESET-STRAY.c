/* RESET-STRAY: NdisMResetComplete with no pended MiniportResetEx. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifndef FIXED
	/* no reset was asked for, and none returned NDIS_STATUS_PENDING */
	NdisMResetComplete(Adapter->MiniportAdapterHandle, NDIS_STATUS_SUCCESS, FALSE);
#endif
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
