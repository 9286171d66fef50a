/* dbg_assert.c — RtlAssert (what ASSERT, NT_ASSERT and NT_VERIFY call when
 * the expression is false) and DbgBreakPoint (DbgBreakPoint, KdBreakPoint,
 * __debugbreak): facts §7; docs/debug.md "Assertions and breakpoints".
 *
 * On Windows both stop in the kernel debugger (and bug-check without one).
 * ndisdma is a test harness: each is a verifier report naming the driver's
 * call site (ASSERT-FAILED with the expression, message and file:line;
 * BREAKPOINT, a warning), a line in the run's log, and execution goes on,
 * so one run shows every failed assertion, not the first only.
 */
#include "wdm/wdm_internal.h"

#include <stdio.h>

static void log_line(struct kernel *k, const char *text)
{
	if (k != NULL)
		kernel_trace(k, "%s", text);
	else
		fprintf(stderr, "%s\n", text);
}

VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
	       PSTR MutableMessage)
{
	struct kernel *k = kernel_current();
	const char *expr = VoidFailedAssertion != NULL ? VoidFailedAssertion : "?";
	const char *file = VoidFileName != NULL ? VoidFileName : "?";
	const char *msg = MutableMessage != NULL ? MutableMessage : "";
	struct vf_facts f = { 0 };
	char line[768];

	snprintf(line, sizeof(line), "*** Assertion failed: %s%s%s (Source File: %s, line %u)",
		 msg, *msg ? " " : "", expr, file, LineNumber);
	log_line(k, line);
	if (k == NULL)
		return;
	f.irql = kernel_irql();
	f.call_site = WDM_CALLER();
	vf_report(k->verifier, VF_ASSERT_FAILED, &f, "assertion failed: %s%s%s%s at %s:%u",
		  expr, *msg ? " (\"" : "", msg, *msg ? "\")" : "", file, LineNumber);
}

static void breakpoint(const char *api, const char *status, const void *site)
{
	struct kernel *k = kernel_current();
	struct vf_facts f = { 0 };
	char line[400], where[160];

	vf_describe_function(site, where, sizeof(where));
	snprintf(line, sizeof(line), "*** %s%s at %s: no debugger, execution goes on",
		 api, status, where);
	log_line(k, line);
	if (k == NULL)
		return;
	f.irql = kernel_irql();
	f.call_site = site;
	vf_report(k->verifier, VF_BREAKPOINT, &f, "%s%s reached; execution goes on",
		  api, status);
}

VOID DbgBreakPoint(VOID)
{
	breakpoint("DbgBreakPoint", "", WDM_CALLER());
}

VOID DbgBreakPointWithStatus(ULONG Status)
{
	char status[32];

	snprintf(status, sizeof(status), "(0x%08X)", Status);
	breakpoint("DbgBreakPointWithStatus", status, WDM_CALLER());
}
