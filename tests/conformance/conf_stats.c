/*
 * conf_stats.c — conformance miniport: statistics, NBL info and power
 * management as the public NDIS 6 docs describe them, written without
 * ndisdma's source, as an NDIS 6.30 virtual (hardware-less) miniport is.
 *
 * It is a software loopback: a periodic timer (DISPATCH_LEVEL, like a
 * device DPC) takes the sent NBLs and indicates each back as a received NBL
 * over the same MDLs, carrying the sent 802.1Q NBL info and a receive
 * checksum result, and completes the send when the protocol returns the
 * received twin.  It counts every frame by destination class and answers
 * OID_GEN_STATISTICS with all 18 counters valid; its general attributes
 * carry NDIS_PM_CAPABILITIES revision 2.  The checks: the 802.1Q info the
 * protocol set is well formed, the NBL info slots and flags have their
 * documented values, the statistics buffer rules hold.
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>

#include "conf_check.h"

#define ST_TAG 'tsSC'
#define ST_CLASSES 3

typedef struct _ST_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	NDIS_HANDLE RxPool;
	NDIS_HANDLE Timer;
	NDIS_SPIN_LOCK Lock;
	PNET_BUFFER_LIST Queue;        /* sent, not yet looped back (Lock) */
	LONG Outstanding;              /* received twins the protocol holds */
	ULONG Filter;
	NDIS_PM_CAPABILITIES Pm;
	volatile LONG64 OutPkts[ST_CLASSES], OutBytes[ST_CLASSES];
	volatile LONG64 InPkts[ST_CLASSES], InBytes[ST_CLASSES];
	LONG Tagged;
} ST_ADAPTER, *PST_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE StInitialize;
MINIPORT_HALT StHalt;
MINIPORT_UNLOAD StUnload;
MINIPORT_PAUSE StPause;
MINIPORT_RESTART StRestart;
MINIPORT_OID_REQUEST StOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS StSend;
MINIPORT_RETURN_NET_BUFFER_LISTS StReturn;
MINIPORT_CANCEL_SEND StCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY StPnpEvent;
MINIPORT_SHUTDOWN StShutdown;
MINIPORT_CANCEL_OID_REQUEST StCancelOid;
NDIS_TIMER_FUNCTION StLoopback;

static NDIS_HANDLE g_DriverHandle;
static const UCHAR g_Mac[ETH_LENGTH_OF_ADDRESS] = { 0x02, 0x53, 0x54, 0x00, 0x00, 0x01 };

/* The received twin remembers the sent NBL it came from. */
#define ST_TWIN(_Rx) (NET_BUFFER_LIST_MINIPORT_RESERVED(_Rx)[0])

static ULONG
StClassOf(PNET_BUFFER Nb)
{
	UCHAR storage[ETH_LENGTH_OF_ADDRESS];
	PUCHAR dst = (PUCHAR)NdisGetDataBuffer(Nb, ETH_LENGTH_OF_ADDRESS, storage, 1, 0);

	if (dst == NULL || ETH_IS_BROADCAST(dst))
		return 2;
	return ETH_IS_MULTICAST(dst) ? 1 : 0;
}

/* One sent NBL back up as a received one, at DISPATCH_LEVEL. */
static VOID
StLoopOne(PST_ADAPTER a, PNET_BUFFER_LIST Tx)
{
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(Tx);
	ULONG len = NET_BUFFER_DATA_LENGTH(nb), cls = StClassOf(nb);
	NDIS_NET_BUFFER_LIST_8021Q_INFO q;
	NDIS_TCP_IP_CHECKSUM_NET_BUFFER_LIST_INFO csum;
	PNET_BUFFER_LIST rx;

	InterlockedIncrement64(&a->OutPkts[cls]);
	InterlockedExchangeAdd64(&a->OutBytes[cls], len);
	q.Value = NET_BUFFER_LIST_INFO(Tx, Ieee8021QNetBufferListInfo);
	if (q.Value != NULL) {   /* what the docs require of an Ethernet tag */
		CONF_CHECK(q.TagHeader.CanonicalFormatId == 0);
		CONF_CHECK(q.TagHeader.VlanId >= 1 && q.TagHeader.VlanId <= 4094);
		CONF_CHECK(q.TagHeader.Reserved == 0);
		InterlockedIncrement(&a->Tagged);
	}
	rx = NdisAllocateNetBufferAndNetBufferList(a->RxPool, 0, 0, NET_BUFFER_FIRST_MDL(nb),
						   NET_BUFFER_DATA_OFFSET(nb), len);
	if (rx == NULL) {
		NET_BUFFER_LIST_STATUS(Tx) = NDIS_STATUS_RESOURCES;
		NdisMSendNetBufferListsComplete(a->AdapterHandle, Tx,
						NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
		return;
	}
	ST_TWIN(rx) = Tx;
	rx->SourceHandle = a->AdapterHandle;
	NET_BUFFER_LIST_INFO(rx, Ieee8021QNetBufferListInfo) = q.Value;   /* as a NIC strips it */
	csum.Value = NULL;
	csum.Receive.IpChecksumSucceeded = 1;
	NET_BUFFER_LIST_INFO(rx, TcpIpChecksumNetBufferListInfo) = csum.Value;
	NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(rx, 0);
	InterlockedIncrement64(&a->InPkts[cls]);
	InterlockedExchangeAdd64(&a->InBytes[cls], len);
	InterlockedIncrement(&a->Outstanding);
	NdisMIndicateReceiveNetBufferLists(a->AdapterHandle, rx, NDIS_DEFAULT_PORT_NUMBER, 1,
					   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
}

_Use_decl_annotations_
VOID
StLoopback(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
	   PVOID SystemSpecific3)
{
	PST_ADAPTER a = (PST_ADAPTER)FunctionContext;
	PNET_BUFFER_LIST list, next;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	CONF_CHECK_IRQL(DISPATCH_LEVEL);
	NdisDprAcquireSpinLock(&a->Lock);
	list = a->Queue;
	a->Queue = NULL;
	NdisDprReleaseSpinLock(&a->Lock);
	for (; list != NULL; list = next) {
		next = NET_BUFFER_LIST_NEXT_NBL(list);
		NET_BUFFER_LIST_NEXT_NBL(list) = NULL;
		StLoopOne(a, list);
	}
}

_Use_decl_annotations_
VOID
StSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PST_ADAPTER a = (PST_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl, last = NetBufferLists;

	CONF_CHECK(PortNumber == NDIS_DEFAULT_PORT_NUMBER);
	CONF_CHECK((SendFlags & ~(ULONG)(NDIS_SEND_FLAGS_DISPATCH_LEVEL |
					  NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK)) == 0);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
		last = nbl;
	}
	NdisAcquireSpinLock(&a->Lock);
	NET_BUFFER_LIST_NEXT_NBL(last) = a->Queue;   /* order does not matter here */
	a->Queue = NetBufferLists;
	NdisReleaseSpinLock(&a->Lock);
}

_Use_decl_annotations_
VOID
StReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	PST_ADAPTER a = (PST_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST rx, next;

	CONF_CHECK((ReturnFlags & ~(ULONG)NDIS_RETURN_FLAGS_DISPATCH_LEVEL) == 0);
	for (rx = NetBufferLists; rx != NULL; rx = next) {
		PNET_BUFFER_LIST tx = (PNET_BUFFER_LIST)ST_TWIN(rx);

		next = NET_BUFFER_LIST_NEXT_NBL(rx);
		CONF_CHECK(tx != NULL);
		NdisFreeNetBufferList(rx);
		InterlockedDecrement(&a->Outstanding);
		if (tx != NULL) {   /* its bytes are no longer read: the send is done */
			NdisMSendNetBufferListsComplete(a->AdapterHandle, tx,
				NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags) ?
				NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
		}
	}
}

/* OID_GEN_STATISTICS: every counter, all valid (facts: mandatory, all). */
static NDIS_STATUS
StStatistics(PST_ADAPTER a, struct _NDIS_OID_QUERY *q)
{
	NDIS_STATISTICS_INFO s;

	if (q->InformationBufferLength < NDIS_SIZEOF_STATISTICS_INFO_REVISION_1) {
		q->BytesNeeded = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisZeroMemory(&s, sizeof(s));
	s.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	s.Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
	s.Header.Size = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
	s.SupportedStatistics =
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_RCV | NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS | NDIS_STATISTICS_FLAGS_VALID_RCV_ERROR |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_FRAMES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_FRAMES_XMIT | NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_XMIT_ERROR | NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS |
		NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_RCV |
		NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_RCV | NDIS_STATISTICS_FLAGS_VALID_DIRECTED_BYTES_XMIT |
		NDIS_STATISTICS_FLAGS_VALID_MULTICAST_BYTES_XMIT | NDIS_STATISTICS_FLAGS_VALID_BROADCAST_BYTES_XMIT;
	CONF_CHECK(s.SupportedStatistics == 0x003F87FF);
	s.ifHCInUcastPkts = (ULONG64)a->InPkts[0];
	s.ifHCInMulticastPkts = (ULONG64)a->InPkts[1];
	s.ifHCInBroadcastPkts = (ULONG64)a->InPkts[2];
	s.ifHCInUcastOctets = (ULONG64)a->InBytes[0];
	s.ifHCInMulticastOctets = (ULONG64)a->InBytes[1];
	s.ifHCInBroadcastOctets = (ULONG64)a->InBytes[2];
	s.ifHCInOctets = s.ifHCInUcastOctets + s.ifHCInMulticastOctets + s.ifHCInBroadcastOctets;
	s.ifHCOutUcastPkts = (ULONG64)a->OutPkts[0];
	s.ifHCOutMulticastPkts = (ULONG64)a->OutPkts[1];
	s.ifHCOutBroadcastPkts = (ULONG64)a->OutPkts[2];
	s.ifHCOutUcastOctets = (ULONG64)a->OutBytes[0];
	s.ifHCOutMulticastOctets = (ULONG64)a->OutBytes[1];
	s.ifHCOutBroadcastOctets = (ULONG64)a->OutBytes[2];
	s.ifHCOutOctets = s.ifHCOutUcastOctets + s.ifHCOutMulticastOctets + s.ifHCOutBroadcastOctets;
	NdisMoveMemory(q->InformationBuffer, &s, sizeof(s));
	q->BytesWritten = sizeof(s);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
StOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST Request)
{
	PST_ADAPTER a = (PST_ADAPTER)MiniportAdapterContext;
	struct _NDIS_OID_QUERY *q = &Request->DATA.QUERY_INFORMATION;
	struct _NDIS_OID_SET *set = &Request->DATA.SET_INFORMATION;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	if (Request->RequestType == NdisRequestSetInformation) {
		if (set->Oid == OID_GEN_CURRENT_PACKET_FILTER &&
		    set->InformationBufferLength >= sizeof(ULONG)) {
			a->Filter = *(PULONG)set->InformationBuffer;
			set->BytesRead = sizeof(ULONG);
			return NDIS_STATUS_SUCCESS;
		}
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	switch (q->Oid) {
	case OID_GEN_STATISTICS:
		return StStatistics(a, q);
	case OID_802_3_CURRENT_ADDRESS:
		if (q->InformationBufferLength < ETH_LENGTH_OF_ADDRESS) {
			q->BytesNeeded = ETH_LENGTH_OF_ADDRESS;
			return NDIS_STATUS_BUFFER_TOO_SHORT;
		}
		ETH_COPY_NETWORK_ADDRESS(q->InformationBuffer, g_Mac);
		q->BytesWritten = ETH_LENGTH_OF_ADDRESS;
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

static NDIS_STATUS
StSetAttributes(PST_ADAPTER a)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.InterfaceType = NdisInterfaceInternal;
	status = NdisMSetMiniportAttributes(a->AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS)
		return status;

	/* NDIS 6.30: power management capabilities, revision 2 */
	NdisZeroMemory(&a->Pm, sizeof(a->Pm));
	a->Pm.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	a->Pm.Header.Revision = NDIS_PM_CAPABILITIES_REVISION_2;
	a->Pm.Header.Size = NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_2;
	a->Pm.SupportedWoLPacketPatterns = NDIS_PM_WOL_MAGIC_PACKET_SUPPORTED |
					   NDIS_PM_WOL_BITMAP_PATTERN_SUPPORTED;
	a->Pm.NumTotalWoLPatterns = 8;
	a->Pm.MaxWoLPatternSize = 128;
	a->Pm.MaxWoLPatternOffset = 256;
	a->Pm.SupportedProtocolOffloads = NDIS_PM_PROTOCOL_OFFLOAD_ARP_SUPPORTED;
	a->Pm.NumArpOffloadIPv4Addresses = 1;
	a->Pm.MinMagicPacketWakeUp = NdisDeviceStateD3;
	a->Pm.MinPatternWakeUp = NdisDeviceStateD3;
	a->Pm.MinLinkChangeWakeUp = NdisDeviceStateUnspecified;
	a->Pm.SupportedWakeUpEvents = NDIS_PM_WAKE_ON_MEDIA_DISCONNECT_SUPPORTED;
	CONF_CHECK(NDIS_SIZEOF_NDIS_PM_CAPABILITIES_REVISION_1 == 52);
	CONF_CHECK(a->Pm.Header.Size == 60);

	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
	gen.MtuSize = 1500;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = 1000000000ull;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = 1000000000ull;
	gen.MediaConnectState = MediaConnectStateConnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = 1500;
	gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_8021Q_VLAN;
	gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
				     NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_PROMISCUOUS;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	ETH_COPY_NETWORK_ADDRESS(gen.PermanentMacAddress, g_Mac);
	ETH_COPY_NETWORK_ADDRESS(gen.CurrentMacAddress, g_Mac);
	gen.SupportedStatistics = NDIS_STATISTICS_GEN_STATISTICS_SUPPORTED;
	gen.PowerManagementCapabilitiesEx = &a->Pm;
	status = NdisMSetMiniportAttributes(a->AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	return status;
}

_Use_decl_annotations_
NDIS_STATUS
StInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pool;
	NDIS_TIMER_CHARACTERISTICS t;
	PST_ADAPTER a;
	NDIS_STATUS status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(ST_ADAPTER);
	/* documented slot values an NDIS 6.30 driver relies on */
	CONF_CHECK(MaxNetBufferListInfo == 24 && Ieee8021QNetBufferListInfo == 4);
	CONF_CHECK(NetBufferListFilteringInfo == 14 && NetBufferListCancelId == 5);
	CONF_CHECK(sizeof(NDIS_NET_BUFFER_LIST_8021Q_INFO) == sizeof(PVOID));
	CONF_CHECK(NDIS_SIZEOF_STATISTICS_INFO_REVISION_1 == 152);
	a = (PST_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a),
							   ST_TAG, NormalPoolPriority);
	if (a == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&a->Lock);
	status = StSetAttributes(a);
	if (status == NDIS_STATUS_SUCCESS) {
		NdisZeroMemory(&pool, sizeof(pool));
		pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
		pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
		pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
		pool.fAllocateNetBuffer = TRUE;
		pool.PoolTag = ST_TAG;
		a->RxPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &pool);
		status = a->RxPool != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
	}
	if (status == NDIS_STATUS_SUCCESS) {
		NdisZeroMemory(&t, sizeof(t));
		t.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
		t.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
		t.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
		t.AllocationTag = ST_TAG;
		t.TimerFunction = StLoopback;
		t.FunctionContext = a;
		status = NdisAllocateTimerObject(MiniportAdapterHandle, &t, &a->Timer);
	}
	if (status != NDIS_STATUS_SUCCESS) {
		if (a->RxPool != NULL)
			NdisFreeNetBufferListPool(a->RxPool);
		NdisFreeSpinLock(&a->Lock);
		NdisFreeMemory(a, 0, 0);
	}
	return status;
}

_Use_decl_annotations_
NDIS_STATUS
StRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PST_ADAPTER a = (PST_ADAPTER)MiniportAdapterContext;
	LARGE_INTEGER due;

	UNREFERENCED_PARAMETER(RestartParameters);
	due.QuadPart = -10000;
	NdisSetTimerObject(a->Timer, due, 1, a);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
StPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PST_ADAPTER a = (PST_ADAPTER)MiniportAdapterContext;
	KIRQL old;

	UNREFERENCED_PARAMETER(PauseParameters);
	NdisCancelTimerObject(a->Timer);
	NDIS_RAISE_IRQL_TO_DISPATCH(&old);
	StLoopback(NULL, a, NULL, NULL);   /* whatever is queued goes now */
	NDIS_LOWER_IRQL(old, DISPATCH_LEVEL);
	CONF_CHECK(a->Outstanding == 0);   /* the protocol returned every NBL */
	CONF_CHECK(a->Tagged > 0);         /* the protocol did tag frames */
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
StHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PST_ADAPTER a = (PST_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK(a->Queue == NULL);
	NdisCancelTimerObject(a->Timer);
	NdisFreeTimerObject(a->Timer);
	NdisFreeNetBufferListPool(a->RxPool);
	NdisFreeSpinLock(&a->Lock);
	NdisFreeMemory(a, 0, 0);
}

_Use_decl_annotations_
VOID StCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID StPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID StShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID StCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID
StUnload(PDRIVER_OBJECT DriverObject)
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
	c.InitializeHandlerEx = StInitialize;
	c.HaltHandlerEx = StHalt;
	c.UnloadHandler = StUnload;
	c.PauseHandler = StPause;
	c.RestartHandler = StRestart;
	c.OidRequestHandler = StOidRequest;
	c.SendNetBufferListsHandler = StSend;
	c.ReturnNetBufferListsHandler = StReturn;
	c.CancelSendHandler = StCancelSend;
	c.DevicePnPEventNotifyHandler = StPnpEvent;
	c.ShutdownHandlerEx = StShutdown;
	c.CancelOidRequestHandler = StCancelOid;
	CONF_CHECK(NDIS_RECEIVE_FLAGS_RESOURCES == 0x2 && NDIS_RETURN_FLAGS_DISPATCH_LEVEL == 0x1);
	CONF_CHECK(NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS == 0x8000);
	NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(ST_ADAPTER);
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &g_DriverHandle);
}
