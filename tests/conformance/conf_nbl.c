/*
 * conf_nbl.c — conformance miniport: NET_BUFFER_LIST / NET_BUFFER / MDL
 * handling of an NDIS 6.0 miniport, written only against the public docs.
 *
 * Receive buffers come from NdisAllocateMemoryWithTagPriority with MDLs from
 * NdisAllocateMdl, wrapped both ways (NdisAllocateNetBufferAndNetBufferList,
 * and NdisAllocateNetBufferList + NdisAllocateNetBuffer from separate
 * pools).  A timer DPC builds frames (NdisRetreatNetBufferDataStart +
 * NdisGetDataBuffer for the Ethernet header) and indicates them at
 * DISPATCH_LEVEL, one batch normally and one with NDIS_RECEIVE_FLAGS_RESOURCES
 * (ownership back when the call returns); MiniportReturnNetBufferLists gives
 * the rest back and Pause waits for them.  Sends are checked byte for byte:
 * NdisGetDataBuffer against a walk of the MDL chain with NdisQueryMdl.
 * NblFlags (NdisSetNblFlag and friends) and a cancel id made from
 * NdisGeneratePartialCancelId are checked on a receive NBL.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS60_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"
#include "conf_layout.h"

#define NB_TAG          'tseT'
#define NB_RX_COUNT     16
#define NB_RX_BYTES     2048
#define NB_RX_BACKFILL  64
#define NB_RX_PAYLOAD   200
#define NB_ETH_HEADER   14
#define NB_SCRATCH      (16 * 1024)
#define NB_BATCH        4

typedef struct _NB_RX {
	LIST_ENTRY Link;
	PUCHAR Buffer;
	PMDL Mdl;
	PNET_BUFFER_LIST Nbl;
	BOOLEAN Separate;               /* NBL and NB from two pools */
} NB_RX, *PNB_RX;

typedef struct _NB_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE NblPool;            /* NBLs with an NB each */
	NDIS_HANDLE BareNblPool;        /* NBLs alone */
	NDIS_HANDLE NbPool;
	NDIS_HANDLE Timer;
	NDIS_SPIN_LOCK Lock;
	LIST_ENTRY FreeRx;
	NB_RX Rx[NB_RX_COUNT];
	PUCHAR Scratch;                 /* NB_SCRATCH, under Lock */
	PUCHAR Walk;                    /* NB_SCRATCH, under Lock */
	volatile LONG Outstanding;      /* indicated, not yet returned */
	volatile LONG Pausing;
	LONG Indicated, Returned, Sequence;
} NB_ADAPTER, *PNB_ADAPTER;

#define NB_RX_OF(_nbl) (*(PNB_RX *)&NET_BUFFER_LIST_MINIPORT_RESERVED(_nbl)[0])

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE NbInitialize;
MINIPORT_HALT NbHalt;
MINIPORT_UNLOAD NbUnload;
MINIPORT_PAUSE NbPause;
MINIPORT_RESTART NbRestart;
MINIPORT_OID_REQUEST NbOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS NbSend;
MINIPORT_RETURN_NET_BUFFER_LISTS NbReturn;
MINIPORT_CANCEL_SEND NbCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY NbPnpEvent;
MINIPORT_SHUTDOWN NbShutdown;
MINIPORT_CANCEL_OID_REQUEST NbCancelOid;
NDIS_TIMER_FUNCTION NbReceiveTimer;

static NDIS_HANDLE g_DriverHandle;

#include "conf_nbl_buffers.h"
#include "conf_nbl_data.h"

static VOID
NbFinishPause(PNB_ADAPTER a)
{
	if (InterlockedCompareExchange(&a->Pausing, 2, 1) == 1) {
		NdisMPauseComplete(a->AdapterHandle);
	}
}

_Use_decl_annotations_
VOID
NbReceiveTimer(PVOID SystemSpecific1, PVOID FunctionContext,
	       PVOID SystemSpecific2, PVOID SystemSpecific3)
{
	PNB_ADAPTER a = (PNB_ADAPTER)FunctionContext;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NbIndicateBatch(a, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
	NbIndicateBatch(a, NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | NDIS_RECEIVE_FLAGS_RESOURCES);
	if (InterlockedDecrement(&a->Outstanding) == 0) {
		NbFinishPause(a); /* the timer's own reference */
	}
}

_Use_decl_annotations_
VOID
NbReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	PNB_ADAPTER a = (PNB_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, next;

	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags)) {
		CONF_CHECK_IRQL(DISPATCH_LEVEL);
	}
	for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
		NbRecycle(a, NB_RX_OF(nbl));
		InterlockedIncrement(&a->Returned);
		if (InterlockedDecrement(&a->Outstanding) == 0) {
			NbFinishPause(a);
		}
	}
}

_Use_decl_annotations_
NDIS_STATUS
NbRestart(NDIS_HANDLE MiniportAdapterContext,
	  PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PNB_ADAPTER a = (PNB_ADAPTER)MiniportAdapterContext;
	LARGE_INTEGER due;

	UNREFERENCED_PARAMETER(RestartParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	InterlockedExchange(&a->Pausing, 0);
	InterlockedIncrement(&a->Outstanding); /* until the timer has run */
	due.QuadPart = -10 * 1000 * 5;         /* 5 ms */
	NdisSetTimerObject(a->Timer, due, 0, a);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
NbPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PNB_ADAPTER a = (PNB_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(PauseParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	InterlockedExchange(&a->Pausing, 1);
	if (InterlockedCompareExchange(&a->Outstanding, 0, 0) != 0 ||
	    InterlockedCompareExchange(&a->Pausing, 2, 1) != 1) {
		return NDIS_STATUS_PENDING;
	}
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NbSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PNB_ADAPTER a = (PNB_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;
	PNET_BUFFER nb;
	ULONG flags = 0;

	UNREFERENCED_PARAMETER(PortNumber);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
		CONF_CHECK_IRQL(DISPATCH_LEVEL);
		NDIS_SET_SEND_COMPLETE_FLAG(flags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
	}
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
			NbCheckSendData(a, nb);
		}
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	}
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists, flags);
}

_Use_decl_annotations_
NDIS_STATUS
NbOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x00, 0x00, 0xAB, 0xCD, 0xEF };

	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	if (OidRequest->RequestType == NdisRequestSetInformation) {
		return OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER ?
			       NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED;
	}
	if (OidRequest->DATA.QUERY_INFORMATION.Oid != OID_802_3_CURRENT_ADDRESS) {
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength < sizeof(mac)) {
		OidRequest->DATA.QUERY_INFORMATION.BytesNeeded = sizeof(mac);
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(OidRequest->DATA.QUERY_INFORMATION.InformationBuffer, mac, sizeof(mac));
	OidRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID NbCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID NbPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID NbShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID NbCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID NbUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	CONF_CHECK(mc.MajorNdisVersion == 6 && mc.MinorNdisVersion == 0);
	mc.InitializeHandlerEx = NbInitialize;
	mc.HaltHandlerEx = NbHalt;
	mc.UnloadHandler = NbUnload;
	mc.PauseHandler = NbPause;
	mc.RestartHandler = NbRestart;
	mc.OidRequestHandler = NbOidRequest;
	mc.SendNetBufferListsHandler = NbSend;
	mc.ReturnNetBufferListsHandler = NbReturn;
	mc.CancelSendHandler = NbCancelSend;
	mc.DevicePnPEventNotifyHandler = NbPnpEvent;
	mc.ShutdownHandlerEx = NbShutdown;
	mc.CancelOidRequestHandler = NbCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_DriverHandle);
}
