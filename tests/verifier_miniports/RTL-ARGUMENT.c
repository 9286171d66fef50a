/* RTL-ARGUMENT: RtlSetBits past the end of the bitmap.  Nothing outside
 * the bitmap is written; the bits inside the range are set. */
#include "vm.h"

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	ULONG Bits[3] = { 0, 0, 0xA5A5A5A5 };   /* the third ULONG is not the bitmap's */
	RTL_BITMAP Map;

	RtlInitializeBitMap(&Map, Bits, 64);
	RtlClearAllBits(&Map);
	/* doc:begin */
#ifdef FIXED
	RtlSetBits(&Map, 60, 4);    /* the last four of 64 */
#else
	RtlSetBits(&Map, 60, 8);    /* four past SizeOfBitMap */
#endif
	/* doc:end */
	(VOID)Adapter;
	return Bits[2] == 0xA5A5A5A5 && RtlNumberOfSetBits(&Map) == 4 ?
		NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}
