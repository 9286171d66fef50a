/* BUGCHECK: the driver stops the machine with KeBugCheckEx when its own
 * invariant breaks.  The run ends (exit 7), so test_vf_rules runs the
 * firing miniport in a forked child; the fixed twin logs and goes on. */
#include "vm.h"

#define VM_BUGCHECK_CODE 0xE0564D01u   /* a private code (facts §7) */
#define VM_RING_TAG      0x52494E47u

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	ULONG Tag = VM_RING_TAG ^ 0x1;   /* a descriptor the device corrupted */

	(VOID)Adapter;

	/* doc:begin */
	if (Tag != VM_RING_TAG) {
#ifdef FIXED
		DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
			   "vm: ring tag %08lx, expected %08lx: resetting the ring\n",
			   Tag, (ULONG)VM_RING_TAG);
#else
		KeBugCheckEx(VM_BUGCHECK_CODE, (ULONG_PTR)Adapter, Tag, VM_RING_TAG, 0);
#endif
	}
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
