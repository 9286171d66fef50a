/*
 * conf_reset.c — conformance miniport: reset and hang detection as the
 * public NDIS 6 docs describe them (MiniportResetEx, NdisMResetComplete,
 * MiniportCheckForHangEx), written without ndisdma's source, as an NDIS
 * 6.30 driver is.
 *
 * Sends are held and completed by a periodic timer, as a device would;
 * from NDIS 6.30 every reset completes them before it completes.  Resets
 * take turns: one pends and completes from a timer DPC asking for an
 * addressing reset (the protocol's packet filter and multicast list must
 * then come again, after the completion), one returns SUCCESS at once, one
 * pends and completes from a work item with NDIS_STATUS_SOFT_ERRORS (and
 * logs the recoverable error, as documented).  CheckForHang runs at
 * PASSIVE_LEVEL and asks for one reset, on its second call.  No send may
 * arrive while a reset is in progress.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define RS_TAG 'tsRC'

typedef struct _RS_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE WorkItem;
	NDIS_HANDLE TxTimer;           /* completes held sends, periodic */
	NDIS_HANDLE ResetTimer;        /* completes a pended reset */
	NDIS_SPIN_LOCK Lock;
	PNET_BUFFER_LIST Held;         /* sends not completed yet (Lock) */
	ULONG HeldCount;
	BOOLEAN ResetInProgress;       /* Lock */
	BOOLEAN AwaitAddressing;       /* the OIDs of an addressing reset are due */
	ULONG Filter;                  /* last OID_GEN_CURRENT_PACKET_FILTER */
	ULONG Resets;
	ULONG FilterSetsAfterReset, MulticastSetsAfterReset;
	LONG HangCalls;
} RS_ADAPTER, *PRS_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE RsInitialize;
MINIPORT_HALT RsHalt;
MINIPORT_UNLOAD RsUnload;
MINIPORT_PAUSE RsPause;
MINIPORT_RESTART RsRestart;
MINIPORT_OID_REQUEST RsOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS RsSend;
MINIPORT_RETURN_NET_BUFFER_LISTS RsReturn;
MINIPORT_CANCEL_SEND RsCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY RsPnpEvent;
MINIPORT_SHUTDOWN RsShutdown;
MINIPORT_CANCEL_OID_REQUEST RsCancelOid;
MINIPORT_RESET RsReset;
MINIPORT_CHECK_FOR_HANG RsCheckForHang;
NDIS_TIMER_FUNCTION RsTxTimer;
NDIS_TIMER_FUNCTION RsResetTimer;
NDIS_IO_WORKITEM_FUNCTION RsResetWork;

static NDIS_HANDLE g_DriverHandle;
static const UCHAR g_Mac[ETH_LENGTH_OF_ADDRESS] = { 0x02, 0x52, 0x53, 0x00, 0x00, 0x01 };

/* Completes every held send (any IRQL <= DISPATCH_LEVEL). */
static VOID
RsCompleteHeld(PRS_ADAPTER a)
{
	PNET_BUFFER_LIST nbls;
	KIRQL irql = KeGetCurrentIrql();

	NdisAcquireSpinLock(&a->Lock);
	nbls = a->Held;
	a->Held = NULL;
	a->HeldCount = 0;
	NdisReleaseSpinLock(&a->Lock);
	if (nbls != NULL) {
		NdisMSendNetBufferListsComplete(a->AdapterHandle, nbls,
			irql == DISPATCH_LEVEL ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
	}
}

_Use_decl_annotations_
VOID
RsTxTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	  PVOID SystemSpecific3)
{
	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	RsCompleteHeld((PRS_ADAPTER)FunctionContext);
}

/* The end of a reset: held sends first (NDIS 6.30), locks released. */
static VOID
RsFinishReset(PRS_ADAPTER a, NDIS_STATUS Status, BOOLEAN Addressing)
{
	RsCompleteHeld(a);
	NdisAcquireSpinLock(&a->Lock);
	a->ResetInProgress = FALSE;
	a->AwaitAddressing = Addressing;
	NdisReleaseSpinLock(&a->Lock);
	NdisMResetComplete(a->AdapterHandle, Status, Addressing);
}

_Use_decl_annotations_
VOID
RsResetTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	     PVOID SystemSpecific3)
{
	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);   /* NdisMResetComplete is allowed here */
	RsFinishReset((PRS_ADAPTER)FunctionContext, NDIS_STATUS_SUCCESS, TRUE);
}

_Use_decl_annotations_
VOID
RsResetWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
	PRS_ADAPTER a = (PRS_ADAPTER)WorkItemContext;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(NdisIoWorkItemHandle == a->WorkItem);
	/* recoverable: say so in the error log, as the docs ask */
	NdisWriteErrorLogEntry(a->AdapterHandle, NDIS_ERROR_CODE_HARDWARE_FAILURE, 2,
			       (ULONG)a->Resets, 0x5E5Eul);
	RsFinishReset(a, NDIS_STATUS_SOFT_ERRORS, FALSE);
}

_Use_decl_annotations_
NDIS_STATUS
RsReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;
	LARGE_INTEGER due;
	ULONG kind;

	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	CONF_CHECK(AddressingReset != NULL);
	*AddressingReset = FALSE;
	NdisAcquireSpinLock(&a->Lock);
	CONF_CHECK(!a->ResetInProgress);   /* NDIS never overlaps resets */
	a->ResetInProgress = TRUE;
	kind = a->Resets++ % 3;
	NdisReleaseSpinLock(&a->Lock);
	switch (kind) {
	case 0:   /* pends; a timer completes it, asking for the addressing OIDs */
		due.QuadPart = -10000;   /* 1 ms */
		NdisSetTimerObject(a->ResetTimer, due, 0, a);
		return NDIS_STATUS_PENDING;
	case 1:   /* done at once, sends completed first */
		RsCompleteHeld(a);
		NdisAcquireSpinLock(&a->Lock);
		a->ResetInProgress = FALSE;
		NdisReleaseSpinLock(&a->Lock);
		return NDIS_STATUS_SUCCESS;
	default:  /* pends; a work item completes it with a recoverable error */
		NdisQueueIoWorkItem(a->WorkItem, RsResetWork, a);
		return NDIS_STATUS_PENDING;
	}
}

_Use_decl_annotations_
BOOLEAN
RsCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return InterlockedIncrement(&a->HangCalls) == 2 ? TRUE : FALSE;
}

_Use_decl_annotations_
VOID
RsSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, last = NetBufferLists;
	ULONG n = 0;

	UNREFERENCED_PARAMETER(SendFlags);
	CONF_CHECK(PortNumber == NDIS_DEFAULT_PORT_NUMBER);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
		last = nbl;
		n++;
	}
	NdisAcquireSpinLock(&a->Lock);
	if (a->ResetInProgress) {
		ConfCheck(FALSE, "a send arrived during a reset", __LINE__);
	}
	NET_BUFFER_LIST_NEXT_NBL(last) = a->Held;
	a->Held = NetBufferLists;
	a->HeldCount += n;
	NdisReleaseSpinLock(&a->Lock);
}

static NDIS_STATUS
RsSetInformation(PRS_ADAPTER a, PNDIS_OID_REQUEST Request)
{
	struct _NDIS_OID_SET *set = &Request->DATA.SET_INFORMATION;
	BOOLEAN after;

	NdisAcquireSpinLock(&a->Lock);
	after = a->AwaitAddressing;
	NdisReleaseSpinLock(&a->Lock);
	switch (set->Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		if (set->InformationBufferLength < sizeof(ULONG)) {
			set->BytesNeeded = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		if (after) {   /* the filter the protocol had set */
			CONF_CHECK(*(PULONG)set->InformationBuffer == a->Filter);
			a->FilterSetsAfterReset++;
		}
		a->Filter = *(PULONG)set->InformationBuffer;
		set->BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_802_3_MULTICAST_LIST:
		CONF_CHECK(set->InformationBufferLength % ETH_LENGTH_OF_ADDRESS == 0);
		if (after) {
			a->MulticastSetsAfterReset++;
			NdisAcquireSpinLock(&a->Lock);
			a->AwaitAddressing = FALSE;   /* the filter, then the list */
			NdisReleaseSpinLock(&a->Lock);
		}
		set->BytesRead = set->InformationBufferLength;
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

_Use_decl_annotations_
NDIS_STATUS
RsOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST Request)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;
	struct _NDIS_OID_QUERY *q = &Request->DATA.QUERY_INFORMATION;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	if (Request->RequestType == NdisRequestSetInformation)
		return RsSetInformation(a, Request);
	if (q->Oid != OID_802_3_CURRENT_ADDRESS)
		return NDIS_STATUS_NOT_SUPPORTED;
	if (q->InformationBufferLength < ETH_LENGTH_OF_ADDRESS) {
		q->BytesNeeded = ETH_LENGTH_OF_ADDRESS;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	ETH_COPY_NETWORK_ADDRESS(q->InformationBuffer, g_Mac);
	q->BytesWritten = ETH_LENGTH_OF_ADDRESS;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
RsSetAttributes(PRS_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
	reg.CheckForHangTimeInSeconds = 0;   /* NDIS's default: every 2 s */
	reg.InterfaceType = NdisInterfaceInternal;
	status = NdisMSetMiniportAttributes(a->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = 1500;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.MacOptions = NDIS_MAC_OPTION_NO_LOOPBACK;
	gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
				     NDIS_PACKET_TYPE_BROADCAST;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	ETH_COPY_NETWORK_ADDRESS(gen.PermanentMacAddress, g_Mac);
	ETH_COPY_NETWORK_ADDRESS(gen.CurrentMacAddress, g_Mac);
	status = NdisMSetMiniportAttributes(a->AdapterHandle,
		(PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	return status;
}

static NDIS_STATUS
RsTimer(PRS_ADAPTER a, PNDIS_TIMER_FUNCTION Function, PNDIS_HANDLE Timer)
{
	NDIS_TIMER_CHARACTERISTICS t;

	NdisZeroMemory(&t, sizeof(t));
	t.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	t.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	t.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	t.AllocationTag = RS_TAG;
	t.TimerFunction = Function;
	t.FunctionContext = a;
	return NdisAllocateTimerObject(a->AdapterHandle, &t, Timer);
}

_Use_decl_annotations_
NDIS_STATUS
RsInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PRS_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(RS_ADAPTER);
	a = (PRS_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a),
							   RS_TAG, NormalPoolPriority);
	if (a == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&a->Lock);
	status = RsSetAttributes(a);
	if (status == NDIS_STATUS_SUCCESS) {
		a->WorkItem = NdisAllocateIoWorkItem(MiniportAdapterHandle);
		status = a->WorkItem != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
	}
	if (status == NDIS_STATUS_SUCCESS)
		status = RsTimer(a, RsTxTimer, &a->TxTimer);
	if (status == NDIS_STATUS_SUCCESS)
		status = RsTimer(a, RsResetTimer, &a->ResetTimer);
	if (status != NDIS_STATUS_SUCCESS) {
		if (a->TxTimer != NULL)
			NdisFreeTimerObject(a->TxTimer);
		if (a->WorkItem != NULL)
			NdisFreeIoWorkItem(a->WorkItem);
		NdisFreeSpinLock(&a->Lock);
		NdisFreeMemory(a, 0, 0);
	}
	return status;
}

_Use_decl_annotations_
NDIS_STATUS
RsRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;
	LARGE_INTEGER due;

	UNREFERENCED_PARAMETER(RestartParameters);
	due.QuadPart = -10000;
	NdisSetTimerObject(a->TxTimer, due, 1, a);   /* every 1 ms, like a device */
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
RsPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(PauseParameters);
	NdisCancelTimerObject(a->TxTimer);
	RsCompleteHeld(a);   /* nothing stays with a paused miniport */
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RsHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PRS_ADAPTER a = (PRS_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(a->Held == NULL && !a->ResetInProgress);
	/* every addressing reset brought the filter and the list again */
	CONF_CHECK(a->FilterSetsAfterReset == a->MulticastSetsAfterReset);
	NdisCancelTimerObject(a->TxTimer);
	NdisCancelTimerObject(a->ResetTimer);
	NdisFreeTimerObject(a->TxTimer);
	NdisFreeTimerObject(a->ResetTimer);
	NdisFreeIoWorkItem(a->WorkItem);
	NdisFreeSpinLock(&a->Lock);
	NdisFreeMemory(a, 0, 0);
}

_Use_decl_annotations_
VOID
RsReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ReturnFlags);
	CONF_CHECK(NetBufferLists == NULL);   /* it never indicates any */
}

_Use_decl_annotations_
VOID RsCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID RsPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID RsShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID RsCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID
RsUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;

	NdisZeroMemory(&c, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	c.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	c.MajorDriverVersion = 1;
	c.InitializeHandlerEx = RsInitialize;
	c.HaltHandlerEx = RsHalt;
	c.UnloadHandler = RsUnload;
	c.PauseHandler = RsPause;
	c.RestartHandler = RsRestart;
	c.OidRequestHandler = RsOidRequest;
	c.SendNetBufferListsHandler = RsSend;
	c.ReturnNetBufferListsHandler = RsReturn;
	c.CancelSendHandler = RsCancelSend;
	c.DevicePnPEventNotifyHandler = RsPnpEvent;
	c.ShutdownHandlerEx = RsShutdown;
	c.CancelOidRequestHandler = RsCancelOid;
	c.CheckForHangHandlerEx = RsCheckForHang;
	c.ResetHandlerEx = RsReset;
	CONF_CHECK(NDIS_MINIPORT_MINOR_VERSION == 30 && NDIS_SUPPORT_NDIS630 == 1);
	CONF_CHECK(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 == 152);
	NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(RS_ADAPTER);
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &g_DriverHandle);
}
