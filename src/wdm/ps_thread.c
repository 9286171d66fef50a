/* ps_thread.c — system threads (facts 3): PsCreateSystemThread,
 * PsTerminateSystemThread, PsGetCurrentThread, PsGetCurrentThreadId.
 *
 * A system thread is a host thread of its machine that runs its start
 * routine at PASSIVE_LEVEL (src/kernel/ksysthread.c).  Its handle is a
 * kernel handle of the system process; waiting on its object (through
 * ObReferenceObjectByHandle) waits for its end.  A thread still running
 * when its driver unloads is THREAD-LEAK. */
#include "wdm/ke_internal.h"

#include <dlfcn.h>

#include "kernel/ksysthread.h"

/* The system process's id (ClientId.UniqueProcess). */
#define SYSTEM_PROCESS_ID ((HANDLE)(ULONG_PTR)4)

static NTSTATUS attributes_valid(const OBJECT_ATTRIBUTES *oa)
{
	if (!oa)
		return STATUS_SUCCESS;
	if (oa->Length != sizeof(*oa))
		return STATUS_INVALID_PARAMETER;
	if (oa->Attributes & ~(ULONG)OBJ_VALID_ATTRIBUTES)
		return STATUS_INVALID_PARAMETER;
	/* facts 3: invalid for a thread object */
	if (oa->Attributes & (OBJ_PERMANENT | OBJ_EXCLUSIVE | OBJ_OPENIF))
		return STATUS_INVALID_PARAMETER;
	/* thread objects have no name (ndisdma's choice: docs/runtime.md) */
	if (oa->ObjectName || oa->RootDirectory)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/* The module a code address lies in (who made the thread). */
static const void *module_of(const void *code)
{
	Dl_info info;

	return dladdr(code, &info) ? info.dli_fbase : NULL;
}

NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
			      POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
			      PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
			      PVOID StartContext)
{
	const void *site = WDM_CALLER();
	struct kernel *k = kernel_current();
	struct ksys_thread *s;
	NTSTATUS st;
	void *h;
	int rc;

	if (ThreadHandle)
		*ThreadHandle = NULL;
	if (!wdm_check_irql(k, "PsCreateSystemThread", KIRQL_PASSIVE, KIRQL_PASSIVE, site) || !k)
		return STATUS_UNSUCCESSFUL;
	if (!ThreadHandle || !StartRoutine) {
		ke_report_arg(k, NULL, site, "PsCreateSystemThread: %s is NULL",
			      ThreadHandle ? "StartRoutine" : "ThreadHandle");
		return STATUS_INVALID_PARAMETER;
	}
	st = attributes_valid(ObjectAttributes);
	if (st != STATUS_SUCCESS)
		return st;
	/* no processes but the system process: NULL or the current one */
	if (ProcessHandle && ProcessHandle != NtCurrentProcess())
		return STATUS_INVALID_HANDLE;
	rc = ksys_thread_create(k, (void (*)(void *))StartRoutine, StartContext,
				module_of((const void *)(uintptr_t)StartRoutine), site, &h, &s);
	if (rc)
		return STATUS_INSUFFICIENT_RESOURCES;
	s->ob.access = DesiredAccess & GENERIC_ALL ? THREAD_ALL_ACCESS : DesiredAccess;
	s->ob.attributes = ObjectAttributes ? ObjectAttributes->Attributes : OBJ_KERNEL_HANDLE;
	if (ClientId) {
		ClientId->UniqueProcess = SYSTEM_PROCESS_ID;
		ClientId->UniqueThread = (HANDLE)(ULONG_PTR)s->thread.id;
	}
	*ThreadHandle = h;
	return STATUS_SUCCESS;
}

NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus)
{
	const void *site = WDM_CALLER();
	struct ksys_thread *s = ksys_thread_current();

	wdm_check_irql(kernel_current(), "PsTerminateSystemThread", KIRQL_PASSIVE,
		       KIRQL_PASSIVE, site);
	if (!s)
		return STATUS_INVALID_PARAMETER;   /* not a system thread */
	ksys_thread_exit(s, ExitStatus);
}

PETHREAD PsGetCurrentThread(VOID)
{
	return (PETHREAD)(void *)ke_thread_current();
}

HANDLE PsGetCurrentThreadId(VOID)
{
	return (HANDLE)(ULONG_PTR)ke_thread_current()->id;
}
