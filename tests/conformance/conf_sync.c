/*
 * conf_sync.c — conformance miniport: synchronisation, deferred work and
 * time as the public NDIS docs describe them, written without ndisdma's
 * source.  Initialize checks spin locks (raise to DISPATCH_LEVEL and back),
 * NDIS_RAISE_IRQL_TO_DISPATCH / NDIS_LOWER_IRQL, KeRaiseIrql, events with
 * and without timeout, a work item (PASSIVE_LEVEL), one-shot, cancelled and
 * periodic timers (DISPATCH_LEVEL), NdisMSleep against
 * NdisGetCurrentSystemTime, NdisStallExecution, the NdisInterlocked* calls
 * and, with the device's interrupt resource, NdisMRegisterInterruptEx and
 * NdisMSynchronizeWithInterruptEx (at the device IRQL).  Restart pends and
 * completes from a work item, Pause from a timer DPC, one OID from a timer.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"
#include "conf_layout.h"

#define SY_TAG 'tseT'

typedef struct _SY_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE WorkItem;
	NDIS_HANDLE OneShot;
	NDIS_HANDLE Periodic;
	NDIS_HANDLE Deferred;           /* Pause and OID completion */
	NDIS_HANDLE Interrupt;
	NDIS_SPIN_LOCK Lock;
	NDIS_SPIN_LOCK ListLock;
	NDIS_EVENT Event;
	LIST_ENTRY List;
	volatile LONG OneShotRuns;
	volatile LONG PeriodicRuns;
	volatile LONG WorkRuns;
	volatile LONG SyncRuns;
	ULONG Counter;
	PNDIS_OID_REQUEST PendingOid;
	BOOLEAN Pausing;
	BOOLEAN Restarting;
} SY_ADAPTER, *PSY_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE SyInitialize;
MINIPORT_HALT SyHalt;
MINIPORT_UNLOAD SyUnload;
MINIPORT_PAUSE SyPause;
MINIPORT_RESTART SyRestart;
MINIPORT_OID_REQUEST SyOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS SySend;
MINIPORT_RETURN_NET_BUFFER_LISTS SyReturn;
MINIPORT_CANCEL_SEND SyCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY SyPnpEvent;
MINIPORT_SHUTDOWN SyShutdown;
MINIPORT_CANCEL_OID_REQUEST SyCancelOid;
MINIPORT_ISR SyIsr;
MINIPORT_INTERRUPT_DPC SyDpc;
MINIPORT_ENABLE_INTERRUPT SyEnableInterrupt;
MINIPORT_DISABLE_INTERRUPT SyDisableInterrupt;
MINIPORT_SYNCHRONIZE_INTERRUPT SySynchronize;
NDIS_TIMER_FUNCTION SyOneShot;
NDIS_TIMER_FUNCTION SyPeriodic;
NDIS_TIMER_FUNCTION SyDeferred;
NDIS_IO_WORKITEM_FUNCTION SyWork;

static NDIS_HANDLE g_DriverHandle;

#include "conf_sync_checks.h"

_Use_decl_annotations_
VOID
SyWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	PSY_ADAPTER a = (PSY_ADAPTER)WorkItemContext;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(NdisIoWorkItemHandle == a->WorkItem);
	InterlockedIncrement(&a->WorkRuns);
	if (a->Restarting) {
		a->Restarting = FALSE;
		NdisMRestartComplete(a->AdapterHandle, NDIS_STATUS_SUCCESS);
		return;
	}
	NdisSetEvent(&a->Event);
}

_Use_decl_annotations_
VOID
SyDeferred(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	   PVOID SystemSpecific3)
{
	PSY_ADAPTER a = (PSY_ADAPTER)FunctionContext;
	PNDIS_OID_REQUEST req;
	BOOLEAN pausing;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	/* PendingOid and Pausing are shared with SyOidRequest / SyPause */
	NdisDprAcquireSpinLock(&a->Lock);
	req = a->PendingOid;
	a->PendingOid = NULL;
	pausing = a->Pausing;
	a->Pausing = FALSE;
	NdisDprReleaseSpinLock(&a->Lock);
	if (req != NULL) {
		req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		NdisMOidRequestComplete(a->AdapterHandle, req, NDIS_STATUS_SUCCESS);
	}
	if (pausing) {
		NdisMPauseComplete(a->AdapterHandle);
	}
}

_Use_decl_annotations_
NDIS_STATUS
SyRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PSY_ADAPTER a = (PSY_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(RestartParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	a->Restarting = TRUE;
	NdisQueueIoWorkItem(a->WorkItem, SyWork, a);
	return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
NDIS_STATUS
SyPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PSY_ADAPTER a = (PSY_ADAPTER)MiniportAdapterContext;
	LARGE_INTEGER due;

	UNREFERENCED_PARAMETER(PauseParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisAcquireSpinLock(&a->Lock);
	a->Pausing = TRUE;
	NdisReleaseSpinLock(&a->Lock);
	due.QuadPart = -20000; /* 2 ms */
	NdisSetTimerObject(a->Deferred, due, 0, NULL);
	return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
NDIS_STATUS
SyOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PSY_ADAPTER a = (PSY_ADAPTER)MiniportAdapterContext;
	static const UCHAR mac[6] = { 0x02, 0x53, 0x59, 0x4e, 0x43, 0x00 };
	LARGE_INTEGER due;

	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (OidRequest->RequestType == NdisRequestSetInformation &&
	    OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		/* pended, completed at DISPATCH_LEVEL by the timer */
		NdisAcquireSpinLock(&a->Lock);
		a->PendingOid = OidRequest;
		NdisReleaseSpinLock(&a->Lock);
		due.QuadPart = -10000;
		NdisSetTimerObject(a->Deferred, due, 0, NULL);
		return NDIS_STATUS_PENDING;
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
SySend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PSY_ADAPTER a = (PSY_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;

	UNREFERENCED_PARAMETER(PortNumber);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	}
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
					NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID SyReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ReturnFlags);
	CONF_CHECK(NetBufferLists == NULL);
}

_Use_decl_annotations_
VOID SyCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID SyPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID SyShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID SyCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID SyUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	mc.InitializeHandlerEx = SyInitialize;
	mc.HaltHandlerEx = SyHalt;
	mc.UnloadHandler = SyUnload;
	mc.PauseHandler = SyPause;
	mc.RestartHandler = SyRestart;
	mc.OidRequestHandler = SyOidRequest;
	mc.SendNetBufferListsHandler = SySend;
	mc.ReturnNetBufferListsHandler = SyReturn;
	mc.CancelSendHandler = SyCancelSend;
	mc.DevicePnPEventNotifyHandler = SyPnpEvent;
	mc.ShutdownHandlerEx = SyShutdown;
	mc.CancelOidRequestHandler = SyCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_DriverHandle);
}
