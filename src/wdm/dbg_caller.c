/* dbg_caller.c — NdisDmaCallerFunction: the calling function's name, set
 * by the DbgPrint, DbgPrintEx and RtlString*Printf macros of the WDK
 * headers (ndisdma_wdk_debug.h) just before they call, and taken (read and
 * cleared) by the routine they call, for the __FUNCTION__ marker
 * (docs/msvc-c.md, "Function names and empty __VA_ARGS__").  Per thread:
 * the macro and the call run on the same one.
 */
#include "wdm/rtl_internal.h"
#include "kernel/ksched.h"

__thread const char *NdisDmaCallerFunction;
KSCHED_TLS(NdisDmaCallerFunction)

const char *wdm_take_caller_function(void)
{
	const char *name = NdisDmaCallerFunction;

	NdisDmaCallerFunction = NULL;
	return name;
}
