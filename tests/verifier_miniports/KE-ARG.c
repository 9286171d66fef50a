/* KE-ARG: KeWaitForMultipleObjects on more than THREAD_WAIT_OBJECTS
 * objects without a KWAIT_BLOCK array. */
#include "vm.h"

static KEVENT Rings[4];

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	PVOID Objects[4];
	KWAIT_BLOCK WaitBlocks[4];
	LARGE_INTEGER Poll;
	NTSTATUS Status;

	UNREFERENCED_PARAMETER(Adapter);
	for (ULONG i = 0; i < 4; i++) {
		KeInitializeEvent(&Rings[i], SynchronizationEvent, FALSE);
		Objects[i] = &Rings[i];
	}
	KeSetEvent(&Rings[3], IO_NO_INCREMENT, FALSE);
	Poll.QuadPart = 0;
	/* doc:begin */
#ifndef FIXED
	Status = KeWaitForMultipleObjects(4, Objects, WaitAny, Executive, KernelMode, FALSE,
					  &Poll, NULL);
#else
	Status = KeWaitForMultipleObjects(4, Objects, WaitAny, Executive, KernelMode, FALSE,
					  &Poll, WaitBlocks);   /* 4 > THREAD_WAIT_OBJECTS */
#endif
	/* doc:end */
	(void)WaitBlocks;
	return Status == STATUS_WAIT_0 + 3 ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}
