/* THREAD-LEAK: a system thread the adapter started still runs when the
 * driver unloads. */
#define VM_CUSTOM_HALT
#include "vm.h"

static KEVENT StopWorker;
static HANDLE WorkerHandle;

static VOID Worker(PVOID Context)
{
	UNREFERENCED_PARAMETER(Context);
	KeWaitForSingleObject(&StopWorker, Executive, KernelMode, FALSE, NULL);
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	OBJECT_ATTRIBUTES Oa;

	KeInitializeEvent(&StopWorker, NotificationEvent, FALSE);
	InitializeObjectAttributes(&Oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	if (!NT_SUCCESS(PsCreateSystemThread(&WorkerHandle, THREAD_ALL_ACCESS, &Oa, NULL, NULL,
					     Worker, Adapter)))
		return NDIS_STATUS_RESOURCES;
	return NDIS_STATUS_SUCCESS;
}

static VOID VmHalt(VM_ADAPTER *Adapter)
{
	PVOID Thread;

	/* doc:begin */
#ifdef FIXED
	/* stop the thread, and wait for its end before the driver can go */
	if (NT_SUCCESS(ObReferenceObjectByHandle(WorkerHandle, SYNCHRONIZE, *PsThreadType,
						 KernelMode, &Thread, NULL))) {
		KeSetEvent(&StopWorker, IO_NO_INCREMENT, FALSE);
		KeWaitForSingleObject(Thread, Executive, KernelMode, FALSE, NULL);
		ObDereferenceObject(Thread);
	}
#endif
	ZwClose(WorkerHandle);
	/* doc:end */
	(void)Thread;
	VmDeregister(Adapter);
}
