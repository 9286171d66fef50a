/* POOL-BAD-ALLOC: a zero-byte pool request (a length the driver computed
 * from a configuration that turned out empty). */
#include "vm.h"

static ULONG ScratchLength;   /* no optional buffer configured: 0 */

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PVOID Scratch = NULL;

	/* doc:begin */
#ifndef FIXED
	Scratch = ExAllocatePoolWithTag(NonPagedPoolNx, ScratchLength, VM_TAG);   /* 0 bytes */
#else
	if (ScratchLength != 0)             /* nothing to allocate: no request */
		Scratch = ExAllocatePoolWithTag(NonPagedPoolNx, ScratchLength, VM_TAG);
#endif
	/* doc:end */
	if (Scratch != NULL)
		ExFreePoolWithTag(Scratch, VM_TAG);
	return NDIS_STATUS_SUCCESS;
}
