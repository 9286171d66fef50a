/* bench_miniport.c — the built-in miniport `ndisdma bench` measures with.
 *
 * Written against <ndis.h> the way a transmit path is: it declares itself a
 * bus master, registers a scatter/gather DMA channel (64-bit, or 32-bit
 * when the configuration keyword DmaBits is 32), preallocates one SG list
 * of ScatterGatherListSize bytes, and maps NET_BUFFERs at DISPATCH_LEVEL
 * with NdisMAllocateNetBufferSGList / MiniportProcessSGList /
 * NdisMFreeNetBufferSGList.  What the bench times is what a driver sees.
 * It moves no traffic: the adapter stays Paused.
 */
#include <errno.h>
#include <stdio.h>

#include "bench_set.h"

#define BM_TAG          ((ULONG)'B' | ((ULONG)'n' << 8) | ((ULONG)'c' << 16) | ((ULONG)'h' << 24))
#define BM_MAX_MAPPING  (64 * 1024)
#define BM_PAGE         4096u

struct _BENCH_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	ULONG DmaBits;
	ULONG ScatterGatherListSize;
	NDIS_HANDLE DriverHandle;
};

static MINIPORT_INITIALIZE BmInitializeEx;
static MINIPORT_HALT BmHaltEx;
static MINIPORT_DRIVER_UNLOAD BmDriverUnload;
static MINIPORT_PAUSE BmPause;
static MINIPORT_RESTART BmRestart;
static MINIPORT_OID_REQUEST BmOidRequest;
static MINIPORT_SEND_NET_BUFFER_LISTS BmSendNetBufferLists;
static MINIPORT_RETURN_NET_BUFFER_LISTS BmReturnNetBufferLists;
static MINIPORT_CANCEL_SEND BmCancelSend;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY BmDevicePnPEventNotify;
static MINIPORT_SHUTDOWN BmShutdownEx;
static MINIPORT_CANCEL_OID_REQUEST BmCancelOidRequest;
static MINIPORT_PROCESS_SG_LIST BmProcessSGList;

/* As on Windows, the driver handle is the driver-wide state that
 * MiniportDriverUnload needs; the bench runs one machine at a time. */
static NDIS_HANDLE BmDriverHandle;

int32_t bench_driver_entry(void *driver_object, void *registry_path)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

	NdisZeroMemory(&chars, sizeof(chars));
	chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	chars.MajorNdisVersion = 6;
	chars.MinorNdisVersion = 30;
	chars.MajorDriverVersion = 1;
	chars.InitializeHandlerEx = BmInitializeEx;
	chars.HaltHandlerEx = BmHaltEx;
	chars.UnloadHandler = BmDriverUnload;
	chars.PauseHandler = BmPause;
	chars.RestartHandler = BmRestart;
	chars.OidRequestHandler = BmOidRequest;
	chars.SendNetBufferListsHandler = BmSendNetBufferLists;
	chars.ReturnNetBufferListsHandler = BmReturnNetBufferLists;
	chars.CancelSendHandler = BmCancelSend;
	chars.DevicePnPEventNotifyHandler = BmDevicePnPEventNotify;
	chars.ShutdownHandlerEx = BmShutdownEx;
	chars.CancelOidRequestHandler = BmCancelOidRequest;
	return NdisMRegisterMiniportDriver((PDRIVER_OBJECT)driver_object,
					   (PUNICODE_STRING)registry_path, NULL,
					   &chars, &BmDriverHandle);
}

static VOID BmDriverUnload(PDRIVER_OBJECT DriverObject)
{
	NdisMDeregisterMiniportDriver(BmDriverHandle);
	BmDriverHandle = NULL;
}

/* ---- initialization and halt --------------------------------------------- */

static NDIS_STATUS BmSetAttributes(PBENCH_ADAPTER ad)
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

/* DmaBits: 32 or 64 (default 64). */
static VOID BmReadConfiguration(PBENCH_ADAPTER ad)
{
	NDIS_CONFIGURATION_OBJECT obj;
	NDIS_HANDLE config = NULL;
	PNDIS_CONFIGURATION_PARAMETER value = NULL;
	NDIS_STRING keyword = NDIS_STRING_CONST("DmaBits");
	NDIS_STATUS status;

	ad->DmaBits = 64;
	NdisZeroMemory(&obj, sizeof(obj));
	obj.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	obj.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	obj.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	obj.NdisHandle = ad->AdapterHandle;
	if (NdisOpenConfigurationEx(&obj, &config) != NDIS_STATUS_SUCCESS)
		return;
	NdisReadConfiguration(&status, &value, config, &keyword, NdisParameterInteger);
	if (status == NDIS_STATUS_SUCCESS && value->ParameterData.IntegerData == 32)
		ad->DmaBits = 32;
	NdisCloseConfiguration(config);
}

static NDIS_STATUS BmRegisterDma(PBENCH_ADAPTER ad)
{
	NDIS_SG_DMA_DESCRIPTION dma;
	NDIS_STATUS status;

	NdisZeroMemory(&dma, sizeof(dma));
	dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Flags = ad->DmaBits == 64 ? NDIS_SG_DMA_64_BIT_ADDRESS : 0;
	dma.MaximumPhysicalMapping = BM_MAX_MAPPING;
	dma.ProcessSGListHandler = BmProcessSGList;
	status = NdisMRegisterScatterGatherDma(ad->AdapterHandle, &dma, &ad->DmaHandle);
	if (status != NDIS_STATUS_SUCCESS) {
		ad->DmaHandle = NULL;
		return status;
	}
	ad->ScatterGatherListSize = dma.ScatterGatherListSize;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS BmInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
				  NDIS_HANDLE MiniportDriverContext,
				  PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PBENCH_ADAPTER ad;
	NDIS_STATUS status;

	ad = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*ad),
					       BM_TAG, NormalPoolPriority);
	if (ad == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(ad, sizeof(*ad));
	ad->AdapterHandle = MiniportAdapterHandle;
	BmReadConfiguration(ad);
	status = BmSetAttributes(ad);
	if (status == NDIS_STATUS_SUCCESS)
		status = BmRegisterDma(ad);
	if (status != NDIS_STATUS_SUCCESS)
		NdisFreeMemory(ad, 0, 0);
	return status;
}

static VOID BmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PBENCH_ADAPTER ad = (PBENCH_ADAPTER)MiniportAdapterContext;

	NdisMDeregisterScatterGatherDma(ad->DmaHandle);
	NdisFreeMemory(ad, 0, 0);
}

static NDIS_STATUS BmPause(NDIS_HANDLE MiniportAdapterContext,
			   PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS BmRestart(NDIS_HANDLE MiniportAdapterContext,
			     PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS BmOidRequest(NDIS_HANDLE MiniportAdapterContext,
				PNDIS_OID_REQUEST OidRequest)
{
	return NDIS_STATUS_NOT_SUPPORTED;
}

/* The bench never sends through NDIS: complete anything with a failure. */
static VOID BmSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
				 PNET_BUFFER_LIST NetBufferLists,
				 NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PBENCH_ADAPTER ad = (PBENCH_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;

	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
	NdisMSendNetBufferListsComplete(ad->AdapterHandle, NetBufferLists,
		(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

static VOID BmReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext,
				   PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
}

static VOID BmCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
}

static VOID BmDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext,
				   PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
}

static VOID BmShutdownEx(NDIS_HANDLE MiniportAdapterContext,
			 NDIS_SHUTDOWN_ACTION ShutdownAction)
{
}

static VOID BmCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
}

/* ---- the transmit mapping path ------------------------------------------- */

/* A transmit path would write descriptors from the elements here. */
static VOID BmProcessSGList(PDEVICE_OBJECT pDO, PVOID Reserved,
			    PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	BENCH_REQUEST *req = (BENCH_REQUEST *)Context;

	req->List = pSGL;
	req->Elements += pSGL->NumberOfElements;
}

NDIS_HANDLE bench_adapter_handle(PBENCH_ADAPTER ad)
{
	return ad->AdapterHandle;
}

ULONG bench_adapter_sg_list_size(PBENCH_ADAPTER ad)
{
	return ad->ScatterGatherListSize;
}

/* One batch at DISPATCH_LEVEL; FALSE when a call failed. */
static BOOLEAN BmMapBatch(struct bench_set *set, uint64_t first, uint32_t n)
{
	NDIS_HANDLE dma = set->adapter->DmaHandle;
	BENCH_REQUEST *req = &set->request;
	uint32_t nbs = set->shape.nbs;
	uint32_t at = (uint32_t)(first % nbs);

	for (uint32_t i = 0; i < n; i++) {
		PNET_BUFFER nb = set->nbs[at];
		NDIS_STATUS st;

		req->List = NULL;
		st = NdisMAllocateNetBufferSGList(dma, nb, req,
						  NDIS_SG_LIST_WRITE_TO_DEVICE,
						  set->storage, set->storage_bytes);
		if (st != NDIS_STATUS_SUCCESS || req->List == NULL) {
			fprintf(stderr, "ndisdma bench: NdisMAllocateNetBufferSGList: "
				"status 0x%08x%s\n", (unsigned)st,
				st == NDIS_STATUS_SUCCESS ? " (callback deferred)" : "");
			return FALSE;
		}
		NdisMFreeNetBufferSGList(dma, req->List, nb);
		if (++at == nbs)
			at = 0;
	}
	return TRUE;
}

int bench_loop_api(struct bench_set *set, uint64_t packets, struct bench_timing *t)
{
	KIRQL old;
	uint64_t done = 0;
	int rc = 0;

	set->request.Elements = 0;
	KeRaiseIrql(DISPATCH_LEVEL, &old);   /* spec §5: called at DISPATCH */
	while (done < packets) {
		uint32_t n = packets - done < BENCH_BATCH ?
			     (uint32_t)(packets - done) : BENCH_BATCH;
		uint64_t t0 = bench_now_ns();

		if (!BmMapBatch(set, done, n)) {
			rc = -1;
			break;
		}
		if (bench_timing_add(t, (double)(bench_now_ns() - t0) / n) != 0) {
			rc = -1;
			break;
		}
		done += n;
	}
	KeLowerIrql(old);
	t->packets += done;
	t->elements += set->request.Elements;
	return rc;
}
