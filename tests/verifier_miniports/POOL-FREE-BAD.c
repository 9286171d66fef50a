/* POOL-FREE-BAD: a pool block freed twice (a cleanup path that ran again). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PVOID Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, 256, VM_TAG);

	if (Buffer == NULL)
		return NDIS_STATUS_RESOURCES;
	/* doc:begin */
	ExFreePoolWithTag(Buffer, VM_TAG);
#ifndef FIXED
	ExFreePoolWithTag(Buffer, VM_TAG);   /* the second cleanup frees it again */
#else
	Buffer = NULL;                       /* the pointer dies with the block */
#endif
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
