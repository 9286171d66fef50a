/* REG-FLAGS: HYBRID_DMA with a revision 1 description. */
#define VM_CUSTOM_REGISTER
#include "vm.h"

static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	/* doc:begin */
	Adapter->DmaDesc.Flags = NDIS_SG_DMA_64_BIT_ADDRESS | NDIS_SG_DMA_HYBRID_DMA;
#ifdef FIXED
	Adapter->DmaDesc.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_2;   /* hybrid needs revision 2 */
	Adapter->DmaDesc.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_2;
#endif
	/* doc:end */
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Adapter->DmaDesc,
					     &Adapter->DmaHandle);
}

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter)
{
	return NDIS_STATUS_SUCCESS;
}
