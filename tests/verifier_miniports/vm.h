/* vm.h — the skeleton every verifier test miniport shares (issue 5,
 * docs/verifier-rules.md: "documentation that is also a test").
 *
 * Each tests/verifier_miniports/<RULE>.c includes this file and nothing
 * else, so it is written only against <ndis.h> plus one test-only hook:
 * NdisdmaTestDeviceDma, the scriptable test device (src/device/
 * test_device.h) doing the DMA access a NIC would do.  Each file is built
 * twice: as is (fires its rule) and with -DFIXED (its fixed twin, which
 * fires nothing), each with DriverEntry renamed (tests/verifier_docs.cmake).
 *
 * The skeleton: a bus-master NDIS 6.30 miniport whose MiniportInitializeEx
 * sets its attributes, registers a 64 KiB SG DMA channel (VmRegisterDma),
 * takes VM_BUFFERS NET_BUFFERs over its own memory, and runs the rule's
 * VmRun at PASSIVE_LEVEL; MiniportHaltEx runs VmHalt, then gives back
 * everything.  The rule file defines VmRun, and may define
 * VM_CUSTOM_REGISTER (VmRegisterDma), VM_CUSTOM_HALT (VmHalt) and
 * VM_ATTRIBUTE_FLAGS first.
 *
 * VM_RESET (issue 11): the rule file defines VmReset (MiniportResetEx);
 * the miniport then answers the packet-filter, multicast and MAC OIDs a
 * restart sends, and holds every NBL sent to it (Adapter->Held) until the
 * rule's reset code completes them (VmCompleteHeld).  The test host
 * restarts it, sends a few frames with resets between and pauses it.
 *
 * VM_CUSTOM_PAUSE: the rule file defines VmPause (MiniportPause); with
 * VM_RESET the host restarts it, sends a few frames it holds and pauses it
 * with them in flight (PAUSE-SENDS).
 *
 * VM_OFFLOAD (issue 11): the rule file defines VmOffloadOid, which answers
 * the OID_OFFLOAD_ENCAPSULATION and OID_TCP_OFFLOAD_PARAMETERS sets; the
 * miniport answers the restart OIDs as with VM_RESET.  The test host
 * restarts it and pauses it.
 */
#ifndef VM_H
#define VM_H

#include <ndis.h>

/* A skeleton: not every rule uses every helper. */
#pragma GCC diagnostic ignored "-Wunused-function"

/* The test device: one DMA access by this adapter's device. */
LONG NdisdmaTestDeviceDma(PVOID MiniportAdapterHandle, ULONG64 Address,
			  ULONG Length, UCHAR DeviceWrites);

#define VM_TAG          ((ULONG)'V' | ((ULONG)'m' << 8) | ((ULONG)'p' << 16) | ((ULONG)'t' << 24))
#define VM_BUFFERS      4
#define VM_FRAME        1514
#define VM_MAX_MAPPING  (64 * 1024)
#ifndef VM_ATTRIBUTE_FLAGS
#define VM_ATTRIBUTE_FLAGS (NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER | \
			    NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE)
#endif

typedef struct _VM_ADAPTER VM_ADAPTER;

/* What MiniportProcessSGList gets as Context: which buffer it was. */
typedef struct _VM_SLOT {
	VM_ADAPTER *Adapter;
	ULONG Index;
	NDIS_EVENT Delivered;    /* set by MiniportProcessSGList */
} VM_SLOT;

struct _VM_ADAPTER {
	NDIS_HANDLE MiniportAdapterHandle;
	NDIS_HANDLE DmaHandle;
	NDIS_SG_DMA_DESCRIPTION DmaDesc;
	NDIS_HANDLE NblPool;
	PUCHAR Data[VM_BUFFERS];
	PMDL Mdl[VM_BUFFERS];
	PNET_BUFFER_LIST Nbl[VM_BUFFERS];
	PNET_BUFFER Nb[VM_BUFFERS];
	VM_SLOT Slot[VM_BUFFERS];
	PSCATTER_GATHER_LIST Sgl[VM_BUFFERS];
	PVOID RingVa;
	NDIS_PHYSICAL_ADDRESS RingPa;
	ULONG RingLength;
	NDIS_SPIN_LOCK HeldLock;     /* VM_RESET: sends not completed yet */
	PNET_BUFFER_LIST Held;
	NDIS_HANDLE WorkItem;        /* VM_RESET rules that complete later */
};

static NDIS_STATUS VmRun(VM_ADAPTER *Adapter);
#ifdef VM_CUSTOM_REGISTER
static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter);
#endif
#ifdef VM_CUSTOM_HALT
static VOID VmHalt(VM_ADAPTER *Adapter);
#endif
#ifdef VM_RESET
static MINIPORT_RESET VmReset;
#endif
#ifdef VM_OFFLOAD
static NDIS_STATUS VmOffloadOid(VM_ADAPTER *Adapter, PNDIS_OID_REQUEST Request);
#endif
#ifdef VM_CUSTOM_PAUSE
static MINIPORT_PAUSE VmPause;
#endif

static NDIS_HANDLE VmDriverHandle;

/* ---- MiniportProcessSGList and helpers the rules use ---------------------- */

static VOID MiniportProcessSGList(PDEVICE_OBJECT Do, PVOID Reserved,
				  PSCATTER_GATHER_LIST Sgl, PVOID Context)
{
	VM_SLOT *Slot = Context;

	Slot->Adapter->Sgl[Slot->Index] = Sgl;
	NdisSetEvent(&Slot->Delivered);
}

/* Waits (PASSIVE_LEVEL) for buffer i's list: with stress defer (or map
 * registers short) it arrives later, from the DPC thread. */
static BOOLEAN VmWaitDelivered(VM_ADAPTER *Adapter, ULONG i)
{
	return NdisWaitEvent(&Adapter->Slot[i].Delivered, 5000);
}

/* Maps buffer i as a driver does, at DISPATCH_LEVEL, and waits for it. */
static NDIS_STATUS VmMap(VM_ADAPTER *Adapter, ULONG i, ULONG Flags)
{
	KIRQL OldIrql;
	NDIS_STATUS Status;

	NdisResetEvent(&Adapter->Slot[i].Delivered);
	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	Status = NdisMAllocateNetBufferSGList(Adapter->DmaHandle, Adapter->Nb[i],
					      &Adapter->Slot[i], Flags, NULL, 0);
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	if (Status == NDIS_STATUS_SUCCESS)
		VmWaitDelivered(Adapter, i);
	return Status;
}

static VOID VmUnmap(VM_ADAPTER *Adapter, ULONG i)
{
	KIRQL OldIrql;

	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	NdisMFreeNetBufferSGList(Adapter->DmaHandle, Adapter->Sgl[i], Adapter->Nb[i]);
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
	Adapter->Sgl[i] = NULL;
}

/* ---- registration --------------------------------------------------------- */

static VOID VmDefaultDescription(VM_ADAPTER *Adapter, NDIS_SG_DMA_DESCRIPTION *DmaDesc)
{
	NdisZeroMemory(DmaDesc, sizeof(*DmaDesc));
	DmaDesc->Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	DmaDesc->Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	DmaDesc->Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	DmaDesc->Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	DmaDesc->MaximumPhysicalMapping = VM_MAX_MAPPING;
	DmaDesc->ProcessSGListHandler = MiniportProcessSGList;
}

static NDIS_STATUS VmRegisterDefault(VM_ADAPTER *Adapter)
{
	VmDefaultDescription(Adapter, &Adapter->DmaDesc);
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle,
					     &Adapter->DmaDesc, &Adapter->DmaHandle);
}

#ifndef VM_CUSTOM_REGISTER
static NDIS_STATUS VmRegisterDma(VM_ADAPTER *Adapter)
{
	return VmRegisterDefault(Adapter);
}
#endif

static VOID VmDeregister(VM_ADAPTER *Adapter)
{
	if (Adapter->DmaHandle != NULL)
		NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
	Adapter->DmaHandle = NULL;
}

#ifndef VM_CUSTOM_HALT
static VOID VmHalt(VM_ADAPTER *Adapter)
{
	VmDeregister(Adapter);
}
#endif

/* ---- buffers -------------------------------------------------------------- */

static NDIS_STATUS VmTakeBuffers(VM_ADAPTER *Adapter)
{
	NET_BUFFER_LIST_POOL_PARAMETERS P;

	NdisZeroMemory(&P, sizeof(P));
	P.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	P.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	P.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	P.fAllocateNetBuffer = TRUE;
	P.PoolTag = VM_TAG;
	Adapter->NblPool = NdisAllocateNetBufferListPool(Adapter->MiniportAdapterHandle, &P);
	if (Adapter->NblPool == NULL)
		return NDIS_STATUS_RESOURCES;
	for (ULONG i = 0; i < VM_BUFFERS; i++) {
		Adapter->Slot[i].Adapter = Adapter;
		Adapter->Slot[i].Index = i;
		NdisInitializeEvent(&Adapter->Slot[i].Delivered);
		Adapter->Data[i] = NdisAllocateMemoryWithTagPriority(
			Adapter->MiniportAdapterHandle, 2 * VM_FRAME, VM_TAG, NormalPoolPriority);
		if (Adapter->Data[i] == NULL)
			return NDIS_STATUS_RESOURCES;
		for (ULONG j = 0; j < 2 * VM_FRAME; j++)
			Adapter->Data[i][j] = (UCHAR)(i * 7 + j);
		Adapter->Mdl[i] = NdisAllocateMdl(Adapter->MiniportAdapterHandle,
						  Adapter->Data[i], 2 * VM_FRAME);
		if (Adapter->Mdl[i] == NULL)
			return NDIS_STATUS_RESOURCES;
		Adapter->Nbl[i] = NdisAllocateNetBufferAndNetBufferList(
			Adapter->NblPool, 0, 0, Adapter->Mdl[i], 0, VM_FRAME);
		if (Adapter->Nbl[i] == NULL)
			return NDIS_STATUS_RESOURCES;
		Adapter->Nb[i] = NET_BUFFER_LIST_FIRST_NB(Adapter->Nbl[i]);
	}
	return NDIS_STATUS_SUCCESS;
}

/* Everything the skeleton took; deregisters only when `Deregister` (the
 * failed-initialization path: MiniportHaltEx deregisters in VmHalt). */
static VOID VmRelease(VM_ADAPTER *Adapter, BOOLEAN Deregister)
{
	for (ULONG i = 0; i < VM_BUFFERS; i++) {
		if (Adapter->Nbl[i] != NULL)
			NdisFreeNetBufferList(Adapter->Nbl[i]);
		if (Adapter->Mdl[i] != NULL)
			NdisFreeMdl(Adapter->Mdl[i]);
		if (Adapter->Data[i] != NULL)
			NdisFreeMemory(Adapter->Data[i], 0, 0);
	}
	if (Adapter->NblPool != NULL)
		NdisFreeNetBufferListPool(Adapter->NblPool);
	if (Deregister)
		VmDeregister(Adapter);
	NdisFreeMemory(Adapter, 0, 0);
}

/* ---- the miniport --------------------------------------------------------- */

static NDIS_STATUS VmSetAttributes(VM_ADAPTER *Adapter)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Reg;

	NdisZeroMemory(&Reg, sizeof(Reg));
	Reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	Reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	Reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	Reg.MiniportAdapterContext = Adapter;
	Reg.AttributeFlags = VM_ATTRIBUTE_FLAGS;
	Reg.InterfaceType = NdisInterfacePci;
	return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
					  (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Reg);
}

static NDIS_STATUS VmInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				  NDIS_HANDLE MiniportDriverContext,
				  PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	VM_ADAPTER *Adapter;
	NDIS_STATUS Status;

	Adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*Adapter),
						    VM_TAG, NormalPoolPriority);
	if (Adapter == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(Adapter, sizeof(*Adapter));
	Adapter->MiniportAdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&Adapter->HeldLock);
	Status = VmSetAttributes(Adapter);
	if (Status == NDIS_STATUS_SUCCESS)
		Status = VmRegisterDma(Adapter);
	if (Status == NDIS_STATUS_SUCCESS)
		Status = VmTakeBuffers(Adapter);
	if (Status == NDIS_STATUS_SUCCESS)
		Status = VmRun(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		VmRelease(Adapter, TRUE);
	return Status;
}

static VOID VmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	VmHalt(MiniportAdapterContext);
	VmRelease(MiniportAdapterContext, FALSE);
}

static VOID VmUnload(PDRIVER_OBJECT DriverObject)
{
	NdisMDeregisterMiniportDriver(VmDriverHandle);
}

#ifndef VM_CUSTOM_PAUSE
static NDIS_STATUS VmPause(NDIS_HANDLE Ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS P)
{
	return NDIS_STATUS_SUCCESS;
}
#endif

static NDIS_STATUS VmRestart(NDIS_HANDLE Ctx, PNDIS_MINIPORT_RESTART_PARAMETERS P)
{
	return NDIS_STATUS_SUCCESS;
}

#if defined(VM_RESET) || defined(VM_OFFLOAD)
static NDIS_STATUS VmOid(NDIS_HANDLE Ctx, PNDIS_OID_REQUEST Request)
{
	static const UCHAR Mac[ETH_LENGTH_OF_ADDRESS] = { 0x02, 0, 0, 0, 0x76, 0x6D };

	if (Request->RequestType == NdisRequestSetInformation &&
	    (Request->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER ||
	     Request->DATA.SET_INFORMATION.Oid == OID_802_3_MULTICAST_LIST)) {
		Request->DATA.SET_INFORMATION.BytesRead =
			Request->DATA.SET_INFORMATION.InformationBufferLength;
		return NDIS_STATUS_SUCCESS;
	}
	if (Request->RequestType == NdisRequestQueryInformation &&
	    Request->DATA.QUERY_INFORMATION.Oid == OID_802_3_CURRENT_ADDRESS &&
	    Request->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(Mac)) {
		ETH_COPY_NETWORK_ADDRESS(Request->DATA.QUERY_INFORMATION.InformationBuffer, Mac);
		Request->DATA.QUERY_INFORMATION.BytesWritten = sizeof(Mac);
		return NDIS_STATUS_SUCCESS;
	}
#ifdef VM_OFFLOAD
	if (Request->RequestType == NdisRequestSetInformation &&
	    (Request->DATA.SET_INFORMATION.Oid == OID_OFFLOAD_ENCAPSULATION ||
	     Request->DATA.SET_INFORMATION.Oid == OID_TCP_OFFLOAD_PARAMETERS))
		return VmOffloadOid((VM_ADAPTER *)Ctx, Request);
#endif
	return NDIS_STATUS_NOT_SUPPORTED;
}
#endif

#ifdef VM_RESET

/* Held sends sent on (status SUCCESS): what a reset must finish first. */
static VOID VmCompleteHeld(VM_ADAPTER *Adapter)
{
	PNET_BUFFER_LIST Nbls;

	NdisAcquireSpinLock(&Adapter->HeldLock);
	Nbls = Adapter->Held;
	Adapter->Held = NULL;
	NdisReleaseSpinLock(&Adapter->HeldLock);
	if (Nbls != NULL)
		NdisMSendNetBufferListsComplete(Adapter->MiniportAdapterHandle, Nbls,
			KeGetCurrentIrql() == DISPATCH_LEVEL ?
			NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

static VOID VmSend(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port, ULONG Flags)
{
	VM_ADAPTER *Adapter = Ctx;
	PNET_BUFFER_LIST Last = Nbls;

	for (PNET_BUFFER_LIST Nbl = Nbls; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
		NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
		Last = Nbl;
	}
	NdisAcquireSpinLock(&Adapter->HeldLock);
	NET_BUFFER_LIST_NEXT_NBL(Last) = Adapter->Held;
	Adapter->Held = Nbls;
	NdisReleaseSpinLock(&Adapter->HeldLock);
}
#else
#ifndef VM_OFFLOAD
static NDIS_STATUS VmOid(NDIS_HANDLE Ctx, PNDIS_OID_REQUEST Request)
{
	return NDIS_STATUS_NOT_SUPPORTED;
}
#endif

static VOID VmSend(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port, ULONG Flags)
{
	for (PNET_BUFFER_LIST Nbl = Nbls; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
		NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_FAILURE;
	NdisMSendNetBufferListsComplete(((VM_ADAPTER *)Ctx)->MiniportAdapterHandle, Nbls, 0);
}
#endif

static VOID VmReturn(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, ULONG Flags) {}
static VOID VmCancelSend(NDIS_HANDLE Ctx, PVOID CancelId) {}
static VOID VmPnp(NDIS_HANDLE Ctx, PNET_DEVICE_PNP_EVENT Event) {}
static VOID VmShutdown(NDIS_HANDLE Ctx, NDIS_SHUTDOWN_ACTION Action) {}
static VOID VmCancelOid(NDIS_HANDLE Ctx, PVOID RequestId) {}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS C;

	NdisZeroMemory(&C, sizeof(C));
	C.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	C.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	C.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	C.MajorNdisVersion = 6;
	C.MinorNdisVersion = 30;
	C.InitializeHandlerEx = VmInitializeEx;
	C.HaltHandlerEx = VmHaltEx;
	C.UnloadHandler = VmUnload;
	C.PauseHandler = VmPause;
	C.RestartHandler = VmRestart;
	C.OidRequestHandler = VmOid;
	C.SendNetBufferListsHandler = VmSend;
	C.ReturnNetBufferListsHandler = VmReturn;
	C.CancelSendHandler = VmCancelSend;
	C.DevicePnPEventNotifyHandler = VmPnp;
	C.ShutdownHandlerEx = VmShutdown;
	C.CancelOidRequestHandler = VmCancelOid;
#ifdef VM_RESET
	C.ResetHandlerEx = VmReset;
#endif
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &C,
					   &VmDriverHandle);
}

#endif
