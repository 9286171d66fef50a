/*
 * conf_ex.c — conformance miniport: the executive services an NDIS 6.30
 * miniport uses, as the public WDK pages describe them, written without
 * ndisdma's source.  DriverEntry keeps a driver-wide table in pool and an
 * NDIS_RW_LOCK_EX allocated with a NULL handle; MiniportInitializeEx checks
 * pool with tags (ExAllocatePoolWithTag/Zero/2: alignment, zeroing,
 * documented failures), an NDIS lookaside list and an Ex one with the
 * driver's own allocate/free routines (LIFO reuse, callback arguments,
 * flush, delete), S-lists and the NDIS S-list wrappers, the ExInterlocked
 * list routines, and an NDIS_RW_LOCK_EX taken at PASSIVE_LEVEL and from a
 * timer DPC at DISPATCH_LEVEL.  MiniportHaltEx and MiniportDriverUnload give
 * everything back (a leak would be a verifier report the host counts).
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define EX_TAG    'xEfC'   /* pool tags as a driver writes them: "CfEx" */
#define EX_RX_TAG 'xRfC'
#define EX_TX_TAG 'xTfC'
#define EX_DESCRIPTORS 8

typedef struct _EX_RX_CONTEXT {
	ULONG Index;
	UCHAR Header[124];
} EX_RX_CONTEXT, *PEX_RX_CONTEXT;

typedef struct _EX_TX_BUFFER {
	LIST_ENTRY Link;
	UCHAR Data[256];
} EX_TX_BUFFER, *PEX_TX_BUFFER;

typedef struct _EX_DESCRIPTOR {
	SLIST_ENTRY Link;          /* first: an S-list entry is 16-byte aligned */
	ULONG Id;
} EX_DESCRIPTOR, *PEX_DESCRIPTOR;

typedef struct _EX_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NPAGED_LOOKASIDE_LIST RxLookaside;   /* NDIS form, own routines */
	LOOKASIDE_LIST_EX TxLookaside;       /* Ex form, own routines */
	volatile LONG TxAllocs;
	volatile LONG TxFrees;
	SLIST_HEADER FreeDescriptors;
	PEX_DESCRIPTOR Descriptors;
	NDIS_SPIN_LOCK SListLock;
	NDIS_SPIN_LOCK ListLock;
	LIST_ENTRY Pending;
	SINGLE_LIST_ENTRY Stack;
	PNDIS_RW_LOCK_EX TableLock;
	ULONG Table[16];                     /* under TableLock */
	NDIS_HANDLE Timer;
	NDIS_EVENT TimerDone;
} EX_ADAPTER, *PEX_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE ExInitialize;
MINIPORT_HALT ExHalt;
MINIPORT_UNLOAD ExUnload;
MINIPORT_PAUSE ExPause;
MINIPORT_RESTART ExRestart;
MINIPORT_OID_REQUEST ExOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS ExSend;
MINIPORT_RETURN_NET_BUFFER_LISTS ExReturn;
MINIPORT_CANCEL_SEND ExCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY ExPnpEvent;
MINIPORT_SHUTDOWN ExShutdown;
MINIPORT_CANCEL_OID_REQUEST ExCancelOid;
ALLOCATE_FUNCTION ExRxAllocate;
FREE_FUNCTION ExRxFree;
ALLOCATE_FUNCTION_EX ExTxAllocate;
FREE_FUNCTION_EX ExTxFree;
NDIS_TIMER_FUNCTION ExTimer;

static NDIS_HANDLE g_DriverHandle;
static PULONG g_DriverTable;             /* driver-wide, from DriverEntry */
static PNDIS_RW_LOCK_EX g_DriverLock;
static volatile LONG g_RxAllocs;
static volatile LONG g_RxFrees;

#include "conf_ex_checks.h"

_Use_decl_annotations_
NDIS_STATUS
ExRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ExPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ExOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x45, 0x58, 0x00, 0x00, 0x01 };

	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (OidRequest->RequestType == NdisRequestSetInformation &&
	    OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		OidRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (OidRequest->RequestType != NdisRequestQueryInformation ||
	    OidRequest->DATA.QUERY_INFORMATION.Oid != OID_802_3_CURRENT_ADDRESS) {
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
VOID
ExSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PEX_ADAPTER a = (PEX_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;

	UNREFERENCED_PARAMETER(PortNumber);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	}
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID ExReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID ExCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID ExPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID ExShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID ExCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID ExUnload(PDRIVER_OBJECT DriverObject)
{
	LOCK_STATE_EX state;

	UNREFERENCED_PARAMETER(DriverObject);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisAcquireRWLockRead(g_DriverLock, &state, 0);
	CONF_CHECK(g_DriverTable[0] == 0x45584452);   /* written in DriverEntry */
	NdisReleaseRWLock(g_DriverLock, &state);
	NdisFreeRWLock(g_DriverLock);
	ExFreePoolWithTag(g_DriverTable, EX_TAG);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;
	LOCK_STATE_EX state;
	NDIS_STATUS status;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	g_DriverTable = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, 64 * sizeof(ULONG), EX_TAG);
	/* NDIS 6.30 (Win8+): a NULL handle is allowed in DriverEntry */
	g_DriverLock = NdisAllocateRWLock(NULL);
	if (g_DriverTable == NULL || g_DriverLock == NULL) {
		if (g_DriverLock != NULL) {
			NdisFreeRWLock(g_DriverLock);
		}
		if (g_DriverTable != NULL) {
			ExFreePoolWithTag(g_DriverTable, EX_TAG);
		}
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	CONF_CHECK(g_DriverTable[63] == 0);                 /* ExAllocatePool2 zeroes */
	NdisAcquireRWLockWrite(g_DriverLock, &state, 0);
	g_DriverTable[0] = 0x45584452;
	NdisReleaseRWLock(g_DriverLock, &state);

	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	mc.InitializeHandlerEx = ExInitialize;
	mc.HaltHandlerEx = ExHalt;
	mc.UnloadHandler = ExUnload;
	mc.PauseHandler = ExPause;
	mc.RestartHandler = ExRestart;
	mc.OidRequestHandler = ExOidRequest;
	mc.SendNetBufferListsHandler = ExSend;
	mc.ReturnNetBufferListsHandler = ExReturn;
	mc.CancelSendHandler = ExCancelSend;
	mc.DevicePnPEventNotifyHandler = ExPnpEvent;
	mc.ShutdownHandlerEx = ExShutdown;
	mc.CancelOidRequestHandler = ExCancelOid;
	status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					     &g_DriverHandle);
	if (status != NDIS_STATUS_SUCCESS) {
		NdisFreeRWLock(g_DriverLock);
		ExFreePoolWithTag(g_DriverTable, EX_TAG);
	}
	return status;
}
