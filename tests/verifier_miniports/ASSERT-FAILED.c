/* ASSERT-FAILED: an NT_ASSERT whose expression is false (DBG is 1 unless
 * the build says -DDBG=0).  The report names the expression and file:line;
 * the driver goes on. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	KIRQL OldIrql = PASSIVE_LEVEL;

	/* doc:begin */
#ifdef FIXED
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);   /* as under the ring's spin lock */
#endif
	NT_ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);   /* the ring code's belief */
#ifdef FIXED
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
#endif
	/* doc:end */
	(VOID)OldIrql;
	(VOID)Adapter;
	return NDIS_STATUS_SUCCESS;
}
