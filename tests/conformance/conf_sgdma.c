/*
 * conf_sgdma.c — conformance miniport: the scatter/gather DMA patterns of
 * production NDIS 6.20 drivers, written only against the public WDK docs.
 *
 * Configuration keywords choose the registration variant (as a vendor's
 * INF would): ConfDescRevision 1|2, ConfDescSize 0 (NDIS_SIZEOF_..._REVISION_n)
 * or 1 (sizeof(NDIS_SG_DMA_DESCRIPTION)), DmaBits 32|64, ConfProbeRevision 1
 * (first try an unsupported description revision: documented
 * NDIS_STATUS_BAD_VERSION).  Init registers, takes its rings from shared memory and preallocates one SG
 * list buffer of ScatterGatherListSize bytes per TX slot.  The send path
 * maps each NET_BUFFER under the TX spin lock at DISPATCH_LEVEL; the
 * MiniportProcessSGList callback checks the list (it starts at the start
 * of CurrentMdl and covers CurrentMdlOffset + DataLength bytes) and skips
 * CurrentMdlOffset into it as production drivers do; a timer DPC plays
 * "transmit complete", frees the lists and completes the NBLs.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS620_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"
#include "conf_layout.h"

#define SG_TAG            'tseT'
#define SG_TX_SLOTS       256
#define SG_MAX_MAPPING    (64 * 1024)
#define SG_DESC_BYTES     16
#define SG_RING_BYTES     (SG_TX_SLOTS * 8 * SG_DESC_BYTES)
#define SG_ASYNC_BYTES    (3 * PAGE_SIZE)
#define SG_MTU            1500
#define SG_4G             0x100000000ULL

typedef struct _SG_SHARED {
	ULONG Length;
	PVOID Va;
	NDIS_PHYSICAL_ADDRESS Pa;
} SG_SHARED;

typedef struct _SG_ADAPTER SG_ADAPTER, *PSG_ADAPTER;

/* One transmit slot: a NET_BUFFER being sent and its SG list storage. */
typedef struct _SG_TX_SLOT {
	LIST_ENTRY Link;
	PSG_ADAPTER Adapter;
	PNET_BUFFER_LIST Nbl;
	PNET_BUFFER Nb;
	PSCATTER_GATHER_LIST Sgl;
	PVOID SgBuffer;                 /* ScatterGatherListSize bytes */
} SG_TX_SLOT, *PSG_TX_SLOT;

struct _SG_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE DmaHandle;
	NDIS_HANDLE Timer;
	ULONG DmaBits;
	ULONG DescRevision;
	ULONG DescSizeMode;
	ULONG ProbeRevision;
	ULONG SgListSize;
	SG_SHARED TxRing;
	SG_SHARED StatusBlock;
	SG_SHARED AsyncBlock;
	NDIS_EVENT AsyncDone;
	NDIS_EVENT SelfTestDone;
	PSCATTER_GATHER_LIST SelfTestSgl;
	NDIS_SPIN_LOCK TxLock;          /* free slots, ring producer */
	NDIS_SPIN_LOCK DoneLock;        /* slots the "hardware" finished */
	LIST_ENTRY FreeSlots;
	LIST_ENTRY DoneSlots;
	PSG_TX_SLOT Slots;
	ULONG RingProducer;
	volatile LONG InFlight;
	volatile LONG Pausing;
	volatile LONG Lists;
	volatile LONG Frees;
};

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE SgInitialize;
MINIPORT_HALT SgHalt;
MINIPORT_UNLOAD SgUnload;
MINIPORT_PAUSE SgPause;
MINIPORT_RESTART SgRestart;
MINIPORT_OID_REQUEST SgOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS SgSend;
MINIPORT_RETURN_NET_BUFFER_LISTS SgReturn;
MINIPORT_CANCEL_SEND SgCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY SgPnpEvent;
MINIPORT_SHUTDOWN SgShutdown;
MINIPORT_CANCEL_OID_REQUEST SgCancelOid;
MINIPORT_PROCESS_SG_LIST SgProcessSGList;
MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE SgSharedMemComplete;
NDIS_TIMER_FUNCTION SgTxCompleteTimer;

static NDIS_HANDLE g_DriverHandle;

#include "conf_sgdma_check.h"
#include "conf_sgdma_tx.h"
#include "conf_sgdma_init.h"

_Use_decl_annotations_
VOID
SgSharedMemComplete(NDIS_HANDLE MiniportAdapterContext, PVOID VirtualAddress,
		    PNDIS_PHYSICAL_ADDRESS PhysicalAddress, ULONG Length, PVOID Context)
{
	PSG_ADAPTER a = (PSG_ADAPTER)MiniportAdapterContext;

	/* documented: PASSIVE_LEVEL, the adapter context, our Context */
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(Context == &a->AsyncBlock);
	CONF_CHECK(VirtualAddress != NULL);
	if (VirtualAddress != NULL) {
		CONF_CHECK(Length == SG_ASYNC_BYTES);
		CONF_CHECK(a->DmaBits == 64 ||
			   (ULONG64)PhysicalAddress->QuadPart + Length <= SG_4G);
		NdisZeroMemory(VirtualAddress, Length);
		a->AsyncBlock.Length = Length;
		a->AsyncBlock.Va = VirtualAddress;
		a->AsyncBlock.Pa = *PhysicalAddress;
	}
	NdisSetEvent(&a->AsyncDone);
}

_Use_decl_annotations_
NDIS_STATUS
SgRestart(NDIS_HANDLE MiniportAdapterContext,
	  PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PSG_ADAPTER a = (PSG_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS status;
	KIRQL oldIrql;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	UNREFERENCED_PARAMETER(RestartParameters);
	SgSelfTest(a);
	if (a->AsyncBlock.Va == NULL) {
		/* grow the shared memory at DISPATCH_LEVEL, as from a DPC */
		NdisResetEvent(&a->AsyncDone);
		NDIS_RAISE_IRQL_TO_DISPATCH(&oldIrql);
		CONF_CHECK(oldIrql == PASSIVE_LEVEL);
		status = NdisMAllocateSharedMemoryAsyncEx(a->DmaHandle, SG_ASYNC_BYTES,
							  TRUE, &a->AsyncBlock);
		NDIS_LOWER_IRQL(oldIrql, DISPATCH_LEVEL);
		CONF_CHECK(status == NDIS_STATUS_PENDING);
		if (status == NDIS_STATUS_PENDING) {
			CONF_CHECK(NdisWaitEvent(&a->AsyncDone, 10000));
		}
	}
	InterlockedExchange(&a->Pausing, 0);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
SgPause(NDIS_HANDLE MiniportAdapterContext,
	PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PSG_ADAPTER a = (PSG_ADAPTER)MiniportAdapterContext;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	UNREFERENCED_PARAMETER(PauseParameters);
	InterlockedExchange(&a->Pausing, 1);
	/* Whoever moves Pausing 1 -> 2 with nothing in flight finishes the
	 * pause: this call (SUCCESS) or the TX-complete timer (NdisMPauseComplete). */
	if (InterlockedCompareExchange(&a->InFlight, 0, 0) != 0 ||
	    InterlockedCompareExchange(&a->Pausing, 2, 1) != 1) {
		return NDIS_STATUS_PENDING;
	}
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
SgOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	ULONG need;

	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (OidRequest->RequestType == NdisRequestSetInformation) {
		if (OidRequest->DATA.SET_INFORMATION.Oid != OID_GEN_CURRENT_PACKET_FILTER) {
			return NDIS_STATUS_NOT_SUPPORTED;
		}
		OidRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (OidRequest->DATA.QUERY_INFORMATION.Oid != OID_802_3_CURRENT_ADDRESS &&
	    OidRequest->DATA.QUERY_INFORMATION.Oid != OID_802_3_PERMANENT_ADDRESS) {
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	need = sizeof(mac);
	if (OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength < need) {
		OidRequest->DATA.QUERY_INFORMATION.BytesNeeded = need;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(OidRequest->DATA.QUERY_INFORMATION.InformationBuffer, mac, need);
	OidRequest->DATA.QUERY_INFORMATION.BytesWritten = need;
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
SgReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ReturnFlags);
	CONF_CHECK(NetBufferLists == NULL);
}

_Use_decl_annotations_
VOID
SgCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID
SgPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID
SgShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID
SgCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID
SgUnload(PDRIVER_OBJECT DriverObject)
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

	NdisZeroMemory(&mc, sizeof(mc));
	/* many drivers pass sizeof() rather than NDIS_SIZEOF_..._REVISION_n */
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
	mc.Header.Size = sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS);
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	CONF_CHECK(mc.MajorNdisVersion == 6 && mc.MinorNdisVersion == 20);
	mc.MajorDriverVersion = 3;
	mc.InitializeHandlerEx = SgInitialize;
	mc.HaltHandlerEx = SgHalt;
	mc.UnloadHandler = SgUnload;
	mc.PauseHandler = SgPause;
	mc.RestartHandler = SgRestart;
	mc.OidRequestHandler = SgOidRequest;
	mc.SendNetBufferListsHandler = SgSend;
	mc.ReturnNetBufferListsHandler = SgReturn;
	mc.CancelSendHandler = SgCancelSend;
	mc.DevicePnPEventNotifyHandler = SgPnpEvent;
	mc.ShutdownHandlerEx = SgShutdown;
	mc.CancelOidRequestHandler = SgCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
					   &g_DriverHandle);
}
