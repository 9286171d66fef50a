/* ke_bugcheck.c — KeBugCheckEx and KeBugCheck (facts §7; docs/debug.md
 * "Bug checks"): the driver stops the machine.
 *
 * Never returns.  The STOP line (code and the four parameters, as Windows
 * shows them) goes to stderr and the run's log, a BUGCHECK report is made
 * and the report streams are flushed; then the host's handler runs
 * (`ndisdma run` writes its SARIF file and summary and exits 7) or, with
 * none installed, the process ends with status 7 (KERNEL_BUGCHECK_EXIT).
 * _exit, not exit: other threads of the machine may still be running.
 * A second thread that bug-checks the same machine meanwhile stops where
 * it is, as the other processors of a Windows machine do.
 */
#include "wdm/wdm_internal.h"
#include "kernel/ksched.h"

#include <stdio.h>
#include <unistd.h>

/* This context is bug-checking (a handler that bug-checks again). */
KSCHED_CTX(bool, bugchecking_here)
#define bugchecking_here (*ksched_ctx_ptr_bugchecking_here())

static void stop_line(const struct kernel_bugcheck *bc, char *buf, size_t len)
{
	char where[160];

	vf_describe_function(bc->call_site, where, sizeof(where));
	snprintf(buf, len, "*** STOP: 0x%08X (0x%016llX,0x%016llX,0x%016llX,0x%016llX) at %s",
		 bc->code, (unsigned long long)bc->parameters[0],
		 (unsigned long long)bc->parameters[1], (unsigned long long)bc->parameters[2],
		 (unsigned long long)bc->parameters[3], where[0] ? where : "?");
}

static void report(struct kernel *k, const struct kernel_bugcheck *bc)
{
	struct vf_facts f = { 0 };

	f.irql = kernel_irql();
	f.call_site = bc->call_site;
	vf_report(k->verifier, VF_BUGCHECK, &f,
		  "KeBugCheckEx(0x%08X, 0x%llX, 0x%llX, 0x%llX, 0x%llX): the driver stopped the machine",
		  bc->code, (unsigned long long)bc->parameters[0],
		  (unsigned long long)bc->parameters[1], (unsigned long long)bc->parameters[2],
		  (unsigned long long)bc->parameters[3]);
	vf_flush(k->verifier);
}

static DECLSPEC_NORETURN void bugcheck(const struct kernel_bugcheck *bc)
{
	struct kernel *k = kernel_current();
	char line[400];

	if (bugchecking_here)     /* a handler that bug-checks again */
		_exit(KERNEL_BUGCHECK_EXIT);
	bugchecking_here = true;
	if (k != NULL && atomic_flag_test_and_set(&k->debug.bugchecking))
		for (;;)          /* the machine is already stopping */
			pause();
	stop_line(bc, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
	if (k != NULL) {
		kernel_trace(k, "%s", line);
		report(k, bc);
		kernel_bugcheck_fn handler = atomic_load(&k->debug.bugcheck);
		if (handler != NULL)
			handler(atomic_load(&k->debug.bugcheck_ctx), bc);
	}
	fflush(NULL);
	_exit(KERNEL_BUGCHECK_EXIT);
}

VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
		  ULONG_PTR BugCheckParameter2, ULONG_PTR BugCheckParameter3,
		  ULONG_PTR BugCheckParameter4)
{
	struct kernel_bugcheck bc = {
		BugCheckCode,
		{ BugCheckParameter1, BugCheckParameter2, BugCheckParameter3,
		  BugCheckParameter4 },
		WDM_CALLER(),
	};

	bugcheck(&bc);
}

VOID KeBugCheck(ULONG BugCheckCode)
{
	struct kernel_bugcheck bc = { BugCheckCode, { 0, 0, 0, 0 }, WDM_CALLER() };

	bugcheck(&bc);
}
