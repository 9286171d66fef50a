/*
 * conf_cxx.cpp — conformance miniport written in C++ the way public C++
 * NDIS miniports are: <ndis.h> inside extern "C", an extern "C"
 * DriverEntry, the adapter a class allocated by a class-scope operator new
 * that takes the adapter handle and allocates with the pool tag
 * (NdisAllocateMemoryWithTagPriority) and destroyed by an explicit
 * destructor call before NdisFreeMemoryWithTagPriority, a template
 * allocatable base, placement new with a marker into pool memory,
 * operator new[] for an array of objects, FORCEINLINE members, a virtual
 * function, a lock guard object, a static constructor, SEH and GUID
 * comparison in C++.  Built with -fno-exceptions -fno-rtti by g++ and by
 * clang++ (tests/conformance.cmake) and run by conf_host like the C
 * miniports (generic mode: a virtio-net device, no keywords).
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
extern "C" {
#include <ndis.h>
#include "conf_check.h"
}

#define CX_TAG 'xxCC'
#define CX_ARRAY_TAG 'aaCC'

/* ---- the patterns ------------------------------------------------------------- */

/* Placement new with a marker, so it never collides with <new>'s. */
enum PLACEMENT_NEW_MARKER { PLACEMENT_NEW };
inline void *operator new(size_t, void *Where, PLACEMENT_NEW_MARKER) noexcept
{
	return Where;
}
inline void operator delete(void *, void *, PLACEMENT_NEW_MARKER) noexcept
{
}

/* Objects of T live in NDIS pool memory with Tag. */
template <typename T, ULONG Tag>
class CNdisAllocatable {
public:
	void *operator new(size_t Size, NDIS_HANDLE Handle) noexcept
	{
		return NdisAllocateMemoryWithTagPriority(Handle, (UINT)Size, Tag, NormalPoolPriority);
	}
	void *operator new[](size_t Size, NDIS_HANDLE Handle) noexcept
	{
		return NdisAllocateMemoryWithTagPriority(Handle, (UINT)Size, Tag, NormalPoolPriority);
	}
	/* Freed by Destroy (the handle is needed); these exist for the
	 * compiler's deleting destructor and the failed-constructor path. */
	void operator delete(void *) noexcept {}
	void operator delete(void *, NDIS_HANDLE) noexcept {}
	void operator delete[](void *) noexcept {}
	void operator delete[](void *, NDIS_HANDLE) noexcept {}

	static VOID Destroy(T *Object, NDIS_HANDLE Handle)
	{
		Object->~T();
		NdisFreeMemoryWithTagPriority(Handle, Object, Tag);
	}
};

static LONG g_Constructed;
static LONG g_Destroyed;
static LONG g_StaticInitRan;

/* A namespace-scope object with a constructor: it runs when the .so loads. */
class CStaticInit {
public:
	CStaticInit() { g_StaticInitRan = 1; }
};
static CStaticInit g_StaticInit;

/* Acquires at construction, releases at the end of the scope. */
class CLockGuard {
public:
	explicit CLockGuard(PNDIS_SPIN_LOCK Lock) : m_Lock(Lock) { NdisAcquireSpinLock(m_Lock); }
	~CLockGuard() { NdisReleaseSpinLock(m_Lock); }
	CLockGuard(const CLockGuard &) = delete;
	CLockGuard &operator=(const CLockGuard &) = delete;
private:
	PNDIS_SPIN_LOCK m_Lock;
};

class CCounter {
public:
	CCounter() : m_Value(0) { InterlockedIncrement(&g_Constructed); }
	virtual ~CCounter() { InterlockedIncrement(&g_Destroyed); }
	virtual ULONG Step() const { return 1; }
	FORCEINLINE VOID Add() { m_Value += Step(); }
	FORCEINLINE ULONG Value() const { return m_Value; }
private:
	ULONG m_Value;
};

class CDoubleCounter : public CCounter {
public:
	ULONG Step() const override { return 2; }
};

class CRingIndex {
public:
	explicit CRingIndex(ULONG Size) : m_Size(Size), m_Next(0) {}
	FORCEINLINE ULONG Take() { ULONG i = m_Next; m_Next = (m_Next + 1) % m_Size; return i; }
private:
	ULONG m_Size;
	ULONG m_Next;
};

class CSlot : public CNdisAllocatable<CSlot, CX_ARRAY_TAG> {
public:
	CSlot() : Marker(0x5A5A5A5A) {}
	ULONG Marker;
};

class CAdapter : public CNdisAllocatable<CAdapter, CX_TAG> {
public:
	explicit CAdapter(NDIS_HANDLE Handle) : m_Handle(Handle), m_Ring(4), m_Filter(0)
	{
		NdisAllocateSpinLock(&m_Lock);
		InterlockedIncrement(&g_Constructed);
	}
	~CAdapter()
	{
		NdisFreeSpinLock(&m_Lock);
		InterlockedIncrement(&g_Destroyed);
	}
	NDIS_STATUS SetAttributes();
	VOID CheckPatterns();
	NDIS_STATUS Oid(PNDIS_OID_REQUEST Request);
	FORCEINLINE NDIS_HANDLE Handle() const { return m_Handle; }

private:
	NDIS_HANDLE m_Handle;
	NDIS_SPIN_LOCK m_Lock;
	CRingIndex m_Ring;
	ULONG m_Filter;
};

/* ---- the checks ---------------------------------------------------------------- */

static VOID CheckPlacement(NDIS_HANDLE Handle)
{
	PVOID memory = NdisAllocateMemoryWithTagPriority(Handle, sizeof(CDoubleCounter),
							 CX_TAG, NormalPoolPriority);
	LONG before = g_Destroyed;

	CONF_CHECK(memory != nullptr);
	if (memory == nullptr)
		return;
	CCounter *c = new (memory, PLACEMENT_NEW) CDoubleCounter();
	CONF_CHECK(static_cast<PVOID>(c) == memory);           /* constructed in place */
	c->Add();
	c->Add();
	CONF_CHECK(c->Value() == 4);                           /* virtual Step() == 2 */
	c->~CCounter();                                        /* explicit, virtual */
	CONF_CHECK(g_Destroyed == before + 1);
	NdisFreeMemoryWithTagPriority(Handle, memory, CX_TAG);
}

static VOID CheckArray(NDIS_HANDLE Handle)
{
	CSlot *slots = new (Handle) CSlot[3];
	BOOLEAN all = TRUE;

	CONF_CHECK(slots != nullptr);
	if (slots == nullptr)
		return;
	for (ULONG i = 0; i < 3; i++)
		all = all && slots[i].Marker == 0x5A5A5A5A;
	CONF_CHECK(all);
	for (ULONG i = 0; i < 3; i++)
		slots[i].~CSlot();
	/* operator new[] allocated the block (a cookie may precede the
	 * elements when the type needs one; CSlot has no destructor to run) */
	NdisFreeMemoryWithTagPriority(Handle, static_cast<PVOID>(slots), CX_ARRAY_TAG);
}

static ULONG SehOrder()
{
	ULONG trace = 0;

	__try {
		trace = 1;
		__leave;
	} __finally {
		trace = trace * 10 + (AbnormalTermination() ? 9 : 2);
	}
	return trace;
}

VOID CAdapter::CheckPatterns()
{
	NDIS_STRING name = NDIS_STRING_CONST("Cxx");
	GUID a = { 1, 2, 3, { 4, 5, 6, 7, 8, 9, 10, 11 } }, b = a;

	CONF_CHECK(g_StaticInitRan == 1);
	CONF_CHECK(m_Ring.Take() == 0 && m_Ring.Take() == 1 && m_Ring.Take() == 2 &&
		   m_Ring.Take() == 3 && m_Ring.Take() == 0);
	{
		CLockGuard guard(&m_Lock);
		CONF_CHECK_IRQL(DISPATCH_LEVEL);
	}
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(name.Length == 3 * sizeof(WCHAR) && name.Buffer[1] == L'x');
	CONF_CHECK(sizeof(L"ab") == 3 * sizeof(WCHAR));
	CONF_CHECK(a == b && IsEqualGUID(a, b) && !(a != b));
	b.Data4[7] = 0;
	CONF_CHECK(a != b);
	CONF_CHECK(SehOrder() == 12);
	CheckPlacement(m_Handle);
	CheckArray(m_Handle);
}

NDIS_STATUS CAdapter::SetAttributes()
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
	static const UCHAR mac[6] = { 0x02, 0x43, 0x58, 0x58, 0x00, 0x01 };
	NDIS_STATUS status;

	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = this;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePNPBus;
	status = NdisMSetMiniportAttributes(m_Handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
	if (status != NDIS_STATUS_SUCCESS)
		return status;
	NdisZeroMemory(&gen, sizeof(gen));
	gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	gen.MediaType = NdisMedium802_3;
	gen.PhysicalMediumType = NdisPhysicalMedium802_3;
	gen.MtuSize = 1500;
	gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = 1000000000ULL;
	gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = 1000000000ULL;
	gen.MediaConnectState = MediaConnectStateDisconnected;
	gen.MediaDuplexState = MediaDuplexStateFull;
	gen.LookaheadSize = 1500;
	gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
				     NDIS_PACKET_TYPE_BROADCAST;
	gen.MaxMulticastListSize = 32;
	gen.MacAddressLength = 6;
	NdisMoveMemory(gen.PermanentMacAddress, mac, 6);
	NdisMoveMemory(gen.CurrentMacAddress, mac, 6);
	gen.AccessType = NET_IF_ACCESS_BROADCAST;
	gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	gen.IfType = IF_TYPE_ETHERNET_CSMACD;
	gen.IfConnectorPresent = TRUE;
	return NdisMSetMiniportAttributes(m_Handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

NDIS_STATUS CAdapter::Oid(PNDIS_OID_REQUEST Request)
{
	static const UCHAR mac[6] = { 0x02, 0x43, 0x58, 0x58, 0x00, 0x01 };

	CONF_CHECK_IRQL_MAX(DISPATCH_LEVEL);
	if (Request->RequestType == NdisRequestSetInformation &&
	    Request->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
	    Request->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
		CLockGuard guard(&m_Lock);
		m_Filter = *static_cast<PULONG>(Request->DATA.SET_INFORMATION.InformationBuffer);
		Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (Request->RequestType != NdisRequestQueryInformation ||
	    Request->DATA.QUERY_INFORMATION.Oid != OID_802_3_CURRENT_ADDRESS)
		return NDIS_STATUS_NOT_SUPPORTED;
	if (Request->DATA.QUERY_INFORMATION.InformationBufferLength < sizeof(mac)) {
		Request->DATA.QUERY_INFORMATION.BytesNeeded = sizeof(mac);
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, mac, sizeof(mac));
	Request->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
	return NDIS_STATUS_SUCCESS;
}

/* ---- the miniport's entry points ----------------------------------------------- */

static NDIS_HANDLE g_DriverHandle;

extern "C" {
DRIVER_INITIALIZE DriverEntry;
}
static MINIPORT_INITIALIZE CxInitialize;
static MINIPORT_HALT CxHalt;
static MINIPORT_UNLOAD CxUnload;
static MINIPORT_PAUSE CxPause;
static MINIPORT_RESTART CxRestart;
static MINIPORT_OID_REQUEST CxOidRequest;
static MINIPORT_SEND_NET_BUFFER_LISTS CxSend;
static MINIPORT_RETURN_NET_BUFFER_LISTS CxReturn;
static MINIPORT_CANCEL_SEND CxCancelSend;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY CxPnpEvent;
static MINIPORT_SHUTDOWN CxShutdown;
static MINIPORT_CANCEL_OID_REQUEST CxCancelOid;

static NDIS_STATUS CxInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
				PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CAdapter *adapter = new (MiniportAdapterHandle) CAdapter(MiniportAdapterHandle);
	CONF_CHECK(adapter != nullptr);
	if (adapter == nullptr)
		return NDIS_STATUS_RESOURCES;
	CONF_CHECK(adapter->Handle() == MiniportAdapterHandle);   /* the constructor ran */
	NDIS_STATUS status = adapter->SetAttributes();
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	if (status != NDIS_STATUS_SUCCESS) {
		CAdapter::Destroy(adapter, MiniportAdapterHandle);
		return status;
	}
	adapter->CheckPatterns();
	return NDIS_STATUS_SUCCESS;
}

static VOID CxHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	CAdapter *adapter = static_cast<CAdapter *>(MiniportAdapterContext);
	LONG destroyed = g_Destroyed;

	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CAdapter::Destroy(adapter, adapter->Handle());   /* ~CAdapter, then the pool */
	CONF_CHECK(g_Destroyed == destroyed + 1);
	CONF_CHECK(g_Constructed == g_Destroyed);       /* every object went away */
}

static NDIS_STATUS CxPause(NDIS_HANDLE MiniportAdapterContext,
			   PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS CxRestart(NDIS_HANDLE MiniportAdapterContext,
			     PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS CxOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	return static_cast<CAdapter *>(MiniportAdapterContext)->Oid(OidRequest);
}

static VOID CxSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
		   NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	CAdapter *adapter = static_cast<CAdapter *>(MiniportAdapterContext);

	UNREFERENCED_PARAMETER(PortNumber);
	for (PNET_BUFFER_LIST nbl = NetBufferLists; nbl != nullptr; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_FAILURE;
	NdisMSendNetBufferListsComplete(adapter->Handle(), NetBufferLists,
		NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

static VOID CxReturn(NDIS_HANDLE, PNET_BUFFER_LIST, ULONG) {}
static VOID CxCancelSend(NDIS_HANDLE, PVOID) {}
static VOID CxPnpEvent(NDIS_HANDLE, PNET_DEVICE_PNP_EVENT) {}
static VOID CxShutdown(NDIS_HANDLE, NDIS_SHUTDOWN_ACTION) {}
static VOID CxCancelOid(NDIS_HANDLE, PVOID) {}

static VOID CxUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;
	NDIS_STATUS status;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	CONF_CHECK(DriverObject != nullptr && RegistryPath != nullptr);
	CONF_CHECK(g_StaticInitRan == 1);                /* static constructors ran first */
	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = 6;
	mc.MinorNdisVersion = 30;
	mc.MajorDriverVersion = 1;
	mc.InitializeHandlerEx = CxInitialize;
	mc.HaltHandlerEx = CxHalt;
	mc.UnloadHandler = CxUnload;
	mc.PauseHandler = CxPause;
	mc.RestartHandler = CxRestart;
	mc.OidRequestHandler = CxOidRequest;
	mc.SendNetBufferListsHandler = CxSend;
	mc.ReturnNetBufferListsHandler = CxReturn;
	mc.CancelSendHandler = CxCancelSend;
	mc.DevicePnPEventNotifyHandler = CxPnpEvent;
	mc.ShutdownHandlerEx = CxShutdown;
	mc.CancelOidRequestHandler = CxCancelOid;
	status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, nullptr, &mc,
					     &g_DriverHandle);
	CONF_CHECK(status == NDIS_STATUS_SUCCESS);
	return status;
}
