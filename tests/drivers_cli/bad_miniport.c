/*
 * bad_miniport.c — tiny miniports that fail in one chosen way, so the CLI
 * tests can check `ndisdma run --driver` gives one clear error line and a
 * documented exit code, never a crash.  Built once per variant
 * (tests/cli.cmake) with exactly one of:
 *   BAD_NO_ENTRY        exports no DriverEntry
 *   BAD_ENTRY_FAILS     DriverEntry returns NDIS_STATUS_FAILURE
 *   BAD_NO_PAUSE        registers without the required PauseHandler
 *   BAD_INIT_FAILS      MiniportInitializeEx returns NDIS_STATUS_RESOURCES
 *   BAD_SHM_LEAK        MiniportHaltEx forgets one shared block
 *   BAD_SGL_ABUSE       MiniportInitializeEx maps a NET_BUFFER, frees the
 *                       list in its callback, then frees it 5 more times
 *                       (5 x SGL-DOUBLE-FREE), and maps a second one it
 *                       never frees (DEREG-SGL-LEAK at halt); built with -g
 *                       so reports carry file:line (tests/cli.cmake)
 *   BAD_MISSING_NAMES   DriverEntry calls names ndisdma does not provide,
 *                       in several families, and wcslen (the C library's
 *                       has a 32-bit wchar_t): all listed at once, exit 4
 *   BAD_STUCK_WAIT      MiniportInitializeEx waits forever for an event
 *                       nothing sets (under --sched seeded: STUCK, exit 8)
 *   BAD_STUCK_SPIN      MiniportInitializeEx stalls in a loop on a flag
 *                       nothing sets (under --sched seeded: STUCK, exit 8)
 * Written against <ndis.h> only, like any user driver.
 */
#include <ndis.h>

#define BAD_TAG ((ULONG)'B' | ((ULONG)'a' << 8) | ((ULONG)'d' << 16) | ((ULONG)'M' << 24))

typedef struct _BAD_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;
#ifdef BAD_SGL_ABUSE
	NDIS_HANDLE NblPool;
	PMDL Mdl[2];
	PNET_BUFFER_LIST Nbl[2];
	PSCATTER_GATHER_LIST Freed;   /* what the callback freed */
#endif
} BAD_ADAPTER, *PBAD_ADAPTER;

static NDIS_HANDLE BadDriverHandle;

/* What a transmit would pass as Context; these drivers never map one. */
typedef struct _BAD_SG_CONTEXT {
	PBAD_ADAPTER Adapter;
	PNET_BUFFER NetBuffer;
	BOOLEAN Keep;                 /* BAD_SGL_ABUSE: the leaked list */
} BAD_SG_CONTEXT;

static VOID BadProcessSGList(PDEVICE_OBJECT pDO, PVOID Reserved,
			     PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	BAD_SG_CONTEXT *ctx = (BAD_SG_CONTEXT *)Context;

	if (ctx->Keep)
		return;
	NdisMFreeNetBufferSGList(ctx->Adapter->DmaHandle, pSGL, ctx->NetBuffer);
#ifdef BAD_SGL_ABUSE
	ctx->Adapter->Freed = pSGL;
#endif
}

static NDIS_STATUS BadSetAttributes(PBAD_ADAPTER ad)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = ad;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER |
			     NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePci;
	return NdisMSetMiniportAttributes(ad->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
}

static NDIS_STATUS BadRegisterDma(PBAD_ADAPTER ad)
{
	NDIS_SG_DMA_DESCRIPTION dma;

	NdisZeroMemory(&dma, sizeof(dma));
	dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	dma.MaximumPhysicalMapping = 4096;
	dma.ProcessSGListHandler = BadProcessSGList;
	return NdisMRegisterScatterGatherDma(ad->AdapterHandle, &dma, &ad->DmaHandle);
}

#ifdef BAD_SGL_ABUSE
static BAD_SG_CONTEXT BadCtx[2];

static NDIS_STATUS BadMakeNbls(PBAD_ADAPTER ad)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;

	NdisZeroMemory(&pp, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.fAllocateNetBuffer = TRUE;
	pp.PoolTag = BAD_TAG;
	ad->NblPool = NdisAllocateNetBufferListPool(ad->AdapterHandle, &pp);
	if (ad->NblPool == NULL)
		return NDIS_STATUS_RESOURCES;
	for (int i = 0; i < 2; i++) {
		ad->Mdl[i] = NdisAllocateMdl(ad->AdapterHandle, (PUCHAR)ad->Va + 2048 * i, 1000);
		if (ad->Mdl[i] == NULL)
			return NDIS_STATUS_RESOURCES;
		ad->Nbl[i] = NdisAllocateNetBufferAndNetBufferList(ad->NblPool, 0, 0,
								    ad->Mdl[i], 0, 1000);
		if (ad->Nbl[i] == NULL)
			return NDIS_STATUS_RESOURCES;
	}
	return NDIS_STATUS_SUCCESS;
}

static VOID BadFreeNbls(PBAD_ADAPTER ad)
{
	for (int i = 0; i < 2; i++) {
		if (ad->Nbl[i] != NULL)
			NdisFreeNetBufferList(ad->Nbl[i]);
		if (ad->Mdl[i] != NULL)
			NdisFreeMdl(ad->Mdl[i]);
	}
	if (ad->NblPool != NULL)
		NdisFreeNetBufferListPool(ad->NblPool);
}

/* The bugs: a list freed again 5 times, a list never freed. */
static VOID BadAbuseSgLists(PBAD_ADAPTER ad)
{
	KIRQL OldIrql;

	NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
	for (int i = 0; i < 2; i++) {
		BadCtx[i].Adapter = ad;
		BadCtx[i].NetBuffer = NET_BUFFER_LIST_FIRST_NB(ad->Nbl[i]);
		BadCtx[i].Keep = i == 1;
	}
	NdisMAllocateNetBufferSGList(ad->DmaHandle, BadCtx[0].NetBuffer, &BadCtx[0],
				     NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
	/* before the next allocation may reuse the storage */
	for (int i = 0; i < 5 && ad->Freed != NULL; i++)
		NdisMFreeNetBufferSGList(ad->DmaHandle, ad->Freed, BadCtx[0].NetBuffer);
	NdisMAllocateNetBufferSGList(ad->DmaHandle, BadCtx[1].NetBuffer, &BadCtx[1],
				     NDIS_SG_LIST_WRITE_TO_DEVICE, NULL, 0);
	NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
}
#endif

static NDIS_STATUS BadInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				   NDIS_HANDLE MiniportDriverContext,
				   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PBAD_ADAPTER ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle,
		sizeof(*ad), BAD_TAG, NormalPoolPriority);
	NDIS_STATUS status;

	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
#ifdef BAD_STUCK_WAIT
	{
		NDIS_EVENT never;

		NdisInitializeEvent(&never);
		NdisWaitEvent(&never, 0);   /* 0: forever */
	}
#endif
#ifdef BAD_STUCK_SPIN
	{
		volatile LONG ready = 0;

		while (!ready)
			NdisStallExecution(10);
	}
#endif
#ifdef BAD_INIT_FAILS
	NdisFreeMemory(ad, 0, 0);
	return NDIS_STATUS_RESOURCES;
#endif
	status = BadSetAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = BadRegisterDma(ad);
	if (status != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(ad, 0, 0);
		return status;
	}
	NdisMAllocateSharedMemory(MiniportAdapterHandle, 4096, FALSE, &ad->Va, &ad->Pa);
	if (ad->Va == NULL) {
		NdisMDeregisterScatterGatherDma(ad->DmaHandle);
		NdisFreeMemory(ad, 0, 0);
		return NDIS_STATUS_RESOURCES;
	}
#ifdef BAD_SGL_ABUSE
	if (BadMakeNbls(ad) != NDIS_STATUS_SUCCESS) {
		BadFreeNbls(ad);
		NdisMFreeSharedMemory(MiniportAdapterHandle, 4096, FALSE, ad->Va, ad->Pa);
		NdisMDeregisterScatterGatherDma(ad->DmaHandle);
		NdisFreeMemory(ad, 0, 0);
		return NDIS_STATUS_RESOURCES;
	}
	BadAbuseSgLists(ad);
#endif
	return NDIS_STATUS_SUCCESS;
}

static VOID BadHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PBAD_ADAPTER ad = (PBAD_ADAPTER)MiniportAdapterContext;

#ifndef BAD_SHM_LEAK
	NdisMFreeSharedMemory(ad->AdapterHandle, 4096, FALSE, ad->Va, ad->Pa);
#endif
	NdisMDeregisterScatterGatherDma(ad->DmaHandle);
#ifdef BAD_SGL_ABUSE
	BadFreeNbls(ad);
#endif
	NdisFreeMemory(ad, 0, 0);
}

static VOID BadUnload(PDRIVER_OBJECT DriverObject)
{
	NdisMDeregisterMiniportDriver(BadDriverHandle);
}

#ifndef BAD_NO_PAUSE
static NDIS_STATUS BadPause(NDIS_HANDLE Context, PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
	return NDIS_STATUS_SUCCESS;
}
#endif

static NDIS_STATUS BadRestart(NDIS_HANDLE Context, PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
	return NDIS_STATUS_SUCCESS;
}

/* Just what a protocol needs at restart: the packet filter and the MAC. */
static NDIS_STATUS BadOidRequest(NDIS_HANDLE Context, PNDIS_OID_REQUEST Request)
{
	static const UCHAR mac[6] = { 0x02, 0, 0, 0, 0, 0x0b };

	if (Request->RequestType == NdisRequestSetInformation &&
	    Request->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
	    Request->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
		Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (Request->RequestType == NdisRequestQueryInformation &&
	    Request->DATA.QUERY_INFORMATION.Oid == OID_802_3_CURRENT_ADDRESS) {
		if (Request->DATA.QUERY_INFORMATION.InformationBufferLength < sizeof(mac)) {
			Request->DATA.QUERY_INFORMATION.BytesNeeded = sizeof(mac);
			return NDIS_STATUS_BUFFER_TOO_SHORT;
		}
		NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, mac,
			       sizeof(mac));
		Request->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
		return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_NOT_SUPPORTED;
}

static VOID BadSend(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls,
		    NDIS_PORT_NUMBER Port, ULONG SendFlags)
{
	PBAD_ADAPTER ad = (PBAD_ADAPTER)Context;
	PNET_BUFFER_LIST nbl;

	for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_FAILURE;
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, Nbls,
		(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

static VOID BadReturn(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, ULONG Flags)
{
}

static VOID BadCancelSend(NDIS_HANDLE Context, PVOID CancelId)
{
}

static VOID BadPnP(NDIS_HANDLE Context, PNET_DEVICE_PNP_EVENT Event)
{
}

static VOID BadShutdown(NDIS_HANDLE Context, NDIS_SHUTDOWN_ACTION Action)
{
}

static VOID BadCancelOid(NDIS_HANDLE Context, PVOID RequestId)
{
}

#ifdef BAD_NO_ENTRY
#define DriverEntry NotTheDriverEntry
#endif

#ifdef BAD_MISSING_NAMES
VOID NdisMMissingInNdisdma(NDIS_HANDLE Handle);
VOID KeMissingInNdisdma(VOID);
PVOID ExMissingInNdisdma(SIZE_T Size);
VOID WppMissingInNdisdma(PVOID Context);
SIZE_T wcslen(PCWSTR Text);

static NTSTATUS BadCallMissing(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	SIZE_T (*volatile length)(PCWSTR) = wcslen;   /* clang folds wcslen(p) != 0 */

	NdisMMissingInNdisdma(DriverObject);
	KeMissingInNdisdma();
	WppMissingInNdisdma(ExMissingInNdisdma(16));
	return length(RegistryPath->Buffer) != 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
#endif

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

#ifdef BAD_ENTRY_FAILS
	return NDIS_STATUS_FAILURE;
#endif
#ifdef BAD_MISSING_NAMES
	if (BadCallMissing(DriverObject, RegistryPath) != STATUS_SUCCESS)
		return NDIS_STATUS_FAILURE;
#endif
	NdisZeroMemory(&chars, sizeof(chars));
	chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.MajorNdisVersion = 6;
	chars.MinorNdisVersion = 30;
	chars.InitializeHandlerEx = BadInitializeEx;
	chars.HaltHandlerEx = BadHaltEx;
	chars.UnloadHandler = BadUnload;
#ifndef BAD_NO_PAUSE
	chars.PauseHandler = BadPause;
#endif
	chars.RestartHandler = BadRestart;
	chars.OidRequestHandler = BadOidRequest;
	chars.SendNetBufferListsHandler = BadSend;
	chars.ReturnNetBufferListsHandler = BadReturn;
	chars.CancelSendHandler = BadCancelSend;
	chars.DevicePnPEventNotifyHandler = BadPnP;
	chars.ShutdownHandlerEx = BadShutdown;
	chars.CancelOidRequestHandler = BadCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL,
					   &chars, &BadDriverHandle);
}
