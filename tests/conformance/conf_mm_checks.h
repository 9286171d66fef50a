/*
 * conf_mm_checks.h — conf_mm's MiniportInitializeEx steps and checks.
 */

_Use_decl_annotations_
VOID
MmProcessSgList(PDEVICE_OBJECT DeviceObject, PVOID Reserved,
		PSCATTER_GATHER_LIST ScatterGatherListBuffer, PVOID Context)
{
	PMM_ADAPTER a = (PMM_ADAPTER)Context;

	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Reserved);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	a->Sgl = ScatterGatherListBuffer;
	NdisSetEvent(&a->SglDelivered);
}

static NDIS_STATUS
MmSetAttributes(PMM_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
			     NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	reg.InterfaceType = NdisInterfacePci;
	return NdisMSetMiniportAttributes(a->AdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
}

static NDIS_STATUS
MmRegisterDma(PMM_ADAPTER a)
{
	NDIS_SG_DMA_DESCRIPTION dd;

	NdisZeroMemory(&dd, sizeof(dd));
	dd.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dd.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dd.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dd.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	dd.MaximumPhysicalMapping = 0x10000;
	dd.ProcessSGListHandler = MmProcessSgList;
	return NdisMRegisterScatterGatherDma(a->AdapterHandle, &dd, &a->DmaHandle);
}

/* The descriptor ring: contiguous, below 4 GiB for the device's 32-bit
 * descriptor base registers, inside one 64 KiB window. */
static VOID
MmCheckRing(PMM_ADAPTER a)
{
	PHYSICAL_ADDRESS low, high, boundary;
	ULONG i;

	low.QuadPart = 0;
	high.QuadPart = 0xFFFFFFFF;
	boundary.QuadPart = 0x10000;
	a->Ring = MmAllocateContiguousMemorySpecifyCache(MM_RING_BYTES, low, high, boundary,
							 MmCached);
	CONF_CHECK(a->Ring != NULL);
	if (a->Ring == NULL) {
		return;
	}
	RtlZeroMemory(a->Ring, MM_RING_BYTES);
	CONF_CHECK(BYTE_OFFSET(a->Ring) == 0);              /* page aligned */
	a->RingPa = MmGetPhysicalAddress(a->Ring);
	CONF_CHECK(a->RingPa.QuadPart != 0 && (a->RingPa.QuadPart & (PAGE_SIZE - 1)) == 0);
	CONF_CHECK(a->RingPa.QuadPart + MM_RING_BYTES - 1 <= 0xFFFFFFFF);
	CONF_CHECK(a->RingPa.QuadPart / 0x10000 ==
		   (a->RingPa.QuadPart + MM_RING_BYTES - 1) / 0x10000);
	for (i = 1; i < MM_RING_BYTES / PAGE_SIZE; i++) {   /* physically contiguous */
		CONF_CHECK(MmGetPhysicalAddress(a->Ring + i * PAGE_SIZE).QuadPart ==
			   a->RingPa.QuadPart + i * PAGE_SIZE);
	}
	CONF_CHECK(MmGetPhysicalAddress(a->Ring + 123).QuadPart == a->RingPa.QuadPart + 123);
	/* a boundary smaller than the block can never be met */
	boundary.QuadPart = PAGE_SIZE;
	CONF_CHECK(MmAllocateContiguousMemorySpecifyCache(2 * PAGE_SIZE, low, high, boundary,
							  MmCached) == NULL);
}

/* The registers, from the memory resource NDIS gave the adapter. */
static VOID
MmCheckRegisters(PMM_ADAPTER a, PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	PNDIS_RESOURCE_LIST rl = p->AllocatedResources;
	ULONG i;

	for (i = 0; rl != NULL && i < rl->Count; i++) {
		if (rl->PartialDescriptors[i].Type == CmResourceTypeMemory) {
			a->RegistersPa = rl->PartialDescriptors[i].u.Memory.Start;
			break;
		}
	}
	CONF_CHECK(a->RegistersPa.QuadPart != 0);
	/* invalid protection: refused */
	CONF_CHECK(MmMapIoSpaceEx(a->RegistersPa, MM_REGS_BYTES, PAGE_NOCACHE) == NULL);
	a->Registers = MmMapIoSpaceEx(a->RegistersPa, MM_REGS_BYTES, PAGE_READWRITE | PAGE_NOCACHE);
	CONF_CHECK(a->Registers != NULL);
	if (a->Registers == NULL) {
		return;
	}
	CONF_CHECK(READ_REGISTER_ULONG((PULONG)a->Registers) == MM_VIRTIO_MAGIC);
	CONF_CHECK(MmGetPhysicalAddress(a->Registers + 4).QuadPart == a->RegistersPa.QuadPart + 4);
}

/* An MDL over pool, built by the driver, mapped for DMA like any NB. */
static VOID
MmCheckMdlDma(PMM_ADAPTER a)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	PPFN_NUMBER pfn;
	ULONG i, pages, covered = 0;
	KIRQL old;
	NDIS_STATUS status;

	a->Buffer = ExAllocatePoolWithTag(NonPagedPoolNx, MM_BUFFER_BYTES, MM_TAG);
	CONF_CHECK(a->Buffer != NULL);
	if (a->Buffer == NULL) {
		return;
	}
	for (i = 0; i < MM_BUFFER_BYTES; i++) {
		a->Buffer[i] = (UCHAR)i;
	}
	a->Mdl = IoAllocateMdl(a->Buffer, MM_BUFFER_BYTES, FALSE, FALSE, NULL);
	CONF_CHECK(a->Mdl != NULL);
	if (a->Mdl == NULL) {
		return;
	}
	MmBuildMdlForNonPagedPool(a->Mdl);
	CONF_CHECK(MmGetMdlVirtualAddress(a->Mdl) == a->Buffer);
	CONF_CHECK(MmGetMdlByteCount(a->Mdl) == MM_BUFFER_BYTES);
	CONF_CHECK(MmGetSystemAddressForMdlSafe(a->Mdl, NormalPagePriority) == a->Buffer);
	pfn = MmGetMdlPfnArray(a->Mdl);
	pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(a->Buffer, MM_BUFFER_BYTES);
	for (i = 0; i < pages; i++) {
		PUCHAR page = (PUCHAR)PAGE_ALIGN(a->Buffer) + i * PAGE_SIZE;

		CONF_CHECK((ULONG64)pfn[i] == (ULONG64)MmGetPhysicalAddress(page).QuadPart >> PAGE_SHIFT);
	}

	NdisZeroMemory(&pp, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.fAllocateNetBuffer = TRUE;
	pp.PoolTag = MM_TAG;
	a->NblPool = NdisAllocateNetBufferListPool(a->AdapterHandle, &pp);
	CONF_CHECK(a->NblPool != NULL);
	if (a->NblPool == NULL) {
		return;
	}
	a->Nbl = NdisAllocateNetBufferAndNetBufferList(a->NblPool, 0, 0, a->Mdl, 0,
						       MM_BUFFER_BYTES);
	CONF_CHECK(a->Nbl != NULL);
	if (a->Nbl == NULL) {
		return;
	}
	NdisInitializeEvent(&a->SglDelivered);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	status = NdisMAllocateNetBufferSGList(a->DmaHandle, NET_BUFFER_LIST_FIRST_NB(a->Nbl), a,
					      NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
	KeLowerIrql(old);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS || !NdisWaitEvent(&a->SglDelivered, 5000)) {
		return;
	}
	/* with no IOMMU and a 64-bit device, each element is the physical
	 * address of its piece of the buffer */
	for (i = 0; i < a->Sgl->NumberOfElements; i++) {
		CONF_CHECK(a->Sgl->Elements[i].Address.QuadPart ==
			   MmGetPhysicalAddress(a->Buffer + covered).QuadPart);
		covered += a->Sgl->Elements[i].Length;
	}
	CONF_CHECK(covered == MM_BUFFER_BYTES);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	NdisMFreeNetBufferSGList(a->DmaHandle, a->Sgl, NET_BUFFER_LIST_FIRST_NB(a->Nbl));
	KeLowerIrql(old);
	a->Sgl = NULL;
}

/* An MDL in the driver's own storage (MmInitializeMdl). */
static VOID
MmCheckLocalMdl(PMM_ADAPTER a)
{
	SIZE_T size = MmSizeOfMdl(a->Buffer, 100);

	a->LocalMdl = ExAllocatePoolWithTag(NonPagedPoolNx, size, MM_TAG);
	CONF_CHECK(a->LocalMdl != NULL && a->Buffer != NULL);
	if (a->LocalMdl == NULL || a->Buffer == NULL) {
		return;
	}
	MmInitializeMdl(a->LocalMdl, a->Buffer, 100);
	MmBuildMdlForNonPagedPool(a->LocalMdl);
	CONF_CHECK(MmGetMdlByteOffset(a->LocalMdl) == BYTE_OFFSET(a->Buffer));
	CONF_CHECK((ULONG64)MmGetMdlPfnArray(a->LocalMdl)[0] ==
		   (ULONG64)MmGetPhysicalAddress(a->Buffer).QuadPart >> PAGE_SHIFT);
}

static VOID
MmRelease(PMM_ADAPTER a)
{
	if (a->LocalMdl != NULL) {
		ExFreePoolWithTag(a->LocalMdl, MM_TAG);
	}
	if (a->Nbl != NULL) {
		NdisFreeNetBufferList(a->Nbl);
	}
	if (a->NblPool != NULL) {
		NdisFreeNetBufferListPool(a->NblPool);
	}
	if (a->Mdl != NULL) {
		IoFreeMdl(a->Mdl);
	}
	if (a->Buffer != NULL) {
		ExFreePoolWithTag(a->Buffer, MM_TAG);
	}
	if (a->Registers != NULL) {
		MmUnmapIoSpace(a->Registers, MM_REGS_BYTES);
	}
	if (a->Ring != NULL) {
		MmFreeContiguousMemory(a->Ring);
	}
	if (a->DmaHandle != NULL) {
		NdisMDeregisterScatterGatherDma(a->DmaHandle);
	}
	ExFreePoolWithTag(a, MM_TAG);
}

_Use_decl_annotations_
NDIS_STATUS
MmInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PMM_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*a), MM_TAG);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	a->AdapterHandle = MiniportAdapterHandle;
	status = MmSetAttributes(a);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status == NDIS_STATUS_SUCCESS) {
		status = MmRegisterDma(a);
		CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	}
	if (status == NDIS_STATUS_SUCCESS) {
		MmCheckRing(a);
		MmCheckRegisters(a, MiniportInitParameters);
		MmCheckMdlDma(a);
		MmCheckLocalMdl(a);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		MmRelease(a);
	}
	return status;
}

_Use_decl_annotations_
VOID
MmHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	MmRelease((PMM_ADAPTER)MiniportAdapterContext);
}
