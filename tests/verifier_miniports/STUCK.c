/* STUCK: under the seeded scheduler (spec §9) the driver waits, with no
 * timeout, for an event nothing will ever set: every context of the
 * machine is then blocked, and the run ends with a STUCK report naming
 * the wait (exit 8) instead of hanging.  test_vf_rules runs the firing
 * miniport in a forked child under --sched seeded; the fixed twin bounds
 * its wait and goes on without the device. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	NDIS_EVENT Ready;   /* set by the ISR once the device reports ready */

	(VOID)Adapter;
	NdisInitializeEvent(&Ready);

	/* doc:begin */
#ifdef FIXED
	if (!NdisWaitEvent(&Ready, 100)) {   /* at most 100 ms */
		DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
			   "vm: the device never reported ready: going on without it\n");
	}
#else
	NdisWaitEvent(&Ready, 0);   /* 0: forever, and no interrupt is connected */
#endif
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
