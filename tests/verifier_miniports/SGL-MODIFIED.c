/* SGL-MODIFIED: the miniport changes a delivered list (full level). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PSCATTER_GATHER_LIST Sgl;
	ULONG64 First;

	if (VmMap(Adapter, 0, NDIS_SG_LIST_WRITE_TO_DEVICE) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	Sgl = Adapter->Sgl[0];
	/* doc:begin */
#ifndef FIXED
	Sgl->Elements[0].Address.QuadPart += 14;   /* skip the Ethernet header in place */
	Sgl->Elements[0].Length -= 14;
	First = Sgl->Elements[0].Address.QuadPart;
#else
	First = Sgl->Elements[0].Address.QuadPart + 14;   /* the list stays read-only */
#endif
	/* doc:end */
	(VOID)First;
	VmUnmap(Adapter, 0);
	return NDIS_STATUS_SUCCESS;
}
