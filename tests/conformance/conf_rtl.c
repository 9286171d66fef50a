/*
 * conf_rtl.c — conformance miniport: the run-time library and debug output
 * as the public WDK documentation describes them, written without
 * ndisdma's source: counted strings (RtlInit*, Copy, Equal, Compare,
 * Append, integer and ANSI conversions) and their NDIS names (NdisInit-
 * UnicodeString, NdisEqualString, NdisUpcaseUnicodeString, the NDIS ANSI
 * conversions into the driver's buffers), the adapter's instance name
 * (NdisMQueryAdapterInstanceName, logged with %wZ), <ntstrsafe.h> (truncation with
 * STATUS_BUFFER_OVERFLOW, Microsoft format rules: %lx is 32-bit, %I64x,
 * %wZ, %ws), <ntintsafe.h> (STATUS_INTEGER_OVERFLOW), bitmaps, byte
 * swaps, RtlCompareMemory, Interlocked*, DbgPrint/DbgPrintEx/KdPrint at
 * PASSIVE and DISPATCH, NT_VERIFY and __FUNCTION__ pasted to a literal.
 * MiniportInitializeEx runs the checks; the rest is the smallest NDIS 6
 * lifecycle in front of the virtio-net device (which it leaves alone).
 */
#define NDIS_MINIPORT_DRIVER 1
#define NDIS630_MINIPORT 1
#include <ndis.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>

#include "conf_check.h"

#define RL_TAG 'ltRC'

typedef struct _RL_ADAPTER {
	NDIS_HANDLE AdapterHandle;
	volatile LONG Sends;
} RL_ADAPTER, *PRL_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE RlInitialize;
MINIPORT_HALT RlHalt;
MINIPORT_UNLOAD RlUnload;
MINIPORT_PAUSE RlPause;
MINIPORT_RESTART RlRestart;
MINIPORT_OID_REQUEST RlOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS RlSend;
MINIPORT_RETURN_NET_BUFFER_LISTS RlReturn;
MINIPORT_CANCEL_SEND RlCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY RlPnpEvent;
MINIPORT_SHUTDOWN RlShutdown;
MINIPORT_CANCEL_OID_REQUEST RlCancelOid;

static NDIS_HANDLE g_DriverHandle;
static NDIS_STRING g_JumboKeyword = NDIS_STRING_CONST("*JumboPacket");
static UNICODE_STRING g_Speed = RTL_CONSTANT_STRING(L"*SpeedDuplex");

#define RL_TRACE(Fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, Fmt, __VA_ARGS__)

static VOID
RlCheckCountedStrings(VOID)
{
	UNICODE_STRING s, upper = RTL_CONSTANT_STRING(L"*JUMBOPACKET");
	WCHAR buf[8];
	UNICODE_STRING d = { 0, sizeof(buf), buf };
	ANSI_STRING a;
	UNICODE_STRING w = { 0, 0, NULL };
	ULONG v = 0;

	RtlInitUnicodeString(&s, L"Keyword");
	CONF_CHECK(s.Length == 14 && s.MaximumLength == 16);
	CONF_CHECK(g_JumboKeyword.Length == 24 && g_Speed.Length == 24);
	CONF_CHECK(RtlEqualUnicodeString(&g_JumboKeyword, &upper, TRUE));
	CONF_CHECK(!RtlEqualUnicodeString(&g_JumboKeyword, &upper, FALSE));
	CONF_CHECK(RtlCompareUnicodeString(&g_JumboKeyword, &g_Speed, TRUE) < 0);
	RtlCopyUnicodeString(&d, &s);            /* 7 characters, and a NUL: room for it */
	CONF_CHECK(d.Length == 14 && buf[0] == L'K' && buf[7] == 0);
	RtlCopyUnicodeString(&d, &g_Speed);      /* 12 characters: 8 fit, no NUL */
	CONF_CHECK(d.Length == 16 && buf[7] == L'u');
	d.Length = 0;
	CONF_CHECK(RtlAppendUnicodeToString(&d, L"0x1F") == STATUS_SUCCESS);
	CONF_CHECK(RtlAppendUnicodeToString(&d, L"too long") == STATUS_BUFFER_TOO_SMALL);
	CONF_CHECK(RtlUnicodeStringToInteger(&d, 0, &v) == STATUS_SUCCESS && v == 0x1F);
	CONF_CHECK(RtlIntegerToUnicodeString(9014, 10, &d) == STATUS_SUCCESS && d.Length == 8);
	RtlInitAnsiString(&a, "eth0");
	CONF_CHECK(a.Length == 4 && a.MaximumLength == 5);
	CONF_CHECK(RtlAnsiStringToUnicodeString(&w, &a, TRUE) == STATUS_SUCCESS);
	CONF_CHECK(w.Length == 8 && w.Buffer != NULL && w.Buffer[3] == L'0');
	RtlFreeUnicodeString(&w);
	CONF_CHECK(w.Buffer == NULL);
}

/* The NDIS names of the same routines: conversions into the driver's own
 * buffers, never allocating. */
static VOID
RlCheckNdisStrings(VOID)
{
	NDIS_STRING keyword, upper = NDIS_STRING_CONST("*WAKEONMAGICPACKET");
	WCHAR wbuf[24];
	CHAR cbuf[24];
	NDIS_STRING w = { 0, sizeof(wbuf), wbuf };
	NDIS_ANSI_STRING a = { 0, sizeof(cbuf), cbuf };
	NDIS_ANSI_STRING src;

	NdisInitUnicodeString(&keyword, L"*WakeOnMagicPacket");
	CONF_CHECK(keyword.Length == 36 && keyword.MaximumLength == 38);
	CONF_CHECK(NdisEqualString(&keyword, &upper, TRUE));
	CONF_CHECK(!NdisEqualString(&keyword, &upper, FALSE));
	CONF_CHECK(NdisUpcaseUnicodeString(&w, &keyword) == NDIS_STATUS_SUCCESS);
	CONF_CHECK(w.Buffer == wbuf && NdisEqualString(&w, &upper, FALSE));
	CONF_CHECK(NdisUnicodeStringToAnsiString(&a, &keyword) == NDIS_STATUS_SUCCESS);
	CONF_CHECK(a.Length == 18 && a.Buffer == cbuf && cbuf[1] == 'W');
	RtlInitAnsiString(&src, "*PriorityVLANTag");
	CONF_CHECK(NdisAnsiStringToUnicodeString(&w, &src) == NDIS_STATUS_SUCCESS);
	CONF_CHECK(w.Length == 32 && wbuf[1] == L'P');
	w.MaximumLength = 8;   /* 4 characters of room */
	CONF_CHECK(NdisAnsiStringToUnicodeString(&w, &src) == NDIS_STATUS_BUFFER_OVERFLOW);
	CONF_CHECK(NdisUpcaseUnicodeString(&w, &keyword) == NDIS_STATUS_BUFFER_OVERFLOW);
}

/* The adapter's name, as drivers log it; NDIS allocated it, the driver
 * frees it. */
static VOID
RlLogInstanceName(NDIS_HANDLE MiniportAdapterHandle)
{
	NDIS_STRING name;

	CONF_CHECK(NdisMQueryAdapterInstanceName(&name, MiniportAdapterHandle) ==
		   NDIS_STATUS_SUCCESS);
	CONF_CHECK(name.Buffer != NULL && name.Length > 0 && name.Length < name.MaximumLength);
	if (name.Buffer != NULL) {
		RL_TRACE("adapter %wZ\n", &name);
		NdisFreeMemory(name.Buffer, 0, 0);
	}
}

static VOID
RlCheckSafeStrings(VOID)
{
	CHAR line[48];
	WCHAR wide[16];
	size_t len = 0;
	UNICODE_STRING us = { 0, sizeof(wide), wide };
	NTSTATUS st;

	st = RtlStringCbPrintfA(line, sizeof(line), "%lx %I64x %wZ %ws", 0xFFFFFFFFu,
				0x123456789ull, &g_Speed, L"w");
	CONF_CHECK(st == STATUS_SUCCESS);
	CONF_CHECK(RtlStringCbLengthA(line, sizeof(line), &len) == STATUS_SUCCESS && len == 33);
	CONF_CHECK(RtlStringCchCopyA(line, 4, "truncated") == STATUS_BUFFER_OVERFLOW);
	CONF_CHECK(line[3] == '\0' && line[2] == 'u');
	CONF_CHECK(RtlStringCbPrintfA(line, sizeof(line), __FUNCTION__ ": %d", 7) == STATUS_SUCCESS);
	CONF_CHECK(RtlStringCbLengthA(line, sizeof(line), &len) == STATUS_SUCCESS &&
		   len == sizeof("RlCheckSafeStrings: 7") - 1);
	CONF_CHECK(RtlStringCbCopyW(wide, sizeof(wide), L"nic") == STATUS_SUCCESS);
	CONF_CHECK(RtlStringCbCatW(wide, sizeof(wide), L"0") == STATUS_SUCCESS && wide[3] == L'0');
	CONF_CHECK(RtlUnicodeStringPrintf(&us, L"%s-%u", L"port", 3u) == STATUS_SUCCESS &&
		   us.Length == 12);
}

static VOID
RlCheckIntegersAndBits(VOID)
{
	ULONG sum = 0, bits[2] = { 0, 0 }, start = 0;
	USHORT narrow = 0;
	SIZE_T total = 0;
	RTL_BITMAP map;
	UCHAR x[4] = { 1, 2, 3, 4 }, y[4] = { 1, 2, 9, 4 };
	volatile LONG counter = 0;

	CONF_CHECK(RtlULongAdd(0xFFFFFFF0u, 0x10, &sum) == STATUS_INTEGER_OVERFLOW);
	CONF_CHECK(RtlULongAdd(1, 2, &sum) == STATUS_SUCCESS && sum == 3);
	CONF_CHECK(RtlULongToUShort(70000, &narrow) == STATUS_INTEGER_OVERFLOW);
	CONF_CHECK(RtlSizeTMult(4096, 16, &total) == STATUS_SUCCESS && total == 65536);
	RtlInitializeBitMap(&map, bits, 64);
	RtlClearAllBits(&map);
	RtlSetBits(&map, 0, 5);
	CONF_CHECK(RtlNumberOfSetBits(&map) == 5);
	CONF_CHECK(RtlFindFirstRunClear(&map, &start) == 59 && start == 5);
	CONF_CHECK(RtlTestBit(&map, 4) && !RtlTestBit(&map, 5));
	CONF_CHECK(RtlNumberOfSetBitsUlongPtr(0xF0F0) == 8);
	CONF_CHECK(RtlCompareMemory(x, y, sizeof(x)) == 2);
	CONF_CHECK(RtlUlongByteSwap(0x12345678) == 0x78563412);
	CONF_CHECK(InterlockedIncrement(&counter) == 1 && InterlockedExchangeAdd(&counter, 5) == 1);
	CONF_CHECK(InterlockedCompareExchange(&counter, 0, 6) == 6 && counter == 0);
	CONF_CHECK(NT_VERIFY(counter == 0));
}

static VOID
RlCheckDebugOutput(VOID)
{
	KIRQL irql;

	CONF_CHECK(DbgPrint(__FUNCTION__ ": starting, %d checks so far\n",
			    g_ConfResult.Checks) == STATUS_SUCCESS);
	CONF_CHECK(DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "%s %wZ\n",
			      "keyword", &g_JumboKeyword) == STATUS_SUCCESS);
	RL_TRACE("no arguments\n");
	KdPrint(("KdPrint (%s)\n", "DBG is on by default"));
	NDIS_RAISE_IRQL_TO_DISPATCH(&irql);
	/* narrow conversions only above PASSIVE_LEVEL (the docs' rule) */
	CONF_CHECK(DbgPrint("at DISPATCH_LEVEL: %s %p\n", "fine", (PVOID)&irql) == STATUS_SUCCESS);
	NDIS_LOWER_IRQL(irql, DISPATCH_LEVEL);
}

_Use_decl_annotations_
NDIS_STATUS
RlInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
	     PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
	PRL_ADAPTER a;

	UNREFERENCED_PARAMETER(MiniportDriverContext);
	UNREFERENCED_PARAMETER(MiniportInitParameters);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	RlCheckCountedStrings();
	RlCheckNdisStrings();
	RlLogInstanceName(MiniportAdapterHandle);
	RlCheckSafeStrings();
	RlCheckIntegersAndBits();
	RlCheckDebugOutput();
	a = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a), RL_TAG,
					      NormalPoolPriority);
	if (a == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(a, sizeof(*a));
	a->AdapterHandle = MiniportAdapterHandle;
	NdisZeroMemory(&reg, sizeof(reg));
	reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	reg.MiniportAdapterContext = a;
	reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
	reg.InterfaceType = NdisInterfacePci;
	if (NdisMSetMiniportAttributes(MiniportAdapterHandle,
				       (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg) != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(a, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RlHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	UNREFERENCED_PARAMETER(HaltAction);
	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	NdisFreeMemory(MiniportAdapterContext, 0, 0);
}

_Use_decl_annotations_
VOID
RlUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(g_DriverHandle);
}

_Use_decl_annotations_
NDIS_STATUS
RlPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(PauseParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
RlRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RestartParameters);
	return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
RlOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
	static const UCHAR mac[6] = { 0x02, 0x52, 0x54, 0x4C, 0x00, 0x01 };

	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	if (NdisRequest->RequestType == NdisRequestSetInformation &&
	    NdisRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
	    NdisRequest->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
		NdisRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (NdisRequest->RequestType == NdisRequestQueryInformation &&
	    NdisRequest->DATA.QUERY_INFORMATION.Oid == OID_802_3_CURRENT_ADDRESS &&
	    NdisRequest->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(mac)) {
		NdisMoveMemory(NdisRequest->DATA.QUERY_INFORMATION.InformationBuffer, mac,
			       sizeof(mac));
		NdisRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(mac);
		return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
RlSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PRL_ADAPTER a = (PRL_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST nbl;

	UNREFERENCED_PARAMETER(PortNumber);
	InterlockedIncrement(&a->Sends);
	for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_FAILURE;
	NdisMSendNetBufferListsComplete(a->AdapterHandle, NetBufferLists,
		(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ?
		NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID
RlReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID
RlCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID
RlPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID
RlShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID
RlCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

	CONF_CHECK_IRQL(PASSIVE_LEVEL);
	KdPrint(("DriverEntry %wZ\n", RegistryPath));
	NdisZeroMemory(&mc, sizeof(mc));
	mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	mc.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
	mc.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
	mc.InitializeHandlerEx = RlInitialize;
	mc.HaltHandlerEx = RlHalt;
	mc.UnloadHandler = RlUnload;
	mc.PauseHandler = RlPause;
	mc.RestartHandler = RlRestart;
	mc.OidRequestHandler = RlOidRequest;
	mc.SendNetBufferListsHandler = RlSend;
	mc.ReturnNetBufferListsHandler = RlReturn;
	mc.CancelSendHandler = RlCancelSend;
	mc.DevicePnPEventNotifyHandler = RlPnpEvent;
	mc.ShutdownHandlerEx = RlShutdown;
	mc.CancelOidRequestHandler = RlCancelOid;
	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc, &g_DriverHandle);
}
