/* ERROR-LOG: the miniport writes an error-log entry (a warning: it lands
 * in the run log and the reports with the code's name and values). */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	/* doc:begin */
#ifndef FIXED
	NdisWriteErrorLogEntry(Adapter->MiniportAdapterHandle,
			       NDIS_ERROR_CODE_MISSING_CONFIGURATION_PARAMETER, 1, 0x4B57ul);
#endif
	/* doc:end */
	return NDIS_STATUS_SUCCESS;
}
