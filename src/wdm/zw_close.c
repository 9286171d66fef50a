/* zw_close.c — ZwClose (facts 3): closes a handle ndisdma made (a system
 * thread's); STATUS_INVALID_HANDLE for anything else.  It waits for
 * nothing: a thread whose handle is closed goes on running. */
#include "wdm/ke_internal.h"

#include "kernel/kobject.h"

NTSTATUS ZwClose(HANDLE Handle)
{
	struct kernel *k = kernel_current();

	wdm_check_irql(k, "ZwClose", KIRQL_PASSIVE, KIRQL_PASSIVE, WDM_CALLER());
	if (!k || !k->exec || !Handle)
		return STATUS_INVALID_HANDLE;
	return kobj_close(k, Handle) ? STATUS_INVALID_HANDLE : STATUS_SUCCESS;
}
