/* BREAKPOINT: a breakpoint left in the driver (__debugbreak is
 * DbgBreakPoint).  A warning; the driver goes on. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifdef FIXED
	KdPrintEx((DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "vm: %p ready\n", Adapter));
#else
	__debugbreak();   /* left in after a debugging session */
#endif
	/* doc:end */
	(VOID)Adapter;
	return NDIS_STATUS_SUCCESS;
}
