/* POOL-LEAK: a pool block the driver took is still allocated when it
 * unloads (reported at unload, with the tag and the allocating line). */
#define VM_CUSTOM_HALT
#include "vm.h"

static PVOID Table;

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	Table = ExAllocatePoolWithTag(NonPagedPoolNx, 4096, VM_TAG);
	return Table != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	ExFreePoolWithTag(Table, VM_TAG);   /* every block freed before unload */
#endif
	Table = NULL;
	/* doc:end */
	VmDeregister(Adapter);
}
