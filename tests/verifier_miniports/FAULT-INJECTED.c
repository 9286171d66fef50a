/* FAULT-INJECTED: the test runs this miniport with --fault nth:1 (the twin
 * without); it handles every failed call with its documented status. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	NDIS_STATUS Status;

	/* doc:begin */
	Status = VmRegisterDefault(Adapter);   /* NdisMRegisterScatterGatherDma */
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;                      /* fail initialization cleanly */
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) == NDIS_STATUS_SUCCESS)
		VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
