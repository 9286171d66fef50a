/*
 * conf_rwlock61.c — conformance miniport: an NDIS 6.1 driver and the
 * read/write lock of its time, NDIS_RW_LOCK (NdisInitializeReadWriteLock,
 * NdisAcquireReadWriteLock, NdisReleaseReadWriteLock), from the public
 * pages, written without ndisdma's source.  The lock guards a table that
 * MiniportInitializeEx writes at PASSIVE_LEVEL and a timer DPC reads and
 * updates at DISPATCH_LEVEL; every acquisition raises to DISPATCH_LEVEL and
 * its release restores the IRQL saved in its own LOCK_STATE.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS61_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define RW_TAG '1wRC'

/* a 6.1 driver sees the classic lock (x64: 16 + 16 * 64 bytes) */
C_ASSERT(NDIS_SUPPORT_60_COMPATIBLE_API);
C_ASSERT(sizeof(NDIS_RW_LOCK) == 1040);
C_ASSERT(sizeof(LOCK_STATE) == 4);

typedef struct _RW_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_RW_LOCK Lock;
	ULONG Table[8];               /* under Lock */
	NDIS_SPIN_LOCK SpinLock;
	NDIS_HANDLE Timer;
	NDIS_EVENT TimerDone;
} RW_ADAPTER, *PRW_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE RwInitialize;
MINIPORT_HALT RwHalt;
MINIPORT_UNLOAD RwUnload;
MINIPORT_PAUSE RwPause;
MINIPORT_RESTART RwRestart;
MINIPORT_OID_REQUEST RwOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS RwSend;
MINIPORT_RETURN_NET_BUFFER_LISTS RwReturn;
MINIPORT_CANCEL_SEND RwCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY RwPnpEvent;
MINIPORT_SHUTDOWN RwShutdown;
MINIPORT_CANCEL_OID_REQUEST RwCancelOid;
NDIS_TIMER_FUNCTION RwTimer;

static NDIS_HANDLE g_DriverHandle;

_Use_decl_annotations_
VOID
RwTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	PVOID SystemSpecific3)
{
	PRW_ADAPTER a = (PRW_ADAPTER)FunctionContext;
	LOCK_STATE read, write;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisAcquireReadWriteLock(&a->Lock, FALSE, &read);
	CONF_CHECK(read.OldIrql == DISPATCH_LEVEL);
	CONF_CHECK(a->Table[7] == 7);
	NdisReleaseReadWriteLock(&a->Lock, &read);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisAcquireReadWriteLock(&a->Lock, TRUE, &write);
	a->Table[7] = 70;
	NdisReleaseReadWriteLock(&a->Lock, &write);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisSetEvent(&a->TimerDone);
}

static VOID
RwCheckLock(PRW_ADAPTER a)
{
	LOCK_STATE outer, inner;
	ULONG i;

	NdisAllocateSpinLock(&a->SpinLock);
	NdisInitializeReadWriteLock(&a->Lock);
	NdisAcquireReadWriteLock(&a->Lock, TRUE, &outer);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);                   /* always raises */
	CONF_CHECK(outer.OldIrql == PASSIVE_LEVEL);
	for (i = 0; i < RTL_NUMBER_OF(a->Table); i++) {
		a->Table[i] = i;
	}
	NdisReleaseReadWriteLock(&a->Lock, &outer);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	/* from DISPATCH_LEVEL: the saved IRQL is DISPATCH_LEVEL */
	NdisAcquireSpinLock(&a->SpinLock);
	NdisAcquireReadWriteLock(&a->Lock, FALSE, &inner);
	CONF_CHECK(inner.OldIrql == DISPATCH_LEVEL && a->Table[5] == 5);
	NdisReleaseReadWriteLock(&a->Lock, &inner);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisReleaseSpinLock(&a->SpinLock);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);                    /* restored */
	/* readers may nest on one processor, one LOCK_STATE each */
	NdisAcquireReadWriteLock(&a->Lock, FALSE, &outer);
	NdisAcquireReadWriteLock(&a->Lock, FALSE, &inner);
	CONF_CHECK(inner.OldIrql == DISPATCH_LEVEL);
	CONF_CHECK(a->Table[3] == 3);
	NdisReleaseReadWriteLock(&a->Lock, &inner);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisReleaseReadWriteLock(&a->Lock, &outer);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
}

static VOID
RwCheckFromDpc(PRW_ADAPTER a)
{
	NDIS_TIMER_CHARACTERISTICS tc;
	LOCK_STATE state;
	LARGE_INTEGER due;

	NdisZeroMemory(&tc, sizeof(tc));
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.AllocationTag = RW_TAG;
	tc.TimerFunction = RwTimer;
	tc.FunctionContext = a;
	CONF_CHECK(NdisAllocateTimerObject(a->AdapterHandle, &tc, &a->Timer) ==
		   NDIS_STATUS_SUCCESS);
	if (a->Timer == NULL) {
		return;
	}
	NdisInitializeEvent(&a->TimerDone);
	due.QuadPart = -10000;
	NdisSetTimerObject(a->Timer, due, 0, NULL);
	CONF_CHECK(NdisWaitEvent(&a->TimerDone, 5000));
	NdisAcquireReadWriteLock(&a->Lock, FALSE, &state);
	CONF_CHECK(a->Table[7] == 70);
	NdisReleaseReadWriteLock(&a->Lock, &state);
}

_Use_decl_annotations_
NDIS_STATUS
RwInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	PRW_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), RW_TAG,
					      NormalPoolPriority);
	if (a == NULL) {
		return NDIS_STATUS_RESOURCES;
	}
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePNPBus;
	status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
					    (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	RwCheckLock(a);
	RwCheckFromDpc(a);
	if (status != NDIS_STATUS_SUCCESS) {
		if (a->Timer != NULL) {
			NdisFreeTimerObject(a->Timer);
		}
		NdisFreeMemory(a, 0, 0);
	}
	return status;
}

_Use_decl_annotations_
VOID
RwHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PRW_ADAPTER a = (PRW_ADAPTER)MiniportAdapterContext;
	LOCK_STATE state;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisAcquireReadWriteLock(&a->Lock, TRUE, &state);
	CONF_CHECK(a->Table[7] == 70);                     /* the DPC's update stayed */
	NdisReleaseReadWriteLock(&a->Lock, &state);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	if (a->Timer != NULL) {
		NdisFreeTimerObject(a->Timer);
	}
	NdisFreeSpinLock(&a->SpinLock);
	NdisFreeMemory(a, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
RwRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
RwPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
RwOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x52, 0x57, 0x00, 0x00, 0x61 };
	PRW_ADAPTER a = (PRW_ADAPTER)MiniportAdapterContext;
	LOCK_STATE state;

	/* OIDs read the table as readers */
	NdisAcquireReadWriteLock(&a->Lock, FALSE, &state);
	CONF_CHECK(a->Table[0] == 0);
	NdisReleaseReadWriteLock(&a->Lock, &state);
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
RwSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PRW_ADAPTER a = (PRW_ADAPTER)MiniportAdapterContext;
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
VOID RwReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID RwCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID RwPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID RwShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID RwCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID RwUnload(PDRIVER_OBJECT DriverObject)
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
	mc.InitializeHandlerEx = RwInitialize;
	mc.HaltHandlerEx = RwHalt;
	mc.UnloadHandler = RwUnload;
	mc.PauseHandler = RwPause;
	mc.RestartHandler = RwRestart;
	mc.OidRequestHandler = RwOidRequest;
	mc.SendNetBufferListsHandler = RwSend;
	mc.ReturnNetBufferListsHandler = RwReturn;
	mc.CancelSendHandler = RwCancelSend;
	mc.DevicePnPEventNotifyHandler = RwPnpEvent;
	mc.ShutdownHandlerEx = RwShutdown;
	mc.CancelOidRequestHandler = RwCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_DriverHandle);
}
